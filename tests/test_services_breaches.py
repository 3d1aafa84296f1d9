from dataclasses import replace
from datetime import date, timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.services.breaches import (
    BreachActionInput,
    BreachInput,
    action_timing_words,
    breach_summary,
    breach_values,
    correct_breach,
    order_choices,
    record_breach,
    record_breach_action,
)
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import get_record
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.store.enums import (
    AuditAction,
    BreachAction,
    BreachKind,
    OrderKind,
    Rank,
    RiskLevel,
    Role,
)
from rsoman.core.store.models import AuditEntry, Breach, Order

TODAY = london_today()
FOUND = TODAY - timedelta(days=20)
DEADLINE = CURRENT_POLICY.breach_action_decision_days


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Quenchwell")
    o = f.offender(session, ref="RSO-B", manager=om, risk=RiskLevel.high, home="8 Fallow Lane")
    other = f.offender(session, ref="RSO-B2")
    order = Order(
        offender_id=o.id,
        kind=OrderKind.shpo,
        court="Testbury Crown Court (fictional)",
        made_on=date(2023, 6, 1),
        starts_on=date(2023, 6, 1),
    )
    others_order = Order(
        offender_id=other.id,
        kind=OrderKind.sro,
        court="Elsewhere Magistrates (fictional)",
        made_on=date(2023, 6, 1),
        starts_on=date(2023, 6, 1),
    )
    session.add_all([order, others_order])
    session.flush()
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
    }
    session.commit()
    return {"om": om, "order": order, "others_order": others_order, "actors": actors}


def breach(**values):
    base = dict(
        kind=BreachKind.notification_requirements,
        description="Moved to a new address without notifying (fictional).",
        found_on=FOUND,
        occurred_on=FOUND - timedelta(days=10),
        national_ref="TEST24/000001B",
        recorded_nationally_on=FOUND + timedelta(days=1),
    )
    base.update(values)
    return BreachInput(**base)


