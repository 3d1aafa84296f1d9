"""Figures for managers: each figure asserted exactly on a small known caseload, with the
boundaries of its rule, and agreement with the warnings engine on a generated caseload."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.demo import generate_demo
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.rules.warnings import offender_findings
from rsoman.core.services import visit_address
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.facts_loader import Scope, load_facts
from rsoman.core.services.performance import (
    FigureRow,
    MonthRow,
    month_ends,
    percent,
    performance_figures,
)
from rsoman.core.store.enums import (
    AddressKind,
    AuditAction,
    MeetingStatus,
    OffenderStatus,
    Rank,
    RiskLevel,
    Role,
    TeamRole,
    VisitKind,
    VisitOutcome,
)
from rsoman.core.store.models import AuditEntry, Borough, Offender

AS_OF = date(2026, 3, 15)
MONTHS = 3  # 1 Jan to 15 Mar 2026


def visit(session, row, on, outcome=VisitOutcome.successful, *, announced=False, **kw):
    v = f.visit(session, row, on, outcome, **kw)
    v.announced = announced
    session.flush()
    return v


@pytest.fixture
def camden(session):
    """Camden as of 15 Mar 2026. Ames (capacity 2) and Birch (default 50) are offender managers;
    one offender is unallocated; one moved from Ames to Birch on 1 Feb; one arrived from
    Westminster on 10 Feb. Every date is chosen at a rule's boundary (see each assertion)."""
    ames = f.officer(session, surname="Ames", capacity=2)
    birch = f.officer(session, surname="Birch")
    cole = f.officer(session, borough_code="westminster", surname="Cole")
    sergeant = f.officer(session, rank=Rank.ds, team_role=TeamRole.supervisor, surname="Sarge")
    o: dict[str, object] = {}

    def offender(name, manager, risk, assessed_on=date(2025, 6, 1), **kw):
        o[name] = f.offender(
            session, manager=manager, risk=risk, assessed_on=assessed_on, surname=name, **kw
        )
        return o[name]

    # Home visit due on the day (high: + 91 days): not overdue. Review due on the day.
    a1 = offender("A1", ames, RiskLevel.high, date(2025, 3, 15))
    visit(session, a1, date(2025, 12, 14))
    # Due the day before: 1 day overdue. Review due the day before: overdue.
    a2 = offender("A2", ames, RiskLevel.high, date(2025, 3, 14))
    visit(session, a2, date(2025, 12, 13))
    # Very high (+ 30 days): due 9 Feb, 34 days overdue; 19 on 28 Feb; on time on 31 Jan.
    a3 = offender("A3", ames, RiskLevel.very_high, date(2024, 1, 1))
    visit(session, a3, date(2026, 1, 10))
    # Low: due 1 Jun 2026. Two failed attempts, one announced; a cancelled visit and a station
    # attendance are not home-visit attempts.
    b1 = offender("B1", birch, RiskLevel.low)
    visit(session, b1, date(2025, 6, 1))
    visit(session, b1, date(2026, 1, 20), VisitOutcome.no_reply)
    visit(session, b1, date(2026, 2, 5), VisitOutcome.refused_entry, announced=True)
    visit(session, b1, date(2026, 2, 10), VisitOutcome.cancelled)
    visit(session, b1, date(2026, 2, 12), VisitOutcome.attended, kind=VisitKind.station_attendance)
    # Unallocated, medium (+ 182 days): due 30 Jan, 1 day overdue on 31 Jan, 44 on 15 Mar.
    u1 = offender("U1", None, RiskLevel.medium)
    visit(session, u1, date(2025, 8, 1))
    # New registrations (first visit within 14 days).
    n1 = offender("N1", birch, RiskLevel.high, date(2026, 1, 20), registered_on=date(2026, 1, 20))
    visit(session, n1, date(2026, 2, 3))  # on the deadline: on time
    offender("N2", ames, RiskLevel.medium, date(2026, 2, 20), registered_on=date(2026, 2, 20))
    # N2: deadline 6 Mar, no visit: due and missed, 9 days overdue.
    offender("N3", birch, RiskLevel.low, date(2026, 3, 1), registered_on=date(2026, 3, 1))
    # N3: deadline 15 Mar, the day itself: not yet counted, not overdue.
    n4 = offender("N4", ames, None, registered_on=date(2026, 2, 28))
    visit(session, n4, date(2026, 3, 14))  # deadline 14 Mar: on time. Unassessed: weighs 4.
    # Reallocated from Ames to Birch on 1 Feb: the visit before is Ames's, on the day Birch's.
    r1 = offender("R1", None, RiskLevel.low)
    visit(session, r1, date(2025, 6, 1))
    first = f.assign(session, r1, ames, on=date(2023, 1, 1))
    first.end_date = date(2026, 2, 1)
    f.assign(session, r1, birch, on=date(2026, 2, 1), reason="rebalancing")
    visit(session, r1, date(2026, 1, 25), VisitOutcome.no_reply)
    visit(session, r1, date(2026, 2, 1))
    # Arrived from Westminster on 10 Feb: first visit due 24 Feb, made 26 Feb (late).
    t1 = offender("T1", None, RiskLevel.high)
    west = f.assign(session, t1, cole, on=date(2023, 1, 1))
    west.end_date = date(2026, 2, 10)
    f.assign(session, t1, birch, on=date(2026, 2, 10), reason="moved to Camden")
    visit(session, t1, date(2025, 12, 20))
    visit(session, t1, date(2026, 2, 26))
    # Not active: not in the caseload, but the visit in the period is work done.
    custody = offender("C1", birch, RiskLevel.high, status=OffenderStatus.in_custody)
    visit(session, custody, date(2026, 1, 5))
    # Westminster: outside the borough's figures.
    w1 = offender("W1", cole, RiskLevel.high, borough_code="westminster")
    visit(session, w1, date(2026, 1, 5), VisitOutcome.no_reply)

    # Breaches: 2 and 8 days to act; one 8 days old without action (overdue, the decision
    # deadline being 7 days), one 7 days old (due today); one old one, still without action.
    f.breach(session, a1, date(2026, 1, 10), action="arrest", action_on=date(2026, 1, 12))
    f.breach(session, b1, date(2026, 2, 1), action="warning", action_on=date(2026, 2, 9))
    f.breach(session, a2, date(2026, 3, 7))
    f.breach(session, a3, date(2026, 3, 8))
    f.breach(session, b1, date(2025, 11, 1))
    f.breach(session, w1, date(2026, 2, 1))

    # MAPPA: a DI counts as an inspector (level 2); a DCI is below superintendent (level 3);
    # an inspector invited but absent does not count. Level 1, cancelled, before the period
    # and other boroughs' meetings are not counted.
    f.mappa_meeting(
        session, level=2, held_on=date(2026, 1, 15), police=((Rank.di, True),), offenders=(a1,)
    )
    f.mappa_meeting(
        session, level=3, held_on=date(2026, 2, 15), police=((Rank.dci, True),), offenders=(b1,)
    )
    f.mappa_meeting(
        session,
        level=2,
        held_on=date(2026, 3, 10),
        police=((Rank.inspector, False), (Rank.ds, True)),
        offenders=(a2,),
    )
    f.mappa_meeting(session, level=1, held_on=date(2026, 2, 1), offenders=(a1,))
    f.mappa_meeting(
        session,
        level=2,
        held_on=date(2026, 2, 20),
        status=MeetingStatus.cancelled,
        offenders=(a1,),
    )
    f.mappa_meeting(
        session, level=2, held_on=date(2025, 12, 20), police=((Rank.di, True),), offenders=(a1,)
    )
    f.mappa_meeting(
        session,
        borough_code="westminster",
        level=2,
        held_on=date(2026, 2, 1),
        police=((Rank.di, True),),
        offenders=(w1,),
    )
    actors = {
        "sup": f.user(session, Role.supervisor, sergeant),
        "west_sup": f.user(session, Role.supervisor, cole),
        "reader": f.user(session, Role.read_only_manager, sergeant),
        "admin": f.user(session, Role.administrator),
        "om": f.user(session, Role.offender_manager, ames),
    }
    session.commit()
    return actors


