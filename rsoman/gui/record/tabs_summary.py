"""The summary tab: key facts, the next visit due with its arithmetic, this offender's open
warnings, and the current risk management plan under its four headings plus contingency."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ...core.rules.dates import london_today
from ...core.rules.warnings.findings import SEVERITY_ORDER, Severity
from ...core.services.offender_record import (
    OffenderRecord,
    RegistrationItem,
    RiskManagementPlanItem,
)
from ...core.services.scan import WarningRow
from ...core.store.enums import PlanKind
from .details import Details, DetailsPane
from .display import (
    age_on,
    date_text,
    datetime_text,
    enum_text,
    mappa_text,
    risk_text,
    value_text,
)
from .header import full_name
from .items_model import Column
from .list_section import ListSection, clipped, vertical_sections

# The plan's headings in the order MAPPA guidance lists them.
PLAN_HEADINGS: tuple[tuple[str, str], ...] = (
    ("supervision", "Supervision"),
    ("monitoring_and_control", "Monitoring and control"),
    ("interventions_and_treatment", "Interventions and treatment"),
    ("victim_safety_planning", "Victim safety planning"),
    ("contingency", "Contingency"),
)


def next_visit_text(record: OffenderRecord) -> str:
    """The due date with how it was reached, or why there is none."""
    due = record.next_visit
    if due is None:
        plan = record.visit_plans[-1] if record.visit_plans else None
        if (
            plan is not None
            and plan.ended_on is None
            and (plan.kind == PlanKind.reactive_management)
        ):
            return "None: managed reactively (no routine home visits)"
        return "None due"
    today = london_today()
    late = due.days_overdue(today)
    overdue = f"OVERDUE by {late} day{'s' if late != 1 else ''}. " if due.is_overdue(today) else ""
    return f"{overdue}{due.explanation[:1].upper()}{due.explanation[1:]}"


def registration_text(reg: RegistrationItem) -> str:
    sentence = f", {reg.sentence_months} months" if reg.sentence_months is not None else ""
    lines = [
        f"Convicted {date_text(reg.conviction_date)}"
        + (f" at {reg.court}" if reg.court else "")
        + f" (aged {reg.age_at_conviction}): {enum_text(reg.disposal)}{sentence}",
        f"Offences: {reg.offences}",
    ]
    if reg.offence_summary:
        lines.append(f"Summary: {reg.offence_summary}")
    if reg.release_date:
        lines.append(f"Released {date_text(reg.release_date)}")
    period = reg.notification_period
    if period is not None:
        ends = "indefinite" if period.indefinite else f"ends {date_text(period.ends_on)}"
        lines.append(f"Notification period: {ends}. {period.explanation}")
        if period.review_eligible_on:
            lines.append(f"Review may be sought from {date_text(period.review_eligible_on)}")
    elif reg.period_problem:
        lines.append(f"Notification period unknown: {reg.period_problem}")
    return "\n".join(lines)


def key_facts(record: OffenderRecord) -> Details:
    manager = record.offender_manager
    home = record.current_home
    aliases = "; ".join(
        f"{a.surname.upper()}, {a.forenames} ({enum_text(a.kind).lower()})" for a in record.aliases
    )
    fields = [
        ("Reference", record.ref),
        ("Name", full_name(record)),
        ("Also known as", aliases),
        (
            "Date of birth",
            f"{date_text(record.date_of_birth)} "
            f"(age {age_on(record.date_of_birth, london_today())})",
        ),
        ("Sex", enum_text(record.sex)),
        ("Status", enum_text(record.status) + (" (restricted)" if record.restricted else "")),
        ("Borough", record.borough),
        ("Risk", risk_text(record.current_risk_level)),
        ("MAPPA", mappa_text(record.mappa_category, record.mappa_level)),
        (
            "Offender manager",
            f"{manager.officer_name} ({manager.officer_warrant}) since "
            f"{date_text(manager.start_date)}"
            if manager
            else "Unallocated",
        ),
        (
            "Home",
            f"{home.text} (since {date_text(home.valid_from)})" if home else "No home address",
        ),
        (
            "Last successful home visit",
            date_text(record.last_successful_home_visit) or "None recorded",
        ),
        ("Next home visit due", next_visit_text(record)),
        ("PNC", record.pnc_ref or ""),
        ("ViSOR", record.visor_ref or ""),
        ("Retention review", date_text(record.retention_review_on)),
    ]
    texts: list[tuple[str, str | None]] = [
        ("Description", record.description),
        ("Marks", record.marks),
        ("Victim profile", record.victim_profile),
    ]
    texts += [
        (f"Registration {n}", registration_text(reg))
        for n, reg in enumerate(reversed(record.registrations), 1)
    ]
    return Details(title="Key facts", fields=fields, texts=texts)


def plan_details(plan: RiskManagementPlanItem | None) -> Details:
    if plan is None:
        return Details(title="Risk management plan: none recorded")
    return Details(
        title=f"Risk management plan agreed {date_text(plan.agreed_on)}",
        texts=[(caption, getattr(plan, name)) for name, caption in PLAN_HEADINGS],
    )


WARNING_COLUMNS: list[Column[WarningRow]] = [
    # Ranked, not alphabetical: urgent above warning above info.
    Column(
        "Severity",
        lambda w: SEVERITY_ORDER.get(Severity(w.severity), -1),
        text=lambda w: enum_text(w.severity),
    ),
    Column("Warning", lambda w: w.kind, text=lambda w: enum_text(w.kind)),
    Column("Due", lambda w: w.due_on),
    Column("Days overdue", lambda w: w.days_overdue or None),
    Column("State", lambda w: w.state, text=lambda w: enum_text(w.state)),
    Column(
        "Explanation",
        lambda w: w.explanation,
        text=lambda w: clipped(w.explanation),
        tooltip=lambda w: w.explanation,
    ),
]


def warning_details(w: WarningRow) -> Details:
    fields = [
        ("Severity", enum_text(w.severity)),
        ("Warning", enum_text(w.kind)),
        ("Due", date_text(w.due_on)),
        ("Days overdue", str(w.days_overdue) if w.days_overdue else ""),
        ("State", enum_text(w.state)),
        ("Raised", datetime_text(w.first_raised_at)),
        ("Owner", f"{w.owner_name} ({w.owner_warrant})" if w.owner_warrant else ""),
        ("Policy version", str(w.policy_version)),
        ("Acknowledged by", w.acknowledged_by or ""),
        ("Acknowledged", value_text(w.acknowledged_at)),
    ]
    texts = [("Explanation", w.explanation)]
    if w.acknowledgement_reason:
        texts.append(("Reason given", w.acknowledgement_reason))
    return Details(title=enum_text(w.kind), fields=fields, texts=texts)


class SummaryTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.facts = DetailsPane(self)
        self.facts.setAccessibleName("Key facts")
        self.warnings: ListSection[WarningRow] = ListSection(
            "Open warnings",
            WARNING_COLUMNS,
            warning_details,
            empty_text="No open warnings for this offender.",
        )
        self.plan = DetailsPane(self)
        self.plan.setAccessibleName("Current risk management plan")
        right = vertical_sections(self, self.warnings, self.plan)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.facts)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)

    def set_record(self, record: OffenderRecord, warnings: Sequence[WarningRow] | None) -> None:
        self.facts.show_details(key_facts(record))
        plans = record.risk_management_plans
        self.plan.show_details(plan_details(plans[-1] if plans else None))
        if warnings is None:
            self.warnings.hide()
        else:
            self.warnings.show()
            self.warnings.set_items(warnings)
