"""The one document base every printed pack is built on (ReportLab, A4, fonts embedded).

Every page carries OFFICIAL-SENSITIVE centred in its header and footer, the handling line, who
it was issued to, by whom, when and its reference, "Page X of Y", and the recipient's name
faintly across the page: a page found on its own still says what it is and whose copy it was.
The first page is a cover with the title, scope, date, issuer, recipient, reason and reference.

The pattern is pretix's `base/invoice.py`: page templates, fonts registered once, a numbered
canvas that draws "Page X of Y" once the total is known, output to bytes. Renderers hand this
module plain flowables; they never touch the canvas.
"""

from __future__ import annotations

import io
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ...paths import resource
from ..rules.dates import LONDON, format_date

MARKING = "OFFICIAL-SENSITIVE"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 27 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1d2330")
MUTED = colors.HexColor("#5a6170")
RULE = colors.HexColor("#9aa1ad")
SHADE = colors.HexColor("#eef0f4")
ALERT = colors.HexColor("#a4161a")
# Drawn first, under everything, so an opaque pale grey looks as 13% grey over white paper
# would; opaque because it lives in a PDF form, where ReportLab does not carry transparency.
WATERMARK = colors.Color(0.935, 0.935, 0.935)


# --- fonts -----------------------------------------------------------------------------------


def fonts_dir() -> Path:
    """resources/fonts beside the package in a checkout; under PyInstaller's unpack directory
    when frozen (the spec ships resources/)."""
    return resource("fonts")


class _QuickTTFont(TTFont):
    """A TrueType font whose strings are encoded at C speed once their characters are known.

    ReportLab embeds a subset of each font per document and encodes every string it draws
    with a Python loop over its characters (TTFont.splitString), a large share of the time
    to print a pack. Once a document's subset holds every character of a string (it soon
    does: names and addresses reuse few characters), the encoding is one str.translate;
    strings with new characters, or documents needing a second subset, take ReportLab's path.
    """

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> Any:
        state = self.state.get(doc)
        if state is None or not text or not isinstance(text, str) or len(state.subsets) != 1:
            return super().splitString(text, doc, encoding)
        assignments: dict[int, int] = state.assignments
        known = state.__dict__.get("_quick")
        if known is None or known[0] != len(assignments):
            table = dict(assignments)
            if 32 in assignments:
                table[0xA0] = assignments[32]  # ReportLab prints a no-break space as a space
            known = state._quick = (len(assignments), frozenset(map(chr, table)), table)
        if not known[1].issuperset(text):
            return super().splitString(text, doc, encoding)
        return [(0, text.translate(known[2]).encode("latin-1"))]