def figures(session, actor, **kw):
    kw.setdefault("as_of", AS_OF)
    kw.setdefault("months", MONTHS)
    return performance_figures(session, actor, **kw)


def officer_row(result, surname) -> FigureRow:
    [row] = [r for r in result.officers if r.label.startswith(surname + ",")]
    return row


def test_caseload_and_capacity(session, camden):
    result = figures(session, camden["sup"])
    assert (result.borough, result.borough_code, result.as_of) == ("Camden", "camden", AS_OF)
    assert result.policy_version == 1 and result.period_start == date(2026, 1, 1)
    t = result.totals
    # A1 A2 A3 B1 U1 N1 N2 N3 N4 R1 T1: the offender in custody and Westminster's are not.
    assert (t.offenders, t.unallocated) == (11, 1)
    assert (t.capacity, t.caseload_percent, t.over_capacity) == (52, 21.2, 1)
    assert (t.offender_managers, t.offenders_per_manager) == (2, 5.5)
    assert t.risk_weighted_load == 16 + 9 + 2

    ames, birch = officer_row(result, "Ames"), officer_row(result, "Birch")
    assert [r.label for r in result.officers] == ["Ames, Ada (DC)", "Birch, Ada (DC)"]
    assert (ames.offenders, ames.capacity, ames.caseload_percent, ames.over_capacity) == (
        5,
        2,
        250.0,
        1,
    )
    # high 3 + high 3 + very high 4 + medium 2 + unassessed 4
    assert ames.risk_weighted_load == 16
    assert (birch.offenders, birch.capacity, birch.caseload_percent) == (5, 50, 10.0)
    assert birch.risk_weighted_load == 1 + 3 + 1 + 1 + 3
    assert (ames.offender_managers, ames.offenders_per_manager, ames.unallocated) == (
        None,
        None,
        0,
    )
    assert ames.warrant_number and ames.team == "Team 1" and ames.borough == "Camden"


