"""The AI's cheap paths decide as its general ones do: a speed-up changes no decision.

``Mixture.decide`` lets every script decide every row of a small batch and keeps the rows that
drew it, where a large batch cuts out each model's rows first; both must give every imagined game
the same orders (a script's orders for a game read that game's row alone).
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import opponents
from game.ai.lookahead import belief_states
from game.ai.opponents import DEFAULT, Mixture
from game.engine import initial_state, observe_batch
from game.engine.step import legal_mask, step
from game.scenario import load_rules


@pytest.mark.parametrize("role", ["us", "russia", "nato"])
def test_the_small_batch_path_gives_the_orders_the_cut_out_rows_give(role, monkeypatch):
    rules = load_rules("winter-2021")
    mixture = Mixture(rules, role, DEFAULT)
    state = initial_state(rules, seed=3, games=2)
    for _ in range(3):  # a few weeks on, so the models' reactions (demands, threats) have something to read
        legal = legal_mask(rules, state)
        state, _ = step(rules, state, mixture.decide(state, legal, np.zeros((state.size, 2), dtype=np.int64)), legal=legal)
    obs = observe_batch(rules, state, role)
    rows, draws = np.repeat(np.arange(2), 60), np.tile(np.arange(60), 2)
    imagined = belief_states(obs, rows, draws, 60, seed=5)
    weights = np.full((len(rows), 2, len(mixture.names)), 1.0 / len(mixture.names))
    assignment = mixture.assign(weights, imagined)
    assert len(np.unique(assignment)) > 1  # several models drawn: the paths differ
    legal = legal_mask(rules, imagined)
    small = mixture.decide(imagined, legal, assignment)
    monkeypatch.setattr(opponents, "SMALL_BATCH", 0)
    cut_out = mixture.decide(imagined, legal, assignment)
    assert small.any() and np.array_equal(small, cut_out)
