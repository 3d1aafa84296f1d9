from datetime import date, timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import (
    CASELOAD_COLUMNS,
    CaseloadQuery,
    caseload_count,
    caseload_ids,
    caseload_rows,
    get_record,
)
from rsoman.core.store.enums import (
    AuditAction,
    OffenderStatus,
    PlanKind,
    Rank,
    RiskLevel,
    Role,
    TeamRole,
    VisitOutcome,
)
from rsoman.core.store.models import AuditEntry, Notification, Registration

TODAY = london_today()


@pytest.fixture
def world(session):
    """Camden: officers A and B in Team 1, C in Team 2, one unassigned offender; Westminster: D.
    A central-team supervisor sees London."""
    a = f.officer(session, surname="Ashcombe", team="Team 1")
    b = f.officer(session, surname="Brindle", team="Team 1")
    c = f.officer(session, surname="Corvey", team="Team 2")
    d = f.officer(session, borough_code="westminster", surname="Dunmarra")
    central = f.officer(session, borough_code="central", rank=Rank.ds, team=None)
    people = {
        "a1": f.offender(session, surname="Ebberley", manager=a, risk=RiskLevel.high),
        "a2": f.offender(session, surname="Fallowmere", manager=a, risk=RiskLevel.low),
        "b1": f.offender(session, surname="Gorsedene", manager=b, risk=RiskLevel.medium),
        "c1": f.offender(session, surname="Hathersage", manager=c, risk=RiskLevel.very_high),
        "u1": f.offender(session, surname="Ibbotsley"),
        "w1": f.offender(
            session, borough_code="westminster", surname="Jessamond", manager=d, risk=None
        ),
    }
    actors = {
        "a": f.user(session, Role.offender_manager, a),
        "d": f.user(session, Role.offender_manager, d),
        "camden_sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "central": f.user(session, Role.supervisor, central),
        "admin": f.user(session, Role.administrator),
    }
    session.commit()
    return people, actors


def names(session, actor, query):
    ids = caseload_ids(session, actor, query)
    return [row.surname for row in caseload_rows(session, actor, ids)]


def ids_of(people, *keys):
    return {people[k].id for k in keys}


def test_scopes_mine_team_borough(session, world):
    people, actors = world
    a = actors["a"]
    assert set(caseload_ids(session, a, CaseloadQuery(scope="mine"))) == ids_of(people, "a1", "a2")
    assert set(caseload_ids(session, a, CaseloadQuery(scope="team"))) == ids_of(
        people, "a1", "a2", "b1"
    )
    assert set(caseload_ids(session, a, CaseloadQuery(scope="borough"))) == ids_of(
        people, "a1", "a2", "b1", "c1", "u1"
    )
    assert caseload_count(session, a, CaseloadQuery(scope="team")) == 3


def test_borough_user_cannot_reach_another_borough(session, world):
    people, actors = world
    a = actors["a"]
    with pytest.raises(PermissionDenied):
        caseload_ids(session, a, CaseloadQuery(scope="london"))
    with pytest.raises(PermissionDenied):
        caseload_ids(session, a, CaseloadQuery(borough_code="westminster"))
    assert set(caseload_ids(session, a, CaseloadQuery(borough_code="camden"))) == ids_of(
        people, "a1", "a2", "b1", "c1", "u1"
    )
    with pytest.raises(PermissionDenied):
        caseload_rows(session, a, [people["w1"].id])
    refusals = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)
    ).all()
    assert len(refusals) == 3


def test_london_wide_user_sees_london_and_may_pick_a_borough(session, world):
    people, actors = world
    central = actors["central"]
    assert central.london_wide
    assert set(caseload_ids(session, central, CaseloadQuery(scope="london"))) == {
        p.id for p in people.values()
    }
    assert caseload_ids(session, central, CaseloadQuery(borough_code="westminster")) == [
        people["w1"].id
    ]
    with pytest.raises(NotFound, match="no borough"):
        caseload_ids(session, central, CaseloadQuery(borough_code="atlantis"))


def test_administrator_may_not_view_the_caseload(session, world):
    _, actors = world
    with pytest.raises(PermissionDenied, match="administrator may not view caseload"):
        caseload_ids(session, actors["admin"], CaseloadQuery())


def test_unknown_sort_and_scope_are_refused(session, world):
    _, actors = world
    with pytest.raises(ValidationFailed) as err:
        caseload_ids(session, actors["a"], CaseloadQuery(sort="shoe_size"))
    assert err.value.problems[0].field == "sort"
    with pytest.raises(ValidationFailed):
        caseload_ids(session, actors["a"], CaseloadQuery(scope="planet"))  # type: ignore[arg-type]


