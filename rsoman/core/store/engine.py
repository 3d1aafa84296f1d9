"""Engines, sessions and schema upgrades.

A SQLite file is encrypted with SQLCipher unless an unencrypted one is asked for explicitly
(`DatabaseKey.unencrypted()` or `RSOMAN_UNENCRYPTED=1`, which the test suite sets). SQLCipher
derives the page key from the passphrase itself (PBKDF2-HMAC-SHA512, 256,000 iterations, a
random salt stored in the file), so the passphrase is handed over as is. The key is set first on
every connection, then checked with a read, so a wrong passphrase fails at once with one clear
message; then WAL and foreign keys. Before any migration touches an existing SQLite file, the
file is copied beside itself (`<name>.before-<rev>.bak`, encrypted like the original), as Vorta
does.

The schema check at every start reads `alembic_version` with plain SQL and compares it with the
newest migration file's revision: importing Alembic costs about 0.2 s of a 2 s launch, so it is
imported only when an upgrade is due.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import QueuePool, StaticPool
from sqlmodel import Session

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Alembic's own table, holding the revision a database is at.
VERSION_TABLE = "alembic_version"
PASSPHRASE_ENV = "RSOMAN_PASSPHRASE"
UNENCRYPTED_ENV = "RSOMAN_UNENCRYPTED"
# The first 16 bytes of every unencrypted SQLite file; an SQLCipher file starts with its salt.
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
WRONG_KEY = "wrong passphrase, or not an rsoman database"


class DatabaseError(Exception):
    """The database cannot be opened or upgraded; the message says why in plain words."""


@dataclass(frozen=True)
class DatabaseKey:
    """How a SQLite file is opened: with a passphrase (SQLCipher), or unencrypted on purpose."""

    passphrase: str | None = field(default=None, repr=False)
    plain: bool = False

    def __post_init__(self) -> None:
        if self.plain == (self.passphrase is not None):
            raise ValueError("a database key is either a passphrase or explicitly unencrypted")
        if self.passphrase is not None and not self.passphrase:
            raise DatabaseError("the database passphrase is empty")

    @classmethod
    def of(cls, passphrase: str) -> DatabaseKey:
        return cls(passphrase=passphrase)

    @classmethod
    def unencrypted(cls) -> DatabaseKey:
        return cls(plain=True)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> DatabaseKey | None:
        """`RSOMAN_UNENCRYPTED=1` (explicitly plain) or `RSOMAN_PASSPHRASE`, else None."""
        env = os.environ if environ is None else environ
        plain = env.get(UNENCRYPTED_ENV, "").strip() not in ("", "0")
        passphrase = env.get(PASSPHRASE_ENV) or None
        if plain and passphrase:
            raise DatabaseError(f"both {UNENCRYPTED_ENV} and {PASSPHRASE_ENV} are set: choose one")
        if plain:
            return cls.unencrypted()
        return cls.of(passphrase) if passphrase else None


# Keys given to this process, by database file: the warning scheduler opens its own engines from
# the URL alone (on other threads), and must use the passphrase typed at start.
_KEYS: dict[str, DatabaseKey] = {}


def remember_key(database: str | Path, key: DatabaseKey) -> None:
    _KEYS[str(Path(database).expanduser().resolve())] = key


def forget_keys() -> None:
    _KEYS.clear()


def key_for(database: str | Path, key: DatabaseKey | None = None) -> DatabaseKey:
    """The key to open a SQLite file with: the one given, else the one this process was given
    for it, else the environment's; refused when there is none (never silently unencrypted)."""
    found = (
        key
        or _KEYS.get(str(Path(database).expanduser().resolve()))
        or DatabaseKey.from_environment()
    )
    if found is None:
        raise DatabaseError(
            f"no passphrase for {database}: set {PASSPHRASE_ENV} (or, for tests only, "
            f"{UNENCRYPTED_ENV}=1 for an unencrypted file)"
        )
    return found


def engine_key(engine: Engine) -> DatabaseKey:
    """The key a SQLite engine opens its file with (the cipher URL carries the passphrase)."""
    url = engine.url
    if url.get_driver_name() == "pysqlcipher" and url.password:
        return DatabaseKey.of(str(url.password))
    return DatabaseKey.unencrypted()


