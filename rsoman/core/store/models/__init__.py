"""All tables. Importing this module registers every table on SQLModel.metadata."""

from .audit import AuditEntry
from .issued_pack import IssuedPack
from .legal import Breach, Intelligence, Notification, Order, Prohibition
from .mappa import MappaAction, MappaAttendee, MappaCase, MappaMeeting, RiskManagementPlan
from .offender import (
    Address,
    Assignment,
    Offender,
    OffenderAlias,
    OffenderPhoto,
    Registration,
    Vehicle,
)
from .offender_current import OffenderCurrent
from .policy import PolicyVersion
from .reference import Borough, Officer, UserAccount, Ward
from .restricted_grant import RestrictedGrant
from .revision import RecordRevision
from .scan_state import OffenderScanState
from .setting import ForceSetting
from .supervision import (
    ARMS_FACTORS,
    ARMS_PROTECTIVE_FACTORS,
    ARMS_RISK_FACTORS,
    RiskAssessment,
    Visit,
    VisitOfficer,
    VisitPlanDecision,
)
from .tombstone import ErasureTombstone
from .warning import Warning, WarningEvent, WarningEventKind, WarningState

__all__ = [
    "ARMS_FACTORS",
    "ARMS_PROTECTIVE_FACTORS",
    "ARMS_RISK_FACTORS",
    "Address",
    "Assignment",
    "AuditEntry",
    "Borough",
    "Breach",
    "ErasureTombstone",
    "ForceSetting",
    "Intelligence",
    "IssuedPack",
    "MappaAction",
    "MappaAttendee",
    "MappaCase",
    "MappaMeeting",
    "Notification",
    "Offender",
    "OffenderAlias",
    "OffenderCurrent",
    "OffenderPhoto",
    "OffenderScanState",
    "Officer",
    "Order",
    "PolicyVersion",
    "Prohibition",
    "RecordRevision",
    "Registration",
    "RestrictedGrant",
    "RiskAssessment",
    "RiskManagementPlan",
    "UserAccount",
    "Vehicle",
    "Visit",
    "VisitOfficer",
    "VisitPlanDecision",
    "Ward",
    "Warning",
    "WarningEvent",
    "WarningEventKind",
    "WarningState",
]
