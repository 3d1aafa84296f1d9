"""The notification and travel forms: saved entries reach the record, refusals show beside their
field with nothing typed lost, dates are explained as they are typed, corrections keep history."""

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
from rsoman.core.services.notifications import NotificationInput, record_notification
from rsoman.core.services.offenders import get_record
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import ChangeType, NotificationKind, Rank, Role
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.notification import NotificationForm, TravelForm, set_combo
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()
NOTICE = CURRENT_POLICY.foreign_travel_notice_days
REF = "RSO-NF"


@pytest.fixture
def people(sqlite_engine: Engine) -> dict[str, str]:
    with session_scope(sqlite_engine) as session:
        om = f.officer(session, surname="Tamblyn", warrant="TESTOM001")
        f.offender(session, ref=REF, manager=om, home="2 Cobble Wynd")
        f.user(session, Role.offender_manager, om, username="nf_officer")
        f.user(
            session,
            Role.read_only_manager,
            f.officer(session, rank=Rank.di),
            username="nf_manager",
        )
    return {"officer": "nf_officer", "manager": "nf_manager"}


MakeForm = Callable[..., NotificationForm]


@pytest.fixture
def make_form(qtbot, sqlite_engine: Engine, runner: TaskRunner, people) -> MakeForm:
    def make(
        kind: str = "notification", username: str = "nf_officer", item_id: int | None = None
    ) -> NotificationForm:
        saved: list[int] = []
        context = FormContext(
            sqlite_engine,
            runner,
            actor(sqlite_engine, username),
            REF,
            on_saved=lambda: saved.append(1),
            item_id=item_id,
        )
        form = create_form(kind, context)
        assert isinstance(form, NotificationForm)
        form.saved_calls = saved  # type: ignore[attr-defined]
        # Never block on a question when a failed test leaves the form dirty.
        form.confirm_discard = lambda: True
        qtbot.addWidget(form)
        form.show()
        # Shortcuts (Ctrl+S, Esc) reach the active window only.
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        return form

    return make


def notifications(engine: Engine) -> list:
    with session_scope(engine) as session:
        return list(get_record(session, actor(engine, "nf_officer"), REF).notifications)


def save(qtbot, form: QWidget) -> None:
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_record_a_change_of_address(qtbot, make_form, sqlite_engine) -> None:
    form = make_form()
    assert form.focusWidget() is form.kind
    # The signed-in officer received it, unless another is named.
    assert form.received_by.text() == "TESTOM001"
    set_combo(form.kind, NotificationKind.change)
    assert form.change_type.isVisibleTo(form) and not form.destination.isVisibleTo(form)
    set_combo(form.change_type, ChangeType.home_address)
    form.notified_on.setDate(TODAY)
    qtbot.keyClicks(form.event_on, (TODAY - timedelta(days=1)).strftime("%d/%m/%Y"))
    assert "within the 3 days allowed" in form.hint_text()
    qtbot.keyClicks(form.details, "Moved to 1 Wicket Lane (fictional).")
    save(qtbot, form)
    assert not form.isVisible() and form.saved_calls == [1]
    (item,) = notifications(sqlite_engine)
    assert item.kind == NotificationKind.change and item.event_on == TODAY - timedelta(days=1)
    assert item.details == "Moved to 1 Wicket Lane (fictional)."


def test_a_late_change_is_explained_while_typing(qtbot, make_form) -> None:
    form = make_form()
    set_combo(form.kind, NotificationKind.change)
    form.notified_on.setDate(TODAY)
    form.event_on.setText((TODAY - timedelta(days=5)).strftime("%d/%m/%Y"))
    assert "5 days after the change: 2 days late" in form.hint_text()


def test_travel_short_notice_is_explained_and_needs_a_reason(
    qtbot, make_form, sqlite_engine
) -> None:
    form = make_form("travel")
    assert isinstance(form, TravelForm)
    assert form.focusWidget() is form.destination
    assert not form.change_type.isVisibleTo(form) and not form.kind.isVisibleTo(form)
    form.notified_on.setDate(TODAY)
    qtbot.keyClicks(form.destination, "Ruritania (fictional)")
    departure = (TODAY + timedelta(days=NOTICE - 2)).strftime("%d/%m/%Y")
    qtbot.keyClicks(form.departure, departure)
    assert f"{NOTICE - 2} days before departure: less than the {NOTICE} days" in form.hint_text()
    form.return_unknown.setChecked(True)
    save(qtbot, form)
    assert "less than the 7 days required" in form.problem_text("travel_short_notice_reason")
    assert form.isVisible() and notifications(sqlite_engine) == []
    # Nothing typed is lost.
    assert form.destination.text() == "Ruritania (fictional)"
    assert form.departure.text() == departure and form.return_unknown.isChecked()
    qtbot.keyClicks(form.short_reason, "Sudden bereavement abroad (fictional).")
    save(qtbot, form)
    assert not form.isVisible()
    (item,) = notifications(sqlite_engine)
    assert item.kind == NotificationKind.foreign_travel
    assert item.travel_short_notice_reason == "Sudden bereavement abroad (fictional)."


