"""The `rsoman` command in-process: set-up, sign-in, accounts, database choice, error handling.

Each test calls `rsoman.cli.main(argv)` on a real SQLite database in a temp folder.
"""

from __future__ import annotations

import argparse
import io
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from rsoman import __version__, cli
from rsoman.config import data_dir, resolve_database_url
from rsoman.core.store.engine import make_engine
from rsoman.core.store.enums import AuditAction, Rank, Role, TeamRole
from rsoman.core.store.models import AuditEntry, Borough, Officer, UserAccount

PW = "correct-horse-1"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No RSOMAN_* settings from the caller, a private data folder, and no terminal (a test
    that wants prompts says so)."""
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def admin_db(db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with its first administrator `admin`, signed in through the environment."""
    with monkeypatch.context() as env:
        env.setenv("RSOMAN_PASSWORD", PW)
        assert cli.main(["--db", db, "init"]) == 0
    capsys.readouterr()
    return db


def _engine(db: str) -> Engine:
    return make_engine(db)


def _users(db: str) -> dict[str, UserAccount]:
    engine = _engine(db)
    try:
        with Session(engine) as s:
            return {u.username: u for u in s.exec(select(UserAccount)).all()}
    finally:
        engine.dispose()


def _add_officer(db: str, warrant: str = "DEMO101") -> None:
    engine = _engine(db)
    try:
        with Session(engine) as s:
            borough = s.exec(select(Borough).where(Borough.code == "camden")).one()
            s.add(
                Officer(
                    warrant_number=warrant,
                    surname="Quillfeather",
                    forenames="Testa",
                    rank=Rank.dc,
                    borough_id=borough.id,
                    team_role=TeamRole.offender_manager,
                    team="Team 1",
                )
            )
            s.commit()
    finally:
        engine.dispose()


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rsoman: error: "), err
    assert "Traceback" not in err
    return lines[0].removeprefix("rsoman: error: ")


# --- version and usage ----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"rsoman {__version__}\n"
    assert __version__ == "0.1.0"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code = cli.main(["--db", db, "user", "add", "--username", "x", "--role", "chief"])
    assert code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert cli.main(["user"]) == 2


# --- init -----------------------------------------------------------------------------------


