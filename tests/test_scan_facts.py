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


# --- the notifications a rule reads, against the whole history ------------------------------

CLOCK = (
    NotificationKind.initial,
    NotificationKind.change,
    NotificationKind.periodic,
    NotificationKind.weekly_nfa,
)


def _registration(offender_id: int, convicted: date, released: date | None) -> Registration:
    return Registration(
        offender_id=offender_id,
        conviction_date=convicted,
        offences="Test offence (fictional)",
        disposal=Disposal.custody if released else Disposal.community_order,
        sentence_months=24 if released else None,
        age_at_conviction=30,
        first_notification_date=convicted + timedelta(days=3),
        release_date=released,
    )


def _expected_notifications(session: Session, oid: int, as_of: date) -> list[tuple]:
    """What the loader keeps, worked out from the whole history: the clock-restarting
    notifications on the latest such day up to as_of and on the first such day on or after the
    latest registration's release, and foreign travel; by day, then id."""
    notes = session.exec(select(Notification).where(Notification.offender_id == oid)).all()
    latest_registration = session.exec(
        select(Registration)
        .where(Registration.offender_id == oid)
        .order_by(Registration.conviction_date.desc(), Registration.id.desc())
    ).first()
    clock_days = sorted({n.notified_on for n in notes if n.kind in CLOCK})
    days = {max((d for d in clock_days if d <= as_of), default=None)}
    release = latest_registration.release_date if latest_registration else None
    if release is not None:
        days.add(min((d for d in clock_days if d >= release), default=None))
    kept = [
        n
        for n in notes
        if n.kind == NotificationKind.foreign_travel or (n.kind in CLOCK and n.notified_on in days)
    ]
    return sorted((n.notified_on, n.id, n.kind) for n in kept)


def _loaded_notifications(session: Session, as_of: date) -> dict[int, list[tuple]]:
    """(day, id, kind) of each offender's notifications as loaded (ids matched back by day and
    kind: the facts do not carry them)."""
    loaded = {}
    ids = {
        (n.offender_id, n.notified_on, n.kind): n.id
        for n in session.exec(select(Notification).order_by(Notification.id.desc())).all()
    }
    for facts in load_offender_facts(session, Scope(), as_of):
        loaded[facts.offender_id] = [
            (n.notified_on, ids[(facts.offender_id, n.notified_on, n.kind)], n.kind)
            for n in facts.notifications
        ]
    return loaded


@pytest.mark.parametrize("planner_statistics", [False, True])
def test_the_notifications_kept_are_those_the_whole_history_gives(session, planner_statistics):
    """Several clock-restarting notifications on one day (all kept, by id), a change after the
    release, notifications after the scan's day, household stays on a clock day (never kept),
    travel at any date, a release with no notification after it, an older registration's
    release, no notifications at all; on several days. With planner statistics too: SQLite 3.40
    returned a wrong `min()` over `kind IN (...)` on the (offender, kind, day) index once
    ANALYZE had run (the loader now reads the clock days from a partial index)."""
    day = date(2025, 6, 2)
    histories = {
        "several on one day": [
            (NotificationKind.periodic, day),
            (NotificationKind.change, day),
            (NotificationKind.initial, day),
            (NotificationKind.household_child, day),
            (NotificationKind.periodic, date(2024, 6, 2)),
        ],
        "change after release": [
            (NotificationKind.initial, date(2025, 6, 1)),
            (NotificationKind.change, date(2026, 8, 6)),
            (NotificationKind.periodic, date(2026, 4, 22)),
        ],
        "after the day only": [
            (NotificationKind.periodic, date(2027, 1, 1)),
            (NotificationKind.weekly_nfa, date(2027, 1, 8)),
            (NotificationKind.foreign_travel, date(2027, 2, 1)),
        ],
        "travel and household only": [
            (NotificationKind.foreign_travel, date(2020, 1, 1)),
            (NotificationKind.foreign_travel, date(2026, 1, 1)),
            (NotificationKind.household_child, date(2025, 1, 1)),
        ],
        "nothing after release": [
            (NotificationKind.initial, date(2019, 5, 1)),
            (NotificationKind.periodic, date(2020, 5, 1)),
        ],
        "none": [],
    }
    releases = {
        "several on one day": date(2024, 6, 1),
        "change after release": date(2025, 6, 1),
        "after the day only": date(2026, 12, 1),
        "travel and household only": date(2019, 1, 1),
        "nothing after release": date(2021, 1, 1),
        "none": None,
    }
    for name, history in histories.items():
        o = f.offender(session, registered_on=None)
        # An older registration whose release the loader must not use.
        session.add(_registration(o.id, date(2005, 1, 1), date(2005, 6, 1)))
        session.add(_registration(o.id, date(2015, 1, 1), releases[name]))
        for kind, on in history:
            session.add(Notification(offender_id=o.id, kind=kind, notified_on=on))
        # Unrelated clock days before the older release, to be left in the database.
        session.add(
            Notification(
                offender_id=o.id, kind=NotificationKind.periodic, notified_on=date(2005, 3, 1)
            )
        )
    never_notified = f.offender(session)
    session.flush()
    if planner_statistics:
        session.connection().exec_driver_sql("ANALYZE")
    offenders = session.exec(select(Notification.offender_id).distinct()).all()
    for as_of in (date(2025, 6, 1), day, date(2026, 8, 5), date(2026, 11, 28), date(2027, 3, 1)):
        loaded = _loaded_notifications(session, as_of)
        for oid in offenders:
            assert loaded[oid] == _expected_notifications(session, oid, as_of), (oid, as_of)
        assert loaded[never_notified.id] == []


PARTIAL_INDEXES = {"ix_notification_clock_on", "ix_notification_travel_on", "ix_visit_planned"}


