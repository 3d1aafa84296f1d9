"""Import a team's spreadsheet of offenders (CSV, one row per offender), all or nothing.

Each row becomes an offender in an rsoman-data/1 document, which then goes through the same
checks and writer as a JSON import; problems are reported by line (the header is line 1) and
column. Cells are stored as text exactly as given: nothing is ever evaluated.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from ...store.enums import Disposal, OffenderStatus, RiskLevel, Sex
from ...store.models import Borough, Ward
from ...store.models._types import utcnow
from ..actor import Actor
from ..errors import Problem
from ..permissions import Action, require
from .json_import import ImportSummary, prepare, refuse, write_checked
from .spec import FORMAT
from .values import BadValue, format_datetime, london_noon, london_today, parse_uk_or_iso_date

REQUIRED_COLUMNS = ("ref", "surname", "forenames", "date_of_birth", "sex", "borough")
OPTIONAL_COLUMNS = (
    "aliases",
    "status",
    "pnc_ref",
    "visor_ref",
    "address_line1",
    "town",
    "postcode",
    "ward",
    "address_from",
    "risk_level",
    "risk_assessed_on",
    "offender_manager",
    "conviction_date",
    "offences",
    "disposal",
    "sentence_months",
    "age_at_conviction",
    "first_notification_date",
    "mappa_category",
    "mappa_level",
    "last_successful_home_visit",
    "notes",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Other spellings a spreadsheet may use (after lower-casing; spaces and dashes become "_").
HEADER_SYNONYMS: dict[str, str] = {
    "home_address_line1": "address_line1",
    "home_address_line_1": "address_line1",
    "address_line_1": "address_line1",
    "address": "address_line1",
    "home_address": "address_line1",
    "home_town": "town",
    "home_postcode": "postcode",
    "home_ward": "ward",
    "dob": "date_of_birth",
    "pnc": "pnc_ref",
    "visor": "visor_ref",
    "om": "offender_manager",
    "risk": "risk_level",
    "risk_assessment_date": "risk_assessed_on",
}

ADDRESS_COLUMNS = ("address_line1", "town", "postcode", "ward", "address_from")
REGISTRATION_COLUMNS = (
    "conviction_date",
    "offences",
    "disposal",
    "sentence_months",
    "age_at_conviction",
    "first_notification_date",
)

RISK_WORDS: dict[str, RiskLevel] = {
    "l": RiskLevel.low,
    "low": RiskLevel.low,
    "m": RiskLevel.medium,
    "med": RiskLevel.medium,
    "medium": RiskLevel.medium,
    "h": RiskLevel.high,
    "high": RiskLevel.high,
    "vh": RiskLevel.very_high,
    "veryhigh": RiskLevel.very_high,
}
SEX_WORDS: dict[str, Sex] = {"m": Sex.male, "f": Sex.female}

NOTES_SOURCE = "notes column of an imported spreadsheet"
HOME_KEY = "home"


def normalise_header(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    key = re.sub(r"_+", "_", key).strip("_")
    return HEADER_SYNONYMS.get(key, key)


def _word(text: str) -> str:
    """'Very high', 'very_high', 'VERY-HIGH' -> 'very_high'."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _enum_value(enum: type[StrEnum], text: str, extra: dict[str, Any] | None = None) -> Any:
    word = _word(text)
    if extra and word.replace("_", "") in extra:
        return extra[word.replace("_", "")]
    try:
        return enum(word)
    except ValueError:
        reason = "must be one of: " + ", ".join(m.value for m in enum)
        short = [k.upper() for k in (extra or {}) if len(k) <= 2]
        if short:
            reason += f" (or {', '.join(short)})"
        raise BadValue(reason) from None


def _integer(text: str) -> int:
    if not re.fullmatch(r"\d{1,6}", text.strip()):
        raise BadValue("must be a whole number")
    return int(text)


