"""The caseload's column filters, and filters saved by name for each user.

The panel edits the filter fields of a `CaseloadQuery`; filtering itself runs in SQL in the
service. Saved filters live in the user's settings (they are a preference, not case data).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..core.services.offenders import CaseloadQuery
from ..core.store.enums import RiskLevel
from .caseload_model import risk_icon

# The filter fields of CaseloadQuery (search, scope and sort are chosen elsewhere).
FILTER_FIELDS = (
    "risk_levels",
    "mappa_levels",
    "address",
    "ward",
    "manager",
    "not_visited_since",
    "warning_kinds",
)

RISK_LABELS = {
    RiskLevel.very_high: "Very high",
    RiskLevel.high: "High",
    RiskLevel.medium: "Medium",
    RiskLevel.low: "Low",
}

# (label, warning kinds) offered by the warnings filter; "*" is any live warning.
WARNING_CHOICES: list[tuple[str, frozenset[str]]] = [
    ("Any or none", frozenset()),
    ("Any live warning", frozenset({"*"})),
    ("Home visit overdue", frozenset({"home_visit_overdue", "first_home_visit_overdue"})),
    ("Home visit due soon", frozenset({"home_visit_due_soon"})),
    ("No access twice or more", frozenset({"no_access_repeated"})),
    ("Notification overdue", frozenset({"notification_overdue"})),
    ("Breach action overdue", frozenset({"breach_action_overdue"})),
    (
        "Risk review due",
        frozenset({"risk_assessment_missing", "risk_review_overdue", "risk_review_triggered"}),
    ),
    ("Repeated concerns", frozenset({"repeated_concerns"})),
    ("Unassigned", frozenset({"unassigned_offender"})),
]

SAVED_FILTERS_KEY = "caseload/saved_filters/{username}"

# Typing in a text filter waits this long before the caseload reloads.
TEXT_DEBOUNCE_MS = 400


def filters_to_dict(query: CaseloadQuery) -> dict[str, Any]:
    """The filter fields as JSON-safe values (sets as sorted lists, dates as ISO text)."""
    return {
        "risk_levels": sorted(level.value for level in query.risk_levels),
        "mappa_levels": sorted(query.mappa_levels),
        "address": query.address,
        "ward": query.ward,
        "manager": query.manager,
        "not_visited_since": (
            query.not_visited_since.isoformat() if query.not_visited_since else None
        ),
        "warning_kinds": sorted(query.warning_kinds),
    }


def filters_from_dict(query: CaseloadQuery, values: dict[str, Any]) -> CaseloadQuery:
    """`query` with its filter fields set from `values`; unknown or bad entries are ignored
    (a saved filter from an older version must not stop the caseload opening)."""
    known = {level.value for level in RiskLevel}
    risks = frozenset(RiskLevel(v) for v in values.get("risk_levels", []) if v in known)
    since = values.get("not_visited_since")
    try:
        since_date = date.fromisoformat(since) if since else None
    except (TypeError, ValueError):
        since_date = None
    return replace(
        query,
        risk_levels=risks,
        mappa_levels=frozenset(int(v) for v in values.get("mappa_levels", []) if v in (0, 1, 2, 3)),
        address=str(values.get("address", "") or ""),
        ward=str(values.get("ward", "") or ""),
        manager=str(values.get("manager", "") or ""),
        not_visited_since=since_date,
        warning_kinds=frozenset(str(v) for v in values.get("warning_kinds", [])),
    )


class SavedFilters:
    """Named filters of one user, in their settings."""

    def __init__(self, settings: QSettings, username: str) -> None:
        self._settings = settings
        self._key = SAVED_FILTERS_KEY.format(username=username)

    def all(self) -> dict[str, dict[str, Any]]:
        raw = self._settings.value(self._key, "")
        try:
            data = json.loads(str(raw)) if raw else {}
        except json.JSONDecodeError:
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, name: str, query: CaseloadQuery) -> None:
        data = self.all()
        data[name] = filters_to_dict(query)
        self._write(data)

    def delete(self, name: str) -> None:
        data = self.all()
        data.pop(name, None)
        self._write(data)

    def _write(self, data: dict[str, dict[str, Any]]) -> None:
        self._settings.setValue(self._key, json.dumps(data, sort_keys=True))
        self._settings.sync()


class CaseloadFilterPanel(QGroupBox):
    """Edits the filter fields of the caseload query; `changed` says the filters changed."""

    changed = Signal()

    def __init__(self, settings: QSettings, username: str, parent: QWidget | None = None) -> None:
        super().__init__("Filters", parent)
        self.saved = SavedFilters(settings, username)
        self._updating = False
        grid = QGridLayout(self)

        grid.addWidget(QLabel("Risk:"), 0, 0)
        risk_row = QHBoxLayout()
        self.risk_boxes: dict[RiskLevel, QCheckBox] = {}
        for level, label in RISK_LABELS.items():
            box = QCheckBox(label)
            box.setIcon(risk_icon(level))
            box.toggled.connect(self._emit)
            self.risk_boxes[level] = box
            risk_row.addWidget(box)
        risk_row.addStretch(1)
        grid.addLayout(risk_row, 0, 1, 1, 3)

        grid.addWidget(QLabel("MAPPA level:"), 1, 0)
        mappa_row = QHBoxLayout()
        self.mappa_boxes: dict[int, QCheckBox] = {}
        for level, label in ((0, "None"), (1, "1"), (2, "2"), (3, "3")):
            box = QCheckBox(label)
            box.toggled.connect(self._emit)
            self.mappa_boxes[level] = box
            mappa_row.addWidget(box)
        mappa_row.addStretch(1)
        grid.addLayout(mappa_row, 1, 1, 1, 3)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DEBOUNCE_MS)
        self._text_timer.timeout.connect(self._emit)
        self.address_edit = self._text(grid, 2, 0, "&Address contains:", "e.g. street or postcode")
        self.ward_edit = self._text(grid, 2, 2, "&Ward contains:", "ward name")
        self.manager_edit = self._text(grid, 3, 0, "&Manager:", "name or warrant number")

        self.warning_combo = QComboBox()
        for label, kinds in WARNING_CHOICES:
            self.warning_combo.addItem(label, sorted(kinds))
        self.warning_combo.currentIndexChanged.connect(self._emit)
        warnings_label = QLabel("W&arnings:")
        warnings_label.setBuddy(self.warning_combo)
        grid.addWidget(warnings_label, 3, 2)
        grid.addWidget(self.warning_combo, 3, 3)

        self.not_seen_box = QCheckBox("&Not seen at home since")
        self.not_seen_box.setToolTip(
            "Offenders with no successful home visit on or after this date (never visited "
            "included). Failed attempts and station attendances do not count."
        )
        self.not_seen_date = QDateEdit(QDate.currentDate().addDays(-91))
        self.not_seen_date.setDisplayFormat("dd/MM/yyyy")
        self.not_seen_date.setCalendarPopup(True)
        self.not_seen_date.setEnabled(False)
        self.not_seen_box.toggled.connect(self.not_seen_date.setEnabled)
        self.not_seen_box.toggled.connect(self._emit)
        self.not_seen_date.dateChanged.connect(
            lambda _d: self._emit() if self.not_seen_box.isChecked() else None
        )
        grid.addWidget(self.not_seen_box, 4, 0)
        grid.addWidget(self.not_seen_date, 4, 1)

        saved_row = QHBoxLayout()
        saved_label = QLabel("&Saved filters:")
        self.saved_combo = QComboBox()
        self.saved_combo.setMinimumContentsLength(16)
        saved_label.setBuddy(self.saved_combo)
        self.saved_combo.activated.connect(self._apply_saved)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("name for these filters")
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save_current)
        self.name_edit.returnPressed.connect(self.save_current)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.clear_button = QPushButton("&Clear filters")
        self.clear_button.clicked.connect(self.clear)
        for widget in (
            saved_label,
            self.saved_combo,
            self.name_edit,
            self.save_button,
            self.delete_button,
        ):
            saved_row.addWidget(widget)
        saved_row.addStretch(1)
        saved_row.addWidget(self.clear_button)
        grid.addLayout(saved_row, 5, 0, 1, 4)
        self.message = QLabel()
        self.message.setObjectName("hintLabel")
        # It repeats a filter's name as typed: never read as markup.
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.message, 6, 0, 1, 4)
        self._reload_saved()

    def _text(self, grid: QGridLayout, row: int, column: int, label: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        edit.setClearButtonEnabled(True)
        edit.textChanged.connect(lambda _t: self._text_timer.start())
        edit.returnPressed.connect(self._emit)
        caption = QLabel(label)
        caption.setBuddy(edit)
        grid.addWidget(caption, row, column)
        grid.addWidget(edit, row, column + 1)
        return edit

    def _emit(self, *_args: object) -> None:
        self._text_timer.stop()
        if not self._updating:
            self.changed.emit()

    # --- query <-> widgets -----------------------------------------------------------------

    def apply_to(self, query: CaseloadQuery) -> CaseloadQuery:
        """`query` with the panel's filters."""
        since = self.not_seen_date.date().toPython() if self.not_seen_box.isChecked() else None
        return replace(
            query,
            risk_levels=frozenset(level for level, b in self.risk_boxes.items() if b.isChecked()),
            mappa_levels=frozenset(level for level, b in self.mappa_boxes.items() if b.isChecked()),
            address=self.address_edit.text().strip(),
            ward=self.ward_edit.text().strip(),
            manager=self.manager_edit.text().strip(),
            not_visited_since=since,
            warning_kinds=frozenset(self.warning_combo.currentData() or []),
        )

    def show_query(self, query: CaseloadQuery) -> None:
        """Put a query's filters in the widgets (without announcing each change)."""
        self._updating = True
        try:
            for level, box in self.risk_boxes.items():
                box.setChecked(level in query.risk_levels)
            for level, box in self.mappa_boxes.items():
                box.setChecked(level in query.mappa_levels)
            self.address_edit.setText(query.address)
            self.ward_edit.setText(query.ward)
            self.manager_edit.setText(query.manager)
            self.not_seen_box.setChecked(query.not_visited_since is not None)
            if query.not_visited_since is not None:
                self.not_seen_date.setDate(QDate(query.not_visited_since))
            index = self.warning_combo.findData(sorted(query.warning_kinds))
            self.warning_combo.setCurrentIndex(max(index, 0))
        finally:
            self._updating = False
            self._text_timer.stop()

    def clear(self) -> None:
        self.show_query(CaseloadQuery())
        self.not_seen_date.setDate(QDate.currentDate().addDays(-91))
        self.changed.emit()

    # --- saved filters ---------------------------------------------------------------------

    def _reload_saved(self, select: str | None = None) -> None:
        self.saved_combo.clear()
        names = sorted(self.saved.all())
        self.saved_combo.addItems(names)
        self.saved_combo.setEnabled(bool(names))
        self.delete_button.setEnabled(bool(names))
        if select in names:
            self.saved_combo.setCurrentText(select)

    def save_current(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.message.setText("Type a name for these filters, then Save.")
            self.name_edit.setFocus()
            return
        replaced = name in self.saved.all()
        self.saved.save(name, self.apply_to(CaseloadQuery()))
        self.name_edit.clear()
        self._reload_saved(select=name)
        self.message.setText(f"Filters saved as “{name}”" + (" (replaced)." if replaced else "."))

    def delete_selected(self) -> None:
        name = self.saved_combo.currentText()
        if name:
            self.saved.delete(name)
            self._reload_saved()
            self.message.setText(f"Deleted the saved filters “{name}”.")

    def _apply_saved(self, _index: int) -> None:
        values = self.saved.all().get(self.saved_combo.currentText())
        if values is None:
            return
        self.show_query(filters_from_dict(CaseloadQuery(), values))
        self.message.setText(f"Showing the saved filters “{self.saved_combo.currentText()}”.")
        self.changed.emit()
