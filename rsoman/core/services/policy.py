"""Force policy versions: which numbers are in force, and an administrator loading new ones.

The policy in force is the newest stored version (version 1, the defaults of DOMAIN.md, comes
with the database). Loading a policy file adds the next version; nothing is ever changed in
place, so every warning's explanation ("policy v1") keeps pointing at the numbers it used. The
file format is in docs/policy.md.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.policy import (
    POLICY_V1,
    Policy,
    PolicyInvalid,
    SettingProblem,
    policy_from_settings,
    policy_settings,
)
from ..store.enums import AuditAction
from ..store.models import PolicyVersion
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .errors import NotFound, Problem, ServiceError, ValidationFailed
from .permissions import Action, require


@dataclass(frozen=True)
class PolicyVersionInfo:
    """One stored version as `policy list` shows it."""

    version: int
    loaded_at: datetime
    loaded_by: str
    source_name: str | None
    sha256: str | None
    reason: str | None
    # "setting: old -> new" against the version before (empty for version 1).
    changes: list[str]
    current: bool


def _stored_policy(row: PolicyVersion) -> Policy:
    try:
        return policy_from_settings(row.version, json.loads(row.settings))
    except (PolicyInvalid, ValueError) as exc:
        # Only a migration that forgot a new field, or a hand edit, gets here.
        raise ServiceError(f"stored policy v{row.version} is unreadable: {exc}") from exc


def current_policy(session: Session) -> Policy:
    """The policy in force: the newest stored version (POLICY_V1 if none is stored)."""
    row = session.exec(select(PolicyVersion).order_by(PolicyVersion.version.desc())).first()
    return POLICY_V1 if row is None else _stored_policy(row)


def _changes(old: Policy, new: Policy) -> list[str]:
    before, after = policy_settings(old), policy_settings(new)
    return [f"{k}: {before[k]} -> {after[k]}" for k in after if before[k] != after[k]]


def list_policies(session: Session, actor: Actor) -> list[PolicyVersionInfo]:
    """Every version, oldest first, with what each changed. Any signed-in user may read them:
    they are the numbers every warning explains itself by, and hold no personal data."""
    rows = session.exec(select(PolicyVersion).order_by(PolicyVersion.version)).all()
    out: list[PolicyVersionInfo] = []
    previous: Policy | None = None
    for i, row in enumerate(rows):
        policy = _stored_policy(row)
        out.append(
            PolicyVersionInfo(
                version=row.version,
                loaded_at=row.loaded_at,
                loaded_by=row.loaded_by,
                source_name=row.source_name,
                sha256=row.sha256,
                reason=row.reason,
                changes=_changes(previous, policy) if previous is not None else [],
                current=i == len(rows) - 1,
            )
        )
        previous = policy
    return out


def _problems(name: str, found: list[SettingProblem]) -> list[Problem]:
    return [Problem(name, p.key, p.reason) for p in found]


def load_policy_file(session: Session, actor: Actor, path: Path | str, *, reason: str) -> Policy:
    """Load a TOML policy file as the next version (the caller commits).

    Settings the file leaves out keep the current version's values. Every problem is listed
    (ValidationFailed) and nothing is written; a file that changes nothing is refused."""
    require(session, actor, Action.manage_policy)
    path = Path(path)
    name = path.name
    text_reason = (reason or "").strip()
    problems: list[Problem] = []
    if not text_reason:
        problems.append(Problem("", "reason", "a reason is required (it is kept with the version)"))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationFailed([*problems, Problem(name, "", "not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationFailed([*problems, Problem(name, "", f"not valid TOML: {exc}")]) from None

    return store_policy_version(
        session,
        actor,
        document,
        reason=text_reason,
        source_name=name,
        sha256=digest,
        problems=problems,
        describe=f"from {name} (sha256 {digest[:12]})",
    )


def store_policy_version(
    session: Session,
    actor: Actor,
    document: Mapping[str, Any],
    *,
    reason: str,
    source_name: str | None,
    sha256: str | None,
    problems: list[Problem] | None = None,
    describe: str = "",
) -> Policy:
    """Store `document` (settings; those left out keep the current values) as the next version.

    Shared by a policy file and the settings screen (services/settings.py). `problems` already
    found by the caller are listed with these; nothing is written if there are any. The caller
    has checked the permission; the caller commits."""
    problems = list(problems or [])
    name = source_name or ""
    text_reason = reason.strip()
    if not text_reason and not any(p.field == "reason" for p in problems):
        problems.append(Problem("", "reason", "a reason is required (it is kept with the version)"))
    current = current_policy(session)
    try:
        new = policy_from_settings(current.version + 1, document, base=current)
    except PolicyInvalid as exc:
        problems += _problems(name, exc.problems)
        raise ValidationFailed(problems) from None
    changes = _changes(current, new)
    if not changes:
        problems.append(
            Problem(
                name, "", f"no change: every setting equals the current policy v{current.version}"
            )
        )
    if problems:
        raise ValidationFailed(problems)

    # The next number after the highest stored, under the table's unique version: two
    # administrators loading at once cannot both become the same version.
    highest = session.exec(select(sa.func.max(PolicyVersion.version))).one()
    new = policy_from_settings((highest or 0) + 1, document, base=current)
    session.add(
        PolicyVersion(
            version=new.version,
            settings=json.dumps(policy_settings(new), sort_keys=True),
            loaded_at=utcnow(),
            loaded_by_user_id=actor.user_id,
            loaded_by=actor.username,
            source_name=source_name[:255] if source_name else None,
            sha256=sha256,
            reason=text_reason,
        )
    )
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "policy",
        f"loaded force policy v{new.version} {describe or 'from ' + name}: " + "; ".join(changes),
        object_key=str(new.version),
        justification=text_reason,
    )
    session.flush()
    return new
