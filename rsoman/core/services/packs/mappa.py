"""The police pack for a MAPPA meeting: the agenda, per case the referral details, current risk
and ARMS, what happened since the case was last discussed, the risk management plan and the open
actions; the attendance checked against guidance; and a minutes template.

Permission: `Action.manage_mappa` (MAPPA co-ordinators and supervisors) in the meeting's
borough: the pack carries the whole record of each case (intelligence, ARMS, plan), far more
than a briefing, and is prepared by those who run the meetings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from ...rules.dates import LONDON, format_date, london_date
from ...rules.policy import Policy
from ...rules.visit_schedule import risk_words
from ...rules.warnings.facts import AttendeeFact, MeetingFacts
from ...rules.warnings.meeting_rules import agency_findings, rank_findings
from ...store.enums import Agency, MeetingStatus, OrderKind, Rank
from ...store.models import (
    ARMS_PROTECTIVE_FACTORS,
    ARMS_RISK_FACTORS,
    Borough,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Offender,
)
from ..actor import Actor
from ..errors import NotFound
from ..offender_record import OffenderRecord, build_record
from ..offenders import require_offender_access
from ..permissions import Action, require
from ..policy import current_policy
from ..restricted import sees_restricted
from .briefing import IN_FORCE, ORDER_WORDS

KIND = "mappa"
PLAN_HEADINGS: tuple[tuple[str, str], ...] = (
    ("supervision", "Supervision"),
    ("monitoring_and_control", "Monitoring and control"),
    ("interventions_and_treatment", "Interventions and treatment"),
    ("victim_safety_planning", "Victim safety planning"),
    ("contingency", "Contingency"),
)
ARMS_WORDS = {"none": "no evidence", "some": "some evidence", "strong": "strong evidence"}


def agency_words(agency: str) -> str:
    return {
        "childrens_social_care": "Children's social care",
        "adult_social_care": "Adult social care",
        "jobcentre_plus": "Jobcentre Plus",
        "youth_offending": "Youth offending",
        "electronic_monitoring": "Electronic monitoring",
    }.get(agency, agency.replace("_", " ").capitalize())


def rank_words(rank: str | None) -> str:
    if rank is None:
        return "rank not recorded"
    value = Rank(rank).value
    return value.upper() if len(value) <= 3 else value.replace("_", " ")


@dataclass(frozen=True)
class Attendee:
    agency: str
    name: str
    role: str | None
    rank: str | None
    attended: bool


@dataclass(frozen=True)
class CaseEvent:
    on: date
    kind: str
    text: str


@dataclass(frozen=True)
class OpenAction:
    heading: str
    description: str
    owner: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class PackCase:
    ref: str
    name: str
    date_of_birth: date
    aliases: tuple[str, ...]
    home_address: str | None
    mappa: str
    children_at_risk: bool
    offender_manager: str | None
    case_summary: str | None
    # Referral-style lines: (label, text).
    referral: tuple[tuple[str, str], ...]
    orders: tuple[tuple[str, tuple[str, ...]], ...]
    risk_level: str | None
    risk_line: str
    # (factor words, rating words), risk factors then protective factors.
    arms_risk: tuple[tuple[str, str], ...]
    arms_protective: tuple[tuple[str, str], ...]
    since: date | None
    since_words: str
    events: tuple[CaseEvent, ...]
    plan_agreed_on: date | None
    plan: tuple[tuple[str, str], ...]
    actions: tuple[OpenAction, ...]


@dataclass(frozen=True)
class MappaPackData:
    meeting_ref: str
    level: int
    held_at: datetime
    status: str
    borough: str
    chair: str | None
    location: str | None
    attendees: tuple[Attendee, ...]
    # Findings against guidance (rank below the level's, key agencies absent); empty if met.
    attendance_findings: tuple[str, ...]
    # What guidance expects at this meeting, always printed.
    expected: tuple[str, ...]
    cases: tuple[PackCase, ...]
    next_meeting_due: date | None
    scope: str
    scope_key: str
    offender_refs: tuple[tuple[int, str], ...]


def _meeting(session: Session, meeting: str) -> MappaMeeting:
    key = meeting.strip()
    row = None
    if key.isdigit():
        row = session.get(MappaMeeting, int(key))
    if row is None:
        row = session.exec(select(MappaMeeting).where(MappaMeeting.ref == key)).first()
    if row is None:
        raise NotFound(f"no MAPPA meeting with id or reference {meeting!r}")
    return row


def _factor_words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _events(record: OffenderRecord, since: date, until: date) -> list[CaseEvent]:
    """What happened in (since, until]: visits, notifications, breaches, intelligence, changes
    of address, risk and orders."""

    def inside(day: date | None) -> bool:
        return day is not None and since < day <= until

    out: list[CaseEvent] = []
    for v in record.visits:
        if v.occurred_at is None:
            continue
        day = london_date(v.occurred_at)
        if inside(day):
            outcome = v.outcome.replace("_", " ") if v.outcome else "no outcome recorded"
            note = f": {v.observations}" if v.observations else ""
            out.append(CaseEvent(day, "Visit", f"{v.kind.replace('_', ' ')}, {outcome}{note}"))
    for n in record.notifications:
        if inside(n.notified_on):
            what = n.kind.replace("_", " ")
            if n.travel_destination:
                what += f" to {n.travel_destination}"
            out.append(
                CaseEvent(
                    n.notified_on, "Notification", what + (f": {n.details}" if n.details else "")
                )
            )
    for b in record.breaches:
        if inside(b.found_on):
            action = b.action.replace("_", " ") if b.action else "NO ACTION RECORDED"
            out.append(CaseEvent(b.found_on, "Breach", f"{b.description} (action: {action})"))
    for i in record.intelligence:
        if inside(i.received_on):
            concern = ", concern" if i.is_concern else ""
            out.append(
                CaseEvent(
                    i.received_on,
                    "Intelligence",
                    f"({i.source.replace('_', ' ')}{concern}) {i.text}",
                )
            )
    for a in record.addresses:
        if inside(a.valid_from):
            out.append(
                CaseEvent(
                    a.valid_from, "Address", f"{a.kind.replace('_', ' ')} address from: {a.text}"
                )
            )
    for r in record.risk_assessments:
        if inside(r.assessed_on):
            out.append(
                CaseEvent(
                    r.assessed_on,
                    "Risk",
                    f"assessed {risk_words(r.level)}" + (f": {r.reason}" if r.reason else ""),
                )
            )
    for o in record.orders:
        if inside(o.made_on):
            out.append(
                CaseEvent(o.made_on, "Order", f"{ORDER_WORDS[OrderKind(o.kind)]} made at {o.court}")
            )
    return sorted(out, key=lambda e: (e.on, e.kind))


def _case(
    session: Session,
    case: MappaCase,
    meeting: MappaMeeting,
    policy: Policy,
) -> tuple[int, PackCase]:
    offender = session.get(Offender, case.offender_id)
    assert offender is not None and offender.id is not None
    record = build_record(session, offender, policy)
    meeting_day = london_date(meeting.held_at)
    earlier = [
        c
        for c in record.mappa_cases
        if c.held_at < meeting.held_at and c.meeting_status == MeetingStatus.held
    ]
    if earlier:
        since = london_date(earlier[-1].held_at)
        since_words = (
            f"since the last meeting on this case, {earlier[-1].meeting_ref} "
            f"on {format_date(since)}"
        )
    else:
        window = policy.mappa_review_days(meeting.level) or 112
        since = meeting_day - timedelta(days=window)
        since_words = f"first meeting on this case: the last {window} days"
    registration = record.registrations[-1] if record.registrations else None
    referral: list[tuple[str, str]] = []
    if registration is not None:
        referral.append(("Offences", registration.offences))
        referral.append(
            (
                "Convicted",
                f"{format_date(registration.conviction_date)}"
                + (f" at {registration.court}" if registration.court else ""),
            )
        )
        sentence = registration.disposal.replace("_", " ")
        if registration.sentence_months:
            sentence += f", {registration.sentence_months} months"
        referral.append(("Disposal", sentence))
        if registration.notification_period is not None:
            period = registration.notification_period
            ends = "indefinite" if period.indefinite else f"ends {format_date(period.ends_on)}"  # type: ignore[arg-type]
            referral.append(("Notification period", f"{ends}: {period.explanation}"))
    referral.append(("Victim profile", record.victim_profile or "—"))
    latest = record.risk_assessments[-1] if record.risk_assessments else None
    if latest is not None:
        static = f"; {latest.static_result}" if latest.static_result else ""
        review = (
            f"; next review {format_date(latest.next_review_on)}" if latest.next_review_on else ""
        )
        risk_line = (
            f"{risk_words(latest.level)}, assessed {format_date(latest.assessed_on)}"
            + (f" by {latest.assessor}" if latest.assessor else "")
            + static
            + review
        )
        ratings = dict(latest.arms)
    else:
        risk_line = "Not yet assessed"
        ratings = {}

    def rated(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple(
            (_factor_words(n), ARMS_WORDS.get(str(ratings.get(n) or ""), "not rated"))
            for n in names
        )

    plans = [p for p in record.risk_management_plans if p.agreed_on <= meeting_day]
    plan = plans[-1] if plans else None
    actions = tuple(
        OpenAction(
            heading=dict(PLAN_HEADINGS).get(a.heading, a.heading),
            description=a.description,
            owner=agency_words(a.owner_agency) + (f" ({a.owner_name})" if a.owner_name else ""),
            due_on=a.due_on,
            overdue=a.due_on < meeting_day,
        )
        for a in record.mappa_actions
        if a.completed_on is None or a.completed_on > meeting_day
    )
    manager = record.offender_manager
    return offender.id, PackCase(
        ref=record.ref,
        name=f"{record.forenames} {record.surname.upper()}",
        date_of_birth=record.date_of_birth,
        aliases=tuple(f"{a.forenames} {a.surname}".strip() for a in record.aliases),
        home_address=record.current_home.text if record.current_home else None,
        mappa=f"Category {record.mappa_category or '—'}, level {record.mappa_level or '—'}",
        children_at_risk=case.children_at_risk,
        offender_manager=manager.officer_name if manager else None,
        case_summary=case.summary,
        referral=tuple(referral),
        orders=tuple(
            (
                f"{ORDER_WORDS[OrderKind(o.kind)]}, made {format_date(o.made_on)} at {o.court}",
                tuple(p.text for p in o.prohibitions),
            )
            for o in record.orders
            if o.status in IN_FORCE
        ),
        risk_level=risk_words(latest.level) if latest else None,
        risk_line=risk_line,
        arms_risk=rated(ARMS_RISK_FACTORS) if latest else (),
        arms_protective=rated(ARMS_PROTECTIVE_FACTORS) if latest else (),
        since=since,
        since_words=since_words,
        events=tuple(_events(record, since, meeting_day)),
        plan_agreed_on=plan.agreed_on if plan else None,
        plan=tuple((label, getattr(plan, key) or "—") for key, label in PLAN_HEADINGS)
        if plan
        else (),
        actions=actions,
    )


def gather_mappa_pack(session: Session, actor: Actor, *, meeting: str) -> MappaPackData:
    require(session, actor, Action.manage_mappa)
    row = _meeting(session, meeting)
    require(session, actor, Action.manage_mappa, borough_id=row.borough_id)
    policy = current_policy(session)
    borough = session.get(Borough, row.borough_id)
    assert borough is not None
    cases = list(
        session.exec(select(MappaCase).where(MappaCase.meeting_id == row.id).order_by(MappaCase.id))
    )
    # A case on the agenda cannot be left out of the pack quietly: a restricted record the
    # actor may not see refuses the whole pack (and the refusal is logged).
    for case in cases:
        offender = session.get(Offender, case.offender_id)
        if offender is not None and offender.restricted and not sees_restricted(session, actor):
            require_offender_access(session, actor, Action.manage_mappa, offender)
    built = [_case(session, c, row, policy) for c in cases]
    attendees = list(
        session.exec(
            select(MappaAttendee)
            .where(MappaAttendee.meeting_id == row.id)
            .order_by(MappaAttendee.id)
        )
    )
    held_on = london_date(row.held_at)
    children = any(c.children_at_risk for c in cases)
    facts = MeetingFacts(
        meeting_id=row.id or 0,
        ref=row.ref,
        borough_id=row.borough_id,
        level=row.level,
        held_on=held_on,
        held=row.status == MeetingStatus.held,
        attendees=tuple(
            AttendeeFact(Agency(a.agency), a.attended, Rank(a.rank) if a.rank else None)
            for a in attendees
        ),
        children_at_risk=children,
    )
    findings: list[str] = []
    if attendees:
        findings = [
            f.explanation
            for f in rank_findings(facts, held_on, policy) + agency_findings(facts, held_on, policy)
        ]
    expected: list[str] = []
    min_rank = policy.mappa_min_rank(row.level)
    if min_rank is not None:
        expected.append(
            f"Police at {rank_words(min_rank)} rank or above "
            f"(level {row.level}, policy v{policy.version})."
        )
    if children:
        expected.append("Children's social care: children are at risk in a case on the agenda.")
    expected.append("Absence of a key agency is escalated to the MAPPA co-ordinator.")
    review = policy.mappa_review_days(row.level)
    local = row.held_at.astimezone(LONDON)
    return MappaPackData(
        meeting_ref=row.ref,
        level=row.level,
        held_at=local,
        status=str(row.status),
        borough=borough.name,
        chair=row.chair,
        location=row.location,
        attendees=tuple(Attendee(a.agency, a.name, a.role, a.rank, a.attended) for a in attendees),
        attendance_findings=tuple(findings),
        expected=tuple(expected),
        cases=tuple(case for _, case in built),
        next_meeting_due=held_on + timedelta(days=review) if review else None,
        scope=(
            f"MAPPA level {row.level} meeting {row.ref}, {borough.name}, "
            f"{format_date(local.date())} {local:%H:%M}"
        ),
        scope_key=f"meeting:{row.ref}",
        offender_refs=tuple((oid, case.ref) for oid, case in built),
    )
