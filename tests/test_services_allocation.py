from datetime import date, timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.services.allocation import assign, reallocate, reallocation_targets
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids
from rsoman.core.store.enums import AuditAction, OffenderStatus, Rank, RiskLevel, Role, TeamRole
from rsoman.core.store.models import Assignment, AuditEntry

TODAY = london_today()


@pytest.fixture
def team(session):
    a = f.officer(session, surname="Arkwright")
    b = f.officer(session, surname="Bellweather")
    w = f.officer(session, borough_code="westminster", surname="Wolstenby")
    sup_officer = f.officer(session, rank=Rank.ds, team_role=TeamRole.supervisor)
    people = {
        "x": f.offender(session, ref="RSO-X", manager=a),
        "y": f.offender(session, ref="RSO-Y", manager=a),
        "u": f.offender(session, ref="RSO-U"),
        "w": f.offender(session, ref="RSO-W", borough_code="westminster", manager=w),
    }
    actors = {
        "om": f.user(session, Role.offender_manager, a),
        "om_b": f.user(session, Role.offender_manager, b),
        "sup": f.user(session, Role.supervisor, sup_officer),
        "central": f.user(
            session, Role.supervisor, f.officer(session, borough_code="central", rank=Rank.ds)
        ),
    }
    session.commit()
    return {"a": a, "b": b, "w": w}, people, actors


def assignments(session, offender):
    return session.exec(
        select(Assignment).where(Assignment.offender_id == offender.id).order_by(Assignment.id)
    ).all()


def test_offender_manager_may_not_reallocate(session, team):
    officers, people, actors = team
    with pytest.raises(PermissionDenied, match="offender manager may not reallocate"):
        reallocate(session, actors["om"], ["RSO-X"], officers["b"].warrant_number, reason="leave")
    session.rollback()
    assert len(assignments(session, people["x"])) == 1
    refusal = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)).one()
    assert refusal.username == actors["om"].username


def test_supervisor_reallocates_in_bulk_and_history_is_kept(session, team):
    officers, people, actors = team
    moved = reallocate(
        session,
        actors["sup"],
        ["RSO-X", "RSO-Y", "RSO-X"],
        officers["b"].warrant_number,
        reason="caseload balancing",
    )
    session.commit()
    assert moved == ["RSO-X", "RSO-Y"]
    old, new = assignments(session, people["x"])
    assert (old.officer_id, old.end_date) == (officers["a"].id, TODAY)
    assert (new.officer_id, new.start_date, new.end_date) == (officers["b"].id, TODAY, None)
    assert new.reason == "caseload balancing"
    assert new.assigned_by_user_id == actors["sup"].user_id
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.alteration)
    ).all()
    assert {e.offender_id for e in entries} == {people["x"].id, people["y"].id}
    assert all("caseload balancing" in e.summary and "Arkwright" in e.summary for e in entries)
    # The caseloads follow.
    assert caseload_ids(session, actors["om"], CaseloadQuery(scope="mine")) == []
    assert set(caseload_ids(session, actors["om_b"], CaseloadQuery(scope="mine"))) == {
        people["x"].id,
        people["y"].id,
    }


def test_reallocation_from_a_past_date(session, team):
    officers, people, actors = team
    on = date(2024, 6, 1)
    reallocate(session, actors["sup"], ["RSO-X"], officers["b"].warrant_number, reason="r", on=on)
    old, new = assignments(session, people["x"])
    assert old.end_date == on and new.start_date == on


def test_every_problem_is_listed_and_nothing_is_written(session, team):
    officers, people, actors = team
    with pytest.raises(ValidationFailed) as err:
        reallocate(
            session,
            actors["sup"],
            ["RSO-X", "RSO-U", "RSO-NONE"],
            officers["a"].warrant_number,
            reason="  ",
            on=TODAY + timedelta(days=1),
        )
    reasons = [str(p) for p in err.value.problems]
    assert "reason: a reason is required (it is kept in the history)" in reasons
    assert any(p.field == "on" and "in the future" in p.reason for p in err.value.problems)
    assert any(r.startswith("RSO-X: ref: is already managed by Ada Arkwright") for r in reasons)
    assert any(r.startswith("RSO-U: ref: has no offender manager yet") for r in reasons)
    assert "RSO-NONE: ref: no offender with this reference" in reasons
    session.rollback()
    assert len(assignments(session, people["x"])) == 1


