"""Export to an rsoman-data/1 document: every column of every table except the audit log,
password hashes, sign-in state and internal ids, in a deterministic order.

Order: boroughs by code, officers by warrant number, users by username, offenders by ref,
meetings by ref; an offender's records by their date (empty dates last) and then in the order
they were recorded. An import preserves that order, so export -> import into a fresh database ->
export gives the same document (apart from exported_at and exported_by).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from ...store.enums import ArmsRating, AuditAction
from ...store.models import (
    Borough,
    MappaAction,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Offender,
    OffenderPhoto,
    Officer,
    Prohibition,
    RiskManagementPlan,
    UserAccount,
    VisitOfficer,
    Ward,
)
from ...store.models._types import utcnow
from .. import audit
from ..actor import Actor
from ..errors import Problem, ValidationFailed
from ..permissions import Action, require
from .spec import (
    ADDRESS,
    ARMS_COLUMNS,
    ATTENDEE,
    BOROUGH,
    CASE,
    FORMAT,
    MEETING,
    OFFENDER,
    OFFICER,
    ORDER,
    REFERENCE_KINDS,
    USER,
    FieldSpec,
    Kind,
    RecordSpec,
)
from .values import encode_photo, format_date, format_datetime

T = TypeVar("T", bound=SQLModel)

# Bound parameters per IN list: well under SQLite's and PostgreSQL's limits.
_CHUNK = 900
# Offender refs named in the audit summary of a partial export.
_REFS_SHOWN = 20


@dataclass
class Names:
    """Natural keys by internal id, for writing references."""

    boroughs: dict[int, str] = field(default_factory=dict)
    wards: dict[int, str] = field(default_factory=dict)
    officers: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    meetings: dict[int, str] = field(default_factory=dict)
    offenders: dict[int, str] = field(default_factory=dict)
    # Document-local keys within the offender being written.
    addresses: dict[int, str] = field(default_factory=dict)
    orders: dict[int, str] = field(default_factory=dict)

    def of(self, kind: Kind) -> dict[int, str]:
        return {
            Kind.borough: self.boroughs,
            Kind.ward: self.wards,
            Kind.officer: self.officers,
            Kind.user: self.users,
            Kind.meeting: self.meetings,
            Kind.offender: self.offenders,
            Kind.address: self.addresses,
            Kind.order: self.orders,
        }[kind]


def column_value(record: RecordSpec, f: FieldSpec, row: Any, names: Names) -> Any:
    """A column's value in the document's terms (Python values; references as natural keys)."""
    value = getattr(row, f.target)
    if value is None:
        return None
    if f.kind in REFERENCE_KINDS:
        return names.of(f.kind).get(value)
    if f.kind is Kind.enum and f.enum is not None:
        return f.enum(value)
    return value


def row_values(record: RecordSpec, row: Any, names: Names) -> dict[str, Any]:
    """Every plain column of a row, by JSON key (nested lists and structured values excluded)."""
    return {
        f.key: column_value(record, f, row, names)
        for f in record.fields
        if f.column != "" and f.kind is not Kind.photo
    }


def to_json_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return value


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Empty values are left out: an absent field means empty."""
    return {k: to_json_value(v) for k, v in values.items() if v is not None and v != []}


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _rows_for(session: Session, model: type[T], column: Any, ids: Sequence[int] | None) -> list[T]:
    """All rows of a table, or those whose `column` is one of `ids`."""
    if ids is None:
        return list(session.exec(select(model)))
    rows: list[T] = []
    for chunk in _chunks(ids):
        rows.extend(session.exec(select(model).where(col(column).in_(chunk))))
    return rows


def _sorted(record: RecordSpec, rows: Iterable[Any]) -> list[Any]:
    def key(row: Any) -> tuple[Any, ...]:
        parts: list[Any] = []
        for name in record.order_by:
            value = getattr(row, name)
            parts.append((value is None, value if value is not None else 0))
        parts.append(getattr(row, "id", 0) or 0)
        return tuple(parts)

    return sorted(rows, key=key)


