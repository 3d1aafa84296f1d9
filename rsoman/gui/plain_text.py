"""Text people typed, shown as typed wherever Qt would otherwise read it as markup."""

from __future__ import annotations

import html

from PySide6.QtGui import Qt


def plain_tip(text: str | None) -> str | None:
    """A tooltip that shows `text` as typed. Qt takes a tooltip that looks like markup ("<b>…"
    before its first line break) for rich text; such a text is escaped into rich text that
    reads exactly as typed, line breaks kept."""
    if not text or not Qt.mightBeRichText(text):
        return text
    return f'<p style="white-space: pre-wrap;">{html.escape(text)}</p>'
