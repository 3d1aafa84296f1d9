"""The main window: the signed-in user's caseload, with scope, quick search and SQL sorting."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Literal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QWidget,
)
from sqlalchemy import Engine

from ..core.jobs import ScanSummary
from ..core.rules.dates import LONDON
from ..core.services.actor import Actor
from ..core.services.offenders import CaseloadQuery
from ..core.services.permissions import ROLE_LABELS, Action, allowed
from ..core.store.enums import Role
from .caseload_model import PAGE_SIZE, CaseloadModel
from .generated.ui_main_window import Ui_MainWindow
from .tasks import TaskRunner

Scope = Literal["mine", "team", "borough", "london"]

# Long addresses are elided rather than widening the table past the window.
MAX_COLUMN_WIDTH = 320

# Long enough to let a name be typed in one go, short enough to feel immediate.
SEARCH_DEBOUNCE_MS = 300

ADMINISTRATOR_MESSAGE = (
    "<p><b>Administrators do not see offender records.</b></p>"
    "<p>The administrator account manages user accounts and data, and may not view caseloads "
    "or records. To see a caseload, sign in with an officer's account.</p>"
)


def scope_choices(actor: Actor) -> list[tuple[str, Scope]]:
    """The scopes an actor can pick, narrowest first."""
    choices: list[tuple[str, Scope]] = []
    if actor.officer_id is not None:
        choices += [("Mine", "mine"), ("My team", "team")]
    choices.append(("London", "london") if actor.london_wide else ("My borough", "borough"))
    return choices


def default_scope(actor: Actor) -> Scope:
    """Offender managers start on their own caseload, supervisors on their team's, others on
    everything they may see."""
    available = [value for _label, value in scope_choices(actor)]
    if actor.role == Role.offender_manager and "mine" in available:
        return "mine"
    if actor.role == Role.supervisor and "team" in available:
        return "team"
    return available[-1]


def window_title(actor: Actor) -> str:
    return f"rsoman — {actor.username} ({ROLE_LABELS[actor.role]})"


class MainWindow(QMainWindow):
    def __init__(
        self, engine: Engine, runner: TaskRunner, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowTitle(window_title(actor))
        self.ui.loadingLabel.hide()
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionFind.triggered.connect(self.focus_search)

        self.user_label = QLabel(f"Signed in as {actor.username}")
        self.role_label = QLabel(f"Role: {ROLE_LABELS[actor.role]}")
        self.count_label = QLabel()
        self.scan_label = QLabel()
        for label in (self.scan_label, self.user_label, self.role_label, self.count_label):
            self.ui.statusbar.addPermanentWidget(label)

        # A job without its own error handling failed: say so rather than fail silently.
        runner.failed.connect(self._job_failed)

        self._tray: QSystemTrayIcon | None = None
        self.model: CaseloadModel | None = None
        if not allowed(actor, Action.view_caseload):
            # The service would refuse (and log the refusal); say why instead of an empty table.
            self._show_message(ADMINISTRATOR_MESSAGE)
            return
        self._set_up_caseload(engine, runner)

    # --- set-up ----------------------------------------------------------------------------

    def _show_message(self, html: str) -> None:
        self.ui.messageLabel.setText(html)
        self.ui.stack.setCurrentWidget(self.ui.messagePage)
        for widget in (
            self.ui.scopeLabel,
            self.ui.scopeCombo,
            self.ui.searchLabel,
            self.ui.searchEdit,
        ):
            widget.hide()
        self.ui.actionFind.setEnabled(False)
        self.ui.actionRefresh.setEnabled(False)
        self.count_label.setText("")

    def _set_up_caseload(self, engine: Engine, runner: TaskRunner) -> None:
        scope = default_scope(self.actor)
        for label, value in scope_choices(self.actor):
            self.ui.scopeCombo.addItem(label, value)
        self.ui.scopeCombo.setCurrentIndex(self.ui.scopeCombo.findData(scope))

        model = CaseloadModel(engine, runner, self.actor, CaseloadQuery(scope=scope), self)
        self.model = model
        model.loading_changed.connect(self._loading_changed)
        model.loaded.connect(self._loaded)
        model.load_failed.connect(self._load_failed)

        view = self.ui.caseloadView
        view.setModel(model)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        # Set the indicator to the query's order first: enabling sorting makes the view call
        # model.sort() with it, which then matches the query and costs nothing.
        header.setSortIndicator(model.sort_column(), Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        # One line per offender, as compact as the font allows.
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        # Sized to what the first page holds (never more: rows beyond it are not loaded yet).
        header.setResizeContentsPrecision(PAGE_SIZE)
        self._columns_sized = False

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.ui.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self.ui.searchEdit.returnPressed.connect(self._apply_search)
        self.ui.scopeCombo.currentIndexChanged.connect(self._scope_changed)
        self.ui.actionRefresh.triggered.connect(model.refresh)

        self.count_label.setText("Loading…")
        model.refresh()

    # --- reactions -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.ui.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchEdit.selectAll()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        if self.model is not None:
            text = self.ui.searchEdit.text().strip()
            self.model.set_query(replace(self.model.query, search=text))

    def _scope_changed(self, _index: int) -> None:
        scope = self.ui.scopeCombo.currentData()
        if self.model is not None and scope:
            self.model.set_query(replace(self.model.query, scope=scope))

    def _loading_changed(self, loading: bool) -> None:
        self.ui.loadingLabel.setVisible(loading)
        if loading:
            self.ui.statusbar.showMessage("Loading the caseload…")
        else:
            self.ui.statusbar.clearMessage()

    def _loaded(self, count: int) -> None:
        if not self._columns_sized and count:
            self._columns_sized = True
            view = self.ui.caseloadView
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount()):
                view.setColumnWidth(column, min(view.columnWidth(column), MAX_COLUMN_WIDTH))
        noun = "offender" if count == 1 else "offenders"
        searched = self.model is not None and bool(self.model.query.search)
        self.count_label.setText(f"{count} {noun}" + (" found" if searched else ""))
        self.ui.caseloadView.scrollToTop()

    def show_scan_result(self, summary: ScanSummary) -> None:
        """A scheduled scan finished: say when and what it found; a tray message when something
        is new or worse (the full warnings view is the desktop client's issue)."""
        at = datetime.now(LONDON).strftime("%H:%M")
        self.scan_label.setText(
            f"Warnings scanned {at}: {summary.open} open, {summary.new} new, "
            f"{summary.escalated} escalated, {summary.resolved} resolved"
        )
        if summary.needs_attention and QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(self.windowIcon(), self)
                self._tray.show()
            self._tray.showMessage(
                "rsoman warnings",
                f"{summary.new} new and {summary.escalated} escalated warnings",
            )
        if self.model is not None and (summary.new or summary.resolved or summary.escalated):
            # The caseload's warning counts may have changed.
            self.model.refresh()

    def show_scan_error(self, message: str) -> None:
        self.scan_label.setText("Warnings: the last scan failed")
        self.ui.statusbar.showMessage(f"The warning scan failed: {message}", 15000)

    def _job_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "rsoman", f"Something went wrong: {exc}")

    def _load_failed(self, message: str) -> None:
        self.ui.statusbar.showMessage(f"The caseload could not be loaded: {message}")
