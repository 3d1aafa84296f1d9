"""The words after a scheduled scan: a tray message only when something is new or worse."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from rsoman.core.jobs import ScanSummary
from rsoman.gui.tray import TRAY_TITLE, notify_new_warnings, scan_status_text, tray_message


def summary(
    *, raised: int = 0, reopened: int = 0, escalated: int = 0, resolved: int = 0, open: int = 12
) -> ScanSummary:
    return ScanSummary(
        as_of=date(2026, 3, 2),
        raised=raised,
        reopened=reopened,
        escalated=escalated,
        resolved=resolved,
        open=open,
        seconds=0.4,
    )


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (summary(raised=3, escalated=1), "3 new warnings, 1 escalated (12 open)."),
        (summary(raised=1), "1 new warning (12 open)."),
        # A reopened warning is new to the officer: it needs a new answer.
        (summary(raised=1, reopened=1), "2 new warnings (12 open)."),
        (summary(escalated=1), "1 warning escalated (12 open)."),
        (summary(escalated=2, open=1), "2 warnings escalated (1 open)."),
    ],
)
def test_the_message_counts_new_and_escalated_warnings(found: ScanSummary, expected: str) -> None:
    message = tray_message(found)
    assert message is not None
    assert message.startswith(expected)


@pytest.mark.parametrize("quiet", [summary(), summary(resolved=4), summary(open=0)])
def test_nothing_new_or_worse_means_no_message(quiet: ScanSummary) -> None:
    assert tray_message(quiet) is None


def test_the_status_line_names_the_london_time_and_counts() -> None:
    # 07:00 UTC on 1 Jun is 08:00 in London (summer time).
    text = scan_status_text(
        summary(raised=3, escalated=1, resolved=2), datetime(2026, 6, 1, 7, tzinfo=UTC)
    )
    assert text == "Warnings scanned 08:00: 12 open, 3 new, 1 escalated, 2 resolved"


class RecordingTray(QSystemTrayIcon):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str]] = []

    def showMessage(self, title: str, message: str, *args: object) -> None:
        self.shown.append((title, message))


def test_notify_shows_only_news_and_tolerates_no_tray(qapp: object) -> None:
    tray = RecordingTray()
    assert notify_new_warnings(tray, summary()) is False
    assert notify_new_warnings(tray, summary(raised=2)) is True
    assert tray.shown == [(TRAY_TITLE, tray_message(summary(raised=2)))]
    assert notify_new_warnings(None, summary(raised=2)) is False
