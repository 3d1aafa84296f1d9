"""The details pane beside each list: every field of the selected item, long text verbatim.

Long text (observations, intelligence, the words of a prohibition) is shown exactly as stored:
escaped, with its line breaks and spacing kept (`white-space: pre-wrap`), never summarised or
re-flowed, because briefings and court papers quote it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtWidgets import QTextBrowser, QWidget


@dataclass(frozen=True)
class Details:
    """What the pane shows for one item."""

    title: str
    # Short fields: a label and its value (empty values are left out).
    fields: Sequence[tuple[str, str]] = ()
    # Long text under its own heading, verbatim (None or empty: "None recorded").
    texts: Sequence[tuple[str, str | None]] = ()
    # Numbered entries quoted word for word (prohibitions of an order).
    quoted: Sequence[tuple[str, Sequence[str]]] = field(default_factory=tuple)


def _verbatim(text: str) -> str:
    return f'<p style="white-space: pre-wrap;">{html.escape(text)}</p>'


def details_html(details: Details) -> str:
    parts = [f"<h3>{html.escape(details.title)}</h3>"]
    rows = [
        f"<tr><th align='left' valign='top' style='padding-right: 12px;'>{html.escape(label)}"
        f"</th><td style='white-space: pre-wrap;'>{html.escape(value)}</td></tr>"
        for label, value in details.fields
        if value
    ]
    if rows:
        parts.append("<table cellspacing='2'>" + "".join(rows) + "</table>")
    for heading, text in details.texts:
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        parts.append(_verbatim(text) if text and text.strip() else "<p><i>None recorded</i></p>")
    for heading, entries in details.quoted:
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        if not entries:
            parts.append("<p><i>None recorded</i></p>")
        for entry in entries:
            parts.append(_verbatim(entry))
    return "".join(parts)


class DetailsPane(QTextBrowser):
    """Read-only, selectable (officers copy from it), and scrolls on its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Details of the selected item")
        self.show_nothing()

    def show_details(self, details: Details) -> None:
        self.setHtml(details_html(details))

    def show_nothing(self, hint: str = "Select an item to see all of it here.") -> None:
        self.setHtml(f"<p><i>{html.escape(hint)}</i></p>")
