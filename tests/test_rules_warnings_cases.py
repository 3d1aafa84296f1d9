"""Breaches, concern intelligence, orders, the notification period, allocation and MAPPA reviews."""

from datetime import date

import pytest
from test_rules_warnings_builders import d, kinds, only, quiet
from test_rules_warnings_builders import registration as reg

from rsoman.core.rules.warnings import Severity
from rsoman.core.rules.warnings.facts import (
    BreachFact,
    IntelligenceFact,
    MappaCaseFact,
    NotificationFact,
    OrderFact,
)
from rsoman.core.rules.warnings.offender_rules import concern_clusters
from rsoman.core.store.enums import (
    BreachAction,
    Disposal,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
)

FOUND = date(2026, 3, 2)

# --- breaches -------------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "late"), [(6, None), (7, None), (8, 1)])
def test_breach_action_deadline(offset, late):
    facts = quiet(breaches=(BreachFact(42, found_on=FOUND),))
    f = only(facts, "breach_action_overdue", as_of=d(offset, FOUND))
    assert (f.days_overdue if f else None) == late


def test_breach_explanation_anchor_and_severity():
    facts = quiet(breaches=(BreachFact(42, found_on=FOUND),))
    f = only(facts, "breach_action_overdue", as_of=d(10, FOUND))
    assert (f.anchor, f.due_on, f.severity) == ("42", d(7, FOUND), Severity.urgent)
    assert f.explanation == (
        "No action recorded on the breach found 2 Mar 2026, overdue by 3 days: action decision "
        "due 9 Mar 2026 = found 2 Mar 2026 + 7 days, policy v1."
    )


def test_one_warning_per_breach_and_action_resolves_it():
    breaches = (
        BreachFact(1, found_on=FOUND),
        BreachFact(2, found_on=FOUND, action=BreachAction.arrest, action_on=d(1, FOUND)),
        BreachFact(3, found_on=d(1, FOUND), action=BreachAction.warning, action_on=d(30, FOUND)),
    )
    found = [
        f.anchor
        for f in [
            only(quiet(breaches=(b,)), "breach_action_overdue", d(20, FOUND)) for b in breaches
        ]
        if f
    ]
    assert found == ["1", "3"]  # breach 3's action is dated after as_of: not yet taken
    assert kinds(quiet(breaches=breaches), d(30, FOUND)).count("breach_action_overdue") == 1


@pytest.mark.parametrize("status", list(OffenderStatus))
def test_breach_action_overdue_stays_whatever_the_status(status):
    facts = quiet(status=status, breaches=(BreachFact(9, found_on=FOUND),))
    assert "breach_action_overdue" in kinds(facts, d(8, FOUND))


def test_a_breach_found_after_as_of_is_not_yet_known():
    assert kinds(quiet(breaches=(BreachFact(9, found_on=d(30, FOUND)),)), d(8, FOUND)) == []


# --- repeated concerns ----------------------------------------------------------------------

C0 = date(2026, 1, 1)


def concerns(*offsets, base=C0):
    return quiet(intelligence=tuple(IntelligenceFact(d(o, base), is_concern=True) for o in offsets))


@pytest.mark.parametrize(("spread", "raised"), [(89, True), (90, True), (91, False)])
def test_three_concerns_within_90_days(spread, raised):
    facts = concerns(0, 10, spread)
    assert (only(facts, "repeated_concerns", as_of=d(spread, C0)) is not None) == raised


def test_two_concerns_are_below_the_threshold_and_other_intelligence_is_not_concern():
    facts = quiet(
        intelligence=(
            IntelligenceFact(C0, is_concern=True),
            IntelligenceFact(d(1, C0), is_concern=False),
            IntelligenceFact(d(2, C0), is_concern=True),
        )
    )
    assert only(facts, "repeated_concerns", as_of=d(3, C0)) is None


@pytest.mark.parametrize(("after_last", "raised"), [(89, True), (90, True), (91, False)])
def test_the_warning_lasts_a_window_after_the_latest_report(after_last, raised):
    facts = concerns(0, 20, 40)
    assert (only(facts, "repeated_concerns", as_of=d(40 + after_last, C0)) is not None) == raised


def test_explanation_anchor_and_severity():
    f = only(concerns(0, 20, 40), "repeated_concerns", as_of=d(41, C0))
    assert (f.anchor, f.due_on, f.severity) == ("2026-01-01", None, Severity.urgent)
    assert f.explanation == (
        "3 concern reports close together (1 Jan 2026, 21 Jan 2026, 10 Feb 2026): at least 3 "
        "within 90 days, policy v1. Review the risk and consider an order application or an "
        "arrest for any breach."
    )


