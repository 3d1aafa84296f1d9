"""Load what the warning rules read, for a whole scope at once.

One query per table over the offenders in scope (a borough, an officer's caseload, or London),
grouped by offender in Python: never a query per offender, so that a national caseload with
years of history loads in seconds. Only plain columns are selected (no ORM objects): building
a few hundred thousand ORM rows would cost more than the rules themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import london_date
from ..rules.warnings.facts import (
    AddressFact,
    AttendeeFact,
    BreachFact,
    IntelligenceFact,
    MappaCaseFact,
    MeetingFacts,
    NotificationFact,
    OffenderFacts,
    OfficerFacts,
    OrderFact,
    PlanFact,
    PlannedVisitFact,
    RegistrationFact,
    RiskAssessmentFact,
    VisitFact,
)
from ..store.enums import AddressKind, MeetingStatus, OffenderStatus
from ..store.models import (
    Address,
    Assignment,
    Breach,
    Intelligence,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Notification,
    Offender,
    Officer,
    Order,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
)
from .current import without_jit

HOME_KINDS = (AddressKind.home, AddressKind.no_fixed_abode)


@dataclass(frozen=True)
class Scope:
    """Which records a scan covers: a borough (None: London-wide) and, optionally, one
    officer's current caseload."""

    borough_id: int | None = None
    officer_id: int | None = None


@dataclass(frozen=True)
class LoadedFacts:
    offenders: list[OffenderFacts]
    officers: list[OfficerFacts]
    meetings: list[MeetingFacts]


def _current_assignments() -> Any:
    return select(Assignment.offender_id).where(Assignment.end_date.is_(None))


def _offender_ids(scope: Scope) -> Any | None:
    """A subquery of the offender ids in scope, or None for every offender."""
    if scope.borough_id is None and scope.officer_id is None:
        return None
    query = select(Offender.id)
    if scope.borough_id is not None:
        query = query.where(Offender.borough_id == scope.borough_id)
    if scope.officer_id is not None:
        query = query.where(
            Offender.id.in_(_current_assignments().where(Assignment.officer_id == scope.officer_id))
        )
    return query


class _Reader:
    """Plain rows over Core (no ORM result machinery), with enum and moment columns read as
    text and converted through small caches: at 70,000 offenders the generic per-value type
    processing would cost more than the queries."""

    def __init__(self, session: Session, ids: Any | None) -> None:
        self.connection = session.connection()
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.ids = ids
        self.days: dict[str, date] = {}
        self.dates: dict[str, date] = {}

    def _london_day(self, value: str | None) -> date | None:
        # SQLite holds UTC moments as "YYYY-MM-DD HH:MM:SS.ffffff". London is UTC or one hour
        # ahead, so only a moment in the 23:00 UTC hour can fall on the next London day.
        if value is None:
            return None
        key = value[:10] if value[11:13] != "23" else value[:13]
        day = self.days.get(key)
        if day is None:
            moment = datetime.fromisoformat(value[:13] + ":00").replace(tzinfo=UTC)
            day = self.days[key] = london_date(moment)
        return day

    def column(self, column: Any) -> tuple[Any, Callable[[Any], Any] | None]:
        kind = column.type
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            members = {m.value: m for m in kind.enum_class}
            return sa.type_coerce(column, sa.String()), members.get
        # Stored moments are a TypeDecorator (UTC-aware) over DateTime.
        if isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime):
            if self.postgres:
                return sa.cast(sa.func.timezone("Europe/London", column), sa.Date), None
            return sa.type_coerce(column, sa.String()), self._london_day
        if isinstance(kind, sa.Date) and not self.postgres:
            # SQLAlchemy parses SQLite dates with a regular expression each time; dates repeat.
            return sa.type_coerce(column, sa.String()), self._date
        return column, None

    def _date(self, value: str | None) -> date | None:
        if value is None:
            return None
        day = self.dates.get(value)
        if day is None:
            day = self.dates[value] = date.fromisoformat(value)
        return day

    def rows(self, columns: Iterable[Any], *where: Any, order_by: Iterable[Any] = ()) -> list[Any]:
        """Rows of the given columns (moments as London dates) for the offenders in scope; the
        first column is the offender id."""
        cols = list(columns)
        exprs, converters = zip(*(self.column(c) for c in cols), strict=True)
        query = sa.select(*exprs).where(*where).order_by(cols[0], *order_by)
        if self.ids is not None:
            query = query.where(cols[0].in_(self.ids))
        raw = self.connection.execute(query).all()
        convert = [(i, f) for i, f in enumerate(converters) if f is not None]
        if not convert:
            return raw
        out: list[Any] = []
        for row in raw:
            values = list(row)
            for i, f in convert:
                values[i] = f(values[i])
            out.append(values)
        return out


