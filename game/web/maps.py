"""The map a web seat shows, as SVG, drawn from the frame that seat receives (nothing more).

``role_svg(rules, frame)`` draws a role's map from its view frame and ``public_svg(rules, match)``
the projector's (the land and what is always shown; no force markers, as in the window's
projector). This is the one seam to ``game.maps`` (the window's map as SVG) once that
lands: ``role_svg`` becomes ``map_svg(rules.presentation, Sight.of(frame.to_view(rules.roles)))``
and ``public_svg`` becomes ``svg_for(match, "public")``.

>>> from game.scenario import load_rules
>>> svg = public_svg(load_rules("tutorial"), match=None)
>>> svg.startswith("<svg") and "</svg>" in svg
True
"""

from __future__ import annotations

from html import escape

import numpy as np

from ..geography import Frame, world
from ..play.frames import ViewFrame
from ..scenario.presentation import AreaSpec, LineSpec, Presentation, RoleLook
from ..engine.rules import Rules

WIDTH = 760
WATER, PLAIN_LAND, NAMED_LAND, BORDER = "#18344e", "#3a3e42", "#484e54", "#161c22"
TEXT, EDGE = "#eef2f6", "#0a0e12"


def hexc(c) -> str:
    return "#%02x%02x%02x" % tuple(c)


def _d(rings) -> str:
    return " ".join("M" + " ".join(f"{x},{y}" for x, y in ring) + "Z" for ring in rings if len(ring) > 2)


def _shape(shape: str, x: float, y: float, r: float, attrs: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x}" cy="{y}" r="{r}" {attrs}/>'
    if shape == "square":
        return f'<rect x="{x - r}" y="{y - r}" width="{2 * r}" height="{2 * r}" {attrs}/>'
    pts = {"triangle": [(0, -1.15), (1.1, 0.8), (-1.1, 0.8)],
           "hexagon": [(0.866, 0.5), (0, 1), (-0.866, 0.5), (-0.866, -0.5), (0, -1), (0.866, -0.5)]}.get(
        shape, [(0, -1), (1, 0), (0, 1), (-1, 0)])
    return f'<polygon points="{" ".join(f"{x + r * a:.1f},{y + r * b:.1f}" for a, b in pts)}" {attrs}/>'


def aspect(bounds, projection: str | None) -> float:
    """Width over height of the region once projected (its edges sampled)."""
    lon0, lat0, lon1, lat1 = bounds
    t = np.linspace(0.0, 1.0, 33)
    edge = np.concatenate([np.stack([lon0 + (lon1 - lon0) * t, np.full_like(t, v)], 1) for v in (lat0, lat1)]
                          + [np.stack([np.full_like(t, u), lat0 + (lat1 - lat0) * t], 1) for u in (lon0, lon1)])
    pts = Frame.fit(bounds, projection, (0, 0, 1000, 1000)).points(edge)
    span = pts.max(axis=0) - pts.min(axis=0)
    return float(span[0] / span[1])


