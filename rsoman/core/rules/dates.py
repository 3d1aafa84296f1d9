"""Calendar arithmetic and the date wording shared by the rules.

Periods in law run in calendar years and months, not in days: 10 years from 29 Feb 2020 ends on
28 Feb 2030 (the day is clamped to the end of a shorter month).
"""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def add_months(start: date, months: int) -> date:
    """`start` plus a number of calendar months, clamping the day to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def format_date(day: date) -> str:
    """The way officers write a date: "3 Mar 2020" (no leading zero)."""
    return f"{day.day} {day:%b %Y}"


def london_date(moment: datetime) -> date:
    """The calendar date in London of a stored (UTC) moment; naive values are London time."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(LONDON).date()


def london_today() -> date:
    return datetime.now(LONDON).date()
