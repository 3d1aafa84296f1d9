"""Warning rules for one offender: visits, notifications, risk, breaches, intelligence, orders,
the notification period, allocation and MAPPA reviews.

Each rule reads only the facts dated on or before `as_of` (so a scan "as of" a past date sees
the record as it stood then) and returns findings that carry their arithmetic in words. Only an
`active` offender gets warnings, except `breach_action_overdue`: a breach awaiting action stays
a warning whatever has happened to the offender since. See docs/warnings.md for every choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from operator import attrgetter
from typing import TypeVar

from ...store.enums import (
    NO_ACCESS_OUTCOMES,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)
from ..dates import days_span
from ..notification_period import (
    NotificationPeriod,
    PeriodDates,
    notification_period,
    notification_period_dates,
)
from ..policy import Policy
from ..visit_schedule import (
    PlanDecision,
    home_visit_counted_from,
    is_successful_home_visit,
    next_home_visit_due,
    risk_words,
)
from .common import Horizon, days, fd, finding, is_due_soon, is_overdue, policy_words, when
from .facts import AddressFact, OffenderFacts, PlanFact, RiskAssessmentFact
from .findings import Finding, Severity

# Sexual Offences Act 2003 s.96B: a warrant may be sought once entry has been refused or not
# gained on more than one occasion. Statute, not force policy, so it is not in `Policy`.
NO_ACCESS_RUN = 2

# Notifications that restart the yearly clock (s.85 counts from the last notification under
# s.83 initial, s.84 change or s.85 periodic; a weekly no-fixed-abode one is the periodic
# notification of someone with no home). Travel and household notices do not restart it.
CLOCK_RESTARTING = frozenset(
    {
        NotificationKind.initial,
        NotificationKind.change,
        NotificationKind.periodic,
        NotificationKind.weekly_nfa,
    }
)

# An order in force for the "not while an SHPO is in force" test of indefinite reviews.
SHPO_KINDS = frozenset({OrderKind.shpo, OrderKind.interim_shpo})
IN_FORCE_STATUSES = frozenset({OrderStatus.active, OrderStatus.varied})

# Enum members read once: `VisitKind.home_visit` goes through the enum class's attribute lookup
# (about 0.1 µs) each time, and a London scan compares hundreds of thousands of facts.
_ACTIVE = OffenderStatus.active
_HOME_VISIT = VisitKind.home_visit
_STATION = VisitKind.station_attendance
_SUCCESSFUL = VisitOutcome.successful
_CANCELLED = VisitOutcome.cancelled
_FOREIGN_TRAVEL = NotificationKind.foreign_travel
_WEEKLY_NFA = NotificationKind.weekly_nfa
_INITIAL = NotificationKind.initial
_VERY_HIGH = RiskLevel.very_high
_ORDER_ACTIVE = OrderStatus.active
_URGENT, _WARNING, _INFO = Severity.urgent, Severity.warning, Severity.info

# The clock-restarting kinds in words (keys are the members, so their plain values find them).
_CLOCK_WORDS = {kind: kind.value for kind in CLOCK_RESTARTING} | {_WEEKLY_NFA: "weekly"}

_OUTCOME_WORDS = {
    VisitOutcome.no_reply: "no reply",
    VisitOutcome.refused_entry: "refused entry",
}

_ORDER_WORDS = {
    OrderKind.shpo: "SHPO",
    OrderKind.interim_shpo: "Interim SHPO",
    OrderKind.sro: "SRO",
    OrderKind.interim_sro: "Interim SRO",
    OrderKind.notification_order: "Notification order",
}

T = TypeVar("T")


def _found(
    facts: OffenderFacts,
    as_of: date,
    policy: Policy,
    kind: str,
    severity: Severity,
    anchor: str,
    due_on: date | None,
    explanation: str,
) -> Finding:
    """A finding about this offender (built only once a rule has found something: most
    offenders have none, and the scan evaluates every one of them)."""
    return finding(
        kind=kind,
        severity=severity,
        subject_type="offender",
        subject_id=facts.offender_id,
        subject_ref=facts.ref,
        anchor=anchor,
        due_on=due_on,
        as_of=as_of,
        explanation=explanation,
        policy=policy,
    )


# --- the record as it stood on as_of ---------------------------------------------------------


def latest(items: list[T], day: Callable[[T], date]) -> T | None:
    """The item with the latest date; on a tie the later-listed one (facts are listed in the
    order they were recorded, so the later record is the newer word)."""
    return max(reversed(items), key=day) if items else None


# The three below are `latest` over the items live on as_of, written as one pass (`>=` keeps
# the later-listed on a tie): every rule that reads them runs for every offender.


def current_risk(facts: OffenderFacts, as_of: date) -> RiskAssessmentFact | None:
    """The latest assessment made on or before as_of."""
    found = None
    for a in facts.risk_assessments:
        if a.assessed_on <= as_of and (found is None or a.assessed_on >= found.assessed_on):
            found = a
    return found


def current_plan(facts: OffenderFacts, as_of: date) -> PlanFact | None:
    """The visit-plan decision in force on as_of (an end date is the first day it is not)."""
    found = None
    for p in facts.plans:
        if (
            p.effective_from <= as_of
            and (p.ended_on is None or p.ended_on > as_of)
            and (found is None or p.effective_from >= found.effective_from)
        ):
            found = p
    return found


def current_home(facts: OffenderFacts, as_of: date) -> AddressFact | None:
    found = None
    for h in facts.homes:
        if (
            h.valid_from <= as_of
            and (h.valid_to is None or h.valid_to >= as_of)
            and (found is None or h.valid_from >= found.valid_from)
        ):
            found = h
    return found


def schedule_start(facts: OffenderFacts, as_of: date) -> tuple[date, str] | None:
    """When the home-visit schedule (re)started, and why: the latest of the first notification,
    release and arrival in the borough that had happened by as_of. Without a first notification
    or release the conviction date stands in (as in the caseload view); without a registration,
    the date the offender was recorded."""
    reg = facts.registration
    if reg is None:
        candidates = ((facts.recorded_on, "record created"),)
    elif reg.first_notification_date is None and reg.release_date is None:
        candidates = ((reg.conviction_date, "conviction"),)
    else:
        candidates = (
            (reg.first_notification_date, "first notification"),
            (reg.release_date, "release"),
        )
    # The latest that had happened; on a tie the first listed.
    start: tuple[date, str] | None = None
    for on, why in (*candidates, (facts.arrived_in_borough_on, "arrival in the borough")):
        if on is not None and on <= as_of and (start is None or on > start[0]):
            start = (on, why)
    return start


def registered_on(facts: OffenderFacts) -> date | None:
    """The registration date for the first risk assessment: the first notification, else the
    release, else the conviction; without a registration, the date the record was created."""
    reg = facts.registration
    if reg is None:
        return facts.recorded_on
    return reg.first_notification_date or reg.release_date or reg.conviction_date


def _plan_decision(plan: PlanFact | None) -> PlanDecision | None:
    if plan is None:
        return None
    try:
        return PlanDecision(plan.kind, plan.interval_days)
    except ValueError:
        # An individual frequency with no usable interval: the tariff applies until corrected.
        return None


# --- home visits -----------------------------------------------------------------------------


def _not_counting(facts: OffenderFacts, after: date, as_of: date, lead: str) -> str:
    """Contacts since `after` that did not satisfy the schedule, in words (or "")."""
    failed = station = elsewhere = 0
    for v in facts.visits:
        if after <= v.on <= as_of and not is_successful_home_visit(v.kind, v.outcome, v.at_home):
            if v.kind == _HOME_VISIT and v.outcome == _SUCCESSFUL:
                elsewhere += 1
            elif v.kind == _HOME_VISIT and v.outcome != _CANCELLED:
                failed += 1
            elif v.kind == _STATION:
                station += 1
    parts = []
    if failed:
        parts.append(f"{failed} home visit{'s' if failed > 1 else ''} without success")
    if elsewhere:
        parts.append(
            f"{elsewhere} visit{'s' if elsewhere > 1 else ''} at an address that was not the home"
        )
    if station:
        parts.append(f"{station} station attendance{'s' if station > 1 else ''}")
    if not parts:
        return ""
    verb = "does" if failed + elsewhere + station == 1 else "do"
    return f" {lead}: {' and '.join(parts)}, which {verb} not count."


def home_visit_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    start = schedule_start(facts, as_of)
    if start is None:
        return []
    start_on, start_why = start
    risk = current_risk(facts, as_of)
    level = None if risk is None else risk.level
    last: date | None = None
    for v in facts.visits:  # is_successful_home_visit, inlined: the scan's hottest loop
        if v.kind == _HOME_VISIT and v.outcome == _SUCCESSFUL and v.at_home:
            if v.on <= as_of and (last is None or v.on > last):
                last = v.on
    plan = _plan_decision(current_plan(facts, as_of))
    # next_home_visit_due's arithmetic; its words are built only for a finding.
    counted = home_visit_counted_from(start_on, level, last, plan, policy)
    if counted is None:  # reactive management: no routine visits
        return []
    counted_from, interval = counted
    due_on = counted_from + days_span(interval)
    left = (due_on - as_of).days  # negative: overdue
    if last is None or last < start_on:
        if left >= 0:
            horizon.at(due_on + days_span(1))  # overdue from the day after
            return []
        return [
            _found(
                facts,
                as_of,
                policy,
                "first_home_visit_overdue",
                _URGENT,
                start_on.isoformat(),
                due_on,
                f"First home visit overdue by {days(-left)}: due {fd(due_on)} = "
                f"{start_why} {fd(start_on)} + {interval} days, "
                f"{policy_words(policy)}; no successful home visit yet."
                + _not_counting(facts, start_on, as_of, "Since the start"),
            )
        ]
    if left > policy.home_visit_due_soon_days:
        horizon.at(due_on - days_span(policy.home_visit_due_soon_days))  # due soon from then
        return []
    due = next_home_visit_due(
        registered_on=start_on,
        risk_level=level,
        last_successful_home_visit=last,
        plan=plan,
        policy=policy,
    )
    assert due is not None
    if left < 0:
        urgent_risk = level is None or level == _VERY_HIGH
        return [
            _found(
                facts,
                as_of,
                policy,
                "home_visit_overdue",
                _URGENT if urgent_risk else _WARNING,
                last.isoformat(),
                due_on,
                f"Home visit overdue by {days(-left)}: due {fd(due_on)} = {due.basis}."
                + _not_counting(facts, last + days_span(1), as_of, "Since then"),
            )
        ]
    horizon.at(due_on + days_span(1))  # overdue from the day after
    return [
        _found(
            facts,
            as_of,
            policy,
            "home_visit_due_soon",
            _INFO,
            last.isoformat(),
            due_on,
            f"Home visit due {when(left)}: due {fd(due_on)} = {due.basis} "
            f"(warned {policy.home_visit_due_soon_days} days ahead).",
        )
    ]


_visit_day = attrgetter("on")


def no_access_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    """The latest home visits were all without access (no reply, refused entry), at least two
    in a row, with no successful one after them. Cancelled visits were not attempts: skipped."""
    if len(facts.visits) < NO_ACCESS_RUN:
        return []
    attempts = [
        v
        for v in facts.visits
        if v.kind == _HOME_VISIT
        and v.on <= as_of
        and v.outcome is not None
        and v.outcome != _CANCELLED
    ]
    if len(attempts) < NO_ACCESS_RUN:
        return []
    attempts.sort(key=_visit_day)
    run = []
    for v in reversed(attempts):
        if v.outcome not in NO_ACCESS_OUTCOMES:
            break
        run.append(v)
    if len(run) < NO_ACCESS_RUN:
        return []
    run.reverse()
    listed = ", ".join(f"{_OUTCOME_WORDS[VisitOutcome(v.outcome)]} {fd(v.on)}" for v in run)
    return [
        _found(
            facts,
            as_of,
            policy,
            "no_access_repeated",
            _WARNING,
            run[0].on.isoformat(),
            None,
            f"{len(run)} consecutive home visits without access ({listed}) and no successful "
            "home visit since: consider applying for a warrant to enter and search for a risk "
            f"assessment (Sexual Offences Act 2003 s.96B), {policy_words(policy)}.",
        )
    ]


# --- notifications ---------------------------------------------------------------------------


def last_clock_notification(facts: OffenderFacts, as_of: date) -> tuple[date, str] | None:
    """The latest notification that restarts the yearly clock, and its kind in words."""
    # The first listed of the latest day, as facts are listed in the order recorded.
    best: tuple[date, NotificationKind] | None = None
    for n in facts.notifications:
        if n.kind in CLOCK_RESTARTING and n.notified_on <= as_of:
            if best is None or n.notified_on > best[0]:
                best = (n.notified_on, n.kind)
    reg = facts.registration
    if reg is not None and reg.first_notification_date is not None:
        first = reg.first_notification_date
        if first <= as_of and (best is None or first > best[0]):
            best = (first, _INITIAL)
    if best is None:
        return None
    on, kind = best
    return on, _CLOCK_WORDS[kind]


def notification_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    """Periodic (yearly) re-notification, or weekly while of no fixed abode. Due soon is for
    the yearly clock only: a weekly clock would always be "due soon"."""
    last = last_clock_notification(facts, as_of)
    if last is None:
        return []
    last_on, last_kind = last
    home = current_home(facts, as_of)
    weekly = home is not None and home.no_fixed_abode
    if weekly:
        interval = policy.weekly_nfa_notification_days
    else:
        interval = policy.periodic_notification_days
    due_on = last_on + days_span(interval)
    left = (due_on - as_of).days  # negative: overdue
    if left >= 0 and (weekly or left > policy.notification_due_soon_days):
        if weekly:
            horizon.at(due_on + days_span(1))  # overdue from the day after
        else:
            horizon.at(due_on - days_span(policy.notification_due_soon_days))  # due soon then
        return []

    def basis() -> str:
        if weekly and home is not None:
            what = "weekly notification"
            why = f" (no fixed abode since {fd(home.valid_from)})"
        else:
            what, why = "periodic notification", ""
        return (
            f"{what} due {fd(due_on)} = last notification ({last_kind}, {fd(last_on)}) "
            f"+ {interval} days{why}, {policy_words(policy)}"
        )

    anchor = last_on.isoformat()
    if left < 0:
        return [
            _found(
                facts,
                as_of,
                policy,
                "notification_overdue",
                _URGENT,
                anchor,
                due_on,
                f"Notification overdue by {days(-left)}: {basis()}. Failing to notify without "
                "reasonable excuse is an offence (s.91): consider a breach.",
            )
        ]
    horizon.at(due_on + days_span(1))  # overdue from the day after
    return [
        _found(
            facts,
            as_of,
            policy,
            "notification_due_soon",
            _INFO,
            anchor,
            due_on,
            f"Notification due {when(left)}: {basis()} "
            f"(warned {policy.notification_due_soon_days} days ahead).",
        )
    ]


def travel_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    """Foreign travel notified less than the notice period before departure; shown for a while
    after it was notified (policy.travel_late_shown_days)."""
    out = []
    notice = policy.foreign_travel_notice_days
    for n in facts.notifications:
        departure = n.travel_departure_on
        if n.kind != _FOREIGN_TRAVEL or departure is None:
            continue
        # Listed for travel_late_shown_days days, the day notified being the first.
        gone_on = n.notified_on + days_span(policy.travel_late_shown_days)
        given = (departure - n.notified_on).days
        if not (n.notified_on <= as_of < gone_on) or given >= notice:
            continue
        horizon.at(gone_on)  # no longer listed from then
        if given < 0:
            gap = f"{days(-given)} after departure"
        elif given == 0:
            gap = "on the day of departure"
        else:
            gap = f"{days(given)} before departure"
        reason = n.travel_short_notice_reason
        excuse = (
            f' Reason recorded for short notice: "{reason}".'
            if reason
            else " No reason recorded: consider whether this is a breach."
        )
        out.append(
            _found(
                facts,
                as_of,
                policy,
                "travel_notified_late",
                _INFO if reason else _WARNING,
                f"{n.notified_on.isoformat()}:{departure.isoformat()}",
                None,
                f"Foreign travel notified late: notified {fd(n.notified_on)} for departure on "
                f"{fd(departure)}, {gap}; at least {notice} days' notice is required "
                f"({policy_words(policy)}).{excuse}",
            )
        )
    return out


# --- risk ------------------------------------------------------------------------------------


def risk_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    latest = current_risk(facts, as_of)
    if latest is None:
        reg_on = registered_on(facts)
        if reg_on is None:
            return []
        due_on = reg_on + days_span(policy.first_risk_assessment_days)
        if not is_overdue(due_on, as_of):
            horizon.at(due_on + days_span(1))
            return []
        return [
            _found(
                facts,
                as_of,
                policy,
                "risk_assessment_missing",
                _URGENT,
                reg_on.isoformat(),
                due_on,
                f"No risk assessment, overdue by {days((as_of - due_on).days)}: first "
                f"assessment due {fd(due_on)} = "
                f"{'registration' if facts.registration is not None else 'record created'} "
                f"{fd(reg_on)} + "
                f"{policy.first_risk_assessment_days} days, {policy_words(policy)}.",
            )
        ]
    out = []
    assessed_on = latest.assessed_on
    level = latest.level
    if latest.next_review_on is not None:
        due_on = latest.next_review_on
    else:
        due_on = assessed_on + days_span(policy.risk_review_days)
    if not is_overdue(due_on, as_of):
        horizon.at(due_on + days_span(1))
    else:
        if latest.next_review_on is not None:
            basis = f"next review date set at the assessment of {fd(assessed_on)}"
        else:
            basis = f"assessment {fd(assessed_on)} + {policy.risk_review_days} days"
        out.append(
            _found(
                facts,
                as_of,
                policy,
                "risk_review_overdue",
                _URGENT if level == _VERY_HIGH else _WARNING,
                assessed_on.isoformat(),
                due_on,
                f"Risk review overdue by {days((as_of - due_on).days)}: due {fd(due_on)} = "
                f"{basis} (risk {risk_words(level)}), {policy_words(policy)}.",
            )
        )
    triggers = _review_triggers(facts, assessed_on, as_of)
    if triggers:
        out.append(
            _found(
                facts,
                as_of,
                policy,
                "risk_review_triggered",
                _WARNING,
                assessed_on.isoformat(),
                None,
                f"Risk review needed: since the assessment of {fd(assessed_on)} "
                f"(risk {risk_words(level)}) there has been {'; '.join(triggers)}. A change of "
                f"circumstances calls for a review, {policy_words(policy)}.",
            )
        )
    return out


def _review_triggers(facts: OffenderFacts, assessed_on: date, as_of: date) -> list[str]:
    """Changes after the assessment day (events on the day are taken as known to it)."""
    # Each kind picked out before it is sorted or worded: most offenders have none.
    homes = [h for h in facts.homes if assessed_on < h.valid_from <= as_of]
    breaches = (
        [b.found_on for b in facts.breaches if assessed_on < b.found_on <= as_of]
        if facts.breaches
        else ()
    )
    concerns = (
        [
            i.received_on
            for i in facts.intelligence
            if i.is_concern and assessed_on < i.received_on <= as_of
        ]
        if facts.intelligence
        else ()
    )
    if not (homes or breaches or concerns):
        return []
    triggers = []
    for h in sorted(homes, key=_valid_from):
        what = "no fixed abode" if h.no_fixed_abode else "a new home address"
        triggers.append(f"{what} from {fd(h.valid_from)}")
    if breaches:
        triggers.append(_dated_count("breach found", "breaches found", sorted(breaches)))
    if concerns:
        triggers.append(
            _dated_count(
                "concern intelligence report", "concern intelligence reports", sorted(concerns)
            )
        )
    return triggers


_valid_from = attrgetter("valid_from")


def _dated_count(one: str, many: str, dates: Iterable[date]) -> str:
    listed = [fd(d) for d in dates]
    if len(listed) == 1:
        return f"a {one} {listed[0]}"
    return f"{len(listed)} {many} ({', '.join(listed)})"


# --- breaches and intelligence ---------------------------------------------------------------


def breach_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    out = []
    for b in facts.breaches:
        if b.found_on > as_of:
            continue
        acted = b.action is not None and (b.action_on is None or b.action_on <= as_of)
        due_on = b.found_on + days_span(policy.breach_action_decision_days)
        if acted:
            continue
        if not is_overdue(due_on, as_of):
            horizon.at(due_on + days_span(1))
            continue
        out.append(
            _found(
                facts,
                as_of,
                policy,
                "breach_action_overdue",
                _URGENT,
                str(b.breach_id),
                due_on,
                f"No action recorded on the breach found {fd(b.found_on)}, overdue by "
                f"{days((as_of - due_on).days)}: action decision due {fd(due_on)} = found "
                f"{fd(b.found_on)} + {policy.breach_action_decision_days} days, "
                f"{policy_words(policy)}.",
            )
        )
    return out


def concern_clusters(reports: list[date], threshold: int, window_days: int) -> list[list[date]]:
    """Runs of concern reports in which each report ends or lies in a qualifying window (at
    least `threshold` reports no more than `window_days` apart); overlapping windows form one
    run, so a run keeps its first report however many reports join it later. Sorted input."""
    runs: list[tuple[int, int]] = []  # (first index, last index)
    first = 0
    for last, day in enumerate(reports):
        while (day - reports[first]).days > window_days:
            first += 1
        if last - first + 1 < max(threshold, 1):
            continue
        if runs and first <= runs[-1][1]:
            runs[-1] = (runs[-1][0], last)
        else:
            runs.append((first, last))
    return [reports[a : b + 1] for a, b in runs]


def concern_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    if not facts.intelligence:
        return []
    reports = sorted(
        i.received_on for i in facts.intelligence if i.is_concern and i.received_on <= as_of
    )
    runs = concern_clusters(reports, policy.concerns_threshold, policy.concerns_window_days)
    if not runs:
        return []
    run = runs[-1]
    # The latest qualifying window must end within the last window before as_of.
    if (as_of - run[-1]).days > policy.concerns_window_days:
        return []
    horizon.at(run[-1] + days_span(policy.concerns_window_days + 1))  # the window closes
    listed = ", ".join(fd(d) for d in run)
    return [
        _found(
            facts,
            as_of,
            policy,
            "repeated_concerns",
            _URGENT,
            run[0].isoformat(),
            None,
            f"{len(run)} concern reports close together ({listed}): at least "
            f"{policy.concerns_threshold} within {policy.concerns_window_days} days, "
            f"{policy_words(policy)}. Review the risk and consider an order application or "
            "an arrest for any breach.",
        )
    ]


# --- orders and the notification period ------------------------------------------------------


def order_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    out = []
    window = policy.order_expiry_warning_days
    for o in facts.orders:
        if o.status != _ORDER_ACTIVE or o.ends_on is None:
            continue
        name = _ORDER_WORDS[OrderKind(o.kind)]
        if is_overdue(o.ends_on, as_of):
            out.append(
                _found(
                    facts,
                    as_of,
                    policy,
                    "order_expiring",
                    _WARNING,
                    str(o.order_id),
                    o.ends_on,
                    f"{name} made {fd(o.made_on)} ended {fd(o.ends_on)}, "
                    f"{days((as_of - o.ends_on).days)} ago, but is still recorded as active: "
                    f"record its expiry, or its renewal or variation ({policy_words(policy)}).",
                )
            )
        elif is_due_soon(o.ends_on, as_of, window):
            left = (o.ends_on - as_of).days
            horizon.at(o.ends_on + days_span(1))  # ended from the day after
            out.append(
                _found(
                    facts,
                    as_of,
                    policy,
                    "order_expiring",
                    _INFO,
                    str(o.order_id),
                    o.ends_on,
                    f"{name} made {fd(o.made_on)} ends {when(left)}, on {fd(o.ends_on)} "
                    f"(warned {window} days ahead, {policy_words(policy)}): consider whether "
                    "to apply for a renewal.",
                )
            )
        else:
            horizon.at(o.ends_on - days_span(window))  # warned from then
    return out


def _first_notification_after_release(facts: OffenderFacts) -> date | None:
    reg = facts.registration
    assert reg is not None
    first = reg.first_notification_date
    released = reg.release_date
    if released is None:
        return first
    earliest = first if first is not None and first >= released else None
    for n in facts.notifications:
        on = n.notified_on
        if on >= released and (earliest is None or on < earliest) and n.kind in CLOCK_RESTARTING:
            earliest = on
    return earliest


def _registration_period(facts: OffenderFacts, work_out: Callable[..., T]) -> T | None:
    """`work_out` (the notification period, or its dates alone) over the latest registration
    (None without one, or if it cannot be worked out from the record: the record's own
    validation reports why)."""
    reg = facts.registration
    if reg is None:
        return None
    try:
        return work_out(
            reg.disposal,
            reg.sentence_months,
            reg.age_at_conviction,
            reg.conviction_date,
            _first_notification_after_release(facts),
        )
    except ValueError:
        return None


def current_period_dates(facts: OffenderFacts) -> PeriodDates | None:
    """`current_period`'s dates alone, without its words."""
    return _registration_period(facts, notification_period_dates)


