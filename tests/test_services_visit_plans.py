"""Visit-plan decisions: authorised by a supervisor, reactive management only after years at LOW,
kept as history (a new decision ends the old; a correction keeps the old values)."""

from dataclasses import replace
from datetime import date, timedelta

import factories as f
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from rsoman.core.rules.dates import add_years, london_today
from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import get_record
from rsoman.core.services.visit_plans import (
    VisitPlanInput,
    correct_visit_plan,
    reactive_eligibility,
    record_visit_plan,
    visit_plan_form_data,
    visit_plan_values,
)
from rsoman.core.store.enums import AuditAction, PlanKind, Rank, RiskLevel, Role, TeamRole
from rsoman.core.store.models import AuditEntry, VisitPlanDecision

TODAY = london_today()
YEARS = POLICY_V1.reactive_management_low_years
LOW_DAYS = POLICY_V1.visit_interval_low_days


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Farthingale")
    ds = f.officer(session, surname="Gorsedene", rank=Rank.ds, team_role=TeamRole.supervisor)
    o = f.offender(session, ref="RSO-P", manager=om, risk=RiskLevel.medium)
    f.address(session, o, "4 Plan Street")
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, ds),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
        "westminster": f.user(
            session, Role.offender_manager, f.officer(session, borough_code="westminster")
        ),
    }
    session.commit()
    return {"offender": o, "om": om, "ds": ds, "actors": actors}


def individual(days=60, **changes):
    values = dict(
        kind=PlanKind.individual_frequency,
        effective_from=TODAY,
        interval_days=days,
        reason="Stable for a year; agreed at supervision (fictional).",
    )
    values.update(changes)
    return VisitPlanInput(**values)


def decisions(session, offender):
    return session.exec(
        select(VisitPlanDecision)
        .where(VisitPlanDecision.offender_id == offender.id)
        .order_by(VisitPlanDecision.id)
    ).all()


def test_supervisor_authorises_an_individual_frequency(session, case):
    sup = case["actors"]["sup"]
    decision_id = record_visit_plan(session, sup, "RSO-P", individual(60))
    session.commit()
    [row] = decisions(session, case["offender"])
    assert row.id == decision_id and row.authorised_by_officer_id == case["ds"].id
    record = get_record(session, sup, "RSO-P")
    [plan] = record.visit_plans
    assert plan.kind == PlanKind.individual_frequency and plan.interval_days == 60
    assert "Gorsedene" in plan.authorised_by
    # No successful visit yet, so the first-visit deadline still rules; the plan is in force.
    entry = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.collection)
    ).one()
    assert "every 60 days" in entry.summary and "Gorsedene" in entry.summary


def test_the_individual_interval_sets_the_next_visit(session, case):
    sup = case["actors"]["sup"]
    f.visit(session, case["offender"], TODAY - timedelta(days=10))
    record_visit_plan(session, sup, "RSO-P", individual(45))
    record = get_record(session, sup, "RSO-P")
    assert record.next_visit.due_on == TODAY - timedelta(days=10) + timedelta(days=45)
    assert "individual plan frequency" in record.next_visit.basis


def test_an_offender_manager_names_the_authorising_supervisor(session, case):
    om = case["actors"]["om"]
    with pytest.raises(ValidationFailed, match="name the supervisor who authorised"):
        record_visit_plan(session, om, "RSO-P", individual())
    named = individual(authorised_by_warrant=case["ds"].warrant_number)
    record_visit_plan(session, om, "RSO-P", named)
    [row] = decisions(session, case["offender"])
    assert row.authorised_by_officer_id == case["ds"].id


def test_who_may_authorise(session, case):
    om = case["actors"]["om"]
    dc = f.officer(session, surname="Nottasupe")
    retired = f.officer(session, rank=Rank.ds, surname="Longgone")
    retired.active = False
    elsewhere = f.officer(session, rank=Rank.ds, borough_code="westminster", surname="Farside")
    central = f.officer(session, rank=Rank.di, borough_code="central", surname="Middling")
    sergeant_om = f.officer(session, rank=Rank.ds, surname="Selfsign")
    session.add(retired)
    session.flush()
    cases = {
        "NOBODY": "no officer with warrant 'NOBODY'",
        dc.warrant_number: "is not a supervisor",
        retired.warrant_number: "is no longer active",
        elsewhere.warrant_number: "works outside RSO-P's borough",
    }
    for warrant, reason in cases.items():
        with pytest.raises(ValidationFailed, match=reason) as err:
            record_visit_plan(session, om, "RSO-P", individual(authorised_by_warrant=warrant))
        assert [p.field for p in err.value.problems] == ["authorised_by_warrant"]
    # An offender manager of sergeant rank may not sign off their own decision.
    self_signer = f.user(session, Role.offender_manager, sergeant_om)
    with pytest.raises(ValidationFailed, match="may not authorise your own decision"):
        record_visit_plan(
            session,
            self_signer,
            "RSO-P",
            individual(authorised_by_warrant=sergeant_om.warrant_number),
        )
    # The central team's inspectors may authorise for any borough.
    record_visit_plan(
        session, om, "RSO-P", individual(authorised_by_warrant=central.warrant_number)
    )


