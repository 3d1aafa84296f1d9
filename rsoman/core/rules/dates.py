"""Calendar arithmetic and the date wording shared by the rules.

Periods in law run in calendar years and months, not in days: 10 years from 29 Feb 2020 ends on
28 Feb 2030 (the day is clamped to the end of a shorter month).
"""

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def add_months(start: date, months: int) -> date:
    """`start` plus a number of calendar months, clamping the day to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if start.day <= 28:  # in every month: no need to ask the calendar
        return date(year, month, start.day)
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


@lru_cache(maxsize=4096)
def days_span(days: int) -> timedelta:
    """`timedelta(days=days)`, cached: the rules add a policy's few intervals to dates hundreds
    of thousands of times in a London scan, and building a timedelta costs ten times the
    addition."""
    return timedelta(days=days)


@lru_cache(maxsize=1 << 15)
def format_date(day: date) -> str:
    """The way officers write a date: "3 Mar 2020" (no leading zero). Cached: a London scan
    words a few thousand distinct dates hundreds of thousands of times, and strftime costs
    more than the rest of a rule."""
    return f"{day.day} {day:%b %Y}"


def london_date(moment: datetime) -> date:
    """The calendar date in London of a stored (UTC) moment; naive values are London time."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(LONDON).date()


def london_today() -> date:
    return datetime.now(LONDON).date()
