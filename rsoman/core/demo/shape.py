"""The shape of a demo caseload: how many offenders each borough holds, their risk and status,
and how a borough's caseload is split between offender managers. Pure functions of a
`random.Random`, so they are tested without a database.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import TypeVar

from ..store.enums import OffenderStatus, RiskLevel

# The 2016 national mix (DOMAIN.md): 2% very high, 18% high, 30% medium, 50% low.
RISK_MIX: tuple[tuple[RiskLevel, float], ...] = (
    (RiskLevel.very_high, 0.02),
    (RiskLevel.high, 0.18),
    (RiskLevel.medium, 0.30),
    (RiskLevel.low, 0.50),
)
STATUS_MIX: tuple[tuple[OffenderStatus, float], ...] = (
    (OffenderStatus.active, 0.90),
    (OffenderStatus.in_custody, 0.045),
    (OffenderStatus.abroad, 0.01),
    (OffenderStatus.transferred_out, 0.015),
    (OffenderStatus.requirements_ended, 0.025),
    (OffenderStatus.deceased, 0.005),
)
# Statuses that stay on an offender manager's books (custody and abroad are still managed).
MANAGED_STATUSES = frozenset(
    {OffenderStatus.active, OffenderStatus.in_custody, OffenderStatus.abroad}
)

# Relative size of each borough's caseload: uneven, as real boroughs are (invented figures).
BOROUGH_WEIGHTS: dict[str, float] = {
    "barking-dagenham": 1.05, "barnet": 1.10, "bexley": 0.80, "brent": 1.20, "bromley": 0.95,
    "camden": 0.95, "croydon": 1.50, "ealing": 1.25, "enfield": 1.20, "greenwich": 1.15,
    "hackney": 1.15, "hammersmith-fulham": 0.75, "haringey": 1.10, "harrow": 0.70,
    "havering": 0.90, "hillingdon": 1.05, "hounslow": 1.00, "islington": 0.95,
    "kensington-chelsea": 0.62, "kingston": 0.62, "lambeth": 1.35, "lewisham": 1.25,
    "merton": 0.75, "newham": 1.40, "redbridge": 0.95, "richmond": 0.62, "southwark": 1.35,
    "sutton": 0.70, "tower-hamlets": 1.20, "waltham-forest": 1.05, "wandsworth": 1.00,
    "westminster": 1.10,
}  # fmt: skip

# Offender managers' caseloads: most carry 50-60; one understaffed borough carries nearer 100,
# as one did in the 2016 inspection.
TARGET_CASELOAD = 55
STRETCHED_CASELOAD = 92
STRETCHED_MIN_ACTIVE = 250
MIN_CASELOAD, MAX_CASELOAD = 40, 100

# MAPPA level by risk: (level 3, level 2) chances; overall about 1% and 5%.
MAPPA_CHANCES: dict[RiskLevel, tuple[float, float]] = {
    RiskLevel.very_high: (0.25, 0.50),
    RiskLevel.high: (0.035, 0.19),
    RiskLevel.medium: (0.0, 0.025),
    RiskLevel.low: (0.0, 0.0),
}


T = TypeVar("T")


def _pick(rng: random.Random, mix: tuple[tuple[T, float], ...]) -> T:
    x = rng.random()
    acc = 0.0
    for value, share in mix:
        acc += share
        if x < acc:
            return value
    return mix[-1][0]


def sample_risk(rng: random.Random) -> RiskLevel:
    return _pick(rng, RISK_MIX)


def sample_status(rng: random.Random) -> OffenderStatus:
    return _pick(rng, STATUS_MIX)


def sample_mappa_level(rng: random.Random, risk: RiskLevel, status: OffenderStatus) -> int:
    if status != OffenderStatus.active:
        return 1
    level3, level2 = MAPPA_CHANCES[risk]
    x = rng.random()
    return 3 if x < level3 else 2 if x < level3 + level2 else 1


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), summing exactly."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


@dataclass(frozen=True, slots=True)
class OffenderPlan:
    """What is decided about an offender before their record is written."""

    borough_code: str
    risk: RiskLevel
    status: OffenderStatus
    mappa_level: int
    # Days by which the home visit schedule is to be left overdue (0: kept up to date).
    overdue_days: int = 0
    # The last two attempts to visit failed to gain entry (s.96B warrant prompt).
    no_access_pair: bool = False
    # Three or more concerns within 90 days (risk review prompt).
    concern_cluster: bool = False


def plan_offenders(rng: random.Random, total: int, borough_codes: list[str]) -> list[OffenderPlan]:
    """The offenders to generate, in a random borough order. Rare features ("a few overdue by
    months") are chosen as exact samples so even a small caseload shows each of them."""
    counts = apportion(total, [BOROUGH_WEIGHTS.get(code, 1.0) for code in borough_codes])
    boroughs = [
        code for code, count in zip(borough_codes, counts, strict=True) for _ in range(count)
    ]
    rng.shuffle(boroughs)
    risks = [sample_risk(rng) for _ in range(total)]
    statuses = [sample_status(rng) for _ in range(total)]
    levels = [sample_mappa_level(rng, r, s) for r, s in zip(risks, statuses, strict=True)]
    active = [i for i in range(total) if statuses[i] == OffenderStatus.active]
    # Overdue home visits: about 8% of active offenders, most by weeks, some by months.
    overdue: dict[int, int] = {}
    for i in rng.sample(active, _share(len(active), 0.08)):
        overdue[i] = rng.randint(60, 240) if rng.random() < 0.3 else rng.randint(3, 45)
    no_access = set(rng.sample(active, _share(len(active), 0.015)))
    clusters = set(rng.sample(active, _share(len(active), 0.006)))
    return [
        OffenderPlan(
            borough_code=boroughs[i],
            risk=risks[i],
            status=statuses[i],
            mappa_level=levels[i],
            overdue_days=overdue.get(i, 0),
            no_access_pair=i in no_access,
            concern_cluster=i in clusters,
        )
        for i in range(total)
    ]


def _share(population: int, share: float) -> int:
    """At least one (when there is anyone), else the share rounded."""
    if population == 0:
        return 0
    return min(population, max(1, round(population * share)))


def offender_manager_count(active: int, target: int = TARGET_CASELOAD) -> int:
    """How many offender managers a borough needs so that each carries 40-100 active offenders
    (fewer than 40 only when the whole borough has fewer)."""
    wanted = max(1, round(active / target), math.ceil(active / MAX_CASELOAD))
    return max(1, min(wanted, active // MIN_CASELOAD)) if active >= MIN_CASELOAD else 1


def split_caseload(rng: random.Random, active: int, managers: int) -> list[int]:
    """Each manager's share of a borough's active offenders: near equal, a little uneven (some
    just over the default capacity of 50), never outside 40-100 when the total allows."""
    weights = [rng.uniform(0.88, 1.12) for _ in range(managers)]
    loads = apportion(active, weights)
    low, high = (MIN_CASELOAD, MAX_CASELOAD) if active >= MIN_CASELOAD * managers else (0, 10**9)
    # Repair any load pushed outside the range by the unevenness.
    for _ in range(active):
        hi = max(range(managers), key=lambda i: loads[i])
        lo = min(range(managers), key=lambda i: loads[i])
        if loads[hi] > high or loads[lo] < low:
            loads[hi] -= 1
            loads[lo] += 1
        else:
            break
    return loads
