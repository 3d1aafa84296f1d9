"""The facts loader: everything the rules read, for a whole scope, in a fixed number of queries;
and what it leaves in the database because no rule reads it on the scan's day."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import factories as f
import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from rsoman.core.rules.dates import london_date
from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.rules.warnings import meeting_findings, offender_findings
from rsoman.core.rules.warnings.facts import (
    AttendeeFact,
    MeetingFacts,
    NotificationFact,
    OffenderFacts,
    RiskAssessmentFact,
    VisitFact,
)
from rsoman.core.services.facts_loader import (
    Scope,
    load_facts,
    load_offender_facts,
    load_visit_facts,
)
from rsoman.core.store.enums import (
    Agency,
    Disposal,
    MeetingStatus,
    NotificationKind,
    OffenderStatus,
    Rank,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)
from rsoman.core.store.models import (
    Assignment,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Notification,
    Registration,
    RiskAssessment,
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


# --- what the loader leaves out, and that the rules see the same record ----------------------


def _full_history(facts: OffenderFacts, session: Session, oid: int) -> OffenderFacts:
    """The same offender with every visit, assessment and notification (as the loader read
    them before it reduced them in SQL)."""
    visits = session.exec(
        select(Visit)
        .where(Visit.offender_id == oid, Visit.occurred_at.is_not(None))
        .order_by(Visit.occurred_at, Visit.id)
    ).all()
    risks = session.exec(
        select(RiskAssessment)
        .where(RiskAssessment.offender_id == oid)
        .order_by(RiskAssessment.assessed_on, RiskAssessment.id)
    ).all()
    notes = session.exec(
        select(Notification)
        .where(Notification.offender_id == oid)
        .order_by(Notification.notified_on, Notification.id)
    ).all()
    return replace(
        facts,
        visits=tuple(VisitFact(london_date(v.occurred_at), v.kind, v.outcome) for v in visits),
        risk_assessments=tuple(
            RiskAssessmentFact(r.assessed_on, r.level, r.next_review_on) for r in risks
        ),
        notifications=tuple(
            NotificationFact(
                n.kind,
                n.notified_on,
                n.event_on,
                n.change_type,
                n.travel_departure_on,
                n.travel_short_notice_reason,
            )
            for n in notes
        ),
    )


AS_OF = date(2026, 3, 15)


def test_visits_from_the_last_success_on_the_day_onwards(session):
    o = f.offender(session, risk=RiskLevel.high)
    f.visit(session, o, date(2025, 6, 1), VisitOutcome.no_reply)
    f.visit(session, o, date(2025, 9, 1))
    f.visit(session, o, date(2025, 11, 1), VisitOutcome.refused_entry)
    f.visit(session, o, date(2025, 12, 1), VisitOutcome.no_reply)
    f.visit(session, o, AS_OF + timedelta(days=1))  # after the scan's day: not the last yet
    never = f.offender(session)
    f.visit(session, never, date(2025, 5, 1), VisitOutcome.no_reply)
    f.visit(session, never, date(2025, 5, 9), kind=VisitKind.station_attendance)

    def days(as_of: date) -> dict[int, list[date]]:
        return {
            k: [v.on for v in vs] for k, vs in load_visit_facts(session, Scope(), as_of).items()
        }

    assert days(AS_OF)[o.id] == [
        date(2025, 9, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        AS_OF + timedelta(days=1),
    ]
    assert days(AS_OF)[never.id] == [date(2025, 5, 1), date(2025, 5, 9)]
    # Seen on the day: from then on.
    assert days(AS_OF + timedelta(days=1))[o.id] == [AS_OF + timedelta(days=1)]
    # The day before the success: everything.
    assert len(days(date(2025, 8, 31))[o.id]) == 5


def test_a_visit_late_in_the_evening_counts_on_its_london_day(session):
    o = f.offender(session)
    # 23:30 UTC on 14 Jun is 00:30 on 15 Jun in London: on 14 Jun it had not happened yet.
    session.add(
        Visit(
            offender_id=o.id,
            occurred_at=datetime(2025, 6, 14, 23, 30, tzinfo=UTC),
            outcome=VisitOutcome.successful,
        )
    )
    f.visit(session, o, date(2025, 6, 1), VisitOutcome.no_reply)
    session.flush()
    before = load_visit_facts(session, Scope(), date(2025, 6, 14))[o.id]
    on_the_day = load_visit_facts(session, Scope(), date(2025, 6, 15))[o.id]
    assert [v.on for v in before] == [date(2025, 6, 1), date(2025, 6, 15)]
    assert [v.on for v in on_the_day] == [date(2025, 6, 15)]


def test_only_the_current_assessment_and_the_notifications_a_rule_reads(session):
    o = f.offender(session, risk=RiskLevel.low, assessed_on=date(2024, 1, 1))
    f.assess(session, o, RiskLevel.high, on=date(2025, 1, 1))
    f.assess(session, o, RiskLevel.medium, on=date(2025, 1, 1))  # same day, recorded later
    f.assess(session, o, RiskLevel.very_high, on=AS_OF + timedelta(days=1))
    for kind, on in [
        (NotificationKind.periodic, date(2024, 2, 1)),
        (NotificationKind.periodic, date(2025, 2, 1)),
        (NotificationKind.household_child, date(2025, 3, 1)),
        (NotificationKind.change, date(2025, 8, 1)),
        (NotificationKind.periodic, date(2025, 8, 1)),
        (NotificationKind.foreign_travel, date(2023, 6, 1)),
        (NotificationKind.periodic, AS_OF + timedelta(days=1)),
    ]:
        session.add(Notification(offender_id=o.id, kind=kind, notified_on=on))
    session.flush()
    (facts,) = load_offender_facts(session, Scope(), AS_OF)
    assert [(a.assessed_on, a.level) for a in facts.risk_assessments] == [
        (date(2025, 1, 1), RiskLevel.high),
        (date(2025, 1, 1), RiskLevel.medium),
    ]
    assert [(n.kind, n.notified_on) for n in facts.notifications] == [
        (NotificationKind.foreign_travel, date(2023, 6, 1)),
        (NotificationKind.change, date(2025, 8, 1)),
        (NotificationKind.periodic, date(2025, 8, 1)),
    ]
    full = _full_history(facts, session, o.id)
    for day in (AS_OF, AS_OF + timedelta(days=200)):
        (facts,) = load_offender_facts(session, Scope(), day)
        assert offender_findings(facts, day, POLICY_V1) == offender_findings(full, day, POLICY_V1)


def test_the_first_notification_after_each_offenders_own_release(session):
    """The review date of indefinite requirements counts from the first notification after the
    latest registration's release, each offender's own."""
    releases = {}
    for released in (date(2010, 3, 1), date(2012, 9, 1)):
        o = f.offender(session, registered_on=None)
        session.add(
            Registration(
                offender_id=o.id,
                conviction_date=date(2008, 1, 1),
                offences="Test offence (fictional)",
                disposal=Disposal.custody,
                sentence_months=48,
                age_at_conviction=30,
                first_notification_date=date(2008, 1, 3),
                release_date=released,
            )
        )
        for on in (released - timedelta(days=30), released + timedelta(days=2), date(2020, 1, 1)):
            session.add(
                Notification(offender_id=o.id, kind=NotificationKind.periodic, notified_on=on)
            )
        releases[o.id] = released
    session.flush()
    day = date(2026, 6, 1)  # 15 years after 3 Mar 2010, not after 3 Sep 2012
    for facts in load_offender_facts(session, Scope(), day):
        after = [n.notified_on for n in facts.notifications]
        assert releases[facts.offender_id] + timedelta(days=2) in after
        full = _full_history(facts, session, facts.offender_id)
        assert offender_findings(facts, day, POLICY_V1) == offender_findings(full, day, POLICY_V1)
        kinds = [x.kind for x in offender_findings(facts, day, POLICY_V1)]
        assert ("indefinite_review_eligible" in kinds) == (facts.offender_id == min(releases))


# --- a MAPPA meeting superseded by a later one ----------------------------------------------

HELD = date(2026, 1, 10)
LATER = date(2026, 2, 20)


def _meeting(superseded_on: date | None) -> MeetingFacts:
    return MeetingFacts(
        meeting_id=8,
        ref="MAPPA-2026-008",
        borough_id=1,
        level=2,
        held_on=HELD,
        held=True,
        attendees=(AttendeeFact(Agency.police, True, Rank.ds),),
        children_at_risk=True,
        superseded_on=superseded_on,
    )


@pytest.mark.parametrize(
    ("as_of", "live"),
    [(LATER - timedelta(days=1), True), (LATER, False), (LATER + timedelta(days=1), False)],
)
def test_a_meetings_warnings_resolve_once_it_is_superseded(as_of, live):
    kinds = sorted(x.kind for x in meeting_findings(_meeting(LATER), as_of, POLICY_V1))
    assert kinds == (["mappa_agency_absent", "mappa_rank_below_guidance"] if live else [])
    assert len(meeting_findings(_meeting(None), as_of, POLICY_V1)) == 2


def _held(
    session: Session,
    ref: str,
    borough_id: int,
    day: date,
    *offenders: object,
    status: MeetingStatus = MeetingStatus.held,
) -> MappaMeeting:
    m = MappaMeeting(
        ref=ref,
        borough_id=borough_id,
        level=2,
        held_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
        status=status,
    )
    session.add(m)
    session.flush()
    for o in offenders:
        session.add(MappaCase(meeting_id=m.id, offender_id=o.id))
    session.flush()
    return m


def test_a_meeting_is_superseded_when_every_case_has_been_discussed_again(session):
    a, b = f.offender(session), f.offender(session)
    here = a.borough_id
    elsewhere = f.borough(session, "hackney").id
    _held(session, "MAPPA-T-OLD", here, HELD, a, b)
    _held(session, "MAPPA-T-SAMEDAY", here, HELD, a)  # the same day does not supersede
    _held(session, "MAPPA-T-A", here, LATER, a)
    _held(session, "MAPPA-T-PLAN", here, LATER, b, status=MeetingStatus.planned)
    loaded = {m.ref: m for m in load_facts(session, Scope(borough_id=here)).meetings}
    assert loaded["MAPPA-T-OLD"].superseded_on is None  # b not discussed since
    assert loaded["MAPPA-T-SAMEDAY"].superseded_on == LATER
    # b discussed again in another borough (moved), later still: now the old one is history.
    _held(session, "MAPPA-T-B", elsewhere, LATER + timedelta(days=9), b)
    loaded = {m.ref: m for m in load_facts(session, Scope(borough_id=here)).meetings}
    assert loaded["MAPPA-T-OLD"].superseded_on == LATER + timedelta(days=9)
    assert loaded["MAPPA-T-A"].superseded_on is None
