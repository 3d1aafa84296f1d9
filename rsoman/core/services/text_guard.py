"""The last guard for text: no row is flushed holding text no database can keep.

PostgreSQL refuses NUL characters and no driver can send a lone surrogate (what a broken
encoding decodes into); either would otherwise surface as a driver crash mid-transaction. Forms
and the importer check their own fields first (with friendlier words); this catches every other
write, once, for every service: the flush is refused with a ValidationFailed naming each field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from .errors import Problem, ValidationFailed


def text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain NUL characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains characters that are not valid Unicode (a broken encoding?)"
    return None


def row_problems(row: Any) -> list[Problem]:
    problems: list[Problem] = []
    for name in getattr(type(row), "model_fields", {}):
        value = getattr(row, name, None)
        if isinstance(value, str):
            reason = text_problem(value)
            if reason:
                problems.append(Problem("", name, reason))
    return problems


@event.listens_for(Session, "before_flush")
def _refuse_unstorable_text(session: Session, _context: object, _instances: object) -> None:
    problems = [p for row in (*session.new, *session.dirty) for p in row_problems(row)]
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
