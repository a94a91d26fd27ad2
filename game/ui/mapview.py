"""Drawing the theatre map: the base layer once, the markers when the view changes.

``MapView(rect)`` keeps two cached surfaces; ``draw`` only blits them, so a
frame with the map costs a couple of blits.
"""

from __future__ import annotations

import math

import pygame

from . import theme
from .mapdata import Fit, load_geometry
from .markers import Marker

FILLS = {
    "russia": (112, 52, 42), "belarus": (98, 64, 56), "ukraine": (92, 100, 60), "moldova": (78, 84, 86),
}
NATO_FILL = (52, 72, 94)
CONTEXT_FILL = (72, 78, 84)
BACKGROUND_FILL = (58, 62, 66)
BORDER = (22, 28, 34)
HATCH = (238, 120, 60)
CONTACT_LINE = (255, 90, 70)
CORE_LABELS = {"russia", "belarus", "ukraine", "poland", "romania"}  # the small states are named by their capitals
SHOWN_CITIES = {"kyiv", "moscow", "minsk", "warsaw", "vilnius", "riga", "tallinn", "bucharest", "chisinau",
                "kharkiv", "odesa", "sevastopol", "donetsk", "rostov", "kaliningrad", "voronezh"}
# candidate spots (canvas units) for the seas' names, tried in order
SEA_LABELS = {"Black Sea": [(700.0, 812.0), (640.0, 845.0), (770.0, 800.0), (560.0, 850.0)],
              "Baltic Sea": [(225.0, 175.0), (200.0, 150.0), (215.0, 240.0), (185.0, 265.0), (250.0, 120.0)]}
SEA_TEXT = (150, 196, 232)
TAGS = {"fleet": "Fleet", "battlegroup": "BG", "drills": "Drills", "aid": "Aid", "attack": "Attack"}


def country_fill(cid: str, role: str) -> tuple[int, int, int]:
    if cid in FILLS:
        return FILLS[cid]
    if theme.COUNTRY_SIDE.get(cid) == "nato":
        return NATO_FILL
    return CONTEXT_FILL if role in ("core", "context") else BACKGROUND_FILL