def test_the_anchor_stays_while_the_cluster_grows():
    grown = concerns(0, 20, 40, 100)  # 20, 40, 100 is a new window overlapping the first
    f = only(grown, "repeated_concerns", as_of=d(100, C0))
    assert f.anchor == "2026-01-01" and f.explanation.startswith("4 concern reports")


def test_a_later_separate_cluster_is_a_new_warning():
    f = only(concerns(0, 20, 40, 300, 310, 320), "repeated_concerns", as_of=d(320, C0))
    assert f.anchor == d(300, C0).isoformat()


def test_clusters_helper():
    days = [d(o, C0) for o in (0, 10, 20, 200, 400, 410, 420, 480)]
    runs = concern_clusters(days, 3, 90)
    assert [[x.isoformat() for x in r] for r in runs] == [
        ["2026-01-01", "2026-01-11", "2026-01-21"],
        ["2027-02-05", "2027-02-15", "2027-02-25", "2027-04-26"],
    ]


# --- orders ---------------------------------------------------------------------------------

ENDS = date(2026, 6, 30)


def order(status=OrderStatus.active, ends_on=ENDS, kind=OrderKind.shpo, order_id=5):
    return OrderFact(order_id, kind, date(2021, 6, 30), date(2021, 6, 30), ends_on, status)


@pytest.mark.parametrize(
    ("offset", "severity", "late"),
    [(-91, None, 0), (-90, Severity.info, 0), (0, Severity.info, 0), (1, Severity.warning, 1)],
)
def test_order_expiry_boundaries(offset, severity, late):
    f = only(quiet(orders=(order(),)), "order_expiring", as_of=d(offset, ENDS))
    assert (f.severity if f else None) == severity
    if f:
        assert (f.anchor, f.due_on, f.days_overdue) == ("5", ENDS, late)


def test_order_expiry_explanations():
    f = only(quiet(orders=(order(),)), "order_expiring", as_of=d(-30, ENDS))
    assert f.explanation == (
        "SHPO made 30 Jun 2021 ends in 30 days, on 30 Jun 2026 (warned 90 days ahead, policy "
        "v1): consider whether to apply for a renewal."
    )
    f = only(quiet(orders=(order(),)), "order_expiring", as_of=d(2, ENDS))
    assert "ended 30 Jun 2026, 2 days ago, but is still recorded as active" in f.explanation


@pytest.mark.parametrize(
    "o",
    [
        order(status=OrderStatus.expired),
        order(status=OrderStatus.discharged),
        order(status=OrderStatus.varied),
        order(ends_on=None),
    ],
)
def test_only_active_orders_with_an_end_date_expire(o):
    assert only(quiet(orders=(o,)), "order_expiring", as_of=d(-10, ENDS)) is None


# --- the notification period ----------------------------------------------------------------

PERIOD_END = date(2026, 3, 1)  # community order 1 Mar 2021 + 5 years


def fixed_period(**changes):
    registration = reg(
        conviction_date=date(2021, 3, 1),
        disposal=Disposal.community_order,
        sentence_months=None,
        first_notification_date=date(2021, 3, 2),
        release_date=None,
    )
    return quiet(registration=registration, **changes)


@pytest.mark.parametrize(
    ("offset", "severity"),
    [(-91, None), (-90, Severity.info), (0, Severity.info), (1, Severity.warning)],
)
def test_fixed_period_ending_boundaries(offset, severity):
    f = only(fixed_period(), "notification_period_ending", as_of=d(offset, PERIOD_END))
    assert (f.severity if f else None) == severity
    if f:
        assert (f.anchor, f.due_on) == ("2026-03-01", PERIOD_END)


def test_fixed_period_explanation_reuses_the_period_rule():
    f = only(fixed_period(), "notification_period_ending", as_of=d(-10, PERIOD_END))
    assert f.explanation == (
        "Notification period ends in 10 days: 5 years: community order (other disposal), from "
        "conviction 1 Mar 2021, ends 1 Mar 2026 (warned 90 days ahead, policy v1)."
    )


REVIEW_ON = date(2026, 1, 5)  # first notification after release 5 Jan 2011 + 15 years


def indefinite(**changes):
    registration = reg(
        conviction_date=date(2008, 1, 5),
        disposal=Disposal.life,
        sentence_months=None,
        first_notification_date=date(2011, 1, 5),
        release_date=date(2011, 1, 4),
    )
    return quiet(registration=registration, **changes)


@pytest.mark.parametrize(("offset", "raised"), [(-1, False), (0, True), (1, True)])
def test_indefinite_review_eligibility_boundaries(offset, raised):
    f = only(indefinite(), "indefinite_review_eligible", as_of=d(offset, REVIEW_ON))
    assert (f is not None) == raised
    if f:
        assert (f.anchor, f.due_on, f.severity, f.days_overdue) == (
            "2026-01-05",
            REVIEW_ON,
            Severity.info,
            offset,
        )
        assert "review may be sought from 5 Jan 2026" in f.explanation


