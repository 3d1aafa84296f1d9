"""Retention: records due for review, a supervisor's review, and erasure with a tombstone."""

from __future__ import annotations

import json
from datetime import date, timedelta

import factories as f
import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from rsoman.core.rules.dates import add_months, london_today
from rsoman.core.services.audit import verify_chain
from rsoman.core.services.audit_report import audit_report
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.retention import (
    erase_offender,
    record_review,
    records_due,
)
from rsoman.core.store.enums import AuditAction, OffenderStatus, RiskLevel, Role
from rsoman.core.store.models import (
    AuditEntry,
    ErasureTombstone,
    Offender,
    OffenderCurrent,
    OffenderScanState,
)

TODAY = london_today()


@pytest.fixture
def team(session: Session):
    sup = f.user(session, Role.supervisor, f.officer(session), username="ret_sup")
    om_officer = f.officer(session)
    om = f.user(session, Role.offender_manager, om_officer, username="ret_om")
    admin = f.user(session, Role.administrator, username="ret_admin")
    return {"sup": sup, "om": om, "admin": admin, "officer": om_officer}


def _ended(session: Session, team, review_on: date | None, **kw) -> Offender:
    row = f.offender(
        session,
        status=kw.pop("status", OffenderStatus.requirements_ended),
        risk=RiskLevel.low,
        home="1 Test Road",
        manager=team["officer"],
        **kw,
    )
    f.visit(session, row, date(2024, 2, 1), officers=(team["officer"],))
    f.intelligence(session, row, date(2024, 1, 1), "fictional note")
    f.vehicle(session, row)
    row.retention_review_on = review_on
    session.add(row)
    session.flush()
    return row


@pytest.mark.parametrize(
    ("offset", "due"), [(-1, True), (0, True), (1, False)], ids=["day before", "day", "day after"]
)
def test_due_on_and_after_the_review_date(session, team, offset: int, due: bool):
    row = _ended(session, team, TODAY + timedelta(days=offset))
    _ended(session, team, None)
    refs = [r.ref for r in records_due(session, team["sup"])]
    assert (row.ref in refs) is due
    with pytest.raises(PermissionDenied):
        records_due(session, team["om"])


@pytest.mark.parametrize(
    ("months", "days", "ok"),
    [(0, 0, False), (0, 1, True), (120, 0, True), (120, 1, False)],
    ids=["today", "tomorrow", "ten years", "ten years and a day"],
)
def test_review_sets_the_next_date_within_ten_years(session, team, months, days, ok):
    row = _ended(session, team, TODAY)
    next_on = add_months(TODAY, months) + timedelta(days=days)
    if not ok:
        with pytest.raises(ValidationFailed) as info:
            record_review(session, team["sup"], row.ref, next_on, "still relevant to MAPPA")
        assert [p.field for p in info.value.problems] == ["next_review_on"]
        return
    assert record_review(session, team["sup"], row.ref, next_on, "still relevant") == next_on
    assert session.get(Offender, row.id).retention_review_on == next_on
    last = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.action == AuditAction.alteration and "retention review" in last.summary


def test_review_needs_a_supervisor_and_a_reason(session, team):
    row = _ended(session, team, TODAY)
    with pytest.raises(PermissionDenied, match="an offender manager may not review retention"):
        record_review(session, team["om"], row.ref, TODAY + timedelta(days=30), "reason given")
    with pytest.raises(ValidationFailed) as info:
        record_review(session, team["sup"], row.ref, None, "")
    assert {p.field for p in info.value.problems} == {"reason", "next_review_on"}


def _counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in SQLModel.metadata.sorted_tables
    }


