"""offender current

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27

What is current about each offender (risk, last successful home visit, manager, live warnings,
home address, visit plan, schedule start, and the text the quick search looks in), one row per
offender, so that London-wide caseloads sort and filter without deriving them from history for
63,000 offenders at every request (models/offender_current.py says what each column holds).

Triggers keep the rows equal to the derivations in services/current.py whatever client writes:
each write to a table a value is derived from recomputes that value, from history, for the
offenders the write touched (the old and the new offender when a row moves between them; every
offender assigned to an officer whose borough changes, for the arrival in the borough). The
recomputation is the same SQL as the fill below, correlated on the row being updated.

SQLite: one trigger per table and operation, row by row (an update only when a column the
values read changes). PostgreSQL: inserts and deletes run one function per statement over its
transition table (a bulk load costs one extra statement, not thousands); updates are row
triggers with a WHEN condition, so that the scan's frequent updates of columns nothing here
reads call no function at all.

A later migration that makes SQLite rebuild one of these tables (batch "move and copy": a
column dropped or altered) drops its triggers with it and must create them again; one that
changes a derivation in services/current.py must change the SQL here too
(tests/test_offender_current.py compares the stored values with the derived ones).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "offender_current"
# The offender of the row being recomputed.
ME = f"{TABLE}.offender_id"
HOME_KINDS = "('home', 'no_fixed_abode')"
LIVE_WARNING_STATES = "('open', 'acknowledged')"


def _later(a: str, b: str) -> str:
    """The later of two dates, either of which may be NULL (both databases)."""
    return f"CASE WHEN ({b}) IS NULL OR ({a}) >= ({b}) THEN ({a}) ELSE ({b}) END"


def _arrival() -> str:
    """`current.arrival_sql`: the start of the latest run of assignments to officers of the
    offender's borough that follows an assignment to an officer elsewhere."""

    def elsewhere(order: str) -> str:
        return (
            "SELECT 1 FROM assignment f JOIN officer away ON away.id = f.officer_id "
            f"WHERE f.offender_id = {ME} AND away.borough_id != o.borough_id "
            f"AND (f.start_date {order} a.start_date "
            f"OR (f.start_date = a.start_date AND f.id {order} a.id))"
        )

    return (
        "SELECT min(a.start_date) FROM assignment a "
        "JOIN officer home ON home.id = a.officer_id "
        "JOIN offender o ON o.id = a.offender_id "
        f"WHERE a.offender_id = {ME} AND home.borough_id = o.borough_id "
        f"AND NOT EXISTS ({elsewhere('>')}) AND EXISTS ({elsewhere('<')})"
    )


