"""The rsoman-data/1 format, described once.

Each record kind lists its fields: the JSON key, what kind of value it holds, the model column it
fills, and its default. The JSON Schema (schema.py), the importer and the exporter are all driven
by these lists, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel import SQLModel

from ...store import enums
from ...store.models import (
    ARMS_FACTORS,
    Address,
    Assignment,
    Borough,
    Breach,
    Intelligence,
    MappaAction,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Notification,
    Offender,
    OffenderAlias,
    OffenderPhoto,
    Officer,
    Order,
    Registration,
    RiskAssessment,
    RiskManagementPlan,
    UserAccount,
    Vehicle,
    Visit,
    VisitPlanDecision,
)

FORMAT = "rsoman-data/1"


class Kind(StrEnum):
    key = "key"  # a natural key: not blank, no spaces at either end
    text = "text"  # free text, stored exactly as given
    date = "date"
    datetime = "datetime"
    integer = "integer"
    boolean = "boolean"
    enum = "enum"
    # References by natural key.
    borough = "borough"  # a borough code
    ward = "ward"  # a ward name in the record's borough
    officer = "officer"  # a warrant number
    user = "user"  # a username
    meeting = "meeting"  # a MAPPA meeting ref
    offender = "offender"  # an offender ref
    address = "address"  # an address key of the same offender
    order = "order"  # an order key of the same offender
    # Structured values.
    officers = "officers"  # a list of warrant numbers
    wards = "wards"  # a list of ward names
    arms = "arms"  # {factor: rating}
    prohibitions = "prohibitions"  # [text or {text, is_requirement}]
    photo = "photo"  # {data, mime, taken_on}
    records = "records"  # a nested list of records


REFERENCE_KINDS = frozenset(
    {
        Kind.borough,
        Kind.ward,
        Kind.officer,
        Kind.user,
        Kind.meeting,
        Kind.offender,
        Kind.address,
        Kind.order,
    }
)

# Defaults computed from the rest of the record at import time, rather than fixed values.
NOW = "now (the time of the import)"
SAME_AS_CREATED = "the same as created_at"
SAME_AS_MADE = "the same as made_on"
AGE_FROM_BIRTH = "worked out from date_of_birth and conviction_date"
COMPUTED_DEFAULTS = frozenset({NOW, SAME_AS_CREATED, SAME_AS_MADE, AGE_FROM_BIRTH})


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: Kind
    doc: str
    # The model attribute this fills; "" for keys that are not stored (document-local keys).
    column: str | None = None
    required: bool = False
    # The value used when the key is absent (or null) for a column that cannot be empty; one of
    # COMPUTED_DEFAULTS for values worked out from the record.
    default: Any = None
    enum: type[StrEnum] | None = None
    minimum: int | None = None
    maximum: int | None = None
    child: RecordSpec | None = None

    @property
    def target(self) -> str:
        return self.key if self.column is None else self.column


@dataclass(frozen=True)
class RecordSpec:
    name: str  # the JSON Schema $defs name, and the docs' heading
    model: type[SQLModel] | None
    doc: str
    fields: tuple[FieldSpec, ...]
    # Export order: these columns (empty values last), then insertion order.
    order_by: tuple[str, ...] = ()
    # Date pairs that must not run backwards: (earlier, later) JSON keys.
    date_order: tuple[tuple[str, str], ...] = ()
    keys: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {f.key: f for f in self.fields})

    def max_length(self, f: FieldSpec) -> int | None:
        if self.model is None or f.column == "":
            return None
        column = self.model.__table__.c.get(f.target)  # type: ignore[attr-defined]
        return getattr(column.type, "length", None) if column is not None else None


def _f(key: str, kind: Kind, doc: str, **kw: Any) -> FieldSpec:
    return FieldSpec(key=key, kind=kind, doc=doc, **kw)


def _enum(key: str, enum: type[StrEnum], doc: str, **kw: Any) -> FieldSpec:
    return FieldSpec(key=key, kind=Kind.enum, doc=doc, enum=enum, **kw)


def _records(key: str, child: RecordSpec, doc: str) -> FieldSpec:
    return FieldSpec(key=key, kind=Kind.records, doc=doc, column="", child=child)


ALIAS = RecordSpec(
    "alias",
    OffenderAlias,
    "Another name the offender uses or has used.",
    (
        _enum("kind", enums.AliasKind, "What sort of name.", default=enums.AliasKind.alias),
        _f("surname", Kind.text, "Surname.", required=True),
        _f("forenames", Kind.text, "Forenames (may be empty).", default=""),
    ),
)

REGISTRATION = RecordSpec(
    "registration",
    Registration,
    "The conviction, caution or order that brought the notification requirements.",
    (
        _f("conviction_date", Kind.date, "Date of conviction, caution or order.", required=True),
        _f("offences", Kind.text, "The offences, as on the record.", required=True),
        _f("offence_summary", Kind.text, "A short summary for briefings."),
        _f("court", Kind.text, "The court."),
        _enum(
            "disposal",
            enums.Disposal,
            "The disposal (sets the notification period).",
            required=True,
        ),
        _f(
            "sentence_months",
            Kind.integer,
            "Custodial term, or a conditional discharge's length, in months.",
            minimum=0,
            maximum=1200,
        ),
        _f(
            "age_at_conviction",
            Kind.integer,
            "Age at conviction, in years.",
            minimum=0,
            maximum=130,
            default=AGE_FROM_BIRTH,
        ),
        _f("first_notification_date", Kind.date, "Date of the first notification."),
        _f("release_date", Kind.date, "Date of release from custody."),
    ),
    order_by=("conviction_date",),
    date_order=(("conviction_date", "release_date"),),
)

ADDRESS = RecordSpec(
    "address",
    Address,
    "An address, with the dates it applied.",
    (
        _f(
            "key",
            Kind.key,
            "A name for this address within the offender, so that visits can "
            "refer to it (address_key). Exports use address-1, address-2, ...",
            column="",
        ),
        _enum(
            "kind",
            enums.AddressKind,
            "Home, secondary or no fixed abode.",
            default=enums.AddressKind.home,
        ),
        _f("line1", Kind.text, "First line.", required=True),
        _f("line2", Kind.text, "Second line."),
        _f("town", Kind.text, "Town."),
        _f("postcode", Kind.text, "Postcode."),
        _f("borough", Kind.borough, "Code of the borough the address is in.", column="borough_id"),
        _f("ward", Kind.ward, "Ward name, in that borough (needs borough).", column="ward_id"),
        _f("valid_from", Kind.date, "First day at this address.", required=True),
        _f("valid_to", Kind.date, "Last day at this address (empty: current)."),
        _f("notes", Kind.text, "Notes."),
    ),
    order_by=("valid_from",),
    date_order=(("valid_from", "valid_to"),),
)

VEHICLE = RecordSpec(
    "vehicle",
    Vehicle,
    "A vehicle the offender uses.",
    (
        _f("registration_mark", Kind.text, "Registration mark.", required=True),
        _f("make", Kind.text, "Make."),
        _f("model", Kind.text, "Model."),
        _f("colour", Kind.text, "Colour."),
        _f("from_date", Kind.date, "First known use."),
        _f("to_date", Kind.date, "Last known use."),
        _f("notes", Kind.text, "Notes."),
    ),
    order_by=("from_date",),
    date_order=(("from_date", "to_date"),),
)

ASSIGNMENT = RecordSpec(
    "assignment",
    Assignment,
    "Who managed the offender, and when (history is kept).",
    (
        _f(
            "officer",
            Kind.officer,
            "Warrant number of the offender manager.",
            required=True,
            column="officer_id",
        ),
        _f("start_date", Kind.date, "First day.", required=True),
        _f(
            "end_date",
            Kind.date,
            "The day the allocation ended, which is the next allocation's start date; it is not "
            "in force on that day (empty: current).",
        ),
        _f("reason", Kind.text, "Why the allocation was made.", default="initial allocation"),
        _f(
            "assigned_by",
            Kind.user,
            "Username of who made the allocation.",
            column="assigned_by_user_id",
        ),
    ),
    order_by=("start_date",),
    date_order=(("start_date", "end_date"),),
)

RISK_ASSESSMENT = RecordSpec(
    "risk_assessment",
    RiskAssessment,
    "A risk of serious harm assessment (history is kept; the newest is current).",
    (
        _f("assessed_on", Kind.date, "Date of the assessment.", required=True),
        _f(
            "assessor",
            Kind.officer,
            "Warrant number of the assessor.",
            column="assessor_officer_id",
        ),
        _enum("level", enums.RiskLevel, "Risk of serious harm level.", required=True),
        _enum("static_tool", enums.StaticTool, "Static tool used."),
        _f("static_result", Kind.text, "Its result (e.g. a Risk Matrix 2000 category)."),
        _f(
            "arms",
            Kind.arms,
            "ARMS ratings by factor (none, some or strong); factors not rated are left out.",
            column="",
        ),
        _f("next_review_on", Kind.date, "Date of the next review."),
        _f("reason", Kind.text, "Why the assessment was made (e.g. a change of address)."),
        _f("notes", Kind.text, "Notes."),
    ),
    order_by=("assessed_on",),
    date_order=(("assessed_on", "next_review_on"),),
)

VISIT_PLAN_DECISION = RecordSpec(
    "visit_plan_decision",
    VisitPlanDecision,
    "An authorised departure from the visit tariff, or a return to it.",
    (
        _enum("kind", enums.PlanKind, "What was decided.", required=True),
        _f(
            "interval_days",
            Kind.integer,
            "Days between home visits (individual_frequency only, where it is required).",
            minimum=1,
            maximum=3650,
        ),
        _f("effective_from", Kind.date, "First day the decision applies.", required=True),
        _f(
            "ended_on",
            Kind.date,
            "The day the decision stopped applying, which is the next decision's "
            "effective_from; it is not in force on that day.",
        ),
        _f(
            "authorised_by",
            Kind.officer,
            "Warrant number of the authorising supervisor.",
            required=True,
            column="authorised_by_officer_id",
        ),
        _f("reason", Kind.text, "The reason.", required=True),
    ),
    order_by=("effective_from",),
    date_order=(("effective_from", "ended_on"),),
)

VISIT = RecordSpec(
    "visit",
    Visit,
    "A planned visit (only planned_for) or a recorded one (occurred_at and outcome).",
    (
        _enum("kind", enums.VisitKind, "Kind of contact.", default=enums.VisitKind.home_visit),
        _f("planned_for", Kind.datetime, "When it was planned for."),
        _f("occurred_at", Kind.datetime, "When it took place."),
        _f(
            "address_key",
            Kind.address,
            "Key of the offender's address it was at. A successful home visit satisfies the "
            "schedule only if this address was the offender's home (or no fixed abode) on the "
            "visit's day; a visit naming no address is taken to be at the home in force.",
            column="address_id",
        ),
        _f("announced", Kind.boolean, "Whether the offender knew in advance.", default=False),
        _enum(
            "outcome",
            enums.VisitOutcome,
            "Outcome (only successful satisfies the home-visit schedule).",
        ),
        _f("who_present", Kind.text, "Who else was present."),
        _f("observations", Kind.text, "What was seen (devices, children, changes)."),
        _f("actions", Kind.text, "Actions arising."),
        _f("officers", Kind.officers, "Warrant numbers of the officers present.", column=""),
        _f("recorded_by", Kind.user, "Username of who recorded it.", column="recorded_by_user_id"),
        _f("created_at", Kind.datetime, "When the record was made.", default=NOW),
    ),
    order_by=("occurred_at", "planned_for"),
)

NOTIFICATION = RecordSpec(
    "notification",
    Notification,
    "A notification made by the offender (Sexual Offences Act 2003, Part 2).",
    (
        _enum("kind", enums.NotificationKind, "Kind of notification.", required=True),
        _f("notified_on", Kind.date, "Date it was made.", required=True),
        _f("event_on", Kind.date, "Date of the event it reports (a move, a release)."),
        _enum("change_type", enums.ChangeType, "For a change notification: what changed."),
        _f(
            "received_by",
            Kind.officer,
            "Warrant number of the officer who received it.",
            column="received_by_officer_id",
        ),
        _f("details", Kind.text, "Details."),
        _f("travel_destination", Kind.text, "Foreign travel: destination."),
        _f("travel_departure_on", Kind.date, "Foreign travel: departure date."),
        _f("travel_return_on", Kind.date, "Foreign travel: return date."),
        _f(
            "travel_short_notice_reason",
            Kind.text,
            "Foreign travel: why less than 7 days' notice was given.",
        ),
        _f("household_child_address", Kind.text, "Household with a child: the address stayed at."),
    ),
    order_by=("notified_on",),
    date_order=(("travel_departure_on", "travel_return_on"),),
)

PROHIBITION = RecordSpec(
    "prohibition",
    None,
    "A prohibition or positive requirement of an order, in its exact words. Written as plain "
    "text for a prohibition, or as this object.",
    (
        _f("text", Kind.text, "The exact words.", required=True),
        _f(
            "is_requirement",
            Kind.boolean,
            "A positive requirement rather than a prohibition.",
            default=False,
        ),
    ),
)

ORDER = RecordSpec(
    "order",
    Order,
    "A court order (SHPO, SRO, notification order) with its prohibitions.",
    (
        _f(
            "key",
            Kind.key,
            "A name for this order within the offender, so that breaches can "
            "refer to it (order_key). Exports use order-1, order-2, ...",
            column="",
        ),
        _enum("kind", enums.OrderKind, "Kind of order.", required=True),
        _f("court", Kind.text, "The court that made it.", required=True),
        _f("made_on", Kind.date, "Date made.", required=True),
        _f("starts_on", Kind.date, "Date it starts.", default=SAME_AS_MADE),
        _f("ends_on", Kind.date, "Date it ends (empty: until further order)."),
        _enum("status", enums.OrderStatus, "Status.", default=enums.OrderStatus.active),
        _f("reference", Kind.text, "The court's reference."),
        _f("notes", Kind.text, "Notes."),
        _f(
            "prohibitions",
            Kind.prohibitions,
            "Its prohibitions and requirements, in order.",
            column="",
        ),
    ),
    order_by=("made_on",),
    date_order=(("starts_on", "ends_on"),),
)

BREACH = RecordSpec(
    "breach",
    Breach,
    "A breach of the notification requirements or of an order, and the action taken.",
    (
        _enum("kind", enums.BreachKind, "What was breached.", required=True),
        _f(
            "order_key",
            Kind.order,
            "Key of the offender's order that was breached (for kind order, where it is required).",
            column="order_id",
        ),
        _f("description", Kind.text, "What happened.", required=True),
        _f("occurred_on", Kind.date, "When it happened."),
        _f("found_on", Kind.date, "When it was found.", required=True),
        _f(
            "found_by",
            Kind.officer,
            "Warrant number of who found it.",
            column="found_by_officer_id",
        ),
        _enum("action", enums.BreachAction, "Action taken."),
        _f("action_on", Kind.date, "Date of the action."),
        _f("action_reason", Kind.text, "Reason (required in practice for no further action)."),
        _f("outcome", Kind.text, "Outcome."),
        _f("outcome_on", Kind.date, "Date of the outcome."),
        _f("national_ref", Kind.text, "PNC/ViSOR reference of the national record."),
        _f("recorded_nationally_on", Kind.date, "Date recorded on national systems."),
    ),
    order_by=("found_on",),
    date_order=(("occurred_on", "found_on"), ("found_on", "action_on")),
)

INTELLIGENCE = RecordSpec(
    "intelligence",
    Intelligence,
    "A piece of intelligence about the offender.",
    (
        _f("received_on", Kind.date, "Date received.", required=True),
        _enum("source", enums.IntelSource, "Where it came from.", required=True),
        _f("source_detail", Kind.text, "Who, more precisely."),
        _f("grading", Kind.text, "Its grading."),
        _f("text", Kind.text, "What was reported.", required=True),
        _f(
            "is_concern",
            Kind.boolean,
            "Whether it is a concern (counts towards the several-concerns warning).",
            default=False,
        ),
        _f("recorded_by", Kind.user, "Username of who recorded it.", column="recorded_by_user_id"),
        _f("created_at", Kind.datetime, "When the record was made.", default=NOW),
    ),
    order_by=("received_on",),
)

RISK_MANAGEMENT_PLAN = RecordSpec(
    "risk_management_plan",
    RiskManagementPlan,
    "A version of the risk management plan (the newest is current).",
    (
        _f("agreed_on", Kind.date, "Date agreed.", required=True),
        _f(
            "meeting_ref",
            Kind.meeting,
            "Ref of the MAPPA meeting that agreed it.",
            column="meeting_id",
        ),
        _f("supervision", Kind.text, "Supervision."),
        _f("monitoring_and_control", Kind.text, "Monitoring and control."),
        _f("interventions_and_treatment", Kind.text, "Interventions and treatment."),
        _f("victim_safety_planning", Kind.text, "Victim safety planning."),
        _f("contingency", Kind.text, "Contingency."),
        _f("created_at", Kind.datetime, "When the record was made.", default=NOW),
    ),
    order_by=("agreed_on",),
)

MAPPA_ACTION = RecordSpec(
    "mappa_action",
    MappaAction,
    "An action of the risk management plan, with its owner and due date.",
    (
        _f(
            "meeting_ref",
            Kind.meeting,
            "Ref of the MAPPA meeting that set it.",
            column="meeting_id",
        ),
        _enum("heading", enums.PlanHeading, "Plan heading.", required=True),
        _f("description", Kind.text, "What is to be done.", required=True),
        _enum("owner_agency", enums.Agency, "Owning agency.", required=True),
        _f("owner_name", Kind.text, "Owner's name."),
        _f("due_on", Kind.date, "Due date.", required=True),
        _f("completed_on", Kind.date, "Date completed."),
    ),
    order_by=("due_on",),
)

PHOTO = RecordSpec(
    "photo",
    OffenderPhoto,
    "The offender's photograph.",
    (
        _f("data", Kind.text, "The image, base64-encoded.", required=True, column="image"),
        _f(
            "mime",
            Kind.enum,
            "Image type.",
            default="image/png",
            enum=StrEnum("PhotoMime", {"png": "image/png", "jpeg": "image/jpeg"}),
        ),
        _f("taken_on", Kind.date, "Date taken."),
    ),
)

OFFENDER = RecordSpec(
    "offender",
    Offender,
    "A registered offender, with everything recorded about them.",
    (
        _f("ref", Kind.key, "Our reference, e.g. RSO-000123 (unique).", required=True),
        _f("surname", Kind.text, "Surname.", required=True),
        _f("forenames", Kind.text, "Forenames.", required=True),
        _f("date_of_birth", Kind.date, "Date of birth.", required=True),
        _enum("sex", enums.Sex, "Sex.", required=True),
        _f("description", Kind.text, "Physical description (for briefings)."),
        _f("marks", Kind.text, "Scars, marks and tattoos."),
        _f("victim_profile", Kind.text, "Victim profile (for briefings)."),
        _f("pnc_ref", Kind.text, "Police National Computer reference."),
        _f("visor_ref", Kind.text, "ViSOR reference."),
        _enum("status", enums.OffenderStatus, "Status.", default=enums.OffenderStatus.active),
        _f(
            "borough",
            Kind.borough,
            "Code of the borough whose Jigsaw team manages them.",
            required=True,
            column="borough_id",
        ),
        _f("mappa_category", Kind.integer, "MAPPA category (1, 2 or 3).", minimum=1, maximum=3),
        _f("mappa_level", Kind.integer, "MAPPA level (1, 2 or 3).", minimum=1, maximum=3),
        _f("restricted", Kind.boolean, "A restricted record.", default=False),
        _f("retention_review_on", Kind.date, "Date of the next retention review."),
        _f("created_at", Kind.datetime, "When the record was made.", default=NOW),
        _f("updated_at", Kind.datetime, "When it was last changed.", default=SAME_AS_CREATED),
        _f("photo", Kind.photo, "Photograph.", column="", child=PHOTO),
        _records("aliases", ALIAS, "Other names."),
        _records("registrations", REGISTRATION, "Convictions bringing the requirements."),
        _records("addresses", ADDRESS, "Addresses."),
        _records("vehicles", VEHICLE, "Vehicles."),
        _records("assignments", ASSIGNMENT, "Offender managers over time."),
        _records("risk_assessments", RISK_ASSESSMENT, "Risk assessments."),
        _records("visit_plan_decisions", VISIT_PLAN_DECISION, "Visit plan decisions."),
        _records("visits", VISIT, "Visits, planned and recorded."),
        _records("notifications", NOTIFICATION, "Notifications."),
        _records("orders", ORDER, "Court orders."),
        _records("breaches", BREACH, "Breaches."),
        _records("intelligence", INTELLIGENCE, "Intelligence."),
        _records("risk_management_plans", RISK_MANAGEMENT_PLAN, "Risk management plans."),
        _records("mappa_actions", MAPPA_ACTION, "MAPPA actions."),
    ),
)

ATTENDEE = RecordSpec(
    "mappa_attendee",
    MappaAttendee,
    "Someone invited to a MAPPA meeting (absent invitees are kept: absence is a finding).",
    (
        _enum("agency", enums.Agency, "Their agency.", required=True),
        _f("name", Kind.text, "Name.", required=True),
        _f("role", Kind.text, "Role."),
        _enum("rank", enums.Rank, "Police attendees: rank."),
        _f("officer", Kind.officer, "Police attendees: warrant number.", column="officer_id"),
        _f("attended", Kind.boolean, "Whether they attended.", default=True),
    ),
)

CASE = RecordSpec(
    "mappa_case",
    MappaCase,
    "An offender discussed at a MAPPA meeting.",
    (
        _f(
            "offender_ref",
            Kind.offender,
            "Ref of the offender (in this document or already in the database).",
            required=True,
            column="offender_id",
        ),
        _f("children_at_risk", Kind.boolean, "Whether children are at risk.", default=False),
        _f("summary", Kind.text, "Summary of the discussion."),
        _f("next_review_on", Kind.date, "Date of the next review."),
    ),
)

MEETING = RecordSpec(
    "mappa_meeting",
    MappaMeeting,
    "A MAPPA meeting, its attendees and its cases.",
    (
        _f("ref", Kind.key, "Reference of the meeting (unique).", required=True),
        _f("borough", Kind.borough, "Borough code.", required=True, column="borough_id"),
        _f("level", Kind.integer, "MAPPA level (1, 2 or 3).", required=True, minimum=1, maximum=3),
        _f("held_at", Kind.datetime, "When it was (or is to be) held.", required=True),
        _enum("status", enums.MeetingStatus, "Status.", default=enums.MeetingStatus.planned),
        _f("chair", Kind.text, "Chair."),
        _f("location", Kind.text, "Location."),
        _f("notes", Kind.text, "Notes."),
        _records("attendees", ATTENDEE, "Invitees, in order."),
        _records("cases", CASE, "Cases discussed."),
    ),
)

BOROUGH = RecordSpec(
    "borough",
    Borough,
    "A borough (or the central team). Boroughs already in the database (the 32 London "
    "boroughs and the central team are) are matched by code; their wards are added if "
    "missing.",
    (
        _f("code", Kind.key, "Code, e.g. camden.", required=True),
        _f("name", Kind.text, "Name.", required=True),
        _f("is_central", Kind.boolean, "The central Jigsaw team.", default=False),
        _f("wards", Kind.wards, "Ward names.", column=""),
    ),
)

OFFICER = RecordSpec(
    "officer",
    Officer,
    "A police officer or member of staff.",
    (
        _f("warrant_number", Kind.key, "Warrant number (unique).", required=True),
        _f("surname", Kind.text, "Surname.", required=True),
        _f("forenames", Kind.text, "Forenames.", required=True),
        _enum("rank", enums.Rank, "Rank.", default=enums.Rank.dc),
        _f("borough", Kind.borough, "Borough code.", required=True, column="borough_id"),
        _enum(
            "team_role",
            enums.TeamRole,
            "Role in the team.",
            default=enums.TeamRole.offender_manager,
        ),
        _f("team", Kind.text, "Team within the borough unit, e.g. Team 2."),
        _f(
            "capacity",
            Kind.integer,
            "Caseload capacity (empty: the policy default).",
            minimum=0,
            maximum=10000,
        ),
        _f("email", Kind.text, "Email."),
        _f("phone", Kind.text, "Phone."),
        _f(
            "active",
            Kind.boolean,
            "Still serving in the unit. An officer who is not manages no one: their offenders "
            "count as unallocated.",
            default=True,
        ),
    ),
)

USER = RecordSpec(
    "user",
    UserAccount,
    "A user account. Never a password: imported accounts cannot sign in until an "
    "administrator sets one.",
    (
        _f("username", Kind.key, "Username (unique).", required=True),
        _enum("role", enums.Role, "Role.", required=True),
        _f(
            "officer",
            Kind.officer,
            "Warrant number of the officer (every account but an administrator's is an officer's).",
            column="officer_id",
        ),
        _f("active", Kind.boolean, "Whether the account may be used.", default=True),
    ),
)

# Top-level lists, in the order they are written (and read).
TOP_LEVEL: tuple[tuple[str, RecordSpec], ...] = (
    ("boroughs", BOROUGH),
    ("officers", OFFICER),
    ("users", USER),
    ("offenders", OFFENDER),
    ("mappa_meetings", MEETING),
)

# Every record kind that maps to a table, for docs and tests.
ALL_RECORDS: tuple[RecordSpec, ...] = (
    BOROUGH,
    OFFICER,
    USER,
    OFFENDER,
    PHOTO,
    ALIAS,
    REGISTRATION,
    ADDRESS,
    VEHICLE,
    ASSIGNMENT,
    RISK_ASSESSMENT,
    VISIT_PLAN_DECISION,
    VISIT,
    NOTIFICATION,
    ORDER,
    PROHIBITION,
    BREACH,
    INTELLIGENCE,
    RISK_MANAGEMENT_PLAN,
    MAPPA_ACTION,
    MEETING,
    ATTENDEE,
    CASE,
)

ARMS_COLUMNS: dict[str, str] = {factor: f"arms_{factor}" for factor in ARMS_FACTORS}
