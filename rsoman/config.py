"""Where the database lives: a `--db` value, else `RSOMAN_DB`, else the user's data folder.

Shared by the command line and the desktop app so both open the same database by default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "rsoman"
DB_ENV = "RSOMAN_DB"
DEFAULT_DB_FILENAME = "rsoman.db"


def data_dir() -> Path:
    """The per-user data folder (on Linux `$XDG_DATA_HOME/rsoman`, usually ~/.local/share)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_FILENAME


def resolve_database_url(
    explicit: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """The database to open: an explicit value wins over `RSOMAN_DB`, which wins over the
    default file. Either may be a SQLite file path or a URL such as `postgresql://...`."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get(DB_ENV)):
        if candidate and candidate.strip():
            return candidate.strip()
    return str(default_database_path())


def describe_database(url: str) -> str:
    """The database named for people: a file path, or a URL with any password hidden."""
    from .core.store.engine import normalise_url

    u = normalise_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL or path, or None (server databases, in-memory SQLite)."""
    from .core.store.engine import normalise_url

    u = normalise_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)
