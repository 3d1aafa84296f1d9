"""Notification requirements: the yearly and weekly clocks, and late foreign-travel notice."""

from datetime import date, timedelta

import pytest
from test_rules_warnings_builders import AS_OF, d, findings, kinds, only, quiet
from test_rules_warnings_builders import registration as reg

from rsoman.core.rules.warnings import Severity
from rsoman.core.rules.warnings.facts import AddressFact, NotificationFact
from rsoman.core.store.enums import ChangeType, NotificationKind, OffenderStatus

NOTICE_KINDS = {"notification_due_soon", "notification_overdue"}
LAST = date(2025, 3, 14)
DUE = date(2026, 3, 14)  # + 365 days


def notified(*notes, **changes):
    return quiet(notifications=tuple(notes), **changes)


def periodic(on):
    return NotificationFact(NotificationKind.periodic, on)


def notice_kinds(facts, as_of=AS_OF):
    return [k for k in kinds(facts, as_of) if k in NOTICE_KINDS]


@pytest.mark.parametrize(
    ("as_of", "expected", "late"),
    [
        (d(-29, DUE), [], 0),
        (d(-28, DUE), ["notification_due_soon"], 0),
        (DUE, ["notification_due_soon"], 0),
        (d(1, DUE), ["notification_overdue"], 1),
    ],
)
def test_yearly_boundaries(as_of, expected, late):
    facts = notified(periodic(LAST))
    assert notice_kinds(facts, as_of) == expected
    for f in findings(facts, as_of):
        if f.kind in NOTICE_KINDS:
            assert (f.due_on, f.days_overdue, f.anchor) == (DUE, late, LAST.isoformat())


def test_overdue_explanation_and_severity():
    f = only(notified(periodic(LAST)), "notification_overdue", as_of=d(3, DUE))
    assert f.explanation == (
        "Notification overdue by 3 days: periodic notification due 14 Mar 2026 = last "
        "notification (periodic, 14 Mar 2025) + 365 days, policy v1. Failing to notify without "
        "reasonable excuse is an offence (s.91): consider a breach."
    )
    assert f.severity == Severity.urgent


def test_a_change_notification_restarts_the_clock():
    change = NotificationFact(
        NotificationKind.change, date(2025, 9, 1), change_type=ChangeType.home_address
    )
    facts = notified(periodic(LAST), change)
    assert notice_kinds(facts, d(1, DUE)) == []
    f = only(facts, "notification_overdue", as_of=date(2026, 9, 2))
    assert f.anchor == "2025-09-01" and "(change, 1 Sep 2025)" in f.explanation


@pytest.mark.parametrize(
    "kind", [NotificationKind.foreign_travel, NotificationKind.household_child]
)
def test_travel_and_household_notices_do_not_restart_the_clock(kind):
    facts = notified(periodic(LAST), NotificationFact(kind, date(2025, 9, 1)))
    assert notice_kinds(facts, d(1, DUE)) == ["notification_overdue"]


def test_the_initial_notification_on_the_registration_starts_the_clock():
    facts = notified(registration=reg(first_notification_date=LAST, release_date=None))
    assert notice_kinds(facts, DUE) == ["notification_due_soon"]
    assert "(initial, 14 Mar 2025)" in only(facts, "notification_overdue", d(1, DUE)).explanation


def test_no_notification_yet_raises_nothing():
    facts = notified(registration=reg(first_notification_date=None))
    assert notice_kinds(facts) == []


def test_notifications_after_as_of_are_not_yet_known():
    facts = notified(periodic(LAST), periodic(d(10, DUE)))
    assert notice_kinds(facts, d(1, DUE)) == ["notification_overdue"]


# --- weekly when of no fixed abode ----------------------------------------------------------

NFA_FROM = date(2026, 2, 1)
WEEKLY = date(2026, 3, 1)


def no_fixed_abode(*notes):
    homes = (
        AddressFact(valid_from=date(2021, 1, 1), valid_to=NFA_FROM, no_fixed_abode=False),
        AddressFact(valid_from=NFA_FROM, valid_to=None, no_fixed_abode=True),
    )
    return notified(*notes, homes=homes)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (d(6, WEEKLY), []),
        (d(7, WEEKLY), []),  # due today; weekly clocks have no due-soon warning
        (d(8, WEEKLY), ["notification_overdue"]),
    ],
)
def test_weekly_clock_when_of_no_fixed_abode(as_of, expected):
    facts = no_fixed_abode(periodic(LAST), NotificationFact(NotificationKind.weekly_nfa, WEEKLY))
    assert notice_kinds(facts, as_of) == expected


