"""The borough briefing pack's data: for a borough (or one ward of it), per offender only what a
local officer needs to recognise them and act, and what changed since the last briefing issued
for the same area.

Need to know, by construction: the queries here read only the columns behind
`BRIEFING_FIELDS` (never health, intelligence, visit notes, notification details, ARMS or MAPPA
minutes), and `BriefingEntry` has exactly those fields, so nothing else can reach the page.

Who is in it: active offenders managed by the borough's Jigsaw team (moves between boroughs are
transfers, so the managing borough is where they live); for a ward, those whose current home
address is in the ward.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ...rules.dates import format_date, london_date, london_today
from ...rules.visit_schedule import risk_words
from ...store.enums import (
    RISK_ORDER,
    AddressKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    RiskLevel,
)
from ...store.models import (
    Address,
    Borough,
    Offender,
    OffenderAlias,
    OffenderPhoto,
    Officer,
    Order,
    Prohibition,
    Vehicle,
    Ward,
)
from ..actor import Actor
from ..current import address_text, load_current, officer_name
from ..errors import NotFound, Problem, ValidationFailed
from ..permissions import Action, require
from ..restricted import hide_restricted
from ..settings import briefing_contact_for
from .common import last_issued

KIND = "briefing"

ORDER_WORDS: dict[OrderKind, str] = {
    OrderKind.shpo: "Sexual Harm Prevention Order",
    OrderKind.interim_shpo: "Interim Sexual Harm Prevention Order",
    OrderKind.sro: "Sexual Risk Order",
    OrderKind.interim_sro: "Interim Sexual Risk Order",
    OrderKind.notification_order: "Notification Order",
}
# Orders still binding: a varied order stands as varied.
IN_FORCE = (OrderStatus.active, OrderStatus.varied)


@dataclass(frozen=True)
class BriefingOrder:
    id: int
    kind: str
    court: str
    made_on: date
    ends_on: date | None
    # Each in the order's exact words, in the order's own sequence.
    prohibitions: tuple[str, ...]
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class ManagerContact:
    name: str
    phone: str | None
    email: str | None
    team: str


@dataclass(frozen=True)
class BriefingEntry:
    """One offender's page: these fields and nothing else (see BRIEFING_FIELDS)."""

    ref: str
    name: str
    aliases: tuple[str, ...]
    date_of_birth: date
    photo: bytes | None
    description: str | None
    marks: str | None
    home_address: str | None
    ward: str | None
    other_addresses: tuple[str, ...]
    vehicles: tuple[str, ...]
    risk_level: str | None
    mappa_category: int | None
    mappa_level: int | None
    offence_summary: str | None
    victim_profile: str | None
    orders: tuple[BriefingOrder, ...]
    look_out_for: tuple[str, ...]
    if_seen: str
    offender_manager: ManagerContact | None


# The need-to-know list (DOMAIN.md, "Information handling"), written once: the dataclass above
# must hold exactly these, and tests check the page shows nothing from outside them.
BRIEFING_FIELDS: tuple[str, ...] = (
    "ref",
    "name",
    "aliases",
    "date_of_birth",
    "photo",
    "description",
    "marks",
    "home_address",
    "ward",
    "other_addresses",
    "vehicles",
    "risk_level",
    "mappa_category",
    "mappa_level",
    "offence_summary",
    "victim_profile",
    "orders",
    "look_out_for",
    "if_seen",
    "offender_manager",
)


@dataclass(frozen=True)
class SummaryRow:
    ref: str
    name: str
    ward: str | None
    risk_level: str | None
    mappa: str | None
    orders: int


@dataclass(frozen=True)
class BriefingChanges:
    """Since the last briefing for the same area; `previous_reference` None: the first one."""

    previous_reference: str | None
    previous_issued_on: date | None
    arrivals: tuple[str, ...]
    departures: tuple[str, ...]
    moves: tuple[str, ...]
    risk_changes: tuple[str, ...]
    new_orders: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(
            self.arrivals or self.departures or self.moves or self.risk_changes or self.new_orders
        )


@dataclass(frozen=True)
class BriefingData:
    scope: str
    scope_key: str
    borough: str
    ward: str | None
    as_of: date
    entries: tuple[BriefingEntry, ...]
    summary: tuple[SummaryRow, ...]
    changes: BriefingChanges
    offender_ids: tuple[int, ...]
    offender_refs: tuple[tuple[int, str], ...]
    # JSON text kept with the issued pack: what the next briefing for the area compares with.
    snapshot: str


