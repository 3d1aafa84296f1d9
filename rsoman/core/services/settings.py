"""Force settings an administrator changes, and the borough and ward list (issue 7).

Two kinds of setting, one screen and one command for both:
- stored settings (`SPECS`): when the warning scan runs, the inactivity lock, the "report to"
  contact printed on briefing packs (force-wide, or per borough as `briefing_contact:<code>`).
  They live in the `force_setting` table; a setting without a row has its default.
- policy numbers (the visit tariff, deadlines, `default_capacity`): a change to any of them is
  written as the next force policy version (services/policy.py), never in place, so that every
  warning keeps pointing at the numbers it used.

`update_settings` takes every change at once, lists every problem (nothing is written if there
is one), and records old -> new values in the audit log with the reason. Only administrators
change settings (the `manage_policy` permission); anyone signed in may read them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.policy import RANK_SETTINGS, SETTING_NAMES, policy_settings, setting_problems
from ..store.enums import AuditAction
from ..store.models import Address, Borough, ForceSetting, Ward
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .errors import NotFound, Problem, ValidationFailed
from .permissions import Action, require
from .policy import current_policy, store_policy_version

SCAN_DAILY_TIME = "scan_daily_time"
SCAN_EVERY_MINUTES = "scan_every_minutes"
LOCK_AFTER_MINUTES = "lock_after_minutes"
BRIEFING_CONTACT = "briefing_contact"
# The policy's caseload capacity, under the name an administrator looks for; an officer's own
# capacity (Officer.capacity) overrides it.
DEFAULT_CAPACITY = "default_capacity"
_CAPACITY_POLICY_KEY = "caseload_capacity"
# One borough's briefing contact: "briefing_contact:camden".
BOROUGH_CONTACT_PREFIX = f"{BRIEFING_CONTACT}:"
# A retired ward (kept because addresses name it): "ward_retired:<ward id>".
_RETIRED_PREFIX = "ward_retired:"

CONTACT_MAX = 300
WARD_NAME_MAX = 120
BOROUGH_NAME_MAX = 80


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    kind: str  # "time" (HH:MM, London), "int" or "text"
    default: int | str
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""


SPECS: dict[str, SettingSpec] = {
    s.key: s
    for s in (
        SettingSpec(
            SCAN_DAILY_TIME,
            "Daily scan at",
            "time",
            "07:00",
            help="the daily warning scan, London time (HH:MM), before the day's briefings",
        ),
        SettingSpec(
            SCAN_EVERY_MINUTES,
            "Scan every (minutes)",
            "int",
            60,
            15,
            1440,
            help="how often the warning scan runs through the day",
        ),
        SettingSpec(
            LOCK_AFTER_MINUTES,
            "Lock after (minutes idle)",
            "int",
            10,
            1,
            60,
            help="the desktop app locks after this long without input",
        ),
        SettingSpec(
            BRIEFING_CONTACT,
            "Briefing contact",
            "text",
            "",
            help="printed under 'Report to' on briefing packs when no borough has its own "
            "(blank: the borough's Jigsaw team)",
        ),
    )
}


@dataclass(frozen=True)
class Settings:
    """Every setting in force, as plain values (safe to hand to another thread)."""

    scan_daily_time: str
    scan_every_minutes: int
    lock_after_minutes: int
    # Force-wide; "" when none is set.
    briefing_contact: str
    # Borough code -> that borough's own contact.
    briefing_contacts: dict[str, str]
    default_capacity: int
    policy_version: int
    # Every policy setting in force (policy_settings of the current version).
    policy: dict[str, int | str] = field(default_factory=dict)

    def briefing_contact_for(self, borough_code: str) -> str:
        """The contact for a borough's briefings: its own, else the force's ("" if neither)."""
        return self.briefing_contacts.get(borough_code) or self.briefing_contact

    def as_dict(self) -> dict[str, Any]:
        """Every key `update_settings` accepts, with its value in force."""
        out: dict[str, Any] = {
            SCAN_DAILY_TIME: self.scan_daily_time,
            SCAN_EVERY_MINUTES: self.scan_every_minutes,
            LOCK_AFTER_MINUTES: self.lock_after_minutes,
            BRIEFING_CONTACT: self.briefing_contact,
        }
        for code, text in sorted(self.briefing_contacts.items()):
            out[f"{BOROUGH_CONTACT_PREFIX}{code}"] = text
        out[DEFAULT_CAPACITY] = self.default_capacity
        out.update((k, v) for k, v in self.policy.items() if k != _CAPACITY_POLICY_KEY)
        return out


def _stored(session: Session) -> dict[str, Any]:
    rows = session.exec(select(ForceSetting)).all()
    return {row.key: json.loads(row.value) for row in rows}


def get_settings(session: Session) -> Settings:
    """The settings in force (defaults for any never changed). No permission needed: they hold
    no personal data, and the scheduler and the lock read them before anyone signs in."""
    stored = _stored(session)
    policy = current_policy(session)
    numbers = policy_settings(policy)

    def value(key: str) -> Any:
        spec = SPECS[key]
        found = stored.get(key, spec.default)
        # A row of the wrong type (a hand edit) must not stop the scheduler: use the default.
        return found if _problem(spec, found) is None else spec.default

    return Settings(
        scan_daily_time=value(SCAN_DAILY_TIME),
        scan_every_minutes=value(SCAN_EVERY_MINUTES),
        lock_after_minutes=value(LOCK_AFTER_MINUTES),
        briefing_contact=value(BRIEFING_CONTACT),
        briefing_contacts={
            k.removeprefix(BOROUGH_CONTACT_PREFIX): str(v)
            for k, v in stored.items()
            if k.startswith(BOROUGH_CONTACT_PREFIX) and v
        },
        default_capacity=int(numbers[_CAPACITY_POLICY_KEY]),
        policy_version=policy.version,
        policy=numbers,
    )


def briefing_contact_for(session: Session, borough_code: str) -> str:
    """The "report to" contact for a borough's briefings ("" when none is set)."""
    stored = _stored(session)
    own = stored.get(f"{BOROUGH_CONTACT_PREFIX}{borough_code}")
    force = stored.get(BRIEFING_CONTACT)
    return str(own or force or "")


