"""The first-run wizard: where the data lives, the administrator, a demo caseload, then set-up.

Shown when no database has been chosen yet (no `--db`, no `RSOMAN_DB`, nothing remembered and no
default file), or when the database has no accounts (then without the first page: the database
is already open).

What is remembered (QSettings `database/url`) is the file path, or the server URL *without* its
password: the password is never stored by rsoman. At the next start libpq's own sources are used
(`PGPASSWORD`, `~/.pgpass`, a `PGSERVICE` service file), else the app asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy import URL, Engine, create_engine
from sqlmodel import Session

from ..config import MIN_PASSPHRASE, default_database_path, new_passphrase_problem
from ..core.services.actor import SYSTEM
from ..core.services.errors import Problem, ServiceError, ValidationFailed
from ..core.services.text_guard import text_problem
from ..core.services.users import create_first_administrator, password_problems
from ..core.store.engine import DatabaseKey, open_database, session_scope
from ..core.store.probe import ProbeKind, ProbeResult, probe_database
from .sign_in import LAST_USERNAME_KEY
from .tasks import Progress, TaskRunner

if TYPE_CHECKING:
    from ..core.demo import DemoSummary

DATABASE_URL_KEY = "database/url"
ADMIN_USERNAME = "admin"
DEMO_SEED = 1
DEFAULT_DEMO_SIZE = 600
# After a demo the sign-in offers the demo offender manager: the administrator sees no caseload.
DEMO_FIRST_USERNAME = "officer"
TLS_MODES = ["require", "verify-full", "verify-ca", "prefer", "disable"]
PROBLEM_STYLE = "color: #a40000;"
GOOD_STYLE = "color: #1a6b1a;"

PASSPHRASE_RULES = (
    f"The file is encrypted with this passphrase. At least {MIN_PASSPHRASE} characters: three "
    "random words make a good one. rsoman asks for it each time it starts and never stores it. "
    "It cannot be recovered: without it the data is lost, so keep it as your force's policy "
    "says."
)
DEMO_NOTE = (
    "The demo caseload is made of <b>fictional people</b>: invented names, addresses, vehicles "
    "and histories, marked as demo data. It also creates demo officer accounts with the "
    "administrator's password. Do not add real cases to a demo database."
)


def _sentence(problem: Problem) -> str:
    """ "password: must be at least 12 characters long" -> "Password must be at least..."."""
    if problem.field:
        return f"{problem.field.replace('_', ' ').capitalize()} {problem.reason}."
    return problem.reason[:1].upper() + problem.reason[1:] + "."


def password_messages(password: str, confirmation: str) -> list[str]:
    """Every reason the pair of passwords is refused, as sentences (empty when fine)."""
    messages = [_sentence(p) for p in password_problems(password)]
    if password != confirmation:
        messages.append("The two passwords differ.")
    return messages


def passphrase_messages(passphrase: str, confirmation: str) -> list[str]:
    problem = new_passphrase_problem(passphrase)
    messages = [problem[:1].upper() + problem[1:] + "."] if problem else []
    if passphrase != confirmation:
        messages.append("The two passphrases differ.")
    return messages


def remembered_url(url: str | URL) -> str:
    """What is kept in the settings: the address without any password."""
    if isinstance(url, URL):
        # URL.set() ignores None, so the URL is rebuilt without the password.
        bare = URL.create(
            url.drivername, url.username, None, url.host, url.port, url.database, url.query
        )
        return bare.render_as_string(hide_password=False)
    return url


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


def _show(label: QLabel, messages: list[str]) -> None:
    label.setText("\n".join(messages))
    label.setVisible(bool(messages))


@dataclass(frozen=True)
class SetupDone:
    engine: Engine
    summary: DemoSummary | None


def _probe_runner() -> TaskRunner:
    # Jobs that need no rsoman database (probing, creating one) still run on a TaskRunner's
    # thread: it is given a throwaway in-memory engine that the jobs never use.
    return TaskRunner(create_engine("sqlite://"))


class LocationPage(QWizardPage):
    """Page 1: a local encrypted file, or a shared PostgreSQL server (tested before going on)."""

    def __init__(self, runner: TaskRunner, default_path: Path) -> None:
        super().__init__()
        self._runner = runner
        self._tested: tuple[str, ProbeResult] | None = None
        self._advance_after_test = False
        self.setTitle("Where the data lives")
        self.setSubTitle(
            "One person on one computer: a local encrypted file. A team sharing the data: a "
            "PostgreSQL server run by your IT department."
        )
        self.localRadio = QRadioButton("A local encrypted database on this computer")
        self.serverRadio = QRadioButton("A shared PostgreSQL server")
        self.localRadio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.localRadio)
        group.addButton(self.serverRadio)

        self.localBox = QGroupBox("Local database")
        local = QFormLayout(self.localBox)
        self.pathEdit = QLineEdit(str(default_path))
        self.passphraseEdit = QLineEdit()
        self.passphraseEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphraseConfirmEdit = QLineEdit()
        self.passphraseConfirmEdit.setEchoMode(QLineEdit.EchoMode.Password)
        rules = QLabel(PASSPHRASE_RULES)
        rules.setWordWrap(True)
        self.passphraseProblemsLabel = _problem_label()
        self.localResultLabel = _problem_label()
        local.addRow("File:", self.pathEdit)
        local.addRow("Passphrase:", self.passphraseEdit)
        local.addRow("Again:", self.passphraseConfirmEdit)
        local.addRow("", self.passphraseProblemsLabel)
        local.addRow("", rules)
        local.addRow("", self.localResultLabel)

        self.serverBox = QGroupBox("PostgreSQL server")
        server = QFormLayout(self.serverBox)
        self.hostEdit = QLineEdit()
        self.hostEdit.setPlaceholderText("db.example.internal")
        self.portSpin = QSpinBox()
        self.portSpin.setRange(1, 65535)
        self.portSpin.setValue(5432)
        self.databaseEdit = QLineEdit("rsoman")
        self.userEdit = QLineEdit()
        self.passwordEdit = QLineEdit()
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passwordEdit.setPlaceholderText("empty: from ~/.pgpass or PGPASSWORD")
        self.tlsCombo = QComboBox()
        self.tlsCombo.addItems(TLS_MODES)
        self.testButton = QPushButton("Test connection")
        self.testResultLabel = QLabel()
        self.testResultLabel.setWordWrap(True)
        server.addRow("Host:", self.hostEdit)
        server.addRow("Port:", self.portSpin)
        server.addRow("Database:", self.databaseEdit)
        server.addRow("User:", self.userEdit)
        server.addRow("Password:", self.passwordEdit)
        server.addRow("TLS mode:", self.tlsCombo)
        server.addRow("", self.testButton)
        server.addRow("", self.testResultLabel)
        note = QLabel("The password is not stored: rsoman asks for it at each start.")
        note.setWordWrap(True)
        server.addRow("", note)

        layout = QVBoxLayout(self)
        for widget in (self.localRadio, self.localBox, self.serverRadio, self.serverBox):
            layout.addWidget(widget)

        self.localRadio.toggled.connect(self._mode_changed)
        self.testButton.clicked.connect(self.test_connection)
        self._mode_changed()

    @property
    def is_local(self) -> bool:
        return self.localRadio.isChecked()

    def _mode_changed(self) -> None:
        self.localBox.setEnabled(self.is_local)
        self.serverBox.setEnabled(not self.is_local)

    def server_url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.userEdit.text().strip() or None,
            password=self.passwordEdit.text() or None,
            host=self.hostEdit.text().strip() or None,
            port=self.portSpin.value(),
            database=self.databaseEdit.text().strip() or None,
            query={"sslmode": self.tlsCombo.currentText()},
        )

    def chosen(self) -> tuple[str | URL, DatabaseKey | None]:
        if self.is_local:
            return self.pathEdit.text().strip(), DatabaseKey.of(self.passphraseEdit.text())
        return self.server_url(), None

    # --- the server test, off the GUI thread ------------------------------------------------

    def _server_key(self) -> str:
        return self.server_url().render_as_string(hide_password=False)

    def test_connection(self) -> None:
        url = self.server_url()
        key = self._server_key()
        self.testButton.setEnabled(False)
        self.testResultLabel.setStyleSheet("")
        self.testResultLabel.setText("Testing…")

        def work(_session: Session, _progress: Progress) -> ProbeResult:
            return probe_database(url)

        self._runner.submit(
            work,
            on_done=lambda result: self._tested_result(key, result),
            on_error=lambda exc: self._tested_result(
                key, ProbeResult.of(ProbeKind.OTHER, f"The test itself failed: {exc}")
            ),
        )

    def _tested_result(self, key: str, result: ProbeResult) -> None:
        self.testButton.setEnabled(True)
        self._tested = (key, result)
        text = result.message
        if result.detail and not result.ok:
            text += f"\n(The server said: {result.detail})"
        self.testResultLabel.setText(text)
        self.testResultLabel.setStyleSheet(GOOD_STYLE if result.ok else PROBLEM_STYLE)
        if self._advance_after_test and result.ok and key == self._server_key():
            QTimer.singleShot(0, self.wizard().next)
        self._advance_after_test = False

    def validatePage(self) -> bool:
        if self.is_local:
            return self._validate_local()
        if self._tested is not None and self._tested[0] == self._server_key():
            return self._tested[1].ok
        # Not tested with these values yet: test, and go on by itself if it passes.
        self._advance_after_test = True
        self.test_connection()
        return False

    def _validate_local(self) -> bool:
        messages = passphrase_messages(
            self.passphraseEdit.text(), self.passphraseConfirmEdit.text()
        )
        _show(self.passphraseProblemsLabel, messages)
        if messages:
            self.passphraseEdit.setFocus()
            return False
        path = self.pathEdit.text().strip()
        if not path:
            _show(self.localResultLabel, ["Give the file's name."])
            return False
        problem = text_problem(path)
        if problem is not None:
            _show(self.localResultLabel, [f"The file's name {problem}."])
            return False
        try:
            result = probe_database(path, key=DatabaseKey.of(self.passphraseEdit.text()))
        except OSError as exc:  # a name too long for the file system, and the like
            _show(self.localResultLabel, [f"That file cannot be used: {exc.strerror or exc}."])
            return False
        _show(self.localResultLabel, [] if result.ok else [result.message])
        return result.ok


class AdminPage(QWizardPage):
    """Page 2: the administrator's password, typed twice, with the rules beside the field."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The administrator")
        self.setSubTitle(
            "The administrator manages accounts and settings, and sees no caseload. At least "
            "12 characters: three random words make a good password."
        )
        form = QFormLayout(self)
        self.usernameValue = QLabel(ADMIN_USERNAME)
        self.passwordEdit = QLineEdit()
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmEdit = QLineEdit()
        self.confirmEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passwordProblemsLabel = _problem_label()
        form.addRow("User name:", self.usernameValue)
        form.addRow("Password:", self.passwordEdit)
        form.addRow("Again:", self.confirmEdit)
        form.addRow("", self.passwordProblemsLabel)
        self._checked_once = False
        self.passwordEdit.textChanged.connect(self._recheck)
        self.confirmEdit.textChanged.connect(self._recheck)

    def _recheck(self) -> None:
        # Once refused, say as the person types whether it now passes.
        if self._checked_once:
            self.validatePage()

    def validatePage(self) -> bool:
        self._checked_once = True
        messages = password_messages(self.passwordEdit.text(), self.confirmEdit.text())
        _show(self.passwordProblemsLabel, messages)
        return not messages


