"""Acknowledge a warning with a reason (kind "acknowledge", `context.initial["warning_id"]`).

The officer picks a quick reason ("Visit booked for <date>", "In custody", "In hospital", "Data
wrong: <what>", "Other") and may add details; the reason is one sentence a supervisor reads in
the warning's history. The warning stays live (acknowledged) while the scan still finds it.
The layout is ui/acknowledge_form.ui.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QButtonGroup, QRadioButton, QWidget
from sqlmodel import Session

from ...core.rules.dates import format_date, london_today
from ...core.services.errors import Problem, ValidationFailed
from ...core.services.scan import WarningRow, acknowledge
from ...core.services.today import WarningBrief, warning_brief
from ..generated.ui_acknowledge_form import Ui_AcknowledgeFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, use_designer_body


class ReasonChoice(StrEnum):
    """The quick reasons, in the order shown: each is the radio button `choice_<value>` of
    ui/acknowledge_form.ui (whose text carries its Alt+letter)."""

    visit_booked = "visit_booked"
    in_custody = "in_custody"
    in_hospital = "in_hospital"
    data_wrong = "data_wrong"
    other = "other"


@dataclass(frozen=True)
class Acknowledgement:
    """The service input: which warning, and the reason as the supervisor will read it."""

    warning_id: int
    reason: str


def compose_reason(
    choice: ReasonChoice | None, *, visit_date: date | None, what: str, details: str
) -> str:
    """One sentence from the quick choice and the free text: "Visit booked for 3 Mar 2026;
    with DS Quillowby". With no choice (or Other) the free text alone is the reason."""
    what, details = what.strip(), details.strip()
    head = ""
    if choice == ReasonChoice.visit_booked and visit_date is not None:
        head = f"Visit booked for {format_date(visit_date)}"
    elif choice == ReasonChoice.in_custody:
        head = "In custody"
    elif choice == ReasonChoice.in_hospital:
        head = "In hospital"
    elif choice == ReasonChoice.data_wrong:
        head = f"Data wrong: {what}" if what else "Data wrong"
    if head and details:
        return f"{head}; {details}"
    return head or details


def choice_problems(
    choice: ReasonChoice | None, *, visit_date: date | None, what: str, today: date
) -> list[Problem]:
    """What the form checks before asking the service (which refuses an empty reason itself)."""
    problems: list[Problem] = []
    if choice == ReasonChoice.visit_booked:
        if visit_date is None:
            problems.append(Problem("", "visit_date", "give the date the visit is booked for"))
        elif visit_date < today:
            problems.append(
                Problem("", "visit_date", "is in the past: record the visit that took place")
            )
    if choice == ReasonChoice.data_wrong and not what.strip():
        problems.append(Problem("", "what", "say what is wrong in the record"))
    return problems


class AcknowledgeForm(FormDialog):
    title = "Acknowledge warning"
    save_label = "Acknowledge"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        warning_id = context.initial.get("warning_id")
        if not isinstance(warning_id, int):
            raise ValueError("the acknowledge form needs initial['warning_id']")
        self.warning_id = warning_id
        self.brief: WarningBrief | None = None

        ui = use_designer_body(self, Ui_AcknowledgeFormBody())
        # The warning itself, above the answer: its explanation verbatim.
        self.heading = ui.warningHeading
        self.explanation = ui.warningExplanation
        self.status = ui.warningStatus
        self.status.hide()

        # Quick choices, with the date and the "what" beside the choices they complete.
        self.group = QButtonGroup(self)
        self.radios: dict[ReasonChoice, QRadioButton] = {}
        for row, choice in enumerate(ReasonChoice):
            radio = getattr(ui, f"choice_{choice.value}")
            self.group.addButton(radio, row)
            self.radios[choice] = radio
        self.group.idToggled.connect(self._choice_toggled)
        self.visit_date = ui.visitDate
        self.visit_date.setDate(QDate.currentDate().addDays(1))
        self.what = ui.whatEdit
        self.details = ui.detailsText
        attach(
            self,
            {
                "choice": ui.reasonChoices,
                "visit_date": self.visit_date,
                "what": self.what,
                "reason": self.details,
            },
        )
        # Editing a choice's own field picks that choice.
        self.visit_date.dateChanged.connect(lambda _d: self._pick(ReasonChoice.visit_booked))
        self.what.textEdited.connect(lambda _t: self._pick(ReasonChoice.data_wrong))
        self._first = self.radios[ReasonChoice.visit_booked]
        self._first.setFocus()

        self.save_button.setEnabled(False)
        context.runner.submit(
            lambda session, _p: warning_brief(session, context.actor, warning_id),
            on_done=self._show_warning,
            on_error=self._failed_to_load,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The dialog hands focus to the first widget that takes Tab, which skips a radio group
        # with nothing checked: the first choice gets it instead.
        self._first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- the warning ------------------------------------------------------------------------

    def _show_warning(self, brief: WarningBrief) -> None:
        self.brief = brief
        kind = brief.kind.replace("_", " ")
        self.heading.setText(
            f"<b>{brief.severity.capitalize()}: {kind[:1].upper() + kind[1:]}</b> — "
            f"{html.escape(brief.subject_ref)}"
        )
        self.explanation.setText(brief.explanation)
        if brief.state == "resolved":
            self.status.setText("This warning is resolved: there is nothing to answer.")
            self.status.show()
            return
        if brief.state == "acknowledged":
            self.status.setText(
                f"Already acknowledged by {brief.acknowledged_by or 'someone'}: "
                f"{brief.acknowledgement_reason}. A new reason replaces it (both stay in the "
                "warning's history)."
            )
            self.status.show()
        self.save_button.setEnabled(True)

    def _failed_to_load(self, exc: BaseException) -> None:
        self.heading.setText("")
        self.heading.hide()  # the problem, at the top, says it all
        self.show_general(f"This warning could not be loaded: {exc}")

    # --- choices ----------------------------------------------------------------------------

    def choice(self) -> ReasonChoice | None:
        for choice, radio in self.radios.items():
            if radio.isChecked():
                return choice
        return None

    def _pick(self, choice: ReasonChoice) -> None:
        self.radios[choice].setChecked(True)

    def _choice_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.mark_dirty()

    def reason_text(self) -> str:
        return compose_reason(
            self.choice(),
            visit_date=self.visit_date.date().toPython(),
            what=self.what.text(),
            details=self.details.toPlainText(),
        )

    # --- FormDialog -------------------------------------------------------------------------

    def collect(self) -> Acknowledgement:
        choice = self.choice()
        problems = choice_problems(
            choice,
            visit_date=self.visit_date.date().toPython(),
            what=self.what.text(),
            today=london_today(),
        )
        if problems:
            raise ValidationFailed(problems)
        # An empty reason goes to the service, which refuses it beside the details.
        return Acknowledgement(self.warning_id, self.reason_text())

    def save(self, session: Session, value: Any) -> WarningRow:
        return acknowledge(session, self.context.actor, value.warning_id, value.reason)


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind != "acknowledge":
        raise ValueError(f"the acknowledge module has no form {kind!r}")
    return AcknowledgeForm(context, parent)
