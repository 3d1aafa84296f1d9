"""The MAPPA meeting pack: agenda, attendance against guidance, each case (risk, ARMS, what
happened since the last meeting, plan, open actions), the minutes template, and who may print it."""

from __future__ import annotations

import io
from datetime import date

import factories as f
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from rsoman.core.reports.issue import issue_mappa_pack
from rsoman.core.services.errors import NotFound, PermissionDenied
from rsoman.core.store.enums import (
    Agency,
    ArmsRating,
    BreachAction,
    MeetingStatus,
    PlanHeading,
    Rank,
    RiskLevel,
    Role,
    TeamRole,
    VisitOutcome,
)
from rsoman.core.store.models import (
    IssuedPack,
    MappaAction,
    MappaAttendee,
    MappaCase,
    RiskAssessment,
    RiskManagementPlan,
)

MEETING_DAY = date(2026, 3, 10)
PREVIOUS_DAY = date(2025, 11, 18)
PROHIBITION = "Not to use any device that can access the internet unless it can record history."


def text_of(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def seed(session: Session) -> dict:
    coordinator = f.officer(session, rank=Rank.ds, team_role=TeamRole.mappa_coordinator)
    actor = f.user(session, Role.mappa_coordinator, coordinator)
    manager = f.officer(session, surname="Quillowby")
    case_offender = f.offender(
        session, surname="Mapleton", risk=RiskLevel.high, manager=manager, mappa=(1, 2),
        home="4 Panel Road",
    )  # fmt: skip
    session.add(
        RiskAssessment(
            offender_id=case_offender.id,
            assessed_on=date(2026, 1, 5),
            level=RiskLevel.very_high,
            static_result="RM2000/S: High",
            arms_opportunity_to_offend=ArmsRating.strong,
            arms_commitment_to_desist=ArmsRating.none,
            reason="significant intelligence",
        )
    )
    f.court_order(session, case_offender, (PROHIBITION,))
    previous = f.mappa_meeting(session, held_on=PREVIOUS_DAY, offenders=(case_offender,))
    meeting = f.mappa_meeting(
        session,
        held_on=MEETING_DAY,
        police=((Rank.ds, True),),
        offenders=(case_offender,),
    )
    session.add(
        MappaAttendee(
            meeting_id=meeting.id,
            agency=Agency.childrens_social_care,
            name="Sally Testcare",
            attended=False,
        )
    )
    case = session.exec(select(MappaCase).where(MappaCase.meeting_id == meeting.id)).one()
    case.children_at_risk = True
    case.summary = "Escalating concerns about contact with children (fictional)."
    # Between the meetings: a failed visit, a breach, intelligence. Before: an old visit.
    f.visit(session, case_offender, date(2026, 1, 20), VisitOutcome.no_reply)
    f.visit(session, case_offender, date(2025, 10, 1))
    f.breach(session, case_offender, date(2026, 2, 2), action=BreachAction.arrest.value)
    f.intelligence(session, case_offender, date(2026, 2, 20), "Seen outside a primary school")
    session.add(
        RiskManagementPlan(
            offender_id=case_offender.id,
            agreed_on=PREVIOUS_DAY,
            meeting_id=previous.id,
            supervision="Weekly reporting to probation (fictional).",
            monitoring_and_control="Unannounced home visits every 30 days (fictional).",
            interventions_and_treatment="Accredited programme (fictional).",
            victim_safety_planning="Schools near home informed (fictional).",
            contingency="If missing: circulate as wanted (fictional).",
        )
    )
    for description, due, done in (
        ("Apply for a variation of the SHPO (fictional)", date(2026, 2, 1), None),
        ("Refer to housing (fictional)", date(2026, 4, 1), None),
        ("Completed action that must not show (fictional)", date(2026, 1, 1), date(2026, 1, 2)),
    ):
        session.add(
            MappaAction(
                offender_id=case_offender.id,
                meeting_id=previous.id,
                heading=PlanHeading.monitoring_and_control,
                description=description,
                owner_agency=Agency.police,
                owner_name="DC Quillowby",
                due_on=due,
                completed_on=done,
            )
        )
    session.commit()
    return {"actor": actor, "meeting": meeting, "previous": previous, "offender": case_offender}


def issue(session: Session, actor: object, meeting: str) -> object:
    return issue_mappa_pack(
        session, actor, meeting=meeting, issued_to="MAPPA panel, police copy", reason="panel"
    )  # type: ignore[arg-type]


def test_the_pack_for_a_meeting(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"], s["meeting"].ref)
    session.commit()
    pages = text_of(pack.pdf)
    whole = " ".join(pages)
    for n, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {n} of {pack.page_count}" in page
        assert "Issued to MAPPA panel, police copy" in page
        assert "not to be copied onwards without the chair's agreement" in page
    assert "Agenda" in whole and "3. Case: Testy MAPLETON" in whole
    # Attendance against guidance: a DS at level 2; children's social care absent.
    assert "the most senior police attendee was DS" in whole
    assert "children's social care was invited but absent" in whole
    assert "YES: children are at risk" in whole
    # Risk and ARMS.
    assert "VERY HIGH, assessed 5 Jan 2026" in whole and "RM2000/S: High" in whole
    assert "Opportunity to offend strong evidence" in whole
    assert "Commitment to desist no evidence" in whole
    # Since the last meeting on this case, and only since.
    assert f"since the last meeting on this case, {s['previous'].ref} on 18 Nov 2025" in whole
    assert "20 Jan 2026 Visit home visit, no reply" in whole
    assert "1 Oct 2025" not in whole
    assert "(action: arrest)" in whole and "Seen outside a primary school" in whole
    # The plan under its headings, and the open actions only.
    for heading, words in (
        ("Supervision", "Weekly reporting to probation (fictional)."),
        ("Monitoring and control", "Unannounced home visits every 30 days (fictional)."),
        ("Interventions and treatment", "Accredited programme (fictional)."),
        ("Victim safety planning", "Schools near home informed (fictional)."),
        ("Contingency", "If missing: circulate as wanted (fictional)."),
    ):
        assert f"{heading} {words}" in whole
    assert "Apply for a variation of the SHPO (fictional)" in whole
    assert "1 Feb 2026 OVERDUE" in whole and "Refer to housing (fictional)" in whole
    assert "must not show" not in whole
    assert f"“{PROHIBITION}”" in whole
    assert "Minutes: to be completed in the meeting" in whole
    assert "Risk level agreed" in whole


def test_the_meeting_may_be_named_by_id_and_the_issue_is_recorded(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"], str(s["meeting"].id))
    session.commit()
    row = session.exec(select(IssuedPack)).one()
    assert (row.kind, row.reference, row.scope_key) == (
        "mappa",
        pack.reference,
        f"meeting:{s['meeting'].ref}",
    )


def test_first_meeting_on_a_case_looks_back_one_review_interval(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"], s["previous"].ref)
    whole = " ".join(text_of(pack.pdf))
    assert "first meeting on this case: the last 112 days" in whole
    assert "1 Oct 2025 Visit home visit, successful" in whole


def test_a_planned_meeting_has_attendance_to_complete(session: Session):
    s = seed(session)
    planned = f.mappa_meeting(
        session,
        held_on=date(2026, 7, 1),
        status=MeetingStatus.planned,
        offenders=(s["offender"],),
    )
    session.commit()
    whole = " ".join(text_of(issue(session, s["actor"], planned.ref).pdf))
    assert "No attendance recorded yet" in whole
    assert "Police at inspector rank or above" in whole


def test_who_may_print_it(session: Session):
    s = seed(session)
    officer = f.user(session, Role.offender_manager, f.officer(session))
    with pytest.raises(PermissionDenied, match="may not manage mappa"):
        issue(session, officer, s["meeting"].ref)
    elsewhere = f.user(
        session,
        Role.mappa_coordinator,
        f.officer(session, borough_code="hackney", team_role=TeamRole.mappa_coordinator),
    )
    with pytest.raises(PermissionDenied, match="outside your borough"):
        issue(session, elsewhere, s["meeting"].ref)
    with pytest.raises(NotFound):
        issue(session, s["actor"], "L9-NOWHERE")