def _by_offender(rows: Iterable[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for row in rows:
        out.setdefault(row.offender_id, []).append(row)
    return out


def _vehicle_text(v: Vehicle) -> str:
    what = " ".join(p for p in (v.colour, v.make, v.model) if p)
    return f"{v.registration_mark} {what}".strip()


def _look_out_for(
    entry_orders: list[BriefingOrder], victim: str | None, has_vehicle: bool
) -> list[str]:
    items: list[str] = []
    if any(o.prohibitions for o in entry_orders):
        items.append(
            "Anything that would breach a prohibition quoted below: a breach is a criminal offence."
        )
    if victim:
        items.append(
            f"Contact with, or attention paid to, people matching the victim profile: {victim}"
        )
    if has_vehicle:
        items.append(
            "Use of the vehicles listed, or of any vehicle not listed: note its registration."
        )
    else:
        items.append("Use of any vehicle: none is notified, so note its registration.")
    items.append(
        "Signs of living or staying anywhere but the home address above (a stay of 7 days or "
        "more elsewhere must be notified)."
    )
    return items


def _if_seen(borough: str, manager: ManagerContact | None, contact: str = "") -> str:
    team = f"the {borough} Jigsaw team" + (f" ({contact})" if contact else "")
    who = f"the offender manager, {manager.name}," if manager else team
    return (
        "Do not disclose this briefing to anyone outside the police. Note the time, place, "
        "who they were with (above all any child), any vehicle and what they were doing. "
        f"Report it the same day to {who} and submit an intelligence report. If a prohibition "
        "is being breached, or a child is at risk, now: act at once (a breach is an arrestable "
        "offence) and then tell the offender manager."
    )


def _scope(
    session: Session, borough_code: str, ward_name: str | None
) -> tuple[Borough, Ward | None]:
    borough = session.exec(select(Borough).where(Borough.code == borough_code.strip())).first()
    if borough is None:
        raise NotFound(f"no borough with code {borough_code!r}")
    if borough.is_central:
        raise ValidationFailed(
            [Problem("", "borough", "the central team is not an area: name a London borough")]
        )
    if ward_name is None or not ward_name.strip():
        return borough, None
    ward = session.exec(
        select(Ward).where(
            Ward.borough_id == borough.id, sa.func.lower(Ward.name) == ward_name.strip().lower()
        )
    ).first()
    if ward is None:
        raise NotFound(f"no ward named {ward_name.strip()!r} in {borough.name}")
    return borough, ward


def gather_briefing(
    session: Session,
    actor: Actor,
    *,
    borough_code: str,
    ward: str | None = None,
    as_of: date | None = None,
) -> BriefingData:
    """The briefing's data; refused (and the refusal logged) unless the actor may view the
    borough's records."""
    require(session, actor, Action.view_record)
    borough, ward_row = _scope(session, borough_code, ward)
    require(session, actor, Action.view_record, borough_id=borough.id)
    today = as_of or london_today()
    query = select(Offender).where(
        Offender.borough_id == borough.id, Offender.status == OffenderStatus.active
    )
    # Restricted records go only into packs issued by someone granted them.
    hidden = hide_restricted(session, actor, Offender.id)
    if hidden is not None:
        query = query.where(hidden)
    offenders = list(session.exec(query))
    # The "report to" contact an administrator set (settings), printed on every page.
    contact = briefing_contact_for(session, borough.code)
    current = load_current(session, [o.id for o in offenders if o.id is not None], today)
    if ward_row is not None:
        offenders = [
            o
            for o in offenders
            if (h := current.home.get(o.id)) and h.ward_id == ward_row.id  # type: ignore[arg-type]
        ]
    ids = [o.id for o in offenders if o.id is not None]
    home_wards = {h.ward_id for h in current.home.values() if h.ward_id is not None}
    ward_names = dict(session.exec(select(Ward.id, Ward.name).where(Ward.id.in_(home_wards))).all())

    def ward_of(offender_id: int) -> str | None:
        home = current.home.get(offender_id)
        return ward_names.get(home.ward_id) if home and home.ward_id else None

    # Highest risk first (not yet assessed counts as highest, as the visit schedule treats it),
    # then by ward and name: the people an officer most needs to know come first.
    def sort_key(o: Offender) -> tuple[int, str, str, str]:
        assessment = current.risk.get(o.id)  # type: ignore[arg-type]
        rank = RISK_ORDER[RiskLevel(assessment.level)] if assessment else len(RISK_ORDER)
        return (-rank, ward_of(o.id) or "~", o.surname.lower(), o.forenames.lower())  # type: ignore[arg-type]

    offenders.sort(key=sort_key)

    aliases = _by_offender(
        session.exec(
            select(OffenderAlias)
            .where(OffenderAlias.offender_id.in_(ids))
            .order_by(OffenderAlias.id)
        )
    )
    photos = {
        p.offender_id: p.image
        for p in session.exec(select(OffenderPhoto).where(OffenderPhoto.offender_id.in_(ids)))
    }
    others = _by_offender(
        session.exec(
            select(Address)
            .where(
                Address.offender_id.in_(ids),
                Address.kind == AddressKind.secondary,
                Address.valid_from <= today,
                sa.or_(Address.valid_to.is_(None), Address.valid_to >= today),
            )
            .order_by(Address.valid_from, Address.id)
        )
    )
    vehicles = _by_offender(
        session.exec(
            select(Vehicle)
            .where(
                Vehicle.offender_id.in_(ids),
                sa.or_(Vehicle.from_date.is_(None), Vehicle.from_date <= today),
                sa.or_(Vehicle.to_date.is_(None), Vehicle.to_date >= today),
            )
            .order_by(Vehicle.id)
        )
    )
    orders = _by_offender(
        session.exec(
            select(Order)
            .where(
                Order.offender_id.in_(ids),
                Order.status.in_(IN_FORCE),
                Order.starts_on <= today,
                sa.or_(Order.ends_on.is_(None), Order.ends_on >= today),
            )
            .order_by(Order.made_on, Order.id)
        )
    )
    order_ids = [o.id for rows in orders.values() for o in rows]
    prohibitions: dict[int, list[Prohibition]] = {}
    for p in session.exec(
        select(Prohibition)
        .where(Prohibition.order_id.in_(order_ids))
        .order_by(Prohibition.order_id, Prohibition.position, Prohibition.id)
    ):
        prohibitions.setdefault(p.order_id, []).append(p)
    officer_ids = {a.officer_id for a in current.assignment.values()}
    officers = {o.id: o for o in session.exec(select(Officer).where(Officer.id.in_(officer_ids)))}

    entries: list[BriefingEntry] = []
    summary: list[SummaryRow] = []
    snapshot: dict[str, dict[str, Any]] = {}
    for o in offenders:
        oid = o.id
        assert oid is not None
        home = current.home.get(oid)
        assessment = current.risk.get(oid)
        risk = risk_words(RiskLevel(assessment.level)) if assessment else None
        registration = current.registration.get(oid)
        entry_orders = [
            BriefingOrder(
                id=order.id,  # type: ignore[arg-type]
                kind=ORDER_WORDS[OrderKind(order.kind)],
                court=order.court,
                made_on=order.made_on,
                ends_on=order.ends_on,
                prohibitions=tuple(
                    p.text
                    for p in prohibitions.get(order.id, [])
                    if not p.is_requirement  # type: ignore[arg-type]
                ),
                requirements=tuple(
                    p.text
                    for p in prohibitions.get(order.id, [])
                    if p.is_requirement  # type: ignore[arg-type]
                ),
            )
            for order in orders.get(oid, [])
        ]
        assignment = current.assignment.get(oid)
        officer = officers.get(assignment.officer_id) if assignment else None
        manager = (
            ManagerContact(
                name=officer_name(officer),
                phone=officer.phone,
                email=officer.email,
                team=f"{borough.name} Jigsaw team" + (f": {contact}" if contact else ""),
            )
            if officer
            else None
        )
        offender_vehicles = vehicles.get(oid, [])
        offence = None
        if registration is not None:
            offence = registration.offence_summary or registration.offences
        entries.append(
            BriefingEntry(
                ref=o.ref,
                name=f"{o.forenames} {o.surname.upper()}",
                aliases=tuple(f"{a.forenames} {a.surname}".strip() for a in aliases.get(oid, [])),
                date_of_birth=o.date_of_birth,
                photo=photos.get(oid),
                description=o.description,
                marks=o.marks,
                home_address=address_text(home) if home else None,
                ward=ward_of(oid),
                other_addresses=tuple(address_text(a) for a in others.get(oid, [])),
                vehicles=tuple(_vehicle_text(v) for v in offender_vehicles),
                risk_level=risk,
                mappa_category=o.mappa_category,
                mappa_level=o.mappa_level,
                offence_summary=offence,
                victim_profile=o.victim_profile,
                orders=tuple(entry_orders),
                look_out_for=tuple(
                    _look_out_for(entry_orders, o.victim_profile, bool(offender_vehicles))
                ),
                if_seen=_if_seen(borough.name, manager, contact),
                offender_manager=manager,
            )
        )
        summary.append(
            SummaryRow(
                ref=o.ref,
                name=f"{o.surname.upper()}, {o.forenames}",
                ward=ward_of(oid),
                risk_level=risk,
                mappa=(
                    f"Cat {o.mappa_category} / Level {o.mappa_level}" if o.mappa_category else None
                ),
                orders=len(entry_orders),
            )
        )
        snapshot[str(oid)] = {
            "ref": o.ref,
            "name": f"{o.forenames} {o.surname}",
            "home": home.id if home else None,
            "home_text": address_text(home) if home else None,
            "risk": RiskLevel(assessment.level).value if assessment else None,
            "orders": sorted(order.id for order in orders.get(oid, [])),  # type: ignore[misc]
        }

    scope = borough.name if ward_row is None else f"{borough.name}, ward {ward_row.name}"
    scope_key = f"borough:{borough.code}" + (f"/ward:{ward_row.id}" if ward_row else "")
    changes = _changes(session, scope_key, snapshot, orders)
    return BriefingData(
        scope=scope,
        scope_key=scope_key,
        borough=borough.name,
        ward=ward_row.name if ward_row else None,
        as_of=today,
        entries=tuple(entries),
        summary=tuple(summary),
        changes=changes,
        offender_ids=tuple(o.id for o in offenders if o.id is not None),
        offender_refs=tuple((o.id, o.ref) for o in offenders if o.id is not None),
        snapshot=json.dumps({"as_of": today.isoformat(), "offenders": snapshot}, sort_keys=True),
    )


def _changes(
    session: Session,
    scope_key: str,
    now: dict[str, dict[str, Any]],
    orders: dict[int, list[Order]],
) -> BriefingChanges:
    previous = last_issued(session, KIND, scope_key)
    if previous is None or not previous.snapshot:
        return BriefingChanges(None, None, (), (), (), (), ())
    before: dict[str, dict[str, Any]] = json.loads(previous.snapshot).get("offenders", {})

    def who(facts: dict[str, Any]) -> str:
        return f"{facts['name']} ({facts['ref']})"

    arrivals = [f"{who(f)}: new to this briefing" for k, f in now.items() if k not in before]
    departures = [
        f"{who(f)}: no longer in this briefing's area (moved away, in custody, or "
        "requirements ended)"
        for k, f in before.items()
        if k not in now
    ]
    moves: list[str] = []
    risks: list[str] = []
    new_orders: list[str] = []
    for key, facts in now.items():
        old = before.get(key)
        if old is None:
            continue
        if facts["home"] != old.get("home"):
            moves.append(f"{who(facts)}: moved to {facts['home_text'] or 'no address recorded'}")
        if facts["risk"] != old.get("risk"):
            was = risk_words(RiskLevel(old["risk"])) if old.get("risk") else "not assessed"
            is_now = risk_words(RiskLevel(facts["risk"])) if facts["risk"] else "not assessed"
            risks.append(f"{who(facts)}: risk {was} → {is_now}")
        known = set(old.get("orders", []))
        for order in orders.get(int(key), []):
            if order.id not in known:
                new_orders.append(
                    f"{who(facts)}: {ORDER_WORDS[OrderKind(order.kind)]} made "
                    f"{format_date(order.made_on)} at {order.court}"
                )
    return BriefingChanges(
        previous_reference=previous.reference,
        previous_issued_on=london_date(previous.issued_at),
        arrivals=tuple(arrivals),
        departures=tuple(departures),
        moves=tuple(moves),
        risk_changes=tuple(risks),
        new_orders=tuple(new_orders),
    )
