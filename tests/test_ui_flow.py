"""The game flow without drawing (Flow), F5 reload, and `brink play` / `brink bench --gui` as commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pygame
import pytest

from game.scenario import load_scenario
from game.ui.flow import Flow

from ui_driver import end_week, press

AI = {"russia": "historical", "nato": "historical"}


def kinds(session: Flow) -> list[tuple[str, str | None]]:
    return [(s.kind, s.role) for s in session.queue]


FLOW_CASES = {
    "one human: briefing, then orders": ({"us": "human", **AI}, [("briefing", "us"), ("orders", "us")]),
    "hotseat: a handoff before each person": (
        {"us": "human", "russia": "human", "nato": "historical"},
        [("handoff", "us"), ("briefing", "us"), ("orders", "us"), ("handoff", "russia"), ("briefing", "russia"),
         ("orders", "russia")]),
    "demo: the turn is watched": ({"us": "historical", **AI}, [("watch", "us")]),
}


@pytest.mark.parametrize("name", FLOW_CASES)
def test_first_turn_steps(name):
    players, expected = FLOW_CASES[name]
    session = Flow.new(load_scenario("winter-2021"), players, seed=1)
    assert kinds(session) == expected


AFTER_TURN_CASES = {
    "one human reads the report at once": ({"us": "human", **AI}, [("report", "us"), ("orders", "us")]),
    "hotseat: reports wait for each person's turn": (
        {"us": "human", "nato": "human", "russia": "historical"},
        [("handoff", "us"), ("report", "us"), ("orders", "us"), ("handoff", "nato"), ("report", "nato"),
         ("orders", "nato")]),
    "demo: the public report": ({"us": "historical", **AI}, [("public_report", None)]),
}


@pytest.mark.parametrize("name", AFTER_TURN_CASES)
def test_steps_after_a_turn(name):
    players, expected = AFTER_TURN_CASES[name]
    session = Flow.new(load_scenario("winter-2021"), players, seed=1)
    while session.game.match.turn == 1:
        session.advance()
    seen = []
    while True:
        seen.append((session.current.kind, session.current.role))
        if seen[-1] == expected[-1] or len(seen) > len(expected):
            break
        session.advance()
    assert seen == expected


def test_exit_after_turns_stops_after_the_report():
    session = Flow.new(load_scenario("winter-2021"), {"us": "human", **AI}, seed=2, exit_after_turns=1)
    session.advance()  # briefing
    session.advance()  # orders: the turn resolves
    assert kinds(session) == [("report", "us"), ("exit", None)]


def test_autosave_after_each_turn(tmp_path):
    auto = tmp_path / "auto.json"
    session = Flow.new(load_scenario("winter-2021"), {"us": "historical", **AI}, seed=2, autosave_path=auto)
    session.advance()
    assert len(json.loads(auto.read_text())["turns"]) == 1
    session.advance()
    session.advance()
    assert len(json.loads(auto.read_text())["turns"]) == 2


def test_view_changes_come_from_the_visible_report():
    session = Flow.new(load_scenario("winter-2021"), {"us": "human", **AI}, seed=4)
    session.advance()
    session.seal("us", [])
    session.advance()
    view = session.view("us")
    rules = session.game.match.rules
    expected = {}
    for e in session.game.match.report_for("us").entries:
        for v, d in e.changes:
            expected[rules.variables[v].id] = expected.get(rules.variables[v].id, 0) + d
    assert view.changes() == pytest.approx(expected) and expected
    assert "invasion_readiness" not in view.changes()  # hidden from the US


def test_f5_reloads_an_edited_scenario_and_keeps_the_game(tmp_path, monkeypatch):
    src = tmp_path / "mine.yaml"
    shutil.copy(load_scenario("winter-2021").path, src)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from game.ui.app import App

    app = App(load_scenario(src), settings={})
    try:
        app.new_game(app.loaded, {"us": "human", **AI}, seed=9)
        press(app, pygame.K_RETURN)  # briefing
        for _ in range(2):
            press(app, pygame.K_SPACE)  # two orders each week
            press(app, pygame.K_DOWN)
            press(app, pygame.K_SPACE)
            end_week(app)
            press(app, pygame.K_RETURN)
        log = [dict(t) for t in app.flow.game.match.orders_log]
        old_hash = app.flow.game.match.rules.content_hash

        press(app, pygame.K_F5)
        assert "unchanged" in app.toast_text

        src.write_text(src.read_text().replace('title: "Winter 2021: The Standoff"', 'title: "Edited Standoff"'))
        press(app, pygame.K_F5)
        assert app.toast_text.startswith("Reloaded")
        assert app.flow.game.match.rules.title == "Edited Standoff"
        assert app.flow.game.match.orders_log == log and app.flow.game.match.rules.content_hash != old_hash
        assert app.top.name == "game" and app.top.rules.title == "Edited Standoff"

        good = app.flow
        # the US gave two orders in a week: with a budget of 1 the game no longer fits the rules
        assert any(len(week["us"]) >= 2 for week in log)
        fitted = src.read_text()
        src.write_text(fitted.replace("    budget: 3\n    color: \"#56b4e9\"", "    budget: 1\n    color: \"#56b4e9\""))
        press(app, pygame.K_F5)
        assert "no longer fits" in app.toast_text and app.flow is good
        src.write_text(fitted.replace("title: ", "title: [", 1))
        press(app, pygame.K_F5)
        assert app.toast_text.startswith("Scenario not reloaded") and "mine.yaml:" in app.toast_text
        assert app.flow is good
    finally:
        app.close()


def _env(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", XDG_DATA_HOME=str(tmp_path / "d"),
               XDG_CONFIG_HOME=str(tmp_path / "c"))
    return env


def test_brink_play_demo_writes_screenshots_and_stops(tmp_path):
    shots = tmp_path / "shots"
    proc = subprocess.run([sys.executable, "-m", "game", "play", "--demo", "--seed", "3", "--exit-after-turns", "2",
                           "--screenshot-dir", str(shots)], capture_output=True, text=True, env=_env(tmp_path),
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert [n.split("-", 1)[1] for n in names] == ["game.png", "report.png", "game.png", "report.png"]
    assert (tmp_path / "d" / "brinkmanship" / "saves" / "autosave.json").exists()
    assert not proc.stderr.strip()


def test_brink_bench_gui_json(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "game", "bench", "--gui", "--json", "--frames", "60"],
                          capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert set(figures) == {"frames", "frame_ms_p50", "frame_ms_p99", "first_frame_ms"}
    assert figures["frames"] == 60
    # figures, not limits: speed is judged from `brink bench`, not by a timed test on a busy machine
    assert 0 < figures["frame_ms_p50"] <= figures["frame_ms_p99"] and figures["first_frame_ms"] > 0


def test_a_save_that_cannot_be_written_is_reported_and_the_game_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    session = Flow.new(load_scenario("winter-2021"), {"us": "historical", **AI}, seed=2,
                          save_path=str(blocker / "game.json"))
    session.advance()
    assert session.save_error and "Could not save" in session.save_error
    assert len(session.game.match.reports) == 1


def test_a_save_naming_an_unknown_policy_is_refused_clearly(tmp_path):
    from game.play.saves import SaveError, save_file

    session = Flow.new(load_scenario("winter-2021"), {"us": "human", **AI}, seed=2)
    data = save_file(session.game.match, {"us": "no-such-policy", **AI})
    with pytest.raises(SaveError, match="no-such-policy"):
        Flow.resume(data, tmp_path / "x.json")


def test_screenshot_dir_that_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = subprocess.run([sys.executable, "-m", "game", "play", "--demo", "--screenshot-dir", str(blocker / "d")],
                          capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert proc.returncode == 2 and "--screenshot-dir" in proc.stderr and "Traceback" not in proc.stderr
