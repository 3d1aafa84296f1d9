"""The scan keeps warnings: idempotent by natural key, resolving and reopening by itself,
acknowledged with a reason a supervisor can read, scoped by borough and officer.

These tests drive the store logic with a small stand-in rule set (below) so that they assert
what the scan does with findings, whatever the real rules decide; `test_scan_cli.py`
runs the real rules end to end.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import factories as f
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.rules.warnings.common import Horizon
from rsoman.core.rules.warnings.facts import MeetingFacts, OffenderFacts, OfficerFacts
from rsoman.core.rules.warnings.findings import Finding, Severity
from rsoman.core.services import scan, scan_workers
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.scan import (
    acknowledge,
    list_warnings,
    run_scan,
    warning_history,
)
from rsoman.core.store.enums import AuditAction, Role, TeamRole, VisitKind, VisitOutcome
from rsoman.core.store.models import AuditEntry, Visit, Warning, WarningEvent
from rsoman.core.store.models.warning import WarningEventKind, WarningState

INTERVAL = 30  # the stand-in's visit interval


def standin_offender_findings(
    facts: OffenderFacts, as_of: date, policy: object, horizon: Horizon | None = None
) -> list[Finding]:
    """Overdue when no successful home visit in the last INTERVAL days (from registration if
    never visited); urgent once more than INTERVAL days late. One warning per offender. Its
    horizon: the day it falls overdue, then the day it turns urgent."""
    horizon = horizon or Horizon()
    seen = [
        v.on
        for v in facts.visits
        if v.kind == VisitKind.home_visit and v.outcome == VisitOutcome.successful
    ]
    start = facts.registration.first_notification_date if facts.registration else None
    base = max(seen) if seen else start
    if base is None:
        return []
    due = base + timedelta(days=INTERVAL)
    late = (as_of - due).days
    if late <= INTERVAL:
        horizon.at(due + timedelta(days=1 if late <= 0 else INTERVAL + 1))
    if late <= 0:
        return []
    return [
        Finding(
            kind="home_visit_overdue",
            severity=Severity.urgent if late > INTERVAL else Severity.warning,
            subject_type="offender",
            subject_id=facts.offender_id,
            subject_ref=facts.ref,
            anchor="home",
            due_on=due,
            days_overdue=late,
            explanation=f"due {due}: last seen {base} + {INTERVAL} days",
            policy_version=1,
        )
    ]


def standin_officer_findings(facts: OfficerFacts, as_of: date, policy: object) -> list[Finding]:
    capacity = facts.capacity if facts.capacity is not None else 50
    if facts.active_caseload <= capacity:
        return []
    return [
        Finding(
            kind="caseload_over_capacity",
            severity=Severity.warning,
            subject_type="officer",
            subject_id=facts.officer_id,
            subject_ref=facts.warrant_number,
            anchor="capacity",
            due_on=None,
            days_overdue=0,
            explanation=f"{facts.active_caseload} offenders against a capacity of {capacity}",
            policy_version=1,
        )
    ]


def standin_meeting_findings(facts: MeetingFacts, as_of: date, policy: object) -> list[Finding]:
    return []


@pytest.fixture(autouse=True)
def standin_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_workers, "offender_findings", standin_offender_findings)
    monkeypatch.setattr(scan, "officer_findings", standin_officer_findings)
    monkeypatch.setattr(scan, "meeting_findings", standin_meeting_findings)


REG = date(2026, 1, 1)  # registered (first notification) on
DUE = REG + timedelta(days=INTERVAL)  # 31 Jan 2026


def _offender(session: Session, borough_code: str = "camden", **kw: object) -> object:
    manager = kw.pop("manager", None) or f.officer(session, borough_code=borough_code)
    return f.offender(session, borough_code=borough_code, manager=manager, registered_on=REG, **kw)


def _warnings(session: Session) -> list[Warning]:
    session.expire_all()
    return list(session.exec(select(Warning).order_by(Warning.id)).all())


def _events(session: Session, warning_id: int | None = None) -> list[WarningEvent]:
    query = select(WarningEvent).order_by(WarningEvent.id)
    if warning_id is not None:
        query = query.where(WarningEvent.warning_id == warning_id)
    return list(session.exec(query).all())


def _snapshot(session: Session) -> list[tuple[object, ...]]:
    return [
        (w.id, w.natural_key, w.severity, w.state, w.days_overdue, w.explanation, w.last_seen_at)
        for w in _warnings(session)
    ]


# --- raising, and the boundary of the (stand-in) due date ----------------------------------


@pytest.mark.parametrize(("as_of", "expected"), [(DUE, 0), (DUE + timedelta(days=1), 1)])
def test_a_warning_is_raised_only_once_overdue(session, system, as_of, expected):
    _offender(session)
    result = run_scan(session, system, as_of=as_of)
    assert result.raised == expected
    assert len(_warnings(session)) == expected


def test_a_raised_warning_has_owner_subject_and_explanation(session, system):
    manager = f.officer(session, warrant="TESTOWN1", surname="Ownerby")
    o = _offender(session, manager=manager, ref="RSO-SCAN-1")
    result = run_scan(session, system, as_of=DUE + timedelta(days=5))
    (row,) = result.warnings
    assert (row.kind, row.severity, row.subject_type, row.subject_ref) == (
        "home_visit_overdue",
        "warning",
        "offender",
        "RSO-SCAN-1",
    )
    assert (row.owner_warrant, row.owner_name, row.borough_code) == (
        "TESTOWN1",
        "Ada Ownerby",
        "camden",
    )
    assert (row.due_on, row.days_overdue, row.state) == (DUE, 5, "open")
    stored = _warnings(session)[0]
    assert stored.offender_id == o.id and stored.owner_officer_id == manager.id
    assert [e.event for e in _events(session)] == [WarningEventKind.raised]


# --- idempotence -------------------------------------------------------------------------------


def test_scanning_twice_changes_nothing_the_second_time(session, system):
    for _ in range(3):
        _offender(session)
    f.officer(session, capacity=0)  # no caseload: under capacity, no warning
    busy = f.officer(session, capacity=1)
    for _ in range(2):
        _offender(session, manager=busy)
    day = DUE + timedelta(days=3)
    first = run_scan(session, system, as_of=day)
    session.commit()
    assert first.raised == 6  # five offenders and one officer
    before, events_before = _snapshot(session), len(_events(session))
    second = run_scan(session, system, as_of=day)
    session.commit()
    assert (second.raised, second.escalated, second.updated, second.resolved) == (0, 0, 0, 0)
    assert second.still_open == 6
    assert _snapshot(session) == before
    assert len(_events(session)) == events_before


def test_a_big_first_scan_refreshes_the_planner_statistics(
    session, system, monkeypatch: pytest.MonkeyPatch
):
    """Past the threshold the scan runs ANALYZE on the warnings (valid on both databases, in
    the scan's transaction) and the scan's result is the same."""
    monkeypatch.setattr(scan, "ANALYZE_AFTER_INSERTS", 2)
    for _ in range(3):
        _offender(session)
    result = run_scan(session, system, as_of=DUE + timedelta(days=3))
    session.commit()
    assert result.raised == 3
    if session.get_bind().dialect.name == "sqlite":
        stats = session.execute(sa.text("SELECT tbl FROM sqlite_stat1")).scalars().all()
        assert "warning" in stats


def test_warnings_inserted_at_once_keep_their_ids_events_and_counts(session, system):
    """New warnings go in at once (PostgreSQL: one COPY; a statement per row fired
    offender_current's trigger 25,000 times in a London scan): each keeps its own raised
    event, and the offenders' stored live-warning counts are right."""
    offenders = [_offender(session) for _ in range(5)]
    result = run_scan(session, system, as_of=DUE + timedelta(days=3))
    session.commit()
    assert result.raised == 5
    warnings = _warnings(session)
    assert sorted(w.offender_id for w in warnings) == sorted(o.id for o in offenders)
    for w in warnings:
        raised = [e for e in _events(session, w.id) if e.event == WarningEventKind.raised]
        assert [e.detail for e in raised] == [w.explanation]
    stored = dict(
        session.execute(sa.text("SELECT offender_id, open_warnings FROM offender_current")).all()
    )
    assert {o.id: stored[o.id] for o in offenders} == {o.id: 1 for o in offenders}


def test_two_scans_at_once_never_duplicate(engine, system):
    with Session(engine) as s:
        for _ in range(20):
            _offender(s)
        s.commit()
    errors: list[BaseException] = []

    def scan_once() -> None:
        try:
            with Session(engine) as s:
                run_scan(s, system, as_of=DUE + timedelta(days=2))
                s.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=scan_once) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Session(engine) as s:
        assert len(_warnings(s)) == 20
        assert len(_events(s)) == 20  # each raised once


# --- resolving, reopening, escalating ----------------------------------------------------------


def test_a_successful_visit_resolves_the_warning_and_a_failed_one_does_not(session, system):
    o = _offender(session)
    day = DUE + timedelta(days=4)
    run_scan(session, system, as_of=day)
    f.visit(session, o, day, VisitOutcome.no_reply)
    assert run_scan(session, system, as_of=day).resolved == 0
    f.visit(session, o, day, VisitOutcome.successful)
    result = run_scan(session, system, as_of=day)
    assert (result.resolved, result.still_open, result.warnings) == (1, 0, [])
    (w,) = _warnings(session)
    assert w.state == WarningState.resolved and w.resolved_at is not None
    assert [e.event for e in _events(session, w.id)] == [
        WarningEventKind.raised,
        WarningEventKind.resolved,
    ]
    resolved = list_warnings(session, system, states=[WarningState.resolved])
    assert [r.id for r in resolved] == [w.id]


def test_a_resolved_warning_found_again_is_reopened_not_duplicated(session, system):
    o = _offender(session)
    day = DUE + timedelta(days=4)
    run_scan(session, system, as_of=day)
    v = f.visit(session, o, day)
    run_scan(session, system, as_of=day)
    # The visit was recorded against the wrong offender: removed, so the warning is live again.
    session.delete(session.get(Visit, v.id))
    session.flush()
    result = run_scan(session, system, as_of=day)
    assert (result.reopened, result.raised, result.still_open) == (1, 0, 1)
    (w,) = _warnings(session)
    assert w.state == WarningState.open and w.resolved_at is None
    assert [e.event for e in _events(session, w.id)] == [
        WarningEventKind.raised,
        WarningEventKind.resolved,
        WarningEventKind.reopened,
    ]


def test_rising_severity_is_an_escalation_and_days_keep_counting(session, system):
    _offender(session)
    run_scan(session, system, as_of=DUE + timedelta(days=INTERVAL))  # warning
    later = run_scan(session, system, as_of=DUE + timedelta(days=INTERVAL + 1))  # urgent
    assert (later.escalated, later.raised) == (1, 0)
    (row,) = later.warnings
    assert (row.severity, row.days_overdue) == ("urgent", INTERVAL + 1)
    (w,) = _warnings(session)
    assert [e.event for e in _events(session, w.id)] == [
        WarningEventKind.raised,
        WarningEventKind.escalated,
    ]


# --- acknowledging ------------------------------------------------------------------------------


def _om_and_supervisor(session: Session) -> tuple[object, object, object]:
    om_officer = f.officer(session)
    om = f.user(session, Role.offender_manager, om_officer)
    sup = f.user(
        session,
        Role.supervisor,
        f.officer(session, team_role=TeamRole.supervisor),
    )
    return om_officer, om, sup


def test_an_acknowledgement_keeps_its_reason_and_a_supervisor_sees_it(session, system):
    om_officer, om, sup = _om_and_supervisor(session)
    _offender(session, manager=om_officer)
    day = DUE + timedelta(days=2)
    (row,) = run_scan(session, system, as_of=day).warnings
    acked = acknowledge(session, om, row.id, "  visit booked for 14 Feb 2026 ")
    assert (acked.state, acked.acknowledgement_reason) == (
        "acknowledged",
        "visit booked for 14 Feb 2026",
    )
    # Still found the next day: stays acknowledged while its days keep counting.
    rescan = run_scan(session, system, as_of=day + timedelta(days=1))
    assert rescan.still_open == 1
    (seen,) = list_warnings(session, sup)
    assert (seen.state, seen.days_overdue) == ("acknowledged", 3)
    assert seen.acknowledgement_reason == "visit booked for 14 Feb 2026"
    assert seen.acknowledged_by == om.username
    history = warning_history(session, sup, row.id)
    assert [h["event"] for h in history] == ["raised", "acknowledged"]
    assert history[1]["by"] == om.username
    entry = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.alteration)
    ).one()
    assert "visit booked" in entry.summary


