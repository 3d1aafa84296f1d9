"""The acknowledge form: a quick reason (or free text) saved through the service, problems beside
their field, nothing typed lost, and the warning's explanation shown above."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import Engine

from rsoman.core.rules.dates import format_date, london_today
from rsoman.core.services.actor import Actor
from rsoman.core.services.scan import acknowledge, warning_history
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Rank, Role
from rsoman.core.store.models import Warning
from rsoman.core.store.models.warning import WarningState
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.acknowledge import (
    AcknowledgeForm,
    ReasonChoice,
    choice_problems,
    compose_reason,
)
from rsoman.gui.tasks import TaskRunner

EXPLANATION = (
    "Home visit overdue by 12 days: last successful home visit 3 Dec 2025 + 91 days "
    "(risk HIGH, policy v1) = due 4 Mar 2026."
)


@dataclass(frozen=True)
class Setup:
    warning_id: int
    ref: str
    officer: Actor
    reader: Actor


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, surname="Ormerod", forenames="Lin")
        om = f.user(session, Role.offender_manager, me)
        reader = f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di))
        row = f.offender(session, manager=me)
        w = f.warning(session, row, me, EXPLANATION, anchor="home", days_overdue=12)
        assert w.id is not None
        return Setup(w.id, row.ref, om, reader)


def open_ack(
    qtbot: object, engine: Engine, runner: TaskRunner, who: Actor, setup: Setup, saved: list[int]
) -> AcknowledgeForm:
    context = FormContext(
        engine,
        runner,
        who,
        setup.ref,
        on_saved=lambda: saved.append(1),
        initial={"warning_id": setup.warning_id},
    )
    dialog = create_form("acknowledge", context, None)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert isinstance(dialog, AcknowledgeForm)
    # pytest-qt closes the form at teardown: discard what a test left typed, without asking.
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    return dialog


def stored(engine: Engine, warning_id: int) -> tuple[str, str | None]:
    with session_scope(engine) as session:
        w = session.get(Warning, warning_id)
        assert w is not None
        return WarningState(w.state).value, w.acknowledgement_reason


# --- the reason in words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "what", "details", "expected"),
    [
        (ReasonChoice.visit_booked, "", "", "Visit booked for 9 Mar 2026"),
        (ReasonChoice.visit_booked, "", " with DS Ormerod ", "Visit booked for 9 Mar 2026; with DS Ormerod"),  # noqa: E501
        (ReasonChoice.in_custody, "", "", "In custody"),
        (ReasonChoice.in_hospital, "", "admitted 2 Mar", "In hospital; admitted 2 Mar"),
        (ReasonChoice.data_wrong, " visit of 3 Mar not entered ", "", "Data wrong: visit of 3 Mar not entered"),  # noqa: E501
        (ReasonChoice.other, "", "moved to Testshire, pending", "moved to Testshire, pending"),
        (None, "", "spoke to him by phone", "spoke to him by phone"),
        (ReasonChoice.other, "", "   ", ""),
        (None, "", "", ""),
    ],
)  # fmt: skip
def test_the_reason_reads_as_one_sentence(
    choice: ReasonChoice | None, what: str, details: str, expected: str
) -> None:
    reason = compose_reason(choice, visit_date=date(2026, 3, 9), what=what, details=details)
    assert reason == expected


@pytest.mark.parametrize(("offset", "refused"), [(-1, True), (0, False), (1, False)])
def test_a_booked_visit_is_today_or_later(offset: int, refused: bool) -> None:
    today = date(2026, 3, 9)
    problems = choice_problems(
        ReasonChoice.visit_booked, visit_date=today + timedelta(days=offset), what="", today=today
    )
    assert [p.field for p in problems] == (["visit_date"] if refused else [])


# --- the form -----------------------------------------------------------------------------


def test_changing_the_booked_date_picks_visit_booked(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, [])
    assert dialog.choice() is None
    dialog.visit_date.setDate(dialog.visit_date.date().addDays(3))
    assert dialog.choice() == ReasonChoice.visit_booked
    assert dialog.dirty


def test_the_form_shows_the_warning_and_its_explanation_verbatim(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, [])
    assert dialog.explanation.text() == EXPLANATION
    assert setup.ref in dialog.heading.text()
    assert "Home visit overdue" in dialog.heading.text()
    assert dialog.save_button.isEnabled()
    assert dialog.save_button.text() == "Acknowledge"
    assert not dialog.dirty


def test_a_quick_reason_with_details_is_saved_and_kept_in_the_history(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    saved: list[int] = []
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, saved)
    dialog.radios[ReasonChoice.in_custody].click()
    dialog.details.setPlainText("remanded on 2 Mar (fictional)")
    dialog.submit()

    assert saved == [1]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored(sqlite_engine, setup.warning_id) == (
        "acknowledged",
        "In custody; remanded on 2 Mar (fictional)",
    )
    with session_scope(sqlite_engine) as session:
        history = warning_history(session, setup.officer, setup.warning_id)
    assert history[-1]["event"] == "acknowledged"
    assert history[-1]["by"] == setup.officer.username


@pytest.mark.parametrize(("offset", "accepted"), [(-1, False), (0, True), (1, True)])
def test_visit_booked_for_a_date_today_or_later(
    qtbot: object,
    sqlite_engine: Engine,
    runner: TaskRunner,
    setup: Setup,
    offset: int,
    accepted: bool,
) -> None:
    saved: list[int] = []
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, saved)
    day = london_today() + timedelta(days=offset)
    dialog.radios[ReasonChoice.visit_booked].click()
    dialog.visit_date.setDate(QDate(day.year, day.month, day.day))
    dialog.submit()
    if accepted:
        assert saved == [1]
        assert stored(sqlite_engine, setup.warning_id) == (
            "acknowledged",
            f"Visit booked for {format_date(day)}",
        )
    else:
        assert saved == []
        assert "in the past" in dialog.problem_text("visit_date")
        assert dialog.visit_date.date().toPython() == day
        assert stored(sqlite_engine, setup.warning_id) == ("open", None)


def test_data_wrong_needs_to_say_what(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    saved: list[int] = []
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, saved)
    dialog.radios[ReasonChoice.data_wrong].click()
    dialog.details.setPlainText("checked with the PNC")
    dialog.submit()
    assert saved == []
    assert dialog.problem_text("what") == "⚠ Say what is wrong in the record."
    assert dialog.details.toPlainText() == "checked with the PNC"

    dialog.radios[ReasonChoice.other].click()
    # Typing what is wrong picks "Data wrong" again.
    qtbot.keyClicks(dialog.what, "visit of 3 Mar recorded on paper")  # type: ignore[attr-defined]
    assert dialog.choice() == ReasonChoice.data_wrong
    dialog.submit()
    assert saved == [1]
    assert stored(sqlite_engine, setup.warning_id)[1] == (
        "Data wrong: visit of 3 Mar recorded on paper; checked with the PNC"
    )


def test_an_empty_reason_is_refused_by_the_service_beside_the_details(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    saved: list[int] = []
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, saved)
    dialog.radios[ReasonChoice.other].click()
    dialog.details.setPlainText("   ")
    dialog.submit()

    assert saved == []
    assert dialog.problem_text("reason") == "⚠ A reason is required."
    assert dialog.choice() == ReasonChoice.other
    assert dialog.details.toPlainText() == "   "
    assert dialog.save_button.isEnabled()
    assert stored(sqlite_engine, setup.warning_id) == ("open", None)


def test_a_read_only_manager_is_refused_with_a_clear_message(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    saved: list[int] = []
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.reader, setup, saved)
    dialog.radios[ReasonChoice.in_hospital].click()
    dialog.submit()
    assert saved == []
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text() == "A read-only manager may not edit record."
    assert dialog.choice() == ReasonChoice.in_hospital
    assert stored(sqlite_engine, setup.warning_id) == ("open", None)


def test_closing_with_changes_asks_first(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, [])
    dialog.show()
    qtbot.keyClicks(dialog.details, "booked by phone")  # type: ignore[attr-defined]
    assert dialog.dirty
    dialog.confirm_discard = lambda: False  # type: ignore[method-assign]
    dialog.close()
    assert dialog.isVisible()
    assert dialog.details.toPlainText() == "booked by phone"
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    dialog.reject()
    assert not dialog.isVisible()


def test_an_acknowledged_warning_shows_who_answered_and_why(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    with session_scope(sqlite_engine) as session:
        acknowledge(session, setup.officer, setup.warning_id, "In hospital")
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, [])
    assert dialog.status.text().startswith("Already acknowledged by Lin Ormerod (DC): In hospital")
    assert dialog.save_button.isEnabled()


def test_a_resolved_warning_cannot_be_answered(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    with session_scope(sqlite_engine) as session:
        w = session.get(Warning, setup.warning_id)
        assert w is not None
        w.state = WarningState.resolved
        session.add(w)
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, [])
    assert "resolved" in dialog.status.text()
    assert not dialog.save_button.isEnabled()


def test_the_first_choice_has_focus_and_ctrl_s_saves(
    qtbot: object, sqlite_engine: Engine, runner: TaskRunner, setup: Setup
) -> None:
    saved: list[int] = []
    dialog = open_ack(qtbot, sqlite_engine, runner, setup.officer, setup, saved)
    dialog.show()
    qtbot.waitExposed(dialog)  # type: ignore[attr-defined]
    first = dialog.radios[ReasonChoice.visit_booked]
    # The widget that has focus when the window is active (offscreen windows rarely are).
    assert dialog.focusWidget() is first
    dialog.radios[ReasonChoice.in_custody].click()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert saved == [1]
    assert stored(sqlite_engine, setup.warning_id) == ("acknowledged", "In custody")
