"""The demo officers: per borough a DI, a MAPPA co-ordinator, teams of offender managers each
with a DS supervisor, and one former offender manager (who held earlier cases); a few central
team officers. Warrant numbers start "DM" (demo) and are unique.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from ..store.enums import OffenderStatus, Rank, TeamRole
from . import names, words
from .chance import between, pick
from .shape import (
    STRETCHED_CASELOAD,
    STRETCHED_MIN_ACTIVE,
    TARGET_CASELOAD,
    OffenderPlan,
    offender_manager_count,
    split_caseload,
)
from .writer import IdAllocator

TEAM_SIZE = 7  # offender managers per DS


@dataclass(frozen=True)
class BoroughRef:
    id: int
    code: str
    name: str
    is_central: bool


@dataclass
class BoroughTeam:
    borough: BoroughRef
    di: int
    mappa_coordinator: int
    former: int
    managers: list[int] = field(default_factory=list)
    supervisor_of_team: dict[str, int] = field(default_factory=dict)
    team_of: dict[int, str] = field(default_factory=dict)

    def supervisor_for(self, officer_id: int) -> int:
        team = self.team_of.get(officer_id)
        if team is None:
            return next(iter(self.supervisor_of_team.values()))
        return self.supervisor_of_team[team]


@dataclass
class Staff:
    rows: list[dict[str, Any]]
    teams: dict[str, BoroughTeam]
    # Officer id -> (rank, "Forename Surname"), for meeting attendance lists.
    people: dict[int, tuple[Rank, str]]
    # Offender index -> the offender manager holding the case now (or last, when closed).
    officer_of: list[int]


class _OfficerMaker:
    def __init__(self, rng: random.Random, ids: IdAllocator, taken: set[str]) -> None:
        self.rng = rng
        self.ids = ids
        self.taken = taken
        self.rows: list[dict[str, Any]] = []
        self.people: dict[int, tuple[Rank, str]] = {}

    def warrant(self) -> str:
        while True:
            number = f"DM{between(self.rng, 100000, 999999)}"
            if number not in self.taken:
                self.taken.add(number)
                return number

    def make(
        self,
        borough_id: int,
        rank: Rank,
        role: TeamRole,
        team: str | None = None,
        *,
        active: bool = True,
    ) -> int:
        rng = self.rng
        officer_id = self.ids.new("officer")
        forename = pick(rng, words.OFFICER_FORENAMES)
        surname = names.surname(rng)
        self.rows.append(
            {
                "id": officer_id,
                "warrant_number": self.warrant(),
                "surname": surname,
                "forenames": forename,
                "rank": rank.value,
                "borough_id": borough_id,
                "team_role": role.value,
                "team": team,
                "capacity": None,
                "email": f"{forename}.{surname}@demo.invalid".lower(),
                "phone": names.phone(rng),
                "active": active,
            }
        )
        self.people[officer_id] = (rank, f"{forename} {surname}")
        return officer_id


def build_staff(
    rng: random.Random,
    ids: IdAllocator,
    boroughs: list[BoroughRef],
    plans: list[OffenderPlan],
    taken_warrants: set[str],
) -> Staff:
    maker = _OfficerMaker(rng, ids, taken_warrants)
    by_code: dict[str, list[int]] = {b.code: [] for b in boroughs}
    for index, plan in enumerate(plans):
        by_code[plan.borough_code].append(index)
    active_count = {
        code: sum(plans[i].status == OffenderStatus.active for i in idx)
        for code, idx in by_code.items()
    }
    local = [b for b in boroughs if not b.is_central]
    # One understaffed borough, when the caseload is big enough to show it.
    big = [b.code for b in local if active_count[b.code] >= STRETCHED_MIN_ACTIVE]
    stretched = pick(rng, big) if big else None

    teams: dict[str, BoroughTeam] = {}
    officer_of = [0] * len(plans)
    for borough in local:
        active = active_count[borough.code]
        target = STRETCHED_CASELOAD if borough.code == stretched else TARGET_CASELOAD
        count = offender_manager_count(active, target)
        team = BoroughTeam(
            borough=borough,
            di=maker.make(borough.id, Rank.di, TeamRole.manager),
            mappa_coordinator=maker.make(
                borough.id,
                Rank.ds if rng.random() < 0.5 else Rank.police_staff,
                TeamRole.mappa_coordinator,
            ),
            former=maker.make(borough.id, Rank.dc, TeamRole.offender_manager, active=False),
        )
        team_count = max(1, math.ceil(count / TEAM_SIZE))
        for t in range(1, team_count + 1):
            name = f"Team {t}"
            team.supervisor_of_team[name] = maker.make(
                borough.id, Rank.ds, TeamRole.supervisor, name
            )
        for m in range(count):
            name = f"Team {m % team_count + 1}"
            rank = Rank.pc if rng.random() < 0.2 else Rank.dc
            officer_id = maker.make(borough.id, rank, TeamRole.offender_manager, name)
            team.managers.append(officer_id)
            team.team_of[officer_id] = name
        teams[borough.code] = team
        _allocate(rng, team, by_code[borough.code], plans, officer_of, active)

    for borough in boroughs:
        if borough.is_central:
            maker.make(borough.id, Rank.dci, TeamRole.manager, "Central")
            maker.make(borough.id, Rank.ds, TeamRole.supervisor, "Central")
            maker.make(borough.id, Rank.ds, TeamRole.other, "Central")
            for _ in range(3):
                maker.make(borough.id, Rank.dc, TeamRole.other, "Central")
            maker.make(borough.id, Rank.police_staff, TeamRole.other, "Central")
    return Staff(rows=maker.rows, teams=teams, people=maker.people, officer_of=officer_of)


def _allocate(
    rng: random.Random,
    team: BoroughTeam,
    indices: list[int],
    plans: list[OffenderPlan],
    officer_of: list[int],
    active: int,
) -> None:
    """Give each of the borough's offenders an offender manager: active ones by the split
    quotas, the rest (in custody, abroad, closed) to anyone in the borough."""
    active_idx = [i for i in indices if plans[i].status == OffenderStatus.active]
    rng.shuffle(active_idx)
    loads = split_caseload(rng, active, len(team.managers))
    position = 0
    for manager, load in zip(team.managers, loads, strict=True):
        for i in active_idx[position : position + load]:
            officer_of[i] = manager
        position += load
    for i in indices:
        if plans[i].status != OffenderStatus.active:
            officer_of[i] = pick(rng, team.managers)
