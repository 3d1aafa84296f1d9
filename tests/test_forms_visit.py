"""The visit form: prefilled, typed fast, honest about what counts, never losing what was typed,
correcting with history; and its plan variant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import Qt
from sqlalchemy import Engine

from rsoman.core.rules.dates import LONDON, london_date, london_today
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.corrections import revisions
from rsoman.core.services.offenders import (
    CaseloadQuery,
    caseload_ids,
    caseload_rows,
    get_record,
)
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.services.visits import VisitInput, plan_visit, record_visit
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Rank, RiskLevel, Role, VisitKind, VisitOutcome
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.visit import PlanVisitForm, VisitForm, select_data
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()


@dataclass(frozen=True)
class Setup:
    ref: str
    officer: Actor
    reader: Actor
    my_warrant: str
    colleague: str
    home_id: int
    old_id: int


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, surname="Ashdown")
        colleague = f.officer(session, surname="Brackenbury")
        om = f.user(session, Role.offender_manager, me)
        reader = f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di))
        row = f.offender(session, manager=me, risk=RiskLevel.high)
        old = f.address(session, row, "1 Earlier Close", valid_to=TODAY - timedelta(days=200))
        home = f.address(session, row, "12 Larkspur Mews", valid_from=TODAY - timedelta(days=200))
        f.visit(session, row, TODAY - timedelta(days=120), address_row=home)
        return Setup(
            row.ref,
            om,
            reader,
            me.warrant_number,
            colleague.warrant_number,
            home.id,
            old.id,
        )


def open_visit_form(
    qtbot,
    engine: Engine,
    runner: TaskRunner,
    who: Actor,
    ref: str,
    *,
    item_id: int | None = None,
    **initial: object,
) -> tuple[VisitForm, list[int]]:
    saved: list[int] = []
    context = FormContext(
        engine,
        runner,
        who,
        ref,
        on_saved=lambda: saved.append(1),
        item_id=item_id,
        initial=dict(initial),
    )
    form = create_form("visit", context)
    assert isinstance(form, VisitForm)
    # Never a real message box (it would block the test); tests that ask replace this again.
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    # Offscreen, a shown window is not always made active: shortcuts (Ctrl+S, Esc) need it.
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form, saved


def record(engine: Engine, who: Actor, ref: str):
    with session_scope(engine) as session:
        return get_record(session, who, ref)


def save(qtbot, form: VisitForm) -> None:
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_successful_home_visit_by_keyboard_resolves_the_overdue_warning(
    qtbot, sqlite_engine, runner, setup
) -> None:
    with session_scope(sqlite_engine) as session:
        run_scan(session, SYSTEM)
    with session_scope(sqlite_engine) as session:
        before = {w.kind for w in list_warnings(session, SYSTEM, offender_ref=setup.ref)}
    assert "home_visit_overdue" in before

    form, saved = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    # Prefilled: the home in force, me as first officer, the time now, unannounced.
    assert setup.ref in form.heading.text()
    assert form.address.currentData() == setup.home_id
    assert "(home now)" in form.address.currentText()
    assert form.first_officer.currentData() == setup.my_warrant
    assert form.second_officer.currentData() is None
    assert not form.announced.isChecked()
    assert "(today)" in form.when.words.text()
    assert form.focusWidget() is form.when.edit
    assert not form.dirty

    form.when.edit.clear()
    qtbot.keyClicks(form.when.edit, "yesterday 0930")
    assert form.when.words.text().endswith("09:30 (yesterday)")
    qtbot.keyClick(form.when.edit, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.kind
    select_data(form.second_officer, setup.colleague)
    select_data(form.outcome, VisitOutcome.successful)
    assert form.outcome_note.text().startswith("✓")
    qtbot.keyClicks(form.who_present, "Offender alone")
    qtbot.keyClicks(form.observations, "One phone, no children seen (fictional).")
    save(qtbot, form)
    assert saved == [1] and not form.isVisible()

    rec = record(sqlite_engine, setup.officer, setup.ref)
    visit = rec.visits[-1]
    assert visit.successful_home_visit and visit.address_id == setup.home_id
    assert len(visit.officers) == 2 and not visit.announced
    assert visit.occurred_at.astimezone(LONDON).replace(tzinfo=None) == datetime.combine(
        TODAY - timedelta(days=1), datetime.min.time()
    ).replace(hour=9, minute=30)
    assert visit.observations == "One phone, no children seen (fictional)."
    assert rec.last_successful_home_visit == TODAY - timedelta(days=1)

    with session_scope(sqlite_engine) as session:
        run_scan(session, SYSTEM)
    with session_scope(sqlite_engine) as session:
        after = {w.kind for w in list_warnings(session, SYSTEM, offender_ref=setup.ref)}
    assert "home_visit_overdue" not in after


def test_the_outcome_says_whether_it_counts(qtbot, sqlite_engine, runner, setup) -> None:
    form, _ = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    assert "Only a successful home visit" in form.outcome_note.text()
    select_data(form.outcome, VisitOutcome.no_reply)
    assert form.outcome_note.text().startswith("✗")
    home_outcomes = {form.outcome.itemData(i) for i in range(form.outcome.count())}
    assert VisitOutcome.successful in home_outcomes and VisitOutcome.attended not in home_outcomes
    # A station attendance: no address, "attended" offered, "successful" not; the choice kept.
    select_data(form.kind, VisitKind.station_attendance)
    assert form.address.currentData() is None
    station = {form.outcome.itemData(i) for i in range(form.outcome.count())}
    assert VisitOutcome.attended in station and VisitOutcome.successful not in station
    assert form.outcome.currentData() == VisitOutcome.no_reply
    select_data(form.outcome, VisitOutcome.attended)
    assert form.outcome_note.text().startswith("✗")
    # Back to a home visit: the home address again; attended no longer fits.
    select_data(form.kind, VisitKind.home_visit)
    assert form.address.currentData() == setup.home_id
    assert form.outcome.currentData() is None
    form.confirm_discard = lambda: True


def test_problems_beside_their_fields_and_every_value_kept(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    form.when.edit.setText("31/2 10:00")
    assert form.when.words.text().startswith("Not understood yet")
    qtbot.keyClicks(form.observations, "Notes that must survive.")
    select_data(form.second_officer, setup.my_warrant)
    save(qtbot, form)
    assert "'31/2' is not a date" in form.problem_text("occurred_at")
    assert "same officer" in form.problem_text("second_officer")
    assert form.isVisible() and saved == []

    # Now the service's checks: a time in the future, no outcome, an old address.
    form.when.edit.setText("tomorrow 10:00")
    select_data(form.second_officer, None)
    select_data(form.address, setup.old_id)
    save(qtbot, form)
    assert "in the future" in form.problem_text("occurred_at")
    assert "outcome is required" in form.problem_text("outcome")
    assert form.problem_text("second_officer") == ""
    assert form.isVisible() and saved == []
    assert form.when.edit.text() == "tomorrow 10:00"
    assert form.observations.toPlainText() == "Notes that must survive."
    assert form.address.currentData() == setup.old_id

    # A successful visit at a former address is refused beside the address.
    form.when.edit.setText("today 00:01")
    select_data(form.outcome, VisitOutcome.successful)
    save(qtbot, form)
    assert "must be at" in form.problem_text("address")
    assert form.problem_text("outcome") == ""
    form.confirm_discard = lambda: True


def test_closing_with_changes_asks(qtbot, sqlite_engine, runner, setup) -> None:
    form, _ = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    asked: list[int] = []

    def keep_editing() -> bool:
        asked.append(1)
        return False

    form.confirm_discard = keep_editing
    form.reject()  # nothing typed yet: closes without asking
    assert asked == [] and not form.isVisible()

    form, _ = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    form.confirm_discard = keep_editing
    qtbot.keyClicks(form.observations, "half-typed")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == [1] and form.isVisible()
    assert form.observations.toPlainText() == "half-typed"
    form.close()
    assert asked == [1, 1] and form.isVisible()
    form.confirm_discard = lambda: True
    form.reject()
    assert not form.isVisible()


def test_correction_keeps_the_old_value(qtbot, sqlite_engine, runner, setup) -> None:
    with session_scope(sqlite_engine) as session:
        visit_id = record_visit(
            session,
            setup.officer,
            setup.ref,
            VisitInput(
                occurred_at=datetime.now(LONDON).replace(tzinfo=None) - timedelta(hours=3),
                outcome=VisitOutcome.no_reply,
                officer_warrants=(setup.my_warrant,),
                address_id=setup.home_id,
                observations="Curtains drawn.",
            ),
        )
    form, saved = open_visit_form(
        qtbot, sqlite_engine, runner, setup.officer, setup.ref, item_id=visit_id
    )
    assert form.windowTitle() == "Correct: Record a visit"
    assert form.outcome.currentData() == VisitOutcome.no_reply
    assert form.observations.toPlainText() == "Curtains drawn."
    assert form.first_officer.currentData() == setup.my_warrant
    assert not form.dirty
    select_data(form.outcome, VisitOutcome.successful)
    save(qtbot, form)
    assert "Say why" in form.problem_text("reason") and saved == []
    qtbot.keyClicks(form.reason_edit, "Chose no reply by mistake")
    save(qtbot, form)
    assert saved == [1]
    with session_scope(sqlite_engine) as session:
        [revision] = revisions(session, setup.officer, setup.ref)
    assert revision.object_id == visit_id
    assert revision.before == {"outcome": "no_reply"} and revision.after == {
        "outcome": "successful"
    }
    assert record(sqlite_engine, setup.officer, setup.ref).visits[-1].successful_home_visit


def test_a_read_only_manager_is_refused(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_visit_form(qtbot, sqlite_engine, runner, setup.reader, setup.ref)
    assert form.error_label.isVisibleTo(form)
    assert "read-only manager may not edit record" in form.error_label.text()
    assert not form.save_button.isEnabled()
    save(qtbot, form)
    assert saved == []
    form.reject()


def test_plan_a_visit_then_record_it(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref, plan=True)
    assert isinstance(form, PlanVisitForm) and form.windowTitle() == "Plan a visit"
    assert form.save_button.text() == "Plan visit"
    assert "(tomorrow)" in form.when.words.text()
    assert not form.outcome.isVisibleTo(form)
    form.when.edit.setText("yesterday 10:00")
    save(qtbot, form)
    assert "Is in the past" in form.problem_text("planned_for") and saved == []
    form.when.edit.setText("tomorrow 10:00")
    select_data(form.second_officer, setup.colleague)
    form.announced.setChecked(True)
    save(qtbot, form)
    assert saved == [1]
    planned = record(sqlite_engine, setup.officer, setup.ref).visits[-1]
    assert planned.occurred_at is None and planned.announced
    assert london_date(planned.planned_for) == TODAY + timedelta(days=1)
    assert len(planned.officers) == 2

    # Recording its outcome starts from the plan.
    form, saved = open_visit_form(
        qtbot, sqlite_engine, runner, setup.officer, setup.ref, planned_visit_id=planned.id
    )
    assert form.windowTitle().startswith("Record the planned visit")
    assert form.second_officer.currentData() == setup.colleague
    assert form.announced.isChecked() and form.address.currentData() == setup.home_id
    select_data(form.outcome, VisitOutcome.refused_entry)
    save(qtbot, form)
    assert saved == [1]
    visits = record(sqlite_engine, setup.officer, setup.ref).visits
    done = next(v for v in visits if v.id == planned.id)
    assert done.outcome == VisitOutcome.refused_entry and done.occurred_at is not None


def test_a_planned_visit_already_recorded_is_not_recorded_twice(
    qtbot, sqlite_engine, runner, setup
) -> None:
    with session_scope(sqlite_engine) as session:
        planned = plan_visit(
            session,
            setup.officer,
            setup.ref,
            planned_for=datetime.now(LONDON) + timedelta(days=1),
            address_id=setup.home_id,
        )
    form, _ = open_visit_form(
        qtbot, sqlite_engine, runner, setup.officer, setup.ref, planned_visit_id=planned + 1000
    )
    assert "is not waiting to be recorded" in form.error_label.text()
    assert form.save_button.isEnabled()
    form.reject()


def test_tab_goes_through_the_fields_in_order(qtbot, sqlite_engine, runner, setup) -> None:
    form, _ = open_visit_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    expected = [
        form.kind,
        form.address,
        form.first_officer,
        form.second_officer,
        form.outcome,
        form.announced,
        form.who_present,
        form.observations,
        form.actions,
        form.save_button,
    ]
    seen = []
    for _ in expected:
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        seen.append(form.focusWidget())
    assert seen == expected


def test_on_the_demo_database(qtbot, demo_engine, demo_runner) -> None:
    """The demo officer records a successful visit to one of their offenders at home."""
    officer = actor(demo_engine, "officer")  # noqa: F405
    with session_scope(demo_engine) as session:
        ids = caseload_ids(session, officer, CaseloadQuery(scope="mine"))
        rows = caseload_rows(session, officer, ids[:20])
    ref = next(r.ref for r in rows if r.home_address)
    form, saved = open_visit_form(qtbot, demo_engine, demo_runner, officer, ref)
    assert form.address.currentData() is not None and form.first_officer.currentData()
    form.when.edit.setText("today 00:05")
    select_data(form.outcome, VisitOutcome.successful)
    save(qtbot, form)
    assert saved == [1], form.error_label.text()
    assert record(demo_engine, officer, ref).last_successful_home_visit == TODAY
