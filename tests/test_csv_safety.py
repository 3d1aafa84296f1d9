"""Exports that do no harm: no CSV cell a spreadsheet would evaluate, no file name that leaves
its folder."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rsoman.core.services.csv_safety import (
    FORMULA_STARTS,
    MAX_FILENAME,
    csv_writer,
    inside_folder,
    safe_cell,
    safe_filename,
    safe_path,
)


def _read_back(rows: list[list[object]]) -> list[list[str]]:
    buffer = io.StringIO(newline="")
    csv_writer(buffer).writerows(rows)
    return list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Smith", "Smith"),
        ("O'Brien", "O'Brien"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_a_cell_that_would_start_a_formula_gets_a_quote(typed: object, shown: str):
    assert safe_cell(typed) == shown


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=5))
def test_no_cell_a_spreadsheet_would_evaluate_survives(rows: list[list[object]]):
    for row in _read_back(rows):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS)


harmless = st.text().filter(lambda s: not s.startswith((*FORMULA_STARTS, "'")))


@given(st.lists(st.lists(harmless, min_size=1, max_size=4), min_size=1, max_size=5))
def test_harmless_text_round_trips_unchanged(rows: list[list[object]]):
    # Commas, quotes and line breaks inside a cell survive too (every cell is quoted).
    assert _read_back(rows) == rows


@given(st.sampled_from(FORMULA_STARTS), st.text())
def test_a_neutralised_cell_keeps_every_character_after_the_quote(start: str, rest: str):
    (row,) = _read_back([[start + rest]])
    assert row == ["'" + start + rest]


# --- file names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("", "REF-1.pdf"),
        ("camden", "camden.pdf"),
        ("../up", "_up.pdf"),
        ("/etc/passwd", "_etc_passwd.pdf"),
        ("..", "REF-1.pdf"),
        ("a\\b:c", "a_b_c.pdf"),
        (".hidden", "hidden.pdf"),
        ("trailing. . ", "trailing.pdf"),
        ("CON", "_CON.pdf"),
        ("nul.pdf", "_nul.pdf"),
        ("report\u202efdp.exe", "report_fdp.exe.pdf"),
        ("broken\udcff", "broken_.pdf"),
        ("x" * 400, "x" * (MAX_FILENAME - 4) + ".pdf"),
    ],
)
def test_safe_filename(typed: str, name: str, tmp_path: Path):
    assert safe_filename(typed, default="REF-1", suffix=".pdf") == name
    assert safe_path(tmp_path, typed, default="REF-1", suffix=".pdf").parent == tmp_path


@given(st.text())
def test_no_typed_name_leaves_the_folder(typed: str):
    folder = Path("/tmp/rsoman-exports")
    path = safe_path(folder, typed, default="audit", suffix=".csv")
    assert path.parent == folder
    assert path.name.endswith(".csv") and not path.name.startswith(".")
    assert len(path.name) <= MAX_FILENAME
    path.name.encode("utf-8")  # always a name the file system can hold


@pytest.mark.parametrize("name", ["../x.csv", "a/../../x.csv", "..", ".", "", "/etc/x"])
def test_inside_folder_refuses_a_name_that_leaves(name: str, tmp_path: Path):
    with pytest.raises(ValueError, match="outside"):
        inside_folder(tmp_path, name)


def test_inside_folder_refuses_a_link_out_of_the_folder(tmp_path: Path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
    with pytest.raises(ValueError, match="outside"):
        inside_folder(folder, "link.csv")
    assert inside_folder(folder, "plain.csv") == folder / "plain.csv"
