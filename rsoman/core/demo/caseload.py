"""One demo offender's whole record: identity, registration, addresses, managers over time, risk
assessments, visit plan, visits, notifications, orders, breaches and intelligence.

Everything is built as plain dict rows (with ids from the allocator) on a timeline that ends at
`as_of`, so the same seed and date always give the same record.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ..store.enums import (
    AddressKind,
    AliasKind,
    OffenderStatus,
    Sex,
)
from . import names, words
from .chance import between, pick
from .clock import stamp
from .context import DAY, FICTIONAL, Timeline, weighted
from .legal import LegalRecords
from .mappa import MappaBuilder
from .registration import RegistrationRecords, notification_years
from .risk import RiskRecords
from .shape import MANAGED_STATUSES, OffenderPlan
from .staff import BoroughTeam
from .visits import VisitRecords
from .writer import BatchWriter, IdAllocator


class CaseloadBuilder(RegistrationRecords, RiskRecords, VisitRecords, LegalRecords):
    def __init__(
        self,
        rng: random.Random,
        as_of: date,
        ids: IdAllocator,
        writer: BatchWriter,
        wards: dict[int, list[int]],
        borough_ids: list[int],
        photos: tuple[bytes, ...],
        mappa: MappaBuilder,
    ) -> None:
        self.rng = rng
        self.as_of = as_of
        self.ids = ids
        self.rows = writer.rows
        self.wards = wards
        self.borough_ids = borough_ids
        self.photos = photos
        self.mappa = mappa
        self.female = False  # the offender being built is a woman: phrases say "she"

    def build(self, plan: OffenderPlan, team: BoroughTeam, officer_id: int) -> None:
        rng = self.rng
        as_of = self.as_of
        oid = self.ids.new("offender")
        kind = weighted(rng, words.OFFENCE_KINDS)
        sex = Sex.female if rng.random() < 0.03 else Sex.male
        self.female = sex == Sex.female
        managed = plan.status in MANAGED_STATUSES
        juvenile = managed and rng.random() < 0.08
        disposal, months = self._disposal(plan)
        years = notification_years(disposal, months)
        if years is not None and juvenile:
            years /= 2
        line = self._timeline(plan.status, disposal, months, years)
        born, age = self._birth(line.convicted, juvenile)

        surname = names.surname(rng)
        pool = words.FEMALE_FORENAMES if sex == Sex.female else words.MALE_FORENAMES
        forenames = pick(rng, pool)
        if rng.random() < 0.55:
            forenames += " " + pick(rng, pool)
        self.rows["offender"].append(
            {
                "id": oid,
                "ref": f"RSO-{oid:06d}",
                "surname": surname,
                "forenames": forenames,
                "date_of_birth": born,
                "sex": sex.value,
                "description": self._description(sex),
                "marks": self._marks(),
                "victim_profile": pick(rng, words.VICTIM_PROFILES[kind]) + FICTIONAL,
                "pnc_ref": f"DM{line.convicted:%y}/{oid:06d}",
                "visor_ref": f"DMV{oid:07d}",
                "status": plan.status.value,
                "borough_id": team.borough.id,
                "mappa_category": 1,
                "mappa_level": plan.mappa_level,
                "restricted": False,
                "retention_review_on": line.registered + timedelta(days=3653),
                "created_at": stamp(line.registered, 10),
                "updated_at": stamp(as_of, 8),
            }
        )
        if rng.random() < 0.92:
            taken = max(line.registered, as_of - timedelta(days=between(rng, 0, 900)))
            self.rows["offender_photo"].append(
                {
                    "offender_id": oid,
                    "image": pick(rng, self.photos),
                    "mime": "image/png",
                    "taken_on": min(taken, line.end),
                }
            )
        self._aliases(oid, surname, forenames)
        self._registration(oid, kind, disposal, months, age, line)
        homes, nfa_from = self._addresses(oid, plan, team, line)
        reassigned = self._assignments(oid, plan, team, officer_id, line)
        levels = self._assessments(oid, plan, sex, kind, line, reassigned)
        reactive_from, individual = self._plan_decisions(oid, plan, team, officer_id, levels, line)
        self._visits(
            oid, plan, team, reassigned, levels, homes, nfa_from, reactive_from, individual, line
        )
        late = self._notifications(oid, plan, homes, nfa_from, reassigned, line)
        orders = self._orders(oid, plan, kind, line)
        self._breaches(oid, team, reassigned, late, orders, line)
        self._intelligence(oid, plan, line)
        self._vehicles(oid, line)
        if plan.mappa_level >= 2:
            self.mappa.add_case(
                oid,
                plan.mappa_level,
                team,
                children_at_risk=kind in ("child_contact", "online"),
                registered=line.registered,
                female=self.female,
            )

    def _description(self, sex: Sex) -> str:
        rng = self.rng
        who = "Female" if sex == Sex.female else "Male"
        return (
            f"{who}, {pick(rng, words.HEIGHTS)}, {pick(rng, words.BUILDS)} build, "
            f"{pick(rng, words.HAIR)}, {pick(rng, words.EYES)}, {pick(rng, words.FACES)}."
            + FICTIONAL
        )

    def _marks(self) -> str | None:
        rng = self.rng
        x = rng.random()
        if x < 0.4:
            return None
        marks = rng.sample(words.MARKS, 2 if x > 0.85 else 1)
        return "; ".join(marks) + "."

    def _aliases(self, oid: int, surname: str, forenames: str) -> None:
        rng = self.rng
        rows = self.rows["offender_alias"]
        x = rng.random()
        if x >= 0.22:
            return
        if x < 0.12:
            kind, alias_surname, alias_forenames = (
                AliasKind.alias,
                names.surname(rng),
                pick(rng, words.MALE_FORENAMES),
            )
        elif x < 0.18:
            kind, alias_surname, alias_forenames = (
                AliasKind.nickname,
                surname,
                pick(rng, words.NICKNAMES),
            )
        else:
            kind, alias_surname, alias_forenames = (
                AliasKind.previous_name,
                names.surname(rng),
                forenames,
            )
        rows.append(
            {
                "id": self.ids.new("offender_alias"),
                "offender_id": oid,
                "kind": kind.value,
                "surname": alias_surname,
                "forenames": alias_forenames,
            }
        )

    def _addresses(
        self, oid: int, plan: OffenderPlan, team: BoroughTeam, line: Timeline
    ) -> tuple[list[tuple[date, int]], date | None]:
        """Home addresses over time (earlier ones ended), newest last; and the date the
        offender became of no fixed abode, when they are now."""
        rng = self.rng
        rows = self.rows["address"]
        span = (line.end - line.registered).days
        moves: list[date] = []
        wanted = weighted(rng, ((0, 0.45), (1, 0.30), (2, 0.17), (3, 0.08)))
        if span > 240:
            for _ in range(wanted):
                moves.append(line.registered + timedelta(days=between(rng, 90, span - 30)))
            moves = sorted(set(moves))
        nfa_from = None
        quiet = plan.overdue_days or plan.no_access_pair
        if (
            plan.status == OffenderStatus.active
            and span > 120
            and not quiet
            and rng.random() < 0.03
        ):
            nfa_from = self.as_of - timedelta(days=between(rng, 20, min(400, span - 60)))
            moves = [m for m in moves if m < nfa_from - timedelta(days=30)] + [nfa_from]
        homes: list[tuple[date, int]] = []
        starts = [line.registered, *moves]
        for j, start in enumerate(starts):
            address_id = self.ids.new("address")
            last = j == len(starts) - 1
            ends = None if last else starts[j + 1] - DAY
            borough_code = team.borough.code
            borough_id = team.borough.id
            if not last and rng.random() < 0.15:
                # Lived elsewhere in London before moving into this borough.
                borough_id = pick(rng, self.borough_ids)
            wards = self.wards.get(borough_id)
            if last and nfa_from is not None:
                line1 = pick(rng, words.NFA_PLACES).format(street=names.street(rng))
                rows.append(
                    {
                        "id": address_id,
                        "offender_id": oid,
                        "kind": AddressKind.no_fixed_abode.value,
                        "line1": line1[:200],
                        "line2": None,
                        "town": "London",
                        "postcode": None,
                        "borough_id": borough_id,
                        "ward_id": None,
                        "valid_from": start,
                        "valid_to": None,
                        "notes": "No fixed abode: weekly notification required." + FICTIONAL,
                    }
                )
            else:
                line1, line2 = names.home_line(rng)
                rows.append(
                    {
                        "id": address_id,
                        "offender_id": oid,
                        "kind": AddressKind.home.value,
                        "line1": line1,
                        "line2": line2,
                        "town": "London",
                        "postcode": names.postcode(rng, borough_code),
                        "borough_id": borough_id,
                        "ward_id": pick(rng, wards) if wards else None,
                        "valid_from": start,
                        "valid_to": ends,
                        "notes": None,
                    }
                )
            homes.append((start, address_id))
        return homes, nfa_from

    def _assignments(
        self,
        oid: int,
        plan: OffenderPlan,
        team: BoroughTeam,
        officer_id: int,
        line: Timeline,
    ) -> list[tuple[date, int]]:
        """Offender managers over time, as (from, officer) newest last."""
        rng = self.rng
        rows = self.rows["assignment"]
        span = (line.end - line.registered).days
        changes = weighted(rng, ((0, 0.60), (1, 0.28), (2, 0.12))) if span > 150 else 0
        dates = sorted(
            {line.registered + timedelta(days=between(rng, 60, span - 30)) for _ in range(changes)}
        )
        # Each change's reason says why the case left the officer who held it until then.
        changes_why = [pick(rng, words.REALLOCATION_REASONS) for _ in dates]
        officers = [
            team.former if why == "officer left the Jigsaw unit" else pick(rng, team.managers)
            for why in changes_why
        ]
        officers.append(officer_id)
        starts = [line.registered, *dates]
        reasons = ["initial allocation on registration", *changes_why]
        timeline: list[tuple[date, int]] = []
        closed = plan.status not in MANAGED_STATUSES
        for j, start in enumerate(starts):
            last = j == len(starts) - 1
            end = starts[j + 1] - DAY if not last else (line.end if closed else None)
            rows.append(
                {
                    "id": self.ids.new("assignment"),
                    "offender_id": oid,
                    "officer_id": officers[j],
                    "start_date": start,
                    "end_date": end,
                    "reason": reasons[j],
                    "assigned_by_user_id": None,
                }
            )
            timeline.append((start, officers[j]))
        return timeline

    def _vehicles(self, oid: int, line: Timeline) -> None:
        rng = self.rng
        if rng.random() >= 0.12:
            return
        for _ in range(2 if rng.random() < 0.1 else 1):
            make, model = pick(rng, words.VEHICLES)
            span = max(1, (line.end - line.registered).days)
            start = line.registered + timedelta(days=between(rng, 0, span))
            ended = start + timedelta(days=between(rng, 60, 900)) if rng.random() < 0.2 else None
            self.rows["vehicle"].append(
                {
                    "id": self.ids.new("vehicle"),
                    "offender_id": oid,
                    "registration_mark": names.vehicle_mark(rng),
                    "make": make,
                    "model": model,
                    "colour": pick(rng, words.COLOURS),
                    "from_date": start,
                    "to_date": ended if ended and ended < self.as_of else None,
                    "notes": None,
                }
            )
