"""The borough briefing pack: what it shows (and never shows), the record of its issue, and what
changed since the last one. Rendered from a known database and read back with pypdf."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import fields
from datetime import date

import factories as f
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from rsoman.core.reports.issue import issue_briefing
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.packs.briefing import BRIEFING_FIELDS, BriefingEntry
from rsoman.core.store.enums import (
    AddressKind,
    AuditAction,
    OffenderStatus,
    RiskLevel,
    Role,
    TeamRole,
)
from rsoman.core.store.models import (
    Address,
    AuditEntry,
    IssuedPack,
    Notification,
    RiskAssessment,
    Visit,
)
from rsoman.core.store.models._types import utcnow

AS_OF = date(2026, 3, 14)
RECIPIENT = "PS Orla Testwright (Camden response team 3)"
PROHIBITIONS = (
    "Not to have unsupervised contact with any child under the age of 16, other than "
    "inadvertent contact not reasonably avoidable in the course of daily life.",
    "Not to enter Testmere Park, Highgate, shown hatched on the map annexed to this order.",
)
REQUIREMENT = "To notify the police of any device capable of accessing the internet within 3 days."
# Kept in places a briefing must never read: each must be absent from the pack.
SECRETS = {
    "pnc": "PNC-SECRET-77",
    "visor": "VISOR-SECRET-88",
    "risk_notes": "HEALTH-SECRET: takes medication for a heart condition",
    "intel": "INTEL-SECRET: seen near Testbury school gates",
    "visit": "VISIT-SECRET: bottles of prescribed medicine in the kitchen",
    "address_note": "ADDRESS-SECRET: mother has dementia",
    "notification": "NOTIFICATION-SECRET: bank card 0000",
    "child_address": "CHILD-SECRET: 4 Nursery Row",
}


def text_of(pdf: bytes) -> list[str]:
    """Each page's text with whitespace runs collapsed (wrapped lines read as one)."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def seed(session: Session) -> dict[str, object]:
    """Three active offenders in Camden (two in the ward Testmere), one in custody, one in
    Hackney; an officer and a supervisor of Camden."""
    ward = f.ward(session, "camden", "Testmere")
    other_ward = f.ward(session, "camden", "Testholt")
    manager = f.officer(session, surname="Quillowby", forenames="Ada")
    manager.phone, manager.email = "020 7946 0001", "ada.quillowby@test.invalid"
    supervisor = f.officer(session, rank=f.Rank.ds, team_role=TeamRole.supervisor)
    actor = f.user(session, Role.supervisor, supervisor)
    first = f.offender(
        session,
        surname="Varnicote",
        forenames="Testy",
        risk=RiskLevel.very_high,
        manager=manager,
        home="1 Testmere Road",
        home_ward=ward,
        aliases=(("Tess", "Varn"),),
    )
    first.pnc_ref, first.visor_ref = SECRETS["pnc"], SECRETS["visor"]
    first.description = "Male, 5ft 9in, slim, shaved head (fictional)"
    first.victim_profile = "Girls aged 10-14 (fictional)"
    f.court_order(session, first, PROHIBITIONS, requirements=(REQUIREMENT,))
    f.vehicle(session, first, "ZZ12 TST")
    f.photo(session, first)
    session.add(
        RiskAssessment(
            offender_id=first.id,
            assessed_on=date(2024, 6, 1),
            level=RiskLevel.very_high,
            notes=SECRETS["risk_notes"],
        )
    )
    f.intelligence(session, first, date(2026, 2, 1), SECRETS["intel"])
    session.add(
        Visit(
            offender_id=first.id,
            occurred_at=f.london_moment(date(2026, 1, 5)),
            outcome=f.VisitOutcome.successful,
            observations=SECRETS["visit"],
        )
    )
    session.add(
        Notification(
            offender_id=first.id,
            kind="household_child",
            notified_on=date(2025, 5, 1),
            details=SECRETS["notification"],
            household_child_address=SECRETS["child_address"],
        )
    )
    session.add(
        Address(
            offender_id=first.id,
            kind=AddressKind.secondary,
            line1="9 Testholt Lane",
            valid_from=date(2025, 1, 1),
            notes=SECRETS["address_note"],
        )
    )
    second = f.offender(
        session,
        surname="Brindlecombe",
        risk=RiskLevel.low,
        manager=manager,
        home="2 Testmere Road",
        home_ward=ward,
    )
    third = f.offender(
        session, surname="Ossingthorpe", risk=RiskLevel.high, home="3 Testholt Road",
        home_ward=other_ward,
    )  # fmt: skip
    custody = f.offender(
        session, surname="Kettlewick", status=OffenderStatus.in_custody, risk=RiskLevel.high
    )
    elsewhere = f.offender(session, borough_code="hackney", surname="Hollowmere")
    session.commit()
    return {
        "actor": actor,
        "manager": manager,
        "first": first,
        "second": second,
        "third": third,
        "custody": custody,
        "elsewhere": elsewhere,
        "ward": ward,
    }