def file_is_plain_sqlite(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == PLAIN_SQLITE_HEADER
    except OSError:
        return False


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


def _check_key(dbapi_conn: Any, _record: object) -> None:
    # SQLCipher accepts any key and fails at the first read: read now, and say what it means.
    try:
        dbapi_conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        if "not a database" in str(exc):
            raise DatabaseError(WRONG_KEY) from None
        raise


def _quiet_sqlcipher() -> None:
    # SQLCipher logs every failed page decryption to stderr; a wrong passphrase is reported
    # once, as a DatabaseError, instead. The level is library-wide.
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


def sqlcipher_url(path: str | Path, passphrase: str) -> URL:
    """A `sqlite+pysqlcipher` URL: the dialect sets `PRAGMA key` first on every connection."""
    return URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))


def create_private(path: Path, *, exclusive: bool = True) -> None:
    """Create `path` empty, readable and writable by its owner only. SQLite then writes into it
    and gives its -wal/-shm/-journal files the same mode, so no database, copy or backup of one
    is readable by other local users, even for the moment before a chmod. `exclusive=False`
    leaves a file that already exists as it is."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    os.close(os.open(path, flags, 0o600))


def make_engine(url: str | URL, *, key: DatabaseKey | None = None, echo: bool = False) -> Engine:
    """An engine; a SQLite file is opened with `key` (see `key_for`), in-memory SQLite plain."""
    u = normalise_url(url)
    if u.get_backend_name() != "sqlite":
        return create_engine(u, echo=echo, pool_pre_ping=True)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if not u.database or u.database == ":memory:":
        kwargs["poolclass"] = StaticPool
        engine = create_engine(u.set(drivername="sqlite"), echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    path = Path(u.database)
    if key is None and u.get_driver_name() == "pysqlcipher" and u.password:
        key = DatabaseKey.of(u.password)
    given = key
    key = key_for(path, key)
    exists = path.exists() and path.stat().st_size > 0
    if exists and key.plain and not file_is_plain_sqlite(path):
        raise DatabaseError(
            f"{path} is encrypted (or is not a database): give its passphrase in {PASSPHRASE_ENV}"
        )
    if exists and not key.plain and file_is_plain_sqlite(path):
        raise DatabaseError(
            f"{path} is an unencrypted database: open it with {UNENCRYPTED_ENV}=1, or make an "
            "encrypted copy with 'rsoman backup' and restore it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        create_private(path, exclusive=False)
    if key.plain:
        engine = create_engine(u.set(drivername="sqlite", password=None), echo=echo, **kwargs)
    else:
        assert key.passphrase is not None
        # The cipher dialect defaults to one connection per thread, never closed; a queue pool
        # (as for plain SQLite files) keeps a few and pays SQLCipher's key derivation once each.
        kwargs["poolclass"] = QueuePool
        _quiet_sqlcipher()
        engine = create_engine(sqlcipher_url(path, key.passphrase), echo=echo, **kwargs)
        event.listen(engine, "connect", _check_key)
    event.listen(engine, "connect", _sqlite_pragmas)
    if given is not None:
        # Remembered once it has opened the file, never a key that failed.
        def remember(_conn: object, _record: object) -> None:
            remember_key(path, given)

        event.listen(engine, "connect", remember)
    return engine


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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


# The two lines every migration file has (as the template writes them): `revision: str =
# "0012"` and `down_revision: str | None = "0011"` (or None for the first).
_REVISION_LINE = re.compile(r"""^revision\b[^=\n]*=\s*["']([^"']+)["']""", re.M)
_DOWN_REVISION_LINE = re.compile(r"""^down_revision\b[^=\n]*=\s*(?:["']([^"']+)["']|None)""", re.M)


def _heads_in_files(versions: Path) -> set[str]:
    """The revisions no migration file names as its `down_revision`, read from the files' text;
    empty when a file does not have the two lines in the usual form."""
    revisions: set[str] = set()
    superseded: set[str] = set()
    for script in versions.glob("*.py"):
        if script.name.startswith("_"):
            continue
        source = script.read_text(encoding="utf-8")
        revision = _REVISION_LINE.search(source)
        down = _DOWN_REVISION_LINE.search(source)
        if revision is None or down is None:
            return set()
        revisions.add(revision[1])
        if down[1]:
            superseded.add(down[1])
    return revisions - superseded


@cache
def head_revision() -> str:
    """The newest migration's revision id. Read from the migration files themselves (found
    once per process) rather than through Alembic, whose import alone costs 0.2 s at every
    start; Alembic is asked only if the files do not give exactly one head."""
    heads = _heads_in_files(MIGRATIONS_DIR / "versions")
    if len(heads) == 1:
        return next(iter(heads))
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def stored_revision(connection: Connection) -> str | None:
    """The revision a database is at (None: never migrated), as Alembic records it."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    found = list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(found) > 1:
        raise DatabaseError(f"the database records several schema versions: {', '.join(found)}")
    return found[0] if found else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return stored_revision(conn)


