"""Import an rsoman-data/1 document, all or nothing.

Three passes: the structure is checked against the JSON Schema; each record is read (dates,
defaults, text every database can hold) and then checked for meaning (references, duplicates,
what is already in the database). Only when no problem at all was found is anything written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from ...store.enums import ArmsRating, AuditAction, BreachKind, PlanKind, Role
from ...store.models import (
    Borough,
    MappaAttendee,
    MappaMeeting,
    Offender,
    OffenderPhoto,
    Officer,
    Prohibition,
    UserAccount,
    VisitOfficer,
    Ward,
)
from ...store.models._types import utcnow
from .. import audit, visit_address
from ..actor import Actor
from ..errors import Problem, ValidationFailed
from ..permissions import Action, require
from .json_export import Names, row_values, to_json_value
from .schema import json_path, structure_problems
from .spec import (
    ARMS_COLUMNS,
    COMPUTED_DEFAULTS,
    NOW,
    OFFENDER,
    PHOTO,
    REFERENCE_KINDS,
    SAME_AS_CREATED,
    SAME_AS_MADE,
    TOP_LEVEL,
    FieldSpec,
    Kind,
    RecordSpec,
)
from .values import KEY_REASON, BadValue, decode_photo, parse_date, parse_datetime, text_problem

_CHUNK = 900


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]  # what was created, e.g. {"offenders": 3, "visits": 40}
    source: str
    # What the person importing should know of what was imported, in words (nothing refused).
    notices: tuple[str, ...] = ()


@dataclass
class Rec:
    """One record as read from the document: values by JSON key (dates parsed, defaults
    applied, references still as natural keys), and its nested records."""

    spec: RecordSpec
    path: str
    values: dict[str, Any]
    children: dict[str, list[Rec]] = field(default_factory=dict)
    photo: Rec | None = None
    # Keys whose values failed the structure check (and were already reported).
    damaged: set[str] = field(default_factory=set)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


@dataclass
class Plan:
    """What an import will write, once it is known to be sound."""

    boroughs: list[Rec] = field(default_factory=list)
    officers: list[Rec] = field(default_factory=list)  # new ones only
    users: list[Rec] = field(default_factory=list)  # new ones only
    offenders: list[Rec] = field(default_factory=list)
    meetings: list[Rec] = field(default_factory=list)


# ---- reading --------------------------------------------------------------------------------


class _Reader:
    def __init__(self, now: datetime, problems: list[Problem], damage: Damage) -> None:
        self.now = now
        self.problems = problems
        self.damage = damage

    def add(self, path: str, field_name: str, reason: str) -> None:
        self.problems.append(Problem(path, field_name, reason))

    def record(
        self, spec: RecordSpec, obj: dict[str, Any], path: str, parent: Rec | None = None
    ) -> Rec:
        rec = Rec(spec, path, {})
        for f in spec.fields:
            raw = obj.get(f.key)
            if f.kind is Kind.records:
                assert f.child is not None
                usable = isinstance(raw, list) and not self.damage.list(path, f.key)
                rec.children[f.key] = [
                    self.record(f.child, item, f"{path}.{f.key}[{i}]", rec)
                    for i, item in enumerate(raw if usable else [])
                    if isinstance(item, dict)
                ]
            elif self.damage.field(path, f.key):
                rec.damaged.add(f.key)
                rec.values[f.key] = None
            elif f.kind is Kind.photo:
                rec.photo = self.photo(raw, f"{path}.{f.key}") if raw is not None else None
            else:
                rec.values[f.key] = self.value(f, raw, path)
        self.computed_defaults(rec, parent)
        for earlier, later in spec.date_order:
            a, b = rec[earlier], rec[later]
            if a is not None and b is not None and b < a:
                self.add(path, later, f"must not be before {earlier} ({a.isoformat()})")
        return rec

    def photo(self, obj: dict[str, Any], path: str) -> Rec:
        rec = self.record(PHOTO, obj, path)
        if rec["data"] is not None:
            try:
                rec.values["data"] = decode_photo(rec["data"], str(rec["mime"]))
            except BadValue as exc:
                self.add(path, "data", str(exc))
        return rec

    def text(self, value: str, path: str, key: str) -> str:
        reason = text_problem(value)
        if reason:
            self.add(path, key, reason)
        return value

    def value(self, f: FieldSpec, raw: Any, path: str) -> Any:
        if raw is None:
            if f.default is not None and f.default not in COMPUTED_DEFAULTS:
                return f.default
            return None
        try:
            match f.kind:
                case Kind.date:
                    return parse_date(raw)
                case Kind.datetime:
                    return parse_datetime(raw)
                case Kind.enum:
                    assert f.enum is not None
                    return f.enum(raw)
                case Kind.integer | Kind.boolean:
                    return raw
                case Kind.arms:
                    return {factor: ArmsRating(v) for factor, v in raw.items()}
                case Kind.officers | Kind.wards:
                    return self.names_list(raw, path, f.key)
                case Kind.prohibitions:
                    return self.prohibitions(raw, path)
                case Kind.key:
                    if raw != raw.strip() or "\n" in raw or "\r" in raw:
                        self.add(path, f.key, KEY_REASON)
                    return self.text(raw, path, f.key)
                case Kind.text:
                    if f.required and not raw.strip():
                        self.add(path, f.key, "must not be blank")
                    return self.text(raw, path, f.key)
                case _:  # references
                    return self.text(raw, path, f.key)
        except BadValue as exc:
            self.add(path, f.key, str(exc))
            return None

    def names_list(self, raw: list[str], path: str, key: str) -> list[str]:
        seen: set[str] = set()
        for i, name in enumerate(raw):
            self.text(name, f"{path}.{key}[{i}]", key)
            if name in seen:
                self.add(f"{path}.{key}[{i}]", key, f"{name!r} is listed twice")
            seen.add(name)
        return list(raw)

    def prohibitions(self, raw: list[Any], path: str) -> list[tuple[str, bool]]:
        out = []
        for i, item in enumerate(raw):
            text, is_requirement = (
                (item, False)
                if isinstance(item, str)
                else (item["text"], item.get("is_requirement") or False)
            )
            where = f"{path}.prohibitions[{i}]"
            if not text.strip():
                self.add(where, "text", "must not be blank")
            self.text(text, where, "text")
            out.append((text, is_requirement))
        return out

    def computed_defaults(self, rec: Rec, parent: Rec | None) -> None:
        values = rec.values
        for f in rec.spec.fields:
            if values.get(f.key) is not None or f.default not in COMPUTED_DEFAULTS:
                continue
            if f.default == NOW:
                values[f.key] = self.now
            elif f.default == SAME_AS_CREATED:
                values[f.key] = values.get("created_at")
            elif f.default == SAME_AS_MADE:
                values[f.key] = values.get("made_on")
        if "age_at_conviction" in values and parent is not None:
            born: date | None = parent["date_of_birth"]
            convicted: date | None = values.get("conviction_date")
            if born is not None and convicted is not None:
                if convicted < born:
                    self.add(
                        rec.path, "conviction_date", f"must not be before date_of_birth ({born})"
                    )
                elif values["age_at_conviction"] is None:
                    values["age_at_conviction"] = _age(born, convicted)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# ---- checking meaning -------------------------------------------------------------------------

_USERNAME_RE = re.compile(r"[\w.\-]{1,60}")


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _Checker:
    """Checks references and duplicates against the document and the database."""

    def __init__(self, session: Session, problems: list[Problem]) -> None:
        self.session = session
        self.problems = problems
        s = session
        self.db_boroughs = {b.code: b for b in s.exec(select(Borough))}
        by_id = {b.id: b.code for b in self.db_boroughs.values()}
        self.wards: dict[str, set[str]] = {code: set() for code in self.db_boroughs}
        for ward in s.exec(select(Ward)):
            self.wards[by_id[ward.borough_id]].add(ward.name)
        self.db_officers = {o.warrant_number: o for o in s.exec(select(Officer))}
        self.db_users = {u.username: u for u in s.exec(select(UserAccount))}
        self.db_meetings = set(s.exec(select(MappaMeeting.ref)))
        self.names = Names(
            boroughs={i: c for i, c in by_id.items() if i is not None},
            officers={o.id: w for w, o in self.db_officers.items() if o.id is not None},
        )
        self.boroughs = set(self.db_boroughs)
        self.officers = set(self.db_officers)
        self.users = set(self.db_users)
        self.meetings = set(self.db_meetings)
        self.offenders: set[str] = set()
        self.db_offenders: set[str] = set()

    def add(self, path: str, field_name: str, reason: str) -> None:
        self.problems.append(Problem(path, field_name, reason))

    def load_offender_refs(self, refs: Iterable[str]) -> None:
        wanted = sorted({r for r in refs if isinstance(r, str)})
        for chunk in _chunks(wanted):
            self.db_offenders.update(
                self.session.exec(select(Offender.ref).where(col(Offender.ref).in_(chunk)))
            )

    def declare(self, plan_keys: dict[str, list[str]]) -> None:
        """Keys declared by the document, even by records too broken to read, so that a broken
        record does not also make every reference to it an error."""
        self.boroughs.update(plan_keys["boroughs"])
        self.officers.update(plan_keys["officers"])
        self.users.update(plan_keys["users"])
        self.meetings.update(plan_keys["mappa_meetings"])
        self.offenders.update(plan_keys["offenders"])
        self.offenders.update(self.db_offenders)

    # Each record kind ---------------------------------------------------------------------

    def references(self, rec: Rec, local: dict[Kind, set[str]] | None = None) -> None:
        for f in rec.spec.fields:
            value = rec[f.key]
            if value is None or f.kind not in REFERENCE_KINDS:
                continue
            self.reference(rec, f, value, local or {})

    def reference(self, rec: Rec, f: FieldSpec, value: str, local: dict[Kind, set[str]]) -> None:
        match f.kind:
            case Kind.borough:
                if value not in self.boroughs:
                    self.add(rec.path, f.key, f"unknown borough code {value!r}")
            case Kind.officer:
                if value not in self.officers:
                    self.add(rec.path, f.key, f"unknown officer warrant number {value!r}")
            case Kind.user:
                if value not in self.users:
                    self.add(rec.path, f.key, f"unknown user {value!r}")
            case Kind.meeting:
                if value not in self.meetings:
                    self.add(rec.path, f.key, f"unknown MAPPA meeting {value!r}")
            case Kind.offender:
                if value not in self.offenders:
                    self.add(rec.path, f.key, f"unknown offender {value!r}")
            case Kind.ward:
                borough = rec["borough"]
                if borough is None and "borough" not in rec.damaged:
                    self.add(rec.path, f.key, "a ward needs the borough it is in")
                elif borough in self.boroughs and value not in self.wards.get(borough, set()):
                    self.add(rec.path, f.key, f"unknown ward {value!r} in borough {borough}")
            case Kind.address:
                if value not in local.get(Kind.address, set()):
                    self.add(rec.path, f.key, f"no address with key {value!r} for this offender")
            case Kind.order:
                if value not in local.get(Kind.order, set()):
                    self.add(rec.path, f.key, f"no order with key {value!r} for this offender")

    def borough(self, rec: Rec, seen: set[str], names: dict[str, str]) -> None:
        code, name = rec["code"], rec["name"]
        if code is None or name is None:
            return
        if code in seen:
            self.add(rec.path, "code", f"borough {code!r} is listed twice")
        seen.add(code)
        existing = self.db_boroughs.get(code)
        if existing is not None:
            if name != existing.name:
                self.add(
                    rec.path,
                    "name",
                    f"borough {code!r} is already in the database as {existing.name!r}",
                )
            if rec["is_central"] != existing.is_central:
                self.add(
                    rec.path,
                    "is_central",
                    f"borough {code!r} is already in the database with "
                    f"is_central {str(existing.is_central).lower()}",
                )
        else:
            other = names.get(name)
            if other is not None and other != code:
                self.add(rec.path, "name", f"{name!r} is already the name of borough {other!r}")
            names[name] = code
        self.wards.setdefault(code, set()).update(rec["wards"] or [])

    def different(self, rec: Rec, existing: Any, keys: Iterable[str]) -> list[str]:
        ours = row_values(rec.spec, existing, self.names)
        out = []
        for key in keys:
            if ours.get(key) != rec[key]:
                there, here = to_json_value(ours.get(key)), to_json_value(rec[key])
                out.append(f"{key}: {there!r} there, {here!r} here")
        return out

    def officer(self, rec: Rec, seen: set[str]) -> bool:
        """True when the officer is new (to be created)."""
        warrant = rec["warrant_number"]
        self.references(rec)
        if warrant is None:
            return False
        if warrant in seen:
            self.add(rec.path, "warrant_number", f"officer {warrant!r} is listed twice")
        seen.add(warrant)
        existing = self.db_officers.get(warrant)
        if existing is None:
            return True
        if rec.damaged:
            return False
        keys = [f.key for f in rec.spec.fields if f.key != "warrant_number"]
        diff = self.different(rec, existing, keys)
        if diff:
            self.add(
                rec.path,
                "warrant_number",
                f"officer {warrant} is already in the database with different details ("
                + "; ".join(diff)
                + ")",
            )
        return False

    def user(self, rec: Rec, seen: set[str]) -> bool:
        username = rec["username"]
        self.references(rec)
        if username is None:
            return False
        if username in seen:
            self.add(rec.path, "username", f"user {username!r} is listed twice")
        seen.add(username)
        if not _USERNAME_RE.fullmatch(username):
            self.add(rec.path, "username", "use 1-60 letters, digits, dots, dashes or underscores")
        officer_missing = rec["officer"] is None and "officer" not in rec.damaged
        if officer_missing and rec["role"] not in (Role.administrator, None):
            self.add(rec.path, "officer", "every account but an administrator's is an officer's")
        existing = self.db_users.get(username)
        if existing is None:
            return True
        if rec.damaged:
            return False
        diff = self.different(rec, existing, ["role", "officer", "active"])
        if diff:
            self.add(
                rec.path,
                "username",
                f"user {username} is already in the database with different details ("
                + "; ".join(diff)
                + ")",
            )
        return False

    def meeting(self, rec: Rec, seen: set[str]) -> None:
        ref = rec["ref"]
        if ref is None:
            pass
        elif ref in seen:
            self.add(rec.path, "ref", f"MAPPA meeting {ref!r} is listed twice")
        elif ref in self.db_meetings:
            self.add(rec.path, "ref", f"MAPPA meeting {ref} already exists")
        seen.add(ref)
        self.references(rec)
        for attendee in rec.children["attendees"]:
            self.references(attendee)
        cases: set[str] = set()
        for case in rec.children["cases"]:
            self.references(case)
            offender = case["offender_ref"]
            if offender is not None and offender in cases:
                self.add(case.path, "offender_ref", f"offender {offender} is listed twice")
            cases.add(offender)

    def offender(self, rec: Rec, seen: set[str]) -> None:
        ref = rec["ref"]
        if ref is None:
            pass
        elif ref in seen:
            self.add(rec.path, "ref", f"offender {ref!r} is listed twice")
        elif ref in self.db_offenders:
            self.add(rec.path, "ref", f"offender {ref} already exists")
        seen.add(ref)
        self.references(rec)
        local: dict[Kind, set[str]] = {
            Kind.address: self.local_keys(rec.children["addresses"], "address"),
            Kind.order: self.local_keys(rec.children["orders"], "order"),
        }
        for children in rec.children.values():
            for child in children:
                self.references(child, local)
        for visit in rec.children["visits"]:
            self.visit(visit)
        for breach in rec.children["breaches"]:
            if breach.damaged & {"kind", "order_key"}:
                continue
            if breach["kind"] == BreachKind.order and breach["order_key"] is None:
                self.add(breach.path, "order_key", "a breach of an order must name the order")
            elif breach["kind"] != BreachKind.order and breach["order_key"] is not None:
                self.add(breach.path, "order_key", "only a breach of kind order names an order")
        for decision in rec.children["visit_plan_decisions"]:
            if decision.damaged & {"kind", "interval_days"}:
                continue
            individual = decision["kind"] == PlanKind.individual_frequency
            if individual and decision["interval_days"] is None:
                self.add(decision.path, "interval_days", "is required for individual_frequency")
            elif not individual and decision["interval_days"] is not None:
                self.add(decision.path, "interval_days", "is only for individual_frequency")

    def local_keys(self, recs: list[Rec], what: str) -> set[str]:
        keys: set[str] = set()
        for r in recs:
            key = r["key"]
            if key is None:
                continue
            if key in keys:
                self.add(r.path, "key", f"{what} key {key!r} is used twice for this offender")
            keys.add(key)
        return keys

    def visit(self, rec: Rec) -> None:
        dated = rec["planned_for"] is not None or rec["occurred_at"] is not None
        if not dated and not rec.damaged & {"planned_for", "occurred_at"}:
            self.add(rec.path, "occurred_at", "a visit needs occurred_at or planned_for")
        if rec["outcome"] is not None and rec["occurred_at"] is None:
            self.add(rec.path, "occurred_at", "is required when there is an outcome")
        for i, warrant in enumerate(rec["officers"] or []):
            if warrant not in self.officers:
                self.add(
                    f"{rec.path}.officers[{i}]",
                    "officers",
                    f"unknown officer warrant number {warrant!r}",
                )


# ---- the two passes before writing ------------------------------------------------------------


class Damage:
    """Where the structure check found problems, so that reading skips exactly those values
    (and reports everything else it finds) instead of tripping over them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.fields = {(p.location, p.field) for p in problems}
        self.under: set[str] = set()
        for p in problems:
            # Every enclosing value of the problem: "$.a[1].b[2]" -> "$.a", "$.a[1]", ...
            for m in _BOUNDARY.finditer(p.location):
                self.under.add(p.location[: m.start()])
            self.under.add(p.location)

    def field(self, path: str, key: str) -> bool:
        """The value at path.key is unusable (wrong, missing, or has a problem inside)."""
        return (path, key) in self.fields or f"{path}.{key}" in self.under

    def list(self, path: str, key: str) -> bool:
        """The list at path.key is unusable as a whole (its items are judged one by one)."""
        return (path, key) in self.fields


