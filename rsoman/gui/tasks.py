"""Database work off the GUI thread, one job at a time (Anki's taskman, gitfourchette's tasks).

Every job gets its own short session on one serialized worker thread, so jobs never overlap
and a Session or ORM object never crosses threads: a job returns plain data. Results, errors
and progress come back to the GUI thread through a queued signal, where the callbacks run.

Tests set `FORCE_SERIAL` (or pass `serial=True`): a job then runs at once in the caller's
thread and its callbacks fire before `submit` returns, so no test has to wait on a thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from sqlalchemy import Engine
from sqlmodel import Session

from ..core.store.engine import session_scope

log = logging.getLogger(__name__)

T = TypeVar("T")

Progress = Callable[[int, int], None]
"""(done, total): a job may call it as often as it likes; the GUI sees the latest values."""

# Tests switch this on (gitfourchette's "force serial" switch).
FORCE_SERIAL = False


class TaskRunner(QObject):
    """Runs `work(session, progress)` jobs in order on one worker thread.

    `session_scope` commits when the job returns and rolls back if it raises.
    """

    # A zero-argument callable to run on the GUI thread.
    _post = Signal(object)
    # Emitted on the GUI thread after a job fails and its own error callback (if any) ran.
    failed = Signal(object)
    # Whether any job is queued or running (e.g. for a busy cursor).
    busy_changed = Signal(bool)

    def __init__(
        self, engine: Engine, *, serial: bool | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.serial = FORCE_SERIAL if serial is None else serial
        self._executor: ThreadPoolExecutor | None = None
        self._pending = 0
        self._closed = False
        # Queued explicitly: the slot must run on the thread this object lives in (the GUI's)
        # whatever thread emits.
        self._post.connect(self._run_posted, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        work: Callable[[Session, Progress], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Progress | None = None,
    ) -> None:
        """Queue a job. Callbacks run on the GUI thread; an error without `on_error` is
        logged and emitted as `failed`."""
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        if self.serial:
            self._execute(work, on_done, on_error, on_progress)
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rsoman-db")
        self._executor.submit(self._execute, work, on_done, on_error, on_progress)

    def _execute(
        self,
        work: Callable[[Session, Progress], T],
        on_done: Callable[[T], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Progress | None,
    ) -> None:
        progress: Progress = _ignore_progress
        if on_progress is not None:
            progress = on_progress if self.serial else _ProgressRelay(self._post, on_progress)
        try:
            with session_scope(self.engine) as session:
                result = work(session, progress)
        except Exception as exc:  # handed to the GUI thread, never swallowed
            error = exc
            self._deliver(lambda: self._finish_error(error, on_error))
        else:
            self._deliver(lambda: self._finish_ok(result, on_done))

    def _deliver(self, callback: Callable[[], None]) -> None:
        if self.serial:
            callback()
        else:
            self._post.emit(callback)

    @Slot(object)
    def _run_posted(self, callback: Callable[[], None]) -> None:
        callback()

    def _finish_ok(self, result: Any, on_done: Callable[[Any], None] | None) -> None:
        try:
            if on_done is not None:
                on_done(result)
        finally:
            self._job_ended()

    def _finish_error(
        self, exc: BaseException, on_error: Callable[[BaseException], None] | None
    ) -> None:
        try:
            if on_error is not None:
                on_error(exc)
            else:
                log.error("background job failed", exc_info=exc)
                self.failed.emit(exc)
        finally:
            self._job_ended()

    def _job_ended(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop taking jobs and join the worker (at quit, and in test teardown). Results that
        arrive after this are dropped with the event loop."""
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._executor = None


def _ignore_progress(done: int, total: int) -> None:
    pass


class _ProgressRelay:
    """Posts progress to the GUI thread, at most one update in flight: a job that reports every
    row cannot flood the event queue, and the GUI always shows the latest value."""

    def __init__(self, post: Any, on_progress: Progress) -> None:
        self._post = post
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self._latest = (0, 0)
        self._in_flight = False

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self._latest = (done, total)
            if self._in_flight:
                return
            self._in_flight = True
        self._post.emit(self._show)

    def _show(self) -> None:
        with self._lock:
            done, total = self._latest
            self._in_flight = False
        self._on_progress(done, total)
