from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import LONDON, london_today
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import caseload_rows, get_record
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.services.visits import (
    VisitInput,
    correct_visit,
    plan_visit,
    record_visit,
    recorded_visit,
    visit_form_data,
)
from rsoman.core.store.enums import (
    AuditAction,
    Rank,
    RiskLevel,
    Role,
    VisitKind,
    VisitOutcome,
)
from rsoman.core.store.models import AuditEntry, Officer, Visit, VisitOfficer

TODAY = london_today()


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Hollinsclough")
    second = f.officer(session, surname="Ivybridge")
    o = f.offender(session, ref="RSO-V", manager=om, risk=RiskLevel.high)
    home = f.address(session, o, "7 Quillon Road", valid_from=date(2023, 1, 1))
    old = f.address(
        session, o, "2 Former Way", valid_from=date(2020, 1, 1), valid_to=date(2023, 1, 1)
    )
    other = f.offender(session, ref="RSO-OTHER")
    elsewhere = f.address(session, other, "1 Not Theirs Lane")
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
        "westminster": f.user(
            session, Role.offender_manager, f.officer(session, borough_code="westminster")
        ),
    }
    session.commit()
    return {
        "offender": o,
        "home": home,
        "old": old,
        "elsewhere": elsewhere,
        "om": om,
        "second": second,
        "actors": actors,
    }


def good(case, **changes):
    values = dict(
        occurred_at=datetime.combine(TODAY - timedelta(days=2), datetime.min.time()).replace(
            hour=10
        ),
        outcome=VisitOutcome.successful,
        officer_warrants=(case["om"].warrant_number, case["second"].warrant_number),
        address_id=case["home"].id,
        observations="Two phones seen; no children present (fictional).",
    )
    values.update(changes)
    return VisitInput(**values)


def test_record_a_successful_two_officer_home_visit(session, case):
    actor = case["actors"]["om"]
    visit_id = record_visit(session, actor, "RSO-V", good(case))
    session.commit()
    row = session.get(Visit, visit_id)
    assert row.outcome == VisitOutcome.successful and row.kind == VisitKind.home_visit
    assert row.recorded_by_user_id == actor.user_id
    officers = session.exec(select(VisitOfficer).where(VisitOfficer.visit_id == visit_id)).all()
    assert {o.officer_id for o in officers} == {case["om"].id, case["second"].id}
    entry = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.alteration)
    ).one()
    assert entry.offender_id == case["offender"].id and entry.object_key == str(visit_id)
    assert "successful" in entry.summary and "phones" not in entry.summary
    [row] = caseload_rows(session, actor, [case["offender"].id])
    assert row.last_successful_home_visit == TODAY - timedelta(days=2)
    assert row.next_visit_due == TODAY - timedelta(days=2) + timedelta(days=91)


def test_every_problem_is_listed(session, case):
    bad = good(
        case,
        occurred_at=datetime.now(UTC) + timedelta(hours=2),
        outcome=None,
        officer_warrants=(),
        address_id=case["elsewhere"].id,
    )
    with pytest.raises(ValidationFailed) as err:
        record_visit(session, case["actors"]["om"], "RSO-V", bad)
    assert [str(p) for p in err.value.problems] == [
        "occurred_at: is in the future: plan the visit instead",
        "outcome: the outcome is required",
        "officers: name at least one officer present",
        "address: is not one of RSO-V's addresses",
    ]
    assert session.exec(select(Visit)).all() == []


def test_missing_time_and_unknown_officer(session, case):
    with pytest.raises(ValidationFailed) as err:
        record_visit(
            session,
            case["actors"]["om"],
            "RSO-V",
            good(case, occurred_at=None, officer_warrants=("NOBODY",)),
        )
    assert [str(p) for p in err.value.problems] == [
        "occurred_at: when the visit took place is required",
        "officers: no officer with warrant 'NOBODY'",
    ]


def test_only_home_visits_can_be_successful(session, case):
    actor = case["actors"]["om"]
    with pytest.raises(ValidationFailed, match="successful is for home visits"):
        record_visit(
            session,
            actor,
            "RSO-V",
            good(case, kind=VisitKind.station_attendance, address_id=None),
        )
    with pytest.raises(ValidationFailed, match="attended is for station attendance"):
        record_visit(session, actor, "RSO-V", good(case, outcome=VisitOutcome.attended))
    station = record_visit(
        session,
        actor,
        "RSO-V",
        good(case, kind=VisitKind.station_attendance, address_id=None, outcome="attended"),
    )
    assert session.get(Visit, station).address_id is None


