"""Personas for non-human roles in a seminar: ``hawk`` and ``dove``.

Each is a planner whose tastes differ from the role's scored objectives: a hawk
gains from a higher escalation ladder and likes a gamble (risk-seeking: a
wide spread of outcomes counts in its favour); a dove loses from escalation
and avoids gambles. Both are parameterized like the planner, e.g.
``hawk:risk=1,escalation=2,rollouts=64``.

>>> from game.scenario import load_rules
>>> make_persona("dove:risk=-0.5", load_rules("winter-2021"), "nato").risk
-0.5
"""

from __future__ import annotations

from ..engine.rules import Rules
from .lookahead import parse_params, settings_with
from .opponents import DEFAULT as MIXTURE
from .planner import LEVELS, Planner, PlannerSettings

PERSONAS: dict[str, dict[str, float]] = {
    "hawk": {"risk": 0.5, "escalation": 1.0},
    "dove": {"risk": -0.5, "escalation": -1.0},
}


def make_persona(spec: str, rules: Rules, role: str) -> Planner:
    kind = spec.partition(":")[0]
    defaults = settings_with(PlannerSettings(opponents=MIXTURE, rollout="historical"), {**LEVELS["easy"], **PERSONAS[kind]})
    return Planner.of(rules, role, parse_params(spec, defaults, LEVELS), name=spec)