class _Exporter:
    def __init__(self, session: Session, offender_ids: Sequence[int] | None) -> None:
        self.session = session
        self.ids = offender_ids
        self.names = Names()

    def children(self, record: RecordSpec) -> dict[int, list[Any]]:
        assert record.model is not None
        model = record.model
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in _rows_for(self.session, model, model.offender_id, self.ids):  # type: ignore[attr-defined]
            grouped[row.offender_id].append(row)
        return {k: _sorted(record, v) for k, v in grouped.items()}

    def reference_data(self) -> tuple[list[dict[str, Any]], ...]:
        s = self.session
        boroughs = sorted(s.exec(select(Borough)), key=lambda b: b.code)
        self.names.boroughs = {b.id: b.code for b in boroughs if b.id is not None}
        wards_by_borough: dict[int, list[Ward]] = defaultdict(list)
        for ward in s.exec(select(Ward)):
            wards_by_borough[ward.borough_id].append(ward)
            self.names.wards[ward.id or 0] = ward.name
        officers = sorted(s.exec(select(Officer)), key=lambda o: o.warrant_number)
        self.names.officers = {o.id: o.warrant_number for o in officers if o.id is not None}
        users = sorted(s.exec(select(UserAccount)), key=lambda u: u.username)
        self.names.users = {u.id: u.username for u in users if u.id is not None}

        borough_docs = []
        for b in boroughs:
            doc = _plain(row_values(BOROUGH, b, self.names))
            names = sorted(w.name for w in wards_by_borough.get(b.id or 0, []))
            if names:
                doc["wards"] = names
            borough_docs.append(doc)
        officer_docs = [_plain(row_values(OFFICER, o, self.names)) for o in officers]
        user_docs = [_plain(row_values(USER, u, self.names)) for u in users]
        return borough_docs, officer_docs, user_docs

    def meetings(self, meeting_ids: set[int] | None) -> list[dict[str, Any]]:
        s = self.session
        meetings = [
            m for m in s.exec(select(MappaMeeting)) if meeting_ids is None or m.id in meeting_ids
        ]
        meetings.sort(key=lambda m: m.ref)
        ids = [m.id for m in meetings if m.id is not None]
        attendees: dict[int, list[MappaAttendee]] = defaultdict(list)
        for a in _rows_for(s, MappaAttendee, MappaAttendee.meeting_id, ids):
            attendees[a.meeting_id].append(a)
        cases: dict[int, list[MappaCase]] = defaultdict(list)
        for c in _rows_for(s, MappaCase, MappaCase.meeting_id, ids):
            if self.ids is None or c.offender_id in self.names.offenders:
                cases[c.meeting_id].append(c)
        docs = []
        for m in meetings:
            doc = _plain(row_values(MEETING, m, self.names))
            mid = m.id or 0
            att = [_plain(row_values(ATTENDEE, a, self.names)) for a in _by_id(attendees[mid])]
            if att:
                doc["attendees"] = att
            case_rows = sorted(cases[mid], key=lambda c: self.names.offenders[c.offender_id])
            case_docs = [_plain(row_values(CASE, c, self.names)) for c in case_rows]
            if case_docs:
                doc["cases"] = case_docs
            docs.append(doc)
        return docs

    def offenders(self, offenders: list[Offender]) -> tuple[list[dict[str, Any]], set[int]]:
        """The offenders' documents, and the meetings their records refer to."""
        child_specs = [f for f in OFFENDER.fields if f.kind is Kind.records]
        rows = {f.key: self.children(f.child) for f in child_specs if f.child is not None}
        photos = {
            p.offender_id: p
            for p in _rows_for(self.session, OffenderPhoto, OffenderPhoto.offender_id, self.ids)
        }
        order_ids = [o.id for by in rows["orders"].values() for o in by if o.id is not None]
        prohibitions: dict[int, list[Prohibition]] = defaultdict(list)
        for p in _rows_for(self.session, Prohibition, Prohibition.order_id, order_ids):
            prohibitions[p.order_id].append(p)
        visit_ids = [v.id for by in rows["visits"].values() for v in by if v.id is not None]
        present: dict[int, list[str]] = defaultdict(list)
        for vo in _rows_for(self.session, VisitOfficer, VisitOfficer.visit_id, visit_ids):
            present[vo.visit_id].append(self.names.officers[vo.officer_id])

        meetings: set[int] = set()
        docs = []
        for offender in offenders:
            oid = offender.id or 0
            doc = _plain(row_values(OFFENDER, offender, self.names))
            photo = photos.get(oid)
            if photo is not None:
                doc["photo"] = _plain(
                    {
                        "data": encode_photo(photo.image),
                        "mime": photo.mime,
                        "taken_on": photo.taken_on,
                    }
                )
            # Document-local keys, numbered in export order.
            self.names.addresses = {
                a.id: f"address-{i}" for i, a in enumerate(rows["addresses"].get(oid, []), 1)
            }
            self.names.orders = {
                o.id: f"order-{i}" for i, o in enumerate(rows["orders"].get(oid, []), 1)
            }
            for f in child_specs:
                assert f.child is not None
                items = []
                for row in rows[f.key].get(oid, []):
                    item = self.child_doc(f.child, row, prohibitions, present)
                    if isinstance(row, RiskManagementPlan | MappaAction) and row.meeting_id:
                        meetings.add(row.meeting_id)
                    items.append(item)
                if items:
                    doc[f.key] = items
            docs.append(doc)
        return docs, meetings

    def child_doc(
        self,
        record: RecordSpec,
        row: Any,
        prohibitions: dict[int, list[Prohibition]],
        present: dict[int, list[str]],
    ) -> dict[str, Any]:
        values = row_values(record, row, self.names)
        if record is ADDRESS:
            values = {"key": self.names.addresses[row.id], **values}
        elif record is ORDER:
            values = {"key": self.names.orders[row.id], **values}
            texts: list[Any] = []
            for p in sorted(prohibitions.get(row.id, []), key=lambda p: (p.position, p.id or 0)):
                texts.append(
                    {"text": p.text, "is_requirement": True} if p.is_requirement else p.text
                )
            values["prohibitions"] = texts
        elif record.keys.get("arms") is not None:
            arms = {
                factor: ArmsRating(getattr(row, column))
                for factor, column in ARMS_COLUMNS.items()
                if getattr(row, column) is not None
            }
            values["arms"] = arms or None
        elif record.keys.get("officers") is not None:
            values["officers"] = sorted(present.get(row.id, []))
        doc = _plain(values)
        if "arms" in doc:
            doc["arms"] = {k: v.value for k, v in doc["arms"].items()}
        return doc


