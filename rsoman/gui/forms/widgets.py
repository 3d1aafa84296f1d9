"""Small widgets and helpers every data-entry form shares: optional dates typed dd/mm/yyyy
(an empty date box would silently mean today), enum combos, hint labels, text boxes, labels kept
beside their fields, Alt mnemonics and tab order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...core.services.errors import Problem, ValidationFailed

E = TypeVar("E", bound=StrEnum)

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_optional_date(text: str) -> date | None:
    """dd/mm/yyyy (or d/m/yyyy, with . or - too) as a date; blank as None. Raises ValueError
    with a message fit to show beside the field."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"{text.strip()!r} is not a date: type it as dd/mm/yyyy")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date of the calendar") from None


class OptionalDateEdit(QLineEdit):
    """A date that may be left blank, typed as dd/mm/yyyy (a QDateEdit cannot be empty, and a
    date that defaults to today is too easily saved by mistake)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)
        self.setClearButtonEnabled(True)

    def value(self) -> date | None:
        """The date typed (None when blank). Raises ValueError when it is not a date."""
        return parse_optional_date(self.text())

    def value_or_none(self) -> date | None:
        try:
            return self.value()
        except ValueError:
            return None

    def set_value(self, day: date | None) -> None:
        self.setText(day.strftime("%d/%m/%Y") if day else "")


def enum_combo(
    members: Iterable[tuple[E, str]], parent: QWidget | None = None, *, blank: str | None = None
) -> QComboBox:
    """A combo box of enum members with their words; `blank` adds a first "none" item."""
    combo = QComboBox(parent)
    if blank is not None:
        combo.addItem(blank, None)
    for member, words in members:
        combo.addItem(words[:1].upper() + words[1:], member.value)
    return combo


def combo_value(combo: QComboBox, enum: type[E]) -> E | None:
    data = combo.currentData()
    return enum(data) if data else None


def set_combo(combo: QComboBox, value: StrEnum | int | None) -> None:
    data = value.value if isinstance(value, StrEnum) else value
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def dates_or_problems(edits: dict[str, OptionalDateEdit]) -> dict[str, date | None]:
    """The dates typed, by field name; every one that is not a date raises (together)."""
    values: dict[str, date | None] = {}
    problems: list[Problem] = []
    for name, edit in edits.items():
        try:
            values[name] = edit.value()
        except ValueError as exc:
            problems.append(Problem("", name, str(exc)))
    if problems:
        raise ValidationFailed(problems)
    return values


def hint_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label


def text_box(parent: QWidget, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMaximumHeight(90)
    return box


def keep_labels_beside(form: QFormLayout) -> None:
    """Labels beside their fields, never above: the text boxes would otherwise push their
    label onto a line of its own and the column would read unevenly."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)


def row_label(form: QFormLayout, widget: QWidget) -> QLabel:
    """The label of the row `add_field` made for this widget."""
    label = form.labelForField(widget.parentWidget())
    assert isinstance(label, QLabel)
    return label


def label_mnemonics(form: QFormLayout, widgets: Iterable[QWidget]) -> None:
    """Alt+letter of a row's label focuses its field: `add_field` wraps each field in a holder
    (with its problem label), so the holder hands its focus to the field."""
    for widget in widgets:
        holder = widget.parentWidget()
        if holder is not None and form.labelForField(holder) is not None:
            holder.setFocusProxy(widget)


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab through the fields in the order given (the order they are laid out)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
