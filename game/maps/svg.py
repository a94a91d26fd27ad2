"""The map as a self-contained SVG: the same scene the window draws, for reports and the browser.

``svg_for(match, who)`` is the map of a live match for a role, the public or the truth;
``map_svg(presentation, sight)`` lays out what ``sight`` may see (``game.maps.scene``) and
writes it as one SVG string: water and land, areas (hatched, filled or outlined), lines,
city dots, markers, labels and the legend, with a ``<title>``, an ``aria-label`` and a
``<desc>`` that says in words what the map shows, and a ``<title>`` on each marker, area
and line for the hover. The text is Noto Sans, embedded as a subset of just the glyphs
used, so the labels fit the boxes they were placed in whatever fonts a reader has. No
request leaves the file.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.maps.sight import Sight
>>> rules = load_rules("winter-2021")
>>> svg = map_svg(rules.presentation, Sight.public(Match(rules, seed=1)), title="Eastern Europe")
>>> svg.startswith("<svg") and "<title" in svg and 'aria-label="Eastern Europe"' in svg
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ..geography import region_aspect
from ..scenario.presentation import Presentation
from . import fonts
from .scene import Area, Dot, Key, Label, Legend, Line, MapLayout, Scene, Symbol, layout_for
from .shown import shown_for
from .sight import PUBLIC, TRUTH, Sight
from .style import (
    BORDER,
    EDGE,
    FRAME_LINE,
    GRATICULE,
    HATCH_SPACING,
    LEGEND_PLATE,
    NAMED_LAND,
    PLATE,
    RGB,
    TEXT,
    WATER,
    WATER_EDGE,
    Point,
    shape_points,
)

REPORT_WIDTH = 760
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SHAPE_WORDS = {"circle": "circle", "square": "square", "triangle": "triangle", "diamond": "diamond", "hexagon": "hexagon"}
STYLE_WORDS = {"hatch": "hatched", "fill": "shaded", "outline": "outlined", "solid": "solid line", "dashed": "dashed line"}


def esc(text: object) -> str:
    """Text for XML (characters XML 1.0 cannot hold are dropped)."""
    return html.escape(_BAD_XML.sub("", str(text)), quote=True)


def hexc(c: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*c[:3])


def num(v: float) -> str:
    """A coordinate with at most one decimal.

    >>> num(3.0), num(2.25), num(-0.04)
    ('3', '2.2', '0')
    """
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def path_d(rings: Iterable[Iterable[Point]]) -> str:
    """An SVG path of closed rings."""
    out = []
    for ring in rings:
        pts = list(ring)
        if len(pts) < 2:
            continue
        out.append("M" + "L".join(f"{num(x)} {num(y)}" for x, y in pts) + "Z")
    return "".join(out)


def natural_size(presentation: Presentation, width: int = REPORT_WIDTH) -> tuple[int, int]:
    """A picture ``width`` wide whose height fits the region's shape (between 3:5 and 5:4 of the width).

    >>> from game.scenario import load_rules
    >>> natural_size(load_rules("winter-2021").presentation)
    (760, 773)
    """
    spec = presentation.map
    height = width * region_aspect(spec.bounds, spec.projection)
    return width, int(min(max(height, width * 0.6), width * 1.25))


# -- the whole picture ----------------------------------------------------------------------------
def map_svg(presentation: Presentation, sight: Sight, size: tuple[int, int] | None = None, *, title: str = "Map",
            local_names: bool = False, id_prefix: str = "map", embed_fonts: bool = True) -> str:
    """The map of what ``sight`` may see, as a self-contained SVG string."""
    layout = layout_for(presentation, tuple(size or natural_size(presentation)), local_names=local_names)
    scene = layout.scene(shown_for(sight, presentation.map))
    return scene_svg(layout, scene, title=title, id_prefix=id_prefix,
                     fonts_css=fonts_css([scene]) if embed_fonts else None)


def svg_for(match, who: str, size: tuple[int, int] | None = None, *, local_names: bool = False,
            id_prefix: str = "map", embed_fonts: bool = True) -> str:
    """The map of ``match`` as ``who`` may see it now, as a self-contained SVG: the call for a face
    that holds a match (the browser client, a host).

    ``who``: a role id (its observation and its own reports), ``"public"`` (what everyone
    sees) or ``"truth"`` (everything: only once the game is over, or for a facilitator).
    ``size``: (width, height) in pixels (None: ``natural_size``). Every marker, area, line
    and label carries ``data-kind``/``data-id`` attributes and a ``<title>`` for hover.

    >>> from game.scenario import load_rules
    >>> from game.engine.match import Match
    >>> svg = svg_for(Match(load_rules("winter-2021"), seed=1), "us", (430, 466), embed_fonts=False)
    >>> svg.startswith('<svg') and 'width="430"' in svg
    True
    """
    if who == PUBLIC:
        sight = Sight.public(match)
    elif who == TRUTH:
        sight = Sight.truth(match)
    elif who in match.rules.roles:
        sight = Sight.role(match, who)
    else:
        raise ValueError(f"unknown viewer {who!r}: a role ({', '.join(match.rules.roles)}), 'public' or 'truth'")
    return map_svg(match.rules.presentation, sight, size, local_names=local_names, id_prefix=id_prefix,
                   embed_fonts=embed_fonts)


def fonts_css(scenes: Iterable[Scene]) -> str:
    """@font-face rules with the glyphs every label of ``scenes`` uses (one block for a page of maps)."""
    texts: dict[tuple[bool, bool], set[str]] = {}
    for scene in scenes:
        for label in scene.labels:
            texts.setdefault((label.bold, label.italic), set()).add(label.text)
        if scene.legend is not None:
            for key in scene.legend.keys:
                texts.setdefault((key.bold, False), set()).add(key.text)
    return fonts.font_face_css(texts) if texts else ""


def scene_svg(layout: MapLayout, scene: Scene, title: str = "Map", id_prefix: str = "map",
              fonts_css: str | None = None) -> str:
    """``scene`` (laid out by ``layout``) as SVG; ``fonts_css``: @font-face rules to embed (None: the page has them)."""
    w, h = scene.width, scene.height
    p = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "map"
    defs: dict[str, str] = {}
    body = [f'<rect width="{w}" height="{h}" fill="{hexc(WATER)}"/>', _graticule(layout), _land(layout, p, defs)]
    body.append(_group("areas", [_area(a, p, defs) for a in scene.areas]))
    body.append(_group("lines", [_line(ln) for ln in scene.lines]))
    body.append(_group("places", [_dot(d) for d in scene.dots]))
    if scene.legend is not None:
        body.append(_legend(scene.legend, p, defs))
    body.append(_group("markers", [_symbol(s) for s in scene.symbols]))
    body.append(_group("labels", [_label(lb) for lb in scene.labels]))
    body.append(f'<rect x=".5" y=".5" width="{w - 1}" height="{h - 1}" fill="none" stroke="{hexc(FRAME_LINE)}"/>')
    style = (fonts_css or "") + (".brink-map text{font-family:'" + fonts.FAMILY + "','Noto Sans',sans-serif;font-size:16px}")
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="brink-map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            f'role="img" aria-label="{esc(title)}" aria-describedby="{p}-desc">'
            f'<title id="{p}-title">{esc(title)}</title><desc id="{p}-desc">{esc(describe(scene))}</desc>'
            f"<defs><style>{style}</style>{''.join(defs.values())}</defs>")
    return head + "".join(body) + "</svg>"


def describe(scene: Scene) -> str:
    """What the map shows, in words (the SVG's ``<desc>``, read by screen readers).

    >>> describe(Scene(10, 10))
    'Nothing is drawn on the map.'
    """
    parts = []
    if scene.symbols:
        parts.append("Markers: " + "; ".join(s.marker.label for s in scene.symbols) + ".")
    if scene.areas:
        parts.append("Areas: " + "; ".join(a.label for a in scene.areas) + ".")
    if scene.lines:
        parts.append("Lines: " + "; ".join(ln.label for ln in scene.lines) + ".")
    cities = [d.name for d in scene.dots]
    if cities:
        parts.append("Places: " + ", ".join(cities) + ".")
    if scene.legend is not None:
        keys = [f"{k.text} ({SHAPE_WORDS.get(k.shape, k.shape)})" if k.kind == "role" else
                f"{k.text} ({STYLE_WORDS.get(k.style, k.style)})" for k in scene.legend.keys]
        parts.append("Legend: " + ", ".join(keys) + ".")
    return " ".join(parts) or "Nothing is drawn on the map."


# -- pieces ---------------------------------------------------------------------------------------
def _box(b) -> str:
    return f"{b.x} {b.y} {b.w} {b.h}"


def _group(cls: str, items: list[str]) -> str:
    return f'<g class="{cls}">' + "".join(items) + "</g>" if items else ""


def _graticule(layout: MapLayout) -> str:
    lines = "".join("M" + "L".join(f"{num(x)} {num(y)}" for x, y in line) for line in layout.graticule)
    return f'<path class="graticule" d="{lines}" fill="none" stroke="{hexc(GRATICULE)}" stroke-width="1"/>' if lines else ""


def _land(layout: MapLayout, p: str, defs: dict[str, str]) -> str:
    """Every country in its fill with dark borders, and a soft glow along the coasts."""
    fid = f"{p}-coast"
    defs[fid] = (f'<filter id="{fid}" x="-2%" y="-2%" width="104%" height="104%">'
                 f'<feMorphology in="SourceAlpha" operator="dilate" radius="2" result="wide"/>'
                 f'<feFlood flood-color="{hexc(WATER_EDGE)}"/><feComposite in2="wide" operator="in" result="glow"/>'
                 f'<feMerge><feMergeNode in="glow"/><feMergeNode in="SourceGraphic"/></feMerge></filter>')
    out = [f'<g class="land" filter="url(#{fid})" stroke="{hexc(BORDER)}" stroke-width="1" stroke-linejoin="round">']
    for land in layout.land:
        out.append(f'<path data-id="{esc(land.id)}" fill="{hexc(land.fill)}" d="{path_d(land.rings)}"/>')
    return "".join(out) + "</g>"


def _hatch(colour: RGB, p: str, defs: dict[str, str], spacing: float = HATCH_SPACING) -> str:
    """A pattern of diagonal lines in ``colour`` (the window's hatching: 2 px lines ``spacing`` apart across)."""
    pid = f"{p}-hatch-{hexc(colour)[1:]}-{num(spacing)}"
    if pid not in defs:
        step = spacing / 2 ** 0.5  # the window's lines are ``spacing`` apart along a row; this is across them
        defs[pid] = (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{num(step)}" height="{num(step)}" '
                     f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="{num(step)}" '
                     f'stroke="{hexc(colour)}" stroke-opacity=".9" stroke-width="2"/></pattern>')
    return pid


def _clip(pid: str, d: str, defs: dict[str, str]) -> str:
    defs.setdefault(pid, f'<clipPath id="{pid}"><path d="{d}"/></clipPath>')
    return pid


def _area(area: Area, p: str, defs: dict[str, str]) -> str:
    d = path_d(area.rings)
    within = path_d(area.within) if area.within else None
    clip = f' clip-path="url(#{_clip(f"{p}-in-{area.id}", within, defs)})"' if within else ""
    head = f'<g data-kind="area" data-id="{esc(area.id)}" data-box="{_box(area.box)}"{clip}><title>{esc(area.label)}</title>'
    colour = hexc(area.colour)
    if area.style == "hatch":
        return head + f'<path d="{d}" fill="url(#{_hatch(area.colour, p, defs)})"/></g>'
    if area.style == "fill":
        return head + f'<path d="{d}" fill="{colour}" fill-opacity=".43"/></g>'
    # outline: the polygon's edge inside the country, and the country's edge inside the polygon
    out = head + f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"/></g>'
    if within:
        cut = _clip(f"{p}-poly-{area.id}", d, defs)
        out += f'<path clip-path="url(#{cut})" d="{within}" fill="none" stroke="{colour}" stroke-width="3"/>'
    return out


def _line(line: Line) -> str:
    pts = " ".join(f"{num(x)},{num(y)}" for x, y in line.points)
    dash = ' stroke-dasharray="8 6"' if line.style == "dashed" else ""
    return (f'<polyline data-kind="line" data-id="{esc(line.id)}" points="{pts}" fill="none" stroke="{hexc(line.colour)}" '
            f'stroke-width="3" stroke-linejoin="round"{dash}><title>{esc(line.label)}</title></polyline>')


def _dot(dot: Dot) -> str:
    x, y = dot.at
    look = f'r="4" fill="{hexc(TEXT)}" stroke="{hexc(BORDER)}" stroke-width="2"' if dot.kind == "capital" else \
        f'r="{dot.radius}" fill="{hexc(TEXT)}"'
    return f'<circle data-kind="dot" data-id="{esc(dot.id)}" cx="{x}" cy="{y}" {look}><title>{esc(dot.name)}</title></circle>'


def shape_svg(shape: str, centre: Point, r: float, attrs: str) -> str:
    """A role's shape as an SVG element with ``attrs`` (fill, stroke ...)."""
    pts = shape_points(shape, centre, r)
    if pts is None:
        return f'<circle cx="{num(centre[0])}" cy="{num(centre[1])}" r="{num(r)}" {attrs}/>'
    return '<polygon points="' + " ".join(f"{num(x)},{num(y)}" for x, y in pts) + f'" {attrs}/>'


def _symbol(s: Symbol) -> str:
    m = s.marker
    colour, edge = hexc(s.colour), hexc(EDGE)
    head = (f'<g data-kind="marker" data-id="{esc(m.id)}" data-role="{esc(m.role)}" data-x="{s.at[0]}" data-y="{s.at[1]}" '
            f'aria-label="{esc(m.label)}"><title>{esc(m.label)}</title>')
    parts = []
    if s.outline:
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in s.outline)
        parts.append(f'<polygon points="{pts}" fill="{colour}" fill-opacity=".94" stroke="{edge}" stroke-width="2" '
                     f'stroke-linejoin="round"/>')
    elif s.icons:
        for icon in s.icons:
            parts.append(shape_svg(s.shape, icon, s.radius, f'fill="{colour}" fill-opacity=".92" stroke="{edge}" stroke-width="2"'))
    elif s.estimate is not None:  # a faint shape for the 90% range, a ring at its low end, a solid core
        inner, outer = s.estimate
        parts.append(shape_svg(s.shape, s.at, outer, f'fill="{colour}" fill-opacity=".27"'))
        parts.append(shape_svg(s.shape, s.at, inner - 1, f'fill="none" stroke="{colour}" stroke-width="2"'))
        parts.append(shape_svg(s.shape, s.at, s.radius, f'fill="{colour}" fill-opacity=".92"'))
        parts.append(shape_svg(s.shape, s.at, outer - 0.5, f'fill="none" stroke="{hexc(TEXT)}" stroke-opacity=".8" stroke-width="1"'))
    else:
        opacity = ".82" if m.kind == "force" else "1"
        parts.append(shape_svg(s.shape, s.at, s.radius - 1, f'fill="{colour}" fill-opacity="{opacity}" stroke="{edge}" stroke-width="2"'))
        if s.ring is not None:
            parts.append(f'<circle cx="{s.at[0]}" cy="{s.at[1]}" r="{s.ring - 1}" fill="none" stroke="{hexc(TEXT)}" stroke-width="2"/>')
    return head + "".join(parts) + "</g>"


def _text(x: float, y: float, text: str, bold: bool, italic: bool, colour: RGB, anchor: str = "middle") -> str:
    style = (' font-weight="700"' if bold else "") + (' font-style="italic"' if italic else "")
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{num(x)}" y="{num(y)}"{anchor_attr}{style} fill="{hexc(colour)}">{esc(text)}</text>'


def _label(label: Label) -> str:
    b = label.box
    baseline = b.y + fonts.ascent(label.size, label.bold, label.italic)
    plate = ""
    if label.plate:
        plate = f'<rect x="{b.x}" y="{b.y}" width="{b.w}" height="{b.h}" fill="{hexc(PLATE)}" fill-opacity="{PLATE[3] / 255:.2f}"/>'
    return (f'<g data-kind="label" data-of="{esc(label.of)}" data-label="{esc(label.kind)}" data-box="{_box(b)}">{plate}'
            + _text(b.x + b.w / 2, baseline, label.text, label.bold, label.italic, label.colour) + "</g>")


def _key(key: Key, p: str, defs: dict[str, str]) -> str:
    sw = key.swatch
    if key.kind == "role":
        cx, cy = sw.x + sw.w / 2, sw.y + sw.h / 2
        mark = shape_svg(key.shape, (cx, cy), 6, f'fill="{hexc(key.colour)}"')
    elif key.kind == "line":
        cy = sw.y + sw.h / 2
        dash = ' stroke-dasharray="5 3"' if key.style == "dashed" else ""
        mark = f'<line x1="{sw.x}" y1="{num(cy)}" x2="{sw.x + sw.w}" y2="{num(cy)}" stroke="{hexc(key.colour)}" stroke-width="3"{dash}/>'
    else:
        rect = f'x="{sw.x}" y="{sw.y}" width="{sw.w}" height="{sw.h}"'
        mark = f'<rect {rect} fill="{hexc(NAMED_LAND)}"/>'
        if key.style == "hatch":
            mark += f'<rect {rect} fill="url(#{_hatch(key.colour, p, defs, 5)})"/>'
        elif key.style == "fill":
            mark += f'<rect {rect} fill="{hexc(key.colour)}" fill-opacity=".55"/>'
        else:
            mark += f'<rect x="{sw.x + 1}" y="{sw.y + 1}" width="{sw.w - 2}" height="{sw.h - 2}" fill="none" stroke="{hexc(key.colour)}" stroke-width="2"/>'
    lb = key.label
    return (f'<g data-kind="key" data-key="{key.kind}" data-box="{_box(lb)}">' + mark
            + _text(lb.x, lb.y + fonts.ascent(16, key.bold), key.text, key.bold, False, TEXT, anchor="start") + "</g>")


def _legend(legend: Legend, p: str, defs: dict[str, str]) -> str:
    b = legend.box
    return (f'<g class="legend" aria-label="Legend"><rect x="{b.x}" y="{b.y}" width="{b.w}" height="{b.h}" rx="5" '
            f'fill="{hexc(LEGEND_PLATE)}" fill-opacity="{LEGEND_PLATE[3] / 255:.2f}"/>'
            + "".join(_key(k, p, defs) for k in legend.keys) + "</g>")
