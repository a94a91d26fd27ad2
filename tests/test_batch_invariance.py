"""Game i of seed s is the same game whatever the batch, the worker count, or played alone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from game.engine import Match, rng, step
from game.engine.state import initial_state
from game.simulation import play_batch, policies_for, simulate, start_batch

MIXES = {
    "historical": {},
    "random": {"us": "random", "russia": "random", "nato": "random"},
    "mixed": {"us": "random", "nato": "passive"},
}


@given(seed=hst.integers(0, 2**63 - 1), turn=hst.integers(1, 20), stream=hst.integers(0, 2**32),
       game=hst.integers(0, 10**6), n=hst.integers(1, 9))
@settings(max_examples=40, deadline=None)
def test_draws_depend_only_on_the_game_not_the_batch(seed, turn, stream, game, n):
    batch = np.arange(game, game + 5, dtype=np.uint64)
    alone = np.array([game + 3], dtype=np.uint64)
    assert (rng.uniform(seed, batch, turn, stream, n)[3] == rng.uniform(seed, alone, turn, stream, n)[0]).all()
    assert (rng.normal(seed, batch, turn, stream, n)[3] == rng.normal(seed, alone, turn, stream, n)[0]).all()


@pytest.mark.parametrize("mix", sorted(MIXES))
def test_per_game_results_do_not_depend_on_the_batch_size(rules, mix):
    """20 games one at a time, in batches of 7 (the last one short) and all together (one at a time
    is the costly way: each game pays a whole batch's turns)."""
    runs = [simulate(rules, MIXES[mix], 20, seed=4, chunk=chunk, keep_games=True).per_game for chunk in (1, 7, 20)]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0]) == 20 and len({str(r["scores"]) for r in runs[0]}) > 1  # 20 different games


@pytest.mark.parametrize("mix", sorted(MIXES))
def test_statistics_do_not_depend_on_chunks_or_workers(rules, mix):
    results = [simulate(rules, MIXES[mix], 300, seed=9, chunk=chunk, workers=workers).to_json()
               for chunk, workers in ((300, 1), (17, 1), (50, 2))]
    for r in results:
        r.pop("seconds")
    assert results[0] == results[1] == results[2]


@pytest.mark.parametrize("seed", [0, 1, 5, 12])
@pytest.mark.parametrize("mix", sorted(MIXES))
def test_batch_game_zero_is_the_match_played_turn_by_turn(rules, seed, mix):
    """``brink play --seed S`` is game 0 of ``brink simulate --seed S``, through Match and its reports."""
    batch = simulate(rules, MIXES[mix], 5, seed=seed, keep_games=True).per_game[0]
    policies = policies_for(rules, MIXES[mix])
    match = Match(rules, seed=seed)
    while not match.over:
        match.play_turn({p.role: p.choose_ids(match.observe_batch(p.role)) for p in policies})
    assert match.ending == batch["ending"]
    assert {k: round(v, 4) for k, v in match.scores.items()} == batch["scores"]
    assert dict(zip((v.id for v in rules.variables), np.round(match.true_state.values[0], 4).tolist())) == batch["final"]
    assert len(match.reports) == batch["turns"]


def test_recording_reports_does_not_change_the_game(rules):
    state = initial_state(rules, seed=3, games=40)
    policies = policies_for(rules, MIXES["random"])
    recorded = silent = state
    from game.engine.observe import observe_batch

    while silent.active.any() and silent.turn <= rules.turns:
        orders = np.zeros((40, len(rules.actions)), dtype=bool)
        for p in policies:
            orders |= p.decide(observe_batch(rules, silent, p.r))
        silent, _ = step(rules, silent, orders)
        recorded, reports = step(rules, recorded, orders, record=True)
        assert len(reports) == 40
        assert np.array_equal(silent.values, recorded.values) and np.array_equal(silent.ending, recorded.ending)


def test_ended_games_stop_changing(rules):
    seen = []
    state = play_batch(rules, policies_for(rules, MIXES["random"]), start_batch(rules, 2, 0, 200),
                       on_turn=lambda s, orders: seen.append((s.ending >= 0, s.values.copy(), s.scores.copy())))
    ended_early = [ended for ended, _, _ in seen if ended.any()]
    assert ended_early, "some random games should end before the last turn"
    for ended, values, scores in seen:
        assert np.array_equal(values[ended], state.values[ended]) and np.array_equal(scores[ended], state.scores[ended])


def test_stepping_in_place_or_on_a_copy_gives_the_same_state(rules):
    state = initial_state(rules, seed=8, games=30)
    orders = np.zeros((30, len(rules.actions)), dtype=bool)
    orders[:, rules.action("russia", "mass_troops").index] = True
    copied, _ = step(rules, state, orders)
    assert state.turn == 1  # the original is untouched
    in_place, _ = step(rules, state, orders, in_place=True)
    assert in_place is state and np.array_equal(copied.values, in_place.values)