@pytest.mark.parametrize(
    ("days", "accepted"), [(0, False), (1, True), (LOW_DAYS, True), (LOW_DAYS + 1, False)]
)
def test_individual_interval_boundaries(session, case, days, accepted):
    sup = case["actors"]["sup"]
    if accepted:
        record_visit_plan(session, sup, "RSO-P", individual(days))
        assert decisions(session, case["offender"])[0].interval_days == days
    else:
        with pytest.raises(ValidationFailed) as err:
            record_visit_plan(session, sup, "RSO-P", individual(days))
        assert [p.field for p in err.value.problems] == ["interval_days"]


def test_every_problem_is_listed(session, case):
    bad = VisitPlanInput(kind=None, effective_from=None, interval_days=None, reason=" ")
    with pytest.raises(ValidationFailed) as err:
        record_visit_plan(session, case["actors"]["om"], "RSO-P", bad)
    assert [str(p) for p in err.value.problems] == [
        "kind: choose the decision",
        "effective_from: the date it takes effect is required",
        "reason: say why (it is kept with the decision and read at reviews)",
        "authorised_by_warrant: name the supervisor who authorised this decision",
    ]
    assert decisions(session, case["offender"]) == []


def test_interval_only_for_an_individual_frequency(session, case):
    f.assess(session, case["offender"], RiskLevel.low, on=TODAY)
    with pytest.raises(ValidationFailed, match="only an individual frequency has an interval"):
        record_visit_plan(
            session,
            case["actors"]["sup"],
            "RSO-P",
            individual(30, kind=PlanKind.reactive_management),
        )


@pytest.mark.parametrize(
    ("low_from", "accepted"),
    [
        # LOW for a day short of the policy's years, exactly the years, a day more.
        (add_years(TODAY, -YEARS) + timedelta(days=1), False),
        (add_years(TODAY, -YEARS), True),
        (add_years(TODAY, -YEARS) - timedelta(days=1), True),
    ],
)
def test_reactive_management_after_years_at_low(session, case, low_from, accepted):
    o = f.offender(session, ref="RSO-R", manager=case["om"])
    f.assess(session, o, RiskLevel.low, on=low_from)
    f.assess(session, o, RiskLevel.low, on=low_from + timedelta(days=1))  # still LOW: unbroken
    value = individual(None, kind=PlanKind.reactive_management)
    sup = case["actors"]["sup"]
    if accepted:
        record_visit_plan(session, sup, "RSO-R", value)
        assert get_record(session, sup, "RSO-R").next_visit is None
    else:
        with pytest.raises(ValidationFailed, match="reactive management needs at least 3 years"):
            record_visit_plan(session, sup, "RSO-R", value)


def test_reactive_management_refused_with_the_reason(session, case):
    # RSO-P was assessed MEDIUM on 1 Jan 2024 (by the factory).
    sup = case["actors"]["sup"]
    value = individual(None, kind=PlanKind.reactive_management)
    with pytest.raises(ValidationFailed, match="the current risk is MEDIUM"):
        record_visit_plan(session, sup, "RSO-P", value)
    # A break in the LOW run restarts the clock.
    other = f.offender(session, ref="RSO-B", manager=case["om"])
    f.assess(session, other, RiskLevel.low, on=add_years(TODAY, -5))
    f.assess(session, other, RiskLevel.medium, on=add_years(TODAY, -2))
    f.assess(session, other, RiskLevel.low, on=add_years(TODAY, -1))
    with pytest.raises(ValidationFailed, match="assessed LOW only since") as err:
        record_visit_plan(session, sup, "RSO-B", value)
    assert err.value.problems[0].field == "kind"


def test_reactive_needs_an_assessment():
    result = reactive_eligibility([], date(2026, 1, 1), POLICY_V1)
    assert not result.eligible and "no risk assessment yet" in result.explanation
    # An assessment made after the day does not count.
    later = [(date(2020, 1, 1), RiskLevel.low), (date(2026, 2, 1), RiskLevel.high)]
    assert reactive_eligibility(later, date(2026, 1, 1), POLICY_V1).eligible


def test_reactive_boundaries_on_a_leap_day():
    # LOW from 29 Feb 2020: three years on is 28 Feb 2023 (calendar years, clamped).
    made = [(date(2020, 2, 29), RiskLevel.low)]
    assert not reactive_eligibility(made, date(2023, 2, 27), POLICY_V1).eligible
    assert reactive_eligibility(made, date(2023, 2, 28), POLICY_V1).eligible
    assert reactive_eligibility(made, date(2023, 3, 1), POLICY_V1).eligible


