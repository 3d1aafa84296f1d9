"""Invariants of the warning rules over generated records, and the catalogue of kinds: each is
documented in docs/warnings.md and produced by some input."""

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_warnings_builders import AS_OF, P, home_visit, quiet
from test_rules_warnings_builders import registration as reg

from rsoman.core.rules.warnings import (
    WARNING_KINDS,
    Severity,
    meeting_findings,
    offender_findings,
    officer_findings,
)
from rsoman.core.rules.warnings.facts import (
    AddressFact,
    AttendeeFact,
    BreachFact,
    IntelligenceFact,
    MappaCaseFact,
    MeetingFacts,
    NotificationFact,
    OfficerFacts,
    OrderFact,
    PlanFact,
    RiskAssessmentFact,
    VisitFact,
)
from rsoman.core.store.enums import (
    Agency,
    BreachAction,
    Disposal,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    PlanKind,
    Rank,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)

DOCS = Path(__file__).parents[1] / "docs" / "warnings.md"
HOME_VISIT_KINDS = {"first_home_visit_overdue", "home_visit_overdue", "home_visit_due_soon"}

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 6, 30))
visit = st.builds(
    VisitFact,
    on=days,
    kind=st.sampled_from(VisitKind),
    outcome=st.one_of(st.none(), st.sampled_from(VisitOutcome)),
)
failed_visit = visit.filter(
    lambda v: not (v.kind == VisitKind.home_visit and v.outcome == VisitOutcome.successful)
)
plan = st.builds(
    PlanFact,
    kind=st.sampled_from(PlanKind),
    effective_from=days,
    interval_days=st.integers(1, 400),
    ended_on=st.one_of(st.none(), days),
)
note = st.builds(
    NotificationFact,
    kind=st.sampled_from(NotificationKind),
    notified_on=days,
    travel_departure_on=st.one_of(st.none(), days),
    travel_short_notice_reason=st.one_of(st.none(), st.just("short notice")),
)
home = st.builds(
    AddressFact, valid_from=days, valid_to=st.one_of(st.none(), days), no_fixed_abode=st.booleans()
)
breach = st.builds(
    BreachFact,
    breach_id=st.integers(1, 10**6),
    found_on=days,
    action=st.one_of(st.none(), st.sampled_from(BreachAction)),
    action_on=st.one_of(st.none(), days),
)
intel = st.builds(IntelligenceFact, received_on=days, is_concern=st.booleans())
order = st.builds(
    OrderFact,
    order_id=st.integers(1, 10**6),
    kind=st.sampled_from(OrderKind),
    made_on=days,
    starts_on=days,
    ends_on=st.one_of(st.none(), days),
    status=st.sampled_from(OrderStatus),
)
case = st.builds(
    MappaCaseFact,
    meeting_ref=st.sampled_from(["M-1", "M-2", "M-3"]),
    level=st.sampled_from([2, 3]),
    held_on=days,
    held=st.booleans(),
    next_review_on=st.one_of(st.none(), days),
)
registration = st.builds(
    reg,
    conviction_date=st.dates(date(2000, 1, 1), date(2025, 1, 1)),
    disposal=st.sampled_from([Disposal.custody, Disposal.life, Disposal.caution]),
    sentence_months=st.integers(1, 60),
    age_at_conviction=st.integers(12, 70),
    first_notification_date=st.one_of(st.none(), days),
    release_date=st.one_of(st.none(), days),
)
offender = st.builds(
    quiet,
    status=st.sampled_from(OffenderStatus),
    manager_officer_id=st.one_of(st.none(), st.just(7)),
    mappa_level=st.sampled_from([None, 1, 2, 3]),
    registration=st.one_of(st.none(), registration),
    arrived_in_borough_on=st.one_of(st.none(), days),
    recorded_on=st.one_of(st.none(), days),
    risk_assessments=st.lists(
        st.builds(
            RiskAssessmentFact,
            assessed_on=days,
            level=st.sampled_from(RiskLevel),
            next_review_on=st.one_of(st.none(), days),
        ),
        max_size=3,
    ).map(tuple),
    plans=st.lists(plan, max_size=2).map(tuple),
    visits=st.lists(visit, max_size=6).map(tuple),
    notifications=st.lists(note, max_size=4).map(tuple),
    homes=st.lists(home, max_size=3).map(tuple),
    breaches=st.lists(breach, max_size=2, unique_by=lambda b: b.breach_id).map(tuple),
    intelligence=st.lists(intel, max_size=6).map(tuple),
    orders=st.lists(order, max_size=2, unique_by=lambda o: o.order_id).map(tuple),
    mappa_cases=st.lists(case, max_size=3, unique_by=lambda c: c.meeting_ref).map(tuple),
)
as_of = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


