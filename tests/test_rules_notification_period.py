import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rsoman.core.rules.notification_period import (
    PeriodLength,
    notification_period,
    notification_period_dates,
)
from rsoman.core.store.enums import Disposal

CONVICTED = date(2020, 3, 3)


def period(disposal, months=None, age=30, on=CONVICTED, first_after_release=None):
    return notification_period(disposal, months, age, on, first_after_release)


def test_explanation_names_the_rule_and_the_dates():
    p = period(Disposal.custody, 12)
    assert not p.indefinite
    assert p.length == PeriodLength(10)
    assert p.ends_on == date(2030, 3, 3)
    assert p.explanation == (
        "10 years: custodial sentence of 12 months (over 6 and under 30 months), "
        "from conviction 3 Mar 2020, ends 3 Mar 2030"
    )


@pytest.mark.parametrize(
    ("months", "years"),
    [(0, 7), (1, 7), (6, 7), (7, 10), (12, 10), (29, 10)],
)
def test_custody_boundaries_at_6_and_7_months_and_29_months(months, years):
    p = period(Disposal.custody, months)
    assert p.length == PeriodLength(years)
    assert p.ends_on == date(2020 + years, 3, 3)


@pytest.mark.parametrize("months", [30, 31, 120])
def test_custody_of_30_months_or_more_is_indefinite(months):
    p = period(Disposal.custody, months)
    assert p.indefinite and p.length is None and p.ends_on is None
    assert "30 months or more" in p.explanation


@pytest.mark.parametrize(
    "disposal", [Disposal.life, Disposal.ipp, Disposal.hospital_restriction_order]
)
def test_always_indefinite_disposals(disposal):
    assert period(disposal).indefinite


def test_indefinite_review_date_15_years_after_first_notification_following_release():
    p = period(Disposal.custody, 48, first_after_release=date(2023, 6, 1))
    assert p.review_eligible_on == date(2038, 6, 1)
    assert "15 years" in p.explanation and "1 Jun 2023" in p.explanation


def test_indefinite_review_date_8_years_when_under_18():
    p = period(Disposal.custody, 48, age=17, first_after_release=date(2023, 6, 1))
    assert p.review_eligible_on == date(2031, 6, 1)
    assert "8 years" in p.explanation


def test_indefinite_review_date_unknown_until_released_and_notified():
    p = period(Disposal.life)
    assert p.review_eligible_on is None
    assert "not yet recorded" in p.explanation


def test_fixed_periods_have_no_review_date():
    assert (
        period(Disposal.custody, 12, first_after_release=date(2021, 1, 1)).review_eligible_on
        is None
    )


@pytest.mark.parametrize(
    ("age", "length", "ends"),
    [
        (17, PeriodLength(5), date(2025, 3, 3)),  # halved
        (18, PeriodLength(10), date(2030, 3, 3)),  # adult on the day: not halved
        (19, PeriodLength(10), date(2030, 3, 3)),
    ],
)
def test_halving_boundary_at_18(age, length, ends):
    p = period(Disposal.custody, 12, age=age)
    assert (p.length, p.ends_on) == (length, ends)
    assert ("halved" in p.explanation) == (age < 18)


def test_under_18_seven_years_halves_to_three_and_a_half():
    p = period(Disposal.custody, 4, age=16, on=date(2021, 8, 31))
    assert p.length == PeriodLength(3, 6)
    assert p.ends_on == date(2025, 2, 28)  # 31 Aug + 42 months, clamped
    assert p.explanation.startswith("3 years 6 months: ")


@pytest.mark.parametrize(("age", "years"), [(17, 1), (18, 2)])
def test_caution_is_two_years_halved_when_under_18(age, years):
    p = period(Disposal.caution, age=age)
    assert p.length == PeriodLength(years)
    assert p.ends_on == date(2020 + years, 3, 3)
    assert "from caution 3 Mar 2020" in p.explanation


def test_caution_ends_a_day_for_day_two_years_later():
    p = period(Disposal.caution, on=date(2024, 2, 29))
    assert p.ends_on == date(2026, 2, 28)


def test_hospital_order_without_restriction_is_seven_years():
    assert period(Disposal.hospital_order).length == PeriodLength(7)


@pytest.mark.parametrize("disposal", [Disposal.community_order, Disposal.other])
def test_other_disposals_are_five_years(disposal):
    assert period(disposal).length == PeriodLength(5)
    assert period(disposal, age=16).length == PeriodLength(2, 6)


def test_suspended_sentence_counts_as_its_custodial_term():
    assert period(Disposal.suspended_sentence, 12).length == PeriodLength(10)
    assert period(Disposal.suspended_sentence, 6).length == PeriodLength(7)
    without_term = period(Disposal.suspended_sentence)
    assert without_term.length == PeriodLength(5)
    assert "no term recorded" in without_term.explanation


