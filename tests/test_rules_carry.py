"""The horizon the rules report, and findings carried forward to a later day (rules/warnings/
carry.py): before the horizon, the findings of any later day are those of the first day carried
forward, exactly; each rule's horizon falls on the day its findings change (the day before, the
day, the day after).

The contract leaves out facts dated between the two days: the scan evaluates an offender with
such a fact (services/scan.py checks every dated column of their rows), so the rules need not
report those days. Due dates written on the record (a review date set at an assessment or a
meeting, an order's end, a travel departure) are not events: the rules report them.
"""

from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_warnings_builders import AS_OF, P, d, home_visit, quiet
from test_rules_warnings_builders import registration as reg
from test_rules_warnings_invariants import (
    breach,
    case,
    days,
    home,
    intel,
    note,
    offender,
    order,
    plan,
    registration,
    visit,
)

from rsoman.core.rules.dates import add_years
from rsoman.core.rules.warnings import offender_findings
from rsoman.core.rules.warnings.carry import carried, carried_words, count_words
from rsoman.core.rules.warnings.common import Horizon
from rsoman.core.rules.warnings.facts import (
    AddressFact,
    BreachFact,
    IntelligenceFact,
    MappaCaseFact,
    NotificationFact,
    OffenderFacts,
    OrderFact,
    PlanFact,
    RiskAssessmentFact,
    VisitFact,
)
from rsoman.core.rules.warnings.offender_rules import (
    ACTIVE_RULES,
    breach_findings,
    current_period_dates,
    mappa_review_findings,
    period_findings,
)
from rsoman.core.store.enums import (
    Disposal,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    PlanKind,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)

# Dates on the record that are not events: the day something falls due.
DUE_FIELDS = {"next_review_on", "ends_on", "travel_departure_on"}


def event_dates(value, name: str = "") -> list[date]:
    """Every event date in a fact (walking tuples, named tuples and dataclasses)."""
    if isinstance(value, date):
        return [] if name in DUE_FIELDS else [value]
    if is_dataclass(value):
        return [x for f in fields(value) for x in event_dates(getattr(value, f.name), f.name)]
    if hasattr(value, "_fields"):  # a named tuple
        return [x for n in value._fields for x in event_dates(getattr(value, n), n)]
    if isinstance(value, tuple):
        return [x for item in value for x in event_dates(item)]
    return []


def history_before(facts: OffenderFacts, day: date) -> OffenderFacts:
    """The facts less every event from `day` on: rows dated then are dropped, and a date of
    the registration or the offender's own from then is left unknown."""

    def earlier(rows: tuple) -> tuple:
        return tuple(r for r in rows if all(x < day for x in event_dates(r)))

    changes: dict = {
        f.name: earlier(getattr(facts, f.name))
        for f in fields(facts)
        if isinstance(getattr(facts, f.name), tuple)
    }
    for name in ("arrived_in_borough_on", "recorded_on"):
        value = getattr(facts, name)
        if value is not None and value >= day:
            changes[name] = None
    registration = facts.registration
    if registration is not None:
        if registration.conviction_date >= day:
            registration = None
        else:
            for name in ("first_notification_date", "release_date"):
                value = getattr(registration, name)
                if value is not None and value >= day:
                    registration = replace(registration, **{name: None})
        changes["registration"] = registration
    return replace(facts, **changes)


def found_with_horizon(facts: OffenderFacts, day: date):
    horizon = Horizon()
    found = offender_findings(facts, day, P, horizon)
    return found, horizon.day


def carried_all(found, first: date, day: date):
    out = [carried(f, first, day) for f in found]
    assert None not in out, "a finding that cannot be carried before the horizon"
    return out


# Hypothesis fills some optional dates no rule reads (a notification's event_on) without
# bounds: they are left where they are, and do not count as the record's last event.
PLAUSIBLE = (date(1990, 1, 1), date(2100, 1, 1))


def plausible(day: date) -> bool:
    return PLAUSIBLE[0] <= day < PLAUSIBLE[1]


def shifted(value, by: timedelta, due_by: timedelta, name: str = ""):
    """Every plausible date in a fact moved by `by`, and due dates by `due_by` more."""
    if isinstance(value, date):
        if not plausible(value):
            return value
        return value + by + (due_by if name in DUE_FIELDS else timedelta(0))
    if is_dataclass(value):
        names = [f.name for f in fields(value)]
        return replace(value, **{n: shifted(getattr(value, n), by, due_by, n) for n in names})
    if hasattr(value, "_fields"):
        names = value._fields
        return value._replace(**{n: shifted(getattr(value, n), by, due_by, n) for n in names})
    if isinstance(value, tuple):
        return tuple(shifted(item, by, due_by) for item in value)
    return value