def test_erasure_removes_every_row_keeps_a_tombstone_and_the_log(session, team):
    keep = _ended(session, team, TODAY)
    row = _ended(session, team, TODAY - timedelta(days=1))
    ref, old_id = row.ref, row.id
    before = _counts(session)
    erasure = erase_offender(session, team["sup"], ref, "requirements ended 2014; reviewed")
    after = _counts(session)
    assert erasure.row_counts["offender"] == 1 and erasure.row_counts["intelligence"] == 1
    for table, n in erasure.row_counts.items():
        assert before[table] - after[table] == n, table
    assert session.exec(select(Offender).where(Offender.ref == ref)).first() is None
    assert session.exec(select(Offender).where(Offender.ref == keep.ref)).one()
    tomb = session.exec(select(ErasureTombstone)).one()
    assert (tomb.offender_ref, tomb.offender_id, tomb.erased_by) == (ref, old_id, "ret_sup")
    assert json.loads(tomb.row_counts) == erasure.row_counts
    # Rows the triggers derive from the record go with the offender, uncounted.
    assert not {"offender_scan_state", "offender_current"} & set(erasure.row_counts)
    for derived in (OffenderScanState, OffenderCurrent):
        assert session.exec(select(derived).where(derived.offender_id == old_id)).first() is None
    assert len(tomb.document_sha256) == 64
    # No personal data in the tombstone: only the reference, counts and a hash.
    assert row.surname not in json.dumps(tomb.model_dump(mode="json"))
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.erasure)).one()
    assert entry.offender_id == old_id and entry.justification.startswith("requirements")
    assert verify_chain(session) == []
    # "Who looked at this person" still answers, by reference, after the erasure.
    report = audit_report(
        session, team["admin"], offender_ref=ref, start=TODAY - timedelta(days=1), end=TODAY
    )
    assert report.offender_erased and report.rows[-1].action == "erasure"


def test_erasure_is_refused_for_active_or_not_yet_due_records(session, team):
    active = _ended(session, team, TODAY - timedelta(days=1), status=OffenderStatus.active)
    not_due = _ended(session, team, TODAY + timedelta(days=1))
    unset = _ended(session, team, None)
    before = _counts(session)
    with pytest.raises(ValidationFailed) as info:
        erase_offender(session, team["sup"], active.ref, "no longer needed")
    assert [p.field for p in info.value.problems] == ["status"]
    with pytest.raises(ValidationFailed) as info:
        erase_offender(session, team["sup"], not_due.ref, "")
    assert [p.field for p in info.value.problems] == ["reason", "retention_review_on"]
    with pytest.raises(ValidationFailed):
        erase_offender(session, team["sup"], unset.ref, "no longer needed")
    for who in ("om", "admin"):
        with pytest.raises(PermissionDenied, match="may not erase record"):
            erase_offender(session, team[who], not_due.ref, "no longer needed")
    assert _counts(session) == before


def test_the_record_hash_is_stable(session, team):
    from rsoman.core.services.interchange.json_export import build_document
    from rsoman.core.services.retention import document_sha256

    row = _ended(session, team, TODAY)
    first = document_sha256(build_document(session, [row]))
    assert document_sha256(build_document(session, [row])) == first
    row.description = "changed"
    session.add(row)
    session.flush()
    assert document_sha256(build_document(session, [row])) != first


# --- the command ---------------------------------------------------------------------------------


def test_cli_due_review_and_erase(tmp_path, monkeypatch: pytest.MonkeyPatch, capsys):
    from rsoman import cli
    from rsoman.core.services.actor import SYSTEM
    from rsoman.core.services.users import create_user
    from rsoman.core.store.engine import make_engine, session_scope

    pw = "correct-horse-1"
    for name in ("RSOMAN_DB", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    db = str(tmp_path / "ret.db")
    monkeypatch.setenv("RSOMAN_PASSWORD", pw)
    assert cli.main(["--db", db, "init"]) == 0
    engine = make_engine(db)
    with session_scope(engine) as session:
        officer = f.officer(session, borough_code="central", warrant="RET0001")
        create_user(
            session,
            SYSTEM,
            username="sup",
            role=Role.supervisor,
            password=pw,
            officer_warrant=officer.warrant_number,
        )
        for ref, review in (("RSO-R1", TODAY), ("RSO-R2", TODAY + timedelta(days=9))):
            row = f.offender(session, ref=ref, status=OffenderStatus.requirements_ended)
            row.retention_review_on = review
            session.add(row)
    engine.dispose()
    monkeypatch.setenv("RSOMAN_USER", "sup")
    monkeypatch.setenv("RSOMAN_PASSWORD", pw)
    capsys.readouterr()
    assert cli.main(["--db", db, "retention", "due"]) == 0
    out = capsys.readouterr().out
    assert "RSO-R1" in out and "RSO-R2" not in out
    assert cli.main(["--db", db, "retention", "erase", "RSO-R2", "--reason", "not yet"]) == 1
    assert "not due for review until" in capsys.readouterr().err
    assert (
        cli.main(["--db", db, "retention", "erase", "RSO-R1", "--reason", "ended, reviewed"]) == 0
    )
    assert "erased RSO-R1" in capsys.readouterr().out
    nxt = (TODAY + timedelta(days=365)).isoformat()
    args = ["--db", db, "retention", "review", "RSO-R2", "--next", nxt, "--reason", "kept: MAPPA"]
    assert cli.main(args) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "retention", "due", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