# ---------------------------------------------------------------------------------------------
# Parsing and checking one value (values may arrive as text, from the command line or a form)

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    return None


def _normalise(spec: SettingSpec, value: Any) -> Any:
    """The value in its stored form (text to a number, "7:00" to "07:00"); unchanged if it
    cannot be read (then `_problem` says why)."""
    if spec.kind == "int":
        number = _as_int(value)
        return value if number is None else number
    if spec.kind == "time" and isinstance(value, str) and (m := _TIME.match(value.strip())):
        return f"{int(m.group(1)):02d}:{m.group(2)}"
    if spec.kind == "text" and isinstance(value, str):
        return value.strip()
    return value


def _text_problem(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return f"{value!r} is not text"
    if len(value) > limit:
        return f"is {len(value)} characters long; at most {limit}"
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        return "contains control characters"
    return None


def _problem(spec: SettingSpec, value: Any) -> str | None:
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{value!r} is not a whole number"
        if spec.minimum is not None and value < spec.minimum:
            return (
                f"{value} is less than {spec.minimum} (allowed: {spec.minimum} to {spec.maximum})"
            )
        if spec.maximum is not None and value > spec.maximum:
            return (
                f"{value} is more than {spec.maximum} (allowed: {spec.minimum} to {spec.maximum})"
            )
        return None
    if spec.kind == "time":
        if not isinstance(value, str) or not _TIME.match(value.strip()):
            return f"{value!r} is not a time of day as HH:MM (00:00 to 23:59)"
        return None
    return _text_problem(value, CONTACT_MAX)


def _policy_value(key: str, value: Any) -> Any:
    if key in RANK_SETTINGS:
        return value.strip() if isinstance(value, str) else value
    number = _as_int(value)
    return value if number is None else number


# ---------------------------------------------------------------------------------------------
# Changing settings


def _require_reason(reason: str | None, problems: list[Problem]) -> str:
    text = (reason or "").strip()
    if not text:
        problems.append(Problem("", "reason", "a reason is required (it is kept in the audit log)"))
    return text


def update_settings(
    session: Session, actor: Actor, changes: Mapping[str, Any], reason: str
) -> Settings:
    """Apply `changes` (key -> new value; see `Settings.as_dict` for the keys) at once, or none.

    Values may be given as text. A blank briefing contact removes it (a borough's then falls
    back to the force's). Policy numbers become the next policy version. Changes equal to the
    value in force are ignored; if nothing would change, that is refused. The caller commits."""
    require(session, actor, Action.manage_policy)
    problems: list[Problem] = []
    text_reason = _require_reason(reason, problems)
    before = get_settings(session)
    in_force = before.as_dict()
    stored_changes: dict[str, Any] = {}
    policy_changes: dict[str, Any] = {}
    # Which name the administrator used for a policy key (to put a problem beside it).
    asked_as: dict[str, str] = {}
    borough_codes = {b.code: b.is_central for b in session.exec(select(Borough)).all()}
    if not changes:
        problems.append(Problem("", "", "no setting given"))
    for key, raw in changes.items():
        if key in SPECS:
            spec = SPECS[key]
            value = _normalise(spec, raw)
            if (why := _problem(spec, value)) is not None:
                problems.append(Problem("", key, why))
            elif value != in_force[key]:
                stored_changes[key] = value
        elif key.startswith(BOROUGH_CONTACT_PREFIX):
            code = key.removeprefix(BOROUGH_CONTACT_PREFIX)
            value = raw.strip() if isinstance(raw, str) else raw
            if code not in borough_codes:
                problems.append(Problem("", key, f"no borough with code {code!r}"))
            elif borough_codes[code]:
                problems.append(
                    Problem("", key, "the central team is not an area: name a London borough")
                )
            elif (why := _text_problem(value, CONTACT_MAX)) is not None:
                problems.append(Problem("", key, why))
            elif value != in_force.get(key, ""):
                stored_changes[key] = value
        elif key == DEFAULT_CAPACITY or key in SETTING_NAMES:
            policy_key = _CAPACITY_POLICY_KEY if key == DEFAULT_CAPACITY else key
            if policy_key in asked_as:
                problems.append(Problem("", key, f"given twice (also as {asked_as[policy_key]})"))
                continue
            asked_as[policy_key] = key
            value = _policy_value(policy_key, raw)
            if value != before.policy[policy_key]:
                policy_changes[policy_key] = value
        else:
            problems.append(Problem("", str(key), "unknown setting"))
    for p in setting_problems(policy_changes, base=current_policy(session)):
        problems.append(Problem("", asked_as.get(p.key, p.key), p.reason))
    if not problems and not stored_changes and not policy_changes:
        problems.append(Problem("", "", "no change: every value given is already in force"))
    if problems:
        raise ValidationFailed(problems)

    now = utcnow()
    rows = {
        r.key: r
        for r in session.exec(
            select(ForceSetting).where(ForceSetting.key.in_(list(stored_changes)))  # type: ignore[attr-defined]
        )
    }
    for key, value in stored_changes.items():
        row = rows.get(key)
        if value == "" and key.startswith(BRIEFING_CONTACT):
            # Blank: back to the fallback, so no row is kept.
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = ForceSetting(key=key, value="")
        row.value = json.dumps(value)
        row.changed_at = now
        row.changed_by_user_id = actor.user_id
        row.changed_by = actor.username
        session.add(row)
    if stored_changes:
        audit.record(
            session,
            actor,
            AuditAction.alteration,
            "settings",
            "changed force settings: "
            + "; ".join(
                f"{key}: {_shown(in_force.get(key, ''))} -> {_shown(value)}"
                for key, value in stored_changes.items()
            ),
            object_key=",".join(stored_changes)[:60],
            justification=text_reason,
        )
    if policy_changes:
        store_policy_version(
            session,
            actor,
            policy_changes,
            reason=text_reason,
            source_name=None,
            sha256=None,
            describe="from the force settings",
        )
    session.flush()
    return get_settings(session)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


# ---------------------------------------------------------------------------------------------
# Boroughs and wards


@dataclass(frozen=True)
class WardInfo:
    id: int
    borough_code: str
    borough: str
    name: str
    # Addresses (current or past) recorded in this ward.
    addresses: int
    retired: bool


@dataclass(frozen=True)
class BoroughInfo:
    id: int
    code: str
    name: str
    is_central: bool


def _borough(session: Session, code: str, *, area: bool = True) -> Borough:
    borough = session.exec(select(Borough).where(Borough.code == (code or "").strip())).first()
    if borough is None:
        raise NotFound(f"no borough with code {code!r}")
    if area and borough.is_central:
        raise ValidationFailed(
            [Problem("", "borough", "the central team is not an area: name a London borough")]
        )
    return borough


def _retired_ids(session: Session) -> set[int]:
    keys = session.exec(
        select(ForceSetting.key).where(ForceSetting.key.startswith(_RETIRED_PREFIX))  # type: ignore[attr-defined]
    ).all()
    return {int(k.removeprefix(_RETIRED_PREFIX)) for k in keys}


def retired_ward_ids(session: Session) -> frozenset[int]:
    """Wards kept only for the addresses that name them: not to be offered for a new address."""
    return frozenset(_retired_ids(session))


def _address_count(session: Session, ward_id: int) -> int:
    return session.exec(
        select(sa.func.count()).select_from(Address).where(Address.ward_id == ward_id)
    ).one()


def _info(session: Session, ward: Ward, borough: Borough, retired: set[int]) -> WardInfo:
    assert ward.id is not None
    return WardInfo(
        id=ward.id,
        borough_code=borough.code,
        borough=borough.name,
        name=ward.name,
        addresses=_address_count(session, ward.id),
        retired=ward.id in retired,
    )


def list_wards(session: Session, borough_code: str | None = None) -> list[WardInfo]:
    """Every ward (retired ones marked), by borough then name."""
    query = (
        select(Ward, Borough)
        .join(Borough, Borough.id == Ward.borough_id)
        .order_by(Borough.name, Ward.name)
    )
    if borough_code:
        query = query.where(Borough.code == _borough(session, borough_code).code)
    retired = _retired_ids(session)
    counts = dict(
        session.exec(
            select(Address.ward_id, sa.func.count())
            .where(Address.ward_id.is_not(None))  # type: ignore[union-attr]
            .group_by(Address.ward_id)
        ).all()
    )
    return [
        WardInfo(
            id=w.id,  # type: ignore[arg-type]
            borough_code=b.code,
            borough=b.name,
            name=w.name,
            addresses=counts.get(w.id, 0),
            retired=w.id in retired,
        )
        for w, b in session.exec(query).all()
    ]


def list_boroughs(session: Session) -> list[BoroughInfo]:
    rows = session.exec(select(Borough).order_by(Borough.is_central, Borough.name)).all()
    return [BoroughInfo(b.id, b.code, b.name, b.is_central) for b in rows]  # type: ignore[arg-type]


def _clean_name(name: str | None, limit: int, problems: list[Problem], what: str) -> str:
    text = " ".join((name or "").split())
    if not text:
        problems.append(Problem("", "name", f"the {what} needs a name"))
    elif len(text) > limit:
        problems.append(Problem("", "name", f"is {len(text)} characters long; at most {limit}"))
    return text


def _ward_named(session: Session, borough: Borough, name: str) -> Ward | None:
    return session.exec(
        select(Ward).where(
            Ward.borough_id == borough.id, sa.func.lower(Ward.name) == name.strip().lower()
        )
    ).first()


def add_ward(
    session: Session, actor: Actor, borough_code: str, name: str, *, reason: str = ""
) -> WardInfo:
    """Add a ward to a borough. A retired ward of the same name is brought back instead."""
    require(session, actor, Action.manage_policy)
    borough = _borough(session, borough_code)
    problems: list[Problem] = []
    text = _clean_name(name, WARD_NAME_MAX, problems, "ward")
    existing = _ward_named(session, borough, text) if text else None
    retired = _retired_ids(session)
    if existing is not None and existing.id not in retired:
        problems.append(Problem("", "name", f"{borough.name} already has a ward {existing.name!r}"))
    if problems:
        raise ValidationFailed(problems)
    if existing is not None:
        marker = session.exec(
            select(ForceSetting).where(ForceSetting.key == f"{_RETIRED_PREFIX}{existing.id}")
        ).one()
        session.delete(marker)
        retired.discard(existing.id)  # type: ignore[arg-type]
        ward, summary = existing, f"brought back retired ward {existing.name!r} in {borough.name}"
    else:
        ward = Ward(borough_id=borough.id, name=text)  # type: ignore[arg-type]
        session.add(ward)
        session.flush()
        summary = f"added ward {text!r} to {borough.name}"
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "ward",
        summary,
        object_key=f"{borough.code}/{ward.name}"[:60],
        justification=reason.strip() or None,
    )
    session.flush()
    return _info(session, ward, borough, retired)


