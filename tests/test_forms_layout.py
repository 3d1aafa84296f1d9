"""The entry forms' layouts (ui/*_form.ui): one pattern for all, keyboard-complete, and sized by
the user's font rather than in pixels, so a larger system font or a 2x screen still shows every
word. The .ui files are read as the XML Designer writes; the forms are built offscreen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)
from sqlalchemy import Engine

from rsoman.core.services.actor import Actor
from rsoman.core.services.errors import Problem
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Rank, Role
from rsoman.gui.forms import FORM_MODULES, FormContext, create_form
from rsoman.gui.forms.base import FormDialog
from rsoman.gui.forms.designer import BodyScroll, HintLabel, TextBox
from rsoman.gui.password_dialog import PasswordDialog
from rsoman.gui.settings_dialog import SettingsDialog
from rsoman.gui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
STYLE = ROOT / "resources" / "style.qss"
DESIGNER_FORMS = sorted(UI.glob("*_form.ui"))
INPUTS = {
    "QLineEdit",
    "QComboBox",
    "QDateEdit",
    "QTimeEdit",
    "QSpinBox",
    "QCheckBox",
    "QRadioButton",
    "QPlainTextEdit",
    "OptionalDateEdit",
    "TextBox",
}
FORM_PROPERTIES = {
    "fieldGrowthPolicy": "QFormLayout::FieldGrowthPolicy::AllNonFixedFieldsGrow",
    "rowWrapPolicy": "QFormLayout::RowWrapPolicy::DontWrapRows",
    "labelAlignment": "Qt::AlignmentFlag::AlignLeading|Qt::AlignmentFlag::AlignVCenter",
}
PIXEL_SIZES = {"minimumSize", "maximumSize", "baseSize", "sizeIncrement", "fixedSize"}


def prop(element: ET.Element, name: str) -> str | None:
    found = element.find(f"property[@name='{name}']")
    if found is None:
        return None
    return "".join(found.itertext()).strip()


def widgets(root: ET.Element) -> list[ET.Element]:
    return list(root.iter("widget"))


@pytest.mark.parametrize("path", DESIGNER_FORMS, ids=lambda p: p.stem)
def test_every_form_body_follows_one_pattern(path: Path) -> None:
    root = ET.parse(path).getroot()
    body = root.find("widget")
    assert body is not None and body.get("class") == "QWidget"
    form = body.find("layout")
    assert form is not None and form.get("class") == "QFormLayout" and form.get("name") == "form"
    for name, value in FORM_PROPERTIES.items():
        assert prop(form, name) == value, name
    for margin in ("leftMargin", "topMargin", "rightMargin", "bottomMargin"):
        assert prop(form, margin) == "0", margin  # the dialog has the margins
    # Each labelled field sits in its own holder column (for its hints and problem label).
    for item in form.findall("item"):
        if item.get("column") != "1":
            continue
        holder = item.find("widget")
        assert holder is not None and holder.get("name", "").endswith("Field"), item.attrib
        column = holder.find("layout")
        assert column is not None and column.get("class") == "QVBoxLayout"
        assert all(prop(column, m) == "0" for m in ("leftMargin", "topMargin", "bottomMargin"))
    # Sizes follow the user's font: no widget is given one in pixels.
    for widget in widgets(body):
        fixed = {p.get("name") for p in widget.findall("property")} & PIXEL_SIZES
        assert not fixed, (widget.get("name"), fixed)


@pytest.mark.parametrize("path", DESIGNER_FORMS, ids=lambda p: p.stem)
def test_every_field_is_reached_by_keyboard(path: Path) -> None:
    root = ET.parse(path).getroot()
    inputs = {w.get("name") for w in widgets(root) if w.get("class") in INPUTS}
    radios = {w.get("name") for w in widgets(root) if w.get("class") == "QRadioButton"}
    tabstops = [t.text for t in root.iter("tabstop")]
    # Tab reaches every field (a radio group through its first button: arrows move within it).
    assert set(tabstops) <= inputs
    assert inputs - radios <= set(tabstops), inputs - radios - set(tabstops)
    # Each label names its field and focuses it with Alt+letter; no letter is used twice.
    letters: list[str] = []
    for widget in widgets(root):
        text = prop(widget, "text") or ""
        buddy = prop(widget, "buddy")
        if widget.get("class") == "QLabel" and buddy is not None:
            assert buddy in inputs, (widget.get("name"), buddy)
            assert "&" in text, f"{widget.get('name')} ({text!r}) has no Alt+letter"
        letters += [m.lower() for m in re.findall(r"&(\w)", text)]
    assert len(letters) == len(set(letters)), f"Alt+letters used twice: {sorted(letters)}"
    for widget in widgets(root):
        if widget.get("class") == "QDateEdit":
            assert prop(widget, "displayFormat") == "dd/MM/yyyy", widget.get("name")
            assert prop(widget, "calendarPopup") == "true", widget.get("name")


# --- the forms at a large font -------------------------------------------------------------------


@pytest.fixture
def officer(sqlite_engine: Engine) -> tuple[Actor, str]:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, rank=Rank.ps)
        who = f.user(session, Role.supervisor, me)
        return who, f.offender(session, manager=me).ref


def every_form(engine: Engine, runner: TaskRunner, who: Actor, ref: str) -> Iterator[QWidget]:
    initial: dict[str, dict[str, object]] = {
        "acknowledge": {"warning_id": 1},
        "breach_action": {"breach_id": 1},
        "reallocate": {"offender_refs": [ref]},
    }
    for kind in FORM_MODULES:
        yield create_form(
            kind, FormContext(engine, runner, who, ref, initial=initial.get(kind, {}))
        )
    yield create_form("visit", FormContext(engine, runner, who, ref, initial={"plan": True}))
    yield create_form(
        "vehicle", FormContext(engine, runner, who, ref, initial={"end_vehicle_id": 1})
    )
    yield SettingsDialog(engine, runner, who)
    yield PasswordDialog(runner, who.username, actor=who)


def sizes(engine: Engine, runner: TaskRunner, who: Actor, ref: str, qtbot) -> dict[str, QSize]:
    """Each form's size hint, after checking that, given that size, every word shows."""
    found: dict[str, QSize] = {}
    for dialog in every_form(engine, runner, who, ref):
        if isinstance(dialog, FormDialog):
            dialog.confirm_discard = lambda: True
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        # The size the form asks for (a small test screen may not give it at once).
        dialog.resize(dialog.sizeHint())
        QApplication.processEvents()
        name = f"{dialog.windowTitle()} ({dialog.metaObject().className()})"
        lines = dialog.fontMetrics().lineSpacing()
        for widget in dialog.findChildren(QWidget):
            if not widget.isVisibleTo(dialog) or widget.isWindow():
                continue
            label = widget if isinstance(widget, QLabel) else None
            if label is not None and label.text():
                # No label is cut short: neither a label beside its field nor a wrapped hint.
                if label.wordWrap():
                    assert label.height() >= label.heightForWidth(label.width()), (
                        name,
                        label.text(),
                    )
                else:
                    assert label.width() >= label.sizeHint().width(), (name, label.text())
            if isinstance(widget, TextBox):
                assert widget.height() >= 2 * lines, (name, widget.objectName())
        found[name] = dialog.sizeHint()
        dialog.close()
    return found