def issue(session: Session, actor: object, **kw: object) -> object:
    args = {"borough_code": "camden", "issued_to": RECIPIENT, "reason": "late turn briefing"}
    args.update(kw)
    return issue_briefing(session, actor, as_of=AS_OF, **args)  # type: ignore[arg-type]


def test_an_entry_holds_exactly_the_need_to_know_fields():
    assert tuple(f.name for f in fields(BriefingEntry)) == BRIEFING_FIELDS


def test_borough_briefing_pack(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"])
    session.commit()
    pages = text_of(pack.pdf)
    assert len(pages) == pack.page_count
    # Cover, summary (with the changes section), one page for each of the three active
    # Camden offenders: not the one in custody, not Hackney's.
    assert pack.page_count == 5
    whole = " ".join(pages)
    for n, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, n  # header and footer
        assert f"Page {n} of {pack.page_count}" in page
        assert f"Issued to {RECIPIENT}" in page
        assert "Not to be copied or shared beyond" in page
        assert pack.reference in page
    for words in (*PROHIBITIONS, REQUIREMENT):
        assert f"“{flat(words)}”" in whole
    for secret in SECRETS.values():
        assert secret not in whole
    assert "KETTLEWICK" not in whole
    assert "HOLLOWMERE" not in whole
    first_page = next(p for p in pages if "VARNICOTE" in p and "RISK: VERY HIGH" in p)
    for shown in (
        "Tess Varn",
        "17 May 1980",
        "1 Testmere Road",
        "ward: Testmere",
        "9 Testholt Lane",
        "ZZ12 TST",
        "Category 1, level 1",
        "Girls aged 10-14 (fictional)",
        "Test offence (fictional)",
        "020 7946 0001",
        "ada.quillowby@test.invalid",
    ):
        assert shown in first_page, shown
    # Highest risk first.
    order = [whole.index(name) for name in ("VARNICOTE", "OSSINGTHORPE", "BRINDLECOMBE")]
    assert order == sorted(order)
    assert "This is the first briefing issued for this area" in whole


def test_the_issue_is_recorded_and_logged_as_a_disclosure(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"])
    session.commit()
    row = session.exec(select(IssuedPack)).one()
    assert row.reference == pack.reference and row.kind == "briefing"
    assert (row.issued_to, row.reason, row.page_count) == (
        RECIPIENT,
        "late turn briefing",
        pack.page_count,
    )
    assert row.scope == "Camden" and row.scope_key == "borough:camden"
    assert row.issued_by_user_id == s["actor"].user_id
    assert row.issued_by_name.endswith("(DS)")  # the supervisor issued it
    ids = {s[k].id for k in ("first", "second", "third")}
    assert set(json.loads(row.offender_ids)) == ids
    assert row.pdf_sha256 == hashlib.sha256(pack.pdf).hexdigest()
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.disclosure)
    ).all()
    whole = [e for e in entries if e.object_type == "pack"]
    assert len(whole) == 1 and whole[0].object_key == pack.reference
    assert whole[0].justification == "late turn briefing" and RECIPIENT in whole[0].summary
    per_offender = {e.offender_id for e in entries if e.object_type == "offender"}
    assert per_offender == ids


def test_a_ward_briefing_holds_only_that_ward(session: Session):
    s = seed(session)
    pack = issue(session, s["actor"], ward="testmere")
    session.commit()
    whole = " ".join(text_of(pack.pdf))
    assert "VARNICOTE" in whole and "BRINDLECOMBE" in whole and "OSSINGTHORPE" not in whole
    assert "Camden, ward Testmere" in whole
    row = session.exec(select(IssuedPack)).one()
    assert row.scope_key == f"borough:camden/ward:{s['ward'].id}"


