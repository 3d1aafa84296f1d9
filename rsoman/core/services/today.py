"""What the Today view reads: the signed-in user's live warnings, their planned visits, and when
the warning scan last ran.

Like the caseload, these are lists: they check `view_caseload` and log no consultation (opening
an offender's record does). Acknowledging a warning is `scan.acknowledge`.

When the scan last ran is not stored as such, but every scan appends one audit entry of object
type "warning_scan" (whatever its scope and whether or not it changed anything), so the newest of
those is the time of the last scan. `Warning.last_seen_at` would not do: it moves only when a
warning changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import LONDON
from ..store.enums import AuditAction, RiskLevel, Role, VisitKind
from ..store.models import (
    Address,
    Assignment,
    AuditEntry,
    Borough,
    Offender,
    Officer,
    UserAccount,
    Visit,
    VisitOfficer,
    Warning,
)
from ..store.models.warning import WarningState
from .actor import Actor
from .current import address_text, current_risk_sql, officer_name
from .errors import NotFound, Problem, ValidationFailed
from .offenders import refuse
from .permissions import Action, require
from .restricted import hide_restricted
from .scan import WarningRow, list_warnings

# The object type of the audit entry each scan appends (see `scan.run_scan`).
SCAN_OBJECT_TYPE = "warning_scan"

# Warning kinds answered by a visit: the Today view offers "Record visit" for these.
VISIT_WARNING_KINDS = frozenset(
    {"first_home_visit_overdue", "home_visit_due_soon", "home_visit_overdue", "no_access_repeated"}
)


# ---------------------------------------------------------------------------------------------
# Planned visits


@dataclass(frozen=True)
class PlannedVisitRow:
    visit_id: int
    offender_ref: str
    name: str  # "SURNAME, Forenames"
    planned_for: datetime  # London time
    address: str  # "" when the plan names no address
    kind: VisitKind
    announced: bool
    risk_level: RiskLevel | None
    officers: str  # the officers planned to attend, "" when none is named


def _officer_ids(
    session: Session, actor: Actor, officer_warrant: str | None, team: bool
) -> list[int]:
    """The officers whose planned visits to list (none when the actor has no officer record
    and names no officer)."""
    if officer_warrant is not None:
        officer = session.exec(
            select(Officer).where(Officer.warrant_number == officer_warrant.strip())
        ).first()
        if officer is None:
            raise NotFound(f"no officer with warrant number {officer_warrant!r}")
        if not actor.can_see_borough(officer.borough_id):
            raise refuse(
                session,
                actor,
                f"view the planned visits of officer {officer.warrant_number}: outside your "
                "borough",
                object_type="visit",
                object_key=officer.warrant_number,
            )
    else:
        officer = session.get(Officer, actor.officer_id) if actor.officer_id else None
        if officer is None:
            return []
    assert officer.id is not None
    if team and officer.team is not None:
        ids = session.exec(
            select(Officer.id).where(
                Officer.borough_id == officer.borough_id, Officer.team == officer.team
            )
        ).all()
        return [i for i in ids if i is not None]
    return [officer.id]


def london_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From London midnight at the start of `start` to London midnight after `end` (exclusive),
    as aware datetimes: the days are London's, whatever the clocks do."""
    return (
        datetime.combine(start, time(0), tzinfo=LONDON),
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=LONDON),
    )


def planned_visits(
    session: Session,
    actor: Actor,
    *,
    officer_warrant: str | None = None,
    start: date,
    end: date,
    team: bool = False,
) -> list[PlannedVisitRow]:
    """Visits planned (not yet recorded) for London days `start` to `end`, both included, for
    an officer's offenders: visits the officer is planned to attend, and planned visits of the
    offenders the officer currently manages. By default the actor's own; `team` widens it to the
    officer's team. Earliest first."""
    require(session, actor, Action.view_caseload)
    if start > end:
        raise ValidationFailed([Problem("", "end", "is before the start")])
    officer_ids = _officer_ids(session, actor, officer_warrant, team)
    if not officer_ids:
        return []
    since, until = london_day_bounds(start, end)
    managed = select(Assignment.offender_id).where(
        Assignment.officer_id.in_(officer_ids), Assignment.end_date.is_(None)
    )
    attending = select(VisitOfficer.visit_id).where(VisitOfficer.officer_id.in_(officer_ids))
    query = (
        sa.select(
            Visit.id,
            Offender.ref,
            Offender.surname,
            Offender.forenames,
            Visit.planned_for,
            Visit.kind,
            Visit.announced,
            current_risk_sql().label("risk"),
            Address,
        )
        .join(Offender, Offender.id == Visit.offender_id)
        .outerjoin(Address, Address.id == Visit.address_id)
        .where(
            Visit.occurred_at.is_(None),
            Visit.planned_for >= since,
            Visit.planned_for < until,
            sa.or_(Visit.offender_id.in_(managed), Visit.id.in_(attending)),
        )
        .order_by(Visit.planned_for, Offender.ref, Visit.id)
    )
    if actor.borough_id is not None:
        # A borough user never sees beyond their borough.
        query = query.where(Offender.borough_id == actor.borough_id)
    hidden = hide_restricted(session, actor, Offender.id)
    if hidden is not None:
        query = query.where(hidden)
    found = session.execute(query).all()
    officers = _attending(session, [r[0] for r in found])
    return [
        PlannedVisitRow(
            visit_id=r[0],
            offender_ref=r[1],
            name=f"{r[2].upper()}, {r[3]}",
            planned_for=r[4].astimezone(LONDON),
            address=address_text(r[8]) if r[8] is not None else "",
            kind=VisitKind(r[5]),
            announced=bool(r[6]),
            risk_level=RiskLevel(r[7]) if r[7] else None,
            officers="; ".join(officers.get(r[0], [])),
        )
        for r in found
    ]