def _existing_ward(session: Session, borough: Borough, name: str) -> Ward:
    ward = _ward_named(session, borough, name)
    if ward is None:
        raise NotFound(f"{borough.name} has no ward {name.strip()!r}")
    return ward


def rename_ward(
    session: Session,
    actor: Actor,
    borough_code: str,
    name: str,
    new_name: str,
    *,
    reason: str = "",
) -> WardInfo:
    """Rename a ward. Addresses keep pointing at it, so they show the new name."""
    require(session, actor, Action.manage_policy)
    borough = _borough(session, borough_code)
    ward = _existing_ward(session, borough, name)
    problems: list[Problem] = []
    text = _clean_name(new_name, WARD_NAME_MAX, problems, "ward")
    if text == ward.name:
        problems.append(Problem("", "name", "the new name is the same as the old"))
    elif (
        text and (other := _ward_named(session, borough, text)) is not None and other.id != ward.id
    ):
        problems.append(Problem("", "name", f"{borough.name} already has a ward {other.name!r}"))
    if problems:
        raise ValidationFailed(problems)
    old = ward.name
    ward.name = text
    session.add(ward)
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "ward",
        f"renamed ward {old!r} in {borough.name} to {text!r}",
        object_key=f"{borough.code}/{text}"[:60],
        justification=reason.strip() or None,
    )
    session.flush()
    return _info(session, ward, borough, _retired_ids(session))


