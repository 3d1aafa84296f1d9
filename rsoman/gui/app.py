"""The desktop application: open the database, first run, sign in, main window.

The database is opened and migrated before any window exists (as Vorta does), so a window never
meets an old schema and a failure is one clear message box, not a half-built window.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox
from sqlalchemy import URL, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..config import (
    PassphraseMismatch,
    database_key,
    describe_database,
    resolve_database_url,
    sqlite_file,
)
from ..core.services.settings import get_settings
from ..core.services.users import any_accounts
from ..core.store.engine import (
    WRONG_KEY,
    DatabaseError,
    DatabaseKey,
    normalise_url,
    open_database,
    open_database_reporting,
    session_scope,
)
from ..core.store.probe import ProbeKind, probe_database
from ..paths import doc, resource
from .first_run_wizard import DATABASE_URL_KEY, FirstRunWizard
from .inactivity import install_inactivity_lock
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
        # Imported here: the demo generator is large and only this question needs it.
        from ..core.demo import demo_accounts as demo_accounts_in

        return demo_accounts_in(session)


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    return app


UNENCRYPTED_TITLE = "UNENCRYPTED DATABASE"


def _ask_passphrase(prompt: str) -> str:
    text, ok = QInputDialog.getText(None, APP_NAME, prompt, QLineEdit.EchoMode.Password)
    if not ok:
        raise KeyboardInterrupt  # the person chose not to open the database
    return text


def _server_password(db_url: str) -> str | None:
    """A server URL that connects: as given when libpq finds the password itself (in the URL,
    `PGPASSWORD`, `~/.pgpass`, a service file), else with one typed here (three tries; kept in
    memory only). None when the person gives up."""
    u = normalise_url(db_url)
    for _attempt in range(3):
        result = probe_database(u)
        if result.kind not in (ProbeKind.NO_PASSWORD, ProbeKind.WRONG_PASSWORD):
            return u.render_as_string(hide_password=False)
        prompt = f"Password for {u.username or 'you'} on {u.host}:"
        if result.kind is ProbeKind.WRONG_PASSWORD and u.password:
            prompt = f"{result.message} {prompt}"
        try:
            u = u.set(password=_ask_passphrase(prompt))
        except KeyboardInterrupt:
            return None
    return None


def _open(db_url: str) -> tuple[Engine, str | None, DatabaseKey | None, str] | None:
    """Open the database with its passphrase: `RSOMAN_PASSPHRASE`, else asked (three tries;
    typed twice for a new file); a server's password is asked if need be. Returns the engine,
    the upgrade message, the key and the URL as opened; None when the person gives up."""
    if sqlite_file(db_url) is None and normalise_url(db_url).get_backend_name() == "postgresql":
        found = _server_password(db_url)
        if found is None:
            return None
        db_url = found
    for _attempt in range(3):
        try:
            key = database_key(db_url, ask=_ask_passphrase)
        except KeyboardInterrupt:
            return None
        except PassphraseMismatch as exc:
            QMessageBox.warning(None, APP_NAME, str(exc))
            continue
        try:
            engine, upgraded = open_database_reporting(db_url, key=key)
            return engine, upgraded, key, db_url
        except DatabaseError as exc:
            if str(exc) != WRONG_KEY or DatabaseKey.from_environment() is not None:
                raise
            QMessageBox.warning(None, APP_NAME, f"{exc}. Try again.")
    return None


def _file_in_use(db_url: str) -> bool:
    """Whether the default database already exists (a server URL counts as chosen)."""
    path = sqlite_file(db_url)
    return path is None or (path.exists() and path.stat().st_size > 0)


def run(db_url: str | None = None) -> int:
    """Run the desktop app on a database; returns the process exit status.

    None means no database was named at start (`--db`, `RSOMAN_DB`): the one the first-run
    wizard remembered is used, else the default file; and when there is neither, the wizard
    starts by asking where the data lives."""
    app = _application()
    _apply_style(app)
    prefs = settings()
    if db_url is None:
        remembered = prefs.value(DATABASE_URL_KEY)
        db_url = resolve_database_url(
            environ={}, remembered=remembered if isinstance(remembered, str) else None
        )
        if not _file_in_use(db_url):
            wizard = FirstRunWizard(prefs, default_path=Path(db_url))
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.engine is None:
                return 0
            url = wizard.url
            chosen = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
            runner = TaskRunner(wizard.engine)
            return _signed_in_session(
                app, prefs, wizard.engine, runner, str(chosen), wizard.key, first_run=False
            )
    try:
        opened = _open(db_url)
        if opened is None:
            return 0
        engine, upgraded, key, db_url = opened
        first_run = not has_accounts(engine)
    except (DatabaseError, SQLAlchemyError) as exc:
        QMessageBox.critical(
            None,
            APP_NAME,
            f"rsoman cannot open its database.\n\n{exc}\n\nDatabase: {describe_database(db_url)}",
        )
        return 1
    if upgraded:  # one-way: say so, and where the copy of the old file is
        QMessageBox.information(None, APP_NAME, f"{upgraded}.")
    return _signed_in_session(
        app, prefs, engine, TaskRunner(engine), db_url, key, first_run=first_run
    )


def _signed_in_session(
    app: QApplication,
    prefs: QSettings,
    engine: Engine,
    runner: TaskRunner,
    db_url: str,
    key: DatabaseKey | None,
    *,
    first_run: bool,
) -> int:
    """First run on a database without accounts, then sign-in and the main window."""
    try:
        if first_run:
            setup = FirstRunWizard(prefs, engine=engine, runner=runner)
            if setup.exec() != QDialog.DialogCode.Accepted:
                return 0
        sign_in = SignInDialog(runner, prefs, demo_accounts=demo_accounts(engine))
        if sign_in.exec() != QDialog.DialogCode.Accepted or sign_in.actor is None:
            return 0
        window = MainWindow(engine, runner, sign_in.actor, settings=prefs)
        if key is not None and key.plain:
            window.setWindowTitle(f"{window.windowTitle()} — {UNENCRYPTED_TITLE}")
        window.show()
        # After the inactivity interval (default 10 minutes) the screen locks until the
        # password is typed again; open work stays as it is underneath.
        with session_scope(engine) as session:
            lock_after = get_settings(session).lock_after_minutes
        lock = install_inactivity_lock(runner, sign_in.actor, window, prefs, lock_after)
        lock.sign_out.connect(app.quit)
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


def smoke_test(db_url: str, wait_ms: int) -> int:
    """Start the real app unattended, to prove a build works (the PyInstaller test): sign in as
    $RSOMAN_USER with $RSOMAN_PASSWORD (the real sign-in, no way round it), open the main
    window, wait for the first warning scan (at most `wait_ms`), then quit. Exit status 0 only
    if the window opened and the scan finished. Preferences go to a throwaway file."""
    import os
    import tempfile

    from PySide6.QtCore import QTimer

    from ..core.jobs import ScanSummary
    from ..core.services.users import authenticate
    from .tray import scan_status_text

    app = _application()
    _apply_style(app)
    outcome: list[str] = []

    def finished(summary: ScanSummary) -> None:
        outcome.append(scan_status_text(summary))
        app.quit()

    def failed(message: str) -> None:
        outcome.append(f"the first scan failed: {message}")
        app.quit()

    engine = open_database(db_url)
    runner = TaskRunner(engine)
    try:
        with session_scope(engine) as session:
            actor = authenticate(
                session, os.environ.get("RSOMAN_USER", ""), os.environ.get("RSOMAN_PASSWORD", "")
            )
        with tempfile.TemporaryDirectory() as tmp:
            prefs = QSettings(str(Path(tmp) / "prefs.ini"), QSettings.Format.IniFormat)
            window = MainWindow(engine, runner, actor, settings=prefs)
            window.show()
            scans = start_warning_scheduler(db_url, parent=window)
            scans.scan_finished.connect(finished)
            scans.scan_failed.connect(failed)
            QTimer.singleShot(wait_ms, app.quit)
            app.exec()
            scans.scan_finished.disconnect(finished)
            scans.scan_failed.disconnect(failed)
            scans.shutdown()
            window.close()
    finally:
        runner.shutdown()
        engine.dispose()
    ok = bool(outcome) and not outcome[0].startswith("the first scan failed")
    first = outcome[0] if outcome else f"no scan finished within {wait_ms} ms"
    print(f"smoke test: main window opened as {actor.username}; {first}")
    return 0 if ok else 1
