"""Regenerate the published JSON Schema (package copy and docs copy) from spec.py."""

from pathlib import Path

from .schema import write_schema_files

for written in write_schema_files(Path(__file__).resolve().parents[4]):
    print(f"wrote {written}")
