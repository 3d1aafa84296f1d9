"""The first desktop window: first run, sign-in, the caseload table (offscreen, serial tasks)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from gui_support import *  # noqa: F403
from gui_support import DEMO_SIZE, PASSWORD, actor, click_ok
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget, QWizard
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from rsoman.core.services.actor import Actor
from rsoman.core.services.errors import PermissionDenied
from rsoman.core.services.offenders import (
    CASELOAD_COLUMNS,
    CaseloadQuery,
    caseload_ids,
    caseload_rows,
)
from rsoman.core.services.users import authenticate, create_first_administrator
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Rank, Sex, TeamRole
from rsoman.core.store.models import (
    Assignment,
    AuditEntry,
    Offender,
    OffenderAlias,
    Officer,
    UserAccount,
)
from rsoman.gui import app as gui_app
from rsoman.gui import caseload_model
from rsoman.gui.caseload_model import OFFENDER_ID_ROLE, CaseloadModel
from rsoman.gui.first_run_wizard import FirstRunWizard
from rsoman.gui.forms import FORM_MODULES
from rsoman.gui.main_window import ADMINISTRATOR_MESSAGE, MainWindow
from rsoman.gui.sign_in import LAST_USERNAME_KEY, SignInDialog
from rsoman.gui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[1]


def ids_for(engine: Engine, who: Actor, query: CaseloadQuery) -> list[int]:
    with session_scope(engine) as session:
        return caseload_ids(session, who, query)


def open_window(qtbot, engine: Engine, runner: TaskRunner, username: str) -> MainWindow:
    window = MainWindow(engine, runner, actor(engine, username))
    qtbot.addWidget(window)
    window.show()
    return window


def displayed(model: CaseloadModel, row: int, key: str) -> str:
    return model.index(row, model.column_keys.index(key)).data()


def model_ids(model: CaseloadModel) -> list[int]:
    return [model.offender_id(r) for r in range(model.rowCount())]


def click_header(qtbot, window: MainWindow, key: str) -> None:
    header = window.ui.caseloadView.horizontalHeader()
    section = window.model.column_keys.index(key)
    window.ui.caseloadView.scrollTo(window.model.index(0, section))
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


# --- first run --------------------------------------------------------------------------------


def _first_run(qtbot, engine: Engine, runner: TaskRunner, prefs: QSettings) -> FirstRunWizard:
    """The wizard as the app shows it on a database without accounts (no location page)."""
    wizard = FirstRunWizard(prefs, engine=engine, runner=runner)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _finish(qtbot, wizard: FirstRunWizard) -> None:
    qtbot.waitUntil(wizard.setup.isComplete, timeout=60_000)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_first_run_creates_the_administrator_and_a_demo_caseload(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, prefs: QSettings
) -> None:
    wizard = _first_run(qtbot, sqlite_engine, runner, prefs)
    qtbot.keyClicks(wizard.admin.passwordEdit, PASSWORD)
    qtbot.keyClicks(wizard.admin.confirmEdit, PASSWORD)
    wizard.next()
    assert wizard.demo.demoCheck.isChecked()
    assert wizard.demo.demoSizeSpin.value() == 600
    wizard.demo.demoSizeSpin.setValue(DEMO_SIZE)
    wizard.next()
    _finish(qtbot, wizard)

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.summary is not None and wizard.summary.offenders == DEMO_SIZE
    with session_scope(sqlite_engine) as session:
        offenders = session.execute(select(func.count()).select_from(Offender)).scalar_one()
        assert offenders == DEMO_SIZE
        assert authenticate(session, "admin", PASSWORD).username == "admin"
        assert authenticate(session, "officer", PASSWORD).username == "officer"
    # The sign-in dialog will offer the demo officer (the administrator sees no caseload), and
    # list the demo accounts.
    assert prefs.value(LAST_USERNAME_KEY) == "officer"
    assert set(gui_app.demo_accounts(sqlite_engine)) >= {"admin", "officer", "supervisor"}


def test_first_run_without_the_demo_creates_only_the_administrator(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, prefs: QSettings
) -> None:
    wizard = _first_run(qtbot, sqlite_engine, runner, prefs)
    wizard.admin.passwordEdit.setText(PASSWORD)
    wizard.admin.confirmEdit.setText(PASSWORD)
    wizard.next()
    wizard.demo.demoCheck.setChecked(False)
    assert not wizard.demo.demoSizeSpin.isEnabled()
    wizard.next()
    _finish(qtbot, wizard)

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.summary is None
    with session_scope(sqlite_engine) as session:
        users = session.execute(select(UserAccount.username, UserAccount.role)).all()
        assert [(u, str(r)) for u, r in users] == [("admin", "administrator")]
        assert session.execute(select(func.count()).select_from(Offender)).scalar_one() == 0
        entry = session.execute(
            select(AuditEntry).where(AuditEntry.object_key == "admin")
        ).scalar_one()
        assert entry.username == "system"
    assert gui_app.demo_accounts(sqlite_engine) == []
    assert prefs.value(LAST_USERNAME_KEY) == "admin"


def test_first_run_shows_password_problems_beside_the_field_and_keeps_the_text(
    qtbot, sqlite_engine: Engine, runner: TaskRunner, prefs: QSettings
) -> None:
    wizard = _first_run(qtbot, sqlite_engine, runner, prefs)
    problems = wizard.admin.passwordProblemsLabel
    assert not problems.isVisible()

    qtbot.keyClicks(wizard.admin.passwordEdit, "short")
    qtbot.keyClicks(wizard.admin.confirmEdit, "shirt")
    wizard.next()
    assert wizard.currentPage() is wizard.admin
    assert problems.isVisible()
    assert "at least 12 characters" in problems.text()
    assert "differ" in problems.text()
    assert wizard.admin.passwordEdit.text() == "short"
    assert wizard.admin.confirmEdit.text() == "shirt"

    # Once shown, the message follows the typing.
    wizard.admin.passwordEdit.setText(PASSWORD)
    assert "at least 12" not in problems.text() and "differ" in problems.text()
    wizard.admin.confirmEdit.setText(PASSWORD)
    assert not problems.isVisible()
    assert not gui_app.has_accounts(sqlite_engine)
    wizard.reject()


def test_create_first_administrator_is_refused_once_accounts_exist(
    sqlite_engine: Engine,
) -> None:
    with session_scope(sqlite_engine) as session:
        create_first_administrator(session, "admin", PASSWORD)
    with session_scope(sqlite_engine) as session, pytest.raises(PermissionDenied):
        create_first_administrator(session, "admin2", PASSWORD)


# --- signing in -------------------------------------------------------------------------------


def test_sign_in_succeeds_remembers_the_user_and_hints_the_demo_accounts(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    accounts = gui_app.demo_accounts(demo_engine)
    dialog = SignInDialog(demo_runner, prefs, demo_accounts=accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.demoHintLabel.isVisible()
    assert "officer" in dialog.ui.demoHintLabel.text()
    assert "supervisor" in dialog.ui.demoHintLabel.text()

    qtbot.keyClicks(dialog.ui.usernameEdit, "officer")
    qtbot.keyClicks(dialog.ui.passwordEdit, PASSWORD)
    qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)  # Enter submits

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "officer"
    assert prefs.value(LAST_USERNAME_KEY) == "officer"

    again = SignInDialog(demo_runner, prefs)
    qtbot.addWidget(again)
    assert again.ui.usernameEdit.text() == "officer"
    assert again.ui.demoHintLabel.isHidden()


def test_sign_in_with_a_wrong_password_says_so_and_keeps_the_user_name(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    dialog = SignInDialog(demo_runner, prefs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.usernameEdit, "officer")
    qtbot.keyClicks(dialog.ui.passwordEdit, "not the password")
    click_ok(dialog)

    assert dialog.isVisible() and dialog.actor is None
    assert dialog.ui.errorLabel.isVisible()
    assert "wrong user name or password" in dialog.ui.errorLabel.text().lower()
    assert dialog.ui.usernameEdit.text() == "officer"
    assert dialog.ui.passwordEdit.text() == ""
    assert prefs.value(LAST_USERNAME_KEY) is None

    qtbot.keyClicks(dialog.ui.passwordEdit, PASSWORD)
    click_ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_after_an_administrator_reset_sign_in_asks_for_a_new_password_first(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    from rsoman.core.services.users import reset_password

    with session_scope(demo_engine) as session:
        reset_password(session, actor(demo_engine, "admin"), "officer", "issued by the desk 2026")
    dialog = SignInDialog(demo_runner, prefs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.usernameEdit, "officer")
    qtbot.keyClicks(dialog.ui.passwordEdit, "issued by the desk 2026")
    click_ok(dialog)
    change = dialog.password_dialog
    assert change is not None and change.isVisible() and dialog.actor is None
    change.new_edit.setText("my own long passphrase here")
    change.confirm_edit.setText("my own long passphrase here")
    change.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "officer"
    with session_scope(demo_engine) as session:
        assert authenticate(session, "officer", "my own long passphrase here").username == "officer"


# --- the main window --------------------------------------------------------------------------


def test_main_window_shows_the_officers_own_caseload(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, "officer")
    model = window.model
    assert window.windowTitle() == "rsoman — officer (offender manager)"
    assert window.ui.scopeCombo.currentData() == "mine"
    assert not model.loading

    officer = actor(demo_engine, "officer")
    expected = ids_for(demo_engine, officer, CaseloadQuery(scope="mine"))
    assert expected, "the demo officer should carry a caseload"
    assert model_ids(model) == expected
    assert window.count_label.text() == f"{len(expected)} offenders"
    assert "Signed in as officer" in window.user_label.text()
    assert "offender manager" in window.role_label.text()

    with session_scope(demo_engine) as session:
        first = caseload_rows(session, officer, expected[:1])[0]
    assert displayed(model, 0, "name") == f"{first.surname.upper()}, {first.forenames}"
    assert displayed(model, 0, "ref") == first.ref
    # Risk is words plus a marker icon, not colour alone.
    risk = model.index(0, model.column_keys.index("risk_level"))
    assert risk.data() in {"Low", "Medium", "High", "Very high", "Not assessed"}
    assert not risk.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == (
        list(CASELOAD_COLUMNS.values())
    )


def test_search_filters_by_name_and_by_alias(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, "supervisor")
    model = window.model
    borough_index = window.ui.scopeCombo.findData("borough")
    window.ui.scopeCombo.setCurrentIndex(borough_index)
    everyone = model_ids(model)
    assert len(everyone) > 1

    with Session(demo_engine) as session:
        alias = session.execute(
            select(OffenderAlias.surname, Offender.id, Offender.surname)
            .join(Offender, Offender.id == OffenderAlias.offender_id)
            .where(Offender.id.in_(everyone), OffenderAlias.surname != Offender.surname)
            .limit(1)
        ).first()
    assert alias is not None, "the demo should give some offenders an alias"
    alias_surname, offender_id, surname = alias

    # Typing is debounced: the query runs once the user pauses.
    window.ui.actionFind.trigger()
    qtbot.keyClicks(window.ui.searchEdit, alias_surname)
    assert model_ids(model) == everyone
    qtbot.waitUntil(lambda: model.rowCount() < len(everyone), timeout=3000)
    assert offender_id in model_ids(model)
    assert window.count_label.text().endswith("found")

    window.ui.searchEdit.setText(surname)
    window.ui.searchEdit.returnPressed.emit()
    assert offender_id in model_ids(model)
    assert model.rowCount() < len(everyone)

    window.ui.searchEdit.clear()
    window.ui.searchEdit.returnPressed.emit()
    assert model_ids(model) == everyone


def test_clicking_a_header_sorts_in_sql(qtbot, demo_engine: Engine, demo_runner: TaskRunner):
    window = open_window(qtbot, demo_engine, demo_runner, "supervisor")
    model = window.model
    assert window.ui.caseloadView.model() is model  # no proxy over partly loaded rows
    refs = sorted(displayed(model, r, "ref") for r in range(model.rowCount()))

    click_header(qtbot, window, "ref")
    assert model.query.sort == "ref" and not model.query.descending
    assert displayed(model, 0, "ref") == refs[0]

    click_header(qtbot, window, "ref")
    assert model.query.descending
    assert displayed(model, 0, "ref") == refs[-1]
    assert model_ids(model) == ids_for(
        demo_engine,
        actor(demo_engine, "supervisor"),
        CaseloadQuery(scope=model.query.scope, sort="ref", descending=True),
    )


def test_switching_scope_reloads_the_caseload(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner
) -> None:
    officer = actor(demo_engine, "officer")
    # A colleague's offender in the same borough: in "My borough", not in "Mine".
    with session_scope(demo_engine) as session:
        colleague = Officer(
            warrant_number="ZZ9001",
            surname="Quennelby",
            forenames="Test",
            rank=Rank.dc,
            borough_id=officer.borough_id,
            team_role=TeamRole.offender_manager,
            team="Team 99",
        )
        other = Offender(
            ref="RSO-TEST-1",
            surname="Vondrasket",
            forenames="Fictional",
            date_of_birth=date(1980, 1, 1),
            sex=Sex.male,
            borough_id=officer.borough_id,
        )
        session.add_all([colleague, other])
        session.flush()
        session.add(
            Assignment(
                offender_id=other.id,
                officer_id=colleague.id,
                start_date=date(2024, 1, 1),
                reason="test",
            )
        )
        other_id = other.id

    window = open_window(qtbot, demo_engine, demo_runner, "officer")
    combo = window.ui.scopeCombo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Mine", "My team", "My borough"]
    mine = model_ids(window.model)
    assert other_id not in mine

    combo.setCurrentIndex(combo.findData("borough"))
    assert window.model.query.scope == "borough"
    borough = model_ids(window.model)
    assert borough == ids_for(demo_engine, officer, CaseloadQuery(scope="borough"))
    assert other_id in borough and set(mine) < set(borough)
    assert window.count_label.text() == f"{len(borough)} offenders"

    combo.setCurrentIndex(combo.findData("mine"))
    assert model_ids(window.model) == mine


def test_ctrl_f_focuses_the_search_box(qtbot, demo_engine: Engine, demo_runner: TaskRunner):
    window = open_window(qtbot, demo_engine, demo_runner, "officer")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.ui.caseloadView.setFocus()
    assert not window.ui.searchEdit.hasFocus()
    qtbot.keyClick(window.ui.caseloadView, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.searchEdit.hasFocus()


def test_the_window_says_it_is_loading_until_the_ids_arrive(qtbot, demo_engine: Engine) -> None:
    runner = TaskRunner(demo_engine, serial=False)
    try:
        window = open_window(qtbot, demo_engine, runner, "officer")
        # The id query runs on the worker thread; its result can only arrive through the
        # event loop, so straight after construction the window is still loading.
        assert window.model.loading and not window.ui.loadingLabel.isHidden()
        assert window.count_label.text() == "Loading…"
        qtbot.waitUntil(lambda: not window.model.loading, timeout=5000)
        assert window.ui.loadingLabel.isHidden()
        assert window.model.rowCount() > 0
    finally:
        runner.shutdown()


def test_a_long_session_of_emits_cannot_free_true(qtbot) -> None:
    # PySide6 6.12 drops a reference to True on every emit() made from Python: a working day
    # of searches and reloads would free True and abort the app (see rsoman.gui.qt_workarounds).
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        changed = Signal(bool)

    emitter = Emitter()
    # Python starts with about 12,000 references to True: without the work-around this aborts.
    for _ in range(50_000):
        emitter.changed.emit(True)
    assert sys.getrefcount(True) > 50_000


def test_an_administrator_sees_why_there_is_no_caseload(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, "admin")
    assert window.model is None
    assert window.ui.stack.currentWidget() is window.ui.messagePage
    assert window.ui.messageLabel.text() == ADMINISTRATOR_MESSAGE
    assert not window.ui.searchEdit.isVisible()
    assert window.windowTitle() == "rsoman — admin (administrator)"


def test_caseload_model_passes_the_qt_model_tester(
    qtbot, qtmodeltester, demo_engine: Engine, demo_runner: TaskRunner
) -> None:
    model = CaseloadModel(demo_engine, demo_runner, actor(demo_engine, "supervisor"))
    model.refresh()
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_a_superseded_query_is_dropped_and_pages_load_lazily(
    qtbot, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small pages, so that the demo borough spans several.
    monkeypatch.setattr(caseload_model, "PAGE_SIZE", 3)
    runner = TaskRunner(demo_engine, serial=False)
    try:
        model = CaseloadModel(demo_engine, runner, actor(demo_engine, "supervisor"))
        with qtbot.waitSignal(model.loaded, timeout=5000):
            model.refresh()
            model.set_query(CaseloadQuery(scope="borough", search="zzzz-no-such-name"))
        # Only the last query's ids arrive, though both ran on the worker thread.
        assert model.rowCount() == 0 and not model.loading
        with qtbot.waitSignal(model.loaded, timeout=5000):
            model.set_query(CaseloadQuery(scope="borough"))
        assert model.rowCount() > 3
        # The first page came with the ids, from the worker thread: it is always painted next,
        # and the GUI thread then neither waits on the database nor compiles the row queries.
        assert list(model._pages) == [0]
        assert model.index(2, 0).data()
        assert list(model._pages) == [0]
        # Later pages only when a cell of theirs is asked for.
        assert model.index(3, 0).data()
        assert list(model._pages) == [0, 1]
        first = model.row_data(0)
        assert first is not None and first.id == model.offender_id(0)
    finally:
        runner.shutdown()


def london_wide_actor(engine: Engine) -> Actor:
    """The demo's manager as if on the central team (the demo has no London-wide account)."""
    return replace(actor(engine, "manager"), borough_id=None)


