"""Home visits: first visit, regular schedule, due soon, and repeated no access."""

from datetime import date

import pytest
from test_rules_warnings_builders import AS_OF, d, findings, home_visit, kinds, only, quiet
from test_rules_warnings_builders import registration as reg

from rsoman.core.rules.warnings import Severity
from rsoman.core.rules.warnings.facts import PlanFact, RiskAssessmentFact, VisitFact
from rsoman.core.store.enums import OffenderStatus, PlanKind, RiskLevel, VisitKind, VisitOutcome

VISIT_KINDS = {"first_home_visit_overdue", "home_visit_overdue", "home_visit_due_soon"}


def visit_kinds(facts, as_of=AS_OF):
    return [k for k in kinds(facts, as_of) if k in VISIT_KINDS]


# --- regular schedule -----------------------------------------------------------------------

LAST = date(2025, 12, 14)
DUE = date(2026, 3, 15)  # 14 Dec 2025 + 91 days (HIGH)


def visited(*visits, level=RiskLevel.high, **changes):
    return quiet(
        visits=tuple(visits),
        risk_assessments=(RiskAssessmentFact(date(2025, 11, 1), level),),
        **changes,
    )


def test_overdue_explanation_names_the_arithmetic_and_policy():
    f = only(visited(home_visit(LAST)), "home_visit_overdue", as_of=d(12, DUE))
    assert f.explanation == (
        "Home visit overdue by 12 days: due 15 Mar 2026 = last successful home visit "
        "14 Dec 2025 + 91 days, policy v1, risk HIGH."
    )
    assert (f.due_on, f.days_overdue, f.anchor) == (DUE, 12, "2025-12-14")
    assert (f.severity, f.policy_version, f.subject_type) == (Severity.warning, 1, "offender")


@pytest.mark.parametrize(
    ("as_of", "expected", "late"),
    [
        (d(-15, DUE), [], 0),
        (d(-14, DUE), ["home_visit_due_soon"], 0),
        (d(-1, DUE), ["home_visit_due_soon"], 0),
        (DUE, ["home_visit_due_soon"], 0),  # the due day itself is due, not overdue
        (d(1, DUE), ["home_visit_overdue"], 1),
    ],
)
def test_due_soon_and_overdue_boundaries(as_of, expected, late):
    facts = visited(home_visit(LAST))
    assert visit_kinds(facts, as_of) == expected
    for f in findings(facts, as_of):
        if f.kind in VISIT_KINDS:
            assert f.days_overdue == late and f.due_on == DUE


def test_due_soon_says_today_on_the_due_day():
    f = only(visited(home_visit(LAST)), "home_visit_due_soon", as_of=DUE)
    assert f.explanation.startswith("Home visit due today: due 15 Mar 2026")
    assert f.severity == Severity.info


@pytest.mark.parametrize(
    ("level", "interval", "severity"),
    [
        (RiskLevel.very_high, 30, Severity.urgent),
        (RiskLevel.high, 91, Severity.warning),
        (RiskLevel.medium, 182, Severity.warning),
        (RiskLevel.low, 365, Severity.warning),
    ],
)
def test_interval_and_severity_follow_the_risk_level(level, interval, severity):
    facts = visited(home_visit(LAST), level=level)
    due = d(interval, LAST)
    assert visit_kinds(facts, due) == ["home_visit_due_soon"]
    f = only(facts, "home_visit_overdue", as_of=d(1, due))
    assert f.due_on == due and f.severity == severity


@pytest.mark.parametrize(
    "failed",
    [
        home_visit(date(2026, 3, 1), VisitOutcome.no_reply),
        home_visit(date(2026, 3, 1), VisitOutcome.refused_entry),
        home_visit(date(2026, 3, 1), VisitOutcome.seen_elsewhere),
        home_visit(date(2026, 3, 1), VisitOutcome.offender_absent),
        VisitFact(date(2026, 3, 1), VisitKind.station_attendance, VisitOutcome.attended),
        VisitFact(date(2026, 3, 1), VisitKind.station_attendance, VisitOutcome.successful),
        VisitFact(date(2026, 3, 1), VisitKind.other_contact, VisitOutcome.successful),
    ],
)
def test_failed_attempts_and_station_attendances_do_not_count(failed):
    f = only(visited(home_visit(LAST), failed), "home_visit_overdue", as_of=d(1, DUE))
    assert f.due_on == DUE
    if failed.kind != VisitKind.other_contact:
        assert f.explanation.endswith(", which does not count.")


def test_explanation_counts_what_did_not_count():
    facts = visited(
        home_visit(LAST),
        home_visit(date(2026, 1, 5), VisitOutcome.no_reply),
        home_visit(date(2026, 2, 5), VisitOutcome.refused_entry),
        VisitFact(date(2026, 2, 6), VisitKind.station_attendance, VisitOutcome.attended),
    )
    f = only(facts, "home_visit_overdue", as_of=d(1, DUE))
    assert f.explanation.endswith(
        "Since then: 2 home visits without success and 1 station attendance, which do not count."
    )


