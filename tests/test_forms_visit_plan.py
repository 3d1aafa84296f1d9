"""The visit-plan decision form: says what is in force and whether reactive management is open,
authorised by a supervisor, problems beside their fields, corrections kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QDate, Qt
from sqlalchemy import Engine

from rsoman.core.rules.dates import add_years, london_today
from rsoman.core.services.actor import Actor
from rsoman.core.services.corrections import revisions
from rsoman.core.services.offenders import get_record
from rsoman.core.services.visit_plans import VisitPlanInput, record_visit_plan
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import PlanKind, Rank, RiskLevel, Role, TeamRole
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.visit import select_data
from rsoman.gui.forms.visit_plan import VisitPlanForm
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()


@dataclass(frozen=True)
class Setup:
    ref: str
    low_ref: str
    officer: Actor
    supervisor: Actor
    reader: Actor
    sergeant: str


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, surname="Coldharbour")
        ds = f.officer(session, surname="Dunstable", rank=Rank.ds, team_role=TeamRole.supervisor)
        row = f.offender(session, manager=me, risk=RiskLevel.medium)
        settled = f.offender(session, manager=me)
        f.assess(session, settled, RiskLevel.low, on=add_years(TODAY, -4))
        return Setup(
            row.ref,
            settled.ref,
            f.user(session, Role.offender_manager, me),
            f.user(session, Role.supervisor, ds),
            f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
            ds.warrant_number,
        )


def open_plan_form(
    qtbot, engine: Engine, runner: TaskRunner, who: Actor, ref: str, item_id: int | None = None
) -> tuple[VisitPlanForm, list[int]]:
    saved: list[int] = []
    context = FormContext(
        engine, runner, who, ref, on_saved=lambda: saved.append(1), item_id=item_id
    )
    form = create_form("visit_plan", context)
    assert isinstance(form, VisitPlanForm)
    form.confirm_discard = lambda: True  # never a real message box in a test
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form, saved


def save(qtbot, form: VisitPlanForm) -> None:
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_supervisor_sets_an_individual_frequency(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_plan_form(qtbot, sqlite_engine, runner, setup.supervisor, setup.ref)
    assert "In force now: the tariff" in form.heading.text()
    assert "Current risk: MEDIUM" in form.heading.text()
    assert form.authoriser.currentData() == setup.sergeant  # the supervisor authorises
    assert form.focusWidget() is form.kind and not form.dirty
    assert not form.interval.isEnabled()
    select_data(form.kind, PlanKind.individual_frequency)
    assert form.interval.isEnabled() and "up to the LOW tariff (365 days" in form.kind_note.text()
    qtbot.keyClick(form.kind, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.interval
    form.interval.setValue(60)
    qtbot.keyClicks(form.reason, "Settled; agreed at supervision (fictional).")
    save(qtbot, form)
    assert saved == [1] and not form.isVisible()
    with session_scope(sqlite_engine) as session:
        [plan] = get_record(session, setup.supervisor, setup.ref).visit_plans
    assert (plan.kind, plan.interval_days, plan.effective_from) == (
        PlanKind.individual_frequency,
        60,
        TODAY,
    )
    assert "Dunstable" in plan.authorised_by


def test_refusals_beside_their_fields_and_values_kept(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_plan_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    assert form.authoriser.currentData() == ""  # an offender manager must name one
    select_data(form.kind, PlanKind.reactive_management)
    assert form.kind_note.text().startswith("Not open today: the current risk is MEDIUM")
    form.effective_from.setDate(QDate(TODAY + timedelta(days=1)))
    qtbot.keyClicks(form.reason, "Wants it")
    save(qtbot, form)
    assert "current risk is MEDIUM" in form.problem_text("kind")
    assert "in the future" in form.problem_text("effective_from")
    assert "Name the supervisor" in form.problem_text("authorised_by_warrant")
    assert form.isVisible() and saved == []
    assert form.reason.toPlainText() == "Wants it"
    assert form.kind.currentData() == PlanKind.reactive_management


def test_reactive_management_when_open(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_plan_form(qtbot, sqlite_engine, runner, setup.officer, setup.low_ref)
    select_data(form.kind, PlanKind.reactive_management)
    assert form.kind_note.text().startswith("Open: assessed LOW since")
    select_data(form.authoriser, setup.sergeant)
    qtbot.keyClicks(form.reason, "Four years LOW, stable (fictional).")
    save(qtbot, form)
    assert saved == [1]
    with session_scope(sqlite_engine) as session:
        record = get_record(session, setup.officer, setup.low_ref)
    assert record.next_visit is None
    assert record.visit_plans[-1].kind == PlanKind.reactive_management


def test_closing_with_changes_asks(qtbot, sqlite_engine, runner, setup) -> None:
    form, _ = open_plan_form(qtbot, sqlite_engine, runner, setup.supervisor, setup.ref)
    answers: list[bool] = [False]
    form.confirm_discard = lambda: answers[0]
    qtbot.keyClicks(form.reason, "half a thought")
    form.reject()
    assert form.isVisible() and form.reason.toPlainText() == "half a thought"
    answers[0] = True
    form.reject()
    assert not form.isVisible()


def test_correction_keeps_the_old_value(qtbot, sqlite_engine, runner, setup) -> None:
    with session_scope(sqlite_engine) as session:
        decision = record_visit_plan(
            session,
            setup.supervisor,
            setup.ref,
            VisitPlanInput(
                kind=PlanKind.individual_frequency,
                effective_from=TODAY,
                interval_days=90,
                reason="Agreed at supervision.",
            ),
        )
    form, saved = open_plan_form(
        qtbot, sqlite_engine, runner, setup.supervisor, setup.ref, item_id=decision
    )
    assert form.interval.value() == 90 and form.authoriser.currentData() == setup.sergeant
    assert not form.dirty
    form.interval.setValue(45)
    qtbot.keyClicks(form.reason_edit, "Typed 90 for 45")
    save(qtbot, form)
    assert saved == [1]
    with session_scope(sqlite_engine) as session:
        [revision] = revisions(session, setup.supervisor, setup.ref)
    assert revision.object_type == "visit_plan" and revision.object_id == decision
    assert revision.before == {"interval_days": 90} and revision.after == {"interval_days": 45}


def test_a_read_only_manager_is_refused(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_plan_form(qtbot, sqlite_engine, runner, setup.reader, setup.ref)
    assert "read-only manager may not edit record" in form.error_label.text()
    assert not form.save_button.isEnabled()
    form.reject()
    assert saved == []
