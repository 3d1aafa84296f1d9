"""An officer's visit sheet for a day or a week: whom to visit (visits planned in the period, and
home visits falling due by its end, overdue ones included), where, what to check there (each
order's prohibitions in its exact words, recent intelligence, repeated failed attempts), and
space for notes.

Who is on it: the officer's current caseload (active offenders assigned to them), plus anyone
whose planned visit in the period names them as an attending officer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from ...rules.dates import LONDON, format_date, london_date
from ...rules.visit_schedule import risk_words
from ...store.enums import (
    NO_ACCESS_OUTCOMES,
    OffenderStatus,
    OrderKind,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)
from ...store.models import (
    Assignment,
    Intelligence,
    Offender,
    Officer,
    Order,
    Prohibition,
    Visit,
    VisitOfficer,
)
from ..actor import Actor
from ..current import address_text, load_current, officer_name, visit_due
from ..errors import NotFound, Problem, ValidationFailed
from ..permissions import Action, require
from ..policy import current_policy
from ..restricted import hide_restricted
from .briefing import IN_FORCE, ORDER_WORDS

KIND = "visit_sheet"
MAX_DAYS = 31


@dataclass(frozen=True)
class CheckOrder:
    title: str
    prohibitions: tuple[str, ...]


@dataclass(frozen=True)
class SheetVisit:
    ref: str
    name: str
    risk_level: str | None
    home_address: str | None
    # When planned (a London wall-clock moment), else None.
    planned_for: datetime | None
    due_on: date | None
    due_basis: str | None
    overdue_days: int
    last_successful_home_visit: date | None
    # The last few attempts, newest first: "12 Feb 2026 no reply".
    recent_attempts: tuple[str, ...]
    # Two consecutive failed attempts to gain entry: s.96B warrant to be considered.
    warrant_prompt: bool
    orders: tuple[CheckOrder, ...]
    # "3 Mar 2026 (public, concern): text".
    intelligence: tuple[str, ...]


@dataclass(frozen=True)
class _Due:
    risk: RiskLevel | None
    last: date | None
    due_on: date | None
    basis: str | None


@dataclass(frozen=True)
class VisitSheetData:
    officer: str
    officer_warrant: str
    date_from: date
    date_to: date
    scope: str
    scope_key: str
    visits: tuple[SheetVisit, ...]
    intelligence_days: int
    offender_refs: tuple[tuple[int, str], ...]


def _period_words(start: date, end: date) -> str:
    return format_date(start) if start == end else f"{format_date(start)} to {format_date(end)}"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as UTC-comparable aware moments: London midnight to London midnight."""
    return (
        datetime.combine(start, time(0), tzinfo=LONDON),
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=LONDON),
    )


def _attempt(v: Visit) -> str:
    outcome = VisitOutcome(v.outcome).value.replace("_", " ") if v.outcome else "no outcome"
    assert v.occurred_at is not None
    return f"{format_date(london_date(v.occurred_at))}: {outcome}"


