"""An issued pack on screen (QtPdf): pages, zoom, "Save as…" and "Print…".

Saving or printing does not issue the pack again (it is the same pack, the same reference), but
each makes another copy of a disclosure, so each is logged first, through the service, with the
reason the pack was issued for. A save is logged in the same transaction as the file is written:
if the file cannot be written, nothing is logged. A print is logged before the pages go to the
printer (a print that then fails is over-logged, never under-logged).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from ...core.rules.dates import LONDON, format_date
from ...core.services.actor import Actor
from ...core.services.csv_safety import safe_filename, safe_path
from ...core.services.errors import ServiceError
from ...core.services.packs.history import IssuedPackSummary, record_print, record_save
from ..tasks import Progress, TaskRunner
from . import first_upper

# Pages are rendered for the printer at most at this resolution: enough for text and photos,
# and an A4 page at a printer's 1200 dpi would otherwise be a half-gigabyte image.
MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0


def safe_pdf_name(typed: str, default: str) -> str:
    """A plain PDF file name from what was typed (see csv_safety.safe_filename)."""
    return safe_filename(typed, default=default, suffix=".pdf")


def safe_pdf_path(folder: Path, typed: str, default: str) -> Path:
    """The file `typed` names inside `folder`, which it cannot leave."""
    return safe_path(folder, typed, default=default, suffix=".pdf")


def write_whole(path: Path, data: bytes) -> None:
    """Written beside the target, then moved into place: never a half-written pack."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def issued_line(pack: IssuedPackSummary) -> str:
    """The line above the pages: "Issued to … — reference …"."""
    return f"Issued to {pack.issued_to} — reference {pack.reference}"


def detail_line(pack: IssuedPackSummary) -> str:
    when = pack.issued_at.astimezone(LONDON)
    pages = f"{pack.page_count} page{'' if pack.page_count == 1 else 's'}"
    return (
        f"{first_upper(pack.kind_words)}: {pack.scope}. Issued by {pack.issued_by} on "
        f"{format_date(when.date())} at {when:%H:%M}; {pages}. OFFICIAL-SENSITIVE."
    )


