"""First run on a database without accounts: create the administrator and, by default, a demo
caseload of fictional people to try the app on."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressDialog, QWidget
from sqlmodel import Session

from ..core.demo import DemoSummary, generate_demo
from ..core.services.actor import SYSTEM
from ..core.services.errors import Problem, ServiceError, ValidationFailed
from ..core.services.users import create_first_administrator, password_problems
from .generated.ui_first_run import Ui_FirstRunDialog
from .sign_in import LAST_USERNAME_KEY
from .tasks import Progress, TaskRunner

ADMIN_USERNAME = "admin"
DEMO_SEED = 1
DEFAULT_DEMO_SIZE = 600
# The account the sign-in dialog offers after a demo is made: the administrator sees no
# caseload, the demo offender manager does.
DEMO_FIRST_USERNAME = "officer"


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


class FirstRunDialog(QDialog):
    """`exec()` returns Accepted once the administrator (and the demo, if chosen) exists."""

    def __init__(
        self, runner: TaskRunner, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self._runner = runner
        self._settings = settings
        self.summary: DemoSummary | None = None
        self.admin_username: str | None = None
        self._progress: QProgressDialog | None = None
        self._checked_once = False

        self.ui.usernameValue.setText(ADMIN_USERNAME)
        self.ui.demoSizeSpin.setValue(DEFAULT_DEMO_SIZE)
        self._ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText("Create")
        self._ok.setDefault(True)
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.demoCheck.toggled.connect(self.ui.demoSizeSpin.setEnabled)
        self.ui.demoCheck.toggled.connect(self.ui.demoSizeLabel.setEnabled)
        self.ui.passwordEdit.textChanged.connect(self._recheck)
        self.ui.confirmEdit.textChanged.connect(self._recheck)
        self.ui.passwordProblemsLabel.hide()
        self.ui.errorLabel.hide()
        self.ui.passwordEdit.setFocus()

    # --- validation ------------------------------------------------------------------------

    def _show_password_problems(self, messages: list[str]) -> None:
        self.ui.passwordProblemsLabel.setText("\n".join(messages))
        self.ui.passwordProblemsLabel.setVisible(bool(messages))

    def _recheck(self) -> None:
        # Once a password has been refused, say as the user types whether it now passes.
        if self._checked_once:
            self._show_password_problems(
                password_messages(self.ui.passwordEdit.text(), self.ui.confirmEdit.text())
            )

    # --- creating --------------------------------------------------------------------------

    def submit(self) -> None:
        password = self.ui.passwordEdit.text()
        messages = password_messages(password, self.ui.confirmEdit.text())
        self._checked_once = True
        self._show_password_problems(messages)
        self.ui.errorLabel.hide()
        if messages:
            self.ui.passwordEdit.setFocus()
            return
        self._set_busy(True)
        if self.ui.demoCheck.isChecked():
            self._create_demo(password, self.ui.demoSizeSpin.value())
        else:
            self._create_administrator(password)

    def _create_administrator(self, password: str) -> None:
        def work(session: Session, _progress: Progress) -> str:
            return create_first_administrator(session, ADMIN_USERNAME, password)

        self._runner.submit(work, on_done=self._administrator_created, on_error=self._failed)

    def _create_demo(self, password: str, offenders: int) -> None:
        progress = QProgressDialog("Creating the demo caseload…", "", 0, offenders, self)
        progress.setWindowTitle("Set up rsoman")
        progress.setCancelButton(None)  # the demo is one transaction: it cannot stop halfway
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setValue(0)
        self._progress = progress

        def work(session: Session, report: Progress) -> DemoSummary:
            return generate_demo(
                session,
                SYSTEM,
                offenders=offenders,
                seed=DEMO_SEED,
                password=password,
                progress=report,
            )

        def show_progress(done: int, total: int) -> None:
            if self._progress is not None:
                self._progress.setMaximum(max(total, 1))
                self._progress.setValue(min(done, total))

        self._runner.submit(
            work, on_done=self._demo_created, on_error=self._failed, on_progress=show_progress
        )

    def _demo_created(self, summary: DemoSummary) -> None:
        self.summary = summary
        self.admin_username = ADMIN_USERNAME
        username = DEMO_FIRST_USERNAME if DEMO_FIRST_USERNAME in summary.users else ADMIN_USERNAME
        self._finish(username)

    def _administrator_created(self, username: str) -> None:
        self.admin_username = username
        self._finish(username)

    def _finish(self, username: str) -> None:
        self._close_progress()
        self._set_busy(False)
        self._settings.setValue(LAST_USERNAME_KEY, username)
        self._settings.sync()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._close_progress()
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            password = [p for p in exc.problems if p.field == "password"]
            others = [p for p in exc.problems if p.field != "password"]
            if password:
                self._show_password_problems([_sentence(p) for p in password])
            if others:
                self._show_error(" ".join(_sentence(p) for p in others))
        elif isinstance(exc, ServiceError):
            self._show_error(str(exc)[:1].upper() + str(exc)[1:] + ". Nothing was created.")
        else:
            self._show_error(f"Setting up failed, and nothing was created: {exc}")

    def _close_progress(self) -> None:
        if self._progress is not None:
            # reset() also stops the dialog's own timer that would show it again later.
            self._progress.reset()
            self._progress.hide()
            self._progress.deleteLater()
            self._progress = None

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            self._ok,
            self.ui.passwordEdit,
            self.ui.confirmEdit,
            self.ui.demoCheck,
        ):
            widget.setEnabled(not busy)
        self.ui.demoSizeSpin.setEnabled(not busy and self.ui.demoCheck.isChecked())
