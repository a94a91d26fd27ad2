"""``answers``: whether the planner's own continuation in its rollouts answers demands.

Why (docs/HISTORY.md, "Is it a game?"): the continuation (``historical``) counters Moscow's written
demand in week 8 in every imagined game, so with ``answers=1`` the search weighs answering now
against answering in week 8, never against leaving the demand unanswered. ``answers=0`` leaves
the answer to the move being judged; ``answers=2`` plays each continuation both ways.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.ai import make_policy
from game.ai.lookahead import belief_states, own_answers
from game.ai.policies import PolicyError
from game.engine import state as st
from game.engine.observe import observe_batch

from batches import mid_game


@pytest.mark.parametrize("name, role, action, answer", [
    ("the US counter to Moscow's demand is an answer", "us", "demand_no_expansion.counter", True),
    ("so is its acceptance", "us", "demand_no_expansion.accept", True),
    ("NATO's reply to the equipment demand is NATO's", "nato", "demand_withdraw_offensive_equipment.reject", True),
    ("Russia answers the pullback demand", "russia", "demand_pullback.counter", True),
    ("a move of diplomacy is no answer", "us", "geneva_talks", False),
    ("making a demand is no answer", "russia", "demand_no_expansion", False),
])
def test_which_actions_are_a_roles_answers(rules, name, role, action, answer):
    r = rules.role_index(role)
    got = own_answers(rules, r)
    assert bool(got[rules.action(role, action).index]) is answer, name
    assert not got[rules.action_role != r].any(), name  # only its own answers


def us_answers_in_rollouts(rules, spec):
    """The US answer to Moscow's demand at the end of the planner's imagined games from week 5
    of the documented path, the US opening with no orders and going on as its continuation(s)."""
    state = mid_game(rules, games=2, turns=4, seed=7)
    seen = observe_batch(rules, state, "us")
    planner = make_policy(spec, rules, "us")
    slot = rules.action("us", "demand_no_expansion.counter").slot
    out = []
    for k in range(len(planner.then)):
        rows, draws = np.repeat(np.arange(2), 4), np.tile(np.arange(4), 2)
        imagined = belief_states(seen, rows, draws, 4, seed=11)
        assignment = planner.mixture.assign(planner.weights_of(seen)[rows], imagined)
        first = np.zeros((len(rows), len(rules.actions)), dtype=bool)
        planner.play_on(imagined, first, None, assignment, then=k)
        out.append(imagined.answers[:, slot])
    return out


@pytest.mark.parametrize("name, spec, answered", [
    ("as it was: the continuation counters in week 8", "planner:easy", [True]),
    ("answers=0: no imagined game has a US answer it did not give", "planner:easy,answers=0", [False]),
    ("answers=2: both continuations, the answering and the silent", "planner:easy,answers=2", [True, False]),
    ("the normal level's continuation is silent by default", "planner", [False]),
])
def test_the_continuation_answers_only_when_told(rules, name, spec, answered):
    got = us_answers_in_rollouts(rules, spec)
    assert [bool((a != st.NO_ANSWER).any()) for a in got] == answered, name


@pytest.mark.parametrize("name, spec, hold, answers", [
    ("normal: the answer waits and the continuation is silent", "planner", 1, 0),
    ("hard builds on normal", "planner:hard", 1, 0),
    ("easy answers as before (it gained nothing by the rule)", "planner:easy", 0, 1),
    ("a persona is built on easy", "hawk", 0, 1),
    ("a setting overrides the level", "planner:easy,answers=0", 0, 0),
])
def test_the_levels_answering_rules(rules, name, spec, hold, answers):
    planner = make_policy(spec, rules, "us")
    assert (planner.hold, planner.silent) == (hold, [answers == 0] * len(planner.then)), name


def test_answers_is_checked(rules):
    with pytest.raises(PolicyError, match="answers"):
        make_policy("planner:answers=3", rules, "us")