def problems_of(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


def test_a_breach_is_recorded_and_shows_on_the_record(session, case):
    om = case["actors"]["om"]
    new_id = record_breach(session, om, "RSO-B", breach())
    session.commit()
    (item,) = get_record(session, om, "RSO-B").breaches
    assert item.id == new_id and item.kind == BreachKind.notification_requirements
    assert item.found_on == FOUND and item.action is None
    assert item.national_ref == "TEST24/000001B"
    assert item.found_by is not None and "Quenchwell" in item.found_by
    entry = session.exec(select(AuditEntry).where(AuditEntry.object_type == "breach")).one()
    assert entry.action == AuditAction.collection


def test_a_breach_with_its_action_at_once(session, case):
    new_id = record_breach(
        session,
        case["actors"]["om"],
        "RSO-B",
        breach(action=BreachAction.arrest, action_on=FOUND, outcome="Charged (fictional)"),
    )
    row = session.get(Breach, new_id)
    assert row.action == BreachAction.arrest and row.action_on == FOUND
    assert row.outcome == "Charged (fictional)"


def test_every_problem_is_listed_at_once(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_breach(
            session,
            case["actors"]["om"],
            "RSO-B",
            BreachInput(
                kind=None,
                description="  ",
                found_on=TODAY + timedelta(days=1),
                found_by_warrant="NOSUCH9",
                action_on=TODAY,
            ),
        )
    assert set(problems_of(exc)) == {
        "kind",
        "description",
        "found_on",
        "found_by_warrant",
        "action_on",
    }


def test_occurred_after_found_is_refused(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_breach(
            session, case["actors"]["om"], "RSO-B", breach(occurred_on=FOUND + timedelta(days=1))
        )
    assert set(problems_of(exc)) == {"occurred_on"}


def test_a_breach_of_an_order_names_one_of_the_offenders_orders(session, case):
    om = case["actors"]["om"]
    with pytest.raises(ValidationFailed) as exc:
        record_breach(session, om, "RSO-B", breach(kind=BreachKind.order))
    assert set(problems_of(exc)) == {"order_id"}
    with pytest.raises(ValidationFailed) as exc:
        record_breach(
            session, om, "RSO-B", breach(kind=BreachKind.order, order_id=case["others_order"].id)
        )
    assert "not one of RSO-B's orders" in problems_of(exc)["order_id"]
    with pytest.raises(ValidationFailed):
        record_breach(session, om, "RSO-B", breach(order_id=case["order"].id))
    new_id = record_breach(
        session, om, "RSO-B", breach(kind=BreachKind.order, order_id=case["order"].id)
    )
    assert session.get(Breach, new_id).order_id == case["order"].id
    (choice,) = order_choices(session, om, "RSO-B")
    assert choice.id == case["order"].id and "SHPO" in choice.label


def test_recorded_nationally_before_found_is_refused(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_breach(
            session,
            case["actors"]["om"],
            "RSO-B",
            breach(recorded_nationally_on=FOUND - timedelta(days=1)),
        )
    assert set(problems_of(exc)) == {"recorded_nationally_on"}


# --- the action --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-1, False), (0, True), (1, True)], ids=["before", "day", "after"]
)
def test_action_against_the_discovery_day(session, case, offset, accepted):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    action = BreachActionInput(
        action=BreachAction.voluntary_interview, action_on=FOUND + timedelta(days=offset)
    )
    if accepted:
        record_breach_action(session, om, breach_id, action)
        assert session.get(Breach, breach_id).action_on == FOUND + timedelta(days=offset)
    else:
        with pytest.raises(ValidationFailed) as exc:
            record_breach_action(session, om, breach_id, action)
        assert "cannot predate the discovery" in problems_of(exc)["action_on"]
        assert session.get(Breach, breach_id).action is None


def test_no_further_action_needs_a_reason(session, case):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    nfa = BreachActionInput(action=BreachAction.no_further_action, action_on=FOUND)
    with pytest.raises(ValidationFailed) as exc:
        record_breach_action(session, om, breach_id, nfa)
    assert set(problems_of(exc)) == {"action_reason"}
    record_breach_action(
        session, om, breach_id, replace(nfa, action_reason="Reasonable excuse: in hospital")
    )
    assert session.get(Breach, breach_id).action_reason == "Reasonable excuse: in hospital"


def test_action_fields_without_an_action_are_refused(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_breach(
            session, case["actors"]["om"], "RSO-B", breach(outcome="Cautioned", action_on=FOUND)
        )
    assert set(problems_of(exc)) == {"outcome", "action_on"}


def test_outcome_date_rules(session, case):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    with pytest.raises(ValidationFailed) as exc:
        record_breach_action(
            session,
            om,
            breach_id,
            BreachActionInput(
                action=BreachAction.charge,
                action_on=FOUND + timedelta(days=2),
                outcome_on=FOUND + timedelta(days=1),
            ),
        )
    assert set(problems_of(exc)) == {"outcome", "outcome_on"}


def test_an_action_is_not_recorded_twice(session, case):
    om = case["actors"]["om"]
    breach_id = record_breach(
        session, om, "RSO-B", breach(action=BreachAction.warning, action_on=FOUND)
    )
    with pytest.raises(ValidationFailed) as exc:
        record_breach_action(
            session, om, breach_id, BreachActionInput(action=BreachAction.arrest, action_on=TODAY)
        )
    assert "correct the breach" in problems_of(exc)["action"]


def test_the_action_needs_an_action(session, case):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    with pytest.raises(ValidationFailed) as exc:
        record_breach_action(session, om, breach_id, BreachActionInput(None, None))
    assert set(problems_of(exc)) == {"action"}


def test_summary_gives_the_decision_due_date(session, case):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    summary = breach_summary(session, om, breach_id, CURRENT_POLICY)
    assert summary.decision_due_on == FOUND + timedelta(days=DEADLINE)
    assert summary.offender_ref == "RSO-B"


def test_read_only_manager_is_refused(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        record_breach(session, case["actors"]["ro"], "RSO-B", breach())
    breach_id = record_breach(session, case["actors"]["om"], "RSO-B", breach())
    session.commit()
    with pytest.raises(PermissionDenied):
        record_breach_action(
            session,
            case["actors"]["ro"],
            breach_id,
            BreachActionInput(action=BreachAction.arrest, action_on=FOUND),
        )


# --- corrections -------------------------------------------------------------------------------


def test_correction_keeps_the_old_action(session, case):
    om, sup = case["actors"]["om"], case["actors"]["sup"]
    breach_id = record_breach(
        session, om, "RSO-B", breach(action=BreachAction.warning, action_on=FOUND)
    )
    session.commit()
    values = breach_values(session, sup, breach_id)
    revision = correct_breach(
        session,
        sup,
        breach_id,
        replace(values, action=BreachAction.caution, outcome="Cautioned (fictional)"),
        "Wrong action chosen",
    )
    session.commit()
    assert revision is not None
    assert session.get(Breach, breach_id).action == BreachAction.caution
    (rev,) = revisions(session, sup, "RSO-B")
    assert rev.before == {"action": "warning", "outcome": None}
    assert rev.after == {"action": "caution", "outcome": "Cautioned (fictional)"}


def test_correction_is_checked_like_a_new_entry(session, case):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    values = breach_values(session, om, breach_id)
    with pytest.raises(ValidationFailed) as exc:
        correct_breach(
            session,
            om,
            breach_id,
            replace(values, action=BreachAction.arrest, action_on=FOUND - timedelta(days=1)),
            "no",
        )
    assert set(problems_of(exc)) == {"action_on", "reason"}


# --- the warnings engine -----------------------------------------------------------------------


def _overdue(session, system, as_of):
    run_scan(session, system, as_of=as_of)
    session.commit()
    return [w for w in list_warnings(session, system) if w.kind == "breach_action_overdue"]


def test_no_action_after_the_deadline_warns_and_the_action_resolves_it(session, case, system):
    om = case["actors"]["om"]
    breach_id = record_breach(session, om, "RSO-B", breach())
    session.commit()
    assert _overdue(session, system, FOUND + timedelta(days=DEADLINE)) == []
    (warning,) = _overdue(session, system, FOUND + timedelta(days=DEADLINE + 1))
    assert warning.subject_ref == "RSO-B"
    record_breach_action(
        session,
        om,
        breach_id,
        BreachActionInput(action=BreachAction.arrest, action_on=FOUND + timedelta(days=8)),
    )
    session.commit()
    assert _overdue(session, system, TODAY) == []


@pytest.mark.parametrize(
    ("after", "words"),
    [
        (None, f"Action decision due {DEADLINE}"),
        (-1, "before the breach was found"),
        (0, "on the day it was found: in time"),
        (DEADLINE, f"{DEADLINE} days after it was found: in time"),
        (DEADLINE + 1, f"{DEADLINE + 1} days after it was found: 1 day after the decision due"),
    ],
)
def test_action_timing_words(after, words):
    found = date(2026, 3, 1)
    action_on = None if after is None else found + timedelta(days=after)
    said = action_timing_words(found, action_on, CURRENT_POLICY)
    if after is None:
        assert said.startswith("Action decision due 8 Mar 2026 = found 1 Mar 2026 + 7 days")
    else:
        assert words in said
