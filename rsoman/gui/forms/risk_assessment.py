"""Record a risk assessment (or correct one): the level, the static tool, and the ARMS factors as
a grid of ratings.

The layout is ui/risk_assessment_form.ui, the Designer pattern of every entry form. Its ARMS
groups (risk factors, protective factors) hold the column headings; the rows are made here from
ARMS_FACTORS, so the list of factors and their words live in one place: one row per factor,
its rating as three radio buttons and its own problem label beside them. Tab moves from row to
row, the arrow keys choose within a row. The next review date may be left blank: the hint under
it says the date the policy in force will set, which is also the latest it allows.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget
from sqlmodel import Session

from ...core.rules.dates import format_date
from ...core.services.risk_assessments import (
    ARMS_FACTOR_WORDS,
    LEVEL_WORDS,
    REASONS,
    STATIC_CATEGORIES,
    STATIC_TOOL_NAMES,
    AssessmentDefaults,
    RiskAssessmentInput,
    assessment_defaults,
    assessment_values,
    correct_risk_assessment,
    record_risk_assessment,
)
from ...core.store.enums import ArmsRating, RiskLevel, StaticTool
from ...core.store.models import ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS
from ..generated.ui_risk_assessment_form import Ui_RiskAssessmentFormBody
from . import FormContext
from .base import FormDialog
from .designer import attach, fill_enum_combo, problem_label, use_designer_body
from .widgets import chain_tab_order, combo_value, dates_or_problems, set_combo

RATINGS: tuple[ArmsRating, ...] = (ArmsRating.none, ArmsRating.some, ArmsRating.strong)
# The grid's columns: the factor, its three ratings, then its problem (which takes the rest).
PROBLEM_COLUMN = len(RATINGS) + 1


class ArmsRow:
    """One factor: three exclusive radio buttons and the problem label beside them. Each widget
    is named after the factor's field (`arms_<factor>_<rating>`), for tests and tools."""

    def __init__(self, factor: str, grid: QGridLayout, row: int, parent: QWidget) -> None:
        self.factor = factor
        name = f"arms_{factor}"
        self.label = QLabel(ARMS_FACTOR_WORDS[factor], parent)
        self.label.setObjectName(f"{name}_label")
        grid.addWidget(self.label, row, 0)
        self.group = QButtonGroup(parent)
        self.group.setObjectName(f"{name}_group")
        self.buttons: dict[ArmsRating, QRadioButton] = {}
        for column, rating in enumerate(RATINGS, start=1):
            button = QRadioButton(parent)
            button.setObjectName(f"{name}_{rating.value}")
            button.setAccessibleName(f"{ARMS_FACTOR_WORDS[factor]}: {rating.value}")
            button.setToolTip(rating.value.capitalize())
            self.group.addButton(button)
            self.buttons[rating] = button
            grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
        # Beside the row, not under it: the grid stays one line per factor. Its only problem
        # is short ("Rate this factor"): unwrapped, it widens the form rather than the row.
        self.error = problem_label()
        self.error.setWordWrap(False)
        grid.addWidget(self.error, row, PROBLEM_COLUMN)
        # Screen readers name the row's buttons by the factor.
        self.label.setBuddy(self.buttons[ArmsRating.none])

    @property
    def first(self) -> QRadioButton:
        return self.buttons[ArmsRating.none]

    def value(self) -> ArmsRating | None:
        for rating, button in self.buttons.items():
            if button.isChecked():
                return rating
        return None

    def set_value(self, rating: ArmsRating | None) -> None:
        if rating is None:
            # An exclusive group never unchecks its last button: lift the rule for a moment.
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[ArmsRating(rating)].setChecked(True)