AWAY = date(2026, 3, 1)  # a "successful home visit" at an address that was not the home


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (d(-1, DUE), ["home_visit_due_soon"]),
        (DUE, ["home_visit_due_soon"]),
        (d(1, DUE), ["home_visit_overdue"]),
    ],
)
def test_a_successful_visit_away_from_the_home_does_not_restart_the_schedule(as_of, expected):
    away = VisitFact(AWAY, VisitKind.home_visit, VisitOutcome.successful, at_home=False)
    facts = visited(home_visit(LAST), away)
    assert visit_kinds(facts, as_of) == expected
    # Counted at home, the same visit would have restarted it: nothing due until June.
    assert visit_kinds(visited(home_visit(LAST), home_visit(AWAY)), as_of) == []


def test_a_first_visit_away_from_the_home_leaves_the_first_visit_overdue():
    start = date(2026, 1, 10)  # released: the first visit is due 14 days later
    away = VisitFact(d(3, start), VisitKind.home_visit, VisitOutcome.successful, at_home=False)
    facts = quiet(registration=reg(release_date=start), visits=(away,))
    assert visit_kinds(facts, d(14, start)) == []
    f = only(facts, "first_home_visit_overdue", as_of=d(15, start))
    assert f.explanation.endswith(
        "Since the start: 1 visit at an address that was not the home, which does not count."
    )


def test_a_successful_visit_clears_and_restarts_the_schedule():
    facts = visited(home_visit(LAST), home_visit(d(1, DUE)))
    assert visit_kinds(facts, d(1, DUE)) == []
    f = only(facts, "home_visit_due_soon", as_of=d(92 - 14, DUE))
    assert f.due_on == d(92, DUE) and f.anchor == d(1, DUE).isoformat()


def test_visits_after_as_of_are_not_yet_known():
    facts = visited(home_visit(LAST), home_visit(d(5, DUE)))
    assert visit_kinds(facts, d(1, DUE)) == ["home_visit_overdue"]


def test_individual_plan_frequency_overrides_the_tariff():
    plan = PlanFact(PlanKind.individual_frequency, date(2025, 1, 1), interval_days=60)
    facts = visited(home_visit(LAST), plans=(plan,))
    f = only(facts, "home_visit_overdue", as_of=d(61, LAST))
    assert f.due_on == d(60, LAST) and "individual plan frequency" in f.explanation


def test_an_ended_plan_no_longer_applies():
    plan = PlanFact(PlanKind.individual_frequency, date(2025, 1, 1), 60, ended_on=d(10, LAST))
    facts = visited(home_visit(LAST), plans=(plan,))
    assert visit_kinds(facts, d(61, LAST)) == []  # back on the 91-day tariff


def test_reactive_management_has_no_visit_warnings():
    plan = PlanFact(PlanKind.reactive_management, date(2025, 1, 1))
    facts = visited(home_visit(date(2020, 1, 1)), plans=(plan,), level=RiskLevel.low)
    assert visit_kinds(facts) == []


def test_unassessed_risk_uses_the_very_high_interval_and_is_urgent():
    facts = quiet(visits=(home_visit(LAST),), risk_assessments=())
    f = only(facts, "home_visit_overdue", as_of=d(31, LAST))
    assert f.due_on == d(30, LAST) and f.severity == Severity.urgent
    assert "risk not yet assessed" in f.explanation


# --- the first home visit -------------------------------------------------------------------

START = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("registration_changes", "arrived"),
    [
        ({"first_notification_date": START, "release_date": date(2026, 2, 1)}, None),
        ({"first_notification_date": date(2020, 6, 1), "release_date": START}, None),
        ({"first_notification_date": date(2020, 6, 1), "release_date": None}, START),
        ({"first_notification_date": None, "release_date": None, "conviction_date": START}, None),
    ],
)
def test_first_visit_deadline_from_the_latest_start(registration_changes, arrived):
    facts = quiet(
        registration=reg(**registration_changes),
        arrived_in_borough_on=arrived,
        visits=(home_visit(date(2025, 12, 1)),),  # before the start: does not count
    )
    due = d(14, START)
    assert visit_kinds(facts, d(-1, due)) == []
    assert visit_kinds(facts, due) == []  # no due-soon before the first visit
    f = only(facts, "first_home_visit_overdue", as_of=d(1, due))
    assert (f.due_on, f.days_overdue, f.anchor) == (due, 1, START.isoformat())
    assert f.severity == Severity.urgent
    assert "policy v1" in f.explanation


