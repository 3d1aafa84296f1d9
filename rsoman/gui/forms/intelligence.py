"""Record an intelligence report (kind "intelligence"): when, from where, the report verbatim,
and whether it is a concern.

Marking it a concern shows, from the other concerns on the record, how close it brings the
offender to the policy's threshold (several concerns close together prompt a risk review), by the
same test the `repeated_concerns` warning uses. The layout is ui/intelligence_form.ui.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from ...core.rules.policy import CURRENT_POLICY, Policy
from ...core.services.intelligence import (
    SOURCE_WORDS,
    ConcernContext,
    IntelligenceInput,
    concern_words,
    concerns_around,
    correct_intelligence,
    intelligence_values,
    record_intelligence,
)
from ...core.services.policy import current_policy
from ...core.store.enums import IntelSource
from ..generated.ui_intelligence_form import Ui_IntelligenceFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, fill_enum_combo, use_designer_body
from .widgets import combo_value, set_combo


class IntelligenceForm(FormDialog):
    title = "Record intelligence"
    save_label = "Record intelligence"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.policy: Policy = CURRENT_POLICY
        ui = use_designer_body(self, Ui_IntelligenceFormBody())
        self.received_on = ui.receivedOnDate
        self.received_on.setDate(QDate.currentDate())
        self.source = ui.sourceCombo
        fill_enum_combo(self.source, SOURCE_WORDS.items(), blank="— choose —")
        self.source_detail = ui.sourceDetailEdit
        self.grading = ui.gradingEdit
        self.text = ui.reportText
        self.is_concern = ui.concernCheck
        self.concern_hint = ui.concernHint
        attach(
            self,
            {
                "received_on": self.received_on,
                "source": self.source,
                "source_detail": self.source_detail,
                "grading": self.grading,
                "text": self.text,
                "is_concern": self.is_concern,
            },
        )
        self.received_on.dateChanged.connect(self._explain)
        self.is_concern.toggled.connect(self._explain)
        self.received_on.setFocus()
        context.runner.submit(
            lambda session, _p: current_policy(session),
            on_done=self._policy_loaded,
            on_error=lambda _exc: None,  # the hint falls back to the built-in policy
        )
        self.start_correction()

    def _policy_loaded(self, policy: Policy) -> None:
        self.policy = policy

    def _explain(self, *_args: object) -> None:
        ref = self.context.offender_ref
        if not self.is_concern.isChecked() or ref is None:
            self.concern_hint.setText("")
            return
        on = self.received_on.date().toPython()
        policy, actor, excluding = self.policy, self.context.actor, self.context.item_id

        def show(context: ConcernContext) -> None:
            # A later date may have been typed meanwhile: explain only the date on screen.
            if self.is_concern.isChecked() and self.received_on.date().toPython() == on:
                self.concern_hint.setText(concern_words(context, on))

        self.context.runner.submit(
            lambda session, _p: concerns_around(
                session, actor, ref, on, policy, excluding=excluding
            ),
            on_done=show,
            on_error=lambda _exc: self.concern_hint.setText(""),
        )

    def hint_text(self) -> str:
        return self.concern_hint.text()

    # --- FormDialog ---------------------------------------------------------------------------

    def collect(self) -> IntelligenceInput:
        return IntelligenceInput(
            received_on=self.received_on.date().toPython(),
            source=combo_value(self.source, IntelSource),
            text=self.text.toPlainText(),
            is_concern=self.is_concern.isChecked(),
            source_detail=self.source_detail.text(),
            grading=self.grading.text(),
        )

    def save(self, session: Session, value: IntelligenceInput) -> int:
        assert self.context.offender_ref is not None
        return record_intelligence(session, self.context.actor, self.context.offender_ref, value)

    def load(self, session: Session, item_id: int) -> IntelligenceInput:
        return intelligence_values(session, self.context.actor, item_id)

    def fill(self, values: IntelligenceInput) -> None:
        if values.received_on is not None:
            self.received_on.setDate(values.received_on)
        set_combo(self.source, values.source)
        self.source_detail.setText(values.source_detail or "")
        self.grading.setText(values.grading or "")
        self.text.setPlainText(values.text or "")
        self.is_concern.setChecked(values.is_concern)

    def correct(
        self, session: Session, item_id: int, value: IntelligenceInput, reason: str
    ) -> int | None:
        return correct_intelligence(session, self.context.actor, item_id, value, reason)


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind != "intelligence":
        raise ValueError(f"the intelligence module has no form {kind!r}")
    return IntelligenceForm(context, parent)
