"""`rsoman policy show|list|load` end to end on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import factories as f
import pytest
from cli_support import sign_in_through_environment
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.rules.policy import POLICY_V1, policy_settings
from rsoman.core.services.users import hash_password
from rsoman.core.store.engine import make_engine
from rsoman.core.store.enums import Role
from rsoman.core.store.models import UserAccount

PW = "correct-horse-1"
EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "policy.toml"


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sign_in_through_environment(monkeypatch, PW, tmp_path / "xdg")


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "policy.db")
    assert cli.main(["--db", path, "init"]) == 0  # RSOMAN_PASSWORD: from `signed_in`
    capsys.readouterr()
    return path


def _show(db: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert cli.main(["--db", db, "policy", "show", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_show_prints_the_current_values(db, capsys):
    assert cli.main(["--db", db, "policy", "show"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("force policy v1 (in force)")
    assert any(line.split() == ["visit_interval_high_days", "91"] for line in out.splitlines())
    assert any(
        line.split() == ["mappa_level3_min_rank", "superintendent"] for line in out.splitlines()
    )
    assert _show(db, capsys) == {"version": 1, "settings": policy_settings(POLICY_V1)}


def test_load_list_and_load_the_docs_example_back(db, capsys, tmp_path):
    changed = tmp_path / "bimonthly.toml"
    changed.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "visit_interval_high_days = 91", "visit_interval_high_days = 60"
        ),
        encoding="utf-8",
    )
    args = ["--db", db, "policy", "load", str(changed), "--reason", "bimonthly high risk"]
    assert cli.main(args) == 0
    assert "force policy v2 loaded" in capsys.readouterr().out
    shown = _show(db, capsys)
    assert shown["version"] == 2 and shown["settings"]["visit_interval_high_days"] == 60

    # The example file is the v1 defaults: loading it now is a change back, as version 3.
    assert cli.main(["--db", db, "policy", "load", str(EXAMPLE), "--reason", "back"]) == 0
    capsys.readouterr()
    assert _show(db, capsys) == {"version": 3, "settings": policy_settings(POLICY_V1)}

    assert cli.main(["--db", db, "policy", "list"]) == 0
    out = capsys.readouterr().out
    assert "v1: loaded" in out and "by system" in out
    assert "v2: loaded" in out and "from bimonthly.toml" in out and "bimonthly high risk" in out
    assert "visit_interval_high_days: 91 -> 60" in out
    assert "v3 (in force)" in out and "visit_interval_high_days: 60 -> 91" in out


def test_a_bad_file_prints_every_problem_and_loads_nothing(db, capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'visit_interval_low_days = -1\nrisk_review_days = "yearly"\n'
        'mappa_level2_min_rank = "sergeant-major"\nhome_visits = 3\n',
        encoding="utf-8",
    )
    assert cli.main(["--db", db, "policy", "load", str(bad), "--reason", "x"]) == 1
    err = capsys.readouterr().err
    for key in ("visit_interval_low_days", "risk_review_days", "mappa_level2_min_rank"):
        assert f"bad.toml: {key}:" in err
    assert "bad.toml: home_visits: unknown setting" in err
    assert "policy refused: 4 problems; nothing was loaded" in err
    assert _show(db, capsys)["version"] == 1


def test_the_same_values_again_are_no_change(db, capsys):
    assert cli.main(["--db", db, "policy", "load", str(EXAMPLE), "--reason", "again"]) == 1
    assert "no change" in capsys.readouterr().err


def test_a_reason_is_required(db, capsys):
    assert cli.main(["--db", db, "policy", "load", str(EXAMPLE)]) == 1
    assert "a reason is required" in capsys.readouterr().err


def test_a_supervisor_may_read_but_not_load(db, capsys, tmp_path, monkeypatch):
    engine = make_engine(db)
    try:
        with Session(engine) as session:
            f.user(session, Role.supervisor, f.officer(session), username="sup")
            account = session.exec(select(UserAccount).where(UserAccount.username == "sup")).one()
            account.password_hash = hash_password(PW)
            session.add(account)
            session.commit()
    finally:
        engine.dispose()
    monkeypatch.setenv("RSOMAN_USER", "sup")
    assert _show(db, capsys)["version"] == 1
    changed = tmp_path / "smaller.toml"
    changed.write_text("caseload_capacity = 40\n", encoding="utf-8")
    assert cli.main(["--db", db, "policy", "load", str(changed), "--reason", "r"]) == 1
    assert "a supervisor may not manage policy" in capsys.readouterr().err
    assert _show(db, capsys)["version"] == 1
