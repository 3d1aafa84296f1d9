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

# (code, name, [wards]). Wards: a starting list that administrators complete.
BOROUGHS: list[tuple[str, str, list[str]]] = [
    ("barking-dagenham", "Barking and Dagenham", []),
    ("barnet", "Barnet", []),
    ("bexley", "Bexley", []),
    ("brent", "Brent", []),
    ("bromley", "Bromley", []),
    ("camden", "Camden", []),
    ("croydon", "Croydon", []),
    ("ealing", "Ealing", []),
    ("enfield", "Enfield", []),
    ("greenwich", "Greenwich", []),
    ("hackney", "Hackney", []),
    ("hammersmith-fulham", "Hammersmith and Fulham", []),
    ("haringey", "Haringey", []),
    ("harrow", "Harrow", []),
    ("havering", "Havering", []),
    ("hillingdon", "Hillingdon", []),
    ("hounslow", "Hounslow", []),
    ("islington", "Islington", []),
    ("kensington-chelsea", "Kensington and Chelsea", []),
    ("kingston", "Kingston upon Thames", []),
    ("lambeth", "Lambeth", []),
    ("lewisham", "Lewisham", []),
    ("merton", "Merton", []),
    ("newham", "Newham", []),
    ("redbridge", "Redbridge", []),
    ("richmond", "Richmond upon Thames", []),
    ("southwark", "Southwark", []),
    ("sutton", "Sutton", []),
    ("tower-hamlets", "Tower Hamlets", []),
    ("waltham-forest", "Waltham Forest", []),
    ("wandsworth", "Wandsworth", []),
    ("westminster", "Westminster", []),
]


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