def test_not_eligible_while_an_shpo_is_in_force():
    shpo = order(ends_on=None)
    assert only(indefinite(orders=(shpo,)), "indefinite_review_eligible", REVIEW_ON) is None
    ended = order(ends_on=d(-1, REVIEW_ON))
    assert only(indefinite(orders=(ended,)), "indefinite_review_eligible", REVIEW_ON)
    sro = order(ends_on=None, kind=OrderKind.sro)
    assert only(indefinite(orders=(sro,)), "indefinite_review_eligible", REVIEW_ON)


def test_review_date_counts_from_the_first_notification_after_release():
    later = reg(
        conviction_date=date(2008, 1, 5),
        disposal=Disposal.ipp,
        sentence_months=None,
        first_notification_date=date(2008, 1, 6),  # before release: not the one that counts
        release_date=date(2012, 5, 1),
    )
    assert only(quiet(registration=later), "indefinite_review_eligible", date(2030, 1, 1)) is None
    notes = (
        NotificationFact(NotificationKind.initial, date(2012, 5, 2)),
        NotificationFact(NotificationKind.periodic, date(2025, 12, 1)),
    )
    facts = quiet(registration=later, notifications=notes)
    assert only(facts, "indefinite_review_eligible", as_of=date(2027, 5, 1)) is None
    assert only(facts, "indefinite_review_eligible", as_of=date(2027, 5, 2))


def test_an_unworkable_registration_raises_no_period_warning():
    facts = quiet(registration=reg(disposal=Disposal.custody, sentence_months=None))
    assert "notification_period_ending" not in kinds(facts)


# --- allocation -----------------------------------------------------------------------------


def test_unassigned_offender():
    f = only(quiet(manager_officer_id=None), "unassigned_offender")
    assert (f.anchor, f.due_on, f.severity) == ("unassigned", None, Severity.warning)
    assert "policy v1" in f.explanation
    assert kinds(quiet(manager_officer_id=None, status=OffenderStatus.deceased)) == []


# --- MAPPA reviews --------------------------------------------------------------------------

HELD = date(2026, 1, 5)


def mappa(level, *cases):
    return quiet(mappa_level=level, mappa_cases=tuple(cases))


@pytest.mark.parametrize(("level", "interval"), [(2, 112), (3, 56)])
@pytest.mark.parametrize(("extra", "raised"), [(-1, False), (0, False), (1, True)])
def test_mappa_review_interval_per_level(level, interval, extra, raised):
    facts = mappa(level, MappaCaseFact("M-1", level, HELD, held=True))
    f = only(facts, "mappa_review_overdue", as_of=d(interval + extra, HELD))
    assert (f is not None) == raised
    if f:
        assert (f.anchor, f.due_on, f.days_overdue) == ("M-1", d(interval, HELD), 1)


def test_mappa_review_explanation_and_next_review_date():
    facts = mappa(2, MappaCaseFact("M-1", 2, HELD, held=True))
    f = only(facts, "mappa_review_overdue", as_of=d(113, HELD))
    assert f.explanation == (
        "MAPPA review overdue by 1 day: due 27 Apr 2026 = meeting M-1 on 5 Jan 2026 + 112 days "
        "(level 2), policy v1."
    )
    facts = mappa(2, MappaCaseFact("M-1", 2, HELD, held=True, next_review_on=d(30, HELD)))
    assert only(facts, "mappa_review_overdue", as_of=d(31, HELD)).due_on == d(30, HELD)


def test_planned_and_cancelled_meetings_are_not_reviews():
    facts = mappa(
        2,
        MappaCaseFact("M-1", 2, HELD, held=True),
        MappaCaseFact("M-2", 2, d(100, HELD), held=False),
    )
    assert only(facts, "mappa_review_overdue", as_of=d(113, HELD)).anchor == "M-1"


def test_never_discussed_is_a_warning_or_information_if_a_meeting_is_planned():
    f = only(mappa(3), "mappa_review_overdue")
    assert (f.anchor, f.due_on, f.severity) == ("never-discussed", None, Severity.warning)
    planned = mappa(3, MappaCaseFact("M-9", 3, d(10), held=False))
    f = only(planned, "mappa_review_overdue")
    assert f.severity == Severity.info and "planned for" in f.explanation


@pytest.mark.parametrize("level", [None, 1])
def test_level_one_cases_have_no_meetings_to_review(level):
    assert only(mappa(level), "mappa_review_overdue") is None
