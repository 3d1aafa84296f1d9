"""Alembic environment: always driven from rsoman.core.store.engine with a live connection."""

from alembic import context
from sqlmodel import SQLModel

import rsoman.core.store.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata

# APScheduler's job store table lives in the same database but is not ours to migrate.
IGNORED_TABLES = {"apscheduler_jobs"}


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    return not (type_ == "table" and name in IGNORED_TABLES)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through rsoman.core.store.engine.upgrade()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
