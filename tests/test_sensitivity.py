"""Sensitivity: every numeric constant moved by -25% and +25%, paired on the same games."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.analysis.sensitivity import constants, sensitivity, variant
from game.cli import main
from game.scenario import load_scenario
from game.simulation import simulate

THRESHOLD = Path(__file__).parent / "data" / "threshold.yaml"


@pytest.fixture(scope="module")
def toy():
    return load_scenario(THRESHOLD)


@pytest.fixture(scope="module")
def result(toy):
    return sensitivity(toy.rules, toy.model, {}, games=400, seed=3).to_json()


def test_the_constants_are_named_by_their_path_in_the_file(toy):
    found = {c.id: c for c in constants(toy.model)}
    assert list(found) == ["variables.x.initial", "variables.x.initial_spread", "variables.y.initial",
                           "actions.nudge.effects.y", "actions.nudge.chance", "drift.0.add", "drift.1.add",
                           "endings.high.when#1"]
    assert found["endings.high.when#1"].label == "x >= 44" and found["endings.high.when#1"].number == 44


@pytest.mark.parametrize("name, factor, moved", [
    ("variables.x.initial", -0.25, 15.0),
    ("actions.nudge.chance", 0.25, 0.625),
    ("drift.1.add", 0.25, "1.25 * (1 + x / 100)"),  # an expression is scaled as a whole
    ("endings.high.when#1", -0.25, "x >= 33.0"),  # the number inside the condition
])
def test_each_kind_of_constant_moves_as_documented(toy, name, factor, moved):
    constant = next(c for c in constants(toy.model) if c.id == name)
    assert constant.moved(factor) == moved


def test_moved_values_stay_in_range(rules):
    model = load_scenario("winter-2021").model
    for c in constants(model):
        for factor in (-0.25, 0.25):
            value = c.moved(factor)
            if isinstance(value, float):
                assert c.low <= value <= c.high, c.id
    assert all(c.high == 1.0 for c in constants(model) if c.id.endswith(".chance") and not isinstance(c.value, str))


def test_the_deciding_threshold_ranks_first(result):
    first = result["ranked"][0]
    assert first["id"] == "endings.high.when#1"
    assert first["shifts"]["-25%"]["endings"]["high"] > 0.5  # 33 instead of 44: most games end high


def test_shifts_are_paired_so_a_constant_that_matters_to_nothing_shifts_nothing(result):
    rows = {row["id"]: row for row in result["ranked"]}
    for name in ("variables.y.initial", "actions.nudge.effects.y", "actions.nudge.chance", "drift.1.add"):
        for shift in rows[name]["shifts"].values():
            assert shift["endings"] == {"high": 0.0, "low": 0.0}, name


def test_a_variant_is_the_scenario_recompiled_with_one_number_moved(toy, result, tmp_path):
    """The shift equals the share of a hand-edited copy of the file, played on the same seed, minus the base's."""
    base = simulate(toy.rules, {}, 400, seed=3)
    assert result["base"]["high"] == base.endings["high"] / 400
    edited = tmp_path / "edited.yaml"
    edited.write_text(THRESHOLD.read_text().replace('"x >= 44"', '"x >= 33"'))
    moved = simulate(load_scenario(edited).rules, {}, 400, seed=3)
    row = next(r for r in result["ranked"] if r["id"] == "endings.high.when#1")
    assert row["shifts"]["-25%"]["endings"]["high"] == pytest.approx((moved.endings["high"] - base.endings["high"]) / 400)


def test_the_parsed_scenario_is_left_as_it_was(toy):
    before = toy.model.model_dump()
    for c in constants(toy.model):
        variant(toy.model, c, 0.25)
    assert toy.model.model_dump() == before


def test_analyze_sensitivity_in_the_json_and_the_report(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["analyze", str(THRESHOLD), "--games", "60", "--lever-games", "5", "--sensitivity", "--top", "3",
                 "--json", "--out", str(out)]) == 0
    sens = json.loads(capsys.readouterr().out)["sensitivity"]
    assert sens["constants"] == 8 and len(sens["ranked"]) == 3 and sens["games"] == 60
    assert set(sens["ranked"][0]) >= {"rank", "id", "label", "value", "largest", "shifts"}
    assert "Sensitivity" in out.read_text() and "endings.high.when#1" in out.read_text()
