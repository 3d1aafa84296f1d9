"""The scheduled scan job and its schedule (core.jobs): on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import factories as f
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from rsoman.core import jobs
from rsoman.core.jobs import (
    DAY,
    HOUR,
    MAX_WAIT_SECONDS,
    SCHEDULE,
    ScanSummary,
    capped_wait,
    scan_job,
)
from rsoman.core.rules.dates import LONDON
from rsoman.core.services import audit
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.store.engine import DatabaseError
from rsoman.core.store.enums import AuditAction, RiskLevel
from rsoman.core.store.models import AuditEntry, Borough


@dataclass(frozen=True)
class FakeResult:
    """The counts `run_scan` returns, for stand-in scans."""

    as_of: date
    raised: int = 0
    reopened: int = 0
    escalated: int = 0
    resolved: int = 0
    still_open: int = 0
    warnings: list[Any] = field(default_factory=list)


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


class RecordingScan:
    """A stand-in scan that notes how it was called and what it could see."""

    def __init__(self, result: FakeResult | None = None) -> None:
        self.calls: list[tuple[Actor, date | None, int]] = []
        self.result = result

    def __call__(self, session: Session, actor: Actor, *, as_of: date | None = None) -> Any:
        boroughs = session.exec(select(func.count()).select_from(Borough)).one()
        self.calls.append((actor, as_of, boroughs))
        return self.result or FakeResult(as_of=as_of or date(2026, 1, 1))


def test_scan_job_runs_the_scan_as_the_system_and_summarises_it(engine: Engine) -> None:
    scan = RecordingScan(
        FakeResult(date(2026, 3, 2), raised=3, reopened=1, escalated=2, resolved=4, still_open=9)
    )
    summary = scan_job(url_of(engine), as_of=date(2026, 3, 2), scan=scan)

    assert scan.calls == [(SYSTEM, date(2026, 3, 2), 33)]  # 32 boroughs and the central team
    assert summary is not None
    assert (summary.as_of, summary.new, summary.escalated, summary.resolved, summary.open) == (
        date(2026, 3, 2),
        4,
        2,
        4,
        9,
    )
    assert summary.needs_attention
    assert "4 new, 2 escalated, 4 resolved, 9 open" in summary.describe()


def test_a_scan_with_nothing_new_or_worse_needs_no_attention() -> None:
    quiet = ScanSummary(date(2026, 3, 2), 0, 0, 0, resolved=5, open=7, seconds=0.1)
    assert not quiet.needs_attention
    reopened = ScanSummary(date(2026, 3, 2), 0, 1, 0, 0, 7, 0.1)
    assert reopened.needs_attention and reopened.new == 1


def test_the_scans_writes_are_committed(engine: Engine) -> None:
    def writing_scan(session: Session, actor: Actor, *, as_of: date | None = None) -> FakeResult:
        audit.record(session, actor, AuditAction.combination, "warning", "scan (stand-in)")
        return FakeResult(as_of=date(2026, 1, 1))

    scan_job(url_of(engine), scan=writing_scan)
    with Session(engine) as session:
        summaries = session.exec(select(AuditEntry.summary)).all()
    assert "scan (stand-in)" in summaries


def test_a_failed_scan_writes_nothing_and_raises(engine: Engine) -> None:
    def failing_scan(session: Session, actor: Actor, *, as_of: date | None = None) -> FakeResult:
        audit.record(session, actor, AuditAction.combination, "warning", "half a scan")
        raise RuntimeError("the scan broke")

    with pytest.raises(RuntimeError, match="the scan broke"):
        scan_job(url_of(engine), scan=failing_scan)
    with Session(engine) as session:
        assert "half a scan" not in session.exec(select(AuditEntry.summary)).all()


class BlockingScan:
    """A stand-in scan that holds on until released, to overlap two scans on purpose."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, session: Session, actor: Actor, *, as_of: date | None = None) -> Any:
        self.started.set()
        assert self.release.wait(10), "the test never released the scan"
        return FakeResult(as_of=date(2026, 1, 1), raised=1)


def _scan_in_thread(url: str, scan: BlockingScan) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []
    thread = threading.Thread(target=lambda: outcome.append(scan_job(url, scan=scan)))
    thread.start()
    assert scan.started.wait(10)
    return thread, outcome


