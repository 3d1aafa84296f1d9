"""What is left of an erased offender record: that it existed, when and why it was erased, by
whom, how many rows went from each table, and a SHA-256 of the record as erased, never the
personal data itself.

The audit log keeps its entries about the offender (they are the log of the erasure too); they
refer to the offender by its old internal id, which the tombstone keeps, so "who looked at this
person" can still be answered by reference after the erasure.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import fk, utcnow


class ErasureTombstone(SQLModel, table=True):
    __tablename__ = "erasure_tombstone"
    id: int | None = Field(default=None, primary_key=True)
    offender_ref: str = Field(max_length=20, unique=True)
    # No foreign key: the offender row is gone. Audit entries still carry this id.
    offender_id: int = Field(index=True)
    erased_at: datetime = Field(default_factory=utcnow)
    erased_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    erased_by: str = Field(max_length=60)
    reason: str = Field(sa_type=sa.Text)
    # SHA-256 of the canonical JSON (rsoman-data/1) of the record as it stood when erased.
    document_sha256: str = Field(max_length=64)
    # JSON object: rows deleted per table, e.g. {"offender": 1, "visit": 42}.
    row_counts: str = Field(sa_type=sa.Text)
