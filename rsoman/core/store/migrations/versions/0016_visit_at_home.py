"""visit at home

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28

Only a successful home visit *at the offender's home* satisfies the home-visit schedule
(DOMAIN.md). The visits service has always refused a successful home visit at another
address, but an import could store one, and every reader (the scan, the caseload, the record,
the performance figures) counted it. `visit.at_home` now says whether the address a visit
names was the offender's home (or no-fixed-abode) address on the visit's London day; a visit
naming no address is taken to be at the home in force (true), as are planned visits.

- The column is filled here from the addresses, exactly: rows that might differ are picked in
  SQL by their UTC date and decided in Python by their London day.
- 0007's index for the scan's last successful home visit gains the column before the moment, so
  that the last visit at the home is still one index seek per offender.
- offender_current's last successful home visit (0012) reads the column: its three triggers on
  `visit` are made again (SQLite) or its two functions replaced and its update trigger made
  again with the column (PostgreSQL), and the stored value is recomputed where it changes.

The services that write visits and addresses keep the column (services/visit_address.py).
Migration 0011's triggers already mark an offender for the incremental scan on any write to
`visit`.
"""

from collections.abc import Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LONDON = ZoneInfo("Europe/London")
HOME_KINDS = ("home", "no_fixed_abode")
OLD_INDEX = ("ix_visit_offender_kind_outcome_occurred", ["offender_id", "kind", "outcome"])
NEW_INDEX = ("ix_visit_offender_counted_occurred", ["offender_id", "kind", "outcome", "at_home"])
TABLE = "offender_current"
BEFORE = ("offender_id", "kind", "outcome", "occurred_at")
AFTER = (*BEFORE, "at_home")


def _last_visit(at_home: bool) -> str:
    """0012's last successful home visit, correlated on the offender_current row."""
    where = " AND v.at_home = TRUE" if at_home else ""
    return (
        f"(SELECT max(v.occurred_at) FROM visit v WHERE v.offender_id = {TABLE}.offender_id "
        f"AND v.kind = 'home_visit' AND v.outcome = 'successful'{where})"
    )


def _recompute(at_home: bool, ids: str) -> str:
    return f"UPDATE {TABLE} SET last_home_visit_at = {_last_visit(at_home)} WHERE offender_id IN ({ids})"


def _changed(columns: Sequence[str], distinct: str) -> str:
    return " OR ".join(f"OLD.{c} {distinct} NEW.{c}" for c in columns)


def _sqlite_triggers(at_home: bool) -> list[str]:
    reads = AFTER if at_home else BEFORE
    name = f"{TABLE}_visit"
    return [
        f"DROP TRIGGER IF EXISTS {name}_insert",
        f"DROP TRIGGER IF EXISTS {name}_update",
        f"DROP TRIGGER IF EXISTS {name}_delete",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON visit "
        f"BEGIN {_recompute(at_home, 'NEW.offender_id')}; END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(reads)} ON visit FOR EACH ROW "
        f"WHEN {_changed(reads, 'IS NOT')} "
        f"BEGIN {_recompute(at_home, 'OLD.offender_id, NEW.offender_id')}; END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON visit "
        f"BEGIN {_recompute(at_home, 'OLD.offender_id')}; END",
    ]


def _pg_statements(at_home: bool) -> list[str]:
    reads = AFTER if at_home else BEFORE
    name = f"{TABLE}_visit"

    def function(suffix: str, body: str) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}_{suffix}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body}; RETURN NULL; END $$"
        )

    return [
        function(
            "rows",
            "IF TG_OP = 'INSERT' THEN "
            + _recompute(at_home, "SELECT offender_id FROM new_rows")
            + "; ELSE "
            + _recompute(at_home, "SELECT offender_id FROM old_rows")
            + "; END IF",
        ),
        function("row", _recompute(at_home, "OLD.offender_id, NEW.offender_id")),
        f"DROP TRIGGER IF EXISTS {name}_update ON visit",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(reads)} ON visit FOR EACH ROW "
        f"WHEN ({_changed(reads, 'IS DISTINCT FROM')}) EXECUTE FUNCTION {name}_row()",
    ]


def _away_from_home() -> list[int]:
    """The ids of the recorded visits whose named address was not the offender's home on the
    visit's London day."""
    v = sa.table(
        "visit",
        sa.column("id", sa.Integer()),
        sa.column("offender_id", sa.Integer()),
        sa.column("occurred_at", sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column("address_id", sa.Integer()),
    )
    a = sa.table(
        "address",
        sa.column("id", sa.Integer()),
        sa.column("offender_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("valid_from", sa.Date()),
        sa.column("valid_to", sa.Date()),
    )
    bind = op.get_bind()
    # The UTC date is the London day or the day before it: a superset of the rows to decide.
    if bind.dialect.name == "postgresql":
        utc_day = sa.cast(sa.func.timezone("UTC", v.c.occurred_at), sa.Date)
    else:
        utc_day = sa.func.date(v.c.occurred_at)
    rows = bind.execute(
        sa.select(
            v.c.id,
            v.c.offender_id,
            v.c.occurred_at,
            a.c.offender_id,
            a.c.kind,
            a.c.valid_from,
            a.c.valid_to,
        )
        .select_from(v.join(a, a.c.id == v.c.address_id))
        .where(
            v.c.occurred_at.is_not(None),
            sa.or_(
                a.c.kind.not_in(HOME_KINDS),
                a.c.offender_id != v.c.offender_id,
                a.c.valid_from > utc_day,
                a.c.valid_to <= utc_day,
            ),
        )
    )
    away = []
    for visit_id, offender_id, occurred_at, owner, kind, valid_from, valid_to in rows:
        day = occurred_at.astimezone(LONDON).date()
        # Another offender's address (which the services refuse) is not this one's home.
        at_home = (
            owner == offender_id
            and kind in HOME_KINDS
            and valid_from <= day
            and (valid_to is None or day <= valid_to)
        )
        if not at_home:
            away.append(visit_id)
    return away


def upgrade() -> None:
    op.add_column(
        "visit",
        sa.Column("at_home", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    away = _away_from_home()
    for start in range(0, len(away), 500):
        op.execute(
            sa.text("UPDATE visit SET at_home = FALSE WHERE id IN :ids").bindparams(
                sa.bindparam("ids", away[start : start + 500], expanding=True)
            )
        )
    op.drop_index(OLD_INDEX[0], table_name="visit")
    op.create_index(NEW_INDEX[0], "visit", [*NEW_INDEX[1], "occurred_at"], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in _pg_statements(True) if dialect == "postgresql" else _sqlite_triggers(True):
        op.execute(statement)
    if away:
        op.execute(f"{_recompute(True, 'SELECT offender_id FROM visit WHERE at_home = FALSE')}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _pg_statements(False) if dialect == "postgresql" else _sqlite_triggers(False):
        op.execute(statement)
    op.drop_index(NEW_INDEX[0], table_name="visit")
    op.create_index(OLD_INDEX[0], "visit", [*OLD_INDEX[1], "occurred_at"], unique=False)
    op.execute(_recompute(False, "SELECT DISTINCT offender_id FROM visit WHERE at_home = FALSE"))
    # Plain DROP COLUMN (SQLite 3.35 and later) rather than a batch rebuild of the table,
    # which would drop the triggers of migrations 0011 and 0012.
    op.execute("ALTER TABLE visit DROP COLUMN at_home")