def test_home_visit_needs_the_home_address_of_that_day(session, case):
    actor = case["actors"]["om"]
    with pytest.raises(ValidationFailed, match="a home visit needs the address visited"):
        record_visit(session, actor, "RSO-V", good(case, address_id=None))
    with pytest.raises(ValidationFailed, match="must be at RSO-V's home address"):
        record_visit(session, actor, "RSO-V", good(case, address_id=case["old"].id))
    # An unsuccessful attempt at a former address is still worth recording.
    record_visit(
        session,
        actor,
        "RSO-V",
        good(case, address_id=case["old"].id, outcome=VisitOutcome.no_reply),
    )


def test_naive_times_are_london_times(session, case):
    visit_id = record_visit(
        session,
        case["actors"]["om"],
        "RSO-V",
        good(case, occurred_at=datetime(2024, 7, 1, 0, 30)),  # BST: 23:30 UTC the day before
    )
    session.commit()
    assert session.get(Visit, visit_id).occurred_at == datetime(2024, 6, 30, 23, 30, tzinfo=UTC)
    record = get_record(session, case["actors"]["om"], "RSO-V")
    assert record.last_successful_home_visit == date(2024, 7, 1)


def test_who_may_record(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        record_visit(session, case["actors"]["ro"], "RSO-V", good(case))
    session.rollback()
    with pytest.raises(PermissionDenied, match="outside your borough"):
        record_visit(session, case["actors"]["westminster"], "RSO-V", good(case))
    session.rollback()
    assert record_visit(session, case["actors"]["sup"], "RSO-V", good(case)) > 0


def test_plan_then_record_the_planned_visit(session, case):
    actor = case["actors"]["om"]
    when = datetime.now(UTC) + timedelta(days=3)
    planned = plan_visit(
        session,
        actor,
        "RSO-V",
        planned_for=when,
        address_id=case["home"].id,
        officer_warrants=(case["om"].warrant_number,),
    )
    row = session.get(Visit, planned)
    assert row.occurred_at is None and row.planned_for == when
    with pytest.raises(ValidationFailed, match="is in the past"):
        plan_visit(session, actor, "RSO-V", planned_for=datetime(2020, 1, 1, 10))
    done = record_visit(session, actor, "RSO-V", good(case, planned_visit_id=planned))
    assert done == planned
    assert session.get(Visit, planned).outcome == VisitOutcome.successful
    with pytest.raises(ValidationFailed, match="has already been recorded"):
        record_visit(session, actor, "RSO-V", good(case, planned_visit_id=planned))
    assert len(session.exec(select(Visit)).all()) == 1


# --- the form's prefill, corrections, and the warning a visit answers -------------------------


def test_form_data_prefills_the_home_and_the_signed_in_officer(session, case):
    actor = case["actors"]["om"]
    data = visit_form_data(session, actor, "RSO-V")
    assert data.ref == "RSO-V" and data.home_address_id == case["home"].id
    assert data.addresses[0].id == case["home"].id and data.addresses[0].current_home
    assert {a.id for a in data.addresses} == {case["home"].id, case["old"].id}
    assert data.my_warrant == case["om"].warrant_number
    warrants = {o.warrant for o in data.officers}
    assert {case["om"].warrant_number, case["second"].warrant_number} <= warrants
    # Officers of another borough are not offered.
    westminster = session.get(Officer, case["actors"]["westminster"].officer_id)
    assert westminster.warrant_number not in warrants
    consulted = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.consultation)
    ).one()
    assert consulted.offender_id == case["offender"].id


def test_form_data_lists_planned_visits(session, case):
    actor = case["actors"]["om"]
    planned = plan_visit(
        session,
        actor,
        "RSO-V",
        planned_for=datetime.now(UTC) + timedelta(days=2),
        address_id=case["home"].id,
        officer_warrants=(case["second"].warrant_number,),
        announced=True,
    )
    [choice] = visit_form_data(session, actor, "RSO-V").planned
    assert choice.id == planned and choice.announced
    assert choice.officer_warrants == (case["second"].warrant_number,)


