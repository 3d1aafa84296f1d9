"""Recording breaches (of notification requirements or of an order) and the action taken.

A breach records what happened, when it was found and by whom, and its PNC/ViSOR reference; the
action (arrest, voluntary interview, charge, caution, warning, or no further action with its
reason) may be recorded with it or later, and cannot predate the discovery. Until an action is
recorded the warnings engine counts the policy's decision deadline from the day it was found.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from ..rules.dates import format_date
from ..rules.policy import Policy
from ..store.enums import AuditAction, BreachAction, BreachKind, OrderKind
from ..store.models import Breach, Offender, Officer, Order
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .errors import Problem
from .notifications import not_future, officer_by_warrant, raise_if
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require

KIND_WORDS: dict[BreachKind, str] = {
    BreachKind.notification_requirements: "notification requirements",
    BreachKind.order: "an order",
    BreachKind.other: "other",
}

ACTION_WORDS: dict[BreachAction, str] = {
    BreachAction.arrest: "arrest",
    BreachAction.voluntary_interview: "voluntary interview",
    BreachAction.charge: "charge",
    BreachAction.caution: "caution",
    BreachAction.warning: "warning",
    BreachAction.no_further_action: "no further action",
}

NATIONAL_REF_MAX = 40  # the column's length


@dataclass(frozen=True)
class BreachActionInput:
    action: BreachAction | None
    action_on: date | None
    # Required for no further action: why.
    action_reason: str | None = None
    outcome: str | None = None
    outcome_on: date | None = None


@dataclass(frozen=True)
class BreachInput:
    kind: BreachKind | None
    description: str | None
    found_on: date | None
    occurred_on: date | None = None
    # By warrant number; blank on a new entry means the signed-in officer.
    found_by_warrant: str | None = None
    # The order breached (for a breach of an order).
    order_id: int | None = None
    # PNC/ViSOR reference, and when it was recorded there.
    national_ref: str | None = None
    recorded_nationally_on: date | None = None
    # The action may be recorded with the breach (leave `action` None to record it later).
    action: BreachAction | None = None
    action_on: date | None = None
    action_reason: str | None = None
    outcome: str | None = None
    outcome_on: date | None = None

    def action_part(self) -> BreachActionInput:
        return BreachActionInput(
            **{f.name: getattr(self, f.name) for f in fields(BreachActionInput)}
        )


@dataclass(frozen=True)
class BreachSummary:
    """What the action form shows about the breach it acts on."""

    id: int
    offender_ref: str
    kind: BreachKind
    description: str
    found_on: date
    action: BreachAction | None
    action_on: date | None
    decision_due_on: date


@dataclass(frozen=True)
class OrderChoice:
    id: int
    label: str


ORDER_WORDS: dict[OrderKind, str] = {
    OrderKind.shpo: "SHPO",
    OrderKind.interim_shpo: "interim SHPO",
    OrderKind.sro: "SRO",
    OrderKind.interim_sro: "interim SRO",
    OrderKind.notification_order: "notification order",
}


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def decision_due_on(found_on: date, policy: Policy) -> date:
    """When the action decision is due (the same date as the `breach_action_overdue` rule)."""
    return found_on + timedelta(days=policy.breach_action_decision_days)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def action_timing_words(found_on: date | None, action_on: date | None, policy: Policy) -> str:
    """What the action date means against the decision deadline (pure, for the forms)."""
    if found_on is None:
        return ""
    due = decision_due_on(found_on, policy)
    deadline = (
        f"decision due {format_date(due)} = found {format_date(found_on)} + "
        f"{_days(policy.breach_action_decision_days)}, policy v{policy.version}"
    )
    if action_on is None:
        return f"Action {deadline}."
    if action_on < found_on:
        return "The action is dated before the breach was found: that cannot be."
    after = (action_on - found_on).days
    when = "on the day it was found" if after == 0 else f"{_days(after)} after it was found"
    if action_on <= due:
        return f"Action {when}: in time ({deadline})."
    return f"Action {when}: {_days((action_on - due).days)} after the {deadline}."


def _action_columns(
    value: BreachActionInput, found_on: date | None, problems: list[Problem]
) -> dict[str, Any]:
    """The action's column values; its problems are added to `problems`. With no action, none
    of its other fields may be given (an outcome of what?)."""
    action = BreachAction(value.action) if value.action else None
    reason, outcome = _text(value.action_reason), _text(value.outcome)
    if action is None:
        for name, given in (
            ("action_on", value.action_on),
            ("action_reason", reason),
            ("outcome", outcome),
            ("outcome_on", value.outcome_on),
        ):
            if given:
                problems.append(Problem("", name, "choose the action taken first"))
        return dict.fromkeys(("action", "action_on", "action_reason", "outcome", "outcome_on"))
    if value.action_on is None:
        problems.append(Problem("", "action_on", "the date of the action is required"))
    not_future(value.action_on, "action_on", "the action date", problems)
    if value.action_on is not None and found_on is not None and value.action_on < found_on:
        problems.append(
            Problem(
                "",
                "action_on",
                f"is before the breach was found ({format_date(found_on)}): an action cannot "
                "predate the discovery",
            )
        )
    if action == BreachAction.no_further_action and reason is None:
        problems.append(Problem("", "action_reason", "say why no further action is taken"))
    if value.outcome_on is not None:
        if outcome is None:
            problems.append(Problem("", "outcome", "describe the outcome of that date"))
        not_future(value.outcome_on, "outcome_on", "the outcome date", problems)
        if value.action_on is not None and value.outcome_on < value.action_on:
            problems.append(Problem("", "outcome_on", "is before the action"))
    return {
        "action": action,
        "action_on": value.action_on,
        "action_reason": reason,
        "outcome": outcome,
        "outcome_on": value.outcome_on,
    }


def _columns(
    session: Session,
    offender: Offender,
    value: BreachInput,
    problems: list[Problem],
    *,
    officer_if_blank: int | None,
) -> dict[str, Any]:
    kind = BreachKind(value.kind) if value.kind else None
    if kind is None:
        problems.append(Problem("", "kind", "choose what was breached"))
    description = (value.description or "").strip()
    if not description:
        problems.append(Problem("", "description", "say what happened"))
    if value.found_on is None:
        problems.append(Problem("", "found_on", "the date it was found is required"))
    not_future(value.found_on, "found_on", "the date found", problems)
    not_future(value.occurred_on, "occurred_on", "the date it happened", problems)
    if value.occurred_on and value.found_on and value.occurred_on > value.found_on:
        problems.append(Problem("", "occurred_on", "is after the breach was found"))
    if kind == BreachKind.order:
        if value.order_id is None:
            problems.append(Problem("", "order_id", "name the order that was breached"))
        else:
            order = session.get(Order, value.order_id)
            if order is None or order.offender_id != offender.id:
                problems.append(Problem("", "order_id", f"is not one of {offender.ref}'s orders"))
    elif value.order_id is not None:
        problems.append(Problem("", "order_id", "an order is only named for a breach of an order"))
    national_ref = _text(value.national_ref)
    if national_ref is not None and len(national_ref) > NATIONAL_REF_MAX:
        problems.append(
            Problem("", "national_ref", f"is longer than {NATIONAL_REF_MAX} characters")
        )
    recorded = value.recorded_nationally_on
    not_future(recorded, "recorded_nationally_on", "the date recorded", problems)
    if recorded is not None and value.found_on is not None and recorded < value.found_on:
        problems.append(Problem("", "recorded_nationally_on", "is before the breach was found"))
    officer_id = officer_by_warrant(
        session, value.found_by_warrant, "found_by_warrant", problems, blank=officer_if_blank
    )
    columns = {
        "kind": kind,
        "description": description,
        "occurred_on": value.occurred_on,
        "found_on": value.found_on,
        "found_by_officer_id": officer_id,
        "order_id": value.order_id,
        "national_ref": national_ref,
        "recorded_nationally_on": recorded,
    }
    columns.update(_action_columns(value.action_part(), value.found_on, problems))
    return columns


def _described(offender: Offender, found_on: date) -> str:
    return f"breach by {offender.ref} found {format_date(found_on)}"


def _action_summary(columns: dict[str, Any]) -> str:
    action = columns["action"]
    return f"{ACTION_WORDS[action]} on {format_date(columns['action_on'])}"


# --- use cases ------------------------------------------------------------------------------


def record_breach(session: Session, actor: Actor, ref: str, value: BreachInput) -> int:
    """Record a breach (and, if given, the action taken). Returns its id."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    problems: list[Problem] = []
    columns = _columns(session, offender, value, problems, officer_if_blank=actor.officer_id)
    raise_if(problems)
    row = Breach(offender_id=offender.id, **columns)
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    assert row.id is not None
    summary = f"recorded a {_described(offender, row.found_on)} ({KIND_WORDS[row.kind]})"
    if row.action is not None:
        summary += f"; action: {_action_summary(columns)}"
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "breach",
        summary,
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def _editable(session: Session, actor: Actor, breach_id: int) -> tuple[Breach, Offender]:
    return entry_of_offender(session, actor, Action.edit_record, Breach, breach_id, "breach")


