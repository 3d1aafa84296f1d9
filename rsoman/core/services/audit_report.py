"""The audit report (DPA 2018 s.62): "who looked at this person" and "what did this user look
at", over a period, from the hash-chained log.

One question per report: everything logged about one offender (by anyone), or everything one
user did (about anyone), or both (one user's acts about one offender). The period is whole
London days, first and last included. Reading the log this way is itself logged, after the
query, so a report never lists its own reading; the entry names the report's reference, which
the CSV and PDF carry too.

An erased offender is still found by reference: the tombstone keeps the old internal id that
the log's entries carry.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from ..rules.dates import LONDON, format_date
from ..store.enums import AuditAction
from ..store.models import AuditEntry, ErasureTombstone, Offender, Officer, UserAccount
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .errors import NotFound, Problem, ValidationFailed
from .offenders import refuse
from .permissions import Action, require

# The longest period one report may cover: a regulator's question is about months, not the
# life of the system, and a report of every entry for years is a copy of the log, not an answer.
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class AuditReportRow:
    id: int
    at: datetime  # UTC
    username: str
    action: str
    object_type: str
    object_key: str | None
    offender_ref: str | None
    summary: str
    justification: str | None

    @property
    def at_text(self) -> str:
        """London time, as officers read it: "3 Mar 2026 14:05:09"."""
        local = self.at.astimezone(LONDON)
        return f"{format_date(local.date())} {local:%H:%M:%S}"


@dataclass(frozen=True)
class AuditReport:
    reference: str
    offender_ref: str | None
    username: str | None
    start: date
    end: date
    generated_at: datetime
    generated_by: str
    rows: tuple[AuditReportRow, ...]
    # True when the offender's record has since been erased (only its tombstone is left).
    offender_erased: bool = False

    @property
    def question(self) -> str:
        if self.offender_ref and self.username:
            return f"What {self.username} did about {self.offender_ref}"
        if self.offender_ref:
            return f"Who looked at or changed {self.offender_ref}"
        return f"What {self.username} looked at or changed"

    @property
    def period_text(self) -> str:
        return f"{format_date(self.start)} to {format_date(self.end)}"

    def counts(self) -> list[tuple[str, str, int]]:
        """(user, action, entries), most entries first: the page a regulator reads first."""
        tally = Counter((r.username, r.action) for r in self.rows)
        return [(u, a, n) for (u, a), n in sorted(tally.items(), key=lambda i: (-i[1], i[0]))]


def new_reference(at: datetime) -> str:
    """E.g. "AUD-260314-7F3A2C": printed on every page and kept in the log entry."""
    return f"AUD-{at.astimezone(LONDON):%y%m%d}-{secrets.token_hex(3).upper()}"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) London time, in UTC."""
    first = datetime.combine(start, time(0), tzinfo=LONDON).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)
    return first, after


def _problems(
    offender_ref: str | None, username: str | None, start: date | None, end: date | None
) -> list[Problem]:
    problems: list[Problem] = []
    if not offender_ref and not username:
        problems.append(
            Problem("", "offender_ref", "name an offender (--offender REF) or a user (--user)")
        )
    if start is None:
        problems.append(Problem("", "start", "give the first day of the period"))
    if end is None:
        problems.append(Problem("", "end", "give the last day of the period"))
    if start is not None and end is not None:
        if end < start:
            problems.append(Problem("", "end", "the period ends before it starts"))
        elif (end - start).days > MAX_PERIOD_DAYS:
            problems.append(Problem("", "end", f"a report covers at most {MAX_PERIOD_DAYS} days"))
    return problems


def _offender(session: Session, actor: Actor, ref: str) -> tuple[int, bool]:
    """The offender's internal id (live or erased) and whether it was erased; the borough
    check for a live record (a borough supervisor reads only their borough's trail)."""
    offender = session.exec(select(Offender).where(Offender.ref == ref)).first()
    if offender is not None:
        assert offender.id is not None
        # Their borough's records, restricted ones only with a grant (the log names addresses).
        audit.require_trail_access(session, actor, offender)
        return offender.id, False
    tomb = session.exec(
        select(ErasureTombstone).where(ErasureTombstone.offender_ref == ref)
    ).first()
    if tomb is None:
        raise NotFound(f"no offender with reference {ref!r} (nor an erased one)")
    # An erased record has no borough left: only London-wide readers may ask about it.
    if not actor.london_wide:
        raise refuse(
            session,
            actor,
            f"audit report on erased record {ref}: ask a London-wide supervisor or administrator",
            object_type="audit_log",
            object_key=ref,
            offender_id=tomb.offender_id,
        )
    return tomb.offender_id, True


