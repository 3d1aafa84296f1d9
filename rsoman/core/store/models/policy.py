"""Force policy versions: every set of policy numbers that has been in force.

Version 1 (the defaults of DOMAIN.md) is written by migration 0004; an administrator's policy file
adds the next. Rows are only ever added: a warning names the version that produced it, so the
numbers behind an old explanation stay readable. `settings` holds every Policy field but the
version, as JSON; a migration that adds a Policy field must add its key to every row.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import fk, text_field, utcnow


class PolicyVersion(SQLModel, table=True):
    __tablename__ = "policy_version"
    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(unique=True)
    settings: str = Field(sa_type=sa.Text)
    loaded_at: datetime = Field(default_factory=utcnow)
    # None for version 1 (written by the migration, as the system).
    loaded_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    loaded_by: str = Field(max_length=60)
    # The loaded file's name (not its folder) and SHA-256; None for version 1 (no file).
    source_name: str | None = Field(default=None, max_length=255)
    sha256: str | None = Field(default=None, max_length=64)
    reason: str | None = text_field()