_BOUNDARY = re.compile(r"[.\[]")


def _declared_keys(document: dict[str, Any]) -> dict[str, list[str]]:
    key_of = {"boroughs": "code", "officers": "warrant_number", "users": "username"}
    out: dict[str, list[str]] = {}
    for list_key, _record in TOP_LEVEL:
        items = document.get(list_key)
        key = key_of.get(list_key, "ref")
        out[list_key] = [
            item[key]
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get(key), str)
        ]
    return out


def _case_refs(document: dict[str, Any]) -> Iterator[str]:
    meetings = document.get("mappa_meetings")
    for meeting in meetings if isinstance(meetings, list) else []:
        cases = meeting.get("cases") if isinstance(meeting, dict) else None
        for case in cases if isinstance(cases, list) else []:
            if isinstance(case, dict) and isinstance(case.get("offender_ref"), str):
                yield case["offender_ref"]


def _unstorable_text(document: dict[str, Any]) -> list[Problem]:
    """Text no database can hold (NUL, lone surrogates from a "\\ud800" escape), found before
    any of it reaches a query: PostgreSQL refuses NUL even in a lookup, and no driver can send a
    lone surrogate. Walked without recursion (a document may nest deeply)."""
    problems: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), document)]
    while stack:
        parts, node = stack.pop()
        if isinstance(node, str):
            reason = text_problem(node)
            if reason is None:
                continue
            if parts and isinstance(parts[-1], str):
                problems.append(Problem(json_path(parts[:-1]), parts[-1], reason))
            else:
                problems.append(Problem(json_path(parts), "", reason))
        elif isinstance(node, dict):
            for name, value in node.items():
                reason = text_problem(name)
                if reason is not None:
                    problems.append(Problem(json_path(parts), "", f"a key {reason}"))
                else:
                    stack.append(((*parts, name), value))
        elif isinstance(node, list):
            stack.extend(((*parts, i), item) for i, item in enumerate(node))
    return sorted(problems, key=lambda p: (p.location, p.field))