def _columns(dialect: str) -> dict[str, str]:
    """Each stored value as SQL, correlated on the row being recomputed (`ME`)."""
    if dialect == "postgresql":
        created_on = "(timezone('Europe/London', o.created_at))::date"
        newline = "chr(10)"
        aliases = f"string_agg(lower(a.surname) || {newline} || lower(a.forenames), {newline})"
    else:
        # SQLite has no time zones: the UTC date, as current.day_number takes it.
        created_on = "date(o.created_at)"
        newline = "char(10)"
        aliases = f"group_concat(lower(a.surname) || {newline} || lower(a.forenames), {newline})"

    def latest_registration(value: str) -> str:
        return (
            f"SELECT {value} FROM registration g WHERE g.offender_id = {ME} "
            "ORDER BY g.conviction_date DESC, g.id DESC LIMIT 1"
        )

    def home(column: str) -> str:
        return (
            f"SELECT {column} FROM address a WHERE a.offender_id = {ME} AND a.kind IN {HOME_KINDS}"
        )

    def plans(column: str) -> str:
        return f"SELECT {column} FROM visit_plan_decision p WHERE p.offender_id = {ME}"

    first_start = (
        "coalesce(("
        + latest_registration(
            "coalesce(g.first_notification_date, g.release_date, g.conviction_date)"
        )
        + f"), (SELECT {created_on} FROM offender o WHERE o.id = {ME}))"
    )
    second_start = latest_registration(
        "CASE WHEN g.first_notification_date IS NOT NULL THEN g.release_date END"
    )
    fields = (
        f"lower(o.surname) || {newline} || lower(o.forenames) || {newline} || lower(o.ref) "
        f"|| {newline} || lower(coalesce(o.pnc_ref, '')) || {newline} "
        f"|| lower(coalesce(o.visor_ref, ''))"
    )
    return {
        "risk_level": (
            f"(SELECT r.level FROM risk_assessment r WHERE r.offender_id = {ME} "
            "ORDER BY r.assessed_on DESC, r.id DESC LIMIT 1)"
        ),
        "last_home_visit_at": (
            f"(SELECT max(v.occurred_at) FROM visit v WHERE v.offender_id = {ME} "
            "AND v.kind = 'home_visit' AND v.outcome = 'successful')"
        ),
        "manager_id": (
            f"(SELECT a.officer_id FROM assignment a WHERE a.offender_id = {ME} "
            "AND a.end_date IS NULL ORDER BY a.start_date DESC, a.id DESC LIMIT 1)"
        ),
        "open_warnings": (
            f"(SELECT count(*) FROM warning w WHERE w.offender_id = {ME} "
            f"AND w.state IN {LIVE_WARNING_STATES})"
        ),
        # From the day of the last start or end on, the home in force is the latest of those
        # with no end.
        "home_address_id": (
            f"({home('a.id')} AND a.valid_to IS NULL ORDER BY a.valid_from DESC, a.id DESC LIMIT 1)"
        ),
        "home_settled_on": _later(f"({home('max(a.valid_from)')})", f"({home('max(a.valid_to)')})"),
        "plan_code": (
            "("
            + plans(
                "CASE p.kind WHEN 'reactive_management' THEN -1 "
                "WHEN 'individual_frequency' THEN p.interval_days END"
            )
            + " AND p.ended_on IS NULL ORDER BY p.effective_from DESC, p.id DESC LIMIT 1)"
        ),
        "plan_settled_on": _later(
            f"({plans('max(p.effective_from)')})", f"({plans('max(p.ended_on)')})"
        ),
        # The latest candidate (current.schedule_start_day_sql): once it has come, the start.
        "schedule_start_on": (
            f"(SELECT max(s.day) FROM (SELECT {first_start} AS day "
            f"UNION ALL SELECT ({second_start}) UNION ALL SELECT ({_arrival()})) s)"
        ),
        "search_text": (
            f"(SELECT {fields} FROM offender o WHERE o.id = {ME}) || coalesce(("
            f"SELECT {newline} || {aliases} FROM offender_alias a WHERE a.offender_id = {ME}), '')"
        ),
    }


# Per source table: the stored values derived from it, and the columns they read (an update of
# any other column changes none of them).
SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "risk_assessment": (("risk_level",), ("offender_id", "level", "assessed_on")),
    "visit": (("last_home_visit_at",), ("offender_id", "kind", "outcome", "occurred_at")),
    "assignment": (
        ("manager_id", "schedule_start_on"),
        ("offender_id", "officer_id", "start_date", "end_date"),
    ),
    "warning": (("open_warnings",), ("offender_id", "state")),
    "address": (
        ("home_address_id", "home_settled_on"),
        ("offender_id", "kind", "valid_from", "valid_to"),
    ),
    "visit_plan_decision": (
        ("plan_code", "plan_settled_on"),
        ("offender_id", "kind", "interval_days", "effective_from", "ended_on"),
    ),
    "registration": (
        ("schedule_start_on",),
        ("offender_id", "conviction_date", "first_notification_date", "release_date"),
    ),
    "offender_alias": (("search_text",), ("offender_id", "surname", "forenames")),
}
OFFENDER_VALUES = ("schedule_start_on", "search_text")
OFFENDER_COLUMNS = (
    "borough_id",
    "created_at",
    "surname",
    "forenames",
    "ref",
    "pnc_ref",
    "visor_ref",
)


