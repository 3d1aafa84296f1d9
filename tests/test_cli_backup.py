"""`rsoman backup` and `rsoman restore`: encrypted, and checked before anything is replaced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from rsoman import cli
from rsoman.core.services import users
from rsoman.core.store.engine import forget_keys

ADMIN_PW = "kettle orbit tulip"
PASSPHRASE = "copper kestrel 9 meadow"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_BACKUP_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    forget_keys()
    yield
    forget_keys()


@pytest.fixture
def encrypted_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("RSOMAN_UNENCRYPTED")
    monkeypatch.setenv("RSOMAN_PASSPHRASE", PASSPHRASE)
    path = str(tmp_path / "live.db")
    monkeypatch.setenv("RSOMAN_PASSWORD", ADMIN_PW)
    assert cli.main(["--db", path, "init"]) == 0
    monkeypatch.setenv("RSOMAN_USER", "admin")
    return path


def test_backup_and_restore_round_trip(
    encrypted_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy.bak"
    # Without a backup passphrase of its own, the backup takes the database's.
    assert cli.main(["--db", encrypted_db, "backup", "--out", str(out)]) == 0
    assert "encrypted backup written" in capsys.readouterr().out
    assert not out.read_bytes().startswith(b"SQLite format 3")
    assert cli.main(["--db", encrypted_db, "restore", str(out)]) == 0
    said = capsys.readouterr().out
    assert "restored" in said and "before-restore" in said
    assert Path(encrypted_db + ".before-restore").exists()
    assert cli.main(["--db", encrypted_db, "audit", "verify"]) == 0


def test_a_tampered_backup_is_refused_and_nothing_is_replaced(
    encrypted_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy.bak"
    assert cli.main(["--db", encrypted_db, "backup", "--out", str(out)]) == 0
    raw = bytearray(out.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    out.write_bytes(bytes(raw))
    capsys.readouterr()
    assert cli.main(["--db", encrypted_db, "restore", str(out)]) == 1
    err = capsys.readouterr().err
    assert "restore refused, nothing was replaced" in err and "Traceback" not in err
    assert not Path(encrypted_db + ".before-restore").exists()
    assert not list(tmp_path.glob(".*restoring*"))


def test_backup_of_the_tests_unencrypted_database_needs_a_backup_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "plain.db")
    monkeypatch.setenv("RSOMAN_PASSWORD", ADMIN_PW)
    assert cli.main(["--db", path, "init"]) == 0
    monkeypatch.setenv("RSOMAN_USER", "admin")
    out = tmp_path / "copy.bak"
    assert cli.main(["--db", path, "backup", "--out", str(out)]) == 1
    assert "RSOMAN_BACKUP_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("RSOMAN_BACKUP_PASSPHRASE", PASSPHRASE)
    assert cli.main(["--db", path, "backup", "--out", str(out)]) == 0
    assert not out.read_bytes().startswith(b"SQLite format 3")
