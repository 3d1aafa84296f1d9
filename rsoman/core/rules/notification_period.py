"""How long the notification requirements last (Sexual Offences Act 2003, s.82).

These periods are set by statute, not by force policy, so they live here rather than in `Policy`.

| disposal                                                    | period                        |
|-------------------------------------------------------------|-------------------------------|
| custody of 30 months or more, life, IPP, hospital order     | indefinite                    |
|   with a restriction order                                  |                               |
| custody of over 6 and under 30 months                       | 10 years                      |
| custody of 6 months or less; hospital order without         | 7 years                       |
|   restriction                                               |                               |
| any other disposal (community order, ...)                   | 5 years                       |
| caution                                                     | 2 years                       |
| conditional discharge                                       | the discharge's length        |

Choices made where the table is silent (each is named in the explanation it produces):
- A suspended sentence counts as its custodial term when the term is recorded (a 12-month
  suspended sentence gives 10 years); without a recorded term it is an "other disposal" (5 years).
- A notification order (conviction abroad) follows the foreign sentence the same way: the
  recorded term as custody, otherwise 5 years.
- Halving for those under 18 at conviction (s.82(2)) applies to the fixed 10, 7, 5 and 2 year
  periods only, not to a conditional discharge, whose period is its own length.
- Fixed periods run from the conviction (or caution) date and are added in calendar years and
  months: 10 years from 29 Feb 2020 ends on 28 Feb 2030.
- An indefinite requirement may be reviewed on application, at the earliest 15 years (8 if under
  18 at conviction) after the first notification following release; until that notification is
  recorded the date is unknown.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from ..store.enums import Disposal
from .dates import add_months, add_years, format_date

ADULT_AGE = 18
INDEFINITE_CUSTODY_MONTHS = 30
SHORT_CUSTODY_MONTHS = 6
REVIEW_AFTER_YEARS_ADULT = 15
REVIEW_AFTER_YEARS_UNDER_18 = 8

_ALWAYS_INDEFINITE = {
    Disposal.life: "life sentence",
    Disposal.ipp: "imprisonment for public protection",
    Disposal.hospital_restriction_order: "hospital order with a restriction order",
}


@dataclass(frozen=True, order=True)
class PeriodLength:
    """A length in calendar years and months."""

    years: int
    months: int = 0

    @classmethod
    def of_months(cls, total: int) -> "PeriodLength":
        return cls(*divmod(total, 12))

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.months or not self.years:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        return " ".join(parts)


@dataclass(frozen=True)
class NotificationPeriod:
    indefinite: bool
    # None when indefinite.
    length: PeriodLength | None
    starts_on: date
    ends_on: date | None
    # Indefinite only: the earliest date an application for review may be made.
    review_eligible_on: date | None
    # What the explanation is made of (the words are built only when read: a London scan
    # works out every offender's period but explains only those that become warnings).
    reason: str
    start_word: str  # "conviction" or "caution"
    age_at_conviction: int
    halved_from: PeriodLength | None = None  # fixed periods halved for the under-18s
    review_years: int | None = None  # indefinite only
    first_notification_after_release: date | None = None

    @property
    def explanation(self) -> str:
        """The period in words, with each choice made: "10 years: custodial sentence of 12
        months (over 6 and under 30 months), from conviction 1 Mar 2020, ends 1 Mar 2030"."""
        start = f"from {self.start_word} {format_date(self.starts_on)}"
        if not self.indefinite:
            assert self.ends_on is not None
            halving = ""
            if self.halved_from is not None:
                halving = (
                    f", halved from {self.halved_from} because under 18 at conviction "
                    f"(age {self.age_at_conviction})"
                )
            return (
                f"{self.length}: {self.reason}{halving}, {start}, ends {format_date(self.ends_on)}"
            )
        under_18 = self.age_at_conviction < ADULT_AGE
        age_note = f" (under 18 at conviction, age {self.age_at_conviction})" if under_18 else ""
        first = self.first_notification_after_release
        if first is None or self.review_eligible_on is None:
            review = (
                f"earliest review {self.review_years} years{age_note} after the first "
                "notification following release, which is not yet recorded"
            )
        else:
            review = (
                f"review may be sought from {format_date(self.review_eligible_on)}: "
                f"{self.review_years} years{age_note} after the first notification following "
                f"release, {format_date(first)} (not while an SHPO is in force)"
            )
        return f"indefinite: {self.reason}, {start}; {review}"


@dataclass(frozen=True)
class _Category:
    indefinite: bool
    months: int | None
    reason: str
    # Fixed statutory periods are halved for the under-18s; a discharge's own length is not.
    halvable: bool = True


def _custody(months: int, what: str) -> _Category:
    if months >= INDEFINITE_CUSTODY_MONTHS:
        return _Category(True, None, f"{what} of {months} months (30 months or more)")
    if months > SHORT_CUSTODY_MONTHS:
        return _Category(False, 120, f"{what} of {months} months (over 6 and under 30 months)")
    return _Category(False, 84, f"{what} of {months} months (6 months or less)")


