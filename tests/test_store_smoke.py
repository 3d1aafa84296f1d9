from sqlmodel import select

from rsoman.core.store.models import Borough


def test_boroughs_seeded(session):
    boroughs = session.exec(select(Borough)).all()
    assert len([b for b in boroughs if not b.is_central]) == 32
    assert sum(b.is_central for b in boroughs) == 1