def _replace_unstorable(node: Any) -> Any:
    """A copy with NUL and lone surrogates replaced (they are already reported)."""
    if isinstance(node, str):
        if text_problem(node) is None:
            return node
        return node.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    if isinstance(node, dict):
        return {_replace_unstorable(k): _replace_unstorable(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_unstorable(item) for item in node]
    return node


def prepare(session: Session, document: Any, *, now: datetime) -> tuple[Plan, list[Problem]]:
    """Read and check a whole document; the plan is only to be written if no problem came back."""
    plan = Plan()
    if not isinstance(document, dict):
        return plan, [Problem("$", "", "the document must be a JSON object ({...})")]
    unstorable = _unstorable_text(document)
    if unstorable:
        # Reported once, here; the rest of the document is still checked, with such text
        # replaced so that no query ever carries it.
        document = _replace_unstorable(document)
    problems = structure_problems(document) + unstorable
    damage = Damage(problems)
    reader = _Reader(now, problems, damage)

    def items(list_key: str, record: RecordSpec) -> list[Rec]:
        raw = document.get(list_key)
        if not isinstance(raw, list) or damage.list("$", list_key):
            return []
        return [
            reader.record(record, item, f"$.{list_key}[{i}]")
            for i, item in enumerate(raw)
            if isinstance(item, dict)
        ]

    read = {key: items(key, record) for key, record in TOP_LEVEL}
    checker = _Checker(session, problems)
    declared = _declared_keys(document)
    checker.load_offender_refs([*declared["offenders"], *_case_refs(document)])
    checker.declare(declared)

    names: dict[str, str] = {b.name: b.code for b in checker.db_boroughs.values()}
    seen: set[str] = set()
    for rec in read["boroughs"]:
        checker.borough(rec, seen, names)
    plan.boroughs = read["boroughs"]
    seen = set()
    plan.officers = [rec for rec in read["officers"] if checker.officer(rec, seen)]
    seen = set()
    plan.users = [rec for rec in read["users"] if checker.user(rec, seen)]
    seen = set()
    for rec in read["offenders"]:
        checker.offender(rec, seen)
    plan.offenders = read["offenders"]
    seen = set()
    for rec in read["mappa_meetings"]:
        checker.meeting(rec, seen)
    plan.meetings = read["mappa_meetings"]
    return plan, _tidy(problems)


_TOKEN = re.compile(r"\[(\d+)\]|\.?(\w+)")


_TOP_ORDER = {key: f"{i:02d}" for i, (key, _record) in enumerate(TOP_LEVEL)}


def _path_key(location: str) -> tuple[tuple[int, int | str], ...]:
    """Sorts locations in document order (top-level lists in the order they are written)."""
    key: list[tuple[int, int | str]] = []
    for m in _TOKEN.finditer(location):
        if m.group(1) is not None:
            key.append((0, int(m.group(1))))
        else:
            name = m.group(2)
            key.append((1, _TOP_ORDER.get(name, name) if not key else name))
    return tuple(key)


def _tidy(problems: list[Problem]) -> list[Problem]:
    """One problem per field (the first found: a value that failed the structure check is not
    also reported for what follows from it), in document order."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for p in problems:
        if (p.location, p.field) not in seen:
            seen.add((p.location, p.field))
            unique.append(p)
    return sorted(unique, key=lambda p: _path_key(p.location))


# ---- writing --------------------------------------------------------------------------------


class _Writer:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.counts: Counter[str] = Counter()
        s = session
        self.boroughs = {b.code: b.id for b in s.exec(select(Borough))}
        self.wards = {(w.borough_id, w.name): w.id for w in s.exec(select(Ward))}
        self.officers = {o.warrant_number: o.id for o in s.exec(select(Officer))}
        self.users = {u.username: u.id for u in s.exec(select(UserAccount))}
        self.meetings = {m.ref: m.id for m in s.exec(select(MappaMeeting))}
        self.offenders: dict[str, int | None] = {}
        self.away = 0  # successful home visits imported at an address that was not the home

    def add_all(self, name: str, rows: list[Any]) -> None:
        self.session.add_all(rows)
        self.counts[name] += len(rows)

    def flush(self) -> None:
        self.session.flush()

    def resolve(self, kind: Kind, value: str, rec: Rec, local: dict[Kind, dict[str, Any]]) -> Any:
        match kind:
            case Kind.borough:
                return self.boroughs[value]
            case Kind.ward:
                return self.wards[(self.boroughs[rec["borough"]], value)]
            case Kind.officer:
                return self.officers[value]
            case Kind.user:
                return self.users[value]
            case Kind.meeting:
                return self.meetings[value]
            case Kind.offender:
                return self.offender_id(value)
            case Kind.address | Kind.order:
                return local[kind][value].id
        raise AssertionError(kind)

    def offender_id(self, ref: str) -> int | None:
        if ref not in self.offenders:
            self.offenders[ref] = self.session.exec(
                select(Offender.id).where(Offender.ref == ref)
            ).one()
        return self.offenders[ref]

    def build(self, rec: Rec, local: dict[Kind, dict[str, Any]] | None = None, **extra: Any) -> Any:
        assert rec.spec.model is not None
        kwargs: dict[str, Any] = {}
        for f in rec.spec.fields:
            if f.column == "" or f.kind in (Kind.records, Kind.photo):
                continue
            value = rec[f.key]
            if value is not None and f.kind in REFERENCE_KINDS:
                value = self.resolve(f.kind, value, rec, local or {})
            kwargs[f.target] = value
        if rec.spec.keys.get("arms") is not None:
            arms = rec["arms"] or {}
            kwargs.update({ARMS_COLUMNS[k]: v for k, v in arms.items()})
        return rec.spec.model(**kwargs, **extra)

    def write(self, plan: Plan) -> dict[str, int]:
        self.reference_data(plan)
        meetings = self.meetings_without_cases(plan.meetings)
        self.offenders_and_records(plan.offenders)
        cases = []
        for rec, meeting in meetings:
            cases.extend(self.build(c, meeting_id=meeting.id) for c in rec.children["cases"])
        self.add_all("mappa_cases", cases)
        self.flush()
        # A "successful home visit" at an address that was not the home that day is kept as
        # recorded, but marked so that it does not satisfy the schedule.
        imported = [i for i in self.offenders.values() if i is not None]
        visit_address.refresh(self.session, imported)
        self.away = visit_address.successful_away(self.session, imported)
        return {k: v for k, v in self.counts.items() if v}

    def reference_data(self, plan: Plan) -> None:
        new = [(rec, self.build(rec)) for rec in plan.boroughs if rec["code"] not in self.boroughs]
        self.add_all("boroughs", [b for _rec, b in new])
        self.flush()
        self.boroughs.update({b.code: b.id for _rec, b in new})
        wards = []
        for rec in plan.boroughs:
            borough_id = self.boroughs[rec["code"]]
            for name in rec["wards"] or []:
                if (borough_id, name) not in self.wards:
                    ward = Ward(borough_id=borough_id, name=name)
                    self.wards[(borough_id, name)] = None
                    wards.append(ward)
        self.add_all("wards", wards)
        officers = [self.build(rec) for rec in plan.officers]
        self.add_all("officers", officers)
        self.flush()
        self.wards.update({(w.borough_id, w.name): w.id for w in wards})
        self.officers.update({o.warrant_number: o.id for o in officers})
        users = [self.build(rec, password_hash=None) for rec in plan.users]
        self.add_all("users", users)
        self.flush()
        self.users.update({u.username: u.id for u in users})

    def meetings_without_cases(self, recs: list[Rec]) -> list[tuple[Rec, MappaMeeting]]:
        meetings = [(rec, self.build(rec)) for rec in recs]
        self.add_all("mappa_meetings", [m for _rec, m in meetings])
        self.flush()
        self.meetings.update({m.ref: m.id for _rec, m in meetings})
        attendees: list[MappaAttendee] = []
        for rec, meeting in meetings:
            attendees.extend(
                self.build(a, meeting_id=meeting.id) for a in rec.children["attendees"]
            )
        self.add_all("mappa_attendees", attendees)
        return meetings

    def offenders_and_records(self, recs: list[Rec]) -> None:
        offenders = [self.build(rec) for rec in recs]
        self.add_all("offenders", offenders)
        self.flush()
        for rec, offender in zip(recs, offenders, strict=True):
            self.offenders[rec["ref"]] = offender.id

        # Records that others point at first (addresses, orders), then the rest.
        locals_: list[dict[Kind, dict[str, Any]]] = []
        orders: list[list[tuple[Rec, Any]]] = []
        photos = []
        for rec, offender in zip(recs, offenders, strict=True):
            local: dict[Kind, dict[str, Any]] = {Kind.address: {}, Kind.order: {}}
            for list_key, kind in (("addresses", Kind.address), ("orders", Kind.order)):
                rows = [self.build(c, offender_id=offender.id) for c in rec.children[list_key]]
                self.add_all(list_key, rows)
                for child, row in zip(rec.children[list_key], rows, strict=True):
                    if child["key"] is not None:
                        local[kind][child["key"]] = row
                if kind is Kind.order:
                    orders.append(list(zip(rec.children[list_key], rows, strict=True)))
            locals_.append(local)
            if rec.photo is not None:
                p = rec.photo
                photos.append(
                    OffenderPhoto(
                        offender_id=offender.id,
                        image=p["data"],
                        mime=str(p["mime"]),
                        taken_on=p["taken_on"],
                    )
                )
        self.add_all("photos", photos)
        self.flush()

        later = [
            f.key
            for f in OFFENDER.fields
            if f.kind is Kind.records and f.key not in ("addresses", "orders")
        ]
        visits: list[tuple[Rec, Any]] = []
        prohibitions: list[Prohibition] = []
        for rec, offender, local, order_rows in zip(recs, offenders, locals_, orders, strict=True):
            for list_key in later:
                children = rec.children[list_key]
                rows = [self.build(c, local, offender_id=offender.id) for c in children]
                self.add_all(list_key, rows)
                if list_key == "visits":
                    visits.extend(zip(children, rows, strict=True))
            for order_rec, order in order_rows:
                for position, (text, is_requirement) in enumerate(
                    order_rec["prohibitions"] or [], 1
                ):
                    prohibitions.append(
                        Prohibition(
                            order_id=order.id,
                            position=position,
                            text=text,
                            is_requirement=is_requirement,
                        )
                    )
        self.add_all("prohibitions", prohibitions)
        self.flush()
        present = [
            VisitOfficer(visit_id=row.id, officer_id=self.officers[warrant])
            for visit_rec, row in visits
            for warrant in visit_rec["officers"] or []
        ]
        self.session.add_all(present)


# ---- the service ----------------------------------------------------------------------------


def _describe(counts: dict[str, int]) -> str:
    if not counts:
        return "nothing new"
    return ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())


def write_checked(
    session: Session, actor: Actor, plan: Plan, *, source: str, what: str
) -> ImportSummary:
    """Write a plan with no problems, and log the collection."""
    writer = _Writer(session)
    counts = writer.write(plan)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "import",
        f"imported {what} from {source or 'a document'}: {_describe(counts)}",
    )
    notices = ()
    if writer.away:
        notices = (
            f"{writer.away} successful home visit{'s name' if writer.away > 1 else ' names'} an "
            "address that was not the offender's home on the day: kept as recorded, but not "
            "counted for the home-visit schedule",
        )
    return ImportSummary(counts=counts, source=source, notices=notices)


def refuse(problems: list[Problem]) -> ValidationFailed:
    count = len(problems)
    return ValidationFailed(
        problems,
        f"import refused: {count} problem{'s' if count != 1 else ''}; nothing was imported",
    )


def import_document(
    session: Session, actor: Actor, document: Any, *, source: str = ""
) -> ImportSummary:
    """Import a parsed rsoman-data/1 document, all or nothing (see docs/import-format.md)."""
    require(session, actor, Action.import_data)
    return import_document_checked(session, actor, document, source=source)


def import_document_checked(
    session: Session, actor: Actor, document: Any, *, source: str
) -> ImportSummary:
    plan, problems = prepare(session, document, now=utcnow())
    if problems:
        raise refuse(problems)
    return write_checked(session, actor, plan, source=source, what="a JSON document")
