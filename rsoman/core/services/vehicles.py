"""Adding a vehicle an offender uses, ending its use, and correcting an entry.

Registration marks are kept in one form (upper case, no spaces: "AB12CDE") so a search or a
briefing finds the same vehicle however it was typed. The check is loose on purpose (2 to 8
letters and digits): cherished, older and foreign marks have many shapes. Ending the use sets
the end date and keeps the entry; a correction keeps the old values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from ..rules.dates import format_date, london_today
from ..store.enums import AuditAction
from ..store.models import Offender, Vehicle
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .errors import Problem, ValidationFailed
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require

_MARK = re.compile(r"^[A-Z0-9]{2,8}$")
MAX_MAKE = 40
MAX_MODEL = 40
MAX_COLOUR = 30


@dataclass(frozen=True)
class VehicleInput:
    registration_mark: str
    make: str | None = None
    model: str | None = None
    colour: str | None = None
    from_date: date | None = None
    to_date: date | None = None
    notes: str | None = None


def normalise_mark(text: str | None) -> str:
    """ "ab12 cde" -> "AB12CDE" (spaces and hyphens dropped)."""
    return re.sub(r"[\s-]+", "", (text or "").upper())


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _overlaps(
    a_from: date | None, a_to: date | None, b_from: date | None, b_to: date | None
) -> bool:
    return (a_from or date.min) <= (b_to or date.max) and (b_from or date.min) <= (a_to or date.max)


def _check(
    session: Session, offender: Offender, value: VehicleInput, *, exclude_id: int | None
) -> tuple[dict[str, Any], list[Problem]]:
    """The column values and every problem (shared by a new entry and a correction)."""
    problems: list[Problem] = []
    mark = normalise_mark(value.registration_mark)
    if not mark:
        problems.append(Problem("", "registration_mark", "the registration mark is required"))
    elif not _MARK.match(mark):
        problems.append(
            Problem(
                "",
                "registration_mark",
                f"{value.registration_mark.strip()!r} is not a registration mark "
                "(2 to 8 letters and digits)",
            )
        )
    for name, text, limit in (
        ("make", value.make, MAX_MAKE),
        ("model", value.model, MAX_MODEL),
        ("colour", value.colour, MAX_COLOUR),
    ):
        if text and len(text.strip()) > limit:
            problems.append(Problem("", name, f"is longer than {limit} characters"))
    start, end = value.from_date, value.to_date
    if start is None:
        problems.append(Problem("", "from_date", "the date the use began is required"))
    elif start > london_today():
        problems.append(Problem("", "from_date", "is in the future"))
    if start is not None and end is not None and end < start:
        problems.append(Problem("", "to_date", "is before the date the use began"))
    if mark and _MARK.match(mark):
        others = session.exec(select(Vehicle).where(Vehicle.offender_id == offender.id)).all()
        for other in others:
            if other.id == exclude_id or normalise_mark(other.registration_mark) != mark:
                continue
            if _overlaps(start, end, other.from_date, other.to_date):
                since = f" since {format_date(other.from_date)}" if other.from_date else ""
                problems.append(
                    Problem(
                        "",
                        "registration_mark",
                        f"{mark} is already recorded for {offender.ref}{since}: correct that "
                        "entry instead",
                    )
                )
                break
    columns = {
        "registration_mark": mark,
        "make": _text(value.make),
        "model": _text(value.model),
        "colour": _text(value.colour),
        "from_date": start,
        "to_date": end,
        "notes": _text(value.notes),
    }
    return columns, problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))


def _described(row: Vehicle, offender: Offender) -> str:
    return f"vehicle {row.registration_mark} of {offender.ref}"


def add_vehicle(session: Session, actor: Actor, ref: str, value: VehicleInput) -> int:
    """Record a vehicle the offender uses. Returns its id; every problem is listed at once."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    columns, problems = _check(session, offender, value, exclude_id=None)
    _refuse(problems)
    row = Vehicle(offender_id=offender.id, **columns)
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    assert row.id is not None
    details = " ".join(p for p in (row.colour, row.make, row.model) if p)
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "vehicle",
        f"added {_described(row, offender)}{f' ({details})' if details else ''}, used from "
        f"{format_date(columns['from_date'])}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def _vehicle(
    session: Session, actor: Actor, action: Action, vehicle_id: int
) -> tuple[Vehicle, Offender]:
    return entry_of_offender(session, actor, action, Vehicle, vehicle_id, "vehicle")


def end_vehicle(session: Session, actor: Actor, vehicle_id: int, ended_on: date | None) -> None:
    """The offender stopped using the vehicle on `ended_on`: the entry stays, with its end."""
    row, offender = _vehicle(session, actor, Action.edit_record, vehicle_id)
    problems: list[Problem] = []
    if row.to_date is not None:
        problems.append(
            Problem(
                "",
                "to_date",
                f"its use already ended on {format_date(row.to_date)}: correct the entry instead",
            )
        )
    elif ended_on is None:
        problems.append(Problem("", "to_date", "the date the use ended is required"))
    elif row.from_date is not None and ended_on < row.from_date:
        problems.append(
            Problem("", "to_date", f"is before the use began ({format_date(row.from_date)})")
        )
    _refuse(problems)
    assert ended_on is not None
    row.to_date = ended_on
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "vehicle",
        f"ended the use of {_described(row, offender)} on {format_date(ended_on)}",
        object_key=str(row.id),
        offender_id=offender.id,
    )


def correct_vehicle(
    session: Session, actor: Actor, vehicle_id: int, value: VehicleInput, reason: str
) -> int | None:
    """Correct a vehicle entry, keeping its earlier values. Returns the revision id (None when
    nothing changed)."""
    row, offender = _vehicle(session, actor, Action.edit_record, vehicle_id)
    columns, problems = _check(session, offender, value, exclude_id=row.id)
    _refuse(problems + reason_problems(reason))
    return apply_correction(
        session,
        actor,
        row,
        columns,
        reason,
        object_type="vehicle",
        offender=offender,
        described=_described(row, offender),
    )


def vehicle_values(session: Session, actor: Actor, vehicle_id: int) -> VehicleInput:
    """A vehicle as the form edits it (for a correction)."""
    row, _offender = _vehicle(session, actor, Action.view_record, vehicle_id)
    return VehicleInput(
        registration_mark=row.registration_mark,
        make=row.make,
        model=row.model,
        colour=row.colour,
        from_date=row.from_date,
        to_date=row.to_date,
        notes=row.notes,
    )
