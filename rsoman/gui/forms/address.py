"""Add an address (home, other, or no fixed abode), or correct one.

The ward list follows the chosen borough; a new address starts in the offender's own borough.
The form says what a new home does to the current one (it ends the day before), so nobody is
surprised to see the old home closed. The layout is ui/address_form.ui.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from ...core.services.addresses import (
    KIND_WORDS,
    MAX_LINE,
    MAX_TOWN,
    AddressInput,
    BoroughChoice,
    add_address,
    address_values,
    borough_wards,
    correct_address,
    offender_borough_code,
)
from ...core.store.enums import AddressKind
from ..generated.ui_address_form import Ui_AddressFormBody
from ..tasks import Progress
from . import FormContext
from .base import FormDialog
from .designer import attach, fill_enum_combo, use_designer_body
from .widgets import combo_value, dates_or_problems, set_combo

OUTSIDE_LONDON = "— outside London —"
NO_WARD = "— not known —"
_HINTS = {
    AddressKind.home: "A new home ends the current home the day before it starts (the old one "
    "is kept in the history).",
    AddressKind.no_fixed_abode: "Say where they sleep or can be found; the borough is where "
    "that is. This ends the current home the day before.",
    AddressKind.secondary: "Any other address stayed at (7 days or more in a year must be "
    "notified).",
}


class AddressForm(FormDialog):
    title = "Address"
    save_label = "Add address"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        ui = use_designer_body(self, Ui_AddressFormBody())
        self._choices: dict[str, BoroughChoice] = {}
        self.kind = ui.kindCombo
        fill_enum_combo(self.kind, KIND_WORDS.items())
        set_combo(self.kind, AddressKind(str(context.initial.get("kind", AddressKind.home))))
        self.kind_hint = ui.kindHint
        self.line1, self.line2, self.town = ui.line1Edit, ui.line2Edit, ui.townEdit
        # The limits are the service's, kept in one place.
        for edit, limit in ((self.line1, MAX_LINE), (self.line2, MAX_LINE), (self.town, MAX_TOWN)):
            edit.setMaxLength(limit)
        self.postcode = ui.postcodeEdit
        self.borough = ui.boroughCombo
        self.ward = ui.wardCombo
        self.ward.addItem(NO_WARD, None)
        self.valid_from = ui.validFromDate
        self.valid_from.setDate(QDate.currentDate())
        self.valid_to = ui.validToDate
        self.notes = ui.notesText
        attach(
            self,
            {
                "kind": self.kind,
                "line1": self.line1,
                "line2": self.line2,
                "town": self.town,
                "postcode": self.postcode,
                "borough_code": self.borough,
                "ward_id": self.ward,
                "valid_from": self.valid_from,
                "valid_to": self.valid_to,
                "notes": self.notes,
            },
        )
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.borough.currentIndexChanged.connect(self._borough_changed)
        self._kind_changed()
        self.kind.setFocus()

        ref, actor = context.offender_ref, context.actor

        def choices(
            session: Session, _progress: Progress
        ) -> tuple[list[BoroughChoice], str | None]:
            home = offender_borough_code(session, actor, ref) if ref else None
            return borough_wards(session), home

        # Queued before the correction's load, so the lists are there when its values arrive.
        context.runner.submit(choices, on_done=self._choices_loaded, on_error=self._no_choices)
        self.start_correction()

    # --- behaviour ----------------------------------------------------------------------------

    def _quietly(self, change: Callable[[], None]) -> None:
        """Filling a list is not an edit: keep the form clean if it was."""
        was_dirty = self.dirty
        change()
        if not was_dirty:
            self.mark_clean()

    def _choices_loaded(self, loaded: tuple[list[BoroughChoice], str | None]) -> None:
        boroughs, home = loaded

        def fill() -> None:
            self._choices = {b.code: b for b in boroughs}
            self.borough.clear()
            self.borough.addItem(OUTSIDE_LONDON, None)
            for choice in boroughs:
                self.borough.addItem(choice.name, choice.code)
            if home is not None:
                set_combo(self.borough, home)

        self._quietly(fill)

    def _no_choices(self, exc: BaseException) -> None:
        self.show_general(f"The list of boroughs could not be loaded: {exc}")

    def _kind_changed(self, *_args: object) -> None:
        kind = combo_value(self.kind, AddressKind)
        self.kind_hint.setText(_HINTS.get(kind, "") if kind else "")
        nfa = kind == AddressKind.no_fixed_abode
        self.line1.setPlaceholderText(
            "No fixed abode (where they sleep, if known)"
            if nfa
            else "house number and street, or flat and building"
        )

    def _borough_changed(self, *_args: object) -> None:
        keep = self.ward.currentData()
        self.ward.blockSignals(True)
        self.ward.clear()
        self.ward.addItem(NO_WARD, None)
        choice = self._choices.get(self.borough.currentData() or "")
        for ward in choice.wards if choice else ():
            self.ward.addItem(ward.name, ward.id)
        self.ward.setCurrentIndex(max(self.ward.findData(keep), 0) if keep is not None else 0)
        self.ward.blockSignals(False)

    def ward_names(self) -> list[str]:
        """The wards offered now (for tests and screen readers)."""
        return [self.ward.itemText(i) for i in range(1, self.ward.count())]

    # --- FormDialog ---------------------------------------------------------------------------

    def collect(self) -> AddressInput:
        dates = dates_or_problems({"valid_to": self.valid_to})
        return AddressInput(
            kind=combo_value(self.kind, AddressKind),
            line1=self.line1.text(),
            line2=self.line2.text(),
            town=self.town.text(),
            postcode=self.postcode.text(),
            borough_code=self.borough.currentData(),
            ward_id=self.ward.currentData(),
            valid_from=self.valid_from.date().toPython(),
            valid_to=dates["valid_to"],
            notes=self.notes.toPlainText(),
        )

    def save(self, session: Session, value: AddressInput) -> int:
        assert self.context.offender_ref is not None
        return add_address(session, self.context.actor, self.context.offender_ref, value)

    def load(self, session: Session, item_id: int) -> AddressInput:
        return address_values(session, self.context.actor, item_id)

    def fill(self, values: AddressInput) -> None:
        set_combo(self.kind, values.kind)
        self.line1.setText(values.line1)
        self.line2.setText(values.line2 or "")
        self.town.setText(values.town or "")
        self.postcode.setText(values.postcode or "")
        set_combo(self.borough, values.borough_code)
        set_combo(self.ward, values.ward_id)
        if values.valid_from is not None:
            self.valid_from.setDate(values.valid_from)
        self.valid_to.set_value(values.valid_to)
        self.notes.setPlainText(values.notes or "")

    def correct(
        self, session: Session, item_id: int, value: AddressInput, reason: str
    ) -> int | None:
        return correct_address(session, self.context.actor, item_id, value, reason)


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "address":
        return AddressForm(context, parent)
    raise ValueError(f"the address module has no form {kind!r}")
