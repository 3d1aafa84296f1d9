"""Only a successful home visit at the offender's home on its day satisfies the schedule
(DOMAIN.md). `visit.at_home` (migration 0016) says so, kept by the services that write visits
and addresses (services/visit_address.py) and read by the scan, the caseload and the record.
Every test runs on SQLite and PostgreSQL."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import LONDON
from rsoman.core.services import visit_address
from rsoman.core.services.addresses import add_address, address_values, correct_address
from rsoman.core.services.interchange.json_import import import_document
from rsoman.core.services.offenders import get_record
from rsoman.core.services.scan import run_scan
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.enums import AddressKind, RiskLevel, Role, VisitKind, VisitOutcome
from rsoman.core.store.models import Address, OffenderCurrent, Visit

SCENARIO = Path(__file__).parent / "scenarios" / "s20_visit_at_another_address.json"
# A home lived in over one summer (British Summer Time: London is UTC+1 all through).
FIRST = date(2025, 6, 1)
LAST = date(2025, 7, 31)


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def add_visit(session, offender, at: datetime, address: Address | None) -> Visit:
    row = Visit(
        offender_id=offender.id,
        kind=VisitKind.home_visit,
        occurred_at=at.astimezone(UTC),
        outcome=VisitOutcome.successful,
        address_id=address.id if address else None,
    )
    session.add(row)
    session.flush()
    return row


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (london(FIRST - timedelta(days=1), 12), False),  # the day before the home's first day
        (london(FIRST, 0, 30), True),  # its first day, though 23:30 UTC the day before
        (london(LAST, 23, 30), True),  # its last day
        (london(LAST + timedelta(days=1), 0, 30), False),  # the day after (23:30 UTC on LAST)
        (london(LAST + timedelta(days=1), 12), False),
    ],
)
def test_a_visit_is_at_home_on_the_london_days_the_address_was_home(session, at, expected):
    o = f.offender(session, risk=RiskLevel.high)
    home = f.address(session, o, "4 Summerlet Row", valid_from=FIRST, valid_to=LAST)
    visit = add_visit(session, o, at, home)
    visit_address.refresh(session, [o.id])
    session.refresh(visit)
    assert visit.at_home is expected


def test_only_a_home_kind_of_this_offender_is_home_and_no_address_is_the_home(session):
    o = f.offender(session, risk=RiskLevel.high)
    other = f.offender(session, risk=RiskLevel.high)
    work = f.address(session, o, "9 Workyard Lane", kind=AddressKind.secondary)
    nfa = f.address(session, o, "Anywhere", kind=AddressKind.no_fixed_abode, valid_from=FIRST)
    theirs = f.address(session, other, "1 Not Theirs Lane")
    day = london(FIRST + timedelta(days=3), 11)
    at_work, at_nfa, at_theirs, nowhere = (
        add_visit(session, o, day, a) for a in (work, nfa, theirs, None)
    )
    assert visit_address.refresh(session, [o.id]) == 2
    for row in (at_work, at_nfa, at_theirs, nowhere):
        session.refresh(row)
    assert (at_work.at_home, at_nfa.at_home, at_theirs.at_home, nowhere.at_home) == (
        False,
        True,
        False,
        True,
    )
    assert visit_address.refresh(session, [o.id]) == 0  # nothing left to change


def test_an_imported_visit_at_another_address_does_not_count_anywhere(session, system):
    """Acceptance scenario s20 through the service: the visit at the secondary address on
    10 Mar 2026 is kept as recorded but the last successful home visit stays 15 Dec 2025."""
    summary = import_document(session, system, json.loads(SCENARIO.read_text()))
    assert summary.notices == (
        "1 successful home visit names an address that was not the offender's home on the "
        "day: kept as recorded, but not counted for the home-visit schedule",
    )
    session.flush()
    visits = session.exec(select(Visit).order_by(Visit.occurred_at)).all()
    assert [v.at_home for v in visits] == [True, True, False]
    reader = f.user(session, Role.offender_manager, f.officer(session, borough_code="harrow"))
    record = get_record(session, reader, "RSO-S20-A")
    assert record.last_successful_home_visit == date(2025, 12, 15)
    flags = sorted((v.occurred_at, v.successful_home_visit) for v in record.visits)
    assert [ok for _at, ok in flags] == [True, True, False]
    stored = session.get(OffenderCurrent, visits[0].offender_id)
    assert stored is not None and stored.last_home_visit_at == visits[1].occurred_at
    # High risk: due 91 days after 15 Dec 2025, on 16 Mar 2026.
    due = date(2025, 12, 15) + timedelta(days=91)
    kinds = {
        day: {w.kind for w in run_scan(session, system, as_of=day, full=True).warnings}
        for day in (due, due + timedelta(days=1))
    }
    assert kinds == {due: {"home_visit_due_soon"}, due + timedelta(days=1): {"home_visit_overdue"}}
    [overdue] = run_scan(session, system, as_of=due + timedelta(days=1), full=True).warnings
    assert "1 visit at an address that was not the home" in overdue.explanation


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Hearthwick")
    second = f.officer(session, surname="Doorley")
    o = f.offender(session, ref="RSO-AH", manager=om, risk=RiskLevel.high, home="7 Hearth Row")
    home = session.exec(select(Address).where(Address.offender_id == o.id)).one()
    actor = f.user(session, Role.offender_manager, om)
    session.commit()
    return {"offender": o, "home": home, "om": om, "second": second, "actor": actor}


def record_home_visit(session, case, day: date) -> Visit:
    visit_id = record_visit(
        session,
        case["actor"],
        "RSO-AH",
        VisitInput(
            occurred_at=london(day, 10).replace(tzinfo=None),
            outcome=VisitOutcome.successful,
            officer_warrants=(case["om"].warrant_number, case["second"].warrant_number),
            address_id=case["home"].id,
            observations="Seen at home (fictional).",
        ),
    )
    row = session.get(Visit, visit_id)
    assert row is not None and row.at_home
    return row


def test_correcting_an_address_moves_its_visits_out_of_the_home_and_back(session, case):
    visited = date(2025, 6, 2)
    visit = record_home_visit(session, case, visited)
    actor, home_id = case["actor"], case["home"].id
    assert get_record(session, actor, "RSO-AH").last_successful_home_visit == visited

    # The officer learns the offender moved in only on 1 July: the June visit was not at home.
    first_values = address_values(session, actor, home_id)
    later = replace(first_values, valid_from=date(2025, 7, 1))
    correct_address(session, actor, home_id, later, "moved in later than first recorded")
    session.refresh(visit)
    assert visit.at_home is False
    assert get_record(session, actor, "RSO-AH").last_successful_home_visit is None
    stored = session.get(OffenderCurrent, case["offender"].id)
    session.refresh(stored)
    assert stored.last_home_visit_at is None

    # Corrected back: the visit counts again.
    correct_address(session, actor, home_id, first_values, "the first date was right")
    session.refresh(visit)
    assert visit.at_home is True
    assert get_record(session, actor, "RSO-AH").last_successful_home_visit == visited


def test_a_new_home_dated_back_ends_the_old_one_before_a_visit_there(session, case):
    visited = date(2025, 6, 2)
    visit = record_home_visit(session, case, visited)
    actor = case["actor"]
    values = replace(
        address_values(session, actor, case["home"].id),
        line1="11 Newhearth Close",
        valid_from=visited - timedelta(days=5),  # the old home now ended six days before
    )
    add_address(session, actor, "RSO-AH", values)
    session.refresh(visit)
    assert visit.at_home is False
    assert get_record(session, actor, "RSO-AH").last_successful_home_visit is None


def test_the_migration_marks_the_visits_already_recorded(engine) -> None:
    """Migration 0016 on a database holding visits: each is marked from its address on its
    London day, and offender_current's last visit recomputed (down to 0015 and up again)."""
    from alembic import command
    from sqlmodel import Session

    from rsoman.core.store.engine import _alembic_config

    with Session(engine) as session:
        o = f.offender(session, risk=RiskLevel.high)
        home = f.address(session, o, "4 Summerlet Row", valid_from=FIRST, valid_to=LAST)
        work = f.address(session, o, "9 Workyard Lane", kind=AddressKind.secondary)
        ids = {
            name: add_visit(session, o, at, address).id
            for name, at, address in (
                ("first day", london(FIRST, 0, 30), home),
                ("last day", london(LAST, 23, 30), home),
                ("day after", london(LAST + timedelta(days=1), 0, 30), home),
                ("work", london(LAST + timedelta(days=5), 12), work),
                ("no address", london(FIRST + timedelta(days=9), 12), None),
            )
        }
        offender_id = o.id
        session.commit()
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0015")
    with engine.begin() as conn:
        # As a 0015 database held it: counted by kind and outcome alone.
        conn.exec_driver_sql(
            "UPDATE offender_current SET last_home_visit_at = (SELECT max(occurred_at) "
            "FROM visit WHERE visit.offender_id = offender_current.offender_id)"
        )
        command.upgrade(_alembic_config(conn), "head")
    with Session(engine) as session:
        marked = {name: session.get(Visit, i).at_home for name, i in ids.items()}
        assert marked == {
            "first day": True,
            "last day": True,
            "day after": False,
            "work": False,
            "no address": True,
        }
        stored = session.get(OffenderCurrent, offender_id)
        assert stored.last_home_visit_at == london(LAST, 23, 30).astimezone(UTC)
