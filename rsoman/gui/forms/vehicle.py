"""Add a vehicle an offender uses, correct one, or end its use (plain columns of fields; the
layouts are ui/vehicle_form.ui and ui/end_vehicle_form.ui).

The mark is shown as it will be kept (upper case, no spaces) as soon as the field is left, so
the officer sees what a search will find.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from ...core.services.vehicles import (
    MAX_COLOUR,
    MAX_MAKE,
    MAX_MODEL,
    VehicleInput,
    add_vehicle,
    correct_vehicle,
    end_vehicle,
    normalise_mark,
    vehicle_values,
)
from ..generated.ui_end_vehicle_form import Ui_EndVehicleFormBody
from ..generated.ui_vehicle_form import Ui_VehicleFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, use_designer_body
from .widgets import dates_or_problems


class VehicleForm(FormDialog):
    title = "Vehicle"
    save_label = "Add vehicle"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        ui = use_designer_body(self, Ui_VehicleFormBody())
        self.mark = ui.markEdit
        self.mark.editingFinished.connect(self._tidy_mark)
        self.make, self.model, self.colour = ui.makeEdit, ui.modelEdit, ui.colourEdit
        for edit, limit in (
            (self.make, MAX_MAKE),
            (self.model, MAX_MODEL),
            (self.colour, MAX_COLOUR),
        ):
            edit.setMaxLength(limit)
        # Optional in the widget (required by the service): a correction of an entry without
        # the date must not invent one, and a new entry starts on today.
        self.from_date = ui.fromDate
        self.from_date.set_value(date.today())
        self.to_date = ui.toDate
        self.notes = ui.notesText
        attach(
            self,
            {
                "registration_mark": self.mark,
                "make": self.make,
                "model": self.model,
                "colour": self.colour,
                "from_date": self.from_date,
                "to_date": self.to_date,
                "notes": self.notes,
            },
        )
        self.mark.setFocus()
        self.start_correction()

    def _tidy_mark(self) -> None:
        tidy = normalise_mark(self.mark.text())
        if tidy != self.mark.text():
            self.mark.setText(tidy)

    def collect(self) -> VehicleInput:
        dates = dates_or_problems({"from_date": self.from_date, "to_date": self.to_date})
        return VehicleInput(
            registration_mark=self.mark.text(),
            make=self.make.text(),
            model=self.model.text(),
            colour=self.colour.text(),
            from_date=dates["from_date"],
            to_date=dates["to_date"],
            notes=self.notes.toPlainText(),
        )

    def save(self, session: Session, value: VehicleInput) -> int:
        assert self.context.offender_ref is not None
        return add_vehicle(session, self.context.actor, self.context.offender_ref, value)

    def load(self, session: Session, item_id: int) -> VehicleInput:
        return vehicle_values(session, self.context.actor, item_id)

    def fill(self, values: VehicleInput) -> None:
        self.mark.setText(values.registration_mark)
        self.make.setText(values.make or "")
        self.model.setText(values.model or "")
        self.colour.setText(values.colour or "")
        self.from_date.set_value(values.from_date)
        self.to_date.set_value(values.to_date)
        self.notes.setPlainText(values.notes or "")

    def correct(
        self, session: Session, item_id: int, value: VehicleInput, reason: str
    ) -> int | None:
        return correct_vehicle(session, self.context.actor, item_id, value, reason)


class EndVehicleForm(FormDialog):
    """The offender stopped using a vehicle: one date, and the entry is kept with its end. Not a
    correction (nothing was wrong), so no reason is asked. Opened with
    `initial={"end_vehicle_id": id}`."""

    title = "End use of a vehicle"
    save_label = "End use"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.vehicle_id = int(str(context.initial["end_vehicle_id"]))
        ui = use_designer_body(self, Ui_EndVehicleFormBody())
        self.to_date = ui.lastUsedDate
        self.to_date.setDate(QDate.currentDate())
        attach(self, {"to_date": self.to_date})
        self.to_date.setFocus()

    def collect(self) -> date:
        return self.to_date.date().toPython()

    def save(self, session: Session, value: date) -> int:
        end_vehicle(session, self.context.actor, self.vehicle_id, value)
        return self.vehicle_id


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "vehicle" and "end_vehicle_id" in context.initial:
        return EndVehicleForm(context, parent)
    if kind == "vehicle":
        return VehicleForm(context, parent)
    raise ValueError(f"the vehicle module has no form {kind!r}")
