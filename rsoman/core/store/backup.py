"""Encrypted backups of a SQLite database, and restoring one only after it has been checked.

A backup is always encrypted (SQLCipher), even from an unencrypted database: it is the copy most
likely to leave the building. It is written with `sqlcipher_export` inside one read transaction,
so it is consistent while the app keeps writing (WAL readers see one snapshot), into a file
beside the target that is renamed into place only once it has been read back.

A restore first checks the backup (page HMACs, SQLite's integrity check, an rsoman schema this
version knows), copies it beside the database (with the database's own key) and checks the audit
chain in that copy; only then is the database replaced, by an atomic rename, keeping the old file
as `<name>.before-restore`. Nothing is replaced when any check fails.

Every file written here is readable by its owner only (mode 0600, set before the first byte is
written): encrypted or not, a copy of the whole database is nobody else's to take away and try
passphrases on. Each backup also reports the audit log's head inside it (entries, and the last
entry as an anchor `ID:HASH`), so that the copy kept elsewhere vouches for the live log
(`rsoman audit verify --anchor`, `--against-backup`).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import Session

from .engine import (
    MIGRATIONS_DIR,
    DatabaseError,
    DatabaseKey,
    connect_sqlite,
    create_private,
    engine_key,
    file_is_plain_sqlite,
    make_engine,
    quote_literal,
)

BEFORE_RESTORE_SUFFIX = ".before-restore"


class BackupRefused(DatabaseError):
    """A backup failed its checks; `problems` lists every one. Nothing was replaced."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: restore refused, nothing was replaced: " + "; ".join(problems))


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    bytes: int
    revision: str | None
    seconds: float
    # The audit log inside the backup: its number of entries and its last entry as `ID:HASH`.
    audit_entries: int = 0
    audit_anchor: str | None = None


@dataclass(frozen=True)
class PreparedRestore:
    """A checked copy of a backup waiting beside the database it will replace."""

    source: Path
    staged: Path
    target: Path
    revision: str
    audit_entries: int
    audit_anchor: str | None = None


def database_file(engine: Engine) -> Path:
    db = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not db or db == ":memory:":
        raise DatabaseError(
            "backup and restore work on a SQLite database file; back up a PostgreSQL "
            "database with pg_dump (docs/security.md)"
        )
    return Path(db)


def _export(conn: Any, dest: Path, passphrase: str) -> None:
    """Copy everything the connection's main database holds into a new file keyed with
    `passphrase` ('' means unencrypted), in one read transaction."""
    conn.isolation_level = None  # we say where transactions begin and end
    conn.execute(
        f"ATTACH DATABASE {quote_literal(str(dest))} AS copy KEY {quote_literal(passphrase)}"
    )
    try:
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM main.sqlite_master").fetchone()  # pins a snapshot
            conn.execute("SELECT sqlcipher_export('copy')").fetchall()
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA copy.user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE copy")


def _cipher_connection(path: Path, key: DatabaseKey, **kwargs: Any) -> Any:
    """An SQLCipher connection even to an unencrypted file (sqlite3 cannot attach with a key)."""
    if not key.plain:
        return connect_sqlite(path, key, **kwargs)
    from sqlcipher3 import dbapi2 as sqlcipher

    return sqlcipher.connect(str(path), **kwargs)


