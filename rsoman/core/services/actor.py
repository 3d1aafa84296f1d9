"""Who is acting: every service call names its actor."""

from dataclasses import dataclass

from sqlmodel import Session, select

from ..store.enums import Role
from ..store.models import Borough, Officer, UserAccount
from .errors import NotFound


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role
    officer_id: int | None = None
    # The borough the user works in; None means London-wide (the central team, administrators,
    # and the system itself).
    borough_id: int | None = None

    @property
    def london_wide(self) -> bool:
        return self.borough_id is None

    def can_see_borough(self, borough_id: int | None) -> bool:
        return self.london_wide or borough_id == self.borough_id


# The scheduler, migrations and the demo generator act as the system, and are logged as such.
SYSTEM = Actor(user_id=None, username="system", role=Role.administrator)


def actor_for_user(session: Session, user: UserAccount) -> Actor:
    borough_id: int | None = None
    if user.officer_id is not None:
        officer = session.get(Officer, user.officer_id)
        if officer is not None:
            borough = session.get(Borough, officer.borough_id)
            if borough is not None and not borough.is_central:
                borough_id = borough.id
    if user.role == Role.administrator:
        borough_id = None
    return Actor(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        officer_id=user.officer_id,
        borough_id=borough_id,
    )


def actor_for_username(session: Session, username: str) -> Actor:
    """The actor for an account, without a password check (tests and trusted internal callers)."""
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if user is None:
        raise NotFound(f"no user account named {username!r}")
    return actor_for_user(session, user)
