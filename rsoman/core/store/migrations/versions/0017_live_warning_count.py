"""live warning count

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-28

PostgreSQL only. offender_current.open_warnings (0012) was kept by recounting each touched
offender's live warnings after every write to `warning`. The planner planned that recount with
the table's statistics, and a new database's `warning` is analysed while empty: the very first
scan of a London caseload, which inserts about 25,000 warnings in one statement, then read the
whole table once per offender (a nested loop over 540 million rows: 10 to 70 s in the server,
most of the first scan's time).

The count is now kept by adding and subtracting, without reading `warning` at all: an insert
adds its live rows per offender, a delete subtracts them (both once per statement, over the
transition table), and an update of a row's state or offender moves one between offenders or
in and out of the count (a row trigger, as before only when one of those columns changes).
Every stored count is recomputed once here, so the arithmetic starts from the truth.

SQLite keeps 0012's row-by-row recount: each row's recount is one seek of the warning's
offender index there, whatever the statistics say.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "offender_current"
LIVE = "('open', 'acknowledged')"
RECOUNT = (
    f"(SELECT count(*) FROM warning w WHERE w.offender_id = {TABLE}.offender_id "
    f"AND w.state IN {LIVE})"
)


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {TABLE}_warning_{name}() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"
    )


def _add(rows: str, sign: str) -> str:
    """Add (or subtract) the live rows of a transition table, per offender."""
    return (
        f"UPDATE {TABLE} c SET open_warnings = c.open_warnings {sign} n.live "
        f"FROM (SELECT offender_id, count(*) AS live FROM {rows} "
        f"WHERE offender_id IS NOT NULL AND state IN {LIVE} GROUP BY offender_id) n "
        "WHERE c.offender_id = n.offender_id"
    )


ARITHMETIC = {
    "rows": (
        f"IF TG_OP = 'INSERT' THEN {_add('new_rows', '+')}; ELSE {_add('old_rows', '-')}; END IF"
    ),
    "row": (
        f"IF OLD.state IN {LIVE} THEN UPDATE {TABLE} SET open_warnings = open_warnings - 1 "
        "WHERE offender_id = OLD.offender_id; END IF; "
        f"IF NEW.state IN {LIVE} THEN UPDATE {TABLE} SET open_warnings = open_warnings + 1 "
        "WHERE offender_id = NEW.offender_id; END IF"
    ),
}
RECOUNTING = {
    "rows": (
        f"IF TG_OP = 'INSERT' THEN UPDATE {TABLE} SET open_warnings = {RECOUNT} "
        "WHERE offender_id IN (SELECT offender_id FROM new_rows); "
        f"ELSE UPDATE {TABLE} SET open_warnings = {RECOUNT} "
        "WHERE offender_id IN (SELECT offender_id FROM old_rows); END IF"
    ),
    "row": (
        f"UPDATE {TABLE} SET open_warnings = {RECOUNT} "
        "WHERE offender_id IN (OLD.offender_id, NEW.offender_id)"
    ),
}


def _use(bodies: dict[str, str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, body in bodies.items():
        op.execute(_function(name, body))
    # Recounted in one pass over `warning` (not once per offender: see above).
    op.execute(f"UPDATE {TABLE} SET open_warnings = 0 WHERE open_warnings <> 0")
    op.execute(
        f"UPDATE {TABLE} c SET open_warnings = n.live FROM (SELECT offender_id, count(*) AS live "
        f"FROM warning WHERE offender_id IS NOT NULL AND state IN {LIVE} GROUP BY offender_id) n "
        "WHERE c.offender_id = n.offender_id"
    )


def upgrade() -> None:
    _use(ARITHMETIC)


def downgrade() -> None:
    _use(RECOUNTING)
