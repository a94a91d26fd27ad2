"""Par's AI in the player's seat: a planner level, better than idling there, worked out once."""

import dataclasses

import pytest

from game import simulation
from game.ai.planner import LEVELS
from game.play import par
from game.scenario import load_rules


@pytest.fixture(scope="module")
def tutorial():
    return load_rules("tutorial")


def test_the_seat_ai_is_a_planner_level():
    head, _, level = par.SEAT_AI.partition(":")
    assert head == "planner" and level in LEVELS


def test_the_seat_ai_scores_better_than_an_idle_seat(tutorial):
    """The yardstick must be a player: the planner in the US seat beats doing nothing there."""
    players = {"us": "human", "russia": "historical", "nato": "historical"}
    thinking = par.seat_ai_score(tutorial, "us", players, games=16, seed=4)
    idle = simulation.simulate(tutorial, {"us": "passive"}, games=16, seed=4).mean_scores["us"]
    assert thinking > idle


@pytest.mark.parametrize("name, change, worked_out_again", [
    ("the same game", {}, False),
    ("another seed", {"seed": 6}, True),
    ("another seat", {"role": "nato"}, True),
    ("other opponents", {"players": {"us": "human", "russia": "passive", "nato": "historical"}}, True),
    # Both compiled in memory (no content hash): a variant with one turn fewer is another game.
    ("other rules, neither from a file", {"rules": "shorter"}, True),
])
def test_a_seat_score_is_worked_out_once_per_game(tutorial, monkeypatch, name, change, worked_out_again):
    calls = []
    real = simulation.simulate
    monkeypatch.setattr(simulation, "simulate", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(par, "_SEAT_SCORES", {})
    in_memory = dataclasses.replace(tutorial, content_hash="")
    variants = {"same": in_memory, "shorter": dataclasses.replace(in_memory, turns=in_memory.turns - 1)}
    first = {"rules": "same", "role": "us", "players": {"us": "human", "russia": "historical", "nato": "historical"},
             "seed": 5}
    par.seat_ai_score(variants[first["rules"]], first["role"], first["players"], games=4, seed=first["seed"])
    again = {**first, **change}
    par.seat_ai_score(variants[again["rules"]], again["role"], again["players"], games=4, seed=again["seed"])
    assert len(calls) == (2 if worked_out_again else 1), name
