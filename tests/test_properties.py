"""Properties that must hold for any seed and any orders: bounds, one ending, determinism."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from game.engine import Match, initial_state, observe_batch, step
from game.scenario import load_rules
from game.simulation import play_batch, policies_for

SCENARIOS = ["winter-2021", str(Path(__file__).parent / "data" / "mini.yaml")]
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def random_orders(rules, seed: int, games: int, turn: int) -> np.ndarray:
    """Arbitrary orders, legal or not: the engine must cope with anything."""
    gen = np.random.default_rng([seed, turn])
    return gen.random((games, len(rules.actions))) < 0.3


@FAST
@given(seed=hs.integers(0, 2**32), which=hs.sampled_from(SCENARIOS))
def test_variables_stay_in_bounds_and_every_game_ends_once(seed, which):
    rules = load_rules(which)
    state = initial_state(rules, seed, games=64)
    endings_seen = np.full(64, -1)
    while state.active.any():
        assert state.turn <= rules.turns
        state, _ = step(rules, state, random_orders(rules, seed, 64, state.turn))
        assert (state.values >= rules.vmin - 1e-9).all() and (state.values <= rules.vmax + 1e-9).all()
        # an ending, once set, never changes
        assert ((endings_seen < 0) | (state.ending == endings_seen)).all()
        endings_seen = state.ending.copy()
    assert (state.ending >= 0).all() and (state.ending < len(rules.endings)).all()
    assert ((state.ended_turn >= 1) & (state.ended_turn <= rules.turns)).all()


@FAST
@given(seed=hs.integers(0, 2**32))
def test_same_seed_and_orders_give_the_same_game(seed):
    rules = load_rules("winter-2021")
    runs = []
    for _ in range(2):
        m = Match(rules, seed)
        policies = policies_for(rules, {"us": "random", "russia": "random", "nato": "random"})
        while not m.over:
            for p in policies:
                m.submit(p.role, p.choose_ids(m.observe_batch(p.role)))
            m.resolve()
        runs.append((m.ending, m.true_state.values.copy(), m.orders_log, m.scores))
    assert runs[0][0] == runs[1][0]
    assert np.array_equal(runs[0][1], runs[1][1])
    assert runs[0][2] == runs[1][2] and runs[0][3] == runs[1][3]


@FAST
@given(seed=hs.integers(0, 2**32), game=hs.integers(0, 39))
def test_a_game_is_the_same_alone_or_in_a_batch(seed, game):
    rules = load_rules("winter-2021")
    specs = {"us": "random", "russia": "random", "nato": "historical"}
    batch = play_batch(rules, policies_for(rules, specs), initial_state(rules, seed, games=40))
    alone = play_batch(rules, policies_for(rules, specs), initial_state(rules, seed, games=1, first_game=game))
    assert batch.ending[game] == alone.ending[0]
    assert np.allclose(batch.values[game], alone.values[0])
    assert np.allclose(batch.scores[game], alone.scores[0])


def test_a_match_equals_game_zero_of_a_batch():
    rules = load_rules("winter-2021")
    batch = play_batch(rules, policies_for(rules, {}), initial_state(rules, 9, games=5))
    m = Match(rules, 9)
    policies = policies_for(rules, {})
    while not m.over:
        for p in policies:
            m.submit(p.role, p.choose_ids(m.observe_batch(p.role)))
        m.resolve()
    assert m.ending == rules.endings[batch.ending[0]].id
    assert np.allclose(m.true_state.values[0], batch.values[0])


def test_policies_see_only_observations():
    """Orders depend on the observation only: change a hidden variable, orders stay the same."""
    rules = load_rules("winter-2021")
    hidden = rules.var_index["invasion_readiness"]
    for spec in ("random", "historical", "passive"):
        policy = policies_for(rules, {"us": spec})[0]
        state = initial_state(rules, 4, games=16)
        base = policy.decide(observe_batch(rules, state, "us"))
        state.values[:, hidden] = 99.0  # the truth changes; the estimates do not
        assert np.array_equal(policy.decide(observe_batch(rules, state, "us")), base)


# -- the two legality checkers agree ----------------------------------------------------------------
_POSITIONS: dict[tuple[str, int, int], Match] = {}


def position(which: str, seed: int, turns: int) -> Match:
    """A match ``turns`` turns in, every role playing at random (cached: hypothesis asks again)."""
    key = (which, seed, turns)
    if key not in _POSITIONS:
        rules = load_rules(which)
        m = Match(rules, seed)
        policies = policies_for(rules, {r: "random" for r in rules.roles})
        while not m.over and len(m.reports) < turns:
            m.play_turn({p.role: p.choose_ids(m.observe_batch(p.role)) for p in policies})
        _POSITIONS[key] = m
    return _POSITIONS[key]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hs.data(), which=hs.sampled_from(SCENARIOS), seed=hs.integers(0, 30), turns=hs.integers(0, 5))
def test_match_check_and_the_engines_order_check_agree(data, which, seed, turns):
    """Orders a match accepts are exactly those the engine carries out in full (none dropped): the
    face's check (``Match.check``, with its messages) and the phase's (``step.check_orders``) are one rule."""
    from game.engine import OrderError
    from game.engine.step import check_orders

    m = position(which, seed, turns)
    rules = m.rules
    if m.over:
        return
    role = data.draw(hs.sampled_from(rules.roles), label="role")
    mine = [a.id for a in rules.actions if rules.roles[a.role] == role]
    ids = data.draw(hs.lists(hs.sampled_from(mine), unique=True, max_size=6), label="orders")
    try:
        m.check(role, ids)
        accepted = True
    except OrderError:
        accepted = False
    orders = np.zeros((1, len(rules.actions)), dtype=bool)
    for action_id in ids:
        orders[0, rules.action(role, action_id).index] = True
    kept = check_orders(rules, m.true_state, orders)
    assert accepted == bool((kept == orders).all()), (role, ids)
