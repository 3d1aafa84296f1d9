"""Recording a risk assessment (level, static tool, every ARMS factor) and correcting one.

The level of risk of serious harm drives the visit tariff, so an assessment must be complete and
honest: dated no later than today, by a named officer, with a static tool result in that tool's
own categories, all eleven ARMS factors rated, and a next review no later than the policy's
review interval allows (the default when none is given). A correction passes the same checks and
keeps the old values (`corrections.apply_correction`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from ..rules.dates import format_date, london_today
from ..rules.policy import Policy
from ..store.enums import ArmsRating, AuditAction, RiskLevel, StaticTool
from ..store.models import ARMS_FACTORS, Offender, Officer, RiskAssessment
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .errors import Problem, ValidationFailed
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require
from .policy import current_policy

# Each static tool's categories, as officers write them. "other" (e.g. a tool not listed, or
# "not applicable" for a woman, for whom these tools are not validated) takes free text.
STATIC_CATEGORIES: dict[StaticTool, tuple[str, ...]] = {
    StaticTool.rm2000: ("Low", "Medium", "High", "Very High"),
    StaticTool.osp_c: ("Low", "Medium", "High", "Very High"),
    StaticTool.osp_i: ("Low", "Medium", "High"),
}
STATIC_TOOL_NAMES: dict[StaticTool, str] = {
    StaticTool.rm2000: "Risk Matrix 2000",
    StaticTool.osp_c: "OSP/C",
    StaticTool.osp_i: "OSP/I",
    StaticTool.other: "Other",
}
# Each ARMS factor as officers name it (forms, record, reports).
ARMS_FACTOR_WORDS: dict[str, str] = {
    "opportunity_to_offend": "Opportunity to offend",
    "sexual_preoccupation": "Sexual preoccupation",
    "offence_related_sexual_interest": "Offence-related sexual interest",
    "emotional_congruence_with_children": "Emotional congruence with children",
    "hostile_orientation": "Hostile orientation",
    "poor_self_management": "Poor self-management",
    "negative_social_influences": "Negative social influences",
    "commitment_to_desist": "Commitment to desist",
    "social_investment": "Social investment",
    "positive_routine": "Positive routine",
    "intimate_relationship_positive_support": "Intimate relationship / positive support",
}
LEVEL_WORDS: dict[RiskLevel, str] = {
    RiskLevel.low: "low",
    RiskLevel.medium: "medium",
    RiskLevel.high: "high",
    RiskLevel.very_high: "very high",
}
# Why an assessment was made: offered in the form, any other wording is accepted.
REASONS: tuple[str, ...] = (
    "initial assessment",
    "annual review",
    "change of address",
    "change of relationship",
    "change of employment",
    "breach",
    "significant intelligence",
    "MAPPA review",
)
MAX_REASON = 200
MAX_STATIC_RESULT = 40


@dataclass(frozen=True)
class RiskAssessmentInput:
    """What the officer enters. `arms` maps each ARMS factor (ARMS_FACTORS) to its rating;
    problems with one factor are reported on the field `arms_<factor>` (the column's name)."""

    assessed_on: date | None
    level: RiskLevel | None
    assessor_warrant: str = ""
    static_tool: StaticTool | None = None
    static_result: str | None = None
    arms: Mapping[str, ArmsRating | None] = field(default_factory=dict)
    # None: the policy's review interval after the assessment.
    next_review_on: date | None = None
    # Why it was assessed (the column `reason`; named apart from a correction's reason).
    assessment_reason: str = ""
    notes: str | None = None


@dataclass(frozen=True)
class AssessmentDefaults:
    """What a new assessment form starts with."""

    assessor_warrant: str
    review_days: int
    policy_version: int


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def static_category(tool: StaticTool, text: str | None) -> str | None:
    """The tool's category that `text` names ("very high", "Very_High", "RM2000/S: Very High"
    all name "Very High"), or None if it names none."""
    words = (text or "").rsplit(":", 1)[-1]
    wanted = re.sub(r"[\s_]+", " ", words).strip().lower()
    for category in STATIC_CATEGORIES.get(tool, ()):
        if category.lower() == wanted:
            return category
    return None


def latest_review_on(assessed_on: date, policy: Policy) -> date:
    """The latest next-review date the policy allows (also the default)."""
    return assessed_on + timedelta(days=policy.risk_review_days)


def _check(
    session: Session, value: RiskAssessmentInput, policy: Policy
) -> tuple[dict[str, Any], list[Problem]]:
    """The column values of an assessment, and every problem with the input. Shared by a new
    entry and a correction so both pass the same checks."""
    problems: list[Problem] = []
    columns: dict[str, Any] = {}

    assessed_on = value.assessed_on
    if assessed_on is None:
        problems.append(Problem("", "assessed_on", "the date of the assessment is required"))
    elif assessed_on > london_today():
        problems.append(
            Problem("", "assessed_on", "is in the future: an assessment is dated when it is made")
        )
    columns["assessed_on"] = assessed_on

    level = RiskLevel(value.level) if value.level else None
    if level is None:
        problems.append(Problem("", "level", "the level of risk of serious harm is required"))
    columns["level"] = level

    warrant = value.assessor_warrant.strip()
    columns["assessor_officer_id"] = None
    if not warrant:
        problems.append(Problem("", "assessor_warrant", "name the assessing officer"))
    else:
        officer = session.exec(select(Officer).where(Officer.warrant_number == warrant)).first()
        if officer is None:
            problems.append(Problem("", "assessor_warrant", f"no officer with warrant {warrant!r}"))
        else:
            columns["assessor_officer_id"] = officer.id

    tool = StaticTool(value.static_tool) if value.static_tool else None
    result = _text(value.static_result)
    if tool is None:
        if result is not None:
            problems.append(Problem("", "static_tool", "say which static tool gave this result"))
    elif tool in STATIC_CATEGORIES:
        category = static_category(tool, result)
        if category is None:
            allowed = ", ".join(STATIC_CATEGORIES[tool])
            problems.append(
                Problem(
                    "",
                    "static_result",
                    f"a {STATIC_TOOL_NAMES[tool]} result is one of: {allowed}",
                )
            )
        result = category
    elif result is None:
        problems.append(Problem("", "static_result", "give the result (or 'not applicable')"))
    elif len(result) > MAX_STATIC_RESULT:
        problems.append(
            Problem("", "static_result", f"is longer than {MAX_STATIC_RESULT} characters")
        )
    columns["static_tool"] = tool
    columns["static_result"] = result

    unknown = sorted(set(value.arms) - set(ARMS_FACTORS))
    if unknown:
        problems.append(Problem("", "arms", f"not ARMS factors: {', '.join(unknown)}"))
    for factor in ARMS_FACTORS:
        rating = value.arms.get(factor)
        if rating is None:
            problems.append(Problem("", f"arms_{factor}", "rate this factor"))
            columns[f"arms_{factor}"] = None
        else:
            columns[f"arms_{factor}"] = ArmsRating(rating)

    review_on = value.next_review_on
    if assessed_on is not None:
        latest = latest_review_on(assessed_on, policy)
        if review_on is None:
            review_on = latest
        elif review_on <= assessed_on:
            problems.append(Problem("", "next_review_on", "must be after the assessment"))
        elif review_on > latest:
            problems.append(
                Problem(
                    "",
                    "next_review_on",
                    f"is later than the policy allows: at most {policy.risk_review_days} days "
                    f"after the assessment, by {format_date(latest)} (policy v{policy.version})",
                )
            )
    columns["next_review_on"] = review_on

    reason = (value.assessment_reason or "").strip()
    if not reason:
        problems.append(
            Problem("", "assessment_reason", "say why it was assessed (e.g. annual review, breach)")
        )
    elif len(reason) > MAX_REASON:
        problems.append(Problem("", "assessment_reason", f"is longer than {MAX_REASON} characters"))
    columns["reason"] = reason
    columns["notes"] = _text(value.notes)
    return columns, problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))


