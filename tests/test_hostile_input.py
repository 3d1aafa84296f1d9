"""Hostile input: SQL fragments, control characters, very long and right-to-left text, broken
encodings. Each is stored and shown verbatim, or refused with a clear problem; never a crash,
never half an import, never a silent change."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import factories as f
import pytest
from gui_support import *  # noqa: F403
from hostile_strings import LONG, ODD, TYPED, UNSTORABLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from rsoman.core.services.errors import ValidationFailed
from rsoman.core.services.intelligence import IntelligenceInput, record_intelligence
from rsoman.core.services.interchange import export_document, import_csv, import_file
from rsoman.core.services.interchange.json_import import import_document
from rsoman.core.services.notifications import NotificationInput, record_notification
from rsoman.core.services.offenders import get_record
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.enums import IntelSource, NotificationKind, Role, VisitOutcome
from rsoman.core.store.models import Address, Intelligence, Notification, Offender, Visit

_refs = itertools.count(1)


def _ref() -> str:
    return f"RSO-H{next(_refs):05d}"


def _document(**offender: Any) -> dict[str, Any]:
    """A minimal rsoman-data document with one offender, an address and one intelligence."""
    base: dict[str, Any] = {
        "ref": _ref(),
        "surname": "Testcase",
        "forenames": "Hostile",
        "date_of_birth": "1980-05-17",
        "sex": "male",
        "status": "active",
        "borough": "camden",
        "restricted": False,
        "addresses": [
            {
                "key": "address-1",
                "kind": "home",
                "line1": "1 Test Road",
                "borough": "camden",
                "valid_from": "2023-01-01",
            }
        ],
        "intelligence": [
            {"received_on": "2024-01-01", "source": "public", "text": "x", "is_concern": False}
        ],
    }
    intel = offender.pop("intelligence_text", None)
    if intel is not None:
        base["intelligence"][0]["text"] = intel
    base.update(offender)
    return {
        "format": "rsoman-data/1",
        "boroughs": [],
        "officers": [],
        "users": [],
        "offenders": [base],
        "mappa_meetings": [],
    }


def _counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in SQLModel.metadata.sorted_tables
        if t.name != "audit_entry"
    }


def _refused(session: Session, system, document: Any) -> list[str]:
    before = _counts(session)
    with pytest.raises(ValidationFailed) as info:
        import_document(session, system, document)
    assert _counts(session) == before, "a refused import wrote something"
    assert info.value.problems
    return [str(p) for p in info.value.problems]


HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the JSON importer ------------------------------------------------------------------------


@HYPOTHESIS
@given(
    surname=ODD.filter(lambda s: s == s.strip() and len(s) <= 80),
    # Not blank: an intelligence report's text is required, and a text of white space alone
    # (such as U+0085, NEXT LINE) is refused as blank, by design.
    text=st.one_of(ODD, LONG).filter(str.strip),
)
def test_odd_text_is_imported_verbatim_and_exported_back_identically(
    session, system, surname: str, text: str
):
    document = _document(surname=surname, intelligence_text=text, description=text)
    ref = document["offenders"][0]["ref"]
    import_document(session, system, document)
    row = session.exec(select(Offender).where(Offender.ref == ref)).one()
    assert (row.surname, row.description) == (surname, text)
    exported = export_document(session, system, justification="test", offender_refs=[ref])
    (back,) = exported["offenders"]
    assert back["surname"] == surname and back["description"] == text
    assert back["intelligence"][0]["text"] == text


@pytest.mark.parametrize("blank", ["\x85", " \t\n", "\u2028\u3000"])
def test_an_intelligence_text_of_white_space_alone_is_refused_as_blank(session, system, blank):
    problems = _refused(session, system, _document(intelligence_text=blank))
    assert any("text: must not be blank" in p for p in problems), problems


@HYPOTHESIS
@given(
    bad=UNSTORABLE,
    where=st.sampled_from(["ref", "surname", "description", "intelligence_text", "borough"]),
)
def test_unstorable_text_anywhere_is_refused_naming_the_field(
    session, system, bad: str, where: str
):
    problems = _refused(session, system, _document(**{where: bad}))
    field = "text" if where == "intelligence_text" else where
    assert any(f": {field}: " in p or p.startswith(f"{field}: ") for p in problems), problems
    assert all(("NUL" in p) or ("not valid Unicode" in p) for p in problems), problems


@HYPOTHESIS
@given(long=LONG, field=st.sampled_from(["surname", "forenames", "pnc_ref", "ref"]))
def test_too_long_for_its_column_is_refused(session, system, long: str, field: str):
    problems = _refused(session, system, _document(**{field: long}))
    assert any(f": {field}: " in p for p in problems), problems


def test_a_lone_surrogate_escape_in_a_file_is_refused_not_a_crash(session, system, tmp_path):
    path = tmp_path / "broken.json"
    text = json.dumps(_document(surname="PLACEHOLDER"))
    path.write_text(text.replace("PLACEHOLDER", "Sm\\ud800ith"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        import_file(session, system, path)
    assert [str(p) for p in info.value.problems] == [
        "$.offenders[0]: surname: contains characters that are not valid Unicode"
    ]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"[" * 200_000 + b"]" * 200_000, "nests too deeply"),
        (b'{"format": "rsoman-data/1", "offenders": [', "not valid JSON"),
        ("Ref,Surname\r\nR-1,Sm\xffith\r\n".encode("latin-1"), "not UTF-8"),
        ("Ref,Surname\r\n".encode("utf-16"), "not UTF-8"),
        (b"\xef\xbb\xbf", "empty"),
        (b"", "empty"),
    ],
)
def test_broken_files_are_refused_with_one_clear_problem(
    session, system, tmp_path: Path, content: bytes, says: str
):
    before = _counts(session)
    path = tmp_path / ("x.json" if content[:1] in (b"[", b"{") else "x.csv")
    path.write_bytes(content)
    with pytest.raises(ValidationFailed) as info:
        import_file(session, system, path)
    assert says in str(info.value.problems[0])
    assert _counts(session) == before


@pytest.mark.parametrize("number", [10**30, -(10**30), 1e308, 2**63])
def test_numbers_out_of_range_are_refused(session, system, number: float):
    problems = _refused(session, system, _document(mappa_category=number))
    assert any("mappa_category" in p for p in problems), problems


# --- the CSV importer -------------------------------------------------------------------------

CSV_HEADER = "Ref,Surname,Forenames,Date of birth,Sex,Borough,Notes\r\n"


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@HYPOTHESIS
@given(surname=ODD.filter(lambda s: s == s.strip() and len(s) <= 80 and "\r" not in s))
def test_csv_odd_text_is_stored_verbatim(session, system, surname: str):
    ref = _ref()
    line = f"{ref},{_csv_cell(surname)},Jo,1980-01-01,M,camden,\r\n"
    import_csv(session, system, CSV_HEADER + line, source="team.csv")
    row = session.exec(select(Offender).where(Offender.ref == ref)).one()
    assert row.surname == surname


@HYPOTHESIS
@given(bad=st.one_of(UNSTORABLE, LONG), column=st.sampled_from(["Ref", "Surname", "Borough"]))
def test_csv_hostile_cells_are_refused_with_the_line_and_nothing_is_imported(
    session, system, bad: str, column: str
):
    cells = {"Ref": _ref(), "Surname": "Rowe", "Borough": "camden"}
    cells[column] = bad
    good = f"{_ref()},Fine,Jo,1980-01-01,M,camden,\r\n"
    line = (
        f"{_csv_cell(cells['Ref'])},{_csv_cell(cells['Surname'])},Jo,1980-01-01,M,"
        f"{_csv_cell(cells['Borough'])},\r\n"
    )
    before = _counts(session)
    with pytest.raises(ValidationFailed) as info:
        import_csv(session, system, CSV_HEADER + good + line, source="team.csv")
    assert _counts(session) == before, "the good line was imported without the bad one"
    assert any(str(p).startswith("line 3") for p in info.value.problems), info.value.problems


# --- services: what an officer types comes back as typed ---------------------------------------


@pytest.fixture
def officer_case(session: Session):
    om = f.officer(session, warrant="HOST001")
    actor = f.user(session, Role.offender_manager, om, username="hostile_om")
    row = f.offender(session, manager=om, home="1 Test Road")
    home = session.exec(select(Address).where(Address.offender_id == row.id)).one()
    return actor, row, home.id


@HYPOTHESIS
@given(text=TYPED)
def test_intelligence_text_round_trips_through_the_record(session, officer_case, text: str):
    actor, row, _home = officer_case
    value = IntelligenceInput(received_on=date(2024, 5, 1), source=IntelSource.public, text=text)
    new_id = record_intelligence(session, actor, row.ref, value)
    assert session.get(Intelligence, new_id).text == text.strip("\n")
    record = get_record(session, actor, row.ref)
    assert any(getattr(i, "text", None) == text.strip("\n") for i in record.intelligence)


@HYPOTHESIS
@given(text=TYPED.filter(lambda s: s.strip() == s))
def test_visit_observations_and_notification_details_round_trip(session, officer_case, text: str):
    actor, row, home = officer_case
    visit_id = record_visit(
        session,
        actor,
        row.ref,
        VisitInput(
            occurred_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
            outcome=VisitOutcome.successful,
            officer_warrants=("HOST001",),
            address_id=home,
            observations=text,
            actions=text,
            who_present=text[:200],
        ),
    )
    assert session.get(Visit, visit_id).observations == text
    note_id = record_notification(
        session,
        actor,
        row.ref,
        NotificationInput(
            kind=NotificationKind.periodic, notified_on=date(2024, 5, 2), details=text
        ),
    )
    assert session.get(Notification, note_id).details == text
    record = get_record(session, actor, row.ref)
    assert any(getattr(v, "observations", None) == text for v in record.visits)
    assert any(getattr(n, "details", None) == text for n in record.notifications)


def _drop_refused(session: Session) -> None:
    """What the caller's rollback would do: forget the refused row before the next write."""
    for row in list(session.new):
        session.expunge(row)


