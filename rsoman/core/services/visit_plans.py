"""Visit-plan decisions: an individual visit frequency, reactive management, or a return to the
tariff, each authorised by a supervisor and kept as history (a new decision ends the one before).

Who may record and who authorises (a decision changes how often an offender is seen, so it is
never one officer's say alone):
- recording needs the right to edit the record (an offender manager or a supervisor of the
  offender's borough, or of the central team);
- every decision names its authorising supervisor: an active officer who is a supervisor by
  team role, or of sergeant rank or above, in the offender's borough or the central team. A
  supervisor recording a decision authorises it unless they name someone else; an offender
  manager (who types up what was agreed in supervision) must name the supervisor, and may not
  name themselves.

The rules (numbers from the policy in force):
- an individual frequency has an interval from 1 day up to the LOW tariff's interval (longer
  than that is reactive management, which has its own test);
- reactive management only for an offender assessed LOW, without a break, for at least
  `reactive_management_low_years` years on the day it takes effect (the LOW run starts at the
  earliest of the unbroken latest LOW assessments);
- a return to the tariff only from a decision that departs from it;
- a decision takes effect today or earlier, never before the latest decision already recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import add_years, format_date, london_today
from ..rules.policy import Policy
from ..rules.visit_schedule import risk_words
from ..store.enums import RANK_SENIORITY, AuditAction, PlanKind, Rank, RiskLevel, Role, TeamRole
from ..store.models import Borough, Offender, Officer, RiskAssessment, VisitPlanDecision
from . import audit
from .actor import Actor
from .corrections import MIN_REASON_LENGTH, apply_correction, reason_problems
from .current import officer_list_name, officer_name
from .errors import Problem, ValidationFailed
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require
from .policy import current_policy

_KIND_WORDS = {
    PlanKind.individual_frequency: "individual frequency",
    PlanKind.reactive_management: "reactive management",
    PlanKind.tariff: "return to the tariff",
}
_AUTHORISING_ROLES = (TeamRole.supervisor, TeamRole.manager)
_SERGEANT = RANK_SENIORITY[Rank.ds]


@dataclass(frozen=True)
class VisitPlanInput:
    kind: PlanKind | None
    effective_from: date | None
    interval_days: int | None = None
    reason: str = ""
    # Blank: the actor authorises (supervisors only).
    authorised_by_warrant: str = ""


# --- the reactive-management test (pure) --------------------------------------------------------


@dataclass(frozen=True)
class ReactiveEligibility:
    eligible: bool
    # Why, in words: "assessed LOW since 3 Feb 2023 (3 years on 3 Feb 2026), policy v1".
    explanation: str
    low_since: date | None
    eligible_from: date | None


def reactive_eligibility(
    assessments: Sequence[tuple[date, RiskLevel]], on: date, policy: Policy
) -> ReactiveEligibility:
    """Whether reactive management may start `on`, from the risk assessments (date, level) in
    the order they were made. Only those made on or before `on` count."""
    years = policy.reactive_management_low_years
    rule = f"at least {years} years assessed LOW, policy v{policy.version}"
    made = [(day, RiskLevel(level)) for day, level in assessments if day <= on]
    if not made:
        return ReactiveEligibility(False, f"no risk assessment yet ({rule})", None, None)
    latest_day, latest_level = made[-1]
    if latest_level != RiskLevel.low:
        return ReactiveEligibility(
            False,
            f"the current risk is {risk_words(latest_level)} (assessed "
            f"{format_date(latest_day)}); reactive management needs {rule}",
            None,
            None,
        )
    since = latest_day
    for day, level in reversed(made):
        if level != RiskLevel.low:
            break
        since = day
    eligible_from = add_years(since, years)
    if eligible_from <= on:
        return ReactiveEligibility(
            True,
            f"assessed LOW since {format_date(since)} ({rule})",
            since,
            eligible_from,
        )
    return ReactiveEligibility(
        False,
        f"assessed LOW only since {format_date(since)}: reactive management needs {rule}, "
        f"so not before {format_date(eligible_from)}",
        since,
        eligible_from,
    )


# --- shared checks ------------------------------------------------------------------------------


def _assessments(session: Session, offender: Offender) -> list[tuple[date, RiskLevel]]:
    rows = session.exec(
        select(RiskAssessment.assessed_on, RiskAssessment.level)
        .where(RiskAssessment.offender_id == offender.id)
        .order_by(RiskAssessment.assessed_on, RiskAssessment.id)
    ).all()
    return [(day, RiskLevel(level)) for day, level in rows]


def _decisions(session: Session, offender: Offender) -> list[VisitPlanDecision]:
    return list(
        session.exec(
            select(VisitPlanDecision)
            .where(VisitPlanDecision.offender_id == offender.id)
            .order_by(VisitPlanDecision.effective_from, VisitPlanDecision.id)
        ).all()
    )


def _central_ids(session: Session) -> list[int]:
    return [b.id for b in session.exec(select(Borough).where(Borough.is_central)).all() if b.id]


def may_authorise(officer: Officer) -> bool:
    return officer.team_role in _AUTHORISING_ROLES or RANK_SENIORITY[Rank(officer.rank)] >= (
        _SERGEANT
    )


def _authoriser(
    session: Session,
    actor: Actor,
    offender: Offender,
    warrant: str,
    problems: list[Problem],
) -> Officer | None:
    warrant = warrant.strip()
    if not warrant:
        if actor.role != Role.supervisor:
            problems.append(
                Problem(
                    "",
                    "authorised_by_warrant",
                    "name the supervisor who authorised this decision",
                )
            )
            return None
        officer = session.get(Officer, actor.officer_id) if actor.officer_id else None
        if officer is None:
            problems.append(
                Problem(
                    "",
                    "authorised_by_warrant",
                    "your account has no officer record: name the authorising supervisor",
                )
            )
        return officer
    officer = session.exec(select(Officer).where(Officer.warrant_number == warrant)).first()
    if officer is None:
        problems.append(
            Problem("", "authorised_by_warrant", f"no officer with warrant {warrant!r}")
        )
        return None
    name = officer_name(officer)
    if not officer.active:
        problems.append(Problem("", "authorised_by_warrant", f"{name} is no longer active"))
    elif not may_authorise(officer):
        problems.append(
            Problem(
                "",
                "authorised_by_warrant",
                f"{name} is not a supervisor: a decision needs a supervisor (sergeant or above)",
            )
        )
    elif officer.borough_id not in (offender.borough_id, *_central_ids(session)):
        problems.append(
            Problem("", "authorised_by_warrant", f"{name} works outside {offender.ref}'s borough")
        )
    elif actor.role != Role.supervisor and officer.id == actor.officer_id:
        problems.append(
            Problem(
                "",
                "authorised_by_warrant",
                "you may not authorise your own decision: name your supervisor",
            )
        )
    return officer


def _check_plan(
    session: Session,
    actor: Actor,
    offender: Offender,
    value: VisitPlanInput,
    policy: Policy,
    previous: VisitPlanDecision | None,
    following: VisitPlanDecision | None,
) -> tuple[list[Problem], Officer | None]:
    """Every problem with a decision placed between `previous` and `following` (its neighbours
    in the offender's history; a new decision has no following one)."""
    problems: list[Problem] = []
    kind = PlanKind(value.kind) if value.kind else None
    if kind is None:
        problems.append(Problem("", "kind", "choose the decision"))
    on = value.effective_from
    today = london_today()
    if on is None:
        problems.append(Problem("", "effective_from", "the date it takes effect is required"))
    elif on > today:
        problems.append(
            Problem("", "effective_from", f"{format_date(on)} is in the future: record it then")
        )
    elif previous is not None and on < previous.effective_from:
        problems.append(
            Problem(
                "",
                "effective_from",
                f"is before the decision of {format_date(previous.effective_from)} "
                "(decisions are kept in order)",
            )
        )
    elif following is not None and on > following.effective_from:
        problems.append(
            Problem(
                "",
                "effective_from",
                f"is after the next decision, of {format_date(following.effective_from)}",
            )
        )

    interval = value.interval_days
    low_tariff = policy.visit_interval_low_days
    if kind == PlanKind.individual_frequency:
        if interval is None:
            problems.append(Problem("", "interval_days", "give the interval in days"))
        elif interval < 1:
            problems.append(Problem("", "interval_days", "must be at least 1 day"))
        elif interval > low_tariff:
            problems.append(
                Problem(
                    "",
                    "interval_days",
                    f"{interval} days is longer than the LOW tariff ({low_tariff} days, policy "
                    f"v{policy.version}): consider reactive management",
                )
            )
    elif kind is not None and interval is not None:
        problems.append(
            Problem("", "interval_days", "only an individual frequency has an interval")
        )

    if kind == PlanKind.reactive_management and on is not None:
        eligibility = reactive_eligibility(_assessments(session, offender), on, policy)
        if not eligibility.eligible:
            problems.append(Problem("", "kind", eligibility.explanation))
    if kind == PlanKind.tariff and (previous is None or previous.kind == PlanKind.tariff):
        problems.append(Problem("", "kind", f"{offender.ref} is already visited at the tariff"))
    if (
        kind is not None
        and kind != PlanKind.tariff
        and previous is not None
        and previous.kind == kind
        and previous.interval_days == interval
    ):
        problems.append(
            Problem(
                "",
                "kind",
                f"is the decision already in force since {format_date(previous.effective_from)}",
            )
        )

    if len(value.reason.strip()) < MIN_REASON_LENGTH:
        problems.append(
            Problem("", "reason", "say why (it is kept with the decision and read at reviews)")
        )
    authoriser = _authoriser(session, actor, offender, value.authorised_by_warrant, problems)
    return problems, authoriser


def _describe(kind: PlanKind, interval: int | None) -> str:
    if kind == PlanKind.individual_frequency:
        return f"individual frequency, every {interval} days"
    return _KIND_WORDS[kind]


# --- recording ----------------------------------------------------------------------------------


def record_visit_plan(
    session: Session,
    actor: Actor,
    ref: str,
    value: VisitPlanInput,
    *,
    policy: Policy | None = None,
) -> int:
    """Record a visit-plan decision (see the module docstring). The decision in force ends the
    day this one takes effect. Returns the new decision's id."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    policy = policy if policy is not None else current_policy(session)
    history = _decisions(session, offender)
    previous = history[-1] if history else None
    problems, authoriser = _check_plan(session, actor, offender, value, policy, previous, None)
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert value.kind is not None and value.effective_from is not None and authoriser is not None
    kind = PlanKind(value.kind)
    if previous is not None and (
        previous.ended_on is None or previous.ended_on > value.effective_from
    ):
        previous.ended_on = value.effective_from
        session.add(previous)
    row = VisitPlanDecision(
        offender_id=offender.id,
        kind=kind,
        interval_days=value.interval_days if kind == PlanKind.individual_frequency else None,
        effective_from=value.effective_from,
        authorised_by_officer_id=authoriser.id,
        reason=value.reason.strip(),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "visit_plan",
        f"recorded a visit-plan decision for {offender.ref} from "
        f"{format_date(value.effective_from)}: {_describe(kind, row.interval_days)}, authorised "
        f"by {officer_name(authoriser)}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def _decision_and_offender(
    session: Session, actor: Actor, decision_id: int
) -> tuple[VisitPlanDecision, Offender]:
    return entry_of_offender(
        session, actor, Action.edit_record, VisitPlanDecision, decision_id, "visit-plan decision"
    )


def visit_plan_values(session: Session, actor: Actor, decision_id: int) -> VisitPlanInput:
    """A decision's values, for correcting it."""
    row, _offender = _decision_and_offender(session, actor, decision_id)
    authoriser = session.get(Officer, row.authorised_by_officer_id)
    return VisitPlanInput(
        kind=PlanKind(row.kind),
        effective_from=row.effective_from,
        interval_days=row.interval_days,
        reason=row.reason,
        authorised_by_warrant=authoriser.warrant_number if authoriser else "",
    )


def correct_visit_plan(
    session: Session,
    actor: Actor,
    decision_id: int,
    value: VisitPlanInput,
    reason: str,
    *,
    policy: Policy | None = None,
) -> int | None:
    """Correct a recorded decision with the same checks as a new one, keeping the old values
    (and, if its start moves, the previous decision's end moves with it, also kept). Returns
    the revision id, or None when nothing changed. A correction names its authoriser
    explicitly (blank keeps the recorded one)."""
    row, offender = _decision_and_offender(session, actor, decision_id)
    policy = policy if policy is not None else current_policy(session)
    history = _decisions(session, offender)
    at = next(i for i, d in enumerate(history) if d.id == row.id)
    previous = history[at - 1] if at > 0 else None
    following = history[at + 1] if at + 1 < len(history) else None
    if not value.authorised_by_warrant.strip():
        recorded = session.get(Officer, row.authorised_by_officer_id)
        value = VisitPlanInput(
            kind=value.kind,
            effective_from=value.effective_from,
            interval_days=value.interval_days,
            reason=value.reason,
            authorised_by_warrant=recorded.warrant_number if recorded else "",
        )
    problems, authoriser = _check_plan(session, actor, offender, value, policy, previous, following)
    problems += reason_problems(reason)
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    assert value.kind is not None and value.effective_from is not None and authoriser is not None
    kind = PlanKind(value.kind)
    described = f"visit-plan decision of {offender.ref} from {format_date(row.effective_from)}"
    if previous is not None and previous.ended_on == row.effective_from:
        apply_correction(
            session,
            actor,
            previous,
            {"ended_on": value.effective_from},
            reason,
            object_type="visit_plan",
            offender=offender,
            described=(
                f"visit-plan decision of {offender.ref} from {format_date(previous.effective_from)}"
            ),
        )
    return apply_correction(
        session,
        actor,
        row,
        {
            "kind": kind,
            "interval_days": value.interval_days if kind == PlanKind.individual_frequency else None,
            "effective_from": value.effective_from,
            "authorised_by_officer_id": authoriser.id,
            "reason": value.reason.strip(),
        },
        reason,
        object_type="visit_plan",
        offender=offender,
        described=described,
    )


# --- what the form needs ------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthoriserChoice:
    warrant: str
    name: str


@dataclass(frozen=True)
class VisitPlanFormData:
    ref: str
    name: str
    # The decision in force today, in words ("the tariff" when none departs from it).
    in_force: str
    current_risk: RiskLevel | None
    reactive: ReactiveEligibility
    low_tariff_days: int
    policy_version: int
    authorisers: tuple[AuthoriserChoice, ...]
    # The actor authorises by default (a supervisor with an officer record).
    self_authorises: bool
    my_warrant: str | None


def visit_plan_form_data(session: Session, actor: Actor, ref: str) -> VisitPlanFormData:
    """What the decision form shows before anything is typed: the decision in force, whether
    reactive management is open today and why, and who may authorise."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    policy = current_policy(session)
    today = london_today()
    assessments = _assessments(session, offender)
    in_force = next(
        (
            d
            for d in reversed(_decisions(session, offender))
            if d.effective_from <= today and (d.ended_on is None or d.ended_on > today)
        ),
        None,
    )
    if in_force is None or in_force.kind == PlanKind.tariff:
        words = f"the tariff (policy v{policy.version})"
    else:
        words = (
            f"{_describe(PlanKind(in_force.kind), in_force.interval_days)}, since "
            f"{format_date(in_force.effective_from)}"
        )
    officers = session.exec(
        select(Officer)
        .where(
            Officer.active.is_(True),  # type: ignore[attr-defined]
            Officer.borough_id.in_([offender.borough_id, *_central_ids(session)]),  # type: ignore[attr-defined]
            sa.or_(
                Officer.team_role.in_(_AUTHORISING_ROLES),  # type: ignore[attr-defined]
                Officer.rank.in_([r for r, n in RANK_SENIORITY.items() if n >= _SERGEANT]),  # type: ignore[attr-defined]
            ),
        )
        .order_by(Officer.surname, Officer.forenames, Officer.warrant_number)
    ).all()
    me = session.get(Officer, actor.officer_id) if actor.officer_id else None
    return VisitPlanFormData(
        ref=offender.ref,
        name=f"{offender.surname.upper()}, {offender.forenames}",
        in_force=words,
        current_risk=assessments[-1][1] if assessments else None,
        reactive=reactive_eligibility(assessments, today, policy),
        low_tariff_days=policy.visit_interval_low_days,
        policy_version=policy.version,
        authorisers=tuple(
            AuthoriserChoice(o.warrant_number, officer_list_name(o)) for o in officers
        ),
        self_authorises=actor.role == Role.supervisor and me is not None,
        my_warrant=me.warrant_number if me else None,
    )
