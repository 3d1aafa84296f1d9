"""scan loader indexes

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27

Indexes for the warning scan's loader (services/facts_loader.py), each turning a per-offender
read into one index seek or a whole-table read into a read of the rows wanted:

- `notification (offender_id, notified_on)`, partial, over the kinds that restart the yearly
  clock: the latest clock day up to a day and the first after release were a seek per clock
  kind on `(offender_id, kind, notified_on)` (four kinds: about eleven seeks per offender,
  1.4 s at 70,000 offenders on SQLite); over it each is one seek.
- the same over foreign travel (1% of notifications), which was a scan of the whole table;
- `visit (offender_id, planned_for)`, partial, over planned visits (not yet recorded): 16,000
  of 1.2 million visits at 70,000 offenders, which were found by reading every visit;
- `registration (offender_id, conviction_date, id, release_date)` in place of 0007's index
  without the release date: the latest registration's release date is read per offender
  without reading the row.

A query can use a partial index only if its WHERE holds the index's terms as written here: the
loader writes the same terms, and on SQLite names the index (INDEXED BY), so that a mismatch is
an error rather than a slow plan. Plain CREATE/DROP INDEX on both databases (no batch table
rebuild: that would drop the triggers of migrations 0011 to 0013).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The kinds that restart the yearly clock (rules.warnings.offender_rules.CLOCK_RESTARTING), in
# the order the loader writes them.
CLOCK = "kind IN ('change', 'initial', 'periodic', 'weekly_nfa')"
TRAVEL = "kind = 'foreign_travel'"
PLANNED = "occurred_at IS NULL"
# name: (table, columns, WHERE)
PARTIAL = {
    "ix_notification_clock_on": ("notification", ["offender_id", "notified_on"], CLOCK),
    "ix_notification_travel_on": ("notification", ["offender_id", "notified_on"], TRAVEL),
    "ix_visit_planned": ("visit", ["offender_id", "planned_for"], PLANNED),
}
REGISTRATION_BEFORE = (
    "ix_registration_offender_conviction",
    ["offender_id", "conviction_date", "id"],
)
REGISTRATION_AFTER = (
    "ix_registration_offender_latest",
    ["offender_id", "conviction_date", "id", "release_date"],
)


def upgrade() -> None:
    for name, (table, columns, where) in PARTIAL.items():
        op.create_index(
            name,
            table,
            columns,
            unique=False,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )
    name, columns = REGISTRATION_AFTER
    op.create_index(name, "registration", columns, unique=False)
    op.drop_index(REGISTRATION_BEFORE[0], table_name="registration")


def downgrade() -> None:
    name, columns = REGISTRATION_BEFORE
    op.create_index(name, "registration", columns, unique=False)
    op.drop_index(REGISTRATION_AFTER[0], table_name="registration")
    for name, (table, _columns, _where) in PARTIAL.items():
        op.drop_index(name, table_name=table)
