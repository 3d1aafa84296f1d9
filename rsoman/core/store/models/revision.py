"""Corrections: the values a field held before someone corrected it, and why it was corrected.

A correction never overwrites silently: the record keeps its current values (what every query
reads) and this table keeps each earlier version of the changed fields, so the record view can
show who changed what, when and why, and a mistaken correction can itself be corrected back.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import fk, utcnow


class RecordRevision(SQLModel, table=True):
    __tablename__ = "record_revision"
    __table_args__ = (sa.Index("ix_record_revision_object", "object_type", "object_id"),)
    id: int | None = Field(default=None, primary_key=True)
    object_type: str = Field(max_length=40)
    object_id: int
    offender_id: int | None = fk("offender.id", nullable=True)
    changed_at: datetime = Field(default_factory=utcnow)
    user_id: int | None = fk("user_account.id", nullable=True, index=False)
    username: str = Field(max_length=60)
    reason: str = Field(sa_type=sa.Text)
    # JSON objects of the changed fields only: {"field": value} before and after.
    before: str = Field(sa_type=sa.Text)
    after: str = Field(sa_type=sa.Text)
