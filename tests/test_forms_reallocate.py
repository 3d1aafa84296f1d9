"""The reallocation form: single and bulk, a picker that shows caseload against capacity, a
reason required, all or nothing, and refused to anyone but a supervisor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QDate, Qt
from sqlalchemy import Engine

from rsoman.core.rules.dates import london_today
from rsoman.core.services.actor import Actor
from rsoman.core.services.offenders import get_record
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Rank, Role, TeamRole
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.reallocate import ReallocateForm, refs_words
from rsoman.gui.forms.visit import select_data
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()


@dataclass(frozen=True)
class Setup:
    refs: tuple[str, ...]
    supervisor: Actor
    officer: Actor
    from_warrant: str
    to_warrant: str
    busy_warrant: str


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        a = f.officer(session, surname="Eastcote")
        b = f.officer(session, surname="Fernhill")
        busy = f.officer(session, surname="Greatload", capacity=1)
        f.offender(session, manager=busy)
        f.offender(session, manager=busy)
        refs = tuple(f.offender(session, manager=a).ref for _ in range(3))
        ds = f.officer(session, rank=Rank.ds, team_role=TeamRole.supervisor)
        return Setup(
            refs,
            f.user(session, Role.supervisor, ds),
            f.user(session, Role.offender_manager, a),
            a.warrant_number,
            b.warrant_number,
            busy.warrant_number,
        )


def open_reallocate_form(
    qtbot, engine: Engine, runner: TaskRunner, who: Actor, ref: str | None, **initial: object
) -> tuple[ReallocateForm, list[int]]:
    saved: list[int] = []
    context = FormContext(
        engine, runner, who, ref, on_saved=lambda: saved.append(1), initial=dict(initial)
    )
    form = create_form("reallocate", context)
    assert isinstance(form, ReallocateForm)
    form.confirm_discard = lambda: True  # never a real message box in a test
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form, saved


def manager_of(engine: Engine, who: Actor, ref: str) -> str:
    with session_scope(engine) as session:
        return get_record(session, who, ref).offender_manager.officer_warrant


def save(qtbot, form: ReallocateForm) -> None:
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_reallocate_one(qtbot, sqlite_engine, runner, setup) -> None:
    ref = setup.refs[0]
    form, saved = open_reallocate_form(qtbot, sqlite_engine, runner, setup.supervisor, ref)
    assert form.windowTitle() == f"Reallocate {ref}"
    assert form.focusWidget() is form.to_officer and not form.dirty
    # The picker: each officer's caseload against capacity.
    texts = {
        form.to_officer.itemData(i): form.to_officer.itemText(i)
        for i in range(form.to_officer.count())
    }
    assert "Eastcote" in texts[setup.from_warrant] and ": 3 of 50" in texts[setup.from_warrant]
    assert "manages 1 of these now" in texts[setup.from_warrant]
    assert ": 2 of 1" in texts[setup.busy_warrant] and "over capacity" in texts[setup.busy_warrant]
    assert ": 0 of 50" in texts[setup.to_warrant]
    select_data(form.to_officer, setup.to_warrant)
    qtbot.keyClick(form.to_officer, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.on
    qtbot.keyClicks(form.reason, "Caseload balancing")
    save(qtbot, form)
    assert saved == [1] and not form.isVisible()
    assert manager_of(sqlite_engine, setup.supervisor, ref) == setup.to_warrant
    assert manager_of(sqlite_engine, setup.supervisor, setup.refs[1]) == setup.from_warrant


def test_reallocate_many(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_reallocate_form(
        qtbot, sqlite_engine, runner, setup.supervisor, None, offender_refs=list(setup.refs)
    )
    assert form.windowTitle() == "Reallocate 3 offenders"
    assert form.offenders.text() == ", ".join(setup.refs)
    select_data(form.to_officer, setup.to_warrant)
    qtbot.keyClicks(form.reason, "Officer on long-term leave")
    save(qtbot, form)
    assert saved == [1]
    assert {manager_of(sqlite_engine, setup.supervisor, r) for r in setup.refs} == {
        setup.to_warrant
    }


def test_every_problem_listed_nothing_moved_values_kept(
    qtbot, sqlite_engine, runner, setup
) -> None:
    refs = [*setup.refs, "RSO-NOBODY"]
    form, saved = open_reallocate_form(
        qtbot, sqlite_engine, runner, setup.supervisor, None, offender_refs=refs
    )
    save(qtbot, form)
    assert "Choose the officer" in form.problem_text("to_warrant")
    assert "A reason is required" in form.problem_text("reason")
    assert "RSO-NOBODY: no offender with this reference" in form.problem_text("offenders")
    # Now an officer who already manages them, from a day in the future.
    select_data(form.to_officer, setup.from_warrant)
    form.on.setDate(QDate(TODAY + timedelta(days=1)))
    qtbot.keyClicks(form.reason, "Balancing")
    save(qtbot, form)
    problem = form.problem_text("offenders")
    assert all(f"{r}: is already managed by" in problem for r in setup.refs)
    assert "in the future" in form.problem_text("on")
    assert form.isVisible() and saved == []
    assert form.reason.toPlainText() == "Balancing"
    assert form.to_officer.currentData() == setup.from_warrant
    assert {manager_of(sqlite_engine, setup.supervisor, r) for r in setup.refs} == {
        setup.from_warrant
    }


def test_an_offender_manager_is_refused(qtbot, sqlite_engine, runner, setup) -> None:
    form, saved = open_reallocate_form(qtbot, sqlite_engine, runner, setup.officer, setup.refs[0])
    assert "offender manager may not reallocate" in form.error_label.text()
    assert not form.save_button.isEnabled()
    form.reject()
    assert saved == []


def test_closing_with_changes_asks(qtbot, sqlite_engine, runner, setup) -> None:
    form, _ = open_reallocate_form(qtbot, sqlite_engine, runner, setup.supervisor, setup.refs[0])
    answers = [False]
    form.confirm_discard = lambda: answers[0]
    qtbot.keyClicks(form.reason, "half")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and form.reason.toPlainText() == "half"
    answers[0] = True
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_long_list_is_shortened() -> None:
    refs = [f"RSO-{n}" for n in range(9)]
    assert refs_words(refs) == "RSO-0, RSO-1, RSO-2, RSO-3, RSO-4, RSO-5 and 3 more"
    assert refs_words(refs[:6]) == ", ".join(refs[:6])
