"""The audit log: one appended, hash-chained entry per logged act (DPA 2018 s.62).

Each entry's hash covers its own fields and the previous entry's hash, so `verify_chain` finds an
entry altered, removed or inserted. The database also refuses UPDATE and DELETE on the table.

A chain cannot see its own end cut off (the newest entries deleted), nor a chain recomputed from
some entry on by someone with the database key and this code. What shows both is an *anchor*
kept outside the database: an entry's id and hash, as `rsoman audit verify` and every backup
print them. `verify_chain(session, anchors)` then checks that each anchored entry is still there
with the same hash; since every hash covers all before it, that vouches for the whole log up to
the anchor (docs/security.md, "Audit").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, col, select

from ..store.enums import AuditAction
from ..store.locks import AUDIT_CHAIN_LOCK, hold_until_commit
from ..store.models import AuditEntry, Offender
from ..store.models._types import utcnow
from .actor import Actor

GENESIS = "0" * 64


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.prev_hash,
            entry.at.isoformat(timespec="microseconds"),
            entry.user_id,
            entry.username,
            str(entry.action),
            entry.object_type,
            entry.object_key,
            entry.offender_id,
            entry.summary,
            entry.justification,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    # Two writers must not both chain onto the same last entry (on SQLite too: two processes
    # could otherwise both read the same last hash before either inserts).
    hold_until_commit(session, AUDIT_CHAIN_LOCK, "audit_entry")


def record(
    session: Session,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    summary: str,
    *,
    object_key: str | None = None,
    offender_id: int | None = None,
    justification: str | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction: it commits or rolls back with the act."""
    _lock_chain(session)
    last = session.exec(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        at=utcnow(),
        user_id=actor.user_id,
        username=actor.username,
        action=action,
        object_type=object_type,
        object_key=object_key,
        offender_id=offender_id,
        summary=summary,
        justification=justification,
        prev_hash=last or GENESIS,
        hash="",
    )
    entry.hash = _digest(entry)
    session.add(entry)
    session.flush()
    return entry


def record_independently(
    session: Session,
    actor: Actor,
    action: AuditAction,
    object_type: str,
    summary: str,
    **kw: str | int | None,
) -> None:
    """Append and commit outside the caller's transaction: refusals must be kept even when the
    caller's work is rolled back.

    If the caller's transaction has already written, a second connection would wait on its locks
    (SQLite's write lock, our PostgreSQL advisory lock), so the entry is written as soon as that
    transaction ends, whether it commits or rolls back."""
    if session.info.get(_WROTE):
        session.info.setdefault(_DEFERRED, []).append((actor, action, object_type, summary, kw))
        return
    _write_own(session.get_bind(), [(actor, action, object_type, summary, kw)])


_WROTE = "rsoman.audit.transaction_wrote"
_DEFERRED = "rsoman.audit.deferred"
_Pending = tuple[Actor, AuditAction, str, str, dict[str, str | int | None]]


def _write_own(bind: object, pending: list[_Pending]) -> None:
    with Session(bind) as own:  # type: ignore[arg-type]
        for actor, action, object_type, summary, kw in pending:
            record(own, actor, action, object_type, summary, **kw)  # type: ignore[arg-type]
        own.commit()


@event.listens_for(Session, "after_flush")
def _note_write(session: Session, _flush_context: object) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _flush_deferred(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_WROTE, None)
    pending = session.info.pop(_DEFERRED, None)
    if pending:
        _write_own(session.get_bind(), pending)


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


_ANCHOR = re.compile(r"(\d+):([0-9a-f]{64})")


@dataclass(frozen=True)
class Anchor:
    """A point of the chain noted outside the database: entry `entry_id` had hash `hash`.
    Written `ID:HASH` (the form `rsoman audit verify` prints and `--anchor` takes)."""

    entry_id: int
    hash: str

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        from .errors import Problem, ValidationFailed

        match = _ANCHOR.fullmatch(text.strip().lower())
        if match is None:
            problem = Problem(
                "", "anchor", f"{text.strip()[:80]!r} is not an anchor like 1234:<64 hex digits>"
            )
            raise ValidationFailed([problem], str(problem))
        return cls(int(match.group(1)), match.group(2))