def test_a_london_wide_list_paints_its_first_page_before_the_rest_arrive(
    qtbot, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caseload_model, "PAGE_SIZE", 5)
    who = london_wide_actor(demo_engine)
    query = CaseloadQuery(scope="london")
    with session_scope(demo_engine) as session:
        every = caseload_ids(session, who, query)
    assert len(every) > 5
    runner = TaskRunner(demo_engine, serial=False)
    try:
        model = CaseloadModel(demo_engine, runner, who, query)
        with qtbot.waitSignal(model.loaded, timeout=5000):
            model.refresh()
        # The whole count at once (the scroll bar is right), the first page's rows in.
        assert model.rowCount() == len(every)
        assert model.row_data(0) is not None and model.row_data(0).id == every[0]
        # The rest of the ids are still on their way (delivered through the event loop).
        assert model.loading and model.index(6, 0).data() == "—"
        qtbot.waitUntil(lambda: not model.loading, timeout=5000)
        assert [model.offender_id(row) for row in range(model.rowCount())] == every
        assert model.index(len(every) - 1, 0).data(OFFENDER_ID_ROLE) == every[-1]
        assert model.row_data(len(every) - 1) is not None
    finally:
        runner.shutdown()


def test_a_caseload_that_changed_between_the_two_steps_is_shown_whole(
    qtbot, qtmodeltester, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(caseload_model, "PAGE_SIZE", 5)
    who = london_wide_actor(demo_engine)
    runner = TaskRunner(demo_engine, serial=True)
    model = CaseloadModel(demo_engine, runner, who, CaseloadQuery(scope="london"))
    model.refresh()
    # The rest of the ids are fetched once the event loop has painted the first page.
    qtbot.waitUntil(lambda: not model.loading, timeout=5000)
    total = model.rowCount()
    every = [model.offender_id(row) for row in range(total)]
    # As if an offender left the list between the first page and the rest.
    with qtbot.waitSignal(model.loaded) as loaded:
        model._rest_arrived(model._generation, every[1:])
    assert loaded.args == [total - 1]
    assert model.rowCount() == total - 1 and model.offender_id(0) == every[1]
    qtmodeltester.check(model)


def test_filtered_lists_and_boroughs_come_in_one_step(demo_engine: Engine) -> None:
    who = london_wide_actor(demo_engine)
    assert caseload_model.streams(who, CaseloadQuery(scope="london"))
    # Every sort key is stored (or a column of the offender): a LIMIT is cheap for each.
    for key in CASELOAD_COLUMNS:
        assert caseload_model.streams(who, CaseloadQuery(scope="london", sort=key)), key
    assert not caseload_model.streams(who, CaseloadQuery(borough_code="camden"))
    # Nor a search or filter: the first page and the count would each scan for it again.
    assert not caseload_model.streams(who, CaseloadQuery(scope="london", search="a"))
    assert not caseload_model.streams(who, CaseloadQuery(scope="london", ward="a"))
    assert not caseload_model.streams(actor(demo_engine, "supervisor"), CaseloadQuery())


# --- the application --------------------------------------------------------------------------


def test_run_reports_a_database_it_cannot_open(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    bad = tmp_path / "not-a-database.db"
    bad.write_bytes(b"this is not SQLite" * 100)
    assert gui_app.run(str(bad)) == 1
    assert shown and "cannot open its database" in shown[0]
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_run_signs_in_and_opens_the_main_window(
    qapp: QApplication, demo_file: Path, tmp_path: Path, prefs: QSettings, monkeypatch
) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_file, db)
    monkeypatch.setattr(gui_app, "settings", lambda: prefs)
    seen: list[str] = []

    def visible(kind: type) -> QWidget | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        return found[0] if found else None

    def sign_in() -> None:
        dialog = visible(SignInDialog)
        if dialog is None:
            QTimer.singleShot(20, sign_in)
            return
        dialog.ui.usernameEdit.setText("officer")
        dialog.ui.passwordEdit.setText(PASSWORD)
        dialog.submit()
        QTimer.singleShot(20, close_main)

    deadline = time.monotonic() + 60

    def close_main() -> None:
        window = visible(MainWindow)
        # The warning scan runs at start, off the GUI thread: wait for its result to show.
        waiting = window is None or "Warnings scanned" not in window.scan_label.text()
        if waiting and time.monotonic() < deadline:
            QTimer.singleShot(50, close_main)
            return
        assert window is not None
        seen.append(window.windowTitle())
        seen.append(window.scan_label.text())
        window.ui.actionQuit.trigger()

    QTimer.singleShot(0, sign_in)
    assert gui_app.run(str(db)) == 0
    # run() has returned, but its window lives on until collected, inactivity lock included:
    # ten minutes later it would lock the screen over whatever test runs then.
    from rsoman.gui.inactivity import InactivityWatcher

    for window in QApplication.topLevelWidgets():
        for watcher in window.findChildren(InactivityWatcher):
            watcher.stop()
    # The test suite runs on plain SQLite (RSOMAN_UNENCRYPTED=1), and the title says so.
    assert seen[0] == "rsoman — officer (offender manager) — UNENCRYPTED DATABASE"
    assert re.fullmatch(
        r"Warnings scanned \d\d:\d\d: (\d+) open, \1 new, 0 escalated, 0 resolved", seen[1]
    ), seen[1]
    assert not seen[1].startswith("Warnings scanned 00:00: 0 open")
    assert QApplication.applicationName() == "rsoman"
    assert QApplication.organizationName() == "rsoman"


# --- generated forms --------------------------------------------------------------------------


def _without_header(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#")]


@pytest.mark.parametrize("form", sorted(p.stem for p in (ROOT / "ui").glob("*.ui")))
def test_generated_ui_modules_are_fresh(form: str, tmp_path: Path) -> None:
    uic = Path(sys.executable).with_name("pyside6-uic")
    fresh = tmp_path / f"ui_{form}.py"
    subprocess.run([str(uic), str(ROOT / "ui" / f"{form}.ui"), "-o", str(fresh)], check=True)
    committed = ROOT / "rsoman" / "gui" / "generated" / f"ui_{form}.py"
    assert committed.exists(), f"run pyside6-uic ui/{form}.ui -o {committed.relative_to(ROOT)}"
    assert _without_header(committed.read_text()) == _without_header(fresh.read_text()), (
        f"ui/{form}.ui changed: re-run pyside6-uic ui/{form}.ui -o {committed.relative_to(ROOT)}"
    )


def test_every_form_is_compiled() -> None:
    forms = {p.stem for p in (ROOT / "ui").glob("*.ui")}
    # The windows, and the body of every entry form (their layouts are Designer's).
    assert forms >= {"main_window", "sign_in", "password_form", "settings_form"}
    assert forms >= {f"{module.rsplit('.', 1)[-1]}_form" for module in FORM_MODULES.values()}
    compiled = {
        re.sub(r"^ui_", "", p.stem) for p in (ROOT / "rsoman" / "gui" / "generated").glob("ui_*.py")
    }
    assert compiled == forms
