"""Every face names a turn by the scenario's calendar: vilnius-2023 plays months, winter-2021 weeks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.engine.match import Match
from game.engine.rules import turn_word_for
from game.play.session import Session
from game.scenario import load_rules, load_scenario

ROOT = Path(__file__).resolve().parents[1]
WEEK = re.compile(r"week", re.IGNORECASE)


@pytest.fixture(scope="module")
def vilnius():
    return load_scenario("vilnius-2023")


def play_text(scenario: str, turns: int) -> str:
    """The terminal game as a player sees it: the US ends ``turns`` turns without orders (the others
    play their history: the words are the same whoever plays them, and a thinking AI costs seconds)."""
    others = [arg for role in load_rules(scenario).roles if role != "us" for arg in ("--ai", f"{role}=historical")]
    result = subprocess.run([sys.executable, "-m", "game", "play", scenario, "--text", "--as", "us", "--seed", "1",
                             "--exit-after-turns", str(turns), *others], input="done\ny\n" * turns, capture_output=True,
                            text=True, timeout=180, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("days, word, words", [(7, "week", "weeks"), (30, "month", "months"), (31, "month", "months"),
                                               (14, "fortnight", "fortnights"), (1, "day", "days"),
                                               (10, "turn", "turns")])
def test_a_turn_is_named_by_its_length_in_days(days, word, words):
    assert (turn_word_for(days), turn_word_for(days, plural=True)) == (word, words)


def test_the_rules_name_their_turn_and_count_turns():
    winter, vilnius = load_rules("winter-2021"), load_rules("vilnius-2023")
    assert (winter.turn_word, winter.turn_words) == ("week", "weeks")
    assert (vilnius.turn_word, vilnius.turn_words) == ("month", "months")
    assert (vilnius.turn_count(1), vilnius.turn_count(12)) == ("1 month", "12 months")


def test_terminal_play_of_a_monthly_scenario_says_month():
    out = play_text("vilnius-2023", 2)
    assert "United States · Month 1 of 12" in out and "Month 2 of 12" in out
    assert "The month of" in out and "(month 1)" in out
    assert not WEEK.search(out), [line for line in out.splitlines() if WEEK.search(line)]


def test_terminal_play_of_a_weekly_scenario_still_says_week():
    out = play_text("winter-2021", 1)
    assert "United States · Week 1 of 12" in out and "The week of" in out
    assert "Month" not in out


def test_the_monthly_briefing_has_no_week(vilnius):
    from game.report.briefing import PUBLIC, briefing_html

    for role in ("us", "russia", PUBLIC):
        html = briefing_html(vilnius, role)
        assert not WEEK.search(html), (role, WEEK.findall(html))
    html = briefing_html(vilnius, "us")
    assert "Action points a month" in html and "every month" in html


def test_the_after_action_report_of_a_monthly_game_has_no_week(vilnius):
    from game.engine.adjudicate import Adjustment
    from game.report.aar import aar_html

    session = Session(Match(vilnius.rules, 3), {"us": "human", "russia": "historical", "nato": "historical"})
    session.say("us", "all", "We will rally the UN", {"kind": "commitment", "ref": "un_general_assembly",
                                                       "by_turn": 2, "do": True})
    session.adjudicate(Adjustment("set", "tension", value=60), "a test of the white cell's record")
    for _ in range(2):
        for role in vilnius.rules.roles:
            session.submit(role, [])
        session.resolve()
    html = aar_html(session, games=5)
    text = re.sub(r'src="data:[^"]*"', "", html)  # base64 charts may spell anything
    assert not WEEK.search(text), WEEK.findall(text)
    assert "Timeline, month by month" in text and "Month 1:" in text and "by month 2" in text


def test_the_window_says_month_for_a_monthly_scenario(vilnius, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from game.ui import theme
    from game.ui.app import App

    app = App(vilnius, settings={})
    try:
        theme.TEXT_CACHE.clear()
        app.new_game(vilnius, {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
        for _ in range(10):
            if app.top.name == "game":
                break
            app.next_step()
            app.step(1 / 60)
        assert app.top.name == "game"
        app.step(1 / 60)
        drawn = [key[0] for key in theme.TEXT_CACHE._store]
        buttons = [getattr(e, "text", "") for e in app.top.elements]
    finally:
        app.close()
        pygame.display.quit()
    assert any(t.startswith("Month 1 of 12") for t in drawn), drawn
    assert "End month (E)" in buttons
    assert "Budget left this month: 3 of 3" in drawn
    assert not [t for t in drawn + buttons if WEEK.search(t)]


def test_lan_frames_carry_the_word_to_the_terminal_client(vilnius):
    from rich.console import Console

    from game.play.frames import ViewFrame
    from game.play.public import public_view
    from game.play.runner import Game
    from game.text.lan import show_public, show_view

    game = Game.new(vilnius.rules, {"us": "human"}, 1)
    frame = ViewFrame.of(vilnius.rules, game.view("us"), ["us"]).model_dump(mode="json")
    assert frame["observation"]["turn_word"] == "month"
    assert ViewFrame.model_validate(frame).to_view().obs.turn_words == "months"
    public = public_view(game.session)
    console = Console(record=True, width=120)
    show_public(console, public)
    show_view(console, frame)
    out = console.export_text()
    assert "Month 1 of 12" in out and "United States · Month 1 of 12" in out
    assert not WEEK.search(out)
