"""The main window: Today, the caseload (scope, quick search, column filters, SQL sorting) and,
for supervisors and managers, the team view; records and forms open from here."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
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
from ..core.services.actor import Actor
from ..core.services.offenders import CaseloadQuery
from ..core.services.permissions import ROLE_LABELS, Action, allowed
from ..core.store.enums import Role
from .caseload_filters import CaseloadFilterPanel
from .caseload_model import PAGE_SIZE, CaseloadModel
from .forms import FormContext, open_form
from .generated.ui_main_window import Ui_MainWindow
from .tasks import TaskRunner
from .tray import notify_new_warnings, scan_status_text

Scope = Literal["mine", "team", "borough", "london"]

# How many rows the column widths are measured on (at most a page: later rows are not loaded).
COLUMN_SIZING_ROWS = min(40, PAGE_SIZE)

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
    # Something was saved: the warnings should be scanned again (the app connects the
    # scheduler's scan_now).
    data_changed = Signal()
    # The user asked for a scan now.
    scan_requested = Signal()

    def __init__(
        self,
        engine: Engine,
        runner: TaskRunner,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.engine = engine
        self.runner = runner
        self.settings = settings if settings is not None else QSettings()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.setWindowTitle(window_title(actor))
        self.ui.loadingLabel.hide()
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionFind.triggered.connect(self.focus_search)
        self.ui.actionShowToday.triggered.connect(lambda: self.show_page(self.ui.todayPage))
        self.ui.actionShowCaseload.triggered.connect(lambda: self.show_page(self.ui.caseloadPage))
        self.ui.actionShowTeam.triggered.connect(lambda: self.show_page(self.ui.teamPage))
        self.ui.actionScanNow.triggered.connect(self.scan_requested)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.actionUserGuide.triggered.connect(self.show_user_guide)
        self.change_password_action = QAction("Change &password…", self)
        self.change_password_action.triggered.connect(self.change_password)
        self.ui.menuFile.insertAction(self.ui.actionQuit, self.change_password_action)
        if allowed(actor, Action.manage_policy):
            self.settings_action = QAction("&Settings…", self)
            self.settings_action.triggered.connect(self.show_settings)
            self.ui.menuFile.insertAction(self.ui.actionQuit, self.settings_action)
        self.ui.menuFile.insertSeparator(self.ui.actionQuit)
        self.records: dict[str, QWidget] = {}
        self._set_up_packs()
        self.today: QWidget | None = None
        self.team: QWidget | None = None
        self.filter_panel: CaseloadFilterPanel | None = None

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
        self._set_up_team()
        if not allowed(actor, Action.view_caseload):
            # The service would refuse (and log the refusal); say why instead of an empty table.
            self._show_message(ADMINISTRATOR_MESSAGE)
            self._remove_page(self.ui.todayPage)
            for action in (
                self.ui.actionShowToday,
                self.ui.actionOpenRecord,
                self.ui.actionRecordVisit,
                self.ui.actionReallocate,
                self.ui.actionFilters,
            ):
                action.setEnabled(False)
            self.ui.filtersButton.hide()
            return
        self._set_up_caseload(engine, runner)
        self._set_up_record_actions()
        self._set_up_today()
        self.show_page(self.ui.todayPage if self.today is not None else self.ui.caseloadPage)

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
        # Sized to the first rows: sampling a whole page of 200 took most of a second on the GUI
        # thread at national size (bench/bench_gui.py), 40 rows read the same widths.
        header.setResizeContentsPrecision(COLUMN_SIZING_ROWS)
        self._columns_sized = False

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.ui.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self.ui.searchEdit.returnPressed.connect(self._apply_search)
        self.ui.scopeCombo.currentIndexChanged.connect(self._scope_changed)
        self.ui.actionRefresh.triggered.connect(model.refresh)

        self.filter_panel = CaseloadFilterPanel(self.settings, self.actor.username, self)
        self.ui.filterPanelLayout.addWidget(self.filter_panel)
        self.ui.filterPanelHolder.hide()
        self.filter_panel.changed.connect(self._apply_filters)
        self.ui.filtersButton.toggled.connect(self._show_filters)
        self.ui.actionFilters.triggered.connect(self.ui.filtersButton.toggle)

        self.count_label.setText("Loading…")
        model.refresh()

    def _set_up_record_actions(self) -> None:
        view = self.ui.caseloadView
        view.doubleClicked.connect(self._open_index)
        view.activated.connect(self._open_index)  # Enter on a row
        self.ui.actionOpenRecord.triggered.connect(self.open_selected_record)
        can_edit = allowed(self.actor, Action.edit_record)
        self.ui.actionRecordVisit.setEnabled(can_edit)
        # Ctrl+Shift+V belongs to the page with the focus: Today has its own "Record visit" for
        # its selected warning or visit; a window-wide shortcut here made the key ambiguous
        # there, and neither fired.
        self.ui.actionRecordVisit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ui.caseloadPage.addAction(self.ui.actionRecordVisit)
        self.ui.actionRecordVisit.triggered.connect(self.record_visit_for_selected)
        can_move = allowed(self.actor, Action.reallocate)
        self.ui.actionReallocate.setEnabled(can_move)
        self.ui.actionReallocate.setVisible(can_move)
        self.ui.actionReallocate.triggered.connect(self.reallocate_selected)
        for action in (
            self.ui.actionOpenRecord,
            self.ui.actionRecordVisit,
            self.ui.actionReallocate,
        ):
            view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _set_up_packs(self) -> None:
        """The Packs menu: each pack needs the permission its service checks (shown disabled
        otherwise, so users learn the pack exists and who may issue it)."""
        packs = (
            (self.ui.actionBriefingPack, "briefing", Action.view_record),
            (self.ui.actionVisitSheet, "visits", Action.view_record),
            (self.ui.actionMappaPack, "mappa", Action.manage_mappa),
            (self.ui.actionPerformanceReport, "performance", Action.view_stats),
        )
        for action, kind, permission in packs:
            action.setEnabled(allowed(self.actor, permission))
            action.triggered.connect(lambda _checked=False, k=kind: self.issue_pack(k))
        self.ui.actionIssuedPacks.setEnabled(
            any(allowed(self.actor, p) for _a, _k, p in packs)
            or allowed(self.actor, Action.view_audit)
        )
        self.ui.actionIssuedPacks.triggered.connect(self.show_issued_packs)

    def issue_pack(self, kind: str) -> QWidget:
        from .packs import open_issue_dialog

        return open_issue_dialog(kind, self.engine, self.runner, self.actor, self)

    def show_issued_packs(self) -> QWidget:
        from .packs import open_history

        return open_history(self.engine, self.runner, self.actor, self)

    def _set_up_today(self) -> None:
        try:
            from .today_view import TodayView
        except ImportError:  # not built yet: the caseload is the start page
            self._remove_page(self.ui.todayPage)
            self.ui.actionShowToday.setEnabled(False)
            return
        today = TodayView(self.engine, self.runner, self.actor, self.ui.todayPage)
        self.ui.todayPage.layout().addWidget(today)
        today.open_record.connect(self.open_record)
        today.data_changed.connect(self._something_saved)
        self.today = today

    def _set_up_team(self) -> None:
        if not allowed(self.actor, Action.view_stats):
            self._remove_page(self.ui.teamPage)
            self.ui.actionShowTeam.setEnabled(False)
            self.ui.actionShowTeam.setVisible(False)
            return
        # Built when its tab is first opened: importing QtCharts and loading the team's figures
        # at launch delayed the first window, and queued the figures ahead of the caseload on
        # the one database thread (bench/bench_gui.py).
        self.ui.mainTabs.currentChanged.connect(self._team_tab_opened)

    def _team_tab_opened(self, _index: int) -> None:
        if self.team is not None or self.ui.mainTabs.currentWidget() is not self.ui.teamPage:
            return
        self.ui.mainTabs.currentChanged.disconnect(self._team_tab_opened)
        from .team_view import TeamView

        self.team = TeamView(self.engine, self.runner, self.actor, self.ui.teamPage)
        self.ui.teamPage.layout().addWidget(self.team)

    def _remove_page(self, page: QWidget) -> None:
        index = self.ui.mainTabs.indexOf(page)
        if index >= 0:
            self.ui.mainTabs.removeTab(index)

    def show_page(self, page: QWidget) -> None:
        if self.ui.mainTabs.indexOf(page) >= 0:
            self.ui.mainTabs.setCurrentWidget(page)

    # --- records and forms -----------------------------------------------------------------

    def selected_refs(self) -> list[str]:
        """References of the selected caseload rows, in table order."""
        if self.model is None:
            return []
        rows = sorted(
            {index.row() for index in self.ui.caseloadView.selectionModel().selectedRows()}
        )
        if not rows and self.ui.caseloadView.currentIndex().isValid():
            rows = [self.ui.caseloadView.currentIndex().row()]
        refs = []
        for row in rows:
            data = self.model.row_data(row)
            if data is not None:
                refs.append(data.ref)
        return refs

    def _open_index(self, index: QModelIndex) -> None:
        if self.model is not None and index.isValid():
            data = self.model.row_data(index.row())
            if data is not None:
                self.open_record(data.ref)

    def open_selected_record(self) -> None:
        refs = self.selected_refs()
        if refs:
            self.open_record(refs[0])
        else:
            self.ui.statusbar.showMessage("Select an offender first.", 5000)

    def open_record(self, ref: str) -> QWidget:
        """Open (or bring forward) the record window of one offender."""
        from .record import open_record

        window = open_record(self.engine, self.runner, self.actor, ref)
        if window not in self.records.values():
            window.saved.connect(self._something_saved)
            window.destroyed.connect(lambda _obj=None, ref=ref: self.records.pop(ref, None))
            self.records[ref] = window
        return window

    def form_context(self, ref: str | None, **initial: object) -> FormContext:
        return FormContext(
            self.engine,
            self.runner,
            self.actor,
            ref,
            on_saved=self._something_saved,
            initial=dict(initial),
        )

    def record_visit_for_selected(self) -> None:
        refs = self.selected_refs()
        if not refs:
            self.ui.statusbar.showMessage("Select an offender first.", 5000)
            return
        open_form("visit", self.form_context(refs[0]), self)

    def reallocate_selected(self) -> None:
        refs = self.selected_refs()
        if not refs:
            self.ui.statusbar.showMessage("Select one or more offenders first.", 5000)
            return
        if len(refs) == 1:
            open_form("reallocate", self.form_context(refs[0]), self)
        else:
            open_form("reallocate", self.form_context(None, offender_refs=refs), self)

    def _something_saved(self) -> None:
        if self.model is not None:
            self.model.refresh()
        if self.today is not None and hasattr(self.today, "refresh"):
            self.today.refresh()
        self.data_changed.emit()

    def show_settings(self) -> QWidget:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.engine, self.runner, self.actor, self)
        dialog.open()
        return dialog

    def change_password(self) -> QWidget:
        from .password_dialog import PasswordDialog

        dialog = PasswordDialog(self.runner, self.actor.username, actor=self.actor, parent=self)
        dialog.open()
        return dialog

    # --- help ------------------------------------------------------------------------------

    def show_about(self) -> None:
        from .. import __version__

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About rsoman",
            f"rsoman {__version__}\n\nSupervision of registered sex offenders for Jigsaw teams.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()

    def show_user_guide(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from .app import user_guide_path

        path = user_guide_path()
        if path is None:
            self.ui.statusbar.showMessage("The user guide is not installed with this copy.", 8000)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- reactions -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.show_page(self.ui.caseloadPage)
        self.ui.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchEdit.selectAll()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        if self.model is not None:
            text = self.ui.searchEdit.text().strip()
            self.model.set_query(replace(self.model.query, search=text))

    def _apply_filters(self) -> None:
        if self.model is None or self.filter_panel is None:
            return
        query = self.filter_panel.apply_to(self.model.query)
        count = query.filter_count()
        self.ui.filtersButton.setText(f"&Filters ({count})" if count else "&Filters")
        self.model.set_query(query)

    def _show_filters(self, shown: bool) -> None:
        if shown:
            self.show_page(self.ui.caseloadPage)
        self.ui.filterPanelHolder.setVisible(shown)
        if shown and self.filter_panel is not None:
            self.filter_panel.address_edit.setFocus()

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
        searched = self.model is not None and bool(
            self.model.query.search or self.model.query.filter_count()
        )
        self.count_label.setText(f"{count} {noun}" + (" found" if searched else ""))
        self.ui.caseloadView.scrollToTop()

    def show_scan_result(self, summary: ScanSummary) -> None:
        """A scheduled scan finished: say when and what it found; a tray message when something
        is new or worse (the full warnings view is the desktop client's issue)."""
        self.scan_label.setText(scan_status_text(summary))
        if (
            summary.needs_attention
            and self._tray is None
            and QSystemTrayIcon.isSystemTrayAvailable()
        ):
            self._tray = QSystemTrayIcon(self.windowIcon(), self)
            self._tray.show()
        notify_new_warnings(self._tray, summary)
        if self.model is not None and (summary.new or summary.resolved or summary.escalated):
            # The caseload's warning counts may have changed.
            self.model.refresh()
        if self.today is not None and hasattr(self.today, "warnings_changed"):
            self.today.warnings_changed(summary)

    def show_scan_error(self, message: str) -> None:
        self.scan_label.setText("Warnings: the last scan failed")
        self.ui.statusbar.showMessage(f"The warning scan failed: {message}", 15000)

    def _job_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "rsoman", f"Something went wrong: {exc}")

    def _load_failed(self, message: str) -> None:
        self.ui.statusbar.showMessage(f"The caseload could not be loaded: {message}")
        self.count_label.setText("Not loaded")
