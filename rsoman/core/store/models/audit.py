"""The append-only audit log (Data Protection Act 2018 s.62)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ..enums import AuditAction
from ._types import enum_field, utcnow


class AuditEntry(SQLModel, table=True):
    """One logged act. Rows are never updated or deleted (database triggers refuse it) and each
    carries the hash of the one before, so a removed, altered or inserted row shows."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_offender_at", "offender_id", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, index=True)
    username: str = Field(max_length=60)
    action: AuditAction = enum_field(AuditAction)
    # What was acted on: "offender", "visit", "import", ... and its key.
    object_type: str = Field(max_length=40)
    object_key: str | None = Field(default=None, max_length=60)
    # No foreign key: the log must outlive (and record) the erasure of what it refers to.
    offender_id: int | None = None
    summary: str = Field(sa_type=sa.Text)
    justification: str | None = Field(default=None, sa_type=sa.Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
