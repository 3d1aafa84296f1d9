"""Home visits over the years, following the tariff or the individual plan: mostly successful,
about one in five not, some overdue (a few by months), some planned."""

from __future__ import annotations

from datetime import date, timedelta

from ..store.enums import (
    OffenderStatus,
    RiskLevel,
    VisitKind,
    VisitOutcome,
)
from . import words
from .chance import between, pick
from .clock import stamp
from .context import POLICY, RecordContext, Timeline, holder_on, weighted
from .risk import TARIFF_DAYS
from .shape import OffenderPlan
from .staff import BoroughTeam

OUTCOME_FAILURES = (
    (VisitOutcome.no_reply, 0.55),
    (VisitOutcome.offender_absent, 0.30),
    (VisitOutcome.refused_entry, 0.15),
)


class VisitRecords(RecordContext):
    def _visits(
        self,
        oid: int,
        plan: OffenderPlan,
        team: BoroughTeam,
        managers: list[tuple[date, int]],
        levels: list[tuple[date, RiskLevel]],
        homes: list[tuple[date, int]],
        nfa_from: date | None,
        reactive_from: date | None,
        individual: tuple[date, int] | None,
        line: Timeline,
    ) -> None:
        rng = self.rng
        as_of = self.as_of
        level_dates = [d for d, _ in levels]
        manager_dates = [d for d, _ in managers]
        home_dates = [d for d, _ in homes]

        def interval_on(day: date) -> int | None:
            if reactive_from is not None and day >= reactive_from:
                return None
            if individual is not None and day >= individual[0]:
                return individual[1]
            return TARIFF_DAYS[holder_on(levels, level_dates, day)]

        # A case planned to be overdue (or to end in two failed attempts) gets its last
        # successful home visit pinned so that the next fell due exactly that many days ago.
        cutoff = line.end
        pinned: date | None = None
        if plan.overdue_days or plan.no_access_pair:
            now_interval = interval_on(as_of) or 365
            overdue = plan.overdue_days or between(rng, 20, 50)
            pinned = as_of - timedelta(days=now_interval + overdue)
            cutoff = pinned - timedelta(days=max(14, now_interval // 2))
        deadline = POLICY.first_home_visit_days  # mostly met, some late
        day = line.registered + timedelta(
            days=between(rng, 2, deadline) if rng.random() < 0.9 else between(rng, deadline + 1, 45)
        )
        last_success: date | None = None
        while day <= cutoff:
            interval = interval_on(day)
            if interval is None:
                break
            officer = holder_on(managers, manager_dates, day)
            address = holder_on(homes, home_dates, day)
            if nfa_from is not None and day >= nfa_from:
                self._visit(oid, team, officer, day, None, VisitOutcome.attended)
                day += timedelta(days=min(interval, 28) + between(rng, -3, 3))
                continue
            if rng.random() < 0.8:
                self._visit(oid, team, officer, day, address, VisitOutcome.successful)
                last_success = day
                if rng.random() < 0.06:
                    extra = day + timedelta(days=between(rng, 5, max(6, interval // 2)))
                    if extra <= cutoff:
                        self._visit(oid, team, officer, extra, None, VisitOutcome.attended)
                step = interval - between(rng, 0, max(1, interval // 6))
                if rng.random() < 0.12:
                    step += between(rng, 1, max(2, interval // 4))
                day += timedelta(days=step)
            else:
                outcome = weighted(rng, OUTCOME_FAILURES)
                self._visit(oid, team, officer, day, address, outcome)
                day += timedelta(days=between(rng, 3, 21))
        if pinned is not None and pinned >= line.registered + timedelta(days=2):
            officer = holder_on(managers, manager_dates, pinned)
            address = holder_on(homes, home_dates, pinned)
            self._visit(oid, team, officer, pinned, address, VisitOutcome.successful)
            last_success = pinned
        if plan.no_access_pair:
            if last_success is None:
                due = line.registered + timedelta(days=POLICY.first_home_visit_days)
            else:
                due = last_success + timedelta(days=interval_on(as_of) or 365)
            first = due + timedelta(days=between(rng, 0, 3))
            second = first + timedelta(days=between(rng, 5, 14))
            if second <= as_of:
                officer = managers[-1][1]
                for day in (first, second):
                    outcome = pick(rng, (VisitOutcome.no_reply, VisitOutcome.refused_entry))
                    address = holder_on(homes, home_dates, day)
                    self._visit(oid, team, officer, day, address, outcome)
        if (
            plan.status == OffenderStatus.active
            and reactive_from is None
            and nfa_from is None
            and rng.random() < 0.3
        ):
            # Planned from today to a fortnight ahead, so an officer's Today has visits on it.
            planned = as_of + timedelta(days=between(rng, 0, 14))
            self._visit(oid, team, managers[-1][1], planned, homes[-1][1], None)

    def _visit(
        self,
        oid: int,
        team: BoroughTeam,
        officer: int,
        day: date,
        address_id: int | None,
        outcome: VisitOutcome | None,
    ) -> None:
        rng = self.rng
        visit_id = self.ids.new("visit")
        at = stamp(day, between(rng, 8, 19), pick(rng, (0, 10, 15, 20, 30, 40, 45, 50)))
        who = observations = actions = None
        kind = VisitKind.home_visit
        if outcome is None:
            planned_for, occurred_at = at, None
        else:
            planned_for, occurred_at = None, at
            if outcome == VisitOutcome.successful:
                who = pick(rng, words.WHO_PRESENT)
                seen = [
                    pick(rng, words.OBSERVATIONS_DEVICES),
                    pick(rng, words.OBSERVATIONS_CHILDREN),
                ]
                x = rng.random()
                if x < 0.35:
                    seen.insert(0, pick(rng, words.OBSERVATIONS_HOME))
                elif x < 0.7:
                    seen.append(pick(rng, words.OBSERVATIONS_LIFE))
                observations = " ".join(seen)
                if rng.random() < 0.2:
                    actions = pick(rng, words.VISIT_ACTIONS)
            elif outcome == VisitOutcome.attended:
                kind = VisitKind.station_attendance
                who = "Subject"
                observations = pick(rng, words.STATION_NOTES)
            else:
                observations = pick(rng, words.FAILED_NOTES[outcome.value])
            if self.female:
                observations = words.as_female(observations)
                who = words.as_female(who) if who else who
        self.rows["visit"].append(
            {
                "id": visit_id,
                "offender_id": oid,
                "kind": kind.value,
                "planned_for": planned_for,
                "occurred_at": occurred_at,
                "address_id": address_id,
                # Every demo visit is at the home in force on its day (holder_on(homes, ...)).
                "at_home": True,
                "announced": rng.random() < 0.15,
                "outcome": outcome.value if outcome is not None else None,
                "who_present": who,
                "observations": observations,
                "actions": actions,
                "recorded_by_user_id": None,
                "created_at": at if occurred_at is not None else stamp(self.as_of, 9),
            }
        )
        present = self.rows["visit_officer"]
        present.append({"visit_id": visit_id, "officer_id": officer})
        if outcome is not None:
            # Two-officer visits: a colleague from the borough team (a DS when there is none).
            partner = pick(rng, team.managers)
            if partner == officer:
                partner = team.supervisor_for(officer)
            present.append({"visit_id": visit_id, "officer_id": partner})
