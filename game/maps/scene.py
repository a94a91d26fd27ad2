"""The map laid out for one view: every drawable item in pixels, every label where it hits nothing.

``MapLayout(presentation, (w, h))`` fits the scenario's region (``map:``) into a picture
of ``w`` x ``h`` pixels and projects the land once; ``scene(shown)`` turns what a
viewer's map shows (``game.maps.shown``) into a ``Scene``: areas, lines, city dots,
markers sized and shaped, labels of cities, countries, tags and seas placed so that
no two overlap and none covers a marker or a dot, and the legend. The window and the
SVG draw that list and nothing else, so they show the same map.

>>> from game.scenario import load_rules
>>> from game.maps.shown import Shown
>>> look = load_rules("winter-2021").presentation
>>> scene = MapLayout(look, (430, 466)).scene(Shown())
>>> [(label.kind, label.text) for label in scene.labels if label.of == "russia"]
[('country', 'RUSSIA'), ('local', 'Россия')]
>>> any(box_a.hits(box_b) for box_a, box_b in zip(scene.text_boxes, scene.text_boxes[1:]))
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..geography import Frame, clip_to_rect, label_spot, world
from ..geography import inside as inside_polygon
from ..scenario.presentation import AreaSpec, LineSpec, Presentation, RoleLook
from . import fonts
from .shown import Marker, Shown
from .style import (
    MUTED,
    NAMED_LAND,
    PLAIN_LAND,
    PLATE_PAD,
    RGB,
    SEA_TEXT,
    TEXT,
    TEXT_PX,
    Point,
    arrow_points,
    shape_points,
    shape_radius,
)

Ring = tuple[Point, ...]
# where a country's name may move from its label point (nearest first) when something is in the way
EDGE_GIVE = 12  # a label's spot past the picture's edge by at most this many pixels moves inside it
EDGE_MARGIN = 4  # no label comes nearer the picture's edge than this (a name flush on the frame reads as cut off)
CITY_REACH = (8, 16, 26, 36)  # a city's name may stand this far from its dot when nearer spots are taken
CITY_ANGLES = tuple(math.pi * k / 8 for k in range(16))
LABEL_NUDGES = sorted(((dx, dy) for dx in range(-150, 151, 6) for dy in range(-96, 97, 4)),
                      key=lambda d: ((d[0] / 20) ** 2 + (d[1] / 18) ** 2, d))
NUDGE_BLOCK = 256  # nudges tried at once (most names find room among the first few hundred)
SEA_SPOTS = ((0, 0), (0, 20), (0, -20), (30, 0), (-30, 0), (0, 40), (0, -40))
SIDE_BY_SIDE = 30  # markers at one point sit this far apart
ARROW_PIECE = 10  # an arrow counts as boxes this long along it (labels may sit beside a slanting arrow)
ARROW_GIVE = 0.4  # an arrow's tip may stop this share of its last leg short, so as not to cover a city
MARKER_SHIFT = 48  # a marker on a city's dot moves off it by at most this many pixels (nearest way first)
MARKER_SHIFTS = sorted(((dx, dy) for dx in range(-MARKER_SHIFT, MARKER_SHIFT + 1, 4)
                        for dy in range(-MARKER_SHIFT, MARKER_SHIFT + 1, 4) if dx * dx + dy * dy <= MARKER_SHIFT ** 2),
                       key=lambda d: (d[0] * d[0] + d[1] * d[1], d))
ICON = 7  # radius of one icon of a counted marker
LAND_MARGIN = 4  # land is cut this far outside the picture (its cut edges never show)
LEGEND_ROW = 26
LEGEND_MARGIN = 10  # pixels kept free round the legend
GRATICULE_STEPS = ((12, 2), (30, 5), (70, 10), (400, 30))  # a region this many degrees across: lines this far apart


@dataclass(frozen=True)
class Box:
    """A pixel rectangle with pygame.Rect's rules: edges that touch do not overlap."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.w // 2, self.y + self.h // 2

    def hits(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def hits_any(self, others) -> bool:
        return any(self.hits(o) for o in others)

    def within(self, w: int, h: int, margin: int = 0) -> bool:
        """Inside a ``w`` x ``h`` picture, at least ``margin`` pixels from each edge."""
        return self.x >= margin and self.y >= margin and self.right <= w - margin and self.bottom <= h - margin

    def holds(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def clamped(self, w: int, h: int, margin: int = 0) -> Box:
        """Moved (no more than it must) to lie ``margin`` pixels inside a ``w`` x ``h`` picture, where it fits."""
        return Box(min(max(self.x, margin), max(margin, w - self.w - margin)),
                   min(max(self.y, margin), max(margin, h - self.h - margin)), self.w, self.h)

    def union(self, other: Box) -> Box:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Box(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def inflate(self, dx: int, dy: int) -> Box:
        return Box(self.x - dx // 2, self.y - dy // 2, self.w + dx, self.h + dy)

    def move(self, dx: int, dy: int) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    @classmethod
    def around(cls, points) -> Box:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, y0 = math.floor(min(xs)), math.floor(min(ys))
        return cls(x0, y0, math.floor(max(xs)) - x0 + 1, math.floor(max(ys)) - y0 + 1)


# -- the items ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Land:
    """A country (or a named part such as Crimea) in its fill, cut to the picture."""

    id: str
    name: str
    fill: RGB
    rings: tuple[Ring, ...]


@dataclass(frozen=True)
class Area:
    """Held or claimed land: its polygons, cut to the ``within`` country's outline where given."""

    id: str
    label: str
    colour: RGB
    style: str  # hatch, fill, outline
    rings: tuple[Ring, ...]
    within: tuple[Ring, ...] | None
    box: Box


@dataclass(frozen=True)
class Line:
    id: str
    label: str
    colour: RGB
    style: str  # solid, dashed
    points: Ring


@dataclass(frozen=True)
class Dot:
    """A city's or a capital's dot (a capital's is larger, with a dark rim)."""

    id: str
    name: str
    kind: str
    at: tuple[int, int]
    radius: int

    @property
    def box(self) -> Box:
        return Box(self.at[0] - 6, self.at[1] - 6, 12, 12)


@dataclass(frozen=True)
class Symbol:
    """A marker as drawn: the role's shape and colour at a size, a cluster of icons, or an arrow.

    ``estimate`` is (inner, outer) radii of an estimate's 90% range: a faint shape to the
    outer, a ring at the inner, a small solid core. ``ring``: the radius of the white ring
    round a marker new this turn.
    """

    marker: Marker
    shape: str
    colour: RGB
    at: tuple[int, int]
    radius: int
    box: Box
    icons: tuple[tuple[int, int], ...] = ()
    estimate: tuple[int, int] | None = None
    ring: int | None = None
    outline: Ring = ()  # an arrow's outline

    @property
    def id(self) -> str:
        return self.marker.id

    @property
    def solid(self) -> list[Box]:
        """The boxes it covers: its box, or for an arrow small boxes along it (a slanting arrow's
        box is mostly empty, and a city's name may sit in that emptiness)."""
        if not self.outline:
            return [self.box]
        half = len(self.outline) // 2  # the outline runs up the left side, round the tip, back down the right
        left, right = self.outline[:half + 1], self.outline[::-1][:half + 1]
        out = []
        for a, b, c, d in zip(left, left[1:], right, right[1:]):  # a piece of the shaft (or the head), cut short
            steps = max(1, math.ceil(math.dist(a, b) / ARROW_PIECE))
            for k in range(steps):
                t0, t1 = k / steps, (k + 1) / steps
                out.append(Box.around([_lerp(a, b, t0), _lerp(a, b, t1), _lerp(c, d, t0), _lerp(c, d, t1)]))
        return out


def _lerp(p: Point, q: Point, t: float) -> Point:
    return p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t


@dataclass(frozen=True)
class Label:
    """A piece of text in its box; ``plate``: on a dark plate (cities and tags), legible over anything."""

    text: str
    kind: str  # city, country, local, tag, sea, place
    box: Box
    colour: RGB = TEXT
    bold: bool = False
    italic: bool = False
    plate: bool = False
    size: int = TEXT_PX
    of: str = ""  # the id of what it names (a place, a country, a marker)


@dataclass(frozen=True)
class Key:
    """One entry of the legend: a role's shape and tag, or an area's or a line's swatch and text."""

    kind: str  # role, area, line
    text: str
    swatch: Box  # where the shape or the swatch is drawn
    label: Box  # where the text is
    colour: RGB
    shape: str = ""  # a role's
    style: str = ""  # an area's or a line's
    bold: bool = False


@dataclass(frozen=True)
class Legend:
    box: Box
    keys: tuple[Key, ...]


@dataclass(frozen=True)
class Scene:
    """Everything one view's map draws, in drawing order; land is the layout's (drawn once)."""

    width: int
    height: int
    areas: tuple[Area, ...] = ()
    lines: tuple[Line, ...] = ()
    dots: tuple[Dot, ...] = ()
    symbols: tuple[Symbol, ...] = ()
    labels: tuple[Label, ...] = ()
    legend: Legend | None = None

    @property
    def text_boxes(self) -> list[Box]:
        """Every label's box and the legend's: none of them overlaps another."""
        return [label.box for label in self.labels] + ([self.legend.box] if self.legend else [])

    def items(self) -> list[tuple[str, str, tuple[int, int], str]]:
        """(kind, id, position, text) of everything drawn: what two faces must agree on."""
        out: list[tuple[str, str, tuple[int, int], str]] = []
        out += [("area", a.id, (a.box.x, a.box.y), a.label) for a in self.areas]
        out += [("line", ln.id, (round(ln.points[0][0]), round(ln.points[0][1])), ln.label) for ln in self.lines]
        out += [("dot", d.id, d.at, d.name) for d in self.dots]
        out += [("marker", s.id, s.at, s.marker.label) for s in self.symbols]
        out += [("label", lb.of, (lb.box.x, lb.box.y), lb.text) for lb in self.labels]
        if self.legend is not None:
            out += [("key", k.kind, (k.label.x, k.label.y), k.text) for k in self.legend.keys]
        return out


def role_look(presentation: Presentation, role: str) -> RoleLook:
    """A role's look, or a neutral one for a role the scenario does not have."""
    return presentation.roles.get(role) or RoleLook(role, role, MUTED, NAMED_LAND, "diamond", role[:4].upper())


def _cut(ring: np.ndarray, w: int, h: int) -> Ring:
    """A ring of pixels cut to the picture widened by LAND_MARGIN, rounded to tenths (SVG paths stay short)."""
    m = LAND_MARGIN
    shifted = [(float(x) + m, float(y) + m) for x, y in ring]
    return tuple((round(x - m, 1), round(y - m, 1)) for x, y in clip_to_rect(shifted, w + 2 * m, h + 2 * m))


class MapLayout:
    """A scenario's map in a ``size`` = (width, height) picture: land once, a ``Scene`` per view.

    ``cover``: the region fills the picture, cut on the longer side (else all of it shows);
    ``local_names``: places and countries by their local names where the font has them;
    ``legend``: draw the key (menus' backdrops do not).
    """

    def __init__(self, presentation: Presentation, size: tuple[int, int], cover: bool = False,
                 local_names: bool = False, legend: bool = True):
        self.look = presentation
        self.spec = presentation.map
        self.width, self.height = int(size[0]), int(size[1])
        self.local_names = local_names
        self.with_legend = legend
        self.frame = Frame.fit(self.spec.bounds, self.spec.projection, (0, 0, self.width, self.height), cover)
        self.world = world()
        self._outlines: dict[str, list[list[tuple[int, int]]]] = {}
        self._spots: dict[str, tuple[tuple[int, int], float] | None] = {}
        self._nudge_cache: dict[str, list[tuple[int, int]]] = {}
        self.land = self._land()
        self.graticule = self._graticule()

    # -- land ---------------------------------------------------------------------------------
    def country_fill(self, cid: str) -> RGB:
        look = self.spec.countries.get(cid)
        if look is None:
            return PLAIN_LAND
        if look.fill is not None:
            return look.fill
        if look.side is not None and look.side in self.look.roles:
            return self.look.roles[look.side].fill
        return NAMED_LAND

    def outline(self, sid: str) -> list[list[tuple[int, int]]]:
        """A country's or a part's rings near the region, in whole pixels."""
        if sid not in self._outlines:
            self._outlines[sid] = self.frame.visible_rings(self.world.shape(sid))
        return self._outlines[sid]

    def _land(self) -> tuple[Land, ...]:
        out = []
        shapes = list(self.world.countries.values())
        shapes += [p for pid, p in self.world.parts.items() if pid in self.spec.countries]  # drawn over their country
        for shape in shapes:
            rings = []
            for ring in shape.rings:
                if not self._near(ring):
                    continue
                cut = _cut(self.frame.points(ring), self.width, self.height)
                if len(cut) >= 3:
                    rings.append(cut)
            if rings:
                out.append(Land(shape.id, shape.name, self.country_fill(shape.id), tuple(rings)))
        return tuple(out)

    def _graticule(self) -> tuple[Ring, ...]:
        """Meridians and parallels every few degrees (more apart for a larger region), faint under the land."""
        lon_min, lat_min, lon_max, lat_max = self.frame.reach
        span = max(self.spec.bounds[2] - self.spec.bounds[0], self.spec.bounds[3] - self.spec.bounds[1])
        step = next(s for limit, s in GRATICULE_STEPS if span <= limit)
        t = np.linspace(0.0, 1.0, 48)
        lines = []
        first_lon, first_lat = math.ceil(lon_min / step) * step, math.ceil(lat_min / step) * step
        for lon in np.arange(first_lon, lon_max + 1e-9, step):
            lines.append(np.stack([np.full_like(t, lon), lat_min + (lat_max - lat_min) * t], axis=1))
        for lat in np.arange(first_lat, lat_max + 1e-9, step):
            if abs(lat) < 85:
                lines.append(np.stack([lon_min + (lon_max - lon_min) * t, np.full_like(t, lat)], axis=1))
        out = []
        m = LAND_MARGIN
        for line in lines:
            pts = self.frame.points(line)
            keep = (pts[:, 0] > -m) & (pts[:, 0] < self.width + m) & (pts[:, 1] > -m) & (pts[:, 1] < self.height + m)
            if keep.sum() < 2:
                continue
            idx = np.flatnonzero(keep)
            lo, hi = max(idx[0] - 1, 0), min(idx[-1] + 1, len(pts) - 1)  # one point past each edge: lines reach it
            out.append(tuple((round(float(x), 1), round(float(y), 1)) for x, y in pts[lo:hi + 1]))
        return tuple(out)

    def _near(self, ring: np.ndarray) -> bool:
        lon_min, lat_min, lon_max, lat_max = self.frame.reach
        lons = self.frame.projection.wrap(ring[:, 0]) + self.frame.projection.lon_0
        if lons.max() - lons.min() > 180.0:  # cut by the seam opposite the centre: it is on the far side
            return False
        return not (lons.max() < lon_min or lons.min() > lon_max or ring[:, 1].max() < lat_min or ring[:, 1].min() > lat_max)

    # -- a view -------------------------------------------------------------------------------
    def scene(self, shown: Shown) -> Scene:
        """Everything ``shown`` puts on the map, with every label placed."""
        areas = tuple(a for a in (self._area(spec) for spec in shown.areas) if a is not None)
        lines = tuple(Line(ln.id, ln.label, ln.colour, ln.style, self._points(ln.points)) for ln in shown.lines)
        dots = self._dots()
        symbols: list[Symbol] = []
        beside: dict[tuple[int, int], int] = {}
        for m in shown.markers:
            if m.kind == "attack":
                symbol = self._arrow(m, dots)
            else:
                assert m.at is not None  # every kind but an attack stands at a point (the format checks it)
                x, y = self.frame.point(*m.at)
                nth = beside.get((x, y), 0)
                beside[(x, y)] = nth + 1
                symbol = self._clear_of_cities(m, (x + nth * SIDE_BY_SIDE, y), dots, symbols)
            symbols.append(symbol)
        taken: list[Box] = [d.box for d in dots] + [b for s in symbols for b in s.solid]
        legend = self._legend(shown, taken) if self.with_legend else None
        if legend is not None:  # with a margin: a name just beside the key read as one of its entries
            b = legend.box
            taken.append(Box(b.x - LEGEND_MARGIN, b.y - LEGEND_MARGIN, b.w + 2 * LEGEND_MARGIN, b.h + 2 * LEGEND_MARGIN))
        labels: list[Label] = []
        # Each city's name beside its dot, then a city's name that found no room there farther from
        # it, then the other countries' names (they have a whole country to move in), then the tags.
        crowded = self._place_labels(labels, taken, ("city", "capital"))
        self._place_labels(labels, taken, ("city", "capital"), only=crowded)
        for cid, look in self.spec.countries.items():
            if look.label:
                self._country_label(labels, cid, taken)
        for symbol in symbols:
            self._tag(labels, symbol, taken)
        self._place_labels(labels, taken, ("label", "sea"))  # last: they give way to everything else
        return Scene(self.width, self.height, areas, lines, dots, tuple(symbols), tuple(labels), legend)

    def _points(self, lonlat) -> Ring:
        return tuple((round(float(x), 1), round(float(y), 1)) for x, y in self.frame.points(np.asarray(lonlat, dtype=float)))

    def _area(self, area: AreaSpec) -> Area | None:
        if area.shape is not None:
            rings = tuple(tuple((float(x), float(y)) for x, y in r) for r in self.outline(area.shape))
        else:
            rings = (self._points(area.polygon),)
        points = [p for ring in rings for p in ring]
        if not points:
            return None
        box = Box.around(points)
        x0, y0 = max(box.x, 0), max(box.y, 0)
        x1, y1 = min(box.right, self.width), min(box.bottom, self.height)
        if x1 <= x0 or y1 <= y0:
            return None
        within = None
        if area.within is not None:
            within = tuple(tuple((float(x), float(y)) for x, y in r) for r in self.outline(area.within))
        return Area(area.id, area.label, area.colour, area.style, rings, within, Box(x0, y0, x1 - x0, y1 - y0))

    def _dots(self) -> tuple[Dot, ...]:
        out = []
        for place in self.spec.places:
            if place.kind not in ("city", "capital"):
                continue
            x, y = self.frame.point(*place.at)
            if 0 <= x < self.width and 0 <= y < self.height:
                out.append(Dot(place.id, self.place_name(place), place.kind, (x, y), 5 if place.kind == "capital" else 3))
        return tuple(out)

    def place_name(self, place) -> str:
        return place.local if self.local_names and fonts.covers(place.local) else place.name

    # -- markers ------------------------------------------------------------------------------
    def _arrow(self, m: Marker, dots: tuple[Dot, ...] = ()) -> Symbol:
        """An arrow along the marker's path; its tip pulled back a little if it would cover a city's dot."""
        look = role_look(self.look, m.role)
        pts: list[Point] = [self.frame.point(*p) for p in m.path]
        (x0, y0), (x1, y1) = pts[-2], pts[-1]
        length = math.hypot(x1 - x0, y1 - y0)
        cities = [d.box for d in dots]
        for back in range(0, int(length * ARROW_GIVE) + 1, 2):
            t = 1 - back / length if length else 1
            tip = (round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t))
            outline = tuple((round(x, 1), round(y, 1)) for x, y in arrow_points(pts[:-1] + [tip], 9.0, 12.0))
            symbol = Symbol(m, look.shape, look.colour, tip, 0, Box.around(outline), outline=outline)
            if not any(b.hits_any(cities) for b in symbol.solid[-4:]):  # the head: the pieces nearest the tip
                return symbol
        outline = tuple((round(x, 1), round(y, 1)) for x, y in arrow_points(pts, 9.0, 12.0))
        return Symbol(m, look.shape, look.colour, (round(x1), round(y1)), 0, Box.around(outline), outline=outline)

    def _clear_of_cities(self, m: Marker, centre: tuple[int, int], dots: tuple[Dot, ...],
                         placed: list[Symbol]) -> Symbol:
        """The marker at ``centre``, or moved the least way (at most MARKER_SHIFT pixels) so that it
        covers no city's dot and no marker drawn before it: a city stays readable under its forces."""
        symbol = self._symbol(m, centre)
        cities = [d.box for d in dots]
        if not symbol.box.hits_any(cities):
            return symbol
        others = cities + [s.box for s in placed]
        for dx, dy in MARKER_SHIFTS:
            moved = self._symbol(m, (centre[0] + dx, centre[1] + dy))
            if not moved.box.hits_any(others) and moved.box.within(self.width, self.height):
                return moved
        return symbol

    def _symbol(self, m: Marker, centre: tuple[int, int]) -> Symbol:
        look = role_look(self.look, m.role)
        cx, cy = centre
        if m.kind == "force":
            if m.count > 1:  # counted: a small cluster, one icon per unit
                icons = tuple((int(cx + (k % 4 - 1.5) * 17), int(cy + (k // 4) * 17 - 8 * (m.count > 4)))
                              for k in range(m.count))
                box = shape_box(look.shape, icons[0], ICON)
                for icon in icons[1:]:
                    box = box.union(shape_box(look.shape, icon, ICON))
                return Symbol(m, look.shape, look.colour, centre, ICON, box, icons=icons)
            radius = shape_radius(9 + 21 * math.sqrt(max(m.size, 0.02)))
            if not m.exact and m.high is not None and m.low is not None:
                outer = shape_radius(9 + 21 * math.sqrt(max(m.high, 0.02)))
                inner = shape_radius(9 + 21 * math.sqrt(max(m.low, 0.02)))
                core = shape_radius(radius * 0.55)
                return Symbol(m, look.shape, look.colour, centre, core, shape_box(look.shape, centre, outer),
                              estimate=(inner, outer))
            return Symbol(m, look.shape, look.colour, centre, radius, shape_box(look.shape, centre, radius))
        size = 11 if m.kind in ("fleet", "unit") else 9
        box = shape_box(look.shape, centre, size)
        if m.kind == "drills" or m.recent:  # new this turn: a white ring round it
            return Symbol(m, look.shape, look.colour, centre, size, box.inflate(12, 12), ring=size + 6)
        return Symbol(m, look.shape, look.colour, centre, size, box)

    # -- labels -------------------------------------------------------------------------------
    def _place(self, labels: list[Label], label: Label, spots, taken: list[Box], ignore: Box | None = None) -> bool:
        """Put ``label`` at the first top-left spot where it fits the picture and hits nothing taken
        (``ignore``: a box it may touch, such as its own city's dot); False when none is free."""
        others = [b for b in taken if b != ignore] if ignore is not None else taken
        for sx, sy in spots:
            box = Box(int(sx), int(sy), label.box.w, label.box.h)
            inside = box.clamped(self.width, self.height, EDGE_MARGIN)  # a spot just past the edge moves in
            if abs(inside.x - box.x) + abs(inside.y - box.y) <= EDGE_GIVE:
                box = inside
            if box.within(self.width, self.height, EDGE_MARGIN) and not box.hits_any(others):
                labels.append(Label(label.text, label.kind, box, label.colour, label.bold, label.italic, label.plate,
                                    label.size, label.of))
                taken.append(box)
                return True
        return False

    def _place_labels(self, labels: list[Label], taken: list[Box], kinds: tuple[str, ...],
                      only: set[str] | None = None) -> set[str]:
        """Place names beside their dots (cities) or centred on their point (seas, labels), where they hit nothing.

        Cities go most crowded first (fewest free spots beside the dot), so a city hemmed in by
        markers is not also hemmed in by its neighbours' names. ``only``: the cities whose names
        found no room beside their dots, placed farther from them this time. Returns the cities
        whose names found no room.
        """
        crowded: set[str] = set()
        cities = []
        for place in self.spec.places:
            if place.kind not in kinds or (only is not None and place.id not in only):
                continue
            x, y = self.frame.point(*place.at)
            if not (0 <= x < self.width and 0 <= y < self.height):
                continue
            name = self.place_name(place)
            if place.kind in ("city", "capital"):
                label = text_label(name, "city", plate=True, of=place.id)
                cities.append((place.id, label, self._city_spots(label, (x, y), near=only is None)))
                continue
            label = text_label(name, place.kind, SEA_TEXT if place.kind == "sea" else MUTED, italic=True, of=place.id)
            w, h = label.box.w, label.box.h
            self._place(labels, label, [(x - w // 2 + dx, y - h // 2 + dy) for dx, dy in SEA_SPOTS], taken)

        def room(city) -> int:
            _, label, spots = city
            return sum(not Box(int(sx), int(sy), label.box.w, label.box.h).hits_any(taken) for sx, sy in spots)

        for pid, label, spots in sorted(cities, key=room):  # sorted() is stable: ties keep the scenario's order
            if not self._place(labels, label, spots, taken):  # never on its own dot either
                crowded.add(pid)
        return crowded

    @staticmethod
    def _city_spots(label: Label, at: tuple[int, int], near: bool) -> list[tuple[float, float]]:
        """Top-left corners for a city's name: beside its dot (``near``), else farther round it, nearest first."""
        x, y = at
        w, h = label.box.w, label.box.h
        if near:
            return [(x + dx, y + dy) for dx, dy in ((8, -12), (-8 - w, -12), (8, 2), (-8 - w, 2), (-w // 2, 6),
                                                     (-w // 2, -30), (8, -24), (8, 10), (-8 - w, -24), (-8 - w, 10))]
        return [(x + math.cos(a) * (w / 2 + r) - w / 2, y + math.sin(a) * (h / 2 + r) - h / 2)
                for r in CITY_REACH for a in CITY_ANGLES]

    def _country_label(self, labels: list[Label], cid: str, taken: list[Box]) -> bool:
        """A country's name (and its local name), moved within the country if a marker or a city is
        in the way; False if it found no room."""
        shape = self.world.shape(cid)
        if cid not in self._spots:  # the same for every view: found once
            self._spots[cid] = label_spot(self.outline(cid), self.width, self.height)
        spot = self._spots[cid]
        if spot is None:
            return False
        (x, y), room = spot
        name = text_label(shape.name.upper(), "country", bold=True, of=cid)
        local = shape.local
        if self.local_names and local and local != shape.name and fonts.covers(local.upper(), bold=True):
            name = text_label(local.upper(), "country", bold=True, of=cid)
        choices = [[name]]  # with its local name below where there is room, else the name alone
        if (not self.local_names and local and local != shape.name and room > 30 and fonts.covers(local, italic=True)):
            choices.insert(0, [name, text_label(local, "local", italic=True, of=cid)])
        nudges = self._nudges(cid, (x, y))
        for lines in choices:
            boxes = self._first_free(lines, (x, y), nudges, taken)
            if boxes is not None:
                for label, box in zip(lines, boxes):
                    labels.append(Label(label.text, label.kind, box, label.colour, label.bold, label.italic, False,
                                        label.size, cid))
                taken.extend(boxes)
                return True
        return False

    def _first_free(self, lines: list[Label], at: tuple[int, int], nudges: list[tuple[int, int]],
                    taken: list[Box]) -> list[Box] | None:
        """The boxes of ``lines`` stacked on ``at`` moved by the first of ``nudges`` where none hits
        ``taken`` (each box clamped inside the picture as ``Box.clamped`` does), or None.

        The same answer as trying the nudges one by one, tried a block at a time with numpy: a
        country's name may go through a thousand nudges before it finds room, on every map drawn.
        """
        x, y = at
        height = sum(label.box.h for label in lines)
        t = np.array([(b.x, b.y, b.right, b.bottom) for b in taken], dtype=np.int64).reshape(-1, 4)
        tx0, ty0, tx1, ty1 = (t[None, :, k] for k in range(4))
        for start in range(0, len(nudges), NUDGE_BLOCK):
            d = np.array(nudges[start:start + NUDGE_BLOCK], dtype=np.int64).reshape(-1, 2)
            free = np.ones(len(d), dtype=bool)
            placed = []
            top = y - height // 2
            for label in lines:
                w, h = label.box.w, label.box.h
                bx = np.clip(x + d[:, 0] - w // 2, EDGE_MARGIN, None)
                bx = np.minimum(bx, max(EDGE_MARGIN, self.width - w - EDGE_MARGIN))[:, None]
                by = np.clip(top + d[:, 1], EDGE_MARGIN, None)
                by = np.minimum(by, max(EDGE_MARGIN, self.height - h - EDGE_MARGIN))[:, None]
                free &= ~((bx < tx1) & (tx0 < bx + w) & (by < ty1) & (ty0 < by + h)).any(axis=1)
                placed.append((bx[:, 0], by[:, 0], w, h))
                top += h
            hits = np.flatnonzero(free)
            if len(hits):
                i = hits[0]
                return [Box(int(bx[i]), int(by[i]), w, h) for bx, by, w, h in placed]
        return None

    def _nudges(self, cid: str, spot: tuple[int, int]) -> list[tuple[int, int]]:
        """Where a country's name may move from its label point, nearest first: every step of a grid
        whose point is on the country itself (a name stays on its own land; found once per layout)."""
        if cid not in self._nudge_cache:
            offsets = np.array(LABEL_NUDGES, dtype=float)
            centres = offsets + np.asarray(spot, dtype=float)
            on_land = np.zeros(len(offsets), dtype=bool)
            for r in (np.asarray(r, dtype=float) for r in self.outline(cid) if len(r) >= 3):
                on_land ^= inside_polygon(centres, r, np.roll(r, -1, axis=0))  # even-odd: a hole is not land
            self._nudge_cache[cid] = [LABEL_NUDGES[i] for i in np.flatnonzero(on_land)]
        return self._nudge_cache[cid]

    def _tag(self, labels: list[Label], symbol: Symbol, taken: list[Box]) -> None:
        """A marker's tag (its number or word) beside it: right, below, above or left, where it is free."""
        m = symbol.marker
        if not m.tag:
            return
        label = text_label(m.tag, "tag", bold=True, plate=True, of=m.id)
        w, box = label.box.w, symbol.box
        x, y = symbol.at
        offsets: tuple[tuple[int, int], ...] = ((box.w // 2 + 4, -10), (-w // 2, box.h // 2 + 2),
                                                (-w // 2, -box.h // 2 - 24), (-box.w // 2 - 4 - w, -10))
        if m.kind == "attack":
            cx, cy = box.centre
            offsets = tuple((cx - x + dx, cy - y + dy) for dx, dy in offsets)
        self._place(labels, label, [(x + dx, y + dy) for dx, dy in offsets], taken)

    # -- the legend ---------------------------------------------------------------------------
    def _legend(self, shown: Shown, taken: list[Box]) -> Legend | None:
        """The map's key: each role's shape and tag, then the shown areas' and lines' entries.

        Bottom left, or the first other corner or place along the bottom or the top edge where it
        hides no marker and no city (else where it hides fewest; markers are drawn over it).
        """
        entries: list[tuple[str, AreaSpec | LineSpec]] = []
        for item in list(shown.areas) + list(shown.lines):
            if item.legend and item.legend not in [e[0] for e in entries]:
                entries.append((item.legend, item))
        roles = list(self.look.roles.values())
        if not roles and not entries:
            return None
        pieces: list[tuple[int, object, str, tuple[int, int]]] = []  # width, what, text, text size
        for role in roles:
            size = fonts.text_size(role.tag, TEXT_PX, bold=True)  # the gap after it holds a wider rendering
            pieces.append((20 + size[0] + 8, role, role.tag, size))
        for text, item in entries:
            size = fonts.text_size(text, TEXT_PX)
            pieces.append((24 + size[0] + 10, item, text, size))
        rows: list[list] = [[]]
        limit = self.width - 12
        width = 8
        for piece in pieces:
            if rows[-1] and width + piece[0] > limit:
                rows.append([])
                width = 8
            rows[-1].append(piece)
            width += piece[0]
        w, h = min(max(8 + sum(p[0] for p in row) for row in rows), limit), LEGEND_ROW * len(rows)
        box = self._legend_spot(w, h, taken)
        keys = []
        for r, row in enumerate(rows):
            x, cy = box.x + 8, box.y + 13 + LEGEND_ROW * r
            for piece_w, what, text, (tw, th) in row:
                if isinstance(what, RoleLook):
                    keys.append(Key("role", text, Box(x + 1, cy - 6, 12, 12), Box(x + 18, cy - 11, tw, th), what.colour,
                                    shape=what.shape, bold=True))
                else:
                    kind = "line" if isinstance(what, LineSpec) else "area"
                    keys.append(Key(kind, text, Box(x, cy - 8, 18, 16), Box(x + 24, cy - 11, tw, th), what.colour,
                                    style=what.style))
                x += piece_w
        return Legend(box, tuple(keys))

    def _legend_spot(self, w: int, h: int, taken: list[Box]) -> Box:
        bottom, top, right = self.height - 6 - h, 6, self.width - 6 - w
        spots = [(6, bottom), (right, bottom), (6, top), (right, top)]
        spots += [(x, y) for y in (bottom, top) for x in range(26, right, 20)]
        candidates = [Box(x, y, w, h) for x, y in spots]
        free = next((c for c in candidates if not c.hits_any(taken)), None)
        if free is not None:
            return free
        return min(candidates[:4], key=lambda c: sum(c.hits(t) for t in taken))


@lru_cache(maxsize=16)
def layout_for(presentation: Presentation, size: tuple[int, int], cover: bool = False, local_names: bool = False,
               legend: bool = True) -> MapLayout:
    """The ``MapLayout`` of ``presentation`` at ``size``, made once and shared by every map of it:
    the window's map of each week, the reports' and the browser's pictures.

    A layout's land, label points and nudges depend on the region and the size, never on a
    view, so laying it out again (about a tenth of a second a week) is work thrown away.
    Presentations are compared by identity (``eq=False``): a reloaded scenario gets its own.

    >>> from game.scenario import load_rules
    >>> look = load_rules("winter-2021").presentation
    >>> layout_for(look, (430, 466)) is layout_for(look, (430, 466)) is not layout_for(look, (430, 467))
    True
    """
    return MapLayout(presentation, size, cover=cover, local_names=local_names, legend=legend)


def text_label(text: str, kind: str, colour: RGB = TEXT, bold: bool = False, italic: bool = False,
               plate: bool = False, of: str = "") -> Label:
    """A label not yet placed (at 0, 0), its box the text's size (and its plate's margins)."""
    w, h = fonts.text_size(text, TEXT_PX, bold, italic, slack=not plate)
    if plate:  # the plate's margins hold a rendering a little wider than the font's advances
        w += 2 * PLATE_PAD
    return Label(text, kind, Box(0, 0, w, h), colour, bold, italic, plate, TEXT_PX, of)


def shape_box(shape: str, centre: tuple[int, int], radius: int) -> Box:
    """The box a role's shape of ``radius`` covers."""
    pts = shape_points(shape, centre, radius)
    if pts is None:
        return Box(centre[0] - radius, centre[1] - radius, 2 * radius, 2 * radius)
    return Box.around(pts)
