"""``hold``: a planner leaves its yes or no to a pending demand for the demand's last week (or the game's),
and a counter too when it would settle the demand (every other addressee has answered); a first
counter, which leaves the demand pending, it judges any week.

Why (docs/HISTORY.md, "Is it a game?"): a thinking Kremlin whose written demand is unanswered waits for a
yes; refused, with its forces ready, it takes the Donbas. The planner's cheap models of Russia do
not value that hope, so without ``hold`` it answers as soon as the answer looks good this week.
A first counter is not that refusal: the demand still stands (the Kremlin waits for the other
addressee's word) and the talks move. In real games of planners an early US counter cut the
Kremlin's strikes (57% to 21% of games), so holding it too left the US planner exploitable; a
NATO planner free to counter second, early, settled the demand early and lost 7.8 points a game
(README, Exploitability).
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import make_policy
from game.ai.lookahead import held_answers
from game.engine import state as st
from game.engine.observe import observe_batch

from batches import mid_game


@pytest.mark.parametrize("name, role, answer, status, made, turn, answered, held", [
    ("before its last week the no waits", "us", "demand_no_expansion.reject", st.PENDING, 2, 8, None, True),
    ("in the week it would expire the no may go", "us", "demand_no_expansion.reject", st.PENDING, 2, 9, None, False),
    ("the yes waits too", "us", "demand_no_expansion.accept", st.PENDING, 2, 5, None, True),
    ("a first counter is judged any week", "us", "demand_no_expansion.counter", st.PENDING, 2, 5, None, False),
    ("a counter that would settle the demand waits", "us", "demand_no_expansion.counter", st.PENDING, 2, 5,
     "nato:demand_no_expansion.counter", True),
    ("... until the demand's last week", "us", "demand_no_expansion.counter", st.PENDING, 2, 9,
     "nato:demand_no_expansion.counter", False),
    ("NATO's counter after Washington's waits", "nato", "demand_no_expansion.counter", st.PENDING, 2, 5,
     "us:demand_no_expansion.reject", True),
    ("a demand that outlives the game waits for its last week", "us", "demand_no_expansion.reject", st.PENDING, 8, 11, None, True),
    ("in the game's last week every answer may go", "us", "demand_no_expansion.reject", st.PENDING, 8, 12, None, False),
    ("a demand already settled holds nothing", "us", "demand_no_expansion.reject", st.COUNTERED, 2, 5, None, False),
    ("a demand not made holds nothing", "us", "demand_no_expansion.reject", st.NOT_MADE, 0, 5, None, False),
    ("NATO's answers are NATO's", "nato", "demand_no_expansion.reject", st.PENDING, 2, 5, None, True),
    ("a demand to NATO alone: its counter settles it, so waits", "nato", "demand_withdraw_offensive_equipment.counter",
     st.PENDING, 3, 5, None, True),
    ("Russia's answer to the pullback waits too", "russia", "demand_pullback.counter", st.PENDING, 6, 7, None, True),
])
def test_which_answers_wait(rules, name, role, answer, status, made, turn, answered, held):
    action = rules.action(role, answer)
    d = rules.demand_index[answer.split(".")[0]]
    statuses = np.full((1, len(rules.demands)), st.NOT_MADE)
    turns = np.zeros((1, len(rules.demands)), dtype=np.int64)
    statuses[0, d], turns[0, d] = status, made
    uses = np.zeros((1, len(rules.actions)), dtype=np.int64)
    if answered is not None:  # another addressee's answer, on record
        other, move = answered.split(":")
        uses[0, rules.action(other, move).index] = 1
    got = held_answers(rules, rules.role_index(role), turn, statuses, turns, uses)
    assert bool(got[0, action.index]) is held, name
    assert not got[0, rules.action_role != rules.role_index(role)].any(), name  # only its own answers wait


def test_a_holding_planner_says_neither_yes_nor_no_to_moscows_demand_early(rules):
    """Week 5 of the documented path: Moscow's demand of week 2 stands, the US may answer it, and the
    planner with ``hold`` neither accepts nor rejects it (it still gives orders)."""
    state = mid_game(rules, games=3, turns=4, seed=7)
    seen = observe_batch(rules, state, "us")
    answers = [rules.action("us", f"demand_no_expansion.{a}").index for a in ("accept", "reject", "counter")]
    assert seen.legal[:, answers].all()
    orders = make_policy("planner:easy,screen=0,hold=1", rules, "us").decide(seen)
    assert orders.any(axis=1).all()
    assert not orders[:, answers[:2]].any()


def test_the_normal_planner_counters_moscows_demand_early_when_the_counter_pays(rules):
    """The mechanism the US planner was exploited by (README, Exploitability): week 5 of the documented
    path, Moscow's demand standing. The normal planner used to hold every answer for the demand's last
    week, and its models of Russia read a counter as a refusal to strike on; now it counters here in
    some of the games (where its rollouts find the counter worth it), as greedy did in 8 of 10 real
    games against planners."""
    state = mid_game(rules, games=4, turns=4, seed=7)
    seen = observe_batch(rules, state, "us")
    counter = rules.action("us", "demand_no_expansion.counter").index
    assert seen.legal[:, counter].all()
    assert make_policy("planner", rules, "us").decide(seen)[:, counter].any()
