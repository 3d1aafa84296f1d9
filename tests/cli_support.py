"""Signing in to the command line in tests: the administrator through the environment, as a
script would, with nothing of the developer's own environment leaking in."""

from __future__ import annotations

from pathlib import Path

import pytest

from rsoman import cli


def sign_in_through_environment(
    patch: pytest.MonkeyPatch, password: str, data_home: Path, user: str = "admin"
) -> None:
    """`user` signs in with `password` from RSOMAN_USER / RSOMAN_PASSWORD; no database or new
    password is preset; the data folder (and so the default database) is `data_home`; and
    standard input is not a terminal, so nothing prompts."""
    for name in ("RSOMAN_DB", "RSOMAN_NEW_PASSWORD"):
        patch.delenv(name, raising=False)
    patch.setenv("RSOMAN_USER", user)
    patch.setenv("RSOMAN_PASSWORD", password)
    patch.setenv("XDG_DATA_HOME", str(data_home))
    patch.setattr(cli, "_stdin_is_terminal", lambda: False)