class _Drawing:
    def __init__(self, look: Presentation, width: int = WIDTH):
        self.look, self.spec = look, look.map
        self.size = (width, round(width / aspect(self.spec.bounds, self.spec.projection)))
        self.frame = Frame.fit(self.spec.bounds, self.spec.projection, (0, 0, *self.size))
        self.parts: list[str] = []
        self.defs: list[str] = []

    def fill(self, cid: str) -> str:
        look = self.spec.countries.get(cid)
        if look is None:
            return PLAIN_LAND
        if look.fill is not None:
            return hexc(look.fill)
        if look.side in self.look.roles:
            return hexc(self.look.roles[look.side].fill)
        return NAMED_LAND

    def land(self) -> None:
        shapes = world()
        for cid, shape in [*shapes.countries.items(), *((p, s) for p, s in shapes.parts.items() if p in self.spec.countries)]:
            rings = self.frame.visible_rings(shape)
            if rings:
                self.parts.append(f'<path d="{_d(rings)}" fill="{self.fill(cid)}" stroke="{BORDER}" stroke-width="1">'
                                  f'<title>{escape(shape.name)}</title></path>')

    def area(self, n: int, area: AreaSpec) -> None:
        rings = self.frame.visible_rings(world().shape(area.shape)) if area.shape else [self.frame.ring(area.polygon)]
        colour, clip = hexc(area.colour), ""
        if area.within:
            self.defs.append(f'<clipPath id="within{n}"><path d="{_d(self.frame.visible_rings(world().shape(area.within)))}"/></clipPath>')
            clip = f' clip-path="url(#within{n})"'
        if area.style == "hatch":  # hatched, not only tinted: a cue besides colour
            self.defs.append(f'<pattern id="hatch{n}" width="7" height="7" patternUnits="userSpaceOnUse" '
                             f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="7" stroke="{colour}" stroke-width="2"/></pattern>')
            paint = f'fill="url(#hatch{n})"'
        elif area.style == "fill":
            paint = f'fill="{colour}" fill-opacity="0.43"'
        else:
            paint = f'fill="none" stroke="{colour}" stroke-width="2"'
        self.parts.append(f'<path d="{_d(rings)}" {paint}{clip}><title>{escape(area.label)}</title></path>')

    def line(self, line: LineSpec) -> None:
        pts = " ".join(f"{x},{y}" for x, y in self.frame.ring(line.points))
        dash = ' stroke-dasharray="8 6"' if line.style != "solid" else ""
        self.parts.append(f'<polyline points="{pts}" fill="none" stroke="{hexc(line.colour)}" stroke-width="3"{dash}>'
                          f'<title>{escape(line.label)}</title></polyline>')

    def places(self) -> None:
        for place in self.spec.places:
            x, y = self.frame.point(*place.at)
            big = place.kind == "capital"
            self.parts.append(f'<g class="place"><circle cx="{x}" cy="{y}" r="{4 if big else 3}" fill="{TEXT}" stroke="{EDGE}"/>'
                              f'<text x="{x + 6}" y="{y - 5}" class="label">{escape(place.name)}</text></g>')

    def marker(self, m, role: RoleLook | None) -> None:
        at = m.at or (m.path[-1] if m.path else None)
        if at is None:
            return
        x, y = self.frame.point(*at)
        r = 7 + 9 * m.size if m.kind == "force" else 8
        colour = hexc(role.colour) if role else TEXT
        dash = "" if m.exact else ' stroke-dasharray="3 2"'  # an estimate is drawn dashed
        shape = role.shape if role else "circle"
        self.parts.append(f'<g class="marker"><title>{escape(m.label)}</title>'
                          + _shape(shape, x, y, r, f'fill="{colour}" stroke="{EDGE}" stroke-width="2"{dash}')
                          + (f'<text x="{x}" y="{y + r + 14}" text-anchor="middle" class="tag">{escape(m.tag)}</text>' if m.tag else "")
                          + "</g>")

    def svg(self, title: str) -> str:
        w, h = self.size
        style = ("<style>.label{font:12px sans-serif;fill:#eef2f6;paint-order:stroke;stroke:#0a0e12;stroke-width:3px}"
                 ".tag{font:bold 12px sans-serif;fill:#eef2f6;paint-order:stroke;stroke:#0a0e12;stroke-width:3px}</style>")
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" overflow="hidden" role="img" aria-label="{escape(title)}">'
                f"<title>{escape(title)}</title>{style}<defs>{''.join(self.defs)}</defs>"
                f'<rect width="{w}" height="{h}" fill="{WATER}"/>{"".join(self.parts)}</svg>')


def role_svg(rules: Rules, frame: ViewFrame) -> str:
    """A role's map: what its view frame shows (estimates dashed), nothing the frame does not carry."""
    from ..ui.markers import shown_for  # pure data: no drawing (``game.ui.markers``)

    view = frame.to_view(list(rules.roles))
    shown = shown_for(view, rules.presentation.map)
    drawing = _Drawing(rules.presentation)
    drawing.land()
    for n, area in enumerate(shown.areas):
        drawing.area(n, area)
    for line in shown.lines:
        drawing.line(line)
    drawing.places()
    for m in shown.markers:
        drawing.marker(m, rules.presentation.roles.get(m.role))
    return drawing.svg(f"Map: what {frame.observation.role_name} sees")


def public_svg(rules: Rules, match) -> str:
    """The projector's map: the land, the places and what is always drawn (no forces; ``match``, the
    host's game, is for ``game.maps``, which draws what every role sees of it)."""
    drawing = _Drawing(rules.presentation)
    drawing.land()
    for n, area in enumerate(a for a in rules.presentation.map.areas if a.when.always):
        drawing.area(n, area)
    for line in rules.presentation.map.lines:
        if line.when.always:
            drawing.line(line)
    drawing.places()
    return drawing.svg("Map")
