"""Issue a printed pack: choose what it covers, say who it goes to and why, and build it off the
GUI thread.

The pickers offer only what the user may issue (the choices come from the services, under the
same permission as the issue); a user who may not issue this kind of pack at all is told so
plainly and cannot press "Issue". The recipient and the reason are required: each problem is
shown beside its field and nothing typed is lost. Issuing is a logged disclosure, done in the
service (`rsoman.core.reports.issue`); the dialog only gathers the request and shows the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QProgressBar, QWidget
from sqlalchemy import Engine
from sqlmodel import Session

from ...core.reports import issue
from ...core.rules.dates import format_date, london_today
from ...core.services.actor import Actor
from ...core.services.errors import PermissionDenied, Problem, ValidationFailed
from ...core.services.packs.choices import briefing_areas, mappa_meetings, visit_sheet_officers
from ...core.services.packs.common import KIND_WORDS, MAX_ISSUED_TO, check_recipient
from ...core.services.packs.history import IssuedPackSummary, get_issued_pack
from ...core.services.packs.visit_sheet import MAX_DAYS
from ...core.services.performance import borough_choices
from ..forms import FormContext
from ..forms.base import FormDialog, date_edit
from ..forms.notification import text_box
from ..tasks import TaskRunner

# The kinds the app's menus name, to the kinds the store records.
KINDS: dict[str, str] = {
    "briefing": "briefing",
    "mappa": "mappa",
    "visits": "visit_sheet",
    "visit_sheet": "visit_sheet",
    "performance": "performance",
}
TITLES: dict[str, str] = {
    "briefing": "Issue a borough briefing",
    "mappa": "Issue a MAPPA meeting pack",
    "visit_sheet": "Issue a visit sheet",
    "performance": "Issue a performance report",
}
WHOLE_BOROUGH = "Whole borough"

# The same minimum as `rsoman export --pdf-password-env`.
MIN_PDF_PASSWORD = 8


@dataclass(frozen=True)
class IssueInput:
    kind: str
    issued_to: str
    reason: str
    # The kind's own arguments to its `issue_x` function.
    options: dict[str, Any] = field(default_factory=dict)
    # Encrypt the PDF with this password (AES-256); None for none.
    pdf_password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class IssuedResult:
    """What the preview needs: the pack's record and its bytes."""

    pack: IssuedPackSummary
    pdf: bytes
    # What the PDF is encrypted with (None: not encrypted), so the preview can open it.
    pdf_password: str | None = field(default=None, repr=False)


def issue_pack(session: Session, actor: Actor, value: IssueInput) -> IssuedResult:
    """The issue itself (database thread): the service checks, renders, records and logs."""
    who = {
        "issued_to": value.issued_to,
        "reason": value.reason,
        "pdf_password": value.pdf_password,
    }
    if value.kind == "briefing":
        pack = issue.issue_briefing(session, actor, **value.options, **who)
    elif value.kind == "mappa":
        pack = issue.issue_mappa_pack(session, actor, **value.options, **who)
    elif value.kind == "visit_sheet":
        pack = issue.issue_visit_sheet(session, actor, **value.options, **who)
    else:
        pack = issue.issue_performance_report(session, actor, **value.options, **who)
    return IssuedResult(
        get_issued_pack(session, actor, pack.reference), pack.pdf, value.pdf_password
    )


def _choices(session: Session, actor: Actor, kind: str) -> list[Any]:
    if kind == "briefing":
        return list(briefing_areas(session, actor))
    if kind == "mappa":
        return list(mappa_meetings(session, actor))
    if kind == "visit_sheet":
        return list(visit_sheet_officers(session, actor))
    return list(borough_choices(session, actor))


def this_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week `today` is in."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(widget: Any) -> date:
    value: date = widget.date().toPython()
    return value


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


