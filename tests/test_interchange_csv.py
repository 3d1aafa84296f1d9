"""CSV import of a team's spreadsheet of offenders."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from rsoman.core.services.errors import ValidationFailed
from rsoman.core.services.interchange import import_csv, import_file
from rsoman.core.services.interchange.csv_import import NOTES_SOURCE
from rsoman.core.store.enums import RiskLevel, VisitKind, VisitOutcome
from rsoman.core.store.models import (
    Address,
    Assignment,
    Borough,
    Intelligence,
    Offender,
    OffenderAlias,
    Officer,
    Registration,
    RiskAssessment,
    Visit,
    VisitOfficer,
    Ward,
)

HEADER = (
    "Ref,Surname,Forenames,Aliases,Date of birth,Sex,Status,Borough,PNC ref,ViSOR ref,"
    "Home address line1,Town,Postcode,Ward,Risk level,Risk assessed on,Offender manager,"
    "Conviction date,Offences,Disposal,Sentence months,Age at conviction,"
    "First notification date,MAPPA category,MAPPA level,Last successful home visit,Notes"
)


def _officer(session: Session, warrant: str = "C2001") -> Officer:
    camden = session.exec(select(Borough).where(Borough.code == "camden")).one()
    officer = Officer(
        warrant_number=warrant,
        surname="Csvington",
        forenames="Dee",
        rank="dc",
        borough_id=camden.id,
        team_role="offender_manager",
    )
    session.add(officer)
    session.flush()
    return officer


def _counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in SQLModel.metadata.sorted_tables
    }


def _refused(session: Session, system, text: str) -> list[tuple[str, str, str]]:
    before = _counts(session)
    with pytest.raises(ValidationFailed) as info:
        import_csv(session, system, text, source="team.csv")
    assert _counts(session) == before, "a refused import wrote something"
    assert "nothing was imported" in str(info.value)
    return [(p.location, p.field, p.reason) for p in info.value.problems]


def test_good_csv_with_bom_uk_dates_and_spreadsheet_spellings(session, system):
    officer = _officer(session)
    text = (
        "\ufeff" + HEADER + "\r\n"
        "RSO-CSV-1,Tabbington,Lou Ann,Lou Tabb; Lulu,14/02/1985,M,Active,Camden,00/1A,V1,"
        "2 Sample Road,London,ZZ9 1AA,Sample Ward,Very high,01/06/2024,C2001,10/01/2019,"
        '"Sexual assault (s.3 SOA 2003)",Custody,36,,12/01/2022,1,2,15/07/2024,Nights\r\n'
        "RSO-CSV-2,Rowcount,Max,,1990-09-09,female,in custody,tower-hamlets,,,,,,,VH,"
        "2024-03-01,,,,,,,,,,,\r\n"
        ",,,,,,,,,,,,,,,,,,,,,,,,,,\r\n"  # a blank row is skipped
        "RSO-CSV-3,Linecount,Jo,,1970-01-01,F,,Tower Hamlets,,,,,,,very_high,2024-03-02,"
        ",,,,,,,,,,\r\n"
    )
    summary = import_csv(session, system, text, source="team.csv")
    assert summary.source == "team.csv"
    assert summary.counts == {
        "wards": 1,
        "offenders": 3,
        "addresses": 1,
        "aliases": 2,
        "registrations": 1,
        "assignments": 1,
        "risk_assessments": 3,
        "visits": 1,
        "intelligence": 1,
    }
    one = session.exec(select(Offender).where(Offender.ref == "RSO-CSV-1")).one()
    assert (one.date_of_birth, one.sex, one.status) == (date(1985, 2, 14), "male", "active")
    assert (one.mappa_category, one.mappa_level, one.pnc_ref) == (1, 2, "00/1A")
    aliases = session.exec(select(OffenderAlias).where(OffenderAlias.offender_id == one.id)).all()
    assert [(a.forenames, a.surname) for a in aliases] == [("Lou", "Tabb"), ("", "Lulu")]

    address = session.exec(select(Address).where(Address.offender_id == one.id)).one()
    ward = session.get(Ward, address.ward_id)
    assert ward is not None and ward.name == "Sample Ward"
    # With no address_from column, the address applies from the first notification.
    assert address.valid_from == date(2022, 1, 12)

    registration = session.exec(
        select(Registration).where(Registration.offender_id == one.id)
    ).one()
    assert registration.age_at_conviction == 33  # worked out from the date of birth
    assert registration.disposal == "custody" and registration.sentence_months == 36

    visit = session.exec(select(Visit).where(Visit.offender_id == one.id)).one()
    assert (visit.kind, visit.outcome, visit.address_id) == (
        VisitKind.home_visit,
        VisitOutcome.successful,
        address.id,
    )
    assert visit.occurred_at is not None
    assert visit.occurred_at.isoformat() == "2024-07-15T11:00:00+00:00"  # midday, BST
    present = session.exec(select(VisitOfficer).where(VisitOfficer.visit_id == visit.id)).all()
    assert [p.officer_id for p in present] == [officer.id]

    assignment = session.exec(select(Assignment).where(Assignment.offender_id == one.id)).one()
    assert assignment.officer_id == officer.id and assignment.end_date is None
    notes = session.exec(select(Intelligence).where(Intelligence.offender_id == one.id)).one()
    assert (notes.text, notes.source_detail, notes.is_concern) == ("Nights", NOTES_SOURCE, False)

    levels = {
        o.ref: session.exec(
            select(RiskAssessment.level).where(RiskAssessment.offender_id == o.id)
        ).one()
        for o in session.exec(select(Offender))
    }
    assert set(levels.values()) == {RiskLevel.very_high}
    two = session.exec(select(Offender).where(Offender.ref == "RSO-CSV-2")).one()
    hamlets = session.exec(select(Borough).where(Borough.code == "tower-hamlets")).one()
    assert two.status == "in_custody" and two.borough_id == hamlets.id


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("Very high", RiskLevel.very_high),
        ("very_high", RiskLevel.very_high),
        ("VERY-HIGH", RiskLevel.very_high),
        ("VH", RiskLevel.very_high),
        ("H", RiskLevel.high),
        ("Medium", RiskLevel.medium),
        ("med", RiskLevel.medium),
        ("l", RiskLevel.low),
    ],
)
def test_risk_level_spellings(sqlite_engine, system, cell, level):
    with Session(sqlite_engine) as session:
        text = (
            "ref,surname,forenames,date_of_birth,sex,borough,risk_level,risk_assessed_on\n"
            f"R1,Testcase,Al,1980-01-01,m,camden,{cell},2024-01-01\n"
        )
        import_csv(session, system, text)
        assert session.exec(select(RiskAssessment.level)).one() == level


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Tower Hamlets", "tower-hamlets"),
        ("tower-hamlets", "tower-hamlets"),
        ("TOWER_HAMLETS", "tower-hamlets"),
        ("Barking & Dagenham", "barking-dagenham"),
        ("Barking and Dagenham", "barking-dagenham"),
        (" camden ", "camden"),
    ],
)
def test_borough_by_code_or_name(sqlite_engine, system, cell, code):
    with Session(sqlite_engine) as session:
        text = (
            f"ref,surname,forenames,date_of_birth,sex,borough\nR1,Testcase,Al,1980-01-01,m,{cell}\n"
        )
        import_csv(session, system, text)
        offender = session.exec(select(Offender)).one()
        borough = session.get(Borough, offender.borough_id)
        assert borough is not None and borough.code == code


def test_every_bad_cell_is_reported_with_its_line_and_column(session, system):
    _officer(session)
    existing = (
        "ref,surname,forenames,date_of_birth,sex,borough\nRSO-OLD,Oldrow,Ed,1960-01-01,m,camden\n"
    )
    import_csv(session, system, existing)
    text = (
        "ref,surname,forenames,date_of_birth,sex,borough,risk_level,risk_assessed_on,"
        "offender_manager,last_successful_home_visit,address_line1,notes\n"
        "RSO-A,Goodrow,Al,1980-01-01,m,camden,,,,,,\n"  # line 2: fine
        "RSO-B,Baddate,Bo,31/02/1980,m,camden,,,,,,\n"  # line 3
        "RSO-C,Badplace,Cy,1980-01-01,m,Atlantis,,,,,,\n"  # line 4
        'RSO-D,Multiline,Di,1980-01-01,m,camden,,,,,,"two\nlines"\n'  # lines 5-6
        "RSO-E,Nobody,Ev,1980-01-01,m,camden,,,X404,,,\n"  # line 7
        "RSO-A,Twice,Fi,1980-01-01,m,camden,,,,,,\n"  # line 8
        "RSO-OLD,Again,Gu,1980-01-01,m,camden,,,,,,\n"  # line 9
        ",Noref,Hy,1980-01-01,x,camden,high,,,,,\n"  # line 10
        "RSO-I,Novisit,Iv,1980-01-01,m,camden,,,,2024-01-01,,\n"  # line 11
    )
    problems = _refused(session, system, text)
    assert problems == [
        (
            "line 3",
            "date_of_birth",
            "must be a date like 14/03/2026 (31/02/1980 is not a calendar date)",
        ),
        ("line 4", "borough", "unknown borough 'Atlantis' (a code like camden or a name)"),
        ("line 7", "offender_manager", "unknown officer warrant number 'X404'"),
        ("line 8", "ref", "offender 'RSO-A' is listed twice"),
        ("line 9", "ref", "offender RSO-OLD already exists"),
        ("line 10", "ref", "is required"),
        ("line 10", "sex", "must be one of: male, female, other (or M, F)"),
        ("line 10", "risk_assessed_on", "is required with risk_level"),
        (
            "line 11",
            "address_line1",
            "is required with a home address or a last successful home visit",
        ),
    ]


def test_header_problems(session, system):
    text = "Ref,Surname,Shoe size,Forenames,Sex,Borough,surname\nR1,A,9,B,m,camden,C\n"
    problems = _refused(session, system, text)
    assert ("line 1", "Shoe size", "is not a known column") in problems
    assert ("line 1", "surname", "appears twice") in problems
    assert ("line 1", "date_of_birth", "required column is missing") in problems
    # The missing column is reported once, not again on every row.
    assert not [p for p in problems if p[0] == "line 2" and p[1] == "date_of_birth"]


def test_more_cells_than_headings_and_empty_files(session, system):
    problems = _refused(
        session,
        system,
        "ref,surname,forenames,date_of_birth,sex,borough\nR1,A,B,1980-01-01,m,camden,extra\n",
    )
    assert problems == [("line 2", "", "cell 7 has no column heading")]
    problems = _refused(session, system, "ref,surname,forenames,date_of_birth,sex,borough\n")
    assert problems == [("line 2", "", "there are no offenders in the file")]


def test_date_boundaries_for_the_home_visit(session, system):
    # The visit may be on the day the address starts, not the day before.
    header = "ref,surname,forenames,date_of_birth,sex,borough,address_line1,address_from,"
    header += "last_successful_home_visit\n"
    problems = _refused(
        session,
        system,
        header + "R1,A,B,1980-01-01,m,camden,1 Road,2024-01-10,09/01/2024\n"
        "R2,A,B,1980-01-01,m,camden,1 Road,2024-01-10,10/01/2024\n",
    )
    assert problems == [
        (
            "line 2",
            "last_successful_home_visit",
            "must not be before the home address's address_from (2024-01-10)",
        )
    ]


def test_hostile_cells_are_stored_verbatim(session, system):
    hostile = [
        "=cmd|' /C calc'!A0",
        "+SUM(A1:A9)",
        "@import",
        "Robert'); DROP TABLE offender;--",
        'He said ""hello""',
        "\u202eevil\u202c",
    ]
    rows = "".join(f'R{i},"{h}","{h}",1980-01-01,m,camden,"{h}"\n' for i, h in enumerate(hostile))
    import_csv(session, system, "ref,surname,forenames,date_of_birth,sex,borough,notes\n" + rows)
    stored = {o.ref: o.surname for o in session.exec(select(Offender))}
    expected = [h.replace('""', '"') for h in hostile]
    assert [stored[f"R{i}"] for i in range(len(hostile))] == expected
    assert sorted(session.exec(select(Intelligence.text))) == sorted(expected)


def test_import_file_reads_csv_by_extension_or_content(session, system, tmp_path):
    path = tmp_path / "list.txt"
    path.write_bytes(
        b"\xef\xbb\xbfref,surname,forenames,date_of_birth,sex,borough\r\nR1,A,B,1980-01-01,m,camden\r\n"
    )
    assert import_file(session, system, path).counts == {"offenders": 1}
