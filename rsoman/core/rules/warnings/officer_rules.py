"""Warning rules for one officer: caseload against capacity."""

from __future__ import annotations

from datetime import date

from ..policy import Policy
from .common import finding, policy_words
from .facts import OfficerFacts
from .findings import Finding, Severity


def officer_findings(facts: OfficerFacts, as_of: date, policy: Policy) -> list[Finding]:
    """`caseload_over_capacity` when the active caseload is above the officer's own capacity, or
    the policy's when none is set (at capacity is full, not over)."""
    if facts.capacity is not None:
        capacity, source = facts.capacity, "the officer's own capacity"
    else:
        capacity, source = policy.caseload_capacity, "the policy default"
    if facts.active_caseload <= capacity:
        return []
    over = facts.active_caseload - capacity
    return [
        finding(
            kind="caseload_over_capacity",
            severity=Severity.warning,
            subject_type="officer",
            subject_id=facts.officer_id,
            subject_ref=facts.warrant_number,
            anchor="capacity",
            due_on=None,
            as_of=as_of,
            explanation=(
                f"{facts.name} manages {facts.active_caseload} active offenders, {over} over "
                f"a capacity of {capacity} ({source}, {policy_words(policy)}): consider "
                "reallocating."
            ),
            policy=policy,
        )
    ]
