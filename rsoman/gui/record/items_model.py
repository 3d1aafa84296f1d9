"""One read-only table model for every list in the record: columns over plain frozen items.

Each tab describes its table as a list of `Column`s (a title and how to get a value from an
item); the model turns values into text with `display.value_text`, so dates, times and enum
words read the same in every table. Sorting (by clicking a header) compares the raw values,
never the text: "9 Mar" must sort after "10 Feb".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from ...core.store.enums import RISK_ORDER, RiskLevel
from ..plain_text import plain_tip
from .display import value_text

T = TypeVar("T")

# The item itself, for views that act on the selected row.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1

Key = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    value: Callable[[T], object]
    # An icon beside the text (the risk meter); never the only carrier of meaning.
    icon: Callable[[T], QIcon | None] | None = None
    # A longer explanation shown on hover (e.g. the full text of a cut-down cell).
    tooltip: Callable[[T], str | None] | None = None
    # Text for the cell when the value needs more than `value_text` (e.g. "Low (RM2000)").
    text: Callable[[T], str] | None = None
    # What the header means when its title is short.
    header_tip: str | None = None


def _sort_key(value: object) -> tuple[int, Any]:
    """Comparable keys across None and mixed types; empty cells sort last (ascending)."""
    if value is None or value == "":
        return (2, 0)
    if isinstance(value, RiskLevel):
        return (0, RISK_ORDER[value])
    if isinstance(value, datetime):
        return (0, value.timestamp())
    if isinstance(value, date):
        return (0, value.toordinal())
    if isinstance(value, bool | int | float):
        return (0, value)
    if isinstance(value, Enum):
        return (1, str(value.value))
    return (1, str(value).casefold())


class ItemsTableModel(QAbstractTableModel, Generic[T]):
    """A fixed list of items (in the order given until a header is clicked)."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        items: Sequence[T] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._items: list[T] = list(items)

    # --- contents ---------------------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        return list(self._items)

    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def text(self, row: int, column: int) -> str:
        """The text of a cell, as the view and a screen reader get it."""
        spec = self.columns[column]
        item = self._items[row]
        if spec.text is not None:
            return spec.text(item)
        return value_text(spec.value(item))

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Key, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index):
            return None
        row, column = index.row(), index.column()
        spec = self.columns[column]
        item = self._items[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if spec.tooltip is not None:
                return plain_tip(spec.tooltip(item))
            return None
        if role == Qt.ItemDataRole.DecorationRole and spec.icon is not None:
            return spec.icon(item)
        if role == ITEM_ROLE:
            return item
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header_tip
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return self.columns[section].title
            return None
        return str(section + 1) if 0 <= section < len(self._items) else None

    def flags(self, index: Key) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        value = self.columns[column].value
        self.layoutAboutToBeChanged.emit()
        keys = [_sort_key(value(item)) for item in self._items]
        filled = [row for row, key in enumerate(keys) if key[0] != 2]
        blank = [row for row, key in enumerate(keys) if key[0] == 2]
        # A stable sort (also when reversed): equal keys keep the order given, so items dated
        # the same day stay newest first. Blank cells stay last either way.
        filled.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        old_rows = filled + blank
        new_row = {old: new for new, old in enumerate(old_rows)}
        before = self.persistentIndexList()
        self._items = [self._items[row] for row in old_rows]
        self.changePersistentIndexList(
            before, [self.index(new_row[i.row()], i.column()) for i in before]
        )
        self.layoutChanged.emit()
