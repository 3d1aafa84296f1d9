"""Caseload figures for managers: per borough, per officer, and in total.

Definitions (each figure means one thing everywhere it is shown):
- active offenders: offenders whose status is active, counted in the borough that manages them;
- offender managers: active officers whose team role is offender manager;
- offenders per manager: active offenders / offender managers (None when there are none);
- risk mix: active offenders by current risk level, plus those never assessed;
- an officer's caseload: active offenders currently assigned to them; capacity: the officer's
  own, else the policy default; over capacity: caseload above capacity;
- risk-weighted caseload: the sum of the policy's weights (v1: low 1, medium 2, high 3, very high
  4); an offender not yet assessed weighs as very high, because until assessed the work is that
  of the highest risk (the visit schedule treats them the same way).

Scoped to the actor's borough unless the actor is London-wide; `totals` covers the scope.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from ..rules.dates import london_today
from ..rules.policy import Policy
from ..store.enums import OffenderStatus, Rank, RiskLevel, TeamRole
from ..store.models import Borough, Offender, Officer
from .actor import Actor
from .current import current_manager_sql, current_risk_sql, without_jit
from .permissions import Action, require
from .policy import current_policy

UNASSESSED = "unassessed"
# Highest risk first, as managers read a risk mix.
MIX_KEYS = (*(level.value for level in reversed(RiskLevel)), UNASSESSED)


def _weight(risk: str, policy: Policy) -> int:
    return policy.caseload_weight(RiskLevel(risk if risk != UNASSESSED else RiskLevel.very_high))


def _ratio(offenders: int, managers: int) -> float | None:
    return round(offenders / managers, 1) if managers else None


def _mix(counter: Counter[str]) -> dict[str, int]:
    return {key: counter.get(key, 0) for key in MIX_KEYS}


def _percent(counter: Counter[str]) -> dict[str, float]:
    total = sum(counter.values())
    return {key: round(100 * counter.get(key, 0) / total, 1) if total else 0.0 for key in MIX_KEYS}


def caseload_stats(
    session: Session, actor: Actor, *, policy: Policy | None = None
) -> dict[str, Any]:
    """The figures as a JSON-ready dict (see the module docstring for what each one means), by
    default under the policy in force."""
    require(session, actor, Action.view_stats)
    policy = policy if policy is not None else current_policy(session)
    borough_rows = session.exec(
        select(Borough).where(Borough.is_central == sa.false()).order_by(Borough.name)
    ).all()
    if not actor.london_wide:
        borough_rows = [b for b in borough_rows if b.id == actor.borough_id]
    boroughs = {b.id: b for b in borough_rows}

    # One row per (borough, officer, risk) with its count: the per-offender current values come
    # from the same correlated subqueries as the caseload.
    per_offender = (
        select(
            Offender.borough_id.label("borough_id"),
            current_manager_sql().label("officer_id"),
            current_risk_sql().label("risk"),
        )
        .where(Offender.status == OffenderStatus.active, Offender.borough_id.in_(boroughs))
        .subquery()
    )
    without_jit(session)
    grouped = session.execute(
        select(
            per_offender.c.borough_id,
            per_offender.c.officer_id,
            per_offender.c.risk,
            sa.func.count(),
        ).group_by(per_offender.c.borough_id, per_offender.c.officer_id, per_offender.c.risk)
    ).all()

    borough_mix: dict[int, Counter[str]] = defaultdict(Counter)
    officer_mix: dict[int, Counter[str]] = defaultdict(Counter)
    unallocated = 0
    for borough_id, officer_id, risk, count in grouped:
        key = str(risk) if risk is not None else UNASSESSED
        borough_mix[borough_id][key] += count
        if officer_id is None:
            unallocated += count
        else:
            officer_mix[officer_id][key] += count

    # Offender managers in scope, and any other officer who holds a caseload.
    officers = session.exec(
        select(Officer)
        .where(
            sa.or_(
                sa.and_(
                    Officer.active == sa.true(),
                    Officer.team_role == TeamRole.offender_manager,
                    Officer.borough_id.in_(boroughs),
                ),
                Officer.id.in_(list(officer_mix)),
            )
        )
        .order_by(Officer.surname, Officer.forenames, Officer.warrant_number)
    ).all()
    borough_names = dict(session.exec(select(Borough.id, Borough.name)).all())
    managers: Counter[int] = Counter(
        o.borough_id
        for o in officers
        if o.active and o.team_role == TeamRole.offender_manager and o.borough_id in boroughs
    )

    officer_rows = []
    for o in officers:
        mix = officer_mix.get(o.id or 0, Counter())
        caseload = sum(mix.values())
        capacity = o.capacity if o.capacity is not None else policy.caseload_capacity
        officer_rows.append(
            {
                "warrant_number": o.warrant_number,
                "name": f"{o.forenames} {o.surname}",
                "rank": Rank(o.rank).value,
                "borough": borough_names.get(o.borough_id),
                "team": o.team,
                "caseload": caseload,
                "capacity": capacity,
                "over_capacity": caseload > capacity,
                "risk_weighted_caseload": sum(_weight(k, policy) * n for k, n in mix.items()),
                "risk_mix": _mix(mix),
            }
        )
    officer_rows.sort(key=lambda r: (r["borough"] or "", r["name"], r["warrant_number"]))

    borough_out = []
    for b in borough_rows:
        mix = borough_mix.get(b.id or 0, Counter())
        active = sum(mix.values())
        borough_out.append(
            {
                "code": b.code,
                "name": b.name,
                "active_offenders": active,
                "offender_managers": managers.get(b.id or 0, 0),
                "offenders_per_manager": _ratio(active, managers.get(b.id or 0, 0)),
                "risk_mix": _mix(mix),
            }
        )

    total_mix: Counter[str] = Counter()
    for mix in borough_mix.values():
        total_mix.update(mix)
    total_active = sum(total_mix.values())
    total_managers = sum(managers.values())
    return {
        "generated_on": london_today().isoformat(),
        "policy_version": policy.version,
        "scope": "London" if actor.london_wide else borough_out[0]["name"],
        "risk_weights": {key: _weight(key, policy) for key in MIX_KEYS},
        "boroughs": borough_out,
        "officers": officer_rows,
        "totals": {
            "active_offenders": total_active,
            "offender_managers": total_managers,
            "offenders_per_manager": _ratio(total_active, total_managers),
            "unallocated": unallocated,
            "officers_over_capacity": sum(r["over_capacity"] for r in officer_rows),
            "risk_mix": _mix(total_mix),
            "risk_mix_percent": _percent(total_mix),
        },
    }
