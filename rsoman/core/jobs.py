"""Scheduled work shared by the desktop app and `rsoman worker`: the warning scan and when it runs.

`scan_job` is a module-level function taking only a database URL, so any scheduler (or a test)
can run it: it opens its own engine and session, scans as the system, and returns a plain
`ScanSummary` that may cross threads. On PostgreSQL several workers and desktop clients may share
one database; a session-level advisory lock on a dedicated connection lets only one of them scan
at a time, and the others skip their turn rather than queue up behind it.

`SCHEDULE` says when: once at start, every hour, and daily at 07:00 London time. Missed runs
(the machine was asleep or the worker was down) are coalesced into one, and each job's grace
period equals its period, so after coalescing the latest missed run is always caught up, once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text

from .rules.dates import LONDON
from .services.actor import SYSTEM
from .store.engine import DatabaseError, make_engine, normalise_url, session_scope

if TYPE_CHECKING:
    from apscheduler.job import Job
    from apscheduler.schedulers.base import BaseScheduler
    from sqlalchemy import Engine
    from sqlmodel import Session

    from .services.actor import Actor
    from .services.scan import ScanResult

log = logging.getLogger(__name__)

# Held (per connection) for the whole scan by whichever process scans a shared PostgreSQL
# database. It must differ from the keys the scan and the audit log lock inside their transaction
# on another connection: with the same key, the scan would wait forever for its own caller.
SCAN_LOCK_KEY = 0x72736F6D616E0057  # "rsoman" + "W"(orker)


@dataclass(frozen=True)
class ScanSummary:
    """What one scheduled scan found: plain values, safe to hand to another thread."""

    as_of: date
    raised: int  # warnings never seen before
    reopened: int  # warnings that had been resolved and are back
    escalated: int  # open warnings whose severity rose
    resolved: int  # warnings the data has caught up with
    open: int  # live warnings after the scan (open or acknowledged)
    seconds: float

    @property
    def new(self) -> int:
        return self.raised + self.reopened

    @property
    def needs_attention(self) -> bool:
        """Whether anything is new or worse since the previous scan (worth a notification)."""
        return self.new > 0 or self.escalated > 0

    def describe(self) -> str:
        return (
            f"as of {self.as_of.isoformat()}: {self.new} new, {self.escalated} escalated, "
            f"{self.resolved} resolved, {self.open} open ({self.seconds:.1f} s)"
        )

    @classmethod
    def of(cls, result: ScanResult, seconds: float) -> ScanSummary:
        return cls(
            as_of=result.as_of,
            raised=result.raised,
            reopened=result.reopened,
            escalated=result.escalated,
            resolved=result.resolved,
            open=result.still_open,
            seconds=seconds,
        )


class ScanCallable(Protocol):
    """The shape of `rsoman.core.services.scan.run_scan` (tests pass a stand-in)."""

    def __call__(
        self, session: Session, actor: Actor, *, as_of: date | None = ...
    ) -> ScanResult: ...


def _real_scan() -> ScanCallable:
    # Imported when first needed, so that importing the schedule stays light.
    from .services.scan import run_scan

    return run_scan


def _engine_for(db_url: str) -> Engine:
    """An engine on an existing database (a scheduled job never creates one)."""
    url = normalise_url(db_url)
    if url.get_backend_name() == "sqlite":
        path = url.database
        if not path or path == ":memory:":
            raise DatabaseError("the scheduled scan needs a database file or server, not memory")
        if not Path(path).exists():
            raise DatabaseError(f"no database at {path}")
    return make_engine(url)


def scan_job(
    db_url: str, *, as_of: date | None = None, scan: ScanCallable | None = None
) -> ScanSummary | None:
    """Run the warning scan once, as the system. Returns None when another process is already
    scanning the same PostgreSQL database (it will have found the same warnings)."""
    run = scan if scan is not None else _real_scan()
    engine = _engine_for(db_url)
    try:
        if engine.dialect.name != "postgresql":
            # SQLite serialises writers itself: a second scan waits and then finds nothing new.
            return _scan(engine, run, as_of)
        # Autocommit: the lock belongs to the connection, which must not sit in a transaction
        # for the length of the scan.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": SCAN_LOCK_KEY})
            if not got.scalar():
                log.info("skipped: another worker is scanning this database")
                return None
            try:
                return _scan(engine, run, as_of)
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SCAN_LOCK_KEY})
    finally:
        engine.dispose()


def _scan(engine: Engine, run: ScanCallable, as_of: date | None) -> ScanSummary:
    started = time.perf_counter()
    with session_scope(engine) as session:
        result = run(session, SYSTEM, as_of=as_of)
    return ScanSummary.of(result, time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------
# When the scan runs


@dataclass(frozen=True)
class ScheduledScan:
    """One entry of the schedule; `trigger(now)` builds a fresh trigger for a new scheduler."""

    id: str
    description: str
    trigger: Callable[[datetime], BaseTrigger]
    # Seconds late a run may still start. Equal to the period: with `coalesce`, only the latest
    # missed run counts and it is always less than one period late, so it is caught up once.
    misfire_grace_time: int


HOUR = 3600
DAY = 24 * HOUR

SCHEDULE: tuple[ScheduledScan, ...] = (
    ScheduledScan(
        "scan-at-start",
        "at start",
        lambda now: DateTrigger(run_date=now, timezone=LONDON),
        HOUR,
    ),
    ScheduledScan(
        "scan-hourly",
        "every hour",
        lambda now: IntervalTrigger(hours=1, start_date=now + timedelta(hours=1), timezone=LONDON),
        HOUR,
    ),
    ScheduledScan(
        "scan-daily",
        "daily at 07:00 Europe/London",
        lambda now: CronTrigger(hour=7, minute=0, timezone=LONDON),
        DAY,
    ),
)


def describe_schedule() -> str:
    return ", ".join(entry.description for entry in SCHEDULE)


def add_scan_jobs(
    scheduler: BaseScheduler,
    db_url: str,
    *,
    scan: ScanCallable | None = None,
    now: datetime | None = None,
) -> list[Job]:
    """Add every `SCHEDULE` entry to a scheduler (replacing jobs of the same id)."""
    moment = now if now is not None else datetime.now(LONDON)
    kwargs: dict[str, Any] = {"scan": scan} if scan is not None else {}
    return [
        scheduler.add_job(
            scan_job,
            entry.trigger(moment),
            args=[db_url],
            kwargs=kwargs,
            id=entry.id,
            name=f"warning scan ({entry.description})",
            misfire_grace_time=entry.misfire_grace_time,
            coalesce=True,
            # A slow scan is never started again on top of itself.
            max_instances=1,
            replace_existing=True,
        )
        for entry in SCHEDULE
    ]


# Timers (Qt's, and the threading waits of the other schedulers) run on a monotonic clock that
# stops while the machine sleeps: a one-hour wait begun before a night's sleep ends an hour after
# waking. Never waiting longer than this makes the scheduler look at the wall clock again soon
# after waking, and catch up what it missed.
MAX_WAIT_SECONDS = 60.0


def capped_wait(wait_seconds: float | None) -> float | None:
    """The wait before a scheduler next looks at its jobs (None: no jobs at all)."""
    if wait_seconds is None:
        return None
    return min(wait_seconds, MAX_WAIT_SECONDS)
