"""A visit-plan decision: an individual frequency, reactive management, or a return to the
tariff, authorised by a supervisor (the rules, and who may authorise, are in
`services/visit_plans.py`). The form says what is in force now and whether reactive management
is open before anything is chosen, so a refusal is no surprise. The layout is
ui/visit_plan_form.ui.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from ...core.rules.visit_schedule import risk_words
from ...core.services.visit_plans import (
    VisitPlanFormData,
    VisitPlanInput,
    correct_visit_plan,
    record_visit_plan,
    visit_plan_form_data,
    visit_plan_values,
)
from ...core.store.enums import PlanKind
from ..generated.ui_visit_plan_form import Ui_VisitPlanFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, use_designer_body
from .visit import NOT_CHOSEN, chain_tab_order, combo_value, select_data

KIND_WORDS = {
    PlanKind.individual_frequency: "Individual frequency (visits every N days)",
    PlanKind.reactive_management: "Reactive management (no routine home visits)",
    PlanKind.tariff: "Return to the tariff",
}
# The longest interval the field allows typing; the service sets the real limit (the LOW tariff).
MAX_TYPED_DAYS = 3650


class VisitPlanForm(FormDialog):
    title = "Visit-plan decision"
    save_label = "Record decision"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: VisitPlanFormData | None = None
        ui = use_designer_body(self, Ui_VisitPlanFormBody())
        self.heading = ui.offenderHeading
        self.heading.setText(context.offender_ref or "")
        self.kind = ui.decisionCombo
        self.kind.addItem(NOT_CHOSEN, None)
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(words, kind)
        self.kind_note = ui.decisionNote
        self.interval = ui.intervalSpin
        self.interval.setRange(0, MAX_TYPED_DAYS)
        self.effective_from = ui.effectiveFromDate
        self.effective_from.setDate(QDate.currentDate())
        self.authoriser = ui.authoriserCombo
        self.authoriser.addItem(NOT_CHOSEN, "")
        self.reason = ui.reasonText
        attach(
            self,
            {
                "kind": self.kind,
                "interval_days": self.interval,
                "effective_from": self.effective_from,
                "authorised_by_warrant": self.authoriser,
                "reason": self.reason,
            },
        )
        # The .ui sets the order of the fields; the save button comes straight after them.
        chain_tab_order([self.reason, self.save_button])
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

        self.body.setEnabled(False)
        self.save_button.setEnabled(False)
        self.kind.setFocus()
        ref = context.offender_ref
        if ref is None:
            self.show_general("No offender chosen: open the form from a record.")
        elif context.item_id is None:
            context.runner.submit(
                lambda session, _p: visit_plan_form_data(session, context.actor, ref),
                on_done=self._prefilled,
                on_error=self._not_available,
            )
        self.start_correction()
        if self.reason_edit is not None:
            chain_tab_order([self.reason, self.reason_edit, self.save_button])

    # --- prefill ----------------------------------------------------------------------------

    def _put_choices(self, data: VisitPlanFormData) -> None:
        self.data = data
        risk = risk_words(data.current_risk) if data.current_risk else "not yet assessed"
        self.heading.setText(
            f"{data.ref}: {data.name}\nIn force now: {data.in_force}. Current risk: {risk}."
        )
        self.authoriser.clear()
        self.authoriser.addItem(NOT_CHOSEN, "")
        for choice in data.authorisers:
            self.authoriser.addItem(choice.name, choice.warrant)
        self._kind_changed()

    def _prefilled(self, data: VisitPlanFormData) -> None:
        self._put_choices(data)
        if data.self_authorises:
            select_data(self.authoriser, data.my_warrant)
        self.mark_clean()
        self.body.setEnabled(True)
        self.save_button.setEnabled(True)
        self.kind.setFocus()

    def _not_available(self, exc: BaseException) -> None:
        self.show_general(str(exc))

    def _kind_changed(self, _index: int = 0) -> None:
        kind = combo_value(self.kind)
        individual = kind == PlanKind.individual_frequency
        self.interval.setEnabled(individual)
        if not individual:
            self.interval.setValue(0)
        data = self.data
        if data is None:
            self.kind_note.setText("")
        elif kind == PlanKind.individual_frequency:
            self.kind_note.setText(
                f"From 1 day up to the LOW tariff ({data.low_tariff_days} days, policy "
                f"v{data.policy_version}); the interval replaces the tariff's."
            )
        elif kind == PlanKind.reactive_management:
            verdict = "Open" if data.reactive.eligible else "Not open today"
            self.kind_note.setText(
                f"{verdict}: {data.reactive.explanation}. Notification duties continue."
            )
        elif kind == PlanKind.tariff:
            self.kind_note.setText("Visits return to the interval of the current risk level.")
        else:
            self.kind_note.setText(
                "Reactive management: "
                + ("open" if data.reactive.eligible else "not open")
                + f" ({data.reactive.explanation})."
            )

    # --- saving -----------------------------------------------------------------------------

    def collect(self) -> VisitPlanInput:
        kind = combo_value(self.kind)
        days = self.interval.value()
        return VisitPlanInput(
            kind=PlanKind(kind) if kind is not None else None,  # type: ignore[arg-type]
            effective_from=self.effective_from.date().toPython(),  # type: ignore[arg-type]
            interval_days=days if kind == PlanKind.individual_frequency and days > 0 else None,
            reason=self.reason.toPlainText(),
            authorised_by_warrant=str(combo_value(self.authoriser) or ""),
        )

    def save(self, session: Session, value: VisitPlanInput) -> int:
        ref = self.context.offender_ref
        assert ref is not None
        return record_visit_plan(session, self.context.actor, ref, value)

    def load(self, session: Session, item_id: int) -> tuple[VisitPlanFormData, VisitPlanInput]:
        ref = self.context.offender_ref
        assert ref is not None
        values = visit_plan_values(session, self.context.actor, item_id)
        return visit_plan_form_data(session, self.context.actor, ref), values

    def fill(self, values: tuple[VisitPlanFormData, VisitPlanInput]) -> None:
        data, value = values
        self._put_choices(data)
        select_data(self.kind, value.kind)
        self.interval.setValue(value.interval_days or 0)
        if value.effective_from is not None:
            self.effective_from.setDate(value.effective_from)
        select_data(self.authoriser, value.authorised_by_warrant)
        self.reason.setPlainText(value.reason)
        self.kind.setFocus()

    def correct(
        self, session: Session, item_id: int, value: VisitPlanInput, reason: str
    ) -> int | None:
        return correct_visit_plan(session, self.context.actor, item_id, value, reason)


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "visit_plan":
        return VisitPlanForm(context, parent)
    raise ValueError(f"the visit_plan module has no form {kind!r}")
