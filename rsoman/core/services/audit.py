"""The audit log: one appended, hash-chained entry per logged act (DPA 2018 s.62).

Each entry's hash covers its own fields and the previous entry's hash, so `verify_chain` finds an
entry altered, removed or inserted. The database also refuses UPDATE and DELETE on the table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, select

from ..store.enums import AuditAction
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
    # Two writers must not both chain onto the same last entry.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7261530)"))


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
    """Append and commit in a separate transaction (refusals must be kept even when the caller's
    work is rolled back)."""
    with Session(session.get_bind()) as own:
        record(own, actor, action, object_type, summary, **kw)  # type: ignore[arg-type]
        own.commit()


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
