"""User accounts: creation by an administrator, sign-in with Argon2id hashes."""

from __future__ import annotations

from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from ..store.enums import AuditAction, Role
from ..store.models import Officer, UserAccount
from ..store.models._types import utcnow
from . import audit
from .actor import SYSTEM, Actor, actor_for_user
from .errors import AuthenticationFailed, PermissionDenied, Problem, ValidationFailed
from .permissions import Action, require

# argon2-cffi's defaults are Argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 10
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


def password_problems(password: str) -> list[Problem]:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            Problem("", "password", f"must be at least {MIN_PASSWORD_LENGTH} characters long")
        )
    if password.strip() != password:
        problems.append(Problem("", "password", "must not start or end with spaces"))
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    role: Role,
    password: str,
    officer_warrant: str | None = None,
) -> UserAccount:
    """Create an account (administrators only; the very first administrator is created by the
    system through `rsoman init` or `rsoman demo`)."""
    require(session, actor, Action.manage_users)
    problems = password_problems(password)
    username = username.strip()
    if (
        not username
        or len(username) > 60
        or not username.replace(".", "").replace("_", "").replace("-", "").isalnum()
    ):
        problems.append(
            Problem("", "username", "use 1-60 letters, digits, dots, dashes or underscores")
        )
    elif session.exec(select(UserAccount).where(UserAccount.username == username)).first():
        problems.append(Problem("", "username", f"{username!r} is already taken"))
    officer_id = None
    if officer_warrant:
        officer = session.exec(
            select(Officer).where(Officer.warrant_number == officer_warrant)
        ).first()
        if officer is None:
            problems.append(Problem("", "officer", f"no officer with warrant {officer_warrant!r}"))
        else:
            officer_id = officer.id
    elif role != Role.administrator:
        problems.append(
            Problem("", "officer", "every account but an administrator's is an officer's")
        )
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    user = UserAccount(
        username=username, role=role, officer_id=officer_id, password_hash=hash_password(password)
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "user",
        f"created account {username} ({role.value})",
        object_key=username,
    )
    return user


def any_accounts(session: Session) -> bool:
    """Whether the database has any user account yet (if not, the app runs its first-run set-up)."""
    return session.exec(select(UserAccount.id).limit(1)).first() is not None


def create_first_administrator(session: Session, username: str, password: str) -> str:
    """Create the administrator of a new database (the desktop app's first run), as the system.

    Refused once any account exists, so a second client cannot mint itself an administrator.
    Returns the username.
    """
    if any_accounts(session):
        raise PermissionDenied(
            "this database already has user accounts: ask its administrator for an account"
        )
    user = create_user(
        session, SYSTEM, username=username, role=Role.administrator, password=password
    )
    return user.username


def authenticate(session: Session, username: str, password: str) -> Actor:
    """Check a password; count failures and lock the account for a while after too many."""
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    anonymous = Actor(user_id=None, username=username[:60], role=Role.read_only_manager)
    now = utcnow()
    failure = AuthenticationFailed("wrong user name or password")
    if user is None or not user.active or user.password_hash is None:
        audit.record_independently(
            session, anonymous, AuditAction.authentication, "sign_in", "sign-in refused"
        )
        raise failure
    if user.locked_until is not None and user.locked_until > now:
        audit.record_independently(
            session, anonymous, AuditAction.authentication, "sign_in", "sign-in while locked"
        )
        raise AuthenticationFailed(
            "this account is locked after repeated failed sign-ins; try again later"
        )
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
        session.add(user)
        session.commit()
        audit.record_independently(
            session, anonymous, AuditAction.authentication, "sign_in", "wrong password"
        )
        raise failure from None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    actor = actor_for_user(session, user)
    audit.record(session, actor, AuditAction.authentication, "sign_in", "signed in")
    return actor
