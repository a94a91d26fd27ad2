"""Drawing a scenario's map in the window: the land once, then each view's scene as laid out by ``game.maps``.

``MapView(rect, presentation)`` keeps a ``MapLayout`` of the scenario's region (``map:``)
at the rectangle's size and the land as a cached surface; ``show`` draws the scene the
layout makes of one view (areas, lines, places, markers, labels, legend), so a frame
with the map costs a single blit. What is drawn and where is decided in ``game.maps``,
which the SVG of the reports and the browser draws too: this module only paints it.
"""

from __future__ import annotations

import pygame

from ..maps.scene import Area, Label, Legend, Line, Scene, Symbol, layout_for, role_look
from ..maps.shown import Marker, Shown
from ..maps.style import (  # noqa: F401
    BORDER,
    EDGE,
    GRATICULE,
    HATCH_SPACING,
    LEGEND_PLATE,
    NAMED_LAND,
    PLAIN_LAND,
    PLATE,
    SEA_TEXT,
    WATER_EDGE,
    arrow_points,
    shape_points,
    shape_radius,
)
from ..scenario.presentation import AreaSpec, Presentation, RoleLook
from . import theme

PLACE_TEXT = theme.MUTED
MARKER_EDGE = (*EDGE, 255)


def hatch(surface: pygame.Surface, mask: pygame.Surface, box: pygame.Rect, colour, spacing: int = HATCH_SPACING) -> None:
    """Diagonal hatching where ``mask`` (the size of ``box``) is opaque: a cue besides colour for held land."""
    lines = pygame.Surface(box.size, pygame.SRCALPHA)
    for k in range(-box.h, box.w, spacing):
        pygame.draw.line(lines, (*colour, 230), (k, box.h), (k + box.h, 0), 2)
    lines.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    surface.blit(lines, box.topleft)


def draw_shape(surface, shape: str, centre, radius: float, colour, width: int = 0) -> pygame.Rect:
    """A role's shape (circle, square, triangle, diamond, hexagon) centred on ``centre``."""
    cx, cy = centre
    r = shape_radius(radius)
    pts = shape_points(shape, (cx, cy), r)
    if pts is None:
        return pygame.draw.circle(surface, colour, (cx, cy), r, width)
    if shape == "square":
        return pygame.draw.rect(surface, colour, pygame.Rect(cx - r, cy - r, 2 * r, 2 * r), width)
    return pygame.draw.polygon(surface, colour, pts, width)


def plate(label: pygame.Surface, pad: int = 3) -> pygame.Surface:
    """Text on a dark translucent plate, legible over any map colour."""
    out = pygame.Surface((label.get_width() + 2 * pad, label.get_height()), pygame.SRCALPHA)
    out.fill(PLATE)
    out.blit(label, (pad, 0))
    return out


def rect(box) -> pygame.Rect:
    return pygame.Rect(box.x, box.y, box.w, box.h)


