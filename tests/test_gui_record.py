"""The offender record window (issue 4): header, every tab, the consultation log, access
history for supervisors only, refusals, and the actions that open the entry forms."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import factories
import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import Engine
from sqlmodel import Session, select

from rsoman.core.rules.dates import format_date, london_today
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.corrections import apply_correction
from rsoman.core.services.offender_record import RiskAssessmentItem
from rsoman.core.services.scan import run_scan
from rsoman.core.store.engine import make_engine, session_scope
from rsoman.core.store.enums import (
    Agency,
    AuditAction,
    BreachKind,
    IntelSource,
    MeetingStatus,
    OrderKind,
    PlanHeading,
    RiskLevel,
    Role,
)
from rsoman.core.store.models import (
    AuditEntry,
    Breach,
    Intelligence,
    MappaAction,
    MappaCase,
    MappaMeeting,
    Offender,
    Order,
    Prohibition,
    RiskManagementPlan,
    Vehicle,
)
from rsoman.gui.forms import FORM_MODULES
from rsoman.gui.record import RecordWindow, open_record
from rsoman.gui.record import window as record_window
from rsoman.gui.record.display import enum_text
from rsoman.gui.record.header import PHOTO_LINES
from rsoman.gui.record.items_model import ITEM_ROLE, Column, ItemsTableModel
from rsoman.gui.record.list_section import ListSection
from rsoman.gui.record.risk_chart import level_history_text, step_points
from rsoman.gui.record.tabs_risk import changes
from rsoman.gui.tasks import TaskRunner

# Words a briefing must quote exactly: odd spacing and line breaks included.
PROHIBITION = "Not to  approach any  child under 16,\nnor loiter within 100 metres of a school."
INTEL_TEXT = (
    "Seen twice near Fictional Primary School gates.\n\n  Reported by a (fictional) parent."
)
PLAN_SUPERVISION = "Fortnightly unannounced home visits by the offender manager."
PLAN_CONTINGENCY = "If he fails to report, arrest for breach and inform MAPPA chair."


# --- a demo database with one offender whose every list has something in it -----------------


def _officer_borough(engine: Engine) -> int:
    borough = actor(engine, "officer").borough_id
    assert borough is not None
    return borough


def _fill(session: Session, offender: Offender) -> None:
    """Add what the demo may not have given this offender (an order, a breach, intelligence, a
    vehicle, MAPPA), a correction, and scan so that it has an open warning."""
    assert offender.id is not None
    today = london_today()
    vehicle = Vehicle(
        offender_id=offender.id, registration_mark="ZZ01TST", make="Fictia", colour="Blue"
    )
    order = Order(
        offender_id=offender.id,
        kind=OrderKind.shpo,
        court="Fictional Crown Court",
        made_on=today - timedelta(days=400),
        starts_on=today - timedelta(days=400),
        reference="TEST-SHPO-1",
    )
    session.add_all([vehicle, order])
    session.flush()
    assert order.id is not None
    session.add(Prohibition(order_id=order.id, position=1, text=PROHIBITION))
    # Found 30 days ago with no action: the action decision is overdue (an open warning).
    session.add(
        Breach(
            offender_id=offender.id,
            kind=BreachKind.order,
            order_id=order.id,
            description="Seen at a children's play area (fictional).",
            found_on=today - timedelta(days=30),
        )
    )
    session.add(
        Intelligence(
            offender_id=offender.id,
            received_on=today - timedelta(days=10),
            source=IntelSource.public,
            text=INTEL_TEXT,
            is_concern=True,
        )
    )
    meeting = MappaMeeting(
        ref="TEST-MAPPA-1",
        borough_id=offender.borough_id,
        level=2,
        held_at=datetime.now(UTC) - timedelta(days=20),
        status=MeetingStatus.held,
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    session.add(
        MappaCase(meeting_id=meeting.id, offender_id=offender.id, summary="Reviewed (test).")
    )
    session.add(
        RiskManagementPlan(
            offender_id=offender.id,
            agreed_on=today - timedelta(days=20),
            meeting_id=meeting.id,
            supervision=PLAN_SUPERVISION,
            monitoring_and_control="Device checks at each visit.",
            interventions_and_treatment="Programme referral.",
            victim_safety_planning="Schools in the ward briefed.",
            contingency=PLAN_CONTINGENCY,
        )
    )
    session.add(
        MappaAction(
            offender_id=offender.id,
            meeting_id=meeting.id,
            heading=PlanHeading.supervision,
            description="Arrange a joint visit with probation.",
            owner_agency=Agency.probation,
            due_on=today + timedelta(days=14),
        )
    )
    session.flush()
    apply_correction(
        session,
        SYSTEM,
        vehicle,
        {"colour": "Green"},
        "colour misread at the roadside",
        object_type="vehicle",
        offender=offender,
        described="vehicle ZZ01TST",
    )
    run_scan(session, SYSTEM)


@pytest.fixture(scope="module")
def record_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("record") / "record.db"
    shutil.copy(demo_file, path)
    engine = make_engine(str(path))
    borough = _officer_borough(engine)
    with session_scope(engine) as session:
        offender = session.exec(
            select(Offender).where(Offender.borough_id == borough).order_by(Offender.ref)
        ).first()
        assert offender is not None
        _fill(session, offender)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def record_engine(record_file: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "record.db"
    shutil.copy(record_file, path)
    engine = make_engine(str(path))
    yield engine
    engine.dispose()


@pytest.fixture
def record_runner(record_engine: Engine) -> Iterator[TaskRunner]:
    r = TaskRunner(record_engine)
    yield r
    r.shutdown()


def filled_ref(engine: Engine) -> str:
    with session_scope(engine) as session:
        ref = session.exec(
            select(Offender.ref)
            .join(Vehicle, Vehicle.offender_id == Offender.id)
            .where(Vehicle.registration_mark == "ZZ01TST")
        ).first()
        assert ref is not None
        return ref


def other_borough_ref(engine: Engine, borough_id: int) -> str:
    with session_scope(engine) as session:
        ref = session.exec(
            select(Offender.ref).where(Offender.borough_id != borough_id).order_by(Offender.ref)
        ).first()
        assert ref is not None
        return ref


def open_window(
    qtbot: Any, engine: Engine, runner: TaskRunner, who: Actor, ref: str, **kw: Any
) -> RecordWindow:
    window = RecordWindow(engine, runner, who, ref, **kw)
    qtbot.addWidget(window)
    window.show()
    return window


def tab_titles(window: RecordWindow) -> list[str]:
    return [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]


def sections(window: RecordWindow) -> dict[str, ListSection[Any]]:
    return {s.title: s for s in window.findChildren(ListSection)}


# --- the window ------------------------------------------------------------------------------


def test_record_opens_with_header_and_every_tab_filled(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    record = window.record
    assert record is not None and window.stack.currentWidget() is window.record_page

    header = window.header
    assert header.name_label.text() == f"{record.surname.upper()}, {record.forenames}"
    assert header.values["dob"].text().startswith(format_date(record.date_of_birth))
    assert record.current_risk_level is not None
    assert header.values["risk"].text() == enum_text(record.current_risk_level)
    assert header.values["ref"].text() == ref
    assert header.values["manager"].text() != ""
    assert ref in window.windowTitle()

    # Every list of this offender has something in it, newest first.
    expected = {
        "Open warnings",
        "Addresses",
        "Vehicles",
        "Risk assessments",
        "Visits",
        "Notifications",
        "Orders",
        "Breaches",
        "Intelligence",
        "Meetings",
        "Risk management plans",
        "Actions",
        "Corrections",
    }
    found = sections(window)
    assert expected <= set(found)
    for title in expected:
        assert found[title].model.rowCount() > 0, f"{title} is empty"
        assert found[title].selected_item() is not None, f"{title}: nothing selected"
    visits = [v.occurred_at or v.planned_for for v in found["Visits"].model.items]
    assert visits == sorted(visits, reverse=True)

    titles = tab_titles(window)
    assert [t.split(" (")[0] for t in titles] == [
        "Summary",
        "Addresses and vehicles",
        "Risk",
        "Visits",
        "Notifications",
        "Orders and prohibitions",
        "Breaches and actions",
        "Intelligence",
        "MAPPA",
        "Corrections",
    ]
    # Officers do not see the access history.
    assert window.access_tab is None

    # Long text is verbatim in the details panes; the plan under its headings.
    found["Orders"].select_row(0)
    assert PROHIBITION in found["Orders"].details.toPlainText()
    found["Intelligence"].select_row(0)
    assert INTEL_TEXT in found["Intelligence"].details.toPlainText()
    plan = window.summary_tab.plan.toPlainText()
    for heading in ("Supervision", "Monitoring and control", "Victim safety planning"):
        assert heading in plan
    assert PLAN_SUPERVISION in plan and PLAN_CONTINGENCY in plan
    # The overdue breach action is an open warning on the summary, with its arithmetic.
    warning = found["Open warnings"].selected_item()
    assert warning.kind == "breach_action_overdue" and warning.subject_ref == ref
    # Only this offender's (the borough has others').
    assert {w.subject_ref for w in found["Open warnings"].model.items} == {ref}
    assert "found" in found["Open warnings"].details.toPlainText()
    facts = window.summary_tab.facts.toPlainText()
    assert "Next home visit due" in facts
    if record.next_visit is not None:
        assert record.next_visit.basis in facts
    # The correction shows what changed, from what, and why.
    correction = found["Corrections"].details.toPlainText()
    assert "Blue" in correction and "Green" in correction
    assert "colour misread at the roadside" in correction


def test_every_consultation_is_logged_with_its_justification(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    officer = actor(record_engine, "officer")
    window = open_window(
        qtbot, record_engine, record_runner, officer, ref, justification="monthly review"
    )
    assert window.record is not None
    window.reload()

    with session_scope(record_engine) as session:
        views = session.exec(
            select(AuditEntry).where(
                AuditEntry.username == "officer",
                AuditEntry.action == AuditAction.consultation,
                AuditEntry.object_key == ref,
            )
        ).all()
    assert len(views) == 2
    assert {v.justification for v in views} == {"monthly review"}


def test_access_history_is_shown_to_supervisors(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    window = open_window(
        qtbot, record_engine, record_runner, actor(record_engine, "supervisor"), ref
    )
    assert window.access_tab is not None
    assert "Access history" in tab_titles(window)
    entries = window.access_tab.entries.model.items
    # This very view is in it, newest first, and the earlier correction too.
    assert entries[0].username == "supervisor" and entries[0].action == "consultation"
    assert any(e.action == "alteration" for e in entries)
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)


def test_an_officer_outside_the_borough_is_refused_and_the_refusal_logged(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    officer = actor(record_engine, "officer")
    assert officer.borough_id is not None
    ref = other_borough_ref(record_engine, officer.borough_id)
    window = open_window(qtbot, record_engine, record_runner, officer, ref)

    assert window.record is None
    assert window.stack.currentWidget() is window.message_page
    message = window.message_label.text()
    assert record_window.NOT_ALLOWED in message and "outside your borough" in message
    assert not window.retry_button.isVisible()
    # Nothing to act on: every entry action is off.
    assert not any(a.isEnabled() for a in window.form_actions.values())
    with session_scope(record_engine) as session:
        refusals = session.exec(
            select(AuditEntry).where(
                AuditEntry.username == "officer", AuditEntry.action == AuditAction.refusal
            )
        ).all()
        consulted = session.exec(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.consultation, AuditEntry.object_key == ref
            )
        ).all()
    assert any(ref in r.summary for r in refusals)
    assert consulted == []


def test_the_record_loads_off_the_gui_thread_showing_loading_meanwhile(
    qtbot: Any, record_engine: Engine
) -> None:
    threaded = TaskRunner(record_engine, serial=False)
    try:
        ref = filled_ref(record_engine)
        window = RecordWindow(record_engine, threaded, actor(record_engine, "officer"), ref)
        qtbot.addWidget(window)
        window.show()
        assert window.stack.currentWidget() is window.loading_label
        assert "Loading" in window.loading_label.text()
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            pass
        assert window.stack.currentWidget() is window.record_page
    finally:
        threaded.shutdown()


def test_a_failed_load_offers_to_try_again(
    qtbot: Any,
    record_engine: Engine,
    record_runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = record_window.load_view

    def broken(*args: Any, **kw: Any) -> Any:
        raise OSError("disk I/O error (test)")

    monkeypatch.setattr(record_window, "load_view", broken)
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    assert window.stack.currentWidget() is window.message_page
    assert "disk I/O error" in window.message_label.text()
    assert window.retry_button.isVisible()

    monkeypatch.setattr(record_window, "load_view", real)
    window.retry_button.click()
    assert window.stack.currentWidget() is window.record_page
    # A later refresh that fails keeps the record on screen and says so.
    monkeypatch.setattr(record_window, "load_view", broken)
    window.reload()
    assert window.stack.currentWidget() is window.record_page
    assert "could not be loaded" in window.statusBar().currentMessage()


def test_an_unknown_reference_says_so(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    window = open_window(
        qtbot, record_engine, record_runner, actor(record_engine, "officer"), "RSO-NOPE"
    )
    assert window.stack.currentWidget() is window.message_page
    assert record_window.NOT_FOUND in window.message_label.text()
    assert "RSO-NOPE" in window.message_label.text()


def test_a_bare_record_reads_sensibly_on_every_tab(
    qtbot: Any, sqlite_engine: Engine, runner: TaskRunner
) -> None:
    """No assessment, address, visit or manager yet (a new registration): every tab says so in
    words instead of failing or showing blanks."""
    with session_scope(sqlite_engine) as session:
        bare = factories.offender(session, risk=None, mappa=None, surname="Emptyfield")
        who = factories.user(session, Role.offender_manager, factories.officer(session))
        ref = bare.ref
    window = open_window(qtbot, sqlite_engine, runner, who, ref)
    assert window.record is not None
    assert window.header.values["risk"].text() == "Not assessed"
    assert window.header.values["manager"].text() == "Unallocated"
    assert window.header.values["home"].text() == "No home address"
    assert window.header.values["mappa"].text() == "Not a MAPPA case"
    assert window.header.photo.text() == "No photograph"
    assert "No assessments recorded." in window.risk_tab.history_label.text()
    for title, section in sections(window).items():
        if title != "Open warnings":
            assert section.model.rowCount() == 0, title
            assert section.details.toPlainText() == section.empty_text, title
    assert "none recorded" in window.summary_tab.plan.toPlainText()


def test_a_window_shown_without_a_reference_kept_stays_open_until_closed(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    officer = actor(record_engine, "officer")
    first = open_record(record_engine, record_runner, officer, ref)
    qtbot.addWidget(first)
    assert first in record_window.open_windows()
    # Opening the same record again brings the same window forward (no second consultation).
    assert open_record(record_engine, record_runner, officer, ref) is first
    first.close()
    assert first not in record_window.open_windows()


# --- actions -----------------------------------------------------------------------------------


def _enabled(window: RecordWindow) -> set[str]:
    return {key for key, action in window.form_actions.items() if action.isEnabled()}


def test_entry_actions_follow_the_role(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    officer = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    enabled = _enabled(officer)
    assert {"visit", "notification", "travel", "breach", "risk_assessment", "intelligence"} <= (
        enabled
    )
    assert {"address", "vehicle", "visit_plan", "plan_visit"} <= enabled
    assert "reallocate" not in enabled
    # The newest breach is selected, so its action can be recorded.
    assert "breach_action" in enabled
    # The visit shortcut works from anywhere in the window.
    assert officer.form_actions["visit"].shortcut().toString() == "Ctrl+Shift+V"
    officer.close()

    supervisor = open_window(
        qtbot, record_engine, record_runner, actor(record_engine, "supervisor"), ref
    )
    assert "reallocate" in _enabled(supervisor)
    supervisor.close()

    manager = open_window(qtbot, record_engine, record_runner, actor(record_engine, "manager"), ref)
    assert manager.record is not None
    assert _enabled(manager) == set()


class _Recorder:
    """Stands in for the forms registry: remembers what was asked for."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def __call__(self, kind: str, context: Any, parent: QWidget) -> QDialog:
        self.calls.append((kind, context))
        return QDialog(parent)