def test_an_acknowledgement_needs_a_reason_and_the_right_role(session, system):
    om_officer, om, _sup = _om_and_supervisor(session)
    _offender(session, manager=om_officer)
    (row,) = run_scan(session, system, as_of=DUE + timedelta(days=2)).warnings
    with pytest.raises(ValidationFailed) as refused:
        acknowledge(session, om, row.id, "   ")
    assert "reason" in str(refused.value.problems[0])
    reader = f.user(session, Role.read_only_manager, f.officer(session))
    with pytest.raises(PermissionDenied):
        acknowledge(session, reader, row.id, "in custody")
    elsewhere = f.user(session, Role.offender_manager, f.officer(session, borough_code="hackney"))
    with pytest.raises(PermissionDenied):
        acknowledge(session, elsewhere, row.id, "in custody")
    assert _warnings(session)[0].state == WarningState.open


def test_a_resolved_and_found_again_warning_needs_a_new_answer(session, system):
    om_officer, om, _sup = _om_and_supervisor(session)
    o = _offender(session, manager=om_officer)
    day = DUE + timedelta(days=2)
    (row,) = run_scan(session, system, as_of=day).warnings
    acknowledge(session, om, row.id, "data wrong")
    v = f.visit(session, o, day)
    run_scan(session, system, as_of=day)
    with pytest.raises(ValidationFailed):
        acknowledge(session, om, row.id, "again")
    session.delete(session.get(Visit, v.id))
    session.flush()
    (again,) = run_scan(session, system, as_of=day).warnings
    assert (again.id, again.state, again.acknowledgement_reason) == (row.id, "open", None)