class DemoPage(QWizardPage):
    """Page 3: an optional demo caseload of fictional people."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("A demo caseload")
        self.setSubTitle("To try rsoman before any real case is entered.")
        self.demoCheck = QCheckBox("Add a demo caseload of fictional people")
        self.demoSizeLabel = QLabel("Offenders:")
        self.demoSizeSpin = QSpinBox()
        self.demoSizeSpin.setRange(10, 5000)
        self.demoSizeSpin.setValue(DEFAULT_DEMO_SIZE)
        note = QLabel(DEMO_NOTE)
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.demoCheck)
        form.addRow(self.demoSizeLabel, self.demoSizeSpin)
        form.addRow(note)
        self.demoCheck.toggled.connect(self.demoSizeSpin.setEnabled)
        self.demoCheck.toggled.connect(self.demoSizeLabel.setEnabled)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Create")
        self._defaulted = False

    def initializePage(self) -> None:
        # Off by default for a shared server (real data goes there), on for a local file.
        if not self._defaulted:
            wizard = self.wizard()
            local = not isinstance(wizard, FirstRunWizard) or wizard.is_local_choice()
            self.demoCheck.setChecked(local)
            self.demoSizeSpin.setEnabled(local)
            self.demoSizeLabel.setEnabled(local)
            self._defaulted = True


class SetupPage(QWizardPage):
    """Page 4: the set-up runs off the GUI thread, with progress; then done (or what failed)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Setting up")
        self.statusLabel = QLabel("Creating the database…")
        self.statusLabel.setWordWrap(True)
        self.progressBar = QProgressBar()
        self.progressBar.setRange(0, 0)
        self.errorLabel = _problem_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.statusLabel)
        layout.addWidget(self.progressBar)
        layout.addWidget(self.errorLabel)
        self.done = False

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        wizard.start_setup()

    def isComplete(self) -> bool:
        return self.done


