"""The ``brink`` command: contract outputs, terminal play, and clear errors for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
MINI = str(Path(__file__).parent / "data" / "mini.yaml")


def brink(*args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real command in a child process (as a user would)."""
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def brink_here(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """Run ``brink`` in this process (``main(argv)``): exit code, stdout, stderr. For cases about the
    command's answers rather than the process: an exception that escapes ``main`` fails the test
    as a traceback would, and a child process costs about a second to start."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_passes_shipped_scenarios(capsys):
    paths = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    assert main(["validate", *paths]) == 0
    assert capsys.readouterr().out.count(": ok") == len(paths)


def test_validate_reports_located_errors_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(MINI).read_text().replace("effects: {x: 10, h: 5}", "effects: {x: 10, hh: 5}"))
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err and all(line.startswith(f"{bad}:") and ": error: " in line for line in err)


def test_inspect_json_contract(capsys):
    assert main(["inspect", "winter-2021", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"id", "title", "turns", "roles", "variables", "actions", "events", "endings"} <= set(data)
    assert data["roles"] == ["us", "russia", "nato"]
    kinds = {"sanction", "deployment", "decision", "demand", "demand_response", "diplomacy", "other"}
    assert {a["kind"] for a in data["actions"]} <= kinds
    assert all({"id", "role", "kind", "source"} <= set(a) for a in data["actions"])
    assert all({"id", "min", "max", "initial", "visible_to"} <= set(v) for v in data["variables"])
    readiness = next(v for v in data["variables"] if v["id"] == "invasion_readiness")
    assert readiness["visible_to"] == ["russia"]
    responses = {(a["id"], a["role"]) for a in data["actions"] if a["kind"] == "demand_response"}
    assert ("demand_no_expansion.counter", "us") in responses and ("demand_no_expansion.counter", "nato") in responses


def test_simulate_json_contract(tmp_path, capsys):
    per_game = tmp_path / "games.jsonl"
    assert main(["simulate", "winter-2021", "--games", "300", "--seed", "4", "--ai", "russia=random",
                 "--json", "--per-game", str(per_game)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"scenario", "games", "seed", "policies", "endings", "mean_final", "mean_scores", "seconds"}
    assert data["games"] == 300 and sum(data["endings"].values()) == 300
    assert data["policies"] == {"us": "historical", "russia": "random", "nato": "historical"}
    assert "invasion_readiness" in data["mean_final"]  # the analyst's view includes hidden variables
    lines = [json.loads(line) for line in per_game.read_text().splitlines()]
    assert len(lines) == 300 and set(lines[0]) == {"game", "ending", "turns", "final", "scores"}
    assert sorted(r["game"] for r in lines) == list(range(300))
    counts = {}
    for r in lines:
        counts[r["ending"]] = counts.get(r["ending"], 0) + 1
    assert counts == {k: v for k, v in data["endings"].items() if v}


def test_simulate_is_reproducible(capsys):
    outs = []
    for _ in range(2):
        main(["simulate", "winter-2021", "--games", "200", "--seed", "11", "--json"])
        data = json.loads(capsys.readouterr().out)
        data.pop("seconds")
        outs.append(data)
    assert outs[0] == outs[1]


def test_demo_game_runs_to_the_end_and_names_the_ending():
    result = brink("play", "--text", "--demo", "--seed", "5")
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    ids = json.loads(brink("inspect", "winter-2021", "--json").stdout)["endings"]
    assert last.startswith("Ending: ") and last.split(": ")[1] in {e["id"] for e in ids}


def test_a_human_plays_a_whole_game_in_the_terminal(tmp_path):
    save = tmp_path / "game.json"
    # Week 1: orders 1 and 4 (2 is not open yet), then 'done'; afterwards just end every turn.
    script = "help\ni 1\n1 4\ndone\ny\n" + "done\ny\n" * 11
    result = brink("play", MINI, "--text", "--as", "a", "--seed", "3", "--save", str(save), stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Budget left this week" in result.stdout and "Source: Test source" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("Ending: ")
    data = json.loads(save.read_text())
    assert data["players"]["a"] == "human" and len(data["turns"]) >= 1
    replay = brink("replay", str(save))
    assert replay.returncode == 0 and replay.stdout.strip().splitlines()[-1] == result.stdout.strip().splitlines()[-1]


def test_hotseat_hands_off_between_humans():
    script = "\n" + "done\ny\n" + "\n" + "done\ny\n"  # Enter at each handoff, then end the turn
    result = brink("play", MINI, "--text", "--as", "a", "--as", "b", "--seed", "1", "--exit-after-turns", "1",
                   stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Pass to Alpha" in result.stdout and "Pass to Beta" in result.stdout


def test_input_ending_mid_game_quits_cleanly():
    result = brink("play", MINI, "--text", "--as", "a", "--seed", "1", stdin="1\n")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


BAD_ARGS = [
    (["play", "--text", "--as", "usa"], "unknown role 'usa'"),
    (["play", "--text", "--ai", "us"], "--ai expects ROLE=POLICY"),
    (["play", "--text", "--ai", "us=genius"], "unknown policy 'genius'"),
    (["play", "--text", "--ai", "us=fixed:nope", "--demo"], "us has no action 'nope'"),
    (["play", "--text", "--as", "us", "--ai", "us=random"], "both --as and --ai"),
    (["simulate", "winter-2021", "--games", "0"], "at least 1"),
    (["simulate", "winter-2021", "--games", "many"], "whole number"),
    (["simulate", "winter-2022"], "no shipped scenario 'winter-2022' (did you mean 'winter-2021'?)"),
    (["play", "nowhere/missing.yaml"], "no such file"),
    (["replay", "missing-save.json"], "cannot read save"),
    (["frobnicate"], "invalid choice"),
]


@pytest.mark.parametrize("args, message", BAD_ARGS, ids=[" ".join(a) for a, _ in BAD_ARGS])
def test_bad_arguments_get_a_clear_message(args, message, monkeypatch, capsys):
    code, _, err = brink_here(monkeypatch, capsys, *args)
    assert code != 0
    assert message in err
    assert "Traceback" not in err


def test_a_bad_argument_in_the_real_command_gets_a_clear_message():
    """The same as above through a child process, once: what a user's shell sees."""
    result = brink("play", "--text", "--as", "usa", stdin="")
    assert result.returncode != 0 and "unknown role 'usa'" in result.stderr and "Traceback" not in result.stderr


def test_bad_scenario_file_never_shows_a_traceback(tmp_path, monkeypatch, capsys):
    for i, content in enumerate([b"", b"\x00\x01binary", b"a: [", b"x: !!python/name:os.system\n",
                                 b"id: 5\n", b"when: \"__import__('os')\"\n"]):
        path = tmp_path / f"bad{i}.yaml"
        path.write_bytes(content)
        code, _, err = brink_here(monkeypatch, capsys, "validate", str(path))
        assert code == 1
        assert err.startswith(f"{path}:") and "Traceback" not in err


def test_play_without_a_display_falls_back_to_the_terminal():
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    # A fixed seed (the same game every run). The opponents play the documented moves: which AI
    # plays does not matter to the fallback, and the thinking ones would fit their value model in
    # the child first (seconds on a quiet machine, much longer on a loaded one).
    result = subprocess.run([sys.executable, "-m", "game", "play", "--as", "us", "--opponents", "history",
                             "--exit-after-turns", "1", "--seed", "1"],
                            input="done\ny\n", capture_output=True, text=True, timeout=240, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    assert "No display found" in result.stderr and "Week 1 of 12" in result.stdout


def test_the_tournament_help_states_the_real_defaults():
    from game.commands.tournament import DEFAULT_OPPONENTS, DEFAULT_POLICIES
    from game.tournament import OPPONENTS, POLICIES

    assert DEFAULT_POLICIES.split() == list(POLICIES) and DEFAULT_OPPONENTS.split() == list(OPPONENTS)


def test_building_the_parser_stays_light():
    """`brink play` must reach its first frame fast: the parser must not load numpy or pydantic."""
    code = "import sys; from game.cli import build_parser; build_parser(); print('numpy' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stdout + out.stderr


@pytest.mark.parametrize("given, expected", [(None, "1"), ("2", "2")], ids=["unset: one thread", "the user's own setting"])
def test_the_command_runs_numpy_on_one_blas_thread_unless_told(given, expected):
    """``brink`` sets OpenBLAS to one thread before numpy loads (its spinning threads only burn the
    AI's CPU); a thread count the user set is kept. Checked in a child process, as the command starts."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    probe = "import os, game.cli; print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [expected, "1"]