class PackPreview(QMainWindow):
    """One issued pack, held in memory (never written anywhere unless saved)."""

    # Where "Save as…" starts: the folder last saved to in this session, else Documents.
    last_folder: Path | None = None

    def __init__(
        self,
        runner: TaskRunner,
        actor: Actor,
        pack: IssuedPackSummary,
        pdf: bytes,
        parent: QWidget | None = None,
        *,
        password: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor = actor
        self.pack = pack
        self.pdf = pdf
        self.setWindowTitle(f"{first_upper(pack.kind_words)} {pack.reference}")
        self.resize(900, 1000)

        # Order of destruction matters (children go in the order they were made): the document
        # is closed first, while the view it notifies still exists, and the buffer it reads
        # from (its own child) after it. setData copies the bytes: a QBuffer over a
        # Python-owned QByteArray would read freed memory once the Python side is gone.
        self.document = QPdfDocument(self)
        if password:  # a pack issued with a PDF password opens with it here too
            self.document.setPassword(password)
        self._buffer = QBuffer(self.document)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

        central = QWidget(self)
        column = QVBoxLayout(central)
        self.issued_label = QLabel(issued_line(pack), central)
        self.issued_label.setObjectName("issuedLabel")
        # The recipient and the scope as typed, never read as markup.
        self.issued_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.issued_label.font()
        font.setBold(True)
        self.issued_label.setFont(font)
        self.issued_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.issued_label)
        self.detail_label = QLabel(detail_line(pack), central)
        self.detail_label.setObjectName("hintLabel")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setWordWrap(True)
        column.addWidget(self.detail_label)
        self.error_label = QLabel(central)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a typed name
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        column.addWidget(self.error_label)
        self.view = QPdfView(central)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        column.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self._build_toolbar()
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.document.pageCountChanged.connect(self._pages_known)
        self._pages_known()

    # --- toolbar ----------------------------------------------------------------------------

    def _action(self, text: str, slot: object, keys: QKeySequence.StandardKey | str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Pack", self)
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.save_action = self._action("Save as…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.print_action = self._action("Print…", self.print_pack, QKeySequence.StandardKey.Print)
        self.toolbar.addSeparator()
        self._action("Previous page", self.previous_page, "PgUp")
        self.page_box = QSpinBox(self.toolbar)
        self.page_box.setAccessibleName("Page")
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda page: self.go_to_page(page - 1))
        self.toolbar.addWidget(self.page_box)
        self.of_label = QLabel(self.toolbar)
        self.toolbar.addWidget(self.of_label)
        self._action("Next page", self.next_page, "PgDown")
        self.toolbar.addSeparator()
        self._action("Zoom out", self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._action("Zoom in", self.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._action("Fit width", self.fit_width, "Ctrl+1")
        self._action("Whole page", self.fit_page, "Ctrl+2")
        self.toolbar.addSeparator()
        self._action("Close", self.close, QKeySequence.StandardKey.Close)

    # --- pages and zoom ---------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """0-based."""
        return self.view.pageNavigator().currentPage()

    def _pages_known(self, *_args: object) -> None:
        count = max(self.page_count, 1)
        self.page_box.setMaximum(count)
        self.of_label.setText(f" of {self.page_count} ")

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def go_to_page(self, page: int) -> None:
        """Show page `page` (0-based, clamped to the pack)."""
        if self.page_count == 0:
            return
        page = max(0, min(page, self.page_count - 1))
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())
        self._page_changed(page)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, factor)))

    def zoom_in(self) -> None:
        self.set_zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    # --- problems ---------------------------------------------------------------------------

    def show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _clear_problem(self) -> None:
        self.error_label.hide()

    # --- saving -----------------------------------------------------------------------------

    def save_as(self) -> None:
        """Ask where (the reference is the default name), then save."""
        folder = PackPreview.last_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            "Save pack as",
            str(folder / f"{self.pack.reference}.pdf"),
            "PDF documents (*.pdf)",
        )
        if chosen:
            path = Path(chosen)
            self.save_to(path.parent, path.name)

    def save_to(self, folder: Path, typed_name: str) -> None:
        """Save the pack in `folder` as `typed_name` (made a plain PDF name that cannot leave
        the folder), logging the copy in the same transaction as the file is written."""
        self._clear_problem()
        try:
            path = safe_pdf_path(folder, typed_name, self.pack.reference)
        except ValueError as exc:
            self.show_problem(f"The pack was not saved: {exc}.")
            return
        actor, reference, pdf = self.actor, self.pack.reference, self.pdf

        def work(session: Session, _progress: Progress) -> Path:
            record_save(session, actor, reference, file_name=str(path))
            write_whole(path, pdf)
            return path

        self.save_action.setEnabled(False)
        self.runner.submit(work, on_done=self._saved, on_error=self._save_failed)

    def _saved(self, path: Path) -> None:
        self.save_action.setEnabled(True)
        PackPreview.last_folder = path.parent
        self.statusBar().showMessage(f"Saved as {path}", 10_000)

    def _save_failed(self, exc: BaseException) -> None:
        self.save_action.setEnabled(True)
        if isinstance(exc, OSError):
            self.show_problem(f"The pack could not be saved there: {exc.strerror or exc}.")
        elif isinstance(exc, ServiceError):
            self.show_problem(f"The pack was not saved: {exc}.")
        else:
            self.show_problem(f"Saving failed: {exc}")

    # --- printing ---------------------------------------------------------------------------

    def print_pack(self, printer: QPrinter | None = None) -> None:
        """Print the pack: ask for the printer (unless one is given, as tests do), log the
        print, then send the pages."""
        self._clear_problem()
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.pack.reference)
            dialog = QPrintDialog(printer, self)
            dialog.setMinMax(1, max(self.page_count, 1))
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return
        pages = self._range(printer)
        copies = max(printer.copyCount(), 1)
        actor, reference = self.actor, self.pack.reference

        def work(session: Session, _progress: Progress) -> None:
            record_print(session, actor, reference, copies=copies, pages=pages)

        self.print_action.setEnabled(False)
        self.runner.submit(
            work,
            on_done=lambda _none: self._send(printer, pages),
            on_error=self._print_refused,
        )

    def _range(self, printer: QPrinter) -> tuple[int, int] | None:
        first, last = printer.fromPage(), printer.toPage()
        if printer.printRange() != QPrinter.PrintRange.PageRange or first < 1:
            return None
        return first, min(max(last, first), self.page_count)

    def _print_refused(self, exc: BaseException) -> None:
        self.print_action.setEnabled(True)
        self.show_problem(f"The pack was not printed: {exc}.")

    def _send(self, printer: QPrinter, pages: tuple[int, int] | None) -> None:
        self.print_action.setEnabled(True)
        try:
            printed = self.render_to(printer, pages)
        except OSError as exc:
            self.show_problem(f"Printing failed: {exc}.")
            return
        where = printer.printerName() or printer.outputFileName() or "the printer"
        pages_sent = f"{printed} page{'' if printed == 1 else 's'}"
        self.statusBar().showMessage(f"Sent {pages_sent} to {where}", 10_000)

    def render_to(self, printer: QPrinter, pages: tuple[int, int] | None = None) -> int:
        """Draw the pages (1-based range, all if None) on the printer, each scaled to fit the
        printable area; the number of pages sent."""
        first, last = pages or (1, self.page_count)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        try:
            for n, index in enumerate(range(first - 1, last)):
                if n and not printer.newPage():
                    raise OSError("the printer refused a new page")
                points = self.document.pagePointSize(index)
                image = self.document.render(
                    index,
                    QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)),
                )
                area = painter.viewport()
                scale = min(area.width() / image.width(), area.height() / image.height())
                width, height = round(image.width() * scale), round(image.height() * scale)
                target = QRect(area.x() + (area.width() - width) // 2, area.y(), width, height)
                painter.drawImage(target, image)
        finally:
            painter.end()
        return last - first + 1
