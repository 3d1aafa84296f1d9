"""MAPPA: the meetings that discussed this offender, the risk management plan's versions, and
the plan's actions with owners and due dates."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.rules.dates import london_today
from ...core.services.offender_record import (
    MappaActionItem,
    MappaCaseItem,
    OffenderRecord,
    RiskManagementPlanItem,
)
from .details import Details
from .display import date_text, datetime_text, enum_text, mappa_text, yes_no
from .items_model import Column
from .list_section import ListSection, clipped, vertical_sections
from .tabs_summary import PLAN_HEADINGS

CASE_COLUMNS: list[Column[MappaCaseItem]] = [
    Column("Held", lambda c: c.held_at),
    Column("Meeting", lambda c: c.meeting_ref),
    Column("Level", lambda c: c.meeting_level),
    Column("Status", lambda c: c.meeting_status),
    Column("Children at risk", lambda c: c.children_at_risk),
    Column("Next review", lambda c: c.next_review_on),
    Column("Summary", lambda c: c.summary, text=lambda c: clipped(c.summary)),
]


def case_details(c: MappaCaseItem) -> Details:
    return Details(
        title=f"MAPPA level {c.meeting_level} meeting {c.meeting_ref}",
        fields=[
            ("Held", datetime_text(c.held_at)),
            ("Status", enum_text(c.meeting_status)),
            ("Children at risk", yes_no(c.children_at_risk)),
            ("Next review", date_text(c.next_review_on)),
        ],
        texts=[("Summary", c.summary)],
    )


PLAN_COLUMNS: list[Column[RiskManagementPlanItem]] = [
    Column("Agreed", lambda p: p.agreed_on),
    *(
        Column(
            caption,
            lambda p, n=name: getattr(p, n),  # type: ignore[misc]
            text=lambda p, n=name: clipped(getattr(p, n), 40),  # type: ignore[misc]
        )
        for name, caption in PLAN_HEADINGS
    ),
]


def rmp_details(p: RiskManagementPlanItem) -> Details:
    return Details(
        title=f"Risk management plan agreed {date_text(p.agreed_on)}",
        texts=[(caption, getattr(p, name)) for name, caption in PLAN_HEADINGS],
    )


def action_state(a: MappaActionItem) -> str:
    if a.completed_on is not None:
        return f"Done {date_text(a.completed_on)}"
    return "Overdue" if a.due_on < london_today() else "Open"


ACTION_COLUMNS: list[Column[MappaActionItem]] = [
    Column("Due", lambda a: a.due_on),
    Column("State", action_state),
    Column("Heading", lambda a: a.heading),
    Column("Owner", lambda a: a.owner_agency),
    Column("Owner name", lambda a: a.owner_name),
    Column("Action", lambda a: a.description, text=lambda a: clipped(a.description)),
]


def action_details(a: MappaActionItem) -> Details:
    return Details(
        title=f"MAPPA action due {date_text(a.due_on)}",
        fields=[
            ("Heading", enum_text(a.heading)),
            ("Owner", enum_text(a.owner_agency)),
            ("Owner name", a.owner_name or ""),
            ("Due", date_text(a.due_on)),
            ("State", action_state(a)),
        ],
        texts=[("Action", a.description)],
    )


class MappaTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_label = QLabel(self)
        self.cases: ListSection[MappaCaseItem] = ListSection(
            "Meetings", CASE_COLUMNS, case_details, empty_text="Not discussed at a MAPPA meeting."
        )
        self.plans: ListSection[RiskManagementPlanItem] = ListSection(
            "Risk management plans",
            PLAN_COLUMNS,
            rmp_details,
            empty_text="No risk management plan recorded.",
        )
        self.actions: ListSection[MappaActionItem] = ListSection(
            "Actions", ACTION_COLUMNS, action_details, empty_text="No MAPPA actions recorded."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(vertical_sections(self, self.cases, self.plans, self.actions), 1)

    def set_record(self, record: OffenderRecord) -> None:
        self.status_label.setText(f"MAPPA: {mappa_text(record.mappa_category, record.mappa_level)}")
        self.cases.set_items(
            sorted(record.mappa_cases, key=lambda c: (c.held_at, c.id), reverse=True)
        )
        self.plans.set_items(
            sorted(record.risk_management_plans, key=lambda p: (p.agreed_on, p.id), reverse=True)
        )
        # Open actions first (soonest due first), then the done ones, most recent first.
        open_ = sorted(
            (a for a in record.mappa_actions if a.completed_on is None),
            key=lambda a: (a.due_on, a.id),
        )
        done = sorted(
            (a for a in record.mappa_actions if a.completed_on is not None),
            key=lambda a: (a.completed_on, a.id),
            reverse=True,
        )
        self.actions.set_items(open_ + done)
