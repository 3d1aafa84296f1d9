"""Locking the desktop app after inactivity, without losing open work.

`InactivityWatcher` is an application-wide event filter: any keyboard, mouse, wheel or touch
input restarts a timer, and when the timer runs out (default 10 minutes; the force setting
`lock_after_minutes` in the database, else the QSettings value `security/lock_after_minutes`)
it emits `locked`. `ScreenLock` then covers every visible window
(main window, record windows, open forms) with an opaque panel, replaces their titles (a record
window's title names the offender), and opens a `LockDialog` asking for the signed-in user's
password. The windows are covered, not closed or hidden, so a form half filled in stays exactly
as it was and no dialog's `exec()` is ended. The lock dialog is application-modal, so nothing
underneath takes input while it is up, and Escape does not dismiss it.

The password is checked off the GUI thread with `authenticate` (failures count towards the
account's lock-out like any sign-in). "Sign out" emits `sign_out`: the application quits;
everything already saved is in the database, and nothing is written on the way out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from ..core.services.actor import Actor
from ..core.services.errors import ServiceError
from ..core.services.users import authenticate
from .tasks import Progress, TaskRunner

LOCK_AFTER_KEY = "security/lock_after_minutes"
DEFAULT_LOCK_MINUTES = 10.0
LOCKED_TITLE = "rsoman (locked)"

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.Shortcut,
    }
)


def lock_minutes(settings: QSettings, database_minutes: float | None = None) -> float:
    """The inactivity interval: the force setting `lock_after_minutes` from the database when
    given (services/settings.py), else this machine's QSettings value; a missing or unusable
    value means the default (a blank or zero setting must not switch the lock off)."""
    if database_minutes is not None and database_minutes > 0:
        return float(database_minutes)
    try:
        minutes = float(settings.value(LOCK_AFTER_KEY, DEFAULT_LOCK_MINUTES))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES
    return minutes if minutes > 0 else DEFAULT_LOCK_MINUTES


class InactivityWatcher(QObject):
    """Emits `locked` after `minutes` without user input anywhere in the application."""

    locked = Signal()

    def __init__(
        self, minutes: float = DEFAULT_LOCK_MINUTES, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A coarse timer may slip by 5% (30 s of 10 minutes): the lock should come on time.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._expired)
        self._paused = True
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(1, round(minutes * 60_000)))
        if not self._paused:
            self._timer.start()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime()

    def start(self) -> None:
        """Begin watching (install once the user has signed in)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.resume()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._paused = True
        self._timer.stop()

    def pause(self) -> None:
        """While locked, input (typing the password) must not restart the countdown."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._paused and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False

    def _expired(self) -> None:
        if not self._paused:
            self._paused = True
            self.locked.emit()


class _Cover(QWidget):
    """An opaque panel over the whole of one window while the app is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        label = QLabel("Locked", self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        self._window = window
        self._title = window.windowTitle()
        window.installEventFilter(self)
        self._fit()
        window.setWindowTitle(LOCKED_TITLE)
        self.show()
        self.raise_()

    def _fit(self) -> None:
        self.setGeometry(self._window.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.ChildAdded,
        ):
            self._fit()
            self.raise_()
        return False

    def remove(self) -> None:
        self._window.removeEventFilter(self)
        self._window.setWindowTitle(self._title)
        self.hide()
        self.deleteLater()


class LockDialog(QDialog):
    """Asks the signed-in user for their password. Accepted once it is right; `sign_out` when
    the user chooses to sign out instead. Escape and the close button do nothing."""

    sign_out = Signal()

    def __init__(self, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.setWindowTitle("rsoman is locked")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._runner = runner
        self._username = actor.username
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"rsoman was locked after a period of inactivity.\n"
                f"Enter the password of {actor.username} to carry on where you left off.",
                self,
            )
        )
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Password")
        self.password_edit.returnPressed.connect(self.submit)
        layout.addWidget(self.password_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.sign_out_button = QPushButton("Sign out", self)
        self.sign_out_button.setToolTip("Close rsoman. Everything already saved is kept.")
        self.sign_out_button.clicked.connect(self._sign_out)
        self.unlock_button = QPushButton("Unlock", self)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        self.password_edit.setFocus()

    def submit(self) -> None:
        password = self.password_edit.text()
        if not password:
            self._show_error("Enter your password.")
            return
        self._set_busy(True)
        username = self._username

        def work(session: Session, _progress: Progress) -> Actor:
            return authenticate(session, username, password)

        self._runner.submit(work, on_done=self._unlocked, on_error=self._refused)

    def _unlocked(self, _actor: Actor) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self._show_error(str(exc) if isinstance(exc, ServiceError) else f"Cannot check: {exc}")

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.password_edit, self.unlock_button, self.sign_out_button):
            widget.setEnabled(not busy)

    def _sign_out(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
        self.sign_out.emit()

    def reject(self) -> None:
        # Escape must not unlock; only the password or "Sign out" leave this dialog.
        pass

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() != QDialog.DialogCode.Accepted and self.isVisible():
            event.ignore()
            return
        super().closeEvent(event)


class ScreenLock(QObject):
    """Covers every window and asks for the password; wire `watcher.locked` to `lock`."""

    unlocked = Signal()
    sign_out = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        actor: Actor,
        main_window: QWidget,
        watcher: InactivityWatcher | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._actor = actor
        self._main = main_window
        self._watcher = watcher
        self._covers: list[_Cover] = []
        self.dialog: LockDialog | None = None
        if watcher is not None:
            watcher.locked.connect(self.lock)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self) -> None:
        if self.dialog is not None:
            return
        if self._watcher is not None:
            self._watcher.pause()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, LockDialog):
                self._covers.append(_Cover(window))
        dialog = LockDialog(self._runner, self._actor, self._main)
        dialog.accepted.connect(self._unlock)
        dialog.sign_out.connect(self.sign_out)
        self.dialog = dialog
        dialog.open()

    def _unlock(self) -> None:
        for cover in self._covers:
            cover.remove()
        self._covers.clear()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        if self._watcher is not None:
            self._watcher.resume()
        self.unlocked.emit()


def install_inactivity_lock(
    runner: TaskRunner,
    actor: Actor,
    main_window: QWidget,
    settings: QSettings,
    database_minutes: float | None = None,
) -> ScreenLock:
    """Start watching for inactivity and lock after the configured interval (`database_minutes`,
    the force setting read by the caller, wins over QSettings). Connect the returned lock's
    `sign_out` to quitting the application."""
    watcher = InactivityWatcher(lock_minutes(settings, database_minutes), main_window)
    lock = ScreenLock(runner, actor, main_window, watcher, main_window)
    watcher.start()
    return lock
