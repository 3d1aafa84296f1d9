"""What each role may do. The one matrix every service consults; docs/security.md shows it as
`matrix_markdown()` renders it (a test keeps the two equal).

Scope is applied on top: a borough user acts only on their borough's records, and restricted
records need a grant (services/restricted.py).
"""

from enum import StrEnum

from sqlmodel import Session

from ..store.enums import AuditAction, Role
from . import audit
from .actor import Actor
from .errors import PermissionDenied


class Action(StrEnum):
    view_caseload = "view_caseload"
    view_record = "view_record"
    edit_record = "edit_record"
    create_offender = "create_offender"
    reallocate = "reallocate"
    manage_mappa = "manage_mappa"
    view_stats = "view_stats"
    manage_users = "manage_users"
    import_data = "import_data"
    export_data = "export_data"
    generate_demo = "generate_demo"
    view_audit = "view_audit"
    manage_policy = "manage_policy"
    back_up = "back_up"
    restore = "restore"
    view_retention = "view_retention"
    review_retention = "review_retention"
    erase_record = "erase_record"


_OM = Role.offender_manager
_SUP = Role.supervisor
_MC = Role.mappa_coordinator
_RO = Role.read_only_manager
_ADM = Role.administrator

MATRIX: dict[Action, frozenset[Role]] = {
    Action.view_caseload: frozenset({_OM, _SUP, _MC, _RO}),
    Action.view_record: frozenset({_OM, _SUP, _MC, _RO}),
    Action.edit_record: frozenset({_OM, _SUP}),
    Action.create_offender: frozenset({_OM, _SUP}),
    Action.reallocate: frozenset({_SUP}),
    Action.manage_mappa: frozenset({_MC, _SUP}),
    Action.view_stats: frozenset({_SUP, _RO, _ADM}),
    Action.manage_users: frozenset({_ADM}),
    Action.import_data: frozenset({_ADM}),
    Action.export_data: frozenset({_ADM}),
    Action.generate_demo: frozenset({_ADM}),
    Action.view_audit: frozenset({_SUP, _ADM}),
    Action.manage_policy: frozenset({_ADM}),
    # A backup is the whole database in one file, so the same people as `export_data`; a
    # restore replaces every record and the log, so administrators only. Their own actions,
    # so that the matrix says so and either can change without the other.
    Action.back_up: frozenset({_ADM}),
    Action.restore: frozenset({_ADM}),
    # Retention decisions are about the case, so a supervisor's; administrators see which
    # records are due (to chase them) but not whose they are.
    Action.view_retention: frozenset({_SUP, _ADM}),
    Action.review_retention: frozenset({_SUP}),
    Action.erase_record: frozenset({_SUP}),
}

# What each action covers, in the words of docs/security.md.
ACTION_DESCRIPTIONS: dict[Action, str] = {
    Action.view_caseload: "list offenders (caseload, Today, warnings)",
    Action.view_record: "open an offender's record (logged as a consultation); print "
    "briefings and visit sheets",
    Action.edit_record: "record visits, notifications, breaches, intelligence, risk "
    "assessments, addresses, vehicles, visit plans; act on warnings",
    Action.create_offender: "register a new offender (reserved: no form or service yet; the "
    "import is `import_data`)",
    Action.reallocate: "allocate and reallocate offenders between offender managers",
    Action.manage_mappa: "MAPPA meetings and the MAPPA meeting pack",
    Action.view_stats: "caseload figures and performance reports",
    Action.manage_users: "create, list, disable and enable accounts; reset passwords; grant "
    "and revoke access to restricted records",
    Action.import_data: "import offenders and records from JSON or CSV",
    Action.export_data: "export the database (or named offenders) as JSON",
    Action.generate_demo: "fill an empty database with a fictional demo caseload",
    Action.view_audit: "read and verify the audit log and its reports (a supervisor: the "
    "entries about their borough's offenders and by its users)",
    Action.manage_policy: "load a new version of the force policy; change the force settings "
    "and the ward list",
    Action.back_up: "write an encrypted backup of the whole database (a disclosure, logged)",
    Action.restore: "replace the database with a checked backup",
    Action.view_retention: "list the records due for a retention review (administrators: "
    "reference, status, borough and date, without the name)",
    Action.review_retention: "record a retention review: the next review date and why the "
    "record is kept",
    Action.erase_record: "erase a record past its review date that is no longer active (a "
    "tombstone is kept, the erasure is logged)",
}

ROLE_LABELS: dict[Role, str] = {
    _OM: "offender manager",
    _SUP: "supervisor",
    _MC: "MAPPA co-ordinator",
    _RO: "read-only manager",
    _ADM: "administrator",
}


def allowed(actor: Actor, action: Action, *, borough_id: int | None = None) -> bool:
    if actor.role not in MATRIX[action]:
        return False
    return borough_id is None or actor.can_see_borough(borough_id)


def require(
    session: Session, actor: Actor, action: Action, *, borough_id: int | None = None
) -> None:
    """Raise PermissionDenied (and log the refusal, in its own transaction so that it survives
    the caller's rollback) unless the actor may do this."""
    if allowed(actor, action, borough_id=borough_id):
        return
    if actor.role not in MATRIX[action]:
        label = ROLE_LABELS[actor.role]
        article = "an" if label[0] in "aeiou" else "a"
        message = f"{article} {label} may not {action.value.replace('_', ' ')}"
    else:
        message = f"{action.value.replace('_', ' ')}: that record is outside your borough"
    audit.record_independently(
        session,
        actor,
        AuditAction.refusal,
        "permission",
        f"refused: {message}",
        object_key=action.value,
    )
    raise PermissionDenied(message)


def matrix_markdown() -> str:
    """The matrix as a Markdown table: one row per action, one column per role."""
    roles = list(Role)
    header = "| Action | What it covers | " + " | ".join(ROLE_LABELS[r] for r in roles) + " |"
    rule = "| --- | --- | " + " | ".join(":---:" for _ in roles) + " |"
    lines = [header, rule]
    for action in Action:
        marks = " | ".join("yes" if role in MATRIX[action] else "—" for role in roles)
        lines.append(f"| `{action.value}` | {ACTION_DESCRIPTIONS[action]} | {marks} |")
    return "\n".join(lines) + "\n"
