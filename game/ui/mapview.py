"""Drawing a scenario's map: the region of the world once, its areas, lines and markers when the view changes.

``MapView(rect, presentation)`` projects the scenario's region (``map:``) of the bundled
world map into ``rect`` and keeps the land as a cached surface; ``show`` composes one
picture per view (areas, lines, places, markers, labels, legend), so a frame with the
map costs a single blit. Nothing here knows a scenario's ids.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from ..geography import Frame, label_spot, world
from ..geography import inside as inside_polygon
from ..play.markers import Marker, Shown
from ..scenario.presentation import AreaSpec, LineSpec, Presentation, RoleLook
from . import theme

PLAIN_LAND = (58, 62, 66)  # countries the scenario does not name
NAMED_LAND = (72, 78, 84)  # countries it names without a side or fill
BORDER = (22, 28, 34)
SEA_TEXT = (150, 196, 232)
PLACE_TEXT = theme.MUTED
MARKER_EDGE = (10, 14, 18, 255)
# where a country's name may move from its label point (nearest first) when something is in the way
LABEL_NUDGES = sorted(((dx, dy) for dx in range(-60, 61, 20) for dy in range(-54, 55, 18)),
                      key=lambda d: (abs(d[0]) / 20) ** 2 + (abs(d[1]) / 18) ** 2)


def hatch(surface: pygame.Surface, mask: pygame.Surface, box: pygame.Rect, colour, spacing: int = 7) -> None:
    """Diagonal hatching where ``mask`` (the size of ``box``) is opaque: a cue besides colour for held land."""
    lines = pygame.Surface(box.size, pygame.SRCALPHA)
    for k in range(-box.h, box.w, spacing):
        pygame.draw.line(lines, (*colour, 230), (k, box.h), (k + box.h, 0), 2)
    lines.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(lines, box.topleft)


def draw_shape(surface, shape: str, centre, radius: float, colour, width: int = 0) -> pygame.Rect:
    """A role's shape (circle, square, triangle, diamond, hexagon) centred on ``centre``."""
    cx, cy = centre
    r = max(4, int(radius))
    if shape == "circle":
        return pygame.draw.circle(surface, colour, (cx, cy), r, width)
    if shape == "square":
        return pygame.draw.rect(surface, colour, pygame.Rect(cx - r, cy - r, 2 * r, 2 * r), width)
    if shape == "triangle":
        pts = [(cx, cy - r * 1.15), (cx + r * 1.1, cy + r * 0.8), (cx - r * 1.1, cy + r * 0.8)]
        return pygame.draw.polygon(surface, colour, pts, width)
    if shape == "hexagon":
        pts = [(cx + r * math.cos(math.pi / 3 * k), cy + r * math.sin(math.pi / 3 * k)) for k in range(6)]
        return pygame.draw.polygon(surface, colour, pts, width)
    pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    return pygame.draw.polygon(surface, colour, pts, width)


def plate(label: pygame.Surface, pad: int = 3) -> pygame.Surface:
    """Text on a dark translucent plate, legible over any map colour."""
    out = pygame.Surface((label.get_width() + 2 * pad, label.get_height()), pygame.SRCALPHA)
    out.fill((10, 14, 18, 200))
    out.blit(label, (pad, 0))
    return out


def arrow_points(path: list[tuple[int, int]], width: float = 6.0, head: float = 13.0) -> list[tuple[float, float]]:
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


