"""User accounts: creation, sign-in, lock-out, password changes and resets, disabling.

Passwords are hashed with Argon2id (argon2-cffi). There is no default password anywhere: the
first administrator is created at the first run (`rsoman init` or the desktop app), and every
other account by an administrator. Accounts are disabled, never deleted: the audit log and the
records refer to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from ..store.enums import AuditAction, Role
from ..store.models import Borough, Officer, RestrictedGrant, UserAccount
from ..store.models._types import utcnow
from . import audit
from .actor import SYSTEM, Actor, actor_for_user
from .errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationFailed,
)
from .permissions import Action, require
from .text_guard import text_problem

# argon2-cffi's defaults are Argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()


# Verified against when the user name is unknown, so that a wrong name takes as long as a wrong
# password and timing does not tell an attacker which user names exist.
@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when there is no account, so the answer takes as long as for
    a real one. Made on first use: hashing is deliberately slow, and every command and app
    start would otherwise pay for it at import."""
    return _hasher.hash("not a password: timing equaliser")


MIN_PASSWORD_LENGTH = 12
# Hashing a megabyte-long "password" would be a cheap way to load the server.
MAX_PASSWORD_LENGTH = 256
MAX_FAILED_LOGINS = 5
# The first lock lasts 15 minutes and each further one (without a successful sign-in between)
# twice as long as the last, up to a day. Five guesses per lock then allow only a few dozen
# guesses a day against one account, however patient the attacker, while an officer who
# mistypes is held up for a quarter of an hour once. The cap stops an attacker from locking a
# real user out for weeks by failing on purpose; an administrator's reset lifts a lock at once.
LOCKOUT = timedelta(minutes=15)
LOCKOUT_CAP = timedelta(hours=24)

# The most common passwords and the words they are built on (after lower-casing and dropping
# digits, spaces and punctuation). Length alone lets "password1234" through; this does not.
COMMON_PASSWORDS = frozenset(
    """
    password passw0rd passphrase letmein welcome admin administrator qwerty qwertyuiop asdfgh
    asdfghjkl zxcvbnm abc abcdef abcdefgh iloveyou monkey dragon football baseball soccer
    sunshine princess shadow superman batman master trustno secret changeme default login
    starwars whatever freedom hello hellohello charlie jordan michael london metpolice police
    metropolitan jigsaw rsoman offender summer winter spring autumn january february march april
    june july august september october november december monday tuesday friday chelsea arsenal
    liverpool tottenham manchester football letmeinplease correcthorsebatterystaple
    qwertyqwerty passwordpassword adminadmin test testtest guest user username computer
    internet security officer sergeant inspector detective constable
    """.split()
)


def _core_of(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def password_problems(password: str, *, username: str | None = None) -> list[Problem]:
    """Why a password is refused (empty when it is acceptable).

    The rule follows the NCSC's advice: length over complexity. At least 12 characters (three
    random words make a good one: "kettle orbit tulip"), not a common password or one built on
    a common word, not the user name, and not one or two characters repeated."""
    problems: list[Problem] = []

    def problem(reason: str) -> None:
        problems.append(Problem("", "password", reason))

    if len(password) < MIN_PASSWORD_LENGTH:
        problem(
            f"must be at least {MIN_PASSWORD_LENGTH} characters long "
            '(three random words make a good one, e.g. "kettle orbit tulip")'
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        problem(f"must be at most {MAX_PASSWORD_LENGTH} characters long")
    if password.strip() != password:
        problem("must not start or end with spaces")
    core = _core_of(password)
    if password.lower() in COMMON_PASSWORDS or (core and core in COMMON_PASSWORDS):
        problem("is too common: it would be among the first an attacker tries")
    elif len(set(password.lower())) < 4:
        problem("repeats too few characters")
    elif re.fullmatch(r"[\d\W_]*", password):
        problem("must not be only digits and symbols")
    name = (username or "").strip().lower()
    if name and (password.lower() == name or (len(name) >= 4 and name in password.lower())):
        problem("must not contain the user name")
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))


def _account(session: Session, username: str) -> UserAccount:
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if user is None:
        raise NotFound(f"no user account named {username!r}")
    return user


