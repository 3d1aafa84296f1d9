"""The change signal of the incremental scan: database triggers (migration 0011) mark an
offender changed whenever a row their facts come from is written, by any client.

Each table the loader reads is written with plain SQL (an insert, an update, a move to another
offender, a delete) and the next scan must re-evaluate exactly the offenders concerned. The
loader's own SQL is checked against `OFFENDER_FACT_SOURCES` (and that list against the
triggers in the database), so that a rule fed from a table or column without a trigger fails
here rather than leaving warnings stale. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import factories as f
import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from rsoman.core.services import scan
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.facts_loader import OFFENDER_FACT_SOURCES, Scope, load_offender_facts
from rsoman.core.services.policy import current_policy
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.enums import (
    AddressKind,
    BreachKind,
    Disposal,
    IntelSource,
    MeetingStatus,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    PlanKind,
    RiskLevel,
    Role,
    VisitKind,
    VisitOutcome,
)
from rsoman.core.store.models import (
    Address,
    Assignment,
    Breach,
    Intelligence,
    MappaCase,
    MappaMeeting,
    Notification,
    Offender,
    OffenderScanState,
    Officer,
    Order,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
)

DAY = date(2026, 3, 2)


@dataclass
class World:
    a: Offender
    b: Offender
    manager: Officer
    meeting: MappaMeeting  # no case yet


@pytest.fixture
def world(session: Session) -> World:
    manager = f.officer(session)
    a = f.offender(session, manager=manager, risk=RiskLevel.high, home="1 Test Row")
    b = f.offender(session, manager=manager, risk=RiskLevel.low, home="2 Test Row")
    meeting = f.mappa_meeting(session)
    world = World(a, b, manager, meeting)
    _scan(session)
    assert _changed(session) == set()
    return world


def _scan(session: Session) -> scan.ScanResult:
    return scan.run_scan(session, SYSTEM, as_of=DAY)


def _changed(session: Session) -> set[int]:
    """The offenders the next London-wide scan of DAY would evaluate."""
    policy = current_policy(session).version
    return set(scan._to_evaluate(session, Scope(), DAY, policy, False).counters)


def _evaluates_exactly(session: Session, ids: set[int]) -> None:
    assert _changed(session) == ids
    assert _scan(session).offenders_evaluated == len(ids)
    assert _changed(session) == set()


# One row of each table that names its offender, built for the given offender.
def _registration(w: World, o: Offender) -> Any:
    return Registration(
        offender_id=o.id,
        conviction_date=date(2025, 1, 1),
        offences="Test offence (fictional)",
        disposal=Disposal.caution,
        age_at_conviction=40,
    )


def _row(table: str, w: World, o: Offender) -> Any:
    build = {
        "registration": lambda: _registration(w, o),
        "assignment": lambda: Assignment(
            offender_id=o.id, officer_id=w.manager.id, start_date=date(2025, 6, 1), reason="test"
        ),
        "risk_assessment": lambda: RiskAssessment(
            offender_id=o.id, assessed_on=date(2025, 6, 1), level=RiskLevel.medium
        ),
        "visit_plan_decision": lambda: VisitPlanDecision(
            offender_id=o.id,
            kind=PlanKind.reactive_management,
            effective_from=date(2025, 6, 1),
            authorised_by_officer_id=w.manager.id,
            reason="test plan",
        ),
        "visit": lambda: Visit(
            offender_id=o.id,
            kind=VisitKind.home_visit,
            occurred_at=f.london_moment(date(2026, 2, 1)),
            outcome=VisitOutcome.no_reply,
        ),
        "notification": lambda: Notification(
            offender_id=o.id, kind=NotificationKind.periodic, notified_on=date(2026, 1, 5)
        ),
        "address": lambda: Address(
            offender_id=o.id,
            kind=AddressKind.home,
            line1="3 Test Row",
            valid_from=date(2026, 1, 10),
        ),
        "breach": lambda: Breach(
            offender_id=o.id,
            kind=BreachKind.notification_requirements,
            description="test breach (fictional)",
            found_on=date(2026, 2, 20),
        ),
        "intelligence": lambda: Intelligence(
            offender_id=o.id,
            received_on=date(2026, 2, 21),
            source=IntelSource.public,
            text="test report (fictional)",
            is_concern=True,
        ),
        "court_order": lambda: Order(
            offender_id=o.id,
            kind=OrderKind.shpo,
            court="Testbury Crown Court",
            made_on=date(2025, 1, 1),
            starts_on=date(2025, 1, 1),
            ends_on=date(2026, 4, 1),
        ),
        "mappa_case": lambda: MappaCase(meeting_id=w.meeting.id, offender_id=o.id),
    }
    return build[table]()


OWN_ROW_TABLES = sorted(t for t, columns in OFFENDER_FACT_SOURCES.items() if columns is None)


def test_every_table_with_rows_of_its_own_is_exercised_below() -> None:
    assert set(OWN_ROW_TABLES) == {
        "registration",
        "assignment",
        "risk_assessment",
        "visit_plan_decision",
        "visit",
        "notification",
        "address",
        "breach",
        "intelligence",
        "court_order",
        "mappa_case",
    }


@pytest.mark.parametrize("table", OWN_ROW_TABLES)
def test_an_insert_update_move_and_delete_mark_exactly_the_offenders_concerned(
    session: Session, world: World, table: str
) -> None:
    a, b = world.a, world.b
    row = _row(table, world, a)
    session.add(row)
    session.flush()
    _evaluates_exactly(session, {a.id})

    by_id = {"id": row.id}
    session.execute(sa.text(f"UPDATE {table} SET offender_id = offender_id WHERE id = :id"), by_id)
    _evaluates_exactly(session, {a.id})

    # A row moved to another offender changes both records.
    session.execute(
        sa.text(f"UPDATE {table} SET offender_id = :b WHERE id = :id"), {**by_id, "b": b.id}
    )
    _evaluates_exactly(session, {a.id, b.id})

    session.execute(sa.text(f"DELETE FROM {table} WHERE id = :id"), by_id)
    _evaluates_exactly(session, {b.id})


def test_a_statement_over_many_rows_marks_each_offender_once(
    session: Session, world: World
) -> None:
    for o in (world.a, world.b, world.a):
        session.add(_row("intelligence", world, o))
    session.flush()
    before = {
        s.offender_id: s.changes for s in session.exec(sa.select(OffenderScanState)).scalars()
    }
    session.execute(sa.text("UPDATE intelligence SET is_concern = NOT is_concern"))
    session.expire_all()
    after = {s.offender_id: s.changes for s in session.exec(sa.select(OffenderScanState)).scalars()}
    assert {k for k in after if after[k] != before[k]} == {world.a.id, world.b.id}
    _evaluates_exactly(session, {world.a.id, world.b.id})


OFFENDER_CHANGES: dict[str, Any] = {
    "ref": "RSO-T-CHANGED",
    "status": OffenderStatus.in_custody,
    "borough_id": None,  # another borough, below
    "mappa_category": 2,
    "mappa_level": 3,
    "created_at": datetime(2022, 6, 1, 12, tzinfo=UTC),
}


def test_the_offender_row_marks_on_insert_and_on_each_column_read(
    session: Session, world: World
) -> None:
    assert set(OFFENDER_CHANGES) == set(OFFENDER_FACT_SOURCES["offender"] or ()) - {"id"}
    # Not active, so that no warning refers to it and it can be deleted below.
    new = f.offender(session, registered_on=None, mappa=None, status=OffenderStatus.deceased)
    _evaluates_exactly(session, {new.id})
    for column, value in OFFENDER_CHANGES.items():
        if column == "borough_id":
            value = f.borough(session, "hackney").id
        statement = sa.update(Offender).where(Offender.id == world.a.id).values({column: value})
        session.execute(statement)
        _evaluates_exactly(session, {world.a.id})
    # Columns no rule reads (a name, the time of the last edit) are no change to the facts.
    session.execute(
        sa.update(Offender)
        .where(Offender.id == world.a.id)
        .values(surname="Quillbert", updated_at=datetime(2026, 3, 1, tzinfo=UTC))
    )
    assert _changed(session) == set()
    # A deleted offender takes its counter with it.
    session.execute(sa.delete(Offender).where(Offender.id == new.id))
    assert session.get(OffenderScanState, new.id) is None
    _evaluates_exactly(session, set())


def test_an_officer_moving_borough_marks_every_offender_they_managed(
    session: Session, world: World
) -> None:
    """The arrival in a borough is read from the boroughs of the offender's managers, so an
    officer's move changes every offender with an assignment to them, past or current. A new
    officer manages nobody yet, and an officer with assignments cannot be deleted (foreign
    key): neither changes any offender's facts."""
    earlier = f.officer(session, borough_code="hackney")
    past = f.offender(session)
    first = f.assign(session, past, earlier, on=date(2020, 1, 1))
    first.end_date = date(2022, 12, 31)
    f.assign(session, past, world.manager, on=date(2023, 1, 1))
    _evaluates_exactly(session, {past.id})

    assert OFFENDER_FACT_SOURCES["officer"] == ("id", "borough_id", "active")
    session.execute(
        sa.update(Officer)
        .where(Officer.id == earlier.id)
        .values(borough_id=f.borough(session, "camden").id)
    )
    _evaluates_exactly(session, {past.id})
    session.execute(
        sa.update(Officer)
        .where(Officer.id == world.manager.id)
        .values(borough_id=f.borough(session, "islington").id)
    )
    _evaluates_exactly(session, {world.a.id, world.b.id, past.id})
    # An officer leaving (no longer active) leaves their offenders unallocated.
    session.execute(sa.update(Officer).where(Officer.id == earlier.id).values(active=False))
    _evaluates_exactly(session, {past.id})
    session.execute(
        sa.update(Officer).where(Officer.id == world.manager.id).values(surname="Quillbert")
    )
    idle = f.officer(session)
    session.execute(sa.delete(Officer).where(Officer.id == idle.id))
    assert _changed(session) == set()


