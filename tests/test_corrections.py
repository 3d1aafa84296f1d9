"""A correction of any kind of entry marks the offender's record as updated (once, in
apply_correction); one that changes nothing leaves it as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factories as f

from rsoman.core.services.corrections import revisions
from rsoman.core.services.vehicles import VehicleInput, correct_vehicle
from rsoman.core.store.enums import Role


def test_a_correction_marks_the_record_updated_and_a_no_change_does_not(session):
    om = f.officer(session)
    who = f.user(session, Role.offender_manager, om)
    person = f.offender(session, manager=om)
    person.updated_at = datetime(2024, 1, 1, tzinfo=UTC)
    car = f.vehicle(session, person, "DM05QAA")
    session.commit()
    same = VehicleInput("DM05QAA", make="Testmobile", colour="Blue", from_date=date(2024, 2, 1))
    # The first correction sets the missing start date and so changes something.
    assert correct_vehicle(session, who, car.id, same, "start date was missing") is not None
    session.commit()
    session.refresh(person)
    first = person.updated_at
    assert first > datetime(2024, 1, 1, tzinfo=UTC)
    # The same values again: nothing changes, no revision, the record's time stays.
    assert correct_vehicle(session, who, car.id, same, "checked again, all fine") is None
    session.commit()
    session.refresh(person)
    assert person.updated_at == first
    assert len(revisions(session, who, person.ref)) == 1