@dataclass
class _Row:
    line: int
    cells: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    def text(self, column: str) -> str | None:
        """The cell exactly as written; None when empty."""
        value = self.cells.get(column, "")
        return value if value.strip() else None

    def need(self, column: str, why: str = "is required") -> None:
        if self.text(column) is None:
            self.problems.append(Problem(f"line {self.line}", column, why))

    def parse(self, column: str, parser: Callable[[str], Any]) -> Any:
        value = self.text(column)
        if value is None:
            return None
        try:
            return parser(value.strip())
        except BadValue as exc:
            self.problems.append(Problem(f"line {self.line}", column, str(exc)))
            return None


@dataclass
class _Converted:
    document: dict[str, Any]
    lines: list[int]  # offender index -> line
    ward_lines: list[int]  # borough entry index -> first line naming a new ward
    problems: list[Problem]
    missing_columns: set[str]  # required columns the header lacks (reported once, at line 1)


class _Converter:
    def __init__(self, session: Session, actor: Actor, source: str) -> None:
        boroughs = list(session.exec(select(Borough)))
        self.by_key: dict[str, Borough] = {}
        for b in boroughs:
            self.by_key[_borough_key(b.code)] = b
            self.by_key[_borough_key(b.name)] = b
        by_id = {b.id: b.code for b in boroughs}
        self.wards: set[tuple[str, str]] = {
            (by_id[w.borough_id], w.name) for w in session.exec(select(Ward))
        }
        self.new_wards: dict[str, dict[str, int]] = {}  # code -> {ward: first line}
        self.boroughs = {b.code: b for b in boroughs}
        self.username = actor.username if actor.user_id is not None else None
        self.source = source or "a spreadsheet"
        self.today = london_today()

    def borough(self, text: str) -> str:
        found = self.by_key.get(_borough_key(text))
        if found is None:
            raise BadValue(f"unknown borough {text.strip()!r} (a code like camden or a name)")
        return found.code

    def offender(self, row: _Row, header: set[str]) -> dict[str, Any]:
        for column in REQUIRED_COLUMNS:
            if column in header:  # a missing column is reported once, at line 1
                row.need(column)
        date_ = parse_uk_or_iso_date
        dob = row.parse("date_of_birth", date_)
        borough = row.parse("borough", self.borough)
        doc: dict[str, Any] = {
            "ref": (row.text("ref") or "").strip() or None,
            "surname": row.text("surname"),
            "forenames": row.text("forenames"),
            "date_of_birth": dob,
            "sex": row.parse("sex", lambda t: _enum_value(Sex, t, SEX_WORDS)),
            "status": row.parse("status", lambda t: _enum_value(OffenderStatus, t)),
            "borough": borough,
            "pnc_ref": row.text("pnc_ref"),
            "visor_ref": row.text("visor_ref"),
            "mappa_category": row.parse("mappa_category", _integer),
            "mappa_level": row.parse("mappa_level", _integer),
        }
        aliases = [a.strip() for a in (row.text("aliases") or "").split(";") if a.strip()]
        doc["aliases"] = [_alias(a) for a in aliases]

        visit_on = row.parse("last_successful_home_visit", date_)
        first_notified = row.parse("first_notification_date", date_)
        if any(row.text(c) for c in ADDRESS_COLUMNS) or visit_on is not None:
            why = "is required with a home address or a last successful home visit"
            row.need("address_line1", why)
            known = [d for d in (first_notified, visit_on) if d is not None]
            valid_from = row.parse("address_from", date_) or (min(known) if known else self.today)
            ward = row.text("ward")
            if ward is not None and borough is not None:
                ward = ward.strip()
                if (borough, ward) not in self.wards:
                    self.new_wards.setdefault(borough, {}).setdefault(ward, row.line)
            doc["addresses"] = [
                {
                    "key": HOME_KEY,
                    "kind": "home",
                    "line1": row.text("address_line1"),
                    "town": row.text("town"),
                    "postcode": row.text("postcode"),
                    "borough": borough,
                    "ward": ward,
                    "valid_from": valid_from,
                }
            ]
            if visit_on is not None and visit_on < valid_from:
                row.problems.append(
                    Problem(
                        f"line {row.line}",
                        "last_successful_home_visit",
                        f"must not be before the home address's address_from ({valid_from})",
                    )
                )

        if any(row.text(c) for c in REGISTRATION_COLUMNS):
            why = "is required when any conviction detail is given"
            for column in ("conviction_date", "offences", "disposal"):
                row.need(column, why)
            doc["registrations"] = [
                {
                    "conviction_date": row.parse("conviction_date", date_),
                    "offences": row.text("offences"),
                    "disposal": row.parse("disposal", lambda t: _enum_value(Disposal, t)),
                    "sentence_months": row.parse("sentence_months", _integer),
                    "age_at_conviction": row.parse("age_at_conviction", _integer),
                    "first_notification_date": first_notified,
                }
            ]

        level = row.parse("risk_level", lambda t: _enum_value(RiskLevel, t, RISK_WORDS))
        assessed = row.parse("risk_assessed_on", date_)
        if row.text("risk_level") or row.text("risk_assessed_on"):
            row.need("risk_level", "is required with risk_assessed_on")
            row.need("risk_assessed_on", "is required with risk_level")
            doc["risk_assessments"] = [{"assessed_on": assessed, "level": level}]

        manager = (row.text("offender_manager") or "").strip() or None
        if manager is not None:
            doc["assignments"] = [
                {
                    "officer": manager,
                    "start_date": self.today,
                    "reason": f"imported from {self.source}"[:400],
                    "assigned_by": self.username,
                }
            ]
        if visit_on is not None:
            if visit_on > self.today:
                row.problems.append(
                    Problem(f"line {row.line}", "last_successful_home_visit", "is in the future")
                )
            doc["visits"] = [
                {
                    "kind": "home_visit",
                    "occurred_at": format_datetime(london_noon(visit_on)),
                    "address_key": HOME_KEY,
                    "outcome": "successful",
                    "officers": [manager] if manager else [],
                    "recorded_by": self.username,
                }
            ]
        notes = row.text("notes")
        if notes is not None:
            doc["intelligence"] = [
                {
                    "received_on": self.today,
                    "source": "other",
                    "source_detail": NOTES_SOURCE,
                    "text": notes,
                    "recorded_by": self.username,
                }
            ]
        return _jsonable(doc)

    def borough_entries(self) -> tuple[list[dict[str, Any]], list[int]]:
        entries, lines = [], []
        for code, wards in self.new_wards.items():
            b = self.boroughs[code]
            entries.append(
                {"code": b.code, "name": b.name, "is_central": b.is_central, "wards": list(wards)}
            )
            lines.append(min(wards.values()))
        return entries, lines


