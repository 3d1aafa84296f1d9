"""What is current about an offender, derived from history the same way in SQL and in Python.

- risk level: the latest assessment (assessed_on, then id);
- home address: the home (or no-fixed-abode) address in force today, latest valid_from, then id;
- last successful home visit: the latest visit for which `is_successful_home_visit` holds
  (at the home: `visit.at_home`);
- offender manager: the assignment with no end date;
- visit plan: the decision in force today, latest effective_from, then id;
- schedule start: as the warnings take it (`rules.warnings.offender_rules.schedule_start`), the
  latest of these that had happened by today: for the latest registration (conviction date, then
  id) the first notification and the release date, else the conviction date (with no
  registration, the day the record was created); and the arrival in the borough by transfer
  (`rules.visit_schedule.arrival_in_borough`). Should none have happened yet, the latest of them
  (the warnings then have no visit due at all; the caseload shows when the first one will be).

The SQL forms are correlated scalar subqueries (one index seek per offender); the Python forms
load one page of offenders with one window-function query per kind of value. Whole caseloads
are sorted and filtered on the stored forms (`fast_*`, from `OffenderCurrent`, kept equal to the
SQL forms by database triggers), which fall back to the SQL forms for an offender whose stored
value is not yet the current one (a change dated in the future) or who has no stored row.

`next_due_from_parts` is `rules.visit_schedule.next_home_visit_due` as a day number, with one
approximation: on SQLite, which has no time zone data, the day of the last visit is its UTC
date, so a visit recorded between midnight and 1am in summer sorts as the day before.
PostgreSQL uses the London date, as the rows shown do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from ..rules.dates import london_date
from ..rules.policy import Policy
from ..rules.visit_schedule import (
    HOME_KINDS,
    PlanDecision,
    VisitDue,
    arrival_in_borough,
    next_home_visit_due,
    schedule_start_on,
)
from ..store.enums import (
    RISK_ORDER,
    PlanKind,
    Rank,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)
from ..store.models import (
    Address,
    Assignment,
    Offender,
    OffenderCurrent,
    Officer,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
)
from ..store.models.warning import Warning, WarningState


def without_jit(session: Session) -> None:
    """On PostgreSQL, switch off JIT compilation for the rest of the transaction: the many small
    subqueries look costly to the planner, which then spends longer compiling them than running
    them (0.5-0.9 s a query at 70,000 offenders)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL jit = off"))


def day_number(session: Session, value: Any, *, moment: bool) -> ColumnElement[int]:
    """A whole-day number for a date (or a stored UTC moment) that both databases can add days
    to and compare. The origin differs by database; only differences are used."""
    if session.get_bind().dialect.name == "postgresql":
        day = sa.cast(sa.func.timezone("Europe/London", value), sa.Date) if moment else value
        return sa.type_coerce(day - sa.cast(sa.literal("2000-01-01"), sa.Date), sa.Integer)
    # SQLite: julianday of a date is N.5; the cast keeps N. date() of a stored moment is its
    # UTC date (the approximation named in the module docstring).
    return sa.cast(sa.func.julianday(sa.func.date(value)), sa.Integer)


def current_risk_sql() -> Any:
    return (
        select(RiskAssessment.level)
        .where(RiskAssessment.offender_id == Offender.id)
        .order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )


def risk_rank_sql(risk: Any) -> ColumnElement[int]:
    return sa.case({level.value: rank for level, rank in RISK_ORDER.items()}, value=risk)


def address_text_sql() -> ColumnElement[str]:
    def part(column: Any) -> Any:
        return sa.func.coalesce(sa.literal(", ") + column, "")

    return Address.line1 + part(Address.line2) + part(Address.town) + part(Address.postcode)


