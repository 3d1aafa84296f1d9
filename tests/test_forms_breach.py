"""The breach and breach-action forms: saved entries reach the record and the warnings, problems
show beside their field with nothing typed lost, corrections keep history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import Engine

from rsoman.core.rules.dates import london_today
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.breaches import BreachInput, record_breach
from rsoman.core.services.corrections import revisions
from rsoman.core.services.offenders import get_record
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import BreachAction, BreachKind, OrderKind, Rank, Role
from rsoman.core.store.models import Order
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.base import FormDialog
from rsoman.gui.forms.breach import BreachActionForm, BreachForm
from rsoman.gui.forms.notification import set_combo
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()
FOUND = TODAY - timedelta(days=12)
DEADLINE = CURRENT_POLICY.breach_action_decision_days
REF = "RSO-BF"


def typed(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def order_id(sqlite_engine: Engine) -> int:
    with session_scope(sqlite_engine) as session:
        om = f.officer(session, surname="Ulverscroft", warrant="TESTOM002")
        o = f.offender(session, ref=REF, manager=om, home="6 Nettle Court")
        f.user(session, Role.offender_manager, om, username="bf_officer")
        f.user(
            session,
            Role.read_only_manager,
            f.officer(session, rank=Rank.di),
            username="bf_manager",
        )
        order = Order(
            offender_id=o.id,
            kind=OrderKind.shpo,
            court="Testbury Crown Court (fictional)",
            made_on=date(2024, 2, 1),
            starts_on=date(2024, 2, 1),
        )
        session.add(order)
        session.flush()
        return order.id


MakeForm = Callable[..., FormDialog]


@pytest.fixture
def make_form(qtbot, sqlite_engine: Engine, runner: TaskRunner, order_id) -> MakeForm:
    def make(
        kind: str = "breach",
        username: str = "bf_officer",
        item_id: int | None = None,
        initial: dict[str, object] | None = None,
    ) -> FormDialog:
        context = FormContext(
            sqlite_engine,
            runner,
            actor(sqlite_engine, username),
            REF,
            item_id=item_id,
            initial=initial or {},
        )
        form = create_form(kind, context)
        # Never block on a question when a failed test leaves the form dirty.
        form.confirm_discard = lambda: True
        qtbot.addWidget(form)
        form.show()
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        return form

    return make


def breaches(engine: Engine) -> list:
    with session_scope(engine) as session:
        return list(get_record(session, actor(engine, "bf_officer"), REF).breaches)


def save(qtbot, form: QWidget) -> None:
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def stored_breach(engine: Engine, **values) -> int:
    base = dict(
        kind=BreachKind.notification_requirements,
        description="Did not notify a change of address (fictional).",
        found_on=FOUND,
    )
    base.update(values)
    with session_scope(engine) as session:
        return record_breach(session, actor(engine, "bf_officer"), REF, BreachInput(**base))


def test_record_a_breach_of_an_order_with_its_action(
    qtbot, make_form, sqlite_engine, order_id
) -> None:
    form = make_form()
    assert isinstance(form, BreachForm)
    assert form.focusWidget() is form.kind
    assert form.found_by.text() == "TESTOM002"
    assert not form.order.isVisibleTo(form)
    set_combo(form.kind, BreachKind.order)
    assert form.order.isVisibleTo(form) and "SHPO" in form.order.itemText(1)
    set_combo(form.order, order_id)
    qtbot.keyClicks(form.description, "Found alone with a child at a park (fictional).")
    form.found_on.setDate(FOUND)
    assert f"decision due {(FOUND + timedelta(days=DEADLINE)).day}" in form.hint_text()
    qtbot.keyClicks(form.national_ref, "TEST26/000042B")
    set_combo(form.actions.action, BreachAction.arrest)
    qtbot.keyClicks(form.actions.action_on, typed(FOUND + timedelta(days=1)))
    assert "1 day after it was found: in time" in form.hint_text()
    save(qtbot, form)
    assert not form.isVisible()
    (item,) = breaches(sqlite_engine)
    assert item.kind == BreachKind.order and item.order_id == order_id
    assert item.action == BreachAction.arrest and item.national_ref == "TEST26/000042B"


def test_an_action_before_discovery_shows_beside_its_field(qtbot, make_form, sqlite_engine):
    form = make_form()
    set_combo(form.kind, BreachKind.notification_requirements)
    qtbot.keyClicks(form.description, "Missed the yearly notification (fictional).")
    form.found_on.setDate(FOUND)
    set_combo(form.actions.action, BreachAction.no_further_action)
    form.actions.action_on.setText(typed(FOUND - timedelta(days=1)))
    form.recorded_on.setText("40/40/2026")
    save(qtbot, form)
    assert "not a date" in form.problem_text("recorded_nationally_on")
    form.recorded_on.setText("")
    save(qtbot, form)
    assert "cannot predate the discovery" in form.problem_text("action_on")
    assert "why no further action" in form.problem_text("action_reason")
    assert form.isVisible() and breaches(sqlite_engine) == []
    # Every value is kept.
    assert form.description.toPlainText() == "Missed the yearly notification (fictional)."
    assert form.actions.action_on.text() == typed(FOUND - timedelta(days=1))


def test_the_action_form_resolves_the_overdue_warning(qtbot, make_form, sqlite_engine) -> None:
    breach_id = stored_breach(sqlite_engine)
    with session_scope(sqlite_engine) as session:
        run_scan(session, SYSTEM, as_of=TODAY)
    with session_scope(sqlite_engine) as session:
        kinds = [w.kind for w in list_warnings(session, SYSTEM)]
    assert "breach_action_overdue" in kinds
    form = make_form("breach_action", initial={"breach_id": breach_id})
    assert isinstance(form, BreachActionForm)
    assert "Did not notify a change of address" in form.about.text()
    assert form.focusWidget() is form.actions.action
    set_combo(form.actions.action, BreachAction.warning)
    qtbot.keyClicks(form.actions.action_on, typed(TODAY))
    late = (TODAY - FOUND).days - DEADLINE
    assert f"{late} days after the decision due" in form.hint_text()
    save(qtbot, form)
    assert not form.isVisible()
    (item,) = breaches(sqlite_engine)
    assert item.action == BreachAction.warning and item.action_on == TODAY
    with session_scope(sqlite_engine) as session:
        run_scan(session, SYSTEM, as_of=TODAY)
    with session_scope(sqlite_engine) as session:
        kinds = [w.kind for w in list_warnings(session, SYSTEM)]
    assert "breach_action_overdue" not in kinds


def test_the_action_form_on_the_discovery_day_and_the_day_before(
    qtbot, make_form, sqlite_engine
) -> None:
    breach_id = stored_breach(sqlite_engine)
    form = make_form("breach_action", initial={"breach_id": breach_id})
    set_combo(form.actions.action, BreachAction.voluntary_interview)
    form.actions.action_on.setText(typed(FOUND - timedelta(days=1)))
    save(qtbot, form)
    assert "cannot predate the discovery" in form.problem_text("action_on")
    form.actions.action_on.setText(typed(FOUND))
    save(qtbot, form)
    assert not form.isVisible()
    assert breaches(sqlite_engine)[0].action_on == FOUND


def test_an_action_already_recorded_cannot_be_recorded_again(qtbot, make_form, sqlite_engine):
    breach_id = stored_breach(sqlite_engine, action=BreachAction.caution, action_on=FOUND)
    form = make_form("breach_action", initial={"breach_id": breach_id})
    assert "Already acted on: caution" in form.about.text()
    assert not form.save_button.isEnabled()


def test_closing_with_changes_asks_first(qtbot, make_form) -> None:
    form = make_form()
    qtbot.keyClicks(form.national_ref, "X")
    asked: list[int] = []

    def keep_editing() -> bool:
        asked.append(1)
        return False

    form.confirm_discard = keep_editing
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and asked == [1]
    form.confirm_discard = lambda: True
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_a_correction_keeps_the_old_action(qtbot, make_form, sqlite_engine) -> None:
    breach_id = stored_breach(sqlite_engine, action=BreachAction.warning, action_on=FOUND)
    # Opened from the action entry point, a recorded breach is corrected as a whole.
    form = make_form("breach_action", item_id=breach_id)
    assert isinstance(form, BreachForm) and form.windowTitle().startswith("Correct")
    assert combo_text(form.actions.action) == "Warning" and not form.dirty
    set_combo(form.actions.action, BreachAction.caution)
    assert form.reason_edit is not None
    qtbot.keyClicks(form.reason_edit, "A caution was given, not a warning")
    save(qtbot, form)
    assert not form.isVisible()
    with session_scope(sqlite_engine) as session:
        (rev,) = revisions(session, actor(sqlite_engine, "bf_officer"), REF)
    assert rev.before == {"action": "warning"} and rev.after == {"action": "caution"}


def combo_text(combo) -> str:
    return combo.currentText()


def test_a_read_only_manager_is_refused_by_the_service(qtbot, make_form, sqlite_engine) -> None:
    form = make_form(username="bf_manager")
    set_combo(form.kind, BreachKind.other)
    qtbot.keyClicks(form.description, "Something (fictional).")
    save(qtbot, form)
    assert "read-only manager may not edit record" in form.error_label.text()
    assert form.isVisible() and breaches(sqlite_engine) == []
