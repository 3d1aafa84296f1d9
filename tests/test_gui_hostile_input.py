"""Hostile input through every text field of the desktop app (issue 6 item 8).

Every text input is found from the widgets themselves (each QLineEdit, QPlainTextEdit/QTextEdit,
editable QComboBox, spin, date and time box of a form or dialog) and fed hostile strings: SQL
fragments, quotes, LIKE wildcards, markup, control characters, line and paragraph separators,
bidi overrides, zero-width characters, right-to-left scripts, combining marks, emoji, 10,000
characters, a NUL and a lone surrogate. Each is saved and read back verbatim, or refused with a
problem beside its field and every typed value still there; never an exception in a slot, never
a frozen dialog, never text cut short. A form or field added later is fed too, and a test fails
if one is left out.
"""

from __future__ import annotations

import html
import importlib
import itertools
import pkgutil
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import factories as f
import pytest
from argon2 import PasswordHasher
from gui_support import *  # noqa: F403
from gui_support import actor
from hostile_strings import (
    FIELD_CORPUS,
    LONG_TEXT,
    NUL_TEXT,
    ODD,
    SURROGATE_TEXT,
    TYPED,
    in_a_text_box,
    shown_by_qt,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTextEdit,
    QWidget,
)
from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from rsoman.core.reports import issue
from rsoman.core.rules.dates import london_today
from rsoman.core.services import users
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.intelligence import IntelligenceInput, record_intelligence
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids
from rsoman.core.services.packs.history import get_issued_pack
from rsoman.core.services.scan import acknowledge
from rsoman.core.services.settings import BRIEFING_CONTACT, get_settings
from rsoman.core.services.users import authenticate, create_user
from rsoman.core.services.vehicles import normalise_mark
from rsoman.core.services.visits import VisitInput, record_visit
from rsoman.core.store.engine import make_engine, session_scope
from rsoman.core.store.enums import (
    AddressKind,
    AliasKind,
    BreachAction,
    BreachKind,
    ChangeType,
    IntelSource,
    NotificationKind,
    PlanKind,
    RiskLevel,
    Role,
    StaticTool,
    VisitOutcome,
)
from rsoman.core.store.models import (
    Address,
    Borough,
    Offender,
    OffenderAlias,
    Officer,
    Warning,
)
from rsoman.gui.app import _ask_passphrase
from rsoman.gui.caseload_filters import CaseloadFilterPanel
from rsoman.gui.first_run_wizard import FirstRunWizard
from rsoman.gui.forms import FORM_MODULES, FormContext, create_form
from rsoman.gui.forms.base import FormDialog
from rsoman.gui.forms.widgets import OptionalDateEdit
from rsoman.gui.inactivity import LockDialog
from rsoman.gui.main_window import MainWindow
from rsoman.gui.packs.dialog import IssuePackDialog
from rsoman.gui.packs.preview import PackPreview
from rsoman.gui.password_dialog import PasswordDialog
from rsoman.gui.record import RecordWindow
from rsoman.gui.record.list_section import ListSection
from rsoman.gui.settings_dialog import SettingsDialog
from rsoman.gui.sign_in import SignInDialog
from rsoman.gui.tasks import TaskRunner

CORPUS: dict[str, str] = {
    **FIELD_CORPUS,
    "long": LONG_TEXT,
    "nul": NUL_TEXT,
    "surrogate": SURROGATE_TEXT,
}
NAMES = list(CORPUS)
# Spin and date boxes are typed into key by key: this much of each string is enough.
TYPED_KEYS = 40
_unique = itertools.count(1)


# --- the world: one demo database for the module ---------------------------------------------


# Offenders planted for the searches, by what their name (or alias) holds: each search for a
# piece of hostile text must find exactly the offenders that hold it, literally.
PLANTED_NAMES: dict[str, tuple[str, str]] = {
    # surname, alias surname
    "percent": ("Per%cent", "Alias"),
    "underscore": ("Under_score", "Alias"),
    "backslash": ("Back\\slash", "Alias"),
    "sql": ("Tables x'); DROP TABLE offender;--", "Alias"),
    "hebrew": ("Testperson", "שלום עולם"),
    "arabic": ("مرحبا", "Alias"),
    "combining": ("Ze\u0301\u0308lda", "Alias"),
    "astral": ("Emoji😀𝔘", "Alias"),
    "bidi": ("\u202eRtlname\u202c", "Alias"),
    "controls": ("Ctl\x1bEsc", "Alias"),
}
# The planted home address, ward and offender manager, for the caseload's column filters.
PLANTED_ADDRESS = "7 Per%cent_Road\\ שלום x'); DROP TABLE address;--"
PLANTED_WARD = "Ward%_\\ מערב"
PLANTED_MANAGER = "Mgr%_\\ Quotes'"


@dataclass
class World:
    engine: Engine
    runner: TaskRunner
    # Managed by the demo offender manager "officer", with a home; `other` for bulk moves.
    ref: str
    other_ref: str
    # The planted offenders: ref -> (surname, alias surname); and the one with the planted
    # address, ward and manager.
    planted: dict[str, tuple[str, str]] = field(default_factory=dict)
    filtered_ref: str = ""
    actors: dict[str, Actor] = field(default_factory=dict)
    # Entries made for later tests, by name ("marked_breach").
    ids: dict[str, int] = field(default_factory=dict)

    def who(self, username: str) -> Actor:
        if username not in self.actors:
            self.actors[username] = actor(self.engine, username)
        return self.actors[username]

    def offender_id(self, ref: str) -> int:
        with session_scope(self.engine) as session:
            row = session.exec(select(Offender).where(Offender.ref == ref)).scalar_one()
            return row.id


@pytest.fixture(scope="module")
def world(demo_file: Path, tmp_path_factory: pytest.TempPathFactory, qapp) -> Iterator[World]:
    path = tmp_path_factory.mktemp("hostile") / "demo.db"
    shutil.copy(demo_file, path)
    engine = make_engine(str(path))
    officer = actor(engine, "officer")
    with session_scope(engine) as session:
        me = session.get(Officer, officer.officer_id)
        assert me is not None
        code = session.get(Borough, me.borough_id).code
        rows = [
            f.offender(session, borough_code=code, manager=me, home=f"{n} Test Road, ZZ1 1ZZ")
            for n in (1, 2)
        ]
        refs = [r.ref for r in rows]
        # Colleagues to reallocate to (the demo borough may have only one).
        for n in range(3):
            f.officer(session, borough_code=code, surname=f"Hostelby{n}", capacity=50)
        planted = {}
        for surname, alias in PLANTED_NAMES.values():
            row = f.offender(session, borough_code=code, manager=me, surname=surname)
            session.add(
                OffenderAlias(
                    offender_id=row.id, kind=AliasKind.alias, forenames="Testy", surname=alias
                )
            )
            planted[row.ref] = (surname, alias)
        filtered = f.offender(
            session,
            borough_code=code,
            manager=f.officer(session, borough_code=code, surname=PLANTED_MANAGER),
            home=PLANTED_ADDRESS,
            home_ward=f.ward(session, code, name=PLANTED_WARD),
        )
        filtered_ref = filtered.ref
    runner = TaskRunner(engine, serial=True)
    yield World(engine, runner, refs[0], refs[1], planted, filtered_ref)
    runner.shutdown()
    engine.dispose()