class RiskAssessmentForm(FormDialog):
    title = "Risk assessment"
    save_label = "Record assessment"

    def __init__(self, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.defaults: AssessmentDefaults | None = None
        ui = use_designer_body(self, Ui_RiskAssessmentFormBody())
        # The generated body: its ARMS groups (riskGroup, protectiveGroup) hold the rows.
        self.arms_ui = ui

        self.assessed_on = ui.assessedOnDate
        self.assessed_on.setDate(QDate.currentDate())
        self.assessor = ui.assessorEdit
        self.level = ui.levelCombo
        fill_enum_combo(self.level, LEVEL_WORDS.items(), blank="— choose —")
        self.static_tool = ui.staticToolCombo
        fill_enum_combo(self.static_tool, STATIC_TOOL_NAMES.items(), blank="— none recorded —")
        self.static_result = ui.staticResultCombo
        self.next_review = ui.nextReviewDate
        self.review_hint = ui.reviewHint
        self.reason = ui.reasonCombo
        self.reason.addItems(REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("why now: annual review, breach, new address…")
        self.notes = ui.notesText
        attach(
            self,
            {
                "assessed_on": self.assessed_on,
                "assessor_warrant": self.assessor,
                "level": self.level,
                "static_tool": self.static_tool,
                "static_result": self.static_result,
                "next_review_on": self.next_review,
                "assessment_reason": self.reason,
                "notes": self.notes,
            },
        )

        self.rows: dict[str, ArmsRow] = {}
        for grid, factors, group in (
            (ui.riskGrid, ARMS_RISK_FACTORS, ui.riskGroup),
            (ui.protectiveGrid, ARMS_PROTECTIVE_FACTORS, ui.protectiveGroup),
        ):
            for i, factor in enumerate(factors):
                row = ArmsRow(factor, grid, 1 + i, group)
                self.register_field(f"arms_{factor}", row.first, row.error)
                row.group.buttonToggled.connect(self.mark_dirty)
                self.rows[factor] = row
        # Problems about the grid as a whole (an unknown factor) go at the top: no field "arms".
        self._align_rating_columns((ui.riskGrid, ui.protectiveGrid))
        for editable in (self.static_result, self.reason):
            editable.editTextChanged.connect(self.mark_dirty)

        top = [self.assessed_on, self.assessor, self.level, self.static_tool, self.static_result]
        buttons = [b for row in self.rows.values() for b in row.buttons.values()]
        chain_tab_order([*top, *buttons, self.next_review, self.reason, self.notes])

        self.static_tool.currentIndexChanged.connect(self._tool_changed)
        self.assessed_on.dateChanged.connect(self._explain)
        self.next_review.textChanged.connect(self._explain)
        self._tool_changed()
        self.assessed_on.setFocus()

        actor = context.actor
        context.runner.submit(
            lambda session, _p: assessment_defaults(session, actor),
            on_done=self._defaults_loaded,
            on_error=lambda _exc: None,  # no hint and no assessor filled in; the service checks
        )
        self.start_correction()

    def _align_rating_columns(self, grids: tuple[QGridLayout, ...]) -> None:
        """The two groups' rating columns one under the other: their factor columns are as
        wide as the longest factor of either (measured in the form's font)."""
        widest = max(row.label.sizeHint().width() for row in self.rows.values())
        for grid in grids:
            grid.setColumnMinimumWidth(0, widest)

    # --- behaviour ----------------------------------------------------------------------------

    def _defaults_loaded(self, defaults: AssessmentDefaults) -> None:
        self.defaults = defaults
        if self.context.item_id is None and not self.assessor.text():
            # A default is not an edit: the form stays clean.
            self.assessor.setText(defaults.assessor_warrant)
        self._explain()

    def _tool_changed(self, *_args: object) -> None:
        tool = combo_value(self.static_tool, StaticTool)
        text = self.static_result.currentText()
        self.static_result.blockSignals(True)
        self.static_result.clear()
        self.static_result.addItems(list(STATIC_CATEGORIES.get(tool, ())) if tool else [])
        self.static_result.setEditText(text)
        self.static_result.blockSignals(False)
        self.static_result.setEnabled(tool is not None)
        placeholder = "category" if tool in STATIC_CATEGORIES else "result, or 'not applicable'"
        line = self.static_result.lineEdit()
        if line is not None:
            line.setPlaceholderText(placeholder if tool else "")

    def _explain(self, *_args: object) -> None:
        if self.defaults is None:
            self.review_hint.setText("")
            return
        assessed: date = self.assessed_on.date().toPython()
        latest = assessed + timedelta(days=self.defaults.review_days)
        self.review_hint.setText(
            f"Blank sets {format_date(latest)}: the assessment + {self.defaults.review_days} "
            f"days (policy v{self.defaults.policy_version}), the latest a review may be."
        )

    def ratings(self) -> dict[str, ArmsRating | None]:
        return {factor: row.value() for factor, row in self.rows.items()}

    # --- FormDialog ---------------------------------------------------------------------------

    def collect(self) -> RiskAssessmentInput:
        dates = dates_or_problems({"next_review_on": self.next_review})
        tool = combo_value(self.static_tool, StaticTool)
        return RiskAssessmentInput(
            assessed_on=self.assessed_on.date().toPython(),
            level=combo_value(self.level, RiskLevel),
            assessor_warrant=self.assessor.text(),
            static_tool=tool,
            static_result=self.static_result.currentText() if tool else None,
            arms=self.ratings(),
            next_review_on=dates["next_review_on"],
            assessment_reason=self.reason.currentText(),
            notes=self.notes.toPlainText(),
        )

    def save(self, session: Session, value: RiskAssessmentInput) -> int:
        assert self.context.offender_ref is not None
        return record_risk_assessment(session, self.context.actor, self.context.offender_ref, value)

    def load(self, session: Session, item_id: int) -> RiskAssessmentInput:
        return assessment_values(session, self.context.actor, item_id)

    def fill(self, values: RiskAssessmentInput) -> None:
        if values.assessed_on is not None:
            self.assessed_on.setDate(values.assessed_on)
        self.assessor.setText(values.assessor_warrant)
        set_combo(self.level, values.level)
        set_combo(self.static_tool, values.static_tool)
        self.static_result.setEditText(values.static_result or "")
        for factor, row in self.rows.items():
            row.set_value(values.arms.get(factor))
        self.next_review.set_value(values.next_review_on)
        self.reason.setEditText(values.assessment_reason)
        self.notes.setPlainText(values.notes or "")

    def correct(
        self, session: Session, item_id: int, value: RiskAssessmentInput, reason: str
    ) -> int | None:
        return correct_risk_assessment(session, self.context.actor, item_id, value, reason)


def create(kind: str, context: FormContext, parent: QWidget | None) -> FormDialog:
    if kind == "risk_assessment":
        return RiskAssessmentForm(context, parent)
    raise ValueError(f"the risk assessment module has no form {kind!r}")