def test_forms_grow_with_a_larger_font_and_show_every_word(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, officer: tuple[Actor, str]
) -> None:
    who, ref = officer
    normal = sizes(sqlite_engine, runner, who, ref, qtbot)
    before = QApplication.font()
    large = QFont(before)
    large.setPointSizeF(before.pointSizeF() * 16 / 9)  # 9 pt to 16 pt
    QApplication.setFont(large)
    try:
        bigger = sizes(sqlite_engine, runner, who, ref, qtbot)
    finally:
        QApplication.setFont(before)
    assert normal.keys() == bigger.keys()
    for name, size in normal.items():
        # Text, fields and text boxes are measured in the font: nothing stays at a pixel size
        # (only the margins and spacing do, which weigh most in a form of one row).
        assert bigger[name].width() > 1.3 * size.width(), (name, size, bigger[name])
        assert bigger[name].height() > 1.2 * size.height(), (name, size, bigger[name])


def inputs_of(dialog: QWidget) -> list[QWidget]:
    """Every widget of the dialog a person types into, picks from or ticks (a combo box's or a
    spin box's own line edit is part of its box)."""
    found: list[QWidget] = []
    for widget in dialog.findChildren(QWidget):
        if widget.window() is not dialog:
            continue  # a calendar popup and the like
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), QAbstractSpinBox | QComboBox
        ):
            continue
        inputs = QLineEdit | QComboBox | QAbstractSpinBox | QPlainTextEdit | QTextEdit
        if isinstance(widget, inputs | QRadioButton | QCheckBox):
            found.append(widget)
    return found