# --- finding and feeding text inputs ----------------------------------------------------------


def text_inputs(root: QWidget, *, all_of_them: bool = False) -> list[QWidget]:
    """Every widget of `root` a person can type into (visible and enabled now, unless
    `all_of_them`), in the order they were made."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if isinstance(widget, QLineEdit):
            if isinstance(parent, QAbstractSpinBox | QComboBox) or widget.isReadOnly():
                continue  # a spin box's or a combo's own editor: the box is the input
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            if widget.isReadOnly():
                continue
        elif isinstance(widget, QComboBox):
            if not widget.isEditable():
                continue
        elif not isinstance(widget, QAbstractSpinBox):
            continue
        if widget.window() is not root.window():
            continue  # a calendar popup's year box and the like
        if not all_of_them and not (widget.isVisibleTo(root) and widget.isEnabledTo(root)):
            continue
        found.append(widget)
    return found


def current_text(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    assert isinstance(widget, QAbstractSpinBox)
    return widget.text()


def snapshot(widget: QWidget) -> Any:
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime()
    return current_text(widget)


def restore(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QSpinBox):
        widget.setValue(value)
    elif isinstance(widget, QDateTimeEdit):
        widget.setDateTime(value)
    elif isinstance(widget, QComboBox):
        widget.setEditText(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(value)
    else:
        assert isinstance(widget, QPlainTextEdit | QTextEdit)
        widget.setPlainText(value)


def press_keys(widget: QWidget, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks cannot send control characters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def feed(widget: QWidget, value: str) -> str | None:
    """Put `value` in the widget as a paste would (replacing what was there); what the widget
    must then hold (None for spin and date boxes, whose validator takes what it can)."""
    widget.setFocus()
    if isinstance(widget, QComboBox):
        line = widget.lineEdit()
        line.selectAll()
        line.insert(value)
        return shown_by_qt(value)
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        widget.insert(value)
        return shown_by_qt(value)
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.selectAll()
        widget.insertPlainText(value)
        return in_a_text_box(value)
    assert isinstance(widget, QAbstractSpinBox)
    widget.selectAll()
    press_keys(widget, value[:TYPED_KEYS])
    return None


def spin_is_sane(widget: QWidget) -> bool:
    if isinstance(widget, QSpinBox):
        return widget.minimum() <= widget.value() <= widget.maximum()
    if isinstance(widget, QDateTimeEdit):
        return widget.dateTime().isValid()
    return True


def field_of(form: FormDialog, widget: QWidget) -> str | None:
    """The name of the form's field that holds `widget` (itself, or the box around it), the
    one with a problem label first."""
    holders = [
        name
        for name in form.field_names()
        if form.field(name) is widget or form.field(name).isAncestorOf(widget)
    ]
    # Innermost first: a field registered inside another field's box is its own field.
    inner = sorted(
        holders,
        key=lambda n: sum(m != n and form.field(n).isAncestorOf(form.field(m)) for m in holders),
    )
    with_label = [name for name in inner if name in form._errors]
    return (with_label or inner or [None])[0]


def is_read_as_a_date(form: FormDialog, widget: QWidget) -> bool:
    """A text field that is read as a date or a moment ("3/2 10:30", "yesterday")."""
    return isinstance(widget, OptionalDateEdit) or field_of(form, widget) in MOMENT_FIELDS


# The visit form's date-and-time field, by its two names.
MOMENT_FIELDS = {"occurred_at", "planned_for"}


# --- what the database holds ------------------------------------------------------------------

TABLES = [table.name for table in SQLModel.metadata.sorted_tables]


def row_marks(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{name}"').scalar()
            for name in TABLES
        }


def new_texts(engine: Engine, marks: dict[str, int]) -> list[str]:
    """Every text value in the rows written since `marks`."""
    found: list[str] = []
    with engine.connect() as conn:
        for name, mark in marks.items():
            for row in conn.exec_driver_sql(f'SELECT * FROM "{name}" WHERE rowid > ?', (mark,)):
                found += [v for v in row if isinstance(v, str)]
    return found


def kept(expected: str, texts: list[str], *, within: bool = False) -> bool:
    """Stored verbatim (the services drop surrounding blanks), or, for a field the form puts
    into a sentence (`within`), word for word inside one."""
    if not expected.strip():
        return True  # a blank is no value (an optional field left empty)
    wanted = {expected, expected.strip(), expected.strip("\n")}
    if any(t in wanted for t in texts):
        return True
    return within and any(expected.strip() in t for t in texts)


# --- every form in the registry, in every shape it takes --------------------------------------


def choose(combo: QWidget, data: object) -> None:
    assert isinstance(combo, QComboBox)
    index = combo.findData(data.value if hasattr(data, "value") else data)
    assert index >= 0, (combo.objectName(), data)
    combo.setCurrentIndex(index)


def choose_first(combo: QWidget) -> None:
    assert isinstance(combo, QComboBox) and combo.count() > 1
    combo.setCurrentIndex(1)


def put(widget: QWidget, text: str) -> None:
    restore(widget, text)


def typed_day(days: int) -> str:
    return (london_today() + timedelta(days=days)).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Variant:
    """One shape of one form: its kind in the registry, who opens it, for whom, and the valid
    values that make the hostile text the only thing left to decide."""

    id: str
    kind: str
    user: str = "officer"
    # (world) -> (offender ref, item id, initial)
    open_with: Callable[[World], tuple[str | None, int | None, dict[str, object]]] = lambda w: (
        w.ref,
        None,
        {},
    )
    prepare: Callable[[FormDialog], None] = lambda form: None
    # The form puts the text into a sentence (the acknowledgement's reason).
    within: bool = False
    # Fields kept in a normal form, shown as soon as the field is left (a vehicle's mark).
    normal: dict[str, Callable[[str], str]] = field(default_factory=dict)

    def forms_of(self, name: str | None, text: str) -> set[str]:
        """What a field holding `text` may show and store: the text, or its normal form."""
        normal = self.normal.get(name or "")
        return {text, normal(text)} if normal else {text}


def _fresh_breach(w: World) -> tuple[str | None, int | None, dict[str, object]]:
    with session_scope(w.engine) as session:
        row = session.get(Offender, w.offender_id(w.ref))
        breach = f.breach(session, row, london_today() - timedelta(days=2))
        return w.ref, None, {"breach_id": breach.id}


def _fresh_vehicle(w: World) -> tuple[str | None, int | None, dict[str, object]]:
    with session_scope(w.engine) as session:
        row = session.get(Offender, w.offender_id(w.ref))
        vehicle = f.vehicle(session, row, mark=f"ZZ{next(_unique):02d} END")
        return w.ref, None, {"end_vehicle_id": vehicle.id}


def _fresh_warning(w: World) -> tuple[str | None, int | None, dict[str, object]]:
    with session_scope(w.engine) as session:
        row = session.get(Offender, w.offender_id(w.ref))
        me = w.who("officer")
        warning = Warning(
            natural_key=f"home_visit_overdue:offender:{row.ref}:hostile{next(_unique)}",
            kind="home_visit_overdue",
            severity="urgent",
            subject_type="offender",
            offender_id=row.id,
            subject_ref=row.ref,
            owner_officer_id=me.officer_id,
            borough_id=row.borough_id,
            days_overdue=3,
            explanation="Home visit overdue by 3 days (hostile input test).",
            policy_version=1,
        )
        session.add(warning)
        session.flush()
        return w.ref, None, {"warning_id": warning.id}


def _fresh_intelligence(w: World) -> tuple[str | None, int | None, dict[str, object]]:
    with session_scope(w.engine) as session:
        item = record_intelligence(
            session,
            w.who("officer"),
            w.ref,
            IntelligenceInput(
                received_on=london_today() - timedelta(days=1),
                source=IntelSource.public,
                text="A report to correct",
            ),
        )
        return w.ref, item, {}


def _prepare_visit(form: FormDialog) -> None:
    choose(form.field("outcome"), VisitOutcome.successful)


def _prepare_visit_plan(form: FormDialog) -> None:
    choose(form.field("kind"), PlanKind.individual_frequency)
    interval = form.field("interval_days")
    assert isinstance(interval, QSpinBox)
    interval.setValue(2 + next(_unique) % 80)  # never the decision already in force
    authoriser = form.field("authorised_by_warrant")
    if not isinstance(authoriser, QComboBox) or authoriser.currentIndex() <= 0:
        choose_first(authoriser)
    put(form.field("reason"), "Settled at the address (test)")


def _prepare_reallocate(form: FormDialog) -> None:
    # Someone who manages none of them now.
    combo = form.field("to_warrant")
    assert isinstance(combo, QComboBox)
    free = [i for i in range(1, combo.count()) if "manages" not in combo.itemText(i)]
    assert free, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(free[0])
    put(form.field("reason"), "Caseload balancing (test)")


def _notification(kind: str) -> Callable[[FormDialog], None]:
    def prepare(form: FormDialog) -> None:
        if kind != "foreign_travel":
            choose(form.field("kind"), NotificationKind(kind))
        if kind == "change":
            choose(form.field("change_type"), ChangeType.other)
        if kind in ("change", "household_child"):
            put(form.field("event_on"), typed_day(-1))
        if kind == "household_child":
            put(form.field("household_child_address"), "3 Test Road (test)")
        if kind == "foreign_travel":
            put(form.field("travel_destination"), "Testland, by air")
            put(form.field("travel_departure_on"), typed_day(10))
            put(form.field("travel_return_on"), typed_day(20))
        put(form.field("details"), "Notified in person (test)")

    return prepare


def _prepare_breach_action(form: FormDialog) -> None:
    choose(form.field("action"), BreachAction.no_further_action)
    put(form.field("action_on"), typed_day(0))
    put(form.field("action_reason"), "Words of advice (test)")


def _prepare_breach(form: FormDialog) -> None:
    choose(form.field("kind"), BreachKind.other)
    put(form.field("description"), "Found at the address (test)")
    _prepare_breach_action(form)


def _prepare_intelligence(form: FormDialog) -> None:
    choose(form.field("source"), IntelSource.public)
    put(form.field("text"), "A report (test)")


def _prepare_risk(form: FormDialog) -> None:
    choose(form.field("level"), RiskLevel.medium)
    choose(form.field("static_tool"), StaticTool.other)
    put(form.field("static_result"), "not applicable")
    put(form.field("assessment_reason"), "annual review")
    for name in form.field_names():
        if isinstance(form.field(name), QRadioButton):
            form.field(name).setChecked(True)


def _prepare_address(form: FormDialog) -> None:
    choose(form.field("kind"), AddressKind.secondary)
    put(form.field("line1"), "4 Test Road (test)")
    put(form.field("postcode"), "ZZ9 9ZZ")


def _prepare_vehicle(form: FormDialog) -> None:
    put(form.field("registration_mark"), f"ZZ{next(_unique) % 100:02d} HST")


def _prepare_acknowledge(form: FormDialog) -> None:
    radio = form.findChild(QRadioButton, "choice_data_wrong")
    assert radio is not None
    radio.setChecked(True)
    put(form.field("what"), "the visit is not recorded")


VARIANTS = [
    Variant("visit", "visit", prepare=_prepare_visit),
    Variant("visit-planned", "visit", open_with=lambda w: (w.ref, None, {"plan": True})),
    Variant(
        "visit-correction",
        "visit",
        open_with=lambda w: _fresh_visit(w),
        prepare=lambda form: None,
    ),
    Variant("visit_plan", "visit_plan", user="supervisor", prepare=_prepare_visit_plan),
    Variant("reallocate", "reallocate", user="supervisor", prepare=_prepare_reallocate),
    Variant(
        "reallocate-bulk",
        "reallocate",
        user="supervisor",
        open_with=lambda w: (None, None, {"offender_refs": [w.ref, w.other_ref]}),
        prepare=_prepare_reallocate,
    ),
    Variant("notification-change", "notification", prepare=_notification("change")),
    Variant("notification-household", "notification", prepare=_notification("household_child")),
    Variant("travel", "travel", prepare=_notification("foreign_travel")),
    Variant("breach", "breach", prepare=_prepare_breach),
    Variant(
        "breach_action",
        "breach_action",
        open_with=_fresh_breach,
        prepare=_prepare_breach_action,
    ),
    Variant("intelligence", "intelligence", prepare=_prepare_intelligence),
    Variant("intelligence-correction", "intelligence", open_with=_fresh_intelligence),
    Variant("risk_assessment", "risk_assessment", prepare=_prepare_risk),
    Variant("address", "address", prepare=_prepare_address),
    Variant(
        "vehicle",
        "vehicle",
        prepare=_prepare_vehicle,
        normal={"registration_mark": normalise_mark},
    ),
    Variant("vehicle-end", "vehicle", open_with=_fresh_vehicle),
    Variant(
        "acknowledge",
        "acknowledge",
        open_with=_fresh_warning,
        prepare=_prepare_acknowledge,
        within=True,
    ),
]


def _fresh_visit(w: World) -> tuple[str | None, int | None, dict[str, object]]:

    me = w.who("officer")
    with session_scope(w.engine) as session:
        officer = session.get(Officer, me.officer_id)
        assert officer is not None
        home = session.exec(
            select(Address.id).where(Address.offender_id == w.offender_id(w.ref))
        ).first()
        item = record_visit(
            session,
            me,
            w.ref,
            VisitInput(
                occurred_at=datetime.now(UTC) - timedelta(hours=next(_unique)),
                outcome=VisitOutcome.no_reply,
                officer_warrants=(officer.warrant_number,),
                address_id=home,
            ),
        )
        return w.ref, item, {}


def open_variant(qtbot, world: World, variant: Variant) -> FormDialog:
    ref, item_id, initial = variant.open_with(world)
    context = FormContext(
        world.engine, world.runner, world.who(variant.user), ref, item_id=item_id, initial=initial
    )
    form = open_context(qtbot, variant.kind, context)
    variant.prepare(form)
    if form.reason_edit is not None:
        put(form.reason_edit, "Typing error corrected (test)")
    return form


def open_context(qtbot, kind: str, context: FormContext) -> FormDialog:
    form = create_form(kind, context)
    form.confirm_discard = lambda: True  # type: ignore[method-assign]
    qtbot.addWidget(form)
    assert form.save_button.isEnabled(), form.error_label.text()
    return form


@dataclass
class Fed:
    """A form's text inputs, what each held before (valid) and what each holds now (None once
    put back, and for spin and date boxes)."""

    form: FormDialog
    inputs: list[QWidget]
    baseline: dict[QWidget, Any]
    held: dict[QWidget, str | None]
    # What a field may show and store for a text typed (its normal form too, for some).
    forms_of: Callable[[str | None, str], set[str]] = lambda _name, text: {text}

    @classmethod
    def feed_all(cls, form: FormDialog, start: int, **kwargs: Any) -> Fed:
        """Feed every text input of the form, each a different hostile string (the corpus
        from `start` on), and check each took it whole."""
        inputs = text_inputs(form)
        assert inputs, "a form without a text field"
        fed = cls(form, inputs, {w: snapshot(w) for w in inputs}, {}, **kwargs)
        for i, widget in enumerate(inputs):
            value = CORPUS[NAMES[(start + i) % len(NAMES)]]
            fed.held[widget] = feed(widget, value)
            if fed.held[widget] is None:
                assert spin_is_sane(widget)
            else:
                assert current_text(widget) == fed.held[widget], "the field did not take it whole"
        return fed

    def save(self, qtbot) -> dict[str, str]:
        """Save; while refused, check the refusal (a problem beside each refused field, every
        value still there, the form alive) and put the refused fields back to their valid
        values. By field name, the hostile text of each text field that was saved (a date or
        time typed in words is read, not kept as typed)."""
        form = self.form
        said: list[str] = []
        with qtbot.captureExceptions() as exceptions:
            for _attempt in range(len(self.inputs) + 1):
                form.save_button.click()
                if form.result() == QDialog.DialogCode.Accepted:
                    break
                said += self._check_refusal()
            else:
                raise AssertionError(f"the form never saved: {said}")
        assert not exceptions
        return {
            field_of(form, w) or w.objectName(): text
            for w, text in self.held.items()
            if text is not None and not is_read_as_a_date(form, w)
        }

    def _check_refusal(self) -> list[str]:
        form = self.form
        assert form.save_button.isEnabled() and form.body.isEnabled(), "the form froze"
        for widget in self.inputs:
            text = self.held[widget]
            if text is not None:
                shown = self.forms_of(field_of(form, widget), text)
                assert current_text(widget) in shown, "a typed value was changed"
        assert not form.error_label.isVisibleTo(form), form.error_label.text()
        refused = [w for w in self.inputs if form.problem_text(field_of(form, w) or "")]
        assert refused, [(n, form.problem_text(n)) for n in form.field_names()]
        for label in form._errors.values():
            assert rendered(label) == label.text(), "a problem quoting the text read it as markup"
        for widget in refused:
            restore(widget, self.baseline[widget])
            self.held[widget] = None
        return [
            f"{field_of(form, w)}: {form.problem_text(field_of(form, w) or '')}" for w in refused
        ]


# Shapes whose every field another shape already takes through the whole corpus get a quarter
# of it (their own path through the service is what they add).
ALSO_COVERED = {"visit-planned", "visit-correction", "reallocate-bulk"}
ROUNDS = [
    pytest.param(variant, start, id=f"{variant.id}-{NAMES[start]}")
    for variant in VARIANTS
    for start in range(len(NAMES))
    if variant.id not in ALSO_COVERED or start % 4 == 0
]


@pytest.mark.parametrize(("variant", "start"), ROUNDS)
def test_every_field_of_every_form_saves_hostile_text_verbatim_or_says_why_not(
    qtbot, world: World, variant: Variant, start: int
):
    # Before the form opens: an entry made for it (a breach to act on) counts as new.
    marks = row_marks(world.engine)
    form = open_variant(qtbot, world, variant)
    saved = Fed.feed_all(form, start, forms_of=variant.forms_of).save(qtbot)
    texts = new_texts(world.engine, marks)
    # A correction changes the entry in place: read it back through the service, as the
    # form's own correction mode loads it.
    again = (
        None if form.context.item_id is None else open_context(qtbot, variant.kind, form.context)
    )
    for name, expected in saved.items():
        if again is not None and name != "reason":
            (reloaded,) = [w for w in text_inputs(again) if field_of(again, w) == name]
            assert current_text(reloaded) in (expected, expected.strip()), name
        assert any(
            kept(text, texts, within=variant.within) for text in variant.forms_of(name, expected)
        ), (name, expected[:80])


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_any_text_in_every_field_of_every_form_is_saved_verbatim_or_refused_beside_it(
    qtbot, world: World, variant: Variant
):
    @FEW
    @given(data=st.data())
    def any_text(data: st.DataObject) -> None:
        marks = row_marks(world.engine)
        form = open_variant(qtbot, world, variant)
        fed = Fed.feed_all(form, 0, forms_of=variant.forms_of)
        # Then each field again, with text hypothesis makes up.
        for widget in fed.inputs:
            text = data.draw(st.one_of(ODD, TYPED), label=input_key(form, widget))
            fed.held[widget] = feed(widget, text)
        saved = fed.save(qtbot)
        texts = new_texts(world.engine, marks)
        for name, expected in saved.items():
            assert any(
                kept(text, texts, within=variant.within)
                for text in variant.forms_of(name, expected)
            ), (name, expected[:80])

    any_text()


def test_every_form_and_every_field_in_it_is_fed(qtbot, world: World):
    """A form added to the registry, or a field added to a form, fails here until the tests
    above feed it (add a Variant that shows it)."""
    assert set(FORM_MODULES) <= {v.kind for v in VARIANTS}, "a form no variant opens"
    fed: dict[str, set[str]] = defaultdict(set)
    every: dict[str, set[str]] = defaultdict(set)
    opened: set[type] = set()
    for variant in VARIANTS:
        form = open_variant(qtbot, world, variant)
        opened.add(type(form))
        module = FORM_MODULES[variant.kind]
        fed[module] |= {input_key(form, w) for w in text_inputs(form)}
        every[module] |= {input_key(form, w) for w in text_inputs(form, all_of_them=True)}
    assert fed == every
    # Every form class of those modules (a new variant chosen by `initial`, say) was opened.
    classes = {
        cls
        for module in set(FORM_MODULES.values())
        for cls in vars(importlib.import_module(module)).values()
        if isinstance(cls, type) and issubclass(cls, FormDialog) and cls.__module__ == module
    }
    assert classes <= opened, classes - opened


# Every other window a person types into, and the test that feeds it.
OTHER_WINDOWS = {
    "rsoman.gui.settings_dialog.SettingsDialog": "test_the_force_settings_keep_hostile...",
    "rsoman.gui.packs.dialog.IssuePackDialog": "test_a_pack_keeps_hostile_recipient...",
    "rsoman.gui.packs.preview.PackPreview": "test_a_pack_preview_shows_a_hostile...",
    "rsoman.gui.sign_in.SignInDialog": "test_sign_in_refuses_hostile_names...",
    "rsoman.gui.inactivity.LockDialog": "test_the_lock_takes_hostile_text...",
    "rsoman.gui.password_dialog.PasswordDialog": "test_a_new_password_of_hostile_text...",
    "rsoman.gui.first_run_wizard.FirstRunWizard": "test_the_first_run_wizard_takes...",
    "rsoman.gui.main_window.MainWindow": "test_the_quick_search..., test_the_column_filters...",
    "rsoman.gui.record.window.RecordWindow": "test_the_record_window_shows... (no input)",
}


def test_every_window_of_the_app_is_fed_somewhere():
    """A dialog or window added to the app fails here until a test above feeds it (and it is
    named in OTHER_WINDOWS), or it is a form of the registry."""
    import rsoman.gui

    windows = set()
    for info in pkgutil.walk_packages(rsoman.gui.__path__, "rsoman.gui."):
        if ".generated" in info.name:
            continue
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                isinstance(cls, type)
                and cls.__module__ == info.name
                and issubclass(cls, QDialog | QMainWindow)
                and cls is not FormDialog
                and info.name not in FORM_MODULES.values()
            ):
                windows.add(f"{info.name}.{cls.__name__}")
    assert windows == set(OTHER_WINDOWS)


def input_key(form: FormDialog, widget: QWidget) -> str:
    return widget.objectName() or field_of(form, widget) or type(widget).__name__


# --- the other dialogs built on the form base ---------------------------------------------------


@pytest.mark.parametrize("start", range(len(NAMES)), ids=NAMES)
def test_the_force_settings_keep_hostile_contacts_verbatim_or_say_why_not(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, start: int
):
    dialog = SettingsDialog(demo_engine, demo_runner, actor(demo_engine, "admin"))
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled(), dialog.error_label.text()
    # A valid change and reason, whatever is refused.
    put(dialog.field(BRIEFING_CONTACT), f"Jigsaw desk {start} (test)")
    put(dialog.field("reason"), "Contacts updated (test)")
    borough = dialog.borough_combo.currentData()
    marks = row_marks(demo_engine)
    saved = Fed.feed_all(dialog, start).save(qtbot)
    with session_scope(demo_engine) as session:
        settings = get_settings(session)
    shown = {
        BRIEFING_CONTACT: settings.briefing_contact,
        "borough_contact": settings.briefing_contacts.get(borough, ""),
    }
    texts = new_texts(demo_engine, marks)
    for name, expected in saved.items():
        if name in shown:
            assert shown[name] == expected.strip(), name
        elif name == "reason":
            assert kept(expected, texts, within=True), name


@pytest.mark.parametrize("start", range(len(NAMES)), ids=NAMES)
def test_a_pack_keeps_hostile_recipient_and_reason_and_opens_with_a_hostile_password(
    qtbot, world: World, start: int
):
    dialog = IssuePackDialog(world.engine, world.runner, world.who("supervisor"), "visits")
    dialog.confirm_discard = lambda: True  # type: ignore[method-assign]
    qtbot.addWidget(dialog)
    assert dialog.save_button.isEnabled(), dialog.error_label.text()
    # The planted manager of one offender (a short sheet), whose name is hostile too.
    officer = dialog.field("officer")
    assert isinstance(officer, QComboBox)
    officer.setCurrentIndex(officer.findText(PLANTED_MANAGER, Qt.MatchFlag.MatchContains))
    assert officer.currentIndex() >= 0
    put(dialog.field("issued_to"), "DS Testperson, Team 1 (test)")
    put(dialog.field("reason"), "Visits this week (test)")
    marks = row_marks(world.engine)
    saved = Fed.feed_all(dialog, start).save(qtbot)
    result = dialog.result_value
    assert result is not None
    texts = new_texts(world.engine, marks)
    if "issued_to" in saved:
        # Printed on one line at the head of every page: kept with its blanks run together.
        assert kept(" ".join(saved["issued_to"].split()), texts)
    if "reason" in saved:
        assert kept(saved["reason"], texts)
    password = saved.get("pdf_password")
    reader = PdfReader(BytesIO(result.pdf))
    assert reader.is_encrypted == (password is not None)
    if password is not None:
        assert reader.decrypt(password), "the pack does not open with its password"
        assert len(reader.pages) == result.pack.page_count


# --- searches: hostile text is matched literally, never run ------------------------------------

NEEDLES = [
    "%",
    "_",
    "\\",
    "%_",
    "x');",
    "x'); DROP TABLE offender;--",
    "' OR '1'='1",
    "%' OR 1=1 --",
    "שלום",
    "مرحبا",
    "e\u0301\u0308",
    "😀",
    "𝔘",
    "\u202e",
    "\x1b",
    "a\x00b",
    "\x00",
    LONG_TEXT,
]


def ascii_lower(text: str) -> str:
    """SQLite's lower(): ASCII letters only (the needles and names here have no others)."""
    return text.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


