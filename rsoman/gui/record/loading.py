"""What the record window shows, gathered in one job on the database thread.

Only service calls: `get_record` checks access and logs the consultation; the open warnings,
corrections and (for supervisors) access history come from their own services, which check
and log for themselves. Parts the actor's role may not see are left out (None) rather than
asked for and refused, so opening a record never logs a refusal it did not deserve.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from ...core.services.actor import Actor
from ...core.services.audit import AuditRow, list_entries
from ...core.services.corrections import RevisionItem, revisions
from ...core.services.offender_record import OffenderRecord
from ...core.services.offenders import get_record
from ...core.services.permissions import Action, allowed
from ...core.services.scan import WarningRow, list_warnings


@dataclass(frozen=True)
class RecordView:
    record: OffenderRecord
    # This offender's live warnings, most urgent first (None: not for this role).
    warnings: tuple[WarningRow, ...] | None
    # Corrections made to the record, newest first.
    corrections: tuple[RevisionItem, ...]
    # Who viewed or changed the record, newest first (None: not for this role).
    access: tuple[AuditRow, ...] | None


# Enough to see who has looked recently; the full log is in `rsoman audit`.
ACCESS_HISTORY_LIMIT = 500


def shows_access_history(actor: Actor) -> bool:
    return allowed(actor, Action.view_audit)


def load_view(
    session: Session, actor: Actor, ref: str, justification: str | None = None
) -> RecordView:
    record = get_record(session, actor, ref, justification=justification)
    warnings: tuple[WarningRow, ...] | None = None
    if allowed(actor, Action.view_caseload):
        # The service lists by scope, not by offender: the offender's borough is the narrowest
        # scope holding their warnings.
        rows = list_warnings(session, actor, borough_code=record.borough_code)
        warnings = tuple(
            w for w in rows if w.subject_type == "offender" and w.subject_ref == record.ref
        )
    access: tuple[AuditRow, ...] | None = None
    if shows_access_history(actor):
        access = tuple(
            list_entries(session, actor, offender_ref=record.ref, limit=ACCESS_HISTORY_LIMIT)
        )
    return RecordView(
        record=record,
        warnings=warnings,
        corrections=tuple(revisions(session, actor, record.ref)),
        access=access,
    )
