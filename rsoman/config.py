"""Where the database lives: a `--db` value, else `RSOMAN_DB`, else the user's data folder; and
the passphrase that unlocks it.

Shared by the command line and the desktop app so both open the same database by default.

The passphrase of a SQLite file comes from `RSOMAN_PASSPHRASE` (unattended use: the worker, a
scheduled backup), else it is asked for (a terminal, or the app's dialog). There is no default
passphrase anywhere. `RSOMAN_UNENCRYPTED=1` opens an unencrypted file instead: for tests only,
and the app says so in its title bar. The operating system's keyring is not used: on a headless
server or a locked-down desktop there is often no Secret Service to hold it, and a key kept
beside the file it unlocks protects little (docs/security.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from .core.store.engine import DatabaseKey

APP_NAME = "rsoman"
DB_ENV = "RSOMAN_DB"
DEFAULT_DB_FILENAME = "rsoman.db"


def data_dir() -> Path:
    """The per-user data folder (on Linux `$XDG_DATA_HOME/rsoman`, usually ~/.local/share)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / DEFAULT_DB_FILENAME


def resolve_database_url(
    explicit: str | None = None,
    environ: Mapping[str, str] | None = None,
    remembered: str | None = None,
) -> str:
    """The database to open: an explicit value wins over `RSOMAN_DB`, which wins over the one
    the desktop app remembered from its first run, which wins over the default file. Each may be
    a SQLite file path or a URL such as `postgresql://...`."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get(DB_ENV), remembered):
        if candidate and candidate.strip():
            return candidate.strip()
    return str(default_database_path())


def database_named(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the database was named at start (`--db` or `RSOMAN_DB`), so that nothing
    remembered applies."""
    env = os.environ if environ is None else environ
    return any(c and c.strip() for c in (explicit, env.get(DB_ENV)))


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


MIN_PASSPHRASE = 12


class PassphraseMismatch(ValueError):
    """The two typings of a new passphrase differ, or it is too short."""


def new_passphrase_problem(passphrase: str) -> str | None:
    if len(passphrase) < MIN_PASSPHRASE:
        return f"a new passphrase needs at least {MIN_PASSPHRASE} characters"
    return None


def database_key(
    url: str,
    *,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] | None = None,
) -> DatabaseKey | None:
    """The key for the database at `url`: None for a server or in-memory database (nothing to
    unlock); from the environment; else from `ask(prompt)` (typed twice for a new file); else
    None, and opening it then fails with a message naming `RSOMAN_PASSPHRASE`."""
    from .core.store.engine import DatabaseKey

    path = sqlite_file(url)
    if path is None:
        return None
    found = DatabaseKey.from_environment(environ)
    if found is not None or ask is None:
        return found
    if path.exists() and path.stat().st_size > 0:
        return DatabaseKey.of(ask(f"Passphrase for {path}: "))
    passphrase = ask(f"New passphrase to encrypt {path}: ")
    problem = new_passphrase_problem(passphrase)
    if problem:
        raise PassphraseMismatch(problem)
    if ask("Type it again: ") != passphrase:
        raise PassphraseMismatch("the two passphrases differ; nothing was created")
    return DatabaseKey.of(passphrase)