def test_what_changed_since_the_last_briefing_for_the_same_area(session: Session):
    s = seed(session)
    issue(session, s["actor"])
    # A ward briefing in between is another area: it is not what the next borough pack compares.
    issue(session, s["actor"], ward="Testmere")
    session.commit()
    first, second, third = s["first"], s["second"], s["third"]
    f.address(session, second, "8 Testnew Street", valid_from=date(2026, 3, 1))
    f.assess(session, third, RiskLevel.very_high, on=date(2026, 3, 2))
    f.court_order(session, first, ("Not to own a camera (fictional).",), made_on=date(2026, 3, 3))
    newcomer = f.offender(session, surname="Newbarrow", risk=RiskLevel.medium)
    session.commit()
    pack = issue(session, s["actor"], issued_to="Insp Testwell", reason="weekly briefing")
    session.commit()
    whole = " ".join(text_of(pack.pdf))
    previous = session.exec(
        select(IssuedPack).where(IssuedPack.scope_key == "borough:camden").order_by(IssuedPack.id)
    ).first()
    assert previous is not None
    assert f"Compared with briefing {previous.reference}" in whole
    assert f"Testy Newbarrow ({newcomer.ref}): new to this briefing" in whole
    assert f"({second.ref}): moved to 8 Testnew Street" in whole
    assert f"({third.ref}): risk HIGH → VERY HIGH" in whole
    assert f"({first.ref}): Sexual Harm Prevention Order made 3 Mar 2026" in whole


def test_someone_who_leaves_the_area_is_listed_as_gone(session: Session):
    s = seed(session)
    issue(session, s["actor"])
    session.commit()
    s["second"].status = OffenderStatus.in_custody
    session.commit()
    pack = issue(session, s["actor"])
    whole = " ".join(text_of(pack.pdf))
    assert f"({s['second'].ref}): no longer in this briefing's area" in whole
    assert "No longer in this area" in whole


def test_nothing_changed(session: Session):
    s = seed(session)
    issue(session, s["actor"])
    session.commit()
    pack = issue(session, s["actor"])
    assert "No new arrivals, moves, risk changes or new orders since then." in " ".join(
        text_of(pack.pdf)
    )


def test_another_boroughs_officer_is_refused_and_the_refusal_logged(session: Session):
    s = seed(session)
    hackney = f.user(session, Role.offender_manager, f.officer(session, borough_code="hackney"))
    session.commit()
    with pytest.raises(PermissionDenied, match="outside your borough"):
        issue(session, hackney)
    session.rollback()
    assert session.exec(select(IssuedPack)).all() == []
    refusals = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.refusal)
    ).all()
    assert [r.username for r in refusals] == [hackney.username]
    assert s["actor"].username != hackney.username


def test_an_administrator_may_not_issue_briefings(session: Session, system):
    seed(session)
    with pytest.raises(PermissionDenied):
        issue(session, system)


def test_recipient_and_reason_are_both_required_and_both_reported(session: Session):
    s = seed(session)
    with pytest.raises(ValidationFailed) as caught:
        issue(session, s["actor"], issued_to="  ", reason="")
    assert {p.field for p in caught.value.problems} == {"issued_to", "reason"}
    assert session.exec(select(IssuedPack)).all() == []


def test_unknown_borough_and_ward(session: Session):
    s = seed(session)
    with pytest.raises(NotFound, match="no borough"):
        issue(session, s["actor"], borough_code="atlantis")
    with pytest.raises(NotFound, match="no ward named 'Nowhere' in Camden"):
        issue(session, s["actor"], ward="Nowhere")


def test_the_issue_time_is_now_and_the_reference_unique(session: Session):
    s = seed(session)
    before = utcnow()
    one = issue(session, s["actor"])
    two = issue(session, s["actor"])
    session.commit()
    assert one.reference != two.reference and one.reference.startswith("BRF-")
    rows = session.exec(select(IssuedPack)).all()
    assert all(r.issued_at >= before for r in rows)