def current_period(facts: OffenderFacts) -> NotificationPeriod | None:
    """The statutory notification period of the latest registration (None if it cannot be
    worked out from the record)."""
    return _registration_period(facts, notification_period)


def _shpo_in_force(facts: OffenderFacts, as_of: date) -> tuple[bool, date | None]:
    """Whether an SHPO is in force on as_of, and if so the last day one is (None: one has no
    end date)."""
    in_force, last = False, None
    for o in facts.orders:
        if (
            o.kind in SHPO_KINDS
            and o.status in IN_FORCE_STATUSES
            and o.starts_on <= as_of
            and (o.ends_on is None or o.ends_on >= as_of)
        ):
            if o.ends_on is None:
                return True, None
            if not in_force or (last is not None and o.ends_on > last):
                in_force, last = True, o.ends_on
    return in_force, last


def period_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    dates = current_period_dates(facts)
    if dates is None:
        return []
    if not dates.indefinite:
        ends_on = dates.ends_on
        assert ends_on is not None
        window = policy.notification_period_warning_days
        left = (ends_on - as_of).days  # negative: ended
        if left > window:
            horizon.at(ends_on - days_span(window))  # warned from then
            return []
        period = current_period(facts)  # the words, for the finding
        assert period is not None
        if left < 0:
            return [
                _found(
                    facts,
                    as_of,
                    policy,
                    "notification_period_ending",
                    _WARNING,
                    ends_on.isoformat(),
                    ends_on,
                    f"Notification period ended {fd(ends_on)}, "
                    f"{days(-left)} ago, but the offender is still recorded "
                    f"as active: {period.explanation} ({policy_words(policy)}). Record the end "
                    "of the requirements.",
                )
            ]
        horizon.at(ends_on + days_span(1))  # ended from the day after
        return [
            _found(
                facts,
                as_of,
                policy,
                "notification_period_ending",
                _INFO,
                ends_on.isoformat(),
                ends_on,
                f"Notification period ends {when(left)}: {period.explanation} (warned {window} "
                f"days ahead, {policy_words(policy)}).",
            )
        ]
    review_on = dates.review_eligible_on
    if review_on is None:
        return []
    if as_of < review_on:
        horizon.at(review_on)
        return []
    shpo, shpo_ends = _shpo_in_force(facts, as_of)
    if shpo:
        if shpo_ends is not None:
            horizon.at(shpo_ends + days_span(1))  # none in force from the day after
        return []
    period = current_period(facts)
    assert period is not None
    horizon.at(as_of + days_span(1))  # the words name the day: found afresh each day
    return [
        _found(
            facts,
            as_of,
            policy,
            "indefinite_review_eligible",
            _INFO,
            review_on.isoformat(),
            review_on,
            f"Eligible to apply for a review of the indefinite notification requirements: "
            f"{period.explanation}; no SHPO in force on {fd(as_of)} ({policy_words(policy)}).",
        )
    ]


