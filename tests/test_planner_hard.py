"""The hard level: its screening of every move by rollouts, normal's shortlist widened, determinism, hidden information.

Its strength is measured by paired runs (README, AI players), not here: these tests check the
rules it decides by, on few games.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import make_policy
from game.ai.lookahead import belief_states, distinct_best
from game.ai.planner import LEVELS, clear_leads, combination_lift, guarded_tails, widened_best
from game.ai.policies import PolicyError
from game.engine.observe import observe_batch

from batches import behind_the_view, mid_game

T, F = True, False


@pytest.mark.parametrize("name, members, lift, expected", [
    ("a set gets the lift of its best part", [[T, T, F]], [2.0, 1.0, 5.0], [2.0]),
    ("a part that pays later lifts every set it is in", [[F, T, T], [T, F, T]], [0.0, 1.0, 4.0], [4.0, 4.0]),
    ("parts that lost in the rollouts lower the set", [[T, T, F]], [-3.0, -1.0, 9.0], [-1.0]),
    ("lifts are not added: the later weeks count once", [[T, T, T]], [2.0, 2.0, 2.0], [2.0]),
    ("an empty set (no combination left) gets none", [[F, F, F]], [2.0, 1.0, 5.0], [0.0]),
])
def test_a_combination_is_ranked_by_its_best_part(name, members, lift, expected):
    got = combination_lift(np.array([members]), np.array([lift]))
    assert got[0].tolist() == expected, name


# Four candidates' orders (two actions): none, a, b, a and b; a fifth that repeats a's orders.
ORDERS = [[F, F], [T, F], [F, T], [T, T], [T, F]]


@pytest.mark.parametrize("name, quick, ranking, plain, keep, widen, expected", [
    ("normal's shortlist first, then the screen's best of the rest",
     [0, 2, 1, 0.5, 0], [0, 1, 3, 4, 0], 3, 2, 1, [0, 1, 3]),
    ("normal's shortlist is kept whole, whatever the screen thinks of it",
     [0, 2, 1, 0.5, 0], [0, -9, -9, 4, 0], 4, 3, 1, [0, 1, 2, 3]),
    ("a candidate outside normal's set can only be an extra",
     [0, 0, 0, 9, 0], [0, 1, 2, 3, 0], 3, 2, 2, [0, 1, 3, 2]),
    ("an extra with the orders of one kept is skipped",
     [0, 2, 1, 0.5, 0], [0, 0, 0, 0, 9], 5, 2, 1, [0, 1, 2]),
    ("too few different candidates: the last one repeated",
     [0, 2, 1, 0.5, 0], [0, 1, 3, 4, 0], 2, 2, 5, [0, 1, 3, 2, 2, 2, 2]),
])
def test_the_widened_shortlist_keeps_normals_and_adds_the_screens_best(name, quick, ranking, plain, keep, widen,
                                                                      expected):
    got = widened_best(np.array([ORDERS]), np.array([quick], dtype=float), np.array([ranking], dtype=float),
                       plain, keep, widen)
    assert got[0].tolist() == expected, name


def test_the_hard_level_screens_every_move_by_rollouts(rules):
    hard, normal = make_policy("planner:hard", rules, "us"), make_policy("planner", rules, "us")
    assert hard.screen > 0 == normal.screen
    assert LEVELS["hard"]["screen"] == hard.screen
    assert hard.widen > 0 == normal.widen and hard.candidates == normal.candidates  # normal's shortlist, and more


@pytest.fixture(scope="module")
def week_five(rules):
    return mid_game(rules, games=3, turns=4, seed=7)


@pytest.mark.parametrize("role", ["us", "nato"])
def test_the_hard_level_decides_the_same_from_the_same_seed(rules, week_five, role):
    seen = observe_batch(rules, week_five, role)
    first = make_policy("planner:hard", rules, role).decide(seen)
    again = make_policy("planner:hard", rules, role).decide(observe_batch(rules, week_five.copy(), role))
    assert first.any() and np.array_equal(first, again)


def test_the_hard_level_plans_from_what_its_role_observes(rules, week_five):
    """Everything the US may not know changed behind the same view: the same orders."""
    other = behind_the_view(rules, week_five, "us")
    assert not np.array_equal(week_five.values, other.values)
    seen, seen_other = observe_batch(rules, week_five, "us"), observe_batch(rules, other, "us")
    hard = make_policy("planner:hard", rules, "us")
    assert np.array_equal(hard.decide(seen), make_policy("planner:hard", rules, "us").decide(seen_other))


def test_screening_changes_what_the_planner_weighs_and_keeps_normals_shortlist(rules, week_five):
    """The screening is not idle (its ranking differs from the one-turn judge's on these games), and
    the widened shortlist begins with exactly the normal level's: the same candidates, in order."""
    hard, normal = make_policy("planner:hard", rules, "us"), make_policy("planner", rules, "us")
    obs = observe_batch(rules, week_five, "us")
    for planner in (hard, normal):
        planner.beliefs = planner.mixture.update(obs, lambda rows, draws, s, stream: belief_states(obs, rows, draws, s, stream))
    trust = hard.trust_in_model(obs)[:, None]
    everything, quick, ranking, plain = hard.screened(obs, trust, plain=True)
    assert not np.allclose(quick, ranking)
    best = widened_best(everything, quick, ranking, plain, hard.candidates, hard.widen)
    mine = np.take_along_axis(everything, best[:, :, None], axis=1)
    theirs, their_quick = normal.one_turn_ahead(obs, normal.samples)
    normals = np.take_along_axis(theirs, distinct_best(theirs, their_quick, normal.candidates)[:, :, None], axis=1)
    assert np.array_equal(mine[:, :normal.candidates], normals)
    added = [{row.tobytes() for row in mine[g, normal.candidates:]} - {row.tobytes() for row in normals[g]}
             for g in range(obs.size)]
    assert all(added)  # and moves normal would not have weighed follow


# Two of normal's candidates (none, its pick) and one added, on four futures: the lead of the added
# one over the pick is its values minus the pick's, future by future.
@pytest.mark.parametrize("name, pick, added, z, expected_best", [
    ("a clear lead is kept", [1, 1, 1, 1], [2.0, 2.1, 1.9, 2.0], 2.0, 2),
    ("a lead within the noise goes back to normal's pick", [1, 1, 1, 1], [3.0, -1.0, 3.0, 0.0], 2.0, 1),
    ("without switch the best-looking is played", [1, 1, 1, 1], [3.0, -1.0, 3.0, 0.0], 0.0, 2),
    ("an added candidate behind the pick stays behind", [1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5], 2.0, 1),
])
def test_switch_leaves_normals_pick_only_on_a_clear_paired_lead(name, pick, added, z, expected_best):
    values = np.array([[[0.0] * 4, pick, added]])
    final = values.mean(axis=2)
    got = clear_leads(final, values, np.ones((1, 1)), 2, z)
    assert int(got.argmax(axis=1)[0]) == expected_best, name
    assert np.array_equal(got[:, :2], final[:, :2])  # normal's candidates keep their worth


# Normal's two candidates (none, its pick: 5 on every future) and one added, on four futures.
@pytest.mark.parametrize("name, added, share, expected_best", [
    ("a better mean with a worse worst future is struck out", [9, 9, 9, 1], 0.25, 1),
    ("a better mean whose worst future is no worse is kept", [9, 9, 9, 5], 0.25, 2),
    ("judged by its worst half, one bad future among good ones may pass", [9, 9, 9, 4], 0.5, 2),
    ("judged by its worst half, two bad futures do not", [9, 9, 4, 4], 0.5, 1),
    ("without tail the best-looking is played", [9, 9, 9, 1], 0.0, 2),
])
def test_tail_leaves_normals_pick_for_no_move_that_makes_the_worst_futures_worse(name, added, share, expected_best):
    values = np.array([[[0.0] * 4, [5.0] * 4, added]])
    final = values.mean(axis=2)
    got = guarded_tails(final, values, 2, share) if share else final
    assert int(got.argmax(axis=1)[0]) == expected_best, name
    assert np.array_equal(got[:, :2], final[:, :2])  # normal's candidates keep their worth


@pytest.mark.parametrize("spec, message", [
    ("planner:hard,switch=-1", "switch must be 0 or more"),
    ("planner:hard,switch=nan", "switch must be 0 or more"),
    ("planner:hard,verify=-1", "verify must be between 0 and 100000"),
    ("planner:hard,switch=2,halving=1", "switch, verify and tail need halving=0"),
    ("planner:hard,verify=4,halving=1", "switch, verify and tail need halving=0"),
    ("planner:hard,tail=0.2,halving=1", "switch, verify and tail need halving=0"),
    ("planner:hard,tail=1", "tail must be from 0"),
    ("planner:hard,tail=-0.1", "tail must be from 0"),
    ("planner:hard,tail=nan", "tail must be from 0"),
])
def test_bad_switch_settings_are_refused(rules, spec, message):
    with pytest.raises(PolicyError, match=message):
        make_policy(spec, rules, "nato")


@pytest.mark.parametrize("name, checker_lead, struck", [
    ("an added pick that loses against the checking model goes back to normal's", -0.5, True),
    ("one that still leads is played", 0.5, False),
])
def test_verify_plays_the_added_pick_again_against_a_thinking_model(rules, week_five, monkeypatch, name,
                                                                    checker_lead, struck):
    hard = make_policy("planner:hard,verify=4", rules, "us")
    obs = observe_batch(rules, week_five, "us")
    G, C = obs.size, hard.candidates + hard.widen
    shortlist = np.zeros((G, C, len(rules.actions)), dtype=bool)
    final = np.zeros((G, C))
    final[:, 1], final[:, -1] = 1.0, 2.0  # normal's pick is candidate 1, hard's an added one
    seen = []

    def outcomes(sub, pair, samples, horizon):
        seen.append((sub.size, pair.shape, samples, horizon))
        values = np.zeros((sub.size, 2, samples))
        values[:, 1] = checker_lead
        return values

    monkeypatch.setattr(hard.checker, "outcomes", outcomes)
    got = hard.checked(obs, shortlist, final)
    assert seen == [(G, (G, 2, len(rules.actions)), 4, None)]  # both played to the end on 4 new futures
    assert (got.argmax(axis=1) == (1 if struck else C - 1)).all(), name
    assert hard.checker.mixture.names == ["greedy:samples=4,opponents=historical"]  # not the rollouts' scripts


@pytest.mark.parametrize("role, turns", [("us", 4)])
def test_verify_plans_from_what_its_role_observes_and_decides_the_same_again(rules, role, turns):
    """The check behind ``verify`` plays on imagined games built from the role's view: everything the
    role may not know changed behind the same view, the same orders (and the check did run: in weeks
    where hard leaves normal's line: the US's fifth in these games)."""
    week = mid_game(rules, games=3, turns=turns, seed=7)
    other = behind_the_view(rules, week, role)
    checks = []

    def counted(planner):
        real = planner.checker.outcomes

        def outcomes(*args, **kwargs):
            checks.append(args[1].shape[0])
            return real(*args, **kwargs)

        planner.checker.outcomes = outcomes
        return planner

    first = counted(make_policy("planner:hard,verify=4", rules, role)).decide(observe_batch(rules, week, role))
    again = counted(make_policy("planner:hard,verify=4", rules, role)).decide(observe_batch(rules, other, role))
    assert checks and checks[0] == checks[1]  # some game's added pick was checked, the same in both
    assert np.array_equal(first, again)
