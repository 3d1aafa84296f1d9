"""The audit report: who looked at a person, what a user looked at, over whole London days; as
CSV (no formula survives) and PDF; reading it is itself logged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import factories as f
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.reports.audit_report import CSV_HEADER, render_audit_csv, render_audit_pdf
from rsoman.core.services import audit
from rsoman.core.services.audit_report import audit_report
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.store.enums import AuditAction, Role
from rsoman.core.store.models import AuditEntry

LONDON = f.LONDON


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    """Set the time the next audit entries are stamped with (clock[0])."""
    now = [datetime(2026, 3, 10, 12, tzinfo=UTC)]
    monkeypatch.setattr(audit, "utcnow", lambda: now[0])
    yield now


def _look(session: Session, who, offender, at: datetime, clock: list[datetime], why=None):
    clock[0] = at
    audit.record(
        session,
        who,
        AuditAction.consultation,
        "offender",
        f"viewed the record of {offender.ref}",
        object_key=offender.ref,
        offender_id=offender.id,
        justification=why,
    )


@pytest.fixture
def people(session: Session):
    camden_om = f.officer(session)
    sup = f.user(session, Role.supervisor, f.officer(session), username="sup_camden")
    alice = f.user(session, Role.offender_manager, camden_om, username="alice")
    bob = f.user(session, Role.offender_manager, f.officer(session), username="bob")
    admin = f.user(session, Role.administrator, username="admin_x")
    a = f.offender(session, ref="RSO-A00001")
    b = f.offender(session, ref="RSO-B00002")
    far = f.offender(session, ref="RSO-H00003", borough_code="hackney")
    return {"sup": sup, "alice": alice, "bob": bob, "admin": admin, "a": a, "b": b, "far": far}


def test_who_looked_at_a_person_oldest_first_and_the_reading_is_logged(session, people, clock):
    p = people
    _look(session, p["alice"], p["a"], datetime(2026, 3, 2, 9, tzinfo=UTC), clock)
    _look(session, p["bob"], p["b"], datetime(2026, 3, 2, 10, tzinfo=UTC), clock)
    _look(session, p["bob"], p["a"], datetime(2026, 3, 3, 10, tzinfo=UTC), clock, "home visit")
    clock[0] = datetime(2026, 3, 10, 12, tzinfo=UTC)
    report = audit_report(
        session, p["sup"], offender_ref="RSO-A00001", start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert [(r.username, r.offender_ref, r.justification) for r in report.rows] == [
        ("alice", "RSO-A00001", None),
        ("bob", "RSO-A00001", "home visit"),
    ]
    assert report.question == "Who looked at or changed RSO-A00001"
    assert report.counts() == [("alice", "consultation", 1), ("bob", "consultation", 1)]
    last = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.username == "sup_camden"
    assert last.object_key == report.reference and last.offender_id == p["a"].id
    assert report.reference in last.summary and "(2 entries)" in last.summary
    # The reading is logged after the query: a second report shows the first one's reading.
    again = audit_report(
        session, p["sup"], offender_ref="RSO-A00001", start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert again.rows[-1].object_key == report.reference


def test_what_a_user_looked_at_names_each_offender(session, people, clock):
    p = people
    _look(session, p["bob"], p["b"], datetime(2026, 3, 2, 10, tzinfo=UTC), clock)
    _look(session, p["bob"], p["a"], datetime(2026, 3, 3, 10, tzinfo=UTC), clock)
    _look(session, p["alice"], p["a"], datetime(2026, 3, 3, 11, tzinfo=UTC), clock)
    report = audit_report(
        session, p["admin"], username="bob", start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert [r.offender_ref for r in report.rows] == ["RSO-B00002", "RSO-A00001"]
    both = audit_report(
        session,
        p["admin"],
        username="bob",
        offender_ref="RSO-A00001",
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
    )
    assert [(r.username, r.offender_ref) for r in both.rows] == [("bob", "RSO-A00001")]
    assert both.question == "What bob did about RSO-A00001"


def _london(day: date, h: int, m: int = 0, s: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, h, m, s, tzinfo=LONDON).astimezone(UTC)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 6, 1), date(2026, 6, 30)),  # British Summer Time: midnight is 23:00 UTC
        (date(2026, 1, 1), date(2026, 1, 31)),  # GMT
    ],
)
def test_the_period_is_whole_london_days_first_and_last_included(
    session, people, clock, start: date, end: date
):
    p = people
    day_before = date.fromordinal(start.toordinal() - 1)
    day_after = date.fromordinal(end.toordinal() + 1)
    moments = {
        "day before, 23:59:59": _london(day_before, 23, 59, 59),
        "first day, 00:00": _london(start, 0),
        "last day, 23:59:59": _london(end, 23, 59, 59),
        "day after, 00:00": _london(day_after, 0),
    }
    for label, at in moments.items():
        clock[0] = at
        audit.record(
            session, p["alice"], AuditAction.consultation, "offender", label, offender_id=p["a"].id
        )
    report = audit_report(session, p["admin"], offender_ref="RSO-A00001", start=start, end=end)
    assert [r.summary for r in report.rows] == ["first day, 00:00", "last day, 23:59:59"]
    one_day = audit_report(session, p["admin"], offender_ref="RSO-A00001", start=end, end=end)
    assert [r.summary for r in one_day.rows] == ["last day, 23:59:59"]


def test_bad_questions_list_every_problem(session, people):
    with pytest.raises(ValidationFailed) as info:
        audit_report(session, people["admin"], start=date(2026, 3, 2), end=date(2026, 3, 1))
    fields = [p.field for p in info.value.problems]
    assert fields == ["offender_ref", "end"]
    with pytest.raises(ValidationFailed) as info:
        audit_report(session, people["admin"], username="bob", start=None, end=None)
    assert [p.field for p in info.value.problems] == ["start", "end"]
    with pytest.raises(NotFound, match="RSO-NOPE"):
        audit_report(
            session,
            people["admin"],
            offender_ref="RSO-NOPE",
            start=date(2026, 1, 1),
            end=date(2026, 1, 2),
        )
    with pytest.raises(NotFound, match="nobody_at_all"):
        audit_report(
            session,
            people["admin"],
            username="nobody_at_all",
            start=date(2026, 1, 1),
            end=date(2026, 1, 2),
        )


def test_who_may_read_it(session, people):
    p = people
    period = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
    with pytest.raises(PermissionDenied):
        audit_report(session, p["alice"], offender_ref="RSO-A00001", **period)
    # A borough supervisor reads their borough's trails, not another borough's.
    with pytest.raises(PermissionDenied, match="outside your borough"):
        audit_report(session, p["sup"], offender_ref="RSO-H00003", **period)
    hackney_user = f.user(
        session, Role.offender_manager, f.officer(session, borough_code="hackney"), username="hx"
    )
    assert hackney_user.username == "hx"
    with pytest.raises(PermissionDenied, match="not a user of your borough"):
        audit_report(session, p["sup"], username="hx", **period)
    audit_report(session, p["sup"], username="alice", **period)
    audit_report(session, p["admin"], offender_ref="RSO-H00003", **period)
    session.commit()  # refusals are written in their own transaction, once this one ends
    refusals = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)
    ).all()
    assert len(refusals) == 3


# --- CSV and PDF --------------------------------------------------------------------------------


def _hostile_report(session: Session, people, clock):
    p = people
    _look(
        session,
        p["alice"],
        p["a"],
        datetime(2026, 3, 2, 9, tzinfo=UTC),
        clock,
        '=HYPERLINK("http://example.invalid","x")',
    )
    _look(session, p["bob"], p["a"], datetime(2026, 3, 2, 10, tzinfo=UTC), clock, "@SUM(1)\tok")
    return audit_report(
        session, p["sup"], offender_ref="RSO-A00001", start=date(2026, 3, 1), end=date(2026, 3, 31)
    )


def test_csv_has_marking_header_and_no_live_formula(session, people, clock):
    report = _hostile_report(session, people, clock)
    rows = list(csv.reader(io.StringIO(render_audit_csv(report), newline="")))
    assert rows[0][0] == "OFFICIAL-SENSITIVE" and report.reference in rows[0][1]
    assert rows[2] == []
    assert tuple(rows[3]) == CSV_HEADER
    body = rows[4:]
    assert [r[3] for r in body] == ["alice", "bob"]
    assert body[0][9] == '\'=HYPERLINK("http://example.invalid","x")'
    assert body[1][9] == "'@SUM(1)\tok"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_pdf_carries_marking_reference_and_entries(session, people, clock):
    report = _hostile_report(session, people, clock)
    rendered = render_audit_pdf(report, issued_to="ICO case officer", reason="complaint 42")
    reader = PdfReader(io.BytesIO(rendered.pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert rendered.page_count == len(reader.pages) >= 2
    assert "OFFICIAL-SENSITIVE" in text and report.reference in text
    assert "Who looked at or changed RSO-A00001" in text
    assert "ICO case officer" in text and "alice" in text and "HYPERLINK" in text


def test_pdf_of_an_empty_period_says_so(session, people):
    report = audit_report(
        session, people["admin"], username="bob", start=date(2020, 1, 1), end=date(2020, 1, 2)
    )
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_audit_pdf(report).pdf)).pages
    )
    assert "No entry in the log matches" in text


# --- the command ---------------------------------------------------------------------------------

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


def test_cli_writes_csv_and_pdf(admin_db: str, tmp_path: Path, capsys):
    today = datetime.now(LONDON).date().isoformat()
    out = tmp_path / "admin.csv"
    args = ["--db", admin_db, "audit", "report", "--by", "admin", "--from", today, "--to", today]
    assert cli.main([*args, "--out", str(out)]) == 0
    assert "written to" in capsys.readouterr().out
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert tuple(rows[3]) == CSV_HEADER
    assert any(r[8] == "signed in" for r in rows[4:])
    pdf = tmp_path / "admin.pdf"
    assert cli.main([*args, "--out", str(pdf), "--reason", "spot check"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert " entries (What admin looked at or changed, " in capsys.readouterr().out
    assert cli.main([*args, "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith('"OFFICIAL-SENSITIVE"')


def test_cli_errors_are_one_line(admin_db: str, tmp_path: Path, capsys):
    base = ["--db", admin_db, "audit", "report", "--from", "2026-01-01", "--to", "2026-01-31"]
    assert cli.main([*base, "--offender", "RSO-999999", "--out", str(tmp_path / "x.csv")]) == 1
    assert "no offender with reference 'RSO-999999'" in capsys.readouterr().err
    assert cli.main([*base, "--out", str(tmp_path / "x.csv")]) == 1
    assert "name an offender" in capsys.readouterr().err
    assert cli.main([*base, "--by", "admin", "--format", "pdf", "--out", "-"]) == 1
    assert "PDF needs a file name" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
