"""The permission matrix, walked whole: every (action, role) pair through a real service call.

Each action has a small callable performing it on a prepared world (a Camden caseload, a MAPPA
meeting, a policy file, an import file). An allowed pair must succeed; a forbidden one must raise
PermissionDenied naming the role and the action, and leave a `refusal` entry in the audit log
(committed on its own, so it survives the caller's rollback). Then borough scope (the same role
in another borough is refused and logged) and restricted records. Both databases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import factories as f
import pytest
from sqlmodel import Session, select

from rsoman.core.rules.dates import LONDON, london_today
from rsoman.core.services import audit as audit_service
from rsoman.core.services import backups, restricted
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.allocation import reallocate
from rsoman.core.services.errors import PermissionDenied
from rsoman.core.services.interchange import import_file
from rsoman.core.services.interchange.json_export import export_document
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids, get_record
from rsoman.core.services.packs.mappa import gather_mappa_pack
from rsoman.core.services.permissions import (
    MATRIX,
    ROLE_LABELS,
    Action,
    matrix_markdown,
    require,
)
from rsoman.core.services.policy import load_policy_file
from rsoman.core.services.retention import erase_offender, record_review, records_due
from rsoman.core.services.stats import caseload_stats
from rsoman.core.services.users import list_users
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.enums import (
    AuditAction,
    OffenderStatus,
    Rank,
    Role,
    TeamRole,
    VisitOutcome,
)
from rsoman.core.store.models import Address, AuditEntry, Offender

DOCS = Path(__file__).resolve().parent.parent / "docs"

TEAM_ROLE = {
    Role.offender_manager: TeamRole.offender_manager,
    Role.supervisor: TeamRole.supervisor,
    Role.mappa_coordinator: TeamRole.mappa_coordinator,
    Role.read_only_manager: TeamRole.manager,
}


@dataclass
class World:
    camden: dict[Role, Actor]
    hackney: dict[Role, Actor]
    ref: str
    home_id: int
    om_warrant: str
    spare_warrant: str
    meeting: str
    hackney_ref: str
    hackney_meeting: str
    files: Path
    hackney_home_id: int = 0
    hackney_spare_warrant: str = ""
    # A Camden record past its retention review date, no longer active (review, erasure).
    ended_ref: str = ""
    hackney_ended_ref: str = ""


def _staff(session: Session, borough: str) -> tuple[dict[Role, Actor], dict[Role, str]]:
    actors: dict[Role, Actor] = {}
    warrants: dict[Role, str] = {}
    for role, team_role in TEAM_ROLE.items():
        officer = f.officer(
            session, borough_code=borough, team_role=team_role, rank=Rank.ds, team="Team 1"
        )
        actors[role] = f.user(session, role, officer, username=f"{borough}-{role.value}")
        warrants[role] = officer.warrant_number
    actors[Role.administrator] = f.user(
        session, Role.administrator, username=f"{borough}-administrator"
    )
    return actors, warrants


def build_world(session: Session, files: Path, *, with_records: bool = True) -> World:
    camden, warrants = _staff(session, "camden")
    hackney, _ = _staff(session, "hackney")
    spare = f.officer(session, borough_code="camden")
    hackney_spare = f.officer(session, borough_code="hackney")
    ref = hackney_ref = meeting = hackney_meeting = ended_ref = hackney_ended_ref = ""
    home_id = hackney_home_id = 0
    if with_records:
        om = f.officer(session, borough_code="camden")
        offender = f.offender(session, manager=om, risk=None, home="1 Testmere Row")
        home = session.exec(select(Address).where(Address.offender_id == offender.id)).one()
        hackney_offender = f.offender(
            session,
            borough_code="hackney",
            home="2 Testmere Row",
            manager=f.officer(session, borough_code="hackney"),
        )
        hackney_home = session.exec(
            select(Address).where(Address.offender_id == hackney_offender.id)
        ).one()
        ref, hackney_ref = offender.ref, hackney_offender.ref
        home_id, hackney_home_id = home.id, hackney_home.id
        meeting = f.mappa_meeting(session, offenders=(offender,)).ref
        hackney_meeting = f.mappa_meeting(
            session, borough_code="hackney", offenders=(hackney_offender,)
        ).ref
        warrants[Role.offender_manager] = om.warrant_number
        ended_ref = _ended(session, "camden").ref
        hackney_ended_ref = _ended(session, "hackney").ref
    (files / "policy.toml").write_text("visit_interval_low_days = 364\n", encoding="utf-8")
    (files / "offenders.csv").write_text(
        "Ref,Surname,Forenames,Date of birth,Sex,Status,Borough\n"
        "RSO-MX-0001,Matrixby,Testy,1980-01-01,male,active,camden\n",
        encoding="utf-8",
    )
    session.commit()
    return World(
        camden=camden,
        hackney=hackney,
        ref=ref,
        home_id=home_id,
        om_warrant=warrants[Role.offender_manager],
        spare_warrant=spare.warrant_number,
        meeting=meeting,
        hackney_ref=hackney_ref,
        hackney_meeting=hackney_meeting,
        files=files,
        hackney_home_id=hackney_home_id,
        hackney_spare_warrant=hackney_spare.warrant_number,
        ended_ref=ended_ref,
        hackney_ended_ref=hackney_ended_ref,
    )


def _ended(session: Session, borough: str) -> Offender:
    """A record whose requirements have ended and whose review date was yesterday."""
    row = f.offender(session, borough_code=borough, status=OffenderStatus.requirements_ended)
    row.retention_review_on = london_today() - timedelta(days=1)
    session.add(row)
    session.flush()
    return row


def _visit(world: World) -> VisitInput:
    yesterday = datetime.combine(london_today() - timedelta(days=1), datetime.min.time())
    return VisitInput(
        occurred_at=yesterday.replace(hour=10, tzinfo=LONDON),
        outcome=VisitOutcome.successful,
        officer_warrants=(world.om_warrant,),
        address_id=world.home_id,
    )


# One real service call per action. Each returns normally when the act was done.
Perform = Callable[[Session, Actor, World], Any]

PERFORM: dict[Action, Perform] = {
    Action.view_caseload: lambda s, a, w: caseload_ids(s, a, CaseloadQuery()),
    Action.view_record: lambda s, a, w: get_record(s, a, w.ref, justification="matrix test"),
    Action.edit_record: lambda s, a, w: record_visit(s, a, w.ref, _visit(w)),
    # No service registers a single offender yet (the import does it in bulk): the check that
    # service will make is what is walked here.
    Action.create_offender: lambda s, a, w: require(s, a, Action.create_offender),
    Action.reallocate: lambda s, a, w: reallocate(
        s, a, [w.ref], w.spare_warrant, reason="matrix test"
    ),
    Action.manage_mappa: lambda s, a, w: gather_mappa_pack(s, a, meeting=w.meeting),
    Action.view_stats: lambda s, a, w: caseload_stats(s, a),
    Action.manage_users: lambda s, a, w: list_users(s, a),
    Action.import_data: lambda s, a, w: import_file(s, a, w.files / "offenders.csv"),
    Action.export_data: lambda s, a, w: export_document(s, a, justification="matrix test"),
    Action.generate_demo: lambda s, a, w: _generate_demo(s, a),
    Action.view_audit: lambda s, a, w: audit_service.list_entries(s, a, limit=5),
    Action.manage_policy: lambda s, a, w: load_policy_file(
        s, a, w.files / "policy.toml", reason="matrix test"
    ),
    Action.back_up: lambda s, a, w: _back_up(s, a, w),
    # A real restore would replace the database every role meets; the round trip, and only an
    # administrator restoring, are in tests/test_backup.py. This is the check it makes first.
    Action.restore: lambda s, a, w: backups.check_may_restore(s.get_bind(), a),
    Action.view_retention: lambda s, a, w: records_due(s, a),
    Action.review_retention: lambda s, a, w: record_review(
        s, a, w.ended_ref, london_today() + timedelta(days=365), "matrix test: still needed"
    ),
    Action.erase_record: lambda s, a, w: erase_offender(s, a, w.ended_ref, "matrix test: ended"),
}


def _back_up(session: Session, actor: Actor, world: World) -> Any:
    """A real encrypted backup of a SQLite database; PostgreSQL is backed up with pg_dump
    (docs/security.md), so there the check the command makes first is what is walked."""
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return backups.check_may_back_up(engine, actor)
    return backups.backup_database(engine, actor, world.files / "matrix.bak", "matrix backup key")


def _generate_demo(session: Session, actor: Actor) -> Any:
    from rsoman.core.demo.generator import generate_demo

    return generate_demo(session, actor, offenders=1, seed=1)


def test_every_action_has_a_service_call():
    assert set(PERFORM) == set(Action) == set(MATRIX)


def _refusals(session: Session, username: str) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry).where(
                AuditEntry.action == AuditAction.refusal, AuditEntry.username == username
            )
        )
    )


def _attempt(session: Session, actor: Actor, action: Action, world: World) -> Exception | None:
    try:
        PERFORM[action](session, actor, world)
    except PermissionDenied as exc:
        return exc
    finally:
        # Undo whatever an allowed call wrote, so that every role meets the same world.
        session.rollback()
    return None


@pytest.mark.parametrize("action", list(Action))
def test_matrix(session: Session, tmp_path: Path, action: Action):
    world = build_world(session, tmp_path, with_records=action != Action.generate_demo)
    for role in Role:
        actor = world.camden[role]
        before = len(_refusals(session, actor.username))
        refused = _attempt(session, actor, action, world)
        refusals = _refusals(session, actor.username)
        if role in MATRIX[action]:
            assert refused is None, f"{role.value} should be allowed to {action.value}: {refused}"
            assert len(refusals) == before, f"{role.value} {action.value}: refusal logged"
        else:
            assert isinstance(refused, PermissionDenied), f"{role.value} did {action.value}"
            message = str(refused)
            assert ROLE_LABELS[role] in message and action.value.replace("_", " ") in message
            assert len(refusals) == before + 1, f"{role.value} {action.value}: not logged"
            assert refusals[-1].object_key == action.value
            assert message in refusals[-1].summary


# --- borough scope --------------------------------------------------------------------------

# Actions aimed at one borough's records, with the call aimed at Hackney's.
ACROSS_BOROUGHS: dict[Action, Perform] = {
    Action.view_record: lambda s, a, w: get_record(s, a, w.hackney_ref),
    Action.edit_record: lambda s, a, w: record_visit(
        s, a, w.hackney_ref, VisitInput(occurred_at=None, outcome=None)
    ),
    Action.reallocate: lambda s, a, w: reallocate(
        s, a, [w.hackney_ref], w.spare_warrant, reason="matrix test"
    ),
    Action.manage_mappa: lambda s, a, w: gather_mappa_pack(s, a, meeting=w.hackney_meeting),
    Action.view_caseload: lambda s, a, w: caseload_ids(s, a, CaseloadQuery(borough_code="hackney")),
    Action.review_retention: lambda s, a, w: record_review(
        s, a, w.hackney_ended_ref, london_today() + timedelta(days=365), "matrix test: kept"
    ),
    Action.erase_record: lambda s, a, w: erase_offender(
        s, a, w.hackney_ended_ref, "matrix test: ended"
    ),
}


@pytest.mark.parametrize("action", list(ACROSS_BOROUGHS))
def test_other_borough_is_refused_and_logged(session: Session, tmp_path: Path, action: Action):
    world = build_world(session, tmp_path)
    for role in sorted(MATRIX[action] - {Role.administrator}):
        actor = world.camden[role]
        before = len(_refusals(session, actor.username))
        try:
            ACROSS_BOROUGHS[action](session, actor, world)
        except PermissionDenied as exc:
            assert "outside your borough" in str(exc)
        else:
            pytest.fail(f"a Camden {role.value} could {action.value} in Hackney")
        finally:
            session.rollback()
        assert len(_refusals(session, actor.username)) == before + 1
        # The same call in their own borough works for the Hackney user.
        PERFORM[action](session, world.hackney[role], _as_hackney(world))
        session.rollback()


def _as_hackney(world: World) -> World:
    """The world seen from Hackney: its offender and meeting are 'the' record and meeting."""
    return World(
        camden=world.hackney,
        hackney=world.camden,
        ref=world.hackney_ref,
        home_id=world.hackney_home_id,
        om_warrant=world.hackney_spare_warrant,
        spare_warrant=world.hackney_spare_warrant,
        meeting=world.hackney_meeting,
        hackney_ref=world.ref,
        hackney_meeting=world.meeting,
        files=world.files,
        ended_ref=world.hackney_ended_ref,
        hackney_ended_ref=world.ended_ref,
    )


def test_borough_user_never_lists_another_borough(session: Session, tmp_path: Path):
    world = build_world(session, tmp_path)
    ids = caseload_ids(session, world.camden[Role.offender_manager], CaseloadQuery())
    refs = set(session.exec(select(Offender.ref).where(Offender.id.in_(ids))))
    assert world.ref in refs and world.hackney_ref not in refs


# --- restricted records ---------------------------------------------------------------------


def _restricted_world(session: Session, tmp_path: Path) -> tuple[World, str, str]:
    world = build_world(session, tmp_path)
    secret = f.offender(session, surname="Hushworth", home="3 Testmere Row")
    secret.restricted = True
    session.add(secret)
    central = f.officer(session, borough_code="central", team_role=TeamRole.offender_manager)
    f.user(session, Role.offender_manager, central, username="central-om")
    session.commit()
    return world, secret.ref, "central-om"


def _listed(session: Session, actor: Actor, **query: Any) -> set[str]:
    ids = caseload_ids(session, actor, CaseloadQuery(**query))
    return set(session.exec(select(Offender.ref).where(Offender.id.in_(ids))))


def test_restricted_records_are_hidden_without_a_grant(session: Session, tmp_path: Path):
    from rsoman.core.services.actor import actor_for_username

    world, secret, central_name = _restricted_world(session, tmp_path)
    central = actor_for_username(session, central_name)
    for actor in (world.camden[Role.offender_manager], world.camden[Role.supervisor], central):
        assert secret not in _listed(session, actor)
        assert secret not in _listed(session, actor, search="Hushworth")
        assert world.ref in _listed(session, actor)
        before = len(_refusals(session, actor.username))
        with pytest.raises(PermissionDenied, match="restricted"):
            get_record(session, actor, secret)
        session.rollback()
        refusals = _refusals(session, actor.username)
        assert len(refusals) == before + 1 and refusals[-1].object_key == secret
    # The same rule for queries on other tables (addresses here; warnings, Today, packs).
    om = world.camden[Role.offender_manager]
    cond = restricted.hide_restricted(session, om, Address.offender_id)
    shown = set(session.exec(select(Offender.ref).join(Address).where(cond)))
    assert world.ref in shown and secret not in shown
    # The system (the scan, imports) sees every record.
    assert restricted.sees_restricted(session, SYSTEM)
    assert restricted.hide_restricted(session, SYSTEM, Address.offender_id) is None


def test_a_grant_shows_restricted_records_in_scope_until_revoked(session: Session, tmp_path):
    world, secret, _ = _restricted_world(session, tmp_path)
    admin = world.camden[Role.administrator]
    om = world.camden[Role.offender_manager]
    restricted.grant_restricted(session, admin, om.username, reason="vetted for the case")
    session.commit()
    assert secret in _listed(session, om)
    assert get_record(session, om, secret).ref == secret
    session.commit()
    # The grant does not widen the borough scope.
    hackney_om = world.hackney[Role.offender_manager]
    restricted.grant_restricted(session, admin, hackney_om.username, reason="vetted")
    session.commit()
    assert secret not in _listed(session, hackney_om)
    with pytest.raises(PermissionDenied, match="outside your borough"):
        get_record(session, hackney_om, secret)
    session.rollback()
    restricted.revoke_restricted(session, admin, om.username, reason="left the case")
    session.commit()
    assert secret not in _listed(session, om)
    with pytest.raises(PermissionDenied, match="restricted"):
        get_record(session, om, secret)
    session.rollback()
    summaries = [
        e.summary
        for e in session.exec(
            select(AuditEntry).where(AuditEntry.object_type == "restricted_grant")
        )
    ]
    assert any("granted" in s for s in summaries) and any("revoked" in s for s in summaries)


def test_only_an_administrator_grants(session: Session, tmp_path: Path):
    world, _, _ = _restricted_world(session, tmp_path)
    supervisor = world.camden[Role.supervisor]
    with pytest.raises(PermissionDenied, match="supervisor may not manage users"):
        restricted.grant_restricted(
            session, supervisor, supervisor.username, reason="I want to see"
        )
    session.rollback()
    om = world.camden[Role.offender_manager]
    with pytest.raises(PermissionDenied):
        restricted.grant_restricted(session, om, om.username, reason="I want to see")
    session.rollback()
    assert not restricted.sees_restricted(session, om)


# --- the documented matrix ------------------------------------------------------------------


def test_security_doc_shows_the_matrix_of_the_code():
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    assert matrix_markdown() in text, (
        "docs/security.md's roles table differs from the code: paste matrix_markdown() in"
    )


def test_matrix_markdown_marks_each_pair():
    lines = matrix_markdown().splitlines()
    assert len(lines) == 2 + len(Action)
    for action, line in zip(Action, lines[2:], strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")][2:]
        assert cells == ["yes" if r in MATRIX[action] else "—" for r in Role]
