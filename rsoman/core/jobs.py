"""Scheduled work shared by the desktop app and `rsoman worker`: the warning scan and when it runs.

`scan_job` is a module-level function taking only a database URL, so any scheduler (or a test)
can run it: it opens its own engine and session, scans as the system, and returns a plain
`ScanSummary` that may cross threads. On PostgreSQL several workers and desktop clients may share
one database; a session-level advisory lock on a dedicated connection lets only one of them scan
at a time, and the others skip their turn rather than queue up behind it.

`SCHEDULE` says when by default: once at start, every hour, and daily at 07:00 London time (the
force settings `scan_every_minutes` and `scan_daily_time` change the last two). Missed runs
(the machine was asleep or the worker was down) are coalesced into one, and each job's grace
period equals its period, so after coalescing the latest missed run is always caught up, once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
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

    def counted(session: Session, actor: Actor, *, as_of: date | None = None) -> ScanResult:
        # The job reports counts only: the list of every live warning (tens of thousands
        # London-wide) would be built for nobody.
        return run_scan(session, actor, as_of=as_of, with_rows=False)

    return counted


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


def schedule_for(daily_time: str = "07:00", every_minutes: int = 60) -> tuple[ScheduledScan, ...]:
    """The schedule for the force settings `scan_daily_time` ("HH:MM", London) and
    `scan_every_minutes` (services/settings.py validates both)."""
    hour, minute = (int(part) for part in daily_time.split(":"))
    period = every_minutes * 60
    every = "every hour" if every_minutes == 60 else f"every {every_minutes} minutes"
    return (
        ScheduledScan(
            "scan-at-start",
            "at start",
            lambda now: DateTrigger(run_date=now, timezone=LONDON),
            HOUR,
        ),
        ScheduledScan(
            # The id stays "scan-hourly" whatever the period: it names the job, not the hour.
            "scan-hourly",
            every,
            lambda now: IntervalTrigger(
                minutes=every_minutes,
                start_date=now + timedelta(minutes=every_minutes),
                timezone=LONDON,
            ),
            period,
        ),
        ScheduledScan(
            "scan-daily",
            f"daily at {hour:02d}:{minute:02d} Europe/London",
            lambda now: CronTrigger(hour=hour, minute=minute, timezone=LONDON),
            DAY,
        ),
    )


# The default schedule (the settings' defaults); `add_scan_jobs` reads the database's own.
SCHEDULE: tuple[ScheduledScan, ...] = schedule_for()


def schedule_from_database(db_url: str) -> tuple[ScheduledScan, ...]:
    """The schedule the force settings ask for. If they cannot be read (no database yet, an
    older schema), the default: the scan must run whatever is wrong with a setting."""
    from .services.settings import get_settings

    try:
        engine = _engine_for(db_url)
        try:
            with session_scope(engine) as session:
                settings = get_settings(session)
        finally:
            engine.dispose()
        return schedule_for(settings.scan_daily_time, settings.scan_every_minutes)
    except Exception as exc:  # any failure: fall back, and say so
        log.warning("scan schedule: default used, settings unreadable: %s", exc)
        return SCHEDULE


def describe_schedule(schedule: Sequence[ScheduledScan] = SCHEDULE) -> str:
    return ", ".join(entry.description for entry in schedule)


def add_scan_jobs(
    scheduler: BaseScheduler,
    db_url: str,
    *,
    scan: ScanCallable | None = None,
    now: datetime | None = None,
    schedule: Sequence[ScheduledScan] | None = None,
) -> list[Job]:
    """Add every entry of the schedule (by default the one the database's settings ask for) to
    a scheduler, replacing jobs of the same id. Settings are read here, at start: a change
    applies from the next start of the app or worker."""
    moment = now if now is not None else datetime.now(LONDON)
    entries = schedule if schedule is not None else schedule_from_database(db_url)
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
        for entry in entries
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
