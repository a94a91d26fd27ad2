"""The Monte Carlo commands: simulate (workers, --from, Ctrl+C), analyze, tournament, bench."""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser

import numpy as np
import pytest

from game.cli import main
from game.engine import Match
from game.play.saves import write_save
from game.scenario import load_rules
from game.simulation import simulate


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_gives_the_same_json_with_one_or_two_workers(capsys):
    runs = []
    for workers in ("1", "2"):
        code, out, _ = run(capsys, "simulate", "winter-2021", "--games", "3000", "--seed", "7", "--workers", workers, "--json")
        assert code == 0
        data = json.loads(out)
        data.pop("seconds")
        runs.append(data)
    assert runs[0] == runs[1] and runs[0]["games"] == 3000


def test_simulate_writes_one_line_per_game_in_game_order(capsys, tmp_path):
    path = tmp_path / "games.jsonl"
    code, _, _ = run(capsys, "simulate", "winter-2021", "--games", "50", "--workers", "2", "--per-game", str(path), "--json")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert code == 0 and [r["game"] for r in lines] == list(range(50))


@pytest.fixture
def save(tmp_path, rules):
    match = Match(rules, seed=11)
    for orders in ({"us": ["video_summit"], "russia": ["mass_troops"]}, {"russia": ["mass_troops"]}, {}):
        match.play_turn(orders)
    path = tmp_path / "game.json"
    write_save(path, match, {"us": "human"})
    return path


def test_simulate_from_a_saved_position(capsys, save):
    code, out, _ = run(capsys, "simulate", "--from", str(save), "--turn", "3", "--games", "400", "--json")
    data = json.loads(out)
    assert code == 0 and data["start_turn"] == 3 and sum(data["endings"].values()) == 400
    assert data["seed"] == 11  # the save's seed by default
    code, out, _ = run(capsys, "simulate", "--from", str(save), "--turn", "1", "--games", "400", "--json")
    assert json.loads(out)["start_turn"] == 1


def test_from_the_start_of_a_save_is_the_scenario_from_that_game_s_start(rules, save):
    """Turn 1 of a save: fresh games, except that every copy starts where the saved game did
    (its per-game draws of uncertain starting values are part of what happened)."""
    from game.commands.simulate import start_from_save
    from game.engine.state import initial_state, refresh_estimates

    _, start, _ = start_from_save(str(save), 1, None)
    from_save = simulate(rules, {}, 200, seed=11, start=start, keep_games=True).per_game
    same_start = initial_state(rules, 11, games=1)
    same_start.values[:] = start.values
    refresh_estimates(rules, same_start)
    fresh = simulate(rules, {}, 200, seed=11, start=same_start, keep_games=True).per_game
    assert from_save == fresh
    drawn = simulate(rules, {}, 200, seed=11, keep_games=True).per_game
    assert from_save != drawn  # new games draw their own starts


