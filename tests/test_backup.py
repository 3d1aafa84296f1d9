"""Backups are encrypted and consistent while the database is in use; a restore checks the
backup (pages, integrity, audit chain) before it replaces anything."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, func, select

from rsoman.core.services import users
from rsoman.core.services.actor import actor_for_username
from rsoman.core.services.audit import record, verify_chain
from rsoman.core.services.backups import backup_database, restore_database
from rsoman.core.services.errors import PermissionDenied
from rsoman.core.store.backup import backup, prepare_restore, restore
from rsoman.core.store.engine import (
    WRONG_KEY,
    DatabaseError,
    DatabaseKey,
    connect_sqlite,
    forget_keys,
    make_engine,
    open_database,
    session_scope,
)
from rsoman.core.store.enums import AuditAction, Role
from rsoman.core.store.models import AuditEntry

LIVE = DatabaseKey.of("copper kestrel 9 meadow")
BACKUP_PASSPHRASE = "saffron tugboat 2 glacier"
ADMIN_PW = "kettle orbit tulip"


@pytest.fixture(autouse=True)
def encrypted(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("RSOMAN_UNENCRYPTED", raising=False)
    monkeypatch.delenv("RSOMAN_PASSPHRASE", raising=False)
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    forget_keys()
    yield
    forget_keys()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "template.db"
    engine = open_database(str(path), key=LIVE)
    previous = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024)
    try:
        with session_scope(engine) as session:
            users.create_first_administrator(session, "admin", ADMIN_PW)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
        users._hasher = previous
        forget_keys()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "live.db"
    shutil.copy(template, path)
    return path


def _note(engine: object, summary: str) -> None:
    with session_scope(engine) as session:  # type: ignore[arg-type]
        record(session, actor_for_username(session, "admin"), AuditAction.alteration, "x", summary)


def _summaries(path: Path) -> list[str]:
    engine = make_engine(str(path), key=LIVE)
    try:
        with Session(engine) as s:
            return list(s.exec(select(AuditEntry.summary).order_by(AuditEntry.id)))
    finally:
        engine.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_while_the_database_is_in_use(db: Path, tmp_path: Path) -> None:
    engine = make_engine(str(db), key=LIVE)
    _note(engine, "before the backup")
    # Another user is in the middle of saving something when the backup runs.
    busy = Session(engine)
    record(busy, actor_for_username(busy, "admin"), AuditAction.alteration, "x", "in flight")
    try:
        copy = backup(engine, tmp_path / "copy.bak", BACKUP_PASSPHRASE).path
    finally:
        busy.commit()
        busy.close()
    _note(engine, "after the backup")
    engine.dispose()

    kept = restore(copy, db, BACKUP_PASSPHRASE, LIVE)

    restored = _summaries(db)
    assert "before the backup" in restored
    assert "in flight" not in restored and "after the backup" not in restored
    assert kept == db.with_name("live.db.before-restore")
    assert "after the backup" in _summaries(kept)  # nothing is lost: the old file is kept
    engine = make_engine(str(db), key=LIVE)
    try:
        with Session(engine) as s:
            assert verify_chain(s) == []
    finally:
        engine.dispose()
    assert not list(tmp_path.glob(".*"))  # no staged files left behind


def test_the_backup_is_encrypted_with_its_own_passphrase(db: Path, tmp_path: Path) -> None:
    engine = make_engine(str(db), key=LIVE)
    try:
        copy = backup(engine, tmp_path / "copy.bak", BACKUP_PASSPHRASE).path
    finally:
        engine.dispose()
    raw = copy.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"Camden" not in raw
    with sqlite3.connect(copy) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    with pytest.raises(DatabaseError, match=WRONG_KEY):
        connect_sqlite(copy, LIVE)  # the live database's passphrase does not open it
    conn = connect_sqlite(copy, DatabaseKey.of(BACKUP_PASSPHRASE))
    conn.close()


def test_an_unencrypted_database_still_gets_an_encrypted_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_UNENCRYPTED", "1")
    engine = open_database(str(tmp_path / "plain.db"))
    try:
        copy = backup(engine, tmp_path / "copy.bak", BACKUP_PASSPHRASE).path
    finally:
        engine.dispose()
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(DatabaseError, match="always encrypted"):
        backup(make_engine(str(tmp_path / "plain.db")), tmp_path / "x.bak", "")


@pytest.fixture
def copy(db: Path, tmp_path: Path) -> Path:
    engine = make_engine(str(db), key=LIVE)
    try:
        _note(engine, "in the backup")
        path = backup(engine, tmp_path / "copy.bak", BACKUP_PASSPHRASE).path
        _note(engine, "only in the live database")
    finally:
        engine.dispose()
    return path


def _refused_and_untouched(source: Path, db: Path, passphrase: str, match: str) -> None:
    before = _digest(db)
    with pytest.raises(DatabaseError, match=match):
        restore(source, db, passphrase, LIVE)
    assert _digest(db) == before
    assert not db.with_name(db.name + ".before-restore").exists()
    assert not list(db.parent.glob(".*restoring*"))


def test_flipped_bytes_are_refused_before_anything_is_replaced(copy: Path, db: Path) -> None:
    raw = bytearray(copy.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    copy.write_bytes(bytes(raw))
    _refused_and_untouched(copy, db, BACKUP_PASSPHRASE, "page check")


def test_an_edited_audit_log_is_refused_before_anything_is_replaced(copy: Path, db: Path) -> None:
    # An attacker who knows the backup passphrase rewrites history in the copy.
    conn = connect_sqlite(copy, DatabaseKey.of(BACKUP_PASSPHRASE))
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute(
        "UPDATE audit_entry SET summary = 'nothing to see' WHERE summary = 'in the backup'"
    )
    conn.commit()
    conn.close()
    _refused_and_untouched(copy, db, BACKUP_PASSPHRASE, "audit entry .*altered")


def test_a_wrong_backup_passphrase_is_refused(copy: Path, db: Path) -> None:
    _refused_and_untouched(copy, db, "not the backup passphrase", WRONG_KEY)


def test_an_unencrypted_file_is_not_taken_for_a_backup(db: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.bak"
    with sqlite3.connect(fake) as conn:
        conn.execute("CREATE TABLE t (x)")
    _refused_and_untouched(fake, db, BACKUP_PASSPHRASE, "not encrypted")


def test_restoring_where_there_is_no_database_yet(copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "rsoman.db"
    target.parent.mkdir()
    assert restore(copy, target, BACKUP_PASSPHRASE, LIVE) is None
    assert "in the backup" in _summaries(target)


def test_only_an_administrator_backs_up_and_restores_and_both_are_logged(
    db: Path, tmp_path: Path
) -> None:
    engine = make_engine(str(db), key=LIVE)
    try:
        with session_scope(engine) as s:
            admin = actor_for_username(s, "admin")
        officer = type(admin)(None, "someone", Role.supervisor)
        with pytest.raises(PermissionDenied):
            backup_database(engine, officer, tmp_path / "no.bak", BACKUP_PASSPHRASE)
        assert not (tmp_path / "no.bak").exists()
        info = backup_database(engine, admin, tmp_path / "yes.bak", BACKUP_PASSPHRASE)
        with Session(engine) as s:
            last = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            refusals = s.exec(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == AuditAction.refusal)
            ).one()
        assert last is not None and last.action == AuditAction.disclosure
        assert str(info.path) in last.summary and refusals == 1
        prepared = prepare_restore(info.path, db, BACKUP_PASSPHRASE, LIVE)
        with pytest.raises(PermissionDenied):
            restore_database(engine, officer, prepared, LIVE)
        assert not prepared.staged.exists()
        prepared = prepare_restore(info.path, db, BACKUP_PASSPHRASE, LIVE)
        result = restore_database(engine, admin, prepared, LIVE)
    finally:
        engine.dispose()
    assert result.kept_as is not None
    assert "database restored from the backup" in _summaries(db)[-1]
    assert "database replaced by the backup" in _summaries(result.kept_as)[-1]
