"""Risk assessment: missing, review overdue, and review triggered by a change."""

from datetime import date

import pytest
from test_rules_warnings_builders import d, kinds, only, quiet
from test_rules_warnings_builders import registration as reg

from rsoman.core.rules.warnings import Severity
from rsoman.core.rules.warnings.facts import (
    AddressFact,
    BreachFact,
    IntelligenceFact,
    RiskAssessmentFact,
)
from rsoman.core.store.enums import OffenderStatus, RiskLevel

RISK_KINDS = {"risk_assessment_missing", "risk_review_overdue", "risk_review_triggered"}
REGISTERED = date(2026, 2, 1)
ASSESSED = date(2025, 6, 1)
HOME = AddressFact(valid_from=date(2021, 1, 1), valid_to=None, no_fixed_abode=False)


def risk_kinds(facts, as_of):
    return [k for k in kinds(facts, as_of) if k in RISK_KINDS]


def assessed(*assessments, **changes):
    return quiet(risk_assessments=tuple(assessments), **changes)


# --- missing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"), [(27, []), (28, []), (29, ["risk_assessment_missing"])]
)
def test_first_assessment_deadline_after_registration(offset, expected):
    facts = assessed(registration=reg(first_notification_date=REGISTERED))
    assert risk_kinds(facts, d(offset, REGISTERED)) == expected


def test_missing_assessment_explanation():
    facts = assessed(registration=reg(first_notification_date=REGISTERED))
    f = only(facts, "risk_assessment_missing", as_of=d(31, REGISTERED))
    assert (f.due_on, f.days_overdue, f.anchor) == (d(28, REGISTERED), 3, "2026-02-01")
    assert f.severity == Severity.urgent
    assert f.explanation == (
        "No risk assessment, overdue by 3 days: first assessment due 1 Mar 2026 = registration "
        "1 Feb 2026 + 28 days, policy v1."
    )


def test_missing_assessment_without_a_registration_counts_from_the_record():
    facts = assessed(registration=None, recorded_on=REGISTERED)
    f = only(facts, "risk_assessment_missing", as_of=d(29, REGISTERED))
    assert f.due_on == d(28, REGISTERED)
    assert "= record created 1 Feb 2026 + 28 days" in f.explanation
    assert "registration" not in f.explanation


def test_registration_date_falls_back_to_release_then_conviction():
    facts = assessed(registration=reg(first_notification_date=None, release_date=REGISTERED))
    assert only(facts, "risk_assessment_missing", d(29, REGISTERED)).anchor == "2026-02-01"
    facts = assessed(
        registration=reg(
            first_notification_date=None, release_date=None, conviction_date=REGISTERED
        )
    )
    assert only(facts, "risk_assessment_missing", d(29, REGISTERED)).anchor == "2026-02-01"


def test_an_assessment_made_later_than_as_of_does_not_count_yet():
    facts = assessed(
        RiskAssessmentFact(d(40, REGISTERED), RiskLevel.low),
        registration=reg(first_notification_date=REGISTERED),
    )
    assert risk_kinds(facts, d(29, REGISTERED)) == ["risk_assessment_missing"]
    assert risk_kinds(facts, d(40, REGISTERED)) == []


# --- review overdue -------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "raised"), [(364, False), (365, False), (366, True)])
def test_yearly_review_boundaries(offset, raised):
    facts = assessed(RiskAssessmentFact(ASSESSED, RiskLevel.medium), homes=(HOME,))
    assert ("risk_review_overdue" in kinds(facts, d(offset, ASSESSED))) == raised


def test_review_overdue_explanation():
    facts = assessed(RiskAssessmentFact(ASSESSED, RiskLevel.medium))
    f = only(facts, "risk_review_overdue", as_of=d(370, ASSESSED))
    assert (f.due_on, f.days_overdue, f.anchor) == (d(365, ASSESSED), 5, "2025-06-01")
    assert f.explanation == (
        "Risk review overdue by 5 days: due 1 Jun 2026 = assessment 1 Jun 2025 + 365 days "
        "(risk MEDIUM), policy v1."
    )
    assert f.severity == Severity.warning


