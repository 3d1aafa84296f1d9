"""Try a database before using it, and say in plain words what is wrong (the first-run wizard's
"Test connection").

Nothing is created or changed: a SQLite file that does not exist yet is not made, a server
database is only read (its schema version). The server's own error text is kept out of the main
sentence (it is technical, sometimes localised) but errors are classified by it, because psycopg
gives one exception class (OperationalError) for all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import URL, create_engine, inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from .engine import (
    PLAIN_SQLITE_HEADER,
    WRONG_KEY,
    DatabaseError,
    DatabaseKey,
    connect_sqlite,
    head_revision,
    normalise_url,
)

CONNECT_TIMEOUT_S = 5


class ProbeKind(StrEnum):
    # Usable (ok=True)
    READY = "ready"  # an rsoman database at the newest schema
    UPGRADE = "upgrade"  # an rsoman database at an older schema: upgraded on opening
    EMPTY = "empty"  # an empty database: rsoman sets it up
    NEW_FILE = "new_file"  # no file yet: created on opening
    EXISTING_FILE = "existing_file"  # a file whose passphrase was not given: not checked
    # Not usable (ok=False)
    HOST_NOT_FOUND = "host_not_found"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    WRONG_PASSWORD = "wrong_password"
    NO_PASSWORD = "no_password"
    UNKNOWN_USER = "unknown_user"
    DATABASE_MISSING = "database_missing"
    NO_ACCESS = "no_access"
    TLS_REQUIRED = "tls_required"
    TLS_UNAVAILABLE = "tls_unavailable"
    NOT_RSOMAN = "not_rsoman"
    NEWER = "newer"
    FOLDER_PROBLEM = "folder_problem"
    NOT_WRITABLE = "not_writable"
    NOT_A_DATABASE = "not_a_database"
    WRONG_PASSPHRASE = "wrong_passphrase"
    OTHER = "other"


USABLE = {
    ProbeKind.READY,
    ProbeKind.UPGRADE,
    ProbeKind.EMPTY,
    ProbeKind.NEW_FILE,
    ProbeKind.EXISTING_FILE,
}


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    kind: ProbeKind
    message: str
    detail: str = ""  # the driver's own text, for the person who administers the server

    @classmethod
    def of(cls, kind: ProbeKind, message: str, detail: str = "") -> ProbeResult:
        return cls(ok=kind in USABLE, kind=kind, message=message, detail=detail)


# (fragment of the server/driver message, kind, sentence). First match wins: the TLS rejection
# is a pg_hba message that also names the host, so it comes before the generic ones.
_SERVER_ERRORS: list[tuple[tuple[str, ...], ProbeKind, str]] = [
    (
        ("server does not support ssl",),
        ProbeKind.TLS_UNAVAILABLE,
        "The server does not offer TLS, but TLS was required: ask its administrator to enable "
        "it, or choose a TLS mode that allows an unencrypted connection.",
    ),
    (
        ("no encryption", "ssl off", "sslmode value", "ssl required"),
        ProbeKind.TLS_REQUIRED,
        "The server only accepts encrypted (TLS) connections: choose the TLS mode 'require' "
        "or stronger.",
    ),
    (
        (
            "could not translate host name",
            "name or service not known",
            "nodename nor servname",
            "no address associated",
            "temporary failure in name resolution",
        ),
        ProbeKind.HOST_NOT_FOUND,
        "The server's name was not found: check the host name (and the network connection).",
    ),
    (
        ("connection refused",),
        ProbeKind.REFUSED,
        "Nothing answered at that host and port: check the port, and that PostgreSQL is running "
        "and accepts connections from this computer.",
    ),
    (
        ("timeout expired", "timed out"),
        ProbeKind.TIMEOUT,
        "The server did not answer in time: check the host name and port, and any firewall in "
        "between.",
    ),
    (
        ("password authentication failed",),
        ProbeKind.WRONG_PASSWORD,
        "The server refused the user name or password.",
    ),
    (
        ("no password supplied", "fe_sendauth"),
        ProbeKind.NO_PASSWORD,
        "The server wants a password and none was given.",
    ),
    (
        ("role", "does not exist"),  # both fragments: see _classify
        ProbeKind.UNKNOWN_USER,
        "The server has no user of that name.",
    ),
    (
        ("database", "does not exist"),
        ProbeKind.DATABASE_MISSING,
        "The server has no database of that name: ask its administrator to create it (empty; "
        "rsoman sets it up), or check the spelling.",
    ),
    (
        ("permission denied for database", "no pg_hba.conf entry"),
        ProbeKind.NO_ACCESS,
        "The server does not let this user connect to that database from this computer: ask "
        "its administrator.",
    ),
]
# Entries whose fragments must all appear (the others match on any one).
_ALL_FRAGMENTS = {ProbeKind.UNKNOWN_USER, ProbeKind.DATABASE_MISSING}


def classify_server_error(text: str) -> ProbeResult:
    """A PostgreSQL connection error (the driver's message) as a plain sentence."""
    low = text.lower()
    detail = text.strip().splitlines()[-1].strip() if text.strip() else ""
    for fragments, kind, sentence in _SERVER_ERRORS:
        hit = (
            all(f in low for f in fragments)
            if kind in _ALL_FRAGMENTS
            else any(f in low for f in fragments)
        )
        # "role ... does not exist" and 'database ... does not exist' share the tail: tell them
        # apart by what the server quotes first.
        if hit and kind is ProbeKind.UNKNOWN_USER and 'role "' not in low:
            continue
        if hit and kind is ProbeKind.DATABASE_MISSING and 'database "' not in low:
            continue
        if hit:
            return ProbeResult.of(kind, sentence, detail)
    return ProbeResult.of(ProbeKind.OTHER, "The connection failed.", detail)


def _schema_result(tables: list[str], revision: str | None) -> ProbeResult:
    head = head_revision()
    if revision == head:
        return ProbeResult.of(ProbeKind.READY, "An rsoman database, up to date.")
    if revision is not None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        from .engine import MIGRATIONS_DIR

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        if ScriptDirectory.from_config(cfg).get_revision(revision) is None:
            return ProbeResult.of(
                ProbeKind.NEWER,
                "An rsoman database from a newer version of rsoman: update this copy first.",
            )
        return ProbeResult.of(
            ProbeKind.UPGRADE,
            "An rsoman database from an older version: it is upgraded when opened (a copy is "
            "kept first for a local file).",
        )
    if tables:
        return ProbeResult.of(
            ProbeKind.NOT_RSOMAN,
            "That database already holds other tables and is not an rsoman database: use an "
            "empty one.",
        )
    return ProbeResult.of(ProbeKind.EMPTY, "An empty database: rsoman will set it up.")


def _probe_server(url: URL, timeout: int) -> ProbeResult:
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": timeout})
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            revision = None
            if "alembic_version" in tables:
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            return _schema_result([t for t in tables if t != "alembic_version"], revision)
    except SQLAlchemyError as exc:
        return classify_server_error(str(getattr(exc, "orig", None) or exc))
    finally:
        engine.dispose()


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path("/")


def _probe_sqlite(path: Path, key: DatabaseKey | None) -> ProbeResult:
    if path.is_dir():
        return ProbeResult.of(
            ProbeKind.FOLDER_PROBLEM, f"{path} is a folder: give the name of a file inside it."
        )
    if not path.exists() or path.stat().st_size == 0:
        existing = _nearest_existing(path.parent)
        if not existing.is_dir():
            return ProbeResult.of(
                ProbeKind.FOLDER_PROBLEM,
                f"The folder cannot be created: {existing} is a file, not a folder.",
            )
        if not os.access(existing, os.W_OK | os.X_OK):
            return ProbeResult.of(
                ProbeKind.NOT_WRITABLE,
                f"You cannot create files in {existing}: choose a folder of your own.",
            )
        made = "" if existing == path.parent else f" (and the folder {path.parent})"
        return ProbeResult.of(
            ProbeKind.NEW_FILE, f"A new database will be created at {path}{made}."
        )
    if not os.access(path, os.R_OK | os.W_OK):
        return ProbeResult.of(
            ProbeKind.NOT_WRITABLE, f"You cannot read and write {path}: check its permissions."
        )
    plain = path.open("rb").read(16) == PLAIN_SQLITE_HEADER
    if key is None:
        return ProbeResult.of(
            ProbeKind.EXISTING_FILE,
            f"A file already exists at {path}: rsoman will open it with its passphrase.",
        )
    if key.plain and not plain:
        return ProbeResult.of(
            ProbeKind.NOT_A_DATABASE,
            f"{path} is not an unencrypted SQLite database (it is encrypted, or not a database).",
        )
    if not key.plain and plain:
        return ProbeResult.of(
            ProbeKind.NOT_A_DATABASE,
            f"{path} is an unencrypted database, not an encrypted rsoman one.",
        )
    try:
        conn = connect_sqlite(path, key)
    except DatabaseError as exc:
        if str(exc) == WRONG_KEY:
            return ProbeResult.of(
                ProbeKind.WRONG_PASSPHRASE,
                f"The passphrase does not open {path} (or the file is not a database).",
            )
        return ProbeResult.of(ProbeKind.OTHER, str(exc))
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        revision = None
        if "alembic_version" in names:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except Exception as exc:  # sqlite3 and sqlcipher3 raise their own DatabaseError classes
        if "not a database" in str(exc) or "malformed" in str(exc):
            return ProbeResult.of(ProbeKind.NOT_A_DATABASE, f"{path} is not a database.")
        return ProbeResult.of(ProbeKind.OTHER, f"{path} cannot be read: {exc}")
    finally:
        conn.close()
    return _schema_result([n for n in names if n != "alembic_version"], revision)


def probe_database(
    url: str | URL, *, key: DatabaseKey | None = None, timeout: int = CONNECT_TIMEOUT_S
) -> ProbeResult:
    """Whether `url` can be used as rsoman's database, and if not why, in one sentence.

    A SQLite file is checked with `key` when given (else only whether it could be created);
    a server is connected to (at most `timeout` seconds) and its schema version read."""
    try:
        u = normalise_url(url)
    except Exception as exc:  # a malformed URL: sqlalchemy raises ArgumentError, ValueError...
        return ProbeResult.of(ProbeKind.OTHER, f"That is not a database address: {exc}")
    if u.get_backend_name() == "sqlite":
        if not u.database or u.database == ":memory:":
            return ProbeResult.of(ProbeKind.OTHER, "An in-memory database keeps nothing.")
        return _probe_sqlite(Path(u.database), key)
    if u.get_backend_name() != "postgresql":
        return ProbeResult.of(
            ProbeKind.OTHER, f"rsoman works with SQLite or PostgreSQL, not {u.get_backend_name()}."
        )
    return _probe_server(u, timeout)