def test_overdue_visits_at_the_boundaries(session, camden):
    result = figures(session, camden["sup"])
    # A2 (due yesterday: 1 day), A3 (34), U1 (44), N2 (first visit, 9); A1 is due today.
    assert (result.totals.overdue_visits, result.totals.oldest_overdue_days) == (4, 44)
    ames = officer_row(result, "Ames")
    assert (ames.overdue_visits, ames.oldest_overdue_days) == (3, 34)
    birch = officer_row(result, "Birch")
    assert (birch.overdue_visits, birch.oldest_overdue_days) == (0, None)

    day_before = figures(session, camden["sup"], as_of=AS_OF - timedelta(days=1))
    # On 14 Mar: A2 is due that day (not overdue); N4 visited that day; U1 43, A3 33, N2 8.
    assert (day_before.totals.overdue_visits, day_before.totals.oldest_overdue_days) == (3, 43)


def test_a_successful_visit_away_from_the_home_is_unsuccessful_and_satisfies_nothing(
    session, camden
):
    """A2 is one day overdue. A "successful home visit" at A2's secondary address in February
    (as an import may hold) is an unsuccessful attempt and leaves A2 overdue; the same visit
    at the home would have cleared it."""
    before = figures(session, camden["sup"]).totals
    [a2] = session.exec(select(Offender).where(Offender.surname == "A2")).all()
    work = f.address(session, a2, "5 Workyard Lane", kind=AddressKind.secondary)
    away = visit(session, a2, date(2026, 2, 2), address_row=work)
    visit_address.refresh(session, [a2.id])
    after = figures(session, camden["sup"]).totals
    assert (after.home_visits, after.unsuccessful_visits) == (
        before.home_visits + 1,
        before.unsuccessful_visits + 1,
    )
    assert after.overdue_visits == before.overdue_visits

    away.address_id = None  # no address named: taken to be at the home
    session.add(away)
    visit_address.refresh(session, [a2.id])
    at_home = figures(session, camden["sup"]).totals
    assert at_home.unsuccessful_visits == before.unsuccessful_visits
    assert at_home.overdue_visits == before.overdue_visits - 1


