"""Accounts: the password rule, lock-out with back-off, change and reset, disabling, listing."""

from __future__ import annotations

from datetime import timedelta

import factories as f
import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from rsoman.core.services import users
from rsoman.core.services.actor import SYSTEM, Actor, actor_for_username
from rsoman.core.services.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from rsoman.core.services.users import (
    LOCKOUT,
    LOCKOUT_CAP,
    MAX_FAILED_LOGINS,
    PasswordChangeRequired,
    authenticate,
    change_password,
    create_user,
    disable_user,
    enable_user,
    list_users,
    lock_duration,
    password_change_required,
    password_problems,
    reset_password,
    sign_in_with_new_password,
)
from rsoman.core.store.enums import AuditAction, Role
from rsoman.core.store.models import AuditEntry, UserAccount
from rsoman.core.store.models._types import utcnow

PW = "kettle orbit tulip"
NEW_PW = "lantern quarry moss"


def test_passwords_are_hashed_with_argon2id(session: Session):
    hashed = PasswordHasher().hash(PW)
    assert hashed.startswith("$argon2id$")
    name = _officer_account(session)
    assert _row(session, name).password_hash.startswith("$argon2id$")


def test_the_shipped_parameters_are_rfc_9106_low_memory(session: Session, real_hashing: None):
    # The suite hashes cheaply (conftest); what rsoman ships is checked here, through the service.
    name = _officer_account(session)
    assert _row(session, name).password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert authenticate(session, name, PW).username == name


# --- the password rule ----------------------------------------------------------------------


@pytest.mark.parametrize(("length", "ok"), [(11, False), (12, True), (13, True)])
def test_minimum_length_boundary(length: int, ok: bool):
    password = "kettleorbittulipzz"[:length]
    assert (not password_problems(password)) is ok


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password1234", "too common"),
        ("Password-2026!", "too common"),
        ("Correct Horse Battery Staple", "too common"),
        ("aaaaaaaaaaaaaaaa", "too few characters"),
        ("123456789012", "only digits"),
        (" kettle orbit tulip", "spaces"),
        ("x" * 257 + "abcdef", "at most 256"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str):
    problems = password_problems(password)
    assert problems and any(reason in p.reason for p in problems), problems


def test_the_user_name_is_refused_in_the_password():
    assert password_problems("fennimore-2026!", username="fennimore")
    assert password_problems("Fennimore2026xyz", username="fennimore")
    assert not password_problems("kettle orbit tulip", username="fennimore")


def test_every_problem_is_listed_at_once():
    reasons = [p.reason for p in password_problems(" admin ", username="admin")]
    assert len(reasons) == 4  # too short, spaces, too common, contains the user name


@given(st.text(min_size=12, max_size=40))
def test_an_accepted_password_is_long_and_not_common(password: str):
    if not password_problems(password):
        assert len(password) >= 12
        assert password.lower() not in users.COMMON_PASSWORDS


# --- helpers --------------------------------------------------------------------------------


def _admin(session: Session, name: str = "root-admin") -> Actor:
    user = create_user(session, SYSTEM, username=name, role=Role.administrator, password=PW)
    session.commit()
    return actor_for_username(session, user.username)


def _officer_account(session: Session, name: str = "dc-quill", role: Role = Role.offender_manager):
    officer = f.officer(session)
    create_user(
        session,
        SYSTEM,
        username=name,
        role=role,
        password=PW,
        officer_warrant=officer.warrant_number,
    )
    session.commit()
    return name


def _row(session: Session, username: str) -> UserAccount:
    session.expire_all()
    return session.exec(select(UserAccount).where(UserAccount.username == username)).one()


def _fail(session: Session, username: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationFailed):
            authenticate(session, username, "not the password at all")
        session.rollback()


def _expire_lock(session: Session, username: str) -> None:
    row = _row(session, username)
    row.locked_until = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()


