"""The map's look, shared by every face: its colours and the geometry of the roles' shapes and arrows.

Colours are the window's (``game.ui.theme``): dark water and land, labels that meet
WCAG AA on every land colour (tests/test_ui_theme.py). Shapes are the second cue
besides colour (circle, square, triangle, diamond, hexagon), so colour-blind players
tell the roles apart.

>>> shape_points("diamond", (10, 10), 5)
((10, 5), (15, 10), (10, 15), (5, 10))
>>> shape_points("circle", (10, 10), 5) is None
True
"""

from __future__ import annotations

import math

RGB = tuple[int, int, int]
Point = tuple[float, float]

WATER: RGB = (24, 52, 78)  # ui/theme.py WATER
PLAIN_LAND: RGB = (58, 62, 66)  # countries the scenario does not name
NAMED_LAND: RGB = (72, 78, 84)  # countries it names without a side or fill
BORDER: RGB = (22, 28, 34)
WATER_EDGE: RGB = (46, 86, 120)  # ui/theme.py WATER_EDGE: a coast's glow
GRATICULE: RGB = (36, 68, 98)  # meridians and parallels, faint on the water
TEXT: RGB = (238, 242, 246)  # ui/theme.py TEXT
MUTED: RGB = (175, 190, 204)  # ui/theme.py MUTED: a place's label
SEA_TEXT: RGB = (150, 196, 232)
EDGE: RGB = (10, 14, 18)  # a marker's outline
PLATE: tuple[int, int, int, int] = (10, 14, 18, 200)  # the dark plate under a city's or a tag's text
LEGEND_PLATE: tuple[int, int, int, int] = (10, 14, 18, 215)
FRAME_LINE: RGB = (60, 80, 98)  # ui/theme.py LINE: the map's frame
TEXT_PX = 16  # every label on the map (the window's minimum legible size)
PLATE_PAD = 3  # text's margin inside its plate
HATCH_SPACING = 7


def shape_points(shape: str, centre: Point, r: float) -> tuple[Point, ...] | None:
    """The outline of a role's shape of radius ``r`` (None for a circle, which is drawn as one)."""
    cx, cy = centre
    if shape == "circle":
        return None
    if shape == "square":
        return ((cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r), (cx - r, cy + r))
    if shape == "triangle":
        return ((cx, cy - r * 1.15), (cx + r * 1.1, cy + r * 0.8), (cx - r * 1.1, cy + r * 0.8))
    if shape == "hexagon":
        return tuple((cx + r * math.cos(math.pi / 3 * k), cy + r * math.sin(math.pi / 3 * k)) for k in range(6))
    return ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy))


def shape_radius(radius: float) -> int:
    """Shapes are drawn at whole-pixel radii of at least 4 (a smaller one cannot be told apart)."""
    return max(4, int(radius))


def arrow_points(path: list[Point], width: float = 6.0, head: float = 13.0) -> list[Point]:
    """The outline of a thick arrow along ``path`` (tail first), its head at the last point."""
    (x0, y0), (x1, y1) = path[-2], path[-1]
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    base = (x1 - ux * head * 1.3, y1 - uy * head * 1.3)
    shaft = list(path[:-1]) + [base]
    left, right = [], []
    for i, (x, y) in enumerate(shaft):
        a = shaft[max(0, i - 1)]
        b = shaft[min(len(shaft) - 1, i + 1)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        d = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / d * width / 2, dx / d * width / 2
        left.append((x + nx, y + ny))
        right.append((x - nx, y - ny))
    nx, ny = -uy * head, ux * head
    tip = [(base[0] + nx, base[1] + ny), (x1, y1), (base[0] - nx, base[1] - ny)]
    return left + tip + right[::-1]