# --- creating accounts ----------------------------------------------------------------------


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    role: Role,
    password: str,
    officer_warrant: str | None = None,
    must_change_password: bool = False,
) -> UserAccount:
    """Create an account (administrators only; the very first administrator is created by the
    system through `rsoman init` or `rsoman demo`)."""
    require(session, actor, Action.manage_users)
    username = username.strip()
    problems = password_problems(password, username=username)
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
    _raise_if(problems)
    user = UserAccount(
        username=username,
        role=role,
        officer_id=officer_id,
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        password_changed_at=utcnow(),
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


# --- signing in -----------------------------------------------------------------------------


def lock_duration(lockouts: int) -> timedelta:
    """How long the n-th lock in a row (0 = the first) lasts: 15 minutes doubling, capped."""
    if lockouts >= 16:  # 2**16 quarter-hours is far past the cap; avoid a huge multiplier
        return LOCKOUT_CAP
    return min(LOCKOUT * (2**lockouts), LOCKOUT_CAP)


def _count_failure(session: Session, user: UserAccount, now: datetime) -> None:
    """A wrong password: after MAX_FAILED_LOGINS in a row the account locks, each lock longer.
    Committed at once (the caller then raises, and its rollback must not undo the count)."""
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = now + lock_duration(user.lockouts)
        user.lockouts += 1
        user.failed_logins = 0
    session.add(user)
    session.commit()


def _is_locked(user: UserAccount, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


class PasswordChangeRequired(AuthenticationFailed):
    """The password was right, but an administrator reset it: the user must choose their own
    (`sign_in_with_new_password`) before doing anything else."""


def authenticate(
    session: Session, username: str, password: str, *, allow_must_change: bool = False
) -> Actor:
    """Check a password; count failures and lock the account for a while after too many.

    Unknown, disabled and password-less accounts get the same answer as a wrong password, after
    the same hashing work, so neither the message nor the time taken tells which it was. After an
    administrator's reset, a right password raises PasswordChangeRequired (unless
    `allow_must_change`), so no client can work on a password someone else chose."""
    # A name no account can hold (a NUL, a broken encoding) is an unknown account: looked up,
    # PostgreSQL's driver would refuse it, and the refusal could not be logged as typed.
    storable = text_problem(username) is None
    user = (
        session.exec(select(UserAccount).where(UserAccount.username == username)).first()
        if storable
        else None
    )
    shown = username if storable else username.encode("unicode_escape").decode("ascii")
    anonymous = Actor(user_id=None, username=shown[:60], role=Role.read_only_manager)
    now = utcnow()
    failure = AuthenticationFailed("wrong user name or password")
    if user is None or not user.active or user.password_hash is None:
        _verifies(_dummy_hash(), password)
        why = "disabled account" if user is not None and not user.active else "unknown account"
        audit.record_independently(
            session, anonymous, AuditAction.authentication, "sign_in", f"sign-in refused: {why}"
        )
        raise failure
    if _is_locked(user, now):
        audit.record_independently(
            session, anonymous, AuditAction.authentication, "sign_in", "sign-in while locked"
        )
        raise AuthenticationFailed(
            "this account is locked after repeated failed sign-ins; try again later "
            "or ask an administrator to reset the password"
        )
    if not _verifies(user.password_hash, password):
        _count_failure(session, user, now)
        locked = " (account now locked)" if _is_locked(user, now) else ""
        audit.record_independently(
            session, anonymous, AuditAction.authentication, "sign_in", f"wrong password{locked}"
        )
        raise failure from None
    user.failed_logins = 0
    user.lockouts = 0
    user.locked_until = None
    if user.must_change_password and not allow_must_change:
        session.add(user)
        session.commit()
        audit.record_independently(
            session,
            anonymous,
            AuditAction.authentication,
            "sign_in",
            "sign-in held: the password was reset and must be changed first",
        )
        raise PasswordChangeRequired(
            "your password was reset by an administrator: choose a new one before signing in"
        )
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    actor = actor_for_user(session, user)
    audit.record(session, actor, AuditAction.authentication, "sign_in", "signed in")
    return actor


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_change_required(session: Session, username: str) -> bool:
    """Whether the user must choose a new password before working (after an administrator's
    reset). The sign-in dialog and the CLI ask for one at once."""
    user = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    return bool(user is not None and user.must_change_password)


# --- changing and resetting passwords -------------------------------------------------------


def change_password(session: Session, actor: Actor, old: str, new: str) -> None:
    """A signed-in user changes their own password, giving the current one.

    A wrong current password counts as a failed sign-in (so that a desk left unlocked cannot be
    used to guess at it) and locks the account in the same way."""
    if actor.user_id is None:
        raise PermissionDenied("only a signed-in user can change their password")
    user = session.get(UserAccount, actor.user_id)
    if user is None or not user.active or user.password_hash is None:
        raise AuthenticationFailed("this account cannot sign in")
    now = utcnow()
    if _is_locked(user, now):
        raise AuthenticationFailed(
            "this account is locked after repeated failed sign-ins; try again later"
        )
    if not _verifies(user.password_hash, old):
        _count_failure(session, user, now)
        audit.record_independently(
            session,
            actor,
            AuditAction.authentication,
            "user",
            "password change refused: wrong current password",
            object_key=user.username,
        )
        raise AuthenticationFailed("the current password is wrong")
    problems = [
        Problem("", "new password", p.reason)
        for p in password_problems(new, username=user.username)
    ]
    if new == old:
        problems.append(Problem("", "new password", "must differ from the current one"))
    _raise_if(problems)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = now
    user.failed_logins = 0
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "user",
        f"{user.username} changed their password",
        object_key=user.username,
    )


def sign_in_with_new_password(session: Session, username: str, old: str, new: str) -> Actor:
    """Sign in and change the password in one step: how a user whose password was reset (or
    anyone, from the command line) chooses a new one. Returns the signed-in actor."""
    actor = authenticate(session, username, old, allow_must_change=True)
    change_password(session, actor, old, new)
    return actor


def reset_password(
    session: Session, admin: Actor, username: str, new: str, *, must_change: bool = True
) -> None:
    """An administrator sets a new password for an account (forgotten password, or a lock to
    lift). The user must choose their own at next sign-in unless `must_change` is False."""
    require(session, admin, Action.manage_users)
    user = _account(session, username)
    _raise_if(password_problems(new, username=user.username))
    user.password_hash = hash_password(new)
    user.must_change_password = must_change
    user.password_changed_at = utcnow()
    user.failed_logins = 0
    user.lockouts = 0
    user.locked_until = None
    session.add(user)
    session.flush()
    then = "; must change it at next sign-in" if must_change else ""
    audit.record(
        session,
        admin,
        AuditAction.alteration,
        "user",
        f"reset the password of {user.username}{then}",
        object_key=user.username,
    )


# --- disabling ------------------------------------------------------------------------------


def _active_administrators(session: Session) -> int:
    return session.exec(
        select(sa.func.count(UserAccount.id)).where(
            UserAccount.role == Role.administrator, UserAccount.active == sa.true()
        )
    ).one()


def disable_user(session: Session, admin: Actor, username: str, *, reason: str) -> None:
    """Stop an account signing in (leaver, suspension). Nothing is deleted, and the account can
    be enabled again. The last active administrator cannot be disabled: no one could then
    manage accounts."""
    require(session, admin, Action.manage_users)
    user = _account(session, username)
    problems = []
    if not reason.strip():
        problems.append(Problem("", "reason", "say why the account is disabled"))
    if not user.active:
        problems.append(Problem("", "username", f"{username} is already disabled"))
    elif user.role == Role.administrator and _active_administrators(session) <= 1:
        problems.append(Problem("", "username", f"{username} is the last active administrator"))
    _raise_if(problems)
    user.active = False
    session.add(user)
    session.flush()
    audit.record(
        session,
        admin,
        AuditAction.alteration,
        "user",
        f"disabled account {user.username}",
        object_key=user.username,
        justification=reason.strip(),
    )


def enable_user(session: Session, admin: Actor, username: str, *, reason: str) -> None:
    """Let a disabled account sign in again (any lock is lifted too)."""
    require(session, admin, Action.manage_users)
    user = _account(session, username)
    problems = []
    if not reason.strip():
        problems.append(Problem("", "reason", "say why the account is enabled"))
    if user.active:
        problems.append(Problem("", "username", f"{username} is already enabled"))
    _raise_if(problems)
    user.active = True
    user.failed_logins = 0
    user.lockouts = 0
    user.locked_until = None
    session.add(user)
    session.flush()
    audit.record(
        session,
        admin,
        AuditAction.alteration,
        "user",
        f"enabled account {user.username}",
        object_key=user.username,
        justification=reason.strip(),
    )


# --- listing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    username: str
    role: Role
    officer: str | None
    borough: str | None
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    last_login_at: datetime | None
    restricted_grant: bool


def list_users(session: Session, admin: Actor, *, include_disabled: bool = True) -> list[UserRow]:
    """Every account, by user name (administrators only; the listing is logged)."""
    require(session, admin, Action.manage_users)
    query = (
        select(UserAccount, Officer, Borough.name)
        .join(Officer, Officer.id == UserAccount.officer_id, isouter=True)
        .join(Borough, Borough.id == Officer.borough_id, isouter=True)
        .order_by(UserAccount.username)
    )
    if not include_disabled:
        query = query.where(UserAccount.active == sa.true())
    granted = set(
        session.exec(
            select(RestrictedGrant.user_id).where(RestrictedGrant.revoked_at.is_(None))
        ).all()
    )
    now = utcnow()
    rows = [
        UserRow(
            username=user.username,
            role=Role(user.role),
            officer=(
                f"{officer.forenames} {officer.surname} ({officer.warrant_number})"
                if officer
                else None
            ),
            borough=borough,
            active=user.active,
            locked_until=user.locked_until if _is_locked(user, now) else None,
            must_change_password=user.must_change_password,
            last_login_at=user.last_login_at,
            restricted_grant=user.id in granted,
        )
        for user, officer, borough in session.exec(query).all()
    ]
    audit.record(session, admin, AuditAction.consultation, "user", "listed user accounts")
    return rows
