"""Force settings an administrator changes: one row per setting, its value as JSON.

Only settings that differ from their defaults need a row (services/settings.py holds the
defaults, the ranges and the meaning of every key). Each row says who changed it last and when;
the full history, old value to new, is in the audit log. Policy numbers (visit tariff,
deadlines, default capacity) are not kept here but as policy versions (policy.py), so that every
warning keeps pointing at the numbers it used.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ._types import fk, utcnow


class ForceSetting(SQLModel, table=True):
    __tablename__ = "force_setting"
    id: int | None = Field(default=None, primary_key=True)
    # e.g. "scan_daily_time", or "briefing_contact:camden" for one borough's contact.
    key: str = Field(max_length=80, unique=True)
    value: str = Field(sa_type=sa.Text)
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    changed_by: str = Field(max_length=60)