# --- allocation and MAPPA --------------------------------------------------------------------


def unassigned_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    if facts.manager_officer_id is not None:
        return []
    return [
        _found(
            facts,
            as_of,
            policy,
            "unassigned_offender",
            _WARNING,
            "unassigned",
            None,
            "Active offender with no current offender manager: allocate one so that visits, "
            f"notifications and reviews are followed up ({policy_words(policy)}).",
        )
    ]


def mappa_review_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon
) -> list[Finding]:
    level = facts.mappa_level
    interval = policy.mappa_review_days(level) if level is not None else None
    if level is None or interval is None:
        return []
    held = [c for c in facts.mappa_cases if c.held and c.held_on <= as_of]
    if not held:
        planned = sorted(c.held_on for c in facts.mappa_cases if not c.held and c.held_on >= as_of)
        note = ""
        if planned:
            note = f"; a meeting is planned for {fd(planned[0])}"
            horizon.at(planned[0] + days_span(1))  # no longer ahead from the day after
        return [
            _found(
                facts,
                as_of,
                policy,
                "mappa_review_overdue",
                _INFO if planned else _WARNING,
                "never-discussed",
                None,
                f"Managed at MAPPA level {level} but not yet discussed at a held meeting"
                f"{note} (level {level} reviews every {interval} days, {policy_words(policy)}).",
            )
        ]
    last = latest(held, lambda c: c.held_on)
    assert last is not None
    if last.next_review_on is not None:
        due_on = last.next_review_on
        basis = f"next review set at meeting {last.meeting_ref} on {fd(last.held_on)}"
    else:
        due_on = last.held_on + days_span(interval)
        basis = f"meeting {last.meeting_ref} on {fd(last.held_on)} + {interval} days"
    if not is_overdue(due_on, as_of):
        horizon.at(due_on + days_span(1))
        return []
    return [
        _found(
            facts,
            as_of,
            policy,
            "mappa_review_overdue",
            _WARNING,
            last.meeting_ref,
            due_on,
            f"MAPPA review overdue by {days((as_of - due_on).days)}: due {fd(due_on)} = {basis} "
            f"(level {level}), {policy_words(policy)}.",
        )
    ]


# Rules that apply only while the offender is active, in the order findings are listed.
ACTIVE_RULES = (
    home_visit_findings,
    no_access_findings,
    notification_findings,
    travel_findings,
    risk_findings,
    concern_findings,
    order_findings,
    period_findings,
    unassigned_findings,
    mappa_review_findings,
)


_natural_key = attrgetter("natural_key")


def offender_findings(
    facts: OffenderFacts, as_of: date, policy: Policy, horizon: Horizon | None = None
) -> list[Finding]:
    """Every warning for one offender on `as_of`, sorted by natural key. With a `horizon`, the
    rules also note on it the first day ahead on which what they find may change (see
    `Horizon`): until then, the findings of a later day are these carried forward."""
    if horizon is None:
        horizon = Horizon()
    out = breach_findings(facts, as_of, policy, horizon) if facts.breaches else []
    if facts.status == _ACTIVE:
        for rule in ACTIVE_RULES:
            found = rule(facts, as_of, policy, horizon)
            if found:
                out += found
    if len(out) > 1:
        out.sort(key=_natural_key)
    return out
