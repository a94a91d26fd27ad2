"""A standing historical rule (``turn`` to ``until``) is written once and played every turn of its
range, in its place in the list: the same as writing it out once a turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.play.events import Seal
from game.play.runner import Game
from game.scenario import ScenarioError, load_scenario

BASE = (Path(__file__).resolve().parent / "scenarios" / "base.yaml").read_text(encoding="utf-8")
# Six turns, and troops that may be massed every turn (an action is used once unless said otherwise).
LONGER = BASE.replace("turns: 3", "turns: 6", 1).replace(
    "    role: russia\n    effects: {tension: 10}\n", "    role: russia\n    max_uses: null\n    effects: {tension: 10}\n", 1)


def scenario(tmp_path, historical: str, text: str = LONGER):
    path = tmp_path / "s.yaml"
    path.write_text(text + "historical:\n  russia:\n" + historical, encoding="utf-8")
    return load_scenario(path).rules


def russia_orders(rules, turns: int) -> list[list[str]]:
    """Russia's orders each turn, played by ``historical`` with the US giving none."""
    game = Game.new(rules, {"us": "human", "russia": "historical"}, seed=1)
    while game.turn <= turns and not game.over:
        game.send(Seal("us", ()))
    return [turn["russia"] for turn in game.match.orders_log]


# (the rules, written out, the turns on which Russia masses troops)
STANDING_RULES = [
    ("one turn", "    - {turn: 2, orders: [mass_troops], source: doc}\n", [2]),
    ("turns 2 to 4", "    - {turn: 2, until: 4, orders: [mass_troops], source: doc}\n", [2, 3, 4]),
    ("until its own turn", "    - {turn: 3, until: 3, orders: [mass_troops], source: doc}\n", [3]),
    ("to the last turn", "    - {turn: 5, until: 6, orders: [mass_troops], source: doc}\n", [5, 6]),
    ("a condition each turn", '    - {turn: 1, until: 6, when: "tension < 60", orders: [mass_troops], source: doc}\n',
     [1, 2, 3]),  # tension 40, 50, 58 (the summit's -2 on turn 2), then 68: judged afresh each turn
]


@pytest.mark.parametrize("historical, expected", [c[1:] for c in STANDING_RULES], ids=[c[0] for c in STANDING_RULES])
def test_a_standing_rule_is_played_on_every_turn_of_its_range(tmp_path, historical, expected):
    rules = scenario(tmp_path, historical)
    played = russia_orders(rules, 6)
    assert [t for t, orders in enumerate(played, start=1) if "mass_troops" in orders] == expected


def test_a_standing_rule_keeps_its_place_in_the_list_each_turn(tmp_path):
    """Written before a documented move, the standing rule takes the budget first on every turn of it."""
    text = LONGER.replace("us: {name: United States, budget: 2}\n  russia: {name: Russia, budget: 2}",
                          "us: {name: United States, budget: 2}\n  russia: {name: Russia, budget: 1}")
    rules = scenario(tmp_path, "    - {turn: 1, until: 6, orders: [mass_troops], source: doc}\n"
                               "    - {turn: 3, orders: [demand_guarantee], source: doc}\n", text)
    assert russia_orders(rules, 6)[2] == ["mass_troops"]  # the budget of 1 went to the standing rule


def test_a_standing_rule_is_an_error_only_if_no_turn_of_it_allows_the_order(tmp_path):
    """An order allowed from turn 3 may stand from turn 1 to 4 (it is played once it can be); the same
    order standing on turns 1 to 2 only can never be carried out (broken/historical_range_never_legal)."""
    late = LONGER.replace("    max_uses: null\n", '    max_uses: null\n    when: "turn >= 3"\n', 1)
    rules = scenario(tmp_path, "    - {turn: 1, until: 4, orders: [mass_troops], source: doc}\n", late)
    assert [t for t, o in enumerate(russia_orders(rules, 6), start=1) if "mass_troops" in o] == [3, 4]
    with pytest.raises(ScenarioError, match="on any of turns 1-2 can never be carried out"):
        scenario(tmp_path, "    - {turn: 1, until: 2, orders: [mass_troops], source: doc}\n", late)


def test_the_deep_check_counts_a_standing_rule_over_its_turns(tmp_path):
    """The deep check tallies a standing rule once over all its turns, and says so: an order allowed
    from turn 3 and standing on turns 1 to 4 is wanted twice as often as it can be given."""
    from game.authoring.deep import deep_check

    late = LONGER.replace("    max_uses: null\n", '    max_uses: null\n    when: "turn >= 3"\n', 1)
    path = tmp_path / "s.yaml"
    path.write_text(late + "historical:\n  russia:\n    - {turn: 1, until: 4, orders: [mass_troops], source: doc}\n",
                    encoding="utf-8")
    report = deep_check(load_scenario(path), games=50)
    (tally,) = [t for t in report.history.values() if t.action == "mass_troops"]
    assert tally.turns == "turns 1-4" and tally.wanted == 4 * 50 and tally.illegal == 2 * 50
    assert any("on turns 1-4 was dropped in 50% of the 200 turns of all-historical games" in w.message
               for w in report.warnings)


def test_a_huge_until_is_refused_at_once(tmp_path):
    """HOSTILE: 'until: 999999999999999' (a number the format allows) is an error past the calendar,
    found at once: no check walks the turns of the range it names."""
    with pytest.raises(ScenarioError, match="until 999999999999999 is after the last turn"):
        scenario(tmp_path, "    - {turn: 1, until: 999999999999999, orders: [mass_troops], source: doc}\n")
