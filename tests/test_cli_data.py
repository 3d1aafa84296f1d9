"""The data commands end to end: demo, stats, export-data and import, on SQLite and PostgreSQL.

These drive the demo generator, the interchange services and the stats service through
`rsoman.cli.main`, exactly as an administrator would from a shell.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, text
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.store.enums import AuditAction
from rsoman.core.store.models import AuditEntry, Offender

PW = "demo-password-1"
AS_OF = "2026-01-15"
HEADER_KEYS = ("exported_at", "exported_by")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _sign_in_as(monkeypatch: pytest.MonkeyPatch, user: str, password: str = PW) -> None:
    monkeypatch.setenv("RSOMAN_USER", user)
    monkeypatch.setenv("RSOMAN_PASSWORD", password)


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rsoman: error: ") and "Traceback" not in err
    return lines[0].removeprefix("rsoman: error: ")


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def _content(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    for key in HEADER_KEYS:
        document.pop(key, None)
    return document


@pytest.fixture
def second_url(engine: Engine, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Another fresh database of the same kind as `engine`, not yet set up by `rsoman init`
    (SQLite: a path that does not exist; PostgreSQL: a migrated clone of the template)."""
    if engine.dialect.name == "sqlite":
        yield str(tmp_path / "second.db")
        return
    admin, template = request.getfixturevalue("pg_template")
    name = "t_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo caseload with the demo accounts (admin, officer, ...), built once."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(sqlite_template, path)
    argv = ["--db", str(path), "demo", "--offenders", "30", "--seed", "5", "--as-of", AS_OF]
    with pytest.MonkeyPatch.context() as env:  # module scope: no function `monkeypatch` here
        env.setenv("RSOMAN_PASSWORD", PW)
        assert cli.main([*argv, "--accounts"]) == 0
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> str:
    """A private copy of the demo database for one test."""
    path = tmp_path / "demo.db"
    with sqlite3.connect(demo_template) as src, sqlite3.connect(path) as dest:
        src.backup(dest)
    return str(path)


