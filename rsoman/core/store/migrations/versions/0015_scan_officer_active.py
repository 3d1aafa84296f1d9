"""scan: an officer leaving changes their offenders

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27

The scan no longer counts an allocation to an officer who is no longer active (has left the
unit) as the offender's manager: such an offender is unallocated. So an officer's `active`
flag is now one of the facts the loader reads (`OFFENDER_FACT_SOURCES`), and migration 0011's
trigger on `officer`, which marked every offender allocated to an officer whose borough
changed, now marks them when the officer's `active` flag changes too. SQLite: the row trigger
is dropped and created again with both columns. PostgreSQL: the statement-level function it
runs is replaced (the trigger itself fires on any update of `officer`).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("borough_id",)
AFTER = ("borough_id", "active")


def _changed(columns: Sequence[str], old: str, new: str, distinct: str) -> str:
    return " OR ".join(f"{old}.{c} {distinct} {new}.{c}" for c in columns)


def _sqlite_trigger(columns: Sequence[str]) -> str:
    return (
        f"CREATE TRIGGER scan_state_officer_update AFTER UPDATE OF {', '.join(columns)} "
        f"ON officer FOR EACH ROW WHEN {_changed(columns, 'OLD', 'NEW', 'IS NOT')} "
        "BEGIN INSERT INTO offender_scan_state (offender_id, changes) "
        "SELECT id, 1 FROM offender WHERE id IN "
        "(SELECT offender_id FROM assignment WHERE officer_id = NEW.id) "
        "ON CONFLICT (offender_id) DO UPDATE SET changes = changes + 1; END"
    )


def _pg_function(columns: Sequence[str]) -> str:
    ids = (
        "SELECT a.offender_id FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "JOIN assignment a ON a.officer_id = n.id "
        f"WHERE {_changed(columns, 'o', 'n', 'IS DISTINCT FROM')}"
    )
    return (
        "CREATE OR REPLACE FUNCTION scan_state_mark_officer() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' THEN "
        "INSERT INTO offender_scan_state AS s (offender_id, changes) "
        f"SELECT id, 1 FROM offender WHERE id IN ({ids}) ORDER BY id "
        "ON CONFLICT (offender_id) DO UPDATE SET changes = s.changes + 1; "
        "END IF; RETURN NULL; END $$"
    )


def _use(columns: Sequence[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_pg_function(columns))
    else:
        op.execute("DROP TRIGGER IF EXISTS scan_state_officer_update")
        op.execute(_sqlite_trigger(columns))


def upgrade() -> None:
    _use(AFTER)


def downgrade() -> None:
    _use(BEFORE)
