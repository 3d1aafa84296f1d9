"""Record a breach (kind "breach", with the action at once if it is known) or the action taken on
a breach recorded earlier (kind "breach_action", `context.initial["breach_id"]`).

Beside the dates the form says what they mean: when the action decision is due (the date the
`breach_action_overdue` warning counts from), and whether an action came in time. A breach is
corrected (its action too) with the "breach" form in correction mode; so is a "breach_action"
opened with `item_id`, since an action once recorded is changed by correcting the breach.
The layouts are ui/breach_form.ui and ui/breach_action_form.ui (the action's rows alike in both).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlmodel import Session

from ...core.rules.dates import format_date
from ...core.rules.policy import CURRENT_POLICY, Policy
from ...core.services.breaches import (
    ACTION_WORDS,
    KIND_WORDS,
    BreachActionInput,
    BreachInput,
    BreachSummary,
    OrderChoice,
    action_timing_words,
    breach_summary,
    breach_values,
    correct_breach,
    order_choices,
    record_breach,
    record_breach_action,
)
from ...core.services.notifications import own_warrant
from ...core.services.policy import current_policy
from ...core.store.enums import BreachAction, BreachKind
from ..generated.ui_breach_action_form import Ui_BreachActionFormBody
from ..generated.ui_breach_form import Ui_BreachFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, fill_enum_combo, use_designer_body
from .widgets import OptionalDateEdit, combo_value, dates_or_problems, set_combo

NOT_YET = "— not yet decided —"


@dataclass
class ActionFields:
    """The action's widgets, shared by both forms (names are the service's field names)."""

    action: QComboBox
    action_on: OptionalDateEdit
    timing: QLabel
    action_reason: QLineEdit
    outcome: QPlainTextEdit
    outcome_on: OptionalDateEdit

    def value(self) -> BreachActionInput:
        dates = dates_or_problems({"action_on": self.action_on, "outcome_on": self.outcome_on})
        return BreachActionInput(
            action=combo_value(self.action, BreachAction),
            action_on=dates["action_on"],
            action_reason=self.action_reason.text(),
            outcome=self.outcome.toPlainText(),
            outcome_on=dates["outcome_on"],
        )

    def fill(self, value: BreachActionInput | BreachInput) -> None:
        set_combo(self.action, value.action)
        self.action_on.set_value(value.action_on)
        self.action_reason.setText(value.action_reason or "")
        self.outcome.setPlainText(value.outcome or "")
        self.outcome_on.set_value(value.outcome_on)


def action_fields(
    form: FormDialog, ui: Ui_BreachFormBody | Ui_BreachActionFormBody
) -> ActionFields:
    """The action's rows, which both .ui files lay out alike (same object names)."""
    fields = ActionFields(
        action=ui.actionCombo,
        action_on=ui.actionOnDate,
        timing=ui.timingHint,
        action_reason=ui.actionReasonEdit,
        outcome=ui.outcomeText,
        outcome_on=ui.outcomeOnDate,
    )
    fill_enum_combo(fields.action, ACTION_WORDS.items(), blank=NOT_YET)
    attach(
        form,
        {
            "action": fields.action,
            "action_on": fields.action_on,
            "action_reason": fields.action_reason,
            "outcome": fields.outcome,
            "outcome_on": fields.outcome_on,
        },
    )
    return fields


