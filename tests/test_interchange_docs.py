"""The published format: docs examples import, the schema copies agree, every field documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from rsoman.core.services.errors import ValidationFailed
from rsoman.core.services.interchange import (
    export_document,
    import_csv,
    import_document,
    import_file,
)
from rsoman.core.services.interchange.csv_import import COLUMNS, REQUIRED_COLUMNS
from rsoman.core.services.interchange.schema import SCHEMA_FILE, build_schema, schema_text
from rsoman.core.services.interchange.spec import ALL_RECORDS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = (DOCS / "import-format.md").read_text(encoding="utf-8")
PACKAGE_SCHEMA = ROOT / "rsoman" / "core" / "services" / "interchange" / SCHEMA_FILE


def test_docs_schema_is_the_package_schema():
    assert (DOCS / SCHEMA_FILE).read_bytes() == PACKAGE_SCHEMA.read_bytes()


def test_published_schema_is_what_the_format_description_gives():
    # Fails after spec.py changes until `python -m rsoman.core.services.interchange` is run.
    assert PACKAGE_SCHEMA.read_text(encoding="utf-8") == schema_text(build_schema())


def test_schema_is_valid_draft_2020_12():
    schema = json.loads(PACKAGE_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_docs_examples_import_cleanly(session, system):
    scenario = import_file(session, system, DOCS / "examples" / "scenario.json")
    assert scenario.counts["offenders"] == 1
    assert scenario.counts["visits"] == 4
    assert scenario.counts["mappa_meetings"] == 1
    spreadsheet = import_file(session, system, DOCS / "examples" / "offenders.csv")
    assert spreadsheet.counts["offenders"] == 2
    assert spreadsheet.source == "offenders.csv"
    exported = export_document(session, system, justification="docs example check")
    refs = [o["ref"] for o in exported["offenders"]]
    assert refs == ["RSO-EX-0001", "RSO-EX-0101", "RSO-EX-0102"]
    # What the guide says the first CSV row creates.
    row = exported["offenders"][1]
    assert row["registrations"][0]["age_at_conviction"] == 33
    assert row["addresses"][0]["valid_from"] == "2022-01-12"
    assert row["visits"][0]["occurred_at"] == "2024-07-15T12:00:00+01:00"
    assert row["risk_assessments"][0]["level"] == "very_high"


def _section(heading: str) -> str:
    start = GUIDE.index(heading)
    rest = GUIDE[start + len(heading) :]
    end = re.search(r"^#{2,3} ", rest, flags=re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_worked_json_example_in_the_guide_imports(session, system):
    block = re.search(r"```json\n(.*?)```", _section("### A worked example"), flags=re.S)
    assert block is not None
    summary = import_document(session, system, json.loads(block.group(1)))
    assert summary.counts == {
        "officers": 1,
        "offenders": 1,
        "addresses": 1,
        "assignments": 1,
        "risk_assessments": 1,
        "visits": 1,
    }


def test_every_field_of_every_record_is_documented():
    for record in ALL_RECORDS:
        section = _section(f"### `{record.name}`")
        for f in record.fields:
            assert f"| `{f.key}` |" in section, (record.name, f.key)


def test_every_csv_column_is_documented_and_the_required_ones_named():
    section = _section("## The CSV of offenders")
    for column in COLUMNS:
        assert f"`{column}`" in section, column
    required = re.search(r"\*\*Required columns\*\* \(and cells\): (.*?)\.", section, flags=re.S)
    assert required is not None
    assert re.findall(r"`(\w+)`", required.group(1)) == list(REQUIRED_COLUMNS)


def test_error_reports_shown_in_the_guide_are_what_an_import_says(session, system):
    section = _section("## When an import is refused")
    document = {
        "format": "rsoman-data/1",
        "offenders": [
            {
                "ref": "RSO-EX-0201",
                "surname": "Sampleton",
                "forenames": "Kim",
                "date_of_birth": "1988-02-30",
                "sex": "male",
                "borough": "camden",
                "addresses": [
                    {
                        "key": "home",
                        "line1": "5 Example Way",
                        "valid_from": "2024-05-01",
                        "valid_to": "2024-04-01",
                    }
                ],
                "visits": [
                    {
                        "occurred_at": "2024-05-03T10:00",
                        "address_key": "hom",
                        "outcome": "sucessful",
                        "officers": ["D9999"],
                    }
                ],
            }
        ],
    }
    with pytest.raises(ValidationFailed) as info:
        import_document(session, system, document)
    shown = [f"scenario.json: {p}" for p in info.value.problems]
    shown.append(f"rsoman: {info.value}")
    assert "\n".join(shown) in section

    text = (
        "Ref,Surname,Forenames,Date of birth,Sex,Borough,Risk level,Risk assessed on\n"
        "RSO-EX-0301,Rowe,Pat,31/02/1980,M,Camden,High,01/03/2024\n"
        "RSO-EX-0302,Rowe,Lee,1981-01-01,M,Atlantis,Extreme,\n"
    )
    with pytest.raises(ValidationFailed) as info:
        import_csv(session, system, text, source="team.csv")
    shown = [f"team.csv: {p}" for p in info.value.problems]
    shown.append(f"rsoman: {info.value}")
    assert "\n".join(shown) in section