def _grouped(rows: Iterable[Any], make: Callable[[Any], Any]) -> dict[int, tuple[Any, ...]]:
    """Facts per offender, in the rows' (SQL) order."""
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(make(row))
    return {oid: tuple(items) for oid, items in groups.items()}


def load_offender_facts(session: Session, scope: Scope) -> list[OffenderFacts]:
    ids = _offender_ids(scope)
    read = _Reader(session, ids)
    offenders = read.rows(
        (
            Offender.id,
            Offender.ref,
            Offender.status,
            Offender.borough_id,
            Offender.mappa_category,
            Offender.mappa_level,
            Offender.created_at,
        )
    )
    officer_borough = dict(read.connection.execute(sa.select(Officer.id, Officer.borough_id)).all())
    own_borough = {row[0]: row[3] for row in offenders}

    # Assignments: the current manager, and when the offender came into this borough's hands.
    manager: dict[int, int] = {}
    arrived: dict[int, date] = {}
    history = _grouped(
        read.rows(
            (
                Assignment.offender_id,
                Assignment.start_date,
                Assignment.officer_id,
                Assignment.end_date,
            ),
            order_by=(Assignment.start_date, Assignment.id),
        ),
        tuple,
    )
    for oid, rows in history.items():
        current = [r for r in rows if r[3] is None]
        if current:
            manager[oid] = current[-1][2]
        # Walk back over this borough's run of assignments; an earlier one elsewhere means the
        # offender was transferred in at the start of the run.
        home = own_borough.get(oid)
        run_start: date | None = None
        for _oid, start, officer_id, _end in reversed(rows):
            if officer_borough.get(officer_id) == home:
                run_start = start
                continue
            if run_start is not None:
                arrived[oid] = run_start
            break

    # The latest registration: the last in (conviction date, id) order.
    registration = {
        row[0]: RegistrationFact(*row[1:])
        for row in read.rows(
            (
                Registration.offender_id,
                Registration.conviction_date,
                Registration.disposal,
                Registration.sentence_months,
                Registration.age_at_conviction,
                Registration.first_notification_date,
                Registration.release_date,
            ),
            order_by=(Registration.conviction_date, Registration.id),
        )
    }
    risks = _grouped(
        read.rows(
            (
                RiskAssessment.offender_id,
                RiskAssessment.assessed_on,
                RiskAssessment.level,
                RiskAssessment.next_review_on,
            ),
            order_by=(RiskAssessment.assessed_on, RiskAssessment.id),
        ),
        lambda r: RiskAssessmentFact(r[1], r[2], r[3]),
    )
    plans = _grouped(
        read.rows(
            (
                VisitPlanDecision.offender_id,
                VisitPlanDecision.kind,
                VisitPlanDecision.effective_from,
                VisitPlanDecision.interval_days,
                VisitPlanDecision.ended_on,
            ),
            order_by=(VisitPlanDecision.effective_from, VisitPlanDecision.id),
        ),
        lambda r: PlanFact(r[1], r[2], r[3], r[4]),
    )
    visits = _grouped(
        read.rows(
            (Visit.offender_id, Visit.occurred_at, Visit.kind, Visit.outcome),
            Visit.occurred_at.is_not(None),
            order_by=(Visit.occurred_at, Visit.id),
        ),
        lambda r: VisitFact(r[1], r[2], r[3]),
    )
    planned = _grouped(
        read.rows(
            (Visit.offender_id, Visit.planned_for),
            Visit.occurred_at.is_(None),
            Visit.planned_for.is_not(None),
            order_by=(Visit.planned_for, Visit.id),
        ),
        lambda r: PlannedVisitFact(r[1]),
    )
    notifications = _grouped(
        read.rows(
            (
                Notification.offender_id,
                Notification.kind,
                Notification.notified_on,
                Notification.event_on,
                Notification.change_type,
                Notification.travel_departure_on,
                Notification.travel_short_notice_reason,
            ),
            order_by=(Notification.notified_on, Notification.id),
        ),
        lambda r: NotificationFact(*r[1:]),
    )
    homes = _grouped(
        read.rows(
            (
                Address.offender_id,
                Address.valid_from,
                Address.valid_to,
                Address.kind,
                Address.borough_id,
            ),
            Address.kind.in_(HOME_KINDS),
            order_by=(Address.valid_from, Address.id),
        ),
        lambda r: AddressFact(r[1], r[2], r[3] == AddressKind.no_fixed_abode, r[4]),
    )
    breaches = _grouped(
        read.rows(
            (
                Breach.offender_id,
                Breach.id,
                Breach.found_on,
                Breach.occurred_on,
                Breach.action,
                Breach.action_on,
            ),
            order_by=(Breach.found_on, Breach.id),
        ),
        lambda r: BreachFact(*r[1:]),
    )
    intelligence = _grouped(
        read.rows(
            (Intelligence.offender_id, Intelligence.received_on, Intelligence.is_concern),
            order_by=(Intelligence.received_on, Intelligence.id),
        ),
        lambda r: IntelligenceFact(r[1], bool(r[2])),
    )
    orders = _grouped(
        read.rows(
            (
                Order.offender_id,
                Order.id,
                Order.kind,
                Order.made_on,
                Order.starts_on,
                Order.ends_on,
                Order.status,
            ),
            order_by=(Order.made_on, Order.id),
        ),
        lambda r: OrderFact(*r[1:]),
    )
    cases = _grouped(
        read.rows(
            (
                MappaCase.offender_id,
                MappaMeeting.ref,
                MappaMeeting.level,
                MappaMeeting.held_at,
                MappaMeeting.status,
                MappaCase.next_review_on,
            ),
            MappaMeeting.id == MappaCase.meeting_id,
            order_by=(MappaMeeting.held_at, MappaMeeting.id),
        ),
        lambda r: MappaCaseFact(r[1], r[2], r[3], r[4] == MeetingStatus.held, r[5]),
    )

    empty: tuple[Any, ...] = ()
    return [
        OffenderFacts(
            offender_id=oid,
            ref=ref,
            status=status,
            borough_id=borough_id,
            manager_officer_id=manager.get(oid),
            mappa_category=category,
            mappa_level=level,
            registration=registration.get(oid),
            recorded_on=recorded_on,
            arrived_in_borough_on=arrived.get(oid),
            risk_assessments=risks.get(oid, empty),
            plans=plans.get(oid, empty),
            visits=visits.get(oid, empty),
            planned_visits=planned.get(oid, empty),
            notifications=notifications.get(oid, empty),
            homes=homes.get(oid, empty),
            breaches=breaches.get(oid, empty),
            intelligence=intelligence.get(oid, empty),
            orders=orders.get(oid, empty),
            mappa_cases=cases.get(oid, empty),
        )
        for oid, ref, status, borough_id, category, level, recorded_on in offenders
    ]