@pytest.mark.parametrize("bad", ["x\x00y", "a\ud800b"])
def test_unstorable_typed_text_is_refused_by_each_service(session, officer_case, bad: str):
    actor, row, home = officer_case
    with pytest.raises(ValidationFailed) as info:
        record_intelligence(
            session,
            actor,
            row.ref,
            IntelligenceInput(received_on=date(2024, 5, 1), source=IntelSource.public, text=bad),
        )
    assert [p.field for p in info.value.problems] == ["text"]
    _drop_refused(session)
    with pytest.raises(ValidationFailed) as info:
        record_visit(
            session,
            actor,
            row.ref,
            VisitInput(
                occurred_at=datetime(2024, 5, 1, 10, tzinfo=UTC),
                outcome=VisitOutcome.successful,
                officer_warrants=("HOST001",),
                address_id=home,
                observations=bad,
            ),
        )
    assert [p.field for p in info.value.problems] == ["observations"]
    _drop_refused(session)
    with pytest.raises(ValidationFailed) as info:
        record_notification(
            session,
            actor,
            row.ref,
            NotificationInput(
                kind=NotificationKind.periodic, notified_on=date(2024, 5, 2), details=bad
            ),
        )
    assert [p.field for p in info.value.problems] == ["details"]


# --- the GUI: a form takes it, the record window shows it -----------------------------------------

