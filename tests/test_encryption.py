"""Encryption at rest: a SQLite database file is SQLCipher-encrypted, and opened only with its
passphrase. The rest of the suite uses unencrypted files through the explicit switch
(`RSOMAN_UNENCRYPTED=1`, set in conftest); these tests lift that switch."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from rsoman import config
from rsoman.core.store.engine import (
    WRONG_KEY,
    DatabaseError,
    DatabaseKey,
    backup_sqlite_file,
    connect_sqlite,
    forget_keys,
    make_engine,
    open_database,
)

PASSPHRASE = "marmalade otter 4 lighthouse"
KEY = DatabaseKey.of(PASSPHRASE)


@pytest.fixture(autouse=True)
def encrypted_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("RSOMAN_UNENCRYPTED", raising=False)
    monkeypatch.delenv("RSOMAN_PASSPHRASE", raising=False)
    forget_keys()
    yield
    forget_keys()


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("encrypted") / "template.db"
    engine = open_database(str(path), key=KEY)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    forget_keys()
    return path


@pytest.fixture
def db(encrypted_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "rsoman.db"
    shutil.copy(encrypted_template, path)
    return path


def _boroughs(engine: object) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return conn.execute(text("SELECT count(*) FROM borough")).scalar_one()


def test_the_file_is_unreadable_with_plain_sqlite(db: Path) -> None:
    raw = db.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    # The seeded borough names are in the database, but not readable in the file.
    assert b"Camden" not in raw and b"Tower Hamlets" not in raw
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT * FROM sqlite_master").fetchall()


def test_the_right_passphrase_opens_it(db: Path) -> None:
    engine = open_database(str(db), key=KEY)
    try:
        assert _boroughs(engine) == 33  # the 32 boroughs and the central team
    finally:
        engine.dispose()


def test_a_wrong_passphrase_is_refused_in_one_clear_message(
    db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DatabaseError) as refused:
        open_database(str(db), key=DatabaseKey.of("marmalade otter 4 lighthousE"))
    assert str(refused.value) == WRONG_KEY
    assert capfd.readouterr().err == ""  # SQLCipher's own page-by-page complaints are silenced


def test_a_wrong_passphrase_is_not_remembered_for_later_engines(db: Path) -> None:
    with pytest.raises(DatabaseError):
        open_database(str(db), key=DatabaseKey.of("not the passphrase at all"))
    with pytest.raises(DatabaseError, match="RSOMAN_PASSPHRASE"):
        open_database(str(db))


def test_the_passphrase_comes_from_the_environment(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSPHRASE", PASSPHRASE)
    engine = open_database(str(db))
    try:
        assert _boroughs(engine) == 33
    finally:
        engine.dispose()


def test_without_a_passphrase_nothing_is_opened_or_created(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(DatabaseError, match="RSOMAN_PASSPHRASE"):
        open_database(str(path))
    assert not path.exists()


def test_a_new_database_is_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RSOMAN_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "new.db"
    open_database(str(path)).dispose()
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_an_unencrypted_file_only_when_asked_for_and_never_mixed_up(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DatabaseError, match="is encrypted"):
        make_engine(str(db), key=DatabaseKey.unencrypted())
    plain = tmp_path / "plain.db"
    monkeypatch.setenv("RSOMAN_UNENCRYPTED", "1")
    open_database(str(plain)).dispose()
    assert plain.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(DatabaseError, match="unencrypted database"):
        make_engine(str(plain), key=KEY)
    monkeypatch.setenv("RSOMAN_PASSPHRASE", PASSPHRASE)
    with pytest.raises(DatabaseError, match="choose one"):
        make_engine(str(plain))


def test_the_scheduler_reopens_with_the_key_given_at_start(db: Path) -> None:
    # The app opens with the typed passphrase; the warning scan later opens by URL alone.
    open_database(str(db), key=KEY).dispose()
    engine = make_engine(str(db))
    try:
        assert _boroughs(engine) == 33
    finally:
        engine.dispose()


def test_the_copy_before_a_migration_is_encrypted_too(db: Path) -> None:
    engine = make_engine(str(db), key=KEY)
    try:
        copy = backup_sqlite_file(engine, "test")
    finally:
        engine.dispose()
    assert copy is not None and not copy.read_bytes().startswith(b"SQLite format 3")
    conn = connect_sqlite(copy, KEY)
    try:
        assert conn.execute("SELECT count(*) FROM borough").fetchone()[0] == 33
    finally:
        conn.close()


def test_the_passphrase_is_never_shown(db: Path) -> None:
    assert PASSPHRASE not in repr(KEY)
    engine = make_engine(str(db), key=KEY)
    try:
        assert PASSPHRASE not in str(engine.url) and PASSPHRASE not in repr(engine)
    finally:
        engine.dispose()


def test_an_empty_passphrase_is_refused() -> None:
    with pytest.raises(DatabaseError, match="empty"):
        DatabaseKey.of("")


def test_config_asks_once_for_an_existing_file_and_twice_for_a_new_one(
    db: Path, tmp_path: Path
) -> None:
    asked: list[str] = []

    def answer(*replies: str):  # type: ignore[no-untyped-def]
        queue = list(replies)

        def ask(prompt: str) -> str:
            asked.append(prompt)
            return queue.pop(0)

        return ask

    assert config.database_key(str(db), environ={}, ask=answer(PASSPHRASE)) == KEY
    assert len(asked) == 1
    new = str(tmp_path / "new.db")
    assert config.database_key(new, environ={}, ask=answer(PASSPHRASE, PASSPHRASE)) == KEY
    with pytest.raises(config.PassphraseMismatch, match="differ"):
        config.database_key(new, environ={}, ask=answer(PASSPHRASE, PASSPHRASE + "x"))
    with pytest.raises(config.PassphraseMismatch, match="at least 12"):
        config.database_key(new, environ={}, ask=answer("short", "short"))
    env = {"RSOMAN_PASSPHRASE": PASSPHRASE}
    assert config.database_key(new, environ=env, ask=answer()) == KEY
    assert config.database_key(new, environ={"RSOMAN_UNENCRYPTED": "1"}).plain
    assert config.database_key("postgresql://u@host/db", environ={}) is None


def test_a_new_database_its_journal_and_its_copies_are_readable_by_their_owner_only(
    tmp_path: Path,
) -> None:
    # Encryption is the first guard; file modes the second: other local users get no bytes.
    path = tmp_path / "new.db"
    engine = open_database(str(path), key=KEY)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x)")  # the WAL exists now
        copy = backup_sqlite_file(engine, "test")
        files = [path, Path(f"{path}-wal"), copy]
        assert all(f is not None and f.exists() for f in files)
        for f in files:
            assert f is not None and f.stat().st_mode & 0o777 == 0o600, f
    finally:
        engine.dispose()
