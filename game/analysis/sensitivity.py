"""Sensitivity: how much each numeric constant of a scenario moves its endings.

Every constant is moved by -25% and +25% in the parsed scenario, the scenario
is compiled again, and the same games (same seed, so the same hidden draws and
luck: common random numbers) are played with each variant. The shift of an
ending is its share with the variant minus its share with the scenario as
written; constants are ranked by their largest shift.

The constants, each named by its path in the scenario file (list positions as
numbers):

- starting values and their spread: ``variables.ID.initial``,
  ``variables.ID.initial_spread``, and intelligence noise
  ``variables.ID.intel_noise`` (``...intel_noise.ROLE`` for a map);
- effect amounts of actions, lever steps, demands and their answers, events
  and reactions: ``actions.ID.effects.VAR``, ``levers.ID.threaten.effects.VAR``,
  ``demands.ID.responses.counter.effects.VAR``, ``demands.ID.on_rejected.VAR``,
  ``decisions.ID.on_fail.VAR``, ``levers.ID.audience_cost.VAR``,
  ``red_lines.ID.audience_cost.VAR``, the noise ``...spread.VAR``;
- drifts: ``drift.N.add`` and ``drift.N.spread``;
- chances other than 1: ``events.ID.chance``; the consensus
  ``consensus.blocs.ID.agree`` and ``decisions.ID.agree.BLOC``;
- literal numbers in conditions (``when`` of actions, events, reactions,
  endings and historical moves, and threat ``trigger``s): ``endings.ID.when#K``
  is the K-th number written in that condition, with the comparison it sits in
  as its label (``talks_progress >= 55``).

An amount written as an expression ("-2 * kremlin_cost_sensitivity / 40") is
scaled as a whole. Zeros are left out (a quarter of nothing is nothing), and
so are scoring weights (they change what thinking players want, not what the
rules do), costs, budgets, turn numbers and bounds (whole-number structure).
Moved values are kept in range: a starting value within its variable's
bounds, a chance or an agreement probability within 0 and 1.

>>> from game.scenario import load_scenario
>>> found = constants(load_scenario("winter-2021").model)
>>> [c.id for c in found if c.id.startswith("variables.tension.")]
['variables.tension.initial']
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from pydantic import BaseModel

from ..engine.rules import Rules
from ..scenario.compile import compile_scenario
from ..scenario.expr import _source
from ..scenario.models import Scenario
from .runs import Outcomes, Run, play_runs

FACTORS = (-0.25, 0.25)
AMOUNT_MAPS = {"effects", "on_fail", "audience_cost", "on_accepted", "on_rejected", "on_countered", "on_expired"}
SKIPPED = {"objectives", "tests", "hints", "briefings", "sources", "calendar", "roles", "actors", "format"}
CONDITIONS = {"when", "trigger"}
UNIT = {"chance", "agree"}  # probabilities: kept within 0 and 1


@dataclass(frozen=True)
class Constant:
    """One number of the scenario that the analysis moves."""

    id: str  # its path in the file: "variables.tension.initial", "endings.x.when#2"
    path: tuple  # attribute names, map keys and list positions from the Scenario down
    value: float | str  # the number, or the expression text of a scaled amount / a condition
    label: str = ""  # for a literal in a condition: the comparison it sits in
    literal: int = 0  # for a literal in a condition: which one (1-based, in reading order)
    low: float = -np.inf
    high: float = np.inf

    @property
    def number(self) -> float | str:
        """The number itself (for a literal, the number out of its condition)."""
        return float(_literals(str(self.value))[self.literal - 1][0]) if self.literal else self.value

    def moved(self, factor: float) -> float | str:
        """The constant's value moved by ``factor`` (-0.25: a quarter down)."""
        if self.literal:
            return _move_literal(str(self.value), self.literal, factor)
        if isinstance(self.value, str):
            return f"{1 + factor:g} * ({_source(self.value)})"
        return float(min(max(self.value * (1 + factor), self.low), self.high))


