"""Recording notifications (Sexual Offences Act 2003, Part 2): initial, changes, periodic and
weekly re-notification, foreign travel, and stays in a household with a child.

A late notification is still recorded (it is what happened); the dates that show it was late are
required, so the warnings engine and the record can say by how much. Foreign travel given less
than the policy's notice needs the reason it was not reasonably practicable to give more. The
`*_words` functions explain a date the way the rules do, for the form to show while typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from ..rules.dates import format_date, london_today
from ..rules.policy import Policy
from ..store.enums import AuditAction, ChangeType, NotificationKind
from ..store.models import Notification, Offender, Officer
from ..store.models._types import utcnow
from . import audit
from .actor import Actor
from .corrections import apply_correction, reason_problems
from .errors import Problem, ValidationFailed
from .offenders import entry_of_offender, find_offender, require_offender_access
from .permissions import Action, require
from .policy import current_policy

KIND_WORDS: dict[NotificationKind, str] = {
    NotificationKind.initial: "initial",
    NotificationKind.change: "change",
    NotificationKind.periodic: "periodic (yearly)",
    NotificationKind.weekly_nfa: "weekly (no fixed abode)",
    NotificationKind.foreign_travel: "foreign travel",
    NotificationKind.household_child: "stay in a household with a child",
}

CHANGE_WORDS: dict[ChangeType, str] = {
    ChangeType.name: "change of name",
    ChangeType.home_address: "change of home address",
    ChangeType.other_address: "stay at another address",
    ChangeType.release: "release",
    ChangeType.other: "other change",
}

# What the event date of each kind is (the form labels it so; explanations name it).
EVENT_WORDS: dict[NotificationKind, str] = {
    NotificationKind.initial: "conviction, caution or release",
    NotificationKind.change: "change",
    NotificationKind.household_child: "stay",
}

DESTINATION_MAX = 200  # the column's length


@dataclass(frozen=True)
class NotificationInput:
    kind: NotificationKind | None
    notified_on: date | None
    # The event notified (a move, a release, the start of a stay): lateness is counted from it.
    event_on: date | None = None
    change_type: ChangeType | None = None
    # The officer who received it, by warrant number; blank means the signed-in officer.
    received_by_warrant: str | None = None
    details: str | None = None
    travel_destination: str | None = None
    travel_departure_on: date | None = None
    travel_return_on: date | None = None
    # Ticked when the offender does not know the return date (the law asks for it if known).
    travel_return_unknown: bool = False
    travel_short_notice_reason: str | None = None
    household_child_address: str | None = None


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


# --- explanations (pure: the form shows them as dates are typed) ---------------------------


def allowed_delay_days(kind: NotificationKind | None, policy: Policy) -> int | None:
    """How many days after its event a notification of this kind may be given (None: the kind
    has no event deadline, e.g. periodic notifications run on their own clock)."""
    if kind == NotificationKind.initial:
        return policy.initial_notification_days
    if kind in (NotificationKind.change, NotificationKind.household_child):
        return policy.change_notification_days
    return None


def lateness_words(
    kind: NotificationKind | None, event_on: date | None, notified_on: date | None, policy: Policy
) -> str:
    """ "notified 5 days after the change: 2 days late (3 allowed)", or "" if not applicable."""
    allowed = allowed_delay_days(kind, policy)
    if allowed is None or event_on is None or notified_on is None or kind is None:
        return ""
    event = EVENT_WORDS[kind]
    delay = (notified_on - event_on).days
    if delay < 0:
        return f"Notified {_days(-delay)} before the {event} (in advance): on time."
    when = "on the day of the" if delay == 0 else f"{_days(delay)} after the"
    if delay <= allowed:
        return f"Notified {when} {event}: within the {_days(allowed)} allowed."
    return (
        f"Notified {when} {event}: {_days(delay - allowed)} late "
        f"({_days(allowed)} allowed, policy v{policy.version})."
    )


def travel_notice_days(notified_on: date, departure_on: date) -> int:
    return (departure_on - notified_on).days


def is_short_notice(notified_on: date, departure_on: date, policy: Policy) -> bool:
    """Less notice than the policy requires (the same test as the travel warning rule)."""
    return travel_notice_days(notified_on, departure_on) < policy.foreign_travel_notice_days


def travel_notice_words(notified_on: date | None, departure_on: date | None, policy: Policy) -> str:
    """ "notified 5 days before departure: less than the 7 required", or "" without dates."""
    if notified_on is None or departure_on is None:
        return ""
    given = travel_notice_days(notified_on, departure_on)
    need = policy.foreign_travel_notice_days
    if given < 0:
        gap = f"{_days(-given)} after departure"
    elif given == 0:
        gap = "on the day of departure"
    else:
        gap = f"{_days(given)} before departure"
    if given >= need:
        return f"Notified {gap}: at least the {_days(need)} required."
    return (
        f"Notified {gap}: less than the {_days(need)} required (policy v{policy.version}); "
        "record why more notice was not reasonably practicable."
    )


# --- validation shared by new entries and corrections ---------------------------------------


def officer_by_warrant(
    session: Session, warrant: str | None, field: str, problems: list[Problem], *, blank: int | None
) -> int | None:
    """The officer with this warrant number; `blank` when none is given (a new entry passes
    the actor's own officer; a correction None, so it never puts the corrector in)."""
    text = (warrant or "").strip()
    if not text:
        return blank
    officer = session.exec(select(Officer).where(Officer.warrant_number == text)).first()
    if officer is None:
        problems.append(Problem("", field, f"no officer with warrant number {text!r}"))
        return None
    return officer.id


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))


