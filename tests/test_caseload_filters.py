"""Caseload column filters: MAPPA level, home address, ward, manager, not seen at home since, and
live warnings. Each runs in SQL on both databases; counts agree with ids."""

from datetime import UTC, date, datetime

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.services.offenders import CaseloadQuery, caseload_count, caseload_ids
from rsoman.core.store.enums import Rank, Role, VisitKind, VisitOutcome
from rsoman.core.store.models import Assignment, Warning, WarningState


def ids(session, actor, **filters) -> set[int]:
    query = CaseloadQuery(**filters)
    found = caseload_ids(session, actor, query)
    assert caseload_count(session, actor, query) == len(found)
    return set(found)


@pytest.fixture
def sup(session):
    return f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))


def test_mappa_level_filter_and_level_zero_means_none(session, sup):
    one = f.offender(session, mappa=(1, 1))
    two = f.offender(session, mappa=(1, 2))
    none = f.offender(session, mappa=None)
    session.commit()
    assert ids(session, sup, mappa_levels=frozenset({2})) == {two.id}
    assert ids(session, sup, mappa_levels=frozenset({0, 1})) == {one.id, none.id}


def test_address_and_ward_filters_use_the_current_home_only(session, sup):
    north = f.ward(session, name="Northcrest")
    south = f.ward(session, name="Southvale")
    mover = f.offender(session)
    f.address(session, mover, "1 Old Lane", valid_to=date(2024, 1, 1), ward_row=north)
    f.address(session, mover, "9 Zeal Street", valid_from=date(2024, 1, 1), ward_row=south)
    stayer = f.offender(session, home="4 Old Row", home_ward=north)
    session.commit()
    assert ids(session, sup, address="old") == {stayer.id}
    assert ids(session, sup, address="zeal STREET") == {mover.id}
    assert ids(session, sup, ward="north") == {stayer.id}
    assert ids(session, sup, ward="vale") == {mover.id}
    # Words are literal: a LIKE wildcard typed by the user matches only itself.
    assert ids(session, sup, address="%") == set()


def test_manager_filter_matches_name_or_warrant_of_the_current_manager(session, sup):
    old = f.officer(session, surname="Quillfeather")
    new = f.officer(session, surname="Rookhaven")
    moved = f.offender(session, manager=old, assigned_on=date(2023, 1, 1))
    # Reallocated: the old assignment ended.
    [first] = session.exec(select(Assignment).where(Assignment.offender_id == moved.id)).all()
    first.end_date = date(2024, 1, 1)
    f.assign(session, moved, new, on=date(2024, 1, 1))
    kept = f.offender(session, manager=old)
    session.commit()
    assert ids(session, sup, manager="quillfeather") == {kept.id}
    assert ids(session, sup, manager="rook") == {moved.id}
    assert ids(session, sup, manager=new.warrant_number) == {moved.id}


def test_not_visited_since_counts_only_successful_home_visits_on_the_london_day(session, sup):
    seen = f.offender(session)
    f.visit(session, seen, date(2026, 3, 10))
    failed = f.offender(session)
    f.visit(session, failed, date(2026, 3, 10), VisitOutcome.no_reply)
    station = f.offender(session)
    f.visit(session, station, date(2026, 3, 10), kind=VisitKind.station_attendance)
    never = f.offender(session)
    # Seen just after midnight London time (still the previous day in UTC, in summer).
    late = f.offender(session)
    late_visit = f.visit(session, late, date(2026, 7, 1))
    late_visit.occurred_at = f.london_moment(date(2026, 7, 1), hour=0).replace(minute=30)
    session.commit()
    not_seen = {failed.id, station.id, never.id}
    # The day before, the day of, and the day after the visit of 10 March.
    assert ids(session, sup, not_visited_since=date(2026, 3, 9)) & {seen.id} == set()
    assert ids(session, sup, not_visited_since=date(2026, 3, 10)) & {seen.id} == set()
    assert seen.id in ids(session, sup, not_visited_since=date(2026, 3, 11))
    assert not_seen <= ids(session, sup, not_visited_since=date(2020, 1, 1))
    assert late.id not in ids(session, sup, not_visited_since=date(2026, 7, 1))
    assert late.id in ids(session, sup, not_visited_since=date(2026, 7, 2))


def test_warning_filter_by_kind_or_any_live_warning(session, sup):
    overdue = f.offender(session)
    acknowledged = f.offender(session)
    resolved = f.offender(session)
    clear = f.offender(session)
    for row, kind, state in (
        (overdue, "home_visit_overdue", WarningState.open),
        (acknowledged, "notification_overdue", WarningState.acknowledged),
        (resolved, "home_visit_overdue", WarningState.resolved),
    ):
        session.add(
            Warning(
                natural_key=f"{kind}:{row.id}",
                kind=kind,
                severity="high",
                subject_type="offender",
                offender_id=row.id,
                subject_ref=row.ref,
                borough_id=row.borough_id,
                days_overdue=3,
                explanation="test",
                policy_version=1,
                state=state,
                first_raised_at=datetime(2026, 1, 1, tzinfo=UTC),
                last_seen_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
    session.commit()
    assert ids(session, sup, warning_kinds=frozenset({"home_visit_overdue"})) == {overdue.id}
    assert ids(session, sup, warning_kinds=frozenset({"*"})) == {overdue.id, acknowledged.id}
    assert clear.id in ids(session, sup)


def test_filters_combine_and_are_counted(session, sup):
    north = f.ward(session, name="Northcrest")
    both = f.offender(session, home="2 Elm Walk", home_ward=north, mappa=(1, 2))
    f.offender(session, home="3 Elm Walk", home_ward=north, mappa=(1, 1))
    session.commit()
    query = CaseloadQuery(ward="north", mappa_levels=frozenset({2}), address="elm")
    assert query.filter_count() == 3
    assert set(caseload_ids(session, sup, query)) == {both.id}
