"""What a warning rule returns: a finding, with its explanation and a natural key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal


class Severity(StrEnum):
    """How urgently someone must act. Ordered: info < warning < urgent."""

    info = "info"
    warning = "warning"
    urgent = "urgent"


SEVERITY_ORDER = {Severity.info: 0, Severity.warning: 1, Severity.urgent: 2}

SubjectType = Literal["offender", "officer", "meeting"]


@dataclass(frozen=True)
class Finding:
    kind: str  # e.g. "home_visit_overdue" (names are part of the CLI's output)
    severity: Severity
    subject_type: SubjectType
    subject_id: int
    subject_ref: str  # offender ref, officer warrant number, or meeting ref
    # What makes this warning *this* warning for its subject and kind (e.g. the breach id, the
    # order id, the due date of a notification cycle): with kind and subject, the natural key
    # under which the store keeps one row however often the scan runs.
    anchor: str
    due_on: date | None
    days_overdue: int  # 0 when not yet overdue
    explanation: str  # the arithmetic in words, naming the policy version
    policy_version: int

    @property
    def natural_key(self) -> str:
        return f"{self.kind}:{self.subject_type}:{self.subject_ref}:{self.anchor}"