def searchable(engine: Engine, who: Actor, query: CaseloadQuery) -> dict[str, list[str]]:
    """Every offender the query shows without its search, by ref, with the text a search
    looks in: names, aliases, references."""
    with session_scope(engine) as session:
        ids = caseload_ids(session, who, replace(query, search=""))
        rows = session.exec(select(Offender).where(Offender.id.in_(ids))).scalars().all()
        aliases = session.exec(
            select(OffenderAlias).where(OffenderAlias.offender_id.in_(ids))
        ).scalars()
        texts = {
            r.id: [r.ref, r.surname, r.forenames, r.pnc_ref or "", r.visor_ref or ""] for r in rows
        }
        for alias in aliases:
            texts[alias.offender_id] += [alias.surname, alias.forenames or ""]
        return {texts[r.id][0]: texts[r.id] for r in rows}


def matches(needle: str, texts: list[str]) -> bool:
    """The caseload's search: every word of it in one of the texts, case aside."""
    words = needle.split()
    return bool(words) and all(
        any(word.lower() in ascii_lower(text) for text in texts) for word in words
    )


def open_main(qtbot, world: World, prefs, username: str) -> MainWindow:
    window = MainWindow(world.engine, world.runner, world.who(username), settings=prefs)
    qtbot.addWidget(window)
    scope = window.ui.scopeCombo
    scope.setCurrentIndex(scope.findData("borough"))
    assert window.model is not None and window.model.query.scope == "borough"
    return window


