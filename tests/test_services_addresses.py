from datetime import date, timedelta

import factories as f
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.services.addresses import (
    AddressInput,
    add_address,
    address_values,
    borough_wards,
    correct_address,
    normalise_postcode,
    offender_borough_code,
)
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import get_record
from rsoman.core.store.enums import AddressKind, AuditAction, Rank, Role
from rsoman.core.store.models import Address, AuditEntry

TODAY = london_today()
MOVED = TODAY - timedelta(days=10)


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Thrushcombe")
    o = f.offender(session, ref="RSO-A", manager=om)
    old_home = f.address(session, o, "3 Oldhaven Lane", valid_from=date(2022, 6, 1))
    camden = f.ward(session, "camden", "Testmere North")
    hackney = f.ward(session, "hackney", "Testmere East")
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
        "westminster": f.user(
            session, Role.offender_manager, f.officer(session, borough_code="westminster")
        ),
    }
    session.commit()
    return {"offender": o, "old_home": old_home, "camden": camden, "hackney": hackney, **actors}


def home(case, **changes) -> AddressInput:
    values = dict(
        kind=AddressKind.home,
        line1="12 Kestrelmoor Road",
        line2=None,
        town="London",
        postcode="zz1  2zz",
        borough_code="camden",
        ward_id=case["camden"].id,
        valid_from=MOVED,
        notes="Fictional: ground-floor flat.",
    )
    values.update(changes)
    return AddressInput(**values)


def fields_of(exc) -> set[str]:
    return {p.field for p in exc.value.problems}


def test_a_new_home_ends_the_previous_one_the_day_before(session, case):
    new_id = add_address(session, case["om"], "RSO-A", home(case))
    session.commit()
    old = session.get(Address, case["old_home"].id)
    assert old.valid_to == MOVED - timedelta(days=1)
    assert old.line1 == "3 Oldhaven Lane"  # kept, not overwritten
    record = get_record(session, case["om"], "RSO-A")
    assert record.current_home is not None and record.current_home.id == new_id
    assert record.current_home.postcode == "ZZ1 2ZZ"
    assert record.current_home.ward == "Testmere North"
    assert [a.line1 for a in record.addresses] == ["3 Oldhaven Lane", "12 Kestrelmoor Road"]
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.object_type == "address").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == [AuditAction.collection, AuditAction.alteration]
    assert "ended the home 3 Oldhaven Lane" in entries[1].summary


def test_a_secondary_address_ends_nothing(session, case):
    add_address(
        session,
        case["om"],
        "RSO-A",
        home(case, kind=AddressKind.secondary, borough_code=None, ward_id=None),
    )
    assert session.get(Address, case["old_home"].id).valid_to is None


def test_a_secondary_address_outside_london_or_in_another_borough_is_fine(session, case):
    add_address(
        session,
        case["om"],
        "RSO-A",
        home(case, kind=AddressKind.secondary, borough_code="hackney", ward_id=case["hackney"].id),
    )


def test_no_fixed_abode_needs_no_line_or_postcode_but_a_borough(session, case):
    new_id = add_address(
        session,
        case["om"],
        "RSO-A",
        home(case, kind=AddressKind.no_fixed_abode, line1="", postcode=None, ward_id=None),
    )
    row = session.get(Address, new_id)
    assert row.line1 == "No fixed abode" and row.postcode is None
    assert session.get(Address, case["old_home"].id).valid_to == MOVED - timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        add_address(
            session,
            case["om"],
            "RSO-A",
            home(case, kind=AddressKind.no_fixed_abode, borough_code=None, ward_id=None),
        )
    assert "borough_code" in fields_of(exc)


def test_every_problem_is_listed_at_once(session, case):
    bad = AddressInput(
        kind=AddressKind.home,
        line1=" ",
        postcode="12345",
        borough_code="atlantis",
        ward_id=case["camden"].id,
        valid_from=None,
    )
    with pytest.raises(ValidationFailed) as exc:
        add_address(session, case["om"], "RSO-A", bad)
    assert fields_of(exc) == {"line1", "postcode", "borough_code", "valid_from"}
    assert session.get(Address, case["old_home"].id).valid_to is None


def test_the_ward_must_belong_to_the_borough(session, case):
    with pytest.raises(ValidationFailed) as exc:
        add_address(session, case["om"], "RSO-A", home(case, ward_id=case["hackney"].id))
    assert fields_of(exc) == {"ward_id"}
    assert "is not a ward of Camden" in str(exc.value)


