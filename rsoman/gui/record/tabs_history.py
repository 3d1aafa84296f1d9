"""The record's own history: corrections (old and new values, who, when, why) and, for
supervisors, the access history (who viewed or changed the record, from the audit log)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.services.audit import AuditRow
from ...core.services.corrections import RevisionItem
from .details import Details
from .display import datetime_text, enum_text
from .items_model import Column
from .list_section import ListSection, clipped


def _value(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def changed_fields(r: RevisionItem) -> str:
    return ", ".join(enum_text(name).lower() for name in sorted(r.before))


def revision_details(r: RevisionItem) -> Details:
    changes = "\n\n".join(
        f"{enum_text(name)}\n  was: {_value(r.before.get(name))}\n"
        f"  now: {_value(r.after.get(name))}"
        for name in sorted(set(r.before) | set(r.after))
    )
    return Details(
        title=f"Correction of a {enum_text(r.object_type).lower()}",
        fields=[
            ("When", datetime_text(r.changed_at)),
            ("By", r.username),
            ("Entry", f"{enum_text(r.object_type)} {r.object_id}"),
        ],
        texts=[("Reason", r.reason), ("Changes", changes)],
    )


REVISION_COLUMNS: list[Column[RevisionItem]] = [
    Column("When", lambda r: r.changed_at),
    Column("By", lambda r: r.username),
    Column("Entry", lambda r: r.object_type, text=lambda r: enum_text(r.object_type)),
    Column("Fields", changed_fields),
    Column("Reason", lambda r: r.reason, text=lambda r: clipped(r.reason)),
]


def _at(row: AuditRow) -> datetime | str:
    # The service gives ISO text (UTC); shown in London time like every other moment.
    try:
        return datetime.fromisoformat(row.at)
    except ValueError:
        return row.at


def access_details(row: AuditRow) -> Details:
    at = _at(row)
    return Details(
        title=f"{enum_text(row.action)} by {row.username}",
        fields=[
            ("When", datetime_text(at) if isinstance(at, datetime) else row.at),
            ("Who", row.username),
            ("What", enum_text(row.action)),
            ("Object", f"{row.object_type} {row.object_key or ''}".strip()),
            ("Log entry", str(row.id)),
        ],
        texts=[("Summary", row.summary), ("Justification", row.justification)],
    )


ACCESS_COLUMNS: list[Column[AuditRow]] = [
    Column("When", _at),
    Column("Who", lambda r: r.username),
    Column("What", lambda r: r.action, text=lambda r: enum_text(r.action)),
    Column("Summary", lambda r: r.summary, text=lambda r: clipped(r.summary)),
    Column("Justification", lambda r: r.justification, text=lambda r: clipped(r.justification)),
]


class CorrectionsTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.corrections: ListSection[RevisionItem] = ListSection(
            "Corrections",
            REVISION_COLUMNS,
            revision_details,
            empty_text="No corrections have been made to this record.",
        )
        QVBoxLayout(self).addWidget(self.corrections)

    def set_items(self, items: Sequence[RevisionItem]) -> None:
        self.corrections.set_items(items)


class AccessTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: ListSection[AuditRow] = ListSection(
            "Who viewed or changed this record",
            ACCESS_COLUMNS,
            access_details,
            empty_text="No entries in the audit log for this record.",
        )
        QVBoxLayout(self).addWidget(self.entries)

    def set_items(self, items: Sequence[AuditRow]) -> None:
        self.entries.set_items(items)
