"""The sign-in dialog: user name (remembered), password; the password is checked off the GUI
thread (Argon2id is deliberately slow) and a refusal is shown next to the fields."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from sqlmodel import Session

from ..core.services.actor import Actor
from ..core.services.errors import ServiceError
from ..core.services.users import PasswordChangeRequired, authenticate
from .forms.base import PASTE_LIMIT
from .generated.ui_sign_in import Ui_SignInDialog
from .password_dialog import PasswordDialog
from .tasks import Progress, TaskRunner

LAST_USERNAME_KEY = "sign_in/last_username"


class SignInDialog(QDialog):
    """`exec()` returns Accepted with `actor` set once a user has signed in."""

    def __init__(
        self,
        runner: TaskRunner,
        settings: QSettings,
        *,
        demo_accounts: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        self.actor: Actor | None = None
        self._attempt = ("", "")
        self.password_dialog: PasswordDialog | None = None
        self._runner = runner
        self._settings = settings
        self._ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText("Sign in")
        self._ok.setDefault(True)
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.errorLabel.hide()
        # Qt cuts a pasted name at the field's limit without a word (a cut name could even be
        # someone else's): the field takes it whole, and a name too long is simply not found.
        self.ui.usernameEdit.setMaxLength(PASTE_LIMIT)

        if demo_accounts:
            self.ui.demoHintLabel.setText(
                "This is a demo database of fictional people. Demo accounts: "
                + ", ".join(demo_accounts)
                + " (all with the password chosen when the demo was made)."
            )
        else:
            self.ui.demoHintLabel.hide()

        last = str(settings.value(LAST_USERNAME_KEY, "") or "")
        self.ui.usernameEdit.setText(last)
        (self.ui.passwordEdit if last else self.ui.usernameEdit).setFocus()

    def submit(self) -> None:
        username = self.ui.usernameEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if not username or not password:
            self._show_error("Enter your user name and password.")
            (self.ui.passwordEdit if username else self.ui.usernameEdit).setFocus()
            return
        self._set_busy(True)
        self._attempt = (username, password)

        def work(session: Session, _progress: Progress) -> Actor:
            return authenticate(session, username, password)

        self._runner.submit(work, on_done=self._signed_in, on_error=self._refused)

    def _signed_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self._settings.setValue(LAST_USERNAME_KEY, actor.username)
        self._settings.sync()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, PasswordChangeRequired):
            # The password was right but an administrator reset it: choose one's own first.
            username, password = self._attempt
            dialog = PasswordDialog(
                self._runner,
                username,
                must_change=True,
                current_password=password,
                parent=self,
            )
            dialog.accepted.connect(lambda: self._signed_in(dialog.actor) if dialog.actor else None)
            dialog.open()
            self.password_dialog = dialog
            return
        if isinstance(exc, ServiceError):
            message = str(exc)
            self._show_error(message[:1].upper() + message[1:] + ".")
        else:
            self._show_error(f"Signing in failed: {exc}")
        # The user name stays; only the password is typed again.
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

    def _set_busy(self, busy: bool) -> None:
        self._ok.setEnabled(not busy)
        self._ok.setText("Signing in…" if busy else "Sign in")
        self.ui.usernameEdit.setEnabled(not busy)
        self.ui.passwordEdit.setEnabled(not busy)
        if busy:
            self.ui.errorLabel.hide()