def test_actions_open_forms_for_this_offender_and_a_save_reloads(
    qtbot: Any,
    record_engine: Engine,
    record_runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = _Recorder()
    monkeypatch.setattr(record_window, "open_form", recorder)
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)

    window.form_actions["visit"].trigger()
    kind, context = recorder.calls[-1]
    assert kind == "visit" and context.offender_ref == ref and context.initial == {}
    window.form_actions["plan_visit"].trigger()
    assert recorder.calls[-1][0] == "visit" and recorder.calls[-1][1].initial == {"plan": True}

    breach = sections(window)["Breaches"].selected_item()
    window.form_actions["breach_action"].trigger()
    assert recorder.calls[-1][0] == "breach_action"
    assert recorder.calls[-1][1].initial == {"breach_id": breach.id}

    visits = sections(window)["Visits"]
    planned = [i for i, v in enumerate(visits.model.items) if v.occurred_at is None]
    done = [i for i, v in enumerate(visits.model.items) if v.occurred_at is not None]
    visits.select_row(done[0])
    assert not window.form_actions["visit_outcome"].isEnabled()
    if planned:
        visits.select_row(planned[0])
        window.form_actions["visit_outcome"].trigger()
        assert recorder.calls[-1][1].initial == {
            "planned_visit_id": visits.model.items[planned[0]].id
        }

    # A save reloads the record (a new, logged consultation) and says so.
    with qtbot.waitSignals([window.saved, window.loaded]):
        context.on_saved()
    with session_scope(record_engine) as session:
        views = session.exec(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.consultation, AuditEntry.object_key == ref
            )
        ).all()
    assert len(views) == 2
    for dialog in window.findChildren(QDialog):
        dialog.close()


