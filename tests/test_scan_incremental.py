"""The incremental scan with the real rules: what it re-evaluates, and that what it leaves alone
is what a full scan would have left as it is. On SQLite and on PostgreSQL.

An offender is evaluated again when a row their facts come from was written since their last
evaluation, when the day or the policy differs, or on `full=True`; officers and meetings every
time. tests/test_scan_incremental_triggers.py covers the change signal table by table, and
tests/test_scan_incremental_equivalence.py compares incremental and full scans after random
changes.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import factories as f
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core import jobs
from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.services import scan
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.allocation import reallocate
from rsoman.core.services.facts_loader import Scope
from rsoman.core.services.policy import current_policy, store_policy_version
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.services.users import create_user
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.enums import RiskLevel, Role, TeamRole, VisitOutcome
from rsoman.core.store.models import Address, AuditEntry, Offender, Officer, Visit, Warning

DAY = date(2026, 3, 2)
OVERDUE = "home_visit_overdue"


def _case(session: Session, manager: Officer, *, seen_days_ago: int = 120) -> Offender:
    """A high-risk offender otherwise in order, last seen at home `seen_days_ago` days before
    DAY (more than 91: a home visit overdue)."""
    o = f.offender(
        session,
        manager=manager,
        risk=RiskLevel.high,
        assessed_on=DAY - timedelta(days=200),
        home="1 Test Row",
        registered_on=date(2024, 1, 1),
    )
    f.visit(session, o, DAY - timedelta(days=seen_days_ago))
    return o


def _changed(session: Session, day: date = DAY, scope: Scope | None = None) -> set[int]:
    policy = current_policy(session).version
    return set(scan._to_evaluate(session, scope or Scope(), day, policy, False).counters)


def _live(session: Session) -> set[tuple[str, str]]:
    return {(w.kind, w.subject_ref) for w in list_warnings(session, SYSTEM)}


def _record_home_visit(session: Session, officer: Any, o: Offender, day: date) -> None:
    home = session.exec(select(Address).where(Address.offender_id == o.id)).first()
    assert home is not None
    record_visit(
        session,
        officer,
        o.ref,
        VisitInput(
            occurred_at=f.london_moment(day),
            outcome=VisitOutcome.successful,
            officer_warrants=(_warrant(session, officer),),
            address_id=home.id,
        ),
    )


def _warrant(session: Session, actor: Any) -> str:
    officer = session.get(Officer, actor.officer_id)
    assert officer is not None
    return officer.warrant_number


def test_a_recorded_visit_clears_its_warning_and_nothing_else_is_evaluated(session):
    manager = f.officer(session)
    om = f.user(session, Role.offender_manager, manager)
    cases = [_case(session, manager) for _ in range(4)]
    first = run_scan(session, SYSTEM, as_of=DAY)
    assert first.offenders_evaluated == first.offenders_in_scope == 4
    assert {(OVERDUE, o.ref) for o in cases} <= _live(session)

    # A second scan of unchanged data evaluates no offender and changes nothing.
    again = run_scan(session, SYSTEM, as_of=DAY)
    assert (again.offenders_evaluated, again.offenders_in_scope) == (0, 4)
    assert (again.raised, again.updated, again.resolved, again.reopened) == (0, 0, 0, 0)
    assert again.still_open == first.still_open

    _record_home_visit(session, om, cases[0], DAY)
    assert _changed(session) == {cases[0].id}
    after = run_scan(session, SYSTEM, as_of=DAY)
    assert (after.offenders_evaluated, after.resolved) == (1, 1)
    assert (OVERDUE, cases[0].ref) not in _live(session)
    assert {(OVERDUE, o.ref) for o in cases[1:]} <= _live(session)

    # The next day, days overdue move on with the calendar. No one has changed since DAY's scan
    # (the visit on DAY was seen by it) and nothing falls due: all four are carried forward.
    next_day = run_scan(session, SYSTEM, as_of=DAY + timedelta(days=1))
    assert (next_day.offenders_evaluated, next_day.offenders_carried) == (0, 4)
    overdue = {w.subject_ref: w.days_overdue for w in next_day.warnings if w.kind == OVERDUE}
    assert overdue == {o.ref: 120 - 91 + 1 for o in cases[1:]}
    words = {w.subject_ref: w.explanation for w in next_day.warnings if w.kind == OVERDUE}
    assert all(f"overdue by {120 - 91 + 1} days" in words[o.ref] for o in cases[1:])
    # Going back to an earlier day is another day too.
    assert run_scan(session, SYSTEM, as_of=DAY).offenders_evaluated == 4


def test_the_audit_entry_says_how_many_were_evaluated(session):
    manager = f.officer(session)
    for _ in range(3):
        _case(session, manager)
    run_scan(session, SYSTEM, as_of=DAY)
    run_scan(session, SYSTEM, as_of=DAY)
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.object_type == "warning_scan").order_by(AuditEntry.id)
    ).all()
    assert entries[-2].summary.endswith("3 of 3 offenders evaluated")
    assert entries[-1].summary.endswith("0 of 3 offenders evaluated")
    # A new day: unchanged offenders whose horizon is ahead are carried forward, and say so.
    run_scan(session, SYSTEM, as_of=DAY + timedelta(days=1))
    last = session.exec(
        select(AuditEntry).where(AuditEntry.object_type == "warning_scan").order_by(AuditEntry.id)
    ).all()[-1]
    assert last.summary.endswith("0 of 3 offenders evaluated, 3 carried forward")


def test_full_evaluates_everyone_and_finds_the_same(session):
    manager = f.officer(session)
    for _ in range(3):
        _case(session, manager)
    run_scan(session, SYSTEM, as_of=DAY)
    before = _snapshot(session)
    full = run_scan(session, SYSTEM, as_of=DAY, full=True)
    assert full.offenders_evaluated == 3
    assert (full.raised, full.updated, full.resolved, full.reopened) == (0, 0, 0, 0)
    assert _snapshot(session) == before


def _snapshot(session: Session) -> list[tuple[Any, ...]]:
    session.expire_all()
    return [
        (w.natural_key, w.severity, w.state, w.due_on, w.days_overdue, w.explanation)
        for w in session.exec(select(Warning).order_by(Warning.natural_key)).all()
    ]


def test_a_change_during_the_scan_leaves_the_offender_to_evaluate_again(
    engine, session, monkeypatch: pytest.MonkeyPatch
):
    """Counters are read before the facts and written back as read: a visit committed by
    another client while the scan runs (here: once the facts are loaded) is not lost."""
    manager = f.officer(session)
    busy, calm = _case(session, manager), _case(session, manager)
    busy_id, busy_ref = busy.id, busy.ref
    session.commit()
    real = scan.load_offender_facts

    def loaded_then_written(*args: Any, **kwargs: Any) -> Any:
        facts = real(*args, **kwargs)
        moment = f.london_moment(DAY)
        visit = {"offender_id": busy_id, "kind": "home_visit", "outcome": "successful"}
        if engine.dialect.name == "postgresql":
            # A real second client, committed at once (READ COMMITTED: the scan sees it).
            with engine.begin() as other:
                other.execute(sa.insert(Visit), {**visit, "occurred_at": moment})
        else:
            # SQLite: the scan holds the only write lock, so the write goes in its transaction.
            session.connection().execute(sa.insert(Visit), {**visit, "occurred_at": moment})
        return facts

    monkeypatch.setattr(scan, "load_offender_facts", loaded_then_written)
    run_scan(session, SYSTEM, as_of=DAY)
    session.commit()
    monkeypatch.undo()
    # Evaluated from facts read before the visit, so its warning is still live, and the
    # offender is left changed for the next scan, which sees the visit.
    assert (OVERDUE, busy_ref) in _live(session)
    assert _changed(session) == {busy_id}
    assert calm.id not in _changed(session)
    after = run_scan(session, SYSTEM, as_of=DAY)
    assert after.offenders_evaluated == 1
    assert (OVERDUE, busy_ref) not in _live(session)
    assert _changed(session) == set()


def test_a_policy_loaded_or_given_makes_everyone_evaluated_again(session):
    manager = f.officer(session)
    for _ in range(2):
        _case(session, manager)
    run_scan(session, SYSTEM, as_of=DAY)
    assert run_scan(session, SYSTEM, as_of=DAY).offenders_evaluated == 0
    # A policy that is not a stored version (say, a what-if) is evaluated in full, and its
    # warnings are not taken as the stored policy's: the next ordinary scan evaluates again.
    what_if = dataclasses.replace(POLICY_V1, visit_interval_high_days=200)
    assert run_scan(session, SYSTEM, as_of=DAY, policy=what_if).offenders_evaluated == 2
    assert not any(w.kind == OVERDUE for w in list_warnings(session, SYSTEM))
    assert run_scan(session, SYSTEM, as_of=DAY).offenders_evaluated == 2
    assert any(w.kind == OVERDUE for w in list_warnings(session, SYSTEM))
    # The stored policy given explicitly is the same as none given.
    assert run_scan(session, SYSTEM, as_of=DAY, policy=POLICY_V1).offenders_evaluated == 0
    # A new version in force: everyone again.
    store_policy_version(
        session,
        SYSTEM,
        {"visit_interval_high_days": 60},
        reason="stricter",
        source_name=None,
        sha256=None,
    )
    result = run_scan(session, SYSTEM, as_of=DAY)
    assert (result.policy_version, result.offenders_evaluated) == (2, 2)


def test_a_reallocation_scanned_for_the_new_manager_alone_is_settled_by_the_next_scan(session):
    """The visit form's scan covers the new manager's caseload only: a warning the offender no
    longer has, still filed under the old manager, is outside it. The offender stays to be
    evaluated until a scan that covers that warning resolves it, as a full scan would."""
    old, new = f.officer(session, warrant="TESTOLD"), f.officer(session, warrant="TESTNEW")
    om = f.user(session, Role.offender_manager, new)
    sup = f.user(session, Role.supervisor, f.officer(session, team_role=TeamRole.supervisor))
    o = _case(session, old)
    run_scan(session, SYSTEM, as_of=DAY)
    (warning,) = [w for w in list_warnings(session, SYSTEM) if w.kind == OVERDUE]
    assert warning.owner_warrant == "TESTOLD"

    reallocate(session, sup, [o.ref], "TESTNEW", reason="caseload balanced", on=DAY)
    _record_home_visit(session, om, o, DAY)
    run_scan(session, SYSTEM, as_of=DAY, officer_warrant="TESTNEW")
    # Not found any more, but filed under the old manager: outside the new manager's scan.
    assert (OVERDUE, o.ref) in _live(session)
    assert _changed(session) == {o.id}
    settled = run_scan(session, SYSTEM, as_of=DAY)
    assert settled.offenders_evaluated == 1 and settled.resolved == 1
    assert (OVERDUE, o.ref) not in _live(session)
    assert _changed(session) == set()


def test_an_offender_moved_out_of_a_borough_is_resolved_there_and_left_to_evaluate(session):
    manager = f.officer(session)
    o = _case(session, manager)
    run_scan(session, SYSTEM, as_of=DAY, borough_code="camden")
    assert (OVERDUE, o.ref) in _live(session)
    own = len([w for w in _live(session) if w[1] == o.ref])
    hackney = f.borough(session, "hackney").id
    session.execute(sa.update(Offender).where(Offender.id == o.id).values(borough_id=hackney))
    camden = run_scan(session, SYSTEM, as_of=DAY, borough_code="camden")
    assert (camden.offenders_evaluated, camden.resolved) == (0, own)
    assert o.id in _changed(session)
    there = run_scan(session, SYSTEM, as_of=DAY, borough_code="hackney")
    assert (there.offenders_evaluated, there.reopened) == (1, own)
    assert {w.borough_code for w in there.warnings if w.subject_ref == o.ref} == {"hackney"}
    assert _changed(session) == set()


def test_without_rows_the_live_warnings_are_counted_not_listed(session):
    manager = f.officer(session)
    for _ in range(3):
        _case(session, manager)
    listed = run_scan(session, SYSTEM, as_of=DAY)
    counted = run_scan(session, SYSTEM, as_of=DAY, with_rows=False)
    assert counted.warnings == [] and counted.still_open == listed.still_open > 0


def test_the_scheduled_job_counts_without_listing(engine, monkeypatch: pytest.MonkeyPatch):
    with Session(engine) as session:
        manager = f.officer(session)
        for _ in range(2):
            _case(session, manager)
        session.commit()
    calls: list[bool] = []
    real = scan.run_scan

    def noting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("with_rows", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(scan, "run_scan", noting)
    summary = jobs.scan_job(engine.url.render_as_string(hide_password=False), as_of=DAY)
    assert calls == [False]
    with Session(engine) as session:
        assert summary is not None and summary.open == len(list_warnings(session, SYSTEM)) > 0


PW = "correct-horse-1"


def test_the_command_line_full_option(sqlite_engine, monkeypatch, capsys, tmp_path: Path):
    with Session(sqlite_engine) as session:
        create_user(session, SYSTEM, username="admin", role=Role.administrator, password=PW)
        manager = f.officer(session)
        for _ in range(2):
            _case(session, manager)
        session.commit()
    monkeypatch.setenv("RSOMAN_USER", "admin")
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False, raising=False)
    db = sqlite_engine.url.database
    assert db is not None
    for args in ([], [], ["--full"]):
        assert cli.main(["--db", db, "scan", "--as-of", DAY.isoformat(), *args]) == 0
    capsys.readouterr()
    with Session(sqlite_engine) as session:
        entries = session.exec(
            select(AuditEntry.summary)
            .where(AuditEntry.object_type == "warning_scan")
            .order_by(AuditEntry.id)
        ).all()
    assert [e.rsplit("; ", 1)[1] for e in entries] == [
        "2 of 2 offenders evaluated",
        "0 of 2 offenders evaluated",
        "2 of 2 offenders evaluated",
    ]
