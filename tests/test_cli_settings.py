"""`rsoman settings show|set` and `rsoman wards ...` end to end on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import sign_in_through_environment
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.services.users import hash_password
from rsoman.core.store.engine import make_engine
from rsoman.core.store.enums import Role
from rsoman.core.store.models import AuditEntry, UserAccount

PW = "correct-horse-1"


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sign_in_through_environment(monkeypatch, PW, tmp_path / "xdg")


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "settings.db")
    assert cli.main(["--db", path, "init"]) == 0  # RSOMAN_PASSWORD: from `signed_in`
    capsys.readouterr()
    return path


def _show(db: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert cli.main(["--db", db, "settings", "show", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_show_lists_the_defaults(db, capsys):
    assert cli.main(["--db", db, "settings", "show"]) == 0
    lines = [line.split(None, 1) for line in capsys.readouterr().out.splitlines()]
    assert ["scan_daily_time", "07:00"] in lines
    assert ["scan_every_minutes", "60"] in lines
    assert ["lock_after_minutes", "10"] in lines
    assert ["briefing_contact", "(none)"] in lines
    assert ["default_capacity", "50"] in lines
    values = _show(db, capsys)
    assert values["scan_every_minutes"] == 60 and values["visit_interval_high_days"] == 91


def test_set_several_at_once_with_a_reason(db, capsys):
    contact = "Jigsaw Croydon, 020 7946 0000 (fictional)"
    code = cli.main(
        [
            "--db",
            db,
            "settings",
            "set",
            "scan_every_minutes",
            "30",
            "briefing_contact:croydon",
            contact,
            "default_capacity",
            "45",
            "--reason",
            "Force review",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "scan_every_minutes = 30" in out and "default_capacity = 45" in out
    values = _show(db, capsys)
    assert values["scan_every_minutes"] == 30
    assert values["briefing_contact:croydon"] == contact
    assert values["default_capacity"] == 45
    assert cli.main(["--db", db, "policy", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == 2


def test_every_problem_is_printed_and_nothing_changes(db, capsys):
    code = cli.main(
        [
            "--db",
            db,
            "settings",
            "set",
            "scan_every_minutes",
            "14",
            "lock_after_minutes",
            "61",
            "colour",
            "blue",
            "--reason",
            "typo",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "scan_every_minutes: 14 is less than 15" in err
    assert "lock_after_minutes: 61 is more than 60" in err
    assert "colour: unknown setting" in err
    assert "3 problems; nothing was changed" in err
    assert _show(db, capsys)["scan_every_minutes"] == 60


def test_set_needs_a_reason_and_pairs(db, capsys):
    assert cli.main(["--db", db, "settings", "set", "scan_every_minutes", "30"]) == 1
    assert "a reason is required" in capsys.readouterr().err
    assert cli.main(["--db", db, "settings", "set", "scan_every_minutes", "--reason", "x"]) == 1
    assert "KEY VALUE" in capsys.readouterr().err


def test_only_an_administrator_may_set(db, capsys, monkeypatch):
    engine = make_engine(db)
    with Session(engine) as session:
        session.add(
            UserAccount(username="sup", role=Role.supervisor, password_hash=hash_password(PW))
        )
        session.commit()
    monkeypatch.setenv("RSOMAN_USER", "sup")
    code = cli.main(
        ["--db", db, "settings", "set", "lock_after_minutes", "5", "--reason", "quicker"]
    )
    assert code == 1 and "a supervisor may not" in capsys.readouterr().err
    # Reading is open to anyone signed in.
    assert _show(db, capsys)["lock_after_minutes"] == 10
    engine.dispose()


def test_wards_add_rename_retire_and_list(db, capsys):
    base = ["--db", db, "wards"]
    assert cli.main([*base, "add", "camden", "Fictional Heath", "--reason", "new"]) == 0
    assert "ward 'Fictional Heath' added" in capsys.readouterr().out
    assert cli.main([*base, "add", "camden", "Fictional Heath"]) == 1
    assert "already has a ward" in capsys.readouterr().err
    assert cli.main([*base, "rename", "camden", "Fictional Heath", "Fictional Vale"]) == 0
    capsys.readouterr()
    assert cli.main([*base, "list", "--borough", "camden", "--json"]) == 0
    names = [w["name"] for w in json.loads(capsys.readouterr().out)]
    assert "Fictional Vale" in names and "Fictional Heath" not in names
    assert cli.main([*base, "retire", "camden", "Fictional Vale"]) == 1
    assert "a reason is required" in capsys.readouterr().err
    assert cli.main([*base, "retire", "camden", "Fictional Vale", "--reason", "merged"]) == 0
    assert "removed (no address named it)" in capsys.readouterr().out
    assert cli.main([*base, "rename", "camden", "Fictional Vale", "Other"]) == 1
    assert "has no ward" in capsys.readouterr().err
    assert cli.main([*base, "rename-borough", "camden", "Camden (fictional)"]) == 0
    assert "is now called 'Camden (fictional)'" in capsys.readouterr().out
    engine = make_engine(db)
    with Session(engine) as session:
        kinds = session.exec(
            select(AuditEntry.object_type).where(
                AuditEntry.object_type.in_(["ward", "borough"])  # type: ignore[attr-defined]
            )
        ).all()
    engine.dispose()
    assert kinds.count("ward") == 3 and kinds.count("borough") == 1