@dataclass(frozen=True)
class WardRetired:
    name: str
    borough: str
    # True: no address named it, so it was removed; False: kept, marked retired.
    deleted: bool
    addresses: int


def retire_ward(
    session: Session, actor: Actor, borough_code: str, name: str, *, reason: str
) -> WardRetired:
    """Take a ward off the list. A ward no address names is removed; one that addresses name is
    never deleted (their history would lose its ward) but marked retired."""
    require(session, actor, Action.manage_policy)
    problems: list[Problem] = []
    text_reason = _require_reason(reason, problems)
    borough = _borough(session, borough_code)
    ward = _existing_ward(session, borough, name)
    assert ward.id is not None
    if ward.id in _retired_ids(session):
        problems.append(Problem("", "name", f"ward {ward.name!r} is already retired"))
    if problems:
        raise ValidationFailed(problems)
    used = _address_count(session, ward.id)
    if used:
        session.add(
            ForceSetting(
                key=f"{_RETIRED_PREFIX}{ward.id}",
                value=json.dumps({"borough": borough.code, "name": ward.name}),
                changed_at=utcnow(),
                changed_by_user_id=actor.user_id,
                changed_by=actor.username,
            )
        )
        summary = f"retired ward {ward.name!r} in {borough.name} (kept: {used} address(es))"
    else:
        session.delete(ward)
        summary = f"removed ward {ward.name!r} from {borough.name} (no address named it)"
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "ward",
        summary,
        object_key=f"{borough.code}/{ward.name}"[:60],
        justification=text_reason,
    )
    session.flush()
    return WardRetired(ward.name, borough.name, deleted=not used, addresses=used)


def rename_borough(
    session: Session, actor: Actor, code: str, new_name: str, *, reason: str = ""
) -> BoroughInfo:
    """Rename a borough (its code, which files and accounts use, stays)."""
    require(session, actor, Action.manage_policy)
    borough = _borough(session, code, area=False)
    problems: list[Problem] = []
    text = _clean_name(new_name, BOROUGH_NAME_MAX, problems, "borough")
    if text == borough.name:
        problems.append(Problem("", "name", "the new name is the same as the old"))
    elif text:
        other = session.exec(
            select(Borough).where(sa.func.lower(Borough.name) == text.lower())
        ).first()
        if other is not None and other.id != borough.id:
            problems.append(Problem("", "name", f"borough {other.code!r} is already called that"))
    if problems:
        raise ValidationFailed(problems)
    old = borough.name
    borough.name = text
    session.add(borough)
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "borough",
        f"renamed borough {borough.code!r} from {old!r} to {text!r}",
        object_key=borough.code,
        justification=reason.strip() or None,
    )
    session.flush()
    return BoroughInfo(borough.id, borough.code, borough.name, borough.is_central)  # type: ignore[arg-type]