def test_weekly_explanation_names_the_abode():
    facts = no_fixed_abode(NotificationFact(NotificationKind.weekly_nfa, WEEKLY))
    f = only(facts, "notification_overdue", as_of=d(9, WEEKLY))
    assert f.due_on == d(7, WEEKLY) and f.days_overdue == 2
    assert f.explanation.startswith(
        "Notification overdue by 2 days: weekly notification due 8 Mar 2026 = last notification "
        "(weekly, 1 Mar 2026) + 7 days (no fixed abode since 1 Feb 2026), policy v1."
    )


def test_before_the_abode_ended_the_yearly_clock_applied():
    facts = no_fixed_abode(periodic(date(2026, 1, 20)))
    assert notice_kinds(facts, date(2026, 1, 31)) == []
    assert notice_kinds(facts, NFA_FROM) == ["notification_overdue"]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (d(-1, WEEKLY + timedelta(days=20)), ["notification_overdue"]),
        (WEEKLY + timedelta(days=20), ["notification_overdue"]),  # the abode's last day
        (d(1, WEEKLY + timedelta(days=20)), []),  # housed: the yearly clock again
    ],
)
def test_the_weekly_clock_holds_to_the_last_day_of_no_fixed_abode(as_of, expected):
    """An address's end date is the last day there (as the address service and the import
    format record it): of no fixed abode until then, weekly notification is due until then."""
    ended = WEEKLY + timedelta(days=20)
    homes = (
        AddressFact(valid_from=NFA_FROM, valid_to=ended, no_fixed_abode=True),
        AddressFact(valid_from=ended + timedelta(days=1), valid_to=None, no_fixed_abode=False),
    )
    facts = notified(
        periodic(LAST), NotificationFact(NotificationKind.weekly_nfa, WEEKLY), homes=homes
    )
    assert notice_kinds(facts, as_of) == expected


# --- foreign travel -------------------------------------------------------------------------

NOTIFIED = date(2026, 3, 1)


def travel(notice_days, reason=None, notified_on=NOTIFIED):
    return NotificationFact(
        NotificationKind.foreign_travel,
        notified_on,
        travel_departure_on=d(notice_days, notified_on),
        travel_short_notice_reason=reason,
    )


@pytest.mark.parametrize(("notice_days", "late"), [(8, False), (7, False), (6, True), (-2, True)])
def test_travel_notice_boundaries(notice_days, late):
    facts = notified(periodic(date(2026, 1, 1)), travel(notice_days))
    assert (only(facts, "travel_notified_late", as_of=NOTIFIED) is not None) == late


def test_travel_explanation_and_anchor():
    f = only(notified(travel(6)), "travel_notified_late", as_of=NOTIFIED)
    assert f.explanation == (
        "Foreign travel notified late: notified 1 Mar 2026 for departure on 7 Mar 2026, "
        "6 days before departure; at least 7 days' notice is required (policy v1). No reason "
        "recorded: "
        "consider whether this is a breach."
    )
    same_day = only(notified(travel(0)), "travel_notified_late", NOTIFIED)
    assert "7 Mar 2026, on the day of departure;" not in same_day.explanation
    assert "1 Mar 2026, on the day of departure;" in same_day.explanation
    assert (f.anchor, f.due_on, f.days_overdue) == ("2026-03-01:2026-03-07", None, 0)
    assert f.severity == Severity.warning


def test_a_recorded_reason_makes_it_information():
    f = only(notified(travel(1, reason="family funeral")), "travel_notified_late", NOTIFIED)
    assert f.severity == Severity.info and '"family funeral"' in f.explanation


def test_after_departure_wording():
    f = only(notified(travel(-2)), "travel_notified_late", NOTIFIED)
    assert "2 days after departure" in f.explanation


@pytest.mark.parametrize(
    ("as_of", "shown"),
    # The day notified is the first of the 28: the 28th is 27 days later.
    [(d(-1, NOTIFIED), False), (NOTIFIED, True), (d(27, NOTIFIED), True), (d(28, NOTIFIED), False)],
)
def test_a_late_travel_notice_is_shown_for_28_days(as_of, shown):
    facts = notified(periodic(date(2026, 1, 1)), travel(3))
    assert (only(facts, "travel_notified_late", as_of=as_of) is not None) == shown


def test_no_notification_warnings_unless_active():
    facts = notified(periodic(LAST), travel(3), status=OffenderStatus.in_custody)
    assert kinds(facts, NOTIFIED) == []
