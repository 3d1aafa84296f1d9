"""Today, on the demo database: my warnings most urgent first with their explanations, answered
in one click; my planned visits; the last scan; refreshed when the scheduler scans."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QIcon
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, select

from rsoman.core.jobs import ScanSummary
from rsoman.core.rules.dates import LONDON, london_today
from rsoman.core.rules.warnings.findings import SEVERITY_ORDER, Severity
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.scan import WarningRow, run_scan
from rsoman.core.services.today import today_warnings
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import AddressKind, VisitKind, VisitOutcome
from rsoman.core.store.models import Address, Offender, Officer, Visit, VisitOfficer
from rsoman.gui import today_view as tv
from rsoman.gui.forms import FormContext
from rsoman.gui.forms.acknowledge import AcknowledgeForm, ReasonChoice
from rsoman.gui.tasks import TaskRunner
from rsoman.gui.today_view import (
    ITEM_ID_ROLE,
    TodayView,
    last_scan_text,
    planned_when,
)


def scan(engine: Engine, as_of: date | None = None) -> ScanSummary:
    with session_scope(engine) as session:
        result = run_scan(session, SYSTEM, as_of=as_of)
    return ScanSummary.of(result, 0.1)


@pytest.fixture
def scanned(demo_engine: Engine) -> Engine:
    scan(demo_engine)
    return demo_engine


def make_view(qtbot: Any, engine: Engine, runner: TaskRunner, username: str) -> TodayView:
    view = TodayView(engine, runner, actor(engine, username))  # noqa: F405
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def service_rows(engine: Engine, username: str) -> list[WarningRow]:
    with session_scope(engine) as session:
        return today_warnings(session, actor(engine, username)).rows  # noqa: F405


def ids(model: Any) -> list[int]:
    return [model.index(r, 0).data(ITEM_ID_ROLE) for r in range(model.rowCount())]


def select_warning(view: TodayView, predicate: Any) -> WarningRow:
    model = view.warnings_model
    for r in range(model.rowCount()):
        row = model.row_at(r)
        if row is not None and predicate(row):
            view.warnings_view.setCurrentIndex(model.index(r, 0))
            return row
    raise AssertionError("no such warning on Today")


def officer_of(engine: Engine, username: str) -> Officer:
    who = actor(engine, username)  # noqa: F405
    with session_scope(engine) as session:
        found = session.get(Officer, who.officer_id)
        assert found is not None
        session.expunge(found)
        return found


def plan_at(engine: Engine, ref: str, at: datetime, officer_id: int | None = None) -> int:
    """A planned visit stored as the visit form would (planned_for set, not yet recorded)."""
    with session_scope(engine) as session:
        offender_id = session.execute(select(Offender.id).where(Offender.ref == ref)).scalar_one()
        visit = Visit(offender_id=offender_id, kind=VisitKind.home_visit, planned_for=at)
        session.add(visit)
        session.flush()
        if officer_id is not None:
            session.add(VisitOfficer(visit_id=visit.id, officer_id=officer_id))
        assert visit.id is not None
        return visit.id


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, FormContext]]]:
    """Forms Today asks to open (kind, context), without opening them."""
    calls: list[tuple[str, FormContext]] = []

    def fake_open(kind: str, context: FormContext, parent: Any = None) -> None:
        calls.append((kind, context))

    monkeypatch.setattr(tv, "open_form", fake_open)
    monkeypatch.setattr(tv, "visit_form_available", lambda: True)
    yield calls


# --- what the officer sees ----------------------------------------------------------------


def test_the_officer_sees_own_warnings_most_urgent_first_with_explanations(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "officer")
    expected = service_rows(scanned, "officer")
    assert expected, "the demo officer should have warnings"
    assert ids(view.warnings_model) == [r.id for r in expected]
    ranks = [SEVERITY_ORDER[Severity(r.severity)] for r in expected]
    assert ranks == sorted(ranks, reverse=True)
    me = officer_of(scanned, "officer")
    assert all(r.owner_warrant == me.warrant_number for r in expected)

    # Severity as words and an icon; the most urgent is selected, its explanation verbatim.
    first = view.warnings_model.index(0, 0)
    assert first.data() == tv.SEVERITY_LABELS[expected[0].severity]
    assert isinstance(first.data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert view.selected_warning() == expected[0]
    assert view.detail_explanation.text() == expected[0].explanation
    assert view.detail_explanation.wordWrap()
    assert view.warnings_heading.text().startswith("<b>Your warnings</b>")
    assert view.scan_label.text().startswith("Last scan: ")
    noun = "warning" if len(expected) == 1 else "warnings"  # the demo's count moves with the day
    assert view.scan_label.text().endswith(f"today, {len(expected)} {noun}")


def test_the_models_pass_the_model_tester(
    qtbot: Any, qtmodeltester: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "officer")
    ref = service_rows(scanned, "officer")[0].subject_ref
    today = london_today()
    plan_at(scanned, ref, datetime.combine(today, time(0, 1), tzinfo=LONDON))
    plan_at(scanned, ref, datetime.combine(today + timedelta(days=2), time(10), tzinfo=LONDON))
    view.refresh()
    assert view.today_model.rowCount() >= 1 and view.week_model.rowCount() >= 1
    for model in (view.warnings_model, view.today_model, view.week_model):
        qtmodeltester.check(model, force_py=True)


def test_planned_visits_today_and_the_rest_of_the_week(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    # An offender the officer manages: their planned visits are the officer's.
    ref = service_rows(scanned, "officer")[0].subject_ref
    today = london_today()
    early = plan_at(scanned, ref, datetime.combine(today, time(0, 0), tzinfo=LONDON))
    last = plan_at(
        scanned, ref, datetime.combine(today + timedelta(days=6), time(23, 59), tzinfo=LONDON)
    )
    beyond = plan_at(
        scanned, ref, datetime.combine(today + timedelta(days=7), time(0, 0), tzinfo=LONDON)
    )
    yesterday = plan_at(
        scanned, ref, datetime.combine(today - timedelta(days=1), time(23, 59), tzinfo=LONDON)
    )
    view = make_view(qtbot, scanned, demo_runner, "officer")

    assert early in ids(view.today_model)
    assert last in ids(view.week_model)
    shown = ids(view.today_model) + ids(view.week_model)
    assert beyond not in shown and yesterday not in shown
    row = view.today_model.index(ids(view.today_model).index(early), 0)
    assert row.data() == "00:00"
    assert view.today_heading.text().startswith("<b>Visits planned today</b>")


# --- acting on a warning ------------------------------------------------------------------


def test_acknowledging_moves_the_warning_to_acknowledged_and_the_supervisor_sees_why(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "officer")
    target = select_warning(view, lambda r: r.state == "open")
    view.acknowledge_action.trigger()
    form = view.last_form
    assert isinstance(form, AcknowledgeForm) and form.isVisible()
    assert form.explanation.text() == target.explanation
    form.radios[ReasonChoice.in_custody].click()
    form.details.setPlainText("remanded, fictional court")
    form.submit()

    assert not form.isVisible()
    answered = view.warnings_model.row_at(view.warnings_model.row_of(target.id))
    assert answered is not None and answered.state == "acknowledged"
    assert view.selected_warning() == answered  # still on the same warning
    assert "In custody; remanded, fictional court" in view.detail_status.text()

    supervisor = make_view(qtbot, scanned, demo_runner, "supervisor")
    model = supervisor.warnings_model
    r = model.row_of(target.id)
    assert r >= 0
    me = officer_of(scanned, "officer")
    status = model.index(r, tv.WarningsModel.COLUMNS.index(("status", "Status"))).data()
    assert status.startswith(f"Acknowledged by {me.forenames} {me.surname} (")
    assert status.endswith(": In custody; remanded, fictional court")


def test_record_visit_opens_the_visit_form_and_a_recorded_visit_clears_its_warning(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner, opened: list[tuple[str, FormContext]]
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "officer")
    target = select_warning(view, lambda r: r.kind == "home_visit_overdue")
    assert view.record_visit_action.isEnabled()
    view.record_visit_action.trigger()
    ((kind, context),) = opened
    assert (kind, context.offender_ref, context.initial) == ("visit", target.subject_ref, {})

    # The form saves the visit; Today then scans the manager's caseload and the warning goes.
    me = officer_of(scanned, "officer")
    with session_scope(scanned) as session:
        offender = session.execute(
            select(Offender).where(Offender.ref == target.subject_ref)
        ).scalar_one()
        home = session.execute(
            select(Address.id).where(
                Address.offender_id == offender.id,
                Address.kind == AddressKind.home,
                Address.valid_to.is_(None),
            )
        ).scalar_one()
        record_visit(
            session,
            actor(scanned, "officer"),  # noqa: F405
            target.subject_ref,
            VisitInput(
                occurred_at=datetime.now(UTC) - timedelta(hours=1),
                outcome=VisitOutcome.successful,
                officer_warrants=(me.warrant_number,),
                address_id=home,
            ),
        )
    with qtbot.waitSignal(view.data_changed, timeout=5000):
        context.on_saved()
    assert target.id not in ids(view.warnings_model)


def test_record_visit_from_a_planned_visit_records_its_outcome(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner, opened: list[tuple[str, FormContext]]
) -> None:
    ref = service_rows(scanned, "officer")[0].subject_ref
    visit_id = plan_at(scanned, ref, datetime.combine(london_today(), time(0, 0), tzinfo=LONDON))
    view = make_view(qtbot, scanned, demo_runner, "officer")
    view.today_view.setCurrentIndex(
        view.today_model.index(ids(view.today_model).index(visit_id), 0)
    )
    view.record_visit_action.trigger()
    ((kind, context),) = opened
    assert (kind, context.offender_ref) == ("visit", ref)
    assert context.initial == {"planned_visit_id": visit_id}


def test_the_actions_follow_the_list_in_focus(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner, opened: list[tuple[str, FormContext]]
) -> None:
    ref = service_rows(scanned, "officer")[0].subject_ref
    visit_id = plan_at(scanned, ref, datetime.combine(london_today(), time(0, 0), tzinfo=LONDON))
    view = make_view(qtbot, scanned, demo_runner, "officer")
    target = select_warning(view, lambda r: r.kind in tv.VISIT_WARNING_KINDS)
    view.today_view.setCurrentIndex(
        view.today_model.index(ids(view.today_model).index(visit_id), 0)
    )
    # Back in the warnings list on the same row: its warning is what the actions act on.
    QApplication.sendEvent(view.warnings_view, QFocusEvent(QEvent.Type.FocusIn))
    view.record_visit_action.trigger()
    QApplication.sendEvent(view.today_view, QFocusEvent(QEvent.Type.FocusIn))
    view.record_visit_action.trigger()
    assert [(c.offender_ref, c.initial) for _k, c in opened] == [
        (target.subject_ref, {}),
        (ref, {"planned_visit_id": visit_id}),
    ]


def test_enter_opens_the_record_of_the_warning_or_planned_visit(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    ref = service_rows(scanned, "officer")[-1].subject_ref
    visit_id = plan_at(scanned, ref, datetime.combine(london_today(), time(0, 0), tzinfo=LONDON))
    view = make_view(qtbot, scanned, demo_runner, "officer")
    target = view.selected_warning()
    assert target is not None
    with qtbot.waitSignal(view.open_record, timeout=1000) as blocker:
        qtbot.keyClick(view.warnings_view, Qt.Key.Key_Return)
    assert blocker.args == [target.subject_ref]

    view.today_view.setCurrentIndex(
        view.today_model.index(ids(view.today_model).index(visit_id), 0)
    )
    with qtbot.waitSignal(view.open_record, timeout=1000) as blocker:
        qtbot.keyClick(view.today_view, Qt.Key.Key_Return)
    assert blocker.args == [ref]


def test_ctrl_k_acknowledges_and_ctrl_shift_v_records_a_visit(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner, opened: list[tuple[str, FormContext]]
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "officer")
    target = select_warning(view, lambda r: r.kind in tv.VISIT_WARNING_KINDS)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
    view.warnings_view.setFocus()
    qtbot.keyClick(view.warnings_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        view.warnings_view,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [(k, c.initial) for k, c in opened] == [
        ("acknowledge", {"warning_id": target.id}),
        ("visit", {}),
    ]


# --- refreshing ---------------------------------------------------------------------------


def test_a_scheduled_scan_refreshes_today(
    qtbot: Any, demo_engine: Engine, demo_runner: TaskRunner
) -> None:
    view = make_view(qtbot, demo_engine, demo_runner, "officer")
    assert view.scan_label.text() == "No scan yet"
    assert view.warnings_model.rowCount() == 0
    assert view.detail_title.text() == "No open warnings"

    summary = scan(demo_engine)
    view.warnings_changed(summary)
    first = ids(view.warnings_model)
    assert first == [r.id for r in service_rows(demo_engine, "officer")] and first
    assert view.scan_label.text().startswith("Last scan: ")

    # A scan months ahead finds more: they appear without a restart.
    view.warnings_changed(scan(demo_engine, as_of=london_today() + timedelta(days=200)))
    later = ids(view.warnings_model)
    assert later == [r.id for r in service_rows(demo_engine, "officer")]
    assert set(later) != set(first)


# --- roles --------------------------------------------------------------------------------


def test_a_read_only_manager_sees_warnings_but_cannot_answer_them(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "manager")
    assert view.warnings_model.rowCount() > 0
    assert not view.acknowledge_action.isEnabled()
    assert not view.record_visit_action.isEnabled()
    assert view.open_record_action.isEnabled()
    view.acknowledge_selected()  # Ctrl+K does nothing rather than open a form bound to fail
    assert view.last_form is None


def test_an_administrator_is_told_why_there_is_nothing(
    qtbot: Any, scanned: Engine, demo_runner: TaskRunner
) -> None:
    view = make_view(qtbot, scanned, demo_runner, "admin")
    assert view.message_label.text() == tv.ADMINISTRATOR_MESSAGE
    assert view.message_label.isVisible()
    assert view.selected_warning() is None
    assert not view.acknowledge_action.isEnabled()
    assert not view.open_record_action.isEnabled()


# --- words --------------------------------------------------------------------------------

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "count", "expected"),
    [
        (None, 0, "No scan yet"),
        (datetime(2026, 3, 3, 7, 0, tzinfo=UTC), 12, "Last scan: 07:00 today, 12 warnings"),
        (datetime(2026, 3, 3, 0, 0, tzinfo=UTC), 1, "Last scan: 00:00 today, 1 warning"),
        (datetime(2026, 3, 2, 23, 59, tzinfo=UTC), 3, "Last scan: 23:59 yesterday, 3 warnings"),
        (datetime(2026, 3, 1, 23, 59, tzinfo=UTC), 3, "Last scan: 23:59 1 Mar 2026, 3 warnings"),
        # In summer the London clock is an hour ahead of UTC.
        (datetime(2026, 6, 1, 6, 0, tzinfo=UTC), 2, "Last scan: 07:00 1 Jun 2026, 2 warnings"),
    ],
)
def test_the_last_scan_in_words(at: datetime | None, count: int, expected: str) -> None:
    assert last_scan_text(at, count, NOW) == expected


def test_a_planned_visit_shows_its_time_today_and_its_day_otherwise() -> None:
    from rsoman.core.services.today import PlannedVisitRow

    def row(at: datetime) -> PlannedVisitRow:
        return PlannedVisitRow(
            1, "RSO-1", "TESTER, Ann", at, "", VisitKind.home_visit, False, None, ""
        )

    today = date(2026, 3, 3)
    assert planned_when(row(datetime(2026, 3, 3, 14, 30, tzinfo=LONDON)), today) == "14:30"
    assert planned_when(row(datetime(2026, 3, 5, 9, 5, tzinfo=LONDON)), today) == "Thu 5 Mar 09:05"