def breach_summary(session: Session, actor: Actor, breach_id: int, policy: Policy) -> BreachSummary:
    """The breach an action is about to be recorded on (needs the right to record it)."""
    row, offender = _editable(session, actor, breach_id)
    assert row.id is not None
    return BreachSummary(
        id=row.id,
        offender_ref=offender.ref,
        kind=row.kind,
        description=row.description,
        found_on=row.found_on,
        action=row.action,
        action_on=row.action_on,
        decision_due_on=decision_due_on(row.found_on, policy),
    )


def record_breach_action(
    session: Session, actor: Actor, breach_id: int, value: BreachActionInput
) -> int:
    """Record the action taken on a breach that has none yet. Returns the breach id. An action
    already recorded is changed by correcting the breach (so its history is kept)."""
    row, offender = _editable(session, actor, breach_id)
    problems: list[Problem] = []
    if row.action is not None:
        assert row.action_on is not None
        problems.append(
            Problem(
                "",
                "action",
                f"this breach already has an action ({ACTION_WORDS[row.action]} on "
                f"{format_date(row.action_on)}): correct the breach to change it",
            )
        )
    columns = _action_columns(value, row.found_on, problems)
    if not problems and columns["action"] is None:
        problems.append(Problem("", "action", "choose the action taken"))
    raise_if(problems)
    for name, new in columns.items():
        setattr(row, name, new)
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    assert row.id is not None
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "breach",
        f"recorded the action on the {_described(offender, row.found_on)}: "
        f"{_action_summary(columns)}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def breach_values(session: Session, actor: Actor, breach_id: int) -> BreachInput:
    """A recorded breach as an input, to be corrected."""
    row, _offender = _editable(session, actor, breach_id)
    officer = session.get(Officer, row.found_by_officer_id) if row.found_by_officer_id else None
    return BreachInput(
        kind=row.kind,
        description=row.description,
        found_on=row.found_on,
        occurred_on=row.occurred_on,
        found_by_warrant=officer.warrant_number if officer else None,
        order_id=row.order_id,
        national_ref=row.national_ref,
        recorded_nationally_on=row.recorded_nationally_on,
        action=row.action,
        action_on=row.action_on,
        action_reason=row.action_reason,
        outcome=row.outcome,
        outcome_on=row.outcome_on,
    )


