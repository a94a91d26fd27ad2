"""What a viewer's map shows now: the scenario's markers, areas and lines, bound to what it knows.

Pure data, no drawing, and no scenario ids: the scenario's ``map:`` section says what to
draw and what it is bound to; a ``Sight`` says what the viewer knows (variables exact,
as an estimate's range or unknown; the actions and events its reports showed; the
ending). A marker bound to a variable the viewer cannot see is sized by its estimate,
or drawn as "?": never by the true value.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> rules = load_rules("tutorial")
>>> shown = shown_for(Sight.role(Match(rules, seed=1), "us"), rules.presentation.map)
>>> all(m.role in rules.roles for m in shown.markers)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..scenario.presentation import AreaSpec, LineSpec, MapSpec, MarkerSpec
from .sight import Seen, Sight

MAX_COUNT = 8  # a counted marker never draws more icons than this (its tag gives the number)
KIND_TAGS = {"fleet": "Fleet", "drills": "Drills", "aid": "Aid", "attack": "", "unit": ""}


@dataclass
class Marker:
    """One marker as drawn: where, whose, how big, and the text of its tag and hover."""

    id: str
    role: str
    kind: str  # force, unit, fleet, drills, aid, attack
    label: str
    at: tuple[float, float] | None = None  # lon, lat
    path: tuple[tuple[float, float], ...] = ()
    size: float = 0.0  # 0..1 of full size (forces)
    low: float | None = None  # 0..1 range of an estimate
    high: float | None = None
    exact: bool = True
    recent: bool = False  # seen in the last report
    tag: str = ""
    count: int = 1


@dataclass
class Shown:
    markers: list[Marker] = field(default_factory=list)
    areas: list[AreaSpec] = field(default_factory=list)
    lines: list[LineSpec] = field(default_factory=list)


def fmt(value: float) -> str:
    """A marker's number: whole from 10 up or when nearly whole, else one decimal.

    >>> fmt(113.4), fmt(2.96), fmt(2.5)
    ('113', '3', '2.5')
    """
    return f"{value:.0f}" if abs(value) >= 10 or abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _variable_marker(spec: MarkerSpec, v) -> Marker | None:
    """A marker sized (or counted) by what the viewer knows of a variable; None when known to be zero."""
    base = Marker(spec.id, spec.role, spec.kind, spec.label, spec.at, spec.path)
    unit = spec.unit
    if v.value is None:
        base.label, base.size, base.exact, base.tag = f"{spec.label}: unknown", 0.35, False, "?"
        return base
    if v.exact and v.value < 0.5 * (spec.per if spec.scale == "count" else 1.0):
        return None
    base.size = min(1.0, max(0.0, v.value / spec.full))
    if spec.scale == "count":
        base.count = max(1, min(MAX_COUNT, round(v.value / spec.per)))
    if v.exact:
        base.label = f"{spec.label} {fmt(v.value)}{unit}"
        base.tag = spec.tag or f"{fmt(v.value)}{unit}"
    else:
        base.exact = False
        base.low, base.high = min(1.0, max(0.0, v.low / spec.full)), min(1.0, max(0.0, v.high / spec.full))
        base.label = f"{spec.label} ~{fmt(v.value)}{unit} ({fmt(v.low)}–{fmt(v.high)})"
        base.tag = spec.tag or f"~{fmt(v.value)}{unit}"
    return base


def shown_for(sight, spec: MapSpec) -> Shown:
    """The markers, areas and lines on the map of ``sight`` (a ``Sight``, or a face's ``View``)."""
    if not isinstance(sight, Sight):
        sight = Sight.of(sight)
    seen: Seen = sight.seen
    out = Shown()
    for m in spec.markers:
        last = seen.last_seen(m.when)
        if last is None:
            continue
        if m.variable is not None:
            v = sight.variables.get(m.variable)
            if v is None:
                continue
            marker = _variable_marker(m, v)
            if marker is None:
                continue
        else:
            marker = Marker(m.id, m.role, m.kind, m.label, m.at, m.path,
                            tag=m.tag if m.tag is not None else KIND_TAGS.get(m.kind, ""))
        marker.recent = not m.when.always and last == seen.turn and seen.turn > 0
        out.markers.append(marker)
    out.areas = [a for a in spec.areas if seen.last_seen(a.when) is not None]
    out.lines = [ln for ln in spec.lines if seen.last_seen(ln.when) is not None]
    return out