def _numbers(tree: ast.AST) -> list[ast.Constant]:
    """The non-zero numbers written in an expression's tree, in reading order."""
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and _is_number(n.value) and n.value != 0]
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def _value(node: ast.Constant) -> float:
    """A number of ``_numbers`` (which keeps only numbers: an int or a float)."""
    return cast(float, node.value)


def _literals(text: str) -> list[tuple[float, str]]:
    """Each number of a condition with the comparison it sits in.

    >>> _literals("talks >= 55 and troops < 100 * 2 and used.x == 0")
    [(55, 'talks >= 55'), (100, 'troops < 100 * 2'), (2, 'troops < 100 * 2')]
    """
    tree = ast.parse(_source(text), mode="eval")
    context: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for child in ast.walk(node):
                context.setdefault(id(child), ast.unparse(node))
    return [(_value(n), context.get(id(n), ast.unparse(tree))) for n in _numbers(tree)]


def _move_literal(text: str, which: int, factor: float) -> str:
    tree = ast.parse(_source(text), mode="eval")
    node = _numbers(tree)[which - 1]
    node.value = float(_value(node) * (1 + factor))
    return ast.unparse(tree)


def constants(model: Scenario) -> list[Constant]:
    """Every constant the analysis moves, in the order of the file's sections."""
    return list(_walk(model, ()))


def _children(node: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield name, getattr(node, name)
    elif isinstance(node, dict):
        yield from node.items()
    elif isinstance(node, list):
        yield from enumerate(node)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def _walk(node: Any, path: tuple) -> Iterator[Constant]:
    for key, value in _children(node):
        here = path + (key,)
        if not path and key in SKIPPED:
            continue
        if key in CONDITIONS and isinstance(value, str):
            for k, (_, label) in enumerate(_literals(value), start=1):
                yield Constant(f"{_dotted(here)}#{k}", here, value, label=label, literal=k)
        elif key in AMOUNT_MAPS and isinstance(value, dict) or key == "spread" and isinstance(value, dict):
            for var, amount in value.items():
                yield from _amount(here + (var,), amount, low=0.0 if key == "spread" else -np.inf)
        elif path[:1] == ("variables",) and len(path) == 2 and key in ("initial", "initial_spread", "intel_noise"):
            if key == "intel_noise" and isinstance(value, dict):
                for role, sd in value.items():
                    yield from _amount(here + (role,), sd, low=0.0)
            elif key == "initial":
                yield from _amount(here, value, low=float(node.min), high=float(node.max))
            else:
                yield from _amount(here, value, low=0.0)
        elif key in UNIT and isinstance(value, dict):
            for bloc, amount in value.items():
                yield from _amount(here + (bloc,), amount, low=0.0, high=1.0)
        elif key in UNIT:
            if not (_is_number(value) and value == 1):  # a certain chance is the default, not a constant
                yield from _amount(here, value, low=0.0, high=1.0)
        elif path[:1] == ("drift",) and key in ("add", "spread"):
            yield from _amount(here, value, low=0.0 if key == "spread" else -np.inf)
        elif isinstance(value, (BaseModel, dict, list)):
            yield from _walk(value, here)


def _amount(path: tuple, value: Any, low: float = -np.inf, high: float = np.inf) -> Iterator[Constant]:
    if _is_number(value) and value != 0:
        yield Constant(_dotted(path), path, float(value), low=low, high=high)
    elif isinstance(value, str) and value.strip():
        yield Constant(_dotted(path), path, value)


def _place(model: Scenario, path: tuple) -> tuple[Any, Any]:
    node = model
    for key in path[:-1]:
        node = node[key] if isinstance(node, (dict, list)) else getattr(node, key)
    return node, path[-1]


def variant(model: Scenario, constant: Constant, factor: float) -> Rules:
    """The rules of ``model`` with one constant moved (``model`` is left as it was)."""
    parent, key = _place(model, constant.path)
    get = (lambda: parent[key]) if isinstance(parent, (dict, list)) else (lambda: getattr(parent, key))
    old = get()
    new = constant.moved(factor)
    if isinstance(parent, (dict, list)):
        parent[key] = new
    else:
        setattr(parent, key, new)
    try:
        return compile_scenario(model)
    finally:
        if isinstance(parent, (dict, list)):
            parent[key] = old
        else:
            setattr(parent, key, old)


@dataclass
class Shift:
    """One constant moved one way: the endings' shares and the roles' mean scores, minus the base's."""

    factor: float
    value: float | str
    endings: dict[str, float]
    se: dict[str, float]  # standard error of each shift (paired on the same games)
    scores: dict[str, float]


@dataclass
class Row:
    constant: Constant
    shifts: list[Shift]

    @property
    def largest(self) -> tuple[float, str, float]:
        """(size, ending, factor) of the largest shift of any ending, either way."""
        moves = [(abs(v), e, s.factor) for s in self.shifts for e, v in s.endings.items()]
        return max(moves, key=lambda m: m[0], default=(0.0, "", 0.0))  # ties: the first ending listed


@dataclass
class SensitivityResult:
    scenario: str
    games: int
    seed: int
    policies: dict[str, str]
    base: dict[str, float]  # the share of each ending with the scenario as written
    rows: list[Row] = field(default_factory=list)  # ranked, the largest shift first
    count: int = 0  # constants moved (rows may keep only the top ones)

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario, "games": self.games, "seed": self.seed, "policies": self.policies,
            "factors": list(FACTORS), "constants": self.count, "base": self.base,
            "ranked": [{
                "rank": rank, "id": row.constant.id, "label": row.constant.label,
                "value": row.constant.number,
                "largest": {"shift": round(row.largest[0], 4), "ending": row.largest[1], "factor": row.largest[2]},
                "shifts": {f"{s.factor:+.0%}": {"value": s.value, "endings": s.endings, "se": s.se, "scores": s.scores}
                           for s in row.shifts},
            } for rank, row in enumerate(self.rows, start=1)],
        }


