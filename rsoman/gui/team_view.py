"""The team & performance view: a borough's figures for managers (docs/figures.md), per officer
and month by month, with two charts where a picture reads faster than a table.

Everything shown comes from `services.performance.performance_figures`, run off the GUI thread
through the task runner; the service checks permission and logs the consultation. Every number
is written as text (table cells, chart labels): colour only repeats what the words say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlmodel import Session

from ..core.rules.dates import format_date, london_today
from ..core.services.actor import Actor
from ..core.services.errors import ServiceError
from ..core.services.performance import (
    BoroughChoice,
    FigureRow,
    MonthRow,
    PerformanceFigures,
    borough_choices,
    performance_figures,
)
from ..core.services.permissions import Action, allowed
from .tasks import Progress, TaskRunner

log = logging.getLogger(__name__)

MONTHS = 12
# Pixels per officer in the caseload chart, so that names and numbers stay legible.
BAR_WIDTH = 36

REFUSED_MESSAGE = (
    "<p><b>Team and performance figures are for supervisors, managers and "
    "administrators.</b></p><p>Your account may not view them. Ask your supervisor if you "
    "need a figure.</p>"
)

Key = QModelIndex | QPersistentModelIndex

# Colour backs up the words "over capacity" in the cell, never replaces them.
_OVER_BRUSH = QBrush(QColor("#fde2e1"))
_BAR_COLOUR = QColor("#4263eb")
_CAPACITY_COLOUR = QColor("#b00020")
_OVERDUE_COLOUR = QColor("#d9480f")


def _n(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _of(part: int, whole: int, rate: float | None) -> str:
    """ "3 of 4 (75.0%)", or "–" when there is nothing to count."""
    return "–" if whole == 0 else f"{part:,} of {whole:,} ({_pct(rate)})"


@dataclass(frozen=True)
class Column:
    header: str
    # Why the figure says what it says: the definition of docs/figures.md, in short.
    tip: str
    text: Callable[[FigureRow], str]
    key: Callable[[FigureRow], Any]
    numeric: bool = True


def _caseload(r: FigureRow) -> str:
    if not r.active:
        return f"{r.offenders} (no longer active)"
    over = " – over capacity" if r.over_capacity else ""
    return f"{r.offenders} / {r.capacity} ({_pct(r.caseload_percent)}){over}"


def _oldest(r: FigureRow) -> str:
    return "–" if r.oldest_overdue_days is None else f"{r.oldest_overdue_days} days"


def _none_last(value: float | int | None) -> tuple[bool, float]:
    return (value is None, float(value or 0))


COLUMNS: tuple[Column, ...] = (
    Column("Officer", "Offender manager (rank)", lambda r: r.label, lambda r: r.label, False),
    Column("Borough", "The officer's borough", lambda r: r.borough, lambda r: r.borough, False),
    Column(
        "Team",
        "Team within the borough's Jigsaw unit",
        lambda r: r.team or "",
        lambda r: r.team or "",
        False,
    ),
    Column(
        "Caseload / capacity",
        "Active offenders assigned today against the officer's capacity (or the policy default)",
        _caseload,
        lambda r: _none_last(r.caseload_percent),
    ),
    Column(
        "Risk-weighted",
        "Sum of the policy's risk weights per offender (not assessed counts as very high)",
        lambda r: _n(r.risk_weighted_load),
        lambda r: r.risk_weighted_load,
    ),
    Column(
        "Overdue visits",
        "Active offenders whose home visit is overdue today (the same rule as the warnings)",
        lambda r: _n(r.overdue_visits),
        lambda r: r.overdue_visits,
    ),
    Column(
        "Oldest overdue",
        "Days overdue of the longest-overdue home visit",
        _oldest,
        lambda r: _none_last(r.oldest_overdue_days),
    ),
    Column(
        "Unsuccessful visits",
        "Home visits in the period that did not succeed (no reply, refused, absent...), of all "
        "home visits made (cancelled ones excepted)",
        lambda r: _of(r.unsuccessful_visits, r.home_visits, r.unsuccessful_rate),
        lambda r: _none_last(r.unsuccessful_rate),
    ),
    Column(
        "Unannounced",
        "Unannounced home visits in the period, of all home visits made",
        lambda r: _of(r.unannounced_visits, r.home_visits, r.unannounced_share),
        lambda r: _none_last(r.unannounced_share),
    ),
    Column(
        "First visits on time",
        "First home visits (after registration, release or arrival) whose deadline passed in "
        "the period, and how many were made on time",
        lambda r: _of(r.first_visits_on_time, r.first_visits_due, r.first_visits_on_time_rate),
        lambda r: _none_last(r.first_visits_on_time_rate),
    ),
    Column(
        "Breaches actioned",
        "Breaches found in the period, and how many have an action recorded",
        lambda r: _of(
            r.breaches_actioned,
            r.breaches_found,
            None if not r.breaches_found else 100 * r.breaches_actioned / r.breaches_found,
        ),
        lambda r: r.breaches_found,
    ),
    Column(
        "Days to act",
        "Median days from finding a breach to the action taken",
        lambda r: "–" if r.median_days_to_act is None else f"{r.median_days_to_act:g}",
        lambda r: _none_last(r.median_days_to_act),
    ),
    Column(
        "Breaches awaiting action",
        "Breaches without action after the decision deadline, today",
        lambda r: _n(r.breaches_action_overdue),
        lambda r: r.breaches_action_overdue,
    ),
    Column(
        "Risk reviews overdue",
        "Active offenders whose risk review (or first assessment) is overdue today",
        lambda r: _n(r.risk_reviews_overdue),
        lambda r: r.risk_reviews_overdue,
    ),
    Column(
        "MAPPA at expected rank",
        "Level 2/3 MAPPA meetings in the period on the officer's cases, and how many police "
        "attended at the rank the policy expects",
        lambda r: _of(r.mappa_at_expected_rank, r.mappa_meetings, r.mappa_at_expected_rank_rate),
        lambda r: _none_last(r.mappa_at_expected_rank_rate),
    ),
)


_HEADERS = [c.header for c in COLUMNS]
BOROUGH_COLUMN = _HEADERS.index("Borough")
CASELOAD_COLUMN = _HEADERS.index("Caseload / capacity")


class OfficerFiguresModel(QAbstractTableModel):
    """One row per officer. A borough has tens of officers (London: a few hundred), all loaded
    at once, so sorting here in Python is instant and needs no query; the caseload table, with
    thousands of rows loaded lazily, sorts in SQL instead."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FigureRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: tuple[FigureRow, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._apply_sort(*self._sort)
        self.endResetModel()

    def row(self, index: int) -> FigureRow:
        return self._rows[index]

    def rowCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Key, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(r)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == CASELOAD_COLUMN:
            return _OVER_BRUSH if r.over_capacity else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._apply_sort(column, order)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        key = COLUMNS[column].key
        # The name breaks ties, so equal figures keep a stable, readable order.
        self._rows.sort(key=lambda r: r.label)
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