def _by_id(rows: Iterable[T]) -> list[T]:
    return sorted(rows, key=lambda r: getattr(r, "id", 0) or 0)


def _select_offenders(
    session: Session, refs: Sequence[str] | None
) -> tuple[list[Offender], list[Problem]]:
    if refs is None:
        return list(session.exec(select(Offender))), []
    wanted = list(dict.fromkeys(refs))
    found: list[Offender] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        condition: ColumnElement[bool] = col(Offender.ref).in_(chunk)
        found.extend(session.exec(select(Offender).where(condition)))
    known = {o.ref for o in found}
    problems = [
        Problem("", "offender_refs", f"no offender with ref {ref!r}")
        for ref in wanted
        if ref not in known
    ]
    return found, problems


def export_document(
    session: Session,
    actor: Actor,
    *,
    justification: str,
    offender_refs: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The whole database (or the named offenders) as a JSON-ready rsoman-data/1 document.

    Boroughs, officers and users are always included in full (they are what the offenders'
    records refer to). With `offender_refs`, only the MAPPA meetings the offenders' records refer
    to are included, and only those offenders' cases in them.
    """
    require(session, actor, Action.export_data)
    problems: list[Problem] = []
    if not justification or not justification.strip():
        problems.append(
            Problem("", "justification", "a reason for the export is required (a disclosure)")
        )
    offenders, missing = _select_offenders(session, offender_refs)
    problems.extend(missing)
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))

    document = build_document(session, offenders, whole=offender_refs is None)
    document["exported_by"] = actor.username
    meetings = document["mappa_meetings"]
    if offender_refs is None:
        scope = "all offenders"
    else:
        refs = [o.ref for o in offenders]
        shown = ", ".join(refs[:_REFS_SHOWN]) + (", ..." if len(refs) > _REFS_SHOWN else "")
        scope = f"offenders {shown}"
    audit.record(
        session,
        actor,
        AuditAction.disclosure,
        "export",
        f"exported {len(offenders)} offender record(s) ({scope}) and "
        f"{len(meetings)} MAPPA meeting(s) as {FORMAT}",
        # A single offender's export shows in that offender's own audit trail.
        offender_id=offenders[0].id if len(offenders) == 1 and offender_refs else None,
        justification=justification.strip(),
    )
    return document


def build_document(
    session: Session, offenders: list[Offender], *, whole: bool = False
) -> dict[str, Any]:
    """The document for these offenders (or, `whole`, the database), with no permission check
    and nothing logged: the callers do both (the export above; an erasure, which keeps only the
    document's hash)."""
    offender_refs = None if whole else [o.ref for o in offenders]
    offenders.sort(key=lambda o: o.ref)
    ids = None if offender_refs is None else [o.id for o in offenders if o.id is not None]
    exporter = _Exporter(session, ids)
    boroughs, officers, users = exporter.reference_data()
    exporter.names.offenders = {o.id: o.ref for o in offenders if o.id is not None}
    exporter.names.meetings = {
        m.id: m.ref for m in session.exec(select(MappaMeeting)) if m.id is not None
    }
    offender_docs, meeting_ids = exporter.offenders(offenders)
    if offender_refs is None:
        meetings = exporter.meetings(None)
    else:
        for case in _rows_for(session, MappaCase, MappaCase.offender_id, ids):
            meeting_ids.add(case.meeting_id)
        meetings = exporter.meetings(meeting_ids)
    document: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": format_datetime(utcnow()),
        "exported_by": "",
        "boroughs": boroughs,
        "officers": officers,
        "users": users,
        "offenders": offender_docs,
        "mappa_meetings": meetings,
    }
    return document
