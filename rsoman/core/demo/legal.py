"""Notifications (initial, periodic, changes, weekly when of no fixed abode, foreign travel,
household with a child), orders with their prohibitions, breaches and intelligence."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..store.enums import (
    BreachAction,
    BreachKind,
    ChangeType,
    NotificationKind,
    OffenderStatus,
    OrderKind,
    OrderStatus,
    RiskLevel,
)
from . import names, words
from .chance import between, pick
from .clock import stamp
from .context import FICTIONAL, POLICY, YEAR, RecordContext, Timeline, holder_on, weighted
from .shape import OffenderPlan
from .staff import BoroughTeam

BREACH_ACTIONS = (
    (BreachAction.arrest, 0.30),
    (BreachAction.voluntary_interview, 0.25),
    (BreachAction.charge, 0.10),
    (BreachAction.caution, 0.08),
    (BreachAction.warning, 0.17),
    (BreachAction.no_further_action, 0.10),
)


class LegalRecords(RecordContext):
    def _notifications(
        self,
        oid: int,
        plan: OffenderPlan,
        homes: list[tuple[date, int]],
        nfa_from: date | None,
        managers: list[tuple[date, int]],
        line: Timeline,
    ) -> list[tuple[str, date, date]]:
        """Notifications over time; returns the late or missed ones as (what, event, found)."""
        rng = self.rng
        as_of = self.as_of
        rows = self.rows["notification"]
        manager_dates = [d for d, _ in managers]
        late: list[tuple[str, date, date]] = []

        def add(kind: NotificationKind, on: date, **extra: Any) -> None:
            officer = holder_on(managers, manager_dates, on)
            row = {
                "id": self.ids.new("notification"),
                "offender_id": oid,
                "kind": kind.value,
                "notified_on": on,
                "event_on": None,
                "change_type": None,
                "received_by_officer_id": officer,
                "details": None,
                "travel_destination": None,
                "travel_departure_on": None,
                "travel_return_on": None,
                "travel_short_notice_reason": None,
                "household_child_address": None,
            }
            row.update(extra)
            rows.append(row)

        add(
            NotificationKind.initial,
            line.registered,
            event_on=line.released or line.convicted,
            details="Initial notification in person: names, date of birth, NI number, "
            "addresses, passport, bank and card details.",
        )
        changes: list[date] = []
        for move, _ in homes[1:]:
            allowed = POLICY.change_notification_days
            slow = rng.random() >= 0.93
            delay = between(rng, allowed + 1, 30) if slow else between(rng, 0, allowed)
            notified = min(move + timedelta(days=delay), line.end)
            if delay > allowed:
                late.append(("address", move, notified))
            details = (
                "Now of no fixed abode." if move == nfa_from else "Moved to a new home address."
            )
            add(
                NotificationKind.change,
                notified,
                event_on=move,
                change_type=ChangeType.home_address.value,
                details=details,
            )
            changes.append(notified)
        changes.sort()
        # Periodic re-notification within a year of the last notification of any kind.
        last = line.registered
        pending = iter(changes)
        upcoming = next(pending, None)
        while True:
            due = last + timedelta(days=POLICY.periodic_notification_days)
            on = last + timedelta(
                days=between(rng, 300, 364) if rng.random() < 0.96 else between(rng, 372, 420)
            )
            if upcoming is not None and upcoming <= on:
                last, upcoming = upcoming, next(pending, None)
                continue
            if on > line.end:
                break
            if on > due:
                late.append(("periodic", due, on))
            add(NotificationKind.periodic, on, details="Annual re-notification in person.")
            last = on
        if nfa_from is not None:
            week = nfa_from + timedelta(days=7)
            while week <= as_of:
                if rng.random() < 0.96:
                    add(
                        NotificationKind.weekly_nfa,
                        week,
                        details="Weekly notification while of no fixed abode.",
                    )
                else:
                    late.append(("weekly", week, week + timedelta(days=1)))
                week += timedelta(days=7)
        span = (line.end - line.registered).days
        if span > 120 and rng.random() < 0.06:
            for _ in range(pick(rng, (1, 1, 2))):
                depart = line.registered + timedelta(days=between(rng, 60, span + 30))
                notice = between(rng, 7, 45) if rng.random() < 0.85 else between(rng, 0, 6)
                notified = depart - timedelta(days=notice)
                if notified > as_of:
                    continue
                reason = None
                if notice < POLICY.foreign_travel_notice_days:
                    if rng.random() < 0.5:
                        reason = pick(rng, words.SHORT_NOTICE_REASONS)
                    else:
                        late.append(("travel", depart, notified))
                add(
                    NotificationKind.foreign_travel,
                    notified,
                    event_on=depart,
                    details="Foreign travel notified.",
                    travel_destination=pick(rng, words.TRAVEL),
                    travel_departure_on=depart,
                    travel_return_on=depart + timedelta(days=between(rng, 4, 21)),
                    travel_short_notice_reason=reason,
                )
        if plan.status == OffenderStatus.abroad:
            add(
                NotificationKind.foreign_travel,
                line.end - timedelta(days=between(rng, 7, 20)),
                event_on=line.end,
                details="Travelling abroad for an extended stay; return date not known.",
                travel_destination=pick(rng, words.TRAVEL),
                travel_departure_on=line.end,
            )
        if span > 60 and rng.random() < 0.03:
            stay = line.registered + timedelta(days=between(rng, 30, span))
            line1, line2 = names.home_line(rng)
            where = ", ".join(p for p in (line1, line2, "London") if p)
            add(
                NotificationKind.household_child,
                min(stay + timedelta(days=between(rng, 0, 3)), line.end),
                event_on=stay,
                details="Stayed 12 hours or more at a household with a child under 18.",
                household_child_address=f"{where} {names.postcode(rng, plan.borough_code)}",
            )
        return late

    def _orders(
        self, oid: int, plan: OffenderPlan, kind: str, line: Timeline
    ) -> list[tuple[int, date]]:
        rng = self.rng
        as_of = self.as_of
        chance = 0.24 if kind in ("child_contact", "images", "online") else 0.10
        if plan.risk in (RiskLevel.high, RiskLevel.very_high):
            chance += 0.10
        made: list[tuple[int, date]] = []
        x = rng.random()
        if x < chance:
            order_kind, made_on = OrderKind.shpo, line.convicted
            court = pick(rng, words.COURTS)
            texts = self._prohibitions(kind)
        elif x < chance + 0.008:
            order_kind = OrderKind.sro
            made_on = max(line.registered, as_of - timedelta(days=between(rng, 60, 1500)))
            court = pick(rng, words.MAGISTRATES)
            texts = [(t, False) for t in rng.sample(words.SRO_PROHIBITIONS, 2)]
        else:
            return made
        order_id = self.ids.new("court_order")
        ends_on = None
        if rng.random() < 0.4:
            ends_on = made_on + timedelta(days=(5 if rng.random() < 0.6 else 10) * YEAR)
        status = OrderStatus.expired if ends_on and ends_on < as_of else OrderStatus.active
        self.rows["court_order"].append(
            {
                "id": order_id,
                "offender_id": oid,
                "kind": order_kind.value,
                "court": court,
                "made_on": made_on,
                "starts_on": made_on,
                "ends_on": ends_on,
                "status": status.value,
                "reference": f"DM-{order_kind.value.upper()}-{made_on.year}-{order_id:06d}",
                "notes": "Full order held on file." + FICTIONAL,
            }
        )
        for position, (text, requirement) in enumerate(texts, start=1):
            self.rows["prohibition"].append(
                {
                    "id": self.ids.new("prohibition"),
                    "order_id": order_id,
                    "position": position,
                    "text": text,
                    "is_requirement": requirement,
                }
            )
        if status == OrderStatus.active:
            made.append((order_id, made_on))
        return made

    def _prohibitions(self, kind: str) -> list[tuple[str, bool]]:
        rng = self.rng
        wanted = between(rng, 2, 5)
        age = 16 if rng.random() < 0.7 else 18
        chosen: list[str] = []
        groups = list(words.PROHIBITION_SETS[kind])
        for _ in range(30):
            if len(chosen) >= wanted:
                break
            group = pick(rng, groups)
            text = pick(rng, words.PROHIBITIONS[group]).format(age=age)
            if text not in chosen:
                chosen.append(text)
        result = [(t, False) for t in chosen]
        if rng.random() < 0.15:
            result.append((pick(rng, words.REQUIREMENTS), True))
        return result

    def _breaches(
        self,
        oid: int,
        team: BoroughTeam,
        managers: list[tuple[date, int]],
        late: list[tuple[str, date, date]],
        orders: list[tuple[int, date]],
        line: Timeline,
    ) -> None:
        rng = self.rng
        as_of = self.as_of
        found: list[tuple[BreachKind, int | None, str, date | None, date]] = []
        texts = words.BREACHES_NOTIFICATION
        for what, event, seen in late:
            if rng.random() < 0.5:
                text = {
                    "address": texts[0].format(event=f"{event:%d %b %Y}"),
                    "periodic": texts[1],
                    "travel": texts[2],
                    "weekly": texts[3],
                }[what]
                found.append((BreachKind.notification_requirements, None, text, event, seen))
        for order_id, made_on in orders:
            span = (line.end - made_on).days
            if span > 90 and rng.random() < 0.12:
                on = made_on + timedelta(days=between(rng, 60, span))
                found.append((BreachKind.order, order_id, pick(rng, words.BREACHES_ORDER), on, on))
        span = (line.end - line.registered).days
        if span > 60 and rng.random() < 0.012:
            on = line.registered + timedelta(days=between(rng, 30, span))
            found.append((BreachKind.notification_requirements, None, texts[4], on, on))
        manager_dates = [d for d, _ in managers]
        for kind, order_id, text, occurred, found_on in found:
            found_on = min(found_on, as_of)
            # Late travel notice is found when notified, before the departure it is about: the
            # breach happened by then (the notice deadline had passed), never after discovery.
            if occurred is not None and occurred > found_on:
                occurred = found_on
            officer = holder_on(managers, manager_dates, found_on)
            breach_id = self.ids.new("breach")
            action = action_on = reason = outcome = outcome_on = None
            # Found this week: half still await a decision (not yet due); older: a few were
            # never acted on (overdue).
            recent = (as_of - found_on).days < POLICY.breach_action_decision_days
            if rng.random() < (0.5 if recent else 0.88):
                action = weighted(rng, BREACH_ACTIONS)
                delay = between(rng, 0, 6) if rng.random() < 0.9 else between(rng, 8, 30)
                action_on = min(found_on + timedelta(days=delay), as_of)
                if action == BreachAction.no_further_action:
                    reason = pick(rng, words.NFA_REASONS)
                settled = action_on + timedelta(days=between(rng, 1, 90))
                if settled <= as_of:
                    outcome = pick(rng, words.BREACH_OUTCOMES[action.value])
                    outcome_on = settled
            recorded = found_on + timedelta(
                days=between(rng, 0, 1) if rng.random() < 0.92 else between(rng, 2, 6)
            )
            self.rows["breach"].append(
                {
                    "id": breach_id,
                    "offender_id": oid,
                    "kind": kind.value,
                    "order_id": order_id,
                    "description": text,
                    "occurred_on": occurred,
                    "found_on": found_on,
                    "found_by_officer_id": officer,
                    "action": action.value if action is not None else None,
                    "action_on": action_on,
                    "action_reason": reason,
                    "outcome": outcome,
                    "outcome_on": outcome_on,
                    "national_ref": f"DM{found_on:%y}/{breach_id:06d}B",
                    "recorded_nationally_on": min(recorded, as_of),
                }
            )

    def _intelligence(self, oid: int, plan: OffenderPlan, line: Timeline) -> None:
        rng = self.rng
        as_of = self.as_of
        span = (line.end - line.registered).days
        items: list[tuple[date, bool]] = []
        if span > 30 and rng.random() < 0.15:
            for _ in range(pick(rng, (1, 1, 1, 2, 3))):
                on = line.registered + timedelta(days=between(rng, 15, span))
                items.append((on, rng.random() < 0.4))
        if plan.concern_cluster:
            start = as_of - timedelta(days=between(rng, 85, 300))
            for _ in range(pick(rng, (3, 3, 4))):
                items.append((start + timedelta(days=between(rng, 0, 85)), True))
        for on, concern in sorted(items):
            source, detail = pick(rng, words.INTEL_SOURCES)
            text = self._say(pick(rng, words.INTEL_CONCERNS if concern else words.INTEL_OTHER))
            self.rows["intelligence"].append(
                {
                    "id": self.ids.new("intelligence"),
                    "offender_id": oid,
                    "received_on": on,
                    "source": source,
                    "source_detail": detail,
                    "grading": f"{between(rng, 1, 3)}/{pick(rng, 'ABBCCD')}/P",
                    "text": text + FICTIONAL,
                    "is_concern": concern,
                    "recorded_by_user_id": None,
                    "created_at": stamp(on, between(rng, 8, 18)),
                }
            )
