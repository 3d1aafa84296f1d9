"""Record a visit (the form officers use most), plan one, or correct a recorded one.

Prefilled so that a routine visit takes seconds: the offender's current home address, the
signed-in officer as first officer present, the time now. The time is typed, not picked ("now",
"today 14:30", "yesterday 0930", "3/2 10:30"), and shown in words beside the field as it is
typed, so a slip (a wrong month, last year) is seen before it is saved. The outcome says whether
it satisfies the home-visit schedule: only a successful home visit does.

Kinds of use, by context: `initial={"plan": True}` plans a visit; `initial={"planned_visit_id":
N}` records the outcome of planned visit N (prefilled from it); `item_id` corrects a recorded
visit (the old values are kept by the service). The layout is ui/visit_form.ui (both variants:
the plan hides the rows a plan has no use for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import ClassVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget
from sqlmodel import Session

from ...core.rules.dates import LONDON
from ...core.rules.entry_dates import (
    Direction,
    EntryDateError,
    describe_entry,
    parse_entry,
)
from ...core.rules.visit_schedule import is_successful_home_visit
from ...core.services.errors import Problem, ValidationFailed
from ...core.services.visits import (
    RecordedVisit,
    VisitFormData,
    VisitInput,
    correct_visit,
    plan_visit,
    record_visit,
    recorded_visit,
    visit_form_data,
)
from ...core.store.enums import VisitKind, VisitOutcome
from ..generated.ui_visit_form import Ui_VisitFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, problem_label, use_designer_body

KIND_WORDS = {
    VisitKind.home_visit: "Home visit",
    VisitKind.station_attendance: "Station attendance",
    VisitKind.other_contact: "Other contact",
}
OUTCOME_WORDS = {
    VisitOutcome.successful: "Successful: seen at home, access given",
    VisitOutcome.no_reply: "No reply",
    VisitOutcome.refused_entry: "Refused entry",
    VisitOutcome.offender_absent: "Offender absent",
    VisitOutcome.seen_elsewhere: "Seen elsewhere (not at home)",
    VisitOutcome.attended: "Attended",
    VisitOutcome.cancelled: "Cancelled",
}
NOT_CHOSEN = "— choose —"
NOBODY = "(none)"


def london_now() -> datetime:
    """Now on the London wall clock, as typed times are."""
    return datetime.now(LONDON).replace(tzinfo=None)


def typed(moment: datetime) -> str:
    """A moment as the field shows it (and would accept it back)."""
    return f"{moment:%d/%m/%Y %H:%M}"


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab goes through the fields in the order given (then on to the buttons)."""
    for before, after in pairwise(widgets):
        QWidget.setTabOrder(before, after)


def combo_value(combo: QComboBox) -> object:
    return combo.currentData()


