"""Scenario tests (the `tests:` section), `brink test`, and `brink new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.scenario_tests import run_scenario_tests, run_test
from game.cli import main
from game.scenario import load_scenario, shipped_ids
from game.scenario.lint import lint
from game.scenario.models import ScenarioTest


@pytest.mark.parametrize("scenario", shipped_ids())
def test_every_shipped_scenario_passes_its_own_tests(scenario):
    loaded = load_scenario(scenario)
    results = run_scenario_tests(loaded)
    failures = [p for r in results for p in map(str, r.problems(str(loaded.path)))]
    assert failures == []


@pytest.mark.parametrize("scenario", ["tutorial", "vilnius-2023"])
def test_new_shipped_scenarios_have_tests_and_no_warnings(scenario):
    loaded = load_scenario(scenario)
    assert len(loaded.model.tests) >= 8
    assert [str(w) for w in lint(loaded.document, loaded.model)] == []


def _case(**fields) -> ScenarioTest:
    return ScenarioTest.model_validate({"name": "case", **fields})


# Each case: a test that must fail, and the words its failure must contain.
FAILING = [
    ("value out of range", {"turns": [{"russia": ["mass_troops"]}], "expect": {"values": {"tension": [0, 10]}}},
     "tension is 57; expected between 0 and 10"),
    ("event that did not fire", {"turns": [{}], "expect": {"fired": ["west_closes_ranks"]}},
     "event 'west_closes_ranks' fired in 0 of 1 games; expected in every game"),
    ("wrong ending", {"turns": [{}, {}, {}], "expect": {"ending": "full_invasion"}},
     "ending 'full_invasion' in 0 of 1 games; expected in every game (frozen_standoff 1)"),
    ("illegal action expected legal", {"expect": {"legal": {"russia": ["full_invasion"]}}},
     "russia's 'full_invasion' is not legal next turn in 1 of 1 games"),
    ("check that does not hold", {"expect": {"check": ["made.demand_no_expansion"]}},
     "'made.demand_no_expansion' does not hold in 1 of 1 games"),
    ("share of an ending", {"policies": {}, "games": 50, "expect": {"endings": {"frozen_standoff": [50, 100]}}},
     "ending 'frozen_standoff' in 0.0% of 50 games; expected 50-100%"),
    ("not the most likely", {"policies": {}, "games": 20, "expect": {"most_likely": "frozen_standoff"}},
     "ending 'frozen_standoff' is not the most likely (full_invasion "),
    ("unknown policy", {"policies": {"us": "genius"}, "expect": {}}, "unknown policy 'genius'"),
    ("games still going", {"turns": [{}], "expect": {"over": True}}, "1 of 1 games have not ended"),
]


@pytest.mark.parametrize("name, fields, words", FAILING, ids=[f[0] for f in FAILING])
def test_a_wrong_expectation_fails_with_a_clear_message(name, fields, words):
    result = run_test(load_scenario("tutorial").rules, _case(**fields))
    assert not result.passed
    assert any(words in f for f in result.failures), result.failures


def test_given_values_replace_the_initial_ones():
    rules = load_scenario("tutorial").rules
    passing = _case(values={"invasion_readiness": 70}, expect={"legal": {"russia": ["full_invasion"]}})
    assert run_test(rules, passing).passed


def test_brink_test_exit_codes(tmp_path, capsys):
    assert main(["test", "tutorial"]) == 0
    assert "passed, 0 failed" in capsys.readouterr().out
    text = load_scenario("tutorial").path.read_text(encoding="utf-8")
    broken = tmp_path / "tutorial.yaml"
    broken.write_text(text.replace("values: {invasion_readiness: [60, 60], tension: [57, 57]}",
                                   "values: {invasion_readiness: [60, 60], tension: [20, 30]}"), encoding="utf-8")
    assert main(["test", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err and "test 'Massing troops raises tension and readiness': tension is 57" in err and "[T001]" in err
    assert main(["test", str(tmp_path / "missing.yaml")]) == 1


ROLE_SETS = [["us", "russia", "nato"], ["solo"], ["blue", "red"], ["a", "b", "c", "d"]]
# what the author writes -> (ids, names as players read them), and the map's region
NEW_CASES = [
    ("us,russia,nato", ["us", "russia", "nato"], ["US", "Russia", "Nato"], None),
    ("solo", ["solo"], ["Solo"], None),
    ("blue,red", ["blue", "red"], ["Blue", "Red"], "-10,35,30,60"),
    ("a,b,c,d", ["a", "b", "c", "d"], ["A", "B", "C", "D"], None),
    ("US,USSR,Cuba", ["us", "ussr", "cuba"], ["US", "USSR", "Cuba"], "-92,16,-66,32"),
    ("us,ussr,cuba", ["us", "ussr", "cuba"], ["US", "USSR", "Cuba"], "-90,15,-70,30"),  # not 'Ussr'
    ("prc,roc", ["prc", "roc"], ["PRC", "Roc"], None),  # a vowel: it may be a word (write ROC to be sure)
    ("United States,People's Republic of China,Taiwan", ["united_states", "people_s_republic_of_china", "taiwan"],
     ["United States", "People's Republic of China", "Taiwan"], "116,20,126,28"),
    ("us=United States,prc=China", ["us", "prc"], ["United States", "China"], "110,-10,160,45"),
]


@pytest.mark.parametrize("written,ids,names,region", NEW_CASES, ids=[c[0] for c in NEW_CASES])
def test_brink_new_writes_a_clean_playable_scenario(tmp_path, monkeypatch, written, ids, names, region, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["new", "my-crisis", "--roles", written] + (["--map", region] if region else [])) == 0
    path = tmp_path / "my-crisis.yaml"
    loaded = load_scenario(path)
    assert loaded.model.id == "my-crisis" and list(loaded.model.roles) == ids
    assert [r.name for r in loaded.model.roles.values()] == names
    bounds = tuple(float(v) for v in region.split(",")) if region else (-180.0, -58.0, 180.0, 84.0)
    assert loaded.model.map.region.bounds == bounds
    if region:
        assert loaded.model.map.countries, "the countries of the region are listed"
    assert lint(loaded.document, loaded.model) == []
    assert all(r.passed for r in run_scenario_tests(loaded))
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema = Path(first.split("$schema=")[1])
    assert schema.is_absolute() and schema.name == "scenario.schema.json" and schema.exists()
    assert schema.is_relative_to(tmp_path / "data")  # the user's data folder, where `brink schema --install` puts it
    assert main(["play", str(path), "--text", "--demo", "--seed", "3"]) == 0
    assert "Ending: " in capsys.readouterr().out
    tags = [look.tag for look in loaded.rules.presentation.roles.values()]
    assert len(set(tags)) == len(tags), tags  # the legend tells every role apart


OWN_LAND = [  # roles, region -> the roles that get their own country on the map, as its side
    ("us,ussr,cuba", "-90,15,-70,30", {"united_states": "us", "cuba": "cuba"}),
    ("US,USSR,Cuba", "-92,16,-66,32", {"united_states": "us", "cuba": "cuba"}),
    ("prc=China,roc=Taiwan,us", "116,20,126,28", {"china": "prc", "taiwan": "roc"}),
    ("blue,red", "-10,35,30,60", {}),
]


@pytest.mark.parametrize("written,region,sides", OWN_LAND, ids=[c[0] for c in OWN_LAND])
def test_brink_new_gives_a_role_its_own_country(tmp_path, monkeypatch, written, region, sides):
    """A role that stands for a country of the region (by id, ISO code, name or initials) gets it as
    its territory, drawn in its colour; the first role's marker stands on its land."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["new", "my-crisis", "--roles", written, "--map", region]) == 0
    model = load_scenario(tmp_path / "my-crisis.yaml").model
    found = {cid: style.side for style in model.map.countries for cid in style.countries if style.side}
    assert found == sides


