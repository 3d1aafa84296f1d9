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


def engine_on_copy(template: Path, path: Path) -> Iterator[Engine]:
    """An engine on a copy of the SQLite file `template` at `path`, disposed when done (a
    generator: for `yield from` in a fixture, or `contextmanager`)."""
    shutil.copy(template, path)
    engine = make_engine(str(path))
    try:
        yield engine
    finally:
        engine.dispose()


def engine_on_pg_copy(admin: Engine, template: str, name: str) -> Iterator[Engine]:
    """An engine on database `name`, created from `template` on `admin`'s server, dropped when
    done (a generator, as `engine_on_copy`)."""
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    engine = make_engine(admin.url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
            yield from engine_on_copy(original, folder / f"{uuid.uuid4().hex[:8]}.db")

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
        yield from engine_on_pg_copy(admin, source, "h1_copy_" + uuid.uuid4().hex[:8])

    try:
        yield pg_copy
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{source}" WITH (FORCE)'))