# --- scope --------------------------------------------------------------------------------------


def test_a_borough_scan_neither_raises_nor_resolves_elsewhere(session, system):
    _offender(session, "camden")
    _offender(session, "hackney")
    day = DUE + timedelta(days=2)
    assert run_scan(session, system, as_of=day, borough_code="hackney").raised == 1
    camden = run_scan(session, system, as_of=day, borough_code="camden")
    assert (camden.raised, camden.resolved) == (1, 0)
    assert {w.borough_code for w in camden.warnings} == {"camden"}
    assert {w.state for w in _warnings(session)} == {WarningState.open}


def test_a_borough_user_scans_and_lists_only_their_borough(session, system):
    om_officer, om, _sup = _om_and_supervisor(session)  # camden
    _offender(session, "camden", manager=om_officer)
    _offender(session, "hackney")
    day = DUE + timedelta(days=2)
    result = run_scan(session, om, as_of=day)
    assert [w.borough_code for w in result.warnings] == ["camden"]
    assert len(_warnings(session)) == 1
    with pytest.raises(PermissionDenied):
        run_scan(session, om, as_of=day, borough_code="hackney")
    run_scan(session, system, as_of=day)
    assert [w.borough_code for w in list_warnings(session, om)] == ["camden"]


def test_an_officer_scan_covers_that_officers_caseload(session, system):
    mine = f.officer(session, warrant="TESTMINE")
    theirs = f.officer(session, warrant="TESTTHEIRS")
    _offender(session, manager=mine, ref="RSO-MINE")
    _offender(session, manager=theirs, ref="RSO-THEIRS")
    day = DUE + timedelta(days=2)
    result = run_scan(session, system, as_of=day, officer_warrant="TESTMINE")
    assert [w.subject_ref for w in result.warnings] == ["RSO-MINE"]
    run_scan(session, system, as_of=day)
    listed = list_warnings(session, system, officer_warrant="TESTTHEIRS")
    assert [w.subject_ref for w in listed] == ["RSO-THEIRS"]


