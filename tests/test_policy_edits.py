"""Counterfactual policies: BASE:drop=ID+ID,add=ID,swap=FROM>TO, for every kind of policy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from game.ai import PolicyError, make_policy
from game.ai.edits import Edited, split_edits
from game.cli import main
from game.engine import initial_state, observe_batch
from game.scenario import load_scenario
from game.simulation import play_batch, policies_for, start_batch

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI).rules


def orders_of(rules, spec: str, h: float = 40.0) -> list[str]:
    """Role a's orders on turn 1 of mini, with the hidden readiness h set (strike needs h >= 60)."""
    state = initial_state(rules, 1, games=1)
    state.values[:, rules.var_index["h"]] = h
    row = make_policy(spec, rules, "a").decide(observe_batch(rules, state, "a"))[0]
    return [rules.actions[i].id for i in np.flatnonzero(row)]


# mini, role a (budget 2): push (1), strike (2, needs h >= 60), hedge (1, excludes push), quiet (1).
# Historical turn 1: push.
@pytest.mark.parametrize("spec, h, expected", [
    ("historical", 40, ["push"]),
    ("historical:drop=push", 40, []),
    ("historical:add=quiet", 40, ["push", "quiet"]),
    ("historical:add=hedge", 40, ["hedge"]),  # the added move comes first; push is excluded by it
    ("historical:swap=push>quiet", 40, ["quiet"]),
    ("historical:swap=push>strike", 40, []),  # strike is not legal: nothing takes push's place
    ("historical:swap=push>strike", 70, ["strike"]),
    ("fixed:push,quiet,drop=quiet", 40, ["push"]),
    ("fixed:push,quiet,drop=quiet+push", 40, []),
    ("fixed:push,drop=push,add=quiet", 40, ["quiet"]),
    ("fixed:push,add=strike", 70, ["strike"]),  # strike takes the whole budget first
    ("passive:add=push", 40, ["push"]),
    ("passive:add=push,add=quiet", 40, ["push", "quiet"]),
    ("random:drop=push+hedge+quiet+strike+ask", 70, []),  # every move of a
])
def test_edits_change_the_orders_as_documented(mini, spec, h, expected):
    assert orders_of(mini, spec, h) == expected


@pytest.mark.parametrize("spec, message", [
    ("historical:drop=nope", "a has no action 'nope'"),
    ("historical:drop=pusj", "did you mean 'push'"),
    ("historical:drop=talk", "'talk' is an action of b, not of a"),
    ("historical:add=gamble", "is an action of b"),
    ("historical:swap=push", "expects FROM>TO"),
    ("historical:swap=push>", "expects FROM>TO"),
    ("historical:drop=", "expects action ids"),
    ("historical:drop=push+", "expects action ids"),
    ("historical:drop=push,add=push", "both dropped and added"),
    ("historical:drop=push,swap=push>quiet", "also dropped"),
    ("historical:swap=push>quiet+push>hedge", "swapped for two others"),
    ("historcal:drop=push", "did you mean 'historical'"),
    ("greedy:samples=x,drop=push", "samples expects a int"),
    ("greedy:speed=3,drop=push", "unknown setting 'speed'"),
])
def test_bad_edits_are_refused_with_a_clear_message(mini, spec, message):
    with pytest.raises(PolicyError, match=message):
        make_policy(spec, mini, "a")


@pytest.mark.parametrize("spec, base, drop, add, swap", [
    ("historical", "historical", [], [], []),
    ("historical:drop=a+b", "historical", ["a", "b"], [], []),
    ("planner:rollouts=64,drop=x", "planner:rollouts=64", ["x"], [], []),
    ("planner:hard,swap=a>b,drop=c", "planner:hard", ["c"], [], [("a", "b")]),
    ("fixed:a,b,add=c", "fixed:a,b", [], ["c"], []),
    ("fixed:drop=a", "fixed:", ["a"], [], []),
    ("planner:easy", "planner:easy", [], [], []),
])
def test_edits_share_the_comma_list_with_the_base_settings(spec, base, drop, add, swap):
    got_base, edits = split_edits(spec)
    assert (got_base, edits.drop, edits.add, edits.swap) == (base, drop, add, swap)


