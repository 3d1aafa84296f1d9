"""`rsoman audit list|verify`: reading the log, and finding tampering from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from rsoman import cli
from rsoman.core.store.engine import make_engine

PW = "correct-horse-1"


@pytest.fixture
def admin_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> str:
    for name in ("RSOMAN_DB", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    db = str(tmp_path / "audit.db")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", db, "init"]) == 0
    monkeypatch.setenv("RSOMAN_USER", "admin")
    capsys.readouterr()
    return db


def test_list_shows_sign_ins_and_is_itself_logged(admin_db, capsys):
    assert cli.main(["--db", admin_db, "audit", "list", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert any(e["summary"] == "signed in" and e["username"] == "admin" for e in first)
    assert cli.main(["--db", admin_db, "audit", "list", "--json", "--by", "admin"]) == 0
    second = json.loads(capsys.readouterr().out)
    # Newest first: this command's sign-in, then the first command's reading of the log.
    assert [e["summary"] for e in second[:2]] == ["signed in", "read the audit log (all entries)"]
    assert {e["username"] for e in second} == {"admin"}


def test_verify_passes_then_names_the_altered_entry(admin_db, capsys):
    assert cli.main(["--db", admin_db, "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    engine = make_engine(admin_db)
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_entry_no_update"))
        conn.execute(text("UPDATE audit_entry SET username = 'nobody' WHERE id = 1"))
    engine.dispose()
    assert cli.main(["--db", admin_db, "audit", "verify"]) == 1
    out, err = capsys.readouterr()
    assert "entry 1: its contents were altered" in out
    assert err.strip() == "rsoman: error: the audit log has been tampered with (1 break)"


def test_unknown_offender_is_one_clear_line(admin_db, capsys):
    assert cli.main(["--db", admin_db, "audit", "list", "--offender", "RSO-999999"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "rsoman: error: no offender with reference 'RSO-999999'"
