"""`rsoman user ...`: passwd, reset, disable, enable, list, grant-restricted, revoke-restricted.

Each test calls `rsoman.cli.main(argv)` on a real SQLite database. Passwords come from the
environment or from standard input (the tests have no terminal), never from the command line.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.services import users
from rsoman.core.store.engine import make_engine
from rsoman.core.store.enums import AuditAction, Rank, TeamRole
from rsoman.core.store.models import AuditEntry, Borough, Officer, RestrictedGrant, UserAccount

ADMIN_PW = "kettle orbit tulip"
OM_PW = "lantern quarry moss"
NEW_PW = "walnut harbour violet"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """A database with the administrator `admin` and the offender manager `om1` (Camden)."""
    path = str(tmp_path / "cli.db")
    monkeypatch.setenv("RSOMAN_PASSWORD", ADMIN_PW)
    assert cli.main(["--db", path, "init"]) == 0
    engine = make_engine(path)
    with Session(engine) as s:
        camden = s.exec(select(Borough).where(Borough.code == "camden")).one()
        s.add(
            Officer(
                warrant_number="TEST101",
                surname="Quillfeather",
                forenames="Testa",
                rank=Rank.dc,
                borough_id=camden.id,
                team_role=TeamRole.offender_manager,
            )
        )
        s.commit()
    engine.dispose()
    _as(monkeypatch, "admin", ADMIN_PW)
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", OM_PW)
    argv = ["--db", path, "user", "add", "--username", "om1", "--role", "offender_manager"]
    assert cli.main([*argv, "--officer", "TEST101"]) == 0
    for name in ("RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name)
    capsys.readouterr()
    return path


def _as(monkeypatch: pytest.MonkeyPatch, username: str, password: str) -> None:
    monkeypatch.setenv("RSOMAN_USER", username)
    monkeypatch.setenv("RSOMAN_PASSWORD", password)


def _stdin(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def _account(db: str, username: str) -> UserAccount:
    engine = make_engine(db)
    try:
        with Session(engine) as s:
            return s.exec(select(UserAccount).where(UserAccount.username == username)).one()
    finally:
        engine.dispose()


def _audit(db: str, action: AuditAction) -> list[AuditEntry]:
    engine = make_engine(db)
    try:
        with Session(engine) as s:
            return list(s.exec(select(AuditEntry).where(AuditEntry.action == action)))
    finally:
        engine.dispose()


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rsoman: error: "), err
    return lines[0].removeprefix("rsoman: error: ")


def test_passwd_reads_both_passwords_from_standard_input(db, monkeypatch, capsys):
    monkeypatch.setenv("RSOMAN_USER", "om1")
    _stdin(monkeypatch, OM_PW, NEW_PW)
    assert cli.main(["--db", db, "user", "passwd"]) == 0
    assert capsys.readouterr().out == "password changed: om1\n"
    hashed = _account(db, "om1").password_hash
    assert hashed is not None and hashed.startswith("$argon2id$")
    assert PasswordHasher().verify(hashed, NEW_PW)


def test_passwd_refuses_a_weak_password_before_any_change(db, monkeypatch, capsys):
    monkeypatch.setenv("RSOMAN_USER", "om1")
    _stdin(monkeypatch, OM_PW, "password1234")
    assert cli.main(["--db", db, "user", "passwd"]) == 1
    assert "too common" in _error(capsys)
    assert PasswordHasher().verify(_account(db, "om1").password_hash, OM_PW)


def test_passwd_with_a_wrong_current_password_counts_as_a_failure(db, monkeypatch, capsys):
    monkeypatch.setenv("RSOMAN_USER", "om1")
    _stdin(monkeypatch, "not my password", NEW_PW)
    assert cli.main(["--db", db, "user", "passwd"]) == 1
    assert _error(capsys) == "wrong user name or password"
    assert _account(db, "om1").failed_logins == 1


def test_no_password_option_on_the_command_line(db, capsys):
    for command in ("passwd", "reset"):
        assert cli.main(["--db", db, "user", command, "om1", "--password", NEW_PW]) == 2
    capsys.readouterr()


def test_reset_makes_the_user_choose_a_new_password(db, monkeypatch, capsys):
    _as(monkeypatch, "admin", ADMIN_PW)
    _stdin(monkeypatch, NEW_PW)
    assert cli.main(["--db", db, "user", "reset", "om1"]) == 0
    out = capsys.readouterr().out
    assert out == "password reset: om1; they must choose a new one at their next sign-in\n"
    assert _account(db, "om1").must_change_password
    # The reset password signs in to nothing else...
    _as(monkeypatch, "om1", NEW_PW)
    assert cli.main(["--db", db, "user", "list"]) == 1
    assert "choose a new one" in _error(capsys)
    # ...but lets the user choose their own.
    monkeypatch.delenv("RSOMAN_PASSWORD")
    _stdin(monkeypatch, NEW_PW, "copper meadow lantern")
    assert cli.main(["--db", db, "user", "passwd"]) == 0
    assert not _account(db, "om1").must_change_password


def test_an_officer_cannot_reset_and_is_not_asked_for_a_password(db, monkeypatch, capsys):
    _as(monkeypatch, "om1", OM_PW)
    _stdin(monkeypatch)  # nothing to read: a prompt would fail differently
    assert cli.main(["--db", db, "user", "reset", "admin"]) == 1
    assert _error(capsys) == "an offender manager may not manage users"
    assert any(e.username == "om1" for e in _audit(db, AuditAction.refusal))


def test_disable_and_enable(db, monkeypatch, capsys):
    _as(monkeypatch, "admin", ADMIN_PW)
    assert cli.main(["--db", db, "user", "disable", "om1"]) == 1
    assert "a reason is required" in _error(capsys)
    assert cli.main(["--db", db, "user", "disable", "om1", "--reason", "left the unit"]) == 0
    assert "account disabled: om1" in capsys.readouterr().out
    assert _account(db, "om1").active is False
    _as(monkeypatch, "om1", OM_PW)
    _stdin(monkeypatch, OM_PW, NEW_PW)
    assert cli.main(["--db", db, "user", "passwd"]) == 1
    assert _error(capsys) == "wrong user name or password"
    _as(monkeypatch, "admin", ADMIN_PW)
    assert cli.main(["--db", db, "user", "disable", "admin", "--reason", "test"]) == 1
    assert "last active administrator" in _error(capsys)
    assert cli.main(["--db", db, "user", "enable", "om1", "--reason", "came back"]) == 0
    assert _account(db, "om1").active is True
    capsys.readouterr()


def test_list(db, monkeypatch, capsys):
    _as(monkeypatch, "admin", ADMIN_PW)
    assert cli.main(["--db", db, "user", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["User", "Role", "Officer"]
    assert any(line.startswith("om1 ") and "Camden" in line for line in lines)
    assert cli.main(["--db", db, "user", "list", "--json"]) == 0
    rows = {r["username"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["om1"]["role"] == "offender_manager" and rows["om1"]["active"] is True
    assert rows["om1"]["restricted_grant"] is False
    _as(monkeypatch, "om1", OM_PW)
    assert cli.main(["--db", db, "user", "list"]) == 1
    assert _error(capsys) == "an offender manager may not manage users"


def test_grant_and_revoke_restricted(db, monkeypatch, capsys):
    _as(monkeypatch, "admin", ADMIN_PW)
    argv = ["--db", db, "user", "grant-restricted", "om1"]
    assert cli.main(argv) == 1
    assert "a reason is required" in _error(capsys)
    assert cli.main([*argv, "--reason", "vetted for case work"]) == 0
    assert "om1 now sees the restricted records" in capsys.readouterr().out
    assert cli.main([*argv, "--reason", "again"]) == 1
    assert "already sees restricted records" in _error(capsys)
    revoke = ["--db", db, "user", "revoke-restricted", "om1", "--reason", "moved teams"]
    assert cli.main(revoke) == 0
    assert "no longer sees restricted records" in capsys.readouterr().out
    engine = make_engine(db)
    with Session(engine) as s:
        (grant,) = s.exec(select(RestrictedGrant)).all()
        assert grant.reason == "vetted for case work" and grant.revoked_at is not None
    engine.dispose()
    _as(monkeypatch, "om1", OM_PW)
    assert cli.main(["--db", db, "user", "grant-restricted", "om1", "--reason", "me"]) == 1
    assert _error(capsys) == "an offender manager may not manage users"
