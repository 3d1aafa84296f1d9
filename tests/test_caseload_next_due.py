"""The caseload's "next visit due" is the warnings engine's: a transfer into the borough restarts
the first-visit deadline in both (the row shown, the SQL the column sorts by, and the rule)."""

from __future__ import annotations

from datetime import date, timedelta

import factories as f
import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from rsoman.core.rules.dates import london_today
from rsoman.core.rules.visit_schedule import next_home_visit_due
from rsoman.core.rules.warnings.offender_rules import (
    _plan_decision,
    current_plan,
    current_risk,
    schedule_start,
)
from rsoman.core.services.current import day_number, next_due_from_parts, next_due_parts
from rsoman.core.services.facts_loader import Scope, load_offender_facts
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids, caseload_rows
from rsoman.core.services.policy import current_policy
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.store.enums import RiskLevel, Role
from rsoman.core.store.models import Offender, Registration

TODAY = london_today()
FIRST_VISIT_DAYS = 14  # policy v1's first_home_visit_days


def _transferred_in(session: Session, arrived: date, **kw: object) -> Offender:
    """Managed in Westminster for years (seen at home there), then transferred to Camden."""
    before = f.officer(session, borough_code="westminster")
    after = f.officer(session)
    row = f.offender(
        session,
        risk=RiskLevel.medium,
        assessed_on=TODAY - timedelta(days=300),
        registered_on=TODAY - timedelta(days=900),
        manager=before,
        assigned_on=TODAY - timedelta(days=800),
        **kw,
    )
    f.visit(session, row, TODAY - timedelta(days=100))
    f.assign(session, row, after, on=arrived, reason="transferred in (fictional)")
    return row


def _rule_due(session: Session, offender_id: int) -> date | None:
    """The warnings engine's next home visit, from the facts the scan loads."""
    policy = current_policy(session)
    (facts,) = [
        o for o in load_offender_facts(session, Scope(), TODAY) if o.offender_id == offender_id
    ]
    start = schedule_start(facts, TODAY)
    assert start is not None
    risk = current_risk(facts, TODAY)
    seen = [v.on for v in facts.visits if v.outcome == "successful" and v.kind == "home_visit"]
    due = next_home_visit_due(
        registered_on=start[0],
        risk_level=RiskLevel(risk.level) if risk else None,
        last_successful_home_visit=max(seen) if seen else None,
        plan=_plan_decision(current_plan(facts, TODAY)),
        policy=policy,
    )
    return due.due_on if due else None


def _sql_due(session: Session, offender_id: int) -> date | None:
    """The SQL the caseload sorts "next visit due" by, as a date."""
    parts = next_due_parts(session, TODAY)
    due = next_due_from_parts(
        parts["last"], parts["start"], parts["plan"], parts["risk"], current_policy(session)
    )
    today = day_number(session, sa.literal(TODAY, sa.Date), moment=False)
    days = session.execute(select(due - today).where(Offender.id == offender_id)).scalar_one()
    return None if days is None else TODAY + timedelta(days=int(days))


def _caseload_due(session: Session, offender_id: int) -> date | None:
    actor = f.user(session, Role.supervisor, f.officer(session, borough_code="central"))
    (row,) = caseload_rows(session, actor, [offender_id])
    return row.next_visit_due


def _all_three(session: Session, offender_id: int) -> tuple[date | None, ...]:
    return (
        _caseload_due(session, offender_id),
        _sql_due(session, offender_id),
        _rule_due(session, offender_id),
    )


@pytest.mark.parametrize(
    ("days_since_arrival", "overdue"),
    [(13, False), (14, False), (15, True)],
    ids=["day-before-deadline", "deadline", "day-after-deadline"],
)
def test_a_transfer_in_restarts_the_first_visit_deadline_everywhere(
    session, system, days_since_arrival, overdue
):
    arrived = TODAY - timedelta(days=days_since_arrival)
    row = _transferred_in(session, arrived)
    session.commit()

    deadline = arrived + timedelta(days=FIRST_VISIT_DAYS)
    assert _all_three(session, row.id) == (deadline, deadline, deadline)

    run_scan(session, system, as_of=TODAY)
    kinds = {w.kind: w for w in list_warnings(session, system, offender_ref=row.ref)}
    assert ("first_home_visit_overdue" in kinds) is overdue
    if overdue:
        assert kinds["first_home_visit_overdue"].due_on == deadline
        assert kinds["first_home_visit_overdue"].days_overdue == 1