def hatch(surface: pygame.Surface, points: list, colour, spacing: int = 7) -> None:
    """Diagonal hatching inside a polygon (a second cue besides colour for contested land)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    mask = pygame.Surface(box.size, pygame.SRCALPHA)
    pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in points])
    lines = pygame.Surface(box.size, pygame.SRCALPHA)
    for k in range(-box.h, box.w, spacing):
        pygame.draw.line(lines, (*colour, 230), (k, box.h), (k + box.h, 0), 2)
    lines.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(lines, box.topleft)


def draw_shape(surface, shape: str, centre, radius: float, colour, width: int = 0) -> pygame.Rect:
    cx, cy = centre
    r = max(4, int(radius))
    if shape == "circle":
        return pygame.draw.circle(surface, colour, (cx, cy), r, width)
    if shape == "square":
        return pygame.draw.rect(surface, colour, pygame.Rect(cx - r, cy - r, 2 * r, 2 * r), width)
    if shape == "triangle":
        pts = [(cx, cy - r * 1.15), (cx + r * 1.1, cy + r * 0.8), (cx - r * 1.1, cy + r * 0.8)]
        return pygame.draw.polygon(surface, colour, pts, width)
    pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    return pygame.draw.polygon(surface, colour, pts, width)


def plate(label: pygame.Surface, pad: int = 3) -> pygame.Surface:
    """Text on a dark translucent plate, legible over any map colour."""
    out = pygame.Surface((label.get_width() + 2 * pad, label.get_height()), pygame.SRCALPHA)
    out.fill((10, 14, 18, 200))
    out.blit(label, (pad, 0))
    return out


class MapView:
    """The theatre map in ``rect`` with its markers."""

    def __init__(self, rect: pygame.Rect, local_names: bool = False):
        self.rect = pygame.Rect(rect)
        self.geo = load_geometry()
        self.fit: Fit = self.geo.fit(self.rect)
        # the same projection in the map's own coordinates (its layers start at 0, 0)
        self.local = Fit(self.fit.left - self.rect.x, self.fit.top - self.rect.y, self.fit.scale, self.fit.box)
        self.local_names = local_names
        self.dot_boxes: list[pygame.Rect] = []
        self.base = self._draw_base()
        self.markers: list[Marker] = []
        self.marker_layer: pygame.Surface | None = None
        self.hit_boxes: list[tuple[pygame.Rect, Marker]] = []

    # -- base layer ---------------------------------------------------------------------------
    def _draw_base(self) -> pygame.Surface:
        surf = pygame.Surface(self.rect.size)
        surf.fill(theme.WATER)
        fit = self.local
        for sea in self.geo.water:
            for ring in sea["polygons"]:
                pygame.draw.polygon(surf, theme.WATER, fit.ring(ring))
        for c in self.geo.countries:
            for ring in c["polygons"]:
                pts = fit.ring(ring)
                pygame.draw.polygon(surf, country_fill(c["id"], c["role"]), pts)
                pygame.draw.polygon(surf, BORDER, pts, 1)
        regions = self.geo.regions
        for ring in regions["kaliningrad"]["polygons"]:
            pygame.draw.polygon(surf, FILLS["russia"], fit.ring(ring))
            pygame.draw.polygon(surf, BORDER, fit.ring(ring), 1)
        for rid in ("crimea", "donbas"):
            for ring in regions[rid]["polygons"]:
                hatch(surf, fit.ring(ring), HATCH)
        line = fit.ring(self.geo.lines["donbas_line"]["points"])
        pygame.draw.lines(surf, CONTACT_LINE, False, line, 3)
        for city in self.geo.cities:
            if city["id"] in SHOWN_CITIES:
                self._city_dot(surf, fit, city)
                x, y = fit.point(city["x"], city["y"])
                self.dot_boxes.append(pygame.Rect(x - 6, y - 6, 12, 12))
        return surf

    def _country_label(self, surf, fit: Fit, c: dict, taken: list[pygame.Rect]) -> None:
        """A country's name (and its local name), moved a little if a marker or a city is in the way."""
        name = theme.text(c["name"].upper(), 16, theme.TEXT, bold=True)
        local = c.get("name_local") or ""
        lines = [name]
        if local and local != c["name"] and c["label_room"] * fit.scale > 30:
            lines.append(theme.text(local, 16, theme.TEXT, italic=True))  # muted would fail AA on Ukraine
        if c["label_room"] * fit.scale * 2 < name.get_width() * 0.6:
            return
        x, y = fit.point(*c["label_at"])
        if c["id"] == "russia":  # Russia's label point is far east; keep it inside the view
            x, y = min(x, surf.get_width() - 90), min(y, 120)
        h = sum(s.get_height() for s in lines)
        for dx, dy in ((0, 0), (0, 18), (0, -18), (0, 36), (0, -36), (-40, 0), (40, 0), (-40, 30), (40, 30)):
            top = y - h // 2 + dy
            boxes = []
            for s in lines:
                box = pygame.Rect(x + dx - s.get_width() // 2, top, s.get_width(), s.get_height())
                box.clamp_ip(surf.get_rect())
                boxes.append(box)
                top += s.get_height()
            if all(b.collidelist(taken) < 0 for b in boxes):
                for s, box in zip(lines, boxes):
                    surf.blit(s, box)
                taken.extend(boxes)
                self.text_boxes.extend(boxes)
                return

    @staticmethod
    def _city_dot(surf, fit: Fit, city: dict) -> None:
        x, y = fit.point(city["x"], city["y"])
        if city["capital"]:
            pygame.draw.circle(surf, theme.TEXT, (x, y), 5)
            pygame.draw.circle(surf, BORDER, (x, y), 5, 2)
        else:
            pygame.draw.circle(surf, theme.TEXT, (x, y), 3)

    def _city_labels(self, layer: pygame.Surface, taken: list[pygame.Rect]) -> None:
        """City names beside their dots, each where it covers no other label or marker."""
        for city in self.geo.cities:
            if city["id"] not in SHOWN_CITIES:
                continue
            x, y = self.fit.point(city["x"], city["y"])
            x, y = x - self.rect.x, y - self.rect.y
            if not layer.get_rect().collidepoint(x, y):
                continue
            name = city["name_local"] if self.local_names else city["name"]
            label = plate(theme.text(name, 16, theme.TEXT))
            dot = pygame.Rect(x - 6, y - 6, 12, 12)
            w = label.get_width()
            spots = [(x + dx, y + dy) for dx, dy in ((8, -12), (-8 - w, -12), (8, 2), (-8 - w, 2), (-w // 2, 6), (-w // 2, -30))]
            self._place(layer, label, spots, taken, ignore=dot)

    # -- markers ------------------------------------------------------------------------------
    def set_markers(self, markers: list[Marker]) -> None:
        """Redraw the marker layer and the city names (only when the view changes)."""
        self.markers = markers
        layer = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        self.hit_boxes = []
        taken = list(self.dot_boxes)
        self.text_boxes: list[pygame.Rect] = []  # every piece of text placed, for the no-overlap test
        if markers:
            taken.append(self._legend(layer))
            self.text_boxes.append(taken[-1])
        anchors = self.geo.anchors
        placed: dict[str, int] = {}
        drawn = []
        for m in markers:
            if m.anchor not in anchors:
                continue
            x, y = self.fit.point(*anchors[m.anchor])
            x, y = x - self.rect.x, y - self.rect.y
            nth = placed.get(m.anchor, 0)
            placed[m.anchor] = nth + 1
            x += nth * 30  # several markers at one anchor sit side by side
            box = self._marker(layer, m, (x, y))
            self.hit_boxes.append((box.move(self.rect.topleft), m))
            taken.append(box)
            drawn.append((m, x, y, box))
        for c in self.geo.countries:
            if c["id"] in CORE_LABELS:
                self._country_label(layer, self.local, c, taken)
        self._city_labels(layer, taken)
        for m, x, y, box in drawn:
            tag = self._tag(m)
            if tag:
                label = plate(theme.text(tag, 16, theme.TEXT, bold=True))
                w = label.get_width()
                offsets = ((box.w // 2 + 4, -10), (-w // 2, box.h // 2 + 2), (-w // 2, -box.h // 2 - 24), (-box.w // 2 - 4 - w, -10))
                self._place(layer, label, [(x + dx, y + dy) for dx, dy in offsets], taken)
        for name, spots in SEA_LABELS.items():  # last: the seas' names give way to everything else
            label = theme.text(name, 16, SEA_TEXT, italic=True)
            corners = [label.get_rect(center=self.local.point(sx, sy)).topleft for sx, sy in spots]
            self._place(layer, label, corners, taken)
        self.marker_layer = layer
        # one opaque picture per view: a frame then costs a single fast blit
        self.composed = self.base.copy()
        self.composed.blit(layer, (0, 0))
        if pygame.display.get_surface() is not None:
            self.composed = self.composed.convert()

    def _place(self, layer: pygame.Surface, label: pygame.Surface, spots: list[tuple[int, int]],
               taken: list[pygame.Rect], ignore: pygame.Rect | None = None) -> bool:
        """Blit ``label`` at the first top-left spot where it fits the layer and hits nothing taken
        (``ignore``: a box it may touch, such as its own city's dot); False when none is free."""
        others = [b for b in taken if b != ignore] if ignore is not None else taken
        for spot in spots:
            box = pygame.Rect(spot, label.get_size())
            if layer.get_rect().contains(box) and box.collidelist(others) < 0:
                layer.blit(label, box)
                taken.append(box)
                self.text_boxes.append(box)
                return True
        return False

    @staticmethod
    def _legend(layer: pygame.Surface) -> pygame.Rect:
        """Shapes and tags of the sides, and the hatching: the map's key, bottom left."""
        items = [(theme.role_style(r), theme.role_style(r).tag) for r in ("russia", "us", "nato")]
        labels = [theme.text(tag, 16, theme.TEXT, bold=True) for _, tag in items]
        held = theme.text("held by Russia", 16, theme.TEXT)
        w = sum(22 + s.get_width() + 10 for s in labels) + 26 + held.get_width() + 14
        box = pygame.Rect(6, layer.get_height() - 32, w, 26)
        pygame.draw.rect(layer, (10, 14, 18, 215), box, border_radius=5)
        x = box.x + 8
        for (style, _), label in zip(items, labels):
            draw_shape(layer, style.shape, (x + 7, box.centery), 6, (*style.colour, 255))
            layer.blit(label, (x + 18, box.y + 2))
            x += 22 + label.get_width() + 10
        swatch = pygame.Rect(x, box.y + 5, 18, 16)
        pygame.draw.rect(layer, FILLS["ukraine"], swatch)
        hatch(layer, [swatch.topleft, swatch.topright, swatch.bottomright, swatch.bottomleft], HATCH, 5)
        layer.blit(held, (x + 24, box.y + 2))
        return box

    @staticmethod
    def _tag(m: Marker) -> str:
        if m.kind == "force":
            number = m.label.split()[-1] if m.exact else m.label.split(" ~")[-1].split(" ")[0]
            if m.label.endswith("unknown"):
                return "?"
            return number if m.exact else "~" + number
        return TAGS.get(m.kind, "")

    def _marker(self, layer, m: Marker, centre) -> pygame.Rect:
        style = theme.role_style(m.side)
        if m.kind == "force":
            radius = 9 + 21 * math.sqrt(max(m.size, 0.02))
            if not m.exact and m.high is not None:
                # an estimate: a faint disc for the 90% range, a ring at its low end
                outer = 9 + 21 * math.sqrt(max(m.high, 0.02))
                inner = 9 + 21 * math.sqrt(max(m.low, 0.02))
                draw_shape(layer, style.shape, centre, outer, (*style.colour, 70))
                draw_shape(layer, style.shape, centre, inner, (*style.colour, 255), 2)
                draw_shape(layer, style.shape, centre, radius * 0.55, (*style.colour, 235))
                return draw_shape(layer, style.shape, centre, outer, (*theme.TEXT, 200), 1)
            draw_shape(layer, style.shape, centre, radius, (*style.colour, 210))
            return draw_shape(layer, style.shape, centre, radius, (10, 14, 18, 255), 2)
        if m.kind == "attack":
            x, y = centre
            pts = [(x - 26, y + 6), (x - 4, y + 6), (x - 4, y + 14), (x + 14, y), (x - 4, y - 14), (x - 4, y - 6), (x - 26, y - 6)]
            pygame.draw.polygon(layer, (*style.colour, 240), pts)
            pygame.draw.polygon(layer, (10, 14, 18, 255), pts, 2)
            return pygame.Rect(x - 26, y - 14, 40, 28)
        size = 11 if m.kind in ("fleet", "battlegroup") else 9
        draw_shape(layer, style.shape, centre, size, (*style.colour, 255))
        box = draw_shape(layer, style.shape, centre, size, (10, 14, 18, 255), 2)
        if m.kind == "drills" or m.recent:
            pygame.draw.circle(layer, (*theme.TEXT, 255), centre, size + 6, 2)  # new this week
            return box.inflate(12, 12)
        return box

    # -- per frame ----------------------------------------------------------------------------
    def marker_at(self, pos) -> Marker | None:
        for box, m in self.hit_boxes:
            if box.inflate(6, 6).collidepoint(pos):
                return m
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.composed if self.marker_layer is not None else self.base, self.rect)
        pygame.draw.rect(surface, theme.LINE, self.rect, 1)