assessment = st.builds(
    RiskAssessmentFact,
    assessed_on=days,
    level=st.sampled_from(RiskLevel),
    next_review_on=st.one_of(st.none(), days),
)

# Kinds of row that start or end a clock, drawn more often than among all kinds.
visited_home = st.builds(
    VisitFact, on=days, kind=st.just(VisitKind.home_visit), outcome=st.just(VisitOutcome.successful)
)
active_order = order.map(lambda o: o._replace(status=OrderStatus.active))

# Sparser records than the invariants' (at most two rows of a kind): one visit, one assessment,
# one notification decide a clock, so that horizons come within the days tried.
sparse_offender = st.builds(
    quiet,
    status=st.just(OffenderStatus.active),
    manager_officer_id=st.one_of(st.none(), st.just(7)),
    mappa_level=st.sampled_from([None, 1, 2, 3]),
    registration=st.one_of(st.none(), registration),
    arrived_in_borough_on=st.one_of(st.none(), days),
    recorded_on=st.one_of(st.none(), days),
    risk_assessments=st.lists(assessment, max_size=2).map(tuple),
    plans=st.lists(plan, max_size=1).map(tuple),
    visits=st.lists(st.one_of(visited_home, visit), max_size=2).map(tuple),
    notifications=st.lists(note, max_size=2).map(tuple),
    homes=st.lists(home, max_size=2).map(tuple),
    breaches=st.lists(breach, max_size=2, unique_by=lambda b: b.breach_id).map(tuple),
    intelligence=st.lists(intel, max_size=4).map(tuple),
    orders=st.lists(st.one_of(active_order, order), max_size=2, unique_by=lambda o: o.order_id).map(
        tuple
    ),
    mappa_cases=st.lists(case, max_size=2, unique_by=lambda c: c.meeting_ref).map(tuple),
)


