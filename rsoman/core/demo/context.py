"""What the parts of an offender's record share: the dates the record hangs on, and the
builder's state (random source, date, ids, rows being collected, the offender's sex)."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from ..rules.policy import POLICY_V1
from . import words
from .writer import IdAllocator

DAY = timedelta(days=1)
YEAR = 365
FICTIONAL = " (fictional demo record)"
T = TypeVar("T")
# History is laid out as if managed under the first policy's defaults (DOMAIN.md); the
# demo only chooses how often practice falls short of them.
POLICY = POLICY_V1


def weighted(rng: random.Random, options: tuple[tuple[Any, float], ...]) -> Any:
    x = rng.random() * sum(w for _, w in options)
    for value, weight in options:
        x -= weight
        if x < 0:
            return value
    return options[-1][0]


@dataclass
class Timeline:
    """Dates that several parts of the record hang on."""

    registered: date  # first notification: community management starts
    end: date  # as_of, or the day the status changed for closed, custody and abroad cases
    convicted: date
    released: date | None


class RecordContext:
    """State shared by the record builders (the mixins below compose `CaseloadBuilder`)."""

    rng: random.Random
    as_of: date
    ids: IdAllocator
    rows: dict[str, list[dict[str, Any]]]
    female: bool  # the offender being built is a woman: phrases say "she"

    def _say(self, phrase: str) -> str:
        return words.as_female(phrase) if self.female else phrase


def holder_on(history: list[tuple[date, T]], starts: list[date], day: date) -> T:
    """What held on `day`, from (from-date, value) pairs in date order and their from-dates
    (the first value also stands for the days before it)."""
    return history[max(0, bisect_right(starts, day) - 1)][1]
