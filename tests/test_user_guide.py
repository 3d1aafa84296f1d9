"""The user guide (docs/user-guide.md) describes the real app: every picture and page it links
exists, every keyboard shortcut its table lists is assigned where the table says, and every
`rsoman <command>` it mentions is a command the command line knows.

The shortcuts are read from the app itself, built offscreen on the demo database: the main
window (with Today), a record window, an entry form and a pack preview.
"""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import Engine
from sqlmodel import Session

from rsoman.cli import build_parser
from rsoman.core.reports.issue import issue_visit_sheet
from rsoman.core.rules.dates import london_today
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.packs.history import get_issued_pack
from rsoman.core.services.scan import run_scan
from rsoman.core.services.today import VISIT_WARNING_KINDS
from rsoman.core.store.engine import session_scope
from rsoman.core.store.models import Officer
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.main_window import MainWindow
from rsoman.gui.packs.preview import PackPreview
from rsoman.gui.record import open_record
from rsoman.gui.tasks import TaskRunner

DOCS = Path(__file__).resolve().parent.parent / "docs"
GUIDE = DOCS / "user-guide.md"

# The guide's "Where" column, to the part of the app whose shortcuts are read.
PLACES = {
    "Main window": "main",
    "Today": "main",
    "Caseload": "main",
    "Record window": "record",
    "Any form": "form",
    "Pack preview": "preview",
}


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def portable(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)


# --- links --------------------------------------------------------------------------------


def test_every_picture_the_guide_shows_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", guide_text())
    assert pictures, "the guide shows no screenshots"
    missing = [p for p in pictures if not (DOCS / p).is_file()]
    assert not missing, f"pictures the guide links but docs/ lacks: {missing}"


def test_every_page_the_guide_links_exists() -> None:
    links = re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", guide_text())
    local = [link.split("#")[0] for link in links if "://" not in link and link.split("#")[0]]
    assert local, "the guide links no other documentation"
    missing = [link for link in local if not (DOCS / link).exists()]
    assert not missing, f"pages the guide links but docs/ lacks: {missing}"


def slugs(markdown: str) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them ("An officer's day" ->
    "an-officers-day")."""
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, flags=re.M):
        words = re.sub(r"[^\w\- ]", "", heading.strip().lower())
        found.add(words.replace(" ", "-"))
    return found


def test_every_section_the_guide_links_exists() -> None:
    links = re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]*#[^)\s]+)\)", guide_text())
    assert links, "the guide links no section"
    missing = []
    for link in links:
        page, anchor = link.split("#", 1)
        text = guide_text() if not page else (DOCS / page).read_text(encoding="utf-8")
        if anchor not in slugs(text):
            missing.append(link)
    assert not missing, f"sections the guide links that do not exist: {missing}"


# --- keyboard shortcuts -----------------------------------------------------------------------


def shortcut_table() -> list[tuple[str, str, str]]:
    """(keys, where, what) for every key of every row of the guide's shortcut table."""
    text = guide_text()
    start = text.index("## Keyboard shortcuts")
    section = text[start:]
    end = section.find("\n## ", 1)
    section = section if end < 0 else section[:end]
    rows: list[tuple[str, str, str]] = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        for keys in re.findall(r"`([^`]+)`", cells[0]):
            rows.append((keys, cells[1], cells[2]))
    return rows