@st.composite
def record_and_days(draw, records=offender):
    """A generated record as it stood before a first day, and a later day: no event falls
    between the two days (or just before the first), so the rules' horizon alone decides.
    The record is moved in time so that its last event falls a little before the first day."""
    facts = draw(records)
    first = draw(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    last_event = max(filter(plausible, event_dates(facts)), default=first)
    gap = draw(st.integers(2, 120))
    # Due dates set on the record (an order's end, a review date) mostly fall after its events.
    due_by = timedelta(days=draw(st.integers(0, 600)))
    facts = shifted(facts, first - timedelta(days=gap) - last_event, due_by)
    facts = history_before(facts, first - timedelta(days=1))
    return facts, first, first + timedelta(days=draw(st.integers(1, 800)))


def before_horizon(horizon: date | None, first: date, day: date) -> date | None:
    """`day`, or the last day before the horizon if that is earlier (None: no day left)."""
    assert horizon is None or horizon > first
    if horizon is not None and day >= horizon:
        day = horizon - timedelta(days=1)
    return day if day > first else None


@settings(max_examples=500, deadline=None)
@given(record_and_days())
def test_before_the_horizon_a_later_day_finds_the_first_days_findings_carried(drawn):
    facts, first, day = drawn
    found, horizon = found_with_horizon(facts, first)
    day = before_horizon(horizon, first, day)
    if day is not None:
        assert offender_findings(facts, day, P) == carried_all(found, first, day)


RULES = (breach_findings, *ACTIVE_RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
@settings(max_examples=300, deadline=None)
@given(drawn=record_and_days(sparse_offender))
def test_each_rule_alone_finds_its_findings_carried_before_its_own_horizon(rule, drawn):
    """As above, rule by rule, over sparser records: one rule's horizon is often far later
    than the offender's (the earliest of them all), so each rule is tried over longer spans."""
    facts, first, day = drawn
    horizon = Horizon()
    found = rule(facts, first, P, horizon)
    day = before_horizon(horizon.day, first, day)
    if day is not None:
        assert rule(facts, day, P, Horizon()) == carried_all(found, first, day)


@settings(max_examples=300, deadline=None)
@given(offender, st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_the_horizon_is_a_day_ahead_or_none_and_the_same_without_asking(facts, first):
    found, horizon = found_with_horizon(facts, first)
    assert offender_findings(facts, first, P) == found
    assert horizon is None or horizon > first


# Records built around the three horizons the generated records above almost never reach: an
# indefinite registration's review (years after its first notification), an SHPO ending around
# it, and a MAPPA meeting planned ahead.

spans = st.integers(1, 800)


@st.composite
def reviewable_record(draw):
    """An indefinite registration whose review date falls within 400 days of the first day,
    with one or two orders (mostly SHPOs in force) from before the first day, ending around
    it or not at all; and a later day."""
    first = draw(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    under_18 = draw(st.booleans())
    years = 8 if under_18 else 15
    target = first + timedelta(days=draw(st.integers(-400, 400)))
    notified = add_years(target, -years)
    released = notified - timedelta(days=draw(st.integers(0, 30)))
    registration = reg(
        conviction_date=released - timedelta(days=draw(st.integers(200, 4000))),
        disposal=draw(st.sampled_from([Disposal.custody, Disposal.life])),
        sentence_months=draw(st.integers(30, 120)),
        age_at_conviction=16 if under_18 else 30,
        first_notification_date=draw(st.sampled_from([notified, None])),
        release_date=released,
    )
    shpo = st.builds(
        OrderFact,
        order_id=st.integers(1, 10**6),
        kind=st.sampled_from([OrderKind.shpo, OrderKind.interim_shpo, OrderKind.sro]),
        made_on=st.just(first - timedelta(days=400)),
        starts_on=st.dates(first - timedelta(days=3000), first - timedelta(days=1)),
        ends_on=st.one_of(
            st.dates(first - timedelta(days=100), first + timedelta(days=600)), st.none()
        ),
        status=st.sampled_from([OrderStatus.active, OrderStatus.varied, OrderStatus.discharged]),
    )
    orders = draw(st.lists(shpo, min_size=1, max_size=2, unique_by=lambda o: o.order_id))
    facts = calm(
        first,
        registration=registration,
        notifications=(
            NotificationFact(NotificationKind.initial, notified),
            NotificationFact(NotificationKind.periodic, first - timedelta(days=1)),
        ),
        orders=tuple(orders),
    )
    return facts, first, first + timedelta(days=draw(spans))


@st.composite
def planned_meeting_record(draw):
    """An offender managed at a MAPPA level, discussed at held meetings before the first day
    (or never), with meetings planned from the first day on; and a later day."""
    first = draw(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    held = st.builds(
        MappaCaseFact,
        meeting_ref=st.sampled_from(["M-1", "M-2"]),
        level=st.sampled_from([2, 3]),
        held_on=st.dates(first - timedelta(days=400), first - timedelta(days=1)),
        held=st.just(True),
        next_review_on=st.one_of(
            st.none(), st.dates(first - timedelta(days=100), first + timedelta(days=400))
        ),
    )
    planned = st.builds(
        MappaCaseFact,
        meeting_ref=st.sampled_from(["M-3", "M-4"]),
        level=st.sampled_from([2, 3]),
        held_on=st.dates(first, first + timedelta(days=400)),
        held=st.just(False),
        next_review_on=st.none(),
    )
    cases = draw(st.lists(held, max_size=1)) + draw(st.lists(planned, min_size=1, max_size=2))
    facts = calm(first, mappa_level=draw(st.sampled_from([1, 2, 3])), mappa_cases=tuple(cases))
    return facts, first, first + timedelta(days=draw(spans))


@pytest.mark.parametrize(
    ("records", "rule"),
    [(reviewable_record, period_findings), (planned_meeting_record, mappa_review_findings)],
    ids=["indefinite review and SHPOs", "planned MAPPA meetings"],
)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_around_a_review_or_a_planned_meeting_findings_are_carried_before_the_horizon(
    records, rule, data
):
    """The rule alone and the offender as a whole, as the property tests above, over records
    built so that the horizon is often within the days tried."""
    facts, first, day = data.draw(records())
    horizon = Horizon()
    found = rule(facts, first, P, horizon)
    rule_day = before_horizon(horizon.day, first, day)
    if rule_day is not None:
        assert rule(facts, rule_day, P, Horizon()) == carried_all(found, first, rule_day)
    everything, overall = found_with_horizon(facts, first)
    day = before_horizon(overall, first, day)
    if day is not None:
        assert offender_findings(facts, day, P) == carried_all(everything, first, day)


# --- each rule's horizon: the day before, the day, the day after --------------------------------


def changes_on(facts: OffenderFacts, first: date, expected: date) -> None:
    """The horizon found on `first` is `expected`; the day before it the findings are those of
    `first` carried; on it they are not."""
    found, horizon = found_with_horizon(facts, first)
    assert horizon == expected
    before = expected - timedelta(days=1)
    assert offender_findings(facts, before, P) == carried_all(found, first, before)
    on_the_day = offender_findings(facts, expected, P)
    assert on_the_day != [carried(f, first, expected) for f in found]


def calm(first: date, **changes) -> OffenderFacts:
    """quiet(), with its clocks started on `first` and no routine visits (reactive
    management): nothing changes for most of a year, unless a test changes one thing."""
    base = quiet(
        plans=(PlanFact(PlanKind.reactive_management, date(2020, 1, 1)),),
        notifications=(NotificationFact(NotificationKind.periodic, first),),
        risk_assessments=(RiskAssessmentFact(first, RiskLevel.high),),
    )
    return replace(base, **changes)


def test_a_home_visit_falls_due_soon_on_the_horizon_then_overdue_on_the_next():
    visited = date(2026, 2, 1)
    due = visited + timedelta(days=P.visit_interval_high_days)
    facts = calm(AS_OF, plans=(), visits=(home_visit(visited),))
    changes_on(facts, AS_OF, due - timedelta(days=P.home_visit_due_soon_days))
    changes_on(facts, due - timedelta(days=3), due + timedelta(days=1))


def test_a_first_home_visit_is_overdue_from_the_horizon():
    released = d(-5)
    facts = calm(
        AS_OF,
        plans=(),
        visits=(),
        registration=reg(first_notification_date=released, release_date=released),
    )
    found, horizon = found_with_horizon(facts, AS_OF)
    assert not [f for f in found if "visit" in f.kind]
    assert horizon == released + timedelta(days=P.first_home_visit_days + 1)
    changes_on(facts, AS_OF, horizon)
    assert "first_home_visit_overdue" in {f.kind for f in offender_findings(facts, horizon, P)}


def test_notifications_fall_due_soon_then_overdue_and_weekly_ones_overdue():
    last = d(-100)
    due = last + timedelta(days=P.periodic_notification_days)
    yearly = calm(AS_OF, notifications=(NotificationFact(NotificationKind.periodic, last),))
    changes_on(yearly, AS_OF, due - timedelta(days=P.notification_due_soon_days))
    changes_on(yearly, due - timedelta(days=2), due + timedelta(days=1))
    nfa = AddressFact(valid_from=d(-30), valid_to=None, no_fixed_abode=True)
    weekly = calm(
        AS_OF,
        homes=(nfa,),
        notifications=(NotificationFact(NotificationKind.weekly_nfa, d(-2)),),
        risk_assessments=(RiskAssessmentFact(d(-30), RiskLevel.high),),
    )
    changes_on(weekly, AS_OF, d(-2) + timedelta(days=P.weekly_nfa_notification_days + 1))


def test_a_risk_review_is_overdue_from_the_day_after_its_date():
    facts = calm(AS_OF, risk_assessments=(RiskAssessmentFact(d(-10), RiskLevel.high, d(5)),))
    changes_on(facts, AS_OF, d(6))


def test_a_first_risk_assessment_is_missing_from_the_day_after_its_deadline():
    registered = d(-3)
    facts = calm(
        AS_OF,
        risk_assessments=(),
        registration=reg(first_notification_date=registered, release_date=registered),
    )
    changes_on(facts, AS_OF, registered + timedelta(days=P.first_risk_assessment_days + 1))


def test_a_breach_awaits_action_until_its_deadline():
    facts = calm(AS_OF, breaches=(BreachFact(3, d(-2), None, None, None),))
    changes_on(facts, AS_OF, d(-2) + timedelta(days=P.breach_action_decision_days + 1))


def test_repeated_concerns_are_listed_until_their_window_closes():
    reports = tuple(IntelligenceFact(d(-n), True) for n in range(P.concerns_threshold))
    first = d(1)  # the reports come after the assessment: a review triggered, unchanging
    facts = calm(d(-30), intelligence=reports)
    changes_on(facts, first, d(0) + timedelta(days=P.concerns_window_days + 1))


def test_late_travel_is_listed_until_its_time_is_up():
    note = NotificationFact(NotificationKind.foreign_travel, d(-1), travel_departure_on=d(2))
    facts = calm(AS_OF)
    facts = replace(facts, notifications=(*facts.notifications, note))
    changes_on(facts, AS_OF, d(-1) + timedelta(days=P.travel_late_shown_days))


def test_an_order_is_warned_of_then_ended():
    order = OrderFact(9, OrderKind.sro, d(-400), d(-400), d(100), OrderStatus.active)
    facts = calm(AS_OF, orders=(order,))
    changes_on(facts, AS_OF, d(100 - P.order_expiry_warning_days))
    changes_on(facts, d(99), d(101))


def test_a_notification_period_is_warned_of_then_ended():
    # A caution: two years from the conviction date.
    caution = reg(disposal=Disposal.caution, conviction_date=date(2024, 6, 1))
    ends = date(2026, 6, 1)
    first = ends - timedelta(days=P.notification_period_warning_days + 20)
    facts = calm(first, registration=caution)
    changes_on(facts, first, ends - timedelta(days=P.notification_period_warning_days))
    changes_on(facts, ends - timedelta(days=1), ends + timedelta(days=1))


def review_opens(facts: OffenderFacts) -> date:
    dates = current_period_dates(facts)
    assert dates is not None and dates.indefinite and dates.review_eligible_on is not None
    return dates.review_eligible_on


def test_an_indefinite_review_opens_on_its_day_and_is_found_afresh_each_day():
    opens = review_opens(quiet())
    first = opens - timedelta(days=10)
    facts = calm(first)
    changes_on(facts, first, opens)
    assert "indefinite_review_eligible" in {f.kind for f in offender_findings(facts, opens, P)}
    _, next_day = found_with_horizon(facts, opens)
    assert next_day == opens + timedelta(days=1)  # its words name the day


def test_an_indefinite_review_opens_the_day_after_an_shpo_ends():
    opens = review_opens(quiet())
    first = opens + timedelta(days=1)
    ends = first + timedelta(days=30)
    shpo = OrderFact(4, OrderKind.shpo, opens, opens, ends, OrderStatus.active)
    facts = calm(first, orders=(shpo,))
    # The SHPO's end is warned of too (order_expiring): from 90 days ahead, so already.
    changes_on(facts, first, ends + timedelta(days=1))
    kinds = {f.kind for f in offender_findings(facts, ends + timedelta(days=1), P)}
    assert "indefinite_review_eligible" in kinds


def test_a_mappa_review_falls_overdue_and_a_planned_meeting_passes():
    held = MappaCaseFact("M-1", 2, d(-10), True, None)
    facts = calm(AS_OF, mappa_level=2, mappa_cases=(held,))
    changes_on(facts, AS_OF, d(-10) + timedelta(days=P.mappa_review_days(2) + 1))
    planned = MappaCaseFact("M-2", 2, d(3), False, None)
    changes_on(calm(AS_OF, mappa_level=2, mappa_cases=(planned,)), AS_OF, d(4))


def test_an_offender_with_nothing_ahead_for_months_has_a_horizon_months_off():
    _, horizon = found_with_horizon(calm(AS_OF), AS_OF)
    assert horizon == AS_OF + timedelta(
        days=P.periodic_notification_days - P.notification_due_soon_days
    )


# --- the words carried -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "due", "first", "day", "expected"),
    [
        ("Home visit overdue by 1 day: due 1 Mar", d(-1), AS_OF, d(1), "overdue by 2 days"),
        ("Home visit due in 3 days: due", d(3), AS_OF, d(2), "due in 1 day:"),
        ("Home visit due in 1 day: due", d(1), AS_OF, d(1), "due today:"),
        ("SRO made 1 Jan 2020 ended 1 Mar 2026, 14 days ago", d(-14), AS_OF, d(1), ", 15 days ago"),
        ("SRO made 1 Jan 2020 ends in 10 days, on", d(10), AS_OF, d(4), "ends in 6 days, on"),
    ],
)
def test_counts_in_the_words_move_on(words, due, first, day, expected):
    out = carried_words(words, due, first, day)
    assert out is not None and expected in out


def test_words_that_cannot_be_carried_are_refused():
    # Crossing the due date changes the words' form: the rules report it as a horizon.
    assert carried_words("Home visit due today: due", AS_OF, AS_OF, d(1)) is None
    # The count twice over: which one is meant cannot be told.
    twice = "Risk review overdue by 2 days: meeting ref overdue by 2 days"
    assert carried_words(twice, d(-2), AS_OF, d(1)) is None
    # No count, no due date: unchanged.
    assert carried_words("Two visits without access", None, AS_OF, d(9)) == (
        "Two visits without access"
    )


def test_count_words_at_the_due_date_and_either_side():
    assert count_words(AS_OF, d(-1)) == ("due in 1 day", "ends in 1 day")
    assert count_words(AS_OF, AS_OF) == ("due today", "ends today")
    assert count_words(AS_OF, d(1)) == ("overdue by 1 day", ", 1 day ago")
