"""Printed packs: one document base (markings, issued-to line, page X of Y, watermark), then one
pure renderer per pack (`render_x(data, meta) -> Rendered`), and `issue.py`, the façade the CLI
and the GUI call. No Qt here."""