def _check_user(session: Session, actor: Actor, username: str) -> None:
    """The user exists (or at least appears in the log: a removed account, a mistyped sign-in),
    and a borough supervisor asks only about users of their borough."""
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if account is None:
        seen = session.exec(
            select(AuditEntry.id).where(AuditEntry.username == username).limit(1)
        ).first()
        if seen is None:
            raise NotFound(f"no user account named {username!r}, and no entry in the log by one")
        if not actor.london_wide:
            raise refuse(
                session,
                actor,
                f"audit report on {username}: not a user of your borough",
                object_type="audit_log",
                object_key=username[:60],
            )
        return
    if actor.london_wide:
        return
    borough_id = None
    if account.officer_id is not None:
        officer = session.get(Officer, account.officer_id)
        borough_id = officer.borough_id if officer is not None else None
    if borough_id != actor.borough_id:
        raise refuse(
            session,
            actor,
            f"audit report on {username}: not a user of your borough",
            object_type="audit_log",
            object_key=username[:60],
        )


def _refs(session: Session, ids: set[int]) -> dict[int, str]:
    """Offender refs by id, erased records included."""
    if not ids:
        return {}
    refs: dict[int, str] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        for oid, ref in session.exec(
            select(Offender.id, Offender.ref).where(col(Offender.id).in_(chunk))
        ):
            refs[oid] = ref  # type: ignore[index]
        for oid, ref in session.exec(
            select(ErasureTombstone.offender_id, ErasureTombstone.offender_ref).where(
                col(ErasureTombstone.offender_id).in_(chunk)
            )
        ):
            refs.setdefault(oid, ref)
    return refs


def audit_report(
    session: Session,
    actor: Actor,
    *,
    offender_ref: str | None = None,
    username: str | None = None,
    start: date | None,
    end: date | None,
    justification: str | None = None,
) -> AuditReport:
    """Every log entry about `offender_ref` and/or by `username` between `start` and `end`
    (London days, inclusive), oldest first. Needs `view_audit`; the reading is logged."""
    require(session, actor, Action.view_audit)
    offender_ref = (offender_ref or "").strip() or None
    username = (username or "").strip() or None
    problems = _problems(offender_ref, username, start, end)
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert start is not None and end is not None
    offender_id: int | None = None
    erased = False
    if offender_ref:
        offender_id, erased = _offender(session, actor, offender_ref)
    if username:
        _check_user(session, actor, username)

    first, after = _bounds(start, end)
    query = select(AuditEntry).where(AuditEntry.at >= first, AuditEntry.at < after)
    if offender_id is not None:
        query = query.where(AuditEntry.offender_id == offender_id)
    if username:
        query = query.where(AuditEntry.username == username)
    for condition in audit.trail_scope(session, actor):  # e.g. restricted records' entries
        query = query.where(condition)
    entries = session.exec(query.order_by(col(AuditEntry.id))).all()
    refs = _refs(session, {e.offender_id for e in entries if e.offender_id is not None})
    rows = tuple(
        AuditReportRow(
            id=e.id or 0,
            at=e.at,
            username=e.username,
            action=str(e.action),
            object_type=e.object_type,
            object_key=e.object_key,
            offender_ref=refs.get(e.offender_id) if e.offender_id is not None else None,
            summary=e.summary,
            justification=e.justification,
        )
        for e in entries
    )
    now = utcnow()
    report = AuditReport(
        reference=new_reference(now),
        offender_ref=offender_ref,
        username=username,
        start=start,
        end=end,
        generated_at=now,
        generated_by=actor.username,
        rows=rows,
        offender_erased=erased,
    )
    audit.record(
        session,
        actor,
        AuditAction.consultation,
        "audit_log",
        f"audit report {report.reference}: {report.question[0].lower()}{report.question[1:]}, "
        f"{report.period_text} ({len(rows)} entries)",
        object_key=report.reference,
        offender_id=offender_id,
        justification=(justification or "").strip() or None,
    )
    return report