def own_warrant(session: Session, actor: Actor) -> str | None:
    """The signed-in user's warrant number (what a form puts in "received by" / "found by")."""
    if actor.officer_id is None:
        return None
    officer = session.get(Officer, actor.officer_id)
    return officer.warrant_number if officer else None


def not_future(day: date | None, field: str, what: str, problems: list[Problem]) -> None:
    if day is not None and day > london_today():
        problems.append(Problem("", field, f"{what} ({format_date(day)}) is in the future"))


def _columns(
    session: Session,
    value: NotificationInput,
    policy: Policy,
    problems: list[Problem],
    *,
    officer_if_blank: int | None,
) -> dict[str, Any]:
    """The row's column values from an input; every problem is added to `problems` (the
    caller raises, after adding its own)."""
    kind = NotificationKind(value.kind) if value.kind else None
    if kind is None:
        problems.append(Problem("", "kind", "choose the kind of notification"))
    if value.notified_on is None:
        problems.append(Problem("", "notified_on", "the date it was given is required"))
    not_future(value.notified_on, "notified_on", "the date given", problems)

    change_type = ChangeType(value.change_type) if value.change_type else None
    if kind == NotificationKind.change:
        if change_type is None:
            problems.append(Problem("", "change_type", "say what changed"))
        if value.event_on is None:
            problems.append(
                Problem("", "event_on", "the date of the change is required (to see if on time)")
            )
    elif change_type is not None:
        problems.append(Problem("", "change_type", "is only for change notifications"))
    if kind == NotificationKind.initial and value.event_on and value.notified_on:
        if value.event_on > value.notified_on:
            problems.append(
                Problem("", "event_on", "the conviction, caution or release must come first")
            )

    travel = kind == NotificationKind.foreign_travel
    destination = _text(value.travel_destination)
    departure, back = value.travel_departure_on, value.travel_return_on
    reason = _text(value.travel_short_notice_reason)
    if travel:
        if destination is None:
            problems.append(Problem("", "travel_destination", "the destination is required"))
        elif len(destination) > DESTINATION_MAX:
            problems.append(
                Problem("", "travel_destination", f"is longer than {DESTINATION_MAX} characters")
            )
        if departure is None:
            problems.append(Problem("", "travel_departure_on", "the departure date is required"))
        if back is None and not value.travel_return_unknown:
            problems.append(
                Problem("", "travel_return_on", "give the return date, or say it is not known")
            )
        if back is not None and departure is not None and back < departure:
            problems.append(Problem("", "travel_return_on", "is before the departure date"))
        if departure is not None and value.notified_on is not None and reason is None:
            if is_short_notice(value.notified_on, departure, policy):
                given = travel_notice_days(value.notified_on, departure)
                problems.append(
                    Problem(
                        "",
                        "travel_short_notice_reason",
                        f"notice was {_days(given)}, less than the "
                        f"{_days(policy.foreign_travel_notice_days)} required: record why more "
                        "notice was not reasonably practicable",
                    )
                )
    elif any((destination, departure, back, reason)):
        field = next(
            name
            for name, given in (
                ("travel_destination", destination),
                ("travel_departure_on", departure),
                ("travel_return_on", back),
                ("travel_short_notice_reason", reason),
            )
            if given
        )
        problems.append(Problem("", field, "travel details are only for foreign travel"))

    household = _text(value.household_child_address)
    if kind == NotificationKind.household_child and household is None:
        problems.append(
            Problem("", "household_child_address", "the address of the household is required")
        )
    elif kind != NotificationKind.household_child and household is not None:
        problems.append(
            Problem("", "household_child_address", "is only for a stay in a household with a child")
        )

    officer_id = officer_by_warrant(
        session, value.received_by_warrant, "received_by_warrant", problems, blank=officer_if_blank
    )
    return {
        "kind": kind,
        "notified_on": value.notified_on,
        "event_on": value.event_on,
        "change_type": change_type,
        "received_by_officer_id": officer_id,
        "details": _text(value.details),
        "travel_destination": destination,
        "travel_departure_on": departure,
        "travel_return_on": back,
        "travel_short_notice_reason": reason,
        "household_child_address": household,
    }