def _recompute(dialect: str, values: Sequence[str], ids: str) -> str:
    columns = _columns(dialect)
    sets = ", ".join(f"{name} = {columns[name]}" for name in values)
    return f"UPDATE {TABLE} SET {sets} WHERE offender_id IN ({ids})"


def _new_rows(dialect: str, rows: str, ids: str) -> list[str]:
    """Rows for new offenders, every value recomputed: none can have history yet, but an
    import may reuse the id of a deleted one."""
    return [
        f"INSERT INTO {TABLE} (offender_id, open_warnings, search_text) {rows} "
        "ON CONFLICT (offender_id) DO NOTHING",
        _recompute(dialect, list(_columns(dialect)), ids),
    ]


def _changed(columns: Sequence[str], old: str, new: str, distinct: str) -> str:
    return " OR ".join(f"{old}.{c} {distinct} {new}.{c}" for c in columns)


def _sqlite_triggers() -> list[str]:
    triggers: list[tuple[str, str, list[str]]] = []
    for table, (values, reads) in SOURCES.items():
        triggers += [
            (
                f"{table}_insert",
                f"AFTER INSERT ON {table}",
                [_recompute("sqlite", values, "NEW.offender_id")],
            ),
            (
                f"{table}_update",
                f"AFTER UPDATE OF {', '.join(reads)} ON {table} FOR EACH ROW "
                f"WHEN {_changed(reads, 'OLD', 'NEW', 'IS NOT')}",
                [_recompute("sqlite", values, "OLD.offender_id, NEW.offender_id")],
            ),
            (
                f"{table}_delete",
                f"AFTER DELETE ON {table}",
                [_recompute("sqlite", values, "OLD.offender_id")],
            ),
        ]
    triggers += [
        (
            "offender_insert",
            "AFTER INSERT ON offender",
            _new_rows("sqlite", "VALUES (NEW.id, 0, '')", "NEW.id"),
        ),
        (
            "offender_update",
            f"AFTER UPDATE OF {', '.join(OFFENDER_COLUMNS)} ON offender FOR EACH ROW "
            f"WHEN {_changed(OFFENDER_COLUMNS, 'OLD', 'NEW', 'IS NOT')}",
            [_recompute("sqlite", OFFENDER_VALUES, "NEW.id")],
        ),
        (
            "officer_update",
            "AFTER UPDATE OF borough_id ON officer FOR EACH ROW "
            "WHEN OLD.borough_id IS NOT NEW.borough_id",
            [
                _recompute(
                    "sqlite",
                    ("schedule_start_on",),
                    "SELECT offender_id FROM assignment WHERE officer_id = NEW.id",
                )
            ],
        ),
    ]
    return [
        f"CREATE TRIGGER {TABLE}_{name} {when} BEGIN {'; '.join(body)}; END"
        for name, when, body in triggers
    ]


def _sqlite_trigger_names() -> list[str]:
    names = [f"{t}_{event}" for t in SOURCES for event in ("insert", "update", "delete")]
    names += ["offender_insert", "offender_update", "officer_update"]
    return [f"{TABLE}_{name}" for name in names]


def _pg_function(name: str, body: Sequence[str]) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {'; '.join(body)}; RETURN NULL; END $$"
    )


