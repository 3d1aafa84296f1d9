"""Notifications, orders with their prohibitions, breaches and intelligence."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ..enums import (
    BreachAction,
    BreachKind,
    ChangeType,
    IntelSource,
    NotificationKind,
    OrderKind,
    OrderStatus,
)
from ._types import enum_field, fk, text_field, utcnow

_CLOCK = "kind IN ('change', 'initial', 'periodic', 'weekly_nfa')"
_TRAVEL = "kind = 'foreign_travel'"


class Notification(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_notification_offender_on", "offender_id", "notified_on"),
        # The scan's offenders with a notification dated since their last scan (migration 0018).
        sa.Index("ix_notification_notified_on", "notified_on"),
        # The scan's latest clock-restarting notification: one index seek per offender.
        sa.Index("ix_notification_offender_kind_on", "offender_id", "kind", "notified_on"),
        # Partial (migration 0014): the scan's clock-restarting kinds, and foreign travel. A
        # query uses one only if its WHERE holds the same term (services/facts_loader.py).
        sa.Index(
            "ix_notification_clock_on",
            "offender_id",
            "notified_on",
            sqlite_where=sa.text(_CLOCK),
            postgresql_where=sa.text(_CLOCK),
        ),
        sa.Index(
            "ix_notification_travel_on",
            "offender_id",
            "notified_on",
            sqlite_where=sa.text(_TRAVEL),
            postgresql_where=sa.text(_TRAVEL),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id", index=False)
    kind: NotificationKind = enum_field(NotificationKind)
    notified_on: date
    # The event the notification reports (a move, a release), so lateness can be worked out.
    event_on: date | None = None
    change_type: ChangeType | None = enum_field(ChangeType, nullable=True)
    received_by_officer_id: int | None = fk("officer.id", nullable=True, index=False)
    details: str | None = text_field()
    travel_destination: str | None = Field(default=None, max_length=200)
    travel_departure_on: date | None = None
    travel_return_on: date | None = None
    # Why less than 7 days' notice was given, when it was (not reasonably practicable).
    travel_short_notice_reason: str | None = text_field()
    household_child_address: str | None = text_field()


class Order(SQLModel, table=True):
    __tablename__ = "court_order"
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    kind: OrderKind = enum_field(OrderKind)
    court: str = Field(max_length=120)
    made_on: date
    starts_on: date
    # None: until further order.
    ends_on: date | None = None
    status: OrderStatus = enum_field(OrderStatus, default=OrderStatus.active)
    reference: str | None = Field(default=None, max_length=60)
    notes: str | None = text_field()


class Prohibition(SQLModel, table=True):
    """One prohibition or positive requirement, in the order's exact words."""

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = fk("court_order.id")
    position: int
    text: str = Field(sa_type=sa.Text)
    is_requirement: bool = False


class Breach(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    kind: BreachKind = enum_field(BreachKind)
    order_id: int | None = fk("court_order.id", nullable=True, index=False)
    description: str = Field(sa_type=sa.Text)
    occurred_on: date | None = None
    found_on: date
    found_by_officer_id: int | None = fk("officer.id", nullable=True, index=False)
    action: BreachAction | None = enum_field(BreachAction, nullable=True)
    action_on: date | None = None
    action_reason: str | None = text_field()
    outcome: str | None = text_field()
    outcome_on: date | None = None
    national_ref: str | None = Field(default=None, max_length=40)
    recorded_nationally_on: date | None = None


class Intelligence(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_intelligence_offender_on", "offender_id", "received_on"),)
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id", index=False)
    received_on: date
    source: IntelSource = enum_field(IntelSource)
    source_detail: str | None = Field(default=None, max_length=200)
    grading: str | None = Field(default=None, max_length=20)
    text: str = Field(sa_type=sa.Text)
    is_concern: bool = False
    recorded_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    created_at: datetime = Field(default_factory=utcnow)
