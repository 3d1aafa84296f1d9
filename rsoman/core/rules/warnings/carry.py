"""A finding carried forward to a later day, without the facts.

Until an offender's horizon (`Horizon`: the first day on which the rules' findings may change
otherwise), the findings of a later day are those of the day they were found with the days
passed counted in: the days overdue, and the count in the words ("overdue by 12 days", "due in
3 days", "ended 4 Nov 2026, 2 days ago"). So a new day's scan need not load an offender whose
horizon is still ahead: it carries their stored warnings forward. tests/test_rules_carry.py
checks, over generated records, that the carried findings are exactly those the rules find.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .common import days, days_overdue, when
from .findings import Finding


def count_words(due_on: date, day: date) -> tuple[str, ...]:
    """The ways the rules' words count the days between a due date and `day`."""
    late = (day - due_on).days
    if late > 0:
        return (f"overdue by {days(late)}", f", {days(late)} ago")
    return (f"due {when(-late)}", f"ends {when(-late)}")


def carried_words(explanation: str, due_on: date | None, found_on: date, day: date) -> str | None:
    """The explanation of a finding found on `found_on`, as the rules word it on `day` (before
    the horizon); None when the words cannot be carried (the count found twice, or a due date
    passed between the two days): the offender is then evaluated."""
    if due_on is None or found_on == day:
        return explanation  # nothing counted
    before, after = count_words(due_on, found_on), count_words(due_on, day)
    hits = [(old, new) for old, new in zip(before, after, strict=True) if old in explanation]
    if not hits:
        return explanation  # words with no count in them (an indefinite review's eligibility)
    if len(hits) > 1 or explanation.count(hits[0][0]) > 1:
        return None
    if (found_on > due_on) != (day > due_on):
        return None  # from "due" to "overdue": a horizon the rules report, never carried over
    old, new = hits[0]
    return explanation.replace(old, new)


def carried(finding: Finding, found_on: date, day: date) -> Finding | None:
    """`finding`, found on `found_on`, as found on `day` (see `carried_words`)."""
    words = carried_words(finding.explanation, finding.due_on, found_on, day)
    if words is None:
        return None
    return replace(finding, days_overdue=days_overdue(finding.due_on, day), explanation=words)