class IssuePackDialog(FormDialog):
    """`kind`: "briefing", "mappa", "visits" (or "visit_sheet"), "performance". `initial` may
    hold borough_code, ward, meeting, officer_warrant, date_from, date_to, as_of, issued_to,
    reason."""

    title = "Issue a pack"
    save_label = "Issue pack"
    # The issued pack (an IssuedResult), on the GUI thread, just before the dialog closes.
    issued = Signal(object)

    def __init__(
        self,
        engine: Engine,
        runner: TaskRunner,
        actor: Actor,
        kind: str,
        parent: QWidget | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"no such kind of pack: {kind!r}")
        self.kind = KINDS[kind]
        context = FormContext(
            engine, runner, actor, None, on_saved=self._announce, initial=dict(initial or {})
        )
        super().__init__(context, parent)
        self.setWindowTitle(TITLES[self.kind])
        self.result_value: IssuedResult | None = None
        self.choices: list[Any] = []
        body = self.body

        self.borough: QComboBox | None = None
        self.ward: QComboBox | None = None
        self.meeting: QComboBox | None = None
        self.officer: QComboBox | None = None
        self.date_from: Any = None
        self.date_to: Any = None
        self.as_of: Any = None
        today = london_today()
        if self.kind == "briefing":
            self.borough = QComboBox(body)
            self.add_field("borough", "&Borough", self.borough)
            self.ward = QComboBox(body)
            self.add_field(
                "ward", "&Ward", self.ward, hint="A ward: only those whose home is in it."
            )
            self.borough.currentIndexChanged.connect(self._fill_wards)
        elif self.kind == "mappa":
            self.meeting = QComboBox(body)
            self.add_field(
                "meeting",
                "&Meeting",
                self.meeting,
                hint="Upcoming meetings first, then those held in the last three months.",
            )
        elif self.kind == "visit_sheet":
            self.officer = QComboBox(body)
            self.add_field("officer", "&Officer", self.officer)
            monday, sunday = this_week(today)
            self.date_from = date_edit(body)
            self.date_from.setDate(_qdate(monday))
            self.add_field("from", "&From", self.date_from)
            self.date_to = date_edit(body)
            self.date_to.setDate(_qdate(sunday))
            self.add_field("to", "&Until", self.date_to, hint=f"At most {MAX_DAYS} days.")
        else:
            self.borough = QComboBox(body)
            self.add_field("borough", "&Borough", self.borough)
            self.as_of = date_edit(body)
            self.as_of.setDate(_qdate(today))
            self.as_of.setMaximumDate(_qdate(today))
            self.add_field("as_of", "&As of", self.as_of, hint="The last 12 months to this day.")

        self.issued_to = QLineEdit(body)
        self.issued_to.setMaxLength(MAX_ISSUED_TO)
        self.issued_to.setPlaceholderText("name, rank, team")
        self.add_field(
            "issued_to", "Issued &to", self.issued_to, hint="Printed on every page of the pack."
        )
        self.reason_box = text_box(body, "why they need it")
        self.add_field(
            "reason",
            "&Reason",
            self.reason_box,
            hint="Logged with the issue as the justification for the disclosure.",
        )
        self.pdf_password = QLineEdit(body)
        self.pdf_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pdf_password.setPlaceholderText("optional")
        self.add_field(
            "pdf_password",
            "PDF &password",
            self.pdf_password,
            hint=(
                f"Optional, {MIN_PDF_PASSWORD} characters or more: the saved PDF then opens only "
                "with it (AES-256). Tell the recipient separately."
            ),
        )
        self.issued_to.setText(str(self.context.initial.get("issued_to", "")))
        self.reason_box.setPlainText(str(self.context.initial.get("reason", "")))
        for key, widget in (("date_from", self.date_from), ("date_to", self.date_to)):
            day = self.context.initial.get(key)
            if widget is not None and isinstance(day, date):
                widget.setDate(_qdate(day))
        if self.as_of is not None and isinstance(self.context.initial.get("as_of"), date):
            self.as_of.setDate(_qdate(self.context.initial["as_of"]))

        self.busy_label = QLabel("Building the pack…", self)
        self.busy_label.setObjectName("loadingLabel")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # no steps to count: a busy indicator
        self.busy_bar.setTextVisible(False)
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, self.busy_label)
        layout.insertWidget(layout.count() - 1, self.busy_bar)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.mark_clean()
        self._load_choices()

    # --- the pickers ------------------------------------------------------------------------

    def _load_choices(self) -> None:
        self.body.setEnabled(False)
        self.save_button.setEnabled(False)
        actor, kind = self.context.actor, self.kind
        self.context.runner.submit(
            lambda session, _p: _choices(session, actor, kind),
            on_done=self._choices_loaded,
            on_error=self._choices_refused,
        )

    def _choices_refused(self, exc: BaseException) -> None:
        words = KIND_WORDS[self.kind]
        article = "an" if words[0] in "aeiou" else "a"
        if isinstance(exc, PermissionDenied):
            self.show_general(f"You may not issue {article} {words}: {exc}")
        else:
            self.show_general(f"The choices for {article} {words} could not be loaded: {exc}")
        self.save_button.setEnabled(False)

    def _choices_loaded(self, choices: list[Any]) -> None:
        self.choices = choices
        initial = self.context.initial
        if self.kind == "mappa":
            assert self.meeting is not None
            for m in choices:
                self.meeting.addItem(m.label, m.ref)
            wanted = str(initial.get("meeting", ""))
            for i, m in enumerate(choices):
                if wanted and wanted in (m.ref, str(m.id)):
                    self.meeting.setCurrentIndex(i)
            if not choices:
                self.show_general(
                    "There are no MAPPA meetings in your area in the last three months or the "
                    "next six."
                )
        elif self.kind == "visit_sheet":
            assert self.officer is not None
            for o in choices:
                self.officer.addItem(o.label, o.warrant)
            _select(self.officer, initial.get("officer_warrant"))
        else:
            assert self.borough is not None
            for b in choices:
                self.borough.addItem(b.name, b.code)
            _select(self.borough, initial.get("borough_code"))
            self.borough.setEnabled(len(choices) > 1)
            if self.kind == "briefing":
                self._fill_wards()
                if self.ward is not None and initial.get("ward"):
                    index = self.ward.findText(str(initial["ward"]))
                    if index >= 0:
                        self.ward.setCurrentIndex(index)
        self.body.setEnabled(True)
        self.save_button.setEnabled(bool(choices))
        self.mark_clean()
        self.issued_to.setFocus()

    def _fill_wards(self, *_args: object) -> None:
        if self.ward is None or self.borough is None:
            return
        code = self.borough.currentData()
        area = next((a for a in self.choices if getattr(a, "code", None) == code), None)
        self.ward.clear()
        self.ward.addItem(WHOLE_BOROUGH, None)
        for name in area.wards if area is not None else ():
            self.ward.addItem(name, name)

    # --- issuing ----------------------------------------------------------------------------

    def collect(self) -> IssueInput:
        """Every problem the dialog can see at once; the service checks the rest."""
        issued_to, reason = self.issued_to.text(), self.reason_box.toPlainText()
        problems = check_recipient(issued_to, reason)
        options: dict[str, Any] = {}
        if self.kind == "briefing":
            assert self.borough is not None and self.ward is not None
            options = {"borough_code": self.borough.currentData(), "ward": self.ward.currentData()}
            if options["borough_code"] is None:
                problems.append(Problem("", "borough", "choose a borough"))
        elif self.kind == "mappa":
            assert self.meeting is not None
            options = {"meeting": self.meeting.currentData()}
            if options["meeting"] is None:
                problems.append(Problem("", "meeting", "choose a meeting"))
        elif self.kind == "visit_sheet":
            assert self.officer is not None
            start, end = _date(self.date_from), _date(self.date_to)
            options = {
                "officer_warrant": self.officer.currentData(),
                "date_from": start,
                "date_to": end,
            }
            if options["officer_warrant"] is None:
                problems.append(Problem("", "officer", "choose an officer"))
            if end < start:
                problems.append(
                    Problem("", "to", f"the period ends before it starts ({format_date(start)})")
                )
            elif (end - start).days + 1 > MAX_DAYS:
                problems.append(Problem("", "to", f"a visit sheet covers at most {MAX_DAYS} days"))
        else:
            assert self.borough is not None
            options = {"borough_code": self.borough.currentData(), "as_of": _date(self.as_of)}
        password = self.pdf_password.text() or None
        if password is not None and len(password) < MIN_PDF_PASSWORD:
            problems.append(
                Problem("", "pdf_password", f"at least {MIN_PDF_PASSWORD} characters, or none")
            )
        if problems:
            raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
        return IssueInput(self.kind, issued_to, reason, options, pdf_password=password)

    def save(self, session: Session, value: IssueInput) -> IssuedResult:
        return issue_pack(session, self.context.actor, value)

    def _set_saving(self, saving: bool) -> None:
        # The base disables the fields while saving; building a large pack takes seconds, so
        # say what is happening.
        super()._set_saving(saving)
        self.busy_label.setVisible(saving)
        self.busy_bar.setVisible(saving)

    def _announce(self) -> None:
        self.result_value = self.saved_result
        self.issued.emit(self.saved_result)
