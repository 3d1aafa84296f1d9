"""Who manages whom: assigning and reallocating offenders to offender managers.

Supervisors only, within their borough. A reallocation ends the current assignment and starts a
new one on the same day, with the reason, so the history of who managed the offender is kept.
Offenders stay in their borough: moving borough is a transfer (a later issue), so the receiving
officer must belong to the offender's borough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import format_date, london_today
from ..rules.policy import Policy
from ..store.enums import AuditAction, OffenderStatus, RiskLevel, TeamRole
from ..store.models import Assignment, Borough, Offender, Officer
from . import audit
from .actor import Actor
from .current import current_risk_sql, officer_list_name, officer_name
from .errors import Problem, ValidationFailed
from .offenders import require_offender_access
from .permissions import Action, allowed, require
from .policy import current_policy

MAX_REASON = 400


def _current_assignment(session: Session, offender: Offender) -> Assignment | None:
    return session.exec(
        select(Assignment)
        .where(Assignment.offender_id == offender.id, Assignment.end_date.is_(None))
        .order_by(Assignment.start_date.desc(), Assignment.id.desc())
    ).first()


def _allocate(
    session: Session,
    actor: Actor,
    refs: Sequence[str],
    to_warrant: str,
    *,
    reason: str,
    on: date | None,
    reallocating: bool,
) -> list[str]:
    require(session, actor, Action.reallocate)
    problems: list[Problem] = []
    reason = reason.strip()
    if not reason:
        problems.append(Problem("", "reason", "a reason is required (it is kept in the history)"))
    elif len(reason) > MAX_REASON:
        problems.append(Problem("", "reason", f"must be at most {MAX_REASON} characters"))
    today = london_today()
    on = on or today
    if on > today:
        problems.append(Problem("", "on", f"{format_date(on)} is in the future"))

    officer = session.exec(
        select(Officer).where(Officer.warrant_number == to_warrant.strip())
    ).first()
    officer_problem = True
    if not to_warrant.strip():
        problems.append(Problem("", "to_warrant", "choose the officer to take them on"))
    elif officer is None:
        problems.append(Problem("", "to_warrant", f"no officer with warrant {to_warrant!r}"))
    elif not officer.active:
        problems.append(Problem("", "to_warrant", f"{officer_name(officer)} is no longer active"))
    elif not allowed(actor, Action.reallocate, borough_id=officer.borough_id):
        problems.append(
            Problem("", "to_warrant", f"{officer_name(officer)} works outside your borough")
        )
    else:
        officer_problem = False

    wanted = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
    if not wanted:
        problems.append(Problem("", "refs", "name at least one offender"))
    found = {o.ref: o for o in session.exec(select(Offender).where(Offender.ref.in_(wanted))).all()}
    # Refuse (and log) any offender outside the actor's borough before anything is written.
    for ref in wanted:
        if ref in found:
            require_offender_access(session, actor, Action.reallocate, found[ref])

    plans: list[tuple[Offender, Assignment | None]] = []
    for ref in wanted:
        offender = found.get(ref)
        if offender is None:
            problems.append(Problem(ref, "ref", "no offender with this reference"))
            continue
        current = _current_assignment(session, offender)
        if reallocating and current is None:
            problems.append(
                Problem(ref, "ref", "has no offender manager yet: assign rather than reallocate")
            )
        elif not reallocating and current is not None:
            problems.append(
                Problem(ref, "ref", "already has an offender manager: reallocate instead")
            )
        if current is not None and officer is not None and current.officer_id == officer.id:
            problems.append(Problem(ref, "ref", f"is already managed by {officer_name(officer)}"))
        if current is not None and current.start_date > on:
            problems.append(
                Problem(
                    ref,
                    "on",
                    f"the current assignment only started on {format_date(current.start_date)}",
                )
            )
        if (
            officer is not None
            and not officer_problem
            and officer.borough_id != offender.borough_id
        ):
            borough = session.get(Borough, offender.borough_id)
            problems.append(
                Problem(
                    ref,
                    "to_warrant",
                    f"{officer_name(officer)} is not in {borough.name if borough else 'its'} "
                    "borough: transfer the offender first",
                )
            )
        plans.append((offender, current))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))

    assert officer is not None
    for offender, current in plans:
        previous = "unallocated"
        if current is not None:
            current.end_date = on
            session.add(current)
            before = session.get(Officer, current.officer_id)
            previous = officer_name(before) if before else "unknown officer"
        session.add(
            Assignment(
                offender_id=offender.id,
                officer_id=officer.id,
                start_date=on,
                reason=reason,
                assigned_by_user_id=actor.user_id,
            )
        )
        session.flush()
        verb = "reallocated" if current is not None else "assigned"
        audit.record(
            session,
            actor,
            AuditAction.alteration,
            "assignment",
            f"{verb} {offender.ref} from {previous} to {officer_name(officer)} on "
            f"{format_date(on)}: {reason}",
            object_key=offender.ref,
            offender_id=offender.id,
        )
    return [offender.ref for offender, _ in plans]


def reallocate(
    session: Session,
    actor: Actor,
    refs: Sequence[str],
    to_warrant: str,
    *,
    reason: str,
    on: date | None = None,
) -> list[str]:
    """Move one or many offenders to another offender manager in the same borough, from `on`
    (default today). Returns the references moved. Nothing is written unless all can be."""
    return _allocate(session, actor, refs, to_warrant, reason=reason, on=on, reallocating=True)


def assign(
    session: Session,
    actor: Actor,
    ref: str,
    to_warrant: str,
    *,
    reason: str,
    on: date | None = None,
) -> str:
    """Give an unallocated offender their first (or next, after a gap) offender manager."""
    return _allocate(session, actor, [ref], to_warrant, reason=reason, on=on, reallocating=False)[0]


# --- who one may reallocate to --------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerLoad:
    """An offender manager as the reallocation picker shows them: caseload against capacity."""

    warrant: str
    name: str
    team: str | None
    # Active offenders currently assigned (the caseload figure of `stats`).
    caseload: int
    # The officer's own capacity, else the policy's.
    capacity: int
    # The same caseload weighted by risk (policy weights; unassessed weighs as very high).
    risk_weighted: int
    # How many of the offenders being reallocated this officer manages now.
    manages_selected: int

    @property
    def over_capacity(self) -> bool:
        return self.caseload > self.capacity


def reallocation_targets(
    session: Session, actor: Actor, refs: Sequence[str], *, policy: Policy | None = None
) -> list[OfficerLoad]:
    """The active offender managers of the offenders' borough (the only officers `reallocate`
    accepts), with their caseload against capacity, ordered by name. Supervisors only."""
    require(session, actor, Action.reallocate)
    policy = policy if policy is not None else current_policy(session)
    wanted = list(dict.fromkeys(r.strip() for r in refs if r.strip()))
    offenders = session.exec(select(Offender).where(Offender.ref.in_(wanted))).all()  # type: ignore[attr-defined]
    for offender in offenders:
        require_offender_access(session, actor, Action.reallocate, offender)
    boroughs = {o.borough_id for o in offenders}
    if not boroughs and actor.borough_id is not None:
        boroughs = {actor.borough_id}
    officers = session.exec(
        select(Officer)
        .where(
            Officer.active.is_(True),  # type: ignore[attr-defined]
            Officer.team_role == TeamRole.offender_manager,
            Officer.borough_id.in_(boroughs),  # type: ignore[attr-defined]
        )
        .order_by(Officer.surname, Officer.forenames, Officer.warrant_number)
    ).all()
    ids = [o.id for o in officers]
    per_offender = (
        select(Assignment.officer_id.label("officer_id"), current_risk_sql().label("risk"))  # type: ignore[attr-defined]
        .join(Offender, Offender.id == Assignment.offender_id)
        .where(
            Assignment.end_date.is_(None),  # type: ignore[union-attr]
            Assignment.officer_id.in_(ids),  # type: ignore[attr-defined]
            Offender.status == OffenderStatus.active,
        )
        .subquery()
    )
    load = session.execute(
        select(per_offender.c.officer_id, per_offender.c.risk, sa.func.count()).group_by(
            per_offender.c.officer_id, per_offender.c.risk
        )
    ).all()
    caseload: dict[int, int] = {}
    weighted: dict[int, int] = {}
    for officer_id, risk, count in load:
        level = RiskLevel(risk) if risk is not None else RiskLevel.very_high
        caseload[officer_id] = caseload.get(officer_id, 0) + count
        weighted[officer_id] = weighted.get(officer_id, 0) + count * policy.caseload_weight(level)
    selected: dict[int, int] = {}
    for offender in offenders:
        current = _current_assignment(session, offender)
        if current is not None:
            selected[current.officer_id] = selected.get(current.officer_id, 0) + 1
    return [
        OfficerLoad(
            warrant=o.warrant_number,
            name=officer_list_name(o),
            team=o.team,
            caseload=caseload.get(o.id or 0, 0),
            capacity=o.capacity if o.capacity is not None else policy.caseload_capacity,
            risk_weighted=weighted.get(o.id or 0, 0),
            manages_selected=selected.get(o.id or 0, 0),
        )
        for o in officers
    ]