def test_a_visit_after_the_arrival_returns_to_the_regular_schedule(session):
    arrived = TODAY - timedelta(days=40)
    row = _transferred_in(session, arrived)
    f.visit(session, row, arrived + timedelta(days=3))
    session.commit()
    due = arrived + timedelta(days=3 + 182)  # medium risk
    assert _all_three(session, row.id) == (due, due, due)


def test_a_reallocation_within_the_borough_is_no_arrival(session):
    first, second = f.officer(session), f.officer(session)
    row = f.offender(
        session,
        risk=RiskLevel.high,
        assessed_on=TODAY - timedelta(days=300),
        registered_on=TODAY - timedelta(days=900),
        manager=first,
        assigned_on=TODAY - timedelta(days=800),
    )
    f.visit(session, row, TODAY - timedelta(days=60))
    f.assign(session, row, second, on=TODAY - timedelta(days=5), reason="reallocated")
    session.commit()
    due = TODAY - timedelta(days=60) + timedelta(days=91)  # high risk
    assert _all_three(session, row.id) == (due, due, due)


def test_the_latest_return_to_the_borough_is_the_arrival(session):
    camden, westminster = f.officer(session), f.officer(session, borough_code="westminster")
    row = f.offender(
        session,
        risk=RiskLevel.low,
        assessed_on=TODAY - timedelta(days=300),
        registered_on=TODAY - timedelta(days=900),
        manager=camden,
        assigned_on=TODAY - timedelta(days=800),
    )
    f.assign(session, row, westminster, on=TODAY - timedelta(days=400), reason="moved")
    f.assign(session, row, camden, on=TODAY - timedelta(days=20), reason="moved back")
    f.assign(session, row, f.officer(session), on=TODAY - timedelta(days=10), reason="same team")
    session.commit()
    deadline = TODAY - timedelta(days=20) + timedelta(days=FIRST_VISIT_DAYS)
    assert _all_three(session, row.id) == (deadline, deadline, deadline)


def test_an_arrival_before_the_release_does_not_restart_it(session):
    """The latest start wins: a release after the transfer is the start."""
    arrived = TODAY - timedelta(days=30)
    row = _transferred_in(session, arrived)
    registration = session.exec(
        select(Registration).where(Registration.offender_id == row.id)
    ).one()
    registration.release_date = TODAY - timedelta(days=10)
    session.add(registration)
    session.commit()
    deadline = TODAY - timedelta(days=10) + timedelta(days=FIRST_VISIT_DAYS)
    assert _all_three(session, row.id) == (deadline, deadline, deadline)


def test_other_offenders_assignments_do_not_count(session):
    """Another offender, registered since and managed from elsewhere from today, changes
    nothing here (each offender's schedule reads that offender's rows only)."""
    arrived = TODAY - timedelta(days=30)
    row = _transferred_in(session, arrived)
    other = f.offender(session, registered_on=TODAY - timedelta(days=3))
    f.assign(session, other, f.officer(session), on=TODAY - timedelta(days=700))
    f.assign(session, other, f.officer(session, borough_code="westminster"), on=TODAY)
    session.commit()
    deadline = arrived + timedelta(days=FIRST_VISIT_DAYS)
    assert _all_three(session, row.id) == (deadline, deadline, deadline)
    # The other was never transferred *in*: managed from elsewhere now, no arrival.
    assert _sql_due(session, other.id) == _rule_due(session, other.id)


def test_the_column_sorts_transferred_offenders_by_their_deadline(session):
    late = _transferred_in(session, TODAY - timedelta(days=30))
    soon = _transferred_in(session, TODAY - timedelta(days=5))
    session.commit()
    actor = f.user(session, Role.supervisor, f.officer(session, borough_code="central"))
    ids = caseload_ids(session, actor, CaseloadQuery(scope="borough", sort="next_visit_due"))
    assert [i for i in ids if i in (late.id, soon.id)] == [late.id, soon.id]
