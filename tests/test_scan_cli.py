"""`rsoman scan` end to end with the real rules: import a small rsoman-data/1 document, scan as
of a date, and read exactly the warnings expected (JSON shape, scope, resolution, exit codes)."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import factories as f
import pytest
from cli_support import sign_in_through_environment
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.interchange import import_document
from rsoman.core.store.engine import make_engine
from rsoman.core.store.models import Offender, Warning
from rsoman.core.store.models.warning import WarningState

PW = "correct-horse-1"
EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "scenario.json"


def _offender(ref: str, borough: str, officer: str, level: str, last_seen: str) -> dict[str, Any]:
    """An offender otherwise in order: notified, assessed, reviewed, visited."""
    return {
        "ref": ref,
        "surname": f"Fictionby{ref[-1]}",
        "forenames": "Lee",
        "date_of_birth": "1975-02-03",
        "sex": "male",
        "borough": borough,
        "created_at": "2024-06-01T09:00",
        "registrations": [
            {
                "conviction_date": "2024-05-20",
                "offences": "Fictional offence",
                "disposal": "community_order",
                "first_notification_date": "2024-06-01",
            }
        ],
        "addresses": [
            {
                "key": "home",
                "line1": "2 Nowhere Lane",
                "postcode": "ZZ1 1ZZ",
                "borough": borough,
                "valid_from": "2024-06-01",
            }
        ],
        "assignments": [{"officer": officer, "start_date": "2024-06-01"}],
        "risk_assessments": [
            {"assessed_on": "2024-06-10", "level": level, "next_review_on": "2025-06-10"}
        ],
        "notifications": [
            {"kind": "initial", "notified_on": "2024-06-01", "event_on": "2024-05-20"}
        ],
        "visits": [
            {"occurred_at": "2024-06-05T10:00", "address_key": "home", "outcome": "successful"},
            {"occurred_at": f"{last_seen}T10:00", "address_key": "home", "outcome": "successful"},
        ],
    }


# High risk, last seen 10 Jan 2025: due 11 Apr 2025 (91 days). Very high, last seen 1 Mar 2025:
# due 31 Mar 2025 (30 days).
SCENARIO: dict[str, Any] = {
    "format": "rsoman-data/1",
    "description": "Scan scenario: two offenders in order but for their next home visits",
    "officers": [
        {
            "warrant_number": "SCAN101",
            "surname": "Testington",
            "forenames": "Val",
            "borough": "camden",
        },
        {
            "warrant_number": "SCAN201",
            "surname": "Probeworth",
            "forenames": "Kit",
            "borough": "hackney",
        },
    ],
    "offenders": [
        _offender("RSO-SC-0001", "camden", "SCAN101", "high", "2025-01-10"),
        _offender("RSO-SC-0002", "hackney", "SCAN201", "very_high", "2025-03-01"),
    ],
}


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sign_in_through_environment(monkeypatch, PW, tmp_path / "xdg")


def _database(tmp_path: Path, document: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "scan.db")
    assert cli.main(["--db", db, "init"]) == 0  # RSOMAN_PASSWORD: from `signed_in`
    engine = make_engine(db)
    try:
        with Session(engine) as session:
            import_document(session, SYSTEM, copy.deepcopy(document))
            session.commit()
    finally:
        engine.dispose()
    capsys.readouterr()
    return db


def _scan(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    assert cli.main(["--db", db, "scan", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _kinds(warnings: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(w["kind"], w.get("offender") or w.get("officer") or w["meeting"]) for w in warnings}


SOON_1, LATE_1 = ("home_visit_due_soon", "RSO-SC-0001"), ("home_visit_overdue", "RSO-SC-0001")
SOON_2, LATE_2 = ("home_visit_due_soon", "RSO-SC-0002"), ("home_visit_overdue", "RSO-SC-0002")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-03-31", {SOON_1, SOON_2}),  # due today: not yet late
        ("2025-04-01", {SOON_1, LATE_2}),
        ("2025-04-10", {SOON_1, LATE_2}),
        ("2025-04-11", {SOON_1, LATE_2}),
        ("2025-04-12", {LATE_1, LATE_2}),
    ],
)
def test_the_visit_due_date_boundary(tmp_path, capsys, as_of, expected):
    db = _database(tmp_path, SCENARIO, capsys)
    assert _kinds(_scan(db, capsys, "--as-of", as_of)) == expected


def test_the_json_shape(tmp_path, capsys):
    db = _database(tmp_path, SCENARIO, capsys)
    warnings = _scan(db, capsys, "--as-of", "2025-04-12")
    (high,) = [w for w in warnings if w.get("offender") == "RSO-SC-0001"]
    assert high == {
        "kind": "home_visit_overdue",
        "severity": high["severity"],
        "offender": "RSO-SC-0001",
        "owner": "SCAN101",
        "owner_name": "Val Testington",
        "borough": "camden",
        "due_date": "2025-04-11",
        "days_overdue": 1,
        "explanation": high["explanation"],
        "policy_version": 1,
        "state": "open",
        "acknowledgement_reason": None,
    }
    assert high["severity"] in {"info", "warning", "urgent"}
    assert "11 Apr 2025" in high["explanation"] and "policy v1" in high["explanation"]
    # The most urgent first.
    assert warnings[0]["offender"] == "RSO-SC-0002"


def test_a_recorded_visit_resolves_the_warning_at_the_next_scan(tmp_path, capsys):
    db = _database(tmp_path, SCENARIO, capsys)
    assert ("home_visit_overdue", "RSO-SC-0001") in _kinds(
        _scan(db, capsys, "--as-of", "2025-04-12")
    )
    engine = make_engine(db)
    try:
        with Session(engine) as session:
            row = session.exec(select(Offender).where(Offender.ref == "RSO-SC-0001")).one()
            f.visit(session, row, date(2025, 4, 12))
            session.commit()
        after = _kinds(_scan(db, capsys, "--as-of", "2025-04-12"))
        assert after == {("home_visit_overdue", "RSO-SC-0002")}
        with Session(engine) as session:
            states = {(w.kind, w.subject_ref): w.state for w in session.exec(select(Warning)).all()}
        assert states[("home_visit_overdue", "RSO-SC-0001")] == WarningState.resolved
    finally:
        engine.dispose()


def test_scope_by_borough_and_by_officer(tmp_path, capsys):
    db = _database(tmp_path, SCENARIO, capsys)
    day = ("--as-of", "2025-04-12")
    assert _kinds(_scan(db, capsys, *day, "--borough", "hackney")) == {
        ("home_visit_overdue", "RSO-SC-0002")
    }
    assert _kinds(_scan(db, capsys, *day, "--officer", "SCAN101")) == {
        ("home_visit_overdue", "RSO-SC-0001")
    }


def test_the_table_and_a_second_run_that_raises_nothing(tmp_path, capsys):
    db = _database(tmp_path, SCENARIO, capsys)
    assert cli.main(["--db", db, "scan", "--as-of", "2025-04-12"]) == 0
    first = capsys.readouterr().out
    assert "home_visit_overdue" in first and "RSO-SC-0001" in first and "SCAN101" in first
    assert "2 open warnings; this scan raised 2," in first
    assert cli.main(["--db", db, "scan", "--as-of", "2025-04-12"]) == 0
    assert "2 open warnings; this scan raised 0, escalated 0, reopened 0, resolved 0" in (
        capsys.readouterr().out
    )


def test_nothing_found_is_an_empty_list_and_exit_0(tmp_path, capsys):
    db = _database(tmp_path, SCENARIO, capsys)
    assert _scan(db, capsys, "--as-of", "2025-03-02") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "14/03/2026"], "--as-of"),
        (["--borough", "atlantis"], "no borough"),
        (["--officer", "NOBODY"], "no officer"),
    ],
)
def test_errors_exit_1_with_one_line(tmp_path, capsys, args, message):
    db = _database(tmp_path, SCENARIO, capsys)
    assert cli.main(["--db", db, "scan", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rsoman: error:") and message in err


def test_an_officer_without_permission_is_refused(tmp_path, capsys, monkeypatch):
    db = _database(tmp_path, SCENARIO, capsys)
    monkeypatch.setenv("RSOMAN_NEW_PASSWORD", PW)
    assert (
        cli.main(
            [
                "--db",
                db,
                "user",
                "add",
                "--username",
                "mc",
                "--role",
                "mappa_coordinator",
                "--officer",
                "SCAN101",
            ]
        )
        == 0
    )
    monkeypatch.setenv("RSOMAN_USER", "mc")
    # A MAPPA co-ordinator may view the caseload, so may scan, but only in their borough.
    assert cli.main(["--db", db, "scan", "--as-of", "2025-04-12", "--borough", "hackney"]) == 1
    assert "outside your borough" in capsys.readouterr().err
    assert _kinds(_scan(db, capsys, "--as-of", "2025-04-12")) == {
        ("home_visit_overdue", "RSO-SC-0001")
    }


def test_the_documented_example_scenario(tmp_path, capsys):
    db = _database(tmp_path, json.loads(EXAMPLE.read_text(encoding="utf-8")), capsys)
    warnings = _scan(db, capsys, "--as-of", "2023-03-01")
    assert _kinds(warnings) == {
        ("breach_action_overdue", "RSO-EX-0001"),
        ("home_visit_overdue", "RSO-EX-0001"),
        ("no_access_repeated", "RSO-EX-0001"),
        ("risk_review_triggered", "RSO-EX-0001"),
        ("mappa_agency_absent", "MAPPA-EX-001"),
        ("mappa_rank_below_guidance", "MAPPA-EX-001"),
    }
    meeting = next(w for w in warnings if "meeting" in w)
    assert meeting["owner"] is None and "offender" not in meeting and "officer" not in meeting


def test_an_officer_warning_names_the_officer(tmp_path, capsys):
    document = copy.deepcopy(SCENARIO)
    document["officers"][0]["capacity"] = 0
    db = _database(tmp_path, document, capsys)
    (officer,) = [w for w in _scan(db, capsys, "--as-of", "2025-03-01") if "officer" in w]
    assert (officer["kind"], officer["officer"], officer["owner"]) == (
        "caseload_over_capacity",
        "SCAN101",
        "SCAN101",
    )
    assert "offender" not in officer and "meeting" not in officer
