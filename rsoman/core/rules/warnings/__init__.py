"""The warning rules: pure functions from plain facts (see facts.py) to findings (findings.py).

The scan loads the facts in bulk and calls these three functions; the names of `WARNING_KINDS`
are part of the command line's output, and docs/warnings.md documents each of them.
"""

from .findings import Finding, Severity
from .meeting_rules import meeting_findings
from .offender_rules import offender_findings
from .officer_rules import officer_findings

WARNING_KINDS: dict[str, str] = {
    "first_home_visit_overdue": (
        "No successful home visit within the first-visit deadline after initial notification, "
        "release or arrival in the borough."
    ),
    "home_visit_due_soon": "The next home visit falls due within the due-soon window.",
    "home_visit_overdue": (
        "No successful home visit within the interval for the risk level or individual plan."
    ),
    "no_access_repeated": (
        "Two or more consecutive home visits without access: consider a s.96B warrant."
    ),
    "notification_due_soon": "The yearly periodic notification falls due within the window.",
    "notification_overdue": (
        "Periodic (yearly) or weekly (no fixed abode) notification not made by its due date."
    ),
    "travel_notified_late": "Foreign travel notified less than 7 days before departure.",
    "risk_assessment_missing": "No risk assessment by the deadline after registration.",
    "risk_review_overdue": "The risk assessment's review date has passed.",
    "risk_review_triggered": (
        "A new address, a breach or concern intelligence since the last risk assessment."
    ),
    "breach_action_overdue": "A breach with no action recorded within the decision deadline.",
    "repeated_concerns": "Concern intelligence reports at or above the threshold in the window.",
    "order_expiring": "An active order ends soon (or has ended but is still recorded active).",
    "notification_period_ending": (
        "A fixed notification period ends soon (or has ended while still active)."
    ),
    "indefinite_review_eligible": (
        "Indefinite notification requirements may now be reviewed on application."
    ),
    "unassigned_offender": "An active offender with no current offender manager.",
    "caseload_over_capacity": "An officer's active caseload is above capacity.",
    "mappa_review_overdue": (
        "A MAPPA level 2/3 case not reviewed at a held meeting within the level's interval."
    ),
    "mappa_rank_below_guidance": (
        "A held level 2/3 MAPPA meeting without police at the expected rank."
    ),
    "mappa_agency_absent": (
        "Children's social care absent from a MAPPA meeting where children are at risk."
    ),
}

__all__ = [
    "WARNING_KINDS",
    "Finding",
    "Severity",
    "meeting_findings",
    "offender_findings",
    "officer_findings",
]
