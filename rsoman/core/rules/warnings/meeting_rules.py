"""Warning rules for one MAPPA meeting: police rank and key agencies present.

Both look only at meetings held on or before `as_of`: a planned or cancelled meeting has no
attendance to judge. Invited attendees marked absent count as absent. A meeting's warnings last
until it is superseded: once every case discussed at it has been discussed again at a held
meeting on a later day (on or before `as_of`), its attendance no longer bears on how any case is
managed now, and a later meeting's own attendance is judged on its own.
"""

from __future__ import annotations

from datetime import date

from ...store.enums import RANK_SENIORITY, Agency, Rank
from ..policy import Policy
from .common import fd, finding, policy_words
from .facts import MeetingFacts
from .findings import Finding, Severity


def _rank_words(rank: Rank) -> str:
    """Abbreviated ranks in capitals ("DCI"), others in words ("chief inspector")."""
    value = Rank(rank).value
    return value.upper() if len(value) <= 3 else value.replace("_", " ")


def _make(
    facts: MeetingFacts, as_of: date, policy: Policy, kind: str, anchor: str, text: str
) -> Finding:
    return finding(
        kind=kind,
        severity=Severity.warning,
        subject_type="meeting",
        subject_id=facts.meeting_id,
        subject_ref=facts.ref,
        anchor=anchor,
        due_on=None,
        as_of=as_of,
        explanation=text,
        policy=policy,
    )


def rank_findings(facts: MeetingFacts, as_of: date, policy: Policy) -> list[Finding]:
    """`mappa_rank_below_guidance`: the most senior police attendee is below the level's
    expected rank, or no police officer attended (a police attendee with no rank recorded
    cannot show the guidance was met)."""
    expected = policy.mappa_min_rank(facts.level)
    if expected is None:
        return []
    police = [a for a in facts.attendees if a.agency == Agency.police and a.attended]
    ranked = [Rank(a.rank) for a in police if a.rank is not None]
    best = max(ranked, key=lambda r: RANK_SENIORITY[r]) if ranked else None
    if best is not None and RANK_SENIORITY[best] >= RANK_SENIORITY[expected]:
        return []
    if not police:
        found = "no police officer attended"
    elif best is None:
        found = "no police attendee's rank was recorded"
    else:
        found = f"the most senior police attendee was {_rank_words(best)}"
    return [
        _make(
            facts,
            as_of,
            policy,
            "mappa_rank_below_guidance",
            "police-rank",
            f"MAPPA level {facts.level} meeting {facts.ref} on {fd(facts.held_on)}: {found}; "
            f"guidance expects police at {_rank_words(expected)} rank or above "
            f"({policy_words(policy)}).",
        )
    ]


def agency_findings(facts: MeetingFacts, as_of: date, policy: Policy) -> list[Finding]:
    """`mappa_agency_absent`: children are at risk in a case discussed and children's social
    care did not attend."""
    if not facts.children_at_risk:
        return []
    social_care = [a for a in facts.attendees if a.agency == Agency.childrens_social_care]
    if any(a.attended for a in social_care):
        return []
    how = "was invited but absent" if social_care else "was not present"
    return [
        _make(
            facts,
            as_of,
            policy,
            "mappa_agency_absent",
            Agency.childrens_social_care.value,
            f"MAPPA level {facts.level} meeting {facts.ref} on {fd(facts.held_on)} discussed a "
            f"case with children at risk, but children's social care {how}: escalate to the "
            f"MAPPA co-ordinator ({policy_words(policy)}).",
        )
    ]


def meeting_findings(facts: MeetingFacts, as_of: date, policy: Policy) -> list[Finding]:
    """Every warning for one meeting on `as_of`, sorted by natural key."""
    if not facts.held or facts.held_on > as_of:
        return []
    if facts.superseded_on is not None and facts.superseded_on <= as_of:
        return []
    out = rank_findings(facts, as_of, policy) + agency_findings(facts, as_of, policy)
    return sorted(out, key=lambda f: f.natural_key)