def shown_refs(window: MainWindow) -> set[str]:
    model = window.model
    assert model is not None and not model.loading
    rows = [model.row_data(r) for r in range(model.rowCount())]
    assert all(row is not None for row in rows)
    return {row.ref for row in rows if row is not None}


def test_the_quick_search_finds_hostile_text_literally_and_nothing_else(qtbot, world: World, prefs):
    window = open_main(qtbot, world, prefs, "supervisor")
    edit = window.ui.searchEdit
    panel = window.filter_panel
    assert set(text_inputs(window, all_of_them=True)) == {
        edit,
        *text_inputs(panel, all_of_them=True),
    }, "a new field in the main window: feed it"
    universe = searchable(world.engine, window.actor, window.model.query)
    planted = {ref for ref in world.planted if ref in universe}
    assert len(planted) == len(PLANTED_NAMES), "the planted offenders are not in view"
    failed: list[str] = []
    window.model.load_failed.connect(failed.append)

    def search(needle: str) -> None:
        with qtbot.captureExceptions() as exceptions:
            feed(edit, needle)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert not exceptions
        assert not failed, failed
        wanted = {ref for ref, texts in universe.items() if matches(needle.strip(), texts)}
        if not needle.split():
            wanted = set(universe)  # a blank search is no search
        assert shown_refs(window) == wanted, repr(needle[:40])
        assert window.count_label.text().startswith(f"{len(wanted)} ")

    for needle in NEEDLES:
        search(needle)
    # Each planted name finds its offender (and its alias too).
    for ref, (surname, alias) in world.planted.items():
        for name in (surname, alias):
            if name != "Alias":
                search(name)
                assert ref in shown_refs(window)

    @HYPOTHESIS
    @given(needle=st.one_of(st.sampled_from(NEEDLES), SEARCH_TEXT))
    def any_text(needle: str) -> None:
        search(needle)

    any_text()

    # A pasted page is not a search for a person: refused, saying why.
    feed(edit, " ".join(f"word{n}x" for n in range(150)))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert failed and "150 different words; at most 100" in failed[0]
    assert "at most 100" in window.ui.statusbar.currentMessage()
    # The previous search's rows are not left to pass for this one's answer.
    assert shown_refs(window) == set()
    assert window.count_label.text() == "Not loaded"