def check_shape(findings, on):
    keys = [f.natural_key for f in findings]
    assert len(keys) == len(set(keys)), keys
    assert keys == sorted(keys)
    for f in findings:
        assert f.kind in WARNING_KINDS and isinstance(f.severity, Severity)
        assert f.policy_version == P.version and f"policy v{P.version}" in f.explanation
        expected = max(0, (on - f.due_on).days) if f.due_on else 0
        assert f.days_overdue == expected, f


@settings(max_examples=300, deadline=None)
@given(offender, as_of)
def test_findings_are_well_formed_and_deterministic(facts, on):
    found = offender_findings(facts, on, P)
    check_shape(found, on)
    assert offender_findings(facts, on, P) == found
    if facts.status != OffenderStatus.active:
        assert {f.kind for f in found} <= {"breach_action_overdue"}


@settings(max_examples=200, deadline=None)
@given(offender, as_of)
def test_a_successful_home_visit_on_as_of_leaves_no_overdue_visit(facts, on):
    facts = replace(facts, visits=(*facts.visits, home_visit(on)))
    kinds = {f.kind for f in offender_findings(facts, on, P)}
    assert not kinds & {"first_home_visit_overdue", "home_visit_overdue"}
    if "home_visit_due_soon" in kinds:  # only an individual plan shorter than the window
        assert any(
            p.kind == PlanKind.individual_frequency
            and p.interval_days <= P.home_visit_due_soon_days
            for p in facts.plans
        )


@settings(max_examples=200, deadline=None)
@given(offender, as_of, st.lists(failed_visit, min_size=1, max_size=4))
def test_failed_visits_never_move_the_due_date(facts, on, failed):
    def schedule(f):
        return [
            (x.kind, x.due_on, x.anchor)
            for x in offender_findings(f, on, P)
            if x.kind in HOME_VISIT_KINDS
        ]

    assert schedule(replace(facts, visits=facts.visits + tuple(failed))) == schedule(facts)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 3),
    st.lists(
        st.builds(
            AttendeeFact,
            agency=st.sampled_from(Agency),
            attended=st.booleans(),
            rank=st.one_of(st.none(), st.sampled_from(Rank)),
        ),
        max_size=5,
    ),
    st.booleans(),
    as_of,
)
def test_meeting_findings_are_well_formed(level, attendees, children, on):
    m = MeetingFacts(1, "M-1", 1, level, date(2025, 1, 1), True, tuple(attendees), children)
    check_shape(meeting_findings(m, on, P), on)


# --- the catalogue --------------------------------------------------------------------------


def _offender_kinds(facts, on=AS_OF):
    return {f.kind for f in offender_findings(facts, on, P)}


def _meeting_kinds(level, attendees, children=False):
    m = MeetingFacts(1, "M-1", 1, level, date(2026, 3, 1), True, attendees, children)
    return {f.kind for f in meeting_findings(m, AS_OF, P)}


