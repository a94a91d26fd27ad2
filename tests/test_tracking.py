"""Tracking hidden values across the weeks (``planner:...,track=1``): the filter's update as a table,
its beliefs against the truth, what it reads (the role's view alone), determinism, games it cannot track."""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import make_policy
from game.ai.lookahead import belief_states
from game.ai.policies import PolicyError
from game.ai.tracking import Tracker, _Belief
from game.engine.observe import observe_batch
from game.simulation import play_batch, policies_for, start_batch

from batches import behind_the_view, mid_game

CHEAP = "planner:rollouts=4,candidates=2,samples=2,track=1"
READINESS = "invasion_readiness"


def one_view(rules, estimate):
    """NATO's view of one game at the start with its estimate of the readiness set to ``estimate``."""
    obs = observe_batch(rules, start_batch(rules, 1, 0, 1), "nato")
    obs.values[:, rules.var_index[READINESS]] = estimate
    return obs


@pytest.mark.parametrize("name, mean, spread, estimate, expected_mean, expected_spread", [
    ("a sure prediction is never surer than a third of the noise: an estimate within it moves it a little",
     40.0, 0.0, 55.0, 41.5, np.sqrt(0.9) * 4.0),
    ("an estimate far beyond both spreads widens the prediction: the belief follows the news",
     40.0, 0.0, 100.0, 85.0, np.sqrt(432) / 2),
    ("a prediction as uncertain as the estimate meets it halfway", 40.0, 12.0, 60.0, 50.0, 12.0 / np.sqrt(2)),
    ("a vague prediction follows the estimate", 40.0, 1200.0, 60.0, 60.0, 12.0),
    ("no estimate this week keeps the prediction", 40.0, 9.0, np.nan, 40.0, 9.0),
])
def test_the_estimate_pulls_the_prediction_as_far_as_the_spreads_say(rules, name, mean, spread, estimate,
                                                                     expected_mean, expected_spread):
    tracker = Tracker(rules, "nato")
    k = list(tracker.columns).index(rules.var_index[READINESS])
    assert rules.noise[rules.role_index("nato"), rules.var_index[READINESS]] == 12.0  # the table's premise
    prediction = np.full((1, len(tracker.columns)), mean), np.full((1, len(tracker.columns)), spread)
    got_mean, got_spread = tracker.read(one_view(rules, estimate), *prediction)
    assert got_mean[0, k] == pytest.approx(expected_mean, abs=0.05), name
    assert got_spread[0, k] == pytest.approx(expected_spread, abs=0.05), name


def test_a_role_that_estimates_nothing_tracks_nothing():
    from game.scenario import load_rules

    tutorial = load_rules("tutorial")  # its Kremlin sees every variable
    tracker = Tracker(tutorial, "russia")
    assert len(tracker.columns) == 0
    assert tracker.update(observe_batch(tutorial, start_batch(tutorial, 1, 0, 2), "russia"), None, None) is None


def tracked_game(rules, games=12, seed=2):
    """NATO's tracked readiness, its estimates and the truth, week by week, against historical others."""
    policy = make_policy(CHEAP, rules, "nato")
    v = rules.var_index[READINESS]
    k = list(policy.tracker.columns).index(v)
    seen, truth = {}, {}
    real = policy.track

    def track(obs):
        out = real(obs)
        for g in range(obs.size):
            seen[(int(obs.games[g]), obs.turn)] = (out[0][g, k], obs.values[g, v])
        return out

    policy.track = track

    def on_turn(state, orders):
        for g in range(state.size):
            truth[(int(state.games[g]), int(state.turn))] = state.values[g, v]

    policies = policies_for(rules, {"us": "historical", "russia": "historical"})
    policies[rules.role_index("nato")] = policy
    play_batch(rules, policies, start_batch(rules, seed, 0, games), on_turn=on_turn)
    rows = [(*seen[key], truth[key]) for key in seen if key in truth]
    return np.array(rows)


def test_the_tracked_belief_is_nearer_the_truth_than_the_weeks_estimate(rules):
    belief, estimate, truth = tracked_game(rules).T
    assert len(truth) > 60
    error_of_belief = np.sqrt(np.mean((belief - truth) ** 2))
    error_of_estimate = np.sqrt(np.mean((estimate - truth) ** 2))
    assert error_of_belief < 0.8 * error_of_estimate, (error_of_belief, error_of_estimate)