def select_data(combo: QComboBox, value: object) -> bool:
    """Select the item holding `value`; False (selection unchanged) if there is none."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            combo.setCurrentIndex(index)
            return True
    return False


class MomentField(QObject):
    """A date and time typed in words or digits (`edit`), with what it means shown underneath
    (`words`) as it is typed ("Tue 3 Feb 2026, 10:30 (2 days ago)") or why it means nothing yet.
    The two widgets are laid out in the .ui; this gives them their behaviour."""

    changed = Signal()

    def __init__(self, edit: QLineEdit, words: QLabel, prefer: Direction) -> None:
        super().__init__(edit)
        self.prefer: Direction = prefer
        self.edit = edit
        self.words = words
        self.edit.textChanged.connect(self._show_meaning)

    def value(self) -> datetime:
        """The moment typed; raises EntryDateError saying what is wrong."""
        return parse_entry(self.edit.text(), london_now(), prefer=self.prefer)

    def set_moment(self, moment: datetime) -> None:
        self.edit.setText(typed(moment))

    def _show_meaning(self, _text: str = "") -> None:
        if not self.edit.text().strip():
            self.words.setText("")
        else:
            try:
                self.words.setText(describe_entry(self.value(), london_now()))
            except EntryDateError as exc:
                self.words.setText(f"Not understood yet: {exc}")
        self.changed.emit()


@dataclass(frozen=True)
class PlannedVisitInput:
    """What the plan variant collects (the keyword arguments of `plan_visit`)."""

    planned_for: datetime
    kind: VisitKind
    address_id: int | None
    officer_warrants: tuple[str, ...]
    announced: bool


class VisitForm(FormDialog):
    title = "Record a visit"
    save_label = "Record visit"
    # The plan variant (a subclass) asks when the visit will be, and no outcome.
    planning: ClassVar[bool] = False

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        planned = context.initial.get("planned_visit_id")
        self.planned_visit_id = int(planned) if isinstance(planned, int) else None
        super().__init__(context, parent)
        self.data: VisitFormData | None = None
        ui = use_designer_body(self, Ui_VisitFormBody())
        self.heading = ui.offenderHeading
        self.heading.setText(context.offender_ref or "")

        self.when = MomentField(ui.whenEdit, ui.whenWords, "future" if self.planning else "past")
        # The moment is the edit and its meaning together (its problems go between them): a
        # problem with it puts the cursor in the edit.
        ui.whenField.setFocusProxy(ui.whenEdit)
        when_error = problem_label()
        ui.whenFieldLayout.insertWidget(1, when_error)
        self.register_field(
            "planned_for" if self.planning else "occurred_at", ui.whenField, when_error
        )
        self.register_field("when_text", self.when.edit)
        if self.planning:
            ui.whenLabel.setText("&Planned for")
            self.when.edit.setText("tomorrow 10:00")
        else:
            self.when.set_moment(london_now())

        self.kind = ui.kindCombo
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(words, kind)
        self.address = ui.addressCombo
        self.address.addItem(NOBODY, None)
        self.first_officer = ui.firstOfficerCombo
        self.second_officer = ui.secondOfficerCombo
        self.outcome = ui.outcomeCombo
        self.outcome_note = ui.outcomeNote
        self.announced = ui.announcedCheck
        self.who_present = ui.whoPresentEdit
        self.observations = ui.observationsText
        self.actions = ui.actionsText
        attach(
            self,
            {
                "kind": self.kind,
                "address": self.address,
                "officers": self.first_officer,
                "second_officer": self.second_officer,
            },
        )
        if self.planning:
            # A plan has no outcome yet: these rows stay out of sight, and their fields unknown.
            for row in (ui.outcomeField, ui.whoPresentField, ui.observationsField, ui.actionsField):
                self.form.setRowVisible(row, False)
            attach(self, {"announced": self.announced})
            self._last_field: QWidget = self.announced
        else:
            attach(
                self,
                {
                    "outcome": self.outcome,
                    "announced": self.announced,
                    "who_present": self.who_present,
                    "observations": self.observations,
                    "actions": self.actions,
                },
            )
            self._last_field = self.actions
        # The .ui sets the order of the fields; the save button comes straight after them.
        chain_tab_order([self._last_field, self.save_button])

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.outcome.currentIndexChanged.connect(self._show_outcome_note)
        self._fill_outcomes()

        # Nothing can be entered until the offender's addresses and the officers are known.
        self.body.setEnabled(False)
        self.save_button.setEnabled(False)
        self.when.edit.setFocus()
        if context.item_id is None:
            ref = context.offender_ref
            if ref is None:
                self.show_general("No offender chosen: open the form from a record.")
            else:
                context.runner.submit(
                    lambda session, _p: visit_form_data(session, context.actor, ref),
                    on_done=self._prefilled,
                    on_error=self._not_available,
                )
        self.start_correction()
        if self.reason_edit is not None:
            chain_tab_order([self._last_field, self.reason_edit, self.save_button])

    # --- prefill --------------------------------------------------------------------------

    def _put_choices(self, data: VisitFormData) -> None:
        self.data = data
        self.heading.setText(f"{data.ref}: {data.name}")
        self.address.clear()
        self.address.addItem(NOBODY, None)
        for choice in data.addresses:
            note = " (home now)" if choice.current_home else ""
            self.address.addItem(f"{choice.text}{note}", choice.id)
        for combo, empty in ((self.first_officer, NOT_CHOSEN), (self.second_officer, NOBODY)):
            combo.clear()
            combo.addItem(empty, None)
            for officer in data.officers:
                combo.addItem(officer.name, officer.warrant)

    def _prefilled(self, data: VisitFormData) -> None:
        self._put_choices(data)
        select_data(self.address, data.home_address_id)
        select_data(self.first_officer, data.my_warrant)
        planned = next((p for p in data.planned if p.id == self.planned_visit_id), None)
        if planned is not None:
            self.setWindowTitle(f"Record the planned visit of {data.ref}")
            select_data(self.kind, planned.kind)
            select_data(self.address, planned.address_id)
            self.announced.setChecked(planned.announced)
            warrants = list(planned.officer_warrants)
            if warrants:
                select_data(self.first_officer, warrants[0])
                select_data(self.second_officer, warrants[1] if len(warrants) > 1 else None)
            when = planned.planned_for.astimezone(LONDON).replace(tzinfo=None)
            if when <= london_now():
                self.when.set_moment(when)
        elif self.planned_visit_id is not None:
            self.show_general(
                f"Planned visit {self.planned_visit_id} is not waiting to be recorded for "
                f"{data.ref}: recording a new visit instead."
            )
            self.planned_visit_id = None
        self.mark_clean()
        self.body.setEnabled(True)
        self.save_button.setEnabled(True)
        self.when.edit.setFocus()
        self.when.edit.selectAll()

    def _not_available(self, exc: BaseException) -> None:
        self.show_general(str(exc))

    # --- reacting to choices --------------------------------------------------------------

    def _fill_outcomes(self) -> None:
        """Offer the outcomes that fit the kind (successful is for home visits, attended for
        the other contacts), keeping the choice made if it still fits."""
        kind = combo_value(self.kind)
        keep = combo_value(self.outcome)
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItem(NOT_CHOSEN, None)
        for outcome, words in OUTCOME_WORDS.items():
            if outcome == VisitOutcome.successful and kind != VisitKind.home_visit:
                continue
            if outcome == VisitOutcome.attended and kind == VisitKind.home_visit:
                continue
            self.outcome.addItem(words, outcome)
        select_data(self.outcome, keep)
        self.outcome.blockSignals(False)
        self._show_outcome_note()

    def _kind_changed(self, _index: int = 0) -> None:
        kind = combo_value(self.kind)
        if kind == VisitKind.home_visit:
            if combo_value(self.address) is None and self.data is not None:
                select_data(self.address, self.data.home_address_id)
        else:
            select_data(self.address, None)
        self._fill_outcomes()

    def _show_outcome_note(self, _index: int = 0) -> None:
        kind, outcome = combo_value(self.kind), combo_value(self.outcome)
        if outcome is None:
            text = "Only a successful home visit satisfies the home-visit schedule."
        elif is_successful_home_visit(kind, outcome):  # type: ignore[arg-type]
            text = "✓ Satisfies the home-visit schedule."
        else:
            text = (
                "✗ Does not satisfy the home-visit schedule (only a successful home visit "
                "does): the visit stays due."
            )
        self.outcome_note.setText(text)

    # --- saving ---------------------------------------------------------------------------

    def _warrants(self, problems: list[Problem]) -> tuple[str, ...]:
        first, second = combo_value(self.first_officer), combo_value(self.second_officer)
        if second is not None and second == first:
            problems.append(
                Problem("", "second_officer", "is the same officer as the first: pick another")
            )
        return tuple(str(w) for w in (first, second) if w is not None)

    def collect(self) -> VisitInput | PlannedVisitInput:
        problems: list[Problem] = []
        field = "planned_for" if self.planning else "occurred_at"
        moment: datetime | None = None
        try:
            moment = self.when.value()
        except EntryDateError as exc:
            problems.append(Problem("", field, str(exc)))
        warrants = self._warrants(problems)
        kind = VisitKind(combo_value(self.kind))  # type: ignore[arg-type]
        address = combo_value(self.address)
        address_id = int(address) if isinstance(address, int) else None
        if problems:
            raise ValidationFailed(problems)
        if self.planning:
            assert moment is not None
            return PlannedVisitInput(
                planned_for=moment,
                kind=kind,
                address_id=address_id,
                officer_warrants=warrants,
                announced=self.announced.isChecked(),
            )
        outcome = combo_value(self.outcome)
        return VisitInput(
            occurred_at=moment,
            outcome=VisitOutcome(outcome) if outcome is not None else None,  # type: ignore[arg-type]
            officer_warrants=warrants,
            kind=kind,
            address_id=address_id,
            announced=self.announced.isChecked(),
            who_present=self.who_present.text(),
            observations=self.observations.toPlainText(),
            actions=self.actions.toPlainText(),
            planned_visit_id=self.planned_visit_id,
        )

    def save(self, session: Session, value: VisitInput | PlannedVisitInput) -> int:
        ref = self.context.offender_ref
        assert ref is not None
        if isinstance(value, PlannedVisitInput):
            return plan_visit(
                session,
                self.context.actor,
                ref,
                planned_for=value.planned_for,
                kind=value.kind,
                address_id=value.address_id,
                officer_warrants=value.officer_warrants,
                announced=value.announced,
            )
        return record_visit(session, self.context.actor, ref, value)

    # --- corrections ----------------------------------------------------------------------

    def load(self, session: Session, item_id: int) -> tuple[VisitFormData, RecordedVisit]:
        visit = recorded_visit(session, self.context.actor, item_id)
        return visit_form_data(session, self.context.actor, visit.ref), visit

    def fill(self, values: tuple[VisitFormData, RecordedVisit]) -> None:
        data, visit = values
        self._put_choices(data)
        value = visit.value
        select_data(self.kind, value.kind)
        select_data(self.address, value.address_id)
        select_data(self.outcome, value.outcome)
        warrants = list(value.officer_warrants)
        select_data(self.first_officer, warrants[0] if warrants else None)
        select_data(self.second_officer, warrants[1] if len(warrants) > 1 else None)
        if value.occurred_at is not None:
            self.when.set_moment(value.occurred_at)
        self.announced.setChecked(value.announced)
        self.who_present.setText(value.who_present or "")
        self.observations.setPlainText(value.observations or "")
        self.actions.setPlainText(value.actions or "")
        self.when.edit.setFocus()

    def correct(
        self, session: Session, item_id: int, value: VisitInput | PlannedVisitInput, reason: str
    ) -> int | None:
        assert isinstance(value, VisitInput)
        return correct_visit(session, self.context.actor, item_id, value, reason)


class PlanVisitForm(VisitForm):
    title = "Plan a visit"
    save_label = "Plan visit"
    planning = True


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "visit":
        planning = bool(context.initial.get("plan")) and context.item_id is None
        return (PlanVisitForm if planning else VisitForm)(context, parent)
    raise ValueError(f"the visit module has no form {kind!r}")