def load_officer_facts(session: Session, scope: Scope) -> list[OfficerFacts]:
    """Active officers in scope, with their active caseload (current assignments of offenders
    whose status is active)."""
    query = sa.select(
        Officer.id,
        Officer.warrant_number,
        Officer.forenames,
        Officer.surname,
        Officer.borough_id,
        Officer.capacity,
    ).where(Officer.active.is_(True))
    if scope.borough_id is not None:
        query = query.where(Officer.borough_id == scope.borough_id)
    if scope.officer_id is not None:
        query = query.where(Officer.id == scope.officer_id)
    officers = session.execute(query.order_by(Officer.id)).all()
    counts_query = (
        sa.select(Assignment.officer_id, sa.func.count(sa.distinct(Assignment.offender_id)))
        .join(Offender, Offender.id == Assignment.offender_id)
        .where(Assignment.end_date.is_(None), Offender.status == OffenderStatus.active)
        .group_by(Assignment.officer_id)
    )
    if scope.officer_id is not None:
        counts_query = counts_query.where(Assignment.officer_id == scope.officer_id)
    counts = dict(session.execute(counts_query).all())
    return [
        OfficerFacts(
            officer_id=o.id,
            warrant_number=o.warrant_number,
            name=f"{o.forenames} {o.surname}",
            borough_id=o.borough_id,
            capacity=o.capacity,
            active_caseload=counts.get(o.id, 0),
        )
        for o in officers
    ]