def gather_visit_sheet(
    session: Session,
    actor: Actor,
    *,
    officer_warrant: str,
    date_from: date,
    date_to: date,
) -> VisitSheetData:
    require(session, actor, Action.view_record)
    officer = session.exec(
        select(Officer).where(Officer.warrant_number == officer_warrant.strip())
    ).first()
    if officer is None:
        raise NotFound(f"no officer with warrant number {officer_warrant!r}")
    require(session, actor, Action.view_record, borough_id=officer.borough_id)
    problems: list[Problem] = []
    if date_to < date_from:
        problems.append(Problem("", "to", "the period ends before it starts"))
    elif (date_to - date_from).days + 1 > MAX_DAYS:
        problems.append(Problem("", "to", f"a visit sheet covers at most {MAX_DAYS} days"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    policy = current_policy(session)
    start, end = _bounds(date_from, date_to)

    caseload = set(
        session.exec(
            select(Assignment.offender_id)
            .join(Offender, Offender.id == Assignment.offender_id)
            .where(
                Assignment.officer_id == officer.id,
                Assignment.end_date.is_(None),
                Offender.status == OffenderStatus.active,
            )
        )
    )
    planned_rows = list(
        session.exec(
            select(Visit)
            .where(
                Visit.occurred_at.is_(None),
                Visit.planned_for >= start,
                Visit.planned_for < end,
                sa.or_(
                    Visit.offender_id.in_(caseload),
                    Visit.id.in_(
                        select(VisitOfficer.visit_id).where(VisitOfficer.officer_id == officer.id)
                    ),
                ),
            )
            .order_by(Visit.planned_for, Visit.id)
        )
    )
    planned: dict[int, Visit] = {}
    for v in planned_rows:
        planned.setdefault(v.offender_id, v)
    ids = sorted(caseload | set(planned))
    # Restricted records go only onto sheets issued by someone granted them.
    query = select(Offender).where(Offender.id.in_(ids))
    hidden = hide_restricted(session, actor, Offender.id)
    if hidden is not None:
        query = query.where(hidden)
    offenders = {o.id: o for o in session.exec(query)}
    ids = sorted(oid for oid in ids if oid in offenders)
    planned = {oid: v for oid, v in planned.items() if oid in offenders}
    current = load_current(session, ids, date_from)

    wanted: dict[int, _Due] = {}
    for oid in ids:
        risk, last, due = visit_due(offenders[oid], current, policy)
        falls_due = due is not None and due.due_on <= date_to and oid in caseload
        if oid in planned or falls_due:
            wanted[oid] = _Due(risk, last, due.due_on if due else None, due.basis if due else None)
    chosen = list(wanted)

    attempts: dict[int, list[Visit]] = {}
    for v in session.exec(
        select(Visit)
        .where(
            Visit.offender_id.in_(chosen),
            Visit.occurred_at.is_not(None),
            Visit.occurred_at < start,
            Visit.kind == VisitKind.home_visit,
        )
        .order_by(Visit.offender_id, Visit.occurred_at.desc(), Visit.id.desc())
    ):
        attempts.setdefault(v.offender_id, []).append(v)
    orders: dict[int, list[Order]] = {}
    for o in session.exec(
        select(Order)
        .where(
            Order.offender_id.in_(chosen),
            Order.status.in_(IN_FORCE),
            Order.starts_on <= date_to,
            sa.or_(Order.ends_on.is_(None), Order.ends_on >= date_from),
        )
        .order_by(Order.made_on, Order.id)
    ):
        orders.setdefault(o.offender_id, []).append(o)
    prohibitions: dict[int, list[str]] = {}
    for p in session.exec(
        select(Prohibition)
        .where(Prohibition.order_id.in_([o.id for rows in orders.values() for o in rows]))
        .order_by(Prohibition.order_id, Prohibition.position, Prohibition.id)
    ):
        prefix = "Requirement: " if p.is_requirement else ""
        prohibitions.setdefault(p.order_id, []).append(prefix + p.text)
    window = policy.concerns_window_days
    intel: dict[int, list[Intelligence]] = {}
    for i in session.exec(
        select(Intelligence)
        .where(
            Intelligence.offender_id.in_(chosen),
            Intelligence.received_on > date_from - timedelta(days=window),
            Intelligence.received_on <= date_to,
        )
        .order_by(Intelligence.offender_id, Intelligence.received_on.desc(), Intelligence.id)
    ):
        intel.setdefault(i.offender_id, []).append(i)

    visits: list[SheetVisit] = []
    for oid in chosen:
        parts = wanted[oid]
        offender = offenders[oid]
        home = current.home.get(oid)
        tried = attempts.get(oid, [])
        plan = planned.get(oid)
        visits.append(
            SheetVisit(
                ref=offender.ref,
                name=f"{offender.forenames} {offender.surname.upper()}",
                risk_level=risk_words(parts.risk) if parts.risk else None,
                home_address=address_text(home) if home else None,
                planned_for=(
                    plan.planned_for.astimezone(LONDON) if plan and plan.planned_for else None
                ),
                due_on=parts.due_on,
                due_basis=parts.basis,
                overdue_days=max(0, (date_from - parts.due_on).days) if parts.due_on else 0,
                last_successful_home_visit=parts.last,
                recent_attempts=tuple(_attempt(v) for v in tried[:3]),
                warrant_prompt=len(tried) >= 2
                and all(v.outcome in NO_ACCESS_OUTCOMES for v in tried[:2]),
                orders=tuple(
                    CheckOrder(
                        title=f"{ORDER_WORDS[OrderKind(o.kind)]}, made {format_date(o.made_on)}",
                        prohibitions=tuple(prohibitions.get(o.id, [])),  # type: ignore[arg-type]
                    )
                    for o in orders.get(oid, [])
                ),
                intelligence=tuple(
                    f"{format_date(i.received_on)} ({i.source.replace('_', ' ')}"
                    f"{', concern' if i.is_concern else ''}): {i.text}"
                    for i in intel.get(oid, [])
                ),
            )
        )

    # Planned visits in time order first, then the rest by due date (most overdue first).
    far = datetime.max.replace(tzinfo=LONDON)
    visits.sort(key=lambda v: (v.planned_for or far, v.due_on or date.max, v.name))
    refs = {o.ref: oid for oid, o in offenders.items()}
    name = officer_name(officer)
    return VisitSheetData(
        officer=name,
        officer_warrant=officer.warrant_number,
        date_from=date_from,
        date_to=date_to,
        scope=f"{name}, warrant {officer.warrant_number}: {_period_words(date_from, date_to)}",
        scope_key=f"officer:{officer.warrant_number}",
        visits=tuple(visits),
        intelligence_days=window,
        offender_refs=tuple((refs[v.ref], v.ref) for v in visits),
    )