NEAR = AS_OF - timedelta(days=10)
EXAMPLES = {
    "first_home_visit_overdue": lambda: _offender_kinds(quiet(visits=())),
    "home_visit_due_soon": lambda: _offender_kinds(quiet(visits=(home_visit(date(2025, 12, 20)),))),
    "home_visit_overdue": lambda: _offender_kinds(quiet(visits=(home_visit(date(2025, 1, 1)),))),
    "no_access_repeated": lambda: _offender_kinds(
        quiet(
            visits=(
                home_visit(date(2026, 2, 1)),
                home_visit(date(2026, 3, 1), VisitOutcome.no_reply),
                home_visit(date(2026, 3, 2), VisitOutcome.no_reply),
            )
        )
    ),
    "notification_due_soon": lambda: _offender_kinds(
        quiet(notifications=(NotificationFact(NotificationKind.periodic, date(2025, 4, 1)),))
    ),
    "notification_overdue": lambda: _offender_kinds(
        quiet(notifications=(NotificationFact(NotificationKind.periodic, date(2025, 1, 1)),))
    ),
    "travel_notified_late": lambda: _offender_kinds(
        quiet(
            notifications=(
                NotificationFact(NotificationKind.periodic, date(2025, 12, 1)),
                NotificationFact(NotificationKind.foreign_travel, NEAR, travel_departure_on=NEAR),
            )
        )
    ),
    "risk_assessment_missing": lambda: _offender_kinds(quiet(risk_assessments=())),
    "risk_review_overdue": lambda: _offender_kinds(
        quiet(risk_assessments=(RiskAssessmentFact(date(2024, 1, 1), RiskLevel.low),))
    ),
    "risk_review_triggered": lambda: _offender_kinds(
        quiet(intelligence=(IntelligenceFact(NEAR, is_concern=True),))
    ),
    "breach_action_overdue": lambda: _offender_kinds(
        quiet(breaches=(BreachFact(1, found_on=date(2026, 1, 1)),))
    ),
    "repeated_concerns": lambda: _offender_kinds(
        quiet(intelligence=tuple(IntelligenceFact(NEAR, is_concern=True) for _ in range(3)))
    ),
    "order_expiring": lambda: _offender_kinds(
        quiet(
            orders=(
                OrderFact(
                    1, OrderKind.sro, date(2024, 4, 1), date(2024, 4, 1), NEAR, OrderStatus.active
                ),
            )
        )
    ),
    "notification_period_ending": lambda: _offender_kinds(
        quiet(registration=reg(conviction_date=date(2024, 4, 1), disposal=Disposal.caution))
    ),
    "indefinite_review_eligible": lambda: _offender_kinds(
        quiet(registration=reg(first_notification_date=date(2011, 1, 1), release_date=None))
    ),
    "unassigned_offender": lambda: _offender_kinds(quiet(manager_officer_id=None)),
    "caseload_over_capacity": lambda: {
        f.kind for f in officer_findings(OfficerFacts(1, "W-1", "A. Tester", 1, None, 51), AS_OF, P)
    },
    "mappa_review_overdue": lambda: _offender_kinds(quiet(mappa_level=2)),
    "mappa_rank_below_guidance": lambda: _meeting_kinds(2, ()),
    "mappa_agency_absent": lambda: _meeting_kinds(
        2, (AttendeeFact(Agency.police, True, Rank.inspector),), children=True
    ),
}


def test_every_kind_can_be_produced():
    assert set(EXAMPLES) == set(WARNING_KINDS)
    for kind, produce in EXAMPLES.items():
        assert kind in produce(), kind


def test_every_kind_is_documented():
    text = DOCS.read_text()
    headings = re.findall(r"^### `([a-z_]+)`", text, flags=re.MULTILINE)
    assert sorted(headings) == sorted(WARNING_KINDS)
    for kind in WARNING_KINDS:
        section = text.split(f"### `{kind}`", 1)[1].split("\n### ", 1)[0]
        for field in ("Raised", "Due", "Anchor", "Severity", "Resolves", "Example"):
            assert f"**{field}" in section, (kind, field)


def test_the_warning_rules_are_pure():
    """No database, service or Qt import in the warnings package."""
    import ast

    package = Path(__file__).parents[1] / "rsoman" / "core" / "rules" / "warnings"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." * node.level + (node.module or "")]
            else:
                continue
            for name in names:
                assert not name.startswith(("PySide6", "sqlalchemy", "sqlmodel")), (path, name)
                assert ".store.models" not in name and ".services" not in name, (path, name)
