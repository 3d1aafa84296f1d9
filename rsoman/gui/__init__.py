"""The Qt desktop client: it only calls services (the core never imports Qt)."""

from .qt_workarounds import protect_true_from_emit_refcount_bug

# Before any window or signal exists: see qt_workarounds.
protect_true_from_emit_refcount_bug()
