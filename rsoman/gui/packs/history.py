"""The record of issued packs: which pack went to whom, when, why and by whom.

At most a few hundred rows (the service's limit), loaded whole, so sorting them here is exact
(unlike the caseload, whose rows arrive in pages and are sorted in SQL).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from ...core.rules.dates import LONDON, format_date
from ...core.services.actor import Actor
from ...core.services.errors import PermissionDenied
from ...core.services.packs.common import KIND_WORDS
from ...core.services.packs.history import IssuedPackSummary, list_issued_packs
from ..plain_text import plain_tip
from ..tasks import Progress, TaskRunner
from . import first_upper

AnyIndex = QModelIndex | QPersistentModelIndex


def _when(pack: IssuedPackSummary) -> str:
    local = pack.issued_at.astimezone(LONDON)
    return f"{format_date(local.date())} {local:%H:%M}"


# (heading, text shown, sort key)
COLUMNS: tuple[tuple[str, Callable[[IssuedPackSummary], str], Callable[..., Any]], ...] = (
    ("Issued", _when, lambda p: p.issued_at),
    ("Kind", lambda p: p.kind_words, lambda p: p.kind_words),
    ("Reference", lambda p: p.reference, lambda p: p.reference),
    ("Scope", lambda p: p.scope, lambda p: p.scope.lower()),
    ("Issued to", lambda p: p.issued_to, lambda p: p.issued_to.lower()),
    ("Issued by", lambda p: p.issued_by, lambda p: p.issued_by.lower()),
    ("Reason", lambda p: p.reason, lambda p: p.reason.lower()),
    ("Pages", lambda p: str(p.page_count), lambda p: p.page_count),
)
PAGES_COLUMN = 7


class IssuedPacksModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.packs: list[IssuedPackSummary] = []

    def set_packs(self, packs: list[IssuedPackSummary]) -> None:
        self.beginResetModel()
        self.packs = list(packs)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.packs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.packs):
            return None
        pack = self.packs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = COLUMNS[index.column()][1](pack)
            # The reason may run to lines: the cell shows the first, the tooltip the rest.
            return text.splitlines()[0] if text else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(
                f"{first_upper(pack.kind_words)} {pack.reference}: {pack.scope}\n"
                f"Issued to {pack.issued_to} by {pack.issued_by}, {_when(pack)}\n"
                f"Reason: {pack.reason}\n"
                f"{pack.page_count} pages, {pack.offender_count} offenders named\n"
                f"SHA-256 of the PDF: {pack.pdf_sha256}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PAGES_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return pack.reference
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][0]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][2]
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        before = [(i.row(), i.column()) for i in old]
        order_before = list(self.packs)
        self.packs.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        where = {id(p): n for n, p in enumerate(self.packs)}
        self.changePersistentIndexList(
            old,
            [self.index(where[id(order_before[r])], c) for r, c in before],
        )
        self.layoutChanged.emit()


class IssuedPacksView(QWidget):
    """The issued packs the user may see, newest first, filtered by kind (and, when opened
    from a borough's page, by borough)."""

    def __init__(
        self,
        runner: TaskRunner,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        borough_code: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor = actor
        self.borough_code = borough_code
        self.setWindowTitle("Issued packs")
        column = QVBoxLayout(self)
        row = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName("Kind of pack")
        self.kind_combo.addItem("All kinds", None)
        for code, words in KIND_WORDS.items():
            self.kind_combo.addItem(first_upper(words), code)
        if kind is not None:
            self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.kind_combo.currentIndexChanged.connect(self.refresh)
        row.addWidget(QLabel("&Show:", self, buddy=self.kind_combo))
        row.addWidget(self.kind_combo)
        row.addStretch(1)
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        column.addLayout(row)
        self.message = QLabel(self)
        self.message.setObjectName("loadingLabel")
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        self.model = IssuedPacksModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        column.addWidget(self.table, 1)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        kind, borough, actor = self.kind_combo.currentData(), self.borough_code, self.actor
        self._say("Loading…")
        self.refresh_button.setEnabled(False)

        def work(session: Session, _progress: Progress) -> list[IssuedPackSummary]:
            return list_issued_packs(session, actor, kind=kind, borough_code=borough)

        self.runner.submit(work, on_done=self._loaded, on_error=self._refused)

    def _loaded(self, packs: list[IssuedPackSummary]) -> None:
        self.refresh_button.setEnabled(True)
        self.model.set_packs(packs)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.resizeColumnsToContents()
        count = len(packs)
        self._say(
            "No packs have been issued that you may see."
            if count == 0
            else f"{count} pack{'' if count == 1 else 's'}, newest first unless sorted."
        )

    def _refused(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.model.set_packs([])
        if isinstance(exc, PermissionDenied):
            self._say(f"You may not see the record of issued packs: {exc}.", error=True)
        else:
            self._say(f"The record of issued packs could not be loaded: {exc}.", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        name = "errorLabel" if error else "loadingLabel"
        if self.message.objectName() != name:
            # The style sheet picks the colour by object name: re-apply it.
            self.message.setObjectName(name)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