# Any text but uppercase letters outside ASCII: SQLite's lower() leaves those as they are
# (see the report: a search for "Łukasz" misses "Łukasz" on SQLite).
SEARCH_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Lu", "Lt"), blacklist_characters="\u0130"),
    max_size=12,
)
FEW = settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # Each example saves a form: a failure is reported as found, not shrunk for minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
HYPOTHESIS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


FILTERED = [
    ("address_edit", "%", True),
    ("address_edit", "_road\\", True),
    ("address_edit", "שלום", True),
    ("address_edit", "x'); DROP TABLE address;--", True),
    ("address_edit", "%' OR 1=1 --", False),
    ("address_edit", "per\x00cent", False),
    ("ward_edit", "%_\\", True),
    ("ward_edit", "מערב", True),
    ("ward_edit", "_x", False),
    ("manager_edit", "%_\\", True),
    ("manager_edit", "quotes'", True),
    ("manager_edit", "\x00", False),
    ("manager_edit", LONG_TEXT, False),
]


def test_the_column_filters_match_hostile_text_literally(qtbot, world: World, prefs):
    window = open_main(qtbot, world, prefs, "supervisor")
    panel = window.filter_panel
    failed: list[str] = []
    window.model.load_failed.connect(failed.append)
    for edit, text, found in FILTERED:
        box = getattr(panel, edit)
        with qtbot.captureExceptions() as exceptions:
            feed(box, text)
            qtbot.keyClick(box, Qt.Key.Key_Return)
        assert not exceptions
        assert not failed, failed
        assert shown_refs(window) == ({world.filtered_ref} if found else set()), (edit, text)
        panel.clear()