@pytest.mark.parametrize("before", [NOTICE, NOTICE + 1])
def test_travel_with_enough_notice_needs_no_reason(qtbot, make_form, sqlite_engine, before) -> None:
    form = make_form("travel")
    form.notified_on.setDate(TODAY)
    qtbot.keyClicks(form.destination, "Freedonia (fictional)")
    form.departure.setText((TODAY + timedelta(days=before)).strftime("%d/%m/%Y"))
    form.return_on.setText((TODAY + timedelta(days=before + 7)).strftime("%d/%m/%Y"))
    assert f"at least the {NOTICE} days required" in form.hint_text()
    save(qtbot, form)
    assert not form.isVisible()
    assert len(notifications(sqlite_engine)) == 1


def test_every_problem_shows_beside_its_field(qtbot, make_form, sqlite_engine) -> None:
    form = make_form()
    set_combo(form.kind, NotificationKind.change)
    form.event_on.setText("31/02/2026")
    form.received_by.setText("NOSUCH42")
    save(qtbot, form)
    # A date that is not a date is caught before the service is asked.
    assert "not a date of the calendar" in form.problem_text("event_on")
    form.event_on.setText("")
    save(qtbot, form)
    assert "what changed" in form.problem_text("change_type")
    assert "date of the change is required" in form.problem_text("event_on")
    assert "NOSUCH42" in form.problem_text("received_by_warrant")
    assert form.received_by.text() == "NOSUCH42"
    assert notifications(sqlite_engine) == []


def test_closing_with_changes_asks_first(qtbot, make_form) -> None:
    form = make_form()
    assert not form.dirty
    qtbot.keyClicks(form.details, "x")
    answers: list[bool] = []

    def keep_editing() -> bool:
        answers.append(False)
        return False

    form.confirm_discard = keep_editing
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and answers == [False]
    form.confirm_discard = lambda: True
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_correction_keeps_the_old_value(qtbot, make_form, sqlite_engine) -> None:
    with session_scope(sqlite_engine) as session:
        item_id = record_notification(
            session,
            actor(sqlite_engine, "nf_officer"),
            REF,
            NotificationInput(
                kind=NotificationKind.change,
                notified_on=TODAY,
                event_on=TODAY - timedelta(days=2),
                change_type=ChangeType.name,
            ),
        )
    form = make_form(item_id=item_id)
    assert form.windowTitle().startswith("Correct")
    assert form.event_on.value() == TODAY - timedelta(days=2) and not form.dirty
    assert form.received_by.text() == "TESTOM001"
    form.event_on.setText((TODAY - timedelta(days=1)).strftime("%d/%m/%Y"))
    save(qtbot, form)
    assert "Say why" in form.problem_text("reason")
    assert form.reason_edit is not None
    qtbot.keyClicks(form.reason_edit, "Date of the deed poll misread")
    save(qtbot, form)
    assert not form.isVisible()
    with session_scope(sqlite_engine) as session:
        (rev,) = revisions(session, actor(sqlite_engine, "nf_officer"), REF)
    assert rev.before == {"event_on": (TODAY - timedelta(days=2)).isoformat()}


def test_a_read_only_manager_is_refused_by_the_service(qtbot, make_form, sqlite_engine) -> None:
    form = make_form(username="nf_manager")
    set_combo(form.kind, NotificationKind.periodic)
    save(qtbot, form)
    assert form.isVisible()
    assert "read-only manager may not edit record" in form.error_label.text()
    assert notifications(sqlite_engine) == []


def test_fields_follow_the_kind(qtbot, make_form) -> None:
    form = make_form()
    shown = {
        NotificationKind.periodic: set(),
        NotificationKind.change: {"change_type", "event_on"},
        NotificationKind.household_child: {"event_on", "household"},
        NotificationKind.foreign_travel: {"destination", "departure", "short_reason"},
    }
    for kind, fields in shown.items():
        set_combo(form.kind, kind)
        for name in ("change_type", "event_on", "household", "destination", "departure"):
            assert getattr(form, name).isVisibleTo(form) == (name in fields), (kind, name)
    form.confirm_discard = lambda: True


def test_tab_goes_through_the_travel_fields_in_order(qtbot, make_form) -> None:
    form = make_form("travel")
    expected = [
        form.destination,
        form.departure,
        form.return_on,
        form.return_unknown,
        form.notified_on,
        form.short_reason,
        form.received_by,
        form.details,
    ]
    seen = [form.focusWidget()]
    for _ in expected[1:]:
        # Within a date, Tab first steps through day, month and year (Qt's way).
        for _section in range(3):
            qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
            if form.focusWidget() is not seen[-1]:
                break
        seen.append(form.focusWidget())
    assert seen == expected
