"""The intelligence form: a report saved verbatim reaches the record, problems show beside their
field with nothing typed lost, the concern threshold is explained, corrections keep history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import Engine

from rsoman.core.rules.dates import london_today
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.services.corrections import revisions
from rsoman.core.services.intelligence import IntelligenceInput, record_intelligence
from rsoman.core.services.offenders import get_record
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import IntelSource, Rank, Role
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.intelligence import IntelligenceForm
from rsoman.gui.forms.notification import set_combo
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()
THRESHOLD = CURRENT_POLICY.concerns_threshold
REF = "RSO-IF"
REPORT = "Caller: 'seen at the\n  play area gates, 15:10' (fictional)"


@pytest.fixture
def people(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as session:
        om = f.officer(session, surname="Yarcombe")
        f.offender(session, ref=REF, manager=om, home="1 Bramble Yard")
        f.user(session, Role.offender_manager, om, username="if_officer")
        f.user(
            session,
            Role.read_only_manager,
            f.officer(session, rank=Rank.di),
            username="if_manager",
        )


MakeForm = Callable[..., IntelligenceForm]


@pytest.fixture
def make_form(qtbot, sqlite_engine: Engine, runner: TaskRunner, people) -> MakeForm:
    def make(username: str = "if_officer", item_id: int | None = None) -> IntelligenceForm:
        context = FormContext(
            sqlite_engine, runner, actor(sqlite_engine, username), REF, item_id=item_id
        )
        form = create_form("intelligence", context)
        assert isinstance(form, IntelligenceForm)
        # Never block on a question when a failed test leaves the form dirty.
        form.confirm_discard = lambda: True
        qtbot.addWidget(form)
        form.show()
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        return form

    return make


def reports(engine: Engine) -> list:
    with session_scope(engine) as session:
        return list(get_record(session, actor(engine, "if_officer"), REF).intelligence)


def save(qtbot, form: QWidget) -> None:
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def stored(engine: Engine, days_ago: int, concern: bool = True) -> int:
    with session_scope(engine) as session:
        return record_intelligence(
            session,
            actor(engine, "if_officer"),
            REF,
            IntelligenceInput(
                received_on=TODAY - timedelta(days=days_ago),
                source=IntelSource.partner_agency,
                text="Earlier report (fictional).",
                is_concern=concern,
            ),
        )


def test_record_a_report_verbatim(qtbot, make_form, sqlite_engine) -> None:
    form = make_form()
    assert form.focusWidget() is form.received_on
    form.received_on.setDate(TODAY)
    set_combo(form.source, IntelSource.public)
    qtbot.keyClicks(form.source_detail, "Neighbour (fictional)")
    form.text.setPlainText(REPORT)
    form.is_concern.setChecked(True)
    assert "No other concern" in form.hint_text()
    save(qtbot, form)
    assert not form.isVisible()
    (item,) = reports(sqlite_engine)
    assert item.text == REPORT and item.is_concern and item.source == IntelSource.public


def test_the_concern_threshold_is_explained(qtbot, make_form, sqlite_engine) -> None:
    for n in range(THRESHOLD - 1):
        stored(sqlite_engine, days_ago=5 + n)
    stored(sqlite_engine, days_ago=1, concern=False)
    form = make_form()
    form.received_on.setDate(TODAY)
    assert form.hint_text() == ""
    form.is_concern.setChecked(True)
    assert f"{THRESHOLD - 1} other concerns" in form.hint_text()
    assert "is reached" in form.hint_text()
    form.is_concern.setChecked(False)
    assert form.hint_text() == ""


def test_every_problem_shows_beside_its_field(qtbot, make_form, sqlite_engine) -> None:
    form = make_form()
    form.received_on.setDate(TODAY + timedelta(days=1))
    qtbot.keyClicks(form.grading, "C3")
    save(qtbot, form)
    assert "future" in form.problem_text("received_on")
    assert "where it came from" in form.problem_text("source")
    assert "required" in form.problem_text("text")
    assert form.grading.text() == "C3" and form.isVisible()
    assert reports(sqlite_engine) == []


def test_closing_with_changes_asks_first(qtbot, make_form) -> None:
    form = make_form()
    qtbot.keyClicks(form.grading, "A")
    asked: list[int] = []

    def keep_editing() -> bool:
        asked.append(1)
        return False

    form.confirm_discard = keep_editing
    form.close()
    assert form.isVisible() and asked == [1]
    form.confirm_discard = lambda: True
    form.close()
    assert not form.isVisible()


def test_a_correction_keeps_the_original_wording(qtbot, make_form, sqlite_engine) -> None:
    item_id = stored(sqlite_engine, days_ago=3, concern=False)
    form = make_form(item_id=item_id)
    assert form.text.toPlainText() == "Earlier report (fictional)." and not form.dirty
    form.is_concern.setChecked(True)
    assert form.reason_edit is not None
    qtbot.keyClicks(form.reason_edit, "Reviewed with the supervisor: a concern")
    save(qtbot, form)
    assert not form.isVisible()
    with session_scope(sqlite_engine) as session:
        (rev,) = revisions(session, actor(sqlite_engine, "if_officer"), REF)
    assert rev.before == {"is_concern": False}
    assert reports(sqlite_engine)[0].text == "Earlier report (fictional)."


def test_a_read_only_manager_is_refused_by_the_service(qtbot, make_form, sqlite_engine) -> None:
    form = make_form(username="if_manager")
    set_combo(form.source, IntelSource.police)
    form.text.setPlainText("Anything (fictional).")
    save(qtbot, form)
    assert "read-only manager may not edit record" in form.error_label.text()
    assert form.isVisible() and reports(sqlite_engine) == []
