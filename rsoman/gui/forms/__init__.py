"""Data-entry forms, opened by kind from anywhere in the app (the record, Today, the caseload).

Each kind lives in a module with a `create(kind, context, parent) -> FormDialog` function; the
module is imported on first use so the window opens without loading every form.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from ...core.services.actor import Actor

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..tasks import TaskRunner
    from .base import FormDialog


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class FormContext:
    engine: Engine
    runner: TaskRunner
    actor: Actor
    # The offender the entry is for (None for forms that are not about one offender).
    offender_ref: str | None
    # Called on the GUI thread after a successful save (e.g. to reload the record).
    on_saved: Callable[[], None] = _nothing
    # Set to correct an existing entry rather than add one.
    item_id: int | None = None
    # Kind-specific starting values (e.g. {"planned_visit_id": 12}, {"offender_refs": [...]}).
    initial: dict[str, object] = field(default_factory=dict)


FORM_MODULES: dict[str, str] = {
    "visit": "rsoman.gui.forms.visit",
    "visit_plan": "rsoman.gui.forms.visit_plan",
    "reallocate": "rsoman.gui.forms.reallocate",
    "notification": "rsoman.gui.forms.notification",
    "travel": "rsoman.gui.forms.notification",
    "breach": "rsoman.gui.forms.breach",
    "breach_action": "rsoman.gui.forms.breach",
    "intelligence": "rsoman.gui.forms.intelligence",
    "risk_assessment": "rsoman.gui.forms.risk_assessment",
    "address": "rsoman.gui.forms.address",
    "vehicle": "rsoman.gui.forms.vehicle",
    "acknowledge": "rsoman.gui.forms.acknowledge",
}


def create_form(kind: str, context: FormContext, parent: QWidget | None = None) -> FormDialog:
    module = importlib.import_module(FORM_MODULES[kind])
    return module.create(kind, context, parent)


def open_form(kind: str, context: FormContext, parent: QWidget | None = None) -> FormDialog:
    """Create the form and show it, window-modal and without blocking (`open`, not `exec`)."""
    dialog = create_form(kind, context, parent)
    dialog.open()
    return dialog
