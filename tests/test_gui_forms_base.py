"""The form base every data-entry form shares: problems beside their field, nothing typed lost,
unsaved changes never discarded without asking. Exercised through a minimal form over a real
service (planning a visit) on a real database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import QDateTime, Qt
from sqlalchemy import Engine, select
from sqlmodel import Session

from rsoman.core.rules.dates import LONDON
from rsoman.core.services.visits import plan_visit
from rsoman.core.store.engine import session_scope
from rsoman.core.store.models import Offender, Visit
from rsoman.gui.forms import FormContext
from rsoman.gui.forms.base import FormDialog, datetime_edit
from rsoman.gui.tasks import TaskRunner


class PlanForm(FormDialog):
    title = "Plan a visit"
    save_label = "Plan visit"

    def __init__(self, context: FormContext) -> None:
        super().__init__(context)
        self.when = self.add_field("planned_for", "When", datetime_edit())
        self.start_correction()

    def collect(self) -> datetime:
        return self.when.dateTime().toPython().replace(tzinfo=LONDON)

    def save(self, session: Session, value: datetime) -> int:
        assert self.context.offender_ref is not None
        return plan_visit(session, self.context.actor, self.context.offender_ref, planned_for=value)


@pytest.fixture
def offender_ref(demo_engine: Engine) -> str:
    who = actor(demo_engine, "officer")
    from rsoman.core.services.offenders import CaseloadQuery, caseload_ids, caseload_rows

    with session_scope(demo_engine) as session:
        ids = caseload_ids(session, who, CaseloadQuery(scope="mine"))
        return caseload_rows(session, who, ids[:1])[0].ref


def make_form(qtbot, engine: Engine, runner: TaskRunner, ref: str, saved: list[int]) -> PlanForm:
    context = FormContext(
        engine, runner, actor(engine, "officer"), ref, on_saved=lambda: saved.append(1)
    )
    form = PlanForm(context)
    # Teardown closes the form: never block on the real question box.
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    return form


def planned(engine: Engine, ref: str) -> int:
    with session_scope(engine) as session:
        offender_id = session.execute(select(Offender.id).where(Offender.ref == ref)).scalar()
        return len(
            session.execute(
                select(Visit.id).where(
                    Visit.offender_id == offender_id, Visit.occurred_at.is_(None)
                )
            ).all()
        )


def test_a_refusal_shows_beside_its_field_and_keeps_the_value(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, offender_ref: str
) -> None:
    saved: list[int] = []
    form = make_form(qtbot, demo_engine, demo_runner, offender_ref, saved)
    past = QDateTime.currentDateTime().addDays(-3)
    form.when.setDateTime(past)
    before = planned(demo_engine, offender_ref)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "in the past" in form.problem_text("planned_for")
    assert form.isVisible() and not saved
    assert form.when.dateTime() == past
    assert planned(demo_engine, offender_ref) == before
    # Corrected and saved: the problem goes, the entry is stored, the form closes.
    form.when.setDateTime(QDateTime.currentDateTime().addDays(2))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert saved == [1]
    assert not form.isVisible()
    assert planned(demo_engine, offender_ref) == before + 1
    assert isinstance(form.saved_result, int)


def test_closing_with_unsaved_changes_asks_first(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, offender_ref: str
) -> None:
    form = make_form(qtbot, demo_engine, demo_runner, offender_ref, [])
    assert not form.dirty
    form.when.setDateTime(QDateTime.currentDateTime().addDays(5))
    assert form.dirty
    asked: list[int] = []

    def keep_editing() -> bool:
        asked.append(1)
        return False

    form.confirm_discard = keep_editing
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    form.close()
    assert asked == [1, 1] and form.isVisible()
    form.confirm_discard = lambda: True
    form.close()
    assert not form.isVisible()


def test_an_untouched_form_closes_without_asking(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, offender_ref: str
) -> None:
    form = make_form(qtbot, demo_engine, demo_runner, offender_ref, [])

    def must_not_ask() -> bool:
        raise AssertionError("asked about an untouched form")

    form.confirm_discard = must_not_ask
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_refusal_by_permission_is_shown_at_the_top(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, offender_ref: str
) -> None:
    context = FormContext(demo_engine, demo_runner, actor(demo_engine, "manager"), offender_ref)
    form = PlanForm(context)
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    form.when.setDateTime(QDateTime.currentDateTime().addDays(1))
    form.submit()
    assert form.error_label.isVisible()
    assert "not allowed" in form.error_label.text().lower() or "may not" in (
        form.error_label.text().lower()
    )
    assert form.isVisible()
    form.confirm_discard = lambda: True
    form.close()


def test_the_planned_time_is_london_wall_clock(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, offender_ref: str
) -> None:
    form = make_form(qtbot, demo_engine, demo_runner, offender_ref, [])
    when = datetime.now(LONDON).replace(second=0, microsecond=0) + timedelta(days=1)
    form.when.setDateTime(QDateTime(when.date(), when.time()))
    form.submit()
    with session_scope(demo_engine) as session:
        stored = session.get(Visit, form.saved_result)
        assert stored is not None and stored.planned_for == when
