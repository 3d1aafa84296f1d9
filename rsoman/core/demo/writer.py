"""Fast bulk writing: ids allocated in Python, rows kept as plain dicts and inserted in large
batches per table, parents before children so foreign keys hold at every flush.

SQLAlchemy's per-row parameter handling costs several times the insert itself, and 70,000
offenders mean about five million rows, so each database gets its driver's fast path inside the
session's transaction: SQLite the driver's executemany, with dates and datetimes turned into
exactly the text SQLAlchemy stores for them; PostgreSQL (psycopg 3) COPY FROM STDIN, whose
driver adapts dates, aware datetimes and bytes itself. Any other database gets SQLAlchemy's
Core insert of many rows ("insert many values").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, insert, select, text
from sqlmodel import Session, SQLModel

from ..store.bulk_copy import copy_rows
from ..store.models import (
    Address,
    Assignment,
    Breach,
    Intelligence,
    MappaAction,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Notification,
    Offender,
    OffenderAlias,
    OffenderPhoto,
    Officer,
    Order,
    Prohibition,
    Registration,
    RiskAssessment,
    RiskManagementPlan,
    UserAccount,
    Vehicle,
    Visit,
    VisitOfficer,
    VisitPlanDecision,
)

# Insert order: every table after the tables it refers to.
TABLES: tuple[type[SQLModel], ...] = (
    Officer,
    UserAccount,
    Offender,
    OffenderPhoto,
    OffenderAlias,
    Registration,
    Address,
    Vehicle,
    Assignment,
    RiskAssessment,
    VisitPlanDecision,
    Visit,
    VisitOfficer,
    Notification,
    Order,
    Prohibition,
    Breach,
    Intelligence,
    MappaMeeting,
    MappaAttendee,
    MappaCase,
    RiskManagementPlan,
    MappaAction,
)
# Tables with a generated integer id (the others have natural or composite keys).
ID_TABLES: tuple[type[SQLModel], ...] = tuple(
    t for t in TABLES if t not in (OffenderPhoto, VisitOfficer)
)


def table_name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


class IdAllocator:
    """Next id per table, starting after whatever the database already holds."""

    def __init__(self, session: Session) -> None:
        self.next: dict[str, int] = {}
        for model in ID_TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            top = session.execute(select(func.max(table.c.id))).scalar()
            self.next[table_name(model)] = (top or 0) + 1

    def new(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _sqlite_datetime(value: datetime) -> str:
    # SQLAlchemy's SQLite DATETIME storage format, of the UTC instant (UTCDateTime's rule).
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date(value: date) -> str:
    return value.isoformat()


class _SqliteInsert:
    """One table's INSERT for the SQLite driver, with the conversions its columns need."""

    def __init__(self, table: Table) -> None:
        keys = [c.key for c in table.columns]
        self.sql = (
            f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})"
        )
        self.values = itemgetter(*keys)
        self.convert: list[tuple[int, Callable[[Any], str]]] = []
        for i, column in enumerate(table.columns):
            # Look through type decorators (SQLModel's UTCDateTime) to the stored type.
            stored = getattr(column.type, "impl_instance", column.type)
            if isinstance(stored, DateTime):
                self.convert.append((i, _sqlite_datetime))
            elif isinstance(stored, Date):
                self.convert.append((i, _sqlite_date))

    def params(self, rows: list[dict[str, Any]]) -> list[Any]:
        values = self.values
        if not self.convert:
            return [values(row) for row in rows]
        out = []
        for row in rows:
            params = list(values(row))
            for i, fn in self.convert:
                if params[i] is not None:
                    params[i] = fn(params[i])
            out.append(tuple(params))
        return out


class BatchWriter:
    """Rows collected per table; `flush` inserts them in dependency order and forgets them.
    Every row of a table must carry every column (None where empty)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[str, list[dict[str, Any]]] = {table_name(t): [] for t in TABLES}
        self.written = 0
        dialect = session.get_bind().dialect
        self.sqlite = dialect.name == "sqlite"
        self.copy = dialect.name == "postgresql" and dialect.driver == "psycopg"
        self._sqlite_inserts: dict[str, _SqliteInsert] = {}

    def flush(self) -> None:
        for model in TABLES:
            name = table_name(model)
            rows = self.rows[name]
            if not rows:
                continue
            table: Table = model.__table__  # type: ignore[attr-defined]
            if self.sqlite:
                statement = self._sqlite_inserts.get(name)
                if statement is None:
                    statement = self._sqlite_inserts[name] = _SqliteInsert(table)
                self.session.connection().exec_driver_sql(statement.sql, statement.params(rows))
            elif self.copy:
                copy_rows(
                    self.session.connection(), table.name, [c.key for c in table.columns], rows
                )
            else:
                self.session.execute(insert(table), rows)
            self.written += len(rows)
            rows.clear()


def advance_sequences(session: Session) -> None:
    """PostgreSQL: rows inserted with explicit ids leave each id sequence behind; move every
    sequence to its table's highest id so later ordinary inserts do not collide."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in ID_TABLES:
        name = table_name(model)
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) "
                f"FROM {name} HAVING max(id) IS NOT NULL"
            )
        )
