"""Engines, sessions and schema upgrades.

SQLite gets WAL and foreign keys on every connection; before any migration touches an existing
SQLite file, the file is copied beside itself (`<name>.before-<rev>.bak`), as Vorta does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The database cannot be opened or upgraded; the message says why in plain words."""


def normalise_url(url: str | URL) -> URL:
    """Accept a SQLAlchemy URL, a postgres:// URL or a plain SQLite file path."""
    if isinstance(url, URL):
        return url
    text = str(url)
    if text.startswith(("postgres://", "postgresql://")):
        text = "postgresql+psycopg://" + text.split("://", 1)[1]
        return make_url(text)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite", database=str(Path(text).expanduser()))


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str | URL, *, echo: bool = False) -> Engine:
    u = normalise_url(url)
    if u.get_backend_name() == "sqlite":
        kwargs: dict[str, object] = {"connect_args": {"check_same_thread": False}}
        if not u.database or u.database == ":memory:":
            kwargs["poolclass"] = StaticPool
        else:
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(u, echo=echo, pool_pre_ping=True)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite_file(engine: Engine, label: str) -> Path | None:
    """Copy a SQLite database file (with its WAL folded in) before it is changed."""
    db = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not db or db == ":memory:":
        return None
    src = Path(db)
    if not src.exists() or src.stat().st_size == 0:
        return None
    dest = src.with_name(f"{src.name}.before-{label}.bak")
    # sqlite3's backup API gives a consistent copy even while another connection writes.
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    return dest


def upgrade(engine: Engine) -> Path | None:
    """Bring the schema to the newest revision. Returns the backup copy made, if any."""
    head = head_revision()
    try:
        current = current_revision(engine)
    except Exception as exc:  # e.g. not a database, server down
        raise DatabaseError(f"cannot open the database: {exc}") from exc
    if current == head:
        return None
    backup = backup_sqlite_file(engine, current or "empty") if current else None
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    return backup


def open_database(url: str | URL) -> Engine:
    """Open (creating if need be) and upgrade a database: the one door for app, CLI and tests."""
    engine = make_engine(url)
    upgrade(engine)
    return engine
