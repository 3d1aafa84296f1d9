"""Issue a printed pack: the one entry point the CLI and the GUI call (the GUI off its thread).

Each `issue_x` checks the recipient and reason, gathers the pack's data through its service
(which checks permission), renders it, then records the issue (an `issued_pack` row, and the
disclosure in the audit log with the reason as justification) in the caller's transaction. The
caller commits; if it then cannot write the file, it rolls back, and nothing was disclosed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from ..rules.dates import london_today
from ..services.actor import Actor
from ..services.packs.briefing import KIND as BRIEFING
from ..services.packs.briefing import gather_briefing
from ..services.packs.common import (
    IssueRecord,
    IssueRequest,
    issue_request,
    new_reference,
    record_issue,
)
from ..services.packs.mappa import KIND as MAPPA
from ..services.packs.mappa import gather_mappa_pack
from ..services.packs.visit_sheet import KIND as VISIT_SHEET
from ..services.packs.visit_sheet import gather_visit_sheet
from ..services.performance import performance_figures
from .base import PackMeta, Rendered
from .briefing import TITLE as BRIEFING_TITLE
from .briefing import render_briefing
from .mappa_pack import HANDLING as MAPPA_HANDLING
from .mappa_pack import TITLE as MAPPA_TITLE
from .mappa_pack import render_mappa_pack
from .performance_report import TITLE as PERFORMANCE_TITLE
from .performance_report import render_performance_report
from .visit_sheet import TITLE as VISIT_SHEET_TITLE
from .visit_sheet import render_visit_sheet


@dataclass(frozen=True)
class IssuedPack:
    reference: str
    pdf: bytes
    page_count: int


def _meta(
    kind: str,
    title: str,
    scope: str,
    request: IssueRequest,
    extra: str = "",
    password: str | None = None,
) -> PackMeta:
    return PackMeta(
        reference=new_reference(kind, request.issued_at),
        title=title,
        scope=scope,
        issued_at=request.issued_at,
        issued_by=request.issued_by,
        issued_to=request.issued_to,
        reason=request.reason,
        handling_extra=extra,
        password=password or None,
    )


def _finish(
    session: Session,
    actor: Actor,
    request: IssueRequest,
    meta: PackMeta,
    rendered: Rendered,
    *,
    kind: str,
    scope_key: str,
    offender_refs: tuple[tuple[int, str], ...],
    snapshot: str | None = None,
    pdf_password: str | None = None,
) -> IssuedPack:
    record_issue(
        session,
        actor,
        request,
        IssueRecord(
            reference=meta.reference,
            kind=kind,
            scope=meta.scope,
            scope_key=scope_key,
            offender_ids=tuple(i for i, _ in offender_refs),
            page_count=rendered.page_count,
            snapshot=snapshot,
        ),
        rendered.pdf,
        dict(offender_refs),
    )
    return IssuedPack(meta.reference, rendered.pdf, rendered.page_count)


def issue_briefing(
    session: Session,
    actor: Actor,
    *,
    borough_code: str,
    ward: str | None = None,
    issued_to: str,
    reason: str,
    as_of: date | None = None,
    pdf_password: str | None = None,
) -> IssuedPack:
    """A borough (or ward) briefing pack for local officers."""
    request = issue_request(session, actor, issued_to, reason)
    data = gather_briefing(session, actor, borough_code=borough_code, ward=ward, as_of=as_of)
    meta = _meta(BRIEFING, BRIEFING_TITLE, data.scope, request, password=pdf_password)
    rendered = render_briefing(data, meta)
    return _finish(
        session,
        actor,
        request,
        meta,
        rendered,
        kind=BRIEFING,
        scope_key=data.scope_key,
        offender_refs=data.offender_refs,
        snapshot=data.snapshot,
    )


def issue_visit_sheet(
    session: Session,
    actor: Actor,
    *,
    officer_warrant: str,
    date_from: date,
    date_to: date,
    issued_to: str,
    reason: str,
    pdf_password: str | None = None,
) -> IssuedPack:
    """An officer's visit sheet for a day or a week."""
    request = issue_request(session, actor, issued_to, reason)
    data = gather_visit_sheet(
        session, actor, officer_warrant=officer_warrant, date_from=date_from, date_to=date_to
    )
    meta = _meta(VISIT_SHEET, VISIT_SHEET_TITLE, data.scope, request, password=pdf_password)
    rendered = render_visit_sheet(data, meta)
    return _finish(
        session,
        actor,
        request,
        meta,
        rendered,
        kind=VISIT_SHEET,
        scope_key=data.scope_key,
        offender_refs=data.offender_refs,
    )


def issue_mappa_pack(
    session: Session,
    actor: Actor,
    *,
    meeting: str,
    issued_to: str,
    reason: str,
    pdf_password: str | None = None,
) -> IssuedPack:
    """The police pack for a MAPPA meeting, by its id or reference."""
    request = issue_request(session, actor, issued_to, reason)
    data = gather_mappa_pack(session, actor, meeting=meeting)
    meta = _meta(MAPPA, MAPPA_TITLE, data.scope, request, MAPPA_HANDLING, pdf_password)
    rendered = render_mappa_pack(data, meta)
    return _finish(
        session,
        actor,
        request,
        meta,
        rendered,
        kind=MAPPA,
        scope_key=data.scope_key,
        offender_refs=data.offender_refs,
    )


def issue_performance_report(
    session: Session,
    actor: Actor,
    *,
    borough_code: str,
    issued_to: str,
    reason: str,
    as_of: date | None = None,
    months: int = 12,
    pdf_password: str | None = None,
) -> IssuedPack:
    """A borough's performance figures for its commander (no offender is named in it)."""
    request = issue_request(session, actor, issued_to, reason)
    figures = performance_figures(
        session, actor, borough_code=borough_code, as_of=as_of or london_today(), months=months
    )
    meta = _meta("performance", PERFORMANCE_TITLE, figures.borough, request, password=pdf_password)
    rendered = render_performance_report(figures, meta)
    return _finish(
        session,
        actor,
        request,
        meta,
        rendered,
        kind="performance",
        scope_key=f"borough:{figures.borough_code or 'london'}",
        offender_refs=(),
    )
