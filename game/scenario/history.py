"""Historical orders the rules can never allow on their turn.

The ``historical`` AI plays each role's documented moves, skipping any order the
game does not allow. An order that can never be allowed on its turn is skipped
in every game, silently, and every test and statistic built on the historical
path then rests on a path the author never wrote. Where that can be proved, it
is an error:

- the action's ``when`` cannot hold on that turn (``turn >= 8`` on turn 3, or
  ``used.mass_troops >= 2`` on turn 2, when it can have been used once at most);
- it answers a demand that cannot have been made yet (a demand is answered from
  the turn after it is made).

(An order that costs more than the role's whole budget is legal but never paid
for: warning W202 says so about the action.)

The proof is interval reasoning (``intervals.py``): safe in one direction, so an
order it cannot rule out may still be dropped in play; ``brink validate --deep``
counts how often that happens.

>>> from game.scenario import load_scenario
>>> loaded = load_scenario("tutorial")
>>> check_history(loaded.document, loaded.model)
[]
"""

from __future__ import annotations

from .errors import Problem
from .intervals import Interval, can_hold
from .models import Scenario
from .references import ActionSpec, enumerate_actions, name_bounds
from .salvage import Damage
from .yamlsafe import Document


def check_history(doc: Document, sc: Scenario, damage: Damage | None = None) -> list[Problem]:
    """An error for each historical order that can never be carried out on its turn."""
    damage = damage or Damage()
    if damage.touches(("calendar",)):
        return []
    if not sc.historical:
        return []
    specs: dict[tuple[str, str], ActionSpec] = {(s.role, s.id): s for s in enumerate_actions(sc)}
    base = name_bounds(sc)
    earliest = earliest_demands(sc, base)
    by_turn: dict[int, dict[str, Interval]] = {}
    problems = []
    for role, moves in sc.historical.items():
        if role not in sc.roles:
            continue
        for i, move in enumerate(moves):
            turns = list(move.turns_within(sc.calendar.turns))
            for t in turns:
                if t not in by_turn:
                    by_turn[t] = turn_bounds(sc, t, earliest, base)
            for field in ("orders", "otherwise"):
                for j, action in enumerate(getattr(move, field)):
                    spec = specs.get((role, action))
                    path = ("historical", role, i, field, j)
                    if spec is None or damage.covers(path) or not turns:
                        continue
                    # A standing rule (turn to until) is wrong only if no turn of it can carry the order out.
                    whys = [never_legal(sc, spec, t, by_turn[t], earliest) for t in turns]
                    if all(whys):
                        when = f"turn {move.turn}" if len(turns) == 1 else f"any of turns {turns[0]}-{turns[-1]}"
                        problems.append(doc.problem(path, f"historical order '{action}' on {when} can never be "
                                                    f"carried out: {whys[-1]}", code="E601"))
    return problems


def never_legal(sc: Scenario, spec: ActionSpec, turn: int, bounds: dict[str, Interval],
                earliest: dict[str, int | None]) -> str:
    """Why ``spec`` can never be legal on ``turn`` ('' when that cannot be proved)."""
    if spec.answer is not None and spec.demand is not None:
        first = earliest.get(spec.demand)
        if first is None:
            return f"the demand '{spec.demand}' can never be made"
        if turn <= first:
            return (f"the demand '{spec.demand}' can be made on turn {first} at the earliest, "
                    f"and it is answered from the turn after")
    if spec.model.when is not None and not can_hold(spec.model.when, bounds):
        return f"its condition '{spec.model.when}' cannot hold on turn {turn}"
    return ""


def earliest_demands(sc: Scenario, base: dict[str, Interval] | None = None) -> dict[str, int | None]:
    """The first turn on which each demand can be made (None: never)."""
    base = base or name_bounds(sc)
    out: dict[str, int | None] = {}
    for key, d in sc.demands.items():
        out[key] = None
        for turn in range(1, sc.calendar.turns + 1):
            if d.when is None or can_hold(d.when, turn_bounds(sc, turn, base=base)):
                out[key] = turn
                break
    return out


def turn_bounds(sc: Scenario, turn: int, earliest: dict[str, int | None] | None = None,
                base: dict[str, Interval] | None = None) -> dict[str, Interval]:
    """The range of every name when the orders of ``turn`` are checked (``base``: ``name_bounds(sc)``, if known).

    Tighter than ``name_bounds``: before turn t, an action can have been carried
    out t - 1 times at most, an event can have fired t - 1 times, and a demand
    is not made before its earliest turn.
    """
    bounds = dict(base or name_bounds(sc))
    bounds["turn"] = (float(turn), float(turn))
    before = float(turn - 1)
    for name, (low, high) in list(bounds.items()):
        space, _, item = name.partition(".")
        if space in ("used", "failed", "threatened", "imposed", "fired"):
            shared = _sharers(sc, item) if space in ("used", "failed") else 1
            bounds[name] = (low, min(high, before * shared))
        elif space == "now" and turn == 1:
            bounds[name] = (0.0, 0.0)
    for key, first in (earliest or {}).items():
        if first is None or turn <= first:
            for state in ("made", "pending", "accepted", "rejected", "countered", "expired"):
                bounds[f"{state}.{key}"] = (0.0, 0.0)
    return bounds


def _sharers(sc: Scenario, action: str) -> float:
    """How many roles have an action of this id (the answers to a demand made of several)."""
    if "." in action:
        demand, _, answer = action.partition(".")
        if demand in sc.demands and answer in ("accept", "reject", "counter"):
            return float(len(sc.demands[demand].to))
    return 1.0
