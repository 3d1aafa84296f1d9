"""Recording intelligence: reports from the public, partners and officers, kept verbatim.

A report marked as a concern counts towards the policy's threshold (several concerns within the
window prompt a risk review: the `repeated_concerns` warning). `concerns_around` lets the form
say, as the officer types, how close this report brings the offender to that threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import format_date
from ..rules.policy import Policy
from ..rules.warnings.offender_rules import concern_clusters
from ..store.enums import AuditAction, IntelSource
from ..store.models import Intelligence, Offender
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .errors import Problem
from .notifications import not_future, raise_if
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require

SOURCE_WORDS: dict[IntelSource, str] = {
    IntelSource.public: "member of the public",
    IntelSource.partner_agency: "partner agency",
    IntelSource.police: "police",
    IntelSource.offender_manager: "offender manager",
    IntelSource.other: "other",
}

SOURCE_DETAIL_MAX = 200  # the columns' lengths
GRADING_MAX = 20


@dataclass(frozen=True)
class IntelligenceInput:
    received_on: date | None
    source: IntelSource | None
    # Kept exactly as given (line breaks and spacing too): it may be quoted later.
    text: str | None
    is_concern: bool = False
    # Who or which agency, as far as it may be recorded (e.g. "school safeguarding lead").
    source_detail: str | None = None
    # The force's grading of source and information (e.g. "B2"), if graded.
    grading: str | None = None


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _columns(value: IntelligenceInput, problems: list[Problem]) -> dict[str, Any]:
    if value.received_on is None:
        problems.append(Problem("", "received_on", "the date it was received is required"))
    not_future(value.received_on, "received_on", "the date received", problems)
    source = IntelSource(value.source) if value.source else None
    if source is None:
        problems.append(Problem("", "source", "choose where it came from"))
    text = value.text or ""
    if not text.strip():
        problems.append(Problem("", "text", "the report itself is required, as given"))
    detail, grading = _text(value.source_detail), _text(value.grading)
    if detail is not None and len(detail) > SOURCE_DETAIL_MAX:
        problems.append(
            Problem("", "source_detail", f"is longer than {SOURCE_DETAIL_MAX} characters")
        )
    if grading is not None and len(grading) > GRADING_MAX:
        problems.append(Problem("", "grading", f"is longer than {GRADING_MAX} characters"))
    return {
        "received_on": value.received_on,
        "source": source,
        # Verbatim: only the blank lines an editor leaves at either end are dropped.
        "text": text.strip("\n"),
        "is_concern": bool(value.is_concern),
        "source_detail": detail,
        "grading": grading,
    }


def _described(offender: Offender, received_on: date) -> str:
    return f"intelligence on {offender.ref} received {format_date(received_on)}"


def record_intelligence(session: Session, actor: Actor, ref: str, value: IntelligenceInput) -> int:
    """Record an intelligence report. Returns its id."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    problems: list[Problem] = []
    columns = _columns(value, problems)
    raise_if(problems)
    row = Intelligence(offender_id=offender.id, recorded_by_user_id=actor.user_id, **columns)
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    assert row.id is not None
    concern = " (a concern)" if row.is_concern else ""
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "intelligence",
        f"recorded {_described(offender, row.received_on)} from "
        f"{SOURCE_WORDS[row.source]}{concern}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def _editable(
    session: Session, actor: Actor, intelligence_id: int
) -> tuple[Intelligence, Offender]:
    return entry_of_offender(
        session, actor, Action.edit_record, Intelligence, intelligence_id, "intelligence report"
    )


def intelligence_values(session: Session, actor: Actor, intelligence_id: int) -> IntelligenceInput:
    """A recorded report as an input, to be corrected."""
    row, _offender = _editable(session, actor, intelligence_id)
    return IntelligenceInput(
        received_on=row.received_on,
        source=row.source,
        text=row.text,
        is_concern=row.is_concern,
        source_detail=row.source_detail,
        grading=row.grading,
    )


def correct_intelligence(
    session: Session, actor: Actor, intelligence_id: int, value: IntelligenceInput, reason: str
) -> int | None:
    """Correct a recorded report, keeping the old values (the original wording stays in the
    revision). Returns the revision id (None: nothing changed)."""
    row, offender = _editable(session, actor, intelligence_id)
    problems: list[Problem] = []
    columns = _columns(value, problems)
    raise_if(problems + reason_problems(reason))
    revision = apply_correction(
        session,
        actor,
        row,
        columns,
        reason,
        object_type="intelligence",
        offender=offender,
        described=_described(offender, row.received_on),
    )
    return revision


@dataclass(frozen=True)
class ConcernContext:
    """Other concern reports on the offender within the window either side of a date."""

    dates: tuple[date, ...]
    threshold: int
    window_days: int
    policy_version: int


def concerns_around(
    session: Session,
    actor: Actor,
    ref: str,
    on: date,
    policy: Policy,
    *,
    excluding: int | None = None,
) -> ConcernContext:
    """Concern reports within `window_days` before or after `on` (the report being typed is not
    stored yet; `excluding` leaves out the one being corrected). Part of the record being viewed:
    it needs the right to view it."""
    require(session, actor, Action.view_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.view_record, offender)
    window = timedelta(days=policy.concerns_window_days)
    query = select(Intelligence.received_on).where(
        Intelligence.offender_id == offender.id,
        sa.true() if excluding is None else Intelligence.id != excluding,
        Intelligence.is_concern == sa.true(),
        Intelligence.received_on >= on - window,
        Intelligence.received_on <= on + window,
    )
    return ConcernContext(
        dates=tuple(sorted(session.exec(query).all())),
        threshold=policy.concerns_threshold,
        window_days=policy.concerns_window_days,
        policy_version=policy.version,
    )


def concern_words(context: ConcernContext, on: date) -> str:
    """What marking this report a concern means for the threshold, by the same test as the
    `repeated_concerns` rule (pure, for the form)."""
    others = len(context.dates)
    if others == 0:
        return f"No other concern within {context.window_days} days."
    listed = ", ".join(format_date(d) for d in context.dates)
    where = (
        f"{others} other concern{'s' if others != 1 else ''} within {context.window_days} "
        f"days ({listed})"
    )
    runs = concern_clusters(sorted((*context.dates, on)), context.threshold, context.window_days)
    if any(on in run for run in runs):
        return (
            f"{where}: with this one, the threshold of {context.threshold} within "
            f"{context.window_days} days is reached (policy v{context.policy_version}): review "
            "the risk and consider an order application or an arrest for any breach."
        )
    return f"{where}; {context.threshold} within {context.window_days} days prompt a risk review."