def _pg_statements() -> list[str]:
    statements: list[str] = []
    for table, (values, reads) in SOURCES.items():
        rows = f"{TABLE}_{table}_rows"
        statements += [
            # Inserts and deletes: once per statement, over the rows it wrote.
            _pg_function(
                rows,
                [
                    "IF TG_OP = 'INSERT' THEN "
                    + _recompute("postgresql", values, "SELECT offender_id FROM new_rows")
                    + "; ELSE "
                    + _recompute("postgresql", values, "SELECT offender_id FROM old_rows")
                    + "; END IF"
                ],
            ),
            f"CREATE TRIGGER {TABLE}_{table}_insert AFTER INSERT ON {table} "
            f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {rows}()",
            f"CREATE TRIGGER {TABLE}_{table}_delete AFTER DELETE ON {table} "
            f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {rows}()",
            # Updates: row by row, and only when a column the values read changed.
            _pg_function(
                f"{TABLE}_{table}_row",
                [_recompute("postgresql", values, "OLD.offender_id, NEW.offender_id")],
            ),
            f"CREATE TRIGGER {TABLE}_{table}_update AFTER UPDATE OF {', '.join(reads)} "
            f"ON {table} FOR EACH ROW "
            f"WHEN ({_changed(reads, 'OLD', 'NEW', 'IS DISTINCT FROM')}) "
            f"EXECUTE FUNCTION {TABLE}_{table}_row()",
        ]
    statements += [
        _pg_function(
            f"{TABLE}_offender_rows",
            _new_rows("postgresql", "SELECT id, 0, '' FROM new_rows", "SELECT id FROM new_rows"),
        ),
        f"CREATE TRIGGER {TABLE}_offender_insert AFTER INSERT ON offender "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {TABLE}_offender_rows()",
        _pg_function(
            f"{TABLE}_offender_row", [_recompute("postgresql", OFFENDER_VALUES, "NEW.id")]
        ),
        f"CREATE TRIGGER {TABLE}_offender_update AFTER UPDATE OF "
        f"{', '.join(OFFENDER_COLUMNS)} ON offender FOR EACH ROW "
        f"WHEN ({_changed(OFFENDER_COLUMNS, 'OLD', 'NEW', 'IS DISTINCT FROM')}) "
        f"EXECUTE FUNCTION {TABLE}_offender_row()",
        _pg_function(
            f"{TABLE}_officer_row",
            [
                _recompute(
                    "postgresql",
                    ("schedule_start_on",),
                    "SELECT offender_id FROM assignment WHERE officer_id = NEW.id",
                )
            ],
        ),
        f"CREATE TRIGGER {TABLE}_officer_update AFTER UPDATE OF borough_id ON officer "
        "FOR EACH ROW WHEN (OLD.borough_id IS DISTINCT FROM NEW.borough_id) "
        f"EXECUTE FUNCTION {TABLE}_officer_row()",
    ]
    return statements


def _pg_names() -> tuple[list[tuple[str, str]], list[str]]:
    """(trigger, table) pairs and functions, for the downgrade."""
    triggers = [
        (f"{TABLE}_{table}_{event}", table)
        for table in SOURCES
        for event in ("insert", "delete", "update")
    ]
    triggers += [
        (f"{TABLE}_offender_insert", "offender"),
        (f"{TABLE}_offender_update", "offender"),
        (f"{TABLE}_officer_update", "officer"),
    ]
    functions = [f"{TABLE}_{table}_{kind}" for table in SOURCES for kind in ("rows", "row")]
    functions += [f"{TABLE}_offender_rows", f"{TABLE}_offender_row", f"{TABLE}_officer_row"]
    return triggers, functions


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("offender_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column(
            "risk_level",
            sa.Enum(
                "low", "medium", "high", "very_high", name="risklevel", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("last_home_visit_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("open_warnings", sa.Integer(), nullable=False),
        sa.Column("home_address_id", sa.Integer(), nullable=True),
        sa.Column("home_settled_on", sa.Date(), nullable=True),
        sa.Column("plan_code", sa.Integer(), nullable=True),
        sa.Column("plan_settled_on", sa.Date(), nullable=True),
        sa.Column("schedule_start_on", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["offender_id"], ["offender.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("offender_id"),
    )
    dialect = op.get_bind().dialect.name
    # Every offender's row, filled before the triggers exist.
    op.execute(
        f"INSERT INTO {TABLE} (offender_id, open_warnings, search_text) "
        "SELECT id, 0, '' FROM offender"
    )
    sets = ", ".join(f"{name} = {value}" for name, value in _columns(dialect).items())
    op.execute(f"UPDATE {TABLE} SET {sets}")
    for statement in _pg_statements() if dialect == "postgresql" else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        triggers, functions = _pg_names()
        for trigger, table in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in functions:
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for name in _sqlite_trigger_names():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table(TABLE)