class FirstRunWizard(QWizard):
    """`exec()` returns Accepted once the database, the administrator (and the demo, if chosen)
    exist. Then `engine` is open on it, `url` names it (with any server password, in memory
    only) and `key` unlocks a local file."""

    def __init__(
        self,
        settings: QSettings,
        *,
        engine: Engine | None = None,
        runner: TaskRunner | None = None,
        default_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up rsoman")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self._settings = settings
        self.engine = engine
        self.url: str | URL | None = engine.url if engine is not None else None
        self.key: DatabaseKey | None = None
        self.summary: DemoSummary | None = None
        self.admin_username: str | None = None
        self._own_runner = runner is None
        self._runner = runner if runner is not None else _probe_runner()
        self.location: LocationPage | None = None
        if engine is None:
            self.location = LocationPage(self._runner, default_path or default_database_path())
            self.addPage(self.location)
        self.admin = AdminPage()
        self.demo = DemoPage()
        self.setup = SetupPage()
        for page in (self.admin, self.demo, self.setup):
            self.addPage(page)
        self.finished.connect(self._release)

    def is_local_choice(self) -> bool:
        if self.location is not None:
            return self.location.is_local
        return self.engine is not None and self.engine.url.get_backend_name() == "sqlite"

    def _release(self) -> None:
        if self._own_runner:
            self._runner.shutdown()

    # --- the set-up job --------------------------------------------------------------------

    def start_setup(self) -> None:
        password = self.admin.passwordEdit.text()
        demo = self.demo.demoCheck.isChecked()
        offenders = self.demo.demoSizeSpin.value()
        given = self.engine
        url, key = self.location.chosen() if self.location is not None else (None, None)
        self.setup.progressBar.setRange(0, offenders if demo else 0)
        self.setup.statusLabel.setText(
            "Creating the database, the administrator and the demo caseload…"
            if demo
            else "Creating the database and the administrator…"
        )

        def work(_session: Session, progress: Progress) -> SetupDone:
            # A new engine is opened (and migrated) here, off the GUI thread; on failure it is
            # closed again and nothing is remembered.
            engine = given if given is not None else open_database(url, key=key)
            try:
                with session_scope(engine) as session:
                    summary = None
                    if demo:
                        # Loaded only for a demo: it is large, and the app starts faster.
                        from ..core.demo import generate_demo

                        summary = generate_demo(
                            session,
                            SYSTEM,
                            offenders=offenders,
                            seed=DEMO_SEED,
                            password=password,
                            progress=progress,
                        )
                    else:
                        create_first_administrator(session, ADMIN_USERNAME, password)
            except BaseException:
                if given is None:
                    engine.dispose()
                raise
            return SetupDone(engine, summary)

        def show_progress(done: int, total: int) -> None:
            self.setup.progressBar.setMaximum(max(total, 1))
            self.setup.progressBar.setValue(min(done, total))

        self._pending_choice = (url, key)
        self._runner.submit(
            work, on_done=self._set_up, on_error=self._failed, on_progress=show_progress
        )

    def _set_up(self, done: SetupDone) -> None:
        url, key = self._pending_choice
        self.engine = done.engine
        self.summary = done.summary
        self.admin_username = ADMIN_USERNAME
        if url is not None:
            self.url = url
            self.key = key
            self._settings.setValue(DATABASE_URL_KEY, remembered_url(url))
        username = ADMIN_USERNAME
        if done.summary is not None and DEMO_FIRST_USERNAME in done.summary.users:
            username = DEMO_FIRST_USERNAME
        self._settings.setValue(LAST_USERNAME_KEY, username)
        self._settings.sync()
        self.setup.progressBar.setRange(0, 1)
        self.setup.progressBar.setValue(1)
        demo = (
            f" and a demo caseload of {done.summary.offenders:,} fictional offenders"
            if done.summary is not None
            else ""
        )
        self.setup.setTitle("Done")
        self.setup.statusLabel.setText(
            f"The administrator '{ADMIN_USERNAME}'{demo} now exist. Sign in as "
            f"'{username}' with the password you chose."
        )
        self.setup.done = True
        self.setup.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.setup.progressBar.setRange(0, 1)
        self.setup.progressBar.setValue(0)
        self.setup.setTitle("Setting up failed")
        self.setup.statusLabel.setText(
            "Nothing was created (or only the empty database tables). Cancel, fix the cause "
            "and start rsoman again."
        )
        if isinstance(exc, ValidationFailed):
            message = " ".join(_sentence(p) for p in exc.problems)
        elif isinstance(exc, ServiceError):
            message = str(exc)[:1].upper() + str(exc)[1:] + "."
        else:
            message = f"{type(exc).__name__}: {exc}"
        _show(self.setup.errorLabel, [message])