def load_meeting_facts(session: Session, scope: Scope) -> list[MeetingFacts]:
    """MAPPA meetings in the borough (an officer's scan covers no meetings: they belong to the
    borough's MAPPA arrangements, not to one officer)."""
    if scope.officer_id is not None:
        return []
    query = sa.select(
        MappaMeeting.id,
        MappaMeeting.ref,
        MappaMeeting.borough_id,
        MappaMeeting.level,
        MappaMeeting.held_at,
        MappaMeeting.status,
    )
    meeting_ids: Any | None = None
    if scope.borough_id is not None:
        query = query.where(MappaMeeting.borough_id == scope.borough_id)
        meeting_ids = select(MappaMeeting.id).where(MappaMeeting.borough_id == scope.borough_id)
    meetings = session.execute(query.order_by(MappaMeeting.id)).all()

    attendees: dict[int, list[AttendeeFact]] = defaultdict(list)
    attendee_query = sa.select(
        MappaAttendee.meeting_id, MappaAttendee.agency, MappaAttendee.attended, MappaAttendee.rank
    ).order_by(MappaAttendee.id)
    if meeting_ids is not None:
        attendee_query = attendee_query.where(MappaAttendee.meeting_id.in_(meeting_ids))
    for mid, agency, attended, rank in session.execute(attendee_query).all():
        attendees[mid].append(AttendeeFact(agency, bool(attended), rank))

    children: set[int] = set()
    refs: dict[int, list[str]] = defaultdict(list)
    case_query = (
        sa.select(MappaCase.meeting_id, MappaCase.children_at_risk, Offender.ref)
        .join(Offender, Offender.id == MappaCase.offender_id)
        .order_by(MappaCase.id)
    )
    if meeting_ids is not None:
        case_query = case_query.where(MappaCase.meeting_id.in_(meeting_ids))
    for mid, at_risk, ref in session.execute(case_query).all():
        refs[mid].append(ref)
        if at_risk:
            children.add(mid)

    return [
        MeetingFacts(
            meeting_id=m.id,
            ref=m.ref,
            borough_id=m.borough_id,
            level=m.level,
            held_on=london_date(m.held_at),
            held=m.status == MeetingStatus.held,
            attendees=tuple(attendees.get(m.id, ())),
            children_at_risk=m.id in children,
            offender_refs=tuple(refs.get(m.id, ())),
        )
        for m in meetings
    ]


def load_facts(session: Session, scope: Scope) -> LoadedFacts:
    without_jit(session)  # whole-table scans: PostgreSQL's JIT would cost more than it saves
    return LoadedFacts(
        offenders=load_offender_facts(session, scope),
        officers=load_officer_facts(session, scope),
        meetings=load_meeting_facts(session, scope),
    )