def test_unknown_officer_and_officer_of_another_borough(session, team):
    officers, _, actors = team
    with pytest.raises(ValidationFailed, match="no officer with warrant 'NOPE'"):
        reallocate(session, actors["sup"], ["RSO-X"], "NOPE", reason="r")
    with pytest.raises(ValidationFailed, match="works outside your borough"):
        reallocate(session, actors["sup"], ["RSO-X"], officers["w"].warrant_number, reason="r")
    # The central team may reallocate anywhere, but not across boroughs (that is a transfer).
    with pytest.raises(ValidationFailed, match="transfer the offender first"):
        reallocate(session, actors["central"], ["RSO-X"], officers["w"].warrant_number, reason="r")


def test_borough_supervisor_refused_another_boroughs_offender(session, team):
    officers, people, actors = team
    with pytest.raises(PermissionDenied, match="RSO-W: that record is outside your borough"):
        reallocate(
            session, actors["sup"], ["RSO-X", "RSO-W"], officers["b"].warrant_number, reason="r"
        )
    session.rollback()
    assert len(assignments(session, people["x"])) == 1
    refusal = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)).one()
    assert refusal.offender_id == people["w"].id


def test_assign_an_unallocated_offender(session, team):
    officers, people, actors = team
    assert assign(session, actors["sup"], "RSO-U", officers["b"].warrant_number, reason="new") == (
        "RSO-U"
    )
    [only] = assignments(session, people["u"])
    assert (only.officer_id, only.start_date, only.reason) == (officers["b"].id, TODAY, "new")
    with pytest.raises(ValidationFailed, match="already has an offender manager"):
        assign(session, actors["sup"], "RSO-X", officers["b"].warrant_number, reason="r")


# --- the officers one may reallocate to -------------------------------------------------------


def test_targets_show_caseload_against_capacity(session, team):
    officers, people, actors = team
    f.assess(session, people["x"], RiskLevel.low)
    small = f.officer(session, surname="Cosyload", capacity=1)
    f.offender(session, ref="RSO-C1", manager=small)
    f.offender(session, ref="RSO-C2", manager=small)
    f.offender(session, ref="RSO-GONE", manager=small, status=OffenderStatus.in_custody)
    leaver = f.officer(session, surname="Leaverton")
    leaver.active = False
    session.add(leaver)
    session.commit()
    targets = reallocation_targets(session, actors["sup"], ["RSO-X", "RSO-Y"])
    by_warrant = {t.warrant: t for t in targets}
    # Only the borough's active offender managers (not its supervisors, not Westminster's).
    assert set(by_warrant) == {
        officers["a"].warrant_number,
        officers["b"].warrant_number,
        small.warrant_number,
    }
    a = by_warrant[officers["a"].warrant_number]
    assert (a.caseload, a.capacity, a.manages_selected) == (2, 50, 2)
    # LOW weighs 1; never assessed weighs as very high (4).
    assert a.risk_weighted == 1 + 4 and not a.over_capacity
    cosy = by_warrant[small.warrant_number]
    assert (cosy.caseload, cosy.capacity, cosy.over_capacity) == (2, 1, True)
    assert [t.name.split(",")[0] for t in targets] == sorted(t.name.split(",")[0] for t in targets)


def test_capacity_boundary(session, team):
    officers, _, actors = team
    for n in range(2):
        f.offender(session, ref=f"RSO-CAP{n}", manager=officers["b"])
    officers["b"].capacity = 2
    session.add(officers["b"])
    session.flush()
    b = next(
        t
        for t in reallocation_targets(session, actors["sup"], ["RSO-X"])
        if t.warrant == officers["b"].warrant_number
    )
    assert b.caseload == b.capacity == 2 and not b.over_capacity  # at capacity is not over
    f.offender(session, ref="RSO-CAP2", manager=officers["b"])
    b = next(
        t
        for t in reallocation_targets(session, actors["sup"], ["RSO-X"])
        if t.warrant == officers["b"].warrant_number
    )
    assert b.caseload == 3 and b.over_capacity


def test_only_supervisors_see_targets(session, team):
    _, _, actors = team
    with pytest.raises(PermissionDenied, match="offender manager may not reallocate"):
        reallocation_targets(session, actors["om"], ["RSO-X"])
    session.rollback()
    with pytest.raises(PermissionDenied, match="outside your borough"):
        reallocation_targets(session, actors["sup"], ["RSO-W"])
    # The central team sees the offender's borough's managers.
    targets = reallocation_targets(session, actors["central"], ["RSO-W"])
    assert [t.name.split(",")[0] for t in targets] == ["Wolstenby"]
