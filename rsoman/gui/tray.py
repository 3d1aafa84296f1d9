"""What the app says after a scheduled scan: the status-bar line and the system tray message.

The words are built by pure functions (tested without a tray); the main window owns the tray
icon itself and calls `notify_new_warnings` with it (None when the desktop has no tray).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QSystemTrayIcon

from ..core.jobs import ScanSummary
from ..core.rules.dates import LONDON

TRAY_TITLE = "rsoman warnings"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def tray_message(summary: ScanSummary) -> str | None:
    """ "3 new warnings, 1 escalated (12 open)"; None when nothing is new or worse, so a scan
    that only resolved warnings (or found the same ones) stays quiet."""
    if not summary.needs_attention:
        return None
    if summary.new and summary.escalated:
        head = f"{_count(summary.new, 'new warning')}, {summary.escalated} escalated"
    elif summary.new:
        head = _count(summary.new, "new warning")
    else:
        head = f"{_count(summary.escalated, 'warning')} escalated"
    return f"{head} ({summary.open} open). Open Today to see them."


def scan_status_text(summary: ScanSummary, finished_at: datetime | None = None) -> str:
    """The status bar's line after a scan: "Warnings scanned 07:00: 12 open, 3 new, ..."."""
    moment = finished_at if finished_at is not None else datetime.now(LONDON)
    at = moment.astimezone(LONDON).strftime("%H:%M")
    return (
        f"Warnings scanned {at}: {summary.open} open, {summary.new} new, "
        f"{summary.escalated} escalated, {summary.resolved} resolved"
    )


def notify_new_warnings(tray: QSystemTrayIcon | None, summary: ScanSummary) -> bool:
    """Show the tray message when the scan found something new or worse. Returns whether a
    message was shown."""
    message = tray_message(summary)
    if tray is None or message is None:
        return False
    tray.showMessage(TRAY_TITLE, message, QSystemTrayIcon.MessageIcon.Warning)
    return True
