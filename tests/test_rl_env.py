"""The research environments: PettingZoo's and Gymnasium's own checks, rewards that add up to the
score, seeds that replay, and nothing hidden in any agent's observation or info."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

pettingzoo = pytest.importorskip("pettingzoo")
gymnasium = pytest.importorskip("gymnasium")

from gymnasium.utils.env_checker import check_env  # noqa: E402
from pettingzoo.test import parallel_api_test, parallel_seed_test  # noqa: E402

from game.engine import Match  # noqa: E402
from game.rl import parallel_env, single_agent_env  # noqa: E402

from batches import behind_the_view  # noqa: E402


@pytest.mark.parametrize("scenario", ["winter-2021", "tutorial"])
def test_the_parallel_env_passes_pettingzoo_s_api_test(scenario):
    parallel_api_test(parallel_env(scenario, seed=0), num_cycles=200)


@pytest.mark.parametrize("scenario", ["winter-2021", "vilnius-2023"])
def test_the_parallel_env_passes_pettingzoo_s_seed_test(scenario):
    parallel_seed_test(lambda: parallel_env(scenario, seed=0))


def test_the_single_role_env_passes_gymnasium_s_env_checker():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any complaint of the checker fails the test
        check_env(single_agent_env("tutorial", role="us", opponents="historical"), skip_render_check=True)


def play(env, pick):
    """One game to its end: ``pick(agent, observation)`` gives each action; the rewards summed."""
    observations, _ = env.reset()
    totals = dict.fromkeys(env.possible_agents, 0.0)
    while env.agents:
        actions = {a: pick(a, observations[a]) for a in env.agents}
        observations, rewards, terminations, truncations, _ = env.step(actions)
        for a, r in rewards.items():
            totals[a] += r
        assert not any(truncations.values())
    assert all(terminations.values())
    return totals


def masked_random(seed):
    draw = np.random.default_rng(seed)
    return lambda agent, obs: int(draw.choice(np.flatnonzero(obs["action_mask"])))


def test_rewards_add_up_to_each_role_s_final_score(rules):
    env = parallel_env("winter-2021", seed=11)
    totals = play(env, masked_random(1))
    assert env.match.over
    assert totals == pytest.approx(env.match.scores)
    assert any(abs(v) > 1 for v in totals.values())


def test_a_seed_replays_and_a_reset_without_one_plays_another_game():
    env = parallel_env("winter-2021", seed=5)
    first = play(env, masked_random(2))
    assert env.match.seed == 5  # the first game is brink play --seed 5
    again = parallel_env("winter-2021", seed=5)
    assert play(again, masked_random(2)) == first
    _, infos = env.reset()
    assert infos["us"]["seed"] != 5
    _, infos = env.reset(seed=5)
    assert infos["us"]["seed"] == 5


def test_the_env_plays_the_match_the_engine_plays():
    """The orders an agent gives are the match's orders: the same game as Match with those orders."""
    env = parallel_env("tutorial", seed=8)
    observations, _ = env.reset()
    pick = masked_random(3)
    match = Match(env.rules, seed=8)
    while env.agents:
        actions = {a: pick(a, observations[a]) for a in env.agents}
        observations, _, _, _, infos = env.step(actions)
        match.play_turn({a: infos[a]["orders"] for a in actions})
        assert all(infos[a]["dropped"] == [] for a in actions)  # masked picks are whole legal sets
    assert match.scores == env.match.scores and match.ending == env.match.ending


def test_an_action_the_mask_refuses_orders_only_its_legal_part():
    env = parallel_env("winter-2021", seed=0)
    observations, _ = env.reset()
    mask = observations["russia"]["action_mask"]
    refused = int(np.flatnonzero(mask == 0)[0])
    _, _, _, _, infos = env.step({"russia": refused})
    catalogue = env.catalogues["russia"]
    assert infos["russia"]["dropped"] and set(infos["russia"]["orders"]) | set(infos["russia"]["dropped"]) == set(catalogue.ids(refused))
    assert env.match.orders_log[-1]["russia"] == infos["russia"]["orders"]


def test_no_agent_s_observation_changes_when_what_it_may_not_know_changes():
    env = parallel_env("vilnius-2023", seed=3)  # vilnius has a private action (Russia's sanction evasion)
    play_turns = masked_random(4)
    observations, _ = env.reset()
    for _ in range(4):
        observations, *_ = env.step({a: play_turns(a, observations[a]) for a in env.agents})
    state = env.match.true_state
    for agent in env.possible_agents:
        before = {k: v.copy() for k, v in env.observe(agent).items()}
        env.match.amend(behind_the_view(env.rules, state, agent))
        after = env.observe(agent)
        env.match.amend(state)
        assert not np.array_equal(env.match.true_state.values, behind_the_view(env.rules, state, agent).values)
        for key in ("observation", "action_mask"):
            assert np.array_equal(before[key], after[key]), (agent, key)


def test_the_single_role_env_plays_its_role_against_the_chosen_policies():
    env = single_agent_env("tutorial", role="russia", opponents={"us": "passive", "nato": "passive"})
    observation, info = env.reset(seed=2)
    total, terminated = 0.0, False
    while not terminated:
        observation, reward, terminated, truncated, info = env.step(0)
        total += reward
    assert env.game.match.orders_log and all(turn["us"] == [] and turn["nato"] == [] for turn in env.game.match.orders_log)
    assert total == pytest.approx(env.game.match.scores["russia"])
    with pytest.raises(ValueError, match="unknown role"):
        single_agent_env("tutorial", role="china")
