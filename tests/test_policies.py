"""The simple policies: legal orders within budget, chosen from the role's own view."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.ai import PolicyError, make_policy
from game.engine import initial_state, legal_mask, observe_batch
from game.scenario import load_scenario

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI).rules


def ids(rules, row) -> list[str]:
    return [rules.actions[i].id for i in np.flatnonzero(row)]


def test_fixed_takes_listed_legal_actions_in_order_within_budget(mini):
    policy = make_policy("fixed:strike,push,quiet,hedge", mini, "a")
    state = initial_state(mini, 1, games=2)
    state.values[1, mini.var_index["h"]] = 70  # strike is legal only in game 1
    orders = policy.decide(observe_batch(mini, state, "a"))
    assert ids(mini, orders[0]) == ["push", "quiet"]  # strike illegal; hedge over budget
    assert ids(mini, orders[1]) == ["strike"]  # costs the whole budget


def test_historical_follows_the_record_and_adapts(mini):
    policy = make_policy("historical", mini, "a")
    state = initial_state(mini, 1, games=2)
    assert ids(mini, policy.decide(observe_batch(mini, state, "a"))[0]) == ["push"]
    state.turn = 2
    state.estimates[0, 0, mini.var_index["h"]] = 70  # in its own view, game 0 is ready
    state.estimates[1, 0, mini.var_index["h"]] = 10
    state.values[:, mini.var_index["h"]] = 70  # strike is legal in both games
    orders = policy.decide(observe_batch(mini, state, "a"))
    assert ids(mini, orders[0]) == ["strike"] and ids(mini, orders[1]) == ["hedge"]


def test_random_orders_are_legal_and_within_budget(rules):
    for role in rules.roles:
        policy = make_policy("random", rules, role)
        state = initial_state(rules, 2, games=500)
        orders = policy.decide(observe_batch(rules, state, role))
        assert not (orders & ~legal_mask(rules, state)).any()
        assert ((orders * rules.costs).sum(axis=1) <= rules.budgets[rules.role_index(role)]).all()
        assert orders.any(axis=1).mean() > 0.5  # it does act


def test_passive_gives_no_orders(rules):
    state = initial_state(rules, 2, games=10)
    assert not make_policy("passive", rules, "us").decide(observe_batch(rules, state, "us")).any()


@pytest.mark.parametrize("spec, message", [("clever", "unknown policy"), ("fixed:push", "has no action 'push'")])
def test_bad_policy_names_are_refused(rules, spec, message):
    with pytest.raises(PolicyError, match=message):
        make_policy(spec, rules, "us")
