"""The vehicle form: add through the service, problems beside their field with every value kept,
unsaved changes never lost without asking, corrections that keep history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from rsoman.core.rules.dates import london_today
from rsoman.core.services.actor import Actor
from rsoman.core.services.corrections import revisions
from rsoman.core.services.offenders import get_record
from rsoman.core.services.vehicles import VehicleInput, add_vehicle
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Rank, Role
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.vehicle import EndVehicleForm, VehicleForm
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()


@dataclass(frozen=True)
class Setup:
    ref: str
    officer: Actor
    reader: Actor


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, surname="Lanyon")
        om = f.user(session, Role.offender_manager, me)
        reader = f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di))
        row = f.offender(session, manager=me)
        return Setup(row.ref, om, reader)


def open_form(
    qtbot, engine: Engine, runner: TaskRunner, who: Actor, ref: str, item_id: int | None = None
) -> tuple[VehicleForm, list[int]]:
    saved: list[int] = []
    context = FormContext(
        engine, runner, who, ref, on_saved=lambda: saved.append(1), item_id=item_id
    )
    form = create_form("vehicle", context)
    assert isinstance(form, VehicleForm)
    # Closing at teardown after a failure must not wait on a question nobody answers.
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, saved


def tab_chain(form: VehicleForm, count: int) -> list[object]:
    """The widgets Tab visits from the first field (focus moves even in an inactive window)."""
    form.mark.setFocus()
    seen = [form.focusWidget()]
    for _ in range(count - 1):
        form.focusNextChild()
        seen.append(form.focusWidget())
    return seen


def record(engine: Engine, who: Actor, ref: str):
    with session_scope(engine) as session:
        return get_record(session, who, ref)


def test_add_a_vehicle_by_keyboard(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    assert form.focusWidget() is form.mark
    qtbot.keyClicks(form.mark, "ab12 cde")
    form.mark.editingFinished.emit()  # leaving the field (offscreen windows are rarely active)
    assert form.mark.text() == "AB12CDE"  # shown as it will be kept
    # Tab goes down the column in the order laid out.
    assert tab_chain(form, 6) == [
        form.mark,
        form.make,
        form.model,
        form.colour,
        form.from_date,
        form.to_date,
    ]
    form.make.setFocus()
    qtbot.keyClicks(form.make, "Vauxhall")
    form.model.setText("Corsa")
    form.colour.setText("Silver")
    form.from_date.set_value(TODAY - timedelta(days=3))
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [1] and not form.isVisible()
    (item,) = record(sqlite_engine, setup.officer, setup.ref).vehicles
    assert (item.registration_mark, item.make, item.model) == ("AB12CDE", "Vauxhall", "Corsa")
    assert item.from_date == TODAY - timedelta(days=3) and item.to_date is None


def test_problems_show_beside_their_fields_and_keep_every_value(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    qtbot.keyClicks(form.mark, "X")
    form.colour.setText("Teal")
    form.from_date.set_value(TODAY + timedelta(days=1))
    qtbot.keyClicks(form.to_date, "31/02/2020")
    form.submit()
    # A date that is not a date is caught before the service is asked.
    assert "not a date of the calendar" in form.problem_text("to_date")
    form.to_date.clear()
    form.submit()
    assert "not a registration mark" in form.problem_text("registration_mark")
    assert "future" in form.problem_text("from_date")
    assert form.problem_text("colour") == ""
    assert form.isVisible() and not saved
    assert (form.mark.text(), form.colour.text()) == ("X", "Teal")
    assert record(sqlite_engine, setup.officer, setup.ref).vehicles == ()


def test_closing_with_changes_asks(qtbot, sqlite_engine, runner, setup) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    qtbot.keyClicks(form.make, "Skoda")
    form.confirm_discard = lambda: False  # "keep editing"
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and form.make.text() == "Skoda"
    form.confirm_discard = lambda: True  # "discard"
    form.close()
    assert not form.isVisible()


def test_a_read_only_manager_is_refused_with_a_clear_message(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.reader, setup.ref)
    qtbot.keyClicks(form.mark, "AB12CDE")
    form.submit()
    assert "read-only manager may not edit record" in form.error_label.text()
    assert form.isVisible() and not saved
    form.confirm_discard = lambda: True
    form.close()


def test_a_correction_keeps_the_old_value(qtbot, sqlite_engine, runner, setup) -> None:
    with session_scope(sqlite_engine) as session:
        item_id = add_vehicle(
            session,
            setup.officer,
            setup.ref,
            VehicleInput("DM05QAA", make="Fiat", colour="Red", from_date=TODAY),
        )
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref, item_id)
    assert form.windowTitle() == "Correct: Vehicle"
    assert form.mark.text() == "DM05QAA" and form.colour.text() == "Red" and not form.dirty
    form.colour.setText("Maroon")
    form.submit()
    assert "Say why" in form.problem_text("reason")
    assert form.reason_edit is not None
    form.reason_edit.setPlainText("colour misread in the dark")
    form.submit()
    assert saved == [1]
    with session_scope(sqlite_engine) as session:
        (rev,) = revisions(session, setup.officer, setup.ref)
    assert rev.before == {"colour": "Red"} and rev.after == {"colour": "Maroon"}


def test_ending_use_keeps_the_entry(qtbot, sqlite_engine, runner, setup) -> None:
    with session_scope(sqlite_engine) as session:
        item_id = add_vehicle(
            session,
            setup.officer,
            setup.ref,
            VehicleInput("DM07QBB", from_date=TODAY - timedelta(days=20)),
        )
    saved: list[int] = []
    context = FormContext(
        sqlite_engine,
        runner,
        setup.officer,
        setup.ref,
        on_saved=lambda: saved.append(1),
        initial={"end_vehicle_id": item_id},
    )
    form = create_form("vehicle", context)
    assert isinstance(form, EndVehicleForm) and form.reason_edit is None
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.show()
    form.to_date.setDate(QDate(TODAY - timedelta(days=21)))  # before the use began
    form.submit()
    assert "before the use began" in form.problem_text("to_date") and not saved
    form.to_date.setDate(QDate(TODAY - timedelta(days=1)))
    form.submit()
    assert saved == [1]
    (item,) = record(sqlite_engine, setup.officer, setup.ref).vehicles
    assert item.registration_mark == "DM07QBB" and item.to_date == TODAY - timedelta(days=1)