def _entries(session: Session, action: AuditAction) -> list[str]:
    return [e.summary for e in session.exec(select(AuditEntry).where(AuditEntry.action == action))]


# --- lock-out -------------------------------------------------------------------------------


def test_lock_duration_doubles_up_to_a_day():
    assert lock_duration(0) == LOCKOUT == timedelta(minutes=15)
    assert lock_duration(1) == timedelta(minutes=30)
    assert lock_duration(6) == timedelta(hours=16)
    assert lock_duration(7) == LOCKOUT_CAP == timedelta(hours=24)
    assert lock_duration(1000) == LOCKOUT_CAP


def test_lockout_after_repeated_failures_with_back_off(session: Session):
    name = _officer_account(session)
    _fail(session, name, MAX_FAILED_LOGINS - 1)
    assert _row(session, name).locked_until is None
    assert authenticate(session, name, PW).username == name  # the fourth failure did not lock
    session.commit()
    _fail(session, name, MAX_FAILED_LOGINS)
    row = _row(session, name)
    first = row.locked_until - utcnow()
    assert timedelta(minutes=14) < first <= LOCKOUT
    # Locked: even the right password is refused, with a message that says so.
    with pytest.raises(AuthenticationFailed, match="locked"):
        authenticate(session, name, PW)
    session.rollback()
    # The lock runs out; five more failures lock it for twice as long.
    _expire_lock(session, name)
    _fail(session, name, MAX_FAILED_LOGINS)
    second = _row(session, name).locked_until - utcnow()
    assert timedelta(minutes=29) < second <= 2 * LOCKOUT
    # A successful sign-in after the lock starts the back-off afresh.
    _expire_lock(session, name)
    authenticate(session, name, PW)
    session.commit()
    row = _row(session, name)
    assert (row.failed_logins, row.lockouts, row.locked_until) == (0, 0, None)
    assert any("account now locked" in s for s in _entries(session, AuditAction.authentication))


def test_unknown_and_disabled_accounts_get_the_wrong_password_answer(session: Session):
    admin = _admin(session)
    name = _officer_account(session)
    disable_user(session, admin, name, reason="left the unit")
    session.commit()
    for username, password in ((name, PW), ("no-such-user", PW), (name, "wrong password!")):
        with pytest.raises(AuthenticationFailed, match=r"^wrong user name or password$"):
            authenticate(session, username, password)
        session.rollback()


# --- changing and resetting passwords -------------------------------------------------------


def test_change_password(session: Session):
    name = _officer_account(session)
    me = authenticate(session, name, PW)
    session.commit()
    with pytest.raises(AuthenticationFailed, match="current password is wrong"):
        change_password(session, me, "not my password", NEW_PW)
    session.rollback()
    assert _row(session, name).failed_logins == 1
    with pytest.raises(ValidationFailed) as refused:
        change_password(session, me, PW, PW)
    session.rollback()
    assert any("differ" in p.reason for p in refused.value.problems)
    with pytest.raises(ValidationFailed):
        change_password(session, me, PW, "short")
    session.rollback()
    change_password(session, me, PW, NEW_PW)
    session.commit()
    assert authenticate(session, name, NEW_PW).username == name
    session.commit()
    with pytest.raises(AuthenticationFailed):
        authenticate(session, name, PW)
    session.rollback()
    assert f"{name} changed their password" in _entries(session, AuditAction.alteration)


def test_a_wrong_current_password_locks_like_a_wrong_sign_in(session: Session):
    name = _officer_account(session)
    me = authenticate(session, name, PW)
    session.commit()
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationFailed):
            change_password(session, me, "guess guess guess", NEW_PW)
        session.rollback()
    assert _row(session, name).locked_until is not None
    with pytest.raises(AuthenticationFailed, match="locked"):
        change_password(session, me, PW, NEW_PW)
    session.rollback()


