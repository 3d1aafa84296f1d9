"""The force settings dialog: loads what is in force, saves only changes with a reason, shows each
problem beside its field keeping what was typed, asks before discarding, refuses non-admins;
and the inactivity lock prefers the database setting."""

from __future__ import annotations

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QSettings, QTime
from PySide6.QtWidgets import QWidget
from sqlalchemy import Engine
from sqlmodel import select

from rsoman.core.services.actor import Actor
from rsoman.core.services.policy import current_policy
from rsoman.core.services.settings import get_settings
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Role
from rsoman.core.store.models import AuditEntry, ForceSetting
from rsoman.gui.inactivity import DEFAULT_LOCK_MINUTES, LOCK_AFTER_KEY, lock_minutes
from rsoman.gui.settings_dialog import REFUSAL, SettingsDialog
from rsoman.gui.tasks import TaskRunner


def _user(engine: Engine, role: Role) -> Actor:
    with session_scope(engine) as session:
        return f.user(session, role)


def _open(qtbot, engine: Engine, runner: TaskRunner, role: Role) -> SettingsDialog:
    dialog = SettingsDialog(engine, runner, _user(engine, role))
    dialog.confirm_discard = lambda: True  # teardown must never block on the question box
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _settings(engine: Engine):
    with session_scope(engine) as session:
        return get_settings(session)


def test_loads_the_settings_in_force(qtbot, sqlite_engine, runner):
    dialog = _open(qtbot, sqlite_engine, runner, Role.administrator)
    assert dialog.time_edit.time() == QTime(7, 0)
    assert (dialog.every_spin.value(), dialog.lock_spin.value()) == (60, 10)
    assert dialog.capacity_spin.value() == 50
    assert dialog.policy_spins["visit_interval_high_days"].value() == 91
    assert dialog.body.isEnabled() and dialog.save_button.isEnabled() and not dialog.dirty
    assert "v1" in dialog.policy_label.text()
    assert dialog.borough_combo.count() == 32  # London boroughs, not the central team


def test_saves_only_the_changes_with_the_reason(qtbot, sqlite_engine, runner):
    dialog = _open(qtbot, sqlite_engine, runner, Role.administrator)
    dialog.lock_spin.setValue(5)
    dialog.time_edit.setTime(QTime(6, 15))
    dialog.policy_spins["visit_interval_high_days"].setValue(60)
    dialog.reason_edit_box.setPlainText("Force review")
    dialog.submit()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    s = _settings(sqlite_engine)
    assert (s.lock_after_minutes, s.scan_daily_time, s.scan_every_minutes) == (5, "06:15", 60)
    with session_scope(sqlite_engine) as session:
        keys = {r.key for r in session.exec(select(ForceSetting))}
        assert keys == {"lock_after_minutes", "scan_daily_time"}
        assert current_policy(session).visit_interval_high_days == 60
        (entry,) = session.exec(
            select(AuditEntry).where(AuditEntry.object_type == "settings")
        ).all()
        assert "lock_after_minutes: 10 -> 5" in entry.summary
        assert entry.justification == "Force review"


def test_problems_are_shown_beside_fields_and_nothing_typed_is_lost(qtbot, sqlite_engine, runner):
    dialog = _open(qtbot, sqlite_engine, runner, Role.administrator)
    dialog.capacity_spin.setValue(0)
    dialog.policy_spins["risk_review_days"].setValue(5000)
    dialog.contact_edit.setText("x" * 301)
    dialog.lock_spin.setValue(7)
    dialog.submit()
    assert dialog.isVisible()
    assert "not positive" in dialog.problem_text("default_capacity")
    assert "more than 3650" in dialog.problem_text("risk_review_days")
    assert "at most 300" in dialog.problem_text("briefing_contact")
    assert "reason is required" in dialog.problem_text("reason")
    assert dialog.problem_text("lock_after_minutes") == ""
    # Everything typed is still there, and nothing was saved.
    assert dialog.capacity_spin.value() == 0 and dialog.lock_spin.value() == 7
    assert dialog.contact_edit.text() == "x" * 301
    assert _settings(sqlite_engine).lock_after_minutes == 10


