"""The legal side of the record: notifications (with travel), orders with their prohibitions in
their exact words, and breaches with the action taken."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.services.offender_record import (
    BreachItem,
    NotificationItem,
    OffenderRecord,
    OrderItem,
)
from ...core.store.enums import NotificationKind
from .details import Details
from .display import date_text, enum_text
from .items_model import Column
from .list_section import ListSection, clipped


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def notice_text(n: NotificationItem) -> str:
    """How the notification stood against the event it reports (a fact, not a verdict: the
    warnings engine applies the policy's deadlines)."""
    if n.kind == NotificationKind.foreign_travel and n.travel_departure_on is not None:
        ahead = (n.travel_departure_on - n.notified_on).days
        if ahead >= 0:
            return f"{_days(ahead)} before departure"
        return f"{_days(-ahead)} after departure"
    if n.event_on is not None:
        after = (n.notified_on - n.event_on).days
        return f"{_days(after)} after the event" if after >= 0 else "before the event"
    return ""


def notification_details(n: NotificationItem) -> Details:
    travel = n.kind == NotificationKind.foreign_travel
    return Details(
        title=f"{enum_text(n.kind)} notification, {date_text(n.notified_on)}",
        fields=[
            ("Kind", enum_text(n.kind)),
            ("Notified", date_text(n.notified_on)),
            ("Change", enum_text(n.change_type)),
            ("Event", date_text(n.event_on)),
            ("Timing", notice_text(n)),
            ("Received by", n.received_by or ""),
            ("Destination", n.travel_destination or ""),
            ("Departure", date_text(n.travel_departure_on)),
            ("Return", date_text(n.travel_return_on)),
        ],
        texts=[("Details", n.details)]
        + ([("Reason for short notice", n.travel_short_notice_reason)] if travel else [])
        + (
            [("Household with a child", n.household_child_address)]
            if n.household_child_address or n.kind == NotificationKind.household_child
            else []
        ),
    )


NOTIFICATION_COLUMNS: list[Column[NotificationItem]] = [
    Column("Notified", lambda n: n.notified_on),
    Column("Kind", lambda n: n.kind),
    Column("Change", lambda n: n.change_type),
    Column("Event", lambda n: n.event_on),
    Column("Timing", notice_text),
    Column("Received by", lambda n: n.received_by),
    Column("Destination", lambda n: n.travel_destination),
    Column("Details", lambda n: n.details, text=lambda n: clipped(n.details)),
]


class NotificationsTab(QWidget):
    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notifications: ListSection[NotificationItem] = ListSection(
            "Notifications",
            NOTIFICATION_COLUMNS,
            notification_details,
            empty_text="No notifications recorded.",
            actions=[actions["notification"], actions["travel"]],
        )
        QVBoxLayout(self).addWidget(self.notifications)

    def set_record(self, record: OffenderRecord) -> None:
        self.notifications.set_items(
            sorted(record.notifications, key=lambda n: (n.notified_on, n.id), reverse=True)
        )


def order_title(o: OrderItem) -> str:
    return f"{enum_text(o.kind)} made {date_text(o.made_on)}"


def order_details(o: OrderItem) -> Details:
    prohibitions = [p for p in o.prohibitions if not p.is_requirement]
    requirements = [p for p in o.prohibitions if p.is_requirement]
    quoted: list[tuple[str, list[str]]] = [
        (
            "Prohibitions (the order's exact words)",
            [f"{p.position}. {p.text}" for p in prohibitions],
        )
    ]
    if requirements:
        quoted.append(
            (
                "Positive requirements (exact words)",
                [f"{p.position}. {p.text}" for p in requirements],
            )
        )
    return Details(
        title=order_title(o),
        fields=[
            ("Kind", enum_text(o.kind)),
            ("Court", o.court),
            ("Made", date_text(o.made_on)),
            ("Starts", date_text(o.starts_on)),
            ("Ends", date_text(o.ends_on) or "Until further order"),
            ("Status", enum_text(o.status)),
            ("Reference", o.reference or ""),
        ],
        texts=[("Notes", o.notes)],
        quoted=quoted,
    )


ORDER_COLUMNS: list[Column[OrderItem]] = [
    Column("Made", lambda o: o.made_on),
    Column("Kind", lambda o: o.kind),
    Column("Court", lambda o: o.court),
    Column("Starts", lambda o: o.starts_on),
    Column(
        "Ends", lambda o: o.ends_on, text=lambda o: date_text(o.ends_on) or "Until further order"
    ),
    Column("Status", lambda o: o.status),
    Column("Prohibitions", lambda o: len(o.prohibitions)),
    Column("Reference", lambda o: o.reference),
]


class OrdersTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.orders: ListSection[OrderItem] = ListSection(
            "Orders",
            ORDER_COLUMNS,
            order_details,
            empty_text="No orders recorded.",
        )
        QVBoxLayout(self).addWidget(self.orders)

    def set_record(self, record: OffenderRecord) -> None:
        self.orders.set_items(sorted(record.orders, key=lambda o: (o.made_on, o.id), reverse=True))


def action_text(b: BreachItem) -> str:
    if b.action is None:
        return "No action recorded"
    return enum_text(b.action) + (f" ({date_text(b.action_on)})" if b.action_on else "")


class BreachesTab(QWidget):
    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._orders: dict[int, str] = {}
        columns: list[Column[BreachItem]] = [
            Column("Found", lambda b: b.found_on),
            Column("Kind", lambda b: b.kind),
            Column("Order", lambda b: self._orders.get(b.order_id or 0, "")),
            Column("Found by", lambda b: b.found_by),
            Column("Action", lambda b: b.action, text=action_text),
            Column("Outcome", lambda b: b.outcome, text=lambda b: clipped(b.outcome)),
            Column("PNC/ViSOR ref", lambda b: b.national_ref),
            Column("What happened", lambda b: b.description, text=lambda b: clipped(b.description)),
        ]
        self.breaches: ListSection[BreachItem] = ListSection(
            "Breaches",
            columns,
            self.describe,
            empty_text="No breaches recorded.",
            actions=[actions["breach"], actions["breach_action"]],
        )
        QVBoxLayout(self).addWidget(self.breaches)

    def describe(self, b: BreachItem) -> Details:
        return Details(
            title=f"Breach found {date_text(b.found_on)}: {enum_text(b.kind)}",
            fields=[
                ("Kind", enum_text(b.kind)),
                ("Order", self._orders.get(b.order_id or 0, "")),
                ("Occurred", date_text(b.occurred_on)),
                ("Found", date_text(b.found_on)),
                ("Found by", b.found_by or ""),
                ("Action taken", action_text(b)),
                ("Outcome date", date_text(b.outcome_on)),
                ("PNC/ViSOR reference", b.national_ref or ""),
                ("Recorded nationally", date_text(b.recorded_nationally_on)),
            ],
            texts=[
                ("What happened", b.description),
                ("Reason for the action", b.action_reason),
                ("Outcome", b.outcome),
            ],
        )

    def set_record(self, record: OffenderRecord) -> None:
        self._orders = {o.id: order_title(o) for o in record.orders}
        self.breaches.set_items(
            sorted(record.breaches, key=lambda b: (b.found_on, b.id), reverse=True)
        )