def test_only_one_worker_scans_a_postgresql_database_at_a_time(engine: Engine) -> None:
    url = url_of(engine)
    first = BlockingScan()
    thread, outcome = _scan_in_thread(url, first)
    try:
        second = RecordingScan()
        overlapping = scan_job(url, scan=second)
    finally:
        first.release.set()
        thread.join(10)
    assert isinstance(outcome[0], ScanSummary) and outcome[0].raised == 1
    if engine.dialect.name == "postgresql":
        assert overlapping is None  # another worker is scanning: skipped, not queued
        assert second.calls == []
        # The lock went with the first scan: the next one runs.
        third = RecordingScan()
        assert scan_job(url, scan=third) is not None
        assert len(third.calls) == 1
    else:
        # SQLite has one writer at a time anyway: the second scan takes its turn.
        assert overlapping is not None and len(second.calls) == 1


def test_the_worker_lock_is_not_the_scans_own_lock() -> None:
    # The scan locks its own key inside its transaction: sharing it would deadlock the job.
    from rsoman.core.services import scan

    assert jobs.SCAN_LOCK_KEY != scan.SCAN_LOCK_KEY


def test_the_lock_is_released_when_a_scan_fails(engine: Engine) -> None:
    def failing_scan(session: Session, actor: Actor, *, as_of: date | None = None) -> FakeResult:
        raise RuntimeError("the scan broke")

    with pytest.raises(RuntimeError):
        scan_job(url_of(engine), scan=failing_scan)
    assert scan_job(url_of(engine), scan=RecordingScan()) is not None


def test_scan_job_refuses_a_missing_sqlite_file_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "rsoman.db"
    with pytest.raises(DatabaseError, match="no database at"):
        scan_job(str(missing), scan=RecordingScan())
    assert not missing.parent.exists()


def test_the_real_scan_finds_warnings_once(engine: Engine) -> None:
    from rsoman.core.services.scan import run_scan

    with Session(engine) as session:
        manager = f.officer(session)
        # Very high risk, registered years ago and never visited: overdue whatever the policy.
        f.offender(
            session, risk=RiskLevel.very_high, manager=manager, registered_on=date(2024, 1, 2)
        )
        session.commit()
    url = url_of(engine)
    first = scan_job(url, as_of=date(2026, 3, 2), scan=run_scan)
    again = scan_job(url, as_of=date(2026, 3, 2))  # the default: the real scan
    assert first is not None and first.raised >= 1 and first.open == first.raised
    assert again is not None
    assert (again.new, again.escalated, again.resolved, again.open) == (0, 0, 0, first.open)


# ---------------------------------------------------------------------------------------------
# The schedule


def _entry(entry_id: str) -> Any:
    return next(e for e in SCHEDULE if e.id == entry_id)


def _london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_the_schedule_is_at_start_hourly_and_daily_at_seven() -> None:
    assert [e.id for e in SCHEDULE] == ["scan-at-start", "scan-hourly", "scan-daily"]
    now = _london(2026, 3, 2, 9, 30)
    assert _entry("scan-at-start").trigger(now).get_next_fire_time(None, now) == now
    hourly = _entry("scan-hourly").trigger(now)
    first = hourly.get_next_fire_time(None, now)
    assert first == now + timedelta(hours=1)
    assert hourly.get_next_fire_time(first, first) == now + timedelta(hours=2)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_london(2026, 3, 2, 6, 59), _london(2026, 3, 2, 7, 0)),  # the minute before
        (_london(2026, 3, 2, 7, 0), _london(2026, 3, 2, 7, 0)),  # the minute itself
        (_london(2026, 3, 2, 7, 1), _london(2026, 3, 3, 7, 0)),  # the minute after: tomorrow
        # London time, not UTC, across the change to summer time (29 March 2026).
        (_london(2026, 3, 28, 8, 0), _london(2026, 3, 29, 7, 0)),
        (_london(2026, 7, 1, 7, 30), _london(2026, 7, 2, 7, 0)),
    ],
)
def test_the_daily_scan_is_at_seven_london_time(now: datetime, expected: datetime) -> None:
    fire = _entry("scan-daily").trigger(now).get_next_fire_time(None, now)
    assert fire == expected
    assert fire.astimezone(LONDON).hour == 7


def test_each_missed_run_can_be_caught_up_within_one_period() -> None:
    # With coalescing, the latest missed run is less than one period late: the grace covers it.
    assert _entry("scan-hourly").misfire_grace_time == HOUR
    assert _entry("scan-daily").misfire_grace_time == DAY


@pytest.mark.parametrize(
    ("wait", "expected"),
    [(None, None), (0.0, 0.0), (MAX_WAIT_SECONDS, MAX_WAIT_SECONDS), (3600.0, MAX_WAIT_SECONDS)],
)
def test_schedulers_look_at_the_clock_again_within_a_minute(
    wait: float | None, expected: float | None
) -> None:
    # A sleeping machine stops monotonic timers; a short wait notices the missed run soon.
    assert capped_wait(wait) == expected
