"""Fixtures and helpers shared by the GUI tests (offscreen, tasks forced serial).

Import the fixtures into a test module with
`from gui_support import *  # noqa: F403` (pytest finds fixtures by name in the module).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from sqlalchemy import Engine

from rsoman.core.services.actor import Actor, actor_for_username
from rsoman.core.store.engine import make_engine, session_scope
from rsoman.gui import tasks
from rsoman.gui.tasks import TaskRunner

PASSWORD = "correct horse battery"
DEMO_SIZE = 150

__all__ = [
    "DEMO_SIZE",
    "PASSWORD",
    "actor",
    "click_ok",
    "demo_engine",
    "demo_file",
    "demo_runner",
    "no_dialog_left_open",
    "prefs",
    "runner",
    "serial_tasks",
]


@pytest.fixture(autouse=True)
def serial_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "FORCE_SERIAL", True)


@pytest.fixture(autouse=True)
def no_dialog_left_open(qapp: QApplication) -> Iterator[None]:
    """Fail a test after which a dialog is still open (a message box, a progress dialog...), as
    gitfourchette does. pytest-qt closes the widgets a test handed to `qtbot.addWidget` first:
    what is left is what the code under test opened and forgot."""
    yield
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    for widget in left:
        widget.close()
    assert not left, f"dialogs left open: {[w.windowTitle() for w in left]}"


@pytest.fixture
def prefs(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def runner(sqlite_engine: Engine) -> Iterator[TaskRunner]:
    r = TaskRunner(sqlite_engine)
    yield r
    r.shutdown()


@pytest.fixture(scope="module")
def demo_file(demo_database: Callable[..., Path]) -> Path:
    """A small demo database, generated once for the session (conftest.py's `demo_database`: a
    fixture defined here would be built again for every module importing it) and copied for
    each test."""
    return demo_database(offenders=DEMO_SIZE, seed=1, password=PASSWORD)


@pytest.fixture
def demo_engine(demo_file: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    engine = make_engine(str(path))
    yield engine
    engine.dispose()


@pytest.fixture
def demo_runner(demo_engine: Engine) -> Iterator[TaskRunner]:
    r = TaskRunner(demo_engine)
    yield r
    r.shutdown()


def actor(engine: Engine, username: str) -> Actor:
    with session_scope(engine) as session:
        return actor_for_username(session, username)


def click_ok(dialog: QDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
