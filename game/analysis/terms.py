"""Where a role's score comes from: its final score split into its objective's terms.

A role whose score is mostly levels that others set (an ally's cohesion that
Washington's consultations keep up) and an ending that others decide has little
to play for: a passive player keeps most of it. Splitting the score term by
term, under a thinking policy and under ``passive`` on the same games, shows
what the role earns by its own moves (``tools/score_terms.py``; README, Is it a
game?).

>>> from game.scenario import load_rules
>>> rules = load_rules("tutorial")
>>> split = split_scores(rules, {}, rules.roles[0], games=4, seed=0)
>>> bool(np.allclose(sum(split.parts.values()), split.total))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ai.batch import policies_for, start_batch
from ..engine.env import Env, evaluate
from ..engine.observe import observe_batch
from ..engine.rules import Rules
from ..engine.step import legal_mask, step

ENDING = "ending"


@dataclass
class ScoreSplit:
    """One role's points per term (label -> (games,)), its engine score, endings and moves used."""

    parts: dict[str, np.ndarray]
    total: np.ndarray  # (G,) the engine's final score
    ending: np.ndarray  # (G,) ending index
    used: np.ndarray  # (G, A) whether each action was used

    def weekly(self) -> np.ndarray:
        """(G,) the points of the weekly terms (an early ending's remaining weeks included)."""
        return sum((p for k, p in self.parts.items() if k.startswith("weekly: ")), np.zeros(len(self.total)))


def split_scores(rules: Rules, specs: dict[str, str], role: str, games: int, seed: int = 0) -> ScoreSplit:
    """Games ``0 .. games - 1`` of ``seed`` (the same games as ``brink balance``), ``role``'s score
    split into its weekly terms, its end-of-game terms and the ending's points, scored as the
    engine scores them (the weeks an early ending leaves count as its last week)."""
    r = rules.role_index(role)
    obj = rules.objectives[r]
    policies = policies_for(rules, specs)
    state = start_batch(rules, seed, 0, games)
    parts = {f"weekly: {t.label}": np.zeros(games) for t in obj.each_turn}
    parts |= {f"at end: {t.label}": np.zeros(games) for t in obj.at_end}
    parts[ENDING] = np.zeros(games)
    while state.active.any() and state.turn <= rules.turns:
        legal = legal_mask(rules, state)
        orders = np.zeros((state.size, len(rules.actions)), dtype=bool, order="F")
        for policy in policies:
            orders |= policy.decide(observe_batch(rules, state, policy.r, legal))
        active, turn = state.active.copy(), state.turn
        state, _ = step(rules, state, orders, legal=legal, in_place=True)
        env = Env(rules, state, now=orders)
        ended = active & (state.ending >= 0)
        weeks = np.where(ended, 1 + max(rules.turns - turn, 0), 1) * active
        for t in obj.each_turn:
            parts[f"weekly: {t.label}"] += weeks * t.weight * evaluate(t.value, env, games)
        for t in obj.at_end:
            parts[f"at end: {t.label}"] += np.where(ended, t.weight * evaluate(t.value, env, games), 0.0)
        parts[ENDING] += np.where(ended, obj.endings[np.maximum(state.ending, 0)], 0.0)
    return ScoreSplit(parts, state.scores[:, r].copy(), state.ending.astype(np.int64), state.uses > 0)