def test_a_thinking_policy_keeps_its_settings_and_imagines_itself_edited(mini):
    policy = make_policy("planner:easy,rollouts=3,drop=push", mini, "a")
    assert isinstance(policy, Edited) and policy.name == "planner:easy,rollouts=3,drop=push"
    assert policy.base.rollouts == 3 and policy.base.candidates == 4  # the level, then the setting
    assert all(isinstance(p, Edited) for p in policy.base.then)  # its own later turns are imagined without push too


def test_a_dropped_move_is_never_played_by_a_thinking_policy(mini):
    """greedy on its own likes push (mini's score a is tension); dropped, it never plays it."""
    plain = play_batch(mini, policies_for(mini, {"a": "greedy:samples=3"}), start_batch(mini, 3, 0, 40))
    edited = play_batch(mini, policies_for(mini, {"a": "greedy:samples=3,drop=push"}), start_batch(mini, 3, 0, 40))
    push = mini.action("a", "push").index
    assert plain.uses[:, push].sum() > 0
    assert edited.uses[:, push].sum() == 0


def test_swap_replaces_the_documented_answer_in_winter_2021(rules):
    """The US gives the written reply's counter in week 8; swapped, it rejects in exactly those games."""
    counter = rules.action("us", "demand_no_expansion.counter").index
    reject = rules.action("us", "demand_no_expansion.reject").index
    swap = "historical:swap=demand_no_expansion.counter>demand_no_expansion.reject"
    plain = play_batch(rules, policies_for(rules, {}), start_batch(rules, 5, 0, 300))
    edited = play_batch(rules, policies_for(rules, {"us": swap}), start_batch(rules, 5, 0, 300))
    assert plain.uses[:, counter].sum() > 0 and edited.uses[:, counter].sum() == 0
    assert (edited.uses[:, reject] > 0).sum() >= (plain.uses[:, counter] > 0).sum() > 0


def test_simulate_accepts_edits_and_refuses_a_bad_id_without_a_traceback(capsys):
    assert main(["simulate", "winter-2021", "--games", "20", "--json", "--ai", "russia=historical:drop=full_invasion"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["endings"]["full_invasion"] == 0 and result["policies"]["russia"] == "historical:drop=full_invasion"
    assert main(["simulate", "winter-2021", "--games", "5", "--ai", "us=historical:drop=full_invasion"]) == 2
    err = capsys.readouterr().err
    assert "'full_invasion' is an action of russia, not of us" in err and "Traceback" not in err


def test_a_tournament_plays_an_edited_policy_only_for_the_role_it_fits(capsys):
    assert main(["tournament", "winter-2021", "--games", "3", "--json", "--policy", "passive",
                 "--policy", "historical:drop=full_invasion", "--opponent", "historical"]) == 0
    roles = json.loads(capsys.readouterr().out)["roles"]
    assert "historical:drop=full_invasion" in roles["russia"] and "historical:drop=full_invasion" not in roles["us"]
    assert main(["tournament", "winter-2021", "--games", "3", "--policy", "historical:drop=nothing"]) == 2
    assert "fits no role" in capsys.readouterr().err


def test_the_after_action_report_compares_with_an_edited_path(rules):
    from game.engine.match import Match
    from game.play.session import Session
    from game.report.aar import _compare, historical_match

    invasion = rules.action("russia", "full_invasion").index
    seed = next(s for s in range(20) if historical_match(rules, s, rules.turns).true_state.uses[0, invasion])
    edits = {"russia": "historical:drop=full_invasion"}
    edited = historical_match(rules, seed, rules.turns, edits)
    assert edited.true_state.uses[0, invasion] == 0  # the comparison path is played with the edited policy
    text = _compare(Session(Match(rules, seed=seed), {}), edited, edits)
    assert "russia: historical:drop=full_invasion" in text


@pytest.mark.parametrize("policy, ending", [("historical", "war"), ("historical:drop=strike", "calm")])
def test_a_scenario_test_states_a_claim_with_an_edited_policy(mini, policy, ending):
    """mini's history strikes in turn 2 when h >= 60: the documented path with and without that move."""
    from game.authoring.scenario_tests import run_test
    from game.scenario.models import ScenarioTest

    test = ScenarioTest(name="strike or not", values={"h": 70}, policies={"a": policy}, games=5,
                        expect={"ending": ending})
    assert run_test(mini, test).failures == []