MONTH_HEADERS = (
    ("Month", "The calendar month (the current one up to today)"),
    ("Overdue visits at month end", "Overdue home visits on the month's last day"),
    ("Oldest overdue", "Days overdue of the longest-overdue home visit at month end"),
    ("Home visits", "Home visits made in the month (cancelled ones excepted)"),
    ("Unsuccessful", "Home visits in the month that did not succeed"),
    ("Breaches found", "Breaches found in the month"),
)


def month_label(m: MonthRow) -> str:
    """ "Oct 2026", or "Nov 2026 (to 27 Nov 2026)" for the month in progress."""
    text = f"{m.month:%b %Y}"
    complete = (m.ends_on + timedelta(days=1)).month != m.ends_on.month
    return text if complete else f"{text} (to {format_date(m.ends_on)})"


class MonthFiguresModel(QAbstractTableModel):
    """The month rows, oldest first (a dozen rows: no sorting)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MonthRow] = []

    def set_rows(self, rows: tuple[MonthRow, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MONTH_HEADERS)

    def data(self, index: Key, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                month_label(m),
                _n(m.overdue_visits),
                "–" if m.oldest_overdue_days is None else f"{m.oldest_overdue_days} days",
                _n(m.home_visits),
                _of(m.unsuccessful_visits, m.home_visits, m.unsuccessful_share),
                _n(m.breaches_found),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return MONTH_HEADERS[index.column()][1]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(MONTH_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return MONTH_HEADERS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return MONTH_HEADERS[section][1]
        return None


# --- charts -----------------------------------------------------------------------------------


def caseload_chart(rows: tuple[FigureRow, ...]) -> QChart:
    """Caseload per active officer as bars (each labelled with its number), with each
    officer's capacity as a line across them."""
    chart = QChart()
    chart.setTitle("Caseload against capacity")
    rows = tuple(r for r in rows if r.active)
    bars = QBarSet("Caseload")
    bars.setColor(_BAR_COLOUR)
    bars.setLabelColor(QColor("black"))
    capacity = QLineSeries()
    capacity.setName("Capacity")
    capacity.setPen(QPen(_CAPACITY_COLOUR, 2, Qt.PenStyle.DashLine))
    capacity.setPointLabelsVisible(False)
    names = []
    for i, r in enumerate(rows):
        bars.append(r.offenders)
        capacity.append(i, r.capacity)
        names.append(r.label.split(",")[0])  # the surname: the table has the full name
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    chart.addSeries(capacity)
    x = QBarCategoryAxis()
    x.append(names)
    x.setLabelsAngle(-90)
    x.setTruncateLabels(False)
    y = QValueAxis()
    top = max([r.offenders for r in rows] + [r.capacity for r in rows] + [1])
    y.setRange(0, top * 1.15)
    y.applyNiceNumbers()
    y.setLabelFormat("%d")
    y.setTitleText("Offenders")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for s in (series, capacity):
        s.attachAxis(x)
        s.attachAxis(y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def overdue_chart(months: tuple[MonthRow, ...]) -> QChart:
    """Overdue home visits at each month end, as a line with each point's number written."""
    chart = QChart()
    chart.setTitle("Overdue home visits at each month end")
    line = QLineSeries()
    line.setName("Overdue home visits")
    line.setPen(QPen(_OVERDUE_COLOUR, 2))
    line.setPointsVisible(True)
    line.setPointLabelsVisible(True)
    line.setPointLabelsFormat("@yPoint")
    for i, m in enumerate(months):
        line.append(i, m.overdue_visits)
    chart.addSeries(line)
    x = QBarCategoryAxis()
    x.append([f"{m.month:%b %y}" for m in months])
    y = QValueAxis()
    y.setRange(0, max([m.overdue_visits for m in months] + [1]) * 1.2)
    y.applyNiceNumbers()
    y.setLabelFormat("%d")
    y.setTitleText("Overdue visits")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(x)
    line.attachAxis(y)
    chart.legend().hide()
    return chart


# --- the view ---------------------------------------------------------------------------------


SUMMARY_ITEMS: tuple[tuple[str, str, Callable[[FigureRow], str]], ...] = (
    (
        "Offenders managed",
        "Active offenders of the borough (unallocated: with no offender manager today)",
        lambda t: f"{t.offenders:,} ({t.unallocated:,} unallocated)",
    ),
    (
        "Offenders per manager",
        "Active offenders per active offender manager",
        lambda t: (
            "–"
            if t.offenders_per_manager is None
            else f"{t.offenders_per_manager:g} ({_n(t.offender_managers)} managers)"
        ),
    ),
    (
        "Caseload against capacity",
        "Offenders managed against the sum of the managers' capacities",
        lambda t: f"{_pct(t.caseload_percent)} ({t.over_capacity} officers over capacity)",
    ),
    (
        "Overdue home visits",
        "Active offenders whose home visit is overdue today",
        lambda t: (
            f"{t.overdue_visits:,}"
            + ("" if t.oldest_overdue_days is None else f" (oldest {t.oldest_overdue_days} days)")
        ),
    ),
    (
        "Unsuccessful home visits",
        "Home visits in the period that did not succeed",
        lambda t: _of(t.unsuccessful_visits, t.home_visits, t.unsuccessful_rate),
    ),
    (
        "Unannounced home visits",
        "Unannounced home visits in the period",
        lambda t: _of(t.unannounced_visits, t.home_visits, t.unannounced_share),
    ),
    (
        "First home visits on time",
        "First home visits whose deadline passed in the period, made on time",
        lambda t: _of(t.first_visits_on_time, t.first_visits_due, t.first_visits_on_time_rate),
    ),
    (
        "Breaches found / actioned",
        "Breaches found in the period, with an action recorded; median days to act",
        lambda t: (
            f"{t.breaches_found:,} found, {t.breaches_actioned:,} actioned"
            + ("" if t.median_days_to_act is None else f", median {t.median_days_to_act:g} days")
        ),
    ),
    (
        "Breaches awaiting action",
        "Breaches without action after the decision deadline, today",
        lambda t: f"{t.breaches_action_overdue:,}",
    ),
    (
        "Risk reviews overdue",
        "Active offenders whose risk review or first assessment is overdue today",
        lambda t: f"{t.risk_reviews_overdue:,}",
    ),
    (
        "MAPPA at expected rank",
        "Level 2/3 meetings held in the period attended by police at the expected rank",
        lambda t: _of(t.mappa_at_expected_rank, t.mappa_meetings, t.mappa_at_expected_rank_rate),
    ),
)


class TeamView(QWidget):
    """Team & performance: the borough's figures (a borough picker for London-wide users), a
    sortable per-officer table, the months, and two charts."""

    def __init__(
        self, engine: Engine, runner: TaskRunner, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamView")
        self.engine = engine
        self.runner = runner
        self.actor = actor
        self.figures: PerformanceFigures | None = None
        self._request = 0

        layout = QVBoxLayout(self)
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        layout.addWidget(self.message_label)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Borough:"))
        self.borough_combo = QComboBox()
        self.borough_combo.setObjectName("boroughCombo")
        self.borough_combo.setMinimumContentsLength(18)
        self.borough_combo.setAccessibleName("Borough")
        bar.addWidget(self.borough_combo)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("refreshButton")
        bar.addWidget(self.refresh_button)
        self.status_label = QLabel()
        self.status_label.setObjectName("loadingLabel")
        bar.addWidget(self.status_label, 1)
        body.addLayout(bar)

        summary_box = QGroupBox("Summary")
        grid = QGridLayout(summary_box)
        self.summary_values: dict[str, QLabel] = {}
        for i, (name, tip, _text) in enumerate(SUMMARY_ITEMS):
            label = QLabel(name + ":")
            label.setToolTip(tip)
            value = QLabel("–")
            value.setToolTip(tip)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row, col = divmod(i, 3)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
            self.summary_values[name] = value
        body.addWidget(summary_box)

        self.tabs = QTabWidget()
        self.officer_model = OfficerFiguresModel(self)
        self.officer_table = QTableView()
        self.officer_table.setObjectName("officerTable")
        self.officer_table.setModel(self.officer_model)
        self.officer_table.setSortingEnabled(True)
        self.officer_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.officer_table.setAlternatingRowColors(True)
        self.officer_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.officer_table.verticalHeader().hide()
        self.officer_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.caseload_view = QChartView()
        self.caseload_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        officers = QSplitter(Qt.Orientation.Vertical)
        officers.addWidget(self.officer_table)
        # London has a hundred or more officers: the bars keep a readable width and scroll.
        self.caseload_scroll = QScrollArea()
        self.caseload_scroll.setWidgetResizable(True)
        self.caseload_scroll.setWidget(self.caseload_view)
        self.caseload_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        officers.addWidget(self.caseload_scroll)
        officers.setSizes([1, 1])  # half the tab each, whatever the table would like
        self.tabs.addTab(officers, "Officers")

        self.month_model = MonthFiguresModel(self)
        self.month_table = QTableView()
        self.month_table.setObjectName("monthTable")
        self.month_table.setModel(self.month_model)
        self.month_table.verticalHeader().hide()
        self.month_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.overdue_view = QChartView()
        self.overdue_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        months = QSplitter(Qt.Orientation.Vertical)
        months.addWidget(self.overdue_view)
        months.addWidget(self.month_table)
        self.tabs.addTab(months, "Over the last 12 months")
        body.addWidget(self.tabs, 1)

        if not allowed(actor, Action.view_stats):
            # The service would refuse (and log the refusal); say why instead of asking it.
            self.message_label.setText(REFUSED_MESSAGE)
            self.message_label.show()
            self.body.hide()
            return
        self.borough_combo.setEnabled(actor.london_wide)
        self.borough_combo.currentIndexChanged.connect(self._borough_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self._load_boroughs()

    # --- loading ------------------------------------------------------------------------------

    def _load_boroughs(self) -> None:
        actor = self.actor

        def work(session: Session, _progress: Progress) -> list[BoroughChoice]:
            return borough_choices(session, actor)

        self.status_label.setText("Loading…")
        self.runner.submit(work, on_done=self._show_boroughs, on_error=self._failed)

    def _show_boroughs(self, choices: list[BoroughChoice]) -> None:
        self.borough_combo.blockSignals(True)
        self.borough_combo.clear()
        for choice in choices:
            self.borough_combo.addItem(choice.name, choice.code)
        self.borough_combo.blockSignals(False)
        self.refresh()

    def _borough_changed(self, _index: int) -> None:
        self.refresh()

    def borough_code(self) -> str | None:
        return self.borough_combo.currentData()

    def refresh(self) -> None:
        """Load the figures for the chosen borough as of today; a newer request supersedes an
        older one still running."""
        self._request += 1
        request = self._request
        actor, code = self.actor, self.borough_code()
        today = london_today()

        def work(session: Session, _progress: Progress) -> PerformanceFigures:
            return performance_figures(
                session, actor, borough_code=code, as_of=today, months=MONTHS
            )

        def done(figures: PerformanceFigures) -> None:
            if request == self._request:
                self.show_figures(figures)

        def failed(exc: BaseException) -> None:
            if request == self._request:
                self._failed(exc)

        self.status_label.setText("Loading…")
        self.runner.submit(work, on_done=done, on_error=failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            self.status_label.setText(f"Could not load the figures: {exc}")
            return
        log.error("loading the performance figures failed", exc_info=exc)
        self.status_label.setText("Could not load the figures: something went wrong (logged)")

    # --- showing ------------------------------------------------------------------------------

    def show_figures(self, figures: PerformanceFigures) -> None:
        self.figures = figures
        self.status_label.setText(
            f"{figures.borough}, as of {format_date(figures.as_of)} (period from "
            f"{format_date(figures.period_start)}), policy v{figures.policy_version}"
        )
        for name, _tip, text in SUMMARY_ITEMS:
            self.summary_values[name].setText(text(figures.totals))
        self.officer_model.set_rows(figures.officers)
        # The borough column only tells officers apart in London's figures.
        self.officer_table.setColumnHidden(BOROUGH_COLUMN, figures.borough_code is not None)
        self.month_model.set_rows(figures.monthly)
        self._set_chart(self.caseload_view, caseload_chart(figures.officers))
        bars = sum(1 for r in figures.officers if r.active)
        self.caseload_view.setMinimumWidth(max(400, BAR_WIDTH * bars))
        self._set_chart(self.overdue_view, overdue_chart(figures.monthly))

    @staticmethod
    def _set_chart(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()