def _described(offender: Offender, assessed_on: date | None) -> str:
    when = format_date(assessed_on) if assessed_on else "an unknown date"
    return f"risk assessment of {offender.ref} of {when}"


def record_risk_assessment(
    session: Session, actor: Actor, ref: str, value: RiskAssessmentInput
) -> int:
    """Record a new assessment. Returns its id. Every problem is listed at once."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    columns, problems = _check(session, value, current_policy(session))
    _refuse(problems)
    row = RiskAssessment(offender_id=offender.id, **columns)
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    assert row.id is not None
    level = LEVEL_WORDS[RiskLevel(columns["level"])]
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "risk_assessment",
        f"recorded the {_described(offender, columns['assessed_on'])}: risk {level}, "
        f"next review {format_date(columns['next_review_on'])} ({columns['reason']})",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def _assessment(
    session: Session, actor: Actor, action: Action, assessment_id: int
) -> tuple[RiskAssessment, Offender]:
    return entry_of_offender(
        session, actor, action, RiskAssessment, assessment_id, "risk assessment"
    )


def correct_risk_assessment(
    session: Session,
    actor: Actor,
    assessment_id: int,
    value: RiskAssessmentInput,
    reason: str,
) -> int | None:
    """Correct an assessment, keeping its earlier values. Returns the revision id (None when
    nothing changed)."""
    row, offender = _assessment(session, actor, Action.edit_record, assessment_id)
    columns, problems = _check(session, value, current_policy(session))
    _refuse(problems + reason_problems(reason))
    return apply_correction(
        session,
        actor,
        row,
        columns,
        reason,
        object_type="risk_assessment",
        offender=offender,
        described=_described(offender, row.assessed_on),
    )


def assessment_values(session: Session, actor: Actor, assessment_id: int) -> RiskAssessmentInput:
    """An assessment as the form edits it (for a correction)."""
    row, _offender = _assessment(session, actor, Action.view_record, assessment_id)
    officer = session.get(Officer, row.assessor_officer_id) if row.assessor_officer_id else None
    tool = StaticTool(row.static_tool) if row.static_tool else None
    result = row.static_result
    if tool is not None and tool in STATIC_CATEGORIES:
        # Older entries (and imports) may say "RM2000/S: High": offer the bare category.
        result = static_category(tool, result) or result
    return RiskAssessmentInput(
        assessed_on=row.assessed_on,
        level=RiskLevel(row.level),
        assessor_warrant=officer.warrant_number if officer else "",
        static_tool=tool,
        static_result=result,
        arms={
            f: ArmsRating(getattr(row, f"arms_{f}"))
            for f in ARMS_FACTORS
            if getattr(row, f"arms_{f}") is not None
        },
        next_review_on=row.next_review_on,
        assessment_reason=row.reason or "",
        notes=row.notes,
    )


def assessment_defaults(session: Session, actor: Actor) -> AssessmentDefaults:
    """The signed-in officer as assessor, and the review interval in force."""
    officer = session.get(Officer, actor.officer_id) if actor.officer_id else None
    policy = current_policy(session)
    return AssessmentDefaults(
        assessor_warrant=officer.warrant_number if officer else "",
        review_days=policy.risk_review_days,
        policy_version=policy.version,
    )