def test_demo_stats_export_import_round_trip(
    engine: Engine,
    second_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = _url(engine)
    argv = ["--db", source, "demo", "--offenders", "30", "--seed", "11", "--as-of", AS_OF]
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main([*argv, "--accounts"]) == 0
    summary = capsys.readouterr().out
    assert re.fullmatch(
        r"demo caseload: 30 offenders, \d+ officers, \d+ accounts \(admin, [^)]*\), "
        r"\d+\.\d s\n",
        summary,
    ), summary
    assert _count(engine, Offender) == 30

    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", source, "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    _check_stats_shape(stats, offenders=30)

    first = tmp_path / "first.json"
    reason = "round trip test of the command line"
    assert cli.main(["--db", source, "export-data", "--out", str(first), "--reason", reason]) == 0
    assert capsys.readouterr().out == f"exported 30 offenders to {first}\n"
    with Session(engine) as s:
        disclosures = s.exec(
            select(AuditEntry).where(AuditEntry.action == AuditAction.disclosure)
        ).all()
    assert [d.justification for d in disclosures] == [reason]

    # Into a fresh database with only its administrator: everything comes back.
    assert cli.main(["--db", second_url, "init"]) == 0  # RSOMAN_PASSWORD is still PW
    capsys.readouterr()
    assert cli.main(["--db", second_url, "import", str(first)]) == 0
    imported = capsys.readouterr().out
    assert imported.startswith(f"imported {first}:\n")
    assert re.search(r"^  offenders\s+30$", imported, re.MULTILINE), imported

    again = tmp_path / "again.json"
    assert (
        cli.main(["--db", second_url, "export-data", "--out", str(again), "--reason", reason]) == 0
    )
    capsys.readouterr()
    before, after = _content(first), _content(again)
    assert len(before["offenders"]) == 30
    assert after == before

    # The same figures from the copy.
    assert cli.main(["--db", second_url, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == stats


def _check_stats_shape(stats: dict, *, offenders: int) -> None:
    """The JSON an administrator gets for London: per borough, per officer, and totals."""
    assert stats["scope"] == "London"
    boroughs, officers, totals = stats["boroughs"], stats["officers"], stats["totals"]
    assert len(boroughs) == 32  # every London borough, the central team aside
    for row in boroughs:
        assert {"code", "name", "active_offenders", "offender_managers"} <= row.keys()
        assert {"offenders_per_manager", "risk_mix"} <= row.keys()
    assert officers
    for row in officers:
        assert {"warrant_number", "name", "borough", "caseload", "capacity"} <= row.keys()
        assert {"over_capacity", "risk_weighted_caseload", "risk_mix"} <= row.keys()
        assert row["over_capacity"] == (row["caseload"] > row["capacity"])
    # Every active offender is counted once per view, and no more than were generated.
    active = totals["active_offenders"]
    assert 0 < active <= offenders
    assert sum(b["active_offenders"] for b in boroughs) == active
    assert sum(o["caseload"] for o in officers) + totals["unallocated"] == active
    assert sum(totals["risk_mix"].values()) == active
    assert set(totals["risk_mix"]) == {"very_high", "high", "medium", "low", "unassessed"}


def test_import_says_which_successful_visits_do_not_count(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Acceptance scenario s20 holds a successful home visit at a work address: imported as
    recorded, and the person importing is told it does not count for the schedule."""
    url = _url(sqlite_engine)
    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", url, "init"]) == 0
    capsys.readouterr()
    scenario = Path(__file__).parent / "scenarios" / "s20_visit_at_another_address.json"
    assert cli.main(["--db", url, "import", str(scenario)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "note: 1 successful home visit names an address that was not the offender's home on "
        "the day: kept as recorded, but not counted for the home-visit schedule"
    )


def test_import_of_a_broken_file_lists_every_problem_and_writes_nothing(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = _url(sqlite_engine)
    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", url, "init"]) == 0
    capsys.readouterr()
    broken = tmp_path / "broken.json"
    offender = {"surname": "Zorvane", "forenames": "Testo", "date_of_birth": "not a date"}
    broken.write_text(
        json.dumps(
            {
                "format": "rsoman-data/1",
                "offenders": [
                    {"ref": "RSO-T00001", **offender},
                    {"ref": "RSO-T00002", **offender, "date_of_birth": "1980-02-30"},
                ],
            }
        ),
        encoding="utf-8",
    )
    assert cli.main(["--db", url, "import", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    *problems, last = lines
    assert len(problems) >= 2
    assert all(line.startswith(f"{broken}: ") for line in problems), lines
    assert any("$.offenders[0]" in line for line in problems), lines
    assert any("$.offenders[1]" in line for line in problems), lines
    assert last == f"rsoman: import refused: {len(problems)} problems; nothing was imported"
    assert "Traceback" not in captured.err
    assert _count(sqlite_engine, Offender) == 0

    # A file that is not JSON at all: one problem, clearly said.
    junk = tmp_path / "junk.json"
    junk.write_text("this is not { json", encoding="utf-8")
    assert cli.main(["--db", url, "import", str(junk)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{junk}: ")
    assert lines[1] == "rsoman: import refused: 1 problem; nothing was imported"


def test_export_to_standard_output_is_only_the_json(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", demo_db, "export-data", "--reason", "check the output"]) == 0
    out = capsys.readouterr().out
    document = json.loads(out)
    assert document["format"] == "rsoman-data/1"
    assert len(document["offenders"]) == 30
    assert out.startswith('{\n  "')  # indented by 2


def test_export_of_chosen_offenders(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", demo_db, "export-data", "--reason", "all"]) == 0
    refs = sorted(o["ref"] for o in json.loads(capsys.readouterr().out)["offenders"])
    chosen = refs[:3]
    argv = ["--db", demo_db, "export-data", "--reason", "three", "--offender", *chosen[:2]]
    assert cli.main([*argv, "--offender", chosen[2]]) == 0
    document = json.loads(capsys.readouterr().out)
    assert sorted(o["ref"] for o in document["offenders"]) == chosen


def test_export_needs_a_reason(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", demo_db, "export-data"]) == 1
    captured = capsys.readouterr()
    assert "--reason" in _one_error_line(captured.err)
    assert captured.out == ""

    # At a terminal the reason is asked for (on stderr: stdout carries the document).
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("asked for by the DI\n"))
    assert cli.main(["--db", demo_db, "export-data"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "Reason" in captured.err


def test_export_and_import_are_refused_for_an_offender_manager(
    demo_db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _sign_in_as(monkeypatch, "officer")
    out = tmp_path / "leak.json"
    argv = ["--db", demo_db, "export-data", "--reason", "curious", "--out", str(out)]
    assert cli.main(argv) == 1
    assert "may not" in _one_error_line(capsys.readouterr().err)
    assert not out.exists()

    out.write_text('{"format": "rsoman-data/1"}', encoding="utf-8")
    assert cli.main(["--db", demo_db, "import", str(out)]) == 1
    assert "may not" in _one_error_line(capsys.readouterr().err)


def test_demo_refuses_a_database_that_already_has_offenders(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as(monkeypatch, "admin")
    argv = ["--db", demo_db, "demo", "--offenders", "5", "--seed", "1"]
    assert cli.main(argv) == 1
    _one_error_line(capsys.readouterr().err)
    # The demo accounts already exist: asking to create them again is refused up front.
    assert cli.main([*argv, "--accounts"]) == 1
    message = _one_error_line(capsys.readouterr().err)
    assert "--accounts" in message and "already has accounts" in message


def test_demo_into_a_database_with_users_needs_an_administrator(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _url(sqlite_engine)
    with monkeypatch.context() as env:
        env.setenv("RSOMAN_PASSWORD", PW)
        assert cli.main(["--db", url, "init"]) == 0
    capsys.readouterr()
    argv = ["--db", url, "demo", "--offenders", "8", "--seed", "2", "--as-of", AS_OF]
    assert cli.main(argv) == 1
    assert "RSOMAN_USER" in _one_error_line(capsys.readouterr().err)
    assert _count(sqlite_engine, Offender) == 0

    _sign_in_as(monkeypatch, "admin")
    assert cli.main(argv) == 0
    assert capsys.readouterr().out.startswith("demo caseload: 8 offenders, ")
    assert _count(sqlite_engine, Offender) == 8


def test_demo_accounts_password_comes_from_standard_input_never_an_option(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _url(sqlite_engine)
    argv = ["--db", url, "demo", "--offenders", "8", "--seed", "2", "--as-of", AS_OF]
    # The command line shows in the process list and shell history: no such option.
    assert cli.main([*argv, "--admin-password", PW]) == 2
    capsys.readouterr()

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, nothing piped in
    assert cli.main([*argv, "--accounts"]) == 1
    assert "RSOMAN_PASSWORD" in _one_error_line(capsys.readouterr().err)
    assert _count(sqlite_engine, Offender) == 0

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PW}\n"))
    assert cli.main([*argv, "--accounts"]) == 0
    assert "(admin, " in capsys.readouterr().out
    _sign_in_as(monkeypatch, "manager")  # one of the accounts, with the password read
    assert cli.main(["--db", url, "stats", "--json"]) == 0


def test_demo_size_out_of_range_is_one_line(
    sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    url = _url(sqlite_engine)
    for size in ("0", "70001"):
        assert cli.main(["--db", url, "demo", "--offenders", size, "--seed", "1"]) == 1
        assert "offenders: must be between 1 and 70,000" in _one_error_line(capsys.readouterr().err)
    assert _count(sqlite_engine, Offender) == 0


def test_stats_as_a_readable_table(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as(monkeypatch, "admin")
    assert cli.main(["--db", demo_db, "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert cli.main(["--db", demo_db, "stats"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("Caseload figures for London on ")
    assert f"active offenders        {stats['totals']['active_offenders']}" in table
    for borough in stats["boroughs"]:
        assert borough["name"] in table
    for officer in stats["officers"]:
        line = next(x for x in table.splitlines() if x.startswith(officer["warrant_number"]))
        assert officer["name"] in line
        assert f" {officer['caseload']} " in line
    assert "{" not in table  # a table, not JSON


def test_stats_are_scoped_to_a_supervisor_borough(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _sign_in_as(monkeypatch, "supervisor")
    assert cli.main(["--db", demo_db, "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert [b["name"] for b in stats["boroughs"]] == [stats["scope"]]
    assert {o["borough"] for o in stats["officers"]} == {stats["scope"]}

    _sign_in_as(monkeypatch, "officer")  # offender managers do not get the figures
    assert cli.main(["--db", demo_db, "stats"]) == 1
    assert "may not" in _one_error_line(capsys.readouterr().err)


def test_progress_counter_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = cli._Progress(stream)
    for done in range(0, 1001, 100):
        progress(done, 1000)
    progress.finish()
    shown = stream.getvalue()
    assert shown.startswith("\rbuilding demo caseload: 0/1,000 offenders (0%)")
    assert shown.endswith("\rbuilding demo caseload: 1,000/1,000 offenders (100%)\n")
