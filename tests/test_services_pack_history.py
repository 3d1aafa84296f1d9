"""The record of issued packs (who sees which), each further copy (print, save) logged as a
disclosure without re-issuing, and the pickers' choices for issuing a pack."""

from __future__ import annotations

from datetime import date, timedelta

import factories as f
import pytest
from sqlmodel import Session, func, select

from rsoman.core.reports.issue import (
    issue_briefing,
    issue_mappa_pack,
    issue_performance_report,
    issue_visit_sheet,
)
from rsoman.core.rules.dates import london_today
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.packs.choices import (
    briefing_areas,
    mappa_meetings,
    visit_sheet_officers,
)
from rsoman.core.services.packs.history import (
    get_issued_pack,
    list_issued_packs,
    record_print,
    record_save,
)
from rsoman.core.store.enums import AuditAction, MeetingStatus, RiskLevel, Role, TeamRole
from rsoman.core.store.models import AuditEntry, IssuedPack

TODAY = london_today()
WHO = {"issued_to": "PC Testbury, Camden SNT", "reason": "Ward briefing (fictional)"}


def seed(session: Session) -> dict:
    """Camden: an offender manager, a supervisor, a MAPPA co-ordinator, an offender; Hackney:
    an offender; a London-wide (central) supervisor and an administrator."""
    manager = f.officer(session, surname="Quillowby")
    supervisor = f.officer(session, rank=f.Rank.ds, team_role=TeamRole.supervisor)
    coordinator = f.officer(session, rank=f.Rank.ds, team_role=TeamRole.mappa_coordinator)
    central = f.officer(
        session, borough_code="central", rank=f.Rank.di, team_role=TeamRole.supervisor
    )
    hackney_manager = f.officer(session, borough_code="hackney", surname="Hollowtree")
    camden_case = f.offender(session, surname="Clifton", risk=RiskLevel.high, manager=manager)
    f.offender(session, borough_code="hackney", risk=RiskLevel.low, manager=hackney_manager)
    meeting = f.mappa_meeting(
        session,
        held_on=TODAY + timedelta(days=7),
        status=MeetingStatus.planned,
        offenders=(camden_case,),
    )
    session.commit()
    return {
        "officer": f.user(session, Role.offender_manager, manager),
        "supervisor": f.user(session, Role.supervisor, supervisor),
        "mappa": f.user(session, Role.mappa_coordinator, coordinator),
        "central": f.user(session, Role.supervisor, central),
        "reader": f.user(session, Role.read_only_manager, f.officer(session, rank=f.Rank.di)),
        "admin": f.user(session, Role.administrator),
        "manager_warrant": manager.warrant_number,
        "meeting": meeting.ref,
    }


@pytest.fixture
def world(session: Session) -> dict:
    data = seed(session)
    session.commit()
    return data


@pytest.fixture
def issued(session: Session, world: dict) -> dict[str, str]:
    """One pack of each kind for Camden, then a Hackney briefing by the central supervisor."""
    refs = {
        "briefing": issue_briefing(
            session, world["supervisor"], borough_code="camden", **WHO
        ).reference,
        "mappa": issue_mappa_pack(
            session, world["mappa"], meeting=world["meeting"], **WHO
        ).reference,
        "visit_sheet": issue_visit_sheet(
            session,
            world["officer"],
            officer_warrant=world["manager_warrant"],
            date_from=TODAY,
            date_to=TODAY + timedelta(days=6),
            **WHO,
        ).reference,
        "performance": issue_performance_report(
            session, world["supervisor"], borough_code="camden", months=1, **WHO
        ).reference,
        "hackney": issue_briefing(
            session, world["central"], borough_code="hackney", **WHO
        ).reference,
    }
    session.commit()
    return refs


@pytest.fixture
def briefings(session: Session, world: dict) -> dict[str, str]:
    """The cheap case, for tests about the record rather than the kinds: a Camden briefing,
    then a Hackney one."""
    refs = {
        "briefing": issue_briefing(
            session, world["supervisor"], borough_code="camden", **WHO
        ).reference,
        "hackney": issue_briefing(
            session, world["central"], borough_code="hackney", **WHO
        ).reference,
    }
    session.commit()
    return refs


def refs_of(rows: list) -> set[str]:
    return {r.reference for r in rows}


