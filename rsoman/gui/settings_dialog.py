"""The administrator's force settings: scan times, the inactivity lock, briefing contacts, the
default capacity and the visit tariff (services/settings.py does the checking and the audit).

Built on `FormDialog`: the values are loaded off the GUI thread, a refused save shows each
problem beside its field and keeps everything typed, and closing with changes asks first. Only
the changed values are sent, all at once with the reason. Anyone who is not an administrator
sees the values and why they cannot change them (the service refuses them anyway). The layout is
ui/settings_form.ui.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QSpinBox, QWidget
from sqlalchemy import Engine
from sqlmodel import Session

from ..core.services.actor import Actor
from ..core.services.errors import Problem, ValidationFailed
from ..core.services.permissions import Action, allowed
from ..core.services.settings import (
    BOROUGH_CONTACT_PREFIX,
    BRIEFING_CONTACT,
    DEFAULT_CAPACITY,
    LOCK_AFTER_MINUTES,
    SCAN_DAILY_TIME,
    SCAN_EVERY_MINUTES,
    SPECS,
    BoroughInfo,
    Settings,
    get_settings,
    list_boroughs,
    update_settings,
)
from .forms import FormContext
from .forms.base import FormDialog
from .forms.designer import attach, use_designer_body
from .generated.ui_settings_form import Ui_SettingsFormBody
from .tasks import TaskRunner

REFUSAL = "Only an administrator may change the force settings."
# Spin boxes for policy numbers go beyond the policy's own limits, which the service checks
# and explains (rules/policy.py), so a limit is written in one place only.
POLICY_SPIN_MAX = 99_999


class SettingsDialog(FormDialog):
    title = "Force settings"
    save_label = "Save settings"

    def __init__(
        self, engine: Engine, runner: TaskRunner, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(FormContext(engine, runner, actor, None), parent)
        self.setObjectName("settingsDialog")
        self.loaded: Settings | None = None
        self.boroughs: list[BoroughInfo] = []
        # Borough code -> contact as typed (the edit shows one borough at a time).
        self._contacts: dict[str, str] = {}
        self._shown_borough: str | None = None
        ui = use_designer_body(self, Ui_SettingsFormBody())
        self.time_edit = ui.scanTimeEdit
        self.every_spin = ui.scanEverySpin
        self.lock_spin = ui.lockSpin
        # The limits are the service's, written in one place.
        for spin, key, most in (
            (self.every_spin, SCAN_EVERY_MINUTES, 1440),
            (self.lock_spin, LOCK_AFTER_MINUTES, 60),
        ):
            spec = SPECS[key]
            spin.setRange(spec.minimum or 1, spec.maximum or most)
        self.contact_edit = ui.contactEdit
        self.borough_combo = ui.boroughCombo
        self.borough_combo.currentIndexChanged.connect(self._show_borough)
        self.borough_contact_edit = ui.boroughContactEdit
        self.capacity_spin = ui.capacitySpin
        self.policy_spins: dict[str, QSpinBox] = {
            "visit_interval_very_high_days": ui.visitVeryHighSpin,
            "visit_interval_high_days": ui.visitHighSpin,
            "visit_interval_medium_days": ui.visitMediumSpin,
            "visit_interval_low_days": ui.visitLowSpin,
            "first_home_visit_days": ui.firstVisitSpin,
            "first_risk_assessment_days": ui.firstAssessmentSpin,
            "risk_review_days": ui.reviewSpin,
        }
        for spin in (self.capacity_spin, *self.policy_spins.values()):
            spin.setRange(0, POLICY_SPIN_MAX)
        self.policy_label = ui.policyNote
        self.reason_edit_box = ui.reasonText
        attach(
            self,
            {
                SCAN_DAILY_TIME: self.time_edit,
                SCAN_EVERY_MINUTES: self.every_spin,
                LOCK_AFTER_MINUTES: self.lock_spin,
                BRIEFING_CONTACT: self.contact_edit,
                "borough_contact": self.borough_contact_edit,
                DEFAULT_CAPACITY: self.capacity_spin,
                **self.policy_spins,
                "reason": self.reason_edit_box,
            },
        )

        self.may_change = allowed(actor, Action.manage_policy)
        self.body.setEnabled(False)
        self.save_button.setEnabled(False)
        runner.submit(self._load, on_done=self._loaded_settings, on_error=self._failed_to_load)

    # --- loading ----------------------------------------------------------------------------

    @staticmethod
    def _load(session: Session, _progress: object) -> tuple[Settings, list[BoroughInfo]]:
        return get_settings(session), [b for b in list_boroughs(session) if not b.is_central]

    def _loaded_settings(self, result: tuple[Settings, list[BoroughInfo]]) -> None:
        settings, boroughs = result
        self.loaded, self.boroughs = settings, boroughs
        hour, minute = (int(p) for p in settings.scan_daily_time.split(":"))
        self.time_edit.setTime(QTime(hour, minute))
        self.every_spin.setValue(settings.scan_every_minutes)
        self.lock_spin.setValue(settings.lock_after_minutes)
        self.contact_edit.setText(settings.briefing_contact)
        self._contacts = {b.code: settings.briefing_contacts.get(b.code, "") for b in boroughs}
        self.borough_combo.blockSignals(True)
        for b in boroughs:
            self.borough_combo.addItem(b.name, b.code)
        self.borough_combo.blockSignals(False)
        self._show_borough()
        self.capacity_spin.setValue(settings.default_capacity)
        for key, spin in self.policy_spins.items():
            spin.setValue(int(settings.policy[key]))
        self.policy_label.setText(
            f"Policy numbers are in force policy v{settings.policy_version}; a change to any "
            "of them is saved as the next version."
        )
        self.mark_clean()
        if self.may_change:
            self.body.setEnabled(True)
            self.save_button.setEnabled(True)
        else:
            self.show_general(REFUSAL)

    # --- the borough contact edit shows one borough at a time --------------------------------

    def _keep_typed_contact(self) -> None:
        if self._shown_borough is not None:
            self._contacts[self._shown_borough] = self.borough_contact_edit.text()

    def _show_borough(self, *_args: object) -> None:
        self._keep_typed_contact()
        code = self.borough_combo.currentData()
        self._shown_borough = code
        # setText does not mark the form dirty (only typing does).
        self.borough_contact_edit.setText(self._contacts.get(code, "") if code else "")

    def select_borough(self, code: str) -> None:
        self.borough_combo.setCurrentIndex(self.borough_combo.findData(code))

    # --- saving -----------------------------------------------------------------------------

    def collect(self) -> tuple[dict[str, Any], str]:
        """Only what differs from the loaded values, and the reason."""
        assert self.loaded is not None
        self._keep_typed_contact()
        before = self.loaded.as_dict()
        values: dict[str, Any] = {
            SCAN_DAILY_TIME: self.time_edit.time().toString("HH:mm"),
            SCAN_EVERY_MINUTES: self.every_spin.value(),
            LOCK_AFTER_MINUTES: self.lock_spin.value(),
            BRIEFING_CONTACT: self.contact_edit.text().strip(),
            DEFAULT_CAPACITY: self.capacity_spin.value(),
        }
        for code, text in self._contacts.items():
            values[f"{BOROUGH_CONTACT_PREFIX}{code}"] = text.strip()
        values.update((key, spin.value()) for key, spin in self.policy_spins.items())
        changes = {k: v for k, v in values.items() if v != before.get(k, "")}
        if not changes:
            raise ValidationFailed([Problem("", "", "nothing has been changed")])
        return changes, self.reason_edit_box.toPlainText()

    def save(self, session: Session, value: tuple[dict[str, Any], str]) -> Settings:
        changes, reason = value
        return update_settings(session, self.context.actor, changes, reason)

    def show_problems(self, problems: list[Problem]) -> None:
        # A borough's contact has one edit for all boroughs: show its problem there, naming it.
        moved: list[Problem] = []
        for p in problems:
            if p.field.startswith(BOROUGH_CONTACT_PREFIX):
                code = p.field.removeprefix(BOROUGH_CONTACT_PREFIX)
                self.select_borough(code)
                name = self.borough_combo.currentText() or code
                moved.append(Problem(p.location, "borough_contact", f"{name}: {p.reason}"))
            else:
                moved.append(p)
        super().show_problems(moved)
