"""What a thinking AI learns as a game goes on survives a save, a reload and a host's restart.

The planner's model of the others is a mixture whose weights are learned turn by turn
(``game.ai.opponents``). The runner hands every AI role the view each turn resolves on
(``Policy.witness``) and, when a game is loaded, replays those views (``Policy.recall``):
the same seed and orders give the same AI orders every week, played straight through or
saved, quit and continued. What the AI roles say (deals proposed and refused, threats
declared, one a week) is read from the game's log, which a save replays.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from game.ai import make_policy
from game.ai.negotiate import Promise, negotiator_for
from game.ai.opponents import Mixture
from game.engine.observe import observe_batch
from game.net.server import GameServer
from game.play.events import EndTurn, Seal
from game.play.runner import Game
from game.play.saves import read_save
from game.scenario import load_scenario
from game.text.talk import talk

THINKING = "planner:rollouts=8,candidates=2,samples=2"  # a cheap planner: the mixture under test is the same at every level
WEEKS = 5
AI_SEED = 6


def person_orders(turn: int) -> tuple[str, ...]:
    """What the person (Russia) seals each week: masses troops, then drills, then talks."""
    return {1: ("mass_troops",), 2: ("drills_belarus",)}.get(turn, ("engage_talks",))


def play(game: Game, until: int, person: str | None) -> Game:
    """Play ``game`` on to the opening of week ``until``; the person refuses every AI deal put to it
    and answers each week's threats with nothing but its orders."""
    while game.turn < until and not game.over:
        if person is None:
            game.send(EndTurn())
            continue
        for m in game.session.messages():
            s = m.statement
            if m.turn == game.turn and s is not None and s.kind == "deal" and s.ref == person:
                talk(game, person, "reject", str(m.id))
        game.send(Seal(person, person_orders(game.turn)))
    return game


def said(game: Game) -> list[tuple]:
    return [(m.turn, m.sender, m.to, m.text, m.statement) for m in game.session.messages()]


def ai_players(rules) -> dict[str, str]:
    return {role: THINKING for role in rules.roles}


@pytest.fixture(scope="module")
def load():
    return load_scenario("winter-2021")


@pytest.fixture(scope="module")
def played(load, tmp_path_factory) -> tuple[Game, Path]:
    """Every role a thinking AI, played straight through ``WEEKS`` weeks (seed 6: a game in which an AI
    that forgot what it had learned sealed other orders after a reload in weeks 3 and 4, after a host's
    restart in week 5), and a copy of its save written after week 2 (a save changes no AI order: the
    person's game below, played with and without one, says so)."""
    folder = tmp_path_factory.mktemp("memory")
    game = play(Game.new(load.rules, ai_players(load.rules), seed=AI_SEED, save_paths=[folder / "autosave.json"]), 3, None)
    shutil.copy(folder / "autosave.json", folder / "week2.json")
    return play(game, WEEKS + 1, None), folder / "week2.json"


@pytest.fixture(scope="module")
def straight(played) -> Game:
    return played[0]


def same_weeks(again: Game, straight: Game) -> None:
    for week, (want, got) in enumerate(zip(straight.match.orders_log, again.match.orders_log, strict=True), start=1):
        assert got == want, f"week {week}"


def test_a_reloaded_save_seals_the_same_ai_orders_every_week_for_every_role(load, played, tmp_path):
    straight, week2 = played
    path = tmp_path / "autosave.json"
    shutil.copy(week2, path)
    assert read_save(path).turns == straight.match.orders_log[:2]
    again = play(Game.from_save(read_save(path), path, load), WEEKS + 1, None)  # the save written after week 2
    same_weeks(again, straight)
    assert said(again) == said(straight)  # the threats declared: each once, the same week


def test_a_person_at_the_table_and_a_reload_the_ai_says_and_seals_the_same(load, tmp_path):
    players = {"russia": "human", "us": THINKING, "nato": "historical"}
    alone = play(Game.new(load.rules, dict(players), seed=3), 4, "russia")
    assert any(m.statement.kind == "deal" for m in alone.session.messages() if m.statement is not None)
    path = tmp_path / "autosave.json"
    play(Game.new(load.rules, dict(players), seed=3, save_paths=[path]), 3, "russia")
    again = play(Game.from_save(read_save(path), path, load), 4, "russia")
    same_weeks(again, alone)
    assert said(again) == said(alone)  # deals proposed, refused and never offered again; one a week