@lru_cache(maxsize=1024)  # a handful of distinct (disposal, months) in any caseload
def _categorise(disposal: Disposal, sentence_months: int | None) -> _Category:
    if disposal in _ALWAYS_INDEFINITE:
        return _Category(True, None, _ALWAYS_INDEFINITE[disposal])
    if disposal == Disposal.custody:
        assert sentence_months is not None
        return _custody(sentence_months, "custodial sentence")
    if disposal == Disposal.suspended_sentence:
        if sentence_months is not None:
            return _custody(sentence_months, "suspended sentence (treated as its custodial term)")
        return _Category(False, 60, "suspended sentence with no term recorded (other disposal)")
    if disposal == Disposal.notification_order:
        if sentence_months is not None:
            return _custody(
                sentence_months, "notification order: sentence abroad treated as custody"
            )
        return _Category(False, 60, "notification order with no sentence recorded")
    if disposal == Disposal.hospital_order:
        return _Category(False, 84, "hospital order without a restriction order")
    if disposal == Disposal.caution:
        return _Category(False, 24, "caution")
    if disposal == Disposal.conditional_discharge:
        assert sentence_months is not None
        return _Category(
            False,
            sentence_months,
            f"conditional discharge of {sentence_months} months (its own length)",
            halvable=False,
        )
    if disposal == Disposal.community_order:
        return _Category(False, 60, "community order (other disposal)")
    return _Category(False, 60, "other disposal")


def _input_problems(disposal: Disposal, sentence_months: int | None, age: int) -> list[str]:
    problems = []
    if disposal in (Disposal.custody, Disposal.conditional_discharge) and sentence_months is None:
        problems.append(f"a {disposal.value.replace('_', ' ')} needs its length in months")
    if sentence_months is not None and sentence_months < 0:
        problems.append("sentence_months cannot be negative")
    if age < 0:
        problems.append("age_at_conviction cannot be negative")
    return problems


@dataclass(frozen=True)
class _Terms:
    """A registration's period apart from its dates: the same for every registration with the
    same disposal, sentence and age at conviction (a few thousand in any caseload)."""

    category: _Category
    start_word: str
    length: PeriodLength | None = None  # fixed periods, after any halving
    months: int | None = None  # fixed periods: `length` in months
    halved_from: PeriodLength | None = None
    review_years: int | None = None  # indefinite only


@lru_cache(maxsize=4096)
def _terms(disposal: Disposal, sentence_months: int | None, age_at_conviction: int) -> _Terms:
    """Raises ValueError, naming every problem, when the inputs cannot give a period. Callers
    pass every adult age as ADULT_AGE: they all give the same terms, so one cache entry."""
    problems = _input_problems(disposal, sentence_months, age_at_conviction)
    if problems:
        raise ValueError("; ".join(problems))
    category = _categorise(disposal, sentence_months)
    under_18 = age_at_conviction < ADULT_AGE
    start_word = "caution" if disposal == Disposal.caution else "conviction"
    if category.indefinite:
        review_years = REVIEW_AFTER_YEARS_UNDER_18 if under_18 else REVIEW_AFTER_YEARS_ADULT
        return _Terms(category, start_word, review_years=review_years)
    assert category.months is not None
    months = category.months
    halved_from: PeriodLength | None = None
    if under_18 and category.halvable:
        halved_from = PeriodLength.of_months(months)
        months //= 2
    return _Terms(
        category,
        start_word,
        length=PeriodLength.of_months(months),
        months=months,
        halved_from=halved_from,
    )


class PeriodDates(NamedTuple):
    """The dates of a notification period, without its words (see `notification_period_dates`)."""

    indefinite: bool
    ends_on: date | None  # fixed periods
    review_eligible_on: date | None  # indefinite: None until the first notification is known


def notification_period_dates(
    disposal: Disposal,
    sentence_months: int | None,
    age_at_conviction: int,
    conviction_date: date,
    first_notification_after_release: date | None = None,
) -> PeriodDates:
    """`notification_period`'s dates alone: a scan works out every offender's period but
    explains only those that become warnings. Raises ValueError as `notification_period` does."""
    if not isinstance(disposal, Disposal):
        disposal = Disposal(disposal)
    terms = _terms(disposal, sentence_months, min(age_at_conviction, ADULT_AGE))
    if terms.review_years is not None:
        first = first_notification_after_release
        review_on = None if first is None else add_years(first, terms.review_years)
        return PeriodDates(True, None, review_on)
    assert terms.months is not None
    return PeriodDates(False, add_months(conviction_date, terms.months), None)


def notification_period(
    disposal: Disposal,
    sentence_months: int | None,
    age_at_conviction: int,
    conviction_date: date,
    first_notification_after_release: date | None = None,
) -> NotificationPeriod:
    """The notification period for one registration, with its explanation in words.

    `conviction_date` is the date of the conviction, caution or finding (the period's start).
    `first_notification_after_release` only matters for indefinite requirements (review date).
    Raises ValueError, naming every problem, when the inputs cannot give a period.
    """
    if not isinstance(disposal, Disposal):
        disposal = Disposal(disposal)
    terms = _terms(disposal, sentence_months, min(age_at_conviction, ADULT_AGE))
    dates = notification_period_dates(
        disposal,
        sentence_months,
        age_at_conviction,
        conviction_date,
        first_notification_after_release,
    )
    if dates.indefinite:
        return NotificationPeriod(
            indefinite=True,
            length=None,
            starts_on=conviction_date,
            ends_on=None,
            review_eligible_on=dates.review_eligible_on,
            reason=terms.category.reason,
            start_word=terms.start_word,
            age_at_conviction=age_at_conviction,
            review_years=terms.review_years,
            first_notification_after_release=first_notification_after_release,
        )
    return NotificationPeriod(
        indefinite=False,
        length=terms.length,
        starts_on=conviction_date,
        ends_on=dates.ends_on,
        review_eligible_on=None,
        reason=terms.category.reason,
        start_word=terms.start_word,
        age_at_conviction=age_at_conviction,
        halved_from=terms.halved_from,
    )