def current_home_sql(column: Any, today: date) -> Any:
    """A column of the current home address."""
    return (
        select(column)
        .where(
            Address.offender_id == Offender.id,
            Address.kind.in_(HOME_KINDS),
            Address.valid_from <= today,
            sa.or_(Address.valid_to.is_(None), Address.valid_to >= today),
        )
        .order_by(Address.valid_from.desc(), Address.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )


def counted_visit_terms(visit: Any = None) -> tuple[ColumnElement[bool], ...]:
    """The terms of `is_successful_home_visit` in SQL, over the visit table (or an alias's
    columns): a successful home visit at the offender's home (migration 0016). Written as
    equalities, in the order of the index that finds the last one."""
    v = Visit.__table__.c if visit is None else visit  # type: ignore[attr-defined]
    return (
        v.kind == VisitKind.home_visit,
        v.outcome == VisitOutcome.successful,
        v.at_home == sa.true(),
    )


def last_successful_visit_sql() -> Any:
    return (
        select(sa.func.max(Visit.occurred_at))
        .where(Visit.offender_id == Offender.id, *counted_visit_terms())
        .correlate(Offender)
        .scalar_subquery()
    )


LIVE_WARNING_STATES = (WarningState.open, WarningState.acknowledged)


def open_warnings_sql() -> Any:
    """How many live (open or acknowledged) warnings the offender has, from the last scan."""
    return (
        select(sa.func.count(Warning.id))
        .where(Warning.offender_id == Offender.id, Warning.state.in_(LIVE_WARNING_STATES))
        .correlate(Offender)
        .scalar_subquery()
    )


def open_warning_counts(session: Session, ids: Sequence[int]) -> dict[int, int]:
    rows = session.execute(
        select(Warning.offender_id, sa.func.count(Warning.id))
        .where(Warning.offender_id.in_(ids), Warning.state.in_(LIVE_WARNING_STATES))
        .group_by(Warning.offender_id)
    ).all()
    return {offender_id: count for offender_id, count in rows}


def current_manager_sql() -> Any:
    """The officer id of the current assignment."""
    return (
        select(Assignment.officer_id)
        .where(Assignment.offender_id == Offender.id, Assignment.end_date.is_(None))
        .order_by(Assignment.start_date.desc(), Assignment.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )


def plan_code_sql(today: date) -> Any:
    """The plan in force: -1 reactive management, N an individual frequency of N days, NULL the
    tariff (or no decision)."""
    code = sa.case(
        (VisitPlanDecision.kind == PlanKind.reactive_management, -1),
        (VisitPlanDecision.kind == PlanKind.individual_frequency, VisitPlanDecision.interval_days),
        else_=sa.null(),
    )
    return (
        select(code)
        .where(
            VisitPlanDecision.offender_id == Offender.id,
            VisitPlanDecision.effective_from <= today,
            sa.or_(VisitPlanDecision.ended_on.is_(None), VisitPlanDecision.ended_on > today),
        )
        .order_by(VisitPlanDecision.effective_from.desc(), VisitPlanDecision.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )


def arrival_sql() -> Any:
    """The start of the offender's latest run of assignments to officers of the offender's
    borough, when an earlier assignment was to an officer elsewhere (`arrival_in_borough`):
    the first home assignment with no assignment elsewhere after it and one before it, in
    (start date, id) order."""
    a, f = Assignment.__table__.alias("arrival"), Assignment.__table__.alias("elsewhere")
    home, away = Officer.__table__.alias("home_officer"), Officer.__table__.alias("away_officer")

    def elsewhere(*order: Any) -> Any:
        return (
            select(f.c.id)
            .join(away, away.c.id == f.c.officer_id)
            .where(
                f.c.offender_id == Offender.id,
                away.c.borough_id != Offender.borough_id,
                *order,
            )
            # Explicitly: inside the scalar subquery SQLAlchemy would not correlate the outer
            # offender and assignment, and the test would run over every offender's rows.
            .correlate_except(f, away)
            .exists()
        )

    after = sa.tuple_(f.c.start_date, f.c.id) > sa.tuple_(a.c.start_date, a.c.id)
    before = sa.tuple_(f.c.start_date, f.c.id) < sa.tuple_(a.c.start_date, a.c.id)
    return (
        select(sa.func.min(a.c.start_date))
        .join(home, home.c.id == a.c.officer_id)
        .where(
            a.c.offender_id == Offender.id,
            home.c.borough_id == Offender.borough_id,
            ~elsewhere(after),
            elsewhere(before),
        )
        .correlate(Offender)
        .scalar_subquery()
    )


def schedule_start_day_sql(session: Session, today: date) -> Any:
    """The schedule start (see the module docstring) as a day number: one scalar subquery over
    the candidate starts, each found once."""
    first = Registration.first_notification_date
    release = Registration.release_date

    def latest_registration(value: Any) -> Any:
        return (
            select(day_number(session, value, moment=False))
            .where(Registration.offender_id == Offender.id)
            .order_by(Registration.conviction_date.desc(), Registration.id.desc())
            .limit(1)
            .correlate(Offender)
            .scalar_subquery()
        )

    # The registration's candidates as two values: {first, release}, {release} or {conviction}.
    one = sa.func.coalesce(
        latest_registration(sa.func.coalesce(first, release, Registration.conviction_date)),
        day_number(session, Offender.created_at, moment=True),
    )
    two = latest_registration(sa.case((first.is_not(None), release), else_=sa.null()))
    arrival = day_number(session, arrival_sql(), moment=False)
    # Each candidate a row of one offender: correlated explicitly, or SQLAlchemy would give
    # the union its own `offender` (every offender's values, once per offender).
    candidates = sa.union_all(
        *(sa.select(value.label("day")).correlate(Offender) for value in (one, two, arrival))
    ).subquery("schedule_starts")
    day = candidates.c.day
    now = day_number(session, sa.literal(today, sa.Date), moment=False)
    return (
        select(sa.func.coalesce(sa.func.max(sa.case((day <= now, day))), sa.func.max(day)))
        .correlate(Offender)
        .scalar_subquery()
    )


def next_due_parts(session: Session, today: date) -> dict[str, Any]:
    """What the next-visit rule needs, one subquery each: compute them once per offender (as
    columns of a derived table) and combine them with `next_due_from_parts`."""
    return {
        "last": day_number(session, last_successful_visit_sql(), moment=True),
        "start": schedule_start_day_sql(session, today),
        "plan": plan_code_sql(today),
        "risk": current_risk_sql(),
    }


def next_due_from_parts(
    last: Any, start: Any, plan: Any, risk: Any, policy: Policy
) -> ColumnElement[int]:
    """`next_home_visit_due` as a day number in SQL (see the module docstring)."""
    tariff = sa.case(
        {level.value: policy.visit_interval_days(level) for level in RiskLevel},
        value=risk,
        else_=policy.visit_interval_days(RiskLevel.very_high),
    )
    interval = sa.case((plan > 0, plan), else_=tariff)
    return sa.case(
        (plan == -1, sa.null()),
        (sa.or_(last.is_(None), last < start), start + policy.first_home_visit_days),
        else_=last + interval,
    )


# --- the stored forms, for whole caseloads ---------------------------------------------------
# Each reads `OffenderCurrent`, outer-joined to the offender by the caller (`join_current`).


def join_current(statement: Any) -> Any:
    """The caseload statement (selecting from Offender) with each offender's stored values."""
    return statement.outerjoin(OffenderCurrent, OffenderCurrent.offender_id == Offender.id)


def _stored(value: Any, computed: Any, settled: Any = None) -> Any:
    """The stored value when the offender has one that is current, else the SQL form (CASE
    evaluates only the branch taken, so the subquery runs only for those offenders)."""
    have = OffenderCurrent.offender_id.is_not(None)
    return sa.case((have if settled is None else sa.and_(have, settled), value), else_=computed)


def _settled(column: Any, today: date) -> ColumnElement[bool]:
    return sa.or_(column.is_(None), column <= today)


def _home_settled(today: date) -> ColumnElement[bool]:
    """Whether the stored home (the latest with no end) is the one in force today. Migration
    0012 stores the later of the last start and the last end (`valid_to`); an address's end
    date is its last day there, in force that day, so the stored home holds from the day
    after (on that day itself the home is derived)."""
    column = OffenderCurrent.home_settled_on
    return sa.or_(column.is_(None), column < today)


def fast_risk_sql() -> Any:
    return _stored(OffenderCurrent.risk_level, current_risk_sql())


def fast_last_successful_visit_sql() -> Any:
    return _stored(OffenderCurrent.last_home_visit_at, last_successful_visit_sql())


def fast_manager_sql() -> Any:
    return _stored(OffenderCurrent.manager_id, current_manager_sql())


def fast_open_warnings_sql() -> Any:
    return _stored(OffenderCurrent.open_warnings, open_warnings_sql())


def fast_home_id_sql(today: date) -> Any:
    """The id of the current home address."""
    return _stored(
        OffenderCurrent.home_address_id,
        current_home_sql(Address.id, today),
        _home_settled(today),
    )


def home_sort_sql(today: date) -> Any:
    """The current home address as the caseload sorts it: its text, lower case."""
    return (
        select(sa.func.lower(address_text_sql()))
        .where(Address.id == current_home_sql(Address.id, today))
        .correlate(Offender)
        .scalar_subquery()
    )


def fast_home_sort_sql(today: date) -> Any:
    return _stored(
        OffenderCurrent.home_sort,
        home_sort_sql(today),
        _home_settled(today),
    )


def manager_name_sql(column: Any) -> Any:
    """One of the current manager's names, lower case (the caseload's sort keys)."""
    return (
        select(sa.func.lower(column))
        .where(Officer.id == current_manager_sql())
        .correlate(Offender)
        .scalar_subquery()
    )


def fast_manager_names_sql() -> tuple[Any, Any]:
    """The current manager's surname and forenames, lower case."""
    return (
        _stored(OffenderCurrent.manager_surname, manager_name_sql(Officer.surname)),
        _stored(OffenderCurrent.manager_forenames, manager_name_sql(Officer.forenames)),
    )


def fast_plan_code_sql(today: date) -> Any:
    return _stored(
        OffenderCurrent.plan_code,
        plan_code_sql(today),
        _settled(OffenderCurrent.plan_settled_on, today),
    )


def fast_schedule_start_day_sql(session: Session, today: date) -> Any:
    # The latest candidate start is the start once it has come (see the module docstring).
    return _stored(
        OffenderCurrent.schedule_start_day,
        schedule_start_day_sql(session, today),
        OffenderCurrent.schedule_start_on <= today,
    )


def fast_last_successful_visit_day_sql(session: Session) -> Any:
    return _stored(
        OffenderCurrent.last_home_visit_day,
        day_number(session, last_successful_visit_sql(), moment=True),
    )


def fast_next_due_parts(session: Session, today: date) -> dict[str, Any]:
    """`next_due_parts` from the stored forms."""
    return {
        "last": fast_last_successful_visit_day_sql(session),
        "start": fast_schedule_start_day_sql(session, today),
        "plan": fast_plan_code_sql(today),
        "risk": fast_risk_sql(),
    }


# --- current values for a page of offenders (window functions, one query each) --------------


def latest_per_offender(
    session: Session,
    ids: Sequence[int],
    model: Any,
    order_by: Sequence[Any],
    *conditions: Any,
) -> dict[int, Any]:
    """The first row per offender under `order_by`, for the given offenders."""
    rank = (
        sa.func.row_number()
        .over(partition_by=model.offender_id, order_by=list(order_by))
        .label("rank")
    )
    inner = (
        select(model.id.label("row_id"), rank)
        .where(model.offender_id.in_(ids), *conditions)
        .subquery()
    )
    rows = session.exec(
        select(model).join(inner, inner.c.row_id == model.id).where(inner.c.rank == 1)
    ).all()
    return {row.offender_id: row for row in rows}


def current_plan(plan: VisitPlanDecision | None) -> PlanDecision | None:
    if plan is None:
        return None
    return PlanDecision(PlanKind(plan.kind), plan.interval_days)


def schedule_start(
    registration: Registration | None,
    created_at: datetime,
    arrived_on: date | None = None,
    today: date | None = None,
) -> date:
    """The schedule start (see the module docstring); without `today`, the latest candidate."""
    starts: list[date] = []
    if registration is None:
        starts.append(london_date(created_at))
    else:
        first, release = registration.first_notification_date, registration.release_date
        starts += [d for d in (first, release) if d is not None] or [registration.conviction_date]
    if arrived_on is not None:
        starts.append(arrived_on)
    started = schedule_start_on(starts, today) if today is not None else None
    return started if started is not None else max(starts)


def address_text(address: Address) -> str:
    parts = (address.line1, address.line2, address.town, address.postcode)
    return ", ".join(p for p in parts if p)


def officer_name(officer: Officer) -> str:
    """As written in a sentence: "Ada Quillowby (DC)"."""
    return f"{officer.forenames} {officer.surname} ({Rank(officer.rank).value.upper()})"


def officer_list_name(officer: Officer) -> str:
    """As listed in a column sorted by surname: "Quillowby, Ada (DC)"."""
    return f"{officer.surname}, {officer.forenames} ({Rank(officer.rank).value.upper()})"


@dataclass(frozen=True)
class Current:
    """The current values of several offenders, from one query per kind of value."""

    risk: dict[int, RiskAssessment]
    home: dict[int, Address]
    plan: dict[int, VisitPlanDecision]
    registration: dict[int, Registration]
    assignment: dict[int, Assignment]
    last_visit: dict[int, datetime]
    # When each offender transferred into their borough (absent: never, as the warnings see it).
    arrival: dict[int, date] = field(default_factory=dict)
    today: date | None = None


def load_current(session: Session, ids: Sequence[int], today: date) -> Current:
    risk = latest_per_offender(
        session, ids, RiskAssessment, [RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc()]
    )
    home = latest_per_offender(
        session,
        ids,
        Address,
        [Address.valid_from.desc(), Address.id.desc()],
        Address.kind.in_(HOME_KINDS),
        Address.valid_from <= today,
        sa.or_(Address.valid_to.is_(None), Address.valid_to >= today),
    )
    plan = latest_per_offender(
        session,
        ids,
        VisitPlanDecision,
        [VisitPlanDecision.effective_from.desc(), VisitPlanDecision.id.desc()],
        VisitPlanDecision.effective_from <= today,
        sa.or_(VisitPlanDecision.ended_on.is_(None), VisitPlanDecision.ended_on > today),
    )
    registration = latest_per_offender(
        session, ids, Registration, [Registration.conviction_date.desc(), Registration.id.desc()]
    )
    assignment = latest_per_offender(
        session,
        ids,
        Assignment,
        [Assignment.start_date.desc(), Assignment.id.desc()],
        Assignment.end_date.is_(None),
    )
    last_visit = dict(
        session.exec(
            select(Visit.offender_id, sa.func.max(Visit.occurred_at))
            .where(Visit.offender_id.in_(ids), *counted_visit_terms())
            .group_by(Visit.offender_id)
        ).all()
    )
    return Current(
        risk, home, plan, registration, assignment, last_visit, arrivals(session, ids), today
    )


def arrivals(session: Session, ids: Sequence[int]) -> dict[int, date]:
    """When each of these offenders transferred into their borough (`arrival_in_borough`)."""
    rows = session.execute(
        select(
            Assignment.offender_id, Assignment.start_date, Officer.borough_id, Offender.borough_id
        )
        .join(Officer, Officer.id == Assignment.officer_id)
        .join(Offender, Offender.id == Assignment.offender_id)
        .where(Assignment.offender_id.in_(ids))
        .order_by(Assignment.offender_id, Assignment.start_date, Assignment.id)
    ).all()
    history: dict[int, list[tuple[date, int | None]]] = {}
    borough: dict[int, int] = {}
    for oid, start, officer_borough, own in rows:
        history.setdefault(oid, []).append((start, officer_borough))
        borough[oid] = own
    found = {oid: arrival_in_borough(runs, borough[oid]) for oid, runs in history.items()}
    return {oid: day for oid, day in found.items() if day is not None}


def visit_due(
    offender: Offender, current: Current, policy: Policy
) -> tuple[RiskLevel | None, date | None, VisitDue | None]:
    assert offender.id is not None
    assessment = current.risk.get(offender.id)
    risk = RiskLevel(assessment.level) if assessment else None
    last_moment = current.last_visit.get(offender.id)
    last = london_date(last_moment) if last_moment else None
    due = next_home_visit_due(
        registered_on=schedule_start(
            current.registration.get(offender.id),
            offender.created_at,
            current.arrival.get(offender.id),
            current.today,
        ),
        risk_level=risk,
        last_successful_home_visit=last,
        plan=current_plan(current.plan.get(offender.id)),
        policy=policy,
    )
    return risk, last, due