def test_first_visit_explanation():
    facts = quiet(registration=reg(release_date=START), visits=())
    f = only(facts, "first_home_visit_overdue", as_of=d(27, START))
    assert f.explanation == (
        "First home visit overdue by 13 days: due 15 Mar 2026 = release 1 Mar 2026 + 14 days, "
        "policy v1; no successful home visit yet."
    )


def test_without_registration_the_record_date_starts_the_schedule():
    facts = quiet(registration=None, recorded_on=START, visits=())
    assert only(facts, "first_home_visit_overdue", as_of=d(15, START)) is not None
    assert visit_kinds(quiet(registration=None, visits=()), d(15, START)) == []


def test_a_late_first_visit_hands_over_to_the_regular_schedule():
    facts = quiet(registration=reg(release_date=START), visits=(home_visit(d(20, START)),))
    assert visit_kinds(facts, d(20, START)) == []
    assert visit_kinds(facts, d(20 + 91 + 1, START)) == ["home_visit_overdue"]


def test_failed_first_attempts_keep_the_first_visit_overdue():
    facts = quiet(
        registration=reg(release_date=START),
        visits=(home_visit(d(3, START), VisitOutcome.no_reply),),
    )
    f = only(facts, "first_home_visit_overdue", as_of=d(15, START))
    assert "Since the start: 1 home visit without success" in f.explanation


def test_a_future_start_has_not_started_yet():
    facts = quiet(registration=reg(release_date=d(30)), visits=(home_visit(date(2025, 10, 1)),))
    assert visit_kinds(facts) == ["home_visit_overdue"]  # the old schedule still runs
    assert visit_kinds(facts, d(30 + 14)) == []  # release: a new first-visit deadline...
    assert visit_kinds(facts, d(30 + 15)) == ["first_home_visit_overdue"]  # ...and it passes


# --- repeated no access ---------------------------------------------------------------------


def test_two_no_access_visits_in_a_row_prompt_a_warrant():
    first, second = date(2026, 2, 20), date(2026, 3, 1)
    facts = quiet(
        visits=(
            home_visit(date(2026, 2, 1)),
            home_visit(first, VisitOutcome.no_reply),
            home_visit(second, VisitOutcome.refused_entry),
        )
    )
    f = only(facts, "no_access_repeated")
    assert f.anchor == first.isoformat() and f.due_on is None and f.days_overdue == 0
    assert f.explanation == (
        "2 consecutive home visits without access (no reply 20 Feb 2026, refused entry "
        "1 Mar 2026) and no successful home visit since: consider applying for a warrant to "
        "enter and search for a risk assessment (Sexual Offences Act 2003 s.96B), policy v1."
    )
    assert only(facts, "no_access_repeated", as_of=d(-1, second)) is None


def test_a_longer_run_keeps_its_first_date_as_anchor():
    visits = [home_visit(date(2026, 1, d_), VisitOutcome.no_reply) for d_ in (5, 12, 19)]
    f = only(quiet(visits=tuple(visits)), "no_access_repeated")
    assert f.anchor == "2026-01-05" and f.explanation.startswith("3 consecutive")


@pytest.mark.parametrize(
    ("between", "raised"),
    [
        (VisitOutcome.successful, False),
        (VisitOutcome.offender_absent, False),
        (VisitOutcome.cancelled, True),  # not an attempt: skipped
    ],
)
def test_what_breaks_a_run(between, raised):
    visits = (
        home_visit(date(2026, 3, 1), VisitOutcome.no_reply),
        home_visit(date(2026, 3, 5), between),
        home_visit(date(2026, 3, 9), VisitOutcome.no_reply),
    )
    assert (only(quiet(visits=visits), "no_access_repeated") is not None) == raised


def test_a_success_after_the_run_resolves_it_and_station_visits_are_ignored():
    visits = (
        home_visit(date(2026, 3, 1), VisitOutcome.no_reply),
        VisitFact(date(2026, 3, 3), VisitKind.station_attendance, VisitOutcome.attended),
        home_visit(date(2026, 3, 5), VisitOutcome.no_reply),
    )
    assert only(quiet(visits=visits), "no_access_repeated") is not None
    resolved = quiet(visits=(*visits, home_visit(date(2026, 3, 10))))
    assert only(resolved, "no_access_repeated") is None


@pytest.mark.parametrize("status", [s for s in OffenderStatus if s != OffenderStatus.active])
def test_only_active_offenders_get_visit_warnings(status):
    visits = (
        home_visit(date(2024, 3, 1), VisitOutcome.no_reply),
        home_visit(date(2024, 3, 5), VisitOutcome.no_reply),
    )
    assert kinds(quiet(status=status, visits=visits)) == []
    assert "first_home_visit_overdue" in kinds(quiet(visits=visits))
