"""Grants to see restricted records (issue 6).

A grant is to a person, not to one record: it lets that user see every restricted offender
within the scope they already have (their borough; London for the central team). Restricted
records are few and the decision is a vetting one about the user ("may this person see the
records we restrict?"), so a per-record list would only need re-granting at every
reallocation. Grants are never deleted: revoking one stamps it, so who could see what, and
when, stays answerable.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import fk, utcnow


class RestrictedGrant(SQLModel, table=True):
    __tablename__ = "restricted_grant"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = fk("user_account.id")
    # None when granted by the system (the demo generator, an import).
    granted_by: int | None = fk("user_account.id", nullable=True, index=False)
    granted_at: datetime = Field(default_factory=utcnow)
    reason: str = Field(sa_type=sa.Text)
    revoked_at: datetime | None = None
    revoked_by: int | None = fk("user_account.id", nullable=True, index=False)
    revoke_reason: str | None = Field(default=None, sa_type=sa.Text)
