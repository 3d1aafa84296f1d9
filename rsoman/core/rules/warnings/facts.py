"""What the warning rules read: plain, frozen snapshots of the record, loaded in bulk by the scan.

The rules never touch the database. Everything a rule needs is here, so a rule can be tested
with a few lines of data and a scenario can be explained from its inputs alone.

The scan's loader may leave out history that no rule reads on the scan's day (noted on the
fields below); the rules give the same findings with the whole history, and tests may pass it.

A record's rows are named tuples, immutable like the frozen dataclasses around them and built at
C speed from the database's rows: a London scan builds half a million of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ...store.enums import (
    Agency,
    BreachAction,
    ChangeType,
    Disposal,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    PlanKind,
    Rank,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)


class VisitFact(NamedTuple):
    """A recorded visit (planned-only visits are not facts about contact)."""

    on: date  # London date of occurred_at
    kind: VisitKind
    outcome: VisitOutcome | None
    # False when the visit names an address that was not the offender's home that day
    # (visit.at_home): then even a successful home visit does not count.
    at_home: bool = True


class PlannedVisitFact(NamedTuple):
    planned_for: date


class NotificationFact(NamedTuple):
    kind: NotificationKind
    notified_on: date
    event_on: date | None = None
    change_type: ChangeType | None = None
    travel_departure_on: date | None = None
    travel_short_notice_reason: str | None = None


class RiskAssessmentFact(NamedTuple):
    assessed_on: date
    level: RiskLevel
    next_review_on: date | None = None


class PlanFact(NamedTuple):
    kind: PlanKind
    effective_from: date
    interval_days: int | None = None
    ended_on: date | None = None


class AddressFact(NamedTuple):
    """A home (or no-fixed-abode) address period."""

    valid_from: date
    valid_to: date | None
    no_fixed_abode: bool
    borough_id: int | None = None


class BreachFact(NamedTuple):
    breach_id: int
    found_on: date
    occurred_on: date | None = None
    action: BreachAction | None = None
    action_on: date | None = None


class IntelligenceFact(NamedTuple):
    received_on: date
    is_concern: bool


class OrderFact(NamedTuple):
    order_id: int
    kind: OrderKind
    made_on: date
    starts_on: date
    ends_on: date | None
    status: OrderStatus


@dataclass(frozen=True)
class RegistrationFact:
    conviction_date: date
    disposal: Disposal
    sentence_months: int | None
    age_at_conviction: int
    first_notification_date: date | None
    release_date: date | None


class MappaCaseFact(NamedTuple):
    """A MAPPA meeting at which this offender was discussed."""

    meeting_ref: str
    level: int
    held_on: date
    held: bool  # status == held (planned and cancelled meetings do not count as reviews)
    next_review_on: date | None = None


@dataclass(frozen=True)
class OffenderFacts:
    offender_id: int
    ref: str
    status: OffenderStatus
    borough_id: int
    manager_officer_id: int | None  # current offender manager (None: unassigned)
    mappa_category: int | None
    mappa_level: int | None
    registration: RegistrationFact | None  # the latest registration
    # Date the offender came under this borough's management (a transfer in), if known.
    arrived_in_borough_on: date | None = None
    # London date the offender was first recorded: the schedule's start when no registration is
    # recorded (as the caseload view does).
    recorded_on: date | None = None
    # Oldest first. The scan loads only the latest on or before its day (all of that day's).
    risk_assessments: tuple[RiskAssessmentFact, ...] = ()
    plans: tuple[PlanFact, ...] = ()  # oldest first
    # Recorded only, oldest first. The scan loads them from the last successful home visit on
    # or before its day onwards (the schedule, failed attempts and station attendances all
    # count from it).
    visits: tuple[VisitFact, ...] = ()
    planned_visits: tuple[PlannedVisitFact, ...] = ()
    # Oldest first. The scan loads those restarting the yearly clock on the latest such day up
    # to its day and on the first such day after the latest registration's release, and foreign
    # travel.
    notifications: tuple[NotificationFact, ...] = ()
    homes: tuple[AddressFact, ...] = ()  # home / no-fixed-abode periods, oldest first
    breaches: tuple[BreachFact, ...] = ()
    intelligence: tuple[IntelligenceFact, ...] = ()  # the scan loads concern reports only
    orders: tuple[OrderFact, ...] = ()
    mappa_cases: tuple[MappaCaseFact, ...] = ()  # oldest first


@dataclass(frozen=True)
class OfficerFacts:
    officer_id: int
    warrant_number: str
    name: str
    borough_id: int
    capacity: int | None  # None: the policy default
    active_caseload: int


class AttendeeFact(NamedTuple):
    agency: Agency
    attended: bool
    rank: Rank | None = None


@dataclass(frozen=True)
class MeetingFacts:
    meeting_id: int
    ref: str
    borough_id: int
    level: int
    held_on: date
    held: bool
    attendees: tuple[AttendeeFact, ...] = ()
    children_at_risk: bool = False  # any case discussed has children at risk
    offender_refs: tuple[str, ...] = field(default=())
    # The day by which every case discussed had been discussed again at a held meeting on a
    # later day (None: some case has not been): from then on this meeting's attendance is
    # history, not the current management of any case.
    superseded_on: date | None = None
