"""Retention: review dates, reviews, and the rare erasure.

Public protection records are kept long: each has a review date (`Offender.retention_review_on`),
at most ten years ahead. A supervisor reviews a record that falls due, sets the next date and
says why (kept as a correction, with its history, and logged). Erasure is for a record past its
review date whose requirements are over (not active): a supervisor asks, gives the reason, and in
one transaction every row that belongs to the offender goes, a tombstone is written (the
reference, when, who, why, the rows removed per table and a SHA-256 of the record as it stood:
never the personal data), and the erasure is logged. The audit log's own entries stay: they are
the log, and the tombstone keeps the internal id they carry (what their summaries say stays too,
such as an address that was added: docs/security.md says so).

Who may do what is the permission matrix's (`view_retention`, `review_retention`,
`erase_record`), then the record's borough and restricted marking, as for any other record.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, select
from sqlmodel import Session, SQLModel, col

from ..rules.dates import add_months, london_today
from ..store.enums import AuditAction, OffenderStatus
from ..store.models import Borough, ErasureTombstone, Offender
from . import audit
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .errors import Problem, ValidationFailed
from .interchange.json_export import build_document
from .offenders import find_offender, require_offender_access
from .permissions import Action, allowed, require
from .restricted import restricted_filter

# Review at least every ten years (DOMAIN.md, "Retention").
MAX_REVIEW_MONTHS = 120
# The audit log outlives what it records; the tombstone is what is left.
_KEEP = {"audit_entry", "erasure_tombstone"}
# Kept by triggers from the record and removed with the offender by ON DELETE CASCADE: not
# part of the record, so not counted in its tombstone.
_DERIVED = {"offender_scan_state", "offender_current"}


@dataclass(frozen=True)
class RetentionDue:
    ref: str
    name: str | None  # None for a reader who does not see offender records (administrators)
    status: str
    borough: str
    review_on: date


@dataclass(frozen=True)
class Erasure:
    ref: str
    document_sha256: str
    row_counts: dict[str, int]


def _offender_for(session: Session, actor: Actor, action: Action, ref: str) -> Offender:
    """The offender, once the actor may do `action` (the matrix), in their borough, and (if
    restricted) with a grant: every refusal is logged. The role is checked before the reference
    is looked up, so a refused role learns nothing of which references exist."""
    require(session, actor, action)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, action, offender)
    return offender


def records_due(session: Session, actor: Actor, *, as_of: date | None = None) -> list[RetentionDue]:
    """Records whose review date has come (on or before `as_of`, default today), oldest first,
    in the actor's borough (London for the central team), restricted ones only with a grant.
    Supervisors and administrators (`view_retention`); an administrator, who does not see
    offender records, gets no names."""
    require(session, actor, Action.view_retention)
    day = as_of or london_today()
    query = (
        select(Offender, Borough.name)
        .join(Borough, Borough.id == Offender.borough_id)
        .where(col(Offender.retention_review_on).is_not(None))
        .where(col(Offender.retention_review_on) <= day)
    )
    if not actor.london_wide:
        query = query.where(Offender.borough_id == actor.borough_id)
    hidden = restricted_filter(session, actor)
    if hidden is not None:
        query = query.where(hidden)
    named = allowed(actor, Action.view_record)
    rows = session.execute(query.order_by(Offender.retention_review_on, Offender.ref)).all()
    return [
        RetentionDue(
            ref=o.ref,
            name=f"{o.surname.upper()}, {o.forenames}" if named else None,
            status=str(o.status),
            borough=borough,
            review_on=o.retention_review_on,
        )
        for o, borough in rows
    ]


def record_review(
    session: Session, actor: Actor, ref: str, next_review_on: date | None, reason: str
) -> date:
    """A supervisor's review: the next review date (after today, at most ten years ahead) and
    why the record is kept. Logged; the old date is kept as a correction's history."""
    offender = _offender_for(session, actor, Action.review_retention, ref)
    today = london_today()
    problems = reason_problems(reason)
    if next_review_on is None:
        problems.append(Problem("", "next_review_on", "give the date of the next review"))
    elif next_review_on <= today:
        problems.append(Problem("", "next_review_on", "the next review must be after today"))
    elif next_review_on > add_months(today, MAX_REVIEW_MONTHS):
        problems.append(Problem("", "next_review_on", "the next review must be within ten years"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert next_review_on is not None
    changed = apply_correction(
        session,
        actor,
        offender,
        {"retention_review_on": next_review_on},
        f"retention review: {reason.strip()}",
        object_type="offender",
        offender=offender,
        described=f"record {offender.ref}",
    )
    if changed is None:  # the same date again: still a review, still logged
        audit.record(
            session,
            actor,
            AuditAction.alteration,
            "offender",
            f"retention review of {offender.ref}: next review unchanged",
            object_key=offender.ref,
            offender_id=offender.id,
            justification=reason.strip(),
        )
    return next_review_on


# --- erasure --------------------------------------------------------------------------------


def _children(table: Table) -> list[tuple[Table, Any, Any]]:
    """(child table, its foreign-key column, the column of `table` it refers to)."""
    return [
        (child, fk.parent, fk.column)
        for child in SQLModel.metadata.sorted_tables
        for fk in child.foreign_keys
        if fk.column.table is table and child is not table and child.name not in _KEEP | _DERIVED
    ]


def _delete(
    session: Session, table: Table, where: ColumnElement[bool], counts: Counter[str]
) -> None:
    """Delete `table`'s rows matching `where`, the rows that refer to them first (so foreign
    keys hold at every step, on SQLite and PostgreSQL alike)."""
    for child, fk_column, referred in _children(table):
        _delete(session, child, fk_column.in_(select(referred).where(where)), counts)
    result = session.execute(delete(table).where(where))
    if result.rowcount:
        counts[table.name] += result.rowcount


def _erasure_problems(offender: Offender, reason: str, today: date) -> list[Problem]:
    problems: list[Problem] = []
    if not (reason or "").strip() or len(reason.strip()) < 5:
        problems.append(Problem("", "reason", "say why the record is to be erased"))
    if offender.status == OffenderStatus.active:
        problems.append(
            Problem("", "status", "the offender is still active: an active record is kept")
        )
    if offender.retention_review_on is None:
        problems.append(Problem("", "retention_review_on", "the record has no review date"))
    elif offender.retention_review_on > today:
        problems.append(
            Problem(
                "",
                "retention_review_on",
                f"the record is not due for review until {offender.retention_review_on}",
            )
        )
    return problems


def document_sha256(document: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (keys sorted, UTF-8, no spacing), without the moment it
    was built: the same record always gives the same hash."""
    stable = {k: v for k, v in document.items() if k not in ("exported_at", "exported_by")}
    text = json.dumps(stable, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def erase_offender(session: Session, actor: Actor, ref: str, reason: str) -> Erasure:
    """Erase a record past its review date and no longer active (a supervisor, with a reason).
    All in the caller's transaction: the rows, the tombstone and the log entry commit together
    or not at all."""
    offender = _offender_for(session, actor, Action.erase_record, ref)
    problems = _erasure_problems(offender, reason, london_today())
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert offender.id is not None
    offender_id, offender_ref = offender.id, offender.ref
    digest = document_sha256(build_document(session, [offender]))

    counts: Counter[str] = Counter()
    offender_table = SQLModel.metadata.tables["offender"]
    session.flush()
    session.expunge(offender)  # its row is deleted below, in SQL
    _delete(session, offender_table, offender_table.c.id == offender_id, counts)
    row_counts = dict(sorted(counts.items()))
    session.add(
        ErasureTombstone(
            offender_ref=offender_ref,
            offender_id=offender_id,
            erased_by_user_id=actor.user_id,
            erased_by=actor.username,
            reason=reason.strip(),
            document_sha256=digest,
            row_counts=json.dumps(row_counts, sort_keys=True),
        )
    )
    session.flush()
    total = sum(row_counts.values())
    audit.record(
        session,
        actor,
        AuditAction.erasure,
        "offender",
        f"erased the record of {offender_ref}: {total} rows from {len(row_counts)} tables "
        f"(record SHA-256 {digest[:12]}…)",
        object_key=offender_ref,
        offender_id=offender_id,
        justification=reason.strip(),
    )
    return Erasure(ref=offender_ref, document_sha256=digest, row_counts=row_counts)
