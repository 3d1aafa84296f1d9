"""The offender record window: the header, the tabs, and actions that open the entry forms.

The record is loaded off the GUI thread (`TaskRunner`), through `get_record`, which checks
access and logs the consultation; the window shows "Loading…" meanwhile and a plain message if
the record may not be seen or does not exist. After a form saves, the record is loaded again
(a new consultation, logged like the first).

A window keeps itself alive while open (`RecordWindow(...).show()` is enough) and is deleted
when closed; `open_record` brings an already open window for the same record to the front
instead of opening a second.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from ...core.rules.dates import LONDON
from ...core.services.actor import Actor
from ...core.services.errors import NotFound, PermissionDenied, ServiceError
from ...core.services.offender_record import OffenderRecord
from ...core.services.permissions import Action, allowed
from ..tasks import TaskRunner
from .actions import ACTION_SPECS, ActionSpec
from .header import RecordHeader, full_name
from .list_section import ListSection
from .loading import RecordView, load_view, shows_access_history
from .tabs_addresses import AddressesTab
from .tabs_history import AccessTab, CorrectionsTab
from .tabs_intelligence import IntelligenceTab
from .tabs_legal import BreachesTab, NotificationsTab, OrdersTab
from .tabs_mappa import MappaTab
from .tabs_risk import RiskTab
from .tabs_summary import SummaryTab
from .tabs_visits import VisitsTab, is_planned

try:  # the forms are written alongside this window; it works (read-only) without them
    from ..forms import FormContext, open_form

    FORMS_AVAILABLE = True
except ImportError:  # pragma: no cover - only before the forms package exists
    FORMS_AVAILABLE = False

log = logging.getLogger(__name__)

# Windows open now: a window without a parent would otherwise be collected as soon as the
# caller's reference goes.
_open_windows: list[RecordWindow] = []

NOT_ALLOWED = "You may not view this record"
NOT_FOUND = "No such record"
FAILED = "The record could not be loaded"


class RecordWindow(QMainWindow):
    """One offender's record. `justification` is logged with each consultation."""

    # After each successful load (the first, and after every save).
    loaded = Signal()
    # The load failed; the message shown.
    load_failed = Signal(str)
    # A form saved an entry for this offender (e.g. for the caseload to refresh).
    saved = Signal()

    def __init__(
        self,
        engine: Engine,
        runner: TaskRunner,
        actor: Actor,
        ref: str,
        parent: QWidget | None = None,
        *,
        justification: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.runner = runner
        self.actor = actor
        self.ref = ref.strip()
        self.justification = justification
        self.view: RecordView | None = None
        self._generation = 0
        self._closed = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{self.ref} — rsoman")
        self.setObjectName("recordWindow")
        _open_windows.append(self)

        self.form_actions: dict[str, QAction] = {}
        for spec in ACTION_SPECS:
            self.form_actions[spec.key] = self._make_action(spec)
        self._build_pages()
        self._build_menus()
        self._update_actions()
        # A fair first size: big enough for the tables, in units of the font.
        line = self.fontMetrics().height()
        self.resize(line * 80, line * 50)
        self.reload()

    # --- building ---------------------------------------------------------------------------

    def _make_action(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(f"action_{spec.key}")
        tip = spec.tip
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
            shortcut = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            tip += f" ({shortcut})"
        action.setToolTip(tip)
        action.setStatusTip(spec.tip)
        action.triggered.connect(lambda _checked=False, s=spec: self.open_entry(s.key))
        return action

    def _build_pages(self) -> None:
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)

        self.loading_label = QLabel(f"Loading the record of {html.escape(self.ref)}…")
        self.loading_label.setObjectName("loadingLabel")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading_label)

        self.message_page = QWidget()
        message_layout = QVBoxLayout(self.message_page)
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.retry_button = QPushButton("Try again")
        self.retry_button.clicked.connect(self.reload)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message_label)
        message_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        message_layout.addStretch(1)
        self.stack.addWidget(self.message_page)

        self.record_page = QWidget()
        layout = QVBoxLayout(self.record_page)
        self.header = RecordHeader(self.record_page)
        layout.addWidget(self.header)
        self.tabs = QTabWidget(self.record_page)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        layout.addWidget(self.tabs, 1)
        actions = self.form_actions
        self.summary_tab = SummaryTab()
        self.addresses_tab = AddressesTab(actions)
        self.risk_tab = RiskTab(actions)
        self.visits_tab = VisitsTab(actions)
        self.notifications_tab = NotificationsTab(actions)
        self.orders_tab = OrdersTab()
        self.breaches_tab = BreachesTab(actions)
        self.intelligence_tab = IntelligenceTab(actions)
        self.mappa_tab = MappaTab()
        self.corrections_tab = CorrectionsTab()
        self.access_tab: AccessTab | None = (
            AccessTab() if shows_access_history(self.actor) else None
        )
        self._tab_titles: list[tuple[QWidget, str]] = [
            (self.summary_tab, "&Summary"),
            (self.addresses_tab, "&Addresses and vehicles"),
            (self.risk_tab, "&Risk"),
            (self.visits_tab, "&Visits"),
            (self.notifications_tab, "&Notifications"),
            (self.orders_tab, "&Orders and prohibitions"),
            (self.breaches_tab, "&Breaches and actions"),
            (self.intelligence_tab, "&Intelligence"),
            (self.mappa_tab, "&MAPPA"),
            (self.corrections_tab, "&Corrections"),
        ]
        if self.access_tab is not None:
            self._tab_titles.append((self.access_tab, "Access &history"))
        for widget, title in self._tab_titles:
            self.tabs.addTab(widget, title)
        self.stack.addWidget(self.record_page)

        self.visits_tab.visits.selection_changed.connect(lambda _item: self._update_actions())
        self.breaches_tab.breaches.selection_changed.connect(lambda _item: self._update_actions())
        self._add_correction_actions()
        self.stack.setCurrentWidget(self.loading_label)

    def _add_correction_actions(self) -> None:
        """A "Correct…" button on every list of entries the officer keeps: the entry's form
        opens with its values, asks why, and the service keeps the old values."""
        self.correctable: list[tuple[ListSection[Any], str]] = [
            (self.visits_tab.visits, "visit"),
            (self.visits_tab.plans, "visit_plan"),
            (self.addresses_tab.addresses, "address"),
            (self.addresses_tab.vehicles, "vehicle"),
            (self.risk_tab.assessments, "risk_assessment"),
            (self.notifications_tab.notifications, "notification"),
            (self.breaches_tab.breaches, "breach"),
            (self.intelligence_tab.intelligence, "intelligence"),
        ]
        self.correct_actions: dict[str, QAction] = {}
        for section, kind in self.correctable:
            action = QAction("Correct…", self)
            action.setObjectName(f"action_correct_{kind}")
            action.setToolTip(
                f"Correct the selected entry in {section.title.lower()} (the old values are kept)"
            )
            action.triggered.connect(
                lambda _checked=False, s=section, k=kind: self.open_correction(s, k)
            )
            section.add_button(action)
            section.view.addAction(action)
            section.selection_changed.connect(lambda _item: self._update_actions())
            self.correct_actions[kind] = action

    def _correctable_item(self, section: ListSection[Any], kind: str) -> Any:
        item = section.selected_item()
        # A planned visit has no outcome to correct yet: its outcome is recorded instead.
        if item is None or (kind == "visit" and is_planned(item)):
            return None
        return item

    def open_correction(self, section: ListSection[Any], kind: str) -> QWidget | None:
        """Open the form of the selected entry to correct it; None if nothing suitable is
        selected or the actor may not edit."""
        item = self._correctable_item(section, kind)
        if item is None or not self.correct_actions[kind].isEnabled():
            return None
        context = FormContext(
            self.engine,
            self.runner,
            self.actor,
            self.ref,
            on_saved=self._form_saved,
            item_id=item.id,
        )
        return _open_form(kind, context, self)

    def _build_menus(self) -> None:
        # Alt+R is the Risk tab: the menu takes E.
        menu = self.menuBar().addMenu("R&ecord")
        self.reload_action = QAction("&Reload", self)
        self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.reload_action.triggered.connect(self.reload)
        menu.addAction(self.reload_action)
        menu.addSeparator()
        for spec in ACTION_SPECS:
            menu.addAction(self.form_actions[spec.key])
        menu.addSeparator()
        close = QAction("&Close", self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        menu.addAction(close)
        self.addAction(close)

        self.toolbar = QToolBar("Record actions", self)
        self.toolbar.setObjectName("recordToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        for spec in ACTION_SPECS:
            if spec.needs is None or spec.key == "breach_action":
                self.toolbar.addAction(self.form_actions[spec.key])
        self.addToolBar(self.toolbar)

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load (again) off the GUI thread. A result from an earlier load that arrives late is
        dropped: only the newest counts."""
        self._generation += 1
        generation = self._generation
        if self.view is None:
            self.stack.setCurrentWidget(self.loading_label)
        self.statusBar().showMessage("Loading…")
        self.reload_action.setEnabled(False)
        actor, ref, justification = self.actor, self.ref, self.justification
        self.runner.submit(
            lambda session, _progress: load_view(session, actor, ref, justification),
            on_done=lambda view: self._loaded(generation, view),
            on_error=lambda exc: self._failed(generation, exc),
        )

    def _current(self, generation: int) -> bool:
        return not self._closed and shiboken6.isValid(self) and generation == self._generation

    def _loaded(self, generation: int, view: RecordView) -> None:
        if not self._current(generation):
            return
        self.view = view
        record = view.record
        self.setWindowTitle(f"{full_name(record)} ({record.ref}) — rsoman")
        self.header.set_record(record)
        self.summary_tab.set_record(record, view.warnings)
        for tab in (
            self.addresses_tab,
            self.risk_tab,
            self.visits_tab,
            self.notifications_tab,
            self.orders_tab,
            self.breaches_tab,
            self.intelligence_tab,
            self.mappa_tab,
        ):
            tab.set_record(record)
        self.corrections_tab.set_items(view.corrections)
        if self.access_tab is not None and view.access is not None:
            self.access_tab.set_items(view.access)
        self._set_tab_counts(view)
        if self.stack.currentWidget() is not self.record_page:
            self.stack.setCurrentWidget(self.record_page)
            self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reload_action.setEnabled(True)
        at = datetime.now(LONDON).strftime("%H:%M")
        self.statusBar().showMessage(f"Loaded at {at}. Every view of a record is logged.")
        self._update_actions()
        self.loaded.emit()

    def _set_tab_counts(self, view: RecordView) -> None:
        record = view.record
        counts: dict[QWidget, int] = {
            self.addresses_tab: len(record.addresses) + len(record.vehicles),
            self.risk_tab: len(record.risk_assessments),
            self.visits_tab: len(record.visits),
            self.notifications_tab: len(record.notifications),
            self.orders_tab: len(record.orders),
            self.breaches_tab: len(record.breaches),
            self.intelligence_tab: len(record.intelligence),
            self.mappa_tab: len(record.mappa_cases),
            self.corrections_tab: len(view.corrections),
        }
        for widget, title in self._tab_titles:
            index = self.tabs.indexOf(widget)
            count = counts.get(widget)
            self.tabs.setTabText(index, f"{title} ({count})" if count else title)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not self._current(generation):
            return
        self.reload_action.setEnabled(True)
        if isinstance(exc, PermissionDenied):
            title, detail, retry = NOT_ALLOWED, f"{exc} The refusal has been logged.", False
        elif isinstance(exc, NotFound):
            title, detail, retry = NOT_FOUND, str(exc), False
        else:
            if not isinstance(exc, ServiceError):
                log.error("loading the record of %s failed", self.ref, exc_info=exc)
            if self.view is not None:
                # Keep what is on screen: it is only the refresh that failed.
                self.statusBar().showMessage(f"{FAILED}: {exc}")
                self.load_failed.emit(f"{FAILED}: {exc}")
                return
            title, detail, retry = FAILED, str(exc), True
        self.view = None
        self.message_label.setText(
            f"<p><b>{html.escape(title)}.</b></p><p>{html.escape(detail)}</p>"
        )
        self.retry_button.setVisible(retry)
        self.stack.setCurrentWidget(self.message_page)
        self.statusBar().clearMessage()
        self._update_actions()
        self.load_failed.emit(f"{title}: {detail}")

    @property
    def record(self) -> OffenderRecord | None:
        return self.view.record if self.view is not None else None

    # --- actions ----------------------------------------------------------------------------

    def _selected_for(self, key: str) -> Any:
        """The item a selection-bound action works on, if the selection suits it."""
        if key == "visit_outcome":
            visit = self.visits_tab.visits.selected_item()
            return visit if visit is not None and is_planned(visit) else None
        if key == "breach_action":
            return self.breaches_tab.breaches.selected_item()
        return None

    def _update_actions(self) -> None:
        ready = self.view is not None
        for spec in ACTION_SPECS:
            enabled = ready and FORMS_AVAILABLE and allowed(self.actor, spec.permission)
            if enabled and spec.needs is not None:
                enabled = self._selected_for(spec.key) is not None
            self.form_actions[spec.key].setEnabled(enabled)
        may_edit = ready and FORMS_AVAILABLE and allowed(self.actor, Action.edit_record)
        for section, kind in getattr(self, "correctable", []):
            action = self.correct_actions[kind]
            action.setEnabled(may_edit and self._correctable_item(section, kind) is not None)

    def open_entry(self, key: str) -> QWidget | None:
        """Open the entry form of the action `key` for this offender; None if it cannot be
        opened (not loaded, nothing suitable selected, or the form is not in this build)."""
        spec = next(s for s in ACTION_SPECS if s.key == key)
        if not self.form_actions[key].isEnabled():
            return None
        initial: dict[str, object] = dict(spec.initial)
        if spec.needs is not None:
            item = self._selected_for(key)
            if item is None:
                return None
            initial[spec.needs] = item.id
        context = FormContext(
            self.engine,
            self.runner,
            self.actor,
            self.ref,
            on_saved=self._form_saved,
            initial=initial,
        )
        try:
            return _open_form(spec.kind, context, self)
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("rsoman.gui.forms"):
                raise
            self.statusBar().showMessage(
                f"“{spec.text.rstrip('…')}” is not available in this version yet."
            )
            return None

    def _form_saved(self) -> None:
        if self._closed or not shiboken6.isValid(self):
            return
        self.saved.emit()
        self.reload()

    # --- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        # A form open on this record closes first, asking about unsaved changes; if it stays
        # open, so does the record (what was typed is never lost with its parent).
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.close()
                if dialog.isVisible():
                    event.ignore()
                    return
        self._closed = True
        if self in _open_windows:
            _open_windows.remove(self)
        super().closeEvent(event)


def _open_form(kind: str, context: Any, parent: QWidget) -> QWidget:
    # Looked up at call time, so tests can stand in for the forms registry.
    opener: Callable[..., QWidget] = open_form
    return opener(kind, context, parent)


def open_windows() -> list[RecordWindow]:
    return list(_open_windows)


def open_record(
    engine: Engine,
    runner: TaskRunner,
    actor: Actor,
    ref: str,
    parent: QWidget | None = None,
    *,
    justification: str | None = None,
) -> RecordWindow:
    """Show the record of `ref`: the window already open for it (for this user), raised, or a
    new one."""
    for window in _open_windows:
        if window.ref == ref.strip() and window.actor == actor and not window._closed:
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
    window = RecordWindow(engine, runner, actor, ref, parent, justification=justification)
    window.show()
    return window
