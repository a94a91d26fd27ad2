"""The ``map:`` section ``brink new`` writes: a region of the world map, its main countries, a marker.

The countries are the ones that fill most of the region (found on a grid of points
over the box), so a new scenario opens on a map that names its own part of the world.

>>> text = map_section((-90.0, 15.0, -70.0, 30.0), "us", "US", "ussr")
>>> "bounds: [-90, 15, -70, 30]" in text and "cuba" in text
True
"""

from __future__ import annotations

import numpy as np

from ..geography import WORLD_BOUNDS, Bounds, default_projection, label_spot, world
from ..geography import inside as inside_ring

GRID = 60  # grid points along each side of the region
SHOWN = 8  # countries listed
LABELLED = 4  # of those, the ones whose name is written on the map


def countries_in(bounds: Bounds) -> list[tuple[str, int]]:
    """(country id, grid points it covers) for the countries of the region, most first."""
    lon_min, lat_min, lon_max, lat_max = bounds
    gx, gy = np.meshgrid(np.linspace(lon_min, lon_max, GRID), np.linspace(lat_min, lat_max, GRID))
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    counts = []
    for cid, shape in world().countries.items():
        box = shape.bbox
        if box[2] < lon_min or box[0] > lon_max or box[3] < lat_min or box[1] > lat_max:
            continue
        covered = np.zeros(len(pts), dtype=bool)
        for ring in shape.rings:
            covered |= inside_ring(pts, ring, np.roll(ring, -1, axis=0))
        if covered.any():
            counts.append((cid, int(covered.sum())))
    return sorted(counts, key=lambda c: -c[1])


def centre_of(cid: str, bounds: Bounds) -> tuple[float, float]:
    """A point well inside the part of country ``cid`` that lies in the region (for a marker)."""
    lon_min, lat_min, lon_max, lat_max = bounds
    k = 100  # work in hundredths of a degree, the box's corner at 0, 0
    rings = [[(round((x - lon_min) * k), round((y - lat_min) * k)) for x, y in ring] for ring in world().shape(cid).rings]
    spot = label_spot(rings, round((lon_max - lon_min) * k), round((lat_max - lat_min) * k))
    if spot is None:
        return (lon_min + lon_max) / 2, (lat_min + lat_max) / 2
    (x, y), _ = spot
    return round(lon_min + x / k, 2), round(lat_min + y / k, 2)


def _num(v: float) -> str:
    return f"{v:g}"


def own_country(role: str, name: str, countries: list[str]) -> str | None:
    """The country of ``countries`` a role stands for, by its id, its ISO code or its name's initials
    ('cuba', 'USA', 'United States' for a role 'us'), or None.

    >>> own_country("us", "US", ["mexico", "united_states"]), own_country("ussr", "Ussr", ["cuba"])
    ('united_states', None)
    """
    for cid in countries:
        shape = world().shape(cid)
        initials = "".join(w[0] for w in shape.name.split() if w[:1].isupper())
        if role in (cid, (shape.iso or "").lower()) or name.lower() == shape.name.lower() or (
                len(initials) > 1 and role.upper() == initials):
            return cid
    return None


def map_section(bounds: Bounds | None, first: str, first_name: str, second: str | None,
                roles: dict[str, str] | None = None) -> str:
    """YAML text of the map section for a new scenario (``bounds`` None: the whole world). A role
    that stands for a country of the region (``roles``: id -> name) gets it as its territory, in
    its colour, and the first role's marker stands on its own land."""
    region = bounds or WORLD_BOUNDS
    found = countries_in(region) if bounds is not None else []
    box = ", ".join(_num(v) for v in region)
    lines = ["# The map: a region of the bundled world map (Natural Earth, public domain), the",
             "# countries coloured and named, and what is drawn on it: places, areas (claimed,",
             "# occupied), lines (fronts) and markers bound to variables, actions, events and",
             "# endings. Points are [lon, lat] or a place id. See 'The map' in the guide.",
             "map:",
             "  region:",
             f"    bounds: [{box}]   # lon_min, lat_min, lon_max, lat_max",
             f"    projection: {default_projection(region)}"]
    if found:
        every = [cid for cid, _ in found]
        owned = {role: cid for role, name in (roles or {}).items() if (cid := own_country(role, name, every))}
        shown = [cid for cid in every[:SHOWN] if cid not in owned.values()]
        lines.append("  countries:")
        for role, cid in owned.items():
            lines.append(f"    - {{countries: [{cid}], side: {role}, label: true}}   # the role's own land, in its colour")
        labelled = min(len(shown), max(0, LABELLED - len(owned)))
        if labelled:
            lines.append(f"    - {{countries: [{', '.join(shown[:labelled])}], label: true}}")
        if len(shown) > labelled:
            lines.append(f"    - {{countries: [{', '.join(shown[labelled:])}]}}")
        lon, lat = centre_of(owned.get(first, every[0]), region)
        at = f"[{_num(lon)}, {_num(lat)}]"
    else:
        lon, lat = (region[0] + region[2]) / 2, (region[1] + region[3]) / 2
        at = f"[{_num(lon)}, {_num(lat)}]"
    lines += ["  # places:",
              "  #   capital: {name: The capital, local: In its own script, at: [lon, lat], kind: capital}",
              "  markers:",
              "    forces:",
              f"      label: {first_name} forces",
              f"      role: {first}",
              f"      at: {at}",
              "      actions: [mobilize]   # appears once a role has seen this action"]
    if second is not None:
        lines += ["  # areas:",
                  "  #   claimed:",
                  "  #     label: Claimed territory",
                  f"  #     held_by: {second}",
                  "  #     polygon: [[lon, lat], [lon, lat], [lon, lat]]",
                  "  #     within: some_country   # cut to that country's coast and borders",
                  "  #     events: [summit_announced]   # drawn once this event has happened"]
    return "\n".join(lines) + "\n"
