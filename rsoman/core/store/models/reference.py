"""Places and people of the service: boroughs, wards, officers, user accounts."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from ..enums import Rank, Role, TeamRole
from ._types import enum_field, fk, utcnow


class Borough(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=80, unique=True)
    # The central Jigsaw team is held as a "borough" that sees across London.
    is_central: bool = False


class Ward(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("borough_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    borough_id: int = fk("borough.id")
    name: str = Field(max_length=120)


class Officer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    warrant_number: str = Field(max_length=20, unique=True, index=True)
    surname: str = Field(max_length=80)
    forenames: str = Field(max_length=120)
    rank: Rank = enum_field(Rank)
    borough_id: int = fk("borough.id")
    team_role: TeamRole = enum_field(TeamRole)
    # The team within the borough's Jigsaw unit (a supervisor's team), e.g. "Team 2".
    team: str | None = Field(default=None, max_length=60)
    # None means the force policy default capacity applies.
    capacity: int | None = None
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    active: bool = True


class UserAccount(SQLModel, table=True):
    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True, index=True)
    officer_id: int | None = fk("officer.id", nullable=True)
    role: Role = enum_field(Role)
    # Argon2id hash; None until a password is set (imported accounts cannot sign in until then).
    password_hash: str | None = Field(default=None, max_length=255)
    active: bool = True
    # Consecutive wrong passwords since the last lock or successful sign-in.
    failed_logins: int = 0
    locked_until: datetime | None = None
    # Locks since the last successful sign-in: each further lock lasts longer (users.py).
    lockouts: int = 0
    # Set by an administrator's reset: the user must choose their own password at next sign-in.
    must_change_password: bool = False
    password_changed_at: datetime | None = None
    last_login_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
