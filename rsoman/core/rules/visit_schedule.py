"""When the next home visit is due (the first brick of the warning engine).

Only a *successful home visit* (offender seen, at the notified home address, access given)
satisfies the schedule; a no reply, a refusal, a sighting elsewhere, a station attendance, or a
"successful" visit at an address that was not the home on the day does not. Next due = last
successful home visit + interval, where the interval is an authorised individual plan frequency
if there is one, otherwise the tariff for the current risk level. With no successful visit since
the schedule started (registration, first notification after release, arrival in the borough),
the first-visit deadline applies instead. Under reactive management there are no routine
visits, so nothing is due.

An offender with no risk assessment yet is visited at the very-high interval until one is made:
an unassessed risk must not mean a long gap (and the missing assessment is itself a warning).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..store.enums import AddressKind, PlanKind, RiskLevel, VisitKind, VisitOutcome
from .dates import days_span, format_date
from .policy import Policy

# Enum members read once: `PlanKind.reactive_management` goes through the enum class's
# attribute lookup each time, and a London scan asks for every offender.
_REACTIVE = PlanKind.reactive_management
_INDIVIDUAL = PlanKind.individual_frequency
_VERY_HIGH = RiskLevel.very_high

_RISK_WORDS = {
    RiskLevel.very_high: "VERY HIGH",
    RiskLevel.high: "HIGH",
    RiskLevel.medium: "MEDIUM",
    RiskLevel.low: "LOW",
}


def risk_words(level: RiskLevel) -> str:
    """A risk level as officers write it: "VERY HIGH"."""
    return _RISK_WORDS[RiskLevel(level)]


def is_successful_home_visit(
    kind: VisitKind | str, outcome: VisitOutcome | str | None, at_home: bool = True
) -> bool:
    """The one test, used everywhere, of whether a visit satisfies the home-visit schedule.
    `at_home` is false when the visit names an address that was not the offender's home on its
    day (`was_home_on`): a visit there, however successful, was not a home visit."""
    return kind == VisitKind.home_visit and outcome == VisitOutcome.successful and bool(at_home)


HOME_KINDS = (AddressKind.home, AddressKind.no_fixed_abode)


def was_home_on(
    kind: AddressKind | str, valid_from: date, valid_to: date | None, day: date
) -> bool:
    """Whether an address was the offender's home (or no-fixed-abode) address on `day`: its
    valid_from and valid_to are its first and last days."""
    return kind in HOME_KINDS and valid_from <= day and (valid_to is None or day <= valid_to)


def arrival_in_borough(
    assignments: Sequence[tuple[date, int | None]], borough_id: int | None
) -> date | None:
    """When the offender came under `borough_id`'s management by a transfer: the start of the
    latest run of assignments to that borough's officers, when an earlier assignment was to an
    officer elsewhere (None: never transferred in, or not managed there now).

    `assignments` are (start date, the officer's borough), oldest first (start date, then id).
    """
    run_start: date | None = None
    for start, officer_borough in reversed(assignments):
        if officer_borough is not None and officer_borough == borough_id:
            run_start = start
            continue
        return run_start
    return None


def schedule_start_on(starts: Sequence[date], day: date) -> date | None:
    """The day the schedule (re)started as it stood on `day`: the latest of the candidate
    starts (first notification, release, arrival in the borough, ...) that had happened."""
    started = [d for d in starts if d <= day]
    return max(started) if started else None


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
    # What the interval counts from: the schedule start (the first visit) or the last
    # successful home visit.
    counted_from: date
    first_visit: bool
    # Where the interval came from, for the words: the risk level in force (None: not yet
    # assessed) and whether an individual plan frequency set it.
    risk_level: RiskLevel | None
    individual_plan: bool
    policy_version: int

    # The words are built only when read: a London scan works out a due date for every
    # offender but explains only those that become warnings.
    @property
    def basis(self) -> str:
        """How the date was reached: "last successful home visit 14 Dec 2025 + 91 days,
        policy v1, risk HIGH"."""
        if self.first_visit:
            return (
                f"first home visit within {self.interval_days} days of "
                f"{format_date(self.counted_from)}, policy v{self.policy_version}"
            )
        return (
            f"last successful home visit {format_date(self.counted_from)} "
            f"+ {self.interval_days} days, "
            f"{interval_words(self.risk_level, self.individual_plan, self.policy_version)}"
        )

    @property
    def explanation(self) -> str:
        """The sentence to show: "due 15 Mar 2026: <basis>"."""
        return f"due {format_date(self.due_on)}: {self.basis}"

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


def interval_words(risk_level: RiskLevel | None, individual_plan: bool, policy_version: int) -> str:
    """Where a routine interval came from, in words."""
    if individual_plan:
        return f"individual plan frequency, policy v{policy_version}"
    if risk_level is None:
        return f"policy v{policy_version}, risk not yet assessed (very high interval applies)"
    return f"policy v{policy_version}, risk {risk_words(risk_level)}"


def visit_interval(
    risk_level: RiskLevel | None, plan: PlanDecision | None, policy: Policy
) -> tuple[int, str]:
    """The routine interval and the words naming where it came from (not for reactive plans)."""
    individual = plan is not None and plan.kind == PlanKind.individual_frequency
    return _interval_days(risk_level, plan, policy), interval_words(
        risk_level, individual, policy.version
    )


def _interval_days(risk_level: RiskLevel | None, plan: PlanDecision | None, policy: Policy) -> int:
    if plan is not None and plan.kind == _INDIVIDUAL:
        assert plan.interval_days is not None
        return plan.interval_days
    return policy.visit_interval_days(_VERY_HIGH if risk_level is None else risk_level)


def home_visit_counted_from(
    registered_on: date,
    risk_level: RiskLevel | None,
    last_successful_home_visit: date | None,
    plan: PlanDecision | None,
    policy: Policy,
) -> tuple[date, int] | None:
    """The arithmetic of `next_home_visit_due` without its words: the date the interval counts
    from and the interval in days (None under reactive management). A scan works this out for
    every offender and needs the words only for those that become warnings."""
    if plan is not None and plan.kind == _REACTIVE:
        return None
    if last_successful_home_visit is None or last_successful_home_visit < registered_on:
        return registered_on, policy.first_home_visit_days
    return last_successful_home_visit, _interval_days(risk_level, plan, policy)


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
    counted = home_visit_counted_from(
        registered_on, risk_level, last_successful_home_visit, plan, policy
    )
    if counted is None:
        return None
    counted_from, days = counted
    return VisitDue(
        due_on=counted_from + days_span(days),
        interval_days=days,
        counted_from=counted_from,
        first_visit=last_successful_home_visit is None
        or last_successful_home_visit < registered_on,
        risk_level=risk_level,
        individual_plan=plan is not None and plan.kind == _INDIVIDUAL,
        policy_version=policy.version,
    )
