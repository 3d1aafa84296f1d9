"""The offender and what identifies and locates them: aliases, registration, addresses, vehicles,
and who manages them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ..enums import AddressKind, AliasKind, Disposal, OffenderStatus, Sex
from ._types import enum_field, fk, text_field, utcnow


class Offender(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Our own stable reference (e.g. "RSO-000123"): the key used by import/export and the CLI.
    ref: str = Field(max_length=20, unique=True, index=True)
    surname: str = Field(max_length=80, index=True)
    forenames: str = Field(max_length=120)
    date_of_birth: date
    sex: Sex = enum_field(Sex)
    description: str | None = text_field()
    marks: str | None = text_field()
    victim_profile: str | None = text_field()
    pnc_ref: str | None = Field(default=None, max_length=20, index=True)
    visor_ref: str | None = Field(default=None, max_length=20, index=True)
    status: OffenderStatus = enum_field(OffenderStatus, default=OffenderStatus.active, index=True)
    # The borough whose Jigsaw team manages the offender (moves are transfers, never duplicates).
    borough_id: int = fk("borough.id")
    mappa_category: int | None = None
    mappa_level: int | None = None
    # Hook for restricted records (issue 6): only users granted them may see these.
    restricted: bool = False
    # Retention: public protection records are reviewed at least every 10 years.
    retention_review_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OffenderPhoto(SQLModel, table=True):
    """Kept apart from the offender row so that lists never load images."""

    __tablename__ = "offender_photo"
    offender_id: int = Field(foreign_key="offender.id", primary_key=True)
    image: bytes = Field(sa_type=sa.LargeBinary)
    mime: str = Field(default="image/png", max_length=40)
    taken_on: date | None = None


class OffenderAlias(SQLModel, table=True):
    __tablename__ = "offender_alias"
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    kind: AliasKind = enum_field(AliasKind, default=AliasKind.alias)
    surname: str = Field(max_length=80, index=True)
    forenames: str = Field(default="", max_length=120)


class Registration(SQLModel, table=True):
    """The conviction, caution or order that brought the notification requirements."""

    # The latest registration (conviction date, then id): one index seek per offender, which
    # holds its release date too (the scan reads it per offender; migration 0014).
    __table_args__ = (
        sa.Index(
            "ix_registration_offender_latest",
            "offender_id",
            "conviction_date",
            "id",
            "release_date",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    conviction_date: date
    offences: str = Field(sa_type=sa.Text)
    offence_summary: str | None = text_field()
    court: str | None = Field(default=None, max_length=120)
    disposal: Disposal = enum_field(Disposal)
    # Custodial term (or the conditional discharge's length), in months.
    sentence_months: int | None = None
    age_at_conviction: int
    first_notification_date: date | None = None
    release_date: date | None = None


class Address(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    kind: AddressKind = enum_field(AddressKind)
    line1: str = Field(max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    town: str | None = Field(default=None, max_length=80)
    postcode: str | None = Field(default=None, max_length=10, index=True)
    borough_id: int | None = fk("borough.id", nullable=True)
    ward_id: int | None = fk("ward.id", nullable=True)
    valid_from: date
    valid_to: date | None = None
    notes: str | None = text_field()


class Vehicle(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    registration_mark: str = Field(max_length=12, index=True)
    make: str | None = Field(default=None, max_length=40)
    model: str | None = Field(default=None, max_length=40)
    colour: str | None = Field(default=None, max_length=30)
    from_date: date | None = None
    to_date: date | None = None
    notes: str | None = text_field()


class Assignment(SQLModel, table=True):
    """Offender manager over time: a reallocation ends one row and starts another, with a reason."""

    __table_args__ = (sa.Index("ix_assignment_officer_current", "officer_id", "end_date"),)
    id: int | None = Field(default=None, primary_key=True)
    offender_id: int = fk("offender.id")
    officer_id: int = fk("officer.id", index=False)
    start_date: date
    end_date: date | None = None
    reason: str = Field(max_length=400)
    assigned_by_user_id: int | None = fk("user_account.id", nullable=True, index=False)
