"""The caseload table's model: an ordered list of offender ids, rows fetched a page at a time.

Like Anki's browser table, the model holds only ids; filtering and sorting happen in SQL in the
service (`caseload_ids`), never in a proxy over partly loaded rows. Rows are plain frozen
`CaseloadRow`s, never ORM objects.

rowCount is the full id count from the start, with rows loaded lazily in pages when `data()`
first asks for them, rather than `canFetchMore/fetchMore`: the scroll bar is right at once, the
user can jump to the end of a 7,000-row borough, and the view only asks for visible rows, so a
page query (100 rows, a few ms) runs only for what is on screen. The id query, which filters and
sorts the whole caseload, runs off the GUI thread through the task runner, and fetches the first
page in the same job: that page is always painted next, and fetching it there keeps its queries'
compilation (half a second on the first call after launch) and a round trip off the GUI thread.

An unfiltered London-wide list (63,000 offenders at national size) comes in two steps: the first
page of ids (a LIMIT, so the database need not sort them all) with the count, painted at once;
then the rest of the ids in a second job. Rows past the first page read "—" for the fraction of
a second until the rest arrive. Every sort key is a column of the offender or a stored current
value (`OffenderCurrent`), so the first page costs the database a scan, not a sort of all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from sqlalchemy import Engine
from sqlmodel import Session

from ..core.rules.dates import format_date, london_today
from ..core.services.actor import Actor
from ..core.services.offenders import (
    CASELOAD_COLUMNS,
    CaseloadQuery,
    CaseloadRow,
    caseload_count,
    caseload_ids,
    caseload_rows,
)
from ..core.store.engine import session_scope
from ..core.store.enums import RiskLevel
from .plain_text import plain_tip
from .tasks import Progress, TaskRunner

log = logging.getLogger(__name__)

# Rows fetched at a time: a screenful or two (about 40 rows show at once). Every first paint,
# sort and filter waits for one page (100 rows: 0.03 s at national size, 200: 0.05 s), and
# scrolling fetches the next on the GUI thread.
PAGE_SIZE = 100
# Pages kept in memory; a page is ~100 small rows, so this bounds the cache at a few MB.
MAX_CACHED_PAGES = 100

# The offender id of a row, for views that act on a selection.
OFFENDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

RISK_LABELS: dict[RiskLevel, str] = {
    RiskLevel.very_high: "Very high",
    RiskLevel.high: "High",
    RiskLevel.medium: "Medium",
    RiskLevel.low: "Low",
}
NOT_ASSESSED = "Not assessed"

# Colour backs up the marker, never replaces it: the icon's number of filled bars and the text
# carry the level for anyone who cannot tell the colours apart.
_RISK_COLOURS: dict[RiskLevel, str] = {
    RiskLevel.very_high: "#b00020",
    RiskLevel.high: "#d9480f",
    RiskLevel.medium: "#b08800",
    RiskLevel.low: "#2b8a3e",
}
# The next-visit date of an overdue offender (its text also says "(overdue)").
_OVERDUE_BRUSH = QBrush(QColor(_RISK_COLOURS[RiskLevel.very_high]))
_RISK_BARS: dict[RiskLevel, int] = {
    RiskLevel.low: 1,
    RiskLevel.medium: 2,
    RiskLevel.high: 3,
    RiskLevel.very_high: 4,
}
_risk_icons: dict[RiskLevel | None, QIcon] = {}

Key = QModelIndex | QPersistentModelIndex

# Once: combining Qt flags goes through Python's enum machinery, and flags() and data() are
# asked for every visible cell.
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ID = int(OFFENDER_ID_ROLE)
# The roles the model answers; Qt asks for others (font, background, check state) too.
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _FOREGROUND, _ALIGNMENT, _ID})
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def risk_icon(level: RiskLevel | None) -> QIcon:
    """A four-bar meter with one dark bar per level (like a signal-strength marker); the rest
    are pale grey, so the count reads without colour."""
    if level not in _risk_icons:
        size = 16
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        filled = _RISK_BARS[level] if level is not None else 0
        colour = QColor(_RISK_COLOURS[level]) if level is not None else QColor("#888888")
        for bar in range(4):
            height = 4 + bar * 4
            painter.fillRect(
                bar * 4, size - height, 3, height, colour if bar < filled else QColor("#d4d4d4")
            )
        painter.end()
        _risk_icons[level] = QIcon(pixmap)
    return _risk_icons[level]


def _date(value: date | None) -> str:
    return format_date(value) if value is not None else ""


def _risk(row: CaseloadRow) -> RiskLevel | None:
    return RiskLevel(row.risk_level) if row.risk_level else None


def display_text(row: CaseloadRow, key: str, today: date) -> str:
    """The text of one cell, as a user (or a screen reader) gets it."""
    if key == "name":
        return f"{row.surname.upper()}, {row.forenames}"
    if key == "risk_level":
        level = _risk(row)
        return RISK_LABELS[level] if level is not None else NOT_ASSESSED
    if key == "mappa":
        if row.mappa_category is None:
            return ""
        level = f" · level {row.mappa_level}" if row.mappa_level is not None else ""
        return f"Cat {row.mappa_category}{level}"
    if key == "home_address":
        return row.home_address or "No home address"
    if key == "offender_manager":
        return row.offender_manager or "Unallocated"
    if key == "next_visit_due":
        if row.next_visit_due is None:
            return "None due"
        overdue = " (overdue)" if row.next_visit_due < today else ""
        return _date(row.next_visit_due) + overdue
    value = getattr(row, key, "")
    if isinstance(value, date):
        return _date(value)
    if value is None:
        return ""
    return str(value)


def tooltip_text(row: CaseloadRow, key: str) -> str | None:
    if key == "name":
        parts = [f"Born {_date(row.date_of_birth)}"]
        if row.aliases:
            parts.append(f"Also known as: {row.aliases}")
        return "\n".join(parts)
    if key in ("next_visit_due", "last_successful_home_visit"):
        return row.next_visit_basis or None
    if key == "home_address":
        return ", ".join(p for p in (row.home_address, row.ward, row.borough) if p) or None
    return None


@dataclass(frozen=True)
class _FirstLoad:
    """What a refresh brings back first: the ids (all of them, or only the first page when
    `total` is larger), the number found, and the rows of the first page."""

    ids: list[int]
    total: int
    first_page: list[CaseloadRow]

    @property
    def complete(self) -> bool:
        return len(self.ids) == self.total


def streams(actor: Actor, query: CaseloadQuery) -> bool:
    """Whether a query's ids come in two steps: an unfiltered London-wide list (63,000 ids, too
    many to sort whole before the first paint), whatever its sort (every key is stored). Not a
    search or filter: the first page and the count would each scan for it again, and what they
    find is mostly short enough to list at once."""
    london_wide = actor.london_wide and (
        query.scope == "london" or (query.scope == "borough" and not query.borough_code)
    )
    unfiltered = not query.search.strip() and not query.filter_count()
    return london_wide and unfiltered


def _first_load(session: Session, actor: Actor, query: CaseloadQuery) -> _FirstLoad:
    if streams(actor, query):
        ids = caseload_ids(session, actor, query, limit=PAGE_SIZE)
        total = len(ids) if len(ids) < PAGE_SIZE else caseload_count(session, actor, query)
    else:
        ids = caseload_ids(session, actor, query)
        total = len(ids)
    return _FirstLoad(ids, total, caseload_rows(session, actor, ids[:PAGE_SIZE]))


class CaseloadModel(QAbstractTableModel):
    """Offender ids of the current query, in the service's order, with rows paged in."""

    loading_changed = Signal(bool)
    # The number of offenders the query found, each time new ids arrive.
    loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(
        self,
        engine: Engine,
        runner: TaskRunner,
        actor: Actor,
        query: CaseloadQuery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._runner = runner
        self._actor = actor
        self._query = query or CaseloadQuery()
        self._keys = list(CASELOAD_COLUMNS)
        self._ids: list[int] = []
        # The number of rows: more than len(_ids) while the rest of a long list is on its way.
        self._total = 0
        self._pages: dict[int, list[CaseloadRow | None]] = {}
        # Bumped by each refresh, so ids of a superseded query are dropped when they arrive.
        self._generation = 0
        self._loading = False
        self._today = london_today()

    # --- the query -------------------------------------------------------------------------

    @property
    def query(self) -> CaseloadQuery:
        return self._query

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def column_keys(self) -> list[str]:
        return list(self._keys)

    def set_query(self, query: CaseloadQuery) -> None:
        if query != self._query:
            self._query = query
            self.refresh()

    def refresh(self) -> None:
        """Ask the service for the ids again (off the GUI thread); rows shown until then stay."""
        self._generation += 1
        generation = self._generation
        actor, query = self._actor, self._query
        self._set_loading(True)

        def work(session: Session, _progress: Progress) -> _FirstLoad:
            return _first_load(session, actor, query)

        self._runner.submit(
            work,
            on_done=lambda first: self._ids_arrived(generation, first),
            on_error=lambda exc: self._ids_failed(generation, exc),
        )

    def _ids_arrived(self, generation: int, first: _FirstLoad) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._ids = list(first.ids)
        self._total = first.total
        self._pages.clear()
        self._store_page(0, first.first_page)
        self._today = london_today()
        self.endResetModel()
        if first.complete:
            self._set_loading(False)
        self.loaded.emit(self._total)
        if not first.complete:
            # After the first page is painted (a zero timer runs once the posted paint events
            # have been handled): on a busy machine the rest's query would otherwise compete
            # with that paint for the processor.
            QTimer.singleShot(0, lambda: self._fetch_rest(generation))

    def _fetch_rest(self, generation: int) -> None:
        if generation != self._generation:
            return  # a newer query was asked for meanwhile
        actor, query = self._actor, self._query

        def work(session: Session, _progress: Progress) -> list[int] | None:
            # A newer query is queued behind this job: skip the work it would throw away.
            if generation != self._generation:
                return None
            return caseload_ids(session, actor, query)

        self._runner.submit(
            work,
            on_done=lambda ids: self._rest_arrived(generation, ids),
            on_error=lambda exc: self._ids_failed(generation, exc),
        )

    def _rest_arrived(self, generation: int, ids: list[int] | None) -> None:
        if generation != self._generation or ids is None:
            return
        known = len(self._ids)
        if len(ids) == self._total and ids[:known] == self._ids:
            # The usual case: the rows already shown stay put (and stay selected).
            self._ids = list(ids)
            if known < self._total:
                self.dataChanged.emit(
                    self.index(known, 0), self.index(self._total - 1, len(self._keys) - 1)
                )
            self._set_loading(False)
            return
        # The caseload changed between the two steps: start again from the full list.
        self.beginResetModel()
        self._ids = list(ids)
        self._total = len(ids)
        self._pages.clear()
        self.endResetModel()
        self._set_loading(False)
        self.loaded.emit(self._total)

    def _ids_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("caseload query failed: %s", exc)
        # The rows of the previous query would read as this query's answer: none are shown,
        # and the reason is (load_failed).
        self.beginResetModel()
        self._ids = []
        self._total = 0
        self._pages.clear()
        self.endResetModel()
        self._set_loading(False)
        self.load_failed.emit(str(exc))

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # --- rows ------------------------------------------------------------------------------

    def offender_id(self, row: int) -> int:
        return self._ids[row]

    def row_data(self, row: int) -> CaseloadRow | None:
        """The plain row at a position, fetching its page if need be (None for a row whose id
        has not arrived yet)."""
        if not 0 <= row < len(self._ids):
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self._fetch_page(page_number)
        return page[offset]

    def _fetch_page(self, page_number: int) -> list[CaseloadRow | None]:
        # A short session on the GUI thread: one indexed query for at most PAGE_SIZE rows.
        ids = self._ids[page_number * PAGE_SIZE : (page_number + 1) * PAGE_SIZE]
        try:
            with session_scope(self._engine) as session:
                rows = caseload_rows(session, self._actor, ids)
        except Exception as exc:
            # Remember the failure as empty rows rather than retrying on every repaint; Refresh
            # tries again.
            log.warning("caseload rows failed: %s", exc)
            rows = []
            self.load_failed.emit(str(exc))
        return self._store_page(page_number, rows)

    def _store_page(self, page_number: int, rows: list[CaseloadRow]) -> list[CaseloadRow | None]:
        ids = self._ids[page_number * PAGE_SIZE : (page_number + 1) * PAGE_SIZE]
        by_id = {r.id: r for r in rows}
        page: list[CaseloadRow | None] = [by_id.get(i) for i in ids]
        if len(self._pages) >= MAX_CACHED_PAGES:
            self._pages.pop(next(iter(self._pages)))
        self._pages[page_number] = page
        return page

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Key = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._keys):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return CASELOAD_COLUMNS[self._keys[section]]
        return None

    def flags(self, index: Key) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _CELL_FLAGS

    def data(self, index: Key, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked about 6,000 times a paint (each visible cell, each role): the roles are plain
        # ints, compared with ints rather than with Qt's Python enums.
        if role not in _ROLES or not index.isValid():
            return None
        column = index.column()
        if column >= len(self._keys):
            return None
        if role == _ID:
            return self._ids[index.row()] if index.row() < len(self._ids) else None
        row = self.row_data(index.row())
        if row is None:
            return "—" if role == _DISPLAY else None
        key = self._keys[column]
        if role == _DISPLAY:
            return display_text(row, key, self._today)
        if role == _TOOLTIP:
            return plain_tip(tooltip_text(row, key))
        if role == _DECORATION:
            return risk_icon(_risk(row)) if key == "risk_level" else None
        if role == _FOREGROUND:
            overdue = key == "next_visit_due" and row.next_visit_due is not None
            if overdue and row.next_visit_due < self._today:
                return _OVERDUE_BRUSH
            return None
        if key == "open_warnings":  # the text alignment role
            return _RIGHT_ALIGNED
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL: ask the service for the ids again in the new order."""
        if not 0 <= column < len(self._keys):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._query, sort=self._keys[column], descending=descending))

    def sort_column(self) -> int:
        """The column of the query's sort key (for the header's sort indicator)."""
        return self._keys.index(self._query.sort) if self._query.sort in self._keys else -1
