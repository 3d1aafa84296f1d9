"""`rsoman worker`: the scheduled warning scan, headless, for a shared database.

The same jobs as the desktop app (`core.jobs.SCHEDULE`) on APScheduler's BackgroundScheduler,
one scan at a time. The main thread only waits for a stop request: Ctrl-C, SIGTERM, or the
`stop_event` a caller passes. Stopping lets a running scan finish (its transaction commits or
rolls back whole) before the process exits with status 0.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobEvent,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from .core.jobs import (
    ScanCallable,
    ScanSummary,
    add_scan_jobs,
    capped_wait,
    describe_schedule,
    schedule_from_database,
)
from .core.rules.dates import LONDON

log = logging.getLogger("rsoman.worker")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class WorkerScheduler(BackgroundScheduler):
    """A BackgroundScheduler that looks at the wall clock at least once a minute, so that runs
    missed while the machine slept are caught up soon after it wakes."""

    def _process_jobs(self) -> float | None:
        try:
            return capped_wait(super()._process_jobs())
        except JobLookupError:
            # APScheduler 3.11 race: a stop arriving while this thread retires a finished
            # one-off job makes it look for the job among the not-yet-started ones. Harmless
            # when stopping; anything else is a real error.
            if self.state == STATE_STOPPED:
                return None
            raise


def make_scheduler() -> WorkerScheduler:
    # One thread: scans never overlap within a process (the advisory lock covers processes).
    return WorkerScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=1)}, timezone=LONDON
    )


def _log_event(event: JobEvent) -> None:
    if isinstance(event, JobExecutionEvent) and event.code == EVENT_JOB_EXECUTED:
        value: Any = event.retval
        if isinstance(value, ScanSummary):
            log.info("scan done: %s", value.describe())
        elif value is None:
            log.info("scan skipped: another worker is scanning this database")
    elif isinstance(event, JobExecutionEvent) and event.code == EVENT_JOB_ERROR:
        log.error("scan failed: %s", event.exception, exc_info=event.exception)
    elif event.code == EVENT_JOB_MISSED:
        log.warning("a scheduled scan was missed (%s): too late to catch up", event.job_id)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Ctrl-C and SIGTERM set `stop` while inside; handlers only exist in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_worker(
    db_url: str,
    *,
    stop_event: threading.Event | None = None,
    scan: ScanCallable | None = None,
) -> int:
    """Scan on `SCHEDULE` until asked to stop; returns the exit status (0: stopped cleanly).

    `scan` replaces the real scan (tests)."""
    stop = stop_event if stop_event is not None else threading.Event()
    scheduler = make_scheduler()
    scheduler.add_listener(_log_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    with _stop_on_signals(stop):
        add_scan_jobs(scheduler, db_url, scan=scan)
        scheduler.start()
        log.info(
            "worker started: scans %s; Ctrl-C or SIGTERM stops it",
            describe_schedule(schedule_from_database(db_url)),
        )
        try:
            # A timed wait keeps the main thread responsive to signals on every platform.
            while not stop.wait(1.0):
                pass
        finally:
            log.info("stopping (a scan under way is let finish)")
            scheduler.shutdown(wait=True)
    log.info("worker stopped")
    return 0
