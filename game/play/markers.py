"""What a role's map shows this turn: the scenario's markers, areas and lines, bound to its view.

Pure data, no drawing, and no scenario ids: the scenario's ``map:`` section says what to
draw and what it is bound to; a role's ``View`` says what that role knows (observed
variables, estimates as ranges, the actions and events its reports showed, the ending).

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.views import View
>>> rules = load_rules("tutorial")
>>> shown = shown_for(View("us", Match(rules, seed=1).observe("us"), []), rules.presentation.map)
>>> all(m.role in rules.roles for m in shown.markers)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..scenario.presentation import AreaSpec, Binding, LineSpec, MapSpec, MarkerSpec

if TYPE_CHECKING:
    from ..play.views import View

MAX_COUNT = 8  # a counted marker never draws more icons than this (its tag gives the number)


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


@dataclass(frozen=True)
class Seen:
    """What a role's reports have shown: action and event ids with the last turn each was seen."""

    actions: dict[str, int]
    events: dict[str, int]
    ending: str | None
    turn: int  # the turn of the last report (0 before any)

    @classmethod
    def of(cls, view: View) -> Seen:
        actions: dict[str, int] = {}
        events: dict[str, int] = {}
        for report in view.reports:
            for entry in report.entries:
                if entry.kind in ("action", "response"):
                    actions[entry.id] = report.turn
                elif entry.kind in ("event", "reaction"):
                    events[entry.id] = report.turn
        last = view.last_report.turn if view.last_report else 0
        return cls(actions, events, view.obs.ending, last)

    def last_seen(self, when: Binding) -> int | None:
        """The last turn ``when`` was shown (0 for always; None: not shown)."""
        if when.always:
            return 0
        if self.ending is not None and self.ending in when.endings:
            return self.turn
        turns = [self.actions[a] for a in when.actions if a in self.actions]
        turns += [self.events[e] for e in when.events if e in self.events]
        if not turns:
            return None
        last = max(turns)
        if when.lasts is not None and self.turn - last >= when.lasts:
            return None
        return last


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _variable_marker(spec: MarkerSpec, v) -> Marker | None:
    """A marker sized (or counted) by what the role knows of a variable; None when known to be zero."""
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
        base.label = f"{spec.label} {_fmt(v.value)}{unit}"
        base.tag = spec.tag or f"{_fmt(v.value)}{unit}"
    else:
        base.exact = False
        base.low, base.high = min(1.0, max(0.0, v.low / spec.full)), min(1.0, max(0.0, v.high / spec.full))
        base.label = f"{spec.label} ~{_fmt(v.value)}{unit} ({_fmt(v.low)}–{_fmt(v.high)})"
        base.tag = spec.tag or f"~{_fmt(v.value)}{unit}"
    return base


KIND_TAGS = {"fleet": "Fleet", "drills": "Drills", "aid": "Aid", "attack": "", "unit": ""}


def shown_for(view: View, spec: MapSpec) -> Shown:
    """The markers, areas and lines to draw on ``view``'s map."""
    seen = Seen.of(view)
    by_id = {v.id: v for v in view.obs.variables}
    out = Shown()
    for m in spec.markers:
        last = seen.last_seen(m.when)
        if last is None:
            continue
        if m.variable is not None:
            v = by_id.get(m.variable)
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