class MapView:
    """The scenario's map in ``rect``, with what a viewer's view shows on it."""

    def __init__(self, rect_: pygame.Rect, presentation: Presentation, local_names: bool = False, cover: bool = False,
                 legend: bool = True):
        self.rect = pygame.Rect(rect_)
        self.look = presentation
        self.spec = presentation.map
        self.local_names = local_names
        # shared by every map of this presentation and size: each week's game screen makes a new MapView
        self.layout = layout_for(presentation, self.rect.size, cover=cover, local_names=local_names, legend=legend)
        self.frame = self.layout.frame  # the map's own coordinates: its layers start at 0, 0
        self.dot_boxes: list[pygame.Rect] = []
        self.text_boxes: list[pygame.Rect] = []
        self.hit_boxes: list[tuple[pygame.Rect, Marker]] = []
        self.area_masks: list[tuple[pygame.mask.Mask, pygame.Rect, AreaSpec]] = []
        self.shown = Shown()
        self.scene = Scene(*self.rect.size)
        self.base = self._draw_land()
        self.composed: pygame.Surface | None = None

    # -- land ---------------------------------------------------------------------------------
    def country_fill(self, cid: str) -> tuple[int, int, int]:
        return self.layout.country_fill(cid)

    def _draw_land(self) -> pygame.Surface:
        surf = pygame.Surface(self.rect.size)
        surf.fill(theme.WATER)
        for line in self.layout.graticule:
            pygame.draw.aalines(surf, GRATICULE, False, line)
        for land in self.layout.land:  # a soft glow along the coasts: the land's edge widened, under its fill
            for ring in land.rings:
                pygame.draw.polygon(surf, WATER_EDGE, ring, 5)
        for land in self.layout.land:
            for ring in land.rings:
                pygame.draw.polygon(surf, land.fill, ring)
                pygame.draw.polygon(surf, BORDER, ring, 1)
        return surf

    def outline(self, sid: str) -> list[list[tuple[int, int]]]:
        return self.layout.outline(sid)

    # -- a view -------------------------------------------------------------------------------
    def show(self, shown: Shown) -> None:
        """Compose the picture for one view: the layout's scene of it, painted."""
        self.shown = shown
        self.scene = scene = self.layout.scene(shown)
        surf = self.base.copy()
        specs = {a.id: a for a in shown.areas}
        self.area_masks = []
        for area in scene.areas:
            self._draw_area(surf, area, specs[area.id])
        for line in scene.lines:
            self._draw_line(surf, line)
        for dot in scene.dots:
            if dot.kind == "capital":
                pygame.draw.circle(surf, theme.TEXT, dot.at, dot.radius)
                pygame.draw.circle(surf, BORDER, dot.at, dot.radius, 2)
            else:
                pygame.draw.circle(surf, theme.TEXT, dot.at, dot.radius)
        layer = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        if scene.legend is not None:
            self._legend(layer, scene.legend)
        for symbol in scene.symbols:
            self._symbol(layer, symbol)
        for label in scene.labels:
            self._label(layer, label)
        surf.blit(layer, (0, 0))
        self.hit_boxes = [(rect(s.box).move(self.rect.topleft), s.marker) for s in scene.symbols]
        self.text_boxes = [rect(b) for b in scene.text_boxes]
        self.dot_boxes = [rect(d.box) for d in scene.dots]
        self.composed = surf.convert() if pygame.display.get_surface() is not None else surf

    def set_markers(self, markers: list[Marker]) -> None:
        """Only markers (the projector and menus pass none): areas and lines that are always there stay."""
        self.show(Shown(list(markers), [a for a in self.spec.areas if a.when.always],
                        [ln for ln in self.spec.lines if ln.when.always]))

    # -- painting -----------------------------------------------------------------------------
    def _area_mask(self, area: Area) -> tuple[pygame.Surface, pygame.Rect]:
        """An opaque-where-the-area-is surface and its box (the polygon cut to its ``within`` country)."""
        box = rect(area.box)
        mask = pygame.Surface(box.size, pygame.SRCALPHA)
        for ring in area.rings:
            pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in ring])
        if area.within is not None:
            cut = pygame.Surface(box.size, pygame.SRCALPHA)
            for ring in area.within:
                pygame.draw.polygon(cut, (255, 255, 255, 255), [(x - box.x, y - box.y) for x, y in ring])
            mask.blit(cut, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        return mask, box

    def _draw_area(self, surf: pygame.Surface, area: Area, spec: AreaSpec) -> None:
        mask, box = self._area_mask(area)
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
        self.area_masks.append((pygame.mask.from_surface(mask), box, spec))

    def _draw_line(self, surf: pygame.Surface, line: Line) -> None:
        pts = line.points
        if line.style == "solid":
            pygame.draw.lines(surf, line.colour, False, pts, 3)
            return
        for a, b in zip(pts, pts[1:]):  # dashed: 8 px on, 6 off
            length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
            steps = max(1, int(length // 14))
            for k in range(steps):
                t0, t1 = k / steps, min(1.0, (k + 8 / 14) / steps)
                p = (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0)
                q = (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)
                pygame.draw.line(surf, line.colour, p, q, 3)

    def _label(self, layer: pygame.Surface, label: Label) -> None:
        text = theme.text(label.text, label.size, label.colour, bold=label.bold, italic=label.italic)
        box = rect(label.box)
        if label.plate:
            layer.fill(PLATE, box)
        layer.blit(text, (box.x + (box.w - text.get_width()) // 2, box.y))

    def _legend(self, layer: pygame.Surface, legend: Legend) -> None:
        pygame.draw.rect(layer, LEGEND_PLATE, rect(legend.box), border_radius=5)
        for key in legend.keys:
            sw = rect(key.swatch)
            if key.kind == "role":
                draw_shape(layer, key.shape, sw.center, 6, (*key.colour, 255))
            elif key.kind == "line":
                pygame.draw.line(layer, key.colour, (sw.x, sw.centery), (sw.right, sw.centery), 3)
            else:
                pygame.draw.rect(layer, NAMED_LAND, sw)
                mask = pygame.Surface(sw.size, pygame.SRCALPHA)
                mask.fill((255, 255, 255, 255))
                if key.style == "hatch":
                    hatch(layer, mask, sw, key.colour, 5)
                elif key.style == "fill":
                    layer.fill((*key.colour, 140), sw)
                else:
                    pygame.draw.rect(layer, key.colour, sw, 2)
            layer.blit(theme.text(key.text, 16, theme.TEXT, bold=key.bold), (key.label.x, key.label.y))

    def role(self, role: str) -> RoleLook:
        return role_look(self.look, role)

    def _symbol(self, layer: pygame.Surface, s: Symbol) -> None:
        if s.outline:  # an arrow
            pygame.draw.polygon(layer, (*s.colour, 240), s.outline)
            pygame.draw.polygon(layer, MARKER_EDGE, s.outline, 2)
            return
        if s.icons:
            for icon in s.icons:
                draw_shape(layer, s.shape, icon, s.radius, (*s.colour, 235))
                draw_shape(layer, s.shape, icon, s.radius, MARKER_EDGE, 2)
            return
        if s.estimate is not None:  # a faint shape for the 90% range, a ring at its low end, a solid core
            inner, outer = s.estimate
            draw_shape(layer, s.shape, s.at, outer, (*s.colour, 70))
            draw_shape(layer, s.shape, s.at, inner, (*s.colour, 255), 2)
            draw_shape(layer, s.shape, s.at, s.radius, (*s.colour, 235))
            draw_shape(layer, s.shape, s.at, outer, (*theme.TEXT, 200), 1)
            return
        alpha = 210 if s.marker.kind == "force" else 255
        draw_shape(layer, s.shape, s.at, s.radius, (*s.colour, alpha))
        draw_shape(layer, s.shape, s.at, s.radius, MARKER_EDGE, 2)
        if s.ring is not None:
            pygame.draw.circle(layer, (*theme.TEXT, 255), s.at, s.ring, 2)  # new this turn

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


__all__ = ["MapView", "PLAIN_LAND", "NAMED_LAND", "SEA_TEXT", "arrow_points", "draw_shape", "hatch", "plate"]