def _borough_key(text: str) -> str:
    """'Tower Hamlets', 'tower-hamlets', 'Barking & Dagenham' and 'barking-dagenham' alike."""
    words = re.sub(r"[\s_\-]+", " ", text.strip().lower().replace("&", " and ")).split()
    return " ".join(w for w in words if w != "and")


def _alias(text: str) -> dict[str, str]:
    forenames, _, surname = text.rpartition(" ")
    return {"kind": "alias", "surname": surname, "forenames": forenames.strip()}


def _jsonable(value: Any) -> Any:
    """Dates to ISO text, enums to their values, empty values dropped."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def _header(raw: list[str], problems: list[Problem]) -> list[str | None]:
    columns: list[str | None] = []
    seen: set[str] = set()
    for name in raw:
        key = normalise_header(name)
        if not key:
            columns.append(None)  # an unnamed column: its cells must be empty
            continue
        if key not in COLUMNS:
            problems.append(Problem("line 1", name, "is not a known column"))
            columns.append(None)
            continue
        if key in seen:
            problems.append(Problem("line 1", name, "appears twice"))
        seen.add(key)
        columns.append(key)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            problems.append(Problem("line 1", required, "required column is missing"))
    return columns


def _rows(text: str, problems: list[Problem]) -> tuple[list[str | None], list[_Row]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows: list[_Row] = []
    columns: list[str | None] = []
    try:
        first = next(reader, None)
        if first is None:
            problems.append(Problem("line 1", "", "the file is empty"))
            return columns, rows
        columns = _header(first, problems)
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(c.strip() for c in cells):
                continue
            row = _Row(line, {})
            for i, cell in enumerate(cells):
                name = columns[i] if i < len(columns) else None
                if name is not None:
                    row.cells[name] = cell
                elif cell.strip() and (i >= len(columns) or first[i].strip() == ""):
                    row.problems.append(
                        Problem(f"line {line}", "", f"cell {i + 1} has no column heading")
                    )
            rows.append(row)
    except csv.Error as exc:
        problems.append(Problem(f"line {reader.line_num}", "", f"cannot read the CSV: {exc}"))
    return columns, rows


def convert(session: Session, actor: Actor, text: str, source: str) -> _Converted:
    """The CSV as an rsoman-data/1 document, with the problems found in the cells themselves."""
    problems: list[Problem] = []
    columns, rows = _rows(text, problems)
    header = {c for c in columns if c is not None}
    converter = _Converter(session, actor, source)
    offenders = []
    lines = []
    header_ok = not problems
    for row in rows:
        doc = converter.offender(row, header)
        problems.extend(row.problems)
        offenders.append(doc)
        lines.append(row.line)
    if not rows and header_ok:
        problems.append(Problem("line 2", "", "there are no offenders in the file"))
    boroughs, ward_lines = converter.borough_entries()
    document = {"format": FORMAT, "boroughs": boroughs, "offenders": offenders}
    missing = set(REQUIRED_COLUMNS) - header
    return _Converted(document, lines, ward_lines, problems, missing)


# Where a problem found in the generated document lies in the spreadsheet:
# (nested list, field) -> column.
_COLUMN_OF: dict[tuple[str, str], str] = {
    ("aliases", ""): "aliases",
    ("addresses", "line1"): "address_line1",
    ("addresses", "valid_from"): "address_from",
    ("addresses", ""): "address_line1",
    ("registrations", ""): "conviction_date",
    ("risk_assessments", "level"): "risk_level",
    ("risk_assessments", "assessed_on"): "risk_assessed_on",
    ("assignments", ""): "offender_manager",
    ("visits", "officers"): "offender_manager",
    ("visits", ""): "last_successful_home_visit",
    ("intelligence", ""): "notes",
}
_SAME_NAME = {"addresses": (*ADDRESS_COLUMNS, "borough"), "registrations": REGISTRATION_COLUMNS}
_PATH_RE = re.compile(r"^\$\.(\w+)\[(\d+)\](?:\.(\w+)\[\d+\])?")


def _locate(problem: Problem, converted: _Converted) -> Problem:
    m = _PATH_RE.match(problem.location)
    if m is None:
        return problem
    top, index, child = m.group(1), int(m.group(2)), m.group(3) or ""
    if top == "boroughs" and index < len(converted.ward_lines):
        return Problem(f"line {converted.ward_lines[index]}", "ward", problem.reason)
    if top != "offenders" or index >= len(converted.lines):
        return problem
    column = problem.field
    if child:
        if column in _SAME_NAME.get(child, ()):
            pass
        else:
            column = _COLUMN_OF.get((child, column), _COLUMN_OF.get((child, ""), column))
    return Problem(f"line {converted.lines[index]}", column, problem.reason)


def _line_number(problem: Problem) -> int:
    m = re.match(r"line (\d+)", problem.location)
    return int(m.group(1)) if m else 0


def import_csv(session: Session, actor: Actor, text: str, *, source: str = "") -> ImportSummary:
    """Import a CSV of offenders (see docs/import-format.md for its columns)."""
    require(session, actor, Action.import_data)
    return import_csv_checked(session, actor, text, source=source)


def import_csv_checked(session: Session, actor: Actor, text: str, *, source: str) -> ImportSummary:
    converted = convert(session, actor, text, source)
    problems = list(converted.problems)
    plan, found = prepare(session, converted.document, now=utcnow())
    # A cell already reported (say, a bad date) is not reported again as missing.
    reported = {(p.location, p.field) for p in problems}
    for problem in found:
        located = _locate(problem, converted)
        if located.field in converted.missing_columns:
            continue
        if (located.location, located.field) not in reported:
            problems.append(located)
    if problems:
        # One report per cell, in line order.
        unique = list(dict.fromkeys(problems))
        unique.sort(key=_line_number)
        raise refuse(unique)
    return write_checked(session, actor, plan, source=source, what="a CSV of offenders")
