"""London's 32 boroughs and the central Jigsaw team, with their wards.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

Reference data every database needs. Frozen here as it was on the day: later changes to the
list are administrators' edits (audited), not edits to this file.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CENTRAL = ("central", "Central Jigsaw Team")

# (code, name, [wards]). Wards: a starting list that administrators complete, taken from the
# boundaries in force since the May 2022 elections (a subset of each borough's wards).
# fmt: off
BOROUGHS: list[tuple[str, str, list[str]]] = [
    ("barking-dagenham", "Barking and Dagenham", [
        "Abbey", "Alibon", "Becontree", "Chadwell Heath", "Eastbury", "Gascoigne", "Longbridge",
        "Mayesbrook", "Valence", "Village", "Whalebone",
    ]),
    ("barnet", "Barnet", [
        "Burnt Oak", "Childs Hill", "East Finchley", "Edgware", "Finchley Church End",
        "Friern Barnet", "Golders Green", "Hendon", "Mill Hill", "Underhill", "West Hendon",
        "Whetstone",
    ]),
    ("bexley", "Bexley", [
        "Barnehurst", "Belvedere", "Crayford", "Crook Log", "East Wickham", "Erith",
        "Longlands", "Northumberland Heath", "Sidcup", "West Heath",
    ]),
    ("brent", "Brent", [
        "Alperton", "Brondesbury Park", "Dollis Hill", "Kenton", "Kilburn", "Kingsbury",
        "Queensbury", "Stonebridge", "Sudbury", "Tokyngton", "Welsh Harp", "Wembley Central",
    ]),
    ("bromley", "Bromley", [
        "Biggin Hill", "Bromley Town", "Chislehurst", "Clock House", "Darwin", "Orpington",
        "Penge and Cator", "St Paul's Cray", "West Wickham",
    ]),
    ("camden", "Camden", [
        "Belsize", "Bloomsbury", "Fortune Green", "Frognal", "Gospel Oak", "Hampstead Town",
        "Haverstock", "Highgate", "Kilburn", "King's Cross", "Regent's Park", "West Hampstead",
    ]),
    ("croydon", "Croydon", [
        "Bensham Manor", "Broad Green", "Fairfield", "Kenley", "Sanderstead", "Selhurst",
        "South Croydon", "South Norwood", "Thornton Heath", "Waddon", "West Thornton",
        "Woodside",
    ]),
    ("ealing", "Ealing", [
        "Acton Central", "East Acton", "South Acton", "Ealing Broadway", "Ealing Common",
        "Hanger Hill", "Northolt Mandeville", "Northolt West End", "Norwood Green", "Perivale",
        "Southall Broadway", "Southall Green",
    ]),
    ("enfield", "Enfield", [
        "Bowes", "Bush Hill Park", "Cockfosters", "Edmonton Green", "Enfield Lock", "Haselbury",
        "Jubilee", "Lower Edmonton", "Palmers Green", "Ponders End", "Southgate",
        "Winchmore Hill",
    ]),
    ("greenwich", "Greenwich", [
        "Abbey Wood", "East Greenwich", "Greenwich Park", "Greenwich Peninsula",
        "Plumstead Common", "Shooters Hill", "Thamesmead Moorings", "Woolwich Arsenal",
        "Woolwich Common", "Woolwich Dockyard",
    ]),
    ("hackney", "Hackney", [
        "Brownswood", "Cazenove", "Clissold", "Dalston", "De Beauvoir", "Hackney Central",
        "Hackney Downs", "Hackney Wick", "Haggerston", "Homerton", "London Fields",
        "Stoke Newington",
    ]),
    ("hammersmith-fulham", "Hammersmith and Fulham", [
        "Addison", "Avonmore", "Brook Green", "Fulham Reach", "Hammersmith Broadway", "Munster",
        "Ravenscourt", "Sands End", "Shepherd's Bush Green", "West Kensington", "White City",
        "Wormholt",
    ]),
    ("haringey", "Haringey", [
        "Bounds Green", "Bruce Castle", "Crouch End", "Fortis Green", "Harringay", "Highgate",
        "Hornsey", "Muswell Hill", "Noel Park", "Northumberland Park", "Seven Sisters",
        "Tottenham Hale",
    ]),
    ("harrow", "Harrow", [
        "Belmont", "Canons", "Edgware", "Greenhill", "Harrow on the Hill", "Harrow Weald",
        "Hatch End", "Pinner", "Rayners Lane", "Roxbourne", "Roxeth", "West Harrow",
    ]),
    ("havering", "Havering", [
        "Cranham", "Elm Park", "Emerson Park", "Gooshays", "Hacton", "Harold Wood", "Heaton",
        "Mawneys", "Squirrels Heath", "Upminster",
    ]),
    ("hillingdon", "Hillingdon", [
        "Charville", "Eastcote", "Hayes Town", "Heathrow Villages", "Northwood",
        "Northwood Hills", "Pinkwell", "South Ruislip", "West Drayton", "Yeading", "Yiewsley",
    ]),
    ("hounslow", "Hounslow", [
        "Bedfont", "Cranford", "Feltham North", "Feltham West", "Hanworth Park",
        "Heston Central", "Heston East", "Heston West", "Hounslow Central", "Hounslow Heath",
        "Hounslow West", "Isleworth",
    ]),
    ("islington", "Islington", [
        "Arsenal", "Barnsbury", "Bunhill", "Caledonian", "Canonbury", "Clerkenwell",
        "Finsbury Park", "Highbury", "Hillrise", "Holloway", "Junction", "Mildmay",
    ]),
    ("kensington-chelsea", "Kensington and Chelsea", [
        "Abingdon", "Campden", "Chelsea Riverside", "Colville", "Courtfield", "Dalgarno",
        "Earl's Court", "Golborne", "Holland", "Norland", "Notting Dale", "Pembridge",
    ]),
    ("kingston", "Kingston upon Thames", [
        "Alexandra", "Berrylands", "Coombe Hill", "Coombe Vale", "Norbiton", "Old Malden",
        "Surbiton Hill", "Tolworth", "Tudor",
    ]),
    ("lambeth", "Lambeth", [
        "Brixton North", "Brixton Windrush", "Clapham Park", "Clapham Town", "Kennington",
        "Knight's Hill", "Myatt's Fields", "Oval", "St Martin's", "Streatham Wells", "Vauxhall",
        "West Dulwich",
    ]),
    ("lewisham", "Lewisham", [
        "Bellingham", "Blackheath", "Brockley", "Catford South", "Crofton Park", "Deptford",
        "Downham", "Evelyn", "Forest Hill", "Grove Park", "Hither Green", "Ladywell",
    ]),
    ("merton", "Merton", [
        "Abbey", "Cannon Hill", "Colliers Wood", "Cricket Green", "Figge's Marsh", "Graveney",
        "Hillside", "Longthornton", "Lower Morden", "Merton Park", "Pollards Hill",
        "Ravensbury",
    ]),
    ("newham", "Newham", [
        "Beckton", "Boleyn", "Canning Town North", "Canning Town South", "Custom House",
        "East Ham", "Forest Gate North", "Forest Gate South", "Little Ilford", "Manor Park",
        "Plaistow North", "Plaistow South",
    ]),
    ("redbridge", "Redbridge", [
        "Aldborough", "Barkingside", "Clayhall", "Clementswood", "Cranbrook", "Fairlop",
        "Goodmayes", "Hainault", "Loxford", "Mayfield", "Monkhams", "Seven Kings",
    ]),
    ("richmond", "Richmond upon Thames", [
        "Barnes", "East Sheen", "Hampton", "Hampton North", "Heathfield", "Kew",
        "North Richmond", "South Richmond", "South Twickenham", "Teddington",
        "Twickenham Riverside", "West Twickenham",
    ]),
    ("southwark", "Southwark", [
        "Camberwell Green", "Champion Hill", "Chaucer", "Dulwich Hill", "Dulwich Village",
        "Dulwich Wood", "Faraday", "Goose Green", "Newington", "North Walworth",
        "Old Kent Road", "Peckham",
    ]),
    ("sutton", "Sutton", [
        "Beddington", "Belmont", "Carshalton Central", "Cheam", "Hackbridge", "North Cheam",
        "Stonecot", "Sutton Central", "Sutton North", "Sutton South", "The Wrythe",
        "Wallington North",
    ]),
    ("tower-hamlets", "Tower Hamlets", [
        "Bethnal Green", "Bow East", "Bow West", "Bromley North", "Bromley South",
        "Canary Wharf", "Island Gardens", "Lansbury", "Limehouse", "Mile End", "Poplar",
        "St Dunstan's",
    ]),
    ("waltham-forest", "Waltham Forest", [
        "Cathall", "Chapel End", "Chingford Green", "Endlebury", "Forest", "Grove Green",
        "Higham Hill", "Hoe Street", "Larkswood", "Lea Bridge", "Leyton", "Leytonstone",
    ]),
    ("wandsworth", "Wandsworth", [
        "Balham", "Bedford", "East Putney", "Furzedown", "Lavender", "Nine Elms", "Northcote",
        "Roehampton", "Southfields", "Thamesfield", "Tooting Bec", "Tooting Broadway",
    ]),
    ("westminster", "Westminster", [
        "Abbey Road", "Bayswater", "Church Street", "Harrow Road", "Hyde Park",
        "Lancaster Gate", "Little Venice", "Maida Vale", "Marylebone", "Pimlico North",
        "Pimlico South", "Queen's Park",
    ]),
]
# fmt: on


def upgrade() -> None:
    borough = sa.table(
        "borough",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("is_central", sa.Boolean),
    )
    ward = sa.table(
        "ward",
        sa.column("borough_id", sa.Integer),
        sa.column("name", sa.String),
    )
    rows = [{"id": 1, "code": CENTRAL[0], "name": CENTRAL[1], "is_central": True}]
    rows += [
        {"id": i, "code": code, "name": name, "is_central": False}
        for i, (code, name, _wards) in enumerate(BOROUGHS, start=2)
    ]
    op.bulk_insert(borough, rows)
    wards = [
        {"borough_id": i, "name": w}
        for i, (_code, _name, names) in enumerate(BOROUGHS, start=2)
        for w in names
    ]
    if wards:
        op.bulk_insert(ward, wards)
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids above leave the sequence behind; move it on.
        op.execute("SELECT setval('borough_id_seq', (SELECT max(id) FROM borough))")


def downgrade() -> None:
    op.execute("DELETE FROM ward")
    op.execute("DELETE FROM borough")