def test_reset_forces_a_change_and_lifts_a_lock(session: Session):
    admin = _admin(session)
    name = _officer_account(session)
    _fail(session, name, MAX_FAILED_LOGINS)
    reset_password(session, admin, name, NEW_PW)
    session.commit()
    assert password_change_required(session, name)
    # The administrator's password signs no one in: the user must choose their own first.
    with pytest.raises(PasswordChangeRequired, match="choose a new one"):
        authenticate(session, name, NEW_PW)
    session.rollback()
    with pytest.raises(ValidationFailed):
        sign_in_with_new_password(session, name, NEW_PW, NEW_PW)
    session.rollback()
    me = sign_in_with_new_password(session, name, NEW_PW, "walnut harbour violet")
    session.commit()
    assert me.username == name and not password_change_required(session, name)
    assert authenticate(session, name, "walnut harbour violet").username == name
    session.commit()
    assert f"reset the password of {name}; must change it at next sign-in" in _entries(
        session, AuditAction.alteration
    )


def test_only_an_administrator_resets(session: Session):
    name = _officer_account(session)
    other = _officer_account(session, "ds-other", Role.supervisor)
    supervisor = actor_for_username(session, other)
    with pytest.raises(PermissionDenied, match="a supervisor may not manage users"):
        reset_password(session, supervisor, name, NEW_PW)
    session.rollback()
    assert any("refused" in s for s in _entries(session, AuditAction.refusal))
    admin = _admin(session)
    with pytest.raises(NotFound):
        reset_password(session, admin, "nobody-here", NEW_PW)
    session.rollback()
    with pytest.raises(ValidationFailed):
        reset_password(session, admin, name, "short")
    session.rollback()


# --- disabling ------------------------------------------------------------------------------


def test_disable_and_enable(session: Session):
    admin = _admin(session)
    name = _officer_account(session)
    with pytest.raises(ValidationFailed, match="reason"):
        disable_user(session, admin, name, reason=" ")
    session.rollback()
    disable_user(session, admin, name, reason="left the unit")
    session.commit()
    assert _row(session, name).active is False  # kept, not deleted
    with pytest.raises(AuthenticationFailed):
        authenticate(session, name, PW)
    session.rollback()
    enable_user(session, admin, name, reason="returned from secondment")
    session.commit()
    assert authenticate(session, name, PW).username == name
    session.commit()


def test_the_last_active_administrator_cannot_be_disabled(session: Session):
    admin = _admin(session)
    with pytest.raises(ValidationFailed, match="last active administrator"):
        disable_user(session, admin, admin.username, reason="testing")
    session.rollback()
    second = _admin(session, "second-admin")
    disable_user(session, second, admin.username, reason="moved on")
    session.commit()
    with pytest.raises(ValidationFailed, match="last active administrator"):
        disable_user(session, second, second.username, reason="testing")
    session.rollback()


def test_list_users(session: Session):
    admin = _admin(session)
    name = _officer_account(session)
    _fail(session, name, MAX_FAILED_LOGINS)
    rows = {r.username: r for r in list_users(session, admin)}
    session.commit()
    assert set(rows) == {admin.username, name}
    assert rows[name].locked_until is not None and rows[name].borough == "Camden"
    assert rows[admin.username].officer is None and rows[admin.username].active
    me = actor_for_username(session, name)
    with pytest.raises(PermissionDenied):
        list_users(session, me)
    session.rollback()


@pytest.mark.parametrize("username", ["officer\x00", "\udcff-officer"])
def test_a_name_no_account_can_hold_is_an_unknown_account_and_logged(
    session: Session, username: str
):
    # NUL (which PostgreSQL's driver refuses) or a broken encoding: the same answer as any
    # unknown name, and the refusal is on record with the name escaped, not lost.
    with pytest.raises(AuthenticationFailed, match=r"^wrong user name or password$"):
        authenticate(session, username, PW)
    session.rollback()
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.action == AuditAction.authentication)
    ).all()
    escaped = username.encode("unicode_escape").decode("ascii")
    assert any(e.username == escaped and "unknown account" in e.summary for e in entries)
