"""Record a risk assessment (or correct one): the level, the static tool, and the ARMS factors as
a grid of ratings.

The ARMS grid (ui/risk_assessment_form.ui) holds two labelled groups, risk factors and
protective factors; one row per factor (from ARMS_FACTORS, so the list lives in one place) with
its rating as three radio buttons and its own problem label. Tab moves from row to row, the
arrow keys choose within a row. The next review date may be left blank: the hint beside it
says the date the policy in force will set, which is also the latest it allows.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)
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
from ..generated.ui_risk_assessment_form import Ui_ArmsGrid
from . import FormContext
from .base import FormDialog, date_edit
from .widgets import (
    OptionalDateEdit,
    chain_tab_order,
    combo_value,
    dates_or_problems,
    enum_combo,
    hint_label,
    label_mnemonics,
    set_combo,
    text_box,
)

RATINGS: tuple[ArmsRating, ...] = (ArmsRating.none, ArmsRating.some, ArmsRating.strong)


class ArmsRow:
    """One factor: three exclusive radio buttons and the problem label beside them."""

    def __init__(self, factor: str, grid: QGridLayout, row: int, parent: QWidget) -> None:
        self.factor = factor
        self.label = QLabel(ARMS_FACTOR_WORDS[factor], parent)
        grid.addWidget(self.label, row, 0)
        self.group = QButtonGroup(parent)
        self.buttons: dict[ArmsRating, QRadioButton] = {}
        for column, rating in enumerate(RATINGS, start=1):
            button = QRadioButton(parent)
            button.setAccessibleName(f"{ARMS_FACTOR_WORDS[factor]}: {rating.value}")
            button.setToolTip(rating.value.capitalize())
            self.group.addButton(button)
            self.buttons[rating] = button
            grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
        # Beside the row, not under it: the grid stays one line per factor.
        self.error = QLabel(parent)
        grid.addWidget(self.error, row, len(RATINGS) + 1)
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
        body = self.body
        self.defaults: AssessmentDefaults | None = None

        self.assessed_on = date_edit(body)
        self.add_field("assessed_on", "Assessed &on", self.assessed_on)
        self.assessor = QLineEdit(body)
        self.assessor.setPlaceholderText("warrant number of the assessing officer")
        self.add_field("assessor_warrant", "Assess&or", self.assessor)
        self.level = enum_combo(LEVEL_WORDS.items(), body, blank="— choose —")
        self.add_field("level", "Risk of serious &harm", self.level)
        self.static_tool = enum_combo(STATIC_TOOL_NAMES.items(), body, blank="— none recorded —")
        self.add_field("static_tool", "&Static tool", self.static_tool)
        self.static_result = QComboBox(body)
        self.static_result.setEditable(True)
        self.add_field("static_result", "Static &result", self.static_result)

        self.arms_widget = QWidget(body)
        self.arms_ui = Ui_ArmsGrid()
        self.arms_ui.setupUi(self.arms_widget)
        self.form.addRow(self.arms_widget)
        self.rows: dict[str, ArmsRow] = {}
        for grid, factors, parent in (
            (self.arms_ui.riskGrid, ARMS_RISK_FACTORS, self.arms_ui.riskGroup),
            (self.arms_ui.protectiveGrid, ARMS_PROTECTIVE_FACTORS, self.arms_ui.protectiveGroup),
        ):
            for i, factor in enumerate(factors):
                row = ArmsRow(factor, grid, 1 + i, parent)
                row.error.setObjectName("fieldErrorLabel")
                row.error.hide()
                self.register_field(f"arms_{factor}", row.first, row.error)
                row.group.buttonToggled.connect(self.mark_dirty)
                self.rows[factor] = row
        # Problems about the grid as a whole (an unknown factor) go at the top: no field "arms".

        self.next_review = OptionalDateEdit(body)
        self.add_field("next_review_on", "Next &review", self.next_review)
        self.review_hint = hint_label(body)
        self.form.addRow("", self.review_hint)
        self.reason = QComboBox(body)
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText("why now: annual review, breach, new address…")
        self.add_field("assessment_reason", "Reason for &assessment", self.reason)
        self.notes = text_box(body, "what informed the level; priorities for the plan")
        self.add_field("notes", "&Notes", self.notes)
        for editable in (self.static_result, self.reason):
            editable.editTextChanged.connect(self.mark_dirty)

        top: list[QWidget] = [
            self.assessed_on,
            self.assessor,
            self.level,
            self.static_tool,
            self.static_result,
        ]
        buttons = [b for row in self.rows.values() for b in row.buttons.values()]
        rest: list[QWidget] = [self.next_review, self.reason, self.notes]
        chain_tab_order([*top, *buttons, *rest])
        label_mnemonics(self.form, [*top, *rest])

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
