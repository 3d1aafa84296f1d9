"""Closed vocabularies of the store.

Member names equal their values (lower case) so that the database, the JSON interchange format and
the code all spell a value the same way.
"""

from enum import StrEnum


class Role(StrEnum):
    offender_manager = "offender_manager"
    supervisor = "supervisor"
    mappa_coordinator = "mappa_coordinator"
    read_only_manager = "read_only_manager"
    administrator = "administrator"


class Rank(StrEnum):
    police_staff = "police_staff"
    pc = "pc"
    dc = "dc"
    ps = "ps"
    ds = "ds"
    inspector = "inspector"
    di = "di"
    chief_inspector = "chief_inspector"
    dci = "dci"
    superintendent = "superintendent"
    dsu = "dsu"
    chief_superintendent = "chief_superintendent"
    commander = "commander"


# Seniority order used by MAPPA attendance checks (detective and uniform ranks are equal).
RANK_SENIORITY: dict[Rank, int] = {
    Rank.police_staff: 0,
    Rank.pc: 1,
    Rank.dc: 1,
    Rank.ps: 2,
    Rank.ds: 2,
    Rank.inspector: 3,
    Rank.di: 3,
    Rank.chief_inspector: 4,
    Rank.dci: 4,
    Rank.superintendent: 5,
    Rank.dsu: 5,
    Rank.chief_superintendent: 6,
    Rank.commander: 7,
}


class TeamRole(StrEnum):
    offender_manager = "offender_manager"
    supervisor = "supervisor"
    mappa_coordinator = "mappa_coordinator"
    manager = "manager"
    administrator = "administrator"
    other = "other"


class Sex(StrEnum):
    male = "male"
    female = "female"
    other = "other"


class OffenderStatus(StrEnum):
    active = "active"
    in_custody = "in_custody"
    abroad = "abroad"
    transferred_out = "transferred_out"
    requirements_ended = "requirements_ended"
    deceased = "deceased"


class AliasKind(StrEnum):
    alias = "alias"
    previous_name = "previous_name"
    nickname = "nickname"


class Disposal(StrEnum):
    """Disposal that sets the notification period (Sexual Offences Act 2003 s.82)."""

    custody = "custody"
    life = "life"
    ipp = "ipp"
    hospital_restriction_order = "hospital_restriction_order"
    hospital_order = "hospital_order"
    suspended_sentence = "suspended_sentence"
    community_order = "community_order"
    conditional_discharge = "conditional_discharge"
    caution = "caution"
    notification_order = "notification_order"
    other = "other"


class AddressKind(StrEnum):
    home = "home"
    secondary = "secondary"
    no_fixed_abode = "no_fixed_abode"


class RiskLevel(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    very_high = "very_high"


RISK_ORDER: dict[RiskLevel, int] = {
    RiskLevel.low: 0,
    RiskLevel.medium: 1,
    RiskLevel.high: 2,
    RiskLevel.very_high: 3,
}


class StaticTool(StrEnum):
    rm2000 = "rm2000"
    osp_c = "osp_c"
    osp_i = "osp_i"
    other = "other"


class ArmsRating(StrEnum):
    none = "none"
    some = "some"
    strong = "strong"


class PlanKind(StrEnum):
    """A visit-plan decision: individual frequency, reactive management, or back to tariff."""

    individual_frequency = "individual_frequency"
    reactive_management = "reactive_management"
    tariff = "tariff"


class VisitKind(StrEnum):
    home_visit = "home_visit"
    station_attendance = "station_attendance"
    other_contact = "other_contact"


class VisitOutcome(StrEnum):
    """Only `successful` (offender seen, at the notified home address, access given) satisfies
    the home-visit schedule."""

    successful = "successful"
    no_reply = "no_reply"
    refused_entry = "refused_entry"
    offender_absent = "offender_absent"
    seen_elsewhere = "seen_elsewhere"
    attended = "attended"
    cancelled = "cancelled"


# Outcomes that count as a failed attempt to gain entry (s.96B warrant consideration).
NO_ACCESS_OUTCOMES = frozenset({VisitOutcome.no_reply, VisitOutcome.refused_entry})


class NotificationKind(StrEnum):
    initial = "initial"
    change = "change"
    periodic = "periodic"
    weekly_nfa = "weekly_nfa"
    foreign_travel = "foreign_travel"
    household_child = "household_child"


class ChangeType(StrEnum):
    name = "name"
    home_address = "home_address"
    other_address = "other_address"
    release = "release"
    other = "other"


class OrderKind(StrEnum):
    shpo = "shpo"
    interim_shpo = "interim_shpo"
    sro = "sro"
    interim_sro = "interim_sro"
    notification_order = "notification_order"


class OrderStatus(StrEnum):
    active = "active"
    varied = "varied"
    discharged = "discharged"
    expired = "expired"


class BreachKind(StrEnum):
    notification_requirements = "notification_requirements"
    order = "order"
    other = "other"


class BreachAction(StrEnum):
    arrest = "arrest"
    voluntary_interview = "voluntary_interview"
    charge = "charge"
    caution = "caution"
    warning = "warning"
    no_further_action = "no_further_action"


class IntelSource(StrEnum):
    public = "public"
    partner_agency = "partner_agency"
    police = "police"
    offender_manager = "offender_manager"
    other = "other"


class MeetingStatus(StrEnum):
    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class Agency(StrEnum):
    police = "police"
    probation = "probation"
    prisons = "prisons"
    childrens_social_care = "childrens_social_care"
    adult_social_care = "adult_social_care"
    health = "health"
    housing = "housing"
    youth_offending = "youth_offending"
    immigration = "immigration"
    jobcentre_plus = "jobcentre_plus"
    electronic_monitoring = "electronic_monitoring"
    education = "education"
    other = "other"


class PlanHeading(StrEnum):
    supervision = "supervision"
    monitoring_and_control = "monitoring_and_control"
    interventions_and_treatment = "interventions_and_treatment"
    victim_safety_planning = "victim_safety_planning"
    contingency = "contingency"


class AuditAction(StrEnum):
    """Data Protection Act 2018 s.62 logging categories, plus sign-in events."""

    collection = "collection"
    alteration = "alteration"
    consultation = "consultation"
    disclosure = "disclosure"
    combination = "combination"
    erasure = "erasure"
    authentication = "authentication"
    refusal = "refusal"