def connect_sqlite(path: str | Path, key: DatabaseKey, **kwargs: Any) -> Any:
    """A bare DB-API connection to a SQLite file with its key set and checked (for copies and
    checks that need no engine)."""
    if key.plain:
        return sqlite3.connect(path, **kwargs)
    from sqlcipher3 import dbapi2 as sqlcipher

    _quiet_sqlcipher()
    conn = sqlcipher.connect(str(path), **kwargs)
    try:
        conn.execute(f"PRAGMA key = {quote_literal(key.passphrase or '')}")
        _check_key(conn, None)
    except BaseException:
        conn.close()
        raise
    return conn


def quote_literal(text: str) -> str:
    """An SQL string literal (PRAGMA and ATTACH take no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def backup_sqlite_file(engine: Engine, label: str) -> Path | None:
    """Copy a SQLite database file (with its WAL folded in, encrypted like it) before it is
    changed."""
    db = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not db or db == ":memory:":
        return None
    src = Path(db)
    if not src.exists() or src.stat().st_size == 0:
        return None
    dest = src.with_name(f"{src.name}.before-{label}.bak")
    dest.unlink(missing_ok=True)
    create_private(dest)
    # The backup API gives a consistent copy even while another connection writes; SQLCipher
    # copies between two files with the same key.
    raw = engine.raw_connection()
    try:
        target = connect_sqlite(dest, engine_key(engine))
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        raw.close()
    return dest


def upgrade(engine: Engine) -> Path | None:
    """Bring the schema to the newest revision. Returns the backup copy made, if any."""
    head = head_revision()
    try:
        current = current_revision(engine)
    except DatabaseError:
        raise
    except Exception as exc:  # e.g. not a database, server down
        raise DatabaseError(f"cannot open the database: {exc}") from exc
    if current == head:
        return None
    from alembic import command  # only now: see the module docstring

    backup = backup_sqlite_file(engine, current or "empty") if current else None
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    return backup


def open_database(url: str | URL, *, key: DatabaseKey | None = None) -> Engine:
    """Open (creating if need be) and upgrade a database: the one door for app, CLI and tests.
    A SQLite file is opened with `key`, else the environment's (see `key_for`)."""
    engine = make_engine(url, key=key)
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_database_reporting(
    url: str | URL, *, key: DatabaseKey | None = None
) -> tuple[Engine, str | None]:
    """`open_database`, and what it did to an older database, in a sentence naming the copy of
    the old file (None if nothing was upgraded): an upgrade is one-way, so the person must know
    where the copy is. The command line prints the sentence; the desktop app shows it."""
    engine = make_engine(url, key=key)
    try:
        try:
            before = current_revision(engine)
        except Exception:
            before = None  # upgrade() says in plain words why the database cannot be opened
        backup = upgrade(engine)
        after = head_revision()
    except BaseException:
        engine.dispose()
        raise
    if before is None or before == after:  # a new, empty database is not an upgrade
        return engine, None
    copy = f"; a copy of the old file is at {backup}" if backup else ""
    return engine, f"Upgraded the database from {before} to {after}{copy}"
