"""Import and export: the rsoman-data/1 JSON document (full fidelity) and a CSV of offenders.

The format is described in docs/import-format.md and published as a JSON Schema
(rsoman-data.schema.json beside this module). Imports are all or nothing: every problem is
reported and nothing is written when there is any.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from ..actor import Actor
from ..errors import Problem, ValidationFailed
from ..permissions import Action, require
from .csv_import import import_csv, import_csv_checked
from .json_export import export_document
from .json_import import ImportSummary, import_document, import_document_checked
from .spec import FORMAT

__all__ = [
    "FORMAT",
    "ImportSummary",
    "export_document",
    "import_csv",
    "import_document",
    "import_file",
    "read_text",
]


def _unreadable(reason: str, location: str = "") -> ValidationFailed:
    return ValidationFailed([Problem(location, "", reason)], f"cannot import: {reason}")


def read_text(path: Path) -> str:
    """The file's text (UTF-8, a byte order mark tolerated), or one clear problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable(
            f"the file is not UTF-8 text (byte {data[exc.start]:#04x} at position {exc.start}); "
            "save it as UTF-8 (in Excel: CSV UTF-8)"
        ) from exc
    if not text.strip():
        raise _unreadable("the file is empty")
    return text


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _unreadable(f"not valid JSON: {exc.msg}", f"line {exc.lineno}") from exc
    except RecursionError:
        # "[[[[...]]]]" thousands deep: no rsoman-data document nests more than a few levels.
        raise _unreadable("not a rsoman-data document: it nests too deeply") from None


def import_file(session: Session, actor: Actor, path: Path) -> ImportSummary:
    """Import a .json document or a .csv of offenders. The content decides when it is plain:
    text starting with "{" or "[" is JSON, whatever the file is called."""
    require(session, actor, Action.import_data)
    path = Path(path)
    text = read_text(path)
    source = path.name
    if text.lstrip().startswith(("{", "[")) or path.suffix.lower() == ".json":
        document = _parse_json(text)
        return import_document_checked(session, actor, document, source=source)
    return import_csv_checked(session, actor, text, source=source)