def test_saved_filters_keep_hostile_names_verbatim(qtbot, prefs):
    panel = CaseloadFilterPanel(prefs, "officer")
    qtbot.addWidget(panel)
    assert text_inputs(panel, all_of_them=True) == [
        panel.address_edit,
        panel.ward_edit,
        panel.manager_edit,
        panel.not_seen_date,
        panel.name_edit,
    ], "a new input in the filter panel: feed it here"
    named = {}
    with qtbot.captureExceptions() as exceptions:
        for key, text in CORPUS.items():
            held = feed(panel.name_edit, text)
            qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
            assert held is not None
            named[key] = held.strip()
            # Said back as typed, never as markup.
            assert named[key] in rendered(panel.message), key
        # The typed keys of a date box never make an invalid date.
        panel.not_seen_box.setChecked(True)
        for text in CORPUS.values():
            feed(panel.not_seen_date, text)
            assert panel.not_seen_date.date().isValid()
    assert not exceptions
    # A new panel (the next start) offers each name as it was typed.
    again = CaseloadFilterPanel(prefs, "officer")
    qtbot.addWidget(again)
    offered = {again.saved_combo.itemText(i) for i in range(again.saved_combo.count())}
    assert set(named.values()) <= offered


# --- text shown back: as typed, never as markup ------------------------------------------------


