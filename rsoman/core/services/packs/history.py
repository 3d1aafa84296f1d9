"""The record of printed packs: which pack was issued to whom, when and why; and each further
copy made of one (printed, or saved as a file), logged as a disclosure.

Issuing a pack logs it once (`common.record_issue`). Printing it or saving it afterwards makes
another copy of the same disclosure, so each is logged too, against the pack's reference and
with the reason it was issued for; the pack is not issued again (same reference, same row).

Who may see a pack's record, or copy it: whoever may issue that kind of pack in its borough
(briefing and visit sheet: view records; MAPPA pack: manage MAPPA; performance: view figures);
those who may read the audit log may see the record too, but not copy a pack. A pack's borough
is found from its scope: the borough of a briefing or a performance report, the meeting's
borough, the officer's borough.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ...store.enums import AuditAction
from ...store.models import Borough, MappaMeeting, Officer
from ...store.models import IssuedPack as IssuedPackRow
from .. import audit
from ..actor import Actor
from ..errors import NotFound, Problem, ValidationFailed
from ..offenders import refuse
from ..permissions import Action, allowed, require
from .common import KIND_WORDS

# The permission that issuing each kind of pack needs.
KIND_ACTIONS: dict[str, Action] = {
    "briefing": Action.view_record,
    "mappa": Action.manage_mappa,
    "visit_sheet": Action.view_record,
    "performance": Action.view_stats,
}
MAX_LIMIT = 5000
MAX_FILE_TEXT = 300


@dataclass(frozen=True)
class IssuedPackSummary:
    """One issued pack as the history lists it (plain values, safe to hand to the GUI)."""

    reference: str
    kind: str
    kind_words: str
    scope: str
    # The borough's name; None for a London-wide performance report.
    borough: str | None
    issued_at: datetime
    issued_by: str
    issued_to: str
    reason: str
    page_count: int
    offender_count: int
    pdf_sha256: str


def _borough_id_sql() -> Any:
    """The pack's borough id, from its scope key ("borough:camden/ward:12", "meeting:REF",
    "officer:WARRANT"): one expression, so filtering and the limit both happen in SQL."""
    by_code = (
        select(Borough.id)
        .where(
            sa.or_(
                IssuedPackRow.scope_key == sa.literal("borough:") + Borough.code,
                sa.func.substr(
                    IssuedPackRow.scope_key, 1, sa.func.length(Borough.code) + len("borough:/")
                )
                == sa.literal("borough:") + Borough.code + sa.literal("/"),
            )
        )
        .limit(1)
        .scalar_subquery()
    )
    by_meeting = (
        select(MappaMeeting.borough_id)
        .where(IssuedPackRow.scope_key == sa.literal("meeting:") + MappaMeeting.ref)
        .limit(1)
        .scalar_subquery()
    )
    by_officer = (
        select(Officer.borough_id)
        .where(IssuedPackRow.scope_key == sa.literal("officer:") + Officer.warrant_number)
        .limit(1)
        .scalar_subquery()
    )
    return sa.case(
        (IssuedPackRow.kind == "mappa", by_meeting),
        (IssuedPackRow.kind == "visit_sheet", by_officer),
        else_=by_code,
    )


def _in_scope(actor: Actor, borough_id: int | None) -> bool:
    """A London-wide pack (borough None) is for London-wide users only."""
    return actor.london_wide or (borough_id is not None and borough_id == actor.borough_id)


def _visible_kinds(actor: Actor) -> list[str]:
    if allowed(actor, Action.view_audit):
        return list(KIND_ACTIONS)
    return [kind for kind, action in KIND_ACTIONS.items() if allowed(actor, action)]


def _summary(row: IssuedPackRow, borough: str | None) -> IssuedPackSummary:
    try:
        offenders = len(json.loads(row.offender_ids or "[]"))
    except ValueError:
        offenders = 0
    return IssuedPackSummary(
        reference=row.reference,
        kind=row.kind,
        kind_words=KIND_WORDS.get(row.kind, row.kind),
        scope=row.scope,
        borough=borough,
        issued_at=row.issued_at,
        issued_by=row.issued_by_name,
        issued_to=row.issued_to,
        reason=row.reason,
        page_count=row.page_count,
        offender_count=offenders,
        pdf_sha256=row.pdf_sha256,
    )


def list_issued_packs(
    session: Session,
    actor: Actor,
    *,
    kind: str | None = None,
    borough_code: str | None = None,
    limit: int = 500,
) -> list[IssuedPackSummary]:
    """The packs issued in the actor's scope, newest first. Reading this record of
    disclosures is itself logged (as reading the audit log is)."""
    problems: list[Problem] = []
    if kind is not None and kind not in KIND_ACTIONS:
        problems.append(Problem("", "kind", f"no such kind of pack: {kind!r}"))
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(Problem("", "limit", f"must be between 1 and {MAX_LIMIT}"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    visible = _visible_kinds(actor)
    if kind is not None and kind not in visible:
        require(session, actor, KIND_ACTIONS[kind])
    if not visible:
        require(session, actor, Action.view_audit)
    kinds = [kind] if kind is not None else visible

    wanted: int | None = None
    if borough_code is not None:
        found = session.exec(select(Borough).where(Borough.code == borough_code.strip())).first()
        if found is None:
            raise NotFound(f"no borough with code {borough_code!r}")
        if not _in_scope(actor, found.id):
            raise refuse(
                session,
                actor,
                f"the packs issued in {found.name}: that borough is not yours",
                object_type="issued_packs",
                object_key=found.code,
            )
        wanted = found.id
    elif not actor.london_wide:
        wanted = actor.borough_id
    borough_id = _borough_id_sql()
    query = select(IssuedPackRow, borough_id).where(IssuedPackRow.kind.in_(kinds))  # type: ignore[attr-defined]
    if wanted is not None:
        query = query.where(borough_id == wanted)
    query = query.order_by(
        IssuedPackRow.issued_at.desc(),  # type: ignore[attr-defined]
        IssuedPackRow.id.desc(),  # type: ignore[union-attr]
    ).limit(limit)
    rows = session.execute(query).all()
    names = dict(session.exec(select(Borough.id, Borough.name)).all())

    what = ", ".join(
        part
        for part in (
            KIND_WORDS[kind] + "s" if kind else "",
            names.get(wanted, "") if wanted is not None else "",
        )
        if part
    )
    audit.record(
        session,
        actor,
        AuditAction.consultation,
        "issued_packs",
        f"read the record of issued packs ({what or 'all'}): {len(rows)} listed",
    )
    return [_summary(row, names.get(b) if b is not None else None) for row, b in rows]


def _pack(
    session: Session, actor: Actor, reference: str, *, copying: bool = False
) -> tuple[IssuedPackRow, str | None]:
    """The pack's row and borough name, if the actor may see it (or, `copying`, make a copy:
    only those who may issue that kind may; reading the audit log is not enough). A refusal is
    logged."""
    found = session.execute(
        select(IssuedPackRow, _borough_id_sql()).where(IssuedPackRow.reference == reference.strip())
    ).first()
    if found is None:
        raise NotFound(f"no issued pack with reference {reference!r}")
    row, borough_id = found
    if copying or not allowed(actor, Action.view_audit):
        require(session, actor, KIND_ACTIONS.get(row.kind, Action.view_audit))
    if not _in_scope(actor, borough_id):
        raise refuse(
            session,
            actor,
            f"pack {row.reference}: it was issued outside your borough",
            object_type="pack",
            object_key=row.reference,
        )
    borough = session.get(Borough, borough_id) if borough_id is not None else None
    return row, borough.name if borough is not None else None


def get_issued_pack(session: Session, actor: Actor, reference: str) -> IssuedPackSummary:
    """One issued pack's record (e.g. for the preview's "Issued to ... reference ..." line)."""
    row, borough = _pack(session, actor, reference)
    return _summary(row, borough)


def _copy_logged(session: Session, actor: Actor, reference: str, how: str) -> IssuedPackSummary:
    row, borough = _pack(session, actor, reference, copying=True)
    words = KIND_WORDS.get(row.kind, row.kind)
    audit.record(
        session,
        actor,
        AuditAction.disclosure,
        "pack",
        f"{how} {words} {row.reference} issued to {row.issued_to}",
        object_key=row.reference,
        justification=row.reason,
    )
    session.flush()
    return _summary(row, borough)


def record_print(
    session: Session,
    actor: Actor,
    reference: str,
    *,
    copies: int = 1,
    pages: tuple[int, int] | None = None,
) -> IssuedPackSummary:
    """Log a print of an issued pack (a further disclosure of the same pack), in the caller's
    transaction. `pages` is the range printed (first, last; 1-based), None for all."""
    problems: list[Problem] = []
    if copies < 1:
        problems.append(Problem("", "copies", "print at least one copy"))
    if pages is not None and not 1 <= pages[0] <= pages[1]:
        problems.append(Problem("", "pages", f"not a page range: {pages[0]} to {pages[1]}"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    what = f"{copies} cop{'y' if copies == 1 else 'ies'}"
    if pages is not None:
        what += f", pages {pages[0]}-{pages[1]}"
    return _copy_logged(session, actor, reference, f"printed ({what})")


def record_save(
    session: Session, actor: Actor, reference: str, *, file_name: str
) -> IssuedPackSummary:
    """Log an issued pack saved as a file (where to, in the summary), in the caller's
    transaction: if the file then cannot be written, the caller rolls back."""
    where = " ".join(file_name.split())
    if not where:
        raise ValidationFailed([Problem("", "file_name", "name the file the pack is saved as")])
    if len(where) > MAX_FILE_TEXT:
        where = "…" + where[-MAX_FILE_TEXT:]
    return _copy_logged(session, actor, reference, f"saved as {where}:")
