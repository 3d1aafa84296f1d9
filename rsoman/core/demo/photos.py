"""Placeholder photographs for demo offenders: a plain head-and-shoulders silhouette on a coloured
background, marked DEMO. No faces, nothing that could be taken for a real person.

A few dozen variants are drawn once and their PNG bytes reused, so 70,000 offenders cost no
drawing time and little space.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 96, 120
BACKGROUNDS: tuple[tuple[int, int, int], ...] = (
    (176, 196, 222), (200, 200, 200), (214, 200, 170), (190, 215, 190), (220, 190, 190),
    (200, 190, 220), (180, 210, 215), (230, 220, 180),
)  # fmt: skip
SILHOUETTES: tuple[tuple[int, int, int, int], ...] = (
    # (head width, head height, shoulder width, neck height)
    (34, 42, 80, 6),
    (38, 44, 88, 4),
    (30, 40, 72, 8),
    (36, 38, 84, 5),
)
INK = (70, 74, 84)


def _draw(background: tuple[int, int, int], shape: tuple[int, int, int, int]) -> bytes:
    head_w, head_h, shoulders, neck = shape
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    cx = WIDTH // 2
    top = 18
    draw.ellipse((cx - head_w // 2, top, cx + head_w // 2, top + head_h), fill=INK)
    neck_top = top + head_h - 4
    draw.rectangle((cx - 7, neck_top, cx + 7, neck_top + neck + 6), fill=INK)
    body_top = neck_top + neck
    draw.pieslice(
        (cx - shoulders // 2, body_top, cx + shoulders // 2, body_top + 2 * (HEIGHT - body_top)),
        180,
        360,
        fill=INK,
    )
    draw.text((4, 3), "DEMO", fill=(255, 255, 255))
    # Few colours: a palette PNG of well under 1 KB.
    small = image.quantize(colors=8)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def placeholder_photos() -> tuple[bytes, ...]:
    """Every variant's PNG bytes, drawn on first use."""
    return tuple(_draw(bg, shape) for bg in BACKGROUNDS for shape in SILHOUETTES)
