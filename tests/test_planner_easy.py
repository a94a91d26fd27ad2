"""The easy level screens every single move by a few rollouts of its own before the shortlist.

Why (docs/HISTORY.md, "Is it a game?", NATO): shortlisted by the one-turn judge alone, the easy planner
never met the moves whose worth comes in later weeks. NATO's unity statement can fail in
council and cost cohesion this week, so the judge turned it down on its own and never put it in
a set, while the rollouts rank it with the reinforcements above the pair the planner played;
NATO's easy planner stayed within noise of its best script. Its strength is measured by paired
runs, not here: these tests check the rule on few games.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import make_policy
from game.ai.lookahead import belief_states
from game.ai.planner import LEVELS
from game.engine import initial_state
from game.engine.observe import observe_batch

from batches import mid_game


def test_the_easy_level_screens_every_move_by_rollouts_more_cheaply_than_hard(rules):
    easy, hard = make_policy("planner:easy", rules, "nato"), make_policy("planner:hard", rules, "nato")
    assert 0 < easy.screen < hard.screen
    assert easy.screen == LEVELS["easy"]["screen"]
    assert make_policy("planner:easy,screen=0", rules, "nato").screen == 0  # still a setting


@pytest.fixture(scope="module")
def week_seven(rules):
    return mid_game(rules, games=12, turns=6, seed=5)


def test_the_easy_shortlist_is_drawn_from_the_rollouts_of_every_move(rules, week_seven):
    """Screened, the singles are ranked by their rollouts too, not by the one-turn judge alone."""
    easy = make_policy("planner:easy", rules, "nato")
    obs = observe_batch(rules, week_seven, "nato")
    easy.beliefs = easy.mixture.update(obs, lambda rows, draws, s, stream: belief_states(obs, rows, draws, s, stream))
    _, quick, ranking, _ = easy.screened(obs, easy.trust_in_model(obs)[:, None])
    assert not np.allclose(quick, ranking)


def test_the_screen_changes_what_the_easy_planner_orders(rules, week_seven):
    """NATO in week 7 of the documented path: in some games the screened easy planner orders
    otherwise than the one shortlisted by the one-turn judge alone."""
    obs = observe_batch(rules, week_seven, "nato")
    screened = make_policy("planner:easy", rules, "nato").decide(obs)
    unscreened = make_policy("planner:easy,screen=0", rules, "nato").decide(obs)
    differ = (screened != unscreened).any(axis=1)
    assert differ.any() and not differ.all()


@pytest.mark.parametrize("role, turns", [("nato", 0), ("us", 0), ("russia", 6)])
def test_a_candidate_allowed_in_no_game_is_played_once_to_the_same_values(rules, role, turns):
    """A single move not allowed in any game of the batch orders nothing, as the first candidate
    does: it gets the first's values, and the moves that are allowed get the values they get
    when judged beside the first alone (the same futures: common random numbers)."""
    state = initial_state(rules, seed=3, games=3) if turns == 0 else mid_game(rules, games=3, turns=turns, seed=3)
    planner = make_policy("planner:easy", rules, role)
    obs = observe_batch(rules, state, role)
    singles = planner.singles(obs)
    nowhere = (singles == singles[:, :1]).all(axis=(0, 2))
    nowhere[0] = False
    allowed = np.flatnonzero(~nowhere)[1:]
    assert nowhere.any() and len(allowed)
    values = planner.outcomes(obs, singles, 3, horizon=None)
    assert np.array_equal(values[:, nowhere], np.repeat(values[:, :1], nowhere.sum(), axis=1))
    alone = planner.outcomes(obs, singles[:, [0, allowed[0]]], 3, horizon=None)
    assert np.array_equal(values[:, [0, allowed[0]]], alone)