def rendered(label: QLabel) -> str:
    """What a label shows: its text, or what Qt makes of it as rich text (a label left to
    guess takes "<b>x</b> …" for markup)."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


# What the marked offender holds: markup, an entity, quotes, bidi and right-to-left text.
MARKED_SURNAME = "<i>O'Hostile</i> &amp;"
MARKED_FORENAMES = "\u202eRlo שלום"
MARKED_TEXT = "<b>not bold</b> &lt;x&gt; x'); DROP TABLE offender;-- مرحبا 😀"
MARKED_REF = "RSO-<b>M</b>&amp;'"
MARKED_HOME = "<i>1</i> Rue &amp; Test Road"
MARKED_WARD = "Marked ward (test)"


def on_screen(text: str) -> str:
    """Text as a plain-text rendering gives it back: line breaks of every kind as \\n."""
    return in_a_text_box(text)


def shown_texts(root: QWidget) -> list[str]:
    """Everything `root` shows in text: labels as rendered, read-only text panes, and every
    cell and tooltip of every table (each list's rows selected in turn, for its details)."""
    texts = [rendered(label) for label in root.findChildren(QLabel)]
    texts += [pane.toPlainText() for pane in root.findChildren(QTextEdit) if pane.isReadOnly()]
    for section in root.findChildren(ListSection):
        for row in range(section.model.rowCount()):
            section.select_row(row)
            texts.append(section.details.toPlainText())
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for row in range(min(model.rowCount(), 50)):
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(model.index(row, column), role)
                    if isinstance(value, str):
                        texts.append(value)
    return texts


def assert_shown_as_typed(root: QWidget, *typed: str, tips: bool = True) -> None:
    """Each typed text is on screen verbatim, and no label or tooltip (unless not `tips`) that
    holds it (or its escaped form) shows it as markup."""
    texts = shown_texts(root)
    for text in typed:
        assert any(on_screen(text) in t for t in texts), (type(root).__name__, text)
    for label in root.findChildren(QLabel):
        raw = label.text()
        for text in typed:
            if text in raw or html.escape(text) in raw:
                assert text in rendered(label), (label.objectName(), raw[:120])
    for view in root.findChildren(QAbstractItemView) if tips else ():
        model = view.model()
        for row in range(min(model.rowCount(), 50) if model is not None else 0):
            for column in range(model.columnCount()):
                tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and any(t in tip for t in typed):
                    assert not GuiQt.mightBeRichText(tip), tip[:120]


@pytest.fixture(scope="module")
def marked(world: World) -> str:
    """An offender of the officer's whose every text is hostile, with a breach and an
    intelligence report that are too, and a warning answered with hostile words."""
    me = world.who("officer")
    with session_scope(world.engine) as session:
        officer = session.get(Officer, me.officer_id)
        row = f.offender(
            session,
            borough_code=session.get(Borough, officer.borough_id).code,
            manager=officer,
            ref=MARKED_REF,
            surname=MARKED_SURNAME,
            forenames=MARKED_FORENAMES,
            home=MARKED_HOME,
            home_ward=f.ward(session, session.get(Borough, officer.borough_id).code, MARKED_WARD),
            aliases=(("Alias", MARKED_SURNAME),),
        )
        row.description = MARKED_TEXT + "\n" + LONG_TEXT
        session.add(row)
        f.intelligence(session, row, london_today() - timedelta(days=3), MARKED_TEXT)
        breach = f.breach(session, row, london_today() - timedelta(days=2))
        breach.description = MARKED_TEXT
        session.add(breach)
        warning = f.warning(session, row, officer, MARKED_TEXT, anchor="marked", days_overdue=3)
        world.ids["marked_breach"] = breach.id
        world.ids["marked_warning"] = warning.id
        ref = row.ref
    with session_scope(world.engine) as session:
        acknowledge(session, me, world.ids["marked_warning"], MARKED_TEXT)
    return ref


def test_the_record_window_shows_hostile_text_as_typed(qtbot, world: World, marked: str):
    window = RecordWindow(world.engine, world.runner, world.who("officer"), marked)
    qtbot.addWidget(window)
    assert window.record is not None
    assert text_inputs(window, all_of_them=True) == [], "a field in the record: feed it"
    # Surnames are shown in capitals ("QUILLOWBY, Ada"), as officers write them.
    assert_shown_as_typed(
        window,
        MARKED_SURNAME.upper(),
        MARKED_REF,
        MARKED_HOME,
        MARKED_TEXT,
        MARKED_TEXT + "\n" + LONG_TEXT,
    )


def test_the_main_window_shows_hostile_text_as_typed(qtbot, world: World, marked: str, prefs):
    window = MainWindow(world.engine, world.runner, world.who("officer"), settings=prefs)
    qtbot.addWidget(window)
    window.ui.scopeCombo.setCurrentIndex(window.ui.scopeCombo.findData("mine"))
    assert_shown_as_typed(window, MARKED_SURNAME.upper(), MARKED_REF, MARKED_HOME, tips=False)


def test_the_caseload_tooltips_show_hostile_text_as_typed(qtbot, world: World, marked: str, prefs):
    window = MainWindow(world.engine, world.runner, world.who("officer"), settings=prefs)
    qtbot.addWidget(window)
    window.ui.scopeCombo.setCurrentIndex(window.ui.scopeCombo.findData("mine"))
    assert_shown_as_typed(window, MARKED_HOME)


@pytest.mark.parametrize(
    ("kind", "initial"),
    [
        ("visit", {}),
        ("visit_plan", {}),
        ("reallocate", {}),
        ("breach_action", {"breach_id": "marked_breach"}),
        ("acknowledge", {"warning_id": "marked_warning"}),
    ],
)
def test_forms_show_hostile_names_and_words_as_typed(
    qtbot, world: World, marked: str, kind: str, initial: dict[str, str]
):
    user = "supervisor" if kind in ("visit_plan", "reallocate") else "officer"
    context = FormContext(
        world.engine,
        world.runner,
        world.who(user),
        marked,
        initial={k: world.ids[v] for k, v in initial.items()},
    )
    form = create_form(kind, context)
    form.confirm_discard = lambda: True  # type: ignore[method-assign]
    qtbot.addWidget(form)
    shown = {
        "visit": [MARKED_REF, MARKED_SURNAME.upper()],
        "visit_plan": [MARKED_REF, MARKED_SURNAME.upper()],
        "reallocate": [MARKED_REF],
        "breach_action": [MARKED_REF, MARKED_TEXT],
        "acknowledge": [MARKED_REF, MARKED_TEXT],
    }[kind]
    assert_shown_as_typed(form, *shown)


# --- signing in, the lock, passwords, the first run ---------------------------------------------

# A password of hostile text that passes the password rule.
HOSTILE_PASSWORD = "שלום 😀 Ze\u0301lda <b>x</b>' OR '1'='1 --"


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Argon2id as always, but with the least work: these tests hash a dozen times."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    users._dummy_hash.cache_clear()
    yield
    users._dummy_hash.cache_clear()


@pytest.fixture
def hostile_user(demo_engine: Engine, cheap_hashing: None) -> Actor:
    with session_scope(demo_engine) as session:
        create_user(
            session, SYSTEM, username="hostile", role=Role.administrator, password=HOSTILE_PASSWORD
        )
    return actor(demo_engine, "hostile")


# Each attempt puts several hostile strings in at once: every attempt costs a hash.
ATTEMPTS = [
    (NUL_TEXT, CORPUS["markup"]),
    (LONG_TEXT, LONG_TEXT),
    (CORPUS["sql"] + CORPUS["bidi"] + CORPUS["controls"], CORPUS["newlines"]),
    (SURROGATE_TEXT + CORPUS["astral"], NUL_TEXT),
]


def test_sign_in_refuses_hostile_names_clearly_and_takes_a_hostile_password(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs, hostile_user: Actor
):
    dialog = SignInDialog(demo_runner, prefs)
    qtbot.addWidget(dialog)
    username, password = dialog.ui.usernameEdit, dialog.ui.passwordEdit
    assert text_inputs(dialog, all_of_them=True) == [username, password]
    ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.captureExceptions() as exceptions:
        for name, secret in ATTEMPTS:
            typed = feed(username, name)
            feed(password, secret)
            ok.click()
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert dialog.ui.errorLabel.isVisibleTo(dialog), name[:20]
            assert dialog.ui.errorLabel.text().strip()
            assert username.text() == typed, "the user name was not kept"
            assert ok.isEnabled(), "the dialog froze"
        feed(username, "hostile")
        feed(password, HOSTILE_PASSWORD)
        ok.click()
    assert not exceptions
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "hostile"


def test_the_lock_takes_hostile_text_and_opens_with_a_hostile_password(
    qtbot, demo_runner: TaskRunner, hostile_user: Actor
):
    dialog = LockDialog(demo_runner, hostile_user)
    qtbot.addWidget(dialog)
    assert text_inputs(dialog, all_of_them=True) == [dialog.password_edit]
    with qtbot.captureExceptions() as exceptions:
        for _name, secret in ATTEMPTS:
            feed(dialog.password_edit, secret)
            dialog.unlock_button.click()
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert dialog.error_label.text().strip()
            assert dialog.unlock_button.isEnabled()
        feed(dialog.password_edit, HOSTILE_PASSWORD)
        dialog.unlock_button.click()
    assert not exceptions
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_new_password_of_hostile_text_is_checked_and_works(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, hostile_user: Actor
):
    dialog = PasswordDialog(demo_runner, "hostile", actor=hostile_user)
    qtbot.addWidget(dialog)
    edits = [dialog.current_edit, dialog.new_edit, dialog.confirm_edit]
    assert text_inputs(dialog, all_of_them=True) == edits
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    new_password = "عالم 😀 e\u0301 \u202etxt.exe\u202c x'); --"
    with qtbot.captureExceptions() as exceptions:
        for text in CORPUS.values():
            feed(dialog.new_edit, text)
            feed(dialog.confirm_edit, text)
            # Each problem is said as it is typed; a refused password cannot be sent.
            assert ok.isEnabled() == (not dialog.problems()), text[:20]
        feed(dialog.current_edit, HOSTILE_PASSWORD)
        feed(dialog.new_edit, new_password)
        feed(dialog.confirm_edit, new_password)
        assert not dialog.problems()
        ok.click()
    assert not exceptions
    assert dialog.result() == QDialog.DialogCode.Accepted
    with session_scope(demo_engine) as session:
        assert authenticate(session, "hostile", new_password).username == "hostile"


def test_the_first_run_wizard_takes_hostile_text_in_every_field_without_a_crash(
    qtbot, prefs, tmp_path: Path, cheap_hashing: None
):
    wizard = FirstRunWizard(prefs, default_path=tmp_path / "rsoman.db")
    qtbot.addWidget(wizard)
    location, admin = wizard.location, wizard.admin
    assert location is not None
    fed: set[QWidget] = set()

    def give(widget: QWidget, text: str) -> None:
        feed(widget, text)
        fed.add(widget)

    with qtbot.captureExceptions() as exceptions:
        # A local file: its name (kept inside the test's folder) and passphrase.
        for text in CORPUS.values():
            give(location.pathEdit, str(tmp_path / text))
            give(location.passphraseEdit, text)
            give(location.passphraseConfirmEdit, text)
            if not location.validatePage():
                said = location.passphraseProblemsLabel.text() + location.localResultLabel.text()
                assert said.strip(), text[:20]
        give(location.pathEdit, str(tmp_path / "x\x00y.db"))
        give(location.passphraseEdit, HOSTILE_PASSWORD)
        give(location.passphraseConfirmEdit, HOSTILE_PASSWORD)
        assert not location.validatePage()
        assert "NUL" in location.localResultLabel.text()
        # A server: every field hostile, tested without a crash and explained.
        location.serverRadio.setChecked(True)
        for name, secret in ATTEMPTS:
            for edit in (location.hostEdit, location.databaseEdit, location.userEdit):
                give(edit, name[:300])
            give(location.passwordEdit, secret)
            give(location.portSpin, name)
            assert location.portSpin.value() in range(1, 65536)
            location.test_connection()
            assert location.testResultLabel.text().strip(), name[:20]
        # The administrator's password: each problem said; a hostile one that passes, passes.
        for text in CORPUS.values():
            give(admin.passwordEdit, text)
            give(admin.confirmEdit, text)
            if not admin.validatePage():
                assert admin.passwordProblemsLabel.text().strip()
        give(admin.passwordEdit, HOSTILE_PASSWORD)
        give(admin.confirmEdit, HOSTILE_PASSWORD)
        assert admin.validatePage()
        give(wizard.demo.demoSizeSpin, LONG_TEXT)
        assert spin_is_sane(wizard.demo.demoSizeSpin)
    assert not exceptions
    every = {
        w
        for page_id in wizard.pageIds()
        for w in text_inputs(wizard.page(page_id), all_of_them=True)
    }
    assert every <= fed, "a new field in the wizard: feed it here"


def test_a_pack_preview_shows_a_hostile_recipient_and_saves_under_hostile_names_in_its_folder(
    qtbot, world: World, tmp_path: Path
):
    me = world.who("officer")
    recipient = MARKED_SURNAME + " " + CORPUS["bidi"]
    with session_scope(world.engine) as session:
        warrant = session.get(Officer, me.officer_id).warrant_number
        pack = issue.issue_visit_sheet(
            session,
            me,
            officer_warrant=warrant,
            date_from=london_today(),
            date_to=london_today(),
            issued_to=recipient,
            reason=MARKED_TEXT,
        )
        summary = get_issued_pack(session, me, pack.reference)
    preview = PackPreview(world.runner, me, summary, pack.pdf)
    qtbot.addWidget(preview)
    assert_shown_as_typed(preview, recipient)
    assert text_inputs(preview, all_of_them=True) == [preview.page_box]
    feed(preview.page_box, LONG_TEXT)
    assert spin_is_sane(preview.page_box)

    folder = tmp_path / "packs" / "here"
    folder.mkdir(parents=True)
    names = [
        *CORPUS.values(),
        "../../escaped",
        "..",
        "/etc/passwd",
        "sub/dir\\x.pdf",
        "CON.pdf",
        "nul",
        ".hidden",
        "   ",
        "\u202efdp.exe",
    ]
    with qtbot.captureExceptions() as exceptions:
        for name in names:
            preview.save_to(folder, name)
            assert not preview.error_label.isVisibleTo(preview), preview.error_label.text()
            saved = [p for p in tmp_path.rglob("*") if p.is_file()]
            assert all(p.parent == folder for p in saved), saved
            assert all(p.suffix == ".pdf" and not p.name.startswith(".") for p in saved)
    assert not exceptions
    assert len(list(folder.iterdir())) >= len(names) - 4  # a few fall back to one default name


@pytest.mark.parametrize("text", [LONG_TEXT, HOSTILE_PASSWORD, CORPUS["controls"], NUL_TEXT])
def test_the_passphrase_prompt_gives_back_exactly_what_was_typed(qtbot, text: str):
    def type_and_accept() -> None:
        (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog)]
        (edit,) = text_inputs(dialog, all_of_them=True)
        feed(edit, text)
        dialog.accept()

    QTimer.singleShot(0, type_and_accept)
    with qtbot.captureExceptions() as exceptions:
        assert _ask_passphrase("Passphrase:") == text
    assert not exceptions


def test_a_briefing_prints_an_offender_whose_texts_are_hostile_and_very_long(
    world: World, marked: str
):
    """A 10,000-character description is taller than a page: it flows on, never stops the
    pack (ReportLab's LayoutError once did, for the whole borough)."""
    me = world.who("officer")
    with session_scope(world.engine) as session:
        code = session.get(Borough, me.borough_id).code
        pack = issue.issue_briefing(
            session,
            me,
            borough_code=code,
            ward=MARKED_WARD,
            issued_to=MARKED_SURNAME,
            reason=MARKED_TEXT + "\n" * 200,
        )
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pack.pdf)).pages)
    assert pack.page_count >= 3
    assert "x'); DROP TABLE offender;--" in text and "<b>not bold</b>" in text