def test_search_finds_names_aliases_and_refs_case_insensitively(session):
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    f.offender(session, surname="Kelderwick", forenames="Toby", ref="RSO-K1")
    f.offender(session, surname="Lomasney", forenames="Piers", aliases=(("Tobias", "Quarrendon"),))
    f.offender(session, surname="Mappleton", forenames="Ravi", ref="RSO-M1")
    session.commit()

    def search(text):
        return sorted(names(session, sup, CaseloadQuery(search=text)))

    assert search("kelder") == ["Kelderwick"]
    assert search("QUARREN") == ["Lomasney"]  # an alias surname
    assert search("tob") == ["Kelderwick", "Lomasney"]  # forename and alias forename
    assert search("tobias quarrendon") == ["Lomasney"]  # every word must match
    assert search("toby quarrendon") == []
    assert search("rso-m1") == ["Mappleton"]
    assert search("  ") == ["Kelderwick", "Lomasney", "Mappleton"]
    assert search("%") == [] and search("_") == []  # wildcards are literal


def test_filters_on_risk_and_status(session, world):
    people, actors = world
    sup = actors["camden_sup"]
    q = CaseloadQuery(risk_levels=frozenset({RiskLevel.high, RiskLevel.very_high}))
    assert set(caseload_ids(session, sup, q)) == ids_of(people, "a1", "c1")
    people["a1"].status = OffenderStatus.in_custody
    session.commit()
    assert set(caseload_ids(session, sup, q)) == ids_of(people, "c1")
    any_status = CaseloadQuery(risk_levels=q.risk_levels, statuses=frozenset())
    assert set(caseload_ids(session, sup, any_status)) == ids_of(people, "a1", "c1")
    custody = CaseloadQuery(statuses=frozenset({OffenderStatus.in_custody}))
    assert caseload_count(session, sup, custody) == 1


def test_sort_by_name_both_ways(session, world):
    _, actors = world
    sup = actors["camden_sup"]
    expected = ["Ebberley", "Fallowmere", "Gorsedene", "Hathersage", "Ibbotsley"]
    assert names(session, sup, CaseloadQuery()) == expected
    assert names(session, sup, CaseloadQuery(descending=True)) == expected[::-1]


def test_sort_by_risk_puts_unassessed_last_both_ways(session, world):
    _, actors = world
    sup = actors["camden_sup"]
    ascending = names(session, sup, CaseloadQuery(sort="risk_level"))
    assert ascending == ["Fallowmere", "Gorsedene", "Ebberley", "Hathersage", "Ibbotsley"]
    descending = names(session, sup, CaseloadQuery(sort="risk_level", descending=True))
    assert descending == ["Hathersage", "Ebberley", "Gorsedene", "Fallowmere", "Ibbotsley"]


def test_sort_by_offender_manager(session, world):
    _, actors = world
    rows = caseload_rows(
        session,
        actors["camden_sup"],
        caseload_ids(session, actors["camden_sup"], CaseloadQuery(sort="offender_manager")),
    )
    managers = [r.offender_manager for r in rows]
    assert managers[-1] is None  # unassigned last
    assert [m.split(",")[0] for m in managers[:-1]] == [
        "Ashcombe",
        "Ashcombe",
        "Brindle",
        "Corvey",
    ]
    assert managers[0] == "Ashcombe, Ada (DC)"


def test_current_risk_is_the_latest_assessment(session):
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    o = f.offender(session, risk=RiskLevel.very_high, assessed_on=date(2023, 1, 1))
    f.assess(session, o, RiskLevel.low, on=date(2024, 6, 1))
    session.commit()
    [row] = caseload_rows(session, sup, [o.id])
    assert row.risk_level == RiskLevel.low
    q = CaseloadQuery(risk_levels=frozenset({RiskLevel.very_high}))
    assert caseload_ids(session, sup, q) == []


def test_home_address_ward_and_sorting_by_them(session):
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    north = f.ward(session, name="Northcrest")
    south = f.ward(session, name="Southvale")
    o1 = f.offender(session, surname="Nettlefold")
    f.address(session, o1, "1 Old Lane", valid_to=date(2024, 1, 1), ward_row=north)
    f.address(session, o1, "9 Zeal Street", valid_from=date(2024, 1, 1), ward_row=south)
    o2 = f.offender(session, surname="Ormsgill", home="4 Apple Row", home_ward=north)
    o3 = f.offender(session, surname="Pendarlow")  # no address
    session.commit()
    rows = {r.surname: r for r in caseload_rows(session, sup, [o1.id, o2.id, o3.id])}
    assert rows["Nettlefold"].home_address == "9 Zeal Street, London, ZZ1 1ZZ"
    assert rows["Nettlefold"].ward == "Southvale"
    assert rows["Ormsgill"].ward == "Northcrest"
    assert rows["Pendarlow"].home_address is None
    assert names(session, sup, CaseloadQuery(sort="home_address")) == [
        "Ormsgill",
        "Nettlefold",
        "Pendarlow",
    ]
    assert names(session, sup, CaseloadQuery(sort="ward", descending=True)) == [
        "Nettlefold",
        "Ormsgill",
        "Pendarlow",
    ]


