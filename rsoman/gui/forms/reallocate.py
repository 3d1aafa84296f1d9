"""Reallocate one offender (`context.offender_ref`) or many (`context.initial["offender_refs"]`)
to another offender manager of the borough, with a reason kept in the history.

The picker shows each officer's caseload against capacity (and the risk-weighted load), so the
work goes where there is room. All or nothing: one offender that cannot move stops the lot, and
every reason is listed. Only supervisors reallocate: anyone else is refused by the service
as the form opens. The layout is ui/reallocate_form.ui.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from ...core.services.allocation import OfficerLoad, reallocate, reallocation_targets
from ...core.services.errors import Problem
from ..generated.ui_reallocate_form import Ui_ReallocateFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, use_designer_body
from .visit import NOT_CHOSEN, chain_tab_order, combo_value

# How many references the heading names before "and N more".
SHOWN_REFS = 6


@dataclass(frozen=True)
class ReallocationInput:
    refs: tuple[str, ...]
    to_warrant: str
    reason: str
    on: date


def load_words(officer: OfficerLoad) -> str:
    """ "Quillowby, Ada (DC): 48 of 50 (risk-weighted 97)", flagged when over capacity."""
    words = (
        f"{officer.name}: {officer.caseload} of {officer.capacity} "
        f"(risk-weighted {officer.risk_weighted})"
    )
    if officer.over_capacity:
        words += ", over capacity"
    if officer.manages_selected:
        words += f", manages {officer.manages_selected} of these now"
    return words


def refs_words(refs: Sequence[str]) -> str:
    shown = ", ".join(refs[:SHOWN_REFS])
    more = len(refs) - SHOWN_REFS
    return shown + (f" and {more} more" if more > 0 else "")


class ReallocateForm(FormDialog):
    title = "Reallocate"
    save_label = "Reallocate"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        many = context.initial.get("offender_refs")
        refs = [str(r) for r in many] if isinstance(many, list | tuple) else []
        if not refs and context.offender_ref:
            refs = [context.offender_ref]
        self.refs = tuple(dict.fromkeys(refs))
        self.officers: list[OfficerLoad] = []
        count = len(self.refs)
        self.setWindowTitle(
            f"Reallocate {count} offenders" if count > 1 else f"Reallocate {refs_words(self.refs)}"
        )
        ui = use_designer_body(self, Ui_ReallocateFormBody())
        self.offenders = ui.offendersList
        if self.refs:
            self.offenders.setText(refs_words(self.refs))
        if count <= 1:
            ui.offendersLabel.setText("Offender")
        self.to_officer = ui.toOfficerCombo
        self.to_officer.addItem(NOT_CHOSEN, "")
        self.on = ui.onDate
        self.on.setDate(QDate.currentDate())
        self.reason = ui.reasonText
        attach(
            self,
            {
                "offenders": self.offenders,
                "to_warrant": self.to_officer,
                "on": self.on,
                "reason": self.reason,
            },
        )
        # The .ui sets the order of the fields; the save button comes straight after them.
        chain_tab_order([self.reason, self.save_button])

        self.body.setEnabled(False)
        self.save_button.setEnabled(False)
        self.to_officer.setFocus()
        if not self.refs:
            self.show_general("No offender chosen: select one or more in the caseload first.")
            return
        chosen = self.refs
        context.runner.submit(
            lambda session, _p: reallocation_targets(session, context.actor, chosen),
            on_done=self._prefilled,
            on_error=self._not_available,
        )

    def _prefilled(self, officers: list[OfficerLoad]) -> None:
        self.officers = officers
        self.to_officer.clear()
        self.to_officer.addItem(NOT_CHOSEN, "")
        for officer in officers:
            self.to_officer.addItem(load_words(officer), officer.warrant)
        if not officers:
            self.show_general("This borough has no active offender manager to reallocate to.")
        self.mark_clean()
        self.body.setEnabled(True)
        self.save_button.setEnabled(True)
        self.to_officer.setFocus()

    def _not_available(self, exc: BaseException) -> None:
        self.show_general(str(exc))

    def show_problems(self, problems: list[Problem]) -> None:
        """Problems about one offender name it, beside the list of offenders."""
        shown = [
            Problem("", "offenders", f"{p.location}: {p.reason}" if p.location else p.reason)
            if p.field in ("ref", "refs")
            else p
            for p in problems
        ]
        super().show_problems(shown)

    def collect(self) -> ReallocationInput:
        return ReallocationInput(
            refs=self.refs,
            to_warrant=str(combo_value(self.to_officer) or ""),
            reason=self.reason.toPlainText(),
            on=self.on.date().toPython(),  # type: ignore[arg-type]
        )

    def save(self, session: Session, value: ReallocationInput) -> list[str]:
        return reallocate(
            session,
            self.context.actor,
            list(value.refs),
            value.to_warrant,
            reason=value.reason,
            on=value.on,
        )


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "reallocate":
        return ReallocateForm(context, parent)
    raise ValueError(f"the reallocate module has no form {kind!r}")
