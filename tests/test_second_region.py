"""The authoring guide's second region (tests/scenarios/taiwan-1996.yaml): it validates clean, its own
tests pass, it plays in the terminal and the window, and its map is of the Taiwan Strait, not Ukraine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import check_scenario, load_scenario

HERE = Path(__file__).resolve().parent
TAIWAN = HERE / "scenarios" / "taiwan-1996.yaml"
GUIDE = HERE.parent / "scenarios" / "README.md"


def test_it_validates_without_errors_or_warnings():
    checked = check_scenario(TAIWAN)
    assert checked.ok and [str(w) for w in checked.warnings] == []


def test_its_own_tests_pass(capsys):
    assert main(["test", str(TAIWAN)]) == 0
    assert "3 passed, 0 failed" in capsys.readouterr().out


def test_its_map_is_of_the_strait():
    region = load_scenario(TAIWAN).model.map.region
    lon_min, lat_min, lon_max, lat_max = region.bounds
    assert lon_min < 121.56 < lon_max and lat_min < 25.04 < lat_max  # Taipei
    assert lon_min > 100  # far east of Eastern Europe


@pytest.mark.parametrize("seed", [1, 7])
def test_it_plays_to_an_ending_in_the_terminal(seed, capsys):
    assert main(["play", str(TAIWAN), "--text", "--demo", "--seed", str(seed)]) == 0
    out = capsys.readouterr().out
    assert "Ending: " in out and "Taiwan Strait 1996" in out


def test_a_human_plays_it_in_the_terminal(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("1 3\ndone\ny\n" + "done\ny\n" * 3))
    assert main(["play", str(TAIWAN), "--text", "--as", "us", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "The USS Independence moves to waters east of Taiwan" in out and "Ending: " in out


def test_the_window_draws_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    shots = tmp_path / "shots"
    assert main(["play", str(TAIWAN), "--demo", "--screenshot-dir", str(shots), "--exit-after-turns", "2", "--seed", "3"]) == 0
    assert sorted(p.name for p in shots.iterdir())[:2] == ["001-game.png", "002-report.png"]


def test_the_guide_walks_through_it():
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("## A second region, step by step", 1)[1].split("\n## ", 1)[0]
    for command in ("brink new taiwan-1996 --roles", "--map 114,19,126,29", "brink validate --deep", "brink balance"):
        assert command in section
    assert "tests/scenarios/taiwan-1996.yaml" in section