def _fresh(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{extra}").unlink(missing_ok=True)


@dataclass(frozen=True)
class _FileCheck:
    problems: list[str]
    revision: str | None
    audit_entries: int = 0
    audit_anchor: str | None = None


def _audit_head(conn: Any) -> tuple[int, str | None]:
    """The audit log's number of entries and last entry (`ID:HASH`), read in SQL."""
    try:
        count = conn.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
        last = conn.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    except Exception:
        return 0, None
    return int(count), (f"{last[0]}:{last[1]}" if last else None)


def _revision(conn: Any) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception:
        return None
    return row[0] if row else None


def backup(engine: Engine, dest: str | Path, passphrase: str) -> BackupInfo:
    """Write an encrypted, consistent copy of the engine's SQLite database to `dest`."""
    if not passphrase:
        raise DatabaseError("a backup is always encrypted: it needs a passphrase")
    started = time.monotonic()
    source = database_file(engine)
    target = Path(dest).expanduser()
    if target.resolve() == source.resolve():
        raise DatabaseError("the backup cannot replace the database it copies")
    if not target.parent.is_dir():
        raise DatabaseError(f"no such folder: {target.parent}")
    staged = target.with_name(f".{target.name}.partial")
    _fresh(staged)
    create_private(staged)
    conn = _cipher_connection(source, engine_key(engine), check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        _export(conn, staged, passphrase)
    except BaseException:
        _fresh(staged)
        raise
    finally:
        conn.close()
    try:
        check = _check_file(staged, DatabaseKey.of(passphrase))
        if check.problems:
            raise DatabaseError("the backup did not read back: " + "; ".join(check.problems))
        with open(staged, "rb") as f:
            os.fsync(f.fileno())
        os.replace(staged, target)
    except BaseException:
        _fresh(staged)
        raise
    return BackupInfo(
        target,
        target.stat().st_size,
        check.revision,
        time.monotonic() - started,
        check.audit_entries,
        check.audit_anchor,
    )


def _check_file(path: Path, key: DatabaseKey) -> _FileCheck:
    """Problems found in a backup file (page HMACs, structure), its schema revision and the
    head of its audit log."""
    conn = _cipher_connection(path, key, uri=False)
    try:
        problems = [
            f"page check: {row[0]}" for row in conn.execute("PRAGMA cipher_integrity_check")
        ]
        if not key.plain and problems:
            return _FileCheck(problems, None)
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems += [f"integrity check: {line}" for line in result[:20]]
        return _FileCheck(problems, _revision(conn), *_audit_head(conn))
    finally:
        conn.close()


def backup_audit_head(source: str | Path, passphrase: str) -> tuple[int, str | None]:
    """The audit log's head inside a backup (entries, `ID:HASH` of the last), once the backup
    has passed its page and integrity checks: a backup kept elsewhere is an anchor for the
    live log. Raises BackupRefused, or DatabaseError for a wrong passphrase."""
    src = Path(source).expanduser()
    if not src.is_file():
        raise DatabaseError(f"{src}: no such file")
    if file_is_plain_sqlite(src):
        raise BackupRefused(src, ["it is not encrypted, so it is not an rsoman backup"])
    check = _check_file(src, DatabaseKey.of(passphrase))
    if check.problems:
        raise BackupRefused(src, check.problems)
    return check.audit_entries, check.audit_anchor


def _known_revisions() -> set[str]:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}


def prepare_restore(
    source: str | Path, target: str | Path, passphrase: str, target_key: DatabaseKey
) -> PreparedRestore:
    """Check a backup and stage a copy (keyed with `target_key`) beside `target`. Raises
    BackupRefused listing every problem, or DatabaseError for a wrong passphrase."""
    src = Path(source).expanduser()
    dest = Path(target).expanduser()
    if not src.is_file():
        raise DatabaseError(f"{src}: no such file")
    if file_is_plain_sqlite(src):
        raise BackupRefused(src, ["it is not encrypted, so it is not an rsoman backup"])
    try:
        check = _check_file(src, DatabaseKey.of(passphrase))
    except DatabaseError:
        raise
    except Exception as exc:
        raise BackupRefused(src, [f"unreadable: {exc}"]) from exc
    problems, revision = check.problems, check.revision
    if problems:
        pass  # a damaged file's schema version means nothing
    elif revision is None:
        problems.append("it holds no rsoman schema version")
    elif revision not in _known_revisions():
        problems.append(f"its schema version {revision} is newer than this copy of rsoman")
    if problems:
        raise BackupRefused(src, problems)
    assert revision is not None

    staged = dest.with_name(f".{dest.name}.restoring")
    _fresh(staged)
    create_private(staged)
    conn = connect_sqlite(src, DatabaseKey.of(passphrase), check_same_thread=False)
    try:
        _export(conn, staged, target_key.passphrase or "")
    except BaseException:
        _fresh(staged)
        raise
    finally:
        conn.close()
    try:
        entries, anchor, breaks = _audit_chain(staged, target_key)
    except BaseException:
        _fresh(staged)
        raise
    if breaks:
        _fresh(staged)
        raise BackupRefused(src, breaks)
    return PreparedRestore(src, staged, dest, revision, entries, anchor)


def _audit_chain(path: Path, key: DatabaseKey) -> tuple[int, str | None, list[str]]:
    from ..services.audit import walk_chain

    engine = make_engine(path, key=key)
    try:
        with Session(engine) as session:
            result = walk_chain(session)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    breaks = [f"audit entry {b.entry_id}: {b.reason}" for b in result.breaks]
    anchor = str(result.head.last) if result.head.last is not None else None
    return result.head.entries, anchor, breaks


def discard_restore(prepared: PreparedRestore) -> None:
    _fresh(prepared.staged)


def finish_restore(prepared: PreparedRestore) -> Path | None:
    """Put the checked copy in place; the old database (if any) becomes `<name>.before-restore`
    (with its WAL, under the names SQLite looks for). Returns that old file's path."""
    dest = prepared.target
    kept: Path | None = None
    if dest.exists():
        kept = dest.with_name(dest.name + BEFORE_RESTORE_SUFFIX)
        _fresh(kept)
        os.replace(dest, kept)
        for extra in ("-wal", "-shm"):
            side = Path(f"{dest}{extra}")
            if side.exists():
                os.replace(side, Path(f"{kept}{extra}"))
    os.replace(prepared.staged, dest)
    return kept


def restore(
    source: str | Path, target: str | Path, passphrase: str, target_key: DatabaseKey
) -> Path | None:
    """Check `source` and, only if it passes, replace `target` with it (see the module note)."""
    return finish_restore(prepare_restore(source, target, passphrase, target_key))
