"""Today: my open warnings, most urgent first, each one click from its answer; my planned visits
for today and the week; and when the warnings were last scanned.

One job on the database thread reads everything the view shows (`services.today`); the models
hold plain rows. The scheduler's `scan_finished` signal (connected by the main window to
`warnings_changed`) and every answer given here refresh it, so new warnings appear without a
restart.
"""

from __future__ import annotations

import html
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlmodel import Session

from ..core.rules.dates import LONDON, format_date, london_date, london_today
from ..core.services.actor import Actor
from ..core.services.permissions import Action, allowed
from ..core.services.scan import WarningRow, run_scan
from ..core.services.today import (
    VISIT_WARNING_KINDS,
    PlannedVisitRow,
    TodayWarnings,
    last_scan,
    planned_visits,
    today_warnings,
)
from ..core.store.enums import RiskLevel, Role, VisitKind
from .caseload_model import NOT_ASSESSED, RISK_LABELS, risk_icon
from .forms import FORM_MODULES, FormContext, open_form
from .forms.base import FormDialog
from .plain_text import plain_tip
from .tasks import Progress, TaskRunner

Key = QModelIndex | QPersistentModelIndex

# The id of a row's warning or planned visit, for tests and views acting on a selection.
ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# "This week" is the next seven days, today included: on a Friday the week ahead still shows.
WEEK_DAYS = 7

SEVERITY_LABELS = {"urgent": "Urgent", "warning": "Warning", "info": "Info"}
_SEVERITY_ICONS = {
    "urgent": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}

KIND_WORDS = {
    VisitKind.home_visit: "Home visit",
    VisitKind.station_attendance: "Station attendance",
    VisitKind.other_contact: "Other contact",
}

ADMINISTRATOR_MESSAGE = (
    "Administrators do not see warnings or visits: sign in with an officer's account."
)


def severity_icon(severity: str) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(_SEVERITY_ICONS.get(severity, _SEVERITY_ICONS["info"]))


def warning_title(kind: str) -> str:
    """ "home_visit_overdue" -> "Home visit overdue" (MAPPA in capitals)."""
    words = kind.replace("_", " ").replace("mappa", "MAPPA")
    return words[:1].upper() + words[1:]


def due_text(row: WarningRow) -> str:
    if row.due_on is None:
        return ""
    if row.days_overdue > 0:
        days = "day" if row.days_overdue == 1 else "days"
        return f"{format_date(row.due_on)} ({row.days_overdue} {days} overdue)"
    return format_date(row.due_on)


def status_text(row: WarningRow, names: dict[str, str]) -> str:
    """ "Open", or "Acknowledged by Ida Pellinore (DC), 3 Mar 2026: In custody"."""
    if row.state != "acknowledged":
        return row.state.capitalize()
    who = names.get(row.acknowledged_by or "", row.acknowledged_by or "someone")
    when = f", {format_date(london_date(row.acknowledged_at))}" if row.acknowledged_at else ""
    return f"Acknowledged by {who}{when}: {row.acknowledgement_reason or ''}"


def last_scan_text(at: datetime | None, warnings: int, now: datetime) -> str:
    """ "Last scan: 07:00 today, 12 warnings" / "... 18:00 yesterday ..." / "No scan yet"."""
    if at is None:
        return "No scan yet"
    local = at.astimezone(LONDON)
    today = now.astimezone(LONDON).date()
    if local.date() == today:
        day = "today"
    elif local.date() == today - timedelta(days=1):
        day = "yesterday"
    else:
        day = format_date(local.date())
    noun = "warning" if warnings == 1 else "warnings"
    return f"Last scan: {local:%H:%M} {day}, {warnings} {noun}"


def planned_when(row: PlannedVisitRow, today: date) -> str:
    """The time alone for today's visits; the weekday and date otherwise ("Tue 3 Mar 14:30")."""
    if row.planned_for.date() == today:
        return f"{row.planned_for:%H:%M}"
    return f"{row.planned_for:%a} {row.planned_for.day} {row.planned_for:%b %H:%M}"


# ---------------------------------------------------------------------------------------------
# Models