_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register DejaVu with ReportLab, once per process (reports may render off the GUI
    thread, so the first registration is guarded)."""
    global _fonts_registered
    if _fonts_registered:
        return
    with _fonts_lock:
        if _fonts_registered:
            return
        folder = fonts_dir()
        for name, file in FONT_FILES.items():
            pdfmetrics.registerFont(_QuickTTFont(name, str(folder / file)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )
        _fonts_registered = True


# --- what every pack says about itself -------------------------------------------------------


@dataclass(frozen=True)
class PackMeta:
    """What the cover and every page say about the pack."""

    reference: str
    title: str
    scope: str
    issued_at: datetime
    issued_by: str
    issued_to: str
    reason: str
    # Pack-specific handling words added after the common line (e.g. MAPPA minutes).
    handling_extra: str = ""
    # Set to encrypt the PDF (AES-256): it then opens only with this password. Never printed.
    password: str | None = field(default=None, repr=False)

    @property
    def issued_on_text(self) -> str:
        local = self.issued_at.astimezone(LONDON) if self.issued_at.tzinfo else self.issued_at
        return f"{format_date(local.date())} {local:%H:%M}"

    @property
    def handling_line(self) -> str:
        line = (
            f"Not to be copied or shared beyond {self.issued_to} and those with a need to know. "
            "Keep secure; destroy as OFFICIAL-SENSITIVE waste when no longer needed."
        )
        return f"{line} {self.handling_extra}".strip()


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    page_count: int


# --- styles and small building blocks --------------------------------------------------------


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        "muted": ParagraphStyle("muted", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10),
        "quote": ParagraphStyle(
            "quote", parent=body, fontName=FONT_ITALIC, leftIndent=4 * mm, spaceAfter=2
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=22, leading=27, spaceAfter=6
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=13, leading=17, textColor=MUTED, spaceAfter=14
        ),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=4
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=7,
            spaceAfter=3,
        ),
        "badge": ParagraphStyle(
            "badge",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9.5,
            leading=11,
            alignment=TA_CENTER,
            textColor=colors.white,
        ),
        "alert": ParagraphStyle("alert", parent=body, fontName=FONT_BOLD, textColor=ALERT),
        "marking": ParagraphStyle(
            "marking",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
            textColor=ALERT,
        ),
    }


def esc(text: object) -> str:
    """Plain text made safe for Paragraph markup (names may hold & or <); line breaks kept."""
    return escape(str(text)).replace("\n", "<br/>")


class TextLine(Flowable):
    """Plain text that fits on one line, drawn as a string: a Paragraph would parse it as
    markup, break it into lines and set up a text object, several times the cost, and most
    headings, labels and short values are one line. Text found too wide when the width is
    known (at wrap) is handed to a Paragraph, so nothing is ever cut."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.paragraph: Paragraph | None = None
        # Where a Paragraph would put the first baseline below its top (ReportLab's setting).
        self._drop = (
            style.fontSize
            if rl_config.paraFontSizeHeightOffset
            else pdfmetrics.getAscentDescent(style.fontName, style.fontSize)[0]
        )

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        st = self.style
        if self.paragraph is None:
            room = available_width - st.leftIndent - st.rightIndent
            if pdfmetrics.stringWidth(self.text, st.fontName, st.fontSize) > room:
                self.paragraph = Paragraph(esc(self.text), st)
        if self.paragraph is not None:
            return self.paragraph.wrap(available_width, available_height)
        self.width, self.height = available_width, st.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self.paragraph is not None:
            return self.paragraph.split(available_width, available_height)
        return []  # one line: it moves to the next frame whole

    def getSpaceBefore(self) -> float:  # ReportLab's name
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # ReportLab's name
        return self.style.spaceAfter

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # Drawn straight at (x, y): no translation of the canvas for one string.
        if self.paragraph is not None:
            self.paragraph.drawOn(canvas, x, y, _sW)
            return
        st = self.style
        baseline = y + self.height - self._drop
        canvas.saveState()
        canvas.setFont(st.fontName, st.fontSize)
        canvas.setFillColor(st.textColor)
        if st.alignment == TA_CENTER:
            left = x + st.leftIndent
            middle = left + (self.width - st.leftIndent - st.rightIndent) / 2
            canvas.drawCentredString(middle, baseline, self.text)
        elif st.alignment == TA_RIGHT:
            canvas.drawRightString(x + self.width - st.rightIndent, baseline, self.text)
        else:
            canvas.drawString(x + st.leftIndent, baseline, self.text)
        canvas.restoreState()


