"""scan horizon

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-28

A new day's scan need not evaluate everyone (services/scan_carry.py):

- `offender_scan_state.stable_until`: the horizon the rules reported at the offender's last
  evaluation, the first day on which their findings may change other than by the days passing
  (9999-12-31: none ahead). Empty for every existing row: those offenders are evaluated on the
  next new day, which fills it.
- Single-column indexes on the event dates of the three large tables the facts come from
  (visit.occurred_at, notification.notified_on, risk_assessment.assessed_on): the scan looks
  for offenders with an event dated since their last scan, which was a read of every row
  (0.3 s of 1.2 million visits at 70,000 offenders on SQLite; a few milliseconds over these).

- On PostgreSQL, room left in the pages of `offender_scan_state` and `warning` (fillfactor 50
  and 70): a new day rewrites most rows of both (the day brought up to; days overdue and their
  words), and with room on the page each new row version stays there without touching the
  indexes (a HOT update; no updated column is indexed). A new day's 70,000 state rows went
  from 1.4 s to 0.9 s, its 18,000 warning updates from 1.0 s to 0.7 s. It applies to pages
  written from now on: an existing table's full pages make room as their rows are updated
  and vacuumed. SQLite has no such setting.

ADD COLUMN and CREATE INDEX on both databases: no batch table rebuild, which would drop the
triggers of migrations 0011 to 0013 on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name: (table, column)
EVENT_INDEXES = {
    "ix_visit_occurred_at": ("visit", "occurred_at"),
    "ix_notification_notified_on": ("notification", "notified_on"),
    "ix_risk_assessment_assessed_on": ("risk_assessment", "assessed_on"),
}


# table: PostgreSQL fillfactor
ROOM = {"offender_scan_state": 50, "warning": 70}


def upgrade() -> None:
    op.add_column("offender_scan_state", sa.Column("stable_until", sa.Date(), nullable=True))
    for name, (table, column) in EVENT_INDEXES.items():
        op.create_index(name, table, [column], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table, percent in ROOM.items():
            op.execute(f"ALTER TABLE {table} SET (fillfactor = {percent})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ROOM:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
    for name, (table, _column) in EVENT_INDEXES.items():
        op.drop_index(name, table_name=table)
    # Plain DROP COLUMN (SQLite 3.35 on): a batch rebuild of the table would fail on the
    # triggers of migration 0011 that write to it.
    op.execute("ALTER TABLE offender_scan_state DROP COLUMN stable_until")
