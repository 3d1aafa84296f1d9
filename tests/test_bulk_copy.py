"""The SQLite bulk insert and update store exactly what SQLAlchemy's own statements store: each
value bound by its column type's processor (aware moments in UTC, dates, enum values), once
per distinct value."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from rsoman.core.store.bulk_copy import each_converted_once, insert_many, update_many
from rsoman.core.store.models import Warning
from rsoman.core.store.models.warning import WarningState

SUMMER = timezone(timedelta(hours=1))


def _rows(suffix: str) -> list[dict[str, Any]]:
    moments = [
        datetime(2026, 7, 1, 0, 30, tzinfo=SUMMER),  # the day before, in UTC
        datetime(2026, 11, 27, 9, 5, 1, 250, tzinfo=UTC),
    ]
    return [
        {
            "natural_key": f"kind:officer:W{i}:{suffix}",
            "kind": "kind",
            "severity": "warning",
            "subject_type": "officer",
            "subject_ref": f"W{i}",
            "due_on": [date(2026, 2, 28), None, date(2024, 2, 29)][i % 3],
            "days_overdue": i,
            "explanation": "Text with 'quotes', a\nnew line and ünicode (fictional).",
            "policy_version": 1,
            "state": [WarningState.open, WarningState.acknowledged, "resolved"][i % 3],
            "first_raised_at": moments[i % 2],
            "last_seen_at": moments[(i + 1) % 2],
            "resolved_at": None,
        }
        for i in range(7)
    ]


def test_insert_many_stores_what_sqlalchemy_stores(sqlite_engine: Engine) -> None:
    table = Warning.__table__
    with sqlite_engine.begin() as conn:
        ours = _rows("ours")
        insert_many(conn, table, list(ours[0]), ours)
        insert_many(conn, table, list(ours[0]), [])  # nothing to insert: nothing done
        conn.execute(sa.insert(table), _rows("theirs"))
        stored = conn.exec_driver_sql(
            "SELECT * FROM warning ORDER BY natural_key LIKE '%:theirs', id"
        ).all()
    assert len(stored) == 14
    ours_stored, theirs_stored = stored[:7], stored[7:]
    for a, b in zip(ours_stored, theirs_stored, strict=True):
        # Everything but the id and the natural key, exactly as stored (text in SQLite).
        assert a[2:] == b[2:]
        assert a[1].endswith(":ours") and b[1].endswith(":theirs")
    assert ours_stored[0][16] == "2026-06-30 23:30:00.000000"


def test_update_many_stores_what_sqlalchemy_stores(sqlite_engine: Engine) -> None:
    table = Warning.__table__
    columns = ["days_overdue", "due_on", "last_seen_at", "resolved_at", "state"]
    with sqlite_engine.begin() as conn:
        for suffix in ("ours", "theirs"):
            insert_many(conn, table, list(_rows(suffix)[0]), _rows(suffix))
        ids = {
            key: warning_id
            for key, warning_id in conn.exec_driver_sql("SELECT natural_key, id FROM warning")
        }
        changes = [
            {
                "days_overdue": row["days_overdue"] + 10,
                "due_on": [None, date(2027, 1, 31), row["due_on"]][i % 3],
                "last_seen_at": datetime(2026, 11, 28, 7, tzinfo=SUMMER),
                "resolved_at": [None, datetime(2026, 11, 28, 6, tzinfo=UTC)][i % 2],
                "state": [WarningState.resolved, "open"][i % 2],
            }
            for i, row in enumerate(_rows(""))
        ]

        def batch(suffix: str) -> list[dict[str, Any]]:
            return [
                {"id": ids[row["natural_key"] + suffix], **change}
                for row, change in zip(_rows(""), changes, strict=True)
            ]

        update_many(conn, table, "id", columns, batch("ours"))
        update_many(conn, table, "id", columns, [])  # nothing to update: nothing done
        conn.execute(
            table.update()
            .where(table.c.id == sa.bindparam("warning_id"))
            .values({name: sa.bindparam(name) for name in columns}),
            [{"warning_id": u.pop("id"), **u} for u in batch("theirs")],
        )
        stored = conn.exec_driver_sql(
            "SELECT * FROM warning ORDER BY natural_key LIKE '%:theirs', id"
        ).all()
    ours_stored, theirs_stored = stored[:7], stored[7:]
    for a, b in zip(ours_stored, theirs_stored, strict=True):
        assert a[2:] == b[2:]
    assert ours_stored[0][17] == "2026-11-28 06:00:00.000000"  # last_seen_at, in UTC
    assert {row[15] for row in ours_stored} == {"resolved", "open"}


def test_each_value_is_converted_once() -> None:
    calls: list[Any] = []

    def convert(value: Any) -> Any:
        calls.append(value)
        return None if value is None else value * 2

    assert each_converted_once(convert, [1, 2, 1, None, 2, None]) == [2, 4, 2, None, 4, None]
    assert calls == [1, 2, None]
    # Values that cannot be kept by value are converted one by one.
    assert each_converted_once(convert, [[1], [1]]) == [[1, 1], [1, 1]]
