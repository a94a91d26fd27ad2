"""Cross-references of the ``map:`` section: countries of the world map, places, roles, variables,
actions, events and endings, each at its line and column with "did you mean".

>>> from game.scenario.errors import did_you_mean
>>> did_you_mean("ukriane", world_ids())
" (did you mean 'ukraine'?)"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..geography import world

if TYPE_CHECKING:
    from .references import _Checker


def world_ids() -> list[str]:
    """Every country and part id of the bundled world map."""
    return world().ids


def check_map(c: _Checker, action_ids: set[str]) -> None:
    """Every id the map section names must exist; place ids stand for points."""
    m = c.sc.map
    if m is None:
        return
    countries = world_ids()
    roles = list(c.sc.roles)
    places = list(m.places)
    happenings = list(c.sc.events) + list(c.sc.reactions)
    base: tuple[str | int, ...] = ("map",)

    def point(path: tuple[str | int, ...], where: Any) -> None:
        if isinstance(where, str):
            c.ref(path, where, places, "place")
        else:
            lon, lat = where
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                c.error(path, f"[{lon:g}, {lat:g}] is not a point on Earth ([lon, lat]: -180..180, -90..90)")

    for i, style in enumerate(m.countries):
        path = base + ("countries", i)
        for j, cid in enumerate(style.countries):
            c.ref(path + ("countries", j), cid, countries, "country of the world map")
        if style.side is not None:
            c.ref(path + ("side",), style.side, roles, "role")
    for pid, place in m.places.items():
        point(base + ("places", pid, "at"), place.at)

    def binding(path: tuple[str | int, ...], item: Any) -> None:
        for j, act in enumerate(item.actions):
            c.ref(path + ("actions", j), act, sorted(action_ids), "action")
        for j, ev in enumerate(item.events):
            c.ref(path + ("events", j), ev, happenings, "event or reaction")
        for j, ending in enumerate(item.endings):
            c.ref(path + ("endings", j), ending, c.sc.endings, "ending")

    for aid, area in m.areas.items():
        path = base + ("areas", aid)
        if area.shape is not None:
            c.ref(path + ("shape",), area.shape, countries, "country of the world map")
        if area.within is not None:
            c.ref(path + ("within",), area.within, countries, "country of the world map")
        for j, p in enumerate(area.polygon or ()):
            point(path + ("polygon", j), p)
        if area.held_by is not None:
            c.ref(path + ("held_by",), area.held_by, roles, "role")
        binding(path, area)
    for lid, line in m.lines.items():
        path = base + ("lines", lid)
        for j, p in enumerate(line.points):
            point(path + ("points", j), p)
        binding(path, line)
    for mid, marker in m.markers.items():
        path = base + ("markers", mid)
        c.ref(path + ("role",), marker.role, roles, "role")
        if marker.at is not None:
            point(path + ("at",), marker.at)
        for j, p in enumerate(marker.path or ()):
            point(path + ("path", j), p)
        if marker.variable is not None:
            c.ref(path + ("variable",), marker.variable, c.sc.variables, "variable")
        binding(path, marker)
