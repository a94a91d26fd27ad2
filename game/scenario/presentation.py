"""How a scenario is shown: its roles' colours, shapes and tags, its ladder, its order groups, its map.

Every face draws from this record, never from ids it knows: a scenario of any
crisis, anywhere, looks like itself. Built by ``compile_scenario`` and kept on
``Rules.presentation``.

>>> from game.scenario import load_rules
>>> look = load_rules("tutorial").presentation
>>> look.roles["us"].tag, look.roles["us"].shape, look.ladder
('US', 'circle', 'tension')
>>> derive_tag("Soviet Union"), derive_tag("NATO"), derive_tag("Cuba")
('SU', 'NATO', 'CU')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..geography import WORLD_BOUNDS, Bounds
from .models import Scenario

RGB = tuple[int, int, int]

# Okabe-Ito colours (lightened where needed to read on the window's dark panels), in the order roles get them.
PALETTE: list[RGB] = [(86, 180, 233), (238, 120, 60), (240, 228, 66), (204, 121, 167), (0, 190, 140), (230, 159, 0)]
SHAPES = ["circle", "square", "triangle", "diamond", "hexagon"]
PANEL: RGB = (23, 33, 43)  # the darkest panel role names are written on (see ui/theme.py)
SHADE_BASE: RGB = (15, 23, 32)  # the window's background: a role's territory is its colour mixed into it
LABEL_TEXT: RGB = (238, 242, 246)  # the map's labels (ui/theme.py TEXT)

# Order groups by the kind of action: (rank, title). A decision's title names its role ("NATO decisions").
DEFAULT_GROUPS: dict[str, tuple[int, str]] = {
    "demand_response": (0, "Demands awaiting your answer"),
    "sanction": (1, "Sanctions"),
    "deployment": (2, "Deployments"),
    "decision": (3, "{role} decisions"),
    "diplomacy": (4, "Diplomacy"),
    "demand": (5, "Demands"),
    "other": (6, "Statements and other moves"),
}


def hex_rgb(text: str) -> RGB:
    """'#56b4e9' -> (86, 180, 233)."""
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def _luminance(c: RGB) -> float:
    def ch(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (ch(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2.1 contrast ratio (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def legible(colour: RGB, background: RGB = PANEL, ratio: float = 4.5) -> RGB:
    """``colour``, lightened toward white until text in it meets ``ratio`` on ``background``.

    >>> legible((59, 111, 214))  # a mid blue is too dark on the panels
    (88, 133, 220)
    >>> legible((86, 180, 233))
    (86, 180, 233)
    """
    c = colour
    for step in range(1, 21):
        if contrast(c, background) >= ratio:
            return c
        t = step / 20
        c = tuple(round(v + (255 - v) * t) for v in colour)  # type: ignore[assignment]
    return c


def shade(colour: RGB, base: RGB = SHADE_BASE, amount: float = 0.45) -> RGB:
    """A dark version of ``colour`` for land: at most ``amount`` of it mixed into the base, less
    where white map labels would not meet WCAG AA on it.

    >>> shade((86, 180, 233)), shade((240, 228, 66))
    ((47, 94, 122), (105, 105, 46))
    """
    for step in range(10):
        t = amount - 0.05 * step
        mixed = tuple(round(c * t + b * (1 - t)) for c, b in zip(colour, base))
        if contrast(LABEL_TEXT, mixed) >= 4.6:  # type: ignore[arg-type]
            break
    return mixed  # type: ignore[return-value]


def derive_tag(name: str) -> str:
    """A short tag for a role's name: initials of several words, an acronym as it is, else two letters."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if len(words) > 1:
        return "".join(w[0] for w in words if w[0].isupper())[:4] or name[:2].upper()
    if name.isupper() and len(name) <= 5:
        return name
    return name[:2].upper()


@dataclass(frozen=True)
class RoleLook:
    """A role as every face shows it: colour, a shape and a tag, so colour is never the only cue."""

    id: str
    name: str
    colour: RGB  # legible on the dark panels; also the colour of its markers
    fill: RGB  # its territory on the map
    shape: str
    tag: str


@dataclass(frozen=True)
class CountryLook:
    fill: RGB | None  # None: the role's shade, or plain land
    side: str | None
    label: bool


@dataclass(frozen=True)
class PlaceSpec:
    id: str
    name: str
    local: str
    at: tuple[float, float]
    kind: str


@dataclass(frozen=True)
class Binding:
    """What makes a drawing appear (nothing: it is always there)."""

    actions: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    lasts: int | None = None

    @property
    def always(self) -> bool:
        return not (self.actions or self.events or self.endings)


@dataclass(frozen=True)
class AreaSpec:
    id: str
    label: str
    shape: str | None  # a world-map id, or None for a polygon
    polygon: tuple[tuple[float, float], ...]
    within: str | None
    colour: RGB
    style: str
    legend: str | None
    when: Binding


@dataclass(frozen=True)
class LineSpec:
    id: str
    label: str
    points: tuple[tuple[float, float], ...]
    colour: RGB
    style: str
    legend: str | None
    when: Binding


@dataclass(frozen=True)
class MarkerSpec:
    id: str
    label: str
    role: str
    kind: str
    at: tuple[float, float] | None
    path: tuple[tuple[float, float], ...]
    variable: str | None
    full: float
    scale: str
    per: float
    unit: str
    tag: str | None
    when: Binding


@dataclass(frozen=True, eq=False)
class MapSpec:
    """A scenario's map with every place id resolved to [lon, lat] and every default filled in."""

    bounds: Bounds
    projection: str | None
    countries: dict[str, CountryLook] = field(default_factory=dict)
    places: tuple[PlaceSpec, ...] = ()
    areas: tuple[AreaSpec, ...] = ()
    lines: tuple[LineSpec, ...] = ()
    markers: tuple[MarkerSpec, ...] = ()


