"""How record values read on screen: dates as officers write them, London times, enum words.

Plain functions of plain values, shared by the table models, the details panes and the header,
so a value reads the same wherever it is shown.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from ...core.rules.dates import LONDON, format_date
from ...core.store.enums import (
    Agency,
    OrderKind,
    RiskLevel,
    StaticTool,
)
from ..caseload_model import NOT_ASSESSED, RISK_LABELS

# Words that a plain "replace underscores" would get wrong (acronyms, apostrophes). Keyed by
# value: the enums are StrEnums, so a member and its value look up alike.
_SPECIAL: dict[str, str] = {
    OrderKind.shpo: "SHPO",
    OrderKind.interim_shpo: "Interim SHPO",
    OrderKind.sro: "SRO",
    OrderKind.interim_sro: "Interim SRO",
    StaticTool.rm2000: "RM2000",
    StaticTool.osp_c: "OSP/C",
    StaticTool.osp_i: "OSP/I",
    Agency.childrens_social_care: "Children's social care",
}


def enum_text(value: Enum | str | None) -> str:
    """ "no_reply" -> "No reply"; the special cases above keep their capitals."""
    if value is None:
        return ""
    if isinstance(value, RiskLevel):
        return RISK_LABELS[value]
    raw = str(value.value if isinstance(value, Enum) else value)
    if raw in _SPECIAL:
        return _SPECIAL[raw]
    text = raw.replace("_", " ")
    return text[:1].upper() + text[1:]


def risk_text(level: RiskLevel | str | None) -> str:
    return RISK_LABELS[RiskLevel(level)] if level else NOT_ASSESSED


def date_text(value: date | None) -> str:
    return format_date(value) if value is not None else ""


def datetime_text(value: datetime | None) -> str:
    """A stored (UTC) moment as London wall-clock time: "3 Mar 2026 14:05"."""
    if value is None:
        return ""
    local = value.astimezone(LONDON) if value.tzinfo is not None else value
    return f"{format_date(local.date())} {local:%H:%M}"


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "Yes" if value else "No"


def value_text(value: object) -> str:
    """Any cell value as text (datetime before date: a datetime is a date too)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, Enum):
        return enum_text(value)
    return str(value)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def mappa_text(category: int | None, level: int | None) -> str:
    if category is None:
        return "Not a MAPPA case"
    return f"Category {category}" + (f", level {level}" if level is not None else "")