def test_init_creates_the_administrator_and_refuses_a_second_time(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", db, "init"]) == 0
    out = capsys.readouterr().out
    assert db in out and "admin" in out
    users = _users(db)
    assert list(users) == ["admin"]
    assert users["admin"].role == Role.administrator
    assert users["admin"].officer_id is None

    assert cli.main(["--db", db, "init", "--admin-user", "boss"]) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert "already has user accounts" in message
    assert list(_users(db)) == ["admin"]


def test_init_account_can_sign_in(admin_db: str) -> None:
    from rsoman.core.services.users import authenticate

    engine = _engine(admin_db)
    try:
        with Session(engine) as s:
            actor = authenticate(s, "admin", PW)
        assert actor.role == Role.administrator
    finally:
        engine.dispose()


def test_init_takes_the_password_from_the_environment(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", db, "init", "--admin-user", "chief.admin"]) == 0
    assert list(_users(db)) == ["chief.admin"]


def test_init_without_a_password_off_terminal_is_a_clear_error(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, nothing piped in
    assert cli.main(["--db", db, "init"]) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert "RSOMAN_PASSWORD" in message and "standard input" in message
    assert _users(db) == {}
    # A password is never taken from the command line (ps and shell history show it).
    assert cli.main(["--db", db, "init", "--admin-password", PW]) == 2


def test_init_reads_the_password_from_standard_input(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PW}\n"))
    assert cli.main(["--db", db, "init"]) == 0
    assert list(_users(db)) == ["admin"]


def test_init_refuses_a_weak_password(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", "short")
    assert cli.main(["--db", db, "init"]) == 1
    assert "at least 12 characters" in _one_error_line(capsys.readouterr().err)
    assert _users(db) == {}


def test_init_asks_twice_at_a_terminal(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    answers = iter([PW, PW + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: next(answers))
    assert cli.main(["--db", db, "init"]) == 1
    assert "differ" in _one_error_line(capsys.readouterr().err)
    assert _users(db) == {}

    answers = iter([PW, PW])
    assert cli.main(["--db", db, "init"]) == 0
    assert list(_users(db)) == ["admin"]


# --- signing in -----------------------------------------------------------------------------


def test_wrong_password_is_one_line_and_exit_1(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", "not-the-password")
    argv = ["--db", admin_db, "--user", "admin", "user", "add", "--username", "x"]
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", PW)
    assert cli.main([*argv, "--role", "administrator"]) == 1
    captured = capsys.readouterr()
    assert _one_error_line(captured.err) == "wrong user name or password"
    assert captured.out == ""
    users = _users(admin_db)
    assert "x" not in users
    assert users["admin"].failed_logins == 1


def test_unknown_user_is_refused_like_a_wrong_password(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RSOMAN_USER", "nobody")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", PW)
    argv = ["--db", admin_db, "user", "add", "--username", "x", "--role", "administrator"]
    assert cli.main(argv) == 1
    assert _one_error_line(capsys.readouterr().err) == "wrong user name or password"


def test_no_user_or_password_off_terminal_says_how_to_give_them(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", admin_db, "user", "add", "--username", "x", "--role", "administrator"]
    assert cli.main(argv) == 1
    assert "RSOMAN_USER" in _one_error_line(capsys.readouterr().err)
    monkeypatch.setenv("RSOMAN_USER", "admin")
    assert cli.main(argv) == 1
    assert "RSOMAN_PASSWORD" in _one_error_line(capsys.readouterr().err)


def test_user_and_password_are_asked_at_a_terminal(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO("admin\n"))
    secrets = iter([PW, "new-password-2", "new-password-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="", stream=None: next(secrets))
    argv = ["--db", admin_db, "user", "add", "--username", "deputy", "--role", "administrator"]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    assert "User name: " in captured.err  # prompts go to stderr, never into stdout
    assert captured.out == "account created: deputy (administrator)\n"
    assert "deputy" in _users(admin_db)


# --- user add -------------------------------------------------------------------------------


def test_user_add_by_an_administrator_and_refused_for_anyone_else(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_officer(admin_db, "DEMO101")
    monkeypatch.setenv("RSOMAN_USER", "admin")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", "officer-pass-1")
    add = ["--db", admin_db, "user", "add"]
    assert cli.main([*add, "--username", "om1", "--role", "offender_manager",
                     "--officer", "DEMO101"]) == 0  # fmt: skip
    assert capsys.readouterr().out == "account created: om1 (offender_manager, officer DEMO101)\n"
    assert _users(admin_db)["om1"].role == Role.offender_manager

    # The offender manager signs in and tries to add an account.
    monkeypatch.setenv("RSOMAN_USER", "om1")
    monkeypatch.setenv("RSOMAN_PASSWORD", "officer-pass-1")
    assert cli.main([*add, "--username", "sneaky", "--role", "administrator"]) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert "may not manage users" in message
    assert "sneaky" not in _users(admin_db)
    engine = _engine(admin_db)
    try:
        with Session(engine) as s:
            refusals = s.exec(
                select(AuditEntry).where(
                    AuditEntry.action == AuditAction.refusal, AuditEntry.username == "om1"
                )
            ).all()
        assert len(refusals) == 1
    finally:
        engine.dispose()


def test_user_add_lists_every_problem_on_one_line(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RSOMAN_USER", "admin")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    argv = ["--db", admin_db, "user", "add", "--username", "admin", "--role", "supervisor"]
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", "long-enough-1")
    assert cli.main([*argv, "--officer", "NOSUCH1"]) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert "already taken" in message and "NOSUCH1" in message


def test_user_add_off_terminal_without_a_password(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RSOMAN_USER", "admin")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, nothing piped in
    argv = ["--db", admin_db, "user", "add", "--username", "x", "--role", "administrator"]
    assert cli.main(argv) == 1
    assert "RSOMAN_NEW_PASSWORD" in _one_error_line(capsys.readouterr().err)
    # A password is never taken from the command line (ps and shell history show it).
    assert cli.main([*argv, "--password", PW]) == 2


def _all_parsers(
    parser: argparse.ArgumentParser, path: str = "rsoman"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _all_parsers(sub, f"{path} {name}")


def test_no_command_takes_a_password_on_the_command_line() -> None:
    """The process list and shell history show every argument to every local user: a password
    comes from the environment, a prompt or standard input, never from an option's value. An
    option may name the environment variable that holds one (`--pdf-password-env VAR`)."""
    offending: list[str] = []
    commands = 0
    for path, parser in _all_parsers(cli.build_parser()):
        commands += 1
        for action in parser._actions:
            for option in action.option_strings:
                secret = "password" in option or "passphrase" in option
                if secret and action.nargs != 0 and not option.endswith("-env"):
                    offending.append(f"{path} {option}")
    assert commands > 20  # the walk reached the sub-commands
    assert offending == []


# --- which database -------------------------------------------------------------------------


def test_db_flag_beats_the_environment_which_beats_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env, from_flag = tmp_path / "env.db", tmp_path / "flag.db"
    monkeypatch.setenv("RSOMAN_DB", str(from_env))
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", str(from_flag), "init"]) == 0
    assert from_flag.exists() and not from_env.exists()

    assert cli.main(["init"]) == 0
    assert from_env.exists()
    assert not (data_dir() / "rsoman.db").exists()

    # The option is accepted after the command too.
    after = tmp_path / "after.db"
    assert cli.main(["init", "--db", str(after)]) == 0
    assert after.exists()


def test_default_database_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["init"]) == 0
    expected = tmp_path / "xdg" / "rsoman" / "rsoman.db"
    assert expected.exists()
    assert resolve_database_url() == str(expected)


def test_resolve_database_url_precedence(tmp_path: Path) -> None:
    env = {"RSOMAN_DB": "postgresql://u@host/db"}
    assert resolve_database_url("flag.db", env) == "flag.db"
    assert resolve_database_url(None, env) == "postgresql://u@host/db"
    assert resolve_database_url("  ", {"RSOMAN_DB": ""}) == str(
        tmp_path / "xdg" / "rsoman" / "rsoman.db"
    )


def test_a_missing_database_file_is_an_error_not_a_new_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_USER", "admin")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    missing = tmp_path / "typo.db"
    argv = ["--db", str(missing), "user", "add", "--username", "x", "--role", "administrator"]
    assert cli.main(argv) == 1
    assert "rsoman init" in _one_error_line(capsys.readouterr().err)
    assert not missing.exists()


def test_an_unreachable_server_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql://someone:hunter2-secret@127.0.0.1:1/rsoman"
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", url, "init"]) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert "cannot open the database" in message
    assert "hunter2-secret" not in message
    assert "sqlalche.me" not in message


# --- errors never show a traceback ----------------------------------------------------------


def test_an_unexpected_failure_is_one_line(
    admin_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr("rsoman.core.services.users.create_user", explode)
    monkeypatch.setenv("RSOMAN_USER", "admin")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", PW)
    argv = ["--db", admin_db, "user", "add", "--username", "x", "--role", "administrator"]
    assert cli.main(argv) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert message == "unexpected RuntimeError: disk on fire second line"


def test_ctrl_c_exits_130_quietly(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(prompt: str = "", stream: object = None) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", interrupted)
    assert cli.main(["--db", db, "init"]) == 130
    captured = capsys.readouterr()
    assert captured.err.strip() == "" and captured.out == ""


def test_a_bad_date_is_an_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--db", db, "demo", "--offenders", "5", "--seed", "1", "--as-of", "2026-02-30"]
    assert cli.main(argv) == 1
    assert "--as-of" in _one_error_line(capsys.readouterr().err)
    assert not Path(db).exists()


def test_a_missing_import_file_is_an_error(
    admin_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", admin_db, "import", "no-such-file.json"]) == 1
    assert _one_error_line(capsys.readouterr().err) == "no-such-file.json: no such file"


# --- no command: the desktop app ------------------------------------------------------------


def test_no_command_opens_the_desktop_app_with_the_chosen_database(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def run(db_url: str) -> int:
        opened.append(db_url)
        return 7

    fake = types.ModuleType("rsoman.gui.app")
    fake.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rsoman.gui.app", fake)
    import rsoman.gui

    monkeypatch.setattr(rsoman.gui, "app", fake, raising=False)
    assert cli.main(["--db", db]) == 7
    monkeypatch.setenv("RSOMAN_DB", "postgresql://u@h/d")
    assert cli.main([]) == 7
    assert opened == [db, "postgresql://u@h/d"]
