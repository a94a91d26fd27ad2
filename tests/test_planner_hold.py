"""``hold``: a planner leaves its answer to a pending demand for the demand's last week (or the game's).

Why (README, "Is it a game?"): a thinking Kremlin whose written demand is unanswered waits for a
yes; refused, with its forces ready, it takes the Donbas. The planner's cheap models of Russia do
not value that hope, so without ``hold`` it answers as soon as the answer looks good this week.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_ai_players import mid_game

from game.ai import make_policy
from game.ai.lookahead import held_answers
from game.engine import state as st
from game.engine.observe import observe_batch


@pytest.mark.parametrize("name, role, answer, status, made, turn, held", [
    ("before its last week the answer waits", "us", "demand_no_expansion.counter", st.PENDING, 2, 8, True),
    ("in the week it would expire the answer may go", "us", "demand_no_expansion.counter", st.PENDING, 2, 9, False),
    ("every answer waits, not only the counter", "us", "demand_no_expansion.reject", st.PENDING, 2, 5, True),
    ("a demand that outlives the game waits for its last week", "us", "demand_no_expansion.counter", st.PENDING, 8, 11, True),
    ("in the game's last week every answer may go", "us", "demand_no_expansion.counter", st.PENDING, 8, 12, False),
    ("a demand already settled holds nothing", "us", "demand_no_expansion.counter", st.COUNTERED, 2, 5, False),
    ("a demand not made holds nothing", "us", "demand_no_expansion.counter", st.NOT_MADE, 0, 5, False),
    ("NATO's answers are NATO's", "nato", "demand_no_expansion.counter", st.PENDING, 2, 5, True),
    ("Russia's answer to the pullback waits too", "russia", "demand_pullback.counter", st.PENDING, 6, 7, True),
])
def test_which_answers_wait(rules, name, role, answer, status, made, turn, held):
    action = rules.action(role, answer)
    d = rules.demand_index[answer.split(".")[0]]
    statuses = np.full((1, len(rules.demands)), st.NOT_MADE)
    turns = np.zeros((1, len(rules.demands)), dtype=np.int64)
    statuses[0, d], turns[0, d] = status, made
    got = held_answers(rules, rules.role_index(role), turn, statuses, turns)
    assert bool(got[0, action.index]) is held, name
    assert not got[0, rules.action_role != rules.role_index(role)].any(), name  # only its own answers wait


def test_a_holding_planner_leaves_moscows_demand_unanswered(rules):
    """Week 5 of the documented path: Moscow's demand of week 2 stands, the US may answer it, and the
    planner with ``hold`` does not (it still gives orders), where the same planner without it does.
    (Unscreened, ``screen=0``: the screened easy planner's rollouts of the answer on its own
    already leave the demand standing here, so the hold would have nothing to change.)"""
    state = mid_game(rules, games=3, turns=4, seed=7)
    seen = observe_batch(rules, state, "us")
    answers = [rules.action("us", f"demand_no_expansion.{a}").index for a in ("accept", "reject", "counter")]
    assert seen.legal[:, answers].all()
    orders = make_policy("planner:easy,screen=0,hold=1", rules, "us").decide(seen)
    assert orders.any(axis=1).all()
    assert not orders[:, answers].any()
    assert make_policy("planner:easy,screen=0", rules, "us").decide(seen)[:, answers].any()
