"""Intelligence reports, newest first, each in its own words."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.services.offender_record import IntelligenceItem, OffenderRecord
from .details import Details
from .display import date_text, enum_text, yes_no
from .items_model import Column
from .list_section import ListSection, clipped

INTELLIGENCE_COLUMNS: list[Column[IntelligenceItem]] = [
    Column("Received", lambda i: i.received_on),
    Column("Source", lambda i: i.source),
    Column("Source detail", lambda i: i.source_detail),
    Column("Grading", lambda i: i.grading),
    Column(
        "Concern",
        lambda i: i.is_concern,
        header_tip="Reported behaviour of concern (several close together prompt a review)",
    ),
    Column("Report", lambda i: i.text, text=lambda i: clipped(i.text)),
]


def intelligence_details(i: IntelligenceItem) -> Details:
    return Details(
        title=f"Intelligence received {date_text(i.received_on)}",
        fields=[
            ("Received", date_text(i.received_on)),
            ("Source", enum_text(i.source)),
            ("Source detail", i.source_detail or ""),
            ("Grading", i.grading or ""),
            ("A concern", yes_no(i.is_concern)),
        ],
        texts=[("Report", i.text)],
    )


class IntelligenceTab(QWidget):
    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intelligence: ListSection[IntelligenceItem] = ListSection(
            "Intelligence",
            INTELLIGENCE_COLUMNS,
            intelligence_details,
            empty_text="No intelligence recorded.",
            actions=[actions["intelligence"]],
        )
        QVBoxLayout(self).addWidget(self.intelligence)

    def set_record(self, record: OffenderRecord) -> None:
        self.intelligence.set_items(
            sorted(record.intelligence, key=lambda i: (i.received_on, i.id), reverse=True)
        )