def keys_of(widget: QWidget) -> set[str]:
    """Every key sequence assigned to an action or a shortcut in the widget or its children."""
    found: set[str] = set()
    for action in [*QWidget.actions(widget), *widget.findChildren(QAction)]:
        for sequence in action.shortcuts():
            found.add(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    for shortcut in widget.findChildren(QShortcut):
        for sequence in shortcut.keys():
            found.add(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    found.discard("")
    return found


@pytest.fixture
def app_keys(qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs) -> dict[str, set[str]]:
    officer = actor(demo_engine, "officer")
    window = MainWindow(demo_engine, demo_runner, officer, settings=prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model is not None and window.model.rowCount() > 0)
    ref = window.model.row_data(0).ref
    record = open_record(demo_engine, demo_runner, officer, ref)
    qtbot.addWidget(record)
    qtbot.waitUntil(lambda: record.view is not None)
    form = create_form("visit", FormContext(demo_engine, demo_runner, officer, ref))
    qtbot.addWidget(form)
    with Session(demo_engine) as session:
        warrant = session.get(Officer, officer.officer_id).warrant_number
        today = london_today()
        issued = issue_visit_sheet(
            session,
            officer,
            officer_warrant=warrant,
            date_from=today,
            date_to=today + timedelta(days=1),
            issued_to="PC Example, test of the user guide",
            reason="checking the guide's shortcuts",
        )
        summary = get_issued_pack(session, officer, issued.reference)
        session.commit()
    preview = PackPreview(demo_runner, officer, summary, issued.pdf)
    qtbot.addWidget(preview)
    found = {
        "main": keys_of(window),
        "record": keys_of(record),
        "form": keys_of(form),
        "preview": keys_of(preview),
    }
    form.mark_clean()
    return found


def test_the_guide_lists_shortcuts() -> None:
    assert len(shortcut_table()) >= 10


def test_every_shortcut_in_the_guide_is_assigned_where_it_says(app_keys: dict) -> None:
    wrong = []
    for keys, where, what in shortcut_table():
        assert where in PLACES, f"unknown place {where!r} in the shortcut table ({keys})"
        if portable(keys) not in app_keys[PLACES[where]]:
            wrong.append(f"{keys} ({where}: {what})")
    assert not wrong, f"shortcuts the guide lists that the app does not assign: {wrong}"


def main_window_on_today(qtbot, engine: Engine, runner: TaskRunner, prefs) -> MainWindow:
    """The officer's main window after a scan, on Today, a visit warning selected and the
    warnings list focused: where the officer's keys go."""
    with session_scope(engine) as session:
        run_scan(session, SYSTEM)
    window = MainWindow(engine, runner, actor(engine, "officer"), settings=prefs)
    qtbot.addWidget(window)
    window.show()
    today = window.today
    assert today is not None
    model = today.warnings_model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).kind in VISIT_WARNING_KINDS)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    today.warnings_view.setFocus()
    today.warnings_view.setCurrentIndex(model.index(row, 0))
    return window


def test_ctrl_k_on_today_acknowledges_inside_the_main_window(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs
) -> None:
    window = main_window_on_today(qtbot, demo_engine, demo_runner, prefs)
    today = window.today
    qtbot.keyClick(today.warnings_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    form = today.last_form
    assert form is not None and form.windowTitle() == "Acknowledge warning"
    form.mark_clean()
    form.close()


def test_ctrl_shift_v_on_today_records_the_visit_inside_the_main_window(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs
) -> None:
    window = main_window_on_today(qtbot, demo_engine, demo_runner, prefs)
    today = window.today
    qtbot.keyClick(
        today.warnings_view,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    form = today.last_form
    try:
        assert form is not None and form.windowTitle() == "Record a visit"
    finally:
        if form is not None:
            form.mark_clean()
            form.close()


# --- the command line -------------------------------------------------------------------------


def cli_commands() -> dict[str, set[str]]:
    """Every command the parser knows, with its subcommands: {"scan": set(), "user": {"add",
    ...}, "export": {"briefing", ...}, ...}."""

    def children(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    return {name: set(children(sub)) for name, sub in children(build_parser()).items()}


def code_in_guide() -> list[str]:
    """The guide's code: fenced blocks and `code spans`."""
    text = guide_text()
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return blocks + re.findall(r"`([^`\n]+)`", prose)


# Options that may come before the command, each with its value.
GLOBAL_OPTIONS = ("--db", "--user")


def mentioned_commands() -> list[list[str]]:
    """The command words of every `rsoman ...` in the guide's code ("rsoman --user admin user
    add --username x" gives ["user", "add"]); a bare `rsoman` (the app) gives nothing."""
    mentions: list[list[str]] = []
    for code in code_in_guide():
        for line in code.splitlines():
            for match in re.finditer(r"(?<![\w.-])rsoman(?=\s)", line):
                tokens = line[match.end() :].split()
                words: list[str] = []
                i = 0
                while i < len(tokens) and len(words) < 2:
                    if tokens[i] in GLOBAL_OPTIONS:
                        i += 2
                        continue
                    if not re.fullmatch(r"[a-z][a-z-]*", tokens[i]):
                        break
                    words.append(tokens[i])
                    i += 1
                if words:
                    mentions.append(words)
    return mentions


def test_every_command_the_guide_mentions_exists() -> None:
    known = cli_commands()
    mentions = mentioned_commands()
    assert len(mentions) >= 10, "the guide mentions hardly any command"
    unknown = []
    for words in mentions:
        command, rest = words[0], words[1:]
        if command not in known:
            unknown.append(" ".join(words))
        elif known[command] and rest and rest[0] not in known[command]:
            unknown.append(" ".join(words))
    assert not unknown, f"commands the guide mentions that rsoman does not have: {unknown}"


def test_the_command_check_reads_commands_as_the_guide_writes_them() -> None:
    """The parsing above, on the forms the guide uses, so a real mistake cannot slip by."""
    known = cli_commands()
    assert "add" in known["user"] and "briefing" in known["export"] and not known["scan"]
    mentions = mentioned_commands()
    assert ["user", "add"] in mentions  # after --user admin
    assert ["audit", "report"] in mentions
