"""Printed packs in the app: the issue dialog (recipient and reason required, refusals plain),
the preview (QtPdf: pages, zoom), saving and printing (each logged, never re-issued), and the
record of issued packs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from sqlmodel import Session, func, select

from rsoman.core.reports.issue import issue_briefing
from rsoman.core.services.packs.choices import briefing_areas
from rsoman.core.services.packs.history import list_issued_packs
from rsoman.core.store.enums import AuditAction
from rsoman.core.store.models import AuditEntry, IssuedPack
from rsoman.gui.packs import open_history, open_issue_dialog
from rsoman.gui.packs.dialog import IssuePackDialog
from rsoman.gui.packs.history import IssuedPacksModel
from rsoman.gui.packs.preview import PackPreview, safe_pdf_name, safe_pdf_path
from rsoman.gui.tasks import TaskRunner

RECIPIENT = "PC Testbury 999, Testmere SNT (fictional)"
REASON = "Ward briefing for the neighbourhood team"


def issued_count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(IssuedPack)).one()


def dialog_for(qtbot, engine, runner, username: str, kind: str, **initial) -> IssuePackDialog:
    dialog = IssuePackDialog(engine, runner, actor(engine, username), kind, initial=initial)
    qtbot.addWidget(dialog)
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    return dialog


@pytest.fixture
def briefing(qtbot, demo_engine, demo_runner) -> tuple[IssuePackDialog, list]:
    """A briefing issued from the dialog as the demo supervisor (their whole borough)."""
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "supervisor", "briefing")
    got: list = []
    dialog.issued.connect(got.append)
    dialog.issued_to.setText(RECIPIENT)
    dialog.reason_box.setPlainText(REASON)
    dialog.submit()
    assert got, dialog.error_label.text()
    return dialog, got


def test_a_supervisor_issues_a_briefing_from_the_dialog(briefing, demo_engine):
    dialog, got = briefing
    result = got[0]
    assert not dialog.isVisible()
    assert result.pack.kind == "briefing" and result.pack.issued_to == RECIPIENT
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(result.pdf)).pages]
    assert len(pages) == result.pack.page_count > 1
    for text in pages:
        assert "OFFICIAL-SENSITIVE" in text and RECIPIENT in text
        assert result.pack.reference in text
    with Session(demo_engine) as session:
        row = session.exec(
            select(IssuedPack).where(IssuedPack.reference == result.pack.reference)
        ).one()
        assert row.issued_to == RECIPIENT and row.reason == REASON
        entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.object_key == result.pack.reference,
                AuditEntry.action == AuditAction.disclosure,
            )
        ).one()
        assert entry.justification == REASON and entry.username == "supervisor"


def test_the_borough_is_fixed_for_a_borough_user_and_wards_follow_it(
    qtbot, demo_engine, demo_runner
):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "supervisor", "briefing")
    assert dialog.borough is not None and dialog.ward is not None
    assert dialog.borough.count() == 1 and not dialog.borough.isEnabled()
    assert dialog.ward.itemText(0) == "Whole borough" and dialog.ward.count() > 1
    assert dialog.save_button.isEnabled()


def test_a_missing_reason_is_shown_beside_it_and_nothing_is_issued(qtbot, demo_engine, demo_runner):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "supervisor", "briefing")
    before = issued_count(demo_engine)
    dialog.issued_to.setText(RECIPIENT)
    dialog.submit()
    assert "reason" in dialog.problem_text("reason").lower()
    assert dialog.problem_text("issued_to") == ""
    assert dialog.isVisible() or not dialog.result()  # still open, not accepted
    assert dialog.issued_to.text() == RECIPIENT
    assert issued_count(demo_engine) == before


def test_both_missing_are_both_shown(qtbot, demo_engine, demo_runner):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "supervisor", "briefing")
    dialog.submit()
    assert dialog.problem_text("issued_to") and dialog.problem_text("reason")


def test_an_officer_asking_for_a_mappa_pack_is_refused_plainly(qtbot, demo_engine, demo_runner):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "officer", "mappa")
    message = dialog.error_label.text()
    assert dialog.error_label.isVisibleTo(dialog)
    assert message.startswith("You may not issue a MAPPA meeting pack")
    assert "offender manager may not manage mappa" in message
    assert not dialog.save_button.isEnabled()
    with Session(demo_engine) as session:
        refusal = session.exec(
            select(AuditEntry)
            .where(AuditEntry.action == AuditAction.refusal)
            .order_by(AuditEntry.id.desc())
        ).first()
        assert refusal is not None and refusal.username == "officer"


def test_a_visit_sheet_period_that_ends_before_it_starts_is_shown_beside_until(
    qtbot, demo_engine, demo_runner
):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "officer", "visits")
    assert dialog.officer is not None and dialog.officer.count() >= 1
    dialog.date_to.setDate(dialog.date_from.date().addDays(-1))
    dialog.issued_to.setText(RECIPIENT)
    dialog.reason_box.setPlainText("Visits this week")
    dialog.submit()
    assert "ends before it starts" in dialog.problem_text("to")


def test_the_visit_sheet_defaults_to_this_week(qtbot, demo_engine, demo_runner):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "officer", "visits")
    start, end = dialog.date_from.date().toPython(), dialog.date_to.date().toPython()
    assert start.weekday() == 0 and (end - start).days == 6


def test_the_preview_shows_every_page_and_the_issued_line(briefing, qtbot, demo_runner):
    _dialog, got = briefing
    result = got[0]
    preview = PackPreview(demo_runner, actor_of(demo_runner, "supervisor"), result.pack, result.pdf)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.document.status() == QPdfDocument.Status.Ready)
    assert preview.document.pageCount() == result.pack.page_count
    assert preview.issued_label.text() == (
        f"Issued to {RECIPIENT} — reference {result.pack.reference}"
    )
    assert preview.of_label.text().strip() == f"of {result.pack.page_count}"
    preview.go_to_page(2)
    assert preview.page_box.value() == 3
    preview.go_to_page(10_000)
    assert preview.page_box.value() == result.pack.page_count
    preview.fit_width()
    preview.set_zoom(1.0)
    preview.zoom_in()
    assert preview.view.zoomFactor() == pytest.approx(1.25)


def actor_of(runner, username: str):
    return actor(runner.engine, username)


def disclosures(engine, reference: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditEntry)
                .where(
                    AuditEntry.object_key == reference,
                    AuditEntry.action == AuditAction.disclosure,
                )
                .order_by(AuditEntry.id)
            ).all()
        )


def test_save_as_writes_the_bytes_and_logs_it_without_reissuing(
    briefing, qtbot, demo_engine, demo_runner, tmp_path: Path
):
    result = briefing[1][0]
    preview = PackPreview(demo_runner, actor_of(demo_runner, "supervisor"), result.pack, result.pdf)
    qtbot.addWidget(preview)
    before = issued_count(demo_engine)
    preview.save_to(tmp_path, "")
    saved = tmp_path / f"{result.pack.reference}.pdf"
    assert saved.read_bytes() == result.pdf
    assert issued_count(demo_engine) == before
    last = disclosures(demo_engine, result.pack.reference)[-1]
    assert f"saved as {saved}" in last.summary and last.justification == REASON


def test_a_typed_name_cannot_leave_the_chosen_folder(briefing, qtbot, demo_runner, tmp_path: Path):
    result = briefing[1][0]
    folder = tmp_path / "packs"
    folder.mkdir()
    preview = PackPreview(demo_runner, actor_of(demo_runner, "supervisor"), result.pack, result.pdf)
    qtbot.addWidget(preview)
    preview.save_to(folder, "../../escaped")
    (saved,) = folder.iterdir()
    assert saved.name == "_.._escaped.pdf" and saved.read_bytes() == result.pdf
    assert not (tmp_path / "escaped.pdf").exists()


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("", "BRF-1.pdf"),
        ("camden", "camden.pdf"),
        ("Camden.PDF", "Camden.PDF"),
        ("../up", "_up.pdf"),
        ("/etc/passwd", "_etc_passwd.pdf"),
        ("..", "BRF-1.pdf"),
        ("a\\b:c", "a_b_c.pdf"),
        (".hidden", "hidden.pdf"),
    ],
)
def test_safe_pdf_name(typed: str, name: str, tmp_path: Path):
    assert safe_pdf_name(typed, "BRF-1") == name
    assert safe_pdf_path(tmp_path, typed, "BRF-1").parent == tmp_path


def test_print_renders_to_a_pdf_printer_and_is_logged(
    briefing, qtbot, demo_engine, demo_runner, tmp_path: Path
):
    result = briefing[1][0]
    preview = PackPreview(demo_runner, actor_of(demo_runner, "supervisor"), result.pack, result.pdf)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.document.status() == QPdfDocument.Status.Ready)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 2)
    before = issued_count(demo_engine)
    preview.print_pack(printer)
    assert len(PdfReader(out).pages) == 2
    assert issued_count(demo_engine) == before
    last = disclosures(demo_engine, result.pack.reference)[-1]
    assert "printed (1 copy, pages 1-2)" in last.summary and last.justification == REASON


def test_a_refused_print_sends_nothing(briefing, qtbot, demo_runner, tmp_path: Path):
    """A user who may not copy the pack (an administrator may not view records, so may not
    print a briefing) is told so, and the printer gets nothing."""
    result = briefing[1][0]
    preview = PackPreview(demo_runner, actor_of(demo_runner, "admin"), result.pack, result.pdf)
    qtbot.addWidget(preview)
    out = tmp_path / "never.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    preview.print_pack(printer)
    assert not out.exists()
    assert "was not printed" in preview.error_label.text()


def test_the_history_lists_the_issued_pack(briefing, qtbot, qtmodeltester, demo_runner):
    result = briefing[1][0]
    parent = QWidget()
    qtbot.addWidget(parent)
    supervisor = actor_of(demo_runner, "supervisor")
    view = open_history(demo_runner.engine, demo_runner, supervisor, parent)
    model = view.model
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    row = {
        model.headerData(c, Qt.Orientation.Horizontal): model.index(0, c).data()
        for c in range(model.columnCount())
    }
    assert row["Reference"] == result.pack.reference
    assert row["Issued to"] == RECIPIENT and row["Reason"] == REASON
    assert row["Pages"] == str(result.pack.page_count)
    view.close()


def test_the_history_refuses_plainly(qtbot, demo_engine, demo_runner):
    view = open_history(demo_engine, demo_runner, actor(demo_engine, "officer"), kind="mappa")
    assert "may not see" in view.message.text()
    assert view.model.rowCount() == 0
    view.close()


def test_the_history_model_sorts_and_passes_the_model_tester(
    qtmodeltester, demo_engine, demo_runner
):
    supervisor = actor(demo_engine, "supervisor")
    with Session(demo_engine) as session:
        borough = briefing_areas(session, supervisor)[0].code
        for n in range(3):
            issue_briefing(
                session, supervisor, borough_code=borough, issued_to=f"PC Test {n}", reason="r"
            )
        session.commit()
        packs = list_issued_packs(session, supervisor)
    model = IssuedPacksModel()
    model.set_packs(packs)
    qtmodeltester.check(model)
    model.sort(4)
    assert [model.index(r, 4).data() for r in range(3)] == ["PC Test 0", "PC Test 1", "PC Test 2"]
    model.sort(4, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 4).data() == "PC Test 2"
    qtmodeltester.check(model)


def test_open_issue_dialog_opens_the_preview_once_issued(qtbot, demo_engine, demo_runner):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = open_issue_dialog(
        "performance",
        demo_engine,
        demo_runner,
        actor(demo_engine, "supervisor"),
        parent,
        issued_to="Borough Commander (fictional)",
        reason="Monthly performance review",
    )
    dialog.submit()
    previews = parent.findChildren(PackPreview)
    assert len(previews) == 1
    assert previews[0].pack.kind == "performance"
    previews[0].close()


def test_a_ward_briefing_names_the_ward(qtbot, demo_engine, demo_runner):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "supervisor", "briefing")
    assert dialog.ward is not None
    dialog.ward.setCurrentIndex(1)
    ward = dialog.ward.currentText()
    got: list = []
    dialog.issued.connect(got.append)
    dialog.issued_to.setText(RECIPIENT)
    dialog.reason_box.setPlainText(REASON)
    dialog.submit()
    assert got and f"ward {ward}" in got[0].pack.scope


def test_an_officer_issues_their_visit_sheet(qtbot, demo_engine, demo_runner):
    dialog = dialog_for(qtbot, demo_engine, demo_runner, "officer", "visits")
    got: list = []
    dialog.issued.connect(got.append)
    dialog.issued_to.setText("DC Officer (fictional)")
    dialog.reason_box.setPlainText("Visits this week")
    dialog.submit()
    assert got, dialog.error_label.text()
    assert got[0].pack.kind == "visit_sheet" and got[0].pack.reference.startswith("VIS-")


def test_the_pack_is_built_on_the_database_thread(qtbot, demo_engine):
    """With a real worker thread: the dialog shows it is busy, and the pack arrives on the
    GUI thread."""
    threaded = TaskRunner(demo_engine, serial=False)
    try:
        dialog = dialog_for(qtbot, demo_engine, threaded, "supervisor", "performance")
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
        got: list = []
        dialog.issued.connect(got.append)
        dialog.issued_to.setText("Borough Commander (fictional)")
        dialog.reason_box.setPlainText("Monthly performance review")
        dialog.submit()
        assert dialog.busy_bar.isVisibleTo(dialog) and not dialog.save_button.isEnabled()
        qtbot.waitUntil(lambda: bool(got), timeout=30_000)
        assert got[0].pack.kind == "performance" and not dialog.isVisible()
    finally:
        threaded.shutdown()


def test_a_pack_issued_with_a_pdf_password_is_encrypted_and_still_previews(
    qtbot, demo_engine, demo_runner
):
    from rsoman.gui.packs import open_preview

    dialog = dialog_for(qtbot, demo_engine, demo_runner, "supervisor", "briefing")
    got: list = []
    dialog.issued.connect(got.append)
    dialog.issued_to.setText(RECIPIENT)
    dialog.reason_box.setPlainText(REASON)
    dialog.pdf_password.setText("short")
    dialog.submit()
    assert not got and "8 characters" in dialog.problem_text("pdf_password")
    dialog.pdf_password.setText("fictional pack password")
    dialog.submit()
    assert got, dialog.error_label.text()
    result = got[0]
    reader = PdfReader(io.BytesIO(result.pdf))
    assert reader.is_encrypted and reader.decrypt("fictional pack password")
    assert "OFFICIAL-SENSITIVE" in reader.pages[0].extract_text()
    preview = open_preview(
        demo_runner, actor(demo_engine, "supervisor"), result.pack, result.pdf,
        password=result.pdf_password,
    )  # fmt: skip
    qtbot.addWidget(preview)
    assert preview.document.pageCount() == result.pack.page_count
    preview.close()
