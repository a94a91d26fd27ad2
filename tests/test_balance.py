"""brink balance: is a scenario a game? Flags with codes, paired margins, JSON, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from game.analysis.balance import FLAGS, BalanceResult, Settings, balance, flags, others_do_not_matter
from game.cli import main
from game.scenario import load_scenario
from game.simulation import simulate

DATA = Path(__file__).parent / "data"
SMALL = dict(games=40, screen_games=6, historical_games=200)


@pytest.fixture(scope="module")
def unbalanced():
    return balance(load_scenario(DATA / "one-ending.yaml").rules, Settings(**SMALL))


@pytest.fixture(scope="module")
def balanced():
    rules = load_scenario(DATA / "balanced.yaml").rules
    return rules, balance(rules, Settings(**SMALL))


@pytest.mark.parametrize("code, about", [
    ("B101", {"ending": "deadline"}),  # one ending in every game
    ("B102", {}),  # fewer than two endings above 10%
    ("B201", {"role": "a"}),  # thinking does no better than passive
    ("B202", {"role": "a"}),  # nor than a script
    ("B203", {"role": "a"}),  # the same score in every game
    ("B204", {"role": "a"}),  # the same score whatever the other role does
    ("B301", {"ending": "deadline"}),  # historical endings all in turn 3
])
def test_a_scenario_that_is_not_a_game_is_flagged_with_each_code(unbalanced, code, about):
    found = [f for f in unbalanced.flags if f.code == code]
    assert found, f"{code} ({FLAGS[code]}) not flagged"
    assert all(getattr(found[0], k) == v for k, v in about.items())


def test_a_balanced_toy_is_not_flagged(balanced):
    _, result = balanced
    assert result.flags == []
    assert all(row["gain_over_passive"]["ci95"][0] > 0 for row in result.roles.values())
    assert all(row["best_script"]["margin"]["ci95"][0] > 0 for row in result.roles.values())
    assert len(result.historical["endings"]["boil"]["turns"]) > 1


@pytest.mark.parametrize("name, mean, ci95, flagged", [
    ("a West that deters leaves the Kremlin worse off", -5.37, [-10.03, -0.71], False),
    ("an ally that helps", 5.75, [1.84, 9.66], False),
    ("small but clear of noise", 0.3, [0.1, 0.5], False),
    ("within noise, leaning up", 0.49, [-0.86, 1.84], True),
    ("within noise, leaning down", -1.2, [-2.5, 0.1], True),
    ("the interval ends at 0", -1.5, [-3.0, 0.0], True),
    ("the interval starts at 0", 1.5, [0.0, 3.0], True),
    ("the same score whatever the others do", 0.0, [0.0, 0.0], True),
])
def test_b204_flags_a_role_whose_score_the_others_do_not_move(name, mean, ci95, flagged):
    rules = load_scenario(DATA / "balanced.yaml").rules
    margin = {"mean": mean, "ci95": ci95, "sd": 1.0, "games": 100}
    assert others_do_not_matter(margin) is flagged, name
    row = {"score": {"mean": 40.0, "sd": 9.0}, "best_script": None,
           "gain_over_passive": {"mean": 9.0, "ci95": [5.0, 13.0]},
           "against_passive": {"others_matter": margin}}
    two = BalanceResult("toy", Settings(), {"x": {"share": 0.5}, "y": {"share": 0.5}},
                        {"a": row, "b": row | {"against_passive": {"others_matter": {"mean": -4.0, "ci95": [-6.0, -2.0]}}}},
                        {"endings": {}}, {})
    found = [f for f in flags(rules, two) if f.code == "B204"]
    assert [f.role for f in found] == (["a"] if flagged else []), name
    # a scenario of one role has no others: nothing to flag
    alone = BalanceResult("toy", Settings(), two.endings, {"a": row}, {"endings": {}}, {})
    assert not [f for f in flags(rules, alone) if f.code == "B204"]


def test_margins_are_paired_game_by_game_on_the_same_games(balanced):
    """The margin over the best script is the mean and sd of per-game differences of two plain
    simulations on the same seed (the sd of unpaired games would differ)."""
    rules, result = balanced
    best = result.roles["a"]["best_script"]
    thinking = simulate(rules, {"a": "planner:easy", "b": "planner:easy"}, 40, seed=0, keep_scores=True).scores[:, 0]
    script = simulate(rules, {"a": best["policy"], "b": "planner:easy"}, 40, seed=0, keep_scores=True).scores[:, 0]
    assert best["margin"]["mean"] == pytest.approx((thinking - script).mean(), abs=1e-3)
    assert best["margin"]["sd"] == pytest.approx((thinking - script).std(ddof=1), abs=1e-3)
    shuffled = thinking - np.roll(script, 1)
    assert best["margin"]["sd"] != pytest.approx(shuffled.std(ddof=1), abs=1e-3)


def test_the_json_holds_every_figure_the_targets_need(balanced):
    _, result = balanced
    out = json.loads(json.dumps(result.to_json()))
    assert set(out) >= {"scenario", "settings", "endings", "roles", "historical", "search", "flags", "ok", "seconds"}
    assert set(out["endings"]["boil"]) == {"count", "share", "ci95"}
    role = out["roles"]["a"]
    assert set(role) >= {"score", "gain_over_passive", "against_passive", "draws", "best_script", "scripts", "screened"}
    assert set(role["score"]) >= {"mean", "sd", "p5", "p50", "p95"}
    assert set(role["against_passive"]) == {"endings", "score", "others_matter"}
    assert set(role["draws"]) == {"coin_a", "coin_b", "pressure"}
    assert set(out["historical"]) >= {"games", "endings", "before_last_turn", "ending_turns", "last_turn"}
    # two singles, the thinking role's two favourites and the pair of singles (one script when in the same order)
    assert all(3 <= n <= 4 for n in out["search"]["candidates"].values())
    assert set(role["uses"]) <= {"a_high", "a_low"} and role["uses"]
    assert out["ok"] is True


def test_the_command_exits_1_on_flags_0_without_and_2_on_a_usage_error(capsys):
    small = ["--games", "20", "--screen-games", "4", "--historical-games", "50", "--json"]
    assert main(["balance", str(DATA / "one-ending.yaml"), *small]) == 1
    assert {f["code"] for f in json.loads(capsys.readouterr().out)["flags"]} >= {"B101", "B301"}
    assert main(["balance", str(DATA / "balanced.yaml"), "--games", "40", "--screen-games", "4",
                 "--historical-games", "50"]) == 0
    assert "No flags" in capsys.readouterr().out
    assert main(["balance", str(DATA / "balanced.yaml"), "--thinking", "plannr"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'planner'" in err and "Traceback" not in err


@pytest.mark.parametrize("guide", ["README.md", "scenarios/README.md"])
def test_every_flag_code_is_documented(guide):
    text = (Path(__file__).parent.parent / guide).read_text()
    missing = [code for code in FLAGS if f"`{code}`" not in text]
    assert not missing, f"{guide} does not document {missing}"


def test_the_favourite_sets_are_the_thinking_role_s_most_used_actions_most_used_first():
    from game.analysis.runs import Outcomes
    from game.analysis.search import favourites

    rules = load_scenario(DATA / "one-ending.yaml").rules
    wave, shrug = rules.action("a", "wave").index, rules.action("a", "shrug").index
    used = np.zeros((4, len(rules.actions)), dtype=bool)
    used[:, shrug] = True  # in every game
    used[:1, wave] = True  # in one
    main = Outcomes(np.zeros(4, dtype=np.int64), np.zeros(4, dtype=np.int64), np.zeros((4, 1)), used)
    assert favourites(rules, "a", main.used, 6) == ["fixed:shrug,wave"]
    used[:, wave] = False
    assert favourites(rules, "a", main.used, 6) == []  # one action used: the singles cover it