def test_each_borough_keeps_its_own_contact(qtbot, sqlite_engine, runner):
    dialog = _open(qtbot, sqlite_engine, runner, Role.administrator)
    dialog.select_borough("croydon")
    dialog.borough_contact_edit.setText("Jigsaw Croydon, 020 7946 0000 (fictional)")
    dialog.select_borough("camden")
    assert dialog.borough_contact_edit.text() == ""
    dialog.borough_contact_edit.setText("y" * 301)
    dialog.select_borough("croydon")
    assert dialog.borough_contact_edit.text().startswith("Jigsaw Croydon")
    dialog.reason_edit_box.setPlainText("Contacts")
    dialog.submit()
    # Camden's contact is too long: the problem is shown by the edit, on Camden, named.
    assert dialog.isVisible()
    assert dialog.borough_combo.currentData() == "camden"
    assert "Camden: is 301 characters long" in dialog.problem_text("borough_contact")
    dialog.borough_contact_edit.setText("Jigsaw Camden (fictional)")
    dialog.submit()
    assert not dialog.isVisible()
    contacts = _settings(sqlite_engine).briefing_contacts
    assert contacts == {
        "croydon": "Jigsaw Croydon, 020 7946 0000 (fictional)",
        "camden": "Jigsaw Camden (fictional)",
    }


def test_nothing_changed_is_said_at_the_top(qtbot, sqlite_engine, runner):
    dialog = _open(qtbot, sqlite_engine, runner, Role.administrator)
    dialog.reason_edit_box.setPlainText("no-op")
    dialog.submit()
    assert dialog.isVisible() and "Nothing has been changed" in dialog.error_label.text()


def test_closing_with_changes_asks_first(qtbot, sqlite_engine, runner):
    dialog = _open(qtbot, sqlite_engine, runner, Role.administrator)
    dialog.every_spin.setValue(30)
    asked: list[bool] = []
    dialog.confirm_discard = lambda: asked.append(True) or False
    dialog.reject()
    assert dialog.isVisible() and asked == [True]
    dialog.confirm_discard = lambda: True
    dialog.reject()
    assert not dialog.isVisible()
    assert _settings(sqlite_engine).scan_every_minutes == 60


@pytest.mark.parametrize("role", [Role.supervisor, Role.offender_manager])
def test_others_see_the_values_and_a_refusal(qtbot, sqlite_engine, runner, role):
    dialog = _open(qtbot, sqlite_engine, runner, role)
    assert dialog.lock_spin.value() == 10
    assert not dialog.save_button.isEnabled() and not dialog.body.isEnabled()
    assert dialog.error_label.text() == REFUSAL


def test_the_lock_prefers_the_database_setting(tmp_path):
    prefs = QSettings(str(tmp_path / "lock.ini"), QSettings.Format.IniFormat)
    assert lock_minutes(prefs) == DEFAULT_LOCK_MINUTES
    prefs.setValue(LOCK_AFTER_KEY, 3)
    assert lock_minutes(prefs) == 3
    assert lock_minutes(prefs, 5) == 5
    # An unusable database value falls back, never switching the lock off.
    assert lock_minutes(prefs, 0) == 3
    assert lock_minutes(prefs, None) == 3


def test_install_uses_the_database_minutes(qtbot, runner, sqlite_engine, tmp_path):
    from rsoman.gui.inactivity import install_inactivity_lock

    prefs = QSettings(str(tmp_path / "lock.ini"), QSettings.Format.IniFormat)
    window = QWidget()
    qtbot.addWidget(window)
    lock = install_inactivity_lock(
        runner, _user(sqlite_engine, Role.offender_manager), window, prefs, 4
    )
    assert lock._watcher is not None and lock._watcher.interval_ms == 4 * 60_000
    lock._watcher.stop()
