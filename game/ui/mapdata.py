"""The theatre map's geometry (``assets/map/theatre.json``), fitted to a rectangle on screen.

>>> geo = load_geometry()
>>> round(geo.fit((0, 0, 700, 800)).scale, 2)
1.0
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ..resources import asset

# the part of the 1000 x 936 canvas the game shows: the Baltic to the Black Sea, Warsaw to Rostov
VIEW_BOX = (150.0, 70.0, 850.0, 870.0)


@dataclass(frozen=True)
class Fit:
    """Canvas units to screen pixels: ``x' = left + (x - box_left) * scale``."""

    left: float
    top: float
    scale: float
    box: tuple[float, float, float, float]

    def point(self, x: float, y: float) -> tuple[int, int]:
        return (round(self.left + (x - self.box[0]) * self.scale), round(self.top + (y - self.box[1]) * self.scale))

    def ring(self, ring) -> list[tuple[int, int]]:
        return [self.point(x, y) for x, y in ring]


@dataclass(frozen=True)
class Geometry:
    data: dict

    @property
    def countries(self) -> list[dict]:
        return self.data["countries"]

    @property
    def water(self) -> list[dict]:
        return self.data["water"]

    @property
    def regions(self) -> dict[str, dict]:
        return {r["id"]: r for r in self.data["regions"]}

    @property
    def lines(self) -> dict[str, dict]:
        return {line["id"]: line for line in self.data["lines"]}

    @property
    def cities(self) -> list[dict]:
        return self.data["cities"]

    @property
    def anchors(self) -> dict[str, list[float]]:
        return self.data["anchors"]

    def fit(self, rect, box=VIEW_BOX) -> Fit:
        """Scale the view box to fit ``rect`` (x, y, w, h), centred."""
        x, y, w, h = rect
        bw, bh = box[2] - box[0], box[3] - box[1]
        scale = min(w / bw, h / bh)
        return Fit(x + (w - bw * scale) / 2, y + (h - bh * scale) / 2, scale, box)


@lru_cache(maxsize=1)
def load_geometry() -> Geometry:
    path = asset("map", "theatre.json")
    return Geometry(json.loads(path.read_text(encoding="utf-8")))
