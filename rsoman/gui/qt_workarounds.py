"""Work-arounds for defects of the Qt binding in use, each detected rather than assumed.

PySide6 6.12.0 on Python 3.11: `SignalInstance.emit()` returns `True` without taking a
reference to it, so every emit made from Python code (ours, pytest-qt's, any library's) drops
one reference to the `True` singleton. After some thousands of emits, a long session would free
`True` and abort with "Fatal Python error: bool_dealloc". Python 3.12+ makes `True` immortal and
is not affected. Until a fixed PySide6 is pinned, `True` gets a reference count it can never
run down; the probe below stops doing so as soon as a fixed release is installed.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

# Enough for 2**40 emits: more than any session, or test run, will ever make.
_RESERVE = 1 << 40
_applied = False


class _Probe(QObject):
    ping = Signal()


def emit_drops_true_references() -> bool:
    """Whether this PySide6 still has the defect (measured, not looked up by version)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.ping.emit()
    return sys.getrefcount(True) <= before - 16


def protect_true_from_emit_refcount_bug() -> bool:
    """Apply the work-around if needed (once per process); returns whether it is in force."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _applied
    if emit_drops_true_references():
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(True)).value += _RESERVE
        _applied = True
    return _applied
