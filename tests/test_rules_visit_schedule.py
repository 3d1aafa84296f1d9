from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.rules.visit_schedule import (
    PlanDecision,
    home_visit_counted_from,
    is_successful_home_visit,
    next_home_visit_due,
    was_home_on,
)
from rsoman.core.store.enums import AddressKind, PlanKind, RiskLevel, VisitKind, VisitOutcome

REGISTERED = date(2024, 1, 10)


def due(risk=RiskLevel.high, last=None, plan=None, registered=REGISTERED):
    return next_home_visit_due(
        registered_on=registered,
        risk_level=risk,
        last_successful_home_visit=last,
        plan=plan,
        policy=POLICY_V1,
    )


def test_explanation_matches_the_domain_wording():
    d = due(last=date(2025, 12, 14))
    assert d.due_on == date(2026, 3, 15)
    assert d.interval_days == 91
    assert d.basis == "last successful home visit 14 Dec 2025 + 91 days, policy v1, risk HIGH"
    assert d.explanation == f"due 15 Mar 2026: {d.basis}"


@pytest.mark.parametrize(
    ("risk", "days"),
    [
        (RiskLevel.very_high, 30),
        (RiskLevel.high, 91),
        (RiskLevel.medium, 182),
        (RiskLevel.low, 365),
    ],
)
def test_tariff_interval_per_risk_level(risk, days):
    last = date(2025, 1, 1)
    d = due(risk=risk, last=last)
    assert d.due_on == last + timedelta(days=days)
    assert d.interval_days == days


def test_first_visit_deadline_when_never_visited():
    d = due(risk=RiskLevel.low, last=None)
    assert d.due_on == date(2024, 1, 24)
    assert d.interval_days == 14
    assert "first home visit within 14 days of 10 Jan 2024" in d.basis


def test_visit_before_release_does_not_count():
    """A successful visit before the schedule (re)started, e.g. before release: first-visit
    deadline from the new start."""
    d = due(last=date(2024, 1, 9), registered=REGISTERED)
    assert d.due_on == REGISTERED + timedelta(days=14)
    d = due(last=REGISTERED, registered=REGISTERED)
    assert d.due_on == REGISTERED + timedelta(days=91)


def test_individual_plan_frequency_overrides_the_tariff():
    d = due(
        risk=RiskLevel.low,
        last=date(2025, 5, 1),
        plan=PlanDecision(PlanKind.individual_frequency, 60),
    )
    assert d.due_on == date(2025, 6, 30)
    assert "individual plan frequency" in d.basis


def test_back_to_tariff_plan_uses_the_tariff():
    d = due(risk=RiskLevel.medium, last=date(2025, 5, 1), plan=PlanDecision(PlanKind.tariff))
    assert d.interval_days == 182


def test_reactive_management_has_no_routine_visit():
    plan = PlanDecision(PlanKind.reactive_management)
    assert due(risk=RiskLevel.low, last=date(2025, 5, 1), plan=plan) is None
    assert due(risk=RiskLevel.low, last=None, plan=plan) is None


def test_unassessed_risk_uses_the_shortest_tariff_interval():
    d = due(risk=None, last=date(2025, 5, 1))
    assert d.interval_days == 30
    assert "not yet assessed" in d.basis


def test_individual_frequency_needs_a_positive_interval():
    with pytest.raises(ValueError, match="positive interval"):
        PlanDecision(PlanKind.individual_frequency)
    with pytest.raises(ValueError):
        PlanDecision(PlanKind.individual_frequency, 0)


@pytest.mark.parametrize(
    ("offset", "overdue", "soon"),
    [
        (-15, False, False),
        (-14, False, True),
        (-1, False, True),
        (0, False, True),
        (1, True, False),
    ],
)
def test_overdue_and_due_soon_boundaries(offset, overdue, soon):
    d = due(last=date(2025, 12, 14))
    today = d.due_on + timedelta(days=offset)
    assert d.is_overdue(today) is overdue
    assert d.is_due_soon(today, POLICY_V1) is soon
    assert d.days_overdue(today) == max(0, offset)


@pytest.mark.parametrize(
    ("kind", "outcome", "counts"),
    [
        (VisitKind.home_visit, VisitOutcome.successful, True),
        (VisitKind.home_visit, VisitOutcome.no_reply, False),
        (VisitKind.home_visit, VisitOutcome.refused_entry, False),
        (VisitKind.home_visit, VisitOutcome.seen_elsewhere, False),
        (VisitKind.home_visit, VisitOutcome.offender_absent, False),
        (VisitKind.home_visit, None, False),
        (VisitKind.station_attendance, VisitOutcome.attended, False),
        (VisitKind.station_attendance, VisitOutcome.successful, False),
        (VisitKind.other_contact, VisitOutcome.successful, False),
        ("home_visit", "successful", True),
    ],
)
def test_only_successful_home_visits_count(kind, outcome, counts):
    assert is_successful_home_visit(kind, outcome) is counts


@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    risk=st.sampled_from(list(RiskLevel)),
)
def test_property_due_date_is_last_visit_plus_tariff_and_says_so(last, risk):
    d = due(risk=risk, last=last, registered=date(1999, 1, 1))
    assert (d.due_on - last).days == POLICY_V1.visit_interval_days(risk)
    assert "policy v1" in d.explanation and str(d.interval_days) in d.basis


plans = st.one_of(
    st.none(),
    st.builds(PlanDecision, st.sampled_from([PlanKind.tariff, PlanKind.reactive_management])),
    st.builds(PlanDecision, st.just(PlanKind.individual_frequency), st.integers(1, 400)),
)


@given(
    registered=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    last=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1))),
    risk=st.one_of(st.none(), st.sampled_from(list(RiskLevel))),
    plan=plans,
)
def test_property_the_scans_arithmetic_is_the_explained_due_date(registered, last, risk, plan):
    """The scan works out every offender's due date without its words: the same date."""
    counted = home_visit_counted_from(registered, risk, last, plan, POLICY_V1)
    d = due(risk=risk, last=last, plan=plan, registered=registered)
    if d is None:
        assert counted is None
        return
    assert counted == (d.counted_from, d.interval_days)
    assert d.due_on == d.counted_from + timedelta(days=d.interval_days)


# --- was the visited address the home that day ---------------------------------------------


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (AddressKind.home, date(2025, 5, 31), False),  # the day before its first day
        (AddressKind.home, date(2025, 6, 1), True),  # its first day
        (AddressKind.home, date(2025, 7, 31), True),  # its last day
        (AddressKind.home, date(2025, 8, 1), False),  # the day after
        (AddressKind.no_fixed_abode, date(2025, 7, 1), True),
        (AddressKind.secondary, date(2025, 7, 1), False),  # never a home, whatever its dates
    ],
)
def test_was_home_on_its_first_and_last_days_only(kind, day, expected):
    assert was_home_on(kind, date(2025, 6, 1), date(2025, 7, 31), day) is expected


def test_an_open_ended_home_and_a_visit_away_from_it():
    assert was_home_on(AddressKind.home, date(2025, 6, 1), None, date(2040, 1, 1))
    assert is_successful_home_visit(VisitKind.home_visit, VisitOutcome.successful)
    assert not is_successful_home_visit(VisitKind.home_visit, VisitOutcome.successful, False)
