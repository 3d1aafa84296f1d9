"""The JSON Schema (draft 2020-12) of the rsoman-data/1 document, and structural validation.

The schema is built from spec.py and published as `rsoman-data.schema.json` beside this module
(and as docs/rsoman-data.schema.json). Validation uses the published file, so what is documented
is exactly what is enforced; a test checks the file is what `build_schema()` gives. After editing
spec.py, regenerate both copies with:

    python -m rsoman.core.services.interchange
"""

from __future__ import annotations

import copy
import difflib
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from ...store.enums import ArmsRating
from ..errors import Problem
from .spec import ARMS_COLUMNS, FORMAT, PROHIBITION, TOP_LEVEL, FieldSpec, Kind, RecordSpec
from .values import DATE_EXAMPLE, DATETIME_EXAMPLE, KEY_REASON

SCHEMA_FILE = "rsoman-data.schema.json"
SCHEMA_ID = "urn:rsoman:schema:rsoman-data:1"

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?$"
)
KEY_PATTERN = r"^\S([^\r\n]*\S)?$"

PATTERN_REASONS = {
    DATE_PATTERN: f"must be a date like {DATE_EXAMPLE}",
    DATETIME_PATTERN: f"must be a date and time like {DATETIME_EXAMPLE} (London time) or "
    "with an offset",
    KEY_PATTERN: KEY_REASON,
}


def _nullable(types: str, required: bool) -> str | list[str]:
    return types if required else [types, "null"]


def _property(record: RecordSpec, f: FieldSpec) -> dict[str, Any]:
    req = f.required
    prop: dict[str, Any] = {"description": _describe(f)}
    match f.kind:
        case Kind.key | Kind.text:
            prop["type"] = _nullable("string", req)
            if req:
                prop["minLength"] = 1
            if f.kind is Kind.key:
                prop["pattern"] = KEY_PATTERN
            length = record.max_length(f)
            if length:
                prop["maxLength"] = length
        case Kind.date:
            prop |= {"type": _nullable("string", req), "pattern": DATE_PATTERN}
        case Kind.datetime:
            prop |= {"type": _nullable("string", req), "pattern": DATETIME_PATTERN}
        case Kind.integer:
            prop["type"] = _nullable("integer", req)
            if f.minimum is not None:
                prop["minimum"] = f.minimum
            if f.maximum is not None:
                prop["maximum"] = f.maximum
        case Kind.boolean:
            prop["type"] = _nullable("boolean", req)
        case Kind.enum:
            assert f.enum is not None
            values: list[str | None] = [m.value for m in f.enum]
            prop["enum"] = values if req else [*values, None]
        case Kind.officers:
            prop |= {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}}
        case Kind.wards:
            prop |= {
                "type": ["array", "null"],
                "items": {"type": "string", "minLength": 1, "maxLength": 120},
            }
        case Kind.arms:
            ratings = [r.value for r in ArmsRating]
            prop |= {
                "type": ["object", "null"],
                "properties": {factor: {"enum": ratings} for factor in ARMS_COLUMNS},
                "additionalProperties": False,
            }
        case Kind.prohibitions:
            prop |= {
                "type": ["array", "null"],
                "items": {
                    "anyOf": [
                        {"type": "string", "minLength": 1},
                        {"$ref": f"#/$defs/{PROHIBITION.name}"},
                    ]
                },
            }
        case Kind.photo:
            assert f.child is not None
            prop["anyOf"] = [{"$ref": f"#/$defs/{f.child.name}"}, {"type": "null"}]
        case Kind.records:
            assert f.child is not None
            prop |= {"type": ["array", "null"], "items": {"$ref": f"#/$defs/{f.child.name}"}}
        case _:  # references by natural key
            prop |= {"type": _nullable("string", req), "minLength": 1}
    return prop


def _describe(f: FieldSpec) -> str:
    text = f.doc
    if f.required:
        return f"{text} Required."
    if f.default is not None:
        shown = f.default if isinstance(f.default, str) else json.dumps(f.default)
        return f"{text} Default: {shown}."
    return text


def _record_schema(record: RecordSpec) -> dict[str, Any]:
    return {
        "type": "object",
        "description": record.doc,
        "properties": {f.key: _property(record, f) for f in record.fields},
        "required": [f.key for f in record.fields if f.required],
        "additionalProperties": False,
    }


def _collect(record: RecordSpec, into: dict[str, RecordSpec]) -> None:
    into[record.name] = record
    for f in record.fields:
        if f.child is not None:
            _collect(f.child, into)


def build_schema() -> dict[str, Any]:
    records: dict[str, RecordSpec] = {}
    for _key, record in TOP_LEVEL:
        _collect(record, records)
    records[PROHIBITION.name] = PROHIBITION
    properties: dict[str, Any] = {
        "format": {"const": FORMAT, "description": f'Always "{FORMAT}". Required.'},
        "description": {
            "type": "string",
            "description": "Free text saying what the document is for (e.g. what a scenario "
            "tests). Not stored.",
        },
        "exported_at": {
            "type": ["string", "null"],
            "description": "When the document was exported. Not stored.",
        },
        "exported_by": {
            "type": ["string", "null"],
            "description": "Who exported it. Not stored.",
        },
    }
    for key, record in TOP_LEVEL:
        properties[key] = {
            "type": "array",
            "description": record.doc,
            "items": {"$ref": f"#/$defs/{record.name}"},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"rsoman data document ({FORMAT})",
        "description": "Boroughs, officers, user accounts, offenders with their whole record, "
        "and MAPPA meetings, referring to each other by natural keys. See docs/import-format.md.",
        "type": "object",
        "properties": properties,
        "required": ["format"],
        "additionalProperties": False,
        "$defs": {name: _record_schema(records[name]) for name in sorted(records)},
    }


