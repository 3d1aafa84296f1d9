"""The warning scan on a timer inside the desktop app, without blocking the window.

APScheduler 3.11's QtScheduler leaks timers under PySide6: `QTimer.singleShot` returns None there,
so `_stop_timer` never stops the timer it started; every `add_job` (a wakeup) starts another
timer chain, and some of them fire after `shutdown`. `FixedQtScheduler` keeps one QTimer, owned
by a small QObject on the GUI thread, and stops it before re-arming and on shutdown.

The scans themselves run on the scheduler's executor thread (one at a time), each with its own
engine and session (`core.jobs.scan_job`); only a plain `ScanSummary` comes back, through a
queued signal, so `WarningScheduler.scan_finished` is always emitted on the GUI thread.
"""

from __future__ import annotations

import logging
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import STATE_STOPPED, BaseScheduler
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from ..core.jobs import ScanCallable, ScanSummary, add_scan_jobs, capped_wait, scan_job
from ..core.rules.dates import LONDON

log = logging.getLogger(__name__)

# QTimer takes int milliseconds.
_MAX_TIMER_MS = 2_147_483_647


class _TimerOwner(QObject):
    """Holds the scheduler's one QTimer on the GUI thread; `arm` may be emitted from any
    thread (APScheduler wakes its scheduler from whichever thread adds a job)."""

    arm = Signal(object)  # seconds to wait, or None to stop

    def __init__(self, scheduler: FixedQtScheduler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scheduler = scheduler
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(scheduler._process_jobs)
        # Auto connection: direct on the GUI thread, queued from any other.
        self.arm.connect(self._arm)

    @Slot(object)
    def _arm(self, seconds: float | None) -> None:
        self.timer.stop()
        if seconds is None or self._scheduler.state == STATE_STOPPED:
            return
        self.timer.start(max(0, min(int(seconds * 1000), _MAX_TIMER_MS)))


class FixedQtScheduler(QtScheduler):
    """QtScheduler with one QTimer that is stopped before re-arming and on shutdown.

    Create it on the GUI thread. `timer_parent` owns the timer (it dies with it)."""

    def __init__(self, *, timer_parent: QObject | None = None, **options: Any) -> None:
        self._owner = _TimerOwner(self, timer_parent)
        super().__init__(**options)

    @property
    def timer(self) -> QTimer:
        return self._owner.timer

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._owner.arm.emit(wait_seconds)

    def _stop_timer(self) -> None:
        self._owner.arm.emit(None)

    def wakeup(self) -> None:
        self._start_timer(0)

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:  # a timeout queued just before shutdown
            return None
        wait_seconds = BaseScheduler._process_jobs(self)
        # Capped: Qt timers stand still while the machine sleeps (see core.jobs).
        self._start_timer(capped_wait(wait_seconds))
        return wait_seconds


class WarningScheduler(QObject):
    """Runs `core.jobs.SCHEDULE` in the app and reports each finished scan on the GUI thread."""

    # A ScanSummary (counts of new, escalated, resolved and open warnings).
    scan_finished = Signal(object)
    # One line saying why a scan failed (the next scheduled run tries again).
    scan_failed = Signal(str)

    # From the executor thread to the GUI thread: a ScanSummary or an exception.
    _delivered = Signal(object)

    def __init__(
        self, db_url: str, *, scan: ScanCallable | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self._scan = scan
        self.scheduler = FixedQtScheduler(
            timer_parent=self,
            # One thread: scans never overlap within the app (the advisory lock covers others).
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            timezone=LONDON,
        )
        self.scheduler.add_listener(self._on_job_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self.scheduler.running

    def start(self) -> None:
        add_scan_jobs(self.scheduler, self.db_url, scan=self._scan)
        self.scheduler.start()

    def scan_now(self) -> None:
        """Queue one extra scan at once (e.g. a "Scan now" action)."""
        kwargs: dict[str, Any] = {"scan": self._scan} if self._scan is not None else {}
        self.scheduler.add_job(
            scan_job,
            args=[self.db_url],
            kwargs=kwargs,
            id="scan-now",
            name="warning scan (on request)",
            misfire_grace_time=None,
            replace_existing=True,
        )

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop the timer and (with `wait`) let a running scan finish; safe to call twice."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)

    def _on_job_event(self, event: JobExecutionEvent) -> None:
        # Called on the executor thread: hand over plain values only.
        outcome: object = event.exception if event.code == EVENT_JOB_ERROR else event.retval
        if outcome is None:
            log.info("scheduled scan skipped: another client is scanning this database")
            return
        try:
            self._delivered.emit(outcome)
        except RuntimeError:  # this object was deleted without shutdown(): nobody to tell
            log.debug("scan result dropped: the scheduler's owner is gone")

    @Slot(object)
    def _deliver(self, outcome: object) -> None:
        if isinstance(outcome, ScanSummary):
            log.info("scheduled scan: %s", outcome.describe())
            self.scan_finished.emit(outcome)
        else:
            log.error("scheduled scan failed: %s", outcome)
            self.scan_failed.emit(str(outcome) or type(outcome).__name__)


def start_warning_scheduler(db_url: str, parent: QObject) -> WarningScheduler:
    """Start scanning `db_url` (at once, hourly, and at 07:00); stopped when the app quits.

    Call on the GUI thread after sign-in, then connect `scan_finished`."""
    scheduler = WarningScheduler(db_url, parent=parent)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(scheduler.shutdown)
    scheduler.start()
    return scheduler
