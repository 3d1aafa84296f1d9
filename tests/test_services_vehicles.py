from datetime import date, timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import get_record
from rsoman.core.services.vehicles import (
    VehicleInput,
    add_vehicle,
    correct_vehicle,
    end_vehicle,
    normalise_mark,
    vehicle_values,
)
from rsoman.core.store.enums import AuditAction, Rank, Role
from rsoman.core.store.models import AuditEntry, Vehicle

TODAY = london_today()


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Brackenridge")
    f.offender(session, ref="RSO-C", manager=om)
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
        "westminster": f.user(
            session, Role.offender_manager, f.officer(session, borough_code="westminster")
        ),
    }
    session.commit()
    return actors


def car(**changes) -> VehicleInput:
    values = dict(
        registration_mark="dm12 qxz",
        make="Ford",
        model="Fiesta",
        colour="Blue",
        from_date=TODAY - timedelta(days=30),
        notes="Fictional: parked outside the flat.",
    )
    values.update(changes)
    return VehicleInput(**values)


def fields_of(exc) -> set[str]:
    return {p.field for p in exc.value.problems}


def test_add_a_vehicle_and_see_it_in_the_record(session, case):
    new_id = add_vehicle(session, case["om"], "RSO-C", car())
    session.commit()
    (item,) = get_record(session, case["om"], "RSO-C").vehicles
    assert item.id == new_id and item.registration_mark == "DM12QXZ"
    assert (item.make, item.model, item.colour) == ("Ford", "Fiesta", "Blue")
    entry = session.exec(select(AuditEntry).where(AuditEntry.object_type == "vehicle")).one()
    assert (
        entry.action == AuditAction.collection
        and "DM12QXZ of RSO-C (Blue Ford Fiesta)" in entry.summary
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ab12 cde", "AB12CDE"), (" a 1 ", "A1"), ("ab-12-cd", "AB12CD"), ("", "")],
)
def test_normalise_mark(text, expected):
    assert normalise_mark(text) == expected


@pytest.mark.parametrize(
    ("mark", "ok"),
    [
        ("A", False),
        ("A1", True),
        ("ABCD1234", True),
        ("ABCD12345", False),
        ("AB12 CD£", False),
        ("", False),
    ],
)
def test_mark_length_boundaries(session, case, mark, ok):
    if ok:
        add_vehicle(session, case["om"], "RSO-C", car(registration_mark=mark))
    else:
        with pytest.raises(ValidationFailed) as exc:
            add_vehicle(session, case["om"], "RSO-C", car(registration_mark=mark))
        assert fields_of(exc) == {"registration_mark"}


def test_every_problem_is_listed_at_once(session, case):
    bad = VehicleInput(registration_mark="?", colour="x" * 31, from_date=None)
    with pytest.raises(ValidationFailed) as exc:
        add_vehicle(session, case["om"], "RSO-C", bad)
    assert fields_of(exc) == {"registration_mark", "colour", "from_date"}
    assert session.exec(select(Vehicle)).all() == []


@pytest.mark.parametrize(("days", "ok"), [(0, True), (1, False)], ids=["today", "tomorrow"])
def test_use_cannot_start_in_the_future(session, case, days, ok):
    value = car(from_date=TODAY + timedelta(days=days))
    if ok:
        add_vehicle(session, case["om"], "RSO-C", value)
    else:
        with pytest.raises(ValidationFailed) as exc:
            add_vehicle(session, case["om"], "RSO-C", value)
        assert fields_of(exc) == {"from_date"}


def test_the_same_vehicle_twice_is_refused_but_a_past_one_may_return(session, case):
    first = add_vehicle(session, case["om"], "RSO-C", car())
    with pytest.raises(ValidationFailed, match="already recorded"):
        add_vehicle(session, case["om"], "RSO-C", car(registration_mark="DM12QXZ"))
    end_vehicle(session, case["om"], first, TODAY - timedelta(days=5))
    add_vehicle(session, case["om"], "RSO-C", car(from_date=TODAY - timedelta(days=4)))


def test_ending_use_keeps_the_entry(session, case):
    new_id = add_vehicle(session, case["om"], "RSO-C", car())
    end_vehicle(session, case["om"], new_id, TODAY)
    session.commit()
    row = session.get(Vehicle, new_id)
    assert row.to_date == TODAY and row.registration_mark == "DM12QXZ"
    with pytest.raises(ValidationFailed, match="already ended"):
        end_vehicle(session, case["om"], new_id, TODAY)


@pytest.mark.parametrize(("days", "ok"), [(-1, False), (0, True)], ids=["day before", "same day"])
def test_use_cannot_end_before_it_began(session, case, days, ok):
    start = TODAY - timedelta(days=30)
    new_id = add_vehicle(session, case["om"], "RSO-C", car(from_date=start))
    if ok:
        end_vehicle(session, case["om"], new_id, start + timedelta(days=days))
    else:
        with pytest.raises(ValidationFailed) as exc:
            end_vehicle(session, case["om"], new_id, start + timedelta(days=days))
        assert fields_of(exc) == {"to_date"}


def test_permissions(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        add_vehicle(session, case["ro"], "RSO-C", car())
    with pytest.raises(PermissionDenied, match="outside your borough"):
        add_vehicle(session, case["westminster"], "RSO-C", car())
    new_id = add_vehicle(session, case["om"], "RSO-C", car())
    with pytest.raises(PermissionDenied):
        end_vehicle(session, case["ro"], new_id, TODAY)


def test_a_correction_keeps_the_old_values(session, case):
    new_id = add_vehicle(session, case["om"], "RSO-C", car())
    session.commit()
    loaded = vehicle_values(session, case["om"], new_id)
    assert loaded == car(registration_mark="DM12QXZ")
    revision = correct_vehicle(
        session,
        case["om"],
        new_id,
        car(colour="Green", to_date=date.max.replace(year=2100)),
        "colour misread at night",
    )
    assert revision is not None
    session.commit()
    (rev,) = revisions(session, case["om"], "RSO-C")
    assert rev.object_type == "vehicle"
    assert rev.before == {"colour": "Blue", "to_date": None}
    assert rev.after == {"colour": "Green", "to_date": "2100-12-31"}
    with pytest.raises(ValidationFailed) as exc:
        correct_vehicle(session, case["om"], new_id, car(registration_mark="!"), "")
    assert fields_of(exc) == {"registration_mark", "reason"}
