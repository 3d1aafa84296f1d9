"""Adding an offender's address, correcting one, and the boroughs and wards to choose from.

An offender has one home at a time (a home or "no fixed abode" entry), and the history of homes
is kept: a new open-ended home ends the home it replaces the day before, and never overwrites
it. A home in another borough is a transfer between Jigsaw teams, which a supervisor makes (the
offender's borough changes, never duplicated): this module refuses it with a message saying so.
A correction passes the same checks and keeps the old values (`corrections.apply_correction`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from ..rules.dates import format_date, london_today
from ..store.enums import AddressKind, AuditAction
from ..store.models import Address, Borough, Offender, Ward
from ..store.models._types import utcnow
from . import audit, visit_address
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .current import HOME_KINDS, address_text
from .errors import Problem, ValidationFailed
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require

# A UK postcode: outward code (area, district) and inward code (sector, unit); GIR 0AA is
# Girobank's. Checked for shape only: whether it exists is Royal Mail's business.
_POSTCODE = re.compile(r"^(?:GIR0AA|([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2}))$")
NO_FIXED_ABODE = "No fixed abode"
MAX_LINE = 200
MAX_TOWN = 80
KIND_WORDS = {
    AddressKind.home: "home address",
    AddressKind.secondary: "other address",
    AddressKind.no_fixed_abode: "no fixed abode",
}


@dataclass(frozen=True)
class AddressInput:
    kind: AddressKind | None
    line1: str = ""
    line2: str | None = None
    town: str | None = None
    postcode: str | None = None
    # None for an address outside London (allowed for other addresses only).
    borough_code: str | None = None
    ward_id: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class WardChoice:
    id: int
    name: str


@dataclass(frozen=True)
class BoroughChoice:
    code: str
    name: str
    wards: tuple[WardChoice, ...]


def borough_wards(session: Session) -> list[BoroughChoice]:
    """The London boroughs (not the central team, which is no place) with their wards, by name.
    Reference data, not about any person: no permission needed and nothing to log."""
    boroughs = session.exec(
        select(Borough).where(Borough.is_central == False).order_by(Borough.name)  # noqa: E712
    ).all()
    from .settings import retired_ward_ids  # settings imports the policy and more: load late

    retired = retired_ward_ids(session)
    wards: dict[int, list[WardChoice]] = {}
    for ward in session.exec(select(Ward).order_by(Ward.name)).all():
        assert ward.id is not None
        if ward.id in retired:  # kept for the addresses that name it, not offered anew
            continue
        wards.setdefault(ward.borough_id, []).append(WardChoice(ward.id, ward.name))
    return [BoroughChoice(b.code, b.name, tuple(wards.get(b.id or 0, ()))) for b in boroughs]


def normalise_postcode(text: str | None) -> str | None:
    """ "nw1 5cv" -> "NW1 5CV"; None if it is not shaped like a UK postcode."""
    squashed = re.sub(r"\s+", "", (text or "").upper())
    match = _POSTCODE.match(squashed)
    if match is None:
        return None
    if match.group(1) is None:
        return "GIR 0AA"
    return f"{match.group(1)} {match.group(2)}"


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _period_text(address: Address) -> str:
    end = format_date(address.valid_to) if address.valid_to else "now"
    return f"{format_date(address.valid_from)} to {end}"


def _check(
    session: Session, offender: Offender, value: AddressInput
) -> tuple[dict[str, Any], Borough | None, list[Problem]]:
    """The column values, the borough, and every problem with the address itself (shared by a
    new entry and a correction)."""
    problems: list[Problem] = []
    kind = AddressKind(value.kind) if value.kind else None
    if kind is None:
        problems.append(Problem("", "kind", "say what kind of address this is"))

    line1 = (value.line1 or "").strip()
    if not line1 and kind == AddressKind.no_fixed_abode:
        line1 = NO_FIXED_ABODE
    if not line1:
        problems.append(Problem("", "line1", "the first line of the address is required"))
    for name, text, limit in (
        ("line1", line1, MAX_LINE),
        ("line2", value.line2, MAX_LINE),
        ("town", value.town, MAX_TOWN),
    ):
        if text and len(text.strip()) > limit:
            problems.append(Problem("", name, f"is longer than {limit} characters"))

    postcode = None
    if _text(value.postcode) is not None:
        postcode = normalise_postcode(value.postcode)
        if postcode is None:
            problems.append(
                Problem("", "postcode", f"{value.postcode!r} is not a UK postcode (e.g. NW1 5AB)")
            )
    elif kind in (AddressKind.home, AddressKind.secondary):
        problems.append(Problem("", "postcode", "the postcode is required"))

    borough: Borough | None = None
    code = _text(value.borough_code)
    if code is not None:
        borough = session.exec(select(Borough).where(Borough.code == code)).first()
        if borough is None or borough.is_central:
            problems.append(Problem("", "borough_code", f"no London borough {code!r}"))
            borough = None
    elif kind in HOME_KINDS:
        problems.append(
            Problem(
                "",
                "borough_code",
                "a home (or where someone of no fixed abode sleeps) needs its borough",
            )
        )
    ward_id = value.ward_id
    if ward_id is not None:
        ward = session.get(Ward, ward_id)
        if ward is None:
            problems.append(Problem("", "ward_id", "no such ward"))
        elif code is None:
            problems.append(Problem("", "ward_id", "choose the borough before the ward"))
        elif borough is not None and ward.borough_id != borough.id:
            problems.append(Problem("", "ward_id", f"{ward.name} is not a ward of {borough.name}"))

    valid_from, valid_to = value.valid_from, value.valid_to
    if valid_from is None:
        problems.append(Problem("", "valid_from", "the date from which it applies is required"))
    elif valid_to is not None and valid_to < valid_from:
        problems.append(Problem("", "valid_to", "is before the date it applies from"))

    columns = {
        "kind": kind,
        "line1": line1,
        "line2": _text(value.line2),
        "town": _text(value.town),
        "postcode": postcode,
        "borough_id": borough.id if borough else None,
        "ward_id": ward_id,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "notes": _text(value.notes),
    }
    if kind in HOME_KINDS and borough is not None and borough.id != offender.borough_id:
        ends = valid_to if valid_to is not None else date.max
        if ends >= london_today():
            managed = session.get(Borough, offender.borough_id)
            assert managed is not None
            problems.append(
                Problem(
                    "",
                    "borough_code",
                    f"{offender.ref} is managed in {managed.name}: a home in {borough.name} "
                    f"is a transfer between boroughs, which a supervisor must make",
                )
            )
    return columns, borough, problems


def _homes_in_the_way(
    session: Session,
    offender: Offender,
    columns: dict[str, Any],
    *,
    exclude_id: int | None,
    may_end: bool,
) -> tuple[list[Address], list[Problem]]:
    """For a home entry: the earlier open home it replaces (to end the day before, when
    `may_end`), and a problem for any other home whose period it overlaps."""
    if columns["kind"] not in HOME_KINDS or columns["valid_from"] is None:
        return [], []
    start: date = columns["valid_from"]
    end: date = columns["valid_to"] or date.max
    homes = session.exec(
        select(Address).where(
            Address.offender_id == offender.id,
            Address.kind.in_(HOME_KINDS),  # type: ignore[attr-defined]
        )
    ).all()
    replaced: list[Address] = []
    problems: list[Problem] = []
    for home in homes:
        if home.id == exclude_id:
            continue
        if not (home.valid_from <= end and start <= (home.valid_to or date.max)):
            continue
        if may_end and home.valid_from < start and columns["valid_to"] is None:
            replaced.append(home)
            continue
        problems.append(
            Problem(
                "",
                "valid_from",
                f"overlaps the home {address_text(home)} ({_period_text(home)}): one home at a "
                f"time; correct that entry first",
            )
        )
    return replaced, problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))


def add_address(session: Session, actor: Actor, ref: str, value: AddressInput) -> int:
    """Add an address. A new open-ended home ends the one it replaces the day before. Returns
    the new address's id; every problem is listed at once."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    columns, _borough, problems = _check(session, offender, value)
    replaced, more = _homes_in_the_way(session, offender, columns, exclude_id=None, may_end=True)
    _refuse(problems + more)

    row = Address(offender_id=offender.id, **columns)
    session.add(row)
    start: date = columns["valid_from"]
    for home in replaced:
        home.valid_to = start - timedelta(days=1)
        session.add(home)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    visit_address.refresh(session, [offender.id])  # the home it ends may have had visits
    assert row.id is not None
    kind = AddressKind(columns["kind"])
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "address",
        f"added {KIND_WORDS[kind]} of {offender.ref} from {format_date(start)}: "
        f"{address_text(row)}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    for home in replaced:
        assert home.valid_to is not None
        audit.record(
            session,
            actor,
            AuditAction.alteration,
            "address",
            f"ended the home {address_text(home)} of {offender.ref} on "
            f"{format_date(home.valid_to)}: replaced by the new home from {format_date(start)}",
            object_key=str(home.id),
            offender_id=offender.id,
        )
    return row.id


