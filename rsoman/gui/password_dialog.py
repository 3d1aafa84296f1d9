"""Changing one's password: from the menu (signed in), or at sign-in after an administrator's
reset (`must_change`: the sign-in dialog opens this on PasswordChangeRequired, and the user is
signed in once the new password is saved).

The new password's problems are shown as it is typed (the rule is a pure function); the change
itself runs off the GUI thread (Argon2id is deliberately slow). A wrong current password counts
towards the account's lock-out, as at sign-in. The layout is ui/password_form.ui.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget
from sqlmodel import Session

from ..core.services.actor import Actor
from ..core.services.errors import ServiceError, ValidationFailed
from ..core.services.users import change_password, password_problems, sign_in_with_new_password
from .generated.ui_password_form import Ui_PasswordFormBody
from .tasks import Progress, TaskRunner

# The narrowest the dialog's body gets, in average characters of its font.
BODY_MIN_CHARS = 60


def _sentence(reason: str) -> str:
    return f"New password {reason}."


class PasswordDialog(QDialog):
    """Accepted once the password has been changed; `actor` is then the signed-in user."""

    def __init__(
        self,
        runner: TaskRunner,
        username: str,
        *,
        actor: Actor | None = None,
        must_change: bool = False,
        current_password: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if actor is None and not must_change:
            raise ValueError("changing a password needs the signed-in actor")
        self.setObjectName("passwordDialog")
        self.setWindowTitle("Choose a new password" if must_change else "Change password")
        self.actor: Actor | None = actor
        self._runner = runner
        self._username = username
        self._must_change = must_change
        layout = QVBoxLayout(self)
        self.body = QWidget(self)
        self.ui = Ui_PasswordFormBody()
        self.ui.setupUi(self.body)
        # Wide enough for a passphrase of three words to show whole, measured in the user's font.
        self.body.setMinimumWidth(self.body.fontMetrics().averageCharWidth() * BODY_MIN_CHARS)
        layout.addWidget(self.body)
        if must_change:
            self.ui.introLabel.setText(
                f"An administrator reset the password of {username}. Choose your own before "
                "you carry on: at least 12 characters; three random words make a good one."
            )
        self.current_edit = self.ui.currentEdit
        self.current_edit.setText(current_password)
        self.new_edit = self.ui.newEdit
        self.confirm_edit = self.ui.confirmEdit
        # Red like every form's problems (style.qss styles "errorLabel"), and out of sight
        # while there is nothing to say, so it leaves no empty line.
        self.problems_label = self.ui.errorLabel
        self.problems_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText("Change password")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.new_edit, self.confirm_edit):
            edit.textChanged.connect(self._check)
        (self.new_edit if current_password else self.current_edit).setFocus()
        self._check()

    def problems(self) -> list[str]:
        """What is wrong with the new password as typed (empty when it may be submitted)."""
        new = self.new_edit.text()
        if not new:
            return []
        found = [_sentence(p.reason) for p in password_problems(new, username=self._username)]
        if self.confirm_edit.text() and self.confirm_edit.text() != new:
            found.append("The two new passwords differ.")
        return found

    def _check(self) -> None:
        found = self.problems()
        self._say("\n".join(found))
        self._ok.setEnabled(
            not found
            and bool(self.new_edit.text())
            and self.confirm_edit.text() == self.new_edit.text()
        )

    def submit(self) -> None:
        old, new = self.current_edit.text(), self.new_edit.text()
        if not old:
            self._say("Enter your current password.")
            return
        if self.problems() or new != self.confirm_edit.text():
            self._check()
            return
        self._set_busy(True)
        username, actor, must_change = self._username, self.actor, self._must_change

        def work(session: Session, _progress: Progress) -> Actor:
            if must_change or actor is None:
                return sign_in_with_new_password(session, username, old, new)
            change_password(session, actor, old, new)
            return actor

        self._runner.submit(work, on_done=self._changed, on_error=self._refused)

    def _changed(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            message = "\n".join(f"{p.field.capitalize()} {p.reason}." for p in exc.problems)
        elif isinstance(exc, ServiceError):
            message = str(exc)
            self.current_edit.clear()
            self.current_edit.setFocus()
        else:
            message = f"The password could not be changed: {exc}"
        self._say(message)

    def _say(self, text: str) -> None:
        self.problems_label.setText(text)
        self.problems_label.setVisible(bool(text))
        if self.isVisible():
            # Qt grows a window to its layout's minimum, which does not count the lines a
            # wrapped label needs at this width: grow to them, or the message is cut.
            self.ui.form.invalidate()
            self.layout().activate()
            needed = self.heightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.current_edit, self.new_edit, self.confirm_edit, self.buttons):
            widget.setEnabled(not busy)
