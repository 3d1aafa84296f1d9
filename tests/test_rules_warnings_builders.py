"""Builders for the warning-rule tests (imported by the other test_rules_warnings_* files), and
the baseline: a well-managed offender raises nothing.

`quiet()` is an active offender whose every clock is comfortably in date on AS_OF; each test
changes one thing and looks at what that raises.
"""

from dataclasses import replace
from datetime import date, timedelta

from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.rules.warnings import offender_findings
from rsoman.core.rules.warnings.facts import (
    AddressFact,
    NotificationFact,
    OffenderFacts,
    RegistrationFact,
    RiskAssessmentFact,
    VisitFact,
)
from rsoman.core.store.enums import (
    Disposal,
    NotificationKind,
    OffenderStatus,
    Rank,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)

AS_OF = date(2026, 3, 15)
P = POLICY_V1


def d(days: int, base: date = AS_OF) -> date:
    """AS_OF (or base) plus a number of days."""
    return base + timedelta(days=days)


def registration(**changes) -> RegistrationFact:
    base = RegistrationFact(
        conviction_date=date(2019, 1, 10),
        disposal=Disposal.custody,
        sentence_months=40,  # indefinite; review only from 2035
        age_at_conviction=30,
        first_notification_date=date(2020, 6, 1),
        release_date=date(2020, 6, 1),
    )
    return replace(base, **changes)


def home_visit(on: date, outcome: VisitOutcome = VisitOutcome.successful) -> VisitFact:
    return VisitFact(on=on, kind=VisitKind.home_visit, outcome=outcome)


def quiet(**changes) -> OffenderFacts:
    base = OffenderFacts(
        offender_id=1,
        ref="RSO-000001",
        status=OffenderStatus.active,
        borough_id=1,
        manager_officer_id=7,
        mappa_category=1,
        mappa_level=1,
        registration=registration(),
        risk_assessments=(RiskAssessmentFact(date(2026, 1, 10), RiskLevel.high),),
        visits=(home_visit(date(2026, 2, 1)),),
        notifications=(NotificationFact(NotificationKind.periodic, date(2025, 12, 1)),),
        homes=(AddressFact(valid_from=date(2021, 1, 1), valid_to=None, no_fixed_abode=False),),
    )
    return replace(base, **changes)


def findings(facts: OffenderFacts, as_of: date = AS_OF, policy=P):
    return offender_findings(facts, as_of, policy)


def kinds(facts: OffenderFacts, as_of: date = AS_OF, policy=P) -> list[str]:
    return [f.kind for f in findings(facts, as_of, policy)]


def only(facts: OffenderFacts, kind: str, as_of: date = AS_OF, policy=P):
    """The one finding of `kind` (asserting there is exactly one), or None."""
    hits = [f for f in findings(facts, as_of, policy) if f.kind == kind]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


def test_a_well_managed_offender_raises_nothing():
    assert findings(quiet()) == []


def test_policy_v1_numbers_the_warning_rules_add():
    assert P.version == 1
    assert (P.order_expiry_warning_days, P.notification_period_warning_days) == (90, 90)
    assert P.travel_late_shown_days == 28
    assert (P.mappa_min_rank(2), P.mappa_min_rank(3), P.mappa_min_rank(1)) == (
        Rank.inspector,
        Rank.superintendent,
        None,
    )
    assert (P.mappa_review_days(2), P.mappa_review_days(3), P.mappa_review_days(1)) == (
        112,
        56,
        None,
    )
