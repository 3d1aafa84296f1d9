"""The Today service: my planned visits by London day, the time of the last scan, and the
warnings each role answers for (with who acknowledged them, by name)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factories as f
import pytest
from sqlmodel import Session

from rsoman.core.services.actor import Actor
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.scan import acknowledge, run_scan
from rsoman.core.services.today import (
    last_scan,
    planned_visits,
    today_warnings,
    user_names,
    warning_brief,
)
from rsoman.core.store.enums import Rank, RiskLevel, Role, TeamRole, VisitKind, VisitOutcome
from rsoman.core.store.models import Offender, Officer, Visit, VisitOfficer, Warning
from rsoman.core.store.models.warning import WarningState

LONDON = ZoneInfo("Europe/London")


def planned(
    session: Session,
    row: Offender,
    at: datetime,
    *,
    officers: tuple[Officer, ...] = (),
    kind: VisitKind = VisitKind.home_visit,
    announced: bool = False,
) -> Visit:
    v = Visit(offender_id=row.id, kind=kind, planned_for=at, announced=announced)
    session.add(v)
    session.flush()
    for o in officers:
        session.add(VisitOfficer(visit_id=v.id, officer_id=o.id))
    session.flush()
    return v


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def warning(
    session: Session,
    row: Offender | None,
    *,
    kind: str = "home_visit_overdue",
    severity: str = "warning",
    owner: Officer | None = None,
    days_overdue: int = 0,
    subject_type: str = "offender",
    subject_ref: str | None = None,
    borough_id: int | None = None,
) -> Warning:
    ref = subject_ref or (row.ref if row is not None else "MTG-1")
    w = Warning(
        natural_key=f"{kind}:{subject_type}:{ref}:test",
        kind=kind,
        severity=severity,
        subject_type=subject_type,
        offender_id=row.id if row is not None else None,
        subject_ref=ref,
        owner_officer_id=owner.id if owner else None,
        borough_id=borough_id or (row.borough_id if row is not None else None),
        days_overdue=days_overdue,
        explanation=f"{kind} on {ref}: test explanation, policy v1",
        policy_version=1,
    )
    session.add(w)
    session.flush()
    return w


# --- planned visits -----------------------------------------------------------------------

WEEKS = [
    pytest.param(date(2026, 1, 12), date(2026, 1, 18), id="winter"),
    pytest.param(date(2026, 6, 1), date(2026, 6, 7), id="summer"),
    # The clocks go back at 02:00 on 25 Oct 2026: the week spans both offsets.
    pytest.param(date(2026, 10, 22), date(2026, 10, 28), id="clocks-change"),
]


@pytest.mark.parametrize(("start", "end"), WEEKS)
def test_planned_visits_cover_whole_london_days_from_start_to_end(
    session: Session, start: date, end: date
) -> None:
    me = f.officer(session)
    om = f.user(session, Role.offender_manager, me)
    row = f.offender(session, manager=me)
    inside = [
        planned(session, row, london(start, 0, 0)),
        planned(session, row, london(start, 23, 59)),
        planned(session, row, london(end, 0, 0)),
        planned(session, row, london(end, 23, 59)),
    ]
    planned(session, row, london(start - timedelta(days=1), 23, 59))  # the day before
    planned(session, row, london(end + timedelta(days=1), 0, 0))  # the day after

    rows = planned_visits(session, om, start=start, end=end)

    assert [r.visit_id for r in rows] == [v.id for v in inside]
    assert [(r.planned_for.date(), r.planned_for.hour, r.planned_for.minute) for r in rows] == [
        (start, 0, 0),
        (start, 23, 59),
        (end, 0, 0),
        (end, 23, 59),
    ]
    assert all(r.planned_for.tzinfo is not None for r in rows)


def test_one_day_is_the_whole_london_day(session: Session) -> None:
    me = f.officer(session)
    om = f.user(session, Role.offender_manager, me)
    row = f.offender(session, manager=me)
    day = date(2026, 7, 14)
    # 23:30 London on the 13th is 22:30 UTC on the 13th; 00:30 London on the 14th is 23:30 UTC
    # on the 13th: only the second is on the 14th in London.
    planned(session, row, datetime(2026, 7, 13, 22, 30, tzinfo=UTC))
    kept = planned(session, row, datetime(2026, 7, 13, 23, 30, tzinfo=UTC))
    assert [r.visit_id for r in planned_visits(session, om, start=day, end=day)] == [kept.id]


def test_planned_visits_are_mine_by_manager_or_by_attendance_and_not_yet_recorded(
    session: Session,
) -> None:
    me = f.officer(session)
    colleague = f.officer(session)
    om = f.user(session, Role.offender_manager, me)
    mine = f.offender(session, manager=me, risk=RiskLevel.high, home="1 Testmere Road")
    theirs = f.offender(session, manager=colleague)
    day = date(2026, 3, 10)
    a = planned(session, mine, london(day, 9), announced=True)
    b = planned(session, theirs, london(day, 10), officers=(me,))  # I am to attend
    planned(session, theirs, london(day, 11), officers=(colleague,))  # not mine
    done = planned(session, mine, london(day, 12))
    done.occurred_at = london(day, 12)
    done.outcome = VisitOutcome.successful
    session.add(done)
    session.flush()

    rows = planned_visits(session, om, start=day, end=day)

    assert [r.visit_id for r in rows] == [a.id, b.id]
    first = rows[0]
    assert first.offender_ref == mine.ref
    assert first.name == f"{mine.surname.upper()}, {mine.forenames}"
    assert (first.kind, first.announced, first.risk_level) == (
        VisitKind.home_visit,
        True,
        RiskLevel.high,
    )
    assert rows[1].officers == f"{me.forenames} {me.surname} (DC)"


def test_a_planned_visit_shows_its_address(session: Session) -> None:
    me = f.officer(session)
    om = f.user(session, Role.offender_manager, me)
    row = f.offender(session, manager=me)
    home = f.address(session, row, "7 Fictional Mews")
    v = planned(session, row, london(date(2026, 3, 10), 9))
    v.address_id = home.id
    session.add(v)
    session.flush()
    (found,) = planned_visits(session, om, start=date(2026, 3, 10), end=date(2026, 3, 10))
    assert found.address == "7 Fictional Mews, London, ZZ1 1ZZ"


def test_team_and_another_officers_planned_visits(session: Session) -> None:
    me = f.officer(session, team="Team 4")
    mate = f.officer(session, team="Team 4")
    other_team = f.officer(session, team="Team 5")
    sup = f.user(session, Role.supervisor, f.officer(session, team="Team 4", rank=Rank.ds))
    day = date(2026, 3, 10)
    a = planned(session, f.offender(session, manager=me), london(day, 9))
    b = planned(session, f.offender(session, manager=mate), london(day, 10))
    planned(session, f.offender(session, manager=other_team), london(day, 11))

    team = planned_visits(session, sup, start=day, end=day, team=True)
    assert [r.visit_id for r in team] == [a.id, b.id]
    assert planned_visits(session, sup, start=day, end=day) == []  # the supervisor's own
    of_mate = planned_visits(session, sup, officer_warrant=mate.warrant_number, start=day, end=day)
    assert [r.visit_id for r in of_mate] == [b.id]


def test_planned_visits_refuse_other_boroughs_bad_ranges_and_admins(session: Session) -> None:
    me = f.officer(session)
    om = f.user(session, Role.offender_manager, me)
    elsewhere = f.officer(session, borough_code="hackney")
    day = date(2026, 3, 10)
    with pytest.raises(PermissionDenied, match="outside your borough"):
        planned_visits(session, om, officer_warrant=elsewhere.warrant_number, start=day, end=day)
    with pytest.raises(NotFound):
        planned_visits(session, om, officer_warrant="NOSUCH1", start=day, end=day)
    with pytest.raises(ValidationFailed) as failed:
        planned_visits(session, om, start=day, end=day - timedelta(days=1))
    assert [p.field for p in failed.value.problems] == ["end"]
    admin = f.user(session, Role.administrator)
    with pytest.raises(PermissionDenied):
        planned_visits(session, admin, start=day, end=day)


def test_a_user_without_an_officer_has_no_planned_visits_of_their_own(session: Session) -> None:
    reader = f.user(session, Role.read_only_manager)
    assert planned_visits(session, reader, start=date(2026, 1, 1), end=date(2026, 12, 31)) == []


# --- the last scan ------------------------------------------------------------------------


def test_last_scan_is_none_before_any_scan_then_the_newest_scan(
    session: Session, system: Actor
) -> None:
    om = f.user(session, Role.offender_manager, f.officer(session))
    assert last_scan(session, om) is None
    before = datetime.now(UTC)
    run_scan(session, system, as_of=date(2026, 3, 1))
    first = last_scan(session, om)
    assert first is not None and first >= before - timedelta(seconds=1)
    run_scan(session, system, as_of=date(2026, 3, 2))
    second = last_scan(session, om)
    assert second is not None and second >= first
    assert second.utcoffset() == timedelta(0)


def test_a_scan_that_changes_nothing_still_counts_as_the_last_scan(
    session: Session, system: Actor
) -> None:
    om = f.user(session, Role.offender_manager, f.officer(session))
    run_scan(session, system, as_of=date(2026, 3, 1))
    first = last_scan(session, om)
    run_scan(session, system, as_of=date(2026, 3, 1))  # nothing new
    assert last_scan(session, om) > first


# --- the warnings each role sees ----------------------------------------------------------


def test_an_offender_manager_sees_own_warnings_most_urgent_first(session: Session) -> None:
    me = f.officer(session)
    om = f.user(session, Role.offender_manager, me)
    other = f.officer(session)
    a, b, c = (f.offender(session, manager=me) for _ in range(3))
    w_warning = warning(session, a, severity="warning", owner=me, days_overdue=40)
    w_urgent = warning(session, b, severity="urgent", owner=me, days_overdue=2)
    w_info = warning(session, c, kind="home_visit_due_soon", severity="info", owner=me)
    warning(session, f.offender(session, manager=other), owner=other, severity="urgent")

    found = today_warnings(session, om)

    assert [r.id for r in found.rows] == [w_urgent.id, w_warning.id, w_info.id]
    assert found.scope == "Your warnings"


def test_a_supervisor_sees_the_team_and_unowned_warnings_with_acknowledger_names(
    session: Session,
) -> None:
    me = f.officer(session, team="Team 7", surname="Pellinore", forenames="Ida")
    om = f.user(session, Role.offender_manager, me)
    other_team = f.officer(session, team="Team 8")
    sup_officer = f.officer(session, team="Team 7", rank=Rank.ds, team_role=TeamRole.supervisor)
    sup = f.user(session, Role.supervisor, sup_officer)
    mine = warning(session, f.offender(session, manager=me), owner=me)
    unowned = warning(session, f.offender(session), kind="unassigned_offender")
    warning(session, f.offender(session, manager=other_team), owner=other_team)
    elsewhere = f.officer(session, borough_code="hackney", team="Team 7")
    warning(
        session, f.offender(session, borough_code="hackney", manager=elsewhere), owner=elsewhere
    )
    acknowledge(session, om, mine.id, "In custody")

    found = today_warnings(session, sup)

    assert sorted(r.id for r in found.rows) == sorted([mine.id, unowned.id])
    assert found.scope == "Team 7 (Camden)"
    acked = next(r for r in found.rows if r.id == mine.id)
    assert (acked.state, acked.acknowledgement_reason) == ("acknowledged", "In custody")
    assert found.acknowledged_by[acked.acknowledged_by] == "Ida Pellinore (DC)"


def test_a_mappa_coordinator_sees_meetings_and_a_reader_the_borough(session: Session) -> None:
    coordinator = f.officer(session, team_role=TeamRole.mappa_coordinator)
    mc = f.user(session, Role.mappa_coordinator, coordinator)
    reader = f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di))
    camden = f.borough(session, "camden")
    meeting = warning(
        session,
        None,
        kind="mappa_agency_absent",
        subject_type="meeting",
        subject_ref="L2-CAMD-260301",
        borough_id=camden.id,
    )
    offenders = warning(session, f.offender(session, manager=f.officer(session)))

    assert [r.id for r in today_warnings(session, mc).rows] == [meeting.id]
    seen = sorted(r.id for r in today_warnings(session, reader).rows)
    assert seen == sorted([meeting.id, offenders.id])
    assert today_warnings(session, reader).scope == "Camden"


def test_warning_brief_names_the_acknowledger_and_respects_boroughs(session: Session) -> None:
    me = f.officer(session, surname="Tressilian", forenames="Bo")
    om = f.user(session, Role.offender_manager, me)
    w = warning(session, f.offender(session, manager=me), owner=me, days_overdue=5)
    brief = warning_brief(session, om, w.id)
    assert (brief.state, brief.acknowledged_by, brief.days_overdue) == ("open", None, 5)
    acknowledge(session, om, w.id, "Data wrong: visit recorded on paper")
    brief = warning_brief(session, om, w.id)
    assert brief.state == WarningState.acknowledged.value
    assert brief.acknowledged_by == "Bo Tressilian (DC)"
    assert brief.acknowledgement_reason == "Data wrong: visit recorded on paper"
    outsider = f.user(session, Role.offender_manager, f.officer(session, borough_code="hackney"))
    with pytest.raises(PermissionDenied):
        warning_brief(session, outsider, w.id)
    with pytest.raises(NotFound):
        warning_brief(session, om, 999_999)


def test_user_names_fall_back_to_the_username(session: Session) -> None:
    admin = f.user(session, Role.administrator, username="tester_admin")
    me = f.officer(session, surname="Gawaine", forenames="Kit")
    om = f.user(session, Role.offender_manager, me, username="tester_om")
    assert user_names(session, [admin.username, om.username, None, "nobody"]) == {
        "tester_admin": "tester_admin",
        "tester_om": "Kit Gawaine (DC)",
    }