def test_read_only_manager_gets_no_visit_form(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        visit_form_data(session, case["actors"]["ro"], "RSO-V")


def test_correction_keeps_the_old_values(session, case):
    actor = case["actors"]["om"]
    visit_id = record_visit(session, actor, "RSO-V", good(case, outcome=VisitOutcome.no_reply))
    session.commit()
    loaded = recorded_visit(session, actor, visit_id)
    assert loaded.ref == "RSO-V" and loaded.value.outcome == VisitOutcome.no_reply
    assert set(loaded.value.officer_warrants) == {
        case["om"].warrant_number,
        case["second"].warrant_number,
    }
    fixed = replace(
        loaded.value, outcome=VisitOutcome.successful, officer_warrants=(case["om"].warrant_number,)
    )
    assert correct_visit(session, actor, visit_id, fixed, "typed the wrong outcome") is not None
    session.commit()
    assert session.get(Visit, visit_id).outcome == VisitOutcome.successful
    links = session.exec(select(VisitOfficer).where(VisitOfficer.visit_id == visit_id)).all()
    assert [link.officer_id for link in links] == [case["om"].id]
    history = revisions(session, actor, "RSO-V")
    assert {tuple(r.before) for r in history} == {("outcome",), ("officers",)}
    outcome = next(r for r in history if "outcome" in r.before)
    assert outcome.before == {"outcome": "no_reply"} and outcome.after == {"outcome": "successful"}
    assert outcome.reason == "typed the wrong outcome" and outcome.object_id == visit_id
    officers = next(r for r in history if "officers" in r.before)
    assert officers.after == {"officers": [case["om"].warrant_number]}
    record = get_record(session, actor, "RSO-V")
    assert record.last_successful_home_visit == TODAY - timedelta(days=2)
    # Nothing changed: no revision.
    assert correct_visit(session, actor, visit_id, fixed, "no change really") is None


def test_correction_is_checked_like_a_new_visit(session, case):
    actor = case["actors"]["om"]
    visit_id = record_visit(session, actor, "RSO-V", good(case))
    bad = good(case, kind=VisitKind.station_attendance, address_id=None, officer_warrants=())
    with pytest.raises(ValidationFailed) as err:
        correct_visit(session, actor, visit_id, bad, "")
    assert [p.field for p in err.value.problems] == ["outcome", "officers", "reason"]
    assert session.get(Visit, visit_id).kind == VisitKind.home_visit


def test_planned_visit_is_recorded_not_corrected(session, case):
    actor = case["actors"]["om"]
    planned = plan_visit(session, actor, "RSO-V", planned_for=datetime.now(UTC) + timedelta(days=2))
    with pytest.raises(ValidationFailed, match="only planned: record its outcome instead"):
        correct_visit(session, actor, planned, good(case), "wrong time")


def test_who_may_correct(session, case):
    visit_id = record_visit(session, case["actors"]["om"], "RSO-V", good(case))
    session.commit()
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        correct_visit(session, case["actors"]["ro"], visit_id, good(case), "a good reason")
    session.rollback()
    with pytest.raises(PermissionDenied, match="outside your borough"):
        correct_visit(session, case["actors"]["westminster"], visit_id, good(case), "a good reason")
    session.rollback()
    with pytest.raises(NotFound, match="no visit with id"):
        correct_visit(session, case["actors"]["om"], 999999, good(case), "a good reason")


def test_a_successful_home_visit_resolves_the_overdue_warning(session, system):
    om = f.officer(session)
    o = f.offender(session, ref="RSO-LATE", manager=om, risk=RiskLevel.high)
    home = f.address(session, o, "9 Tardy Row")
    f.visit(session, o, TODAY - timedelta(days=120), address_row=home)
    actor = f.user(session, Role.offender_manager, om)
    session.commit()
    run_scan(session, system)
    session.commit()
    kinds = {w.kind for w in list_warnings(session, system, offender_ref="RSO-LATE")}
    assert "home_visit_overdue" in kinds

    # A no reply does not answer it; a successful home visit does.
    value = VisitInput(
        occurred_at=datetime.now(LONDON).replace(tzinfo=None) - timedelta(hours=1),
        outcome=VisitOutcome.no_reply,
        officer_warrants=(om.warrant_number,),
        address_id=home.id,
    )
    record_visit(session, actor, "RSO-LATE", value)
    run_scan(session, system)
    session.commit()
    kinds = {w.kind for w in list_warnings(session, system, offender_ref="RSO-LATE")}
    assert "home_visit_overdue" in kinds
    record_visit(session, actor, "RSO-LATE", replace(value, outcome=VisitOutcome.successful))
    result = run_scan(session, system)
    session.commit()
    assert result.resolved >= 1
    kinds = {w.kind for w in list_warnings(session, system, offender_ref="RSO-LATE")}
    assert "home_visit_overdue" not in kinds
