"""When the next home visit is due (the first brick of the warning engine).

Only a *successful home visit* (offender seen, at the notified home address, access given)
satisfies the schedule; a no reply, a refusal, a sighting elsewhere or a station attendance does
not. Next due = last successful home visit + interval, where the interval is an authorised
individual plan frequency if there is one, otherwise the tariff for the current risk level. With
no successful visit since the schedule started (registration, first notification after release,
arrival in the borough), the first-visit deadline applies instead. Under reactive management
there are no routine visits, so nothing is due.

An offender with no risk assessment yet is visited at the very-high interval until one is made:
an unassessed risk must not mean a long gap (and the missing assessment is itself a warning).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ..store.enums import PlanKind, RiskLevel, VisitKind, VisitOutcome
from .dates import format_date
from .policy import Policy

_RISK_WORDS = {
    RiskLevel.very_high: "VERY HIGH",
    RiskLevel.high: "HIGH",
    RiskLevel.medium: "MEDIUM",
    RiskLevel.low: "LOW",
}


def risk_words(level: RiskLevel) -> str:
    """A risk level as officers write it: "VERY HIGH"."""
    return _RISK_WORDS[RiskLevel(level)]


def is_successful_home_visit(kind: VisitKind | str, outcome: VisitOutcome | str | None) -> bool:
    """The one test, used everywhere, of whether a visit satisfies the home-visit schedule."""
    return kind == VisitKind.home_visit and outcome == VisitOutcome.successful


@dataclass(frozen=True)
class PlanDecision:
    """The visit-plan decision in force: an individual frequency, reactive management, or the
    tariff."""

    kind: PlanKind
    interval_days: int | None = None

    def __post_init__(self) -> None:
        if self.kind == PlanKind.individual_frequency and (
            self.interval_days is None or self.interval_days <= 0
        ):
            raise ValueError("an individual plan frequency needs a positive interval in days")


@dataclass(frozen=True)
class VisitDue:
    due_on: date
    interval_days: int
    # How the date was reached: "last successful home visit 14 Dec 2025 + 91 days, policy v1,
    # risk HIGH".
    basis: str
    # The sentence to show: "due 15 Mar 2026: <basis>".
    explanation: str

    def is_overdue(self, on: date) -> bool:
        """Overdue from the day after the due date: a visit on the due date is on time."""
        return on > self.due_on

    def days_overdue(self, on: date) -> int:
        return max(0, (on - self.due_on).days)

    def is_due_soon(self, on: date, policy: Policy) -> bool:
        """Due within the policy's warning window (and not yet overdue)."""
        return not self.is_overdue(on) and (self.due_on - on).days <= (
            policy.home_visit_due_soon_days
        )


def visit_interval(
    risk_level: RiskLevel | None, plan: PlanDecision | None, policy: Policy
) -> tuple[int, str]:
    """The routine interval and the words naming where it came from (not for reactive plans)."""
    if plan is not None and plan.kind == PlanKind.individual_frequency:
        assert plan.interval_days is not None
        return plan.interval_days, f"individual plan frequency, policy v{policy.version}"
    if risk_level is None:
        return (
            policy.visit_interval_days(RiskLevel.very_high),
            f"policy v{policy.version}, risk not yet assessed (very high interval applies)",
        )
    return (
        policy.visit_interval_days(risk_level),
        f"policy v{policy.version}, risk {risk_words(risk_level)}",
    )


def next_home_visit_due(
    *,
    registered_on: date,
    risk_level: RiskLevel | None,
    last_successful_home_visit: date | None,
    plan: PlanDecision | None,
    policy: Policy,
) -> VisitDue | None:
    """The date the next home visit is due, or None under reactive management.

    `registered_on` is the date the schedule (re)started: registration, the first notification
    after release, or arrival in the borough. A successful visit before it does not count: the
    first-visit deadline runs from it.
    """
    if plan is not None and plan.kind == PlanKind.reactive_management:
        return None
    if last_successful_home_visit is None or last_successful_home_visit < registered_on:
        days = policy.first_home_visit_days
        due_on = registered_on + timedelta(days=days)
        basis = (
            f"first home visit within {days} days of {format_date(registered_on)}, "
            f"policy v{policy.version}"
        )
    else:
        days, source = visit_interval(risk_level, plan, policy)
        due_on = last_successful_home_visit + timedelta(days=days)
        basis = (
            f"last successful home visit {format_date(last_successful_home_visit)} "
            f"+ {days} days, {source}"
        )
    return VisitDue(
        due_on=due_on,
        interval_days=days,
        basis=basis,
        explanation=f"due {format_date(due_on)}: {basis}",
    )