@dataclass(frozen=True)
class ChainHead:
    """How far the log goes: its number of entries and its last entry as an anchor."""

    entries: int
    last: Anchor | None  # None: the log is empty


@dataclass(frozen=True)
class ChainCheck:
    breaks: tuple[ChainBreak, ...]
    head: ChainHead
    anchors: tuple[Anchor, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.breaks


def walk_chain(session: Session, anchors: Iterable[Anchor] = ()) -> ChainCheck:
    """Check every link, then every anchor; the breaks in log order, then the anchors'."""
    wanted = {a.entry_id: a for a in anchors}
    breaks: list[ChainBreak] = []
    anchor_breaks: list[ChainBreak] = []
    seen: set[int] = set()
    prev, prev_id, count, last = GENESIS, None, 0, None
    for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)):
        entry_id = entry.id or 0
        count += 1
        if entry.prev_hash != prev:
            after = f"entry {prev_id}" if prev_id is not None else "the start of the log"
            breaks.append(
                ChainBreak(
                    entry_id,
                    f"does not follow the entry before it ({after}): an entry between them was "
                    "removed, or this one was inserted or moved",
                )
            )
        if _digest(entry) != entry.hash:
            breaks.append(ChainBreak(entry_id, "its contents were altered"))
        anchor = wanted.get(entry_id)
        if anchor is not None:
            seen.add(entry_id)
            if anchor.hash != entry.hash:
                anchor_breaks.append(
                    ChainBreak(
                        entry_id,
                        f"differs from the anchor {entry_id}:{anchor.hash[:12]}…: the log was "
                        "changed at or before this entry and the chain recomputed (or the "
                        "newest entries were removed and new ones written since)",
                    )
                )
        prev, prev_id, last = entry.hash, entry_id, Anchor(entry_id, entry.hash)
    last_id = last.entry_id if last is not None else 0
    for entry_id in sorted(set(wanted) - seen):
        if entry_id > last_id:
            reason = (
                f"is missing: the log ends at entry {last_id}, but an anchor shows it reached "
                f"entry {entry_id}: the newest entries were removed"
            )
        else:
            reason = "is missing, though an anchor shows it was there: it was removed"
        anchor_breaks.append(ChainBreak(entry_id, reason))
    return ChainCheck(tuple(breaks + anchor_breaks), ChainHead(count, last), tuple(wanted.values()))


def verify_chain(session: Session, anchors: Iterable[Anchor] = ()) -> list[ChainBreak]:
    """Every place where the chain does not hold, in log order (then any anchor not met)."""
    return list(walk_chain(session, anchors).breaks)


