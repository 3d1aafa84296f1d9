"""A new day's scan carries forward the warnings of offenders whose horizon is ahead
(services/scan_carry.py) and leaves exactly what evaluating everyone leaves: day after day on
the demo caseload, with facts entered ahead of their dates, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

import sqlalchemy as sa
from demo_copies import DAY, Copies
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel
from test_scan_parallel import scanned, snapshot

from rsoman.core.rules.dates import LONDON
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.services import scan_carry
from rsoman.core.services.facts_loader import OFFENDER_FACT_SOURCES, Scope, load_offender_facts
from rsoman.core.services.scan_carry import DUE_DATES, FACT_DATES, NOT_FACT_DATES
from rsoman.core.services.scan_workers import offender_targets
from rsoman.core.store.models import Offender

# Days scanned in turn: the next days, a week on, windows opening and closing months on.
DAYS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 45, 46, 100, 101, 200, 400]


def day(n: int) -> date:
    return DAY + timedelta(days=n)


def entered_ahead(engine: Engine) -> dict[str, list[int]]:
    """Rows dated days after DAY, written before the first scan (plain SQL, as any client may):
    each changes its offender's facts on its day with no write then. Returns the offenders
    touched, by what was entered."""
    touched: dict[str, list[int]] = {}
    with Session(engine) as session:
        conn = session.connection()
        ids = conn.execute(sa.select(Offender.id).order_by(Offender.id)).scalars().all()
        # Offenders 0-4: a release on day 5 (still in custody until then).
        touched["release"] = ids[0:5]
        conn.execute(
            sa.text(
                "UPDATE registration SET release_date = :on WHERE offender_id IN :ids"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"on": day(5), "ids": touched["release"]},
        )
        for name, table, column, offset, picked in (
            ("assessment", "risk_assessment", "assessed_on", 3, ids[10:15]),
            ("notification", "notification", "notified_on", 3, ids[20:25]),
            ("move", "address", "valid_from", 4, ids[30:35]),
            ("order", "court_order", "starts_on", 3, ids[40:80]),
            ("allocation", "assignment", "start_date", 4, ids[50:55]),
            ("plan", "visit_plan_decision", "effective_from", 6, ids[60:200]),
            ("intelligence", "intelligence", "received_on", 2, ids[70:200]),
        ):
            # The latest row of each picked offender's, moved to the day.
            latest = sa.text(
                f"UPDATE {table} SET {column} = :on WHERE id IN (SELECT max(id) FROM {table} "
                "WHERE offender_id IN :ids GROUP BY offender_id)"
            ).bindparams(sa.bindparam("ids", expanding=True))
            conn.execute(latest, {"on": day(offset), "ids": picked})
            touched[name] = picked
        # A visit recorded with a moment ahead (a London evening, the UTC day before).
        moment = datetime.combine(day(7), clock(0, 30), tzinfo=LONDON)
        conn.execute(
            sa.text(
                "UPDATE visit SET occurred_at = :at WHERE id IN (SELECT max(id) FROM visit "
                "WHERE offender_id IN :ids AND occurred_at IS NOT NULL GROUP BY offender_id)"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"at": moment, "ids": ids[90:95]},
        )
        touched["visit"] = ids[90:95]
        # No fixed abode until day 8 (its last day): weekly notification no longer, from day 9.
        nfa = conn.execute(
            sa.text(
                "SELECT max(id), offender_id FROM address WHERE kind = 'no_fixed_abode' "
                "AND valid_to IS NULL GROUP BY offender_id ORDER BY offender_id LIMIT 5"
            )
        ).all()
        assert nfa, "the demo has offenders of no fixed abode"
        conn.execute(
            sa.text("UPDATE address SET valid_to = :on WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"on": day(8), "ids": [address_id for address_id, _ in nfa]},
        )
        touched["abode ends"] = [oid for _, oid in nfa]
        # A held meeting moved to day 4.
        conn.execute(
            sa.text(
                "UPDATE mappa_meeting SET held_at = :at WHERE id = (SELECT max(meeting_id) "
                "FROM mappa_case)"
            ),
            {"at": datetime.combine(day(4), clock(10), tzinfo=LONDON)},
        )
        session.commit()
    return touched


def without_horizons(found: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """A snapshot without the horizons (a horizon worked out later may be the same change seen
    from a later day, or an earlier one of the same findings): what a user sees is compared."""
    states = [
        {k: v for k, v in r.items() if k != "stable_until"} for r in found["offender_scan_state"]
    ]
    return {**found, "offender_scan_state": states}


def test_carrying_forward_leaves_what_evaluating_everyone_leaves(demo_copies: Copies) -> None:
    with demo_copies() as carried, demo_copies() as full:
        entered_ahead(carried)
        entered_ahead(full)
        total_carried = 0
        for n in DAYS:
            on = day(n)
            quick = scanned(carried, on, processes=1)
            whole = scanned(full, on, processes=1, full=True)
            assert whole.offenders_carried == 0
            assert quick.offenders_evaluated + quick.offenders_carried <= whole.offenders_evaluated
            assert (quick.raised, quick.escalated, quick.resolved, quick.still_open) == (
                whole.raised,
                whole.escalated,
                whole.resolved,
                whole.still_open,
            ), on
            assert without_horizons(snapshot(carried)) == without_horizons(snapshot(full)), on
            total_carried += quick.offenders_carried
        # Most offenders on most days were carried, not evaluated.
        assert total_carried > len(DAYS) * 100


def test_an_offender_with_a_fact_dated_ahead_is_evaluated_on_its_day(demo_copies: Copies) -> None:
    with demo_copies() as copy:
        touched = entered_ahead(copy)
        with copy.connect() as conn:
            # Last scanned on day 3, scanned on day 5: what changes on days 4 and 5.
            found = scan_carry.dated_between(conn, day(3), day(5))
            # Last scanned on day 4: what changes on day 5 only.
            next_day = scan_carry.dated_between(conn, day(4), day(5))
            # The visit at 00:30 London time on day 7 (23:30 UTC on day 6) is day 7's.
            visit_day = scan_carry.dated_between(conn, day(6), day(7))
            day_before = scan_carry.dated_between(conn, day(5), day(6))
        ahead_4_or_5 = set(touched["release"]) | set(touched["move"]) | set(touched["allocation"])
        assert ahead_4_or_5 <= found
        assert not found & set(touched["assessment"])  # dated day 3: in force when last scanned
        assert set(touched["release"]) <= next_day
        assert not next_day & (set(touched["move"]) | set(touched["allocation"]))
        assert set(touched["visit"]) <= visit_day
        assert not day_before & set(touched["visit"])
        with copy.connect() as conn:
            # A home's last day is day 8: it changes the facts on day 9.
            assert not scan_carry.dated_between(conn, day(7), day(8)) & set(touched["abode ends"])
            assert set(touched["abode ends"]) <= scan_carry.dated_between(conn, day(8), day(9))


def test_a_scan_for_an_earlier_day_evaluates_again(demo_copies: Copies) -> None:
    with demo_copies() as copy:
        scanned(copy, day(10))
        back = scanned(copy, day(9))
        assert back.offenders_carried == 0 and back.offenders_evaluated == back.offenders_in_scope


def test_each_offender_evaluated_is_noted_with_their_horizon_day_and_policy(
    demo_copies: Copies,
) -> None:
    """What a scan notes of each offender it evaluated, in one process and with the helper:
    the counter it read, the day, the policy and the horizon the rules reported (none: the
    end of time), which decide when the offender may next be carried forward."""
    for processes in (1, None):
        with demo_copies() as copy:
            on = day(2)
            result = scanned(copy, on, processes=processes)
            assert result.offenders_evaluated == result.offenders_in_scope
            with Session(copy) as session:
                offenders = load_offender_facts(session, Scope(), on)
                _, horizons = offender_targets(offenders, on, CURRENT_POLICY)
                expected = {
                    o.offender_id: h or scan_carry.NO_HORIZON
                    for o, h in zip(offenders, horizons, strict=True)
                }
                rows = session.execute(
                    sa.text(
                        "SELECT offender_id, changes, scanned_changes, scanned_as_of, "
                        "scanned_policy, stable_until FROM offender_scan_state"
                    )
                ).all()
            noted = {r.offender_id: r for r in rows if r.scanned_as_of is not None}
            assert set(noted) == set(expected)
            for oid, r in noted.items():
                # Dates come back as text on SQLite.
                assert (str(r.scanned_as_of), str(r.stable_until)) == (
                    on.isoformat(),
                    expected[oid].isoformat(),
                ), oid
                assert (r.scanned_changes, r.scanned_policy) == (
                    r.changes,
                    result.policy_version,
                ), oid
            assert any(h != scan_carry.NO_HORIZON for h in expected.values())
            assert any(h == scan_carry.NO_HORIZON for h in expected.values())


def test_every_dated_column_the_facts_come_from_is_placed() -> None:
    """Each dated column of each table the offender facts are read from is an event (checked
    by the scan), a due date (reported by the rules), or read by no rule: a new dated column
    must be placed before the scan may carry anyone past it."""
    tables = SQLModel.metadata.tables
    dated = {
        (name, c.name)
        for name in OFFENDER_FACT_SOURCES
        for c in tables[name].columns
        if scan_carry._dated(c) is not None
    }
    placed: list[tuple[str, str]] = [
        (t, c)
        for group in (FACT_DATES, DUE_DATES, NOT_FACT_DATES)
        for t, cs in group.items()
        for c in cs
    ]
    assert len(placed) == len(set(placed)), "a column placed twice"
    assert set(placed) == dated