class _Unsaved(QDialog):
    """A form with unsaved changes whose user chose to keep editing."""

    keep_open = True

    def closeEvent(self, event: Any) -> None:
        if self.keep_open:
            event.ignore()
        else:
            super().closeEvent(event)


def test_closing_the_record_never_drops_a_form_with_unsaved_changes(
    qtbot: Any,
    record_engine: Engine,
    record_runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forms: list[_Unsaved] = []

    def open_unsaved(kind: str, context: Any, parent: QWidget) -> QDialog:
        dialog = _Unsaved(parent)
        dialog.show()
        forms.append(dialog)
        return dialog

    monkeypatch.setattr(record_window, "open_form", open_unsaved)
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    window.form_actions["intelligence"].trigger()
    assert not window.close()
    assert window.isVisible() and forms[0].isVisible()
    forms[0].keep_open = False
    assert window.close()


def test_a_row_copies_as_the_text_shown(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    vehicles = sections(window)["Vehicles"]
    vehicles.select_row(
        next(i for i, v in enumerate(vehicles.model.items) if v.registration_mark == "ZZ01TST")
    )
    vehicles.copy_selected()
    copied = QApplication.clipboard().text()
    assert copied.split("\t")[:4] == ["ZZ01TST", "Fictia", "", "Green"]


def test_a_form_not_in_this_build_is_reported_not_raised(
    qtbot: Any,
    record_engine: Engine,
    record_runner: TaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(FORM_MODULES, "vehicle", "rsoman.gui.forms.no_such_form_module")
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    window.form_actions["vehicle"].trigger()
    assert "not available" in window.statusBar().currentMessage()


def test_the_header_scales_with_the_font(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.font()
    try:
        big = QFont(original)
        big.setPointSizeF(original.pointSizeF() * 2)
        app.setFont(big)
        window = open_window(
            qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref
        )
        photo = window.header.photo
        assert photo.height() == window.header.fontMetrics().height() * PHOTO_LINES
        assert window.risk_tab.chart.minimumHeight() >= window.fontMetrics().height() * 10
    finally:
        app.setFont(original)


# --- the table model and the pure helpers --------------------------------------------------------


def test_items_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    ref = filled_ref(record_engine)
    window = open_window(qtbot, record_engine, record_runner, actor(record_engine, "officer"), ref)
    for title in ("Visits", "Risk assessments", "Orders"):
        model = sections(window)[title].model
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.AscendingOrder)
        qtmodeltester.check(model)
        assert model.data(model.index(0, 0), ITEM_ROLE) is model.item(0)


def test_items_sort_by_value_not_text_with_blanks_last() -> None:
    rows = [
        {"on": date(2026, 2, 10), "n": "b"},
        {"on": None, "n": "a"},
        {"on": date(2026, 3, 9), "n": "c"},
        {"on": date(2025, 12, 1), "n": "d"},
    ]
    model: ItemsTableModel[dict[str, Any]] = ItemsTableModel(
        [Column("On", lambda r: r["on"]), Column("Name", lambda r: r["n"])], rows
    )
    assert model.text(0, 0) == "10 Feb 2026"
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [r["n"] for r in model.items] == ["d", "b", "c", "a"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r["n"] for r in model.items] == ["c", "b", "d", "a"]


def _assessment(id_: int, on: date, level: RiskLevel) -> RiskAssessmentItem:
    return RiskAssessmentItem(
        id=id_,
        assessed_on=on,
        assessor=None,
        level=level,
        static_tool=None,
        static_result=None,
        arms=(),
        next_review_on=None,
        reason=None,
        notes=None,
    )


def test_the_level_history_steps_at_each_change() -> None:
    history = [
        _assessment(2, date(2024, 6, 1), RiskLevel.high),
        _assessment(1, date(2023, 1, 5), RiskLevel.low),
        _assessment(3, date(2025, 3, 3), RiskLevel.high),
    ]
    # The level holds until the next assessment, then to today.
    assert step_points(history, date(2026, 1, 1)) == [
        (date(2023, 1, 5), 0),
        (date(2024, 6, 1), 0),
        (date(2024, 6, 1), 2),
        (date(2025, 3, 3), 2),
        (date(2025, 3, 3), 2),
        (date(2026, 1, 1), 2),
    ]
    # Assessed today: nothing to extend.
    assert step_points(history, date(2025, 3, 3))[-1] == (date(2025, 3, 3), 2)
    assert level_history_text(history) == "Low (5 Jan 2023) → High (1 Jun 2024)"
    assert changes(history) == {1: "First assessment", 2: "Up from Low", 3: "No change"}
    assert level_history_text([]) == "No assessments recorded."


def test_enum_words() -> None:
    assert enum_text(OrderKind.shpo) == "SHPO"
    assert enum_text(Agency.childrens_social_care) == "Children's social care"
    assert enum_text(RiskLevel.very_high) == "Very high"
    assert enum_text("no_reply") == "No reply"
    assert enum_text(None) == ""


# --- corrections -----------------------------------------------------------------------------


def test_a_correction_keeps_the_old_value_and_shows_in_the_corrections_tab(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    officer = actor(record_engine, "officer")
    window = open_window(qtbot, record_engine, record_runner, officer, filled_ref(record_engine))
    qtbot.waitUntil(lambda: window.view is not None)
    vehicles = window.addresses_tab.vehicles
    vehicles.select_row(0)
    action = window.correct_actions["vehicle"]
    assert action.isEnabled()
    old_colour = vehicles.selected_item().colour
    before = len(window.view.corrections)
    form = window.open_correction(vehicles, "vehicle")
    assert form is not None
    form.confirm_discard = lambda: True
    qtbot.waitUntil(lambda: form.body.isEnabled())
    assert form.windowTitle().startswith("Correct")
    colour = form.field("colour")
    colour.setText("Fictional teal")
    # No reason: refused beside the reason field, nothing lost.
    form.submit()
    assert form.problem_text("reason")
    assert colour.text() == "Fictional teal"
    # The entry had no start date: the form does not invent one, the service asks for it.
    assert form.field("from_date").value_or_none() is None
    form.reason_edit.setPlainText("Colour was misread from the notification form")
    form.submit()
    assert "required" in form.problem_text("from_date")
    form.field("from_date").set_value(date(2024, 3, 1))
    form.submit()
    qtbot.waitUntil(lambda: not form.isVisible())
    qtbot.waitUntil(lambda: window.view is not None and len(window.view.corrections) > before)
    revision = window.view.corrections[0]  # newest first
    assert revision.before == {"colour": old_colour, "from_date": None}
    assert revision.after == {"colour": "Fictional teal", "from_date": "2024-03-01"}
    assert "misread" in revision.reason
    assert window.addresses_tab.vehicles.model.items[0].colour == "Fictional teal"


def test_correcting_needs_edit_rights_and_a_recorded_entry(
    qtbot: Any, record_engine: Engine, record_runner: TaskRunner
) -> None:
    manager = actor(record_engine, "manager")
    window = open_window(qtbot, record_engine, record_runner, manager, filled_ref(record_engine))
    qtbot.waitUntil(lambda: window.view is not None)
    window.visits_tab.visits.select_row(0)
    assert not any(a.isEnabled() for a in window.correct_actions.values())
    assert window.open_correction(window.visits_tab.visits, "visit") is None
