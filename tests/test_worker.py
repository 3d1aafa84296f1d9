"""`rsoman worker`: the headless scheduler, its catch-up of missed runs, and a clean stop."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from rsoman import cli
from rsoman.core.jobs import add_scan_jobs
from rsoman.core.rules.dates import LONDON
from rsoman.core.services.actor import Actor
from rsoman.worker import make_scheduler, run_worker


@dataclass(frozen=True)
class FakeResult:
    as_of: date
    raised: int = 2
    reopened: int = 0
    escalated: int = 1
    resolved: int = 0
    still_open: int = 5


class CountingScan:
    """A stand-in scan: counts its runs, and can hold on until released."""

    def __init__(self, *, hold: bool = False) -> None:
        self.runs = 0
        self.finished = 0
        self.started = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, session: Session, actor: Actor, *, as_of: date | None = None) -> Any:
        self.runs += 1
        self.started.set()
        assert self.release.wait(10)
        self.finished += 1
        return FakeResult(as_of=date(2026, 3, 2))


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def wait_until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _start_worker(url: str, scan: Any) -> tuple[threading.Thread, threading.Event, list[int]]:
    stop = threading.Event()
    status: list[int] = []
    thread = threading.Thread(
        target=lambda: status.append(run_worker(url, stop_event=stop, scan=scan)), daemon=True
    )
    thread.start()
    return thread, stop, status


def test_the_worker_scans_at_start_logs_the_counts_and_stops_on_its_event(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rsoman.worker")
    scan = CountingScan()
    thread, stop, status = _start_worker(url_of(sqlite_engine), scan)
    wait_until(lambda: any("scan done" in r.getMessage() for r in caplog.records))
    stop.set()
    thread.join(5)
    assert not thread.is_alive() and status == [0]
    assert scan.runs == 1  # the start-up scan; the next is an hour away
    done = [r.getMessage() for r in caplog.records if "scan done" in r.getMessage()]
    # Exactly one line for the one scan, with its counts.
    assert len(done) == 1 and "2 new, 1 escalated, 0 resolved, 5 open" in done[0]


def test_stopping_waits_for_a_running_scan_to_finish(sqlite_engine: Engine) -> None:
    scan = CountingScan(hold=True)
    thread, stop, status = _start_worker(url_of(sqlite_engine), scan)
    assert scan.started.wait(10)
    stop.set()
    thread.join(0.5)
    assert thread.is_alive()  # still waiting for the scan, not abandoning it mid-transaction
    scan.release.set()
    thread.join(5)
    assert not thread.is_alive() and status == [0]
    assert scan.finished == 1


def test_a_failed_scan_is_logged_and_the_worker_carries_on(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(session: Session, actor: Actor, *, as_of: date | None = None) -> Any:
        raise RuntimeError("the scan broke")

    caplog.set_level(logging.INFO, logger="rsoman.worker")
    thread, stop, status = _start_worker(url_of(sqlite_engine), broken)
    wait_until(lambda: any("scan failed" in r.getMessage() for r in caplog.records))
    stop.set()
    thread.join(5)
    assert status == [0]
    assert any("the scan broke" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("job_id", "late"),
    [("scan-hourly", timedelta(hours=5, minutes=10)), ("scan-daily", timedelta(days=3))],
)
def test_runs_missed_during_downtime_are_caught_up_exactly_once(
    sqlite_engine: Engine, job_id: str, late: timedelta
) -> None:
    scan = CountingScan()
    scheduler = make_scheduler()
    add_scan_jobs(scheduler, url_of(sqlite_engine), scan=scan)
    for other in ("scan-at-start", "scan-hourly", "scan-daily"):
        if other != job_id:
            scheduler.remove_job(other)
    # As if the machine had been asleep (or the worker down) through several due runs.
    now = datetime.now(LONDON)
    scheduler.modify_job(job_id, next_run_time=now - late)
    scheduler.start()
    try:
        wait_until(lambda: scan.finished >= 1)
        time.sleep(0.5)  # room for any further catch-up run to show itself
        assert scan.runs == 1
        # Then it is back on its schedule, in the future.
        next_run = scheduler.get_job(job_id).next_run_time
        assert now < next_run <= now + (timedelta(hours=1) if job_id == "scan-hourly" else late)
    finally:
        scheduler.shutdown(wait=True)


def test_the_worker_refuses_a_database_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.db"
    assert cli.main(["worker", "--db", str(missing)]) == cli.EXIT_ERROR
    assert "no database at" in capsys.readouterr().err
    assert not missing.exists()


def _read_until(stream: Any, needle: str, timeout: float) -> str:
    """Lines from a child's stderr until one contains `needle` (a thread, so it cannot hang)."""
    seen: list[str] = []
    found = threading.Event()

    def pump() -> None:
        for line in stream:
            seen.append(line)
            if needle in line:
                found.set()
                return

    threading.Thread(target=pump, daemon=True).start()
    found.wait(timeout)
    return "".join(seen)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_process_stops_cleanly_on_a_signal(
    sqlite_engine: Engine, signum: signal.Signals
) -> None:
    db = sqlite_engine.url.database
    assert db is not None
    sqlite_engine.dispose()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "rsoman", "worker", "--db", db],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        # The start-up scan (the real one) runs at once; stop after it has reported.
        head = _read_until(child.stderr, "scan done", timeout=30)
        assert "worker started" in head and "scan done: as of" in head, head
        child.send_signal(signum)
        _, rest = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, head + rest
    log = head + rest
    assert "worker stopped" in log
    assert "Traceback" not in log
