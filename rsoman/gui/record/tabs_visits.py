"""Visits (newest first; which ones satisfy the schedule) and visit-plan decisions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.services.offender_record import OffenderRecord, VisitItem, VisitPlanItem
from ...core.store.enums import PlanKind
from .details import Details
from .display import date_text, datetime_text, enum_text, yes_no
from .items_model import Column
from .list_section import ListSection, clipped, vertical_sections


def is_planned(v: VisitItem) -> bool:
    return v.occurred_at is None


def when(v: VisitItem) -> datetime | None:
    return v.occurred_at or v.planned_for


def outcome_text(v: VisitItem) -> str:
    if is_planned(v):
        return "Planned"
    return enum_text(v.outcome) or "Not recorded"


def counts_text(v: VisitItem) -> str:
    """Whether the visit satisfies the home-visit schedule (only a successful home visit)."""
    if is_planned(v):
        return ""
    return "Yes" if v.successful_home_visit else "No"


def plan_text(p: VisitPlanItem) -> str:
    if p.kind == PlanKind.individual_frequency and p.interval_days is not None:
        return f"Individual frequency: every {p.interval_days} days"
    return enum_text(p.kind)


class VisitsTab(QWidget):
    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._addresses: dict[int, str] = {}
        columns: list[Column[VisitItem]] = [
            Column("When", when),
            Column("Kind", lambda v: v.kind),
            Column("Outcome", lambda v: outcome_text(v)),
            Column(
                "Counts",
                lambda v: counts_text(v),
                header_tip="Satisfies the home-visit schedule (only a successful home visit)",
            ),
            Column("Announced", lambda v: v.announced),
            Column("Officers", lambda v: ", ".join(v.officers)),
            Column("Address", lambda v: self._addresses.get(v.address_id or 0, "")),
            Column(
                "Observations",
                lambda v: v.observations,
                text=lambda v: clipped(v.observations),
            ),
        ]
        self.visits: ListSection[VisitItem] = ListSection(
            "Visits",
            columns,
            self.describe,
            empty_text="No visits recorded.",
            actions=[actions["visit"], actions["plan_visit"], actions["visit_outcome"]],
        )
        plan_columns: list[Column[VisitPlanItem]] = [
            Column("From", lambda p: p.effective_from),
            Column("Decision", lambda p: plan_text(p)),
            Column("Ended", lambda p: p.ended_on),
            Column("Authorised by", lambda p: p.authorised_by),
            Column("Reason", lambda p: p.reason, text=lambda p: clipped(p.reason)),
        ]
        self.plans: ListSection[VisitPlanItem] = ListSection(
            "Visit plan decisions",
            plan_columns,
            plan_details,
            empty_text="No visit plan decisions: the tariff for the risk level applies.",
            actions=[actions["visit_plan"]],
        )
        layout = QVBoxLayout(self)
        splitter = vertical_sections(self, self.visits, self.plans)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter)

    def describe(self, v: VisitItem) -> Details:
        title = f"{enum_text(v.kind)}, {datetime_text(when(v))}"
        return Details(
            title=title,
            fields=[
                ("Kind", enum_text(v.kind)),
                ("Planned for", datetime_text(v.planned_for)),
                ("Took place", datetime_text(v.occurred_at)),
                ("Outcome", outcome_text(v)),
                (
                    "Counts for the schedule",
                    counts_text(v)
                    + (
                        ""
                        if is_planned(v) or v.successful_home_visit
                        else " (only a successful home visit does)"
                    ),
                ),
                ("Announced", yes_no(v.announced)),
                ("Officers", ", ".join(v.officers)),
                ("Address", self._addresses.get(v.address_id or 0, "")),
            ],
            texts=[
                ("Who was present", v.who_present),
                ("Observations", v.observations),
                ("Actions", v.actions),
            ],
        )

    def set_record(self, record: OffenderRecord) -> None:
        self._addresses = {a.id: a.text for a in record.addresses}
        oldest = datetime.min.replace(tzinfo=UTC)
        self.visits.set_items(
            sorted(record.visits, key=lambda v: (when(v) or oldest, v.id), reverse=True)
        )
        self.plans.set_items(
            sorted(record.visit_plans, key=lambda p: (p.effective_from, p.id), reverse=True)
        )


def plan_details(p: VisitPlanItem) -> Details:
    return Details(
        title=plan_text(p),
        fields=[
            ("Decision", plan_text(p)),
            ("From", date_text(p.effective_from)),
            ("Ended", date_text(p.ended_on) or "In force"),
            ("Authorised by", p.authorised_by),
        ],
        texts=[("Reason", p.reason)],
    )
