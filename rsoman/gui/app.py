"""The desktop application: open the database, first run, sign in, main window.

The database is opened and migrated before any window exists (as Vorta does), so a window never
meets an old schema and a failure is one clear message box, not a half-built window.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..core.demo import demo_accounts as demo_accounts_in
from ..core.services.users import any_accounts
from ..core.store.engine import DatabaseError, open_database, session_scope
from ..paths import doc, resource
from .first_run import FirstRunDialog
from .main_window import MainWindow
from .scheduler import start_warning_scheduler
from .sign_in import SignInDialog
from .tasks import TaskRunner

log = logging.getLogger(__name__)

APP_NAME = "rsoman"
ORGANISATION = "rsoman"


def settings() -> QSettings:
    """Per-user preferences (last user name...): never anything about offenders."""
    return QSettings(ORGANISATION, APP_NAME)


def user_guide_path() -> Path | None:
    """The user guide shipped with this copy, if any."""
    path = doc("user-guide.md")
    return path if path.is_file() else None


def _apply_style(app: QApplication) -> None:
    style = resource("style.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def has_accounts(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return any_accounts(session)


def demo_accounts(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return demo_accounts_in(session)


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    return app


def run(db_url: str) -> int:
    """Run the desktop app on a database; returns the process exit status."""
    app = _application()
    _apply_style(app)
    try:
        engine = open_database(db_url)
        first_run = not has_accounts(engine)
    except (DatabaseError, SQLAlchemyError) as exc:
        QMessageBox.critical(
            None, APP_NAME, f"rsoman cannot open its database.\n\n{exc}\n\nDatabase: {db_url}"
        )
        return 1

    runner = TaskRunner(engine)
    prefs = settings()
    try:
        if first_run:
            setup = FirstRunDialog(runner, prefs)
            if setup.exec() != QDialog.DialogCode.Accepted:
                return 0
        sign_in = SignInDialog(runner, prefs, demo_accounts=demo_accounts(engine))
        if sign_in.exec() != QDialog.DialogCode.Accepted or sign_in.actor is None:
            return 0
        window = MainWindow(engine, runner, sign_in.actor, settings=prefs)
        window.show()
        # The warning scan: at once, hourly and at 07:00, off the GUI thread (issue 3).
        window.scan_label.setText("Warnings: scanning…")
        scans = start_warning_scheduler(db_url, parent=window)
        scans.scan_finished.connect(window.show_scan_result)
        scans.scan_failed.connect(window.show_scan_error)
        # A saved visit or notification may resolve warnings: scan again at once.
        window.data_changed.connect(scans.scan_now)
        window.scan_requested.connect(scans.scan_now)
        try:
            return app.exec()
        finally:
            # A result still queued for delivery must not reach a window whose task runner is
            # about to stop.
            scans.scan_finished.disconnect(window.show_scan_result)
            scans.scan_failed.disconnect(window.show_scan_error)
            scans.shutdown()
    finally:
        runner.shutdown()
        engine.dispose()
