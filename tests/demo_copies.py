"""Fresh copies of one small demo caseload (OFFENDERS offenders, generated as of DAY), per test
module and database: the `demo_copies` fixture (registered by conftest.py), for tests that run
whole scans in sequence on copies of the same data.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from rsoman.core.demo import generate_demo
from rsoman.core.services.actor import SYSTEM
from rsoman.core.store.engine import make_engine, session_scope

OFFENDERS = 300
DAY = date(2026, 3, 2)

Copies = Callable[[], Any]  # a context manager giving a fresh engine on a copy of the demo


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def demo_copies(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Copies]:
    """Fresh copies of one demo database: SQLite files (the helper needs a file), or
    PostgreSQL databases cloned from it."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        folder = tmp_path_factory.mktemp("parallel")
        original = folder / "demo.db"
        shutil.copy(template, original)
        engine = make_engine(str(original))
        with session_scope(engine) as session:
            generate_demo(session, SYSTEM, offenders=OFFENDERS, seed=5, as_of=DAY)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()

        @contextmanager
        def sqlite_copy() -> Iterator[Engine]:
            path = folder / f"{uuid.uuid4().hex[:8]}.db"
            shutil.copy(original, path)
            copy = make_engine(str(path))
            try:
                yield copy
            finally:
                copy.dispose()

        yield sqlite_copy
        return
    admin, pg_template = request.getfixturevalue("pg_template")
    source = "h1_demo_" + uuid.uuid4().hex[:8]
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{source}" TEMPLATE {pg_template}'))
    engine = make_engine(admin.url.set(database=source))
    with session_scope(engine) as session:
        generate_demo(session, SYSTEM, offenders=OFFENDERS, seed=5, as_of=DAY)
    engine.dispose()

    @contextmanager
    def pg_copy() -> Iterator[Engine]:
        name = "h1_copy_" + uuid.uuid4().hex[:8]
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
        copy = make_engine(admin.url.set(database=name))
        try:
            yield copy
        finally:
            copy.dispose()
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    try:
        yield pg_copy
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)'))
