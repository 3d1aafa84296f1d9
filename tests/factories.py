"""Small helpers that insert test data directly with the models (no services, no demo generator).

Everything is obviously fictional: made-up surnames, "ZZ" postcodes, "TEST" warrant numbers.
Each helper flushes, so ids are set, and returns the ORM row; tests commit when they need to.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from rsoman.core.services.actor import Actor, actor_for_user
from rsoman.core.store.enums import (
    AddressKind,
    AliasKind,
    Disposal,
    OffenderStatus,
    PlanKind,
    Rank,
    RiskLevel,
    Role,
    Sex,
    TeamRole,
    VisitKind,
    VisitOutcome,
)
from rsoman.core.store.models import (
    Address,
    Assignment,
    Borough,
    Offender,
    OffenderAlias,
    Officer,
    Registration,
    RiskAssessment,
    UserAccount,
    Visit,
    VisitOfficer,
    VisitPlanDecision,
    Ward,
    Warning,
)

LONDON = ZoneInfo("Europe/London")
_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def borough(session: Session, code: str = "camden") -> Borough:
    found = session.exec(select(Borough).where(Borough.code == code)).first()
    assert found is not None, f"no borough {code!r}"
    return found


def ward(session: Session, borough_code: str = "camden", name: str | None = None) -> Ward:
    w = Ward(borough_id=borough(session, borough_code).id, name=name or f"Testmere {_next()}")
    session.add(w)
    session.flush()
    return w


def officer(
    session: Session,
    *,
    borough_code: str = "camden",
    surname: str | None = None,
    forenames: str = "Ada",
    rank: Rank = Rank.dc,
    team_role: TeamRole = TeamRole.offender_manager,
    team: str | None = "Team 1",
    capacity: int | None = None,
    warrant: str | None = None,
) -> Officer:
    n = _next()
    o = Officer(
        warrant_number=warrant or f"TEST{n:05d}",
        surname=surname or f"Quillowby{n}",
        forenames=forenames,
        rank=rank,
        borough_id=borough(session, borough_code).id,
        team_role=team_role,
        team=team,
        capacity=capacity,
    )
    session.add(o)
    session.flush()
    return o


def user(
    session: Session,
    role: Role,
    officer_row: Officer | None = None,
    *,
    username: str | None = None,
) -> Actor:
    """An account (no password) and the actor it signs in as."""
    account = UserAccount(
        username=username or f"user{_next()}", role=role, officer_id=officer_row and officer_row.id
    )
    session.add(account)
    session.flush()
    return actor_for_user(session, account)


def offender(
    session: Session,
    *,
    borough_code: str = "camden",
    surname: str | None = None,
    forenames: str = "Testy",
    ref: str | None = None,
    status: OffenderStatus = OffenderStatus.active,
    date_of_birth: date = date(1980, 5, 17),
    risk: RiskLevel | None = None,
    assessed_on: date = date(2024, 1, 1),
    manager: Officer | None = None,
    assigned_on: date = date(2023, 1, 1),
    home: str | None = None,
    home_ward: Ward | None = None,
    registered_on: date | None = date(2023, 1, 1),
    aliases: tuple[tuple[str, str], ...] = (),
    mappa: tuple[int, int] | None = (1, 1),
) -> Offender:
    """An offender, with (optionally) a registration, a risk assessment, a home address, an
    assignment and aliases given as (forenames, surname)."""
    n = _next()
    b = borough(session, borough_code)
    row = Offender(
        ref=ref or f"RSO-T{n:05d}",
        surname=surname or f"Varnicote{n}",
        forenames=forenames,
        date_of_birth=date_of_birth,
        sex=Sex.male,
        status=status,
        borough_id=b.id,
        mappa_category=mappa[0] if mappa else None,
        mappa_level=mappa[1] if mappa else None,
        created_at=datetime(2023, 1, 1, 12, tzinfo=UTC),
    )
    session.add(row)
    session.flush()
    if registered_on is not None:
        session.add(
            Registration(
                offender_id=row.id,
                conviction_date=registered_on,
                offences="Test offence (fictional)",
                disposal=Disposal.community_order,
                age_at_conviction=30,
                first_notification_date=registered_on,
            )
        )
    if risk is not None:
        assess(session, row, risk, on=assessed_on)
    if home is not None:
        address(session, row, home, ward_row=home_ward)
    if manager is not None:
        assign(session, row, manager, on=assigned_on)
    for alias_forenames, alias_surname in aliases:
        session.add(
            OffenderAlias(
                offender_id=row.id,
                kind=AliasKind.alias,
                forenames=alias_forenames,
                surname=alias_surname,
            )
        )
    session.flush()
    return row


def assess(
    session: Session, row: Offender, level: RiskLevel, *, on: date = date(2024, 1, 1)
) -> RiskAssessment:
    ra = RiskAssessment(offender_id=row.id, assessed_on=on, level=level)
    session.add(ra)
    session.flush()
    return ra


def address(
    session: Session,
    row: Offender,
    line1: str,
    *,
    kind: AddressKind = AddressKind.home,
    valid_from: date = date(2023, 1, 1),
    valid_to: date | None = None,
    ward_row: Ward | None = None,
    postcode: str | None = "ZZ1 1ZZ",
) -> Address:
    a = Address(
        offender_id=row.id,
        kind=kind,
        line1=line1,
        town="London",
        postcode=postcode,
        borough_id=row.borough_id,
        ward_id=ward_row.id if ward_row else None,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    session.add(a)
    session.flush()
    return a


def assign(
    session: Session,
    row: Offender,
    officer_row: Officer,
    *,
    on: date = date(2023, 1, 1),
    reason: str = "initial allocation",
) -> Assignment:
    a = Assignment(offender_id=row.id, officer_id=officer_row.id, start_date=on, reason=reason)
    session.add(a)
    session.flush()
    return a


def plan(
    session: Session,
    row: Offender,
    kind: PlanKind,
    authorised_by: Officer,
    *,
    interval_days: int | None = None,
    effective_from: date = date(2024, 1, 1),
) -> VisitPlanDecision:
    p = VisitPlanDecision(
        offender_id=row.id,
        kind=kind,
        interval_days=interval_days,
        effective_from=effective_from,
        authorised_by_officer_id=authorised_by.id,
        reason="test plan decision",
    )
    session.add(p)
    session.flush()
    return p


def london_moment(day: date, hour: int = 11) -> datetime:
    """Wall-clock time in London on that day, as an aware datetime."""
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def visit(
    session: Session,
    row: Offender,
    on: date,
    outcome: VisitOutcome = VisitOutcome.successful,
    *,
    kind: VisitKind = VisitKind.home_visit,
    address_row: Address | None = None,
    officers: tuple[Officer, ...] = (),
) -> Visit:
    v = Visit(
        offender_id=row.id,
        kind=kind,
        occurred_at=london_moment(on),
        outcome=outcome,
        address_id=address_row.id if address_row else None,
    )
    session.add(v)
    session.flush()
    for o in officers:
        session.add(VisitOfficer(visit_id=v.id, officer_id=o.id))
    session.flush()
    return v


# --- added for the performance figures (tests/test_services_performance.py) ------------------

from rsoman.core.store.enums import Agency, BreachAction, BreachKind, MeetingStatus  # noqa: E402
from rsoman.core.store.models import Breach, MappaAttendee, MappaCase, MappaMeeting  # noqa: E402


def breach(
    session: Session,
    row: Offender,
    found_on: date,
    *,
    action: str | None = None,
    action_on: date | None = None,
) -> Breach:
    """A breach of the notification requirements found on a day, with its action if any."""
    b = Breach(
        offender_id=row.id,
        kind=BreachKind.notification_requirements,
        description="Did not notify a change of address (fictional)",
        found_on=found_on,
        action=BreachAction(action) if action else None,
        action_on=action_on,
    )
    session.add(b)
    session.flush()
    return b


def mappa_meeting(
    session: Session,
    *,
    borough_code: str = "camden",
    level: int = 2,
    held_on: date = date(2024, 1, 1),
    status: MeetingStatus = MeetingStatus.held,
    police: tuple[tuple[Rank, bool], ...] = (),
    offenders: tuple[Offender, ...] = (),
) -> MappaMeeting:
    """A MAPPA meeting with police attendees given as (rank, attended) and the offenders
    discussed."""
    m = MappaMeeting(
        ref=f"MAPPA-T{_next():05d}",
        borough_id=borough(session, borough_code).id,
        level=level,
        held_at=london_moment(held_on, 10),
        status=status,
    )
    session.add(m)
    session.flush()
    for rank, attended in police:
        session.add(
            MappaAttendee(
                meeting_id=m.id,
                agency=Agency.police,
                name=f"Officer Testbury {_next()}",
                rank=rank,
                attended=attended,
            )
        )
    for o in offenders:
        session.add(MappaCase(meeting_id=m.id, offender_id=o.id))
    session.flush()
    return m


# --- added for the printed packs (tests/test_reports_*.py) -----------------------------------

from rsoman.core.store.enums import IntelSource, OrderKind  # noqa: E402
from rsoman.core.store.models import (  # noqa: E402
    Intelligence,
    OffenderPhoto,
    Order,
    Prohibition,
    Vehicle,
)


def court_order(
    session: Session,
    row: Offender,
    prohibitions: tuple[str, ...],
    *,
    kind: OrderKind = OrderKind.shpo,
    made_on: date = date(2024, 4, 1),
    ends_on: date | None = None,
    requirements: tuple[str, ...] = (),
    court: str = "Testbury Crown Court",
) -> Order:
    """An order with its prohibitions (then positive requirements) in the given words."""
    o = Order(
        offender_id=row.id,
        kind=kind,
        court=court,
        made_on=made_on,
        starts_on=made_on,
        ends_on=ends_on,
    )
    session.add(o)
    session.flush()
    texts = [(t, False) for t in prohibitions] + [(t, True) for t in requirements]
    for position, (text, is_requirement) in enumerate(texts, start=1):
        session.add(
            Prohibition(order_id=o.id, position=position, text=text, is_requirement=is_requirement)
        )
    session.flush()
    return o


def vehicle(session: Session, row: Offender, mark: str = "ZZ01 TST") -> Vehicle:
    v = Vehicle(offender_id=row.id, registration_mark=mark, make="Testmobile", colour="Blue")
    session.add(v)
    session.flush()
    return v


def photo(session: Session, row: Offender) -> OffenderPhoto:
    from rsoman.core.demo.photos import placeholder_photos

    p = OffenderPhoto(offender_id=row.id, image=placeholder_photos()[0])
    session.add(p)
    session.flush()
    return p


def intelligence(
    session: Session, row: Offender, on: date, text: str, *, concern: bool = True
) -> Intelligence:
    i = Intelligence(
        offender_id=row.id, received_on=on, source=IntelSource.public, text=text, is_concern=concern
    )
    session.add(i)
    session.flush()
    return i


def warning(
    session: Session,
    row: Offender,
    owner: Officer,
    explanation: str,
    *,
    anchor: str,
    days_overdue: int,
    kind: str = "home_visit_overdue",
    severity: str = "urgent",
) -> Warning:
    """A stored open warning on `row`, as a scan would leave it (for views that show one)."""
    w = Warning(
        natural_key=f"{kind}:offender:{row.ref}:{anchor}",
        kind=kind,
        severity=severity,
        subject_type="offender",
        offender_id=row.id,
        subject_ref=row.ref,
        owner_officer_id=owner.id,
        borough_id=row.borough_id,
        days_overdue=days_overdue,
        explanation=explanation,
        policy_version=1,
    )
    session.add(w)
    session.flush()
    return w
