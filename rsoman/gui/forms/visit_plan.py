"""A visit-plan decision: an individual frequency, reactive management, or a return to the
tariff, authorised by a supervisor (the rules, and who may authorise, are in
`services/visit_plans.py`). The form says what is in force now and whether reactive management
is open before anything is chosen, so a refusal is no surprise.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget
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
from . import FormContext
from .base import FormDialog, date_edit
from .visit import NOT_CHOSEN, chain_tab_order, combo_value, select_data, text_box

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
        body = self.body
        self.heading = QLabel(context.offender_ref or "", body)
        self.heading.setObjectName("formHeading")
        self.heading.setWordWrap(True)
        self.form.addRow(self.heading)

        self.kind = QComboBox(body)
        self.kind.addItem(NOT_CHOSEN, None)
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(words, kind)
        self.add_field("kind", "&Decision", self.kind)
        self.kind_note = QLabel(body)
        self.kind_note.setObjectName("hintLabel")
        self.kind_note.setWordWrap(True)
        self.form.addRow("", self.kind_note)

        self.interval = QSpinBox(body)
        self.interval.setRange(0, MAX_TYPED_DAYS)
        self.interval.setSpecialValueText("—")
        self.interval.setSuffix(" days")
        self.add_field("interval_days", "&Interval", self.interval)

        self.effective_from = date_edit(body)
        self.add_field("effective_from", "&Takes effect", self.effective_from)

        self.authoriser = QComboBox(body)
        self.authoriser.addItem(NOT_CHOSEN, "")
        self.add_field(
            "authorised_by_warrant",
            "&Authorised by",
            self.authoriser,
            hint="A supervisor (sergeant or above) of the borough or the central team.",
        )
        self.reason = text_box(body, "why this frequency, or why reactive management now…")
        self.add_field("reason", "&Reason", self.reason)

        order: list[QWidget] = [
            self.kind,
            self.interval,
            self.effective_from,
            self.authoriser,
            self.reason,
        ]
        chain_tab_order([*order, self.save_button])
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
