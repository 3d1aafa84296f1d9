"""An officer's visit sheet: who is on it (planned in the period, or falling due by its end), what
to check there, and the record of its issue."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import factories as f
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from rsoman.core.reports.issue import issue_visit_sheet
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.store.enums import AuditAction, RiskLevel, Role, TeamRole, VisitOutcome
from rsoman.core.store.models import AuditEntry, IssuedPack, Visit, VisitOfficer

MONDAY, SUNDAY = date(2026, 3, 16), date(2026, 3, 22)
PROHIBITION = "Not to enter any public swimming pool or leisure centre (fictional)."


def text_of(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def seed(session: Session) -> dict:
    me = f.officer(session, surname="Quillowby", warrant="TESTVS001")
    colleague = f.officer(session, surname="Pellingham", warrant="TESTVS002")
    supervisor = f.officer(session, rank=f.Rank.ds, team_role=TeamRole.supervisor)
    actor = f.user(session, Role.supervisor, supervisor)
    # Planned for Tuesday; its schedule is not due for months.
    planned = f.offender(
        session, surname="Plannerby", risk=RiskLevel.low, manager=me, home="1 Plan Street"
    )
    f.visit(session, planned, date(2026, 3, 1))
    session.add(
        Visit(offender_id=planned.id, planned_for=f.london_moment(MONDAY + timedelta(days=1), 14))
    )
    # HIGH, last seen 100 days before Monday: overdue; two no-replies since; an order; intel.
    overdue = f.offender(
        session, surname="Overton", risk=RiskLevel.high, manager=me, home="2 Late Lane"
    )
    f.visit(session, overdue, MONDAY - timedelta(days=100))
    f.visit(session, overdue, MONDAY - timedelta(days=20), VisitOutcome.no_reply)
    f.visit(session, overdue, MONDAY - timedelta(days=10), VisitOutcome.no_reply)
    f.court_order(session, overdue, (PROHIBITION,))
    f.intelligence(session, overdue, MONDAY - timedelta(days=30), "Seen at a leisure centre (fict)")
    f.intelligence(session, overdue, MONDAY - timedelta(days=200), "Old matter, resolved (fict)")
    # Due on Sunday, the last day: on the sheet.
    due_sunday = f.offender(session, surname="Sundale", risk=RiskLevel.high, manager=me)
    f.visit(session, due_sunday, SUNDAY - timedelta(days=91))
    # Due on the Monday after: not on it.
    due_after = f.offender(session, surname="Aftermore", risk=RiskLevel.high, manager=me)
    f.visit(session, due_after, SUNDAY + timedelta(days=1) - timedelta(days=91))
    # A colleague's offender whose planned visit names me as the second officer.
    theirs = f.offender(session, surname="Secondley", risk=RiskLevel.low, manager=colleague)
    f.visit(session, theirs, date(2026, 3, 1))
    second = Visit(offender_id=theirs.id, planned_for=f.london_moment(SUNDAY, 10))
    session.add(second)
    session.flush()
    session.add(VisitOfficer(visit_id=second.id, officer_id=me.id))
    session.commit()
    return {"actor": actor, "planned": planned, "overdue": overdue, "due_sunday": due_sunday,
            "due_after": due_after, "theirs": theirs}  # fmt: skip


def issue(session: Session, actor: object, **kw: object) -> object:
    args: dict = {
        "officer_warrant": "TESTVS001",
        "date_from": MONDAY,
        "date_to": SUNDAY,
        "issued_to": "DC Ada Quillowby",
        "reason": "this week's visits",
    }
    args.update(kw)
    return issue_visit_sheet(session, actor, **args)  # type: ignore[arg-type]


def test_the_sheet_lists_planned_and_due_visits_with_what_to_check(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"])
    session.commit()
    pages = text_of(pack.pdf)
    whole = " ".join(pages)
    for n, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {n} of {pack.page_count}" in page
        assert "Issued to DC Ada Quillowby" in page
    for name in ("PLANNERBY", "OVERTON", "SUNDALE", "SECONDLEY"):
        assert name in whole, name
    assert "AFTERMORE" not in whole
    assert "Planned 17 Mar 2026 14:00" in whole
    assert "OVERDUE since" in whole and "Due by 22 Mar 2026" in whole
    assert f"“{PROHIBITION}”" in whole
    assert "Seen at a leisure centre (fict)" in whole
    assert "Old matter, resolved" not in whole
    assert "s.96B" in whole  # two consecutive no-replies
    assert whole.count("Observations (devices, children, changes) and actions") == 4
    # Planned visits first, in time order, then the rest by due date.
    order = [whole.index(n) for n in ("1. Testy PLANNERBY", "2. Testy SECONDLEY")]
    assert order == sorted(order)


def test_the_issue_is_recorded_against_each_offender_on_it(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"])
    session.commit()
    row = session.exec(select(IssuedPack)).one()
    assert (row.kind, row.scope_key, row.page_count) == (
        "visit_sheet",
        "officer:TESTVS001",
        pack.page_count,
    )
    ids = {s[k].id for k in ("planned", "overdue", "due_sunday", "theirs")}
    assert set(json.loads(row.offender_ids)) == ids
    logged = session.exec(
        select(AuditEntry.offender_id).where(
            AuditEntry.action == AuditAction.disclosure, AuditEntry.object_type == "offender"
        )
    ).all()
    assert set(logged) == ids


def test_a_single_day(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"], date_to=MONDAY)
    whole = " ".join(text_of(pack.pdf))
    assert "OVERTON" in whole and "SUNDALE" not in whole and "PLANNERBY" not in whole
    assert "16 Mar 2026" in whole


def test_bad_periods_are_refused(session: Session):
    s = seed(session)
    with pytest.raises(ValidationFailed, match="ends before it starts"):
        issue(session, s["actor"], date_to=MONDAY - timedelta(days=1))
    with pytest.raises(ValidationFailed, match="at most 31 days"):
        issue(session, s["actor"], date_to=MONDAY + timedelta(days=31))
    # 31 days exactly is allowed.
    issue(session, s["actor"], date_to=MONDAY + timedelta(days=30))


def test_unknown_officer_and_other_borough(session: Session):
    s = seed(session)
    with pytest.raises(NotFound, match="no officer"):
        issue(session, s["actor"], officer_warrant="NOPE")
    hackney = f.user(session, Role.offender_manager, f.officer(session, borough_code="hackney"))
    with pytest.raises(PermissionDenied):
        issue(session, hackney)