def para(text: str, style: str = "body") -> Flowable:
    """Plain text (escaped here): a TextLine when it may fit on one line, else a Paragraph."""
    st = styles()[style]
    if (
        "\n" in text
        or not text.strip()
        or pdfmetrics.stringWidth(text, st.fontName, st.fontSize) > CONTENT_WIDTH
    ):
        return Paragraph(esc(text), st)
    return TextLine(text, st)


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of trusted markup (the caller escaped every value in it)."""
    return Paragraph(text, styles()[style])


def or_dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def date_text(day: Any) -> str:
    return "—" if day is None else format_date(day)


# Tables: a cell whose text fits on one line is drawn as a plain string (no paragraph to parse
# and wrap: several times faster, and most cells are short); longer text becomes a paragraph.
_PAD = 5.5  # left + right cell padding used below


def cell(text: str, style: str, width: float | None) -> str | Paragraph:
    """`text` as a table cell of `width` points in `style` (see the note above)."""
    st = styles()[style]
    if (
        width is not None
        and "\n" not in text
        and pdfmetrics.stringWidth(text, st.fontName, st.fontSize) <= width - _PAD
    ):
        return text
    return para(text, style)


def font_commands(area: tuple[tuple[int, int], tuple[int, int]], style: str) -> list[Any]:
    st = styles()[style]
    return [
        ("FONT", *area, st.fontName, st.fontSize, st.leading),
        ("TEXTCOLOR", *area, st.textColor),
    ]


def _column_widths(widths: Sequence[float | None], total: float) -> list[float]:
    known = sum(w for w in widths if w is not None)
    free = [w for w in widths if w is None]
    share = (total - known) / len(free) if free else 0.0
    return [w if w is not None else share for w in widths]


# The height a page gives its content: a table row taller than this fits on no page.
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM


class FlowingTable(Table):
    """A table whose rows each keep to one page, except a row no page could hold (10,000
    characters typed into one field): that row breaks across pages rather than stop the pack."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if parts or self.splitInRow or max(self._rowHeights, default=0) <= FRAME_HEIGHT:
            return parts
        self.splitInRow = 1
        return super().split(availWidth, availHeight)


