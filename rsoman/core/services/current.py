"""What is current about an offender, derived from history the same way in SQL and in Python.

- risk level: the latest assessment (assessed_on, then id);
- home address: the home (or no-fixed-abode) address in force today, latest valid_from, then id;
- last successful home visit: the latest visit for which `is_successful_home_visit` holds;
- offender manager: the assignment with no end date;
- visit plan: the decision in force today, latest effective_from, then id;
- schedule start: for the latest registration (conviction date, then id), the later of the first
  notification and the release date, else the conviction date; with no registration, the day the
  record was created.

The SQL forms are correlated scalar subqueries (one index seek per offender) for filtering and
sorting whole caseloads; the Python forms load one page of offenders with one window-function
query per kind of value. `next_due_from_parts` is `rules.visit_schedule.next_home_visit_due` as a
day number, with one approximation: on SQLite, which has no time zone data, the day of the last
visit is its UTC date, so a visit recorded between midnight and 1am in summer sorts as the day
before.
PostgreSQL uses the London date, as the rows shown do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from ..rules.dates import london_date
from ..rules.policy import Policy
from ..rules.visit_schedule import PlanDecision, VisitDue, next_home_visit_due
from ..store.enums import (
    RISK_ORDER,
    AddressKind,
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
    Officer,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
)
from ..store.models.warning import Warning, WarningState

HOME_KINDS = (AddressKind.home, AddressKind.no_fixed_abode)


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
            sa.or_(Address.valid_to.is_(None), Address.valid_to > today),
        )
        .order_by(Address.valid_from.desc(), Address.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )


def last_successful_visit_sql() -> Any:
    return (
        select(sa.func.max(Visit.occurred_at))
        .where(
            Visit.offender_id == Offender.id,
            Visit.kind == VisitKind.home_visit,
            Visit.outcome == VisitOutcome.successful,
        )
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


def schedule_start_day_sql(session: Session) -> Any:
    first = Registration.first_notification_date
    release = Registration.release_date
    start = sa.case(
        (first.is_(None), sa.func.coalesce(release, Registration.conviction_date)),
        (release.is_(None), first),
        (release > first, release),
        else_=first,
    )
    latest = (
        select(day_number(session, start, moment=False))
        .where(Registration.offender_id == Offender.id)
        .order_by(Registration.conviction_date.desc(), Registration.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, day_number(session, Offender.created_at, moment=True))


def next_due_parts(session: Session, today: date) -> dict[str, Any]:
    """What the next-visit rule needs, one subquery each: compute them once per offender (as
    columns of a derived table) and combine them with `next_due_from_parts`."""
    return {
        "last": day_number(session, last_successful_visit_sql(), moment=True),
        "start": schedule_start_day_sql(session),
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


def schedule_start(registration: Registration | None, created_at: datetime) -> date:
    if registration is None:
        return london_date(created_at)
    first, release = registration.first_notification_date, registration.release_date
    if first is None:
        return release or registration.conviction_date
    if release is None:
        return first
    return max(first, release)


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
        sa.or_(Address.valid_to.is_(None), Address.valid_to > today),
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
            .where(
                Visit.offender_id.in_(ids),
                Visit.kind == VisitKind.home_visit,
                Visit.outcome == VisitOutcome.successful,
            )
            .group_by(Visit.offender_id)
        ).all()
    )
    return Current(risk, home, plan, registration, assignment, last_visit)


def visit_due(
    offender: Offender, current: Current, policy: Policy
) -> tuple[RiskLevel | None, date | None, VisitDue | None]:
    assert offender.id is not None
    assessment = current.risk.get(offender.id)
    risk = RiskLevel(assessment.level) if assessment else None
    last_moment = current.last_visit.get(offender.id)
    last = london_date(last_moment) if last_moment else None
    due = next_home_visit_due(
        registered_on=schedule_start(current.registration.get(offender.id), offender.created_at),
        risk_level=risk,
        last_successful_home_visit=last,
        plan=current_plan(current.plan.get(offender.id)),
        policy=policy,
    )
    return risk, last, due
