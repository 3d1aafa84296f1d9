"""Figures for managers: per borough (or London), per officer, and month by month.

The inspection found "no reliable figures for managers". Each figure here means one thing,
written once in the docstring of its field (`FigureRow`, `MonthRow`) and listed in
docs/figures.md, and each agrees with the warnings engine: a borough's overdue visits on a day
are the offenders a warning scan as of that day would list as `home_visit_overdue` or
`first_home_visit_overdue`, worked out by the same rule (`rules.visit_schedule`), the same
policy and the same reading of the record (only what is dated on or before the day counts).

Scope and attribution:
- The borough's figures cover the offenders it manages (`Offender.borough_id`; London: the 32
  boroughs, not the central team). Status and borough are today's: the record keeps no
  history of them, so a figure as of a past day uses the present ones.
- Figures about the caseload as it stands (offenders, capacity, overdue visits, risk reviews,
  breaches awaiting action) count *active* offenders, as the warnings do (breaches awaiting
  action: every status, as the warning does), under the offender manager in force on `as_of`.
- Figures about work in the period (visits, first visits, breaches found, MAPPA meetings) count
  every offender of the borough whatever their status now, each event under the offender
  manager in force on its day, so that an officer answers for their own work, not for a
  predecessor's. Officer rows therefore add up to the borough's, except for work on offenders
  who had no offender manager that day (and `unallocated` offenders).
- The period is the last `months` calendar months, the month of `as_of` being the last and
  ending on `as_of`: with as_of 27 Nov 2026 and 12 months, 1 Dec 2025 to 27 Nov 2026. Each
  MonthRow is one of those months, so the months add up to the period.

How it runs: a few plain-column queries over the scope (no ORM rows, no query per offender),
then one pass per offender over their short, sorted history with the rules evaluated at each
month end. The rules are Python, so overdue-ness at past month ends cannot be an SQL aggregate
without writing the rules a second time in SQL (services/current.py's SQL forms know only
"today" and not arrivals in the borough): one definition, evaluated here as in the scan, is
what makes the figures agree with the warnings.
"""

from __future__ import annotations

import bisect
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import LONDON, add_months, format_date, london_date, london_today
from ..rules.policy import Policy
from ..rules.visit_schedule import (
    PlanDecision,
    VisitDue,
    arrival_in_borough,
    next_home_visit_due,
)
from ..store.enums import (
    RANK_SENIORITY,
    Agency,
    AuditAction,
    MeetingStatus,
    OffenderStatus,
    PlanKind,
    Rank,
    RiskLevel,
    TeamRole,
    VisitKind,
    VisitOutcome,
)
from ..store.models import (
    Assignment,
    Borough,
    Breach,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Offender,
    Officer,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
)
from . import audit
from .actor import Actor
from .current import counted_visit_terms, officer_list_name, without_jit
from .errors import NotFound, Problem, ValidationFailed
from .permissions import Action, require
from .policy import current_policy

