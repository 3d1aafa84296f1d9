"""Risk assessments (static tool, every ARMS factor, yearly reviews) and visit-plan decisions."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from ..store.enums import (
    ArmsRating,
    OffenderStatus,
    PlanKind,
    RiskLevel,
    Sex,
    StaticTool,
)
from ..store.models import ARMS_PROTECTIVE_FACTORS, ARMS_RISK_FACTORS
from . import words
from .chance import between, pick
from .context import POLICY, YEAR, RecordContext, Timeline, holder_on
from .shape import OffenderPlan
from .staff import BoroughTeam

# The tariff, used to lay out past visits.
TARIFF_DAYS = {level: POLICY.visit_interval_days(level) for level in RiskLevel}
LEVELS = (RiskLevel.low, RiskLevel.medium, RiskLevel.high, RiskLevel.very_high)
RANK_OF_LEVEL = {level: i for i, level in enumerate(LEVELS)}
INDIVIDUAL_INTERVALS: dict[RiskLevel, tuple[int, ...]] = {
    RiskLevel.very_high: (14, 21),
    RiskLevel.high: (42, 60, 120),
    RiskLevel.medium: (91, 120, 270),
    RiskLevel.low: (182,),
}
STATIC_LABELS = ("Low", "Medium", "High", "Very High")
# Most moves of home are followed by a risk review (a change of circumstances); the rest are
# left for the warnings to find, as in a real caseload.
REVIEWED_AFTER_MOVE = 0.85
FOLLOW_UP_DAYS = (5, 40)


class RiskRecords(RecordContext):
    def _assessments(
        self,
        oid: int,
        plan: OffenderPlan,
        sex: Sex,
        kind: str,
        line: Timeline,
        managers: list[tuple[date, int]],
    ) -> list[tuple[date, RiskLevel]]:
        rng = self.rng
        rows = self.rows["risk_assessment"]
        deadline = POLICY.first_risk_assessment_days  # mostly met, a few late
        slow = rng.random() >= 0.93
        first = line.registered + timedelta(
            days=between(rng, deadline + 1, 70) if slow else between(rng, 3, deadline)
        )
        dates = []
        day = first
        while day <= line.end:
            dates.append(day)
            day += timedelta(days=between(rng, 300, 364))
        if not dates:
            return [(line.registered, plan.risk)]
        if plan.status == OffenderStatus.active and len(dates) > 1 and rng.random() < 0.05:
            # Review overdue: the last one or more did not happen.
            limit = self.as_of - timedelta(days=POLICY.risk_review_days + between(rng, 5, 150))
            while len(dates) > 1 and dates[-1] > limit:
                dates.pop()
        # Levels, walking back from today's: mostly steady, sometimes a step different.
        levels = [plan.risk]
        for _ in range(len(dates) - 1):
            rank = RANK_OF_LEVEL[levels[-1]]
            x = rng.random()
            if x < 0.12 and rank < 3:
                rank += 1
            elif x < 0.17 and rank > 0:
                rank -= 1
            levels.append(LEVELS[rank])
        levels.reverse()
        history = []
        starts = [m[0] for m in managers]
        for j, (on, level) in enumerate(zip(dates, levels, strict=True)):
            rank = RANK_OF_LEVEL[level]
            row: dict[str, Any] = {
                "id": self.ids.new("risk_assessment"),
                "offender_id": oid,
                "assessed_on": on,
                "assessor_officer_id": holder_on(managers, starts, on),
                "level": level.value,
            }
            row.update(self._static(sex, kind, on, rank))
            strong_risk = (0.05, 0.15, 0.30, 0.50)[rank]
            strong_protect = (0.45, 0.30, 0.15, 0.05)[rank]
            for factor in ARMS_RISK_FACTORS:
                row["arms_" + factor] = _arms(rng.random(), strong_risk)
            for factor in ARMS_PROTECTIVE_FACTORS:
                row["arms_" + factor] = _arms(rng.random(), strong_protect)
            row["next_review_on"] = on + timedelta(days=POLICY.risk_review_days)
            row["reason"] = "initial assessment" if j == 0 else "annual review"
            row["notes"] = pick(rng, words.ASSESSMENT_NOTES)
            rows.append(row)
            history.append((on, level))
        return self._reviews_after_moves(oid, sex, kind, line, managers, dates, history)

    def _reviews_after_moves(
        self,
        oid: int,
        sex: Sex,
        kind: str,
        line: Timeline,
        managers: list[tuple[date, int]],
        dates: list[date],
        history: list[tuple[date, RiskLevel]],
    ) -> list[tuple[date, RiskLevel]]:
        """A review a few weeks after most moves of home (the offender's addresses are already
        laid out). Drawn from a generator of this offender's own, so that the rest of the demo
        stays as it was for a given seed; the level holds from the assessment before."""
        rng = random.Random(f"review-after-move-{self.as_of}-{oid}")
        rows = self.rows["risk_assessment"]
        moves = sorted(
            a["valid_from"]
            for a in self.rows["address"][-8:]
            if a["offender_id"] == oid and a["valid_from"] > line.registered
        )
        last = dates[-1]
        starts = [m[0] for m in managers]
        extra: list[tuple[date, RiskLevel]] = []
        for moved in moves:
            on = moved + timedelta(days=between(rng, *FOLLOW_UP_DAYS))
            # Only while reviews were being kept up (an overdue review stays overdue).
            if moved <= dates[0] or on > last + timedelta(days=POLICY.risk_review_days):
                continue
            if on > min(line.end, self.as_of) or rng.random() >= REVIEWED_AFTER_MOVE:
                continue
            level = holder_on(history, [h[0] for h in history], on)
            rank = RANK_OF_LEVEL[level]
            row: dict[str, Any] = {
                "id": self.ids.new("risk_assessment"),
                "offender_id": oid,
                "assessed_on": on,
                "assessor_officer_id": holder_on(managers, starts, on),
                "level": level.value,
            }
            row.update(_static(rng, sex, kind, on, rank))
            for factor in ARMS_RISK_FACTORS:
                row["arms_" + factor] = _arms(rng.random(), (0.05, 0.15, 0.30, 0.50)[rank])
            for factor in ARMS_PROTECTIVE_FACTORS:
                row["arms_" + factor] = _arms(rng.random(), (0.45, 0.30, 0.15, 0.05)[rank])
            row["next_review_on"] = on + timedelta(days=POLICY.risk_review_days)
            row["reason"] = "review after a change of address"
            row["notes"] = pick(rng, words.ASSESSMENT_NOTES)
            rows.append(row)
            extra.append((on, level))
        return sorted(history + extra) if extra else history

    def _static(self, sex: Sex, kind: str, on: date, rank: int) -> dict[str, Any]:
        return _static(self.rng, sex, kind, on, rank)

    def _plan_decisions(
        self,
        oid: int,
        plan: OffenderPlan,
        team: BoroughTeam,
        officer_id: int,
        levels: list[tuple[date, RiskLevel]],
        line: Timeline,
    ) -> tuple[date | None, tuple[date, int] | None]:
        """Reactive management for some long-term LOW offenders; individual frequencies for a
        few others. Returns (reactive from, (individual from, interval))."""
        rng = self.rng
        as_of = self.as_of
        rows = self.rows["visit_plan_decision"]
        if plan.status != OffenderStatus.active or plan.overdue_days or plan.no_access_pair:
            return None, None
        supervisor = team.supervisor_for(officer_id)
        if plan.risk == RiskLevel.low:
            low_since = None
            for on, level in reversed(levels):
                if level != RiskLevel.low:
                    break
                low_since = on
            if low_since is not None and rng.random() < 0.6:
                settled = POLICY.reactive_management_low_years * YEAR + 1
                effective = low_since + timedelta(days=settled + between(rng, 0, 200))
                if effective < as_of:
                    rows.append(
                        {
                            "id": self.ids.new("visit_plan_decision"),
                            "offender_id": oid,
                            "kind": PlanKind.reactive_management.value,
                            "interval_days": None,
                            "effective_from": effective,
                            "ended_on": None,
                            "authorised_by_officer_id": supervisor,
                            "reason": words.REACTIVE_REASON,
                        }
                    )
                    return effective, None
            return None, None
        if rng.random() < 0.05:
            interval = pick(rng, INDIVIDUAL_INTERVALS[plan.risk])
            effective = max(
                line.registered + timedelta(days=30),
                as_of - timedelta(days=between(rng, 30, 700)),
            )
            if effective < as_of:
                rows.append(
                    {
                        "id": self.ids.new("visit_plan_decision"),
                        "offender_id": oid,
                        "kind": PlanKind.individual_frequency.value,
                        "interval_days": interval,
                        "effective_from": effective,
                        "ended_on": None,
                        "authorised_by_officer_id": supervisor,
                        "reason": pick(rng, words.INDIVIDUAL_PLAN_REASONS),
                    }
                )
                return None, (effective, interval)
        return None, None


def _static(rng: random.Random, sex: Sex, kind: str, on: date, rank: int) -> dict[str, Any]:
    if sex == Sex.female:
        return {"static_tool": StaticTool.other.value, "static_result": "not applicable"}
    shifted = min(3, max(0, rank + pick(rng, (-1, 0, 0, 0, 1))))
    if on.year < 2021:
        return {
            "static_tool": StaticTool.rm2000.value,
            "static_result": f"RM2000/S: {STATIC_LABELS[shifted]}",
        }
    if kind == "images":
        return {
            "static_tool": StaticTool.osp_i.value,
            "static_result": f"OSP/I: {STATIC_LABELS[min(shifted, 2)]}",
        }
    return {
        "static_tool": StaticTool.osp_c.value,
        "static_result": f"OSP/C: {STATIC_LABELS[shifted]}",
    }


_STRONG, _SOME, _NONE = ArmsRating.strong.value, ArmsRating.some.value, ArmsRating.none.value


def _arms(x: float, strong: float) -> str:
    if x < strong:
        return _STRONG
    if x < strong + 0.4:
        return _SOME
    return _NONE
