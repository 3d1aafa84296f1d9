"""The scan's offenders shared with a helper process (services/scan_workers.py): the same
warnings, events and evaluation state as one process, the helper's failures absorbed, and one
process whenever two would not be safe.

A demo caseload is generated once per database (module scope) and copied for each scan
sequence: spawning the helper costs about a second, the demo more.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from demo_copies import DAY, OFFENDERS, Copies
from sqlalchemy import Engine, make_url
from sqlmodel import Session

from rsoman.core.demo import generate_demo
from rsoman.core.rules.dates import LONDON
from rsoman.core.services import scan, scan_workers
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.facts_loader import Scope, load_offender_facts
from rsoman.core.services.scan import ScanResult, run_scan
from rsoman.core.store.engine import open_database, session_scope
from rsoman.core.store.enums import VisitKind, VisitOutcome
from rsoman.core.store.models import Offender, Visit, Warning

CHUNK = 40  # 8 chunks of the demo's offenders


class HelperShare:
    """Holds the scanning process in its first chunk until the helper has taken `chunks`
    chunks (or, with `until_gone`, until the helper has gone and all it sent is read):
    otherwise the few hundred demo offenders are all evaluated before the helper's interpreter
    has started. Records the shared evaluations it saw."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.chunks = 1
        self.until_gone = False
        self.started: list[scan_workers.SharedEvaluation] = []
        self._first = True
        real_shared = scan_workers.shared_evaluation
        real_evaluate = scan_workers.evaluate_chunk

        @contextmanager
        def recorded(*args: Any, **kwargs: Any) -> Iterator[scan_workers.SharedEvaluation]:
            with real_shared(*args, **kwargs) as shared:
                self.started.append(shared)
                self._first = True
                yield shared

        def evaluate(*args: Any, **kwargs: Any) -> scan_workers.ChunkResult:
            if self._first and self.started and self.started[-1].helper is not None:
                self._first = False
                self._hold(self.started[-1])
            return real_evaluate(*args, **kwargs)

        monkeypatch.setattr(scan_workers, "shared_evaluation", recorded)
        monkeypatch.setattr(scan_workers, "evaluate_chunk", evaluate)

    def _hold(self, shared: scan_workers.SharedEvaluation) -> None:
        helper = shared.helper
        assert helper is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.until_gone:
                if not helper._thread.is_alive():  # its pipe closed and read to the end
                    return
            # Claimed so far, less this process's first.
            elif int(shared.counter.value) - 1 >= self.chunks:
                return
            time.sleep(0.01)
        process = helper.process
        raise AssertionError(
            f"the helper process did not get going in 30 s: alive {process.is_alive()}, "
            f"exit code {process.exitcode}, claimed {int(shared.counter.value)}, "
            f"reader alive {helper._thread.is_alive()}, failure {helper.failure}"
        )


