"""The record's header: who this is at a glance (photo, names, date of birth, risk, MAPPA,
status, offender manager), always visible above the tabs.

Sizes follow the font (the photo is so many lines tall), so the header scales with high DPI
and larger fonts. Risk is text and the meter icon, with colour only as a back-up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.rules.dates import london_today
from ...core.services.offender_record import OffenderRecord
from ..caseload_model import risk_icon
from .display import age_on, date_text, enum_text, mappa_text, risk_text

# The photo's height in lines of text (a passport photo's proportions, 35 x 45).
PHOTO_LINES = 9


def full_name(record: OffenderRecord) -> str:
    return f"{record.surname.upper()}, {record.forenames}"


class RecordHeader(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QHBoxLayout(self)

        line = self.fontMetrics().height()
        self.photo = QLabel(self)
        self.photo.setObjectName("recordPhoto")
        self.photo.setFixedSize(round(line * PHOTO_LINES * 35 / 45), line * PHOTO_LINES)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setFrameShape(QFrame.Shape.Box)
        self.photo.setWordWrap(True)
        outer.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)

        text = QVBoxLayout()
        self.name_label = QLabel(self)
        self.name_label.setObjectName("recordName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Names and addresses are shown as typed: a surname like "<i>x</i>" is not markup.
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        text.addWidget(self.name_label)
        self.aliases_label = QLabel(self)
        self.aliases_label.setTextFormat(Qt.TextFormat.PlainText)
        self.aliases_label.setWordWrap(True)
        text.addWidget(self.aliases_label)

        grid = QGridLayout()
        grid.setHorizontalSpacing(line)
        self.values: dict[str, QLabel] = {}
        labels = [
            ("ref", "Reference"),
            ("dob", "Date of birth"),
            ("risk", "Risk"),
            ("mappa", "MAPPA"),
            ("status", "Status"),
            ("manager", "Offender manager"),
            ("borough", "Borough"),
            ("home", "Home"),
        ]
        for position, (key, caption) in enumerate(labels):
            row, pair = divmod(position, 2)
            title = QLabel(f"{caption}:", self)
            title.setObjectName("hintLabel")
            value = QLabel(self)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            grid.addWidget(title, row, pair * 2, Qt.AlignmentFlag.AlignTop)
            if key == "risk":
                # The meter beside the words: the level reads without colour.
                self.risk_icon = QLabel(self)
                risk_row = QHBoxLayout()
                risk_row.addWidget(self.risk_icon)
                risk_row.addWidget(value, 1)
                grid.addLayout(risk_row, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
                bold = value.font()
                bold.setBold(True)
                value.setFont(bold)
            else:
                grid.addWidget(value, row, pair * 2 + 1, Qt.AlignmentFlag.AlignTop)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        text.addLayout(grid)
        text.addStretch(1)
        outer.addLayout(text, 1)

    def set_record(self, record: OffenderRecord) -> None:
        self.name_label.setText(full_name(record))
        aliases = ", ".join(f"{a.surname.upper()}, {a.forenames}" for a in record.aliases)
        self.aliases_label.setText(f"Also known as: {aliases}" if aliases else "")
        self.aliases_label.setVisible(bool(aliases))
        age = age_on(record.date_of_birth, london_today())
        self.values["ref"].setText(record.ref)
        self.values["dob"].setText(f"{date_text(record.date_of_birth)} (age {age})")
        level = record.current_risk_level
        self.values["risk"].setText(risk_text(level))
        self.values["risk"].setProperty("riskLevel", level.value if level else "none")
        icon_size = self.fontMetrics().height()
        self.risk_icon.setPixmap(risk_icon(level).pixmap(icon_size, icon_size))
        self.risk_icon.setAccessibleName(f"Risk: {risk_text(level)}")
        self.values["mappa"].setText(mappa_text(record.mappa_category, record.mappa_level))
        status = enum_text(record.status)
        self.values["status"].setText(
            status + (" (restricted record)" if record.restricted else "")
        )
        manager = record.offender_manager
        self.values["manager"].setText(
            f"{manager.officer_name} ({manager.officer_warrant})" if manager else "Unallocated"
        )
        self.values["borough"].setText(record.borough)
        home = record.current_home
        self.values["home"].setText(home.text if home else "No home address")
        self._set_photo(record.photo)

    def _set_photo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            ratio = self.devicePixelRatioF()
            size = self.photo.size() * ratio
            scaled = pixmap.scaled(
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(ratio)
            self.photo.setPixmap(scaled)
            self.photo.setAccessibleName("Photograph")
        else:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("No photograph")
