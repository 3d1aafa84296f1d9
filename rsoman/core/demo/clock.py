"""Dates and times for demo records: London wall-clock times stored as UTC instants."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def stamp(day: date, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock time on `day`, as the UTC instant the store keeps."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def london_today() -> date:
    return datetime.now(LONDON).date()


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
