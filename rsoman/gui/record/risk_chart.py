"""The risk level over time: a step line (a level holds until the next assessment changes it)
with a marker at each assessment, the four levels named on the y axis.

The same history is also given in words (`level_history_text`) beside the chart, for anyone
who does not read charts (or uses a screen reader).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QDateTime, QPointF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from ...core.rules.dates import LONDON
from ...core.services.offender_record import RiskAssessmentItem
from ...core.store.enums import RISK_ORDER, RiskLevel
from .display import date_text, risk_text

LEVELS: tuple[RiskLevel, ...] = tuple(sorted(RiskLevel, key=RISK_ORDER.__getitem__))

# The chart is this many lines of text tall (follows the font, so it scales with DPI).
CHART_LINES = 14


def _msecs(day: date) -> float:
    return float(datetime.combine(day, time(12), LONDON).timestamp() * 1000)


def step_points(assessments: Sequence[RiskAssessmentItem], until: date) -> list[tuple[date, int]]:
    """(date, level index) corners of the step line, oldest first, held until `until`."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
    points: list[tuple[date, int]] = []
    for item in ordered:
        level = RISK_ORDER[RiskLevel(item.level)]
        if points:
            points.append((item.assessed_on, points[-1][1]))
        points.append((item.assessed_on, level))
    if points and until > points[-1][0]:
        points.append((until, points[-1][1]))
    return points


def level_history_text(assessments: Sequence[RiskAssessmentItem]) -> str:
    """ "Low (3 Mar 2015) → High (4 Jun 2019)": each change of level, oldest first."""
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.id))
    steps: list[str] = []
    previous: RiskLevel | None = None
    for item in ordered:
        if item.level != previous:
            steps.append(f"{risk_text(item.level)} ({date_text(item.assessed_on)})")
            previous = RiskLevel(item.level)
    return " → ".join(steps) if steps else "No assessments recorded."


class RiskChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Risk level over time")
        self.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)
        self.chart_.legend().hide()
        self.chart_.setTitle("Risk level over time")
        self.steps = QLineSeries()
        self.steps.setName("Risk level")
        self.markers = QScatterSeries()
        self.markers.setName("Assessments")
        self.markers.setMarkerSize(self.fontMetrics().height() * 0.6)
        self.chart_.addSeries(self.steps)
        self.chart_.addSeries(self.markers)

        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("MMM yyyy")
        self.x_axis.setTitleText("Assessed")
        self.y_axis = QCategoryAxis()
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for index, level in enumerate(LEVELS):
            self.y_axis.append(risk_text(level), index)
        self.y_axis.setRange(-0.5, len(LEVELS) - 0.5)
        self.y_axis.setTitleText("Level")
        self.chart_.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.steps, self.markers):
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)

    def set_assessments(self, assessments: Sequence[RiskAssessmentItem], today: date) -> None:
        corners = step_points(assessments, today)
        self.steps.replace([QPointF(_msecs(day), level) for day, level in corners])
        self.markers.replace(
            [QPointF(_msecs(a.assessed_on), RISK_ORDER[RiskLevel(a.level)]) for a in assessments]
        )
        if corners:
            first, last = corners[0][0], max(corners[-1][0], today)
            pad = max(15, (last - first).days // 30)
            start = QDateTime.fromMSecsSinceEpoch(int(_msecs(first)) - pad * 86_400_000)
            end = QDateTime.fromMSecsSinceEpoch(int(_msecs(last)) + pad * 86_400_000)
            self.x_axis.setRange(start, end)