def test_the_tracker_reads_the_roles_view_alone(rules):
    """Last week's belief and this week's view the same, everything NATO may not know changed: the same belief."""
    before = observe_batch(rules, mid_game(rules, games=3, turns=2, seed=5), "nato")
    week = mid_game(rules, games=3, turns=3, seed=5)
    results = []
    for state in (week, behind_the_view(rules, week, "nato")):
        policy = make_policy(CHEAP, rules, "nato")
        mean, spread = policy.tracker.first(before)
        for g in range(before.size):
            policy.tracker.memory[(before.seed, int(before.games[g]))] = _Belief(before.turn, before, g, mean[g], spread[g])
        results.append(policy.track(observe_batch(rules, state, "nato")))
    assert results[0] is not None
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])


def test_a_game_it_did_not_see_last_week_is_imagined_around_the_estimate_then_tracked(rules):
    """A game loaded mid-way (no belief from last week) is imagined as without tracking, and tracked from there on."""
    policy = make_policy(CHEAP, rules, "nato")
    k = list(policy.tracker.columns).index(rules.var_index[READINESS])
    noise = rules.noise[rules.role_index("nato"), rules.var_index[READINESS]]
    loaded = observe_batch(rules, mid_game(rules, games=2, turns=3), "nato")
    policy.decide(loaded)
    belief = policy.tracker.memory[(loaded.seed, int(loaded.games[0]))]
    assert belief.mean[k] == loaded.values[0, rules.var_index[READINESS]] and belief.spread[k] == noise
    policy.decide(observe_batch(rules, mid_game(rules, games=2, turns=4), "nato"))
    assert all(b.turn == loaded.turn + 1 and b.spread[k] < noise for b in policy.tracker.memory.values())


def test_tracking_decides_the_same_from_the_same_seed(rules):
    def endings():
        policies = policies_for(rules, {"us": "historical", "nato": CHEAP, "russia": "historical"})
        final = play_batch(rules, policies, start_batch(rules, 4, 0, 4))
        return final.ending.tolist(), final.scores.round(9).tolist()

    assert endings() == endings()


def test_tracking_changes_what_is_imagined(rules):
    """The rollouts' futures start from the tracked belief, not from the week's estimate."""
    obs = observe_batch(rules, start_batch(rules, 1, 0, 2), "nato")
    v = rules.var_index[READINESS]
    tracker = Tracker(rules, "nato")
    k = list(tracker.columns).index(v)
    mean, spread = tracker.first(obs)
    rows, draws = np.repeat(np.arange(2), 400), np.tile(np.arange(400), 2)
    plain = belief_states(obs, rows, draws, 400, seed=3).values[:, v].reshape(2, 400)
    tracked = belief_states(obs, rows, draws, 400, seed=3, posterior=(mean, spread)).values[:, v].reshape(2, 400)
    assert (tracked.std(axis=1) < plain.std(axis=1)).all()
    assert np.allclose(tracked.mean(axis=1), mean[:, k], atol=2.0)


@pytest.mark.parametrize("spec", ["planner:track=2", "planner:track=-1"])
def test_track_is_on_or_off(rules, spec):
    with pytest.raises(PolicyError, match="track must be"):
        make_policy(spec, rules, "nato")


@pytest.mark.parametrize("spec, tracks", [("planner:easy", False), ("planner", False), ("planner:hard", True)])
def test_the_hard_level_alone_tracks(rules, spec, tracks):
    assert (make_policy(spec, rules, "nato").tracker is not None) == tracks


def test_asked_again_in_the_same_week_the_belief_is_the_same(rules):
    """A second decision in a week (an undo's reseal, the view the week resolves on) predicts from last
    week's belief again: not from this week's, and not around the estimate as if the game were new."""
    policy = make_policy(CHEAP, rules, "nato")
    policy.decide(observe_batch(rules, mid_game(rules, games=2, turns=1), "nato"))
    week = observe_batch(rules, mid_game(rules, games=2, turns=2), "nato")
    first = policy.track(week)
    again = policy.track(week)
    assert first is not None and again is not None
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert all(b.before is not None and b.before.before is None for b in policy.tracker.memory.values())


def test_a_recalled_game_holds_the_belief_of_one_played_straight_through(rules):
    """``Policy.recall`` (a loaded save) witnesses the played weeks again: the tracker's belief is the one
    a policy that watched them as they resolved holds, so a reload seals the same orders."""
    views = [observe_batch(rules, mid_game(rules, games=2, turns=t), "nato") for t in (0, 1, 2)]
    watched = make_policy(CHEAP, rules, "nato")
    for obs in views:
        watched.decide(obs)
        watched.witness(obs)
    loaded = make_policy(CHEAP, rules, "nato")
    assert loaded.learns
    loaded.recall(views)
    for key, belief in watched.tracker.memory.items():
        np.testing.assert_array_equal(loaded.tracker.memory[key].mean, belief.mean)
        np.testing.assert_array_equal(loaded.tracker.memory[key].spread, belief.spread)