def chain_head(session: Session) -> ChainHead:
    """The number of entries and the last one, without checking anything."""
    count = session.exec(select(sa.func.count()).select_from(AuditEntry)).one()
    row = session.exec(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return ChainHead(count, Anchor(row[0], row[1]) if row else None)


def describe_head(head: ChainHead) -> str:
    """ "139 entries; anchor 139:3fa2…" in full, for a person to keep."""
    if head.last is None:
        return "the log is empty"
    noun = "entry" if head.entries == 1 else "entries"
    return f"{head.entries:,} {noun}; anchor {head.last}"


def require_trail_access(session: Session, actor: Actor, offender: Offender) -> None:
    """May the actor read the log's entries about this offender? A supervisor: their borough's
    offenders, restricted ones only with a grant; an administrator: any. Refusals are logged.
    (The log names addresses and vehicles, so it is scoped like the records.)"""
    from ..store.enums import Role
    from .offenders import refuse
    from .permissions import Action, allowed, require
    from .restricted import sees_restricted

    require(session, actor, Action.view_audit)
    if not allowed(actor, Action.view_audit, borough_id=offender.borough_id):
        raise refuse(
            session,
            actor,
            f"audit log of {offender.ref}: that record is outside your borough",
            object_type="audit_log",
            object_key=offender.ref,
            offender_id=offender.id,
        )
    if offender.restricted and actor.role != Role.administrator:
        if not sees_restricted(session, actor):
            raise refuse(
                session,
                actor,
                f"audit log of {offender.ref}: that record is restricted and you have not been "
                "granted access to restricted records",
                object_type="audit_log",
                object_key=offender.ref,
                offender_id=offender.id,
            )


def trail_scope(session: Session, actor: Actor) -> list[sa.ColumnElement[bool]]:
    """What of the log an actor reads. The log's summaries name what was changed (an address,
    a vehicle), so a borough supervisor reads the entries about their borough's offenders and
    those made by their borough's users, and no one without a grant reads those about a
    restricted record. Administrators read it all: they are the log's auditors."""
    from ..store.enums import Role
    from ..store.models import Officer, UserAccount
    from .restricted import hide_restricted

    if actor.role == Role.administrator or actor.user_id is None:
        return []
    conditions: list[sa.ColumnElement[bool]] = []
    if not actor.london_wide:
        theirs = select(Offender.id).where(Offender.borough_id == actor.borough_id)
        staff = (
            select(UserAccount.username)
            .join(Officer, Officer.id == UserAccount.officer_id)
            .where(Officer.borough_id == actor.borough_id)
        )
        conditions.append(
            sa.or_(
                col(AuditEntry.offender_id).in_(theirs),
                col(AuditEntry.username).in_(staff),
            )
        )
    hidden = hide_restricted(session, actor, AuditEntry.offender_id)
    if hidden is not None:
        conditions.append(hidden)
    return conditions


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    username: str
    action: str
    object_type: str
    object_key: str | None
    offender_ref: str | None
    summary: str
    justification: str | None


def list_entries(
    session: Session,
    actor: Actor,
    *,
    offender_ref: str | None = None,
    username: str | None = None,
    limit: int = 200,
) -> list[AuditRow]:
    """The newest entries first, optionally for one person or one user. Reading the log is
    itself logged."""
    from .errors import NotFound
    from .permissions import Action, require

    require(session, actor, Action.view_audit)
    query = select(AuditEntry, Offender.ref).join(
        Offender, Offender.id == AuditEntry.offender_id, isouter=True
    )
    offender_id = None
    if offender_ref:
        offender = session.exec(select(Offender).where(Offender.ref == offender_ref)).first()
        if offender is None:
            raise NotFound(f"no offender with reference {offender_ref!r}")
        require_trail_access(session, actor, offender)
        offender_id = offender.id
        query = query.where(AuditEntry.offender_id == offender_id)
    if username:
        query = query.where(AuditEntry.username == username)
    for condition in trail_scope(session, actor):
        query = query.where(condition)
    rows = session.exec(query.order_by(AuditEntry.id.desc()).limit(limit)).all()
    what = ", ".join(
        part
        for part in (f"offender {offender_ref}" if offender_ref else "", username or "")
        if part
    )
    record(
        session,
        actor,
        AuditAction.consultation,
        "audit_log",
        f"read the audit log ({what or 'all entries'})",
        offender_id=offender_id,
    )
    return [
        AuditRow(
            id=e.id or 0,
            at=e.at.isoformat(timespec="seconds"),
            username=e.username,
            action=str(e.action),
            object_type=e.object_type,
            object_key=e.object_key,
            offender_ref=ref,
            summary=e.summary,
            justification=e.justification,
        )
        for e, ref in rows
    ]


def check_chain(session: Session, actor: Actor, anchors: Iterable[Anchor] = ()) -> ChainCheck:
    """`walk_chain` for a user allowed to read the log; the check itself is logged, with the
    head it found (so a later reader of the log sees how far it went then)."""
    from .permissions import Action, require

    require(session, actor, Action.view_audit)
    result = walk_chain(session, anchors)
    checked = f", {len(result.anchors)} anchor(s) checked" if result.anchors else ""
    record(
        session,
        actor,
        AuditAction.consultation,
        "audit_log",
        f"verified the audit chain: {len(result.breaks)} break(s){checked}; "
        f"{describe_head(result.head)}",
    )
    return result
