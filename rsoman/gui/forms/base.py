"""The base of every data-entry form: problems shown next to their field, nothing typed ever lost.

A form subclass lays out its fields (in code with `add_field`, or from a Designer body with
`register_field`), turns them into a service input in `collect()`, and saves it in `save()`,
which runs on the database thread. The base:
- tracks unsaved changes, and asks before closing a form that has them;
- runs the save off the GUI thread, and on a `ValidationFailed` shows each problem beside its
  field (by the problem's `field` name) and the rest at the top, keeping every value typed;
- in correction mode (`context.item_id` set) loads the item first, asks for the reason for the
  correction, and saves through the service's correction call, so history is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from ...core.services.errors import Problem, ServiceError, ValidationFailed
from ...core.services.text_guard import text_problem
from ..tasks import Progress
from . import FormContext

# Problems whose field no widget carries are shown at the top under this heading.
GENERAL = ""

# Qt's default limit of a QLineEdit (a limit below it is the field's own), and the limit every
# field gets instead: Qt cuts pasted text at the limit without a word.
QT_DEFAULT_LIMIT = 32767
PASTE_LIMIT = 1_000_000

DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"


def date_edit(parent: QWidget | None = None) -> QDateEdit:
    """A date field typed as dd/mm/yyyy (digits move across the sections) with a calendar."""
    widget = QDateEdit(QDate.currentDate(), parent)
    widget.setDisplayFormat(DATE_FORMAT)
    widget.setCalendarPopup(True)
    widget.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
    return widget


def datetime_edit(parent: QWidget | None = None) -> QDateTimeEdit:
    widget = QDateTimeEdit(QDateTime(QDate.currentDate(), QTime.currentTime()), parent)
    widget.setDisplayFormat(DATETIME_FORMAT)
    widget.setCalendarPopup(True)
    return widget


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


class FormDialog(QDialog):
    """Subclasses set `title`, build their fields in `__init__` after `super().__init__`, and
    implement `collect`, `save` (and for corrections `load` and `correct`)."""

    title: ClassVar[str] = "Form"
    # Label of the save button (e.g. "Record visit").
    save_label: ClassVar[str] = "Save"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.title if context.item_id is None else f"Correct: {self.title}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        # Field name -> the most characters its QLineEdit takes (checked on saving, see below).
        self._limits: dict[str, int] = {}
        self._dirty = False
        self._saving = False
        self.saved_result: Any = None

        outer = QVBoxLayout(self)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addWidget(self.body, 1)

        self.reason_edit: QPlainTextEdit | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.save_label if context.item_id is None else "Save correction")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.submit)

    # --- layout -----------------------------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget, *, hint: str = "") -> QWidget:
        """Add a labelled field with its own (hidden) problem label underneath."""
        error = QLabel(self.body)
        error.setObjectName("fieldErrorLabel")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget(self.body)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        if hint:
            note = QLabel(hint, holder)
            note.setObjectName("hintLabel")
            note.setWordWrap(True)
            column.addWidget(note)
        column.addWidget(error)
        self.form.addRow(label, holder)
        return self.register_field(name, widget, error)

    def register_field(self, name: str, widget: QWidget, error: QLabel | None = None) -> QWidget:
        """Know a field by the service's name for it (problems are matched on it) and track its
        edits. Designer bodies pass their own error label."""
        self._fields[name] = widget
        if error is not None:
            # A problem may quote what was typed ("'<b>' is not a date"): never read as markup.
            error.setTextFormat(Qt.TextFormat.PlainText)
            self._errors[name] = error
        if isinstance(widget, QLineEdit):
            # A QLineEdit's limit silently cuts pasted text: the limit is checked on saving
            # instead, and a value too long is refused beside its field, whole.
            if widget.maxLength() < QT_DEFAULT_LIMIT:
                self._limits[name] = widget.maxLength()
            widget.setMaxLength(PASTE_LIMIT)
        elif isinstance(widget, QComboBox) and widget.lineEdit() is not None:
            widget.lineEdit().setMaxLength(PASTE_LIMIT)
        self._watch(widget)
        return widget

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def field_names(self) -> list[str]:
        """Every field's name, in the order registered (for tests and accessibility)."""
        return list(self._fields)

    def _watch(self, widget: QWidget) -> None:
        signal: Any = None
        if isinstance(widget, QLineEdit):
            signal = widget.textEdited
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            signal = widget.textChanged
        elif isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif isinstance(widget, QDateTimeEdit):  # QDateEdit too
            signal = widget.dateTimeChanged
        elif isinstance(widget, QCheckBox | QAbstractButton):
            signal = widget.toggled
        elif isinstance(widget, QAbstractSpinBox) and hasattr(widget, "valueChanged"):
            signal = widget.valueChanged
        if signal is not None:
            signal.connect(self.mark_dirty)

    # --- state ------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_dirty(self, *_args: object) -> None:
        self._dirty = True

    def mark_clean(self) -> None:
        self._dirty = False

    # --- subclass hooks ---------------------------------------------------------------------

    def collect(self) -> Any:
        """The service input from the fields (GUI thread). Raise ValidationFailed for problems
        that need no database (an empty required field); the service checks the rest."""
        raise NotImplementedError

    def save(self, session: Session, value: Any) -> Any:
        """Save a new entry (database thread)."""
        raise NotImplementedError

    def load(self, session: Session, item_id: int) -> Any:
        """Correction mode: the current values of the item (database thread)."""
        raise NotImplementedError

    def fill(self, values: Any) -> None:
        """Correction mode: put the loaded values in the fields (GUI thread)."""
        raise NotImplementedError

    def correct(self, session: Session, item_id: int, value: Any, reason: str) -> Any:
        """Correction mode: save through the service's correction call (database thread)."""
        raise NotImplementedError

    # --- correction mode --------------------------------------------------------------------

    def start_correction(self) -> None:
        """Call at the end of a subclass `__init__`: in correction mode, adds the reason field
        and loads the item (the form stays disabled until it has)."""
        item_id = self.context.item_id
        if item_id is None:
            return
        self.reason_edit = QPlainTextEdit(self.body)
        self.reason_edit.setPlaceholderText("Why is this being corrected? (kept with the change)")
        self.reason_edit.setTabChangesFocus(True)
        self.add_field("reason", "Reason for correction", self.reason_edit)
        self.body.setEnabled(False)
        self.save_button.setEnabled(False)
        self.context.runner.submit(
            lambda session, _p: self.load(session, item_id),
            on_done=self._loaded,
            on_error=self._failed_to_load,
        )

    def _loaded(self, values: Any) -> None:
        self.fill(values)
        self.mark_clean()
        self.body.setEnabled(True)
        self.save_button.setEnabled(True)

    def _failed_to_load(self, exc: BaseException) -> None:
        self.show_general(f"This entry could not be loaded: {exc}")

    # --- saving -----------------------------------------------------------------------------

    def submit(self) -> None:
        if self._saving or not self.save_button.isEnabled():
            return
        self.clear_problems()
        typed = self.typed_problems()
        if typed:
            self.show_problems(typed)
            return
        try:
            value = self.collect()
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        item_id = self.context.item_id
        reason = self.reason_edit.toPlainText() if self.reason_edit is not None else ""
        self._set_saving(True)

        def work(session: Session, _progress: Progress) -> Any:
            if item_id is None:
                return self.save(session, value)
            return self.correct(session, item_id, value, reason)

        self.context.runner.submit(work, on_done=self._saved, on_error=self._refused)

    def typed_problems(self) -> list[Problem]:
        """Text no field may hold, found before anything else: too long for the field, or what
        no database can keep (NUL, a broken encoding). Each problem names the field with a
        problem label that holds the text widget (a date-and-time box's edit: the box)."""
        problems: list[Problem] = []
        for name, widget in self._fields.items():
            text = _typed_text(widget)
            if text is None or not widget.isVisibleTo(self):
                continue
            shown = self._labelled(name, widget)
            limit = self._limits.get(name)
            if limit is not None and len(text) > limit:
                problems.append(
                    Problem("", shown, f"is {len(text)} characters long; at most {limit}")
                )
            reason = text_problem(text)
            if reason is not None:
                problems.append(Problem("", shown, reason))
        return problems

    def _labelled(self, name: str, widget: QWidget) -> str:
        if name in self._errors:
            return name
        for other, holder in self._fields.items():
            if other in self._errors and holder.isAncestorOf(widget):
                return other
        return name

    def _saved(self, result: Any) -> None:
        self._set_saving(False)
        self.saved_result = result
        self.mark_clean()
        self.context.on_saved()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        # Whatever went wrong, every value typed stays where it was.
        self._set_saving(False)
        if isinstance(exc, ValidationFailed):
            self.show_problems(exc.problems)
        elif isinstance(exc, ServiceError):
            self.show_general(str(exc))
        else:
            self.show_general(f"Saving failed: {exc}")

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.body.setEnabled(not saving)

    # --- problems ---------------------------------------------------------------------------

    def clear_problems(self) -> None:
        self.error_label.hide()
        for label in self._errors.values():
            label.hide()

    def show_general(self, text: str) -> None:
        self.error_label.setText(_sentence(text))
        self.error_label.show()

    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem beside its field; those without one (or without a label) at the top.
        Focus goes to the first field with a problem."""
        general: list[str] = []
        first: QWidget | None = None
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            if problem.field in self._errors:
                by_field.setdefault(problem.field, []).append(_sentence(problem.reason))
            else:
                general.append(_sentence(str(problem)))
        for name, reasons in by_field.items():
            label = self._errors[name]
            label.setText("⚠ " + " ".join(reasons))
            label.show()
            first = first or self._fields[name]
        if general:
            self.error_label.setText("\n".join(general))
            self.error_label.show()
        if first is not None:
            first.setFocus()

    def problem_text(self, name: str) -> str:
        """The problem shown beside a field ("" if none): for tests and accessibility."""
        label = self._errors.get(name)
        return label.text() if label is not None and label.isVisibleTo(self) else ""

    # --- closing ----------------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """Ask before unsaved work is thrown away. Tests replace this."""
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "This form has changes that are not saved. Discard them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._saving:
            return  # the save is on its way: its answer decides
        if self._dirty and not self.confirm_discard():
            return
        self.mark_clean()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving or (self._dirty and not self.confirm_discard()):
            event.ignore()
            return
        self.mark_clean()
        super().closeEvent(event)


def _typed_text(widget: QWidget) -> str | None:
    """The text typed in a text field (None for a widget that is not one)."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit) and not widget.isReadOnly():
        return widget.toPlainText()
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.currentText()
    return None


FormFactory = Callable[[str, FormContext, QWidget | None], FormDialog]