MAX_MONTHS = 60
LONDON_LABEL = "London"


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """The figures for a borough (or London), or for one officer. Counts are whole numbers;
    rates and shares are percentages to one decimal place, None when there is nothing to
    divide by."""

    label: str
    """The borough's name ("London" for all boroughs), or the officer as listed: "Quillowby,
    Ada (DC)"."""
    borough: str
    """The borough's name (an officer's own borough)."""
    warrant_number: str | None = None
    """The officer's warrant number (None on a borough's row)."""
    team: str | None = None
    """The officer's team within the borough's Jigsaw unit (None on a borough's row)."""
    active: bool = True
    """False for an officer no longer active, listed for their work in the period."""
    offenders: int = 0
    """Offenders managed: active offenders of the borough; for an officer, the active offenders
    assigned to them on the day of the figures."""
    unallocated: int = 0
    """Active offenders of the borough with no offender manager on the day (0 for an
    officer)."""
    capacity: int = 0
    """Capacity: the officer's own capacity, else the policy's default; for a borough, the sum
    over its active offender managers."""
    caseload_percent: float | None = None
    """Caseload against capacity: offenders managed as a percentage of capacity."""
    over_capacity: int = 0
    """Officers whose caseload is above their capacity (1 or 0 for an officer)."""
    risk_weighted_load: int = 0
    """Risk-weighted caseload: the sum of the policy's weights for each offender's risk level on
    the day (an offender not yet assessed weighs as very high, as in the caseload figures)."""
    overdue_visits: int = 0
    """Overdue home visits: active offenders whose home visit (first or routine) is overdue on
    the day, exactly those a warning scan as of that day lists as home_visit_overdue or
    first_home_visit_overdue (a visit due today is not overdue; due yesterday, 1 day)."""
    oldest_overdue_days: int | None = None
    """Days overdue of the longest-overdue home visit among them (None when none is)."""
    home_visits: int = 0
    """Home visits made in the period: recorded attempts at a home visit with an outcome,
    cancelled ones excepted (a cancelled visit was not an attempt)."""
    unsuccessful_visits: int = 0
    """Unsuccessful home visits in the period: attempts whose outcome was anything but
    successful (no reply, refused entry, absent, seen elsewhere...), or successful at an
    address that was not the offender's home that day: they do not satisfy the schedule."""
    unsuccessful_rate: float | None = None
    """Unsuccessful home visits as a percentage of home visits in the period."""
    unannounced_visits: int = 0
    """Home visits in the period that were unannounced."""
    unannounced_share: float | None = None
    """Unannounced home visits as a percentage of home visits in the period."""
    first_visits_due: int = 0
    """First home visits due: first-visit deadlines (schedule start + the policy's days, the
    start being a first notification, release or arrival in the borough, as the warnings take
    it) that fell in the period and have passed (before the day of the figures); a start
    overtaken by a later one before its deadline is not counted."""
    first_visits_on_time: int = 0
    """Of those, the ones met: a successful home visit between the start and the deadline,
    both included."""
    first_visits_on_time_rate: float | None = None
    """First home visits on time as a percentage of first home visits due."""
    breaches_found: int = 0
    """Breaches found in the period (by the date found)."""
    breaches_actioned: int = 0
    """Of those, the ones with an action recorded (arrest, interview, charge, caution, warning,
    or no further action with a reason) by the day of the figures."""
    median_days_to_act: float | None = None
    """Median days from finding a breach to the action, over the breaches actioned whose action
    date is recorded."""
    breaches_action_overdue: int = 0
    """Breaches, found at any time, still without action after the policy's decision deadline
    on the day: those a scan lists as breach_action_overdue."""
    risk_reviews_overdue: int = 0
    """Active offenders whose risk review is overdue on the day, or whose first risk assessment
    is (the warnings risk_review_overdue and risk_assessment_missing)."""
    mappa_meetings: int = 0
    """Level 2 and 3 MAPPA meetings held in the period: the borough's meetings; for an officer,
    those that discussed an offender they managed on the day of the meeting."""
    mappa_at_expected_rank: int = 0
    """Of those, the ones a police officer attended at the expected rank or above (policy:
    inspector for level 2, superintendent for level 3; a DI counts as an inspector)."""
    mappa_at_expected_rank_rate: float | None = None
    """MAPPA meetings at the expected rank as a percentage of those held."""
    offender_managers: int | None = None
    """Active officers whose team role is offender manager (None on an officer's row)."""
    offenders_per_manager: float | None = None
    """Offenders managed per offender manager: the ratio of offender managers to offenders
    managed, as offenders per manager (None on an officer's row, or with no manager)."""


@dataclass(frozen=True)
class MonthRow:
    """One calendar month of the period."""

    month: date
    """The first day of the month."""
    ends_on: date
    """The month's last day, or the day of the figures for the month in progress."""
    overdue_visits: int
    """Overdue home visits on `ends_on` (as the figure of that name, on that day)."""
    oldest_overdue_days: int | None
    """Days overdue of the longest-overdue of them on `ends_on`."""
    home_visits: int
    """Home visits made in the month (attempts, as the figure of that name)."""
    unsuccessful_visits: int
    """Unsuccessful home visits in the month."""
    unsuccessful_share: float | None
    """Unsuccessful home visits as a percentage of the month's home visits."""
    breaches_found: int
    """Breaches found in the month."""