@pytest.mark.parametrize("argv, message", [
    (["simulate", "--from", "SAVE", "--turn", "9"], "the save has only 3 turns"),
    (["simulate", "winter-2021", "--turn", "2"], "--turn needs --from SAVE"),
    (["simulate", "--from", "missing.json"], "cannot read save"),
    (["simulate", "winter-2021", "--ai", "us=planner:rollouts=lots"], "rollouts expects a int"),
    (["analyze", "winter-2021", "--games", "10"], "give --out FILE.html or --json"),
    (["tournament", "winter-2021", "--policy", "nonsense"], "unknown policy 'nonsense'"),
])
def test_bad_requests_are_explained_without_a_traceback(capsys, save, argv, message):
    argv = [str(save) if a == "SAVE" else a for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_ctrl_c_returns_the_finished_chunks_marked_partial(rules):
    calls = []

    def interrupt_after_first(games):
        calls.append(games)
        if len(calls) == 2:
            raise KeyboardInterrupt

    result = simulate(rules, {}, 5000, seed=1, chunk=1000, progress=interrupt_after_first)
    assert result.partial and result.games == 2000 and result.to_json()["partial"] is True
    assert sum(result.endings.values()) == 2000


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.external = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            if key in attrs and not attrs[key].startswith("data:"):
                self.external.append(attrs[key])
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "script":
            self.external.append("script")


def test_analyze_writes_a_self_contained_page_and_json(capsys, tmp_path):
    # The tutorial: a run per lever and arm costs the same few turns whatever its games, and it
    # has fifteen levers where winter-2021 has fifty (the page and the JSON are the same code).
    rules = load_rules("tutorial")
    out = tmp_path / "report.html"
    code, printed, _ = run(capsys, "analyze", "tutorial", "--games", "600", "--lever-games", "30",
                           "--out", str(out), "--json")
    assert code == 0
    data = json.loads(printed)
    assert sum(e["count"] for e in data["endings"].values()) == 600
    assert {lever["action"] for lever in data["levers"]} == {a.id for a in rules.actions}
    assert [lever["rank"] for lever in data["levers"]] == list(range(1, len(rules.actions) + 1))
    tension = data["trajectories"]["tension"]
    assert all(lo <= mid <= hi for lo, mid, hi in zip(tension["p10"], tension["median"], tension["p90"]))
    assert data["decided"]["resolved"][-1] == pytest.approx(1.0)
    page = _Page()
    page.feed(out.read_text())
    assert page.external == [] and len(page.images) == 4
    for src in page.images:
        assert base64.b64decode(src.split(",", 1)[1])[:4] == b"\x89PNG"


def test_tournament_prints_the_promised_json(capsys):
    code, out, _ = run(capsys, "tournament", "winter-2021", "--games", "8", "--policy", "random", "--policy", "passive",
                       "--opponent", "historical", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"scenario", "games", "roles"} and data["games"] == 8
    assert set(data["roles"]["us"]) == {"random", "passive"}


def test_tournament_table_adds_paired_differences(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line, however narrow the terminal
    code, out, _ = run(capsys, "tournament", "winter-2021", "--games", "8", "--policy", "random", "--policy", "passive",
                       "--opponent", "historical")
    assert code == 0 and "Paired on the same games" in out
    from game.scenario import load_rules
    from game.tournament import tournament

    result = tournament(load_rules("winter-2021"), 8, policies=("random", "passive"), opponents=("historical",))
    for role in ("us", "russia", "nato"):
        d = result.paired(role, "random", "passive")
        row = next(line for line in out.splitlines() if line.strip("│ ").startswith(role) and "random - passive" in line)
        assert f"{d['mean_score']:+.2f}" in row
        both = result.to_json()["roles"][role]
        assert d["mean_score"] == pytest.approx(both["random"]["mean_score"] - both["passive"]["mean_score"], abs=2e-3)


def test_bench_figures_are_the_measured_rates(capsys, monkeypatch):
    """The bench's arithmetic, on a clock we control: each simulate call takes 2 s."""
    import game.commands.bench as bench
    import game.simulation

    now = [0.0]
    calls = []

    def fake_simulate(rules, policies, games, seed=0, chunk=None, **_):
        calls.append((games, chunk))
        now[0] += 2.0

    monkeypatch.setattr(bench.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(game.simulation, "simulate", fake_simulate)
    monkeypatch.setattr(bench, "decision_times", lambda rules, spec, matches=2: [30.0, 10.0, 20.0] if spec == "planner" else [90.0, 50.0])
    monkeypatch.setattr(bench, "initiative_times", lambda rules, matches=1: [40.0, 5.0, 7.0])
    code, out, _ = run(capsys, "bench", "--games", "4000", "--repeat", "2", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["batch_games_per_s"] == 2000 and data["one_at_a_time_games_per_s"] == 100.0 and data["speedup"] == 20.0
    assert (data["planner_decision_ms_p50"], data["planner_decision_ms_max"]) == (20.0, 30.0)
    assert (data["hard_decision_ms_p50"], data["hard_decision_ms_max"]) == (70.0, 90.0)
    assert (data["initiative_ms_p50"], data["initiative_ms_max"]) == (7.0, 40.0)
    assert calls[1:] == [(4000, None), (4000, None), (200, 1), (200, 1)]  # after the warm-up: batches, then games of one


def test_bench_times_every_decision_of_a_match():
    from game.commands.bench import decision_times
    from game.scenario import load_rules

    rules = load_rules("tests/data/mini.yaml")
    times = decision_times(rules, "random", matches=1)
    assert len(times) == rules.turns * len(rules.roles) and all(t >= 0 for t in times)


def test_bench_times_every_role_s_initiative_at_every_turn_of_a_match():
    from game.commands.bench import initiative_times
    from game.scenario import load_rules

    rules = load_rules("tests/data/mini.yaml")
    times = initiative_times(rules, matches=1)
    assert len(times) == rules.turns * len(rules.roles) and all(t >= 0 for t in times)


def test_copy_zero_of_a_saved_position_sees_what_the_players_saw(rules, save):
    from game.commands.simulate import start_from_save
    from game.simulation import start_batch

    _, start, seed = start_from_save(str(save), 3, None)
    batch = start_batch(rules, seed, 0, 4, start)
    assert np.array_equal(batch.estimates[0], start.estimates[0], equal_nan=True)
    hidden = ~rules.visible & ~np.isnan(rules.noise)
    assert not np.array_equal(batch.estimates[1][hidden], start.estimates[0][hidden])


def test_ctrl_c_with_workers_stops_the_pool_and_keeps_what_finished(rules):
    calls = []

    def interrupt_after_first(games):
        calls.append(games)
        raise KeyboardInterrupt

    result = simulate(rules, {}, 4000, seed=1, chunk=500, workers=2, progress=interrupt_after_first)
    assert result.partial and result.games == 500 and sum(result.endings.values()) == 500