def test_a_home_in_another_borough_is_a_transfer(session, case):
    with pytest.raises(ValidationFailed) as exc:
        add_address(
            session,
            case["om"],
            "RSO-A",
            home(case, borough_code="hackney", ward_id=case["hackney"].id),
        )
    assert fields_of(exc) == {"borough_code"}
    assert "transfer between boroughs, which a supervisor must make" in str(exc.value)
    # A past home elsewhere (before the offender came to Camden) is only history.
    add_address(
        session,
        case["om"],
        "RSO-A",
        home(
            case,
            borough_code="hackney",
            ward_id=None,
            valid_from=date(2019, 1, 1),
            valid_to=date(2022, 5, 31),
        ),
    )


@pytest.mark.parametrize(
    ("valid_to", "ok"),
    [(date(2022, 5, 31), True), (date(2022, 6, 1), False)],
    ids=["ends the day before", "ends on the day the next home starts"],
)
def test_a_past_home_may_not_overlap_the_next(session, case, valid_to, ok):
    value = home(case, valid_from=date(2020, 1, 1), valid_to=valid_to)
    if ok:
        add_address(session, case["om"], "RSO-A", value)
    else:
        with pytest.raises(ValidationFailed) as exc:
            add_address(session, case["om"], "RSO-A", value)
        assert fields_of(exc) == {"valid_from"}
        assert "overlaps the home 3 Oldhaven Lane" in str(exc.value)


def test_a_home_from_the_same_day_as_the_current_one_is_refused(session, case):
    with pytest.raises(ValidationFailed):
        add_address(session, case["om"], "RSO-A", home(case, valid_from=date(2022, 6, 1)))


def test_valid_to_before_valid_from_is_refused(session, case):
    value = home(case, kind=AddressKind.secondary, valid_to=MOVED - timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        add_address(session, case["om"], "RSO-A", value)
    assert fields_of(exc) == {"valid_to"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nw1 5ab", "NW1 5AB"),
        ("SW1A1AA", "SW1A 1AA"),
        ("  e1   6an ", "E1 6AN"),
        ("W1D 3QF", "W1D 3QF"),
        ("gir 0aa", "GIR 0AA"),
        ("NW1", None),
        ("12345", None),
        ("NW1 5A", None),
        ("NWW1 5AB", None),
        ("", None),
    ],
)
def test_postcode_shape(text, expected):
    assert normalise_postcode(text) == expected


@given(st.text(max_size=12))
def test_a_normalised_postcode_normalises_to_itself(text):
    code = normalise_postcode(text)
    if code is not None:
        assert normalise_postcode(code) == code and len(code) <= 8


def test_borough_wards_lists_london_boroughs_and_their_wards(session, case):
    choices = borough_wards(session)
    assert len(choices) == 32 and "central" not in {c.code for c in choices}
    camden = next(c for c in choices if c.code == "camden")
    assert "Testmere North" in [w.name for w in camden.wards]
    assert "Testmere East" not in [w.name for w in camden.wards]


def test_permissions(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        add_address(session, case["ro"], "RSO-A", home(case))
    with pytest.raises(PermissionDenied, match="outside your borough"):
        add_address(session, case["westminster"], "RSO-A", home(case))
    assert offender_borough_code(session, case["om"], "RSO-A") == "camden"


def test_a_correction_keeps_the_old_values(session, case):
    new_id = add_address(session, case["om"], "RSO-A", home(case))
    session.commit()
    loaded = address_values(session, case["om"], new_id)
    assert loaded == home(case, postcode="ZZ1 2ZZ")
    fixed = home(case, line1="14 Kestrelmoor Road")
    assert correct_address(session, case["om"], new_id, fixed, "house number misheard") is not None
    session.commit()
    (rev,) = revisions(session, case["om"], "RSO-A")
    assert rev.object_type == "address" and rev.object_id == new_id
    assert rev.before == {"line1": "12 Kestrelmoor Road"}
    assert rev.after == {"line1": "14 Kestrelmoor Road"}
    assert session.get(Address, new_id).line1 == "14 Kestrelmoor Road"


def test_a_correction_never_ends_another_home(session, case):
    new_id = add_address(session, case["om"], "RSO-A", home(case))
    earlier = home(case, valid_from=MOVED - timedelta(days=30))
    with pytest.raises(ValidationFailed) as exc:
        correct_address(session, case["om"], new_id, earlier, "date of move was earlier")
    assert fields_of(exc) == {"valid_from"}
    with pytest.raises(ValidationFailed) as exc:
        correct_address(session, case["om"], new_id, home(case, postcode="bad"), "")
    assert fields_of(exc) == {"postcode", "reason"}
    with pytest.raises(PermissionDenied):
        correct_address(session, case["ro"], new_id, home(case), "a reason given")
