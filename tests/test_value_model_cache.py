"""The value model is fitted once per process for every copy of the same rules, and never shared between rules
that play differently (``lookahead.value_model``, keyed by ``engine.fingerprint``)."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

from game.ai import lookahead
from game.engine.fingerprint import fingerprint
from game.scenario import load_scenario
from game.scenario.compile import compile_scenario
from game.simulation import simulate
from game.tournament import tournament


@pytest.fixture
def fits(monkeypatch):
    """An empty process cache, and the rules of every fit made while the test runs."""
    made = []

    class Counted(lookahead.ValueModel):
        def __init__(self, rules, *args, **kwargs):
            made.append(rules)
            super().__init__(rules, *args, **kwargs)

    monkeypatch.setattr(lookahead, "FITTED", OrderedDict())
    monkeypatch.setattr(lookahead, "ValueModel", Counted)
    return made


def with_us_weight(weight: float):
    """The tutorial compiled from its model in memory (no content hash) with the US's one objective weight set."""
    model = load_scenario("tutorial").model.model_copy(deep=True)
    model.objectives["us"].each_turn[0].weight = weight
    return compile_scenario(model)


def test_the_same_scenario_loaded_twice_is_fitted_once(fits):
    first, second = load_scenario("tutorial").rules, load_scenario("tutorial").rules
    assert first is not second
    assert lookahead.value_model(first) is lookahead.value_model(second)
    assert fits == [first]


def test_two_scenarios_differing_in_one_weight_get_models_of_their_own(fits):
    one, two = with_us_weight(1), with_us_weight(2)
    assert one.content_hash == two.content_hash == ""  # the file's hash cannot tell them apart: the rules' digest can
    a, b = lookahead.value_model(one), lookahead.value_model(two)
    assert fits == [one, two]
    us = one.role_index("us")
    assert not np.array_equal(a.weights[:, us], b.weights[:, us])  # the US's points differ, so does what it expects
    assert lookahead.value_model(with_us_weight(1)) is a  # and the same content compiled again finds its own


def test_rules_changed_in_code_after_loading_are_fitted_again(fits):
    loaded, changed = load_scenario("tutorial").rules, load_scenario("tutorial").rules
    changed.budgets[0] += 1
    assert loaded.content_hash == changed.content_hash
    assert lookahead.value_model(loaded) is not lookahead.value_model(changed)
    assert fits == [loaded, changed]


def test_the_fit_depends_on_the_rules_alone():
    """What makes sharing sound: two fits of two copies are the same model, number for number."""
    a, b = (lookahead.ValueModel(load_scenario("tutorial").rules) for _ in range(2))
    assert np.array_equal(a.weights, b.weights) and a.weights.any()


def test_the_process_keeps_only_the_latest_models(fits, monkeypatch):
    monkeypatch.setattr(lookahead, "FITTED_KEPT", 2)
    one, two, three = with_us_weight(1), with_us_weight(2), with_us_weight(3)
    lookahead.value_model(one)
    lookahead.value_model(two)
    lookahead.value_model(with_us_weight(1))  # a hit: the first becomes the latest used
    lookahead.value_model(three)  # a third: the least recently used (the second) goes
    assert list(lookahead.FITTED) == [fingerprint(one), fingerprint(three)]
    assert fits == [one, two, three]
    lookahead.value_model(with_us_weight(2))
    assert len(fits) == 4  # fitted again once forgotten


@pytest.mark.parametrize("run", [
    pytest.param(lambda rules: simulate(rules, {"us": "greedy"}, games=4, chunk=2, workers=2), id="simulate"),
    pytest.param(lambda rules: tournament(rules, 2, policies=("passive", "dove"), opponents=("historical",), workers=2),
                 id="tournament"),
])
def test_worker_processes_inherit_the_judge_fitted_before_they_fork(fits, run):
    rules = load_scenario("tutorial").rules
    run(rules)
    assert fits == [rules]  # fitted in this process, once, before the workers copied the rules
    assert "_value_model" in rules.__dict__