def test_warnings_listed_for_one_offender(session, system):
    om_officer, om, _sup = _om_and_supervisor(session)  # camden
    _offender(session, manager=om_officer, ref="RSO-ONE")
    _offender(session, manager=om_officer, ref="RSO-TWO")
    _offender(session, "hackney", ref="RSO-AWAY")
    busy = f.officer(session, capacity=0, warrant="TESTBUSY")
    _offender(session, manager=busy, ref="RSO-BUSY")  # and an officer warning for TESTBUSY
    run_scan(session, system, as_of=DUE + timedelta(days=2))
    assert [w.subject_ref for w in list_warnings(session, om, offender_ref=" RSO-ONE")] == [
        "RSO-ONE"
    ]
    # Only the offender's own warnings, not their manager's caseload warning.
    busy_rows = list_warnings(session, system, offender_ref="RSO-BUSY")
    assert [(w.kind, w.subject_ref) for w in busy_rows] == [("home_visit_overdue", "RSO-BUSY")]
    assert list_warnings(session, system, offender_ref="RSO-ONE", borough_code="hackney") == []
    assert (
        list_warnings(session, system, offender_ref="RSO-ONE", states=[WarningState.resolved]) == []
    )
    with pytest.raises(NotFound, match="RSO-NOBODY"):
        list_warnings(session, system, offender_ref="RSO-NOBODY")
    # The same checks as the borough's list: a camden officer may not read a hackney offender's.
    with pytest.raises(PermissionDenied):
        list_warnings(session, om, offender_ref="RSO-AWAY")
    admin_of_nothing = f.user(session, Role.administrator, f.officer(session))
    assert len(list_warnings(session, admin_of_nothing, offender_ref="RSO-AWAY")) == 1