SHOWN = "Robert'); DROP TABLE offender;-- <b>not bold</b> \u202eevil.exe\u202c שלום " + "z" * 10_000


def test_a_form_saves_hostile_text_verbatim_and_the_record_window_shows_it(
    qtbot, sqlite_engine, runner, no_dialog_left_open
):
    from gui_support import actor as gui_actor
    from PySide6.QtCore import Qt

    from rsoman.core.store.engine import session_scope
    from rsoman.gui.forms import FormContext, create_form
    from rsoman.gui.forms.notification import set_combo
    from rsoman.gui.record import RecordWindow
    from rsoman.gui.record.list_section import ListSection

    with session_scope(sqlite_engine) as session:
        om = f.officer(session)
        row = f.offender(session, manager=om, surname="<i>O'Hostile</i>", home="1 Test Road")
        row.description = SHOWN
        session.add(row)
        f.user(session, Role.offender_manager, om, username="gui_hostile")
        ref = row.ref
    who = gui_actor(sqlite_engine, "gui_hostile")
    form = create_form("intelligence", FormContext(sqlite_engine, runner, who, ref))
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.received_on.setDate(date(2024, 5, 1))
    set_combo(form.source, IntelSource.public)
    form.text.setPlainText(SHOWN)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not form.isVisible(), [form.problem_text(n) for n in ("text", "received_on", "source")]
    with session_scope(sqlite_engine) as session:
        (item,) = get_record(session, who, ref).intelligence
        assert item.text == SHOWN

    window = RecordWindow(sqlite_engine, runner, who, ref)
    qtbot.addWidget(window)
    window.show()
    assert window.record is not None
    # The name is shown as typed, never as markup.
    assert "<i>O'Hostile</i>".upper() in window.header.name_label.text().upper()
    assert window.header.name_label.textFormat() == Qt.TextFormat.PlainText
    (section,) = [s for s in window.findChildren(ListSection) if s.title == "Intelligence"]
    section.select_row(0)
    assert SHOWN in section.details.toPlainText()
