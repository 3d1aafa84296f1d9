"""The first-run wizard (offscreen, serial tasks): local encrypted file or PostgreSQL server, the
administrator, the demo caseload."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_support import *  # noqa: F403
from gui_support import PASSWORD
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QWizard
from sqlalchemy import Engine, func, make_url, select, text

from rsoman.config import database_named, resolve_database_url
from rsoman.core.services.users import authenticate
from rsoman.core.store.engine import (
    PLAIN_SQLITE_HEADER,
    DatabaseKey,
    forget_keys,
    head_revision,
    make_engine,
    session_scope,
)
from rsoman.core.store.models import Offender, UserAccount
from rsoman.gui.first_run_wizard import DATABASE_URL_KEY, FirstRunWizard
from rsoman.gui.sign_in import LAST_USERNAME_KEY

PASSPHRASE = "kettle orbit tulip"


def _next(qtbot, wizard: FirstRunWizard) -> None:
    wizard.next()
    qtbot.wait(0)  # deferred steps (QTimer.singleShot(0)) run


def _admin(wizard: FirstRunWizard, password: str = PASSWORD, again: str = PASSWORD) -> None:
    wizard.admin.passwordEdit.setText(password)
    wizard.admin.confirmEdit.setText(again)


@pytest.fixture
def wizard_for(qtbot, prefs: QSettings) -> Iterator[list[FirstRunWizard]]:
    made: list[FirstRunWizard] = []
    yield made
    for wizard in made:
        if wizard.engine is not None:
            wizard.engine.dispose()
    forget_keys()


def _wizard(qtbot, prefs: QSettings, made: list[FirstRunWizard], **kw: object) -> FirstRunWizard:
    wizard = FirstRunWizard(prefs, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    made.append(wizard)
    wizard.show()
    return wizard


def test_local_file_with_a_demo_creates_the_encrypted_file_the_administrator_and_the_demo(
    qtbot, tmp_path: Path, prefs: QSettings, wizard_for: list[FirstRunWizard]
) -> None:
    target = tmp_path / "data" / "rsoman.db"
    wizard = _wizard(qtbot, prefs, wizard_for, default_path=target)
    page = wizard.location
    assert page is not None and page.is_local and page.pathEdit.text() == str(target)
    page.passphraseEdit.setText(PASSPHRASE)
    page.passphraseConfirmEdit.setText(PASSPHRASE)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin
    _admin(wizard)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.demo
    assert wizard.demo.demoCheck.isChecked(), "on by default for a local file"
    wizard.demo.demoSizeSpin.setValue(20)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.setup.isComplete(), timeout=60_000)
    assert "fictional" in wizard.setup.statusLabel.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted

    assert target.read_bytes()[:16] != PLAIN_SQLITE_HEADER, "the file is encrypted"
    assert prefs.value(DATABASE_URL_KEY) == str(target)
    assert prefs.value(LAST_USERNAME_KEY) == "officer"
    assert PASSPHRASE not in Path(prefs.fileName()).read_text()
    wizard.engine.dispose()
    forget_keys()
    engine = make_engine(str(target), key=DatabaseKey.of(PASSPHRASE))
    try:
        with session_scope(engine) as session:
            assert authenticate(session, "admin", PASSWORD).username == "admin"
            count = session.execute(select(func.count()).select_from(Offender)).scalar_one()
            assert count == 20
    finally:
        engine.dispose()


@pytest.fixture
def empty_server_database(pg_template: tuple[Engine, str]) -> Iterator[str]:
    admin, _template = pg_template
    name = "wizard_" + uuid.uuid4().hex[:10]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _fill_server(wizard: FirstRunWizard, url: str) -> None:
    page = wizard.location
    assert page is not None
    u = make_url(url)
    page.serverRadio.setChecked(True)
    page.hostEdit.setText(u.host or "")
    page.portSpin.setValue(u.port or 5432)
    page.databaseEdit.setText(u.database or "")
    page.userEdit.setText(u.username or "")
    page.passwordEdit.setText("not stored anywhere")  # the test cluster trusts: any will do
    page.tlsCombo.setCurrentText("disable")  # the throwaway cluster has no TLS


@pytest.mark.postgres
def test_server_path_creates_the_schema_and_the_administrator_and_remembers_no_password(
    qtbot, prefs: QSettings, empty_server_database: str, wizard_for: list[FirstRunWizard]
) -> None:
    wizard = _wizard(qtbot, prefs, wizard_for)
    _fill_server(wizard, empty_server_database)
    page = wizard.location
    assert page is not None
    page.testButton.click()
    qtbot.waitUntil(lambda: page.testButton.isEnabled())
    assert "empty database" in page.testResultLabel.text()
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin
    _admin(wizard)
    _next(qtbot, wizard)
    assert not wizard.demo.demoCheck.isChecked(), "off by default for a shared server"
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.setup.isComplete(), timeout=60_000)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted

    remembered = prefs.value(DATABASE_URL_KEY)
    assert remembered.startswith("postgresql+psycopg://") and "sslmode=disable" in remembered
    assert make_url(remembered).password is None
    assert "not stored anywhere" not in Path(prefs.fileName()).read_text()
    assert prefs.value(LAST_USERNAME_KEY) == "admin"
    assert wizard.engine is not None
    with wizard.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
    with session_scope(wizard.engine) as session:
        users = session.execute(select(UserAccount.username)).scalars().all()
        assert users == ["admin"]
        assert session.execute(select(func.count()).select_from(Offender)).scalar_one() == 0


@pytest.mark.postgres
def test_a_bad_host_is_explained_and_the_wizard_stays(
    qtbot, prefs: QSettings, empty_server_database: str, wizard_for: list[FirstRunWizard]
) -> None:
    wizard = _wizard(qtbot, prefs, wizard_for)
    _fill_server(wizard, empty_server_database)
    page = wizard.location
    assert page is not None
    page.hostEdit.setText("rsoman-db.invalid")
    _next(qtbot, wizard)  # Next tests first, and stays when it fails
    qtbot.waitUntil(lambda: page.testButton.isEnabled())
    assert wizard.currentPage() is page
    assert "name was not found" in page.testResultLabel.text()
    # Fixed: Next tests again and goes on by itself.
    page.hostEdit.setText(make_url(empty_server_database).host or "")
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.admin)
    wizard.reject()
    assert prefs.value(DATABASE_URL_KEY) is None


def test_passwords_that_differ_are_shown_beside_the_field_and_nothing_is_created(
    qtbot, tmp_path: Path, prefs: QSettings, wizard_for: list[FirstRunWizard]
) -> None:
    target = tmp_path / "rsoman.db"
    wizard = _wizard(qtbot, prefs, wizard_for, default_path=target)
    page = wizard.location
    assert page is not None
    page.passphraseEdit.setText(PASSPHRASE)
    page.passphraseConfirmEdit.setText("kettle orbit tulips")
    _next(qtbot, wizard)
    assert wizard.currentPage() is page
    assert "differ" in page.passphraseProblemsLabel.text()
    page.passphraseEdit.setText("short")
    page.passphraseConfirmEdit.setText("short")
    _next(qtbot, wizard)
    assert "at least 12" in page.passphraseProblemsLabel.text()
    page.passphraseEdit.setText(PASSPHRASE)
    page.passphraseConfirmEdit.setText(PASSPHRASE)
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.admin

    _admin(wizard, PASSWORD, PASSWORD + "x")
    _next(qtbot, wizard)
    problems = wizard.admin.passwordProblemsLabel
    assert wizard.currentPage() is wizard.admin and problems.isVisible()
    assert "differ" in problems.text()
    wizard.admin.passwordEdit.setText("short")
    assert "at least 12 characters" in problems.text(), "follows the typing once shown"
    assert wizard.admin.passwordEdit.text() == "short"
    wizard.reject()
    assert not target.exists(), "nothing is created before the last step"
    assert prefs.value(DATABASE_URL_KEY) is None


def test_on_an_open_database_without_accounts_the_location_page_is_skipped(
    qtbot, sqlite_engine: Engine, runner, prefs: QSettings, wizard_for: list[FirstRunWizard]
) -> None:
    wizard = _wizard(qtbot, prefs, wizard_for, engine=sqlite_engine, runner=runner)
    assert wizard.location is None and wizard.currentPage() is wizard.admin
    _admin(wizard)
    _next(qtbot, wizard)
    wizard.demo.demoCheck.setChecked(False)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.setup.isComplete())
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert prefs.value(DATABASE_URL_KEY) is None, "a database named at start is not remembered"
    with session_scope(sqlite_engine) as session:
        assert session.execute(select(UserAccount.username)).scalars().all() == ["admin"]
    wizard_for.clear()  # the engine belongs to the fixture


def test_a_remembered_database_is_used_only_when_none_is_named() -> None:
    env = {"RSOMAN_DB": "env.db"}
    assert resolve_database_url("flag.db", env, remembered="kept.db") == "flag.db"
    assert resolve_database_url(None, env, remembered="kept.db") == "env.db"
    assert resolve_database_url(None, {}, remembered="kept.db") == "kept.db"
    assert database_named("flag.db", {}) and database_named(None, env)
    assert not database_named(None, {"RSOMAN_DB": " "})


def test_the_app_asks_where_the_data_lives_when_nothing_is_chosen_yet(
    qapp, tmp_path: Path, prefs: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rsoman.gui import app as gui_app

    monkeypatch.setattr(gui_app, "settings", lambda: prefs)
    monkeypatch.setattr(gui_app, "resolve_database_url", lambda **_kw: str(tmp_path / "r.db"))
    shown: list[bool] = []

    def closed(self: FirstRunWizard) -> QDialog.DialogCode:
        shown.append(self.location is not None)
        self._release()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunWizard, "exec", closed)
    assert gui_app.run(None) == 0
    assert shown == [True], "the wizard opened on its first page"
    assert not (tmp_path / "r.db").exists()