class MapView:
    """The scenario's map in ``rect``, with what a role's view shows on it."""

    def __init__(self, rect: pygame.Rect, presentation: Presentation, local_names: bool = False, cover: bool = False,
                 legend: bool = True):
        self.rect = pygame.Rect(rect)
        self.look = presentation
        self.spec = presentation.map
        self.local_names = local_names
        self.with_legend = legend
        # the map's own coordinates: its layers start at 0, 0
        self.frame = Frame.fit(self.spec.bounds, self.spec.projection, (0, 0, self.rect.w, self.rect.h), cover)
        self.world = world()
        self.dot_boxes: list[pygame.Rect] = []
        self.text_boxes: list[pygame.Rect] = []
        self.hit_boxes: list[tuple[pygame.Rect, Marker]] = []
        self.area_masks: list[tuple[pygame.Mask, pygame.Rect, AreaSpec]] = []
        self.shown = Shown()
        self.base = self._draw_land()
        self.composed: pygame.Surface | None = None

    # -- land ---------------------------------------------------------------------------------
    def country_fill(self, cid: str) -> tuple[int, int, int]:
        look = self.spec.countries.get(cid)
        if look is None:
            return PLAIN_LAND
        if look.fill is not None:
            return look.fill
        if look.side is not None and look.side in self.look.roles:
            return self.look.roles[look.side].fill
        return NAMED_LAND

    def _draw_land(self) -> pygame.Surface:
        surf = pygame.Surface(self.rect.size)
        surf.fill(theme.WATER)
        self.rings: dict[str, list[list[tuple[int, int]]]] = {}
        for cid, shape in self.world.countries.items():
            rings = self.frame.visible_rings(shape)
            if not rings:
                continue
            self.rings[cid] = rings
            fill = self.country_fill(cid)
            for pts in rings:
                pygame.draw.polygon(surf, fill, pts)
                pygame.draw.polygon(surf, BORDER, pts, 1)
        for pid, shape in self.world.parts.items():  # a part drawn in its own fill (Kaliningrad in Russia's)
            if pid in self.spec.countries:
                rings = self.frame.visible_rings(shape)
                self.rings[pid] = rings
                for pts in rings:
                    pygame.draw.polygon(surf, self.country_fill(pid), pts)
                    pygame.draw.polygon(surf, BORDER, pts, 1)
        return surf

    def outline(self, sid: str) -> list[list[tuple[int, int]]]:
        if sid not in self.rings:
            self.rings[sid] = self.frame.visible_rings(self.world.shape(sid))
        return self.rings[sid]

    # -- areas and lines ----------------------------------------------------------------------
    def _area_mask(self, area: AreaSpec) -> tuple[pygame.Surface, pygame.Rect] | None:
        """An opaque-where-the-area-is surface and its box (a polygon cut to its ``within`` country)."""
        if area.shape is not None:
            polys = self.outline(area.shape)
        else:
            polys = [self.frame.ring(area.polygon)]
        points = [p for poly in polys for p in poly]
        if not points:
            return None
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1).clip(
            pygame.Rect(0, 0, *self.rect.size))
        if box.w <= 0 or box.h <= 0:
            return None
        mask = pygame.Surface(box.size, pygame.SRCALPHA)
        for poly in polys:
            pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in poly])
        if area.within is not None:
            cut = pygame.Surface(box.size, pygame.SRCALPHA)
            for poly in self.outline(area.within):
                pygame.draw.polygon(cut, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in poly])
            mask.blit(cut, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        return mask, box

    def _draw_area(self, surf: pygame.Surface, area: AreaSpec) -> None:
        made = self._area_mask(area)
        if made is None:
            return
        mask, box = made
        if area.style == "hatch":
            hatch(surf, mask, box, area.colour)
        elif area.style == "fill":
            tint = pygame.Surface(box.size, pygame.SRCALPHA)
            tint.fill((*area.colour, 110))
            tint.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
            surf.blit(tint, box.topleft)
        else:
            bits = pygame.mask.from_surface(mask)
            for part in bits.connected_components(20):
                edge = part.outline()
                if len(edge) > 2:
                    pygame.draw.lines(surf, area.colour, True, [(x + box.x, y + box.y) for x, y in edge], 2)
        self.area_masks.append((pygame.mask.from_surface(mask), box, area))

    def _draw_line(self, surf: pygame.Surface, line: LineSpec) -> None:
        pts = self.frame.ring(line.points)
        if line.style == "solid":
            pygame.draw.lines(surf, line.colour, False, pts, 3)
            return
        for a, b in zip(pts, pts[1:]):  # dashed: 8 px on, 6 off
            length = math.dist(a, b)
            steps = max(1, int(length // 14))
            for k in range(steps):
                t0, t1 = k / steps, min(1.0, (k + 8 / 14) / steps)
                p = (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0)
                q = (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)
                pygame.draw.line(surf, line.colour, p, q, 3)

    def _draw_places(self, surf: pygame.Surface) -> None:
        self.dot_boxes = []
        for place in self.spec.places:
            if place.kind not in ("city", "capital"):
                continue
            x, y = self.frame.point(*place.at)
            if not surf.get_rect().collidepoint(x, y):
                continue
            if place.kind == "capital":
                pygame.draw.circle(surf, theme.TEXT, (x, y), 5)
                pygame.draw.circle(surf, BORDER, (x, y), 5, 2)
            else:
                pygame.draw.circle(surf, theme.TEXT, (x, y), 3)
            self.dot_boxes.append(pygame.Rect(x - 6, y - 6, 12, 12))

    # -- a view -------------------------------------------------------------------------------
    def show(self, shown: Shown) -> None:
        """Compose the picture for one view: areas, lines, places, markers, then every label."""
        self.shown = shown
        surf = self.base.copy()
        self.area_masks = []
        for area in shown.areas:
            self._draw_area(surf, area)
        for line in shown.lines:
            self._draw_line(surf, line)
        self._draw_places(surf)
        layer = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        self.hit_boxes, self.text_boxes = [], []
        taken = list(self.dot_boxes)
        legend = self._legend(layer, shown) if self.with_legend else None
        if legend is not None:
            taken.append(legend)
            self.text_boxes.append(legend)
        drawn = []
        placed: dict[tuple[int, int], int] = {}
        for m in shown.markers:
            if m.kind == "attack":
                pts = self.frame.ring(m.path)
                box = self._arrow(layer, m, pts)
                x, y = pts[-1]
            else:
                x, y = self.frame.point(*m.at)
                nth = placed.get((x, y), 0)
                placed[(x, y)] = nth + 1
                x += nth * 30  # several markers at one point sit side by side
                box = self._marker(layer, m, (x, y))
            self.hit_boxes.append((box.move(self.rect.topleft), m))
            taken.append(box)
            drawn.append((m, x, y, box))
        self._place_labels(layer, taken, ("city", "capital"))
        for cid, look in self.spec.countries.items():  # after the cities: a country's name moves round them
            if look.label:
                self._country_label(layer, cid, taken)
        for m, x, y, box in drawn:
            if m.tag:
                label = plate(theme.text(m.tag, 16, theme.TEXT, bold=True))
                w = label.get_width()
                offsets = ((box.w // 2 + 4, -10), (-w // 2, box.h // 2 + 2), (-w // 2, -box.h // 2 - 24), (-box.w // 2 - 4 - w, -10))
                if m.kind == "attack":
                    offsets = tuple((box.centerx - x + dx, box.centery - y + dy) for dx, dy in offsets)
                self._place(layer, label, [(x + dx, y + dy) for dx, dy in offsets], taken)
        self._place_labels(layer, taken, ("label", "sea"))  # last: they give way to everything else
        surf.blit(layer, (0, 0))
        self.composed = surf.convert() if pygame.display.get_surface() is not None else surf

    def set_markers(self, markers: list[Marker]) -> None:
        """Only markers (the projector and menus pass none): areas and lines that are always there stay."""
        self.show(Shown(list(markers), [a for a in self.spec.areas if a.when.always],
                        [ln for ln in self.spec.lines if ln.when.always]))

    # -- labels -------------------------------------------------------------------------------
    def _country_label(self, surf: pygame.Surface, cid: str, taken: list[pygame.Rect]) -> None:
        """A country's name (and its local name), moved a little if a marker or a city is in the way."""
        shape = self.world.shape(cid)
        spot = label_spot(self.outline(cid), self.rect.w, self.rect.h)
        if spot is None:
            return
        (x, y), room = spot
        name = theme.text(shape.name.upper(), 16, theme.TEXT, bold=True)
        if room * 2 < name.get_width() * 0.6:
            return
        lines = [name]
        local = shape.local
        if self.local_names and local and local != shape.name and not theme.missing_glyphs(local):
            lines = [theme.text(local.upper(), 16, theme.TEXT, bold=True)]
        elif local and local != shape.name and room > 30 and not theme.missing_glyphs(local):
            lines.append(theme.text(local, 16, theme.TEXT, italic=True))
        h = sum(s.get_height() for s in lines)
        rings = [np.asarray(r, dtype=float) for r in self.outline(cid) if len(r) >= 3]
        for dx, dy in LABEL_NUDGES:
            centre = np.array([[x + dx, y + dy]], dtype=float)
            if not any(inside_polygon(centre, r, np.roll(r, -1, axis=0))[0] for r in rings):
                continue  # a name stays on its own country
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

    def _place_labels(self, layer: pygame.Surface, taken: list[pygame.Rect], kinds: tuple[str, ...]) -> None:
        """Place names beside their dots (cities) or centred on their point (seas, labels), where they hit nothing."""
        for place in self.spec.places:
            if place.kind not in kinds:
                continue
            x, y = self.frame.point(*place.at)
            if not layer.get_rect().collidepoint(x, y):
                continue
            name = place.local if self.local_names and not theme.missing_glyphs(place.local) else place.name
            if place.kind in ("city", "capital"):
                label = plate(theme.text(name, 16, theme.TEXT))
                dot = pygame.Rect(x - 6, y - 6, 12, 12)
                w = label.get_width()
                spots = [(x + dx, y + dy) for dx, dy in ((8, -12), (-8 - w, -12), (8, 2), (-8 - w, 2), (-w // 2, 6),
                                                         (-w // 2, -30), (8, -24), (8, 10), (-8 - w, -24), (-8 - w, 10))]
                self._place(layer, label, spots, taken, ignore=dot)
                continue
            colour = SEA_TEXT if place.kind == "sea" else PLACE_TEXT
            label = theme.text(name, 16, colour, italic=True)
            w, h = label.get_size()
            spots = [(x - w // 2 + dx, y - h // 2 + dy) for dx, dy in ((0, 0), (0, 20), (0, -20), (30, 0), (-30, 0), (0, 40), (0, -40))]
            self._place(layer, label, spots, taken)

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

    def _legend(self, layer: pygame.Surface, shown: Shown) -> pygame.Rect | None:
        """The map's key, bottom left: each role's shape and tag, then the shown areas' and lines' entries."""
        roles: list[RoleLook] = list(self.look.roles.values())
        entries: list[tuple[str, object]] = []
        for item in list(shown.areas) + list(shown.lines):
            if item.legend and item.legend not in [e[0] for e in entries]:
                entries.append((item.legend, item))
        if not roles and not entries:
            return None
        pieces: list[tuple[int, object, pygame.Surface]] = []  # width, what, its text
        for role in roles:
            label = theme.text(role.tag, 16, theme.TEXT, bold=True)
            pieces.append((20 + label.get_width() + 8, role, label))
        for text, item in entries:
            label = theme.text(text, 16, theme.TEXT)
            pieces.append((24 + label.get_width() + 10, item, label))
        rows: list[list] = [[]]
        limit = self.rect.w - 12
        width = 8
        for piece in pieces:
            if rows[-1] and width + piece[0] > limit:
                rows.append([])
                width = 8
            rows[-1].append(piece)
            width += piece[0]
        w = max(8 + sum(p[0] for p in row) for row in rows)
        box = pygame.Rect(6, layer.get_height() - 6 - 26 * len(rows), min(w, limit), 26 * len(rows))
        pygame.draw.rect(layer, (10, 14, 18, 215), box, border_radius=5)
        for r, row in enumerate(rows):
            x, cy = box.x + 8, box.y + 13 + 26 * r
            for piece_w, what, label in row:
                if isinstance(what, RoleLook):
                    draw_shape(layer, what.shape, (x + 7, cy), 6, (*what.colour, 255))
                    layer.blit(label, (x + 18, cy - 11))
                else:
                    swatch = pygame.Rect(x, cy - 8, 18, 16)
                    if isinstance(what, LineSpec):
                        pygame.draw.line(layer, what.colour, (x, cy), (x + 18, cy), 3)
                    else:
                        pygame.draw.rect(layer, NAMED_LAND, swatch)
                        mask = pygame.Surface(swatch.size, pygame.SRCALPHA)
                        mask.fill((255, 255, 255, 255))
                        if what.style == "hatch":
                            hatch(layer, mask, swatch, what.colour, 5)
                        elif what.style == "fill":
                            layer.fill((*what.colour, 140), swatch)
                        else:
                            pygame.draw.rect(layer, what.colour, swatch, 2)
                    layer.blit(label, (x + 24, cy - 11))
                x += piece_w
        return box

    # -- markers ------------------------------------------------------------------------------
    def role(self, role: str) -> RoleLook:
        return self.look.roles.get(role) or RoleLook(role, role, theme.MUTED, NAMED_LAND, "diamond", role[:4].upper())

    def _arrow(self, layer: pygame.Surface, m: Marker, pts: list[tuple[int, int]]) -> pygame.Rect:
        style = self.role(m.role)
        outline = arrow_points(pts, 9.0, 12.0)
        pygame.draw.polygon(layer, (*style.colour, 240), outline)
        pygame.draw.polygon(layer, MARKER_EDGE, outline, 2)
        xs, ys = [p[0] for p in outline], [p[1] for p in outline]
        return pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)

    def _marker(self, layer: pygame.Surface, m: Marker, centre) -> pygame.Rect:
        style = self.role(m.role)
        if m.kind == "force":
            if m.count > 1:  # counted: a small cluster, one icon per unit
                boxes = []
                for k in range(m.count):
                    cx = centre[0] + (k % 4 - 1.5) * 17
                    cy = centre[1] + (k // 4) * 17 - 8 * (m.count > 4)
                    draw_shape(layer, style.shape, (int(cx), int(cy)), 7, (*style.colour, 235))
                    boxes.append(draw_shape(layer, style.shape, (int(cx), int(cy)), 7, MARKER_EDGE, 2))
                return boxes[0].unionall(boxes[1:])
            radius = 9 + 21 * math.sqrt(max(m.size, 0.02))
            if not m.exact and m.high is not None and m.low is not None:
                # an estimate: a faint disc for the 90% range, a ring at its low end
                outer = 9 + 21 * math.sqrt(max(m.high, 0.02))
                inner = 9 + 21 * math.sqrt(max(m.low, 0.02))
                draw_shape(layer, style.shape, centre, outer, (*style.colour, 70))
                draw_shape(layer, style.shape, centre, inner, (*style.colour, 255), 2)
                draw_shape(layer, style.shape, centre, radius * 0.55, (*style.colour, 235))
                return draw_shape(layer, style.shape, centre, outer, (*theme.TEXT, 200), 1)
            draw_shape(layer, style.shape, centre, radius, (*style.colour, 210))
            return draw_shape(layer, style.shape, centre, radius, MARKER_EDGE, 2)
        size = 11 if m.kind in ("fleet", "unit") else 9
        draw_shape(layer, style.shape, centre, size, (*style.colour, 255))
        box = draw_shape(layer, style.shape, centre, size, MARKER_EDGE, 2)
        if m.kind == "drills" or m.recent:
            pygame.draw.circle(layer, (*theme.TEXT, 255), centre, size + 6, 2)  # new this turn
            return box.inflate(12, 12)
        return box

    # -- per frame ----------------------------------------------------------------------------
    def marker_at(self, pos) -> Marker | AreaSpec | None:
        """The marker (or else the area) under ``pos``, or None; either has a ``label``."""
        for box, m in self.hit_boxes:
            if box.inflate(6, 6).collidepoint(pos):
                return m
        x, y = pos[0] - self.rect.x, pos[1] - self.rect.y
        for bits, box, area in reversed(self.area_masks):
            if box.collidepoint(x, y) and bits.get_at((x - box.x, y - box.y)):
                return area
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.composed if self.composed is not None else self.base, self.rect)
        pygame.draw.rect(surface, theme.LINE, self.rect, 1)
