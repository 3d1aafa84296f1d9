"""Recording and planning visits (offender managers and supervisors, in their borough).

Times without a zone are London wall-clock times (what an officer types); they are stored in UTC.
Only a successful home visit satisfies the schedule, so the checks keep that outcome honest: it
is for home visits only, at an address the offender had as home on that day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import LONDON, format_date, london_date, london_today
from ..rules.visit_schedule import was_home_on
from ..store.enums import AddressKind, AuditAction, VisitKind, VisitOutcome
from ..store.models import (
    Address,
    Borough,
    Offender,
    Officer,
    RecordRevision,
    Visit,
    VisitOfficer,
)
from ..store.models._types import utcnow
from . import audit, visit_address
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .current import address_text, load_current, officer_list_name
from .errors import Problem, ValidationFailed
from .offenders import entry_of_offender, find_offender, require_offender_access
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


@dataclass
class _Checked:
    """A visit input checked against the store: the problems, and what the checks resolved."""

    problems: list[Problem]
    kind: VisitKind
    occurred_at: datetime | None
    outcome: VisitOutcome | None
    officer_ids: list[int]
    address: Address | None


def _check_visit(session: Session, offender: Offender, visit: VisitInput) -> _Checked:
    """The checks a recorded visit must pass, whether new or corrected (one rule set for both)."""
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
    if not any(w.strip() for w in visit.officer_warrants):
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
        if not was_home_on(address.kind, address.valid_from, address.valid_to, day):
            problems.append(
                Problem(
                    "",
                    "address",
                    f"a successful home visit must be at {offender.ref}'s home address of "
                    f"{format_date(day)}",
                )
            )
    return _Checked(problems, kind, occurred_at, outcome, officer_ids, address)


def record_visit(session: Session, actor: Actor, ref: str, visit: VisitInput) -> int:
    """Record a visit that took place. Returns its id. Every problem is listed at once."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    checked = _check_visit(session, offender, visit)
    problems = checked.problems
    kind, occurred_at, outcome = checked.kind, checked.occurred_at, checked.outcome
    address = checked.address
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
    for officer_id in checked.officer_ids:
        if officer_id not in existing:
            session.add(VisitOfficer(visit_id=row.id, officer_id=officer_id))
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    visit_address.refresh(session, [offender.id])
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


# --- what the visit form needs ----------------------------------------------------------------


@dataclass(frozen=True)
class AddressChoice:
    id: int
    text: str
    kind: AddressKind
    valid_from: date
    valid_to: date | None
    # The home (or no-fixed-abode) address in force today: the one a home visit goes to.
    current_home: bool


@dataclass(frozen=True)
class OfficerChoice:
    warrant: str
    name: str


@dataclass(frozen=True)
class PlannedVisitChoice:
    id: int
    planned_for: datetime
    kind: VisitKind
    address_id: int | None
    announced: bool
    officer_warrants: tuple[str, ...]


@dataclass(frozen=True)
class VisitFormData:
    """What a visit form is prefilled from: the offender's addresses (the current home first),
    the officers who may be named as present, the signed-in officer, and visits planned but not
    yet recorded."""

    ref: str
    name: str
    addresses: tuple[AddressChoice, ...]
    home_address_id: int | None
    officers: tuple[OfficerChoice, ...]
    my_warrant: str | None
    planned: tuple[PlannedVisitChoice, ...]