def sensitivity(rules: Rules, model: Scenario, specs: dict[str, str], games: int, seed: int = 0,
                top: int | None = None, workers: int = 1, progress: Callable[[int], None] | None = None,
                only: Callable[[Constant], bool] | None = None) -> SensitivityResult:
    """Move every constant (those ``only`` keeps) by each of FACTORS; rank by the largest ending shift."""
    found = [c for c in constants(model) if only is None or only(c)]
    working = model.model_copy(deep=True)  # variants are made by changing this copy and changing it back
    runs = [Run("base", specs, games)]
    for i, c in enumerate(found):
        for factor in FACTORS:
            runs.append(Run(f"{i}:{factor}", specs, games, rules=functools.partial(variant, working, c, factor)))
    played = play_runs(rules, runs, seed, workers=workers, progress=progress)
    base = played["base"]
    E = len(rules.endings)
    base_hits = np.eye(E, dtype=np.int64)[base.ending]
    rows = []
    for i, c in enumerate(found):
        shifts = [_shift(rules, base, base_hits, played[f"{i}:{factor}"], factor, c) for factor in FACTORS]
        rows.append(Row(c, shifts))
    rows.sort(key=lambda row: -row.largest[0])
    n = max(len(base.ending), 1)
    return SensitivityResult(
        rules.id, games, seed, {role: specs.get(role, "historical") for role in rules.roles},
        {e.id: round(float((base.ending == e.index).sum()) / n, 4) for e in rules.endings},
        rows[:top] if top else rows, len(found))


def _shift(rules: Rules, base: Outcomes, base_hits: np.ndarray, moved: Outcomes, factor: float, c: Constant) -> Shift:
    E = len(rules.endings)
    diff = np.eye(E, dtype=np.int64)[moved.ending] - base_hits  # (G, E): -1, 0 or 1 per game
    n = len(diff)
    mean = diff.mean(axis=0)
    se = diff.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(E)
    scores = (moved.scores - base.scores).mean(axis=0)
    value = float(c.number) * (1 + factor) if c.literal else c.moved(factor)
    return Shift(factor, value if isinstance(value, str) else round(float(value), 6),
                 {e.id: round(float(mean[e.index]), 4) for e in rules.endings},
                 {e.id: round(float(se[e.index]), 4) for e in rules.endings},
                 {role: round(float(scores[r]), 3) for r, role in enumerate(rules.roles)})
