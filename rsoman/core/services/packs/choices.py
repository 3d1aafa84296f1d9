"""What a printed pack can be issued for, as the pickers in the desktop app offer it: the areas
for a briefing, the MAPPA meetings for a pack, the officers for a visit sheet.

Each list is limited to what the actor may issue (the same permission as issuing that kind of
pack, in the same scope), so a picker never offers a choice the issue would then refuse. These
are reference lists (places, meetings, colleagues), not anyone's record: nothing is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from ...rules.dates import LONDON, format_date, london_today
from ...store.enums import MeetingStatus, TeamRole
from ...store.models import Borough, MappaCase, MappaMeeting, Officer, Ward
from ..actor import Actor
from ..current import officer_list_name
from ..permissions import Action, require

# A MAPPA pack is prepared shortly before a meeting, and now and then reissued after it.
UPCOMING_DAYS = 183
RECENT_DAYS = 92

# Officers who carry a caseload, so may go out on visits.
VISITING_ROLES = (TeamRole.offender_manager, TeamRole.supervisor)


@dataclass(frozen=True)
class AreaChoice:
    """A borough and its wards (by name, as `issue_briefing` takes them)."""

    code: str
    name: str
    wards: tuple[str, ...]


@dataclass(frozen=True)
class MeetingChoice:
    id: int
    ref: str
    borough: str
    level: int
    held_at: datetime
    status: str
    cases: int

    @property
    def label(self) -> str:
        """As a picker lists it: "14 Mar 2026 10:00, Camden level 2 (3 cases), MAPPA-001"."""
        local = self.held_at.astimezone(LONDON)
        cases = f"{self.cases} case{'' if self.cases == 1 else 's'}"
        status = "" if self.status == MeetingStatus.planned else f", {self.status}"
        return (
            f"{format_date(local.date())} {local:%H:%M}, {self.borough} level {self.level} "
            f"({cases}{status}), {self.ref}"
        )


@dataclass(frozen=True)
class OfficerChoice:
    warrant: str
    label: str
    borough: str


def _boroughs(session: Session, actor: Actor) -> list[Borough]:
    query = select(Borough).where(Borough.is_central == sa.false()).order_by(Borough.name)
    if not actor.london_wide:
        query = query.where(Borough.id == actor.borough_id)
    return list(session.exec(query).all())


def briefing_areas(session: Session, actor: Actor) -> list[AreaChoice]:
    """The boroughs whose briefing the actor may issue (their own; every one for London-wide
    users), each with its wards."""
    require(session, actor, Action.view_record)
    boroughs = _boroughs(session, actor)
    ids = [b.id for b in boroughs if b.id is not None]
    wards: dict[int, list[str]] = {}
    for borough_id, name in session.exec(
        select(Ward.borough_id, Ward.name).where(Ward.borough_id.in_(ids)).order_by(Ward.name)  # type: ignore[attr-defined]
    ).all():
        wards.setdefault(borough_id, []).append(name)
    return [AreaChoice(b.code, b.name, tuple(wards.get(b.id or 0, ()))) for b in boroughs]


def mappa_meetings(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    upcoming_days: int = UPCOMING_DAYS,
    recent_days: int = RECENT_DAYS,
) -> list[MeetingChoice]:
    """Meetings in the actor's scope held in the last `recent_days` or due in the next
    `upcoming_days`, not cancelled: the upcoming ones first (soonest first), then the recent
    ones (latest first), since the next meeting is the one a pack is usually for."""
    require(session, actor, Action.manage_mappa)
    day = today or london_today()
    start = datetime.combine(day - timedelta(days=recent_days), datetime.min.time(), LONDON)
    end = datetime.combine(day + timedelta(days=upcoming_days + 1), datetime.min.time(), LONDON)
    now = datetime.combine(day, datetime.min.time(), LONDON)
    cases = (
        select(MappaCase.meeting_id, sa.func.count().label("n"))
        .group_by(MappaCase.meeting_id)
        .subquery()
    )
    query = (
        select(MappaMeeting, Borough.name, sa.func.coalesce(cases.c.n, 0))
        .join(Borough, Borough.id == MappaMeeting.borough_id)
        .join(cases, cases.c.meeting_id == MappaMeeting.id, isouter=True)
        .where(
            MappaMeeting.held_at >= start,
            MappaMeeting.held_at < end,
            MappaMeeting.status != MeetingStatus.cancelled,
        )
    )
    if not actor.london_wide:
        query = query.where(MappaMeeting.borough_id == actor.borough_id)
    choices = [
        MeetingChoice(
            id=m.id or 0,
            ref=m.ref,
            borough=borough,
            level=m.level,
            held_at=m.held_at,
            status=str(m.status),
            cases=int(n),
        )
        for m, borough, n in session.exec(query).all()
    ]
    upcoming = sorted((c for c in choices if c.held_at >= now), key=lambda c: (c.held_at, c.ref))
    recent = sorted((c for c in choices if c.held_at < now), key=lambda c: (c.held_at, c.ref))
    return [*upcoming, *reversed(recent)]


def visit_sheet_officers(session: Session, actor: Actor) -> list[OfficerChoice]:
    """The active officers with a caseload role whose visit sheet the actor may issue, by
    borough then surname; the actor's own officer first if they are one of them."""
    require(session, actor, Action.view_record)
    query = (
        select(Officer, Borough.name)
        .join(Borough, Borough.id == Officer.borough_id)
        .where(
            Officer.active.is_(True),  # type: ignore[attr-defined]
            Officer.team_role.in_(VISITING_ROLES),  # type: ignore[attr-defined]
        )
        .order_by(Borough.name, Officer.surname, Officer.forenames, Officer.warrant_number)
    )
    if not actor.london_wide:
        query = query.where(Officer.borough_id == actor.borough_id)
    rows = session.exec(query).all()
    choices = [
        OfficerChoice(o.warrant_number, f"{officer_list_name(o)}, {o.warrant_number}", b)
        for o, b in rows
    ]
    own = [c for (o, _b), c in zip(rows, choices, strict=True) if o.id == actor.officer_id]
    return [*own, *(c for c in choices if c not in own)]