def test_notification_order_follows_the_sentence_abroad():
    assert period(Disposal.notification_order, 36).indefinite
    assert period(Disposal.notification_order, 8).length == PeriodLength(10)
    assert period(Disposal.notification_order).length == PeriodLength(5)


def test_conditional_discharge_lasts_its_own_length_and_is_not_halved():
    p = period(Disposal.conditional_discharge, 18)
    assert p.length == PeriodLength(1, 6)
    assert p.ends_on == date(2021, 9, 3)
    assert period(Disposal.conditional_discharge, 18, age=16).length == PeriodLength(1, 6)


def test_missing_or_bad_inputs_are_refused_with_every_reason():
    with pytest.raises(ValueError, match="custody needs its length"):
        period(Disposal.custody)
    with pytest.raises(ValueError, match="conditional discharge needs"):
        period(Disposal.conditional_discharge)
    with pytest.raises(ValueError, match=r"negative.*age_at_conviction"):
        period(Disposal.custody, -1, age=-3)


def test_period_length_wording():
    assert str(PeriodLength(1)) == "1 year"
    assert str(PeriodLength(0, 6)) == "6 months"
    assert str(PeriodLength(3, 1)) == "3 years 1 month"


# --- properties ---------------------------------------------------------------------------

FIXED = [
    Disposal.hospital_order,
    Disposal.community_order,
    Disposal.caution,
    Disposal.other,
]
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(
    disposal=st.sampled_from([Disposal.custody, Disposal.suspended_sentence, *FIXED]),
    months=st.integers(0, 29),
    on=dates,
)
def test_property_under_18_periods_are_half_the_adult_period(disposal, months, on):
    adult = period(disposal, months, age=18, on=on)
    young = period(disposal, months, age=17, on=on)
    assert young.length.total_months * 2 == adult.length.total_months


@given(shorter=st.integers(0, 400), longer=st.integers(0, 400), age=st.integers(10, 90))
def test_property_period_never_shrinks_as_the_sentence_grows(shorter, longer, age):
    shorter, longer = sorted((shorter, longer))

    def rank(p):
        return float("inf") if p.indefinite else p.length.total_months

    assert rank(period(Disposal.custody, shorter, age=age)) <= rank(
        period(Disposal.custody, longer, age=age)
    )


@given(
    disposal=st.sampled_from(list(Disposal)),
    months=st.integers(0, 400),
    age=st.integers(10, 90),
    on=dates,
)
def test_property_indefinite_exactly_when_the_rule_says(disposal, months, age, on):
    p = period(disposal, months, age=age, on=on)
    custodial = disposal in (
        Disposal.custody,
        Disposal.suspended_sentence,
        Disposal.notification_order,
    )
    expected = disposal in (Disposal.life, Disposal.ipp, Disposal.hospital_restriction_order) or (
        custodial and months >= 30
    )
    assert p.indefinite == expected
    assert (p.ends_on is None) == expected
    if not expected:
        assert p.ends_on > on or months == 0
        assert p.explanation.startswith(str(p.length))


@given(
    disposal=st.sampled_from(list(Disposal)),
    months=st.one_of(st.none(), st.integers(-2, 400)),
    age=st.integers(-2, 90),
    on=dates,
    first=st.one_of(st.none(), dates),
)
def test_property_the_scans_dates_are_the_explained_periods(disposal, months, age, on, first):
    """The scan works out every period's dates without its words (cached per disposal,
    sentence and age, every adult age sharing an entry): the same dates, or the same refusal,
    as the worded period, whatever ages came before."""
    try:
        worded = notification_period(disposal, months, age, on, first)
    except ValueError as refused:
        with pytest.raises(ValueError, match=f"^{re.escape(str(refused))}$"):
            notification_period_dates(disposal, months, age, on, first)
        return
    assert notification_period_dates(disposal, months, age, on, first) == (
        worded.indefinite,
        worded.ends_on,
        worded.review_eligible_on,
    )


def test_ages_either_side_of_18_are_not_confused_by_the_cache():
    for age, ends in [(17, date(2025, 3, 3)), (18, date(2030, 3, 3)), (50, date(2030, 3, 3))]:
        assert notification_period_dates(Disposal.custody, 12, age, CONVICTED).ends_on == ends
        assert period(Disposal.custody, 12, age=age).ends_on == ends
    assert period(Disposal.custody, 12, age=17).halved_from == PeriodLength(10)
    assert period(Disposal.custody, 12, age=18).halved_from is None