def test_the_loader_reads_through_the_partial_indexes(session):
    """Migration 0014's partial indexes serve only queries whose WHERE holds their terms as
    written. On SQLite the loader names them (INDEXED BY: a query that stops matching fails);
    on PostgreSQL the plan must be able to use them (with sequential scans priced out, as they
    would be at a national size rather than in this small database)."""
    o = f.offender(session)
    session.add(Notification(offender_id=o.id, kind=NotificationKind.periodic, notified_on=AS_OF))
    session.flush()
    statements: list[tuple[str, object]] = []

    def collect(_conn, _cursor, statement, parameters, _context, _many) -> None:
        statements.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", collect)
    try:
        load_offender_facts(session, Scope(), AS_OF)
    finally:
        event.remove(engine, "before_cursor_execute", collect)
    connection = session.connection()
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plans = []
    for statement, parameters in statements:
        explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
        rows = connection.exec_driver_sql(explain + statement, parameters).all()
        plans.append("\n".join(str(r[-1]) for r in rows))
    if postgres:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = on")
    used = {name for name in PARTIAL_INDEXES if any(name in plan for plan in plans)}
    assert used == PARTIAL_INDEXES, plans


def test_planned_visits_are_those_not_recorded(session):
    o = f.offender(session)
    recorded = f.visit(session, o, date(2025, 1, 1))
    recorded.planned_for = f.london_moment(date(2024, 12, 30))
    for day in (date(2026, 4, 2), date(2026, 4, 1)):
        session.add(Visit(offender_id=o.id, planned_for=f.london_moment(day)))
    session.add(Visit(offender_id=o.id))  # neither planned nor recorded
    session.flush()
    (facts,) = load_offender_facts(session, Scope(), AS_OF)
    assert [p.planned_for for p in facts.planned_visits] == [date(2026, 4, 1), date(2026, 4, 2)]


def test_the_facts_are_the_same_whatever_the_scope(session):
    """London-wide the loader reads each table without joining the offenders; in a borough it
    joins them: the facts of the borough's offenders are the same either way."""
    for code in ("camden", "hackney"):
        manager = f.officer(session, borough_code=code)
        for _ in range(2):
            o = f.offender(
                session, borough_code=code, manager=manager, risk=RiskLevel.high, home="1 Test Row"
            )
            f.visit(session, o, date(2025, 1, 1))
            f.visit(session, o, date(2025, 2, 1), VisitOutcome.no_reply)
            session.add(
                Notification(offender_id=o.id, kind=NotificationKind.change, notified_on=AS_OF)
            )
    session.flush()
    london = {x.offender_id: x for x in load_offender_facts(session, Scope(), AS_OF)}
    camden = f.borough(session, "camden")
    in_borough = load_offender_facts(session, Scope(borough_id=camden.id), AS_OF)
    assert in_borough
    assert all(x == london[x.offender_id] for x in in_borough)
    by_ids = load_offender_facts(session, Scope(), AS_OF, id_range=(min(london), min(london) + 1))
    assert by_ids == [london[min(london)], london[min(london) + 1]]


# --- allocations as they stood on the scan's day ------------------------------------------------

HANDOVER = date(2026, 3, 16)  # the first allocation's end date, the second's start


@pytest.mark.parametrize(
    ("as_of", "manager", "arrived"),
    [
        (date(2025, 12, 31), None, None),  # before any allocation
        (HANDOVER - timedelta(days=1), "first", None),  # the first's last day in force
        (HANDOVER, "second", HANDOVER),  # ended on its end date; the second in force
        (HANDOVER + timedelta(days=1), "second", HANDOVER),
    ],
)
def test_the_manager_and_caseloads_are_those_in_force_on_the_scan_day(
    session: Session, as_of: date, manager: str | None, arrived: date | None
) -> None:
    """An allocation is in force from its start date until its end date (the next
    allocation's start, as the allocation service records a reallocation): a scan as of an
    earlier day reads who managed the offender then, whose caseload they were in, and
    whether they had yet arrived in the borough."""
    first = f.officer(session, borough_code="camden")
    second = f.officer(session, borough_code="hackney")
    row = f.offender(session, borough_code="hackney", manager=first, assigned_on=date(2026, 1, 1))
    current = session.exec(select(Assignment).where(Assignment.offender_id == row.id)).one()
    current.end_date = HANDOVER
    f.assign(session, row, second, on=HANDOVER, reason="transfer to Hackney")
    session.flush()

    facts = load_facts(session, Scope(), as_of)
    (offender,) = [o for o in facts.offenders if o.offender_id == row.id]
    expected = {"first": first.id, "second": second.id, None: None}[manager]
    assert offender.manager_officer_id == expected
    assert offender.arrived_in_borough_on == arrived
    caseloads = {o.officer_id: o.active_caseload for o in facts.officers}
    assert caseloads[first.id] == (1 if manager == "first" else 0)
    assert caseloads[second.id] == (1 if manager == "second" else 0)


def test_an_officer_who_has_left_manages_no_one(session: Session) -> None:
    """An allocation to an officer no longer active (left the unit) is no manager: the
    offender is unallocated, so the scan asks for one (unassigned_offender)."""
    leaver = f.officer(session)
    row = f.offender(session, manager=leaver, risk=RiskLevel.low)
    day = date(2026, 3, 16)

    def kinds() -> set[str]:
        (offender,) = [
            o for o in load_offender_facts(session, Scope(), day) if o.offender_id == row.id
        ]
        assert offender.manager_officer_id == (None if not leaver.active else leaver.id)
        return {finding.kind for finding in offender_findings(offender, day, POLICY_V1)}

    assert "unassigned_offender" not in kinds()
    leaver.active = False
    session.flush()
    assert "unassigned_offender" in kinds()
