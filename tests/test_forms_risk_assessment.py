"""The risk assessment form: the ARMS grid in two labelled groups whose rating columns line up, a
complete assessment saved through the service, problems beside their field (each factor's beside
its row) with every value kept, unsaved changes never lost without asking, corrections that keep
history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import factories as f
import pytest
from gui_support import *  # noqa: F403
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from sqlalchemy import Engine

from rsoman.core.rules.dates import format_date, london_today
from rsoman.core.services.actor import Actor
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import Problem
from rsoman.core.services.offenders import get_record
from rsoman.core.services.risk_assessments import (
    ARMS_FACTOR_WORDS,
    RiskAssessmentInput,
    record_risk_assessment,
)
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import ArmsRating, Rank, RiskLevel, Role, StaticTool
from rsoman.core.store.models import ARMS_FACTORS, ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS
from rsoman.gui.forms import FormContext, create_form
from rsoman.gui.forms.notification import set_combo
from rsoman.gui.forms.risk_assessment import RiskAssessmentForm
from rsoman.gui.tasks import TaskRunner

TODAY = london_today()


@dataclass(frozen=True)
class Setup:
    ref: str
    officer: Actor
    reader: Actor
    warrant: str


@pytest.fixture
def setup(sqlite_engine: Engine) -> Setup:
    with session_scope(sqlite_engine) as session:
        me = f.officer(session, surname="Carrowmore")
        om = f.user(session, Role.offender_manager, me)
        reader = f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di))
        row = f.offender(session, manager=me)
        return Setup(row.ref, om, reader, me.warrant_number)


def open_form(
    qtbot, engine: Engine, runner: TaskRunner, who: Actor, ref: str, item_id: int | None = None
) -> tuple[RiskAssessmentForm, list[int]]:
    saved: list[int] = []
    context = FormContext(
        engine, runner, who, ref, on_saved=lambda: saved.append(1), item_id=item_id
    )
    form = create_form("risk_assessment", context)
    assert isinstance(form, RiskAssessmentForm)
    form.confirm_discard = lambda: True  # teardown after a failure must not wait on a question
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, saved


def rate_all(form: RiskAssessmentForm, rating: ArmsRating = ArmsRating.some) -> None:
    for row in form.rows.values():
        row.buttons[rating].click()


def test_the_grid_has_every_factor_in_two_labelled_groups(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    assert set(ARMS_FACTOR_WORDS) == set(ARMS_FACTORS)
    ui = form.arms_ui
    assert "risk factors" in ui.riskGroup.title() and "protective" in ui.protectiveGroup.title()
    for factors, group in (
        (ARMS_RISK_FACTORS, ui.riskGroup),
        (ARMS_PROTECTIVE_FACTORS, ui.protectiveGroup),
    ):
        for factor in factors:
            row = form.rows[factor]
            assert row.label.text() == ARMS_FACTOR_WORDS[factor]
            assert all(group.isAncestorOf(b) for b in row.buttons.values())
    assert form.ratings() == dict.fromkeys(ARMS_FACTORS)
    # Defaults: the signed-in officer assesses; the hint says what a blank review date sets.
    assert form.assessor.text() == setup.warrant
    latest = TODAY + timedelta(days=365)
    assert f"Blank sets {format_date(latest)}" in form.review_hint.text()
    assert "policy v1" in form.review_hint.text()
    assert form.focusWidget() is form.assessed_on and not form.dirty


def test_the_rating_columns_line_up_and_a_problem_beside_a_row_cuts_no_word(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    form.resize(form.sizeHint())
    QApplication.processEvents()

    def columns() -> set[tuple[int, ...]]:
        # Each row's buttons, by where they sit across the form.
        return {
            tuple(b.mapTo(form, b.rect().center()).x() for b in row.buttons.values())
            for row in form.rows.values()
        }

    def every_factor_whole() -> bool:
        return all(r.label.width() >= r.label.sizeHint().width() for r in form.rows.values())

    assert len(columns()) == 1 and every_factor_whole()
    # A factor's problem sits on its row: the form widens for it rather than squeezing names.
    form.show_problems([Problem("", "arms_hostile_orientation", "rate this factor")])
    QApplication.processEvents()
    error = form.rows["hostile_orientation"].error
    assert error.isVisible() and error.width() >= error.sizeHint().width()
    assert len(columns()) == 1 and every_factor_whole()
    # Each input is found by a name that says which field (and which rating) it is.
    strong = form.findChild(QRadioButton, "arms_hostile_orientation_strong")
    assert strong is form.rows["hostile_orientation"].buttons[ArmsRating.strong]
    assert form.field("level").objectName() == "levelCombo"


def test_tab_runs_down_the_fields_and_into_the_grid(qtbot, sqlite_engine, runner, setup) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    set_combo(form.static_tool, StaticTool.rm2000)
    form.assessed_on.setFocus()
    seen = [form.focusWidget()]
    for _ in range(5):
        form.focusNextChild()
        seen.append(form.focusWidget())
    first_row = form.rows[ARMS_RISK_FACTORS[0]]
    assert seen[:5] == [
        form.assessed_on,
        form.assessor,
        form.level,
        form.static_tool,
        form.static_result,
    ]
    assert seen[5] is first_row.buttons[ArmsRating.none]


def test_a_complete_assessment_is_saved_and_seen_in_the_record(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    form.assessed_on.setDate(QDate(TODAY - timedelta(days=2)))
    set_combo(form.level, RiskLevel.very_high)
    set_combo(form.static_tool, StaticTool.osp_c)
    assert [form.static_result.itemText(i) for i in range(form.static_result.count())] == [
        "Low",
        "Medium",
        "High",
        "Very High",
    ]
    form.static_result.setCurrentText("Very High")
    rate_all(form)
    form.rows["commitment_to_desist"].buttons[ArmsRating.none].click()
    form.reason.setCurrentText("breach")
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=2000)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [1] and not form.isVisible()
    with session_scope(sqlite_engine) as session:
        rec = get_record(session, setup.officer, setup.ref)
    item = rec.risk_assessments[-1]
    assert rec.current_risk_level == RiskLevel.very_high
    assert (item.static_tool, item.static_result) == (StaticTool.osp_c, "Very High")
    assert dict(item.arms)["commitment_to_desist"] == ArmsRating.none
    assert dict(item.arms)["sexual_preoccupation"] == ArmsRating.some
    assert item.reason == "breach"
    assert item.next_review_on == TODAY - timedelta(days=2) + timedelta(days=365)


def test_problems_show_beside_their_fields_and_rows_and_keep_every_value(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    form.assessed_on.setDate(QDate(TODAY + timedelta(days=1)))
    set_combo(form.static_tool, StaticTool.osp_i)
    form.static_result.setCurrentText("Very High")  # OSP/I has three categories
    rate_all(form, ArmsRating.strong)
    form.rows["hostile_orientation"].set_value(None)
    form.next_review.setText((TODAY + timedelta(days=1 + 366)).strftime("%d/%m/%Y"))
    form.submit()
    assert "future" in form.problem_text("assessed_on")
    assert "required" in form.problem_text("level")
    assert "Low, Medium, High" in form.problem_text("static_result")
    assert "Rate this factor" in form.problem_text("arms_hostile_orientation")
    assert form.problem_text("arms_sexual_preoccupation") == ""
    assert "later than the policy allows" in form.problem_text("next_review_on")
    assert "say why" in form.problem_text("assessment_reason").lower()
    assert form.isVisible() and not saved
    # Every value is still there.
    assert form.static_result.currentText() == "Very High"
    assert form.ratings()["sexual_preoccupation"] == ArmsRating.strong
    assert form.ratings()["hostile_orientation"] is None
    with session_scope(sqlite_engine) as session:
        assert get_record(session, setup.officer, setup.ref).risk_assessments == ()


def test_closing_with_changes_asks(qtbot, sqlite_engine, runner, setup) -> None:
    form, _saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref)
    form.rows["positive_routine"].buttons[ArmsRating.some].click()
    assert form.dirty
    form.confirm_discard = lambda: False  # "keep editing"
    form.reject()
    assert form.isVisible()
    assert form.ratings()["positive_routine"] == ArmsRating.some
    form.confirm_discard = lambda: True  # "discard"
    form.close()
    assert not form.isVisible()


def test_a_read_only_manager_is_refused_with_a_clear_message(
    qtbot, sqlite_engine, runner, setup
) -> None:
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.reader, setup.ref)
    set_combo(form.level, RiskLevel.low)
    rate_all(form)
    form.assessor.setText(setup.warrant)
    form.reason.setCurrentText("annual review")
    form.submit()
    assert "read-only manager may not edit record" in form.error_label.text()
    assert form.isVisible() and not saved


def test_a_correction_keeps_the_old_value(qtbot, sqlite_engine, runner, setup) -> None:
    arms = dict.fromkeys(ARMS_FACTORS, ArmsRating.some)
    with session_scope(sqlite_engine) as session:
        item_id = record_risk_assessment(
            session,
            setup.officer,
            setup.ref,
            RiskAssessmentInput(
                assessed_on=TODAY - timedelta(days=7),
                level=RiskLevel.medium,
                assessor_warrant=setup.warrant,
                static_tool=StaticTool.rm2000,
                static_result="Medium",
                arms=arms,
                assessment_reason="annual review",
            ),
        )
    form, saved = open_form(qtbot, sqlite_engine, runner, setup.officer, setup.ref, item_id)
    assert form.windowTitle() == "Correct: Risk assessment"
    assert form.ratings() == arms and not form.dirty
    assert form.static_result.currentText() == "Medium"
    assert form.reason.currentText() == "annual review"
    form.rows["social_investment"].buttons[ArmsRating.strong].click()
    assert form.reason_edit is not None
    form.reason_edit.setPlainText("rating entered on the wrong row")
    form.submit()
    assert saved == [1]
    with session_scope(sqlite_engine) as session:
        (rev,) = revisions(session, setup.officer, setup.ref)
    assert rev.before == {"arms_social_investment": "some"}
    assert rev.after == {"arms_social_investment": "strong"}
