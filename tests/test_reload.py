"""Hot reload: replaying a game on a changed scenario, keeping the last good version, and --watch."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from game.authoring.reload import FileWatcher, reload_match, replay_orders
from game.engine.match import Match
from game.play.runner import Game
from game.scenario import load_scenario
from game.text.play import TextGame

TUTORIAL = load_scenario("tutorial").path
ORDERS = [{"us": ["sanction_banks.threaten"], "russia": ["mass_troops", "demand_no_expansion"], "nato": []},
          {"us": ["demand_no_expansion.counter"], "russia": ["mass_troops"], "nato": ["demand_no_expansion.counter"]}]


@pytest.fixture()
def scenario(tmp_path) -> Path:
    path = tmp_path / "tutorial.yaml"
    path.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def played(path: Path) -> Match:
    match = Match(load_scenario(path).rules, seed=11)
    for orders in ORDERS:
        match.play_turn(orders)
    return match


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_file_replays_to_the_same_game(scenario):
    match = played(scenario)
    result = reload_match(scenario, match)
    assert result.ok and result.notes == []
    assert result.match.turn == match.turn == 3
    assert np.array_equal(result.match.true_state.values, match.true_state.values)
    assert result.match.orders_log == match.orders_log


def test_a_changed_effect_is_replayed_with_its_new_size(scenario):
    match = played(scenario)
    edit(scenario, "effects: {invasion_readiness: 15, tension: 8}", "effects: {invasion_readiness: 15, tension: 18}")
    result = reload_match(scenario, match)
    tension = result.loaded.rules.var_index["tension"]
    assert result.ok
    assert result.match.true_state.values[0, tension] == pytest.approx(match.true_state.values[0, tension] + 20)


@pytest.mark.parametrize("old, new, note", [
    ("  mass_troops:\n", "  mass_more_troops:\n", "turn 1: russia's order 'mass_troops' was dropped (russia has no action 'mass_troops')"),
    ("    when: \"invasion_readiness >= 60\"\n", "    when: \"invasion_readiness >= 60\"\n", None),
    ("  budget: 2\n    color: \"#56b4e9\"", "  budget: 0\n    color: \"#56b4e9\"",
     "turn 1: us's order 'sanction_banks.threaten' was dropped (orders cost 1 but the budget is 0)"),
])
def test_orders_the_new_version_refuses_are_dropped_with_a_note(scenario, old, new, note):
    match = played(scenario)
    edit(scenario, old, new)
    text = scenario.read_text(encoding="utf-8")
    if "mass_more_troops" in text:  # a rename everywhere in the file (hints, history, tests)
        scenario.write_text(text.replace("mass_troops", "mass_more_troops"), encoding="utf-8")
    result = reload_match(scenario, match)
    assert result.ok
    assert (note in result.notes) if note else result.notes == []


def test_a_broken_file_keeps_the_last_good_version(scenario):
    match = played(scenario)
    before = match.true_state.values.copy()
    edit(scenario, "effects: {tension: 40}", "effects: {tenson: 40}")
    result = reload_match(scenario, match)
    assert not result.ok and result.match is None
    assert [str(p) for p in result.problems] == [
        f"{scenario}:{_line_of(scenario, 'tenson')}:15: error: unknown variable 'tenson' (did you mean 'tension'?)"]
    assert np.array_equal(match.true_state.values, before) and match.turn == 3


def _line_of(path: Path, word: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if word in line)


def test_a_game_that_now_ends_sooner_drops_the_later_turns(scenario):
    rules = load_scenario(scenario).rules
    match, notes = replay_orders(rules, 1, [{"russia": ["demand_no_expansion"]},
                                            {"us": ["demand_no_expansion.accept"], "nato": ["demand_no_expansion.accept"]},
                                            {"us": ["geneva_talks"]}])
    assert match.over and match.ending == "western_capitulation"
    assert notes == ["the game now ends in turn 2; the orders of later turns were dropped"]


def test_file_watcher_sees_changes(scenario):
    watcher = FileWatcher(scenario)
    assert not watcher.changed()
    edit(scenario, "title: \"Tutorial: Three Weeks in Winter\"", "title: \"Tutorial: Three Weeks in a Long Winter\"")
    os.utime(scenario, ns=(1, 1))
    assert watcher.changed() and not watcher.changed()


def test_text_game_with_watch_reloads_between_prompts(scenario):
    out = io.StringIO()
    steps = iter([
        lambda: "done",  # turn 1: no orders
        lambda: "y",  # yes, with every point unspent
        lambda: (edit(scenario, "effects: {tension: 40}", "effects: {tenson: 40}"), os.utime(scenario, ns=(2, 2)), "")[-1],
        lambda: (edit(scenario, "effects: {tenson: 40}", "effects: {tension: 40}"),
                 edit(scenario, "title: \"Tutorial: Three Weeks in Winter\"", "title: \"Tutorial, edited\""),
                 os.utime(scenario, ns=(3, 3)), "")[-1],
        lambda: "done",
        lambda: "y",
    ])
    game = TextGame(Game.new(load_scenario(scenario).rules, {"us": "human", "russia": "passive", "nato": "passive"}, 2),
                    Console(file=out, width=400), ask=lambda prompt: next(steps)(), watch_path=str(scenario))
    game.play_one_turn()
    game.play_one_turn()
    text = out.getvalue()
    assert "has errors; still playing the last good version" in text and "unknown variable 'tenson'" in text
    assert f"Reloaded {scenario}: replayed 1 turns, now week 2." in text
    assert game.rules.title == "Tutorial, edited" and game.game.turn == 3
    assert "Hint:" in text  # the tutorial's hints are shown to the human