MEETING_CHANGES: dict[str, Any] = {
    "ref": "MAPPA-T-CHANGED",
    "level": 3,
    "held_at": f.london_moment(date(2024, 2, 1), 10),
    "status": MeetingStatus.cancelled,
}


def test_a_meeting_changing_marks_every_offender_discussed_at_it(
    session: Session, world: World
) -> None:
    assert set(MEETING_CHANGES) == set(OFFENDER_FACT_SOURCES["mappa_meeting"] or ()) - {"id"}
    meeting = f.mappa_meeting(session, offenders=(world.a, world.b))
    _evaluates_exactly(session, {world.a.id, world.b.id})
    for column, value in MEETING_CHANGES.items():
        statement = (
            sa.update(MappaMeeting).where(MappaMeeting.id == meeting.id).values({column: value})
        )
        session.execute(statement)
        _evaluates_exactly(session, {world.a.id, world.b.id})
    session.execute(
        sa.update(MappaMeeting).where(MappaMeeting.id == meeting.id).values(chair="Testbury")
    )
    assert _changed(session) == set()
    # Deleting it means deleting what refers to it first (foreign keys): its warnings, and its
    # cases, which mark their offenders.
    by_meeting = {"m": meeting.id}
    session.execute(
        sa.text(
            "DELETE FROM warning_event WHERE warning_id IN "
            "(SELECT id FROM warning WHERE meeting_id = :m)"
        ),
        by_meeting,
    )
    session.execute(sa.text("DELETE FROM warning WHERE meeting_id = :m"), by_meeting)
    session.execute(sa.delete(MappaCase).where(MappaCase.meeting_id == meeting.id))
    session.execute(sa.delete(MappaMeeting).where(MappaMeeting.id == meeting.id))
    _evaluates_exactly(session, {world.a.id, world.b.id})