def test_a_borough_supervisor_sees_every_kind_issued_in_their_borough_only(session, world, issued):
    rows = list_issued_packs(session, world["supervisor"])
    assert refs_of(rows) == {issued[k] for k in ("briefing", "mappa", "visit_sheet", "performance")}
    # Newest first.
    assert rows[0].reference == issued["performance"]
    briefing = next(r for r in rows if r.reference == issued["briefing"])
    assert briefing.kind == "briefing" and briefing.kind_words == "borough briefing pack"
    assert briefing.borough == "Camden" and briefing.scope == "Camden"
    assert briefing.issued_to == WHO["issued_to"] and briefing.reason == WHO["reason"]
    assert briefing.offender_count == 1 and briefing.page_count >= 2
    assert briefing.issued_at.tzinfo is not None and len(briefing.pdf_sha256) == 64


def test_an_officer_sees_only_the_kinds_they_may_issue(session, world, issued):
    rows = list_issued_packs(session, world["officer"])
    assert refs_of(rows) == {issued["briefing"], issued["visit_sheet"]}


def test_asking_for_a_kind_one_may_not_issue_is_refused_and_logged(session, world, issued):
    with pytest.raises(PermissionDenied):
        list_issued_packs(session, world["officer"], kind="mappa")
    session.rollback()
    refusal = session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)).all()
    assert refusal and refusal[-1].username == world["officer"].username


def test_a_london_wide_user_sees_every_borough_and_can_filter_by_one(session, world, briefings):
    assert briefings["hackney"] in refs_of(list_issued_packs(session, world["central"]))
    only = list_issued_packs(session, world["central"], borough_code="hackney")
    assert refs_of(only) == {briefings["hackney"]}
    assert only[0].borough == "Hackney"


def test_an_administrator_reads_the_record_through_view_audit(session, world, issued):
    """Administrators may not view records, but may read the audit log: the record of
    disclosures is part of it."""
    assert refs_of(list_issued_packs(session, world["admin"])) == set(issued.values())
    mappa = list_issued_packs(session, world["admin"], kind="mappa")
    assert refs_of(mappa) == {issued["mappa"]}


def test_another_boroughs_packs_are_refused(session, world, briefings):
    with pytest.raises(PermissionDenied, match="Hackney"):
        list_issued_packs(session, world["supervisor"], borough_code="hackney")


def test_the_list_filters_by_kind_and_honours_the_limit(session, world, briefings):
    listed = list_issued_packs(session, world["central"], kind="briefing")
    assert refs_of(listed) == {briefings["briefing"], briefings["hackney"]}
    newest = list_issued_packs(session, world["central"], kind="briefing", limit=1)
    assert refs_of(newest) == {briefings["hackney"]}


def test_bad_arguments_are_all_listed(session, world):
    with pytest.raises(ValidationFailed) as caught:
        list_issued_packs(session, world["central"], kind="leaflet", limit=0)
    assert {p.field for p in caught.value.problems} == {"kind", "limit"}


def test_reading_the_record_is_logged(session, world, briefings):
    list_issued_packs(session, world["supervisor"], kind="briefing")
    session.commit()
    entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == AuditAction.consultation
    assert entry.object_type == "issued_packs" and "borough briefing packs" in entry.summary


def count_packs(session: Session) -> int:
    return session.exec(select(func.count()).select_from(IssuedPack)).one()


def test_a_print_is_logged_as_a_disclosure_and_the_pack_is_not_reissued(session, world, briefings):
    before = count_packs(session)
    reference = briefings["briefing"]
    summary = record_print(session, world["supervisor"], reference, copies=2, pages=(1, 3))
    session.commit()
    assert summary.reference == briefings["briefing"]
    assert count_packs(session) == before
    entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    assert entry.action == AuditAction.disclosure and entry.object_type == "pack"
    assert entry.object_key == briefings["briefing"] and entry.justification == WHO["reason"]
    assert "printed (2 copies, pages 1-3)" in entry.summary
    assert WHO["issued_to"] in entry.summary


def test_a_save_is_logged_with_where_the_file_went(session, world, briefings):
    record_save(session, world["officer"], briefings["briefing"], file_name="/tmp/x/VIS.pdf")
    session.commit()
    entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == AuditAction.disclosure
    assert "saved as /tmp/x/VIS.pdf" in entry.summary and entry.object_key == briefings["briefing"]


def test_copying_a_pack_from_another_borough_or_kind_is_refused(session, world, issued):
    with pytest.raises(PermissionDenied):
        record_print(session, world["supervisor"], issued["hackney"])
    session.rollback()
    with pytest.raises(PermissionDenied):
        record_print(session, world["officer"], issued["mappa"])
    session.rollback()
    with pytest.raises(NotFound):
        record_print(session, world["supervisor"], "BRF-000000-NOPE00")


