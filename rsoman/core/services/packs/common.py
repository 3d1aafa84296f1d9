"""What every printed pack shares: the recipient and reason checked, a unique reference, the
issuer's name, and the record of the issue (an `issued_pack` row and the disclosure in the audit
log, DPA 2018 s.62: who, when, to whom, why).

A pack is logged once as a whole and once against each offender it names, so an offender's audit
history shows every pack their details went out in.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ...rules.dates import LONDON
from ...store.enums import AuditAction
from ...store.models import IssuedPack as IssuedPackRow
from ...store.models import Officer
from ...store.models._types import utcnow
from .. import audit
from ..actor import Actor
from ..current import officer_name
from ..errors import Problem, ValidationFailed

# Reference prefixes, one per kind of pack.
PREFIXES: dict[str, str] = {
    "briefing": "BRF",
    "mappa": "MAP",
    "visit_sheet": "VIS",
    "performance": "PRF",
}
KIND_WORDS: dict[str, str] = {
    "briefing": "borough briefing pack",
    "mappa": "MAPPA meeting pack",
    "visit_sheet": "visit sheet",
    "performance": "performance report",
}
MAX_ISSUED_TO = 200


@dataclass(frozen=True)
class IssueRequest:
    """Who the pack goes to and why, checked; and when and by whom it is issued."""

    issued_to: str
    reason: str
    issued_at: datetime
    issued_by: str


def check_recipient(issued_to: str | None, reason: str | None) -> list[Problem]:
    problems: list[Problem] = []
    to = (issued_to or "").strip()
    if not to:
        problems.append(Problem("", "issued_to", "say who the pack is issued to"))
    elif len(to) > MAX_ISSUED_TO:
        problems.append(Problem("", "issued_to", f"at most {MAX_ISSUED_TO} characters"))
    if not (reason or "").strip():
        problems.append(
            Problem("", "reason", "give the reason for issuing it (it is logged as a disclosure)")
        )
    return problems


def issuer_name(session: Session, actor: Actor) -> str:
    """As printed on the pack: the officer's name and rank, else the account name."""
    if actor.officer_id is not None:
        officer = session.get(Officer, actor.officer_id)
        if officer is not None:
            return officer_name(officer)
    return actor.username


def issue_request(
    session: Session,
    actor: Actor,
    issued_to: str | None,
    reason: str | None,
    extra_problems: Sequence[Problem] = (),
) -> IssueRequest:
    """The checked recipient and reason; every problem (with the caller's own) at once."""
    problems = [*check_recipient(issued_to, reason), *extra_problems]
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    return IssueRequest(
        issued_to=" ".join((issued_to or "").split()),
        reason=(reason or "").strip(),
        issued_at=utcnow(),
        issued_by=issuer_name(session, actor),
    )


def new_reference(kind: str, issued_at: datetime) -> str:
    """E.g. "BRF-260314-7F3A2C": kind, London date, random part (the column is unique)."""
    day = issued_at.astimezone(LONDON)
    return f"{PREFIXES[kind]}-{day:%y%m%d}-{secrets.token_hex(3).upper()}"


def last_issued(session: Session, kind: str, scope_key: str) -> IssuedPackRow | None:
    return session.exec(
        select(IssuedPackRow)
        .where(IssuedPackRow.kind == kind, IssuedPackRow.scope_key == scope_key)
        .order_by(IssuedPackRow.issued_at.desc(), IssuedPackRow.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()


@dataclass(frozen=True)
class IssueRecord:
    reference: str
    kind: str
    scope: str
    scope_key: str
    offender_ids: tuple[int, ...]
    page_count: int
    # JSON text, kind-specific: what the next pack for the scope compares with.
    snapshot: str | None = None


def record_issue(
    session: Session,
    actor: Actor,
    request: IssueRequest,
    record: IssueRecord,
    pdf: bytes,
    offender_refs: dict[int, str],
) -> None:
    """The issued_pack row and the disclosure entries, in the caller's transaction."""
    words = KIND_WORDS[record.kind]
    session.add(
        IssuedPackRow(
            reference=record.reference,
            kind=record.kind,
            scope=record.scope[:200],
            scope_key=record.scope_key,
            issued_at=request.issued_at,
            issued_by_user_id=actor.user_id,
            issued_by_name=request.issued_by[:120],
            issued_to=request.issued_to,
            reason=request.reason,
            page_count=record.page_count,
            offender_ids=json.dumps(list(record.offender_ids)),
            snapshot=record.snapshot,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
    )
    count = len(record.offender_ids)
    audit.record(
        session,
        actor,
        AuditAction.disclosure,
        "pack",
        f"issued {words} {record.reference} ({record.scope}; {count} offender"
        f"{'' if count == 1 else 's'}, {record.page_count} pages) to {request.issued_to}",
        object_key=record.reference,
        justification=request.reason,
    )
    for offender_id in record.offender_ids:
        ref = offender_refs.get(offender_id)
        audit.record(
            session,
            actor,
            AuditAction.disclosure,
            "offender",
            f"details of {ref} in {words} {record.reference} issued to {request.issued_to}",
            object_key=ref,
            offender_id=offender_id,
            justification=request.reason,
        )
    session.flush()