@dataclass(frozen=True, eq=False)
class Presentation:
    roles: dict[str, RoleLook]
    ladder: str | None  # the variable drawn as the escalation ladder
    map: MapSpec


LINE_RED: RGB = (255, 90, 70)


def role_looks(sc: Scenario) -> dict[str, RoleLook]:
    """Each role's colour (its `color:` or the palette's next), shape and tag."""
    looks: dict[str, RoleLook] = {}
    for i, (rid, role) in enumerate(sc.roles.items()):
        base = hex_rgb(role.color) if role.color else PALETTE[i % len(PALETTE)]
        shape = role.shape or SHAPES[i % len(SHAPES)]
        taken = {look.tag for look in looks.values()}
        looks[rid] = RoleLook(rid, role.name, legible(base), shade(base), shape,
                              role.tag or unique_tag(role.name, taken))
    return looks


def unique_tag(name: str, taken: set[str]) -> str:
    """``derive_tag(name)``, made longer (or numbered) until no role before has it: a legend of
    'US' and 'US' (the US and a role named Ussr) tells nobody anything.

    >>> unique_tag("Ussr", {"US"}), unique_tag("Cuba", set()), unique_tag("Us", {"US", "US2"})
    ('USS', 'CU', 'US3')
    """
    tag = derive_tag(name)
    letters = "".join(ch for ch in name.upper() if ch.isalpha())
    for length in range(len(tag) + 1, min(len(letters), 4) + 1):
        if tag not in taken:
            break
        tag = letters[:length]
    n = 2
    base = tag
    while tag in taken:
        tag, n = f"{base}{n}", n + 1
    return tag


def ladder_of(sc: Scenario) -> str | None:
    """The ladder variable: `ladder:`, else the first variable with rungs, else none."""
    if sc.ladder is not None:
        return sc.ladder
    return next((vid for vid, v in sc.variables.items() if v.rungs), None)


def _binding(item: Any) -> Binding:
    return Binding(tuple(item.actions), tuple(item.events), tuple(item.endings), item.lasts)


def map_spec(sc: Scenario, looks: dict[str, RoleLook]) -> MapSpec:
    """The resolved map of a scenario (the whole world without drawings when it has no `map:`)."""
    m = sc.map
    if m is None:
        return MapSpec(WORLD_BOUNDS, None)

    def pt(where: Any) -> tuple[float, float]:
        if isinstance(where, str):
            return m.places[where].at
        return (float(where[0]), float(where[1]))

    countries: dict[str, CountryLook] = {}
    for style in m.countries:
        for cid in style.countries:
            countries[cid] = CountryLook(hex_rgb(style.fill) if style.fill else None, style.side, style.label)
    places = tuple(PlaceSpec(pid, p.name, p.local or p.name, p.at, p.kind) for pid, p in m.places.items())
    areas = []
    for aid, a in m.areas.items():
        colour = hex_rgb(a.color) if a.color else looks[a.held_by].colour if a.held_by else LINE_RED
        legend = a.legend if a.legend is not None else (f"held by {looks[a.held_by].name}" if a.held_by else None)
        areas.append(AreaSpec(aid, a.label, a.shape, tuple(pt(p) for p in a.polygon or ()), a.within, colour,
                              a.style, legend, _binding(a)))
    lines = tuple(LineSpec(lid, ln.label, tuple(pt(p) for p in ln.points), hex_rgb(ln.color) if ln.color else LINE_RED,
                           ln.style, ln.legend, _binding(ln)) for lid, ln in m.lines.items())
    markers = []
    for mid, mk in m.markers.items():
        var = sc.variables.get(mk.variable) if mk.variable else None
        full = mk.full if mk.full is not None else (var.max if var is not None else 1.0)
        markers.append(MarkerSpec(mid, mk.label, mk.role, mk.shape_kind, pt(mk.at) if mk.at is not None else None,
                                  tuple(pt(p) for p in mk.path or ()), mk.variable, float(full), mk.scale, mk.per,
                                  mk.unit, mk.tag, _binding(mk)))
    west, south, east, north = m.region.bounds
    return MapSpec((west, south, east, north), m.region.projection, countries, places, tuple(areas), lines, tuple(markers))


def presentation_of(sc: Scenario) -> Presentation:
    """Everything the faces need to show ``sc`` as itself."""
    looks = role_looks(sc)
    return Presentation(looks, ladder_of(sc), map_spec(sc, looks))


def group_of(sc: Scenario, kind: str, section_item: Any, role: str) -> tuple[int, str]:
    """(rank, title) of the order group an action is listed under (its `group:` or its kind's)."""
    rank, title = DEFAULT_GROUPS[kind]
    custom = getattr(section_item, "group", None)
    if custom:
        return rank, custom
    return rank, title.format(role=sc.roles[role].name)


def grouped(legal: list[Any]) -> list[tuple[str, list[Any]]]:
    """Actions (anything with ``group`` and ``group_rank``) as (title, actions) in display order.

    Groups sort by rank (answers to demands first, then sanctions, deployments, decisions,
    diplomacy, demands, other moves); a scenario's own groups sit with the kind they were
    written under, in the order they first appear.
    """
    order: dict[str, tuple[int, int]] = {}
    members: dict[str, list[Any]] = {}
    for i, a in enumerate(legal):
        title = a.group or a.kind
        if title not in order:
            order[title] = (a.group_rank, i)
            members[title] = []
        members[title].append(a)
    return [(title, members[title]) for title in sorted(order, key=lambda t: order[t])]
