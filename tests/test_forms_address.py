"""The address form: wards follow the borough, a new home ends the old one, problems beside their
field with every value kept, unsaved changes never lost without asking, corrections keep
history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QDate
from sqlalchemy import Engine

from rsoman.core.rules.dates import london_today
from rsoman.core.services.actor import Actor
from rsoman.core.services.corrections import revisions
from rsoman.core.services.offenders import get_record
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import AddressKind, Rank, Role
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.address import AddressForm
from rsoman.gui.forms.notification import set_combo
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()


@dataclass(frozen=True)
class Setup:
    ref: str
    officer: Actor
    reader: Actor
    home_id: int


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, surname="Penhallow")
        om = f.user(session, Role.offender_manager, me)
        reader = f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di))
        row = f.offender(session, manager=me)
        old = f.address(session, row, "5 Gorsemoor Close", valid_from=date(2021, 3, 1))
        return Setup(row.ref, om, reader, old.id)


def open_form(
    qtbot, engine: Engine, runner: TaskRunner, who: Actor, ref: str, item_id: int | None = None
) -> tuple[AddressForm, list[int]]:
    saved: list[int] = []
    context = FormContext(
        engine, runner, who, ref, on_saved=lambda: saved.append(1), item_id=item_id
    )
    form = create_form("address", context)
    assert isinstance(form, AddressForm)
    form.confirm_discard = lambda: True  # teardown after a failure must not wait on a question
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, saved


def record(engine: Engine, who: Actor, ref: str):
    with session_scope(engine) as session:
        return get_record(session, who, ref)


def test_starts_in_the_offenders_borough_with_its_wards_and_clean(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    assert form.borough.currentData() == "camden"
    assert "Belsize" in form.ward_names()
    assert form.focusWidget() is form.kind
    assert not form.dirty  # filling the lists is not an edit
    set_combo(form.borough, "hackney")
    assert "Belsize" not in form.ward_names() and form.ward_names()
    set_combo(form.borough, None)
    assert form.ward_names() == []


def test_a_new_home_is_saved_and_ends_the_old_one(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    assert "ends the current home the day before" in form.kind_hint.text()
    qtbot.keyClicks(form.line1, "18 Heronsgate Row")
    qtbot.keyClicks(form.postcode, "zz9 9zz")
    form.ward.setCurrentIndex(form.ward.findText("Belsize"))
    moved = TODAY - timedelta(days=4)
    form.valid_from.setDate(QDate(moved))
    form.submit()
    assert saved == [1] and not form.isVisible()
    rec = record(sqlite_engine, setup.officer, setup.ref)
    assert rec.current_home is not None and rec.current_home.line1 == "18 Heronsgate Row"
    assert rec.current_home.ward == "Belsize" and rec.current_home.postcode == "ZZ9 9ZZ"
    old = next(a for a in rec.addresses if a.id == setup.home_id)
    assert old.valid_to == moved - timedelta(days=1)


def test_problems_show_beside_their_fields_and_keep_every_value(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    qtbot.keyClicks(form.postcode, "NOT A CODE")
    qtbot.keyClicks(form.line2, "Second line kept")
    set_combo(form.borough, "hackney")  # a home in another borough: a transfer
    form.submit()
    assert "required" in form.problem_text("line1")
    assert "not a UK postcode" in form.problem_text("postcode")
    assert "supervisor must make" in form.problem_text("borough_code")
    assert form.problem_text("line2") == ""
    assert form.isVisible() and not saved
    assert (form.postcode.text(), form.line2.text()) == ("NOT A CODE", "Second line kept")
    assert form.borough.currentData() == "hackney"
    assert len(record(sqlite_engine, setup.officer, setup.ref).addresses) == 1


def test_closing_with_changes_asks(qtbot, sqlite_engine, runner, setup) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    qtbot.keyClicks(form.line1, "2 Draft Street")
    form.confirm_discard = lambda: False  # "keep editing"
    form.reject()
    form.close()
    assert form.isVisible() and form.line1.text() == "2 Draft Street"
    form.confirm_discard = lambda: True  # "discard"
    form.reject()
    assert not form.isVisible()


def test_a_read_only_manager_is_refused_with_a_clear_message(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.reader, setup.ref)
    qtbot.keyClicks(form.line1, "1 Any Road")
    qtbot.keyClicks(form.postcode, "ZZ1 1ZZ")
    form.submit()
    assert "read-only manager may not edit record" in form.error_label.text()
    assert form.isVisible() and not saved


def test_a_correction_keeps_the_old_value(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_form(
        qtbot, sqlite_engine, runner, setup.officer, setup.ref, item_id=setup.home_id
    )
    assert form.windowTitle() == "Correct: Address"
    assert form.line1.text() == "5 Gorsemoor Close" and not form.dirty
    assert combo_kind(form) == AddressKind.home and form.borough.currentData() == "camden"
    form.line1.setText("15 Gorsemoor Close")
    assert form.reason_edit is not None
    form.reason_edit.setPlainText("house number misheard on the phone")
    form.submit()
    assert saved == [1]
    with session_scope(sqlite_engine) as session:
        (rev,) = revisions(session, setup.officer, setup.ref)
    assert rev.before == {"line1": "5 Gorsemoor Close"}
    assert rev.after == {"line1": "15 Gorsemoor Close"}


def combo_kind(form: AddressForm) -> AddressKind:
    return AddressKind(form.kind.currentData())