def test_a_visit_recorded_through_the_service_marks_its_offender(
    session: Session, world: World
) -> None:
    home = session.exec(sa.select(Address).where(Address.offender_id == world.b.id)).scalar_one()
    officer = f.user(session, Role.offender_manager, world.manager)
    record_visit(
        session,
        officer,
        world.b.ref,
        VisitInput(
            occurred_at=f.london_moment(date(2026, 3, 1)),
            outcome=VisitOutcome.successful,
            officer_warrants=(world.manager.warrant_number,),
            address_id=home.id,
        ),
    )
    _evaluates_exactly(session, {world.b.id})


# --- the loader reads nothing the triggers do not cover ----------------------------------------


def _loader_sql(session: Session, **kwargs: Any) -> str:
    statements: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        load_offender_facts(session, as_of=DAY, **kwargs)
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    return "\n".join(statements)


def test_the_loader_reads_only_tables_and_columns_with_triggers(
    session: Session, world: World
) -> None:
    camden = f.borough(session, "camden").id
    sql = "\n".join(
        _loader_sql(session, scope=scope, offender_ids=ids)
        for scope, ids in [
            (Scope(), None),
            (Scope(borough_id=camden), None),
            (Scope(officer_id=world.manager.id), None),
            (Scope(), [world.a.id]),
        ]
    )
    read = {t for t in SQLModel.metadata.tables if re.search(rf"\b{t}\b", sql)}
    assert read == set(OFFENDER_FACT_SOURCES)
    for table, columns in OFFENDER_FACT_SOURCES.items():
        if columns is not None:
            used = set(re.findall(rf'\b{table}\."?(\w+)', sql))
            assert used and used <= set(columns), table


def test_every_source_has_its_triggers(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(
                sa.text(
                    "SELECT event_object_table, event_manipulation FROM information_schema.triggers"
                    " WHERE trigger_name LIKE 'scan_state_%'"
                )
            ).all()
            events = {(table, event.lower()) for table, event in rows}
        else:
            rows = conn.execute(
                sa.text(
                    "SELECT tbl_name, sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND name LIKE 'scan_state_%'"
                )
            ).all()
            events = {
                (table, re.search(r"AFTER (INSERT|UPDATE|DELETE)", sql).group(1).lower())
                for table, sql in rows
            }
    expected = set()
    for table, columns in OFFENDER_FACT_SOURCES.items():
        if columns is None:
            kinds = {"insert", "update", "delete"}
        elif table == "offender":
            kinds = {"insert", "update"}  # a deleted offender's counter goes with it (cascade)
        else:
            kinds = {"update"}  # inserted or deleted, they change no offender (see above)
        expected |= {(table, kind) for kind in kinds}
    assert events == expected
