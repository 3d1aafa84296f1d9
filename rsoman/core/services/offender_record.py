"""The whole record of one offender as plain frozen dataclasses (safe to hand to another
thread, never ORM objects). Access control and the consultation log are in `offenders.get_record`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import london_today
from ..rules.notification_period import NotificationPeriod, notification_period
from ..rules.policy import Policy
from ..rules.visit_schedule import VisitDue, is_successful_home_visit
from ..store.enums import (
    AddressKind,
    Agency,
    AliasKind,
    ArmsRating,
    BreachAction,
    BreachKind,
    ChangeType,
    Disposal,
    IntelSource,
    MeetingStatus,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    PlanHeading,
    PlanKind,
    RiskLevel,
    Sex,
    StaticTool,
    VisitKind,
    VisitOutcome,
)
from ..store.models import (
    ARMS_FACTORS,
    Address,
    Assignment,
    Borough,
    Breach,
    Intelligence,
    MappaAction,
    MappaCase,
    MappaMeeting,
    Notification,
    Offender,
    OffenderAlias,
    OffenderPhoto,
    Officer,
    Order,
    Prohibition,
    Registration,
    RiskAssessment,
    RiskManagementPlan,
    Vehicle,
    Visit,
    VisitOfficer,
    VisitPlanDecision,
    Ward,
)
from .current import address_text, load_current, officer_name, visit_due


@dataclass(frozen=True)
class AliasItem:
    id: int
    kind: AliasKind
    surname: str
    forenames: str


@dataclass(frozen=True)
class RegistrationItem:
    id: int
    conviction_date: date
    offences: str
    offence_summary: str | None
    court: str | None
    disposal: Disposal
    sentence_months: int | None
    age_at_conviction: int
    first_notification_date: date | None
    release_date: date | None
    # None when the registration lacks what s.82 needs; `period_problem` then says what.
    notification_period: NotificationPeriod | None
    period_problem: str | None


@dataclass(frozen=True)
class AddressItem:
    id: int
    kind: AddressKind
    line1: str
    line2: str | None
    town: str | None
    postcode: str | None
    borough: str | None
    ward: str | None
    valid_from: date
    valid_to: date | None
    notes: str | None
    text: str


@dataclass(frozen=True)
class VehicleItem:
    id: int
    registration_mark: str
    make: str | None
    model: str | None
    colour: str | None
    from_date: date | None
    to_date: date | None
    notes: str | None


@dataclass(frozen=True)
class AssignmentItem:
    id: int
    officer_warrant: str
    officer_name: str
    start_date: date
    end_date: date | None
    reason: str


@dataclass(frozen=True)
class RiskAssessmentItem:
    id: int
    assessed_on: date
    assessor: str | None
    level: RiskLevel
    static_tool: StaticTool | None
    static_result: str | None
    # ARMS factor name -> rating, in ARMS_FACTORS order.
    arms: tuple[tuple[str, ArmsRating | None], ...]
    next_review_on: date | None
    reason: str | None
    notes: str | None


@dataclass(frozen=True)
class VisitPlanItem:
    id: int
    kind: PlanKind
    interval_days: int | None
    effective_from: date
    ended_on: date | None
    authorised_by: str
    reason: str


@dataclass(frozen=True)
class VisitItem:
    id: int
    kind: VisitKind
    planned_for: datetime | None
    occurred_at: datetime | None
    address_id: int | None
    announced: bool
    outcome: VisitOutcome | None
    who_present: str | None
    observations: str | None
    actions: str | None
    officers: tuple[str, ...]
    successful_home_visit: bool


@dataclass(frozen=True)
class NotificationItem:
    id: int
    kind: NotificationKind
    notified_on: date
    event_on: date | None
    change_type: ChangeType | None
    received_by: str | None
    details: str | None
    travel_destination: str | None
    travel_departure_on: date | None
    travel_return_on: date | None
    travel_short_notice_reason: str | None
    household_child_address: str | None


@dataclass(frozen=True)
class ProhibitionItem:
    id: int
    position: int
    text: str
    is_requirement: bool


@dataclass(frozen=True)
class OrderItem:
    id: int
    kind: OrderKind
    court: str
    made_on: date
    starts_on: date
    ends_on: date | None
    status: OrderStatus
    reference: str | None
    notes: str | None
    prohibitions: tuple[ProhibitionItem, ...]


@dataclass(frozen=True)
class BreachItem:
    id: int
    kind: BreachKind
    order_id: int | None
    description: str
    occurred_on: date | None
    found_on: date
    found_by: str | None
    action: BreachAction | None
    action_on: date | None
    action_reason: str | None
    outcome: str | None
    outcome_on: date | None
    national_ref: str | None
    recorded_nationally_on: date | None


@dataclass(frozen=True)
class IntelligenceItem:
    id: int
    received_on: date
    source: IntelSource
    source_detail: str | None
    grading: str | None
    text: str
    is_concern: bool


@dataclass(frozen=True)
class MappaCaseItem:
    id: int
    meeting_ref: str
    meeting_level: int
    held_at: datetime
    meeting_status: MeetingStatus
    children_at_risk: bool
    summary: str | None
    next_review_on: date | None


@dataclass(frozen=True)
class RiskManagementPlanItem:
    id: int
    agreed_on: date
    meeting_id: int | None
    supervision: str | None
    monitoring_and_control: str | None
    interventions_and_treatment: str | None
    victim_safety_planning: str | None
    contingency: str | None


@dataclass(frozen=True)
class MappaActionItem:
    id: int
    meeting_id: int | None
    heading: PlanHeading
    description: str
    owner_agency: Agency
    owner_name: str | None
    due_on: date
    completed_on: date | None


@dataclass(frozen=True)
class OffenderRecord:
    """Everything held about one offender, as plain values (safe to hand to another thread).
    Lists are oldest first."""

    id: int
    ref: str
    surname: str
    forenames: str
    date_of_birth: date
    sex: Sex
    description: str | None
    marks: str | None
    victim_profile: str | None
    pnc_ref: str | None
    visor_ref: str | None
    status: OffenderStatus
    borough_code: str
    borough: str
    mappa_category: int | None
    mappa_level: int | None
    restricted: bool
    retention_review_on: date | None
    created_at: datetime
    updated_at: datetime
    photo: bytes | None
    photo_mime: str | None
    current_risk_level: RiskLevel | None
    current_home: AddressItem | None
    offender_manager: AssignmentItem | None
    last_successful_home_visit: date | None
    next_visit: VisitDue | None
    aliases: tuple[AliasItem, ...]
    registrations: tuple[RegistrationItem, ...]
    addresses: tuple[AddressItem, ...]
    vehicles: tuple[VehicleItem, ...]
    assignments: tuple[AssignmentItem, ...]
    risk_assessments: tuple[RiskAssessmentItem, ...]
    visit_plans: tuple[VisitPlanItem, ...]
    visits: tuple[VisitItem, ...]
    notifications: tuple[NotificationItem, ...]
    orders: tuple[OrderItem, ...]
    breaches: tuple[BreachItem, ...]
    intelligence: tuple[IntelligenceItem, ...]
    mappa_cases: tuple[MappaCaseItem, ...]
    risk_management_plans: tuple[RiskManagementPlanItem, ...]
    mappa_actions: tuple[MappaActionItem, ...]


T = TypeVar("T")


def _plain(cls: type[T], row: Any, **extra: Any) -> T:
    """A dataclass from the same-named attributes of a row, plus the derived ones given."""
    values = {f.name: getattr(row, f.name) for f in fields(cls) if f.name not in extra}  # type: ignore[arg-type]
    return cls(**values, **extra)


def _children(session: Session, model: Any, offender_id: int, *order: Any) -> list[Any]:
    return list(
        session.exec(select(model).where(model.offender_id == offender_id).order_by(*order)).all()
    )


_DETAINED = frozenset(
    {
        Disposal.custody,
        Disposal.life,
        Disposal.ipp,
        Disposal.hospital_restriction_order,
        Disposal.hospital_order,
    }
)


def _first_notification_after_release(
    row: Registration, notified_on: Sequence[date]
) -> date | None:
    """When the review clock of an indefinite requirement starts; None while it is unknown (in
    custody, or released without a notification recorded since)."""
    if row.release_date is None:
        return None if row.disposal in _DETAINED else row.first_notification_date
    after = [d for d in (row.first_notification_date, *notified_on) if d and d >= row.release_date]
    return min(after, default=None)


def _registration_item(row: Registration, notified_on: Sequence[date]) -> RegistrationItem:
    period: NotificationPeriod | None = None
    problem: str | None = None
    try:
        period = notification_period(
            Disposal(row.disposal),
            row.sentence_months,
            row.age_at_conviction,
            row.conviction_date,
            _first_notification_after_release(row, notified_on),
        )
    except ValueError as exc:
        problem = str(exc)
    return _plain(RegistrationItem, row, notification_period=period, period_problem=problem)


def _officers_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, Officer]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {o.id: o for o in session.exec(select(Officer).where(Officer.id.in_(wanted)))}  # type: ignore[misc]


def build_record(session: Session, offender: Offender, policy: Policy) -> OffenderRecord:
    oid = offender.id
    assert oid is not None
    today = london_today()
    borough = session.get(Borough, offender.borough_id)
    assert borough is not None
    photo = session.get(OffenderPhoto, oid)

    addresses = _children(session, Address, oid, Address.valid_from, Address.id)
    boroughs = dict(session.exec(select(Borough.id, Borough.name)).all())
    ward_ids = {a.ward_id for a in addresses if a.ward_id is not None}
    wards = dict(session.exec(select(Ward.id, Ward.name).where(Ward.id.in_(ward_ids))).all())
    address_items = {
        a.id: _plain(
            AddressItem,
            a,
            borough=boroughs.get(a.borough_id) if a.borough_id else None,
            ward=wards.get(a.ward_id) if a.ward_id else None,
            text=address_text(a),
        )
        for a in addresses
    }

    assignments = _children(session, Assignment, oid, Assignment.start_date, Assignment.id)
    risks = _children(session, RiskAssessment, oid, RiskAssessment.assessed_on, RiskAssessment.id)
    plans = _children(
        session, VisitPlanDecision, oid, VisitPlanDecision.effective_from, VisitPlanDecision.id
    )
    visits = _children(
        session, Visit, oid, sa.func.coalesce(Visit.occurred_at, Visit.planned_for), Visit.id
    )
    notifications = _children(session, Notification, oid, Notification.notified_on, Notification.id)
    breaches = _children(session, Breach, oid, Breach.found_on, Breach.id)
    visit_officers: dict[int, list[int]] = {}
    if visits:
        for link in session.exec(
            select(VisitOfficer).where(VisitOfficer.visit_id.in_([v.id for v in visits]))
        ):
            visit_officers.setdefault(link.visit_id, []).append(link.officer_id)
    officers = _officers_by_id(
        session,
        [a.officer_id for a in assignments]
        + [r.assessor_officer_id for r in risks]
        + [p.authorised_by_officer_id for p in plans]
        + [n.received_by_officer_id for n in notifications]
        + [b.found_by_officer_id for b in breaches]
        + [i for ids in visit_officers.values() for i in ids],
    )

    def name_of(officer_id: int | None) -> str | None:
        return officer_name(officers[officer_id]) if officer_id in officers else None

    assignment_items = [
        _plain(
            AssignmentItem,
            a,
            officer_warrant=officers[a.officer_id].warrant_number,
            officer_name=officer_name(officers[a.officer_id]),
        )
        for a in assignments
    ]
    orders = _children(session, Order, oid, Order.made_on, Order.id)
    prohibitions: dict[int, list[ProhibitionItem]] = {}
    if orders:
        for p in session.exec(
            select(Prohibition)
            .where(Prohibition.order_id.in_([o.id for o in orders]))
            .order_by(Prohibition.order_id, Prohibition.position, Prohibition.id)
        ):
            prohibitions.setdefault(p.order_id, []).append(_plain(ProhibitionItem, p))
    cases = session.exec(
        select(MappaCase, MappaMeeting)
        .join(MappaMeeting, MappaMeeting.id == MappaCase.meeting_id)
        .where(MappaCase.offender_id == oid)
        .order_by(MappaMeeting.held_at, MappaCase.id)
    ).all()

    current = load_current(session, [oid], today)
    risk, last, due = visit_due(offender, current, policy)
    home = current.home.get(oid)
    manager = current.assignment.get(oid)
    return _plain(
        OffenderRecord,
        offender,
        borough_code=borough.code,
        borough=borough.name,
        photo=photo.image if photo else None,
        photo_mime=photo.mime if photo else None,
        current_risk_level=risk,
        current_home=address_items[home.id] if home else None,
        offender_manager=(
            next(a for a in assignment_items if a.id == manager.id) if manager else None
        ),
        last_successful_home_visit=last,
        next_visit=due,
        aliases=tuple(
            _plain(AliasItem, a) for a in _children(session, OffenderAlias, oid, OffenderAlias.id)
        ),
        registrations=tuple(
            _registration_item(r, [n.notified_on for n in notifications])
            for r in _children(
                session, Registration, oid, Registration.conviction_date, Registration.id
            )
        ),
        addresses=tuple(address_items.values()),
        vehicles=tuple(
            _plain(VehicleItem, v)
            for v in _children(session, Vehicle, oid, Vehicle.from_date, Vehicle.id)
        ),
        assignments=tuple(assignment_items),
        risk_assessments=tuple(
            _plain(
                RiskAssessmentItem,
                r,
                assessor=name_of(r.assessor_officer_id),
                arms=tuple((f, getattr(r, f"arms_{f}")) for f in ARMS_FACTORS),
            )
            for r in risks
        ),
        visit_plans=tuple(
            _plain(VisitPlanItem, p, authorised_by=name_of(p.authorised_by_officer_id) or "")
            for p in plans
        ),
        visits=tuple(
            _plain(
                VisitItem,
                v,
                officers=tuple(name_of(i) or "" for i in visit_officers.get(v.id, [])),
                successful_home_visit=is_successful_home_visit(v.kind, v.outcome, v.at_home),
            )
            for v in visits
        ),
        notifications=tuple(
            _plain(NotificationItem, n, received_by=name_of(n.received_by_officer_id))
            for n in notifications
        ),
        orders=tuple(
            _plain(OrderItem, o, prohibitions=tuple(prohibitions.get(o.id, []))) for o in orders
        ),
        breaches=tuple(
            _plain(BreachItem, b, found_by=name_of(b.found_by_officer_id)) for b in breaches
        ),
        intelligence=tuple(
            _plain(IntelligenceItem, i)
            for i in _children(
                session, Intelligence, oid, Intelligence.received_on, Intelligence.id
            )
        ),
        mappa_cases=tuple(
            _plain(
                MappaCaseItem,
                case,
                meeting_ref=meeting.ref,
                meeting_level=meeting.level,
                held_at=meeting.held_at,
                meeting_status=meeting.status,
            )
            for case, meeting in cases
        ),
        risk_management_plans=tuple(
            _plain(RiskManagementPlanItem, p)
            for p in _children(
                session,
                RiskManagementPlan,
                oid,
                RiskManagementPlan.agreed_on,
                RiskManagementPlan.id,
            )
        ),
        mappa_actions=tuple(
            _plain(MappaActionItem, a)
            for a in _children(session, MappaAction, oid, MappaAction.due_on, MappaAction.id)
        ),
    )