def test_months(session, camden):
    result = figures(session, camden["sup"])
    assert [(m.month, m.ends_on) for m in result.monthly] == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 15)),
    ]
    # 31 Jan: U1 1 day. 28 Feb: U1 29, A3 19. 15 Mar: as the totals.
    assert [(m.overdue_visits, m.oldest_overdue_days) for m in result.monthly] == [
        (1, 1),
        (2, 29),
        (4, 44),
    ]
    # Jan: A3, C1 (custody), B1 no reply, R1 no reply. Feb: B1 refused, N1, R1, T1. Mar: N4.
    assert [(m.home_visits, m.unsuccessful_visits) for m in result.monthly] == [
        (4, 2),
        (4, 1),
        (1, 0),
    ]
    assert [m.unsuccessful_share for m in result.monthly] == [50.0, 25.0, 0.0]
    assert [m.breaches_found for m in result.monthly] == [1, 1, 2]
    t = result.totals
    assert sum(m.home_visits for m in result.monthly) == t.home_visits
    assert sum(m.breaches_found for m in result.monthly) == t.breaches_found


def test_visits_in_the_period(session, camden):
    result = figures(session, camden["sup"])
    t = result.totals
    # Cancelled visits, station attendances, visits before the period and other boroughs'
    # visits are not counted; all but B1's refused entry were unannounced.
    assert (t.home_visits, t.unsuccessful_visits, t.unsuccessful_rate) == (9, 3, 33.3)
    assert (t.unannounced_visits, t.unannounced_share) == (8, 88.9)
    # Each visit under the officer managing the offender that day: R1's no reply on 25 Jan is
    # Ames's, its visit on 1 Feb (the day of the reallocation) Birch's.
    ames = officer_row(result, "Ames")
    assert (ames.home_visits, ames.unsuccessful_visits, ames.unannounced_visits) == (3, 1, 3)
    assert ames.unsuccessful_rate == 33.3
    birch = officer_row(result, "Birch")
    assert (birch.home_visits, birch.unsuccessful_visits, birch.unannounced_visits) == (6, 2, 5)
    assert (birch.unsuccessful_rate, birch.unannounced_share) == (33.3, 83.3)


def test_first_home_visits(session, camden):
    result = figures(session, camden["sup"])
    t = result.totals
    # N1 (on the deadline: on time), N2 (missed), N4 (on time), T1 (arrived 10 Feb, visited
    # 26 Feb: two days late). N3's deadline is today: not counted yet.
    assert (t.first_visits_due, t.first_visits_on_time, t.first_visits_on_time_rate) == (
        4,
        2,
        50.0,
    )
    ames = officer_row(result, "Ames")
    assert (ames.first_visits_due, ames.first_visits_on_time) == (2, 1)
    birch = officer_row(result, "Birch")
    assert (birch.first_visits_due, birch.first_visits_on_time) == (2, 1)

    # A day later N3's deadline has passed without a visit: due, and missed.
    later = figures(session, camden["sup"], as_of=AS_OF + timedelta(days=1))
    assert (later.totals.first_visits_due, later.totals.first_visits_on_time) == (5, 2)