def test_listed_warnings_hold_their_stored_values(session, system):
    """Each listed warning has its stored values, typed as the model reads them (dates, aware
    moments, states as text), whoever acknowledged it and whatever its owner: the list
    converts each distinct value once rather than row by row."""
    om_officer, om, _sup = _om_and_supervisor(session)
    for _ in range(3):
        _offender(session, manager=om_officer)
    _offender(session, "hackney")
    day = DUE + timedelta(days=2)
    first = run_scan(session, system, as_of=day).warnings
    acknowledge(session, om, first[0].id, "in custody")
    rows = run_scan(session, system, as_of=day + timedelta(days=1)).warnings
    assert len(rows) == 4  # one per offender, in two boroughs
    for row in rows:
        stored = session.get(Warning, row.id)
        assert stored is not None
        assert (row.kind, row.severity, row.subject_ref, row.explanation) == (
            stored.kind,
            stored.severity,
            stored.subject_ref,
            stored.explanation,
        )
        assert (row.due_on, row.days_overdue, row.policy_version) == (
            stored.due_on,
            stored.days_overdue,
            stored.policy_version,
        )
        assert row.state == WarningState(stored.state).value and type(row.state) is str
        assert row.first_raised_at == stored.first_raised_at
        assert row.first_raised_at.utcoffset() == timedelta(0)
        assert row.acknowledged_at == stored.acknowledged_at
        assert row.acknowledgement_reason == stored.acknowledgement_reason
    acked = [r for r in rows if r.acknowledged_by is not None]
    assert [(r.id, r.acknowledged_by, r.state) for r in acked] == [
        (first[0].id, om.username, "acknowledged")
    ]
    assert acked[0].acknowledged_at is not None and acked[0].acknowledged_at.utcoffset() == (
        timedelta(0)
    )
    assert isinstance(acked[0].due_on, date)


def test_a_read_only_manager_may_scan_and_an_unknown_borough_is_an_error(session, system):
    reader = f.user(session, Role.read_only_manager, f.officer(session))
    assert run_scan(session, reader, as_of=DUE).raised == 0
    with pytest.raises(Exception, match="no borough"):
        run_scan(session, system, as_of=DUE, borough_code="atlantis")


def test_one_audit_entry_per_scan_with_the_counts(session, system):
    for _ in range(3):
        _offender(session)
    before = session.exec(sa.select(sa.func.count()).select_from(AuditEntry)).one()
    run_scan(session, system, as_of=DUE + timedelta(days=1))
    entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()[before[0] :]
    assert [e.action for e in entries] == [AuditAction.combination]
    assert "3 raised" in entries[0].summary and "as of 2026-02-01" in entries[0].summary


def test_the_default_policy_is_the_current_one(session, system):
    assert run_scan(session, system, as_of=DUE).policy_version == POLICY_V1.version