def test_every_input_has_a_name_of_its_own(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, officer: tuple[Actor, str]
) -> None:
    # Tests and accessibility tools find a field by its object name: it is set in the .ui (or,
    # for the rows a form makes itself, in code), never left blank or shared.
    who, ref = officer
    for dialog in every_form(sqlite_engine, runner, who, ref):
        qtbot.addWidget(dialog)
        names = [w.objectName() for w in inputs_of(dialog)]
        assert names and all(names), (dialog.windowTitle(), names)
        assert len(names) == len(set(names)), (dialog.windowTitle(), sorted(names))
        if isinstance(dialog, FormDialog):
            dialog.confirm_discard = lambda: True
        dialog.close()


def text_colour(label: QLabel) -> str:
    label.ensurePolished()
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def test_the_password_dialog_says_its_problems_in_red_and_leaves_no_gap(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, officer: tuple[Actor, str]
) -> None:
    who, ref = officer
    before = QApplication.font()
    large = QFont(before)
    large.setPointSizeF(16)
    QApplication.setFont(large)  # where a message is longest in lines
    try:
        dialog = PasswordDialog(runner, who.username, actor=who)
        dialog.setStyleSheet(STYLE.read_text(encoding="utf-8"))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        label = dialog.problems_label
        # Nothing to say: no empty line is kept for it.
        assert not label.isVisibleTo(dialog)
        quiet = dialog.height()
        dialog.new_edit.setText("password1234")
        QApplication.processEvents()
        assert label.isVisibleTo(dialog) and "too common" in label.text()
        # Every word shows, in the window as it is (no one resizes it), in a form's red.
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert dialog.height() > quiet
        form = create_form("intelligence", FormContext(sqlite_engine, runner, who, ref))
        form.setStyleSheet(STYLE.read_text(encoding="utf-8"))
        qtbot.addWidget(form)
        red = text_colour(form.error_label)
        assert red != text_colour(dialog.ui.introLabel)
        assert text_colour(label) == red
        form.close()
        dialog.close()
    finally:
        QApplication.setFont(before)


def test_a_form_taller_than_the_window_scrolls_rather_than_cutting_words(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, officer: tuple[Actor, str]
) -> None:
    who, ref = officer
    form = create_form("breach", FormContext(sqlite_engine, runner, who, ref))
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    # Qt opens a window at most 2/3 of the screen tall: the test screen is 600 pixels.
    form.resize(form.width(), 400)
    QApplication.processEvents()
    scroll = form.findChild(BodyScroll)
    assert scroll is not None and scroll.verticalScrollBar().maximum() > 0
    for label in form.body.findChildren(QLabel):
        if label.isVisibleTo(form) and label.wordWrap() and label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
    # A problem found low in the form brings its field into sight.
    form.show_problems([Problem("", "outcome_on", "is before the breach was found")])
    field = form.actions.outcome_on
    assert form.focusWidget() is field
    top_left = field.mapTo(scroll.viewport(), field.rect().topLeft())
    assert scroll.viewport().rect().contains(top_left)
    assert scroll.verticalScrollBar().value() > 0
    form.close()


def test_hints_and_text_boxes_follow_their_text_and_font(qtbot) -> None:
    hint = HintLabel()
    qtbot.addWidget(hint)
    assert hint.isHidden()  # an empty hint leaves no gap
    hint.setText("Blank while it applies.")
    assert not hint.isHidden() and hint.property("role") == "hint"
    hint.setText("")
    assert hint.isHidden()

    box = TextBox()
    qtbot.addWidget(box)
    small = box.sizeHint().height()
    font = QFont(box.font())
    font.setPointSize(font.pointSize() * 2)
    box.setFont(font)
    assert box.sizeHint().height() > 1.5 * small
    box.setProperty("lines", 6)  # as Designer sets it
    assert box.lines == 6 and box.sizeHint().height() > box.minimumSizeHint().height() * 2
