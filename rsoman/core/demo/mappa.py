"""MAPPA for the demo: level 2 cases are reviewed at the borough's panel (every 4 weeks; each case
every 16 weeks), level 3 cases at their own senior meeting every 8 weeks. Meetings carry their
attendance (sometimes police below the expected rank, sometimes children's social care absent),
each case a risk management plan and actions with an owner and a due date.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..store.enums import Agency, MeetingStatus, PlanHeading, Rank
from . import names, words
from .chance import between, pick
from .clock import stamp
from .context import POLICY
from .staff import BoroughTeam, Staff
from .writer import BatchWriter, IdAllocator

PANEL_EVERY = 28
REVIEW_DAYS = {2: POLICY.mappa_level2_review_days, 3: POLICY.mappa_level3_review_days}
HANDLING = (
    "OFFICIAL-SENSITIVE. Minutes are not to be copied onwards without the chair's agreement. "
    "(fictional demo record)"
)
ACTION_OWNERS: dict[PlanHeading, tuple[Agency, ...]] = {
    PlanHeading.supervision: (Agency.probation, Agency.police),
    PlanHeading.monitoring_and_control: (Agency.police, Agency.police, Agency.probation),
    PlanHeading.interventions_and_treatment: (Agency.probation, Agency.health),
    PlanHeading.victim_safety_planning: (Agency.probation, Agency.childrens_social_care),
    PlanHeading.contingency: (Agency.police,),
}


@dataclass(frozen=True)
class _Meeting:
    id: int
    day: date
    held: bool


class MappaBuilder:
    def __init__(
        self,
        rng: random.Random,
        as_of: date,
        ids: IdAllocator,
        writer: BatchWriter,
        staff: Staff,
    ) -> None:
        self.rng = rng
        self.as_of = as_of
        self.ids = ids
        self.rows = writer.rows
        self.staff = staff
        # Panels are shared by every level 2 case of a borough on that day.
        self.panels: dict[tuple[int, date], _Meeting] = {}
        self.level3_count: dict[tuple[int, date], int] = {}

    def _abbr(self, team: BoroughTeam) -> str:
        return f"{team.borough.code[:4].upper()}{team.borough.id}"

    def _person(self) -> str:
        return f"{pick(self.rng, words.OFFICER_FORENAMES)} {names.surname(self.rng)}"

    def _meeting(self, team: BoroughTeam, level: int, day: date) -> _Meeting:
        rng = self.rng
        borough_id = team.borough.id
        if level == 2 and (borough_id, day) in self.panels:
            return self.panels[(borough_id, day)]
        if level == 2:
            ref = f"L2-{self._abbr(team)}-{day:%y%m%d}"
        else:
            n = self.level3_count.get((borough_id, day), 0) + 1
            self.level3_count[(borough_id, day)] = n
            ref = f"L3-{self._abbr(team)}-{day:%y%m%d}-{n}"
        meeting_id = self.ids.new("mappa_meeting")
        held = day <= self.as_of
        chair = self._person()
        self.rows["mappa_meeting"].append(
            {
                "id": meeting_id,
                "ref": ref,
                "borough_id": borough_id,
                "level": level,
                "held_at": stamp(day, 10 if level == 2 else 14),
                "status": (MeetingStatus.held if held else MeetingStatus.planned).value,
                "chair": f"{chair} (Probation Service)",
                "location": pick(
                    rng,
                    (
                        f"{team.borough.name} probation office, meeting room 2",
                        "Video conference",
                        f"{team.borough.name} civic centre, committee room",
                    ),
                ),
                "notes": HANDLING,
            }
        )
        if held:
            self._attendance(meeting_id, team, level, chair)
        meeting = _Meeting(meeting_id, day, held)
        if level == 2:
            self.panels[(borough_id, day)] = meeting
        return meeting

    def _attendance(self, meeting_id: int, team: BoroughTeam, level: int, chair: str) -> None:
        rng = self.rng
        rows = self.rows["mappa_attendee"]

        def add(
            agency: Agency,
            name: str,
            role: str | None,
            rank: Rank | None = None,
            officer_id: int | None = None,
            attended: bool = True,
        ) -> None:
            rows.append(
                {
                    "id": self.ids.new("mappa_attendee"),
                    "meeting_id": meeting_id,
                    "agency": agency.value,
                    "name": name,
                    "role": role,
                    "rank": rank.value if rank is not None else None,
                    "officer_id": officer_id,
                    "attended": attended,
                }
            )

        # Police: an inspector for level 2, a superintendent for level 3; sometimes lower.
        below = rng.random() < 0.12
        if level == 2:
            if below:
                officer = next(iter(team.supervisor_of_team.values()))
            else:
                officer = team.di
            rank, name = self.staff.people[officer]
            add(Agency.police, name, "Jigsaw", rank, officer)
        else:
            rank = Rank.chief_inspector if below else Rank.superintendent
            add(Agency.police, self._person(), "Borough command", rank)
        add(Agency.probation, chair, words.AGENCY_ROLES["probation"])
        if rng.random() < 0.95:
            add(
                Agency.childrens_social_care,
                self._person(),
                words.AGENCY_ROLES["childrens_social_care"],
                attended=rng.random() < 0.85,
            )
        for agency, chance in (
            (Agency.health, 0.6),
            (Agency.housing, 0.5),
            (Agency.prisons, 0.15),
            (Agency.jobcentre_plus, 0.1),
        ):
            if rng.random() < chance:
                add(agency, self._person(), words.AGENCY_ROLES[agency.value])

    def add_case(
        self,
        oid: int,
        level: int,
        team: BoroughTeam,
        *,
        children_at_risk: bool,
        registered: date,
        female: bool,
    ) -> None:
        rng = self.rng
        as_of = self.as_of
        since = max(registered + timedelta(days=30), as_of - timedelta(days=between(rng, 60, 800)))
        every = REVIEW_DAYS[level]
        if level == 2:
            # The borough's panel dates: every 4 weeks, on a day that differs by borough.
            anchor = as_of - timedelta(days=(as_of.toordinal() + 3 * team.borough.id) % 28)
            steps = -(-(since - anchor).days // PANEL_EVERY)
            day = anchor + timedelta(days=PANEL_EVERY * steps)
        else:
            day = since
        plans = 0
        while True:
            meeting = self._meeting(team, level, day)
            self.rows["mappa_case"].append(
                {
                    "id": self.ids.new("mappa_case"),
                    "meeting_id": meeting.id,
                    "offender_id": oid,
                    "children_at_risk": children_at_risk,
                    "summary": pick(rng, words.MAPPA_CASE_SUMMARIES),
                    "next_review_on": day + timedelta(days=every) if meeting.held else None,
                }
            )
            if not meeting.held:
                break  # the next (planned) meeting closes the series
            if plans == 0 or (plans == 1 and rng.random() < 0.3):
                self._plan(oid, meeting, female)
                plans += 1
            for _ in range(pick(rng, (1, 1, 2, 3))):
                self._action(oid, meeting)
            day += timedelta(days=every)

    def _plan(self, oid: int, meeting: _Meeting, female: bool) -> None:
        rng = self.rng
        row: dict[str, Any] = {
            "id": self.ids.new("risk_management_plan"),
            "offender_id": oid,
            "agreed_on": meeting.day,
            "meeting_id": meeting.id,
            "created_at": stamp(meeting.day, 16),
        }
        for heading in PlanHeading:
            phrase = pick(rng, words.PLAN_TEXT[heading.value])
            row[heading.value] = words.as_female(phrase) if female else phrase
        self.rows["risk_management_plan"].append(row)

    def _action(self, oid: int, meeting: _Meeting) -> None:
        rng = self.rng
        heading = pick(rng, tuple(PlanHeading))
        due = meeting.day + timedelta(days=between(rng, 14, 56))
        done = None
        if due < self.as_of and rng.random() < 0.85:
            done = due - timedelta(days=between(rng, 0, 10))
        self.rows["mappa_action"].append(
            {
                "id": self.ids.new("mappa_action"),
                "offender_id": oid,
                "meeting_id": meeting.id,
                "heading": heading.value,
                "description": pick(rng, words.MAPPA_ACTIONS[heading.value]),
                "owner_agency": pick(rng, ACTION_OWNERS[heading]).value,
                "owner_name": self._person(),
                "due_on": due,
                "completed_on": done,
            }
        )