class BreachForm(FormDialog):
    title = "Record a breach"
    save_label = "Record breach"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.policy: Policy = CURRENT_POLICY
        ui = use_designer_body(self, Ui_BreachFormBody())
        self.kind = ui.kindCombo
        fill_enum_combo(self.kind, KIND_WORDS.items(), blank="— choose —")
        self.order = ui.orderCombo
        self.description = ui.descriptionText
        self.occurred_on = ui.occurredOnDate
        self.found_on = ui.foundOnDate
        self.found_on.setDate(QDate.currentDate())
        self.found_by = ui.foundByEdit
        self.national_ref = ui.nationalRefEdit
        self.recorded_on = ui.recordedOnDate
        attach(
            self,
            {
                "kind": self.kind,
                "order_id": self.order,
                "description": self.description,
                "occurred_on": self.occurred_on,
                "found_on": self.found_on,
                "found_by_warrant": self.found_by,
                "national_ref": self.national_ref,
                "recorded_nationally_on": self.recorded_on,
            },
        )
        self.actions = action_fields(self, ui)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.found_on.dateChanged.connect(self._explain)
        self.actions.action_on.textChanged.connect(self._explain)
        self._kind_changed()
        self.kind.setFocus()
        ref = context.offender_ref
        assert ref is not None or context.item_id is not None
        context.runner.submit(
            lambda session, _p: (
                current_policy(session),
                own_warrant(session, context.actor),
                order_choices(session, context.actor, ref) if ref else [],
            ),
            on_done=self._defaults,
            on_error=lambda _exc: None,  # the service refuses on save, with its reason
        )
        self.start_correction()

    def _defaults(self, values: tuple[Policy, str | None, list[OrderChoice]]) -> None:
        self.policy, warrant, orders = values
        if self.context.item_id is None and not self.found_by.text():
            self.found_by.setText(warrant or "")
        chosen = self.order.currentData()
        self.order.clear()
        self.order.addItem("— choose —" if orders else "No order recorded", None)
        for choice in orders:
            self.order.addItem(choice.label, choice.id)
        set_combo(self.order, chosen)
        self._explain()

    def _kind_changed(self, *_args: object) -> None:
        is_order = combo_value(self.kind, BreachKind) == BreachKind.order
        holder = self.order.parentWidget()
        assert holder is not None
        self.form.setRowVisible(holder, is_order)

    def _explain(self, *_args: object) -> None:
        self.actions.timing.setText(
            action_timing_words(
                self.found_on.date().toPython(),
                self.actions.action_on.value_or_none(),
                self.policy,
            )
        )

    def hint_text(self) -> str:
        return self.actions.timing.text()

    # --- FormDialog ---------------------------------------------------------------------------

    def collect(self) -> BreachInput:
        kind = combo_value(self.kind, BreachKind)
        dates = dates_or_problems(
            {"occurred_on": self.occurred_on, "recorded_nationally_on": self.recorded_on}
        )
        action = self.actions.value()
        return BreachInput(
            kind=kind,
            description=self.description.toPlainText(),
            found_on=self.found_on.date().toPython(),
            occurred_on=dates["occurred_on"],
            found_by_warrant=self.found_by.text(),
            order_id=self.order.currentData() if kind == BreachKind.order else None,
            national_ref=self.national_ref.text(),
            recorded_nationally_on=dates["recorded_nationally_on"],
            action=action.action,
            action_on=action.action_on,
            action_reason=action.action_reason,
            outcome=action.outcome,
            outcome_on=action.outcome_on,
        )

    def save(self, session: Session, value: BreachInput) -> int:
        assert self.context.offender_ref is not None
        return record_breach(session, self.context.actor, self.context.offender_ref, value)

    def load(self, session: Session, item_id: int) -> tuple[BreachInput, list[OrderChoice]]:
        values = breach_values(session, self.context.actor, item_id)
        ref = self.context.offender_ref
        return values, order_choices(session, self.context.actor, ref) if ref else []

    def fill(self, loaded: tuple[BreachInput, list[OrderChoice]]) -> None:
        values, orders = loaded
        if orders and self.order.count() <= 1:
            self._defaults((self.policy, None, orders))
        set_combo(self.kind, values.kind)
        set_combo(self.order, values.order_id)
        self.description.setPlainText(values.description or "")
        self.occurred_on.set_value(values.occurred_on)
        if values.found_on is not None:
            self.found_on.setDate(values.found_on)
        self.found_by.setText(values.found_by_warrant or "")
        self.national_ref.setText(values.national_ref or "")
        self.recorded_on.set_value(values.recorded_nationally_on)
        self.actions.fill(values)
        self._explain()

    def correct(
        self, session: Session, item_id: int, value: BreachInput, reason: str
    ) -> int | None:
        return correct_breach(session, self.context.actor, item_id, value, reason)


class BreachActionForm(FormDialog):
    title = "Record the action on a breach"
    save_label = "Record action"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        breach_id = context.initial.get("breach_id")
        if not isinstance(breach_id, int):
            raise ValueError("the breach action form needs initial['breach_id']")
        self.breach_id = breach_id
        self.summary: BreachSummary | None = None
        self.policy: Policy = CURRENT_POLICY
        ui = use_designer_body(self, Ui_BreachActionFormBody())
        self.about = ui.breachSummary
        self.actions = action_fields(self, ui)
        self.actions.action_on.textChanged.connect(self._explain)
        self.actions.action.setFocus()
        self.save_button.setEnabled(False)

        def work(session: Session, _p: object) -> tuple[Policy, BreachSummary]:
            policy = current_policy(session)
            return policy, breach_summary(session, context.actor, breach_id, policy)

        context.runner.submit(work, on_done=self._loaded_breach, on_error=self._not_loaded)

    def _loaded_breach(self, values: tuple[Policy, BreachSummary]) -> None:
        self.policy, summary = values
        self.summary = summary
        text = (
            f"Breach of {KIND_WORDS[summary.kind]} by {summary.offender_ref}, found "
            f"{format_date(summary.found_on)}: {summary.description}"
        )
        if summary.action is not None and summary.action_on is not None:
            text += (
                f"\nAlready acted on: {ACTION_WORDS[summary.action]} on "
                f"{format_date(summary.action_on)}. Correct the breach to change it."
            )
        self.about.setText(text)
        self.save_button.setEnabled(summary.action is None)
        self._explain()

    def _not_loaded(self, exc: BaseException) -> None:
        self.about.setText("")
        self.about.hide()  # the problem, at the top, says it all
        self.show_general(f"This breach could not be loaded: {exc}")

    def _explain(self, *_args: object) -> None:
        if self.summary is None:
            return
        self.actions.timing.setText(
            action_timing_words(
                self.summary.found_on, self.actions.action_on.value_or_none(), self.policy
            )
        )

    def hint_text(self) -> str:
        return self.actions.timing.text()

    def collect(self) -> BreachActionInput:
        return self.actions.value()

    def save(self, session: Session, value: BreachActionInput) -> int:
        return record_breach_action(session, self.context.actor, self.breach_id, value)


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "breach" or (kind == "breach_action" and context.item_id is not None):
        return BreachForm(context, parent)
    if kind == "breach_action":
        return BreachActionForm(context, parent)
    raise ValueError(f"the breach module has no form {kind!r}")
