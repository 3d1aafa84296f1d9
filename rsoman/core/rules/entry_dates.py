"""Dates and times typed the way an officer says them: "now", "today 14:30", "yesterday 0930",
"3/2 10:30", "03/02/2026 10:30", "mon 9am", "3 feb 14:00".

A pure parser (the GUI shows the result in words beside the field as it is typed, so a slip is
seen before it is saved). Everything is London wall-clock time without a zone: the caller gives
`now` the same way, and the service that stores the value attaches Europe/London.

Dates are day first (dd/mm), as written in the UK. A date without a year, or a weekday name, is
taken in the direction the form expects: a visit that took place is in the past ("28/12" typed on
5 Jan means last December), a planned one in the future.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal

Direction = Literal["past", "future"]

EXAMPLES = "e.g. 'now', 'today 14:30', 'yesterday 0930', '3/2 10:30' or '03/02/2026 10:30'"

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_NAMED_TIMES = {"noon": time(12), "midday": time(12), "midnight": time(0)}

_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?$", re.ASCII)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(am|pm)?$", re.ASCII)
_COMPACT = re.compile(r"^(\d{3,4})(am|pm)?$", re.ASCII)
_HOUR_ONLY = re.compile(r"^(\d{1,2})(am|pm)$", re.ASCII)
# How far back (or ahead) a yearless 29/2 may look for a leap year.
_YEARS_TO_TRY = 8


class EntryDateError(ValueError):
    """The text is not a date and time; the message says why, in words for the officer."""


def _words(text: str) -> list[str]:
    text = text.strip().lower().replace(",", " ")
    # "2 pm" -> "2pm"; "at" is noise ("today at 14:30").
    text = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", text)
    return [w for w in text.split() if w not in {"at", "on"}]


def _clock(hour: int, minute: int, meridiem: str | None, word: str) -> time:
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise EntryDateError(f"'{word}': with am or pm the hour runs from 1 to 12")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23:
        raise EntryDateError(f"'{word}': there is no hour {hour} (00 to 23)")
    if minute > 59:
        raise EntryDateError(f"'{word}': there is no minute {minute} (00 to 59)")
    return time(hour, minute)


def _parse_time(word: str) -> time | None:
    """The time a word gives, None if the word is not a time at all."""
    if word in _NAMED_TIMES:
        return _NAMED_TIMES[word]
    if m := _CLOCK.match(word):
        return _clock(int(m[1]), int(m[2]), m[3], word)
    if m := _COMPACT.match(word):
        digits = m[1]
        return _clock(int(digits[:-2]), int(digits[-2:]), m[2], word)
    if m := _HOUR_ONLY.match(word):
        return _clock(int(m[1]), 0, m[2], word)
    return None


def _make_date(year: int, month: int, day: int, word: str) -> date:
    if not 1 <= month <= 12:
        raise EntryDateError(f"'{word}': there is no month {month} (dates are day/month)")
    try:
        return date(year, month, day)
    except ValueError:
        raise EntryDateError(f"'{word}' is not a date") from None


def _yearless(day: int, month: int, today: date, prefer: Direction, word: str) -> date:
    """The nearest such day in the preferred direction (a yearless 29/2 finds a leap year)."""
    if not 1 <= month <= 12:
        raise EntryDateError(f"'{word}': there is no month {month} (dates are day/month)")
    step = -1 if prefer == "past" else 1
    for offset in range(_YEARS_TO_TRY + 1):
        try:
            found = date(today.year + step * offset, month, day)
        except ValueError:
            continue
        if (prefer == "past" and found <= today) or (prefer == "future" and found >= today):
            return found
    raise EntryDateError(f"'{word}' is not a date")


def _digits(word: str) -> bool:
    return re.fullmatch(r"[0-9]{1,4}", word) is not None


def _four_digit(year: int) -> int:
    return 2000 + year if year < 100 else year


def _parse_date(words: list[str], today: date, prefer: Direction) -> date:
    text = " ".join(words)
    if len(words) == 1:
        word = words[0]
        if word in _RELATIVE:
            return today + timedelta(days=_RELATIVE[word])
        if word in _WEEKDAYS:
            gap = (_WEEKDAYS[word] - today.weekday()) % 7
            return (
                today + timedelta(days=gap)
                if prefer == "future"
                else today - timedelta(days=(7 - gap) % 7)
            )
        if m := _ISO_DATE.match(word):
            return _make_date(int(m[1]), int(m[2]), int(m[3]), word)
        if m := _NUMERIC_DATE.match(word):
            day, month = int(m[1]), int(m[2])
            if m[3] is None:
                return _yearless(day, month, today, prefer, word)
            return _make_date(_four_digit(int(m[3])), month, day, word)
    # "3 feb", "3 february 2026", "feb 3"
    if 2 <= len(words) <= 3:
        first, second = words[0], words[1]
        if _digits(first) and second in _MONTHS:
            day, month = int(first), _MONTHS[second]
        elif first in _MONTHS and _digits(second):
            day, month = int(second), _MONTHS[first]
        else:
            raise EntryDateError(f"'{text}' is not a date I know ({EXAMPLES})")
        if len(words) == 2:
            return _yearless(day, month, today, prefer, text)
        if not _digits(words[2]) or len(words[2]) not in (2, 4):
            raise EntryDateError(f"'{words[2]}' is not a year")
        return _make_date(_four_digit(int(words[2])), month, day, text)
    raise EntryDateError(f"'{text}' is not a date I know ({EXAMPLES})")


def _is_year(words: list[str]) -> bool:
    """Whether the last word, all digits, is the year of "3 feb 2026" or "feb 3 2026" (not the
    time 20:26)."""
    if len(words) < 3 or not _digits(words[-1]):
        return False
    return words[-2] in _MONTHS or (words[-3] in _MONTHS and len(words[-2]) <= 2)


def _split(words: list[str]) -> tuple[list[str], time | None]:
    """Find the one time word (last, or first: "14:30 today"); the rest is the date."""
    clock: time | None = None
    rest = words
    if not _is_year(words) and (found := _parse_time(words[-1])) is not None:
        clock, rest = found, words[:-1]
    elif (found := _parse_time(words[0])) is not None:
        clock, rest = found, words[1:]
    # Bare digits left over are the date's to judge (a year, a day); a clock is not.
    if any(not _digits(word) and _parse_time(word) is not None for word in rest):
        raise EntryDateError("give one time only")
    return rest, clock


def parse_entry(
    text: str, now: datetime, *, prefer: Direction = "past", need_time: bool = True
) -> datetime:
    """The London wall-clock moment `text` means, to the minute (naive, like `now`).

    `prefer` says which way a date without a year (or a weekday) points. With `need_time`, a date
    without a time is refused (a visit's time matters: visits should vary in time of day);
    otherwise it means the start of that day. Raises EntryDateError saying what is wrong.
    """
    words = _words(text)
    if not words:
        raise EntryDateError(f"type when ({EXAMPLES})")
    now = now.replace(second=0, microsecond=0, tzinfo=None)
    if words in (["now"], ["right", "now"]):
        return now
    date_words, clock = _split(words)
    day = _parse_date(date_words, now.date(), prefer) if date_words else now.date()
    if clock is None:
        if need_time:
            raise EntryDateError("add the time too, e.g. '14:30' or '0930'")
        clock = time(0)
    return datetime.combine(day, clock)


def _relative_day(day: date, today: date) -> str:
    gap = (day - today).days
    if gap == 0:
        return "today"
    if gap == -1:
        return "yesterday"
    if gap == 1:
        return "tomorrow"
    return f"{-gap} days ago" if gap < 0 else f"in {gap} days"


def describe_entry(moment: datetime, now: datetime) -> str:
    """The moment in words, to check at a glance: "Tue 3 Feb 2026, 10:30 (yesterday)"."""
    words = f"{moment:%a} {moment.day} {moment:%b %Y}, {moment:%H:%M}"
    return f"{words} ({_relative_day(moment.date(), now.date())})"