def test_next_visit_due_sorted_in_sql_matches_the_rule(session):
    om = f.officer(session, surname="Quennell")
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    high = f.offender(session, surname="Rushmere", risk=RiskLevel.high)
    f.visit(session, high, TODAY - timedelta(days=100))
    f.visit(session, high, TODAY - timedelta(days=50), VisitOutcome.no_reply)  # does not count
    vhigh = f.offender(session, surname="Saltonby", risk=RiskLevel.very_high)
    f.visit(session, vhigh, TODAY - timedelta(days=10))
    f.offender(session, surname="Tollerton", risk=RiskLevel.low)
    reactive = f.offender(session, surname="Ulverdale", risk=RiskLevel.low)
    f.plan(session, reactive, PlanKind.reactive_management, om)
    f.visit(session, reactive, TODAY - timedelta(days=900))
    individual = f.offender(session, surname="Vennacott", risk=RiskLevel.medium)
    f.plan(session, individual, PlanKind.individual_frequency, om, interval_days=10)
    f.visit(session, individual, TODAY - timedelta(days=5))
    session.commit()

    ids = caseload_ids(session, sup, CaseloadQuery(sort="next_visit_due"))
    rows = caseload_rows(session, sup, ids)
    assert [r.surname for r in rows] == [
        "Tollerton",
        "Rushmere",
        "Vennacott",
        "Saltonby",
        "Ulverdale",
    ]
    due = {r.surname: r for r in rows}
    assert due["Tollerton"].next_visit_due == date(2023, 1, 15)
    assert "first home visit within 14 days of 1 Jan 2023" in due["Tollerton"].next_visit_basis
    assert due["Rushmere"].next_visit_due == TODAY - timedelta(days=9)
    assert due["Rushmere"].last_successful_home_visit == TODAY - timedelta(days=100)
    assert "+ 91 days, policy v1, risk HIGH" in due["Rushmere"].next_visit_basis
    assert due["Vennacott"].next_visit_due == TODAY + timedelta(days=5)
    assert due["Saltonby"].next_visit_due == TODAY + timedelta(days=20)
    assert due["Ulverdale"].next_visit_due is None
    assert "reactive" in due["Ulverdale"].next_visit_basis

    desc = caseload_rows(
        session,
        sup,
        caseload_ids(session, sup, CaseloadQuery(sort="next_visit_due", descending=True)),
    )
    assert [r.surname for r in desc] == [
        "Saltonby",
        "Vennacott",
        "Rushmere",
        "Tollerton",
        "Ulverdale",
    ]
    last = caseload_rows(
        session,
        sup,
        caseload_ids(session, sup, CaseloadQuery(sort="last_successful_home_visit")),
    )
    assert [r.surname for r in last] == [
        "Ulverdale",
        "Rushmere",
        "Saltonby",
        "Vennacott",
        "Tollerton",
    ]


def test_release_restarts_the_visit_schedule(session):
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    o = f.offender(session, surname="Wexcombe", risk=RiskLevel.high, registered_on=None)
    f.visit(session, o, date(2023, 3, 1))
    released = TODAY - timedelta(days=3)
    session.add(
        Registration(
            offender_id=o.id,
            conviction_date=date(2023, 6, 1),
            offences="Test offence (fictional)",
            disposal="custody",
            sentence_months=12,
            age_at_conviction=40,
            first_notification_date=date(2023, 6, 2),
            release_date=released,
        )
    )
    session.commit()
    [row] = caseload_rows(session, sup, [o.id])
    assert row.next_visit_due == released + timedelta(days=14)


def test_rows_keep_the_order_given_and_skip_missing_ids(session, world):
    people, actors = world
    order = [people["c1"].id, 999_999, people["a1"].id]
    rows = caseload_rows(session, actors["camden_sup"], order)
    assert [r.id for r in rows] == [people["c1"].id, people["a1"].id]
    assert rows[0].borough == "Camden"
    assert rows[0].open_warnings == 0
    assert rows[0].mappa_category == 1


def test_aliases_are_listed_on_the_row(session):
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    o = f.offender(session, aliases=(("Bo", "Yarrowfield"), ("", "Zennor")))
    session.commit()
    [row] = caseload_rows(session, sup, [o.id])
    assert row.aliases == "Bo Yarrowfield; Zennor"


