"""Warnings raised by the scan, and their history.

A warning is derived from the record (the rules decide), but it is kept: so that an officer can
answer it with a reason, a supervisor can read that reason, and the history shows when it was
raised, escalated and resolved. One row per natural key (kind, subject, anchor), however often
the scan runs and from however many clients.
"""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import enum_field, fk, text_field, utcnow


class WarningState(StrEnum):
    open = "open"
    acknowledged = "acknowledged"  # an officer has answered it with a reason; still live
    resolved = "resolved"  # the data caught up (e.g. the visit is recorded)


class WarningEventKind(StrEnum):
    raised = "raised"
    escalated = "escalated"
    acknowledged = "acknowledged"
    resolved = "resolved"
    reopened = "reopened"


class Warning(SQLModel, table=True):  # shadows the builtin only where imported by name
    __tablename__ = "warning"
    __table_args__ = (sa.Index("ix_warning_state_borough", "state", "borough_id"),)
    id: int | None = Field(default=None, primary_key=True)
    natural_key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=60, index=True)
    # Severity values are the rules' Severity (info / warning / urgent).
    severity: str = Field(max_length=16)
    subject_type: str = Field(max_length=16)
    offender_id: int | None = fk("offender.id", nullable=True)
    officer_id: int | None = fk("officer.id", nullable=True)
    meeting_id: int | None = fk("mappa_meeting.id", nullable=True)
    # The offender ref, officer warrant number or meeting ref, as shown and exported.
    subject_ref: str = Field(max_length=40)
    # Who must act: the offender's manager; for an officer, the officer; for a meeting, nobody
    # in particular (the MAPPA co-ordinator role sees the borough's meeting warnings).
    owner_officer_id: int | None = fk("officer.id", nullable=True)
    borough_id: int | None = fk("borough.id", nullable=True, index=False)
    due_on: date | None = None
    days_overdue: int = 0
    explanation: str = Field(sa_type=sa.Text)
    policy_version: int
    state: WarningState = enum_field(WarningState, default=WarningState.open)
    first_raised_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    acknowledged_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    acknowledged_at: datetime | None = None
    acknowledgement_reason: str | None = text_field()


class WarningEvent(SQLModel, table=True):
    """One change in a warning's life, appended and never altered."""

    __tablename__ = "warning_event"
    id: int | None = Field(default=None, primary_key=True)
    warning_id: int = fk("warning.id")
    at: datetime = Field(default_factory=utcnow)
    event: WarningEventKind = enum_field(WarningEventKind)
    detail: str | None = text_field()
    user_id: int | None = fk("user_account.id", nullable=True, index=False)
