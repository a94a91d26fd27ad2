"""The world map and the projections that put one region of it on a screen.

``assets/map/world.json`` holds Natural Earth's 1:110m country outlines in
degrees (see ``assets/map/README.md``); nothing here needs a GIS package.
A scenario's ``map:`` section names a region (a lon/lat box and a
projection); ``Frame`` fits that region into a rectangle of pixels.

>>> frame = Frame.fit((20.0, 44.0, 41.0, 56.0), "lambert", (0, 0, 430, 466))
>>> x, y = frame.point(30.52, 50.45)  # Kyiv
>>> 0 < x < 430 and 0 < y < 466
True
>>> "ukraine" in world().countries and "crimea" in world().parts
True
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .resources import asset

Bounds = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
PROJECTIONS = ("lambert", "mercator", "equirectangular")
WORLD_BOUNDS: Bounds = (-180.0, -58.0, 180.0, 84.0)


@dataclass(frozen=True)
class Shape:
    """A country (or a named part of one, such as Crimea): its names and outer rings in degrees."""

    id: str
    name: str
    local: str
    rings: tuple[np.ndarray, ...]  # each (n, 2): lon, lat
    of: str | None = None  # the country a part belongs to
    iso: str = ""

    @property
    def bbox(self) -> Bounds:
        pts = np.concatenate(self.rings)
        return float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())


@dataclass(frozen=True)
class World:
    countries: dict[str, Shape]  # largest first (the order to draw them in)
    parts: dict[str, Shape]
    provenance: dict

    def shape(self, sid: str) -> Shape:
        """A country or a part by id (KeyError when neither)."""
        return self.countries[sid] if sid in self.countries else self.parts[sid]

    @property
    def ids(self) -> list[str]:
        """Every id a scenario may name: countries, then parts."""
        return list(self.countries) + list(self.parts)


def _shape(rec: dict, precision: int) -> Shape:
    rings = tuple(np.asarray(r, dtype=float).reshape(-1, 2) / precision for r in rec["rings"])
    return Shape(rec["id"], rec["name"], rec.get("local", rec["name"]), rings, rec.get("of"), rec.get("iso", ""))


@lru_cache(maxsize=1)
def world() -> World:
    """The bundled world map (read once per process)."""
    data = json.loads(asset("map", "world.json").read_text(encoding="utf-8"))
    p = data["precision"]
    return World({c["id"]: _shape(c, p) for c in data["countries"]},
                 {c["id"]: _shape(c, p) for c in data["parts"]}, data["provenance"])


# -- projections ----------------------------------------------------------------------------------
def default_projection(bounds: Bounds) -> str:
    """Lambert conformal conic away from the equator, Mercator near it, plate carrée for the world.

    >>> default_projection((20, 44, 41, 56)), default_projection((-90, 15, -70, 30)), default_projection(WORLD_BOUNDS)
    ('lambert', 'mercator', 'equirectangular')
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    if lon_max - lon_min > 120 or lat_max - lat_min > 70:
        return "equirectangular"
    if min(abs(lat_min), abs(lat_max)) < 20 or lat_min * lat_max <= 0:
        return "mercator"
    return "lambert"