def test_a_reloaded_save_seals_the_same_orders_for_an_ai_that_tracks_what_it_cannot_see(load, tmp_path):
    """The hard level's tracker (``track=1``) carries a belief of the Kremlin's readiness from week to
    week; a reload witnesses the played weeks again, so NATO's belief, and its orders, are the same."""
    players = {"us": "historical", "russia": "historical", "nato": THINKING + ",track=1"}
    path = tmp_path / "autosave.json"
    straight = play(Game.new(load.rules, dict(players), seed=AI_SEED, save_paths=[path]), 3, None)
    shutil.copy(path, tmp_path / "week2.json")
    play(straight, WEEKS + 1, None)
    again = play(Game.from_save(read_save(tmp_path / "week2.json"), tmp_path / "week2.json", load), WEEKS + 1, None)
    same_weeks(again, straight)


def test_what_the_mixture_learned_is_recalled_from_the_views_of_the_turns_played(load, straight):
    rules = load.rules
    planner = straight.policies["russia"]
    obs = straight.match.observe_batch("russia")
    learned = planner.believe(obs).weights
    fresh = make_policy(THINKING, rules, "russia")
    assert not np.allclose(fresh.believe(obs).weights, learned)  # the prior: what a reload used to start from
    fresh = make_policy(THINKING, rules, "russia")
    fresh.recall([observe_batch(rules, state, "russia") for state in straight.session.turn_starts()])
    np.testing.assert_allclose(fresh.believe(obs).weights, learned)
    np.testing.assert_allclose(fresh.believe(obs).weights, learned)  # asked again in the week: the same
    assert Mixture(rules, "russia", "historical").sure and not make_policy("historical:drop=mass_troops", rules, "russia").learns


def test_a_rollback_seals_the_orders_the_ai_sealed_that_week(load, straight):
    back = straight.rollback(3)
    assert {role: back.match.sealed_orders(role) for role in load.rules.roles} == straight.match.orders_log[2]


def test_a_lan_host_restarted_from_its_save_mid_week_seals_the_same_ai_orders(load, straight, tmp_path):
    server = GameServer.new(load, seed=AI_SEED, save_path=tmp_path / "host.json", ai=ai_players(load.rules))
    for _ in range(2):
        server.fac.end_turn()
    server.fac.say("all", "We are listening.")  # the week under way has begun: the host saved it mid-week
    again = GameServer.resume(tmp_path / "host.json")
    assert again.fac.match.turn == 3 and again.fac.match.sealed_roles == load.rules.roles
    for _ in range(WEEKS - 2):
        again.fac.end_turn()
    same_weeks(again.fac.game, straight)


# (the other roles' players, seed, weeks played, Russia's terms, the US's, the answer with what the US
# planner learned, the answer with the prior): a deal Russia's moves so far make worth more or less
LEARNED_ANSWERS = [
    pytest.param({"russia": "passive", "nato": "historical"}, 2, 2, [("withdraw_troops", True)],
                 [("deploy_eastern_europe", False)], "reject", "accept",
                 id="a Russia that has sat still offers to withdraw: it buys the US nothing, the prior thought much"),
]


@pytest.mark.parametrize("others, seed, weeks, give, ask, learned, prior", LEARNED_ANSWERS)
def test_an_ai_judges_a_deal_with_what_its_planner_learned_of_the_others(load, tmp_path, others, seed, weeks, give, ask,
                                                                        learned, prior):
    rules, path = load.rules, tmp_path / "autosave.json"
    game = play(Game.new(rules, {"us": THINKING, **others}, seed=seed, save_paths=[path]), weeks + 1, None)
    due = game.turn + 3

    def terms(role: str, moves: list[tuple[str, bool]]) -> tuple[Promise, ...]:
        return tuple(Promise(rules.role_index(role), rules.action(role, a).index, do, due) for a, do in moves)

    deal = terms("russia", give), terms("us", ask)
    obs = game.match.observe_batch("us")
    negotiator = game.table.negotiators["us"]
    weights = negotiator.weights_of(obs)
    answer = negotiator.judge_deal(obs, *deal, may_counter=False)
    assert answer.verdict == learned
    # judging teaches the mixture nothing, and it weighs the others as the planner will this week
    np.testing.assert_array_equal(negotiator.weights_of(obs), weights)
    np.testing.assert_allclose(game.policies["us"].believe(obs).weights, weights)
    assert negotiator_for(rules, "us", THINKING).judge_deal(obs, *deal, may_counter=False).verdict == prior
    again = Game.from_save(read_save(path), path, load)  # the save written as the week opened
    reloaded = again.table.negotiators["us"].judge_deal(again.match.observe_batch("us"), *deal, may_counter=False)
    assert reloaded == answer
