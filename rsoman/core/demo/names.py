"""Invented identifiers: surnames, street names, postcodes, vehicle marks, references.

Postcodes: the outward code is a real district of the borough (so lists sort and group
sensibly), but the inward code uses only the letters C, I, K, M, O and V, which Royal Mail never
uses in an inward code: every demo postcode is impossible, so it can never be a real address.
Vehicle marks start "DM" (demo) and their last three letters start with Q, which current marks
never use there.
"""

from __future__ import annotations

import random

from . import words
from .chance import between, pick

# Letters never used in the last two places of a UK postcode.
IMPOSSIBLE_INWARD_LETTERS = "CIKMOV"

OUTWARD_CODES: dict[str, tuple[str, ...]] = {
    "barking-dagenham": ("IG11", "RM8", "RM9", "RM10"),
    "barnet": ("N2", "N3", "N12", "N20", "NW4", "NW7", "NW9", "EN5", "HA8"),
    "bexley": ("DA5", "DA6", "DA7", "DA8", "DA14", "DA15", "DA16"),
    "brent": ("NW2", "NW10", "HA0", "HA9"),
    "bromley": ("BR1", "BR2", "BR3", "BR5", "BR6", "SE20"),
    "camden": ("NW1", "NW3", "NW5", "WC1"),
    "croydon": ("CR0", "CR2", "CR5", "CR7", "SE25"),
    "ealing": ("W3", "W5", "W7", "W13", "UB1", "UB2", "UB5", "UB6"),
    "enfield": ("EN1", "EN2", "EN3", "N9", "N13", "N18", "N21"),
    "greenwich": ("SE2", "SE3", "SE7", "SE9", "SE10", "SE18", "SE28"),
    "hackney": ("E5", "E8", "E9", "N16"),
    "hammersmith-fulham": ("W6", "W12", "W14", "SW6"),
    "haringey": ("N8", "N10", "N15", "N17", "N22"),
    "harrow": ("HA1", "HA2", "HA3", "HA5", "HA7"),
    "havering": ("RM1", "RM2", "RM3", "RM7", "RM11", "RM12", "RM13", "RM14"),
    "hillingdon": ("UB3", "UB4", "UB7", "UB8", "UB10", "HA4", "HA6"),
    "hounslow": ("TW3", "TW4", "TW5", "TW7", "TW8", "TW13", "TW14", "W4"),
    "islington": ("N1", "N5", "N7", "N19", "EC1"),
    "kensington-chelsea": ("W8", "W10", "W11", "SW3", "SW5", "SW7", "SW10"),
    "kingston": ("KT1", "KT2", "KT3", "KT5", "KT6", "KT9"),
    "lambeth": ("SE11", "SE24", "SE27", "SW2", "SW4", "SW8", "SW9", "SW16"),
    "lewisham": ("SE4", "SE6", "SE8", "SE12", "SE13", "SE14", "SE23", "SE26"),
    "merton": ("SW19", "SW20", "CR4", "SM4"),
    "newham": ("E6", "E7", "E12", "E13", "E15", "E16"),
    "redbridge": ("IG1", "IG2", "IG3", "IG4", "IG5", "IG6", "IG8", "E18"),
    "richmond": ("TW1", "TW2", "TW9", "TW10", "TW11", "TW12", "SW13", "SW14"),
    "southwark": ("SE1", "SE5", "SE15", "SE16", "SE17", "SE21", "SE22"),
    "sutton": ("SM1", "SM2", "SM3", "SM5", "SM6"),
    "tower-hamlets": ("E1", "E3", "E14"),
    "waltham-forest": ("E4", "E10", "E11", "E17"),
    "wandsworth": ("SW11", "SW12", "SW15", "SW17", "SW18"),
    "westminster": ("W1", "W2", "W9", "SW1", "NW8"),
}
DEFAULT_OUTWARD: tuple[str, ...] = ("EC1", "WC1", "SE1")
_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"


def surname(rng: random.Random) -> str:
    return pick(rng, words.SURNAME_STARTS) + pick(rng, words.SURNAME_ENDS)


def street(rng: random.Random) -> str:
    stem = pick(rng, words.STREET_STARTS) + pick(rng, words.STREET_MIDDLES)
    return f"{stem} {pick(rng, words.STREET_TYPES)}"


def building(rng: random.Random) -> str:
    stem = pick(rng, words.STREET_STARTS) + pick(rng, words.STREET_MIDDLES)
    return f"{stem} {pick(rng, words.BUILDING_TYPES)}"


def postcode(rng: random.Random, borough_code: str) -> str:
    outward = pick(rng, OUTWARD_CODES.get(borough_code, DEFAULT_OUTWARD))
    a, b = pick(rng, IMPOSSIBLE_INWARD_LETTERS), pick(rng, IMPOSSIBLE_INWARD_LETTERS)
    return f"{outward} {between(rng, 1, 9)}{a}{b}"


def is_impossible_postcode(code: str) -> bool:
    """True when the inward code cannot be a Royal Mail one (our demo postcodes)."""
    inward = code.rsplit(" ", 1)[-1]
    return len(inward) == 3 and any(c in IMPOSSIBLE_INWARD_LETTERS for c in inward[1:])


def home_line(rng: random.Random) -> tuple[str, str | None]:
    """(line1, line2): a house on a street, or a flat in a block."""
    if rng.random() < 0.35:
        return f"Flat {between(rng, 1, 48)}, {building(rng)}", street(rng)
    return f"{between(rng, 1, 180)} {street(rng)}", None


def vehicle_mark(rng: random.Random) -> str:
    age = pick(rng, (between(rng, 2, 24), between(rng, 51, 74)))
    return f"DM{age:02d} Q{pick(rng, _LETTERS)}{pick(rng, _LETTERS)}"


def phone(rng: random.Random) -> str:
    # Ofcom keeps 020 7946 0000-0999 for drama: never a real London number.
    return f"020 7946 0{between(rng, 0, 999):03d}"
