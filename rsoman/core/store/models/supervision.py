"""Risk assessments, visit-plan decisions and visits."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ..enums import ArmsRating, PlanKind, RiskLevel, StaticTool, VisitKind, VisitOutcome
from ._types import enum_field, fk, text_field, utcnow

# The ARMS factors, in the order officers know them. Column names are `arms_<factor>`.
ARMS_RISK_FACTORS: tuple[str, ...] = (
    "opportunity_to_offend",
    "sexual_preoccupation",
    "offence_related_sexual_interest",
    "emotional_congruence_with_children",
    "hostile_orientation",
    "poor_self_management",
    "negative_social_influences",
)
ARMS_PROTECTIVE_FACTORS: tuple[str, ...] = (
    "commitment_to_desist",
    "social_investment",
    "positive_routine",
    "intimate_relationship_positive_support",
)
ARMS_FACTORS = ARMS_RISK_FACTORS + ARMS_PROTECTIVE_FACTORS


def _arms() -> object:
    return enum_field(ArmsRating, nullable=True)


class RiskAssessment(SQLModel, table=True):
    __tablename__ = "risk_assessment"
    # The scan's latest assessment on or before a day: one index seek per offender.
    __table_args__ = (
        sa.Index("ix_risk_assessment_offender_assessed", "offender_id", "assessed_on"),
        # The scan's offenders with an assessment dated since their last scan (migration 0018).
        sa.Index("ix_risk_assessment_assessed_on", "assessed_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    assessed_on: date
    assessor_officer_id: int | None = fk("officer.id", nullable=True, index=False)
    level: RiskLevel = enum_field(RiskLevel)
    static_tool: StaticTool | None = enum_field(StaticTool, nullable=True)
    static_result: str | None = Field(default=None, max_length=40)
    arms_opportunity_to_offend: ArmsRating | None = _arms()
    arms_sexual_preoccupation: ArmsRating | None = _arms()
    arms_offence_related_sexual_interest: ArmsRating | None = _arms()
    arms_emotional_congruence_with_children: ArmsRating | None = _arms()
    arms_hostile_orientation: ArmsRating | None = _arms()
    arms_poor_self_management: ArmsRating | None = _arms()
    arms_negative_social_influences: ArmsRating | None = _arms()
    arms_commitment_to_desist: ArmsRating | None = _arms()
    arms_social_investment: ArmsRating | None = _arms()
    arms_positive_routine: ArmsRating | None = _arms()
    arms_intimate_relationship_positive_support: ArmsRating | None = _arms()
    next_review_on: date | None = None
    reason: str | None = Field(default=None, max_length=200)
    notes: str | None = text_field()


class VisitPlanDecision(SQLModel, table=True):
    """An authorised departure from the visit tariff (or a return to it)."""

    __tablename__ = "visit_plan_decision"
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    kind: PlanKind = enum_field(PlanKind)
    interval_days: int | None = None
    effective_from: date
    ended_on: date | None = None
    authorised_by_officer_id: int = fk("officer.id", index=False)
    reason: str = Field(sa_type=sa.Text)


class Visit(SQLModel, table=True):
    """A planned visit (occurred_at empty) or a recorded one."""

    __table_args__ = (
        sa.Index("ix_visit_offender_occurred", "offender_id", "occurred_at"),
        # The scan's offenders with a visit dated since their last scan (migration 0018).
        sa.Index("ix_visit_occurred_at", "occurred_at"),
        # The scan's last successful home visit at the home: one index seek per offender
        # (migration 0016).
        sa.Index(
            "ix_visit_offender_counted_occurred",
            "offender_id",
            "kind",
            "outcome",
            "at_home",
            "occurred_at",
        ),
        # Partial (migration 0014): the scan's planned visits, without reading recorded ones.
        sa.Index(
            "ix_visit_planned",
            "offender_id",
            "planned_for",
            sqlite_where=sa.text("occurred_at IS NULL"),
            postgresql_where=sa.text("occurred_at IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id", index=False)
    kind: VisitKind = enum_field(VisitKind, default=VisitKind.home_visit)
    planned_for: datetime | None = None
    occurred_at: datetime | None = None
    address_id: int | None = fk("address.id", nullable=True, index=False)
    # False when address_id names an address that was not the offender's home on the visit's
    # (London) day: then a "successful" home visit does not satisfy the schedule. Kept by the
    # services that write visits and addresses (services/visit_address.py); True when no
    # address is named (taken to be the home in force) and for planned visits.
    at_home: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    announced: bool = False
    outcome: VisitOutcome | None = enum_field(VisitOutcome, nullable=True)
    who_present: str | None = text_field()
    observations: str | None = text_field()
    actions: str | None = text_field()
    recorded_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
    created_at: datetime = Field(default_factory=utcnow)


class VisitOfficer(SQLModel, table=True):
    """Officers present at a visit (two-officer visits)."""

    __tablename__ = "visit_officer"
    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    officer_id: int = Field(foreign_key="officer.id", primary_key=True, index=True)