def correct_breach(
    session: Session, actor: Actor, breach_id: int, value: BreachInput, reason: str
) -> int | None:
    """Correct a recorded breach (its action too), keeping the old values. The new values pass
    the same checks as a new entry. Returns the revision id (None: nothing changed)."""
    row, offender = _editable(session, actor, breach_id)
    problems: list[Problem] = []
    columns = _columns(session, offender, value, problems, officer_if_blank=None)
    raise_if(problems + reason_problems(reason))
    revision = apply_correction(
        session,
        actor,
        row,
        columns,
        reason,
        object_type="breach",
        offender=offender,
        described=_described(offender, row.found_on),
    )
    return revision


def order_choices(session: Session, actor: Actor, ref: str) -> list[OrderChoice]:
    """The offender's orders, newest first, for naming the order a breach is of (part of the
    record being viewed)."""
    require(session, actor, Action.view_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.view_record, offender)
    rows = session.exec(
        select(Order)
        .where(Order.offender_id == offender.id)
        .order_by(Order.made_on.desc(), Order.id.desc())  # type: ignore[attr-defined]
    ).all()
    return [
        OrderChoice(
            id=o.id or 0,
            label=f"{ORDER_WORDS[OrderKind(o.kind)]}, {o.court}, made {format_date(o.made_on)}"
            + (f" ({o.status.value})" if o.status != "active" else ""),
        )
        for o in rows
    ]
