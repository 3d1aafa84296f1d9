"""The offender record window: a header and one tab per part of the record (issue 4).

The window is imported when first asked for (`open_record`, `RecordWindow`): its tabs bring
QtCharts and a dozen modules, and the Today view, built at start, needs only `display`.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .window import RecordWindow, open_record

__all__ = ["RecordWindow", "open_record"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import window

        return getattr(window, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