def _described(offender: Offender, kind: NotificationKind, on: date) -> str:
    return f"{KIND_WORDS[kind]} notification of {offender.ref} on {format_date(on)}"


# --- use cases ------------------------------------------------------------------------------


def record_notification(session: Session, actor: Actor, ref: str, value: NotificationInput) -> int:
    """Record a notification given by the offender. Returns its id."""
    require(session, actor, Action.edit_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.edit_record, offender)
    problems: list[Problem] = []
    columns = _columns(
        session, value, current_policy(session), problems, officer_if_blank=actor.officer_id
    )
    raise_if(problems)
    row = Notification(offender_id=offender.id, **columns)
    session.add(row)
    offender.updated_at = utcnow()
    session.add(offender)
    session.flush()
    assert row.id is not None
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "notification",
        f"recorded the {_described(offender, row.kind, row.notified_on)}",
        object_key=str(row.id),
        offender_id=offender.id,
    )
    return row.id


def _editable(
    session: Session, actor: Actor, notification_id: int
) -> tuple[Notification, Offender]:
    return entry_of_offender(
        session, actor, Action.edit_record, Notification, notification_id, "notification"
    )


def notification_values(session: Session, actor: Actor, notification_id: int) -> NotificationInput:
    """A recorded notification as an input, to be corrected."""
    row, _offender = _editable(session, actor, notification_id)
    officer = (
        session.get(Officer, row.received_by_officer_id) if row.received_by_officer_id else None
    )
    return NotificationInput(
        kind=row.kind,
        notified_on=row.notified_on,
        event_on=row.event_on,
        change_type=row.change_type,
        received_by_warrant=officer.warrant_number if officer else None,
        details=row.details,
        travel_destination=row.travel_destination,
        travel_departure_on=row.travel_departure_on,
        travel_return_on=row.travel_return_on,
        travel_return_unknown=(
            row.kind == NotificationKind.foreign_travel and row.travel_return_on is None
        ),
        travel_short_notice_reason=row.travel_short_notice_reason,
        household_child_address=row.household_child_address,
    )


def correct_notification(
    session: Session, actor: Actor, notification_id: int, value: NotificationInput, reason: str
) -> int | None:
    """Correct a recorded notification, keeping the old values (see `corrections`). The new
    values pass the same checks as a new entry. Returns the revision id (None: no change)."""
    row, offender = _editable(session, actor, notification_id)
    problems: list[Problem] = []
    columns = _columns(session, value, current_policy(session), problems, officer_if_blank=None)
    raise_if(problems + reason_problems(reason))
    described = _described(offender, row.kind, row.notified_on)
    revision = apply_correction(
        session,
        actor,
        row,
        columns,
        reason,
        object_type="notification",
        offender=offender,
        described=described,
    )
    return revision
