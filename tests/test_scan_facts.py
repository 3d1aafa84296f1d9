"""The facts loader: everything the rules read, for a whole scope, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factories as f
import pytest
from sqlalchemy import event
from sqlmodel import Session

from rsoman.core.services.facts_loader import Scope, load_facts, load_offender_facts
from rsoman.core.store.enums import (
    Agency,
    MeetingStatus,
    OffenderStatus,
    Rank,
    RiskLevel,
    VisitOutcome,
)
from rsoman.core.store.models import (
    Assignment,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Visit,
)


def _count_queries(session: Session, scope: Scope) -> int:
    engine = session.get_bind()
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counter)
    try:
        load_facts(session, scope)
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def _busy_offender(session: Session, manager: object) -> None:
    o = f.offender(session, manager=manager, risk=RiskLevel.high, home="1 Test Row")
    f.visit(session, o, date(2025, 1, 1))
    f.visit(session, o, date(2025, 2, 1), VisitOutcome.no_reply)


def test_the_number_of_queries_does_not_grow_with_the_caseload(session):
    manager = f.officer(session)
    for _ in range(3):
        _busy_offender(session, manager)
    few = _count_queries(session, Scope())
    for _ in range(30):
        _busy_offender(session, manager)
    assert _count_queries(session, Scope()) == few
    assert len(load_offender_facts(session, Scope())) == 33


def test_a_visit_is_dated_by_the_london_calendar(session):
    o = f.offender(session)
    o.created_at = datetime(2025, 5, 31, 23, 30, tzinfo=UTC)
    session.add(o)
    # 00:30 on 1 June in London is still 31 May in UTC.
    session.add(
        Visit(
            offender_id=o.id,
            occurred_at=datetime(2025, 5, 31, 23, 30, tzinfo=UTC),
            outcome=VisitOutcome.successful,
        )
    )
    session.add(Visit(offender_id=o.id, planned_for=datetime(2025, 7, 1, 9, tzinfo=UTC)))
    session.flush()
    (facts,) = load_offender_facts(session, Scope())
    assert [v.on for v in facts.visits] == [date(2025, 6, 1)]
    assert facts.recorded_on == date(2025, 6, 1)
    assert [p.planned_for for p in facts.planned_visits] == [date(2025, 7, 1)]


def test_manager_history_and_arrival_in_the_borough(session):
    elsewhere = f.officer(session, borough_code="hackney")
    here = f.officer(session)
    moved = f.offender(session)
    session.add(
        Assignment(
            offender_id=moved.id,
            officer_id=elsewhere.id,
            start_date=date(2023, 1, 1),
            end_date=date(2024, 3, 1),
            reason="first allocation, in Hackney",
        )
    )
    f.assign(session, moved, here, on=date(2024, 3, 2), reason="transfer in")
    stayed = f.offender(session, manager=here)
    facts = {x.offender_id: x for x in load_offender_facts(session, Scope())}
    assert facts[moved.id].manager_officer_id == here.id
    assert facts[moved.id].arrived_in_borough_on == date(2024, 3, 2)
    assert facts[stayed.id].manager_officer_id == here.id
    assert facts[stayed.id].arrived_in_borough_on is None


def test_scope_by_borough_and_officer(session):
    mine, theirs = f.officer(session), f.officer(session)
    a = f.offender(session, manager=mine)
    b = f.offender(session, manager=theirs)
    c = f.offender(
        session, borough_code="hackney", manager=f.officer(session, borough_code="hackney")
    )
    camden = f.borough(session).id

    def ids(scope: Scope) -> set[int]:
        return {x.offender_id for x in load_offender_facts(session, scope)}

    assert ids(Scope()) == {a.id, b.id, c.id}
    assert ids(Scope(borough_id=camden)) == {a.id, b.id}
    assert ids(Scope(borough_id=camden, officer_id=mine.id)) == {a.id}
    officers = load_facts(session, Scope(officer_id=mine.id)).officers
    assert [(o.officer_id, o.active_caseload) for o in officers] == [(mine.id, 1)]


def test_caseload_counts_only_active_offenders(session):
    manager = f.officer(session)
    f.offender(session, manager=manager)
    f.offender(session, manager=manager, status=OffenderStatus.in_custody)
    (officer,) = load_facts(session, Scope(officer_id=manager.id)).officers
    assert officer.active_caseload == 1


@pytest.mark.parametrize("at_risk", [True, False])
def test_meeting_facts(session, at_risk):
    o = f.offender(session, ref=f"RSO-MEET-{int(at_risk)}")
    m = MappaMeeting(
        ref="MAPPA-T-1",
        borough_id=o.borough_id,
        level=2,
        held_at=datetime(2025, 3, 1, 10, tzinfo=UTC),
        status=MeetingStatus.held,
    )
    session.add(m)
    session.flush()
    session.add(MappaAttendee(meeting_id=m.id, agency=Agency.police, name="A Tester", rank=Rank.ds))
    session.add(
        MappaAttendee(
            meeting_id=m.id, agency=Agency.childrens_social_care, name="Duty", attended=False
        )
    )
    session.add(MappaCase(meeting_id=m.id, offender_id=o.id, children_at_risk=at_risk))
    session.flush()
    loaded = load_facts(session, Scope(borough_id=o.borough_id))
    (meeting,) = loaded.meetings
    assert (meeting.ref, meeting.level, meeting.held, meeting.held_on) == (
        "MAPPA-T-1",
        2,
        True,
        date(2025, 3, 1),
    )
    assert meeting.children_at_risk is at_risk
    assert meeting.offender_refs == (o.ref,)
    assert [(a.agency, a.attended, a.rank) for a in meeting.attendees] == [
        (Agency.police, True, Rank.ds),
        (Agency.childrens_social_care, False, None),
    ]
    (offender,) = loaded.offenders
    assert [(c.meeting_ref, c.held) for c in offender.mappa_cases] == [("MAPPA-T-1", True)]
    # An officer's scan covers no meetings: they belong to the borough's arrangements.
    assert load_facts(session, Scope(officer_id=f.officer(session).id)).meetings == []
