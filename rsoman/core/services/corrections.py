"""Corrections that keep history: a changed field's old value is kept, with who, when and why.

Domain services validate a correction (the same rules as for a new entry) and check permission,
then call `apply_correction`, which stores the earlier values in `record_revision`, updates the
row, and logs an alteration. `revisions` gives the record view the whole history of one
offender's corrections, newest first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session, SQLModel, select

from ..store.enums import AuditAction
from ..store.models import Offender, RecordRevision
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .errors import Problem, ValidationFailed
from .offenders import find_offender, require_offender_access
from .permissions import Action, require

# A reason is what lets a supervisor judge a correction later: insist on a real one.
MIN_REASON_LENGTH = 5


@dataclass(frozen=True)
class RevisionItem:
    id: int
    object_type: str
    object_id: int
    changed_at: datetime
    username: str
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value (dates as ISO text, enums as their value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def reason_problems(reason: str | None) -> list[Problem]:
    text = (reason or "").strip()
    if len(text) < MIN_REASON_LENGTH:
        return [Problem("", "reason", "say why this is being corrected (a few words at least)")]
    return []


def apply_correction(
    session: Session,
    actor: Actor,
    row: SQLModel,
    changes: dict[str, Any],
    reason: str,
    *,
    object_type: str,
    offender: Offender,
    described: str,
) -> int | None:
    """Apply already-validated `changes` to `row`, keeping the old values, and mark the
    offender's record as updated. Returns the revision id, or None when nothing actually
    changed (no revision, no log entry). The caller has
    checked permission and validated the values; `described` names the thing in the log
    ("visit of DM-000123 on 3 Mar 2026")."""
    problems = reason_problems(reason)
    unknown = [name for name in changes if name not in type(row).model_fields]
    problems += [Problem("", name, "is not a field that can be corrected") for name in unknown]
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    before = {k: _plain(getattr(row, k)) for k, v in changes.items() if getattr(row, k) != v}
    if not before:
        return None
    after = {k: _plain(changes[k]) for k in before}
    for name in before:
        setattr(row, name, changes[name])
    session.add(row)
    # A correction changes the offender's record: say when, once for every kind of entry.
    offender.updated_at = utcnow()
    session.add(offender)
    revision = RecordRevision(
        object_type=object_type,
        object_id=int(getattr(row, "id")),  # noqa: B009 (any table row)
        offender_id=offender.id,
        user_id=actor.user_id,
        username=actor.username,
        reason=reason.strip(),
        before=json.dumps(before, ensure_ascii=False, sort_keys=True),
        after=json.dumps(after, ensure_ascii=False, sort_keys=True),
    )
    session.add(revision)
    session.flush()
    assert revision.id is not None
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        object_type,
        f"corrected {', '.join(sorted(before))} of the {described}: {reason.strip()}",
        object_key=str(revision.object_id),
        offender_id=offender.id,
    )
    return revision.id


def revisions(session: Session, actor: Actor, ref: str) -> list[RevisionItem]:
    """Every correction made to one offender's record, newest first. Part of viewing the record
    (whose consultation `get_record` logs), so it needs the same access."""
    require(session, actor, Action.view_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.view_record, offender)
    rows = session.exec(
        select(RecordRevision)
        .where(RecordRevision.offender_id == offender.id)
        .order_by(RecordRevision.changed_at.desc(), RecordRevision.id.desc())  # type: ignore[attr-defined]
    ).all()
    return [
        RevisionItem(
            id=r.id or 0,
            object_type=r.object_type,
            object_id=r.object_id,
            changed_at=r.changed_at,
            username=r.username,
            reason=r.reason,
            before=json.loads(r.before),
            after=json.loads(r.after),
        )
        for r in rows
    ]