@dataclass(frozen=True)
class PerformanceFigures:
    borough: str
    """The borough's name, or "London"."""
    as_of: date
    """The day of the figures: state figures are as of its end, the period ends on it."""
    policy_version: int
    """The force policy whose numbers (intervals, deadlines, capacity, weights, ranks) apply."""
    totals: FigureRow
    officers: tuple[FigureRow, ...]
    """Active offender managers of the scope, and any other officer something is counted
    under, by borough then name."""
    monthly: tuple[MonthRow, ...]
    """Oldest month first."""
    borough_code: str | None
    """The borough's code, None for London."""
    period_start: date
    """The first day of the period (the first day of its first month)."""


# --- plain history per offender ---------------------------------------------------------------


@dataclass
class _History:
    """What the figures read about one offender, oldest first."""

    offender_id: int
    status: str
    borough_id: int
    recorded_on: date
    # (start, officer id, end), in (start date, id) order.
    assignments: list[tuple[date, int, date | None]] = field(default_factory=list)
    arrived_on: date | None = None
    # The latest registration: (conviction, first notification, release).
    registration: tuple[date, date | None, date | None] | None = None
    risk_days: list[date] = field(default_factory=list)
    risks: list[tuple[date, str, date | None]] = field(default_factory=list)
    # (effective from, kind, interval days, ended on)
    plans: list[tuple[date, str, int | None, date | None]] = field(default_factory=list)
    successful_visits: list[date] = field(default_factory=list)
    # (found on, action, action on)
    breaches: list[tuple[date, str | None, date | None]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.status == OffenderStatus.active

    def manager_on(self, day: date) -> int | None:
        """The offender manager in force on the day: an assignment runs from its start date to
        the day before its end date (a reallocation ends one and starts the next on the same
        day); on a tie, the later-recorded."""
        for start, officer_id, end in reversed(self.assignments):
            if start <= day and (end is None or end > day):
                return officer_id
        return None

    def risk_on(self, day: date) -> tuple[date, str, date | None] | None:
        """The latest assessment made on or before the day (on a tie, the later-recorded)."""
        i = bisect.bisect_right(self.risk_days, day)
        return self.risks[i - 1] if i else None

    def plan_on(self, day: date) -> PlanDecision | None:
        """The visit-plan decision in force on the day (latest start; tie: later-recorded); an
        individual frequency without a usable interval leaves the tariff in force, as in the
        warnings."""
        live = [p for p in self.plans if p[0] <= day and (p[3] is None or p[3] > day)]
        if not live:
            return None
        chosen = max(reversed(live), key=lambda p: p[0])
        try:
            return PlanDecision(PlanKind(chosen[1]), chosen[2])
        except ValueError:
            return None

    def schedule_starts(self) -> list[date]:
        """Every date the home-visit schedule (re)starts, as the warnings take them: the first
        notification and the release of the latest registration (the conviction when it has
        neither; the date recorded when there is no registration), and the arrival in the
        borough."""
        starts: list[date] = []
        if self.registration is not None:
            conviction, first, release = self.registration
            starts += [d for d in (first, release) if d is not None] or [conviction]
        else:
            starts.append(self.recorded_on)
        if self.arrived_on is not None:
            starts.append(self.arrived_on)
        return sorted(set(starts))

    def schedule_start_on(self, day: date) -> date | None:
        started = [d for d in self.schedule_starts() if d <= day]
        return max(started) if started else None

    def last_successful_on(self, day: date) -> date | None:
        i = bisect.bisect_right(self.successful_visits, day)
        return self.successful_visits[i - 1] if i else None

    def visit_due_on(self, day: date, policy: Policy) -> VisitDue | None:
        """The home visit due as the warnings see it on the day (None: not started yet, or
        reactive management)."""
        start = self.schedule_start_on(day)
        if start is None:
            return None
        risk = self.risk_on(day)
        return next_home_visit_due(
            registered_on=start,
            risk_level=RiskLevel(risk[1]) if risk else None,
            last_successful_home_visit=self.last_successful_on(day),
            plan=self.plan_on(day),
            policy=policy,
        )

    def registered_on(self) -> date:
        """The registration date for the first risk assessment, as the warnings take it."""
        if self.registration is None:
            return self.recorded_on
        conviction, first, release = self.registration
        return first or release or conviction

    def risk_review_overdue(self, day: date, policy: Policy) -> bool:
        latest = self.risk_on(day)
        if latest is None:
            due = self.registered_on() + timedelta(days=policy.first_risk_assessment_days)
        else:
            assessed_on, _level, next_review_on = latest
            due = next_review_on or assessed_on + timedelta(days=policy.risk_review_days)
        return day > due


# --- loading ----------------------------------------------------------------------------------


class _Loader:
    """Plain rows for the offenders of the scope. Stored moments are read as London dates: in
    SQL on PostgreSQL, and on SQLite (no time zone data) from the stored UTC text, converted
    once per distinct UTC hour (London is UTC or an hour ahead, so the hour decides the day)."""

    def __init__(self, session: Session, borough_ids: list[int]) -> None:
        self.session = session
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.ids = select(Offender.id).where(Offender.borough_id.in_(borough_ids))
        self._days: dict[str, date] = {}

    def day(self, column: Any) -> Any:
        if self.postgres:
            return sa.cast(sa.func.timezone("Europe/London", column), sa.Date)
        return sa.type_coerce(column, sa.String())

    def to_day(self, value: Any) -> date:
        if isinstance(value, date):
            return value
        key = value[:13]
        found = self._days.get(key)
        if found is None:
            moment = datetime.fromisoformat(key + ":00").replace(tzinfo=UTC)
            found = self._days[key] = london_date(moment)
        return found

    def rows(self, query: Any) -> list[Any]:
        return list(self.session.connection().execute(query).all())


def _moment(day: date) -> datetime:
    """The start of a London day, as an aware moment (to compare stored moments with)."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def _load(
    session: Session, borough_ids: list[int], period_start: date, as_of: date
) -> tuple[dict[int, _History], list[tuple[int, date, str, bool]]]:
    """Per offender their history, and the home-visit attempts of the period as (offender,
    day, outcome, announced)."""
    load = _Loader(session, borough_ids)
    ids = load.ids
    history: dict[int, _History] = {}
    for oid, status, borough_id, created in load.rows(
        sa.select(
            Offender.id, Offender.status, Offender.borough_id, load.day(Offender.created_at)
        ).where(Offender.borough_id.in_(borough_ids))
    ):
        history[oid] = _History(oid, str(status), borough_id, load.to_day(created))

    officer_borough: dict[int, int] = dict(
        session.execute(sa.select(Officer.id, Officer.borough_id)).all()
    )
    for oid, start, officer_id, end in load.rows(
        sa.select(
            Assignment.offender_id,
            Assignment.start_date,
            Assignment.officer_id,
            Assignment.end_date,
        )
        .where(Assignment.offender_id.in_(ids))
        .order_by(Assignment.offender_id, Assignment.start_date, Assignment.id)
    ):
        history[oid].assignments.append((start, officer_id, end))
    for h in history.values():
        h.arrived_on = arrival_in_borough(
            [(start, officer_borough.get(officer_id)) for start, officer_id, _end in h.assignments],
            h.borough_id,
        )

    for oid, conviction, first, release in load.rows(
        sa.select(
            Registration.offender_id,
            Registration.conviction_date,
            Registration.first_notification_date,
            Registration.release_date,
        )
        .where(Registration.offender_id.in_(ids))
        .order_by(Registration.offender_id, Registration.conviction_date, Registration.id)
    ):
        history[oid].registration = (conviction, first, release)  # the last one stays

    for oid, assessed_on, level, next_review_on in load.rows(
        sa.select(
            RiskAssessment.offender_id,
            RiskAssessment.assessed_on,
            RiskAssessment.level,
            RiskAssessment.next_review_on,
        )
        .where(RiskAssessment.offender_id.in_(ids), RiskAssessment.assessed_on <= as_of)
        .order_by(RiskAssessment.offender_id, RiskAssessment.assessed_on, RiskAssessment.id)
    ):
        h = history[oid]
        h.risk_days.append(assessed_on)
        h.risks.append((assessed_on, str(level), next_review_on))

    for oid, kind, effective_from, interval, ended_on in load.rows(
        sa.select(
            VisitPlanDecision.offender_id,
            VisitPlanDecision.kind,
            VisitPlanDecision.effective_from,
            VisitPlanDecision.interval_days,
            VisitPlanDecision.ended_on,
        )
        .where(VisitPlanDecision.offender_id.in_(ids), VisitPlanDecision.effective_from <= as_of)
        .order_by(
            VisitPlanDecision.offender_id, VisitPlanDecision.effective_from, VisitPlanDecision.id
        )
    ):
        history[oid].plans.append((effective_from, str(kind), interval, ended_on))

    # Successful home visits: before the period only the last one matters (the first month
    # end looks back to it), so the database reduces those to one row per offender.
    before = _moment(period_start)
    end = _moment(as_of + timedelta(days=1))
    successful = (Visit.offender_id.in_(ids), *counted_visit_terms())
    for oid, moment in load.rows(
        sa.select(Visit.offender_id, load.day(sa.func.max(Visit.occurred_at)))
        .where(*successful, Visit.occurred_at < before)
        .group_by(Visit.offender_id)
    ):
        history[oid].successful_visits.append(load.to_day(moment))
    for oid, moment in load.rows(
        sa.select(Visit.offender_id, load.day(Visit.occurred_at))
        .where(*successful, Visit.occurred_at >= before, Visit.occurred_at < end)
        .order_by(Visit.offender_id, Visit.occurred_at)
    ):
        history[oid].successful_visits.append(load.to_day(moment))

    attempts = [
        # A "successful" visit away from the home did not satisfy the schedule: unsuccessful.
        (oid, load.to_day(moment), str(outcome) if at_home else "", bool(announced))
        for oid, moment, outcome, announced, at_home in load.rows(
            sa.select(
                Visit.offender_id,
                load.day(Visit.occurred_at),
                Visit.outcome,
                Visit.announced,
                Visit.at_home,
            )
            .where(
                Visit.offender_id.in_(ids),
                Visit.kind == VisitKind.home_visit,
                Visit.outcome.is_not(None),
                Visit.outcome != VisitOutcome.cancelled,
                Visit.occurred_at >= before,
                Visit.occurred_at < end,
            )
            .order_by(Visit.offender_id, Visit.occurred_at)
        )
    ]

    for oid, found_on, action, action_on in load.rows(
        sa.select(Breach.offender_id, Breach.found_on, Breach.action, Breach.action_on)
        .where(Breach.offender_id.in_(ids), Breach.found_on <= as_of)
        .order_by(Breach.offender_id, Breach.found_on, Breach.id)
    ):
        history[oid].breaches.append((found_on, str(action) if action else None, action_on))
    return history, attempts


@dataclass(frozen=True)
class _Meeting:
    meeting_id: int
    day: date
    at_rank: bool
    offender_ids: tuple[int, ...]


def _meetings(
    session: Session, borough_ids: list[int], period_start: date, as_of: date, policy: Policy
) -> list[_Meeting]:
    """Level 2/3 meetings of the scope held in the period, with whether police attended at the
    expected rank (the warning mappa_rank_below_guidance's test: the most senior police
    attendee present, with a rank recorded, at or above the level's minimum)."""
    load = _Loader(session, borough_ids)
    rows = load.rows(
        sa.select(MappaMeeting.id, MappaMeeting.level, load.day(MappaMeeting.held_at)).where(
            MappaMeeting.borough_id.in_(borough_ids),
            MappaMeeting.level.in_((2, 3)),
            MappaMeeting.status == MeetingStatus.held,
            MappaMeeting.held_at >= _moment(period_start),
            MappaMeeting.held_at < _moment(as_of + timedelta(days=1)),
        )
    )
    if not rows:
        return []
    meeting_ids = [r[0] for r in rows]
    best: dict[int, int] = {}
    for mid, rank in session.execute(
        sa.select(MappaAttendee.meeting_id, MappaAttendee.rank).where(
            MappaAttendee.meeting_id.in_(meeting_ids),
            MappaAttendee.agency == Agency.police,
            MappaAttendee.attended.is_(True),
            MappaAttendee.rank.is_not(None),
        )
    ).all():
        best[mid] = max(best.get(mid, -1), RANK_SENIORITY[Rank(rank)])
    cases: dict[int, list[int]] = defaultdict(list)
    for mid, oid in session.execute(
        sa.select(MappaCase.meeting_id, MappaCase.offender_id).where(
            MappaCase.meeting_id.in_(meeting_ids)
        )
    ).all():
        cases[mid].append(oid)
    out = []
    for mid, level, held in rows:
        expected = policy.mappa_min_rank(level)
        at_rank = expected is not None and best.get(mid, -1) >= RANK_SENIORITY[expected]
        out.append(_Meeting(mid, load.to_day(held), at_rank, tuple(cases.get(mid, ()))))
    return out


# --- counting ---------------------------------------------------------------------------------


@dataclass
class _Tally:
    """Counts for one row, frozen into a FigureRow at the end."""

    offenders: int = 0
    unallocated: int = 0
    weighted: int = 0
    overdue: int = 0
    oldest: int | None = None
    visits: int = 0
    unsuccessful: int = 0
    unannounced: int = 0
    first_due: int = 0
    first_on_time: int = 0
    breaches: int = 0
    actioned: int = 0
    days_to_act: list[int] = field(default_factory=list)
    action_overdue: int = 0
    reviews_overdue: int = 0
    meetings: set[int] = field(default_factory=set)
    meetings_at_rank: set[int] = field(default_factory=set)

    def overdue_by(self, days: int) -> None:
        self.overdue += 1
        self.oldest = days if self.oldest is None else max(self.oldest, days)


def percent(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole` to one decimal place; None when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


def _freeze(
    t: _Tally,
    *,
    label: str,
    borough: str,
    capacity: int,
    over_capacity: int,
    warrant_number: str | None = None,
    team: str | None = None,
    active: bool = True,
    managers: int | None = None,
) -> FigureRow:
    return FigureRow(
        label=label,
        borough=borough,
        warrant_number=warrant_number,
        team=team,
        active=active,
        offenders=t.offenders,
        unallocated=t.unallocated,
        capacity=capacity,
        caseload_percent=percent(t.offenders, capacity),
        over_capacity=over_capacity,
        risk_weighted_load=t.weighted,
        overdue_visits=t.overdue,
        oldest_overdue_days=t.oldest,
        home_visits=t.visits,
        unsuccessful_visits=t.unsuccessful,
        unsuccessful_rate=percent(t.unsuccessful, t.visits),
        unannounced_visits=t.unannounced,
        unannounced_share=percent(t.unannounced, t.visits),
        first_visits_due=t.first_due,
        first_visits_on_time=t.first_on_time,
        first_visits_on_time_rate=percent(t.first_on_time, t.first_due),
        breaches_found=t.breaches,
        breaches_actioned=t.actioned,
        median_days_to_act=(
            round(float(statistics.median(t.days_to_act)), 1) if t.days_to_act else None
        ),
        breaches_action_overdue=t.action_overdue,
        risk_reviews_overdue=t.reviews_overdue,
        mappa_meetings=len(t.meetings),
        mappa_at_expected_rank=len(t.meetings_at_rank),
        mappa_at_expected_rank_rate=percent(len(t.meetings_at_rank), len(t.meetings)),
        offender_managers=managers,
        offenders_per_manager=(round(t.offenders / managers, 1) if managers else None),
    )


@dataclass
class _Month:
    month: date
    ends_on: date
    overdue: int = 0
    oldest: int | None = None
    visits: int = 0
    unsuccessful: int = 0
    breaches: int = 0


def month_ends(as_of: date, months: int) -> list[tuple[date, date]]:
    """(first day, last day) of each month of the period, oldest first; the last month ends on
    as_of."""
    this_month = as_of.replace(day=1)
    out = []
    for back in range(months - 1, -1, -1):
        first = add_months(this_month, -back)
        last = add_months(first, 1) - timedelta(days=1)
        out.append((first, min(last, as_of)))
    return out


def _weight(risk: tuple[date, str, date | None] | None, policy: Policy) -> int:
    return policy.caseload_weight(RiskLevel(risk[1]) if risk else RiskLevel.very_high)


def _first_visits(
    h: _History, period_start: date, as_of: date, policy: Policy
) -> Iterable[tuple[date, bool]]:
    """(deadline, met) for each first-visit deadline of the period that has passed."""
    starts = h.schedule_starts()
    days = timedelta(days=policy.first_home_visit_days)
    for i, start in enumerate(starts):
        deadline = start + days
        if not period_start <= deadline < as_of:
            continue
        if i + 1 < len(starts) and starts[i + 1] <= deadline:
            continue  # overtaken: the schedule restarted before this deadline
        j = bisect.bisect_left(h.successful_visits, start)
        met = j < len(h.successful_visits) and h.successful_visits[j] <= deadline
        yield deadline, met


# --- the service ------------------------------------------------------------------------------


def _scope(
    session: Session, actor: Actor, borough_code: str | None
) -> tuple[Borough | None, list[Borough]]:
    """The borough asked for (None: London), and the boroughs it covers. Permission is checked
    against the borough, so a borough user asking for another borough, or for London, is
    refused."""
    if borough_code is not None:
        found = session.exec(select(Borough).where(Borough.code == borough_code.strip())).first()
        if found is None:
            raise NotFound(f"no borough with code {borough_code!r}")
        require(session, actor, Action.view_stats, borough_id=found.id)
        return found, [found]
    if not actor.london_wide:
        own = session.get(Borough, actor.borough_id)
        assert own is not None
        require(session, actor, Action.view_stats, borough_id=own.id)
        return own, [own]
    require(session, actor, Action.view_stats)
    boroughs = session.exec(
        select(Borough).where(Borough.is_central == sa.false()).order_by(Borough.name)
    ).all()
    return None, list(boroughs)


def performance_figures(
    session: Session,
    actor: Actor,
    *,
    borough_code: str | None = None,
    as_of: date,
    months: int = 12,
) -> PerformanceFigures:
    """The figures for a borough (None: the actor's own borough, or London for a London-wide
    actor) as of a day, with the last `months` months (see the module docstring). Supervisors,
    read-only managers and administrators; logged as a consultation of statistics."""
    require(session, actor, Action.view_stats)
    problems: list[Problem] = []
    if not 1 <= months <= MAX_MONTHS:
        problems.append(Problem("", "months", f"must be between 1 and {MAX_MONTHS}"))
    if as_of > london_today():
        problems.append(Problem("", "as_of", f"{format_date(as_of)} is in the future"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    borough, boroughs = _scope(session, actor, borough_code)
    policy = current_policy(session)
    without_jit(session)

    ends = month_ends(as_of, months)
    period_start = ends[0][0]
    borough_ids = [b.id for b in boroughs if b.id is not None]
    history, attempts = _load(session, borough_ids, period_start, as_of)
    meetings = _meetings(session, borough_ids, period_start, as_of, policy)

    total = _Tally()
    per_officer: dict[int, _Tally] = defaultdict(_Tally)
    month_rows = [_Month(first, last) for first, last in ends]
    month_firsts = [m.month for m in month_rows]

    def month_of(day: date) -> _Month:
        return month_rows[bisect.bisect_right(month_firsts, day) - 1]

    def tallies(h: _History, day: date) -> list[_Tally]:
        officer_id = h.manager_on(day)
        return [total] if officer_id is None else [total, per_officer[officer_id]]

    for h in history.values():
        if h.active:
            risk = h.risk_on(as_of)
            manager = h.manager_on(as_of)
            for t in tallies(h, as_of):
                t.offenders += 1
                t.weighted += _weight(risk, policy)
                if h.risk_review_overdue(as_of, policy):
                    t.reviews_overdue += 1
            if manager is None:
                total.unallocated += 1
            for m in month_rows:
                due = h.visit_due_on(m.ends_on, policy)
                if due is None or not due.is_overdue(m.ends_on):
                    continue
                late = due.days_overdue(m.ends_on)
                m.overdue += 1
                m.oldest = late if m.oldest is None else max(m.oldest, late)
                if m.ends_on == as_of:
                    for t in tallies(h, as_of):
                        t.overdue_by(late)
        for deadline, met in _first_visits(h, period_start, as_of, policy):
            for t in tallies(h, deadline):
                t.first_due += 1
                t.first_on_time += met
        decision = timedelta(days=policy.breach_action_decision_days)
        for found_on, action, action_on in h.breaches:
            acted = action is not None and (action_on is None or action_on <= as_of)
            if not acted and as_of > found_on + decision:
                for t in tallies(h, as_of):
                    t.action_overdue += 1
            if found_on < period_start:
                continue
            month_of(found_on).breaches += 1
            for t in tallies(h, found_on):
                t.breaches += 1
                if acted:
                    t.actioned += 1
                    if action_on is not None:
                        t.days_to_act.append((action_on - found_on).days)

    for oid, day, outcome, announced in attempts:
        h = history[oid]
        failed = outcome != VisitOutcome.successful
        m = month_of(day)
        m.visits += 1
        m.unsuccessful += failed
        for t in tallies(h, day):
            t.visits += 1
            t.unsuccessful += failed
            t.unannounced += not announced

    for meeting in meetings:
        total.meetings.add(meeting.meeting_id)
        if meeting.at_rank:
            total.meetings_at_rank.add(meeting.meeting_id)
        for oid in meeting.offender_ids:
            h_case = history.get(oid)
            officer_id = h_case.manager_on(meeting.day) if h_case else None
            if officer_id is not None:
                per_officer[officer_id].meetings.add(meeting.meeting_id)
                if meeting.at_rank:
                    per_officer[officer_id].meetings_at_rank.add(meeting.meeting_id)

    officer_rows, capacity, over, managers = _officer_rows(
        session, borough_ids, per_officer, policy
    )
    label = borough.name if borough is not None else LONDON_LABEL
    totals = _freeze(
        total,
        label=label,
        borough=label,
        capacity=capacity,
        over_capacity=over,
        managers=managers,
    )
    audit.record(
        session,
        actor,
        AuditAction.consultation,
        "statistics",
        f"performance figures for {label} as of {format_date(as_of)} ({months} months)",
        object_key=borough.code if borough is not None else "london",
    )
    session.flush()
    return PerformanceFigures(
        borough=label,
        as_of=as_of,
        policy_version=policy.version,
        totals=totals,
        officers=tuple(officer_rows),
        monthly=tuple(
            MonthRow(
                month=m.month,
                ends_on=m.ends_on,
                overdue_visits=m.overdue,
                oldest_overdue_days=m.oldest,
                home_visits=m.visits,
                unsuccessful_visits=m.unsuccessful,
                unsuccessful_share=percent(m.unsuccessful, m.visits),
                breaches_found=m.breaches,
            )
            for m in month_rows
        ),
        borough_code=borough.code if borough is not None else None,
        period_start=period_start,
    )


def _officer_rows(
    session: Session, borough_ids: list[int], per_officer: dict[int, _Tally], policy: Policy
) -> tuple[list[FigureRow], int, int, int]:
    """A row per active offender manager of the scope and per officer anything is counted
    under; and the scope's capacity, officers over capacity and offender managers (active
    offender managers of the scope only)."""
    officers = session.exec(
        select(Officer).where(
            sa.or_(
                sa.and_(
                    Officer.active == sa.true(),
                    Officer.team_role == TeamRole.offender_manager,
                    Officer.borough_id.in_(borough_ids),
                ),
                Officer.id.in_(list(per_officer)),
            )
        )
    ).all()
    names = dict(session.execute(sa.select(Borough.id, Borough.name)).all())
    rows: list[tuple[tuple[str, str, str, str], FigureRow]] = []
    capacity = over = managers = 0
    for o in officers:
        assert o.id is not None
        tally = per_officer.get(o.id, _Tally())
        own = o.capacity if o.capacity is not None else policy.caseload_capacity
        is_over = int(tally.offenders > own)
        counted = (
            o.active and o.team_role == TeamRole.offender_manager and o.borough_id in borough_ids
        )
        if counted:
            capacity += own
            managers += 1
        over += is_over
        borough = names.get(o.borough_id, "")
        row = _freeze(
            tally,
            label=officer_list_name(o),
            borough=borough,
            capacity=own,
            over_capacity=is_over,
            warrant_number=o.warrant_number,
            team=o.team,
            active=o.active,
        )
        rows.append(((borough, o.surname, o.forenames, o.warrant_number), row))
    rows.sort(key=lambda r: r[0])
    return [r for _key, r in rows], capacity, over, managers


@dataclass(frozen=True)
class BoroughChoice:
    code: str | None
    """None: London (all boroughs)."""
    name: str


def borough_choices(session: Session, actor: Actor) -> list[BoroughChoice]:
    """The scopes whose figures the actor may ask for: London then each borough for a
    London-wide user, their own borough otherwise (the view's picker)."""
    require(session, actor, Action.view_stats)
    query = select(Borough).where(Borough.is_central == sa.false()).order_by(Borough.name)
    if not actor.london_wide:
        query = query.where(Borough.id == actor.borough_id)
    choices = [BoroughChoice(b.code, b.name) for b in session.exec(query).all()]
    return [BoroughChoice(None, LONDON_LABEL), *choices] if actor.london_wide else choices