def test_brink_new_refuses_to_overwrite_and_checks_names(tmp_path, capsys):
    target = tmp_path / "x.yaml"
    target.write_text("mine", encoding="utf-8")
    assert main(["new", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert main(["new", str(tmp_path / "Bad Name")]) == 2
    assert main(["new", str(tmp_path / "ok"), "--roles", "us,US"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "not a valid scenario id" in err and "role 'us' is named twice" in err
    assert not (tmp_path / "ok.yaml").exists()


TESTSETS = Path(__file__).resolve().parent / "scenarios" / "testsets"


def test_brink_test_runs_a_separate_test_file(capsys):
    extra = TESTSETS / "tutorial-extra.tests.yaml"
    assert main(["test", "tutorial", "--tests", str(extra), "-v"]) == 1
    out = capsys.readouterr()
    assert "ok   tutorial: Two weeks of talks move the off-ramp" in out.out
    assert out.err.strip() == (f"{extra}:9:5: error: test 'A wrong expectation, on purpose': ending 'full_invasion' "
                               "in 0 of 1 games; expected in every game (no game ended) [T001]")


def test_mistakes_in_a_separate_test_file_point_into_that_file(capsys):
    broken = TESTSETS / "tutorial-broken.tests.yaml"
    assert main(["test", "tutorial", "--tests", str(broken)]) == 1
    assert capsys.readouterr().err.strip() == f"{broken}:5:22: error: unknown ending 'stand_off' (did you mean 'frozen_standoff'?)"
    not_tests = TESTSETS.parent / "base.yaml"
    assert main(["test", "tutorial", "--tests", str(not_tests)]) == 1
    assert "a tests file must be a mapping with one key, 'tests:'" in capsys.readouterr().err
