"""scan state

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27

A change counter per offender for the incremental warning scan (services/scan.py), kept by
triggers on every table whose rows feed the offender's facts (services/facts_loader.py
reads them; its OFFENDER_FACT_SOURCES names the same tables and columns, and a test checks both
against the loader's SQL and against these triggers). Any client's write (the services, an
import, the command line, plain SQL) adds one to `changes` of each offender it touches: the
old and the new offender when a row moves between them; every offender assigned to an officer
whose borough changes (the arrival in the borough is read from the officers' boroughs); every
offender with a case at a MAPPA meeting whose date, level, status or reference changes.

SQLite: one trigger per table and operation, row by row. PostgreSQL: one function per table,
run once per statement over its transition tables (a bulk load of thousands of rows costs one
extra statement, not thousands). No rows are filled here: no row means never scanned, so the
first scan after the upgrade evaluates everyone.

A later migration that makes SQLite rebuild one of these tables (batch "move and copy": a
column dropped or altered) drops its triggers with it and must create them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables whose rows name their offender in `offender_id`: any write to them counts.
OWN_ROWS = (
    "registration",
    "assignment",
    "risk_assessment",
    "visit_plan_decision",
    "visit",
    "notification",
    "address",
    "breach",
    "intelligence",
    "court_order",
    "mappa_case",
)
# Columns of the other tables that the loader reads (an update of another column is no
# change to any offender's facts).
OFFENDER_COLUMNS = ("ref", "status", "borough_id", "mappa_category", "mappa_level", "created_at")
OFFICER_COLUMNS = ("borough_id",)
MEETING_COLUMNS = ("ref", "level", "held_at", "status")

_UPSERT = (
    "INSERT INTO offender_scan_state AS s (offender_id, changes) "
    "SELECT id, 1 FROM offender WHERE id IN ({ids}) ORDER BY id "
    "ON CONFLICT (offender_id) DO UPDATE SET changes = s.changes + 1"
)


def _sqlite_upsert(ids: str) -> str:
    # SQLite names no alias on the target table; an unqualified column in DO UPDATE is the
    # stored row's.
    return (
        "INSERT INTO offender_scan_state (offender_id, changes) "
        f"SELECT id, 1 FROM offender WHERE id IN ({ids}) "
        "ON CONFLICT (offender_id) DO UPDATE SET changes = changes + 1"
    )


def _changed(columns: Sequence[str], old: str, new: str, distinct: str) -> str:
    return " OR ".join(f"{old}.{c} {distinct} {new}.{c}" for c in columns)


def _sqlite_triggers() -> list[str]:
    """(name, when, body) per trigger: row-level, NEW and OLD naming the row."""
    specs: list[tuple[str, str, str]] = []
    for table in OWN_ROWS:
        specs += [
            (f"{table}_insert", f"AFTER INSERT ON {table}", "NEW.offender_id"),
            (
                f"{table}_update",
                f"AFTER UPDATE ON {table}",
                "OLD.offender_id, NEW.offender_id",
            ),
            (f"{table}_delete", f"AFTER DELETE ON {table}", "OLD.offender_id"),
        ]
    specs += [
        ("offender_insert", "AFTER INSERT ON offender", "NEW.id"),
        (
            "offender_update",
            f"AFTER UPDATE OF {', '.join(OFFENDER_COLUMNS)} ON offender FOR EACH ROW "
            f"WHEN {_changed(OFFENDER_COLUMNS, 'OLD', 'NEW', 'IS NOT')}",
            "NEW.id",
        ),
        (
            "officer_update",
            f"AFTER UPDATE OF {', '.join(OFFICER_COLUMNS)} ON officer FOR EACH ROW "
            f"WHEN {_changed(OFFICER_COLUMNS, 'OLD', 'NEW', 'IS NOT')}",
            "SELECT offender_id FROM assignment WHERE officer_id = NEW.id",
        ),
        (
            "mappa_meeting_update",
            f"AFTER UPDATE OF {', '.join(MEETING_COLUMNS)} ON mappa_meeting FOR EACH ROW "
            f"WHEN {_changed(MEETING_COLUMNS, 'OLD', 'NEW', 'IS NOT')}",
            "SELECT offender_id FROM mappa_case WHERE meeting_id = NEW.id",
        ),
    ]
    return [
        f"CREATE TRIGGER scan_state_{name} {when} BEGIN {_sqlite_upsert(ids)}; END"
        for name, when, ids in specs
    ]


def _sqlite_trigger_names() -> list[str]:
    names = [f"{t}_{op}" for t in OWN_ROWS for op in ("insert", "update", "delete")]
    names += ["offender_insert", "offender_update", "officer_update", "mappa_meeting_update"]
    return [f"scan_state_{n}" for n in names]


def _pg_ids_by_event() -> dict[str, dict[str, str]]:
    """Per table, per event: the query of the offender ids touched, over the statement's
    transition tables `new_rows` and `old_rows`."""
    events: dict[str, dict[str, str]] = {
        table: {
            "INSERT": "SELECT offender_id FROM new_rows",
            "UPDATE": "SELECT offender_id FROM new_rows UNION SELECT offender_id FROM old_rows",
            "DELETE": "SELECT offender_id FROM old_rows",
        }
        for table in OWN_ROWS
    }
    moved = "FROM new_rows n JOIN old_rows o ON o.id = n.id"
    events["offender"] = {
        "INSERT": "SELECT id FROM new_rows",
        "UPDATE": f"SELECT n.id {moved} "
        f"WHERE {_changed(OFFENDER_COLUMNS, 'o', 'n', 'IS DISTINCT FROM')}",
    }
    events["officer"] = {
        "UPDATE": f"SELECT a.offender_id {moved} JOIN assignment a ON a.officer_id = n.id "
        f"WHERE {_changed(OFFICER_COLUMNS, 'o', 'n', 'IS DISTINCT FROM')}",
    }
    events["mappa_meeting"] = {
        "UPDATE": f"SELECT c.offender_id {moved} JOIN mappa_case c ON c.meeting_id = n.id "
        f"WHERE {_changed(MEETING_COLUMNS, 'o', 'n', 'IS DISTINCT FROM')}",
    }
    return events


_REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_statements() -> list[str]:
    statements: list[str] = []
    for table, by_event in _pg_ids_by_event().items():
        branches = " ELS".join(
            f"IF TG_OP = '{event}' THEN {_UPSERT.format(ids=ids)};"
            for event, ids in by_event.items()
        )
        statements.append(
            f"CREATE FUNCTION scan_state_mark_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {branches} END IF; RETURN NULL; END $$"
        )
        # A trigger with transition tables serves one event (PostgreSQL's rule).
        for event in by_event:
            statements.append(
                f"CREATE TRIGGER scan_state_{table}_{event.lower()} AFTER {event} ON {table} "
                f"{_REFERENCING[event]} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION scan_state_mark_{table}()"
            )
    return statements


def upgrade() -> None:
    op.create_table(
        "offender_scan_state",
        sa.Column("offender_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.Column("scanned_changes", sa.BigInteger(), nullable=True),
        sa.Column("scanned_as_of", sa.Date(), nullable=True),
        sa.Column("scanned_policy", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["offender_id"], ["offender.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("offender_id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        statements = _pg_statements()
    else:
        statements = _sqlite_triggers()
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, by_event in _pg_ids_by_event().items():
            for event in by_event:
                op.execute(f"DROP TRIGGER IF EXISTS scan_state_{table}_{event.lower()} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS scan_state_mark_{table}()")
    else:
        for name in _sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("offender_scan_state")
