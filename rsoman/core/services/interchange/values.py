"""Reading and writing single values of the interchange format: dates, datetimes, photos.

Datetimes are stored in UTC; in files they are written in London time with their offset, and a
time written without an offset is read as London wall-clock time (what an officer means).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# Years outside this range are typing mistakes, and would overflow time zone arithmetic.
MIN_YEAR = 1850
MAX_YEAR = 2200

DATE_EXAMPLE = "2026-03-14"
DATETIME_EXAMPLE = "2026-03-14T10:30:00"
KEY_REASON = "must be on one line, not starting or ending with spaces"

IMAGE_SIGNATURES: dict[str, bytes] = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
MAX_PHOTO_BYTES = 10 * 1024 * 1024

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UK_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class BadValue(ValueError):
    """A value that cannot be read; the message is the plain-English reason."""


def _in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def parse_date(text: str) -> date:
    if not _DATE_RE.fullmatch(text):
        raise BadValue(f"must be a date like {DATE_EXAMPLE}")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise BadValue(
            f"must be a date like {DATE_EXAMPLE} ({text} is not a calendar date)"
        ) from None
    if not _in_range(value.year):
        raise BadValue(f"must be a date between {MIN_YEAR} and {MAX_YEAR}")
    return value


def parse_uk_or_iso_date(text: str) -> date:
    """A spreadsheet date: 2026-03-14 or 14/03/2026 (never the American month-first order)."""
    m = _UK_DATE_RE.fullmatch(text)
    if m is None:
        if _DATE_RE.fullmatch(text):
            return parse_date(text)
        raise BadValue(f"must be a date like {DATE_EXAMPLE} or 14/03/2026")
    day, month, year = (int(g) for g in m.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise BadValue(f"must be a date like 14/03/2026 ({text} is not a calendar date)") from None
    if not _in_range(value.year):
        raise BadValue(f"must be a date between {MIN_YEAR} and {MAX_YEAR}")
    return value


def parse_datetime(text: str) -> datetime:
    """ISO 8601; without an offset it is London time. Returns an aware datetime in UTC."""
    reason = f"must be a date and time like {DATETIME_EXAMPLE} (London time) or with an offset"
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(reason) from None
    if not _in_range(value.year):
        raise BadValue(f"must be a date and time between {MIN_YEAR} and {MAX_YEAR}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.astimezone(UTC)


def format_date(value: date) -> str:
    return value.isoformat()


def format_datetime(value: datetime) -> str:
    """London time with its offset, e.g. 2026-07-01T10:30:00+01:00."""
    if value.tzinfo is None:  # defensive: the store always returns aware values
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LONDON).isoformat()


def london_noon(day: date) -> datetime:
    """A date given without a time: midday London time, in UTC (midday never crosses a date
    line whichever offset applies)."""
    return datetime.combine(day, time(12, 0), tzinfo=LONDON).astimezone(UTC)


def london_today() -> date:
    return datetime.now(LONDON).date()


def decode_photo(data: str, mime: str) -> bytes:
    try:
        image = base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise BadValue("must be base64 text (A-Z, a-z, 0-9, +, / and = padding)") from None
    if not image:
        raise BadValue("is empty")
    if len(image) > MAX_PHOTO_BYTES:
        raise BadValue(f"is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB")
    signature = IMAGE_SIGNATURES.get(mime)
    if signature is not None and not image.startswith(signature):
        raise BadValue(f"is not a {mime.split('/')[1].upper()} image")
    return image


def encode_photo(image: bytes) -> str:
    return base64.b64encode(image).decode("ascii")


def text_problem(text: str) -> str | None:
    """Text every database can hold: PostgreSQL refuses NUL characters, and lone surrogates
    cannot be written as UTF-8."""
    if "\x00" in text:
        return "must not contain NUL characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains characters that are not valid Unicode"
    return None