def _address(
    session: Session, actor: Actor, action: Action, address_id: int
) -> tuple[Address, Offender]:
    return entry_of_offender(session, actor, action, Address, address_id, "address")


def correct_address(
    session: Session, actor: Actor, address_id: int, value: AddressInput, reason: str
) -> int | None:
    """Correct an address, keeping its earlier values. A correction never ends another home:
    one that would overlap another home is refused. Returns the revision id (None when nothing
    changed)."""
    row, offender = _address(session, actor, Action.edit_record, address_id)
    columns, _borough, problems = _check(session, offender, value)
    _replaced, more = _homes_in_the_way(
        session, offender, columns, exclude_id=row.id, may_end=False
    )
    _refuse(problems + more + reason_problems(reason))
    kind = AddressKind(row.kind)
    revision = apply_correction(
        session,
        actor,
        row,
        columns,
        reason,
        object_type="address",
        offender=offender,
        described=f"{KIND_WORDS[kind]} of {offender.ref} from {format_date(row.valid_from)}",
    )
    # A new kind or period can move a recorded visit out of the home (or back into it).
    visit_address.refresh(session, [offender.id])
    return revision


def address_values(session: Session, actor: Actor, address_id: int) -> AddressInput:
    """An address as the form edits it (for a correction)."""
    row, _offender = _address(session, actor, Action.view_record, address_id)
    borough = session.get(Borough, row.borough_id) if row.borough_id else None
    return AddressInput(
        kind=AddressKind(row.kind),
        line1=row.line1,
        line2=row.line2,
        town=row.town,
        postcode=row.postcode,
        borough_code=borough.code if borough else None,
        ward_id=row.ward_id,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        notes=row.notes,
    )


def offender_borough_code(session: Session, actor: Actor, ref: str) -> str:
    """The borough an offender is managed in (a new address form starts there)."""
    require(session, actor, Action.view_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.view_record, offender)
    borough = session.get(Borough, offender.borough_id)
    assert borough is not None
    return borough.code
