"""Property: any offender the format can express comes back out of the database unchanged,
whatever its text holds (quotes, formulas, SQL, right-to-left marks, very long text)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.interchange import FORMAT, export_document, import_document
from rsoman.core.services.interchange.values import format_datetime
from rsoman.core.store.engine import make_engine
from rsoman.core.store.enums import (
    AliasKind,
    IntelSource,
    OffenderStatus,
    OrderKind,
    Sex,
)

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "Robert'); DROP TABLE offender;--",
    "' OR '1'='1",
    "\"double\" and 'single' quotes, back\\slash",
    "\u202eright-to-left override\u202c",
    "עברית ועוד",
    "مرحبا",
    "tab\tnew\nline\r\ncarriage",
    "<script>alert(1)</script>",
    "emoji \U0001f600 and combining e\u0301",
    "\u200bzero width",
]

# Any text a database can hold: no NUL (PostgreSQL refuses it), no lone surrogates.
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
)


def text(max_size: int, *, blank_ok: bool = True) -> st.SearchStrategy[str]:
    options = st.one_of(
        st.sampled_from([h for h in HOSTILE if len(h) <= max_size]),
        ANY_TEXT.filter(lambda s: len(s) <= max_size),
    )
    return options if blank_ok else options.filter(lambda s: s.strip() != "")


def key(max_size: int) -> st.SearchStrategy[str]:
    # A key is one line with no spaces at either end (the format's rule for keys).
    return text(max_size, blank_ok=False).filter(
        lambda s: s == s.strip() and "\n" not in s and "\r" not in s
    )


LONG = st.sampled_from(["x" * 20_000, "=" + "A1+" * 3000, "long " * 4000])
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
DATETIMES = st.datetimes(
    min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(format_datetime)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def offenders(draw: st.DrawFn, ref: str) -> dict[str, Any]:
    born = draw(DATES)
    created = draw(DATETIMES)
    doc: dict[str, Any] = {
        "ref": ref,
        "surname": draw(text(80, blank_ok=False)),
        "forenames": draw(text(120, blank_ok=False)),
        "date_of_birth": born.isoformat(),
        "sex": draw(st.sampled_from([s.value for s in Sex])),
        "description": draw(_maybe(st.one_of(text(500), LONG))),
        "marks": draw(_maybe(text(200))),
        "victim_profile": draw(_maybe(text(200))),
        "pnc_ref": draw(_maybe(text(20))),
        "visor_ref": draw(_maybe(text(20))),
        "status": draw(st.sampled_from([s.value for s in OffenderStatus])),
        "borough": draw(st.sampled_from(["camden", "tower-hamlets", "central"])),
        "restricted": draw(st.booleans()),
        "created_at": created,
        "updated_at": draw(DATETIMES),
        "aliases": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from([k.value for k in AliasKind]),
                        "surname": text(80, blank_ok=False),
                        "forenames": text(120),
                    }
                ),
                max_size=3,
            )
        ),
    }
    starts = sorted(draw(st.lists(DATES, max_size=3, unique=True)))
    doc["addresses"] = [
        {
            "key": f"address-{i}",
            "kind": "home",
            "line1": draw(text(200, blank_ok=False)),
            "postcode": draw(_maybe(text(10))),
            "valid_from": start.isoformat(),
            "notes": draw(_maybe(st.one_of(text(300), LONG))),
        }
        for i, start in enumerate(starts, 1)
    ]
    received = sorted(draw(st.lists(DATES, max_size=3)))
    doc["intelligence"] = [
        {
            "received_on": day.isoformat(),
            "source": draw(st.sampled_from([s.value for s in IntelSource])),
            "source_detail": draw(_maybe(text(200))),
            "text": draw(st.one_of(text(1000, blank_ok=False), LONG)),
            "is_concern": draw(st.booleans()),
            "created_at": draw(DATETIMES),
        }
        for day in received
    ]
    made = sorted(draw(st.lists(DATES, max_size=2, unique=True)))
    doc["orders"] = [
        {
            "key": f"order-{i}",
            "kind": draw(st.sampled_from([k.value for k in OrderKind])),
            "court": draw(text(120, blank_ok=False)),
            "made_on": day.isoformat(),
            "starts_on": day.isoformat(),
            "status": "active",
            "prohibitions": draw(
                st.lists(
                    st.one_of(
                        text(400, blank_ok=False),
                        st.fixed_dictionaries(
                            {"text": text(400, blank_ok=False), "is_requirement": st.just(True)}
                        ),
                    ),
                    max_size=3,
                )
            ),
        }
        for i, day in enumerate(made, 1)
    ]
    return _canonical(doc)


def _canonical(value: Any) -> Any:
    """The form export writes: empty values left out."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    refs = draw(st.lists(key(20), min_size=1, max_size=3, unique=True))
    return {"format": FORMAT, "offenders": [draw(offenders(ref)) for ref in refs]}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=documents())
def test_generated_offenders_survive_import_and_export(sqlite_template: Path, document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.db"
        shutil.copy(sqlite_template, path)
        engine = make_engine(str(path))
        try:
            with Session(engine) as session:
                import_document(session, SYSTEM, document)
                session.commit()
            with Session(engine) as session:
                exported = export_document(session, SYSTEM, justification="property test")
        finally:
            engine.dispose()
    expected = sorted(document["offenders"], key=lambda o: o["ref"])
    assert exported["offenders"] == expected
