"""Use cases: (session, actor, request) -> plain results."""

from . import text_guard as text_guard  # every flush refuses text no database can hold