@pytest.fixture
def share(monkeypatch: pytest.MonkeyPatch) -> HelperShare:
    """Two processes from a few dozen offenders on, in chunks of CHUNK."""
    monkeypatch.delenv(scan.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(scan, "PARALLEL_MIN", 10)
    monkeypatch.setattr(scan, "SCAN_CHUNK", CHUNK)
    monkeypatch.setattr(scan, "_cpus", lambda: 2)  # as on the 2-core machine, wherever run
    return HelperShare(monkeypatch)


def scanned(engine: Engine, day: date, *, processes: int | None = None, **kw: Any) -> ScanResult:
    with Session(engine) as session:
        # A caller that has only read: the helper may still be used.
        session.execute(sa.select(Offender.id).limit(1)).all()
        result = run_scan(session, SYSTEM, as_of=day, processes=processes, with_rows=False, **kw)
        session.commit()
    return result


def snapshot(engine: Engine) -> dict[str, list[Any]]:
    """Every warning, event and evaluation state row, without the moments they were written."""
    moments = {"first_raised_at", "last_seen_at", "resolved_at", "acknowledged_at", "at"}
    found: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for table, order in (
            ("warning", "id"),
            ("warning_event", "id"),
            ("offender_scan_state", "offender_id"),
        ):
            rows = conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY {order}")).mappings()
            found[table] = [{k: v for k, v in r.items() if k not in moments} for r in rows]
    return found


def visit(engine: Engine, day: date, pick: Callable[[int], bool]) -> None:
    """A successful home visit on `day` for the offenders whose place (by id) is picked."""
    moment = datetime.combine(day, clock(10), tzinfo=LONDON)
    with Session(engine) as session:
        ids = session.execute(sa.select(Offender.id).order_by(Offender.id)).scalars().all()
        rows = [
            {
                "offender_id": oid,
                "kind": VisitKind.home_visit,
                "outcome": VisitOutcome.successful,
                "occurred_at": moment,
            }
            for i, oid in enumerate(ids)
            if pick(i)
        ]
        session.execute(sa.insert(Visit), rows)
        session.commit()


def test_two_processes_leave_exactly_what_one_leaves(
    demo_copies: Copies, share: HelperShare
) -> None:
    with demo_copies() as two, demo_copies() as one:
        after = DAY + timedelta(days=1)
        steps: list[tuple[str, Callable[[Engine], Any], date, dict[str, Any]]] = [
            ("first scan", lambda e: None, DAY, {}),
            # Forced: a new day carries most offenders forward without evaluating them.
            ("next day", lambda e: None, after, {"full": True}),
            # Two in three offenders changed: most of the scope, loaded by ranges, filtered.
            ("two thirds changed", lambda e: visit(e, after, lambda i: i % 3 != 2), after, {}),
            # One in five: loaded by id lists.
            ("a fifth changed", lambda e: visit(e, after, lambda i: i % 5 == 0), after, {}),
        ]
        for name, change, day, kw in steps:
            change(two)
            change(one)
            shared = scanned(two, day, **kw)
            serial = scanned(one, day, processes=1, **kw)
            assert shared.offenders_evaluated == serial.offenders_evaluated > 0, name
            assert 0 < shared.offenders_by_helper < shared.offenders_evaluated, name
            assert shared.helper_cpu_seconds > 0, name
            assert serial.offenders_by_helper == 0, name
            assert (shared.raised, shared.updated, shared.resolved, shared.still_open) == (
                serial.raised,
                serial.updated,
                serial.resolved,
                serial.still_open,
            ), name
            assert snapshot(two) == snapshot(one), name
        assert len(share.started) == len(steps)
        assert snapshot(two)["warning"], "the demo raises warnings"


def test_the_chunks_by_id_range_cover_the_scope_as_one_pass(demo_copies: Copies) -> None:
    with demo_copies() as engine, Session(engine) as session:
        ids = session.execute(sa.select(Offender.id).order_by(Offender.id)).scalars().all()
        whole = load_offender_facts(session, Scope(), DAY)
        chunks = scan_workers.chunks_of(ids, 70, everyone=True)
        assert chunks[0].id_range[0] < ids[0] and chunks[-1].id_range[1] > ids[-1]
        by_range = [
            o
            for c in chunks
            for o in load_offender_facts(session, Scope(), DAY, id_range=c.id_range)
        ]
        assert by_range == whole
        # Both ends included.
        first, second = ids[0], ids[1]
        loaded = load_offender_facts(session, Scope(), DAY, id_range=(first, second))
        assert [o.offender_id for o in loaded] == [first, second]


def _overdue_offender(engine: Engine) -> int:
    with Session(engine) as session:
        found = session.execute(
            sa.select(Warning.offender_id).where(
                Warning.kind == "home_visit_overdue", Warning.state == "open"
            )
        ).first()
    assert found is not None, "the demo has an overdue home visit"
    return found[0]


def test_a_caller_that_has_written_gets_one_process_that_sees_the_write(
    demo_copies: Copies, share: HelperShare
) -> None:
    with demo_copies() as engine:
        scanned(engine, DAY, processes=1)
        offender_id = _overdue_offender(engine)
        with Session(engine) as session:
            session.execute(sa.select(Offender.id)).all()
            assert scan._nothing_written(session)
            moment = datetime.combine(DAY, clock(9), tzinfo=LONDON)
            session.execute(
                sa.insert(Visit),
                {
                    "offender_id": offender_id,
                    "kind": VisitKind.home_visit,
                    "outcome": VisitOutcome.successful,
                    "occurred_at": moment,
                },
            )
            assert not scan._nothing_written(session)
            result = run_scan(session, SYSTEM, as_of=DAY, full=True, with_rows=False)
            assert result.offenders_evaluated == OFFENDERS
            assert result.offenders_by_helper == 0 and not share.started
            live = session.execute(
                sa.select(Warning.id).where(
                    Warning.offender_id == offender_id,
                    Warning.kind == "home_visit_overdue",
                    Warning.state == "open",
                )
            ).all()
            assert live == [], "the scan saw the visit written before it"
            session.rollback()


def _failing_helper(
    demo_copies: Copies,
    share: HelperShare,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    **overrides: Any,
) -> ScanResult:
    """A full scan with a helper given `overrides`, then checked against a serial scan of a
    copy."""
    monkeypatch.setattr(scan, "_HELPER_OVERRIDES", overrides)
    with demo_copies() as two, demo_copies() as one:
        with caplog.at_level(logging.WARNING, logger=scan_workers.__name__):
            shared = scanned(two, DAY)
        serial = scanned(one, DAY, processes=1)
        assert shared.offenders_evaluated == serial.offenders_evaluated == OFFENDERS
        assert snapshot(two) == snapshot(one)
    assert len(share.started) == 1
    assert "helper process" in caplog.text
    return shared


def test_a_helper_failing_on_its_second_chunk_leaves_what_one_process_leaves(
    demo_copies: Copies,
    share: HelperShare,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    share.chunks = 2  # the helper takes a second chunk, fails, and it is evaluated here
    result = _failing_helper(demo_copies, share, caplog, monkeypatch, fail_on_chunk=2)
    assert result.offenders_by_helper == CHUNK  # its first chunk was kept
    assert "failing on chunk 2" in caplog.text


# How the helper fails does not depend on the database: SQLite only, to save spawning.
@pytest.mark.parametrize("demo_copies", ["sqlite"], indirect=True)
def test_a_helper_dying_on_its_second_chunk_leaves_what_one_process_leaves(
    demo_copies: Copies,
    share: HelperShare,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    share.chunks = 2
    result = _failing_helper(demo_copies, share, caplog, monkeypatch, fail_on_chunk=2, die=True)
    assert result.offenders_by_helper == CHUNK
    assert "exit code 3" in caplog.text


# How the helper fails does not depend on the database: SQLite only, to save spawning.
@pytest.mark.parametrize("demo_copies", ["sqlite"], indirect=True)
def test_a_helper_that_cannot_open_the_database_leaves_what_one_process_leaves(
    demo_copies: Copies,
    share: HelperShare,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    share.until_gone = True
    nowhere = make_url("postgresql+psycopg://nobody@127.0.0.1:9/nowhere")
    result = _failing_helper(demo_copies, share, caplog, monkeypatch, url=nowhere, key=None)
    assert result.offenders_by_helper == 0


def test_a_helper_process_that_cannot_start_leaves_the_scan_to_one_process(
    sqlite_engine: Engine,
    share: HelperShare,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with session_scope(sqlite_engine) as session:
        generate_demo(session, SYSTEM, offenders=60, seed=3, as_of=DAY)

    def refused(self: Any) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(scan_workers.multiprocessing.get_context("spawn").Process, "start", refused)
    with caplog.at_level(logging.WARNING, logger=scan_workers.__name__):
        result = scanned(sqlite_engine, DAY)
    assert result.offenders_evaluated == 60 and result.offenders_by_helper == 0
    assert "could not start" in caplog.text
    assert scanned(sqlite_engine, DAY, full=True, processes=1).updated == 0


def _no_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a helper process was started")

    monkeypatch.setattr(scan_workers, "shared_evaluation", refused)


def test_sqlite_in_memory_and_the_setting_keep_the_scan_in_one_process(
    sqlite_engine: Engine, share: HelperShare, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_helper(monkeypatch)
    memory = open_database("sqlite://")
    try:
        for engine in (memory, sqlite_engine):
            with session_scope(engine) as session:
                generate_demo(session, SYSTEM, offenders=60, seed=3, as_of=DAY)
        assert scanned(memory, DAY).offenders_evaluated == 60
        monkeypatch.setenv(scan.PROCESSES_ENV, "1")
        assert scanned(sqlite_engine, DAY).offenders_evaluated == 60
    finally:
        memory.dispose()


def test_few_offenders_or_one_cpu_keep_the_scan_in_one_process(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_helper(monkeypatch)
    monkeypatch.delenv(scan.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(scan, "SCAN_CHUNK", 10)
    with session_scope(sqlite_engine) as session:
        generate_demo(session, SYSTEM, offenders=60, seed=3, as_of=DAY)
    monkeypatch.setattr(scan, "PARALLEL_MIN", 61)
    assert scanned(sqlite_engine, DAY).offenders_evaluated == 60
    monkeypatch.setattr(scan, "PARALLEL_MIN", 10)
    monkeypatch.setattr(scan, "_cpus", lambda: 1)
    assert scanned(sqlite_engine, DAY, full=True).offenders_evaluated == 60


def test_when_the_scan_decides_by_itself(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A national caseload on two CPUs: two processes, on SQLite and PostgreSQL alike."""
    monkeypatch.delenv(scan.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(scan, "_cpus", lambda: 2)
    with Session(engine) as session:
        assert scan._helper_wanted(session, None, 70_000, True)
        assert not scan._helper_wanted(session, None, scan.PARALLEL_MIN - 1, True)
        assert scan._helper_wanted(session, 2, 100, True)
        assert not scan._helper_wanted(session, 2, 70_000, False)  # the caller has written
        monkeypatch.setenv(scan.PROCESSES_ENV, "2")
        assert scan._helper_wanted(session, None, 100, True)
        assert not scan._helper_wanted(session, 1, 70_000, True)
        monkeypatch.setattr(scan, "_cpus", lambda: 1)
        monkeypatch.delenv(scan.PROCESSES_ENV)
        assert not scan._helper_wanted(session, None, 70_000, True)


SCRIPT_WITHOUT_GUARD = """
import sys
import time
from datetime import date

from sqlmodel import Session

from rsoman.core.demo import generate_demo
from rsoman.core.services import scan, scan_workers
from rsoman.core.services.actor import SYSTEM
from rsoman.core.store.engine import make_engine

# No `if __name__ == "__main__":` guard, as a hurried admin script would have none: every
# run of this top level is marked, and a spawned child that imported this file would run it.
with open(sys.argv[2], "a") as marks:
    marks.write("ran\\n")
scan.PARALLEL_MIN = 1
scan.SCAN_CHUNK = 5
evaluate_here = scan_workers.evaluate_chunk


def slowly(*args, **kwargs):
    time.sleep(0.5)  # leave chunks for the helper, however slowly its interpreter starts
    return evaluate_here(*args, **kwargs)


scan_workers.evaluate_chunk = slowly
engine = make_engine(sys.argv[1])
with Session(engine) as session:
    generate_demo(session, SYSTEM, offenders=30, seed=3, as_of=date(2026, 3, 2))
    session.commit()
with Session(engine) as session:
    result = scan.run_scan(session, SYSTEM, as_of=date(2026, 3, 2), processes=2)
    session.commit()
print("offenders evaluated by the helper:", result.offenders_by_helper)
"""


def test_a_script_without_a_main_guard_is_not_run_again_by_the_helper(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """A spawned child imports its parent's main script unless told otherwise: a script
    calling run_scan at its top level would run again, side effects and all, in the helper."""
    import subprocess
    import sys

    database = tmp_path / "scripted.db"
    shutil.copy(sqlite_template, database)
    script = tmp_path / "admin_script.py"
    script.write_text(SCRIPT_WITHOUT_GUARD)
    marks = tmp_path / "marks.txt"
    done = subprocess.run(
        [sys.executable, str(script), str(database), str(marks)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert marks.read_text() == "ran\n"  # once: in the script's own process only
    assert "offenders evaluated by the helper: 0" not in done.stdout, done.stdout + done.stderr
