"""A restricted record stays out of every list and pack of a user without a grant: the caseload
rows, Today's planned visits, the borough briefing, the visit sheet and the MAPPA pack (which is
refused rather than printed without the case). With a grant, each shows it."""

from __future__ import annotations

from datetime import timedelta

import factories as f
import pytest

from rsoman.core.rules.dates import london_today
from rsoman.core.services.errors import PermissionDenied
from rsoman.core.services.offenders import caseload_rows
from rsoman.core.services.packs.briefing import gather_briefing
from rsoman.core.services.packs.mappa import gather_mappa_pack
from rsoman.core.services.packs.visit_sheet import gather_visit_sheet
from rsoman.core.services.restricted import grant_restricted
from rsoman.core.services.today import planned_visits
from rsoman.core.store.enums import Rank, Role
from rsoman.core.store.models import Visit, VisitOfficer


@pytest.fixture
def world(session):
    om = f.officer(session, surname="Quarrendon")
    secret = f.offender(session, surname="Hushworth", manager=om)
    secret.restricted = True
    plain = f.offender(session, surname="Openshaw", manager=om)
    tomorrow = f.london_moment(london_today() + timedelta(days=1))
    for row in (secret, plain):
        visit = Visit(offender_id=row.id, planned_for=tomorrow)
        session.add(visit)
        session.flush()
        session.add(VisitOfficer(visit_id=visit.id, officer_id=om.id))
    meeting = f.mappa_meeting(session, offenders=(secret,), police=((Rank.di, True),))
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "admin": f.user(session, Role.administrator),
    }
    session.commit()
    return secret, plain, meeting, om, actors


def test_without_a_grant_the_restricted_record_is_in_no_list_or_pack(session, world):
    secret, plain, meeting, om, actors = world
    with pytest.raises(PermissionDenied, match="restricted"):
        caseload_rows(session, actors["om"], [secret.id, plain.id])
    today = london_today()
    visits = planned_visits(session, actors["om"], start=today, end=today + timedelta(days=7))
    assert [v.offender_ref for v in visits] == [plain.ref]
    briefing = gather_briefing(session, actors["sup"], borough_code="camden")
    assert secret.ref not in str(briefing) and plain.ref in str(briefing)
    sheet = gather_visit_sheet(
        session,
        actors["om"],
        officer_warrant=om.warrant_number,
        date_from=today,
        date_to=today + timedelta(days=6),
    )
    assert secret.ref not in str(sheet) and plain.ref in str(sheet)
    with pytest.raises(PermissionDenied, match="restricted"):
        gather_mappa_pack(session, actors["sup"], meeting=meeting.ref)


def test_with_a_grant_the_record_is_shown(session, world):
    secret, _plain, meeting, _om, actors = world
    grant_restricted(session, actors["admin"], actors["sup"].username, reason="MAPPA chair")
    session.commit()
    briefing = gather_briefing(session, actors["sup"], borough_code="camden")
    assert secret.ref in str(briefing)
    pack = gather_mappa_pack(session, actors["sup"], meeting=meeting.ref)
    assert secret.ref in str(pack)


def test_warnings_about_a_restricted_record_are_listed_only_with_a_grant(session, world, system):
    from rsoman.core.services.scan import list_warnings, run_scan

    secret, plain, _meeting, _om, actors = world
    run_scan(session, system)
    session.commit()
    refs = {w.subject_ref for w in list_warnings(session, actors["sup"])}
    assert plain.ref in refs and secret.ref not in refs
    with pytest.raises(PermissionDenied, match="restricted"):
        list_warnings(session, actors["sup"], offender_ref=secret.ref)
    grant_restricted(session, actors["admin"], actors["sup"].username, reason="case review")
    session.commit()
    assert secret.ref in {w.subject_ref for w in list_warnings(session, actors["sup"])}
