"""Column helpers shared by the model modules."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field


def enum_field(
    enum: type[StrEnum], *, nullable: bool = False, default: Any = ..., **kw: Any
) -> Any:
    """A string column holding an enum value (no native PostgreSQL enum: simpler migrations)."""
    sa_type = sa.Enum(
        enum,
        native_enum=False,
        length=32,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
        create_constraint=False,
    )
    if nullable and default is ...:
        default = None
    return Field(default=default, sa_type=sa_type, nullable=nullable, **kw)


def fk(target: str, *, nullable: bool = False, index: bool = True) -> Any:
    """A foreign key; nullable ones default to None."""
    if nullable:
        return Field(default=None, foreign_key=target, nullable=True, index=index)
    return Field(foreign_key=target, index=index)


def text_field(*, nullable: bool = True, default: Any = None) -> Any:
    return Field(default=default, sa_type=sa.Text, nullable=nullable)


def utcnow() -> datetime:
    """Every stored datetime is timezone-aware and kept in UTC; views show London time."""
    return datetime.now(UTC)
