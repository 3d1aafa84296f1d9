"""MAPPA meetings, attendance, cases, risk management plans and actions."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ..enums import Agency, MeetingStatus, PlanHeading, Rank
from ._types import enum_field, fk, text_field, utcnow


class MappaMeeting(SQLModel, table=True):
    __tablename__ = "mappa_meeting"
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=30, unique=True, index=True)
    borough_id: int = fk("borough.id")
    level: int
    held_at: datetime
    status: MeetingStatus = enum_field(MeetingStatus, default=MeetingStatus.planned)
    chair: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    notes: str | None = text_field()


class MappaAttendee(SQLModel, table=True):
    __tablename__ = "mappa_attendee"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = fk("mappa_meeting.id")
    agency: Agency = enum_field(Agency)
    name: str = Field(max_length=120)
    role: str | None = Field(default=None, max_length=120)
    # Police attendees: their rank, checked against the meeting level.
    rank: Rank | None = enum_field(Rank, nullable=True)
    officer_id: int | None = fk("officer.id", nullable=True, index=False)
    # Invited but absent attendees are kept: absence of a key agency is itself a finding.
    attended: bool = True


class MappaCase(SQLModel, table=True):
    __tablename__ = "mappa_case"
    __table_args__ = (UniqueConstraint("meeting_id", "offender_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = fk("mappa_meeting.id")
    offender_id: int = fk("offender.id")
    children_at_risk: bool = False
    summary: str | None = text_field()
    next_review_on: date | None = None


class RiskManagementPlan(SQLModel, table=True):
    """A version of the plan; the newest is current, older ones are history."""

    __tablename__ = "risk_management_plan"
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    agreed_on: date
    meeting_id: int | None = fk("mappa_meeting.id", nullable=True, index=False)
    supervision: str | None = text_field()
    monitoring_and_control: str | None = text_field()
    interventions_and_treatment: str | None = text_field()
    victim_safety_planning: str | None = text_field()
    contingency: str | None = text_field()
    created_at: datetime = Field(default_factory=utcnow)


class MappaAction(SQLModel, table=True):
    __tablename__ = "mappa_action"
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    meeting_id: int | None = fk("mappa_meeting.id", nullable=True, index=False)
    heading: PlanHeading = enum_field(PlanHeading)
    description: str = Field(sa_type=sa.Text)
    owner_agency: Agency = enum_field(Agency)
    owner_name: str | None = Field(default=None, max_length=120)
    due_on: date
    completed_on: date | None = None
