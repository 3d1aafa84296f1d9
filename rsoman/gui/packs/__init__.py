"""Printed packs in the desktop app: issue one (a dialog), see it (a preview with QtPdf, from
which it is saved or printed) and the record of packs issued.

The main window and the record window call `open_issue_dialog` and `open_history`; the modules
(and QtPdf) are imported on first use, so the app starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from sqlalchemy import Engine

from ...core.services.actor import Actor

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ...core.services.packs.history import IssuedPackSummary
    from ..tasks import TaskRunner
    from .dialog import IssuedResult, IssuePackDialog
    from .history import IssuedPacksView
    from .preview import PackPreview

# Windows opened without a parent are kept here until closed (else Python would collect
# them), by id: the reference is dropped after the window is gone, never during its own
# destruction (dropping a wrapper's last reference there deletes it twice).
_open: dict[int, QWidget] = {}


def first_upper(text: str) -> str:
    """A sentence's first letter: "MAPPA meeting pack" stays so (str.capitalize would not)."""
    return text[:1].upper() + text[1:]


def _keep(window: QWidget) -> None:
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if window.parent() is not None:
        return
    key = id(window)
    _open[key] = window
    window.destroyed.connect(lambda *_: QTimer.singleShot(0, lambda: _open.pop(key, None)))


def open_preview(
    runner: TaskRunner,
    actor: Actor,
    pack: IssuedPackSummary,
    pdf: bytes,
    parent: QWidget | None = None,
    *,
    password: str | None = None,
) -> PackPreview:
    """Show an issued pack in its own window (`password`: the one it was encrypted with)."""
    from .preview import PackPreview

    preview = PackPreview(runner, actor, pack, pdf, parent, password=password)
    _keep(preview)
    preview.show()
    return preview


def open_issue_dialog(
    kind: str,
    engine: Engine,
    runner: TaskRunner,
    actor: Actor,
    parent: QWidget | None = None,
    **initial: Any,
) -> IssuePackDialog:
    """Open the dialog to issue a pack of `kind` ("briefing", "mappa", "visits",
    "performance"), window-modal and without blocking; once issued, the pack opens in a
    preview. `initial` may preset borough_code, ward, meeting, officer_warrant, date_from,
    date_to, as_of, issued_to, reason."""
    from .dialog import IssuePackDialog

    dialog = IssuePackDialog(engine, runner, actor, kind, parent, initial)

    def show(result: IssuedResult) -> None:
        open_preview(runner, actor, result.pack, result.pdf, parent, password=result.pdf_password)

    dialog.issued.connect(show)
    # Deleted once finished (after its `issued` handlers ran). Not WA_DeleteOnClose: the
    # form base closes from inside its own save callback, and that deletion crashed PySide.
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def open_history(
    engine: Engine,
    runner: TaskRunner,
    actor: Actor,
    parent: QWidget | None = None,
    *,
    kind: str | None = None,
    borough_code: str | None = None,
) -> IssuedPacksView:
    """Show the record of issued packs in its own window (`engine` is taken for symmetry with
    `open_issue_dialog`; the view reads through the runner)."""
    from .history import IssuedPacksView

    view = IssuedPacksView(runner, actor, parent, kind=kind, borough_code=borough_code)
    view.setWindowFlag(Qt.WindowType.Window)
    view.resize(1000, 500)
    _keep(view)
    view.show()
    return view
