"""Recording and planning visits (offender managers and supervisors, in their borough).

Times without a zone are London wall-clock times (what an officer types); they are stored in UTC.
Only a successful home visit satisfies the schedule, so the checks keep that outcome honest: it
is for home visits only, at an address the offender had as home on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ..rules.dates import LONDON, format_date, london_date
from ..store.enums import AuditAction, VisitKind, VisitOutcome
from ..store.models import Address, Offender, Officer, Visit, VisitOfficer
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .current import HOME_KINDS
from .errors import Problem, ValidationFailed
from .offenders import find_offender, require_offender_access
from .permissions import Action, require

_WORDS = {
    VisitKind.home_visit: "home visit",
    VisitKind.station_attendance: "station attendance",
    VisitKind.other_contact: "other contact",
}


@dataclass(frozen=True)
class VisitInput:
    occurred_at: datetime | None
    outcome: VisitOutcome | None
    officer_warrants: tuple[str, ...] = ()
    kind: VisitKind = VisitKind.home_visit
    address_id: int | None = None
    announced: bool = False
    who_present: str | None = None
    observations: str | None = None
    actions: str | None = None
    # Set to record the outcome of a planned visit rather than add a new one.
    planned_visit_id: int | None = None


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment


def _officers(session: Session, warrants: tuple[str, ...], problems: list[Problem]) -> list[int]:
    ids = []
    for warrant in dict.fromkeys(w.strip() for w in warrants if w.strip()):
        officer = session.exec(select(Officer).where(Officer.warrant_number == warrant)).first()
        if officer is None:
            problems.append(Problem("", "officers", f"no officer with warrant {warrant!r}"))
        else:
            assert officer.id is not None
            ids.append(officer.id)
    return ids


def _address(
    session: Session, offender: Offender, address_id: int | None, problems: list[Problem]
) -> Address | None:
    if address_id is None:
        return None
    address = session.get(Address, address_id)
    if address is None or address.offender_id != offender.id:
        problems.append(Problem("", "address", f"is not one of {offender.ref}'s addresses"))
        return None
    return address


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def record_visit(session: Session, actor: Actor, ref: str, visit: VisitInput) -> int:
    """Record a visit that took place. Returns its id. Every problem is listed at once."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    problems: list[Problem] = []
    kind = VisitKind(visit.kind)
    occurred_at = _aware(visit.occurred_at) if visit.occurred_at else None
    if occurred_at is None:
        problems.append(Problem("", "occurred_at", "when the visit took place is required"))
    elif occurred_at > utcnow():
        problems.append(Problem("", "occurred_at", "is in the future: plan the visit instead"))
    outcome = VisitOutcome(visit.outcome) if visit.outcome else None
    if outcome is None:
        problems.append(Problem("", "outcome", "the outcome is required"))
    elif outcome == VisitOutcome.successful and kind != VisitKind.home_visit:
        problems.append(
            Problem("", "outcome", "successful is for home visits; use attended for this contact")
        )
    elif outcome == VisitOutcome.attended and kind == VisitKind.home_visit:
        problems.append(
            Problem("", "outcome", "attended is for station attendance and other contacts")
        )
    officer_ids = _officers(session, visit.officer_warrants, problems)
    if not visit.officer_warrants:
        problems.append(Problem("", "officers", "name at least one officer present"))
    address = _address(session, offender, visit.address_id, problems)
    if kind == VisitKind.home_visit and visit.address_id is None:
        problems.append(Problem("", "address", "a home visit needs the address visited"))
    if (
        address is not None
        and outcome == VisitOutcome.successful
        and kind == VisitKind.home_visit
        and occurred_at is not None
    ):
        day = london_date(occurred_at)
        at_home = address.kind in HOME_KINDS and (
            address.valid_from <= day and (address.valid_to is None or address.valid_to >= day)
        )
        if not at_home:
            problems.append(
                Problem(
                    "",
                    "address",
                    f"a successful home visit must be at {offender.ref}'s home address of "
                    f"{format_date(day)}",
                )
            )
    row: Visit | None = None
    if visit.planned_visit_id is not None:
        row = session.get(Visit, visit.planned_visit_id)
        if row is None or row.offender_id != offender.id:
            problems.append(Problem("", "planned_visit", f"is not a visit of {offender.ref}"))
        elif row.occurred_at is not None:
            problems.append(Problem("", "planned_visit", "has already been recorded"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))

    assert occurred_at is not None and outcome is not None
    if row is None:
        row = Visit(offender_id=offender.id)
    row.kind = kind
    row.occurred_at = occurred_at
    row.outcome = outcome
    row.address_id = address.id if address else None
    row.announced = visit.announced
    row.who_present = _text(visit.who_present)
    row.observations = _text(visit.observations)
    row.actions = _text(visit.actions)
    row.recorded_by_user_id = actor.user_id
    session.add(row)
    session.flush()
    assert row.id is not None
    existing = set(
        session.exec(select(VisitOfficer.officer_id).where(VisitOfficer.visit_id == row.id)).all()
    )
    for officer_id in officer_ids:
        if officer_id not in existing:
            session.add(VisitOfficer(visit_id=row.id, officer_id=officer_id))
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "visit",
        f"recorded {_WORDS[kind]} of {offender.ref} on {format_date(london_date(occurred_at))}: "
        f"{outcome.value.replace('_', ' ')}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def plan_visit(
    session: Session,
    actor: Actor,
    ref: str,
    *,
    planned_for: datetime,
    kind: VisitKind = VisitKind.home_visit,
    address_id: int | None = None,
    officer_warrants: tuple[str, ...] = (),
    announced: bool = False,
) -> int:
    """Plan a future visit (its outcome is recorded later with `record_visit`)."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    problems: list[Problem] = []
    when = _aware(planned_for)
    if when < utcnow():
        problems.append(Problem("", "planned_for", "is in the past: record the visit instead"))
    officer_ids = _officers(session, officer_warrants, problems)
    address = _address(session, offender, address_id, problems)
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    row = Visit(
        offender_id=offender.id,
        kind=VisitKind(kind),
        planned_for=when,
        address_id=address.id if address else None,
        announced=announced,
        recorded_by_user_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    for officer_id in officer_ids:
        session.add(VisitOfficer(visit_id=row.id, officer_id=officer_id))
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "visit",
        f"planned {_WORDS[VisitKind(kind)]} of {offender.ref} for {format_date(london_date(when))}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id
