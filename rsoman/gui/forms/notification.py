"""Record a notification (kind "notification") or a foreign travel notification (kind "travel":
the same form with the kind fixed and the travel fields first).

Only the fields the chosen kind uses are shown; what is typed in the others is kept (switching the
kind back brings it back) but not sent. Beside the dates the form says what they mean under the
policy in force: "Notified 5 days before departure: less than the 7 days required". The layout
is ui/notification_form.ui.
"""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget
from sqlmodel import Session

from ...core.rules.policy import CURRENT_POLICY, Policy
from ...core.services.notifications import (
    CHANGE_WORDS,
    EVENT_WORDS,
    KIND_WORDS,
    NotificationInput,
    correct_notification,
    lateness_words,
    notification_values,
    own_warrant,
    record_notification,
    travel_notice_words,
)
from ...core.services.policy import current_policy
from ...core.store.enums import ChangeType, NotificationKind
from ..generated.ui_notification_form import Ui_NotificationFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, fill_enum_combo, use_designer_body
from .widgets import chain_tab_order, combo_value, dates_or_problems, set_combo, text_box

# Imported from here by other modules.
__all__ = ["NotificationForm", "TravelForm", "create", "set_combo", "text_box"]

# --- the form ----------------------------------------------------------------------------------


class NotificationForm(FormDialog):
    title = "Record a notification"
    save_label = "Record notification"
    # The travel form fixes the kind.
    fixed_kind: NotificationKind | None = None

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.policy: Policy = CURRENT_POLICY
        ui = use_designer_body(self, Ui_NotificationFormBody())
        self.kind = ui.kindCombo
        fill_enum_combo(self.kind, KIND_WORDS.items(), blank="— choose —")
        if self.fixed_kind is not None:
            set_combo(self.kind, self.fixed_kind)
            # Kept (out of sight) so that one code path reads the kind.
            self.form.setRowVisible(ui.kindField, False)
        self.notified_on = ui.notifiedOnDate
        self.notified_on.setDate(QDate.currentDate())
        self.change_type = ui.changeTypeCombo
        fill_enum_combo(self.change_type, CHANGE_WORDS.items(), blank="— choose —")
        self.event_on = ui.eventOnDate
        self.event_label = ui.eventOnLabel
        self.lateness = ui.latenessHint
        self.household = ui.householdEdit
        self.destination = ui.destinationEdit
        self.departure = ui.departureDate
        self.notice = ui.noticeHint
        self.return_on = ui.returnDate
        self.return_unknown = ui.returnUnknownCheck
        self.short_reason = ui.shortReasonText
        self.received_by = ui.receivedByEdit
        self.details = ui.detailsText
        if self.fixed_kind is None:
            attach(self, {"kind": self.kind})
        attach(
            self,
            {
                "notified_on": self.notified_on,
                "change_type": self.change_type,
                "event_on": self.event_on,
                "household_child_address": self.household,
                "travel_destination": self.destination,
                "travel_departure_on": self.departure,
                "travel_return_on": self.return_on,
                "travel_return_unknown": self.return_unknown,
                "travel_short_notice_reason": self.short_reason,
                "received_by_warrant": self.received_by,
                "details": self.details,
            },
        )

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.notified_on.dateChanged.connect(self._explain)
        self.event_on.textChanged.connect(self._explain)
        self.departure.textChanged.connect(self._explain)
        self._kind_changed()
        (self.kind if self.fixed_kind is None else self.notified_on).setFocus()

        context.runner.submit(
            lambda session, _p: (current_policy(session), own_warrant(session, context.actor)),
            on_done=self._defaults,
            on_error=lambda _exc: None,  # the hints fall back to the built-in policy
        )
        self.start_correction()

    # --- layout helpers -----------------------------------------------------------------------

    @staticmethod
    def _holder(widget: QWidget) -> QWidget:
        # Each field sits in a holder (<field>Field in the .ui), with its hints and problem
        # label: that is the form row.
        holder = widget.parentWidget()
        assert holder is not None
        return holder

    def _show_row(self, widget: QWidget, visible: bool) -> None:
        self.form.setRowVisible(self._holder(widget), visible)

    # --- behaviour ----------------------------------------------------------------------------

    def _defaults(self, values: tuple[Policy, str | None]) -> None:
        self.policy, warrant = values
        if self.context.item_id is None and not self.received_by.text():
            self.received_by.setText(warrant or "")
        self._explain()

    def current_kind(self) -> NotificationKind | None:
        return combo_value(self.kind, NotificationKind)

    def _kind_changed(self, *_args: object) -> None:
        kind = self.current_kind()
        travel = kind == NotificationKind.foreign_travel
        self._show_row(self.change_type, kind == NotificationKind.change)
        self._show_row(self.event_on, kind in EVENT_WORDS)
        if kind in EVENT_WORDS:
            event = EVENT_WORDS[kind]
            self.event_label.setText(f"D&ate of the {event}")
        self._show_row(self.household, kind == NotificationKind.household_child)
        for widget in (
            self.destination,
            self.departure,
            self.return_on,
            self.return_unknown,
            self.short_reason,
        ):
            self._show_row(widget, travel)
        self._explain()

    def _explain(self, *_args: object) -> None:
        kind = self.current_kind()
        notified = self.notified_on.date().toPython()
        self.lateness.setText(
            lateness_words(kind, self.event_on.value_or_none(), notified, self.policy)
        )
        departure = self.departure.value_or_none()
        self.notice.setText(travel_notice_words(notified, departure, self.policy))

    def hint_text(self) -> str:
        """The explanations shown now (for tests and screen readers)."""
        return " ".join(
            label.text()
            for label in (self.lateness, self.notice)
            if label.text() and label.isVisibleTo(self)
        )

    # --- FormDialog ---------------------------------------------------------------------------

    def collect(self) -> NotificationInput:
        kind = self.current_kind()
        travel = kind == NotificationKind.foreign_travel
        edits = {"event_on": self.event_on}
        if travel:
            edits |= {"travel_departure_on": self.departure, "travel_return_on": self.return_on}
        dates = dates_or_problems(edits)
        household = kind == NotificationKind.household_child
        return NotificationInput(
            kind=kind,
            notified_on=self.notified_on.date().toPython(),
            event_on=dates["event_on"] if kind in EVENT_WORDS else None,
            change_type=(
                combo_value(self.change_type, ChangeType)
                if kind == NotificationKind.change
                else None
            ),
            received_by_warrant=self.received_by.text(),
            details=self.details.toPlainText(),
            travel_destination=self.destination.text() if travel else None,
            travel_departure_on=dates.get("travel_departure_on"),
            travel_return_on=dates.get("travel_return_on"),
            travel_return_unknown=travel and self.return_unknown.isChecked(),
            travel_short_notice_reason=self.short_reason.toPlainText() if travel else None,
            household_child_address=self.household.text() if household else None,
        )

    def save(self, session: Session, value: NotificationInput) -> int:
        assert self.context.offender_ref is not None
        return record_notification(session, self.context.actor, self.context.offender_ref, value)

    def load(self, session: Session, item_id: int) -> NotificationInput:
        return notification_values(session, self.context.actor, item_id)

    def fill(self, values: NotificationInput) -> None:
        set_combo(self.kind, values.kind)
        if values.notified_on is not None:
            self.notified_on.setDate(values.notified_on)
        set_combo(self.change_type, values.change_type)
        self.event_on.set_value(values.event_on)
        self.household.setText(values.household_child_address or "")
        self.destination.setText(values.travel_destination or "")
        self.departure.set_value(values.travel_departure_on)
        self.return_on.set_value(values.travel_return_on)
        self.return_unknown.setChecked(values.travel_return_unknown)
        self.short_reason.setPlainText(values.travel_short_notice_reason or "")
        self.received_by.setText(values.received_by_warrant or "")
        self.details.setPlainText(values.details or "")
        self._kind_changed()

    def correct(
        self, session: Session, item_id: int, value: NotificationInput, reason: str
    ) -> int | None:
        return correct_notification(session, self.context.actor, item_id, value, reason)


class TravelForm(NotificationForm):
    title = "Record foreign travel"
    save_label = "Record travel"
    fixed_kind = NotificationKind.foreign_travel

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # Travel first: where, when, then the rest.
        travel_first = [
            self.destination,
            self.departure,
            self.return_on,
            self.return_unknown,
            self.notified_on,
            self.short_reason,
            self.received_by,
            self.details,
        ]
        chain_tab_order(travel_first)
        self.destination.setFocus()


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "notification":
        return NotificationForm(context, parent)
    if kind == "travel":
        return TravelForm(context, parent)
    raise ValueError(f"the notification module has no form {kind!r}")
