"""Tutorial hints: shown on their turn, to their role, when their condition holds on that role's view."""

from __future__ import annotations

import copy

import pytest

from game.cli import main
from game.engine.match import Match
from game.play.hints import hints_for
from game.scenario import load_rules, load_scenario
from game.scenario.models import Hint

# (orders of the turns played before, role, the points_to of the hints shown, in order)
CASES = [
    ("first week, US", [], "us", [None, "sanction_banks.threaten", "invasion_readiness"]),
    ("first week, Russia", [], "russia", [None, "demand_no_expansion", "mass_troops"]),
    ("first week, NATO", [], "nato", [None, "reinforce_eastern_flank"]),
    ("second week, demand pending", [{"russia": ["demand_no_expansion"]}], "us", ["demand_no_expansion.counter"]),
    ("second week, no demand made", [{}], "us", []),
    ("third week, threat made", [{"us": ["sanction_banks.threaten"]}, {}], "us", ["sanction_banks"]),
    ("third week, Russia not ready", [{}, {}], "russia", ["withdraw_troops"]),
    ("third week, Russia ready", [{"russia": ["mass_troops"]}, {"russia": ["mass_troops"]}], "russia", ["full_invasion"]),
]


@pytest.mark.parametrize("name, turns, role, expected", CASES, ids=[c[0] for c in CASES])
def test_tutorial_hints(name, turns, role, expected):
    match = Match(load_rules("tutorial"), seed=3)
    for orders in turns:
        match.play_turn(orders)
    assert [h.points_to for h in hints_for(match, role)] == expected


def test_hints_judge_conditions_on_the_role_s_own_view():
    # Russia sees the true readiness of the game; the US sees only a noisy estimate.
    rules = copy.copy(load_rules("tutorial"))
    truth = Match(rules, seed=3).true_state.values[0, rules.var_index["invasion_readiness"]]
    hint = Hint(text="readiness is exactly the truth", when=f"invasion_readiness == {float(truth)!r}")
    rules.scenario = rules.scenario.model_copy(update={"hints": [hint]})
    match = Match(rules, seed=3)
    assert hints_for(match, "russia") == [hint]
    assert hints_for(match, "us") == []


def test_no_hints_after_the_end_or_without_a_hints_section():
    match = Match(load_rules("tutorial"), seed=3)
    match.play_turn({"russia": ["demand_no_expansion"]})
    match.play_turn({"us": ["demand_no_expansion.accept"], "nato": ["demand_no_expansion.accept"]})
    assert match.over and hints_for(match, "us") == []
    assert hints_for(Match(load_rules("winter-2021"), seed=1), "us") == []


def test_play_watch_flag_runs_a_demo(capsys):
    path = str(load_scenario("tutorial").path)
    assert main(["play", path, "--text", "--demo", "--watch", "--seed", "1"]) == 0
    assert "Ending: " in capsys.readouterr().out
