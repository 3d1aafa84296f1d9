"""Addresses (home, secondary, no fixed abode; history kept) and vehicles."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.services.offender_record import AddressItem, OffenderRecord, VehicleItem
from .details import Details
from .display import date_text, enum_text
from .items_model import Column
from .list_section import ListSection, vertical_sections


def address_current(a: AddressItem) -> str:
    return "Current" if a.valid_to is None else f"Until {date_text(a.valid_to)}"


ADDRESS_COLUMNS: list[Column[AddressItem]] = [
    Column("Kind", lambda a: a.kind),
    Column("Address", lambda a: a.text),
    Column("From", lambda a: a.valid_from),
    Column("To", lambda a: a.valid_to, text=lambda a: date_text(a.valid_to) or "Current"),
    Column("Borough", lambda a: a.borough),
    Column("Ward", lambda a: a.ward),
]


def address_details(a: AddressItem) -> Details:
    return Details(
        title=f"{enum_text(a.kind)} address",
        fields=[
            ("Address", "\n".join(p for p in (a.line1, a.line2, a.town, a.postcode) if p)),
            ("Borough", a.borough or ""),
            ("Ward", a.ward or ""),
            ("From", date_text(a.valid_from)),
            ("To", address_current(a)),
        ],
        texts=[("Notes", a.notes)],
    )


VEHICLE_COLUMNS: list[Column[VehicleItem]] = [
    Column("Registration", lambda v: v.registration_mark),
    Column("Make", lambda v: v.make),
    Column("Model", lambda v: v.model),
    Column("Colour", lambda v: v.colour),
    Column("From", lambda v: v.from_date),
    Column("To", lambda v: v.to_date),
]


def vehicle_details(v: VehicleItem) -> Details:
    return Details(
        title=f"Vehicle {v.registration_mark}",
        fields=[
            ("Registration mark", v.registration_mark),
            ("Make", v.make or ""),
            ("Model", v.model or ""),
            ("Colour", v.colour or ""),
            ("From", date_text(v.from_date)),
            ("To", date_text(v.to_date) or ("In use" if v.from_date else "")),
        ],
        texts=[("Notes", v.notes)],
    )


def _newest_first_addresses(record: OffenderRecord) -> list[AddressItem]:
    # Current addresses first, then by when they started, newest first.
    return sorted(
        record.addresses,
        key=lambda a: (a.valid_to is None, a.valid_from, a.id),
        reverse=True,
    )


class AddressesTab(QWidget):
    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addresses: ListSection[AddressItem] = ListSection(
            "Addresses",
            ADDRESS_COLUMNS,
            address_details,
            empty_text="No addresses recorded.",
            actions=[actions["address"]],
        )
        self.vehicles: ListSection[VehicleItem] = ListSection(
            "Vehicles",
            VEHICLE_COLUMNS,
            vehicle_details,
            empty_text="No vehicles recorded.",
            actions=[actions["vehicle"]],
        )
        layout = QVBoxLayout(self)
        layout.addWidget(vertical_sections(self, self.addresses, self.vehicles))

    def set_record(self, record: OffenderRecord) -> None:
        self.addresses.set_items(_newest_first_addresses(record))
        self.vehicles.set_items(
            sorted(
                record.vehicles,
                key=lambda v: (v.from_date is not None, v.from_date, v.id),
                reverse=True,
            )
        )
