"""`rsoman export briefing|mappa|visits`: sign in, the recipient and reason (asked at a terminal,
refused otherwise), the PDF written, the issue recorded; one-line errors."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import factories as f
import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.services.users import hash_password
from rsoman.core.store.enums import AuditAction, RiskLevel, Role, TeamRole
from rsoman.core.store.models import AuditEntry, IssuedPack, UserAccount

PW = "export-password-1"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)


@pytest.fixture
def db(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    """A supervisor `sup` in Camden, two Camden offenders, one with an order; signed in."""
    with Session(sqlite_engine) as session:
        supervisor = f.officer(
            session, rank=f.Rank.ds, team_role=TeamRole.supervisor, warrant="TESTCLI01"
        )
        actor = f.user(session, Role.supervisor, supervisor, username="sup")
        account = session.get(UserAccount, actor.user_id)
        assert account is not None
        account.password_hash = hash_password(PW)
        one = f.offender(session, surname="Clifton", risk=RiskLevel.high, manager=supervisor)
        f.court_order(session, one, ("Not to enter Testmere Park (fictional).",))
        f.offender(session, surname="Clayworth", risk=RiskLevel.low, manager=supervisor)
        session.commit()
    monkeypatch.setenv("RSOMAN_USER", "sup")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    return str(sqlite_engine.url.database)


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rsoman: error: ") and "Traceback" not in err
    return lines[0].removeprefix("rsoman: error: ")


def test_export_briefing(db: str, sqlite_engine: Engine, tmp_path: Path, capsys):
    out = tmp_path / "camden.pdf"
    code = cli.main(
        ["export", "briefing", "--db", db, "--borough", "camden", "--out", str(out),
         "--to", "PS Testwright (response team 3)", "--reason", "late turn briefing"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    reference, rest = capsys.readouterr().out.strip().split(": ", 1)
    assert rest == f"4 pages written to {out}"
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert len(pages) == 4 and all("PS Testwright (response team 3)" in p for p in pages)
    with Session(sqlite_engine) as session:
        row = session.exec(select(IssuedPack)).one()
        assert (row.reference, row.issued_to, row.reason) == (
            reference,
            "PS Testwright (response team 3)",
            "late turn briefing",
        )
        pack_entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.disclosure, AuditEntry.object_key == reference
            )
        ).one()
        assert pack_entry.username == "sup" and pack_entry.justification == "late turn briefing"


def test_a_pack_can_carry_a_password(
    db: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    """--pdf-password-env encrypts the PDF (AES-256): it cannot be read without the password
    and reads the same with it. The password never appears on the command line."""
    out = tmp_path / "locked.pdf"
    monkeypatch.setenv("PACK_PASSWORD", "fictional-pack-pass")
    code = cli.main(
        ["export", "briefing", "--db", db, "--borough", "camden", "--out", str(out),
         "--to", "PS Testwright", "--reason", "late turn briefing",
         "--pdf-password-env", "PACK_PASSWORD"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.is_encrypted
    assert not reader.decrypt("not the password")
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.decrypt("fictional-pack-pass")
    pages = [p.extract_text() for p in reader.pages]
    assert pages and all("OFFICIAL-SENSITIVE" in p and "PS Testwright" in p for p in pages)
    assert b"fictional-pack-pass" not in out.read_bytes()


def test_a_short_or_missing_pdf_password_is_refused(
    db: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PACK_PASSWORD", "short")
    out = tmp_path / "x.pdf"
    code = cli.main(
        ["export", "briefing", "--db", db, "--borough", "camden", "--out", str(out),
         "--to", "PS Testwright", "--reason", "late turn briefing",
         "--pdf-password-env", "PACK_PASSWORD"]
    )  # fmt: skip
    assert code == 1
    assert "8 or more characters" in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_export_visits(db: str, tmp_path: Path, capsys):
    out = tmp_path / "visits.pdf"
    code = cli.main(
        ["export", "visits", "--db", db, "--officer", "TESTCLI01", "--from", "2026-03-16",
         "--until", "2026-03-22", "--out", str(out), "--to", "DS self", "--reason", "visits"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "CLIFTON" in text and "Not to enter Testmere Park (fictional)." in text


def test_visits_end_date_is_until_not_to(db: str, tmp_path: Path, capsys):
    code = cli.main(
        ["export", "visits", "--db", db, "--officer", "TESTCLI01", "--from", "2026-03-16",
         "--to", "2026-03-22", "--reason", "visits", "--out", str(tmp_path / "v.pdf")]
    )  # fmt: skip
    assert code == 1
    assert "--until" in one_error_line(capsys.readouterr().err)


def test_export_mappa(db: str, sqlite_engine: Engine, tmp_path: Path, capsys):
    with Session(sqlite_engine) as session:
        officer = f.officer(session, team_role=TeamRole.mappa_coordinator)
        actor = f.user(session, Role.mappa_coordinator, officer, username="coord")
        account = session.get(UserAccount, actor.user_id)
        assert account is not None
        account.password_hash = session.exec(
            select(UserAccount.password_hash).where(UserAccount.username == "sup")
        ).one()
        offender = f.offender(session, surname="Mapleby", mappa=(1, 2))
        meeting = f.mappa_meeting(session, held_on=date(2026, 3, 10), offenders=(offender,))
        ref = meeting.ref
        session.commit()
    out = tmp_path / "mappa.pdf"
    code = cli.main(
        ["export", "mappa", "--db", db, "--user", "coord", "--meeting", ref, "--out", str(out),
         "--to", "MAPPA panel", "--reason", "panel"]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert "MAPLEBY" in " ".join(p.extract_text() for p in PdfReader(str(out)).pages)


def test_without_a_terminal_recipient_and_reason_are_required(db: str, tmp_path: Path, capsys):
    out = tmp_path / "x.pdf"
    code = cli.main(["export", "briefing", "--db", db, "--borough", "camden", "--out", str(out)])
    assert code == 1
    message = one_error_line(capsys.readouterr().err)
    assert "--to NAME and --reason TEXT" in message
    assert not out.exists()


def test_at_a_terminal_they_are_asked_for(
    db: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("Insp Testwell\nweekly briefing\n"))
    out = tmp_path / "asked.pdf"
    code = cli.main(["export", "briefing", "--db", db, "--borough", "camden", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Issued to" in captured.err and "Reason" in captured.err
    assert "Insp Testwell" in PdfReader(str(out)).pages[0].extract_text()


def test_errors_are_one_line_and_nothing_is_recorded(
    db: str, sqlite_engine: Engine, tmp_path: Path, capsys
):
    base = ["export", "briefing", "--db", db, "--to", "X", "--reason", "Y"]
    assert cli.main([*base, "--borough", "atlantis", "--out", str(tmp_path / "a.pdf")]) == 1
    assert "no borough with code 'atlantis'" in one_error_line(capsys.readouterr().err)
    assert cli.main([*base, "--borough", "hackney", "--out", str(tmp_path / "h.pdf")]) == 1
    assert "outside your borough" in one_error_line(capsys.readouterr().err)
    missing = tmp_path / "nowhere" / "b.pdf"
    assert cli.main([*base, "--borough", "camden", "--out", str(missing)]) == 1
    assert "no such folder" in one_error_line(capsys.readouterr().err)
    with Session(sqlite_engine) as session:
        assert session.exec(select(IssuedPack)).all() == []