def test_reading_the_belief_remembers_nothing_and_is_what_the_planner_believes(rules):
    """``tracked`` (the negotiator's read of the planner's mind) gives this week's belief and changes no memory."""
    policy = make_policy(CHEAP, rules, "nato")
    policy.decide(observe_batch(rules, mid_game(rules, games=2, turns=1), "nato"))
    week = observe_batch(rules, mid_game(rules, games=2, turns=2), "nato")
    memory = dict(policy.tracker.memory)
    read = policy.tracked(week)
    assert read is not None and policy.tracker.memory == memory
    policy.decide(week)  # the belief it decides on, the others' unseen moves weighed as it has learned them
    for g in range(week.size):
        believed = policy.tracker.memory[(week.seed, int(week.games[g]))]
        np.testing.assert_array_equal(read[0][g], believed.mean)
        np.testing.assert_array_equal(read[1][g], believed.spread)


def test_a_tracking_planners_negotiator_judges_deals_on_futures_from_its_belief(rules, monkeypatch):
    import game.ai.negotiate as negotiate

    hard = make_policy(CHEAP, rules, "nato")
    assert negotiate.negotiator_for(rules, "nato", CHEAP, hard).planner is hard
    assert negotiate.negotiator_for(rules, "nato", "planner", make_policy("planner", rules, "nato")).planner is None
    hard.decide(observe_batch(rules, mid_game(rules, games=1, turns=1), "nato"))
    week = observe_batch(rules, mid_game(rules, games=1, turns=2), "nato")
    belief = hard.tracked(week)
    assert belief is not None
    v, k = rules.var_index[READINESS], list(hard.tracker.columns).index(rules.var_index[READINESS])
    imagined = []

    def watched(*args, **kwargs):
        state = belief_states(*args, **kwargs)
        imagined.append((kwargs.get("posterior"), state.values[:, v].copy()))
        return state

    monkeypatch.setattr(negotiate, "belief_states", watched)
    negotiate.negotiator_for(rules, "nato", CHEAP, hard).values(week, [negotiate.Variant()], rollouts=64)
    (posterior, readiness), = imagined
    np.testing.assert_array_equal(posterior[0], belief[0])
    assert abs(readiness.mean() - belief[0][0, k]) < 3 * belief[1][0, k]


def test_the_moves_the_role_saw_are_played_as_seen_not_as_its_model_guesses(rules):
    """NATO sees every move in winter-2021: last week's imagined games play the moves it saw, whatever
    its model of the others would have ordered."""
    from game.engine.tables import tables

    policy = make_policy(CHEAP, rules, "nato")
    assert tables(rules).known_actions[policy.r] is None  # none hidden from it
    policy.decide(observe_batch(rules, mid_game(rules, games=2, turns=1), "nato"))
    week = observe_batch(rules, mid_game(rules, games=2, turns=2), "nato")
    past = [policy.tracker.memory[(week.seed, int(g))] for g in week.games]

    def imagine(then, rows, draws, samples, belief):
        return belief_states(then, rows, draws, samples, 7, posterior=belief)

    everything = policy.tracker.predict(week, past, imagine, lambda state, legal, owners: legal.copy())
    nothing = policy.tracker.predict(week, past, imagine, lambda state, legal, owners: np.zeros_like(legal))
    np.testing.assert_array_equal(everything[0], nothing[0])
    np.testing.assert_array_equal(everything[1], nothing[1])


def test_a_games_play_does_not_depend_on_the_games_beside_it_in_a_batch(rules):
    """Last week's view is kept as a copy: a batch steps its state in place, and a view's bookkeeping
    may be a read-only view of it (game 5 of seed 7 played otherwise beside five others before: a
    thinking Kremlin's demands and threats changed last week's view under the tracker)."""
    def play(first, games):
        policies = policies_for(rules, {"us": "historical", "nato": CHEAP, "russia": "planner:easy"})
        return play_batch(rules, policies, start_batch(rules, 7, first, games)).scores

    np.testing.assert_array_equal(play(0, 6)[5], play(5, 1)[0])
