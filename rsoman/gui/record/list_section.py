"""A list in the record: a heading, its actions, the table, and the details of the selected item.

Every tab is made of these, so they all behave alike: the first (newest) item is selected when
the list arrives, the selection survives a reload (matched by the item's id), and the details
pane shows the whole of the selected item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .details import Details, DetailsPane
from .items_model import Column, ItemsTableModel

T = TypeVar("T")

# Long text is cut down in the table (its details pane shows all of it).
CELL_CHARS = 80


def clipped(text: str | None, limit: int = CELL_CHARS) -> str:
    """One line of at most `limit` characters, for a table cell."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class ListSection(QWidget, Generic[T]):
    """`describe(item)` gives the details pane's contents; `actions` become buttons above."""

    selection_changed = Signal(object)

    def __init__(
        self,
        title: str,
        columns: Sequence[Column[T]],
        describe: Callable[[T], Details],
        *,
        empty_text: str,
        actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.describe = describe
        self.empty_text = empty_text
        self.model: ItemsTableModel[T] = ItemsTableModel(columns, (), self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = QLabel(f"<b>{title}</b>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.count_label = QLabel()
        top.addWidget(self.heading)
        top.addWidget(self.count_label)
        top.addStretch(1)
        self._top = top
        self.buttons: list[QToolButton] = []
        for action in actions:
            self.add_button(action)
        layout.addLayout(top)

        self.view = QTableView(self)
        self.view.setAccessibleName(title)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(False)  # the order given (newest first) until a click
        header = self.view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(self._sort_by)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.view.selectionModel().selectionChanged.connect(self._selected)
        # Ctrl+C copies the selected row as tab-separated text (a reference, a date...).
        copy = QAction("Copy row", self.view)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selected)
        self.view.addAction(copy)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.details = DetailsPane(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def add_button(self, action: QAction) -> QToolButton:
        """A button for `action` beside the heading (also offered on the table's menu)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._top.addWidget(button)
        self.buttons.append(button)
        return button

    # --- contents ---------------------------------------------------------------------------

    def set_items(self, items: Sequence[T]) -> None:
        """Show a new list, keeping the selected item (by id) if it is still there."""
        kept = _item_id(self.selected_item())
        self.model.set_items(items)
        if self._sorted is not None:
            self.model.sort(*self._sorted)
        count = len(items)
        self.count_label.setText(f"({count})")
        if count and not self.view.property("columnsSized"):
            self.view.resizeColumnsToContents()
            # A cell never pushes the details pane off screen: long text has the pane.
            limit = self.view.fontMetrics().averageCharWidth() * 40
            for column in range(self.model.columnCount()):
                self.view.setColumnWidth(column, min(self.view.columnWidth(column), limit))
            self.view.setProperty("columnsSized", True)
        row = 0
        if kept is not None:
            row = next((i for i, item in enumerate(self.model.items) if _item_id(item) == kept), 0)
        if count:
            self.view.selectRow(row)
        else:
            self.details.show_nothing(self.empty_text)
            self.selection_changed.emit(None)

    def selected_item(self) -> T | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def selected_text(self) -> str:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return ""
        row = rows[0].row()
        return "\t".join(self.model.text(row, c) for c in range(self.model.columnCount()))

    def copy_selected(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.selected_item()
        if item is None:
            if self.model.rowCount():
                self.details.show_nothing()
            else:
                self.details.show_nothing(self.empty_text)
        else:
            self.details.show_details(self.describe(item))
        self.selection_changed.emit(item)

    def _sort_by(self, column: int) -> None:
        header = self.view.horizontalHeader()
        order = Qt.SortOrder.AscendingOrder
        if self._sorted is not None and self._sorted == (column, Qt.SortOrder.AscendingOrder):
            order = Qt.SortOrder.DescendingOrder
        self._sorted = (column, order)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, order)
        self.model.sort(column, order)
        selected = self.view.selectionModel().selectedRows()
        if selected:
            self.view.scrollTo(selected[0])
        else:
            self.view.scrollTo(QModelIndex())


def _item_id(item: Any) -> object:
    return getattr(item, "id", None) if item is not None else None


def vertical_sections(parent: QWidget, *sections: QWidget) -> QSplitter:
    """Several lists on one tab, one above the other, each resizable."""
    splitter = QSplitter(Qt.Orientation.Vertical, parent)
    splitter.setChildrenCollapsible(False)
    for section in sections:
        splitter.addWidget(section)
    return splitter
