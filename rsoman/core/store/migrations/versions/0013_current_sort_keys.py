"""current sort keys

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27

The sort keys of the caseload's home address, offender manager and next visit due, stored in
`offender_current` beside the values they come from (0012), so that a London-wide sort by any of
them reads columns of one row per offender instead of joining each offender's address or officer
and building its text (0.32-0.40 s for 63,000 offenders), or turning two dates into day numbers
(models/offender_current.py says what each column holds).

Triggers keep them: a change of the stored home address, manager, last visit or schedule start
(which 0012's triggers make) recomputes the keys from it, and an edit of an address's lines or an
officer's names recomputes them for the offenders whose stored key came from that row. SQLite:
AFTER triggers that update the row again. PostgreSQL: the keys are set in a BEFORE trigger on the
row being written (no second update: 0012 writes many rows in one statement on a bulk load).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "offender_current"
MANAGER_INDEX = "ix_offender_current_manager_id"


def _address_text(address_id: str) -> str:
    """`lower(current.address_text_sql())` of the address with this id (NULL for none)."""
    text = (
        "a.line1 || coalesce(', ' || a.line2, '') || coalesce(', ' || a.town, '') "
        "|| coalesce(', ' || a.postcode, '')"
    )
    return f"(SELECT lower({text}) FROM address a WHERE a.id = {address_id})"


def _officer_name(column: str, officer_id: str) -> str:
    return f"(SELECT lower(o.{column}) FROM officer o WHERE o.id = {officer_id})"


def _day_number(dialect: str, value: str, *, moment: bool) -> str:
    """`current.day_number`: a whole-day number, origin by database."""
    if dialect == "postgresql":
        day = f"(timezone('Europe/London', {value}))::date" if moment else value
        return f"({day} - DATE '2000-01-01')"
    return f"CAST(julianday(date({value})) AS INTEGER)"


def _values(dialect: str, row: str) -> dict[str, str]:
    """Each key as SQL, from the values stored in `row` (the table, or NEW in a trigger)."""
    return {
        "home_sort": _address_text(f"{row}.home_address_id"),
        "manager_surname": _officer_name("surname", f"{row}.manager_id"),
        "manager_forenames": _officer_name("forenames", f"{row}.manager_id"),
        "last_home_visit_day": _day_number(dialect, f"{row}.last_home_visit_at", moment=True),
        "schedule_start_day": _day_number(dialect, f"{row}.schedule_start_on", moment=False),
    }


KEYS = {
    "home_sort": sa.Text(),
    "manager_surname": sa.Text(),
    "manager_forenames": sa.Text(),
    "last_home_visit_day": sa.Integer(),
    "schedule_start_day": sa.Integer(),
}
# Per group of keys: the stored values of the row they follow.
FOLLOW: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "home": (("home_address_id",), ("home_sort",)),
    "manager": (("manager_id",), ("manager_surname", "manager_forenames")),
    "days": (
        ("last_home_visit_at", "schedule_start_on"),
        ("last_home_visit_day", "schedule_start_day"),
    ),
}
# Per source table: the keys read from it, and its columns they read.
SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "address": (("home_sort",), ("line1", "line2", "town", "postcode")),
    "officer": (("manager_surname", "manager_forenames"), ("surname", "forenames")),
}


def _sets(dialect: str, row: str, keys: Sequence[str], separator: str = ", ") -> str:
    values = _values(dialect, row)
    prefix = "NEW." if row == "NEW" else ""
    assign = ":=" if row == "NEW" else "="
    return separator.join(f"{prefix}{key} {assign} {values[key]}" for key in keys)


def _recompute_for_source(dialect: str, source: str) -> str:
    """The keys of the offenders whose stored id names the source row being updated."""
    keys, _ = SOURCES[source]
    if source == "address":
        # An address belongs to one offender: look only at theirs (the primary key).
        where = "offender_id IN (OLD.offender_id, NEW.offender_id) AND home_address_id = NEW.id"
    else:
        where = "manager_id = NEW.id"  # indexed: an officer manages many
    return f"UPDATE {TABLE} SET {_sets(dialect, TABLE, keys)} WHERE {where}"


def _changed(columns: Sequence[str], distinct: str) -> str:
    return " OR ".join(f"OLD.{c} {distinct} NEW.{c}" for c in columns)


def _sqlite_triggers() -> list[str]:
    statements = []
    for group, (follows, keys) in FOLLOW.items():
        statements.append(
            f"CREATE TRIGGER {TABLE}_{group}_key AFTER UPDATE OF {', '.join(follows)} ON {TABLE} "
            f"FOR EACH ROW WHEN {_changed(follows, 'IS NOT')} "
            f"BEGIN UPDATE {TABLE} SET {_sets('sqlite', TABLE, keys)} "
            "WHERE offender_id = NEW.offender_id; END"
        )
    # A row inserted with its values set (0012 inserts them empty, then updates them).
    statements.append(
        f"CREATE TRIGGER {TABLE}_insert_key AFTER INSERT ON {TABLE} "
        f"BEGIN UPDATE {TABLE} SET {_sets('sqlite', TABLE, list(KEYS))} "
        "WHERE offender_id = NEW.offender_id; END"
    )
    for source, (_, reads) in SOURCES.items():
        statements.append(
            f"CREATE TRIGGER {TABLE}_{source}_key AFTER UPDATE OF {', '.join(reads)} ON {source} "
            f"FOR EACH ROW WHEN {_changed(reads, 'IS NOT')} "
            f"BEGIN {_recompute_for_source('sqlite', source)}; END"
        )
    return statements


def _pg_statements() -> list[str]:
    statements = []
    for group, (follows, keys) in FOLLOW.items():
        statements += [
            f"CREATE FUNCTION {TABLE}_{group}_key() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_sets('postgresql', 'NEW', keys, '; ')}; RETURN NEW; END $$",
            # BEFORE INSERT too: a row inserted with its values set (0012 inserts them empty).
            f"CREATE TRIGGER {TABLE}_{group}_key BEFORE INSERT OR UPDATE OF "
            f"{', '.join(follows)} ON {TABLE} FOR EACH ROW "
            f"EXECUTE FUNCTION {TABLE}_{group}_key()",
        ]
    for source, (_, reads) in SOURCES.items():
        statements += [
            f"CREATE FUNCTION {TABLE}_{source}_key() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_recompute_for_source('postgresql', source)}; RETURN NULL; END $$",
            f"CREATE TRIGGER {TABLE}_{source}_key AFTER UPDATE OF {', '.join(reads)} ON {source} "
            f"FOR EACH ROW WHEN ({_changed(reads, 'IS DISTINCT FROM')}) "
            f"EXECUTE FUNCTION {TABLE}_{source}_key()",
        ]
    return statements


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild), so 0012's triggers stay.
    for key, kind in KEYS.items():
        op.add_column(TABLE, sa.Column(key, kind, nullable=True))
    op.create_index(MANAGER_INDEX, TABLE, ["manager_id"], unique=False)
    dialect = op.get_bind().dialect.name
    op.execute(f"UPDATE {TABLE} SET {_sets(dialect, TABLE, list(KEYS))}")
    for statement in _pg_statements() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, table in [(g, TABLE) for g in FOLLOW] + [(s, s) for s in SOURCES]:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}_key ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{name}_key()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}_key")
    if not postgresql:
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_insert_key")
    op.drop_index(MANAGER_INDEX, table_name=TABLE)
    # Plain DROP COLUMN (SQLite 3.35 and later) rather than a batch rebuild of the table.
    for key in KEYS:
        op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {key}")