def _warrants_of(session: Session, visit_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not visit_ids:
        return {}
    rows = session.exec(
        select(VisitOfficer.visit_id, Officer.warrant_number)
        .join(Officer, Officer.id == VisitOfficer.officer_id)
        .where(VisitOfficer.visit_id.in_(visit_ids))  # type: ignore[attr-defined]
        .order_by(VisitOfficer.visit_id, Officer.surname, Officer.warrant_number)
    ).all()
    found: dict[int, list[str]] = {}
    for visit_id, warrant in rows:
        found.setdefault(visit_id, []).append(warrant)
    return {k: tuple(v) for k, v in found.items()}


def visit_form_data(session: Session, actor: Actor, ref: str) -> VisitFormData:
    """The prefill of the visit form. Only those who may record a visit get it (a read-only
    manager is refused here, before typing anything). Showing the addresses is a consultation of
    the record, logged as one."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    assert offender.id is not None
    today = london_today()
    home = load_current(session, [offender.id], today).home.get(offender.id)
    rows = session.exec(
        select(Address)
        .where(Address.offender_id == offender.id)
        .order_by(Address.valid_from.desc(), Address.id.desc())  # type: ignore[attr-defined]
    ).all()
    addresses = [
        AddressChoice(
            id=a.id or 0,
            text=address_text(a),
            kind=AddressKind(a.kind),
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            current_home=home is not None and a.id == home.id,
        )
        for a in rows
    ]
    addresses.sort(key=lambda a: not a.current_home)  # stable: the home first, then newest
    central = [b.id for b in session.exec(select(Borough).where(Borough.is_central)).all()]
    officers = session.exec(
        select(Officer)
        .where(
            sa.or_(
                Officer.id == actor.officer_id,
                sa.and_(
                    Officer.active.is_(True),  # type: ignore[attr-defined]
                    Officer.borough_id.in_([offender.borough_id, *central]),  # type: ignore[attr-defined]
                ),
            )
        )
        .order_by(Officer.surname, Officer.forenames, Officer.warrant_number)
    ).all()
    me = next((o for o in officers if o.id == actor.officer_id), None)
    planned_rows = session.exec(
        select(Visit)
        .where(Visit.offender_id == offender.id, Visit.occurred_at.is_(None))  # type: ignore[union-attr]
        .order_by(Visit.planned_for, Visit.id)
    ).all()
    warrants = _warrants_of(session, [v.id for v in planned_rows if v.id is not None])
    audit.record(
        session,
        actor,
        AuditAction.consultation,
        "offender",
        f"opened a visit form for {offender.ref}",
        object_key=offender.ref,
        offender_id=offender.id,
    )
    return VisitFormData(
        ref=offender.ref,
        name=f"{offender.surname.upper()}, {offender.forenames}",
        addresses=tuple(addresses),
        home_address_id=home.id if home else None,
        officers=tuple(OfficerChoice(o.warrant_number, officer_list_name(o)) for o in officers),
        my_warrant=me.warrant_number if me else None,
        planned=tuple(
            PlannedVisitChoice(
                id=v.id or 0,
                planned_for=v.planned_for or utcnow(),
                kind=VisitKind(v.kind),
                address_id=v.address_id,
                announced=v.announced,
                officer_warrants=warrants.get(v.id or 0, ()),
            )
            for v in planned_rows
        ),
    )


# --- corrections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedVisit:
    """A recorded visit's values, as a correction form starts from them."""

    id: int
    ref: str
    value: VisitInput


def _visit_and_offender(
    session: Session, actor: Actor, visit_id: int, action: Action
) -> tuple[Visit, Offender]:
    return entry_of_offender(session, actor, action, Visit, visit_id, "visit")


def recorded_visit(session: Session, actor: Actor, visit_id: int) -> RecordedVisit:
    """A visit's current values, for correcting it."""
    row, offender = _visit_and_offender(session, actor, visit_id, Action.edit_record)
    assert row.id is not None
    occurred = row.occurred_at.astimezone(LONDON).replace(tzinfo=None) if row.occurred_at else None
    return RecordedVisit(
        id=row.id,
        ref=offender.ref,
        value=VisitInput(
            occurred_at=occurred,
            outcome=VisitOutcome(row.outcome) if row.outcome else None,
            officer_warrants=_warrants_of(session, [row.id]).get(row.id, ()),
            kind=VisitKind(row.kind),
            address_id=row.address_id,
            announced=row.announced,
            who_present=row.who_present,
            observations=row.observations,
            actions=row.actions,
        ),
    )


def correct_visit(
    session: Session, actor: Actor, visit_id: int, visit: VisitInput, reason: str
) -> int | None:
    """Correct a recorded visit: the same checks as recording it, and the old values kept in the
    revision history with the reason. A change of officers present is kept as its own revision
    (the officers are links, not columns of the visit). Returns the last revision id, or None
    when nothing changed."""
    row, offender = _visit_and_offender(session, actor, visit_id, Action.edit_record)
    checked = _check_visit(session, offender, visit)
    problems = list(checked.problems)
    if row.occurred_at is None:
        problems.insert(
            0,
            Problem("", "planned_visit", "this visit is only planned: record its outcome instead"),
        )
    if visit.planned_visit_id not in (None, visit_id):
        problems.append(Problem("", "planned_visit", "a correction cannot change which visit"))
    problems += reason_problems(reason)
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert checked.occurred_at is not None and row.id is not None
    when = checked.occurred_at.astimezone(UTC)
    stored = row.occurred_at
    if stored is not None and when == stored.replace(second=0, microsecond=0):
        # Forms give the minute: the same minute typed back is no correction of the seconds.
        when = stored
    described = f"visit of {offender.ref} on {format_date(london_date(when))}"
    revision = apply_correction(
        session,
        actor,
        row,
        {
            "kind": checked.kind,
            "occurred_at": when,
            "outcome": checked.outcome,
            "address_id": checked.address.id if checked.address else None,
            "announced": visit.announced,
            "who_present": _text(visit.who_present),
            "observations": _text(visit.observations),
            "actions": _text(visit.actions),
        },
        reason,
        object_type="visit",
        offender=offender,
        described=described,
    )
    visit_address.refresh(session, [row.offender_id])
    officers = _correct_officers(
        session, actor, row.id, checked.officer_ids, reason, offender, described
    )
    if officers is not None:  # its own revision row: apply_correction marks the rest
        offender.updated_at = utcnow()
        session.add(offender)
        session.flush()
    return officers if officers is not None else revision


def _correct_officers(
    session: Session,
    actor: Actor,
    visit_id: int,
    officer_ids: list[int],
    reason: str,
    offender: Offender,
    described: str,
) -> int | None:
    """Replace the officers present, keeping the earlier list in a revision (as
    `apply_correction` does for columns)."""
    links = session.exec(select(VisitOfficer).where(VisitOfficer.visit_id == visit_id)).all()
    if {link.officer_id for link in links} == set(officer_ids):
        return None
    names = {
        o.id: o.warrant_number
        for o in session.exec(
            select(Officer).where(
                Officer.id.in_([*officer_ids, *(link.officer_id for link in links)])  # type: ignore[union-attr]
            )
        ).all()
    }
    before = sorted(names[link.officer_id] for link in links)
    after = sorted(names[i] for i in officer_ids)
    for link in links:
        session.delete(link)
    session.flush()
    for officer_id in officer_ids:
        session.add(VisitOfficer(visit_id=visit_id, officer_id=officer_id))
    revision = RecordRevision(
        object_type="visit",
        object_id=visit_id,
        offender_id=offender.id,
        user_id=actor.user_id,
        username=actor.username,
        reason=reason.strip(),
        before=json.dumps({"officers": before}, sort_keys=True),
        after=json.dumps({"officers": after}, sort_keys=True),
    )
    session.add(revision)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "visit",
        f"corrected the officers present at the {described} "
        f"({', '.join(before) or 'none'} to {', '.join(after)}): {reason.strip()}",
        object_key=str(visit_id),
        offender_id=offender.id,
    )
    return revision.id