def schema_text(schema: dict[str, Any] | None = None) -> str:
    return json.dumps(schema or build_schema(), indent=2, ensure_ascii=False) + "\n"


@cache
def load_schema() -> dict[str, Any]:
    """The published schema (package data)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validators() -> tuple[Draft202012Validator, dict[str, Draft202012Validator]]:
    """A validator for the document's outline, and one for the items of each top-level list.
    Item by item is about twice as fast as one pass over a large document, and gives the same
    errors."""
    schema = load_schema()
    outline = copy.deepcopy(schema)
    items = {}
    for key, _record in TOP_LEVEL:
        items[key] = Draft202012Validator(_inline(outline["properties"][key]["items"], schema))
        outline["properties"][key]["items"] = {}
    return Draft202012Validator(outline), items


def _inline(node: Any, schema: dict[str, Any]) -> Any:
    """The schema with each "$ref" replaced by what it names (the format has no recursion):
    resolving references is most of jsonschema's cost on large documents."""
    if isinstance(node, list):
        return [_inline(n, schema) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _inline(v, schema) for k, v in node.items() if k != "$ref"}
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        out = {**_inline(schema["$defs"][name], schema), **out}
    return out


# ---- errors in plain English ----------------------------------------------------------------


def json_path(parts: Iterable[str | int]) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}"
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def _where(path: Sequence[str | int]) -> tuple[str, str]:
    """(location, field): a problem with a field is reported at the record holding it; one with
    a list element at the element, naming the list."""
    if path and isinstance(path[-1], str):
        return json_path(path[:-1]), path[-1]
    names = [p for p in path if isinstance(p, str)]
    return json_path(path), names[-1] if names else ""


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _type_reason(types: str | list[str]) -> str:
    names = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    words = " or ".join(_TYPE_WORDS.get(t, t) for t in names)
    return f"must be {words}"


def _enum_reason(values: list[Any]) -> str:
    shown = ", ".join(str(v) for v in values if v is not None)
    return f"must be one of: {shown}"


def _branch_type(schema: dict[str, Any]) -> str | None:
    if "$ref" in schema:
        return "object"
    kind = schema.get("type")
    return kind if isinstance(kind, str) else None


_JSON_TYPES: dict[type, str] = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


def _convert(error: ValidationError, prefix: Sequence[str | int] = ()) -> list[Problem]:
    path = [*prefix, *error.absolute_path]
    location, field = _where(path)
    value = error.validator_value
    instance = error.instance
    match error.validator:
        case "required":
            assert isinstance(instance, dict)
            return [
                Problem(json_path(path), name, "is required")
                for name in value
                if name not in instance
            ]
        case "additionalProperties":
            assert isinstance(instance, dict)
            known = list(error.schema.get("properties", {}))
            problems = []
            for name in instance:
                if name in known:
                    continue
                close = difflib.get_close_matches(str(name), known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                problems.append(Problem(json_path(path), str(name), f"is not a known field{hint}"))
            return problems
        case "anyOf" | "oneOf":
            wanted = _JSON_TYPES.get(type(instance))
            branches = [b for b in value if _branch_type(b) == wanted]
            if branches and error.context:
                index = value.index(branches[0])
                chosen = [e for e in error.context if e.relative_schema_path[0] == index]
                if chosen:
                    return [p for e in chosen for p in _convert(e, prefix)]
            reason = "must be text or an object" if wanted != "null" else "must not be null"
            return [Problem(location, field, reason)]
        case "type":
            return [Problem(location, field, _type_reason(value))]
        case "enum":
            return [Problem(location, field, _enum_reason(value))]
        case "const":
            return [Problem(location, field, f"must be {json.dumps(value)}")]
        case "pattern":
            reason = PATTERN_REASONS.get(value, f"must match the pattern {value}")
            return [Problem(location, field, reason)]
        case "minLength":
            return [Problem(location, field, "must not be empty")]
        case "maxLength":
            return [Problem(location, field, f"must be at most {value} characters long")]
        case "minimum":
            return [Problem(location, field, f"must be at least {value}")]
        case "maximum":
            return [Problem(location, field, f"must be at most {value}")]
    return [Problem(location, field, error.message)]


def _errors(document: Any) -> Iterator[tuple[list[str | int], ValidationError]]:
    outline, items = _validators()
    for error in outline.iter_errors(document):
        yield [], error
    if not isinstance(document, dict):
        return
    for key, validator in items.items():
        values = document.get(key)
        for i, item in enumerate(values if isinstance(values, list) else []):
            for error in validator.iter_errors(item):
                yield [key, i], error


def _sort_key(
    found: tuple[list[str | int], ValidationError],
) -> tuple[tuple[int, int | str], ...]:
    prefix, error = found
    path = [*prefix, *error.absolute_path]
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in path)


def structure_problems(document: Any) -> list[Problem]:
    """Every structural problem (wrong type, unknown or missing field, bad enum value), in
    document order, one per field."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for prefix, error in sorted(_errors(document), key=_sort_key):
        for problem in _convert(error, prefix):
            if (problem.location, problem.field) not in seen:
                seen.add((problem.location, problem.field))
                problems.append(problem)
    return problems


def write_schema_files(root: Path) -> list[Path]:
    """Write the package schema and its docs copy (a development step; see module doc)."""
    text = schema_text()
    targets = [Path(__file__).with_name(SCHEMA_FILE), root / "docs" / SCHEMA_FILE]
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return targets