def _attending(session: Session, visit_ids: list[int]) -> dict[int, list[str]]:
    if not visit_ids:
        return {}
    rows = session.execute(
        sa.select(VisitOfficer.visit_id, Officer)
        .join(Officer, Officer.id == VisitOfficer.officer_id)
        .where(VisitOfficer.visit_id.in_(visit_ids))
        .order_by(VisitOfficer.visit_id, Officer.surname, Officer.forenames)
    ).all()
    names: dict[int, list[str]] = {}
    for visit_id, officer in rows:
        names.setdefault(visit_id, []).append(officer_name(officer))
    return names


# ---------------------------------------------------------------------------------------------
# The last scan


def last_scan(session: Session, actor: Actor) -> datetime | None:
    """When the warning scan last ran (any scope: the scheduler's and the worker's scans are
    London-wide), in UTC; None if it never has."""
    require(session, actor, Action.view_caseload)
    # Newest first by id (the primary key): the walk stops at the first scan entry.
    return session.execute(
        sa.select(AuditEntry.at)
        .where(
            AuditEntry.object_type == SCAN_OBJECT_TYPE,
            AuditEntry.action == AuditAction.combination,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()


# ---------------------------------------------------------------------------------------------
# The warnings a user sees on Today


@dataclass(frozen=True)
class TodayWarnings:
    """The live warnings one user answers for, most urgent first."""

    rows: list[WarningRow]
    # What the list covers, for a heading: "Your warnings", "Team 2 (Camden)", "Camden".
    scope: str
    # Username -> the name of the officer whose account it is ("Ada Quillowby (DS)"), for each
    # acknowledgement shown.
    acknowledged_by: dict[str, str]


def today_warnings(session: Session, actor: Actor) -> TodayWarnings:
    """An offender manager's own warnings; a supervisor's team's (with the warnings nobody owns:
    unallocated offenders, meetings); a MAPPA co-ordinator's own and the meetings'; anyone else
    who may see caseloads, their borough's (London's for London-wide users)."""
    require(session, actor, Action.view_caseload)
    me = session.get(Officer, actor.officer_id) if actor.officer_id else None
    if actor.role == Role.offender_manager and me is not None:
        rows = list_warnings(session, actor, officer_warrant=me.warrant_number)
        return _with_names(session, rows, "Your warnings")
    area = _area_name(session, actor)
    rows = list_warnings(session, actor)
    if me is not None and actor.role == Role.supervisor and me.team is not None:
        team = set(
            session.exec(
                select(Officer.warrant_number).where(
                    Officer.borough_id == me.borough_id, Officer.team == me.team
                )
            ).all()
        )
        rows = [r for r in rows if r.owner_warrant is None or r.owner_warrant in team]
        return _with_names(session, rows, f"{me.team} ({area})")
    if me is not None and actor.role == Role.mappa_coordinator:
        rows = [
            r for r in rows if r.subject_type == "meeting" or r.owner_warrant == me.warrant_number
        ]
        return _with_names(session, rows, f"MAPPA meetings and your warnings ({area})")
    return _with_names(session, rows, area)


def _area_name(session: Session, actor: Actor) -> str:
    if actor.borough_id is None:
        return "London"
    borough = session.get(Borough, actor.borough_id)
    return borough.name if borough is not None else "Your borough"


def _with_names(session: Session, rows: list[WarningRow], scope: str) -> TodayWarnings:
    return TodayWarnings(rows, scope, user_names(session, (r.acknowledged_by for r in rows)))


def user_names(session: Session, usernames: Iterable[str | None]) -> dict[str, str]:
    """The officer's name for each account ("Ada Quillowby (DS)"); the username itself for an
    account with no officer."""
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = session.execute(
        sa.select(UserAccount.username, Officer)
        .outerjoin(Officer, Officer.id == UserAccount.officer_id)
        .where(UserAccount.username.in_(wanted))
    ).all()
    return {u: officer_name(o) if o is not None else u for u, o in rows}


@dataclass(frozen=True)
class WarningBrief:
    """One warning as the acknowledge form shows it."""

    id: int
    kind: str
    severity: str
    subject_type: str
    subject_ref: str
    explanation: str
    state: str
    due_on: date | None
    days_overdue: int
    acknowledged_by: str | None  # the officer's name
    acknowledgement_reason: str | None


def warning_brief(session: Session, actor: Actor, warning_id: int) -> WarningBrief:
    """One warning, for a user who may see its borough's warnings."""
    warning = session.get(Warning, warning_id)
    if warning is None:
        raise NotFound(f"no warning {warning_id}")
    require(session, actor, Action.view_caseload, borough_id=warning.borough_id)
    by: str | None = None
    if warning.acknowledged_by_user_id is not None:
        account = session.get(UserAccount, warning.acknowledged_by_user_id)
        if account is not None:
            by = user_names(session, [account.username]).get(account.username)
    assert warning.id is not None
    return WarningBrief(
        id=warning.id,
        kind=warning.kind,
        severity=warning.severity,
        subject_type=warning.subject_type,
        subject_ref=warning.subject_ref,
        explanation=warning.explanation,
        state=WarningState(warning.state).value,
        due_on=warning.due_on,
        days_overdue=warning.days_overdue,
        acknowledged_by=by,
        acknowledgement_reason=warning.acknowledgement_reason,
    )
