"""Hotseat keeps secrets: each screen is given only its own role's view, and saves resume exactly."""

from __future__ import annotations

import numpy as np
import pygame

from game.engine.match import Match
from game.engine.state import BatchState
from game.play.runner import Game
from game.play.session import Session
from game.play.views import View
from game.ui.flow import Flow

from ui_driver import end_week, frame, make_app, press


def views_given(screen) -> list[View]:
    return [v for v in screen.given.values() if isinstance(v, View)]


def play_hotseat(app, weeks: int) -> None:
    app.new_game(app.loaded, {"us": "human", "russia": "human", "nato": "historical"}, seed=11)
    frame(app)
    while len(app.flow.game.match.reports) < weeks:
        top = app.top
        if top.name == "game":
            press(app, pygame.K_SPACE)
            press(app, pygame.K_r)  # the report overlay, when there is one
            if app.top.name == "report-overlay":
                press(app, pygame.K_ESCAPE)
            end_week(app)
        else:
            press(app, pygame.K_RETURN)


def test_hotseat_screens_get_only_their_roles_view(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    try:
        play_hotseat(app, 4)
        rules = app.flow.game.match.rules
        roles_seen = set()
        for screen in app.history:
            for value in screen.given.values():
                assert not isinstance(value, (Match, BatchState, Session, Game, Flow)), screen.name
            views = views_given(screen)
            if screen.name == "handoff":
                assert screen.role is None and not views
            for view in views:
                assert view.role == screen.role == view.obs.role, screen.name
                r = rules.role_index(view.role)
                roles_seen.add(view.role)
                for i, var in enumerate(view.obs.variables):
                    if not rules.visible[r, i]:
                        assert not var.exact, (screen.name, view.role, var.id)
                for report in view.reports:
                    for entry in report.entries:
                        assert entry.public or entry.role == r, (view.role, entry.id)
                        assert all(rules.visible[r, v] for v, _ in entry.changes), (view.role, entry.id)
            report = screen.given.get("report")
            if report is not None and screen.role is not None:
                r = rules.role_index(screen.role)
                assert all(rules.visible[r, v] for e in report.entries for v, _ in e.changes)
        assert roles_seen == {"us", "russia"}
        # each person's screens alternate, with a handoff between them
        names = [s.name for s in app.history]
        assert names.count("handoff") >= 2 * 4
    finally:
        app.close()


def test_hidden_variables_reach_the_us_only_as_ranges(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    try:
        app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=3)
        press(app, pygame.K_RETURN)
        game = app.top
        assert game.name == "game"
        readiness = game.view.obs.variable("invasion_readiness")
        assert readiness.exact is False and readiness.low < readiness.value < readiness.high
        from game.play.markers import shown_for

        troops = next(m for m in shown_for(game.view, game.rules.presentation.map).markers if m.id == "russian_troops")
        assert troops.exact is False and troops.low < troops.size < troops.high
    finally:
        app.close()


# The New game screen draws a random seed; some seeds reach an ending within three weeks, so the
# test plays one known to last (the game must still be running when it is saved).
LASTING_SEED = 3


def test_save_quit_continue_gives_the_same_game(tmp_path, monkeypatch):
    from game.ai import choices
    from game.ui.screens import newgame

    monkeypatch.setattr(newgame.secrets, "randbelow", lambda n: LASTING_SEED)
    # The AI roles play the documented moves, not the default planner: the test is about the save,
    # and the planner's weeks cost most of its minute.
    monkeypatch.setattr(choices, "DEFAULT", choices.choice("history"))
    app = make_app(tmp_path, monkeypatch)
    try:
        app.main_menu()
        frame(app)
        press(app, pygame.K_RETURN)  # New game
        press(app, pygame.K_RETURN)  # Start
        press(app, pygame.K_RETURN)  # briefing
        for _ in range(3):
            assert app.top.name == "game"
            press(app, pygame.K_DOWN)
            press(app, pygame.K_SPACE)
            end_week(app)
            press(app, pygame.K_RETURN)  # the report
        before = app.flow.game.match
        assert before.seed == LASTING_SEED and not before.over  # saved mid-game, not at an ending
        press(app, pygame.K_s, mod=pygame.KMOD_CTRL)
        seed, log, values = before.seed, [dict(t) for t in before.orders_log], before.true_state.values.copy()
        press(app, pygame.K_ESCAPE)
        assert app.top.name == "pause"
        from ui_driver import click_button

        click_button(app, "Quit game")
        assert not app.running
    finally:
        app.close()
    again = make_app(tmp_path, monkeypatch)
    try:
        again.main_menu()
        frame(again)
        labels = [getattr(e, "text", "") for e in again.top.elements]
        assert "Continue" in labels
        press(again, pygame.K_DOWN)  # Continue is second
        press(again, pygame.K_RETURN)
        m = again.flow.game.match
        assert (m.seed, m.orders_log) == (seed, log)
        assert np.array_equal(m.true_state.values, values)
        assert again.flow.players["us"] == "human" and again.flow.players["russia"] == "historical"
        assert again.top.name in ("game", "report")
        from game.ui import storage

        saves = [s for s in storage.list_saves() if s.path.name != "autosave.json"]
        assert len(saves) == 1 and "after week 3" in saves[0].label
    finally:
        again.close()


def test_the_ending_shows_the_map_as_the_game_left_it_all_revealed(tmp_path, monkeypatch):
    """M on the ending: the map of the truth (a hidden number drawn exactly, not as an estimate),
    in the chart's place; M again, the chart. Before the end there is no such map."""
    app = make_app(tmp_path, monkeypatch, settings={"tutorial_offered": True, "hints": False})
    try:
        app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=5)
        press(app, pygame.K_RETURN)
        game = app.top
        assert any(not m.exact for m in game.map.shown.markers)  # the US estimates Russia's troops
        while app.top.name != "ending":
            if app.top.name == "game":
                end_week(app)
            else:
                press(app, pygame.K_RETURN)
        ending = app.top
        assert ending.end_map is None and not ending.showing_map
        press(app, pygame.K_m)
        markers = ending.end_map.shown.markers
        assert ending.showing_map and markers and all(m.exact for m in markers)
        press(app, pygame.K_m)
        assert not ending.showing_map
    finally:
        app.close()
