"""The inactivity lock and the password dialog (offscreen, tasks serial, a real SQLite store)."""

from __future__ import annotations

import factories as f
import pytest
from argon2 import PasswordHasher
from gui_support import *  # noqa: F403
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMainWindow, QWidget
from sqlalchemy import Engine
from sqlmodel import select

from rsoman.core.services import users
from rsoman.core.services.actor import SYSTEM, Actor, actor_for_username
from rsoman.core.services.users import create_user, reset_password
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Role
from rsoman.core.store.models import UserAccount
from rsoman.gui.inactivity import (
    DEFAULT_LOCK_MINUTES,
    LOCK_AFTER_KEY,
    LOCKED_TITLE,
    InactivityWatcher,
    ScreenLock,
    lock_minutes,
)
from rsoman.gui.password_dialog import PasswordDialog

PW = "kettle orbit tulip"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture
def officer(sqlite_engine: Engine) -> Actor:
    with session_scope(sqlite_engine) as session:
        row = f.officer(session)
        create_user(
            session,
            SYSTEM,
            username="dc.quill",
            role=Role.offender_manager,
            password=PW,
            officer_warrant=row.warrant_number,
        )
    with session_scope(sqlite_engine) as session:
        return actor_for_username(session, "dc.quill")


def _failed_logins(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.exec(
            select(UserAccount.failed_logins).where(UserAccount.username == "dc.quill")
        ).one()


# --- the watcher ----------------------------------------------------------------------------


def test_lock_fires_after_the_interval(qtbot):
    watcher = InactivityWatcher(minutes=0.002)  # 120 ms
    watcher.start()
    try:
        with qtbot.waitSignal(watcher.locked, timeout=5000):
            pass
    finally:
        watcher.stop()


def test_input_restarts_the_countdown(qtbot):
    widget = QLineEdit()
    qtbot.addWidget(widget)
    widget.show()
    watcher = InactivityWatcher(minutes=1)
    watcher.start()
    try:
        qtbot.wait(300)
        assert watcher.remaining_ms() < 59_800
        QApplication.sendEvent(
            widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        )
        assert watcher.remaining_ms() > 59_800
    finally:
        watcher.stop()


def test_lock_interval_setting(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert lock_minutes(settings) == DEFAULT_LOCK_MINUTES == 10
    settings.setValue(LOCK_AFTER_KEY, 5)
    assert lock_minutes(settings) == 5
    for unusable in ("", "0", "-3", "soon"):
        settings.setValue(LOCK_AFTER_KEY, unusable)
        assert lock_minutes(settings) == DEFAULT_LOCK_MINUTES
    assert InactivityWatcher(minutes=10).interval_ms == 600_000


# --- the lock -------------------------------------------------------------------------------


class _World:
    """A main window showing a name, a record window, and a form with text typed in it."""

    def __init__(self, qtbot) -> None:
        self.main = QMainWindow()
        self.main.setWindowTitle("rsoman: Camden")
        self.main.setCentralWidget(QLabel("Varnicote, Testy (RSO-T00001)"))
        self.record = QWidget()
        self.record.setWindowTitle("Varnicote, Testy")
        self.form = QDialog()
        self.form.setWindowTitle("Record a visit")
        self.form_edit = QLineEdit(self.form)
        for w in (self.main, self.record, self.form):
            qtbot.addWidget(w)
            w.resize(400, 300)
            w.show()
        self.form_edit.setText("observations typed before the lock")

    def covers(self) -> list[QWidget]:
        return [
            c
            for w in (self.main, self.record, self.form)
            for c in w.findChildren(QWidget, "lockCover")
            if c.isVisible()
        ]


def _lock(qtbot, runner, officer) -> tuple[_World, ScreenLock, InactivityWatcher]:
    world = _World(qtbot)
    watcher = InactivityWatcher(minutes=0.002)
    lock = ScreenLock(runner, officer, world.main, watcher)
    watcher.start()
    with qtbot.waitSignal(watcher.locked, timeout=5000):
        pass
    # Long enough not to lock again while the test goes on.
    watcher.set_minutes(10)
    assert lock.is_locked and lock.dialog is not None
    qtbot.addWidget(lock.dialog)
    return world, lock, watcher


def test_locked_windows_show_nothing_readable(qtbot, runner, officer):
    world, lock, watcher = _lock(qtbot, runner, officer)
    try:
        assert len(world.covers()) == 3
        for cover in world.covers():
            assert cover.geometry() == cover.parentWidget().rect()
        assert {w.windowTitle() for w in (world.main, world.record, world.form)} == {LOCKED_TITLE}
        assert lock.dialog.isModal() and lock.dialog.isVisible()
        # Escape does not dismiss the lock.
        qtbot.keyClick(lock.dialog, Qt.Key.Key_Escape)
        lock.dialog.reject()
        assert lock.is_locked and lock.dialog.isVisible()
    finally:
        watcher.stop()
        _unlock(qtbot, lock)


def _unlock(qtbot, lock: ScreenLock, password: str = PW) -> None:
    if lock.dialog is None:
        return
    lock.dialog.password_edit.setText(password)
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)


def test_wrong_password_stays_locked_and_counts(qtbot, runner, officer, sqlite_engine):
    world, lock, watcher = _lock(qtbot, runner, officer)
    try:
        _unlock(qtbot, lock, "not the password")
        assert lock.is_locked and lock.dialog.isVisible()
        assert "wrong user name or password" in lock.dialog.error_label.text()
        assert lock.dialog.password_edit.text() == ""
        assert len(world.covers()) == 3
        assert _failed_logins(sqlite_engine) == 1
    finally:
        watcher.stop()
        _unlock(qtbot, lock)


def test_right_password_unlocks_and_typed_text_survives(qtbot, runner, officer):
    world, lock, watcher = _lock(qtbot, runner, officer)
    try:
        with qtbot.waitSignal(lock.unlocked, timeout=5000):
            _unlock(qtbot, lock)
        assert not lock.is_locked
        QApplication.processEvents()
        assert world.covers() == []
        assert world.main.windowTitle() == "rsoman: Camden"
        assert world.record.windowTitle() == "Varnicote, Testy"
        assert world.form.isVisible()
        assert world.form_edit.text() == "observations typed before the lock"
        # The countdown runs again.
        assert watcher.remaining_ms() > 0
    finally:
        watcher.stop()


def test_sign_out(qtbot, runner, officer):
    world, lock, watcher = _lock(qtbot, runner, officer)
    try:
        with qtbot.waitSignal(lock.sign_out, timeout=2000):
            qtbot.mouseClick(lock.dialog.sign_out_button, Qt.MouseButton.LeftButton)
        assert not lock.dialog.isVisible()
        assert world.form_edit.text() == "observations typed before the lock"
    finally:
        watcher.stop()


# --- the password dialog --------------------------------------------------------------------


def test_change_password_dialog(qtbot, runner, officer, sqlite_engine):
    dialog = PasswordDialog(runner, officer.username, actor=officer)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.current_edit.setText(PW)
    dialog.new_edit.setText("password1234")
    assert any("too common" in p for p in dialog.problems())
    assert not dialog._ok.isEnabled()
    dialog.new_edit.setText("walnut harbour violet")
    dialog.confirm_edit.setText("walnut harbour violeT")
    assert "The two new passwords differ." in dialog.problems()
    dialog.confirm_edit.setText("walnut harbour violet")
    assert dialog._ok.isEnabled()
    dialog.current_edit.setText("wrong current one")
    dialog.submit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "current password is wrong" in dialog.problems_label.text()
    dialog.current_edit.setText(PW)
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with session_scope(sqlite_engine) as session:
        assert users.authenticate(session, "dc.quill", "walnut harbour violet")


def test_must_change_at_sign_in(qtbot, runner, officer, sqlite_engine):
    with session_scope(sqlite_engine) as session:
        admin = create_user(
            session, SYSTEM, username="root-admin", role=Role.administrator, password=PW
        )
        reset_password(
            session, actor_for_username(session, admin.username), "dc.quill", "lantern quarry moss"
        )
    dialog = PasswordDialog(
        runner, "dc.quill", must_change=True, current_password="lantern quarry moss"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert "reset" in dialog.findChild(QLabel).text()
    dialog.new_edit.setText("walnut harbour violet")
    dialog.confirm_edit.setText("walnut harbour violet")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "dc.quill"
    with session_scope(sqlite_engine) as session:
        assert not users.password_change_required(session, "dc.quill")
