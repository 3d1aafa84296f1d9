"""The risk tab: every assessment (newest first) with each ARMS factor, how the level changed,
and a chart of the level over time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.rules.dates import london_today
from ...core.services.offender_record import OffenderRecord, RiskAssessmentItem
from ...core.store.enums import RISK_ORDER, RiskLevel
from ...core.store.models import ARMS_FACTORS
from ...core.store.models.supervision import ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS
from ..caseload_model import risk_icon
from .details import Details
from .display import date_text, enum_text, risk_text
from .items_model import Column
from .list_section import ListSection, clipped, vertical_sections
from .risk_chart import RiskChart, level_history_text


def factor_title(name: str) -> str:
    return enum_text(name)


def rating(item: RiskAssessmentItem, factor: str) -> object:
    return dict(item.arms).get(factor)


def changes(assessments: Sequence[RiskAssessmentItem]) -> dict[int, str]:
    """Assessment id -> how its level compares with the one before ("Up from Medium")."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
    result: dict[int, str] = {}
    previous: RiskLevel | None = None
    for item in ordered:
        level = RiskLevel(item.level)
        if previous is None:
            result[item.id] = "First assessment"
        elif level == previous:
            result[item.id] = "No change"
        else:
            way = "Up" if RISK_ORDER[level] > RISK_ORDER[previous] else "Down"
            result[item.id] = f"{way} from {risk_text(previous)}"
        previous = level
    return result


def _factor_column(factor: str) -> Column[RiskAssessmentItem]:
    kind = "protective factor" if factor in ARMS_PROTECTIVE_FACTORS else "risk factor"
    return Column(
        factor_title(factor),
        lambda a, f=factor: rating(a, f),  # type: ignore[misc]
        text=lambda a, f=factor: enum_text(rating(a, f)) or "Not rated",  # type: ignore[misc]
        header_tip=f"ARMS {kind}: {factor_title(factor)}",
    )


class RiskTab(QWidget):
    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changes: dict[int, str] = {}
        columns: list[Column[RiskAssessmentItem]] = [
            Column("Assessed", lambda a: a.assessed_on),
            Column(
                "Level",
                lambda a: RiskLevel(a.level),
                icon=lambda a: risk_icon(RiskLevel(a.level)),
            ),
            Column("Change", lambda a: self._changes.get(a.id, "")),
            Column("Assessor", lambda a: a.assessor),
            Column(
                "Static tool",
                lambda a: a.static_tool,
                # The result names its tool already ("OSP/I: Medium").
                text=lambda a: a.static_result or enum_text(a.static_tool),
            ),
            Column("Next review", lambda a: a.next_review_on),
            Column("Reason", lambda a: a.reason, text=lambda a: clipped(a.reason)),
            *(_factor_column(f) for f in ARMS_FACTORS),
        ]
        self.assessments: ListSection[RiskAssessmentItem] = ListSection(
            "Risk assessments",
            columns,
            self.describe,
            empty_text="No risk assessments recorded.",
            actions=[actions["risk_assessment"]],
        )
        self.chart = RiskChart(self)
        self.history_label = QLabel(self)
        self.history_label.setWordWrap(True)
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.chart, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(vertical_sections(self, self.assessments, lower))

    def describe(self, a: RiskAssessmentItem) -> Details:
        ratings = dict(a.arms)

        def rated(factors: Sequence[str]) -> str:
            return "\n".join(
                f"{factor_title(f)}: {enum_text(ratings.get(f)) or 'Not rated'}" for f in factors
            )

        return Details(
            title=f"Risk assessment of {date_text(a.assessed_on)}: {risk_text(a.level)}",
            fields=[
                ("Level", risk_text(a.level)),
                ("Change", self._changes.get(a.id, "")),
                ("Assessor", a.assessor or ""),
                ("Static tool", enum_text(a.static_tool)),
                ("Static result", a.static_result or ""),
                ("Next review", date_text(a.next_review_on)),
            ],
            texts=[
                ("Reason", a.reason),
                ("ARMS risk factors", rated(ARMS_RISK_FACTORS)),
                ("ARMS protective factors", rated(ARMS_PROTECTIVE_FACTORS)),
                ("Notes", a.notes),
            ],
        )

    def set_record(self, record: OffenderRecord) -> None:
        items = record.risk_assessments
        self._changes = changes(items)
        self.assessments.set_items(sorted(items, key=lambda a: (a.assessed_on, a.id), reverse=True))
        self.history_label.setText(f"How the level changed: {level_history_text(items)}")
        self.chart.set_assessments(items, london_today())
