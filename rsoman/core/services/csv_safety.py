"""Exports that do no harm: CSV cells a spreadsheet would run, and file names that escape.

A spreadsheet opening a CSV treats a cell that starts with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return can hide such a start), so a name typed as
`=HYPERLINK(...)` would run on the reader's machine. OWASP's remedy: prefix a single quote,
which the spreadsheet shows as text and does not display. Every CSV the app writes goes through
`csv_writer` (or `safe_cell` per cell).

A name a user types becomes a file name only through `safe_filename`, and the path only through
`inside_folder`, which refuses anything that would land outside the chosen folder.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

# What a spreadsheet (Excel, LibreOffice, Google Sheets) may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_FILENAME = 150
# No file name may hold these on Windows, macOS or Linux; nor control characters, nor the
# bidirectional controls that make "report\u202efdp.exe" look like "reportexe.pdf".
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]')
# Names Windows reserves whatever the extension ("CON.pdf" opens the console).
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


def safe_cell(value: object) -> str:
    """The text of one CSV cell that no spreadsheet will evaluate: `None` is empty, anything
    else its text, with a single quote in front when it would start a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(values: Iterable[object]) -> list[str]:
    return [safe_cell(v) for v in values]


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


class SafeWriter:
    """`csv.writer` whose every cell passes through `safe_cell` (header included: a column
    name is text like any other)."""

    def __init__(self, stream: _Writable) -> None:
        # Quote every cell: a quoted cell still starts with our quote, and no embedded comma,
        # quote or line break can shift the columns.
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: _Writable) -> SafeWriter:
    return SafeWriter(stream)


def safe_filename(typed: str, *, default: str, suffix: str = "") -> str:
    """A plain file name from what was typed: no folder part (separators become "_"), no
    leading dots or spaces (never "..", never a hidden file), no trailing dots or spaces, no name
    Windows reserves, at most MAX_FILENAME characters, ending in `suffix` (e.g. ".pdf") when
    given; `default` when nothing usable is left."""
    # Lone surrogates (a broken encoding) cannot name a file: they become "_" below.
    name = unicodedata.normalize("NFC", typed.encode("utf-8", "replace").decode("utf-8"))
    name = _UNSAFE.sub("_", name.strip()).lstrip(". ").rstrip(". ")
    if not name or (suffix and name.lower() == suffix.lower()):
        name = default
    if suffix and not name.lower().endswith(suffix.lower()):
        name += suffix
    if _RESERVED.match(name):
        name = "_" + name
    if len(name) > MAX_FILENAME:
        keep = MAX_FILENAME - len(suffix)
        name = name[:keep] + (suffix if suffix else "")
    return name


def inside_folder(folder: Path, name: str) -> Path:
    """`folder / name`, refused (ValueError) if it would not be a file directly inside
    `folder` (a separator, "..", or a symbolic link pointing elsewhere)."""
    path = folder / name
    if name in ("", ".", "..") or path.resolve().parent != folder.resolve():
        raise ValueError(f"{name!r} would be saved outside {folder}")
    return path


def safe_path(folder: Path, typed: str, *, default: str, suffix: str = "") -> Path:
    """The file `typed` names inside `folder`, which it cannot leave."""
    return inside_folder(folder, safe_filename(typed, default=default, suffix=suffix))
