"""The audit log: one appended, hash-chained entry per logged act (DPA 2018 s.62).

Each entry's hash covers its own fields and the previous entry's hash, so `verify_chain` finds an
entry altered, removed or inserted. The database also refuses UPDATE and DELETE on the table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, select

from ..store.enums import AuditAction
from ..store.locks import AUDIT_CHAIN_LOCK, hold_until_commit
from ..store.models import AuditEntry
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


def verify_chain(session: Session) -> list[ChainBreak]:
    """Every place where the chain does not hold, in log order."""
    breaks: list[ChainBreak] = []
    prev = GENESIS
    for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev:
            breaks.append(ChainBreak(entry.id or 0, "does not follow the entry before it"))
        if _digest(entry) != entry.hash:
            breaks.append(ChainBreak(entry.id or 0, "its contents were altered"))
        prev = entry.hash
    return breaks


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
    from ..store.models import Offender
    from .errors import NotFound
    from .permissions import Action, require

    require(session, actor, Action.view_audit)
    query = select(AuditEntry, Offender.ref).join(
        Offender, Offender.id == AuditEntry.offender_id, isouter=True
    )
    offender_id = None
    if offender_ref:
        offender_id = session.exec(select(Offender.id).where(Offender.ref == offender_ref)).first()
        if offender_id is None:
            raise NotFound(f"no offender with reference {offender_ref!r}")
        query = query.where(AuditEntry.offender_id == offender_id)
    if username:
        query = query.where(AuditEntry.username == username)
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


def check_chain(session: Session, actor: Actor) -> list[ChainBreak]:
    """verify_chain for a user allowed to read the log; the check itself is logged."""
    from .permissions import Action, require

    require(session, actor, Action.view_audit)
    breaks = verify_chain(session)
    record(
        session,
        actor,
        AuditAction.consultation,
        "audit_log",
        f"verified the audit chain: {len(breaks)} break(s)",
    )
    return breaks
