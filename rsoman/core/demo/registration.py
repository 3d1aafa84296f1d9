"""The registration: disposal, conviction, release and first notification dates, age at
conviction and offences, all consistent with the s.82 notification period."""

from __future__ import annotations

from datetime import date, timedelta

from ..store.enums import (
    Disposal,
    OffenderStatus,
    RiskLevel,
)
from . import words
from .chance import between, pick
from .clock import age_on
from .context import FICTIONAL, YEAR, RecordContext, Timeline, weighted
from .shape import OffenderPlan

CUSTODIAL = frozenset(
    {
        Disposal.custody,
        Disposal.life,
        Disposal.ipp,
        Disposal.hospital_restriction_order,
        Disposal.hospital_order,
    }
)
# (disposal, sentence months range, weight) for the whole caseload, and for the highest risk.
DISPOSALS: tuple[tuple[Disposal, tuple[int, int] | None, float], ...] = (
    (Disposal.custody, (30, 180), 0.28),
    (Disposal.custody, (7, 29), 0.22),
    (Disposal.custody, (2, 6), 0.06),
    (Disposal.life, None, 0.02),
    (Disposal.ipp, None, 0.01),
    (Disposal.hospital_restriction_order, None, 0.01),
    (Disposal.suspended_sentence, (6, 24), 0.10),
    (Disposal.community_order, None, 0.16),
    (Disposal.hospital_order, None, 0.01),
    (Disposal.conditional_discharge, (12, 36), 0.02),
    (Disposal.caution, None, 0.08),
)
# Custody of 30 months or more, life, IPP and restriction orders: indefinite requirements.
GRAVE_DISPOSALS = DISPOSALS[:6]
# Disposals with a fixed notification period (the only ones whose requirements can have ended).
FIXED_DISPOSALS = DISPOSALS[1:3] + DISPOSALS[6:]
LESSER_OFFENCES: dict[str, tuple[str, ...]] = {
    kind: tuple(o for o in offences if o not in words.GRAVE_OFFENCES)
    for kind, offences in words.OFFENCES.items()
}


class RegistrationRecords(RecordContext):
    def _disposal(self, plan: OffenderPlan) -> tuple[Disposal, int | None]:
        rng = self.rng
        if plan.status == OffenderStatus.requirements_ended:
            options = FIXED_DISPOSALS
        elif plan.risk == RiskLevel.very_high:
            options = GRAVE_DISPOSALS
        else:
            options = DISPOSALS
        disposal, span, _ = options[
            weighted(rng, tuple((i, w) for i, (_, _, w) in enumerate(options)))
        ]
        months = between(rng, *span) if span else None
        return disposal, months

    def _timeline(
        self, status: OffenderStatus, disposal: Disposal, months: int | None, years: float | None
    ) -> Timeline:
        rng = self.rng
        as_of = self.as_of
        period = None if years is None else int(years * YEAR)
        if status == OffenderStatus.requirements_ended and period is not None:
            back = period + between(rng, 10, 700)
            end = as_of - timedelta(days=back - period)
        else:
            if period is None:
                back = 10 + int(14 * YEAR * rng.random() ** 1.5)
            else:
                back = between(rng, 10, max(11, period - 20))
            end = as_of
            if status not in (OffenderStatus.active, OffenderStatus.requirements_ended):
                gap = between(rng, 15, 500)
                back = max(back, gap + 45)
                end = as_of - timedelta(days=gap)
        registered = as_of - timedelta(days=back)
        released = None
        if disposal in CUSTODIAL:
            if months is not None:
                served = int(months * 30.4 / 2 * rng.uniform(0.6, 1.0))
            elif disposal in (Disposal.life, Disposal.ipp):
                served = between(rng, 8 * YEAR, 20 * YEAR)
            else:
                served = between(rng, YEAR, 6 * YEAR)
            released = registered - timedelta(days=between(rng, 0, 3))
            convicted = released - timedelta(days=served)
        else:
            convicted = registered - timedelta(days=between(rng, 0, 3))
        return Timeline(registered, end, convicted, released)

    def _birth(self, convicted: date, juvenile: bool) -> tuple[date, int]:
        rng = self.rng
        if juvenile:
            age = between(rng, 12, 17)
        else:
            age = 18 + int(rng.betavariate(2.0, 3.2) * 55)
        born = convicted - timedelta(days=int(age * 365.25) + between(rng, 0, 360))
        if age_on(born, self.as_of) < 18:
            # Everyone on the register today is an adult.
            born = self.as_of - timedelta(days=18 * 366 + between(rng, 30, 900))
        return born, age_on(born, convicted)

    def _registration(
        self,
        oid: int,
        kind: str,
        disposal: Disposal,
        months: int | None,
        age: int,
        line: Timeline,
    ) -> None:
        rng = self.rng
        count = 1 if disposal == Disposal.caution else pick(rng, (1, 1, 1, 2, 2, 3))
        long_term = notification_years(disposal, months) is None
        pool = words.OFFENCES[kind] if long_term else LESSER_OFFENCES[kind]
        offences = rng.sample(pool, min(count, len(pool)))
        child = pick(rng, ("girl", "girl", "girl", "boy"))
        summary = pick(rng, words.SUMMARIES[kind]).format(
            age=between(rng, 9, 15),
            child=child,
            context=pick(rng, words.CHILD_CONTEXTS),
            n=between(rng, 2, 18),
            n2=between(rng, 40, 3000),
        )
        if disposal == Disposal.caution:
            court = None
        elif disposal in (Disposal.community_order, Disposal.conditional_discharge):
            court = pick(rng, words.MAGISTRATES if rng.random() < 0.7 else words.COURTS)
        else:
            court = pick(rng, words.COURTS)
        self.rows["registration"].append(
            {
                "id": self.ids.new("registration"),
                "offender_id": oid,
                "conviction_date": line.convicted,
                "offences": "; ".join(offences),
                "offence_summary": self._say(summary) + FICTIONAL,
                "court": court,
                "disposal": disposal.value,
                "sentence_months": months,
                "age_at_conviction": age,
                "first_notification_date": line.registered,
                "release_date": line.released,
            }
        )


def notification_years(disposal: Disposal, months: int | None) -> float | None:
    """The s.82 notification period in years for an adult (None: indefinite)."""
    if disposal in (Disposal.life, Disposal.ipp, Disposal.hospital_restriction_order):
        return None
    if disposal in (Disposal.custody, Disposal.suspended_sentence) and months is not None:
        if months >= 30:
            return None
        return 10 if months > 6 else 7
    if disposal == Disposal.caution:
        return 2
    if disposal == Disposal.conditional_discharge and months is not None:
        return months / 12
    return 5