levels = st.sampled_from(list(RiskLevel))
histories = st.lists(
    st.tuples(st.dates(date(2010, 1, 1), date(2025, 12, 31)), levels), max_size=6
).map(sorted)


@given(histories, st.dates(date(2010, 1, 1), date(2030, 12, 31)), st.integers(0, 2000))
def test_eligibility_is_kept_while_nothing_new_is_assessed(history, day, later):
    first = reactive_eligibility(history, day, POLICY_V1)
    if first.eligible:
        again = reactive_eligibility(
            [h for h in history if h[0] <= day], day + timedelta(days=later), POLICY_V1
        )
        assert again.eligible and again.low_since == first.low_since
        assert history and [lv for d, lv in history if d <= day][-1] == RiskLevel.low


def test_return_to_the_tariff_ends_the_individual_plan(session, case):
    sup = case["actors"]["sup"]
    with pytest.raises(ValidationFailed, match="already visited at the tariff"):
        record_visit_plan(session, sup, "RSO-P", individual(None, kind=PlanKind.tariff))
    start = TODAY - timedelta(days=30)
    record_visit_plan(session, sup, "RSO-P", individual(60, effective_from=start))
    with pytest.raises(ValidationFailed, match="already in force since"):
        record_visit_plan(session, sup, "RSO-P", individual(60))
    with pytest.raises(ValidationFailed, match="is before the decision of"):
        record_visit_plan(
            session, sup, "RSO-P", individual(90, effective_from=start - timedelta(days=1))
        )
    with pytest.raises(ValidationFailed, match="is in the future"):
        record_visit_plan(
            session, sup, "RSO-P", individual(90, effective_from=TODAY + timedelta(days=1))
        )
    record_visit_plan(session, sup, "RSO-P", individual(None, kind=PlanKind.tariff))
    first, back = decisions(session, case["offender"])
    assert first.ended_on == TODAY and back.kind == PlanKind.tariff and back.ended_on is None
    record = get_record(session, sup, "RSO-P")
    assert record.next_visit.interval_days == POLICY_V1.first_home_visit_days


def test_form_data_says_what_is_in_force_and_whether_reactive_is_open(session, case):
    sup = case["actors"]["sup"]
    data = visit_plan_form_data(session, sup, "RSO-P")
    assert data.in_force.startswith("the tariff") and data.current_risk == RiskLevel.medium
    assert not data.reactive.eligible and "MEDIUM" in data.reactive.explanation
    assert data.self_authorises and data.my_warrant == case["ds"].warrant_number
    assert case["ds"].warrant_number in {a.warrant for a in data.authorisers}
    assert case["om"].warrant_number not in {a.warrant for a in data.authorisers}
    record_visit_plan(session, sup, "RSO-P", individual(60))
    assert "every 60 days" in visit_plan_form_data(session, sup, "RSO-P").in_force
    assert not visit_plan_form_data(session, case["actors"]["om"], "RSO-P").self_authorises


def test_who_may_record_a_decision(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        record_visit_plan(session, case["actors"]["ro"], "RSO-P", individual())
    session.rollback()
    with pytest.raises(PermissionDenied, match="outside your borough"):
        record_visit_plan(session, case["actors"]["westminster"], "RSO-P", individual())


def test_correction_keeps_the_old_values(session, case):
    sup = case["actors"]["sup"]
    start = TODAY - timedelta(days=40)
    first = record_visit_plan(session, sup, "RSO-P", individual(60, effective_from=start))
    second = record_visit_plan(
        session, sup, "RSO-P", individual(90, effective_from=TODAY - timedelta(days=10))
    )
    session.commit()
    loaded = visit_plan_values(session, sup, second)
    assert loaded.interval_days == 90 and loaded.authorised_by_warrant == case["ds"].warrant_number
    moved = replace(loaded, interval_days=75, effective_from=TODAY - timedelta(days=12))
    with pytest.raises(ValidationFailed, match="say why this is being corrected"):
        correct_visit_plan(session, sup, second, moved, "")
    assert correct_visit_plan(session, sup, second, moved, "typed 90 for 75") is not None
    session.commit()
    rows = {d.id: d for d in decisions(session, case["offender"])}
    assert rows[second].interval_days == 75
    assert rows[first].ended_on == TODAY - timedelta(days=12)
    history = revisions(session, sup, "RSO-P")
    changed = {(r.object_id, tuple(sorted(r.before))) for r in history}
    assert changed == {(second, ("effective_from", "interval_days")), (first, ("ended_on",))}
    # The same rules as a new decision: not before the one it follows.
    with pytest.raises(ValidationFailed, match="is before the decision of"):
        correct_visit_plan(
            session,
            sup,
            second,
            replace(moved, effective_from=start - timedelta(days=1)),
            "moving it back",
        )
    with pytest.raises(ValidationFailed, match="is after the next decision"):
        correct_visit_plan(
            session,
            sup,
            first,
            replace(moved, interval_days=60, effective_from=TODAY - timedelta(days=11)),
            "moving it forward",
        )
