"""The offender record window: a header and one tab per part of the record (issue 4)."""

from .window import RecordWindow, open_record

__all__ = ["RecordWindow", "open_record"]