class Projection:
    """Degrees to plane coordinates (y up) for one region; longitudes are wrapped around its centre."""

    def __init__(self, kind: str, bounds: Bounds):
        if kind not in PROJECTIONS:
            raise ValueError(f"unknown projection '{kind}' (one of {', '.join(PROJECTIONS)})")
        lon_min, lat_min, lon_max, lat_max = bounds
        self.kind = kind
        self.lon_0 = (lon_min + lon_max) / 2
        self.lat_c = (lat_min + lat_max) / 2
        if kind == "lambert":
            span = lat_max - lat_min
            p1, p2 = math.radians(lat_min + span / 6), math.radians(lat_max - span / 6)
            if p1 * p2 <= 0:  # parallels on both sides of the equator: no cone; Mercator instead
                self.kind = "mercator"
            else:
                if abs(p1 - p2) < 1e-9:
                    n = math.sin(p1)
                else:
                    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
                        math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2))
                self.n = n
                self.f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
                self.rho0 = self.f / math.tan(math.pi / 4 + math.radians(self.lat_c) / 2) ** n

    def wrap(self, lon: np.ndarray) -> np.ndarray:
        """Longitudes within 180 degrees of the centre (so a Pacific region is one piece)."""
        return (lon - self.lon_0 + 180.0) % 360.0 - 180.0

    def forward(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        lam = np.radians(self.wrap(np.asarray(lon, dtype=float)))
        lat = np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
        phi = np.radians(lat)
        if self.kind == "mercator":
            return lam, np.log(np.tan(np.pi / 4 + phi / 2))
        if self.kind == "equirectangular":
            return lam * math.cos(math.radians(self.lat_c)), phi
        # polar side of the cone: keep points off the apex (they are far outside any region)
        phi = np.clip(phi, -1.5, 1.5)
        rho = self.f / np.tan(np.pi / 4 + phi / 2) ** self.n
        theta = self.n * lam
        return rho * np.sin(theta), self.rho0 - rho * np.cos(theta)


def _edge_samples(bounds: Bounds, k: int = 24) -> tuple[np.ndarray, np.ndarray]:
    lon_min, lat_min, lon_max, lat_max = bounds
    t = np.linspace(0.0, 1.0, k)
    lons = np.concatenate([lon_min + (lon_max - lon_min) * t, np.full(k, lon_max),
                           lon_max - (lon_max - lon_min) * t, np.full(k, lon_min)])
    lats = np.concatenate([np.full(k, lat_min), lat_min + (lat_max - lat_min) * t,
                           np.full(k, lat_max), lat_max - (lat_max - lat_min) * t])
    return lons, lats


def region_aspect(bounds: Bounds, kind: str | None = None) -> float:
    """Height over width of the region once projected (a picture of that shape shows it whole, edge to edge).

    >>> round(region_aspect((-92, 16, -66, 32), "mercator"), 2)
    0.68
    """
    xs, ys = Projection(kind or default_projection(bounds), bounds).forward(*_edge_samples(bounds))
    return float(ys.max() - ys.min()) / float(xs.max() - xs.min())


@dataclass(frozen=True)
class Frame:
    """A region fitted into a pixel rectangle: ``point(lon, lat)`` -> (x, y), y down."""

    projection: Projection
    bounds: Bounds
    rect: tuple[int, int, int, int]
    scale: float
    x0: float
    y0: float  # plane coordinates of the rectangle's top-left corner

    @classmethod
    def fit(cls, bounds: Bounds, kind: str | None, rect, cover: bool = False) -> Frame:
        """The whole of ``bounds`` inside ``rect`` (x, y, w, h), centred; the other axis shows more.
        With ``cover``, ``bounds`` fills the rectangle instead, cut on the longer side."""
        proj = Projection(kind or default_projection(bounds), bounds)
        xs, ys = proj.forward(*_edge_samples(bounds))
        x, y, w, h = (int(v) for v in rect)
        bw, bh = float(xs.max() - xs.min()), float(ys.max() - ys.min())
        scale = max(w / bw, h / bh) if cover else min(w / bw, h / bh)
        cx, cy = float(xs.max() + xs.min()) / 2, float(ys.max() + ys.min()) / 2
        west, south, east, north = bounds
        return cls(proj, (west, south, east, north), (x, y, w, h), scale, cx - w / 2 / scale, cy + h / 2 / scale)

    def points(self, lonlat: np.ndarray) -> np.ndarray:
        """(n, 2) degrees -> (n, 2) pixels (floats)."""
        px, py = self.projection.forward(lonlat[:, 0], lonlat[:, 1])
        return np.stack([self.rect[0] + (px - self.x0) * self.scale, self.rect[1] + (self.y0 - py) * self.scale], axis=1)

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        x, y = self.points(np.array([[lon, lat]], dtype=float))[0]
        return round(float(x)), round(float(y))

    def ring(self, ring: np.ndarray) -> list[tuple[int, int]]:
        return [(round(float(x)), round(float(y))) for x, y in self.points(np.asarray(ring, dtype=float))]

    def moved(self, dx: int, dy: int) -> Frame:
        """The same frame with its rectangle shifted (to draw into a surface of the rectangle's own size)."""
        x, y, w, h = self.rect
        return Frame(self.projection, self.bounds, (x + dx, y + dy, w, h), self.scale, self.x0, self.y0)

    @property
    def reach(self) -> Bounds:
        """A lon/lat box around what the rectangle can show (the region widened on every side)."""
        lon_min, lat_min, lon_max, lat_max = self.bounds
        pad_lon = max(lon_max - lon_min, 4.0)
        pad_lat = max(lat_max - lat_min, 4.0)
        return (lon_min - pad_lon, max(-89.0, lat_min - pad_lat), lon_max + pad_lon, min(89.0, lat_max + pad_lat))

    def visible_rings(self, shape: Shape) -> list[list[tuple[int, int]]]:
        """The rings of ``shape`` near the region, in pixels (far ones are skipped: they cannot show)."""
        lon_min, lat_min, lon_max, lat_max = self.reach
        out = []
        for ring in shape.rings:
            lons = self.projection.wrap(ring[:, 0]) + self.projection.lon_0
            if lons.max() - lons.min() > 180.0:  # cut by the seam opposite the centre: it is on the far side
                continue
            if lons.max() < lon_min or lons.min() > lon_max or ring[:, 1].max() < lat_min or ring[:, 1].min() > lat_max:
                continue
            out.append(self.ring(ring))
        return out


# -- label placement ------------------------------------------------------------------------------
def clip_to_rect(ring: list[tuple[float, float]], w: float, h: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a polygon to [0, w] x [0, h]."""
    out = list(ring)
    for axis, value, below in ((0, 0.0, False), (0, w, True), (1, 0.0, False), (1, h, True)):
        src, out = out, []
        if not src:
            break

        def inside(p, axis=axis, value=value, below=below) -> bool:
            return p[axis] <= value if below else p[axis] >= value

        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur) != inside(prev):
                t = (value - prev[axis]) / (cur[axis] - prev[axis])
                q = [0.0, 0.0]
                q[axis] = value
                q[1 - axis] = prev[1 - axis] + t * (cur[1 - axis] - prev[1 - axis])
                out.append((q[0], q[1]))
            if inside(cur):
                out.append(cur)
    return out


def label_spot(rings: list[list[tuple[int, int]]], w: int, h: int) -> tuple[tuple[int, int], float] | None:
    """The point inside the visible part of the largest ring farthest from its outline, and that distance.

    Polygons are clipped to the rectangle first, so a label of a country that runs off the map
    (Russia east of the Volga) lands in the part that is shown. None when nothing is visible.
    """
    best_ring, best_area = None, 0.0
    for ring in rings:
        clipped = clip_to_rect([(float(x), float(y)) for x, y in ring], w, h)
        if len(clipped) < 3:
            continue
        arr = np.asarray(clipped)
        area = abs(float(np.dot(arr[:, 0], np.roll(arr[:, 1], -1)) - np.dot(arr[:, 1], np.roll(arr[:, 0], -1)))) / 2
        if area > best_area:
            best_ring, best_area = arr, area
    if best_ring is None:
        return None
    a, b = best_ring, np.roll(best_ring, -1, axis=0)
    x0, y0 = a.min(axis=0)
    x1, y1 = a.max(axis=0)
    best, best_d = None, -1.0
    for _ in range(3):
        gx, gy = np.meshgrid(np.linspace(x0, x1, 25), np.linspace(y0, y1, 25))
        pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
        within = inside(pts, a, b)
        if within.any():
            d = _clearance(pts[within], a, b)
            k = int(np.argmax(d))
            if d[k] > best_d:
                best, best_d = pts[within][k], float(d[k])
        if best is None:
            return None
        half_w, half_h = (x1 - x0) / 6, (y1 - y0) / 6
        x0, x1, y0, y1 = best[0] - half_w, best[0] + half_w, best[1] - half_h, best[1] + half_h
    assert best is not None  # the search above returned when it found nothing
    return (round(float(best[0])), round(float(best[1]))), best_d


def inside(pts: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Even-odd test of many points (n, 2) against one polygon whose edges run from ``a[i]`` to ``b[i]``.

    >>> square = np.array([[0, 0], [4, 0], [4, 4], [0, 4]], dtype=float)
    >>> inside(np.array([[2.0, 2.0], [5.0, 1.0]]), square, np.roll(square, -1, axis=0)).tolist()
    [True, False]
    """
    px, py = pts[:, 0:1], pts[:, 1:2]
    ay, by = a[:, 1], b[:, 1]
    crosses = (ay > py) != (by > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = a[:, 0] + (py - ay) * (b[:, 0] - a[:, 0]) / (by - ay)
    return ((crosses & (px < xint)).sum(axis=1) % 2) == 1


def _clearance(pts: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance of each point to the nearest edge."""
    d = b - a
    length2 = (d ** 2).sum(axis=1)
    length2[length2 == 0] = 1e-12
    rel = pts[:, None, :] - a[None, :, :]
    t = np.clip((rel * d[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    nearest = a[None] + t[..., None] * d[None]
    return np.sqrt(((pts[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)