def test_every_caseload_column_sorts(session, world):
    _, actors = world
    for key in CASELOAD_COLUMNS:
        for descending in (False, True):
            ids = caseload_ids(
                session, actors["camden_sup"], CaseloadQuery(sort=key, descending=descending)
            )
            assert len(ids) == 5, key


def test_a_limit_gives_the_first_ids_of_the_same_order(session, world):
    # The desktop client paints a London-wide list's first page from a LIMIT, then the rest.
    _, actors = world
    for key in CASELOAD_COLUMNS:
        for descending in (False, True):
            query = CaseloadQuery(scope="london", sort=key, descending=descending)
            every = caseload_ids(session, actors["central"], query)
            assert len(every) == caseload_count(session, actors["central"], query) == 6
            for limit in (1, 5, 6, 7):
                first = caseload_ids(session, actors["central"], query, limit=limit)
                assert first == every[:limit], (key, descending, limit)


# --- the record -----------------------------------------------------------------------------


def test_get_record_returns_the_record_and_logs_the_consultation(session, world):
    people, actors = world
    a1 = people["a1"]
    f.visit(session, a1, TODAY - timedelta(days=30))
    session.add(Notification(offender_id=a1.id, kind="periodic", notified_on=date(2024, 1, 1)))
    session.commit()
    record = get_record(session, actors["a"], a1.ref, justification="planning a home visit")
    assert record.ref == a1.ref and record.borough == "Camden"
    assert record.current_risk_level == RiskLevel.high
    assert record.offender_manager.officer_name.startswith("Ada Ashcombe")
    assert len(record.visits) == 1 and record.visits[0].successful_home_visit
    assert record.last_successful_home_visit == TODAY - timedelta(days=30)
    assert record.next_visit.due_on == TODAY + timedelta(days=61)
    assert record.registrations[0].notification_period.length.years == 5
    assert len(record.notifications) == 1
    assert len(record.risk_assessments) == 1 and len(dict(record.risk_assessments[0].arms)) == 11
    assert record.orders == () and record.breaches == ()
    entry = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.consultation)
    ).one()
    assert entry.offender_id == a1.id
    assert entry.justification == "planning a home visit"
    assert entry.username == actors["a"].username


def test_every_read_of_a_record_is_logged(session, world):
    people, actors = world
    for _ in range(3):
        get_record(session, actors["a"], people["b1"].ref)
    session.commit()
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.consultation)
    ).all()
    assert len(entries) == 3 and all(e.justification is None for e in entries)


def test_borough_user_is_refused_another_boroughs_record_and_it_is_audited(session, world):
    people, actors = world
    with pytest.raises(PermissionDenied, match="outside your borough"):
        get_record(session, actors["a"], people["w1"].ref, justification="curious")
    session.rollback()
    refusal = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)).one()
    assert refusal.offender_id == people["w1"].id
    assert people["w1"].ref in refusal.summary
    assert (
        session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.consultation)).all()
        == []
    )
    # The central team may read any borough's record.
    assert get_record(session, actors["central"], people["w1"].ref).ref == people["w1"].ref


def test_get_record_unknown_ref_and_administrator(session, world):
    people, actors = world
    with pytest.raises(NotFound, match="RSO-NOPE"):
        get_record(session, actors["a"], "RSO-NOPE")
    with pytest.raises(PermissionDenied):
        get_record(session, actors["admin"], people["a1"].ref)


def test_indefinite_registration_review_date_from_first_notification_after_release(session):
    sup = f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds))
    o = f.offender(session, registered_on=None)
    session.add(
        Registration(
            offender_id=o.id,
            conviction_date=date(2010, 2, 1),
            offences="Test offence (fictional)",
            disposal="custody",
            sentence_months=48,
            age_at_conviction=25,
            first_notification_date=date(2010, 2, 3),
            release_date=date(2012, 2, 1),
        )
    )
    session.add(Notification(offender_id=o.id, kind="change", notified_on=date(2012, 2, 2)))
    session.commit()
    reg = get_record(session, sup, o.ref).registrations[0]
    assert reg.notification_period.indefinite
    assert reg.notification_period.review_eligible_on == date(2027, 2, 2)


def test_borough_supervisor_role_check_and_team_without_team_name(session):
    lone = f.officer(session, team=None, team_role=TeamRole.offender_manager)
    other = f.officer(session, team=None)
    actor = f.user(session, Role.offender_manager, lone)
    mine = f.offender(session, manager=lone)
    f.offender(session, manager=other)
    session.commit()
    # No team recorded: "my team" is just my own caseload.
    assert caseload_ids(session, actor, CaseloadQuery(scope="team")) == [mine.id]
