"""The record window's actions: each opens a data-entry form (`rsoman.gui.forms`) for this
offender. One QAction per entry, shared by the toolbar, the Record menu and the tab it belongs
to, so its enabled state and shortcut are the same everywhere.

Whether the actor may act is decided once here from the permission matrix (the service checks
again, and logs any refusal); an action that needs a selected item (record the action taken on
a breach, record the outcome of a planned visit) is enabled only while one is selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...core.services.permissions import Action

EDIT = Action.edit_record


@dataclass(frozen=True)
class ActionSpec:
    key: str  # unique in the window
    kind: str  # the form kind (`rsoman.gui.forms.FORM_MODULES`)
    text: str
    tip: str
    permission: Action
    shortcut: str | None = None
    # Fixed starting values for the form (e.g. {"plan": True}).
    initial: tuple[tuple[str, object], ...] = ()
    # Needs an item selected on its tab; the form gets {needs: item id}.
    needs: str | None = None


ACTION_SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "visit",
        "visit",
        "Record visit…",
        "Record a visit that took place",
        EDIT,
        shortcut="Ctrl+Shift+V",
    ),
    ActionSpec(
        "plan_visit",
        "visit",
        "Plan a visit…",
        "Plan a future visit",
        EDIT,
        shortcut="Ctrl+Shift+P",
        initial=(("plan", True),),
    ),
    ActionSpec(
        "visit_outcome",
        "visit",
        "Record outcome…",
        "Record the outcome of the selected planned visit",
        EDIT,
        needs="planned_visit_id",
    ),
    ActionSpec(
        "visit_plan",
        "visit_plan",
        "Visit plan decision…",
        "An individual visit frequency, reactive management, or back to the tariff",
        EDIT,
    ),
    ActionSpec(
        "notification",
        "notification",
        "Record notification…",
        "Record a notification (initial, change, periodic, weekly)",
        EDIT,
        shortcut="Ctrl+Shift+N",
    ),
    ActionSpec(
        "travel",
        "travel",
        "Record foreign travel…",
        "Record notified foreign travel",
        EDIT,
        shortcut="Ctrl+Shift+T",
    ),
    ActionSpec(
        "breach",
        "breach",
        "Record breach…",
        "Record a breach of notification requirements or of an order",
        EDIT,
        shortcut="Ctrl+Shift+B",
    ),
    ActionSpec(
        "breach_action",
        "breach_action",
        "Record action on breach…",
        "Record the action taken on the selected breach",
        EDIT,
        needs="breach_id",
    ),
    ActionSpec(
        "risk_assessment",
        "risk_assessment",
        "Record risk assessment…",
        "Record a risk assessment with its ARMS factors",
        EDIT,
        shortcut="Ctrl+Shift+R",
    ),
    ActionSpec(
        "intelligence",
        "intelligence",
        "Record intelligence…",
        "Record an intelligence report, in its own words",
        EDIT,
        shortcut="Ctrl+Shift+I",
    ),
    ActionSpec("address", "address", "Add address…", "Add a home or other address", EDIT),
    ActionSpec("vehicle", "vehicle", "Add vehicle…", "Add a vehicle the offender uses", EDIT),
    ActionSpec(
        "reallocate",
        "reallocate",
        "Reallocate…",
        "Move this offender to another offender manager",
        Action.reallocate,
    ),
)
