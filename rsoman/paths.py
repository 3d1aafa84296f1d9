"""Where the files shipped beside the code are: `resources/` and `docs/`.

In a checkout they sit beside the package; in the PyInstaller build, under its unpack directory
(the spec ships both). One place decides, so the app, the reports and the packaged build agree.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    return Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))


def resource(*parts: str) -> Path:
    return bundle_root().joinpath("resources", *parts)


def doc(*parts: str) -> Path:
    return bundle_root().joinpath("docs", *parts)