def test_a_print_needs_a_copy_and_a_real_page_range(session, world, briefings):
    with pytest.raises(ValidationFailed) as caught:
        record_print(session, world["supervisor"], briefings["briefing"], copies=0, pages=(3, 2))
    assert {p.field for p in caught.value.problems} == {"copies", "pages"}


def test_a_london_wide_performance_report_is_for_london_wide_users(session, world):
    reference = issue_performance_report(
        session, world["central"], borough_code=None, months=1, **WHO
    ).reference
    session.commit()
    assert get_issued_pack(session, world["central"], reference).borough is None
    with pytest.raises(PermissionDenied):
        get_issued_pack(session, world["supervisor"], reference)
    session.rollback()
    assert reference not in refs_of(list_issued_packs(session, world["supervisor"]))


def test_get_issued_pack_gives_the_preview_its_line(session, world, issued):
    pack = get_issued_pack(session, world["mappa"], issued["mappa"])
    assert pack.kind == "mappa" and pack.borough == "Camden"
    assert pack.issued_to == WHO["issued_to"]


# --- the pickers' choices -------------------------------------------------------------------


def test_briefing_areas_are_the_own_borough_or_all_for_london_wide(session, world):
    f.ward(session, "camden", "Testmere")
    f.ward(session, "camden", "Testholt")
    session.commit()
    own = briefing_areas(session, world["officer"])
    assert [a.code for a in own] == ["camden"]
    assert {"Testholt", "Testmere"} <= set(own[0].wards)
    assert list(own[0].wards) == sorted(own[0].wards)
    every = briefing_areas(session, world["central"])
    assert len(every) == 32 and "central" not in {a.code for a in every}
    with pytest.raises(PermissionDenied):
        briefing_areas(session, world["admin"])


def meeting_on(session: Session, day: date, status: MeetingStatus = MeetingStatus.held) -> str:
    return f.mappa_meeting(session, held_on=day, status=status).ref


def test_meetings_upcoming_first_then_recent_within_the_window(session, world):
    today = date(2026, 3, 10)
    refs = {
        "before_window": meeting_on(session, today - timedelta(days=93)),
        "window_start": meeting_on(session, today - timedelta(days=92)),
        "yesterday": meeting_on(session, today - timedelta(days=1)),
        "cancelled": meeting_on(session, today + timedelta(days=3), MeetingStatus.cancelled),
        "next_week": meeting_on(session, today + timedelta(days=7), MeetingStatus.planned),
        "today": meeting_on(session, today, MeetingStatus.planned),
        "window_end": meeting_on(session, today + timedelta(days=183), MeetingStatus.planned),
        "after_window": meeting_on(session, today + timedelta(days=184), MeetingStatus.planned),
        "hackney": f.mappa_meeting(session, borough_code="hackney", held_on=today).ref,
    }
    session.commit()
    got = [m.ref for m in mappa_meetings(session, world["mappa"], today=today)]
    expected = ["today", "next_week", "window_end", "yesterday", "window_start"]
    assert got == [refs[k] for k in expected]
    london = [m.ref for m in mappa_meetings(session, world["central"], today=today)]
    assert refs["hackney"] in london


def test_a_meeting_choice_reads_as_a_picker_shows_it(session, world):
    choice = next(m for m in mappa_meetings(session, world["mappa"]) if m.ref == world["meeting"])
    assert choice.cases == 1 and choice.borough == "Camden" and choice.level == 2
    assert choice.label.endswith(f"Camden level 2 (1 case), {world['meeting']}")


def test_meetings_are_refused_to_an_offender_manager(session, world):
    with pytest.raises(PermissionDenied, match="offender manager may not manage mappa"):
        mappa_meetings(session, world["officer"])


def test_visit_sheet_officers_put_ones_own_first_and_stay_in_scope(session, world):
    got = visit_sheet_officers(session, world["officer"])
    assert got[0].warrant == world["manager_warrant"]
    assert {c.borough for c in got} == {"Camden"}
    assert "Quillowby" in got[0].label and world["manager_warrant"] in got[0].label
    london = visit_sheet_officers(session, world["central"])
    assert "Hackney" in {c.borough for c in london}


def test_an_administrator_may_read_the_record_but_not_copy_a_pack(session, world, briefings):
    assert get_issued_pack(session, world["admin"], briefings["briefing"]).kind == "briefing"
    with pytest.raises(PermissionDenied):
        record_print(session, world["admin"], briefings["briefing"])