class _ListModel(QAbstractTableModel):
    """A small read-only table of plain rows, replaced whole on each refresh."""

    COLUMNS: tuple[tuple[str, str], ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section][1]
        return None

    def flags(self, index: Key) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _replace(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _key(self, index: Key) -> str | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        return self.COLUMNS[index.column()][0]


class WarningsModel(_ListModel):
    """The user's live warnings in the service's order (most urgent first)."""

    COLUMNS = (
        ("severity", "Severity"),
        ("warning", "Warning"),
        ("subject", "About"),
        ("due", "Due"),
        ("owner", "Offender manager"),
        ("status", "Status"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    def set_warnings(self, rows: Sequence[WarningRow], names: dict[str, str]) -> None:
        self._names = dict(names)
        self._replace(rows)

    @property
    def names(self) -> dict[str, str]:
        return dict(self._names)

    def row_at(self, row: int) -> WarningRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, warning_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == warning_id), -1)

    def text(self, row: WarningRow, key: str) -> str:
        if key == "severity":
            return SEVERITY_LABELS.get(row.severity, row.severity.capitalize())
        if key == "warning":
            return warning_title(row.kind)
        if key == "subject":
            return row.subject_ref
        if key == "due":
            return due_text(row)
        if key == "owner":
            if row.owner_name:
                return row.owner_name
            return "Unallocated" if row.subject_type == "offender" else ""
        if key == "status":
            return status_text(row, self._names)
        return ""

    def data(self, index: Key, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self._key(index)
        if key is None:
            return None
        row: WarningRow = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(row.explanation)
        if role == Qt.ItemDataRole.DecorationRole and key == "severity":
            return severity_icon(row.severity)
        if role == ITEM_ID_ROLE:
            return row.id
        return None


class PlannedVisitsModel(_ListModel):
    COLUMNS = (
        ("when", "When"),
        ("name", "Offender"),
        ("ref", "Ref"),
        ("risk", "Risk"),
        ("kind", "Visit"),
        ("address", "Address"),
        ("officers", "Officers"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = london_today()

    def set_visits(self, rows: Sequence[PlannedVisitRow], today: date) -> None:
        self._today = today
        self._replace(rows)

    def row_at(self, row: int) -> PlannedVisitRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def text(self, row: PlannedVisitRow, key: str) -> str:
        if key == "when":
            return planned_when(row, self._today)
        if key == "name":
            return row.name
        if key == "ref":
            return row.offender_ref
        if key == "risk":
            return RISK_LABELS[row.risk_level] if row.risk_level else NOT_ASSESSED
        if key == "kind":
            words = KIND_WORDS.get(row.kind, str(row.kind))
            return f"{words} (announced)" if row.announced else words
        if key == "address":
            return row.address
        if key == "officers":
            return row.officers
        return ""

    def data(self, index: Key, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self._key(index)
        if key is None:
            return None
        row: PlannedVisitRow = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.DecorationRole and key == "risk":
            return risk_icon(RiskLevel(row.risk_level) if row.risk_level else None)
        if role == Qt.ItemDataRole.ToolTipRole and key == "when":
            return f"{format_date(row.planned_for.date())} {row.planned_for:%H:%M}"
        if role == ITEM_ID_ROLE:
            return row.visit_id
        return None


# ---------------------------------------------------------------------------------------------
# The view


@dataclass(frozen=True)
class TodaySnapshot:
    """Everything the view shows, read in one job."""

    today: date
    warnings: TodayWarnings
    planned: list[PlannedVisitRow]
    last_scan: datetime | None


def read_today(session: Session, actor: Actor, today: date) -> TodaySnapshot:
    # A supervisor plans for the team; everyone else sees their own visits.
    team = actor.role == Role.supervisor
    return TodaySnapshot(
        today=today,
        warnings=today_warnings(session, actor),
        planned=planned_visits(
            session, actor, start=today, end=today + timedelta(days=WEEK_DAYS - 1), team=team
        ),
        last_scan=last_scan(session, actor),
    )


def visit_form_available() -> bool:
    """Whether the visit form is installed (it is written separately from this view)."""
    try:
        return importlib.util.find_spec(FORM_MODULES["visit"]) is not None
    except ModuleNotFoundError:
        return False


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


class TodayView(QWidget):
    """The signed-in user's day. Emits `open_record(ref)` for the main window to open a record,
    and `data_changed()` after an answer given here (the caseload's counts may have moved)."""

    open_record = Signal(str)
    data_changed = Signal()

    def __init__(
        self, engine: Engine, runner: TaskRunner, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayView")
        self.engine = engine
        self.runner = runner
        self.actor = actor
        self.can_see = allowed(actor, Action.view_caseload)
        self.can_act = allowed(actor, Action.edit_record)
        self.can_record_visits = self.can_act and visit_form_available()
        self._generation = 0
        self._today = london_today()
        # Which list the actions apply to: the one the user last worked in.
        self._active: QTableView | None = None
        # The form opened last from here (for tests and the main window).
        self.last_form: FormDialog | None = None

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title_label = QLabel(self)
        self.title_label.setObjectName("todayTitle")
        self.scan_label = QLabel(self)
        self.scan_label.setObjectName("lastScanLabel")
        self.refresh_button = QToolButton(self)
        self.refresh_button.setText("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.scan_label)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("errorLabel")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        outer.addWidget(self.message_label)

        self.warnings_model = WarningsModel(self)
        self.today_model = PlannedVisitsModel(self)
        self.week_model = PlannedVisitsModel(self)
        self._build_actions()
        if not self.can_see:
            # The service would refuse (and log it): say why rather than show empty lists.
            self.message_label.setText(ADMINISTRATOR_MESSAGE)
            self.message_label.setObjectName("messageLabel")
            self.message_label.show()
            self.refresh_button.setEnabled(False)
            for act in (self.record_visit_action, self.acknowledge_action, self.open_record_action):
                act.setEnabled(False)
            outer.addStretch(1)
            self._set_title()
            return

        split = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(split, 1)
        split.addWidget(self._build_warnings(split))
        split.addWidget(self._build_planned(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self._set_title()
        self._show_selected()
        self.refresh()

    # --- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | str, slot: Callable[[], None]) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(shortcut))
            # Only while Today (or one of its lists) has focus: other views keep these keys.
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.record_visit_action = action("Record &visit", "Ctrl+Shift+V", self.record_visit)
        self.acknowledge_action = action("&Acknowledge…", "Ctrl+K", self.acknowledge_selected)
        self.open_record_action = action("&Open record", "", self.open_selected)
        self.open_record_action.setToolTip("Open the offender's record (Enter)")
        self.record_visit_action.setToolTip("Record the visit (Ctrl+Shift+V)")
        self.acknowledge_action.setToolTip("Answer the warning with a reason (Ctrl+K)")
        if not self.can_record_visits:
            self.record_visit_action.setToolTip(
                "Your role may not record visits"
                if not self.can_act
                else "The visit form is not available in this version"
            )

    def _build_warnings(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.warnings_heading = QLabel(box)
        self.warnings_heading.setObjectName("warningsHeading")
        column.addWidget(self.warnings_heading)
        split = QSplitter(Qt.Orientation.Horizontal, box)
        self.warnings_view = _table(split, "warningsView")
        self.warnings_view.setModel(self.warnings_model)
        if self.actor.role == Role.offender_manager:
            # Their own list: the manager column would name them on every row.
            owner = [key for key, _ in WarningsModel.COLUMNS].index("owner")
            self.warnings_view.setColumnHidden(owner, True)
        self.warnings_view.setIconSize(self.warnings_view.iconSize())
        split.addWidget(self.warnings_view)
        split.addWidget(self._build_details(split))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        column.addWidget(split, 1)
        self._connect(self.warnings_view)
        return box

    def _build_details(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        pane = QWidget()
        inner = QVBoxLayout(pane)
        self.detail_title = QLabel(pane)
        self.detail_title.setObjectName("warningTitle")
        self.detail_title.setWordWrap(True)
        self.detail_meta = QLabel(pane)
        self.detail_meta.setObjectName("hintLabel")
        self.detail_meta.setWordWrap(True)
        self.detail_meta.setTextFormat(Qt.TextFormat.PlainText)
        # The explanation verbatim: plain text, wrapped, selectable to copy into a note.
        self.detail_explanation = QLabel(pane)
        self.detail_explanation.setObjectName("warningExplanation")
        self.detail_explanation.setWordWrap(True)
        self.detail_explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_explanation.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.detail_status = QLabel(pane)
        self.detail_status.setObjectName("warningStatus")
        self.detail_status.setWordWrap(True)
        self.detail_status.setTextFormat(Qt.TextFormat.PlainText)
        for label in (
            self.detail_title,
            self.detail_meta,
            self.detail_explanation,
            self.detail_status,
        ):
            inner.addWidget(label)
        inner.addStretch(1)
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setWidget(pane)
        column.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        for act in (self.record_visit_action, self.acknowledge_action, self.open_record_action):
            button = QToolButton(box)
            button.setDefaultAction(act)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        return box

    def _build_planned(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.today_heading = QLabel(box)
        self.week_heading = QLabel(box)
        self.today_view = _table(box, "plannedTodayView")
        self.today_view.setModel(self.today_model)
        self.week_view = _table(box, "plannedWeekView")
        self.week_view.setModel(self.week_model)
        for heading, view in (
            (self.today_heading, self.today_view),
            (self.week_heading, self.week_view),
        ):
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(view, 1)
            row.addLayout(column, 1)
            self._connect(view)
        return box

    def _connect(self, view: QTableView) -> None:
        # Focus says which list the actions apply to, even when the current row stays the same.
        view.installEventFilter(self)
        # Enter (and a double click, where the platform activates on it) opens the record.
        view.activated.connect(lambda _index, v=view: self._open_from(v))
        view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous, v=view: self._made_active(v)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QTableView):
            self._made_active(watched)
        return super().eventFilter(watched, event)

    # --- reading ----------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read warnings, planned visits and the last scan again (off the GUI thread)."""
        if not self.can_see:
            return
        self._generation += 1
        generation = self._generation
        actor, today = self.actor, london_today()

        def work(session: Session, _progress: Progress) -> TodaySnapshot:
            return read_today(session, actor, today)

        self.runner.submit(
            work,
            on_done=lambda snapshot: self._arrived(generation, snapshot),
            on_error=lambda exc: self._failed(generation, exc),
        )

    @Slot(object)
    def warnings_changed(self, summary: object = None) -> None:
        """The scheduler finished a scan (its `ScanSummary`, or None if another process was
        scanning): show what the store now holds."""
        self.refresh()

    def _arrived(self, generation: int, snapshot: TodaySnapshot) -> None:
        if generation != self._generation:
            return
        self.message_label.hide()
        self._today = snapshot.today
        selected = self.selected_warning()
        warnings = snapshot.warnings
        self.warnings_model.set_warnings(warnings.rows, warnings.acknowledged_by)
        count = len(warnings.rows)
        answered = sum(1 for r in warnings.rows if r.state == "acknowledged")
        noun = "warning" if count == 1 else "warnings"
        self.warnings_heading.setText(
            f"<b>{html.escape(warnings.scope)}</b>: {count} {noun}"
            + (f", {answered} acknowledged" if answered else "")
        )
        today = [r for r in snapshot.planned if r.planned_for.date() == snapshot.today]
        later = [r for r in snapshot.planned if r.planned_for.date() != snapshot.today]
        self.today_model.set_visits(today, snapshot.today)
        self.week_model.set_visits(later, snapshot.today)
        whose = "Team visits" if self.actor.role == Role.supervisor else "Visits"
        self.today_heading.setText(f"<b>{whose} planned today</b> ({len(today)})")
        self.week_heading.setText(f"<b>Later this week</b> ({len(later)})")
        self.scan_label.setText(last_scan_text(snapshot.last_scan, count, datetime.now(LONDON)))
        self._set_title()
        for view in (self.warnings_view, self.today_view, self.week_view):
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount() - 1):
                view.setColumnWidth(column, min(view.columnWidth(column), 280))
        # Keep the warning the user was on; otherwise start at the most urgent.
        row = self.warnings_model.row_of(selected.id) if selected is not None else -1
        active = self._active
        self._select(self.warnings_view, row if row >= 0 else 0)
        self._active = active
        self._show_selected()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.message_label.setText(f"Today could not be loaded: {exc}")
        self.message_label.show()

    def _set_title(self) -> None:
        day = self._today
        self.title_label.setText(f"<b>Today</b> — {day:%A} {format_date(day)}")

    # --- selection --------------------------------------------------------------------------

    def _select(self, view: QTableView, row: int) -> None:
        model = view.model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _made_active(self, view: QTableView) -> None:
        self._active = view
        if view is self.warnings_view:
            self._show_selected()
        else:
            self._update_actions()

    def selected_warning(self) -> WarningRow | None:
        if not self.can_see:
            return None
        index = self.warnings_view.currentIndex()
        return self.warnings_model.row_at(index.row()) if index.isValid() else None

    def selected_planned(self) -> PlannedVisitRow | None:
        """The planned visit the user is on, when they last worked in a planned list."""
        if self._active is self.today_view:
            return self.today_model.row_at(self.today_view.currentIndex().row())
        if self._active is self.week_view:
            return self.week_model.row_at(self.week_view.currentIndex().row())
        return None

    def _show_selected(self) -> None:
        row = self.selected_warning()
        if row is None:
            self.detail_title.setText(
                "No warning selected" if self.warnings_model.rowCount() else "No open warnings"
            )
            for label in (self.detail_meta, self.detail_explanation, self.detail_status):
                label.setText("")
        else:
            severity = SEVERITY_LABELS.get(row.severity, row.severity)
            self.detail_title.setText(
                f"<b>{severity}: {warning_title(row.kind)}</b> — {html.escape(row.subject_ref)}"
            )
            meta = [f"Due {due_text(row)}"] if row.due_on else []
            if row.owner_name:
                meta.append(f"Offender manager: {row.owner_name}")
            meta.append(f"Policy v{row.policy_version}")
            meta.append(f"Raised {format_date(london_date(row.first_raised_at))}")
            self.detail_meta.setText(" · ".join(meta))
            self.detail_explanation.setText(row.explanation)
            self.detail_status.setText(f"Status: {status_text(row, self.warnings_model.names)}")
        self._update_actions()

    def _update_actions(self) -> None:
        planned = self.selected_planned()
        warning = self.selected_warning()
        on_warning = self._active in (None, self.warnings_view)
        offender = warning is not None and warning.subject_type == "offender"
        visit_warning = offender and warning is not None and warning.kind in VISIT_WARNING_KINDS
        self.record_visit_action.setEnabled(
            self.can_record_visits and ((planned is not None) if not on_warning else visit_warning)
        )
        self.acknowledge_action.setEnabled(self.can_act and warning is not None)
        self.open_record_action.setEnabled((planned is not None) if not on_warning else offender)

    # --- acting -----------------------------------------------------------------------------

    def _open_from(self, view: QTableView) -> None:
        self._active = view
        self.open_selected()

    @Slot()
    def open_selected(self) -> None:
        """Open the offender's record (Enter): for the planned visit or the warning in hand."""
        planned = self.selected_planned()
        if planned is not None:
            self.open_record.emit(planned.offender_ref)
            return
        warning = self.selected_warning()
        if warning is not None and warning.subject_type == "offender":
            self.open_record.emit(warning.subject_ref)

    @Slot()
    def acknowledge_selected(self) -> None:
        """Answer the selected warning with a reason (Ctrl+K)."""
        warning = self.selected_warning()
        if warning is None or not self.can_act:
            return
        ref = warning.subject_ref if warning.subject_type == "offender" else None
        context = FormContext(
            self.engine,
            self.runner,
            self.actor,
            ref,
            on_saved=self._answered,
            initial={"warning_id": warning.id},
        )
        self.last_form = open_form("acknowledge", context, self)

    @Slot()
    def record_visit(self) -> None:
        """Record the visit (Ctrl+Shift+V): the outcome of the planned visit in hand, or a visit
        answering the selected visit warning."""
        if not self.can_record_visits:
            return
        planned = self.selected_planned()
        if planned is not None:
            ref, owner, initial = (
                planned.offender_ref,
                None,
                {"planned_visit_id": planned.visit_id},
            )
        else:
            warning = self.selected_warning()
            if warning is None or warning.kind not in VISIT_WARNING_KINDS:
                return
            ref, owner, initial = warning.subject_ref, warning.owner_warrant, {}
        context = FormContext(
            self.engine,
            self.runner,
            self.actor,
            ref,
            on_saved=lambda: self._visit_recorded(owner),
            initial=dict(initial),
        )
        self.last_form = open_form("visit", context, self)

    def _answered(self) -> None:
        self.data_changed.emit()
        self.refresh()

    def _visit_recorded(self, owner_warrant: str | None) -> None:
        """A visit answers its warning only once the scan has seen it: scan the caseload of
        the offender's manager now (seconds at most) rather than wait for the hourly scan."""
        if owner_warrant is None:
            self._answered()
            return
        actor = self.actor

        def work(session: Session, _progress: Progress) -> None:
            run_scan(session, actor, officer_warrant=owner_warrant, with_rows=False)

        self.runner.submit(
            work,
            on_done=lambda _result: self._answered(),
            on_error=lambda exc: self._rescan_failed(exc),
        )

    def _rescan_failed(self, exc: BaseException) -> None:
        self.message_label.setText(
            f"The visit is saved; its warning will clear at the next scan ({exc})."
        )
        self.message_label.show()
        self.data_changed.emit()
        self.refresh()