def test_breaches(session, camden):
    result = figures(session, camden["sup"])
    t = result.totals
    assert (t.breaches_found, t.breaches_actioned, t.median_days_to_act) == (4, 2, 5.0)
    # A2's breach is 8 days old (deadline yesterday) and B1's from November has no action;
    # A3's is 7 days old: due today, not overdue.
    assert t.breaches_action_overdue == 2
    ames = officer_row(result, "Ames")
    assert (ames.breaches_found, ames.breaches_actioned, ames.median_days_to_act) == (3, 1, 2.0)
    assert ames.breaches_action_overdue == 1
    birch = officer_row(result, "Birch")
    assert (birch.breaches_found, birch.breaches_actioned, birch.median_days_to_act) == (
        1,
        1,
        8.0,
    )
    assert birch.breaches_action_overdue == 1


def test_risk_reviews_overdue(session, camden):
    result = figures(session, camden["sup"])
    # A2 (due yesterday) and A3 (2025); A1 is due today; N4 has until 28 Mar for its first.
    assert result.totals.risk_reviews_overdue == 2
    assert officer_row(result, "Ames").risk_reviews_overdue == 2
    assert officer_row(result, "Birch").risk_reviews_overdue == 0
    # After 28 Mar, N4's missing first assessment counts too (and so does A1's review).
    later = figures(session, camden["sup"], as_of=date(2026, 3, 29), months=1)
    assert later.totals.risk_reviews_overdue == 4


def test_mappa_attendance_at_rank(session, camden):
    result = figures(session, camden["sup"])
    t = result.totals
    assert (t.mappa_meetings, t.mappa_at_expected_rank, t.mappa_at_expected_rank_rate) == (
        3,
        1,
        33.3,
    )
    ames = officer_row(result, "Ames")
    assert (ames.mappa_meetings, ames.mappa_at_expected_rank) == (2, 1)
    birch = officer_row(result, "Birch")
    assert (birch.mappa_meetings, birch.mappa_at_expected_rank) == (1, 0)


def test_london_covers_every_borough(session, camden):
    result = figures(session, camden["admin"])
    assert (result.borough, result.borough_code) == ("London", None)
    t = result.totals
    assert t.offenders == 12  # Camden's 11 and Westminster's 1
    assert (t.home_visits, t.unsuccessful_visits) == (10, 4)
    assert (t.breaches_found, t.mappa_meetings, t.mappa_at_expected_rank) == (5, 4, 2)
    assert {r.label.split(",")[0] for r in result.officers} == {"Ames", "Birch", "Cole"}
    assert officer_row(result, "Cole").borough == "Westminster"
    # A London-wide user may ask for one borough.
    assert figures(session, camden["admin"], borough_code="westminster").totals.offenders == 1


def test_who_may_see_which_figures(session, camden):
    assert figures(session, camden["reader"]).borough == "Camden"
    with pytest.raises(PermissionDenied):
        figures(session, camden["om"])
    with pytest.raises(PermissionDenied):
        figures(session, camden["sup"], borough_code="westminster")
    assert figures(session, camden["west_sup"]).borough == "Westminster"
    with pytest.raises(NotFound):
        figures(session, camden["admin"], borough_code="atlantis")


def test_bad_input_lists_every_problem(session, camden):
    with pytest.raises(ValidationFailed) as caught:
        figures(session, camden["sup"], months=0, as_of=date(2999, 1, 1))
    assert [p.field for p in caught.value.problems] == ["months", "as_of"]


def test_consultation_is_logged(session, camden):
    figures(session, camden["sup"])
    entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.object_key) == (
        AuditAction.consultation,
        "statistics",
        "camden",
    )
    assert entry.username == camden["sup"].username
    assert "Camden" in entry.summary and "15 Mar 2026" in entry.summary


def test_month_ends_and_percent():
    assert month_ends(date(2024, 3, 31), 2) == [
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 31)),
    ]
    assert month_ends(date(2026, 1, 5), 2) == [
        (date(2025, 12, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 5)),
    ]
    assert (percent(1, 3), percent(2, 3), percent(0, 0)) == (33.3, 66.7, None)


