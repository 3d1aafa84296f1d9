"""The document base every pack shares: markings, handling line, recipient, reference and page
numbers on every page; a cover; DejaVu embedded; A4; awkward names printed as typed."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from rsoman.core.reports.base import (
    PackMeta,
    TextLine,
    _QuickTTFont,
    esc,
    fonts_dir,
    key_values,
    para,
    render,
    styles,
)

RECIPIENT = "PS Orla O'Testwright & <Team 3>"
META = PackMeta(
    reference="BRF-260314-ABC123",
    title="Borough briefing",
    scope="Camden",
    issued_at=datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
    issued_by="Ada Quillowby (DS)",
    issued_to=RECIPIENT,
    reason="late turn briefing",
)


def pages_of(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_every_page_carries_the_markings_recipient_and_page_numbers():
    rendered = render(META, [para("Testing line. " * 40) for _ in range(30)])
    pages = pages_of(rendered.pdf)
    assert len(pages) == rendered.page_count > 3
    for n, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, n
        assert f"Page {n} of {rendered.page_count}" in page
        assert f"Issued to {RECIPIENT} by Ada Quillowby (DS) on 14 Mar 2026 09:30" in page
        assert "Not to be copied or shared beyond" in page
        assert "BRF-260314-ABC123" in page
        # The footer names the recipient, and so does the watermark across the page.
        assert page.count(RECIPIENT) >= 2, n


def test_the_cover_says_what_the_pack_is():
    cover = pages_of(render(META, [para("body")]).pdf)[0]
    for shown in (
        "Borough briefing",
        "Reference BRF-260314-ABC123",
        "Scope Camden",
        "Issued 14 Mar 2026 09:30",  # London time (GMT in March before the clocks change)
        "Issued by Ada Quillowby (DS)",
        f"Issued to {RECIPIENT}",
        "Reason late turn briefing",
    ):
        assert shown in cover, shown


def test_a_cover_alone_is_one_page():
    assert render(META, []).page_count == 1


def test_a4_with_dejavu_embedded():
    reader = PdfReader(io.BytesIO(render(META, [para("Łódź, Zoë, Ōtsuka: names as typed")]).pdf))
    page = reader.pages[1]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]
    fonts = page["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        name = str(font["/BaseFont"])
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            embedded.append(name)
    assert any("DejaVuSans" in n for n in embedded), embedded
    assert "Łódź, Zoë, Ōtsuka" in " ".join(page.extract_text().split())
    assert reader.metadata.title == "Borough briefing (BRF-260314-ABC123)"


def test_the_fonts_and_their_licence_are_shipped():
    folder = fonts_dir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        assert (folder / name).stat().st_size > 100_000
    assert "Bitstream Vera" in (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_an_overlong_recipient_does_not_run_off_the_page():
    long = PackMeta(**{**META.__dict__, "issued_to": "Sergeant " + "Testwright-" * 30})
    rendered = render(long, [para("body")])
    assert rendered.page_count == 2
    assert "…" in pages_of(rendered.pdf)[1]


# --- the speed-ups must not change what is printed ---------------------------------------------

# Letters, punctuation the packs use, a no-break space, accents, a character DejaVu lacks, and
# (from U+0100 on) enough distinct characters to need a second font subset.
_ALPHABET = st.sampled_from(
    [*"abcXYZ 019.,;'\"&<>—“”•·", "\u00a0", *"ŁódźZoëŌ", "\U0001f600", "\x00"]
) | st.characters(min_codepoint=0x100, max_codepoint=0x2FF)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=30), max_size=40))
def test_the_quick_font_encodes_every_string_as_reportlab_does(texts: list[str]):
    quick = _QuickTTFont("QuickTest", str(fonts_dir() / "DejaVuSans.ttf"))
    plain = TTFont("PlainTest", str(fonts_dir() / "DejaVuSans.ttf"))
    quick_doc, plain_doc = object.__new__(type("Doc", (), {})), object.__new__(type("Doc", (), {}))
    for text in [*texts, *texts]:  # the second time round every character is known
        assert quick.splitString(text, quick_doc) == plain.splitString(text, plain_doc), text


def test_plain_text_too_wide_for_its_cell_wraps_and_is_never_cut():
    words = " ".join(f"word{n}" for n in range(22))  # narrower than the page, wider than a cell
    table = key_values([("Prohibition", words), ("Short", "A & B <c>")], label_width=100 * mm)
    text = pages_of(render(META, [table]).pdf)[1]
    assert words in text
    assert "Short A & B <c>" in text


def test_a_one_line_heading_is_drawn_as_a_line_and_a_long_text_as_a_paragraph():
    assert isinstance(para("Orders in force", "h2"), TextLine)
    assert isinstance(para("x " * 400), Paragraph)
    assert isinstance(para("first line\nsecond line"), Paragraph)
    rendered = render(META, [para("Orders in force", "h2"), para("first line\nsecond line")])
    assert "Orders in force first line second line" in pages_of(rendered.pdf)[1]


def test_a_line_prints_exactly_where_a_paragraph_would():
    """Headings, labels and bullets drawn as lines keep the layout paragraphs gave them."""
    texts = [
        ("Orders in force", "h2"),
        ("“Not to contact any child under 16.” " * 4, "body"),  # wraps: a paragraph
        ("•\u00a0\u00a0Use of any vehicle", "body"),
        ("OFFICIAL-SENSITIVE", "marking"),  # centred
        ("1. “Not to enter Ward Park.”", "quote"),  # indented italic
    ]

    def placed(flowables: list) -> list[tuple[float, float, str]]:
        out: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size):
            if text.strip():
                out.append((round(tm[4] + cm[4], 1), round(tm[5] + cm[5], 1), text.strip()))

        page = PdfReader(io.BytesIO(render(META, flowables).pdf)).pages[1]
        page.extract_text(visitor_text=visit)
        return out

    lines = placed([para(text, style) for text, style in texts])
    paragraphs = placed([Paragraph(esc(text), styles()[style]) for text, style in texts])
    assert lines == paragraphs
    assert any(isinstance(para(text, style), TextLine) for text, style in texts)
