"""Hostile strings, shared by the importer, service and GUI tests of hostile input.

SQL fragments, spreadsheet formulas, quotes and LIKE wildcards, control characters, zero-width
and bidi overrides, right-to-left scripts, combining marks, emoji and astral characters, very long
text, and what no database can hold (NUL, lone surrogates: what a broken encoding decodes into).
"""

from __future__ import annotations

from hypothesis import strategies as st

SQL = [
    "Robert'); DROP TABLE offender;--",
    "' OR '1'='1",
    "1; DELETE FROM audit_entry WHERE 1=1",
    '" OR ""="',
    "%' UNION SELECT password_hash FROM user_account --",
    "\\'; --",
]
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-1", "@SUM(A1)", '=HYPERLINK("x")']
RTL = [
    "\u202eevil.exe\u202c",
    "\u2067isolate\u2069",
    "שלום עולם",
    "مرحبا بالعالم",
    "mixed \u200fRTL mark\u200e text",
]
# Characters any database holds but a terminal, a spreadsheet or a naive parser may choke on.
CONTROLS = st.text(
    alphabet=st.characters(min_codepoint=1, max_codepoint=0x1F).filter(lambda c: c != "\r"),
    min_size=1,
    max_size=8,
)
ODD = st.one_of(
    st.sampled_from(SQL + FORMULAS + RTL),
    CONTROLS.map(lambda c: f"a{c}b"),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=40,
    ),
)
# What no database can hold: NUL, and lone surrogates (what a broken encoding decodes into).
UNSTORABLE = st.one_of(
    st.text(min_size=0, max_size=5).map(lambda s: f"x{s}\x00y"),
    st.sampled_from(["\ud800", "a\udfffb", "\udc80\udc81"]),
)
LONG = st.sampled_from(["x" * 10_000, "\u202e" * 10_000, "Ω" * 12_000, "' OR 1=1 " * 1500])
TYPED = st.one_of(st.sampled_from(SQL + FORMULAS + RTL), LONG, CONTROLS.map(lambda c: f"a{c}b"))

# --- what a person can put in a text field of the desktop app ---------------------------------

# One of each kind, short enough for any field (a 20-character grading, a 40-character
# reference), so that a refusal is about the content, not the length. Each is its own test id.
FIELD_CORPUS: dict[str, str] = {
    "sql": "x'); DROP TABLE offender;--",
    "quotes": 'O\'Neil "Bob" `x`',
    "like": "100%_done\\",
    "markup": "<b>not bold</b> &amp;",
    "formula": '=HYPERLINK("x")',
    "controls": "a\x1bb\x07c\x7fd",
    "newlines": "one\rtwo\u2028three",
    "bidi": "\u202eexe.txt\u202c",
    "zero_width": "a\u200bb\u200dc\ufeffd",
    "hebrew": "שלום עולם",
    "arabic": "مرحبا بالعالم",
    "combining": "Ze\u0301\u0308\u0323lda",
    "astral": "😀👩\u200d👩\u200d👧 𝔘𝔫𝔦",
}
# 10,000 characters: stored whole where the column takes it, otherwise refused; never cut.
LONG_TEXT = "' OR 1=1 -- שלום 😀 " * 500
# What no database can hold: refused beside the field, never a driver crash.
NUL_TEXT = "before\x00after"
# A lone surrogate: a Qt field can never hold one (PySide drops it at the str/QString
# boundary, both ways), so the field shows, and saves, what is left.
SURROGATE_TEXT = "Sm\ud800ith"


def shown_by_qt(text: str) -> str:
    """What a Qt text field holds after `setText(text)`: PySide drops lone surrogates."""
    return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)


def in_a_text_box(text: str) -> str:
    """What a multi-line box (QPlainTextEdit) gives back: every kind of line break as \\n, and a
    no-break space as a space (Qt's plain text)."""
    text = shown_by_qt(text).replace("\r\n", "\n").replace("\xa0", " ")
    for brk in ("\r", "\u2028", "\u2029"):
        text = text.replace(brk, "\n")
    return text
