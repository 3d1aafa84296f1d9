"""What every warning rule shares: the due/overdue test, wording, and building a finding."""

from __future__ import annotations

from datetime import date

from ..dates import format_date
from ..policy import Policy
from .findings import Finding, Severity, SubjectType


def is_overdue(due_on: date, as_of: date) -> bool:
    """Overdue from the day after the due date: on the due date itself it is due, not late."""
    return as_of > due_on


def days_overdue(due_on: date | None, as_of: date) -> int:
    if due_on is None:
        return 0
    return max(0, (as_of - due_on).days)


def is_due_soon(due_on: date, as_of: date, window_days: int) -> bool:
    """Not yet overdue and due within the window (the due date itself included)."""
    return 0 <= (due_on - as_of).days <= window_days


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def when(left: int) -> str:
    """A due day `left` days ahead (0: today), in words."""
    return "today" if left == 0 else f"in {days(left)}"


class Horizon:
    """The first day after as_of on which an offender's findings may change other than by the
    passing days alone (see `carry.py`), as the rules report it while they run: a due date
    passing, a window opening or closing. Facts dated after as_of are not reported here: they
    change the findings on their own day, which the scan checks in the store
    (services/scan_carry.py)."""

    __slots__ = ("day",)

    def __init__(self) -> None:
        self.day: date | None = None

    def at(self, day: date) -> None:
        """Findings may change on `day` (a day after as_of)."""
        if self.day is None or day < self.day:
            self.day = day


# A date in words (cached in rules.dates).
fd = format_date


def policy_words(policy: Policy) -> str:
    return f"policy v{policy.version}"


def finding(
    *,
    kind: str,
    severity: Severity,
    subject_type: SubjectType,
    subject_id: int,
    subject_ref: str,
    anchor: str,
    due_on: date | None,
    as_of: date,
    explanation: str,
    policy: Policy,
) -> Finding:
    """A finding whose days_overdue follows the one rule: days after the due date, else 0."""
    # Positional, in Finding's field order: a far-future scan builds hundreds of thousands.
    return Finding(
        kind,
        severity,
        subject_type,
        subject_id,
        subject_ref,
        anchor,
        due_on,
        days_overdue(due_on, as_of),
        explanation,
        policy.version,
    )