def test_the_assessments_own_review_date_wins_and_very_high_is_urgent():
    review = date(2025, 9, 1)
    facts = assessed(RiskAssessmentFact(ASSESSED, RiskLevel.very_high, next_review_on=review))
    assert "risk_review_overdue" not in kinds(facts, review)
    f = only(facts, "risk_review_overdue", as_of=d(1, review))
    assert f.due_on == review and f.severity == Severity.urgent
    assert "next review date set at the assessment of 1 Jun 2025" in f.explanation


def test_a_new_assessment_clears_the_review():
    facts = assessed(
        RiskAssessmentFact(ASSESSED, RiskLevel.high),
        RiskAssessmentFact(d(360, ASSESSED), RiskLevel.high),
    )
    assert risk_kinds(facts, d(400, ASSESSED)) == []


# --- review triggered -----------------------------------------------------------------------


def test_changes_since_the_assessment_trigger_a_review():
    facts = assessed(
        RiskAssessmentFact(ASSESSED, RiskLevel.high),
        homes=(
            AddressFact(date(2021, 1, 1), date(2025, 7, 1), no_fixed_abode=False),
            AddressFact(date(2025, 7, 1), None, no_fixed_abode=False),
        ),
        breaches=(BreachFact(1, found_on=date(2025, 7, 10), action_on=None),),
        intelligence=(
            IntelligenceFact(date(2025, 8, 1), is_concern=True),
            IntelligenceFact(date(2025, 8, 2), is_concern=False),
            IntelligenceFact(date(2025, 8, 5), is_concern=True),
        ),
    )
    f = only(facts, "risk_review_triggered", as_of=date(2025, 9, 1))
    assert (f.anchor, f.due_on, f.days_overdue) == ("2025-06-01", None, 0)
    assert f.explanation == (
        "Risk review needed: since the assessment of 1 Jun 2025 (risk HIGH) there has been a new "
        "home address from 1 Jul 2025; a breach found 10 Jul 2025; 2 concern intelligence "
        "reports (1 Aug 2025, 5 Aug 2025). A change of circumstances calls for a review, "
        "policy v1."
    )


@pytest.mark.parametrize(
    "change",
    [
        {"homes": (HOME, AddressFact(date(2025, 7, 1), None, no_fixed_abode=True))},
        {"breaches": (BreachFact(1, found_on=date(2025, 7, 1)),)},
        {"intelligence": (IntelligenceFact(date(2025, 7, 1), is_concern=True),)},
    ],
)
def test_each_trigger_on_its_own(change):
    facts = assessed(RiskAssessmentFact(ASSESSED, RiskLevel.high), **change)
    assert risk_kinds(facts, date(2025, 6, 30)) == []
    assert risk_kinds(facts, date(2025, 7, 1)) == ["risk_review_triggered"]
    reassessed = assessed(
        RiskAssessmentFact(ASSESSED, RiskLevel.high),
        RiskAssessmentFact(date(2025, 7, 1), RiskLevel.high),  # same day: known to the assessor
        **change,
    )
    assert risk_kinds(reassessed, date(2025, 7, 2)) == []


def test_non_concern_intelligence_does_not_trigger():
    facts = assessed(
        RiskAssessmentFact(ASSESSED, RiskLevel.high),
        intelligence=(IntelligenceFact(date(2025, 7, 1), is_concern=False),),
    )
    assert risk_kinds(facts, date(2025, 8, 1)) == []


def test_no_risk_warnings_unless_active():
    facts = assessed(
        registration=reg(first_notification_date=REGISTERED), status=OffenderStatus.abroad
    )
    assert kinds(facts, d(60, REGISTERED)) == []


def test_on_a_same_day_tie_the_later_recorded_assessment_is_current():
    facts = assessed(
        RiskAssessmentFact(ASSESSED, RiskLevel.very_high),
        RiskAssessmentFact(ASSESSED, RiskLevel.low),
    )
    f = only(facts, "risk_review_overdue", as_of=d(400, ASSESSED))
    assert "(risk LOW)" in f.explanation and f.severity == Severity.warning
