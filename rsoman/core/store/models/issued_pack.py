"""Printed packs issued: which pack went to whom, when, why, and what it held.

A briefing's "what changed since the last briefing" compares with the last pack issued for the
same scope, so each row keeps the offender ids it covered and a JSON snapshot of the facts that
comparison needs (home address, risk level, order ids per offender). The SHA-256 of the PDF lets
a copy found later be matched to its row.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import fk, utcnow


class IssuedPack(SQLModel, table=True):
    __tablename__ = "issued_pack"
    __table_args__ = (sa.Index("ix_issued_pack_kind_scope", "kind", "scope_key", "issued_at"),)
    id: int | None = Field(default=None, primary_key=True)
    # Printed on every page, e.g. "BRF-260314-7F3A2C".
    reference: str = Field(max_length=30, unique=True)
    # "briefing", "mappa", "visit_sheet", "performance".
    kind: str = Field(max_length=20)
    # As printed on the cover ("Camden, ward Testmere"), and a stable key to find the last pack
    # for the same scope ("borough:camden/ward:12").
    scope: str = Field(max_length=200)
    scope_key: str = Field(max_length=120)
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    issued_by_name: str = Field(max_length=120)
    issued_to: str = Field(max_length=200)
    reason: str = Field(sa_type=sa.Text)
    page_count: int
    # JSON list of the offender ids the pack covers.
    offender_ids: str = Field(sa_type=sa.Text)
    # JSON object: what the next pack for the scope compares with (kind-specific).
    snapshot: str | None = Field(default=None, sa_type=sa.Text)
    pdf_sha256: str = Field(max_length=64)
