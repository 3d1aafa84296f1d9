"""Restricted records: offenders marked `restricted` are seen only by users granted them.

A grant covers every restricted record in the user's existing scope (their borough, or London
for the central team): see `store/models/restricted_grant.py` for why it is per person rather
than per record. Only administrators grant and revoke (the `manage_users` action), always with a
reason, and both are audited. The system actor (scans, imports, the demo generator) sees all.

The check is made afresh on every call, so a revocation takes effect at the user's next action,
not at their next sign-in.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from ..store.enums import AuditAction, Role
from ..store.models import Offender, RestrictedGrant, UserAccount
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .errors import NotFound, Problem, ValidationFailed
from .permissions import Action, require


def _live_grant(session: Session, user_id: int) -> RestrictedGrant | None:
    return session.exec(
        select(RestrictedGrant).where(
            RestrictedGrant.user_id == user_id, RestrictedGrant.revoked_at.is_(None)
        )
    ).first()


def sees_restricted(session: Session, actor: Actor) -> bool:
    """Whether the actor may see restricted records (within their scope)."""
    if actor.user_id is None:
        # The system itself: the scan must cover every offender.
        return True
    return _live_grant(session, actor.user_id) is not None


def restricted_filter(session: Session, actor: Actor) -> ColumnElement[bool] | None:
    """A WHERE condition hiding restricted offenders from an actor without a grant (None when
    the actor may see them)."""
    if sees_restricted(session, actor):
        return None
    return Offender.restricted == sa.false()


def hide_restricted(
    session: Session, actor: Actor, offender_id: ColumnElement[int] | Any
) -> ColumnElement[bool] | None:
    """The same, for a query on another table that names the offender by id (warnings, Today's
    lists, packs): `query.where(cond)` unless None. Offenders with no id (NULL) stay visible."""
    if sees_restricted(session, actor):
        return None
    secret = select(Offender.id).where(Offender.restricted == sa.true())
    return sa.or_(offender_id.is_(None), offender_id.not_in(secret))


def _user(session: Session, username: str) -> UserAccount:
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if user is None:
        raise NotFound(f"no user account named {username!r}")
    return user


def grant_restricted(session: Session, admin: Actor, username: str, *, reason: str) -> None:
    """Let a user see the restricted records in their scope (administrators only)."""
    require(session, admin, Action.manage_users)
    user = _user(session, username)
    problems = []
    if not reason.strip():
        problems.append(Problem("", "reason", "say why this user needs to see restricted records"))
    if user.role == Role.administrator:
        problems.append(
            Problem("", "username", "administrators do not see offender records at all")
        )
    elif user.id is not None and _live_grant(session, user.id) is not None:
        problems.append(Problem("", "username", f"{username} already sees restricted records"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert user.id is not None
    session.add(RestrictedGrant(user_id=user.id, granted_by=admin.user_id, reason=reason.strip()))
    session.flush()
    audit.record(
        session,
        admin,
        AuditAction.alteration,
        "restricted_grant",
        f"granted {username} access to restricted records",
        object_key=username,
        justification=reason.strip(),
    )


def revoke_restricted(session: Session, admin: Actor, username: str, *, reason: str) -> None:
    """Withdraw a user's grant (administrators only). The grant row is kept, stamped revoked."""
    require(session, admin, Action.manage_users)
    user = _user(session, username)
    grant = _live_grant(session, user.id) if user.id is not None else None
    problems = []
    if not reason.strip():
        problems.append(Problem("", "reason", "say why the grant is withdrawn"))
    if grant is None:
        problems.append(Problem("", "username", f"{username} has no grant to revoke"))
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert grant is not None
    grant.revoked_at = utcnow()
    grant.revoked_by = admin.user_id
    grant.revoke_reason = reason.strip()
    session.add(grant)
    session.flush()
    audit.record(
        session,
        admin,
        AuditAction.alteration,
        "restricted_grant",
        f"revoked {username}'s access to restricted records",
        object_key=username,
        justification=reason.strip(),
    )