def key_values(
    rows: Sequence[tuple[str, str | Flowable]],
    *,
    label_width: float = 38 * mm,
    width: float = CONTENT_WIDTH,
) -> Table:
    """A two-column label/value table; plain string values are shown as typed."""
    value_width = width - label_width
    cells = [
        [label, cell(value, "body", value_width) if isinstance(value, str) else value]
        for label, value in rows
    ]
    table = FlowingTable(cells, colWidths=[label_width, value_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *font_commands(((0, 0), (0, -1)), "label"),
                *font_commands(((1, 0), (1, -1)), "body"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    widths: Sequence[float | None],
    *,
    small: bool = True,
    repeat_header: bool = True,
    total: float = CONTENT_WIDTH,
) -> Table:
    """A ruled table with a shaded header row; plain string cells are shown as typed."""
    style = "small" if small else "body"
    columns = _column_widths(widths, total)
    cells: list[list[Any]] = [[cell(h, "label", w) for h, w in zip(header, columns, strict=True)]]
    cells += [
        [cell(c, style, w) if isinstance(c, str) else c for c, w in zip(row, columns, strict=True)]
        for row in rows
    ]
    table = FlowingTable(cells, colWidths=columns, repeatRows=1 if repeat_header else 0)
    table.setStyle(
        TableStyle(
            [
                *font_commands(((0, 0), (-1, 0)), "label"),
                *font_commands(((0, 1), (-1, -1)), style),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def fill_in(rows: Sequence[tuple[str, str]], *, label_width: float = 30 * mm) -> Table:
    """Labels with a ruled line beside each to write on (printed choices where given)."""
    cells = [[para(label, "label"), para(value) if value else ""] for label, value in rows]
    table = Table(cells, colWidths=[label_width, None], rowHeights=[7 * mm] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def writing_space(label: str, lines: int, *, width: float = CONTENT_WIDTH) -> Table:
    """A labelled box of ruled lines to write in by hand."""
    rows: list[list[Any]] = [[para(label, "label")]] + [[""] for _ in range(lines)]
    table = Table(rows, colWidths=[width], rowHeights=[None] + [7 * mm] * lines)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


class Photo(Flowable):
    """A photograph from bytes, scaled to fit its box; a labelled empty box when there is none.
    Decoded images are shared within a render (demo photos repeat; the PDF stores each once)."""

    def __init__(
        self, image: bytes | None, width: float, height: float, cache: dict[bytes, Any]
    ) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height
        self.cache = cache

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height)
        if self.image is None:
            canvas.setFillColor(MUTED)
            canvas.setFont(FONT, 7.5)
            canvas.drawCentredString(self.width / 2, self.height / 2, "No photograph held")
        else:
            reader = self.cache.get(self.image)
            if reader is None:
                reader = self.cache[self.image] = ImageReader(io.BytesIO(self.image))
            canvas.drawImage(
                reader,
                1,
                1,
                self.width - 2,
                self.height - 2,
                preserveAspectRatio=True,
                anchor="c",
            )
        canvas.restoreState()


# --- the page furniture ----------------------------------------------------------------------


class _NumberedCanvas(Canvas):
    """Keeps each page until the end, then draws the furniture that needs the page total
    (pretix's numbered canvas)."""

    meta: PackMeta  # set on the per-document subclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            _draw_furniture(self, self.meta, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


@lru_cache(maxsize=8)
def _furniture(meta: PackMeta) -> tuple[tuple[str, float, Any, float, float, str], ...]:
    """What every page shows but its number, placed once per pack: (font, size, colour, x, y,
    text) with x the left edge (centring and fitting measured here, not on each page)."""
    register_fonts()
    items: list[tuple[str, float, Any, float, float, str]] = []

    def put(font: str, size: float, colour: Any, y: float, text: str, align: str) -> None:
        width = pdfmetrics.stringWidth(text, font, size)
        x = {
            "left": MARGIN_X,
            "centre": (PAGE_WIDTH - width) / 2,
            "right": PAGE_WIDTH - MARGIN_X - width,
        }[align]
        items.append((font, size, colour, x, y, text))

    # Header: the marking, then the title and reference above a rule.
    put(FONT_BOLD, 11, ALERT, PAGE_HEIGHT - 10 * mm, MARKING, "centre")
    top = PAGE_HEIGHT - 15 * mm
    put(FONT, 7.5, MUTED, top, _fit(meta.title, FONT, 7.5, CONTENT_WIDTH * 0.65), "left")
    put(FONT, 7.5, MUTED, top, f"Ref {meta.reference}", "right")
    # Footer: the handling line (wrapped, at most two lines), who it was issued to, by whom and
    # when, then the reference and the marking beside the page number.
    lines = simpleSplit(meta.handling_line, FONT, 6.5, CONTENT_WIDTH)
    if len(lines) > 2:
        lines = [lines[0], _fit(" ".join(lines[1:]), FONT, 6.5, CONTENT_WIDTH)]
    y = MARGIN_BOTTOM - 7.2 * mm
    for line in lines:
        put(FONT, 6.5, MUTED, y, line, "centre")
        y -= 2.8 * mm
    issued = f"Issued to {meta.issued_to} by {meta.issued_by} on {meta.issued_on_text}"
    put(FONT, 7, MUTED, 12 * mm, _fit(issued, FONT, 7, CONTENT_WIDTH), "centre")
    put(FONT_BOLD, 7.5, MUTED, 6 * mm, f"Ref {meta.reference}", "left")
    put(FONT_BOLD, 11, ALERT, 6 * mm, MARKING, "centre")
    return tuple(items)


# What every page shows but its number is drawn once per pack as a PDF form (XObject) that
# each page then shows with one operator: cheaper to write and a smaller file than drawing the
# same dozen strings on every page. Text in a form still reads as the page's text.
_FURNITURE_FORM = "rsomanFurniture"
_WATERMARK_FORM = "rsomanWatermark"


def _draw_furniture(canvas: Canvas, meta: PackMeta, number: int, total: int) -> None:
    if not canvas.hasForm(_FURNITURE_FORM):
        canvas.beginForm(_FURNITURE_FORM)
        _draw_static_furniture(canvas, meta)
        canvas.endForm()
    canvas.doForm(_FURNITURE_FORM)
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 7.5)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, 6 * mm, f"Page {number} of {total}")
    canvas.restoreState()


def _draw_static_furniture(canvas: Canvas, meta: PackMeta) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    rule_top = PAGE_HEIGHT - 17 * mm
    rule_bottom = MARGIN_BOTTOM - 4 * mm
    canvas.line(MARGIN_X, rule_top, PAGE_WIDTH - MARGIN_X, rule_top)
    canvas.line(MARGIN_X, rule_bottom, PAGE_WIDTH - MARGIN_X, rule_bottom)
    for font, size, colour, x, y, text in _furniture(meta):
        canvas.setFont(font, size)
        canvas.setFillColor(colour)
        canvas.drawString(x, y, text)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a line with an ellipsis rather than let it run off the page."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _watermark(meta: PackMeta) -> Any:
    """The recipient's name faintly across the page, under the content."""
    text = f"{meta.issued_to} · {meta.reference}"
    diagonal = (PAGE_WIDTH**2 + PAGE_HEIGHT**2) ** 0.5
    size = min(46.0, 0.75 * diagonal / max(1.0, pdfmetrics.stringWidth(text, FONT_BOLD, 1)))

    def draw(canvas: Canvas, _doc: Any) -> None:
        if not canvas.hasForm(_WATERMARK_FORM):
            canvas.beginForm(_WATERMARK_FORM)
            canvas.saveState()
            canvas.setFillColor(WATERMARK)
            canvas.setFont(FONT_BOLD, size)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(54.7)  # the A4 diagonal
            canvas.drawCentredString(0, -size / 3, text)
            canvas.restoreState()
            canvas.endForm()
        canvas.doForm(_WATERMARK_FORM)

    return draw


def _cover(meta: PackMeta, extra: Sequence[Flowable]) -> list[Flowable]:
    s = styles()
    details = key_values(
        [
            ("Reference", meta.reference),
            ("Scope", meta.scope),
            ("Issued", meta.issued_on_text),
            ("Issued by", meta.issued_by),
            ("Issued to", meta.issued_to),
            ("Reason", meta.reason),
        ],
        label_width=32 * mm,
    )
    handling = Table(
        [
            [Paragraph(MARKING, s["marking"])],
            [para(meta.handling_line)],
            [
                para(
                    "Every copy is recorded against its reference and recipient. Report a "
                    "lost or misdirected copy to the issuing officer at once.",
                    "muted",
                )
            ],
        ],
        colWidths=[CONTENT_WIDTH],
    )
    handling.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, ALERT),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [
        Spacer(1, 18 * mm),
        para(meta.title, "title"),
        para(meta.scope, "subtitle"),
        details,
        Spacer(1, 8 * mm),
        handling,
        Spacer(1, 6 * mm),
        *extra,
    ]


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF encrypted with AES-256 (PDF 2.0, revision 6) by pypdf: it opens only with
    `password`; printing is allowed, copying and changes are not. The owner password is random,
    so no known one lifts the restrictions. (ReportLab's own 256-bit option writes a revision
    5 file that poppler and pypdf cannot open; its 128-bit one is RC4.)"""
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import UserAccessPermissions as Allow

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(24),
        algorithm="AES-256",
        permissions_flag=Allow.PRINT | Allow.PRINT_TO_REPRESENTATION,
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render(
    meta: PackMeta, body: Sequence[Flowable], *, cover_extra: Sequence[Flowable] = ()
) -> Rendered:
    """The cover, then the body, with the markings on every page; PDF bytes and page count."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{meta.title} ({meta.reference})",
        author=meta.issued_by,
        subject=f"{MARKING}. Issued to {meta.issued_to}.",
        creator="rsoman",
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        FRAME_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    watermark = _watermark(meta)
    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[frame], onPage=watermark),
            PageTemplate(id="body", frames=[frame], onPage=watermark),
        ]
    )
    canvas_class = type("PackCanvas", (_NumberedCanvas,), {"meta": meta})
    doc.build(story(meta, body, cover_extra=cover_extra), canvasmaker=canvas_class)
    pdf = buffer.getvalue()
    if meta.password:
        pdf = encrypt_pdf(pdf, meta.password)
    return Rendered(pdf=pdf, page_count=doc.page)


def story(
    meta: PackMeta, body: Sequence[Flowable], *, cover_extra: Sequence[Flowable] = ()
) -> list[Flowable]:
    """Everything `render` lays out inside the page furniture: the cover, then the body (the
    benchmark lays the same flowables out with a plain template, to compare like with like)."""
    out: list[Flowable] = _cover(meta, cover_extra)
    if body:
        out += [NextPageTemplate("body"), PageBreak(), *body]
    return out