def test_every_figure_is_documented():
    """docs/figures.md lists each figure by its field name."""
    text = (Path(__file__).parent.parent / "docs" / "figures.md").read_text()
    for cls in (FigureRow, MonthRow):
        for fld in fields(cls):
            assert f"`{fld.name}`" in text, fld.name


def test_agrees_with_the_warnings_engine(session):
    """On a generated caseload, overdue visits, risk reviews and breaches awaiting action at
    each month end are exactly the offenders the warning rules flag on that day."""
    generate_demo(session, SYSTEM, offenders=60, seed=3, as_of=date(2026, 10, 20))
    session.commit()
    borough_ids = {
        b.id: b.code
        for b in session.exec(select(Borough).where(Borough.is_central == False))  # noqa: E712
    }
    result = performance_figures(session, SYSTEM, as_of=date(2026, 10, 20), months=12)
    assert result.totals.offenders > 0 and result.totals.overdue_visits > 0
    for month in result.monthly:
        flagged: list[int] = []
        reviews = breaches = 0
        # The scan's loader reads the record as it bears on the day it is given.
        for o in load_facts(session, Scope(), as_of=month.ends_on).offenders:
            if o.borough_id not in borough_ids:
                continue
            for finding in offender_findings(o, month.ends_on, CURRENT_POLICY):
                if finding.kind in ("home_visit_overdue", "first_home_visit_overdue"):
                    flagged.append(finding.days_overdue)
                reviews += finding.kind in ("risk_review_overdue", "risk_assessment_missing")
                breaches += finding.kind == "breach_action_overdue"
        assert month.overdue_visits == len(flagged), month
        assert month.oldest_overdue_days == (max(flagged) if flagged else None)
        if month.ends_on == result.as_of:
            assert result.totals.risk_reviews_overdue == reviews
            assert result.totals.breaches_action_overdue == breaches


def test_visits_are_dated_in_london(session):
    """A visit at 00:30 on 1 June (British Summer Time: 23:30 UTC on 31 May) is June's, and
    one at 00:30 on 1 May is inside a period that starts that day."""
    om = f.officer(session, surname="Ames")
    row = f.offender(session, manager=om, risk=RiskLevel.low, assessed_on=date(2026, 1, 1))
    for day in (date(2026, 5, 1), date(2026, 6, 1)):
        v = f.visit(session, row, day)
        v.occurred_at = f.london_moment(day, 0).replace(minute=30)
    admin = f.user(session, Role.administrator)
    session.commit()
    result = performance_figures(
        session, admin, borough_code="camden", as_of=date(2026, 6, 10), months=2
    )
    assert [(m.month.month, m.home_visits) for m in result.monthly] == [(5, 1), (6, 1)]


def test_a_former_officer_is_listed_for_their_work(session):
    """An officer who has left is listed for the visits they made in the period, marked
    inactive, and is neither a manager nor part of the borough's capacity."""
    leaver = f.officer(session, surname="Leaver")
    stayer = f.officer(session, surname="Stayer")
    row = f.offender(session, risk=RiskLevel.low, assessed_on=date(2025, 6, 1))
    first = f.assign(session, row, leaver, on=date(2023, 1, 1))
    first.end_date = date(2026, 2, 1)
    f.assign(session, row, stayer, on=date(2026, 2, 1))
    f.visit(session, row, date(2026, 1, 20))
    leaver.active = False
    admin = f.user(session, Role.administrator)
    session.commit()
    result = figures(session, admin, borough_code="camden")
    gone = officer_row(result, "Leaver")
    assert (gone.active, gone.home_visits, gone.offenders) == (False, 1, 0)
    assert officer_row(result, "Stayer").active
    assert (result.totals.offender_managers, result.totals.capacity) == (1, 50)
