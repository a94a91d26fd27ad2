"""The seminar in the window: the white cell's console, the projector, team orders, talk, the report."""

from __future__ import annotations

import json

import pygame
import pytest

from game.engine.match import Match
from game.play.clock import Clock
from game.play.facilitator import Facilitator
from game.play.public import public_view
from game.play.runner import Game
from game.play.session import Session
from game.ui.desk import Desk

from ui_driver import click_button, end_week, frame, make_app, press

PLAYERS = {"us": "human", "russia": "human", "nato": "historical"}


def type_text(app, text: str) -> None:
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    frame(app)


class FakeTime:
    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def seminar(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    now = FakeTime()
    session = Session(Match(app.loaded.rules, 7), dict(PLAYERS, nato="historical"))
    fac = Facilitator(Game(session, clock=Clock(default_seconds=300, now=now)))
    desk = Desk.local(fac, save_path=str(tmp_path / "seminar.json"))
    app.start_facilitator(desk)
    frame(app, 2)
    yield app, desk, now
    app.close()


def test_console_publishes_an_inject_overrides_with_a_reason_and_undoes_it(seminar, tmp_path):
    app, desk, _ = seminar
    fac = desk.fac
    first = fac.injects()[0]
    click_button(app, "Publish")  # writes "publish ID " into the command line
    type_text(app, "the room is ready")
    press(app, pygame.K_RETURN)
    assert {i.id: i.status for i in fac.injects()}[first.id] == "published"
    before = fac.true_values()["nato_cohesion"]
    type_text(app, "set nato_cohesion 12 Berlin balks in our room")
    press(app, pygame.K_RETURN)
    act = fac.session.acts[-1]
    assert (fac.true_values()["nato_cohesion"], act.reason) == (12.0, "Berlin balks in our room")
    click_button(app, "Undo")  # "undo N " with the last act's number
    assert app.top.entry.get_text() == f"undo {act.id} "
    type_text(app, "misheard")
    press(app, pygame.K_RETURN)
    assert fac.true_values()["nato_cohesion"] == pytest.approx(before)
    saved = json.loads((tmp_path / "seminar.json").read_text())  # every act is in the save, with its reason
    kinds = [a["kind"] for a in saved["extra"]["session"]["acts"]]
    assert kinds == ["adjust", "adjust", "undo"]
    assert any("Recorded act" in line for line in desk.lines)


def test_the_clock_ticks_and_late_teams_get_nothing_when_chosen(seminar):
    app, desk, now = seminar
    fac = desk.fac
    press(app, pygame.K_F9)  # late teams: nothing
    assert fac.late == "nothing"
    fac.draft("us", fac.match.legal_ids("us")[:1])
    now.t = 100
    frame(app)
    assert fac.clock.remaining() == 200
    press(app, pygame.K_F2)  # pause: time stands still
    now.t = 1000
    frame(app)
    assert fac.clock.remaining() == 200 and fac.match.turn == 1
    press(app, pygame.K_F2)
    press(app, pygame.K_F3)  # one more minute
    assert fac.clock.remaining() == 260
    now.t = 1261
    frame(app)
    assert fac.match.turn == 2
    assert fac.match.orders_log[0]["us"] == [] and fac.match.orders_log[0]["russia"] == []


def test_end_the_week_now_and_roll_back(seminar):
    app, desk, _ = seminar
    press(app, pygame.K_F4)
    assert desk.fac.match.turn == 2
    type_text(app, "rollback 1")
    press(app, pygame.K_RETURN)
    assert desk.fac.match.turn == 1 and not desk.fac.match.reports


def test_projector_is_given_only_the_public_view(seminar, monkeypatch):
    app, desk, now = seminar
    fac = desk.fac
    from game.ui.projector import ProjectorPainter

    drawn = []
    real = ProjectorPainter.draw
    monkeypatch.setattr(ProjectorPainter, "draw", lambda self, surface, view: (drawn.append(view), real(self, surface, view)))
    fac.session.say("russia", "us", "secret channel: we may pull back")
    type_text(app, "set invasion_readiness 77.25 the white cell's hidden call")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_F6)  # the facilitator looks at Russia's view...
    press(app, pygame.K_F7)  # ...and opens the projector
    frame(app, 3)
    assert drawn and app.top.projector is not None
    everyone = fac.rules.visible.all(axis=0)
    hidden = [v.id for i, v in enumerate(fac.rules.variables) if not everyone[i]]
    for view in drawn:
        assert view["clock_state"]["state"] == fac.clock.state  # the game's clock, paused when it is
        assert {**view, "clock_state": None} == public_view(fac.session, fac.clock.remaining())
        text = json.dumps(view)
        assert "secret channel" not in text and "77.25" not in text
        assert not any(f'"{var}"' in text for var in hidden)
    press(app, pygame.K_F7)
    assert app.top.projector is None


def test_a_team_gives_orders_at_the_facilitators_laptop(seminar):
    app, desk, _ = seminar
    press(app, pygame.K_F6)  # the United States
    press(app, pygame.K_F8)
    assert app.top.name == "team-orders" and app.top.role == "us"
    assert app.top.given["view"].obs.role == "us"
    press(app, pygame.K_SPACE)
    chosen = list(app.top.orders.chosen)
    end_week(app)
    assert app.top.name == "hand-back"  # the team does not see the white cell's screen
    press(app, pygame.K_RETURN)
    assert app.top.name == "facilitator"
    assert desk.fac.orders_in()["us"] == {"sealed": True, "orders": chosen}


def test_the_ending_writes_the_after_action_report(seminar, tmp_path):
    app, desk, _ = seminar
    while not desk.fac.match.over:
        press(app, pygame.K_F4)
    assert app.top.name == "ending"
    app.top.report_games = 5
    press(app, pygame.K_a)
    path = app.top.report_path
    assert path is not None and path.is_relative_to(tmp_path / "data")
    html = path.read_text(encoding="utf-8")
    assert "After-action report" in html and str(path) in app.toast_text
    assert "opened in your browser" not in app.toast_text  # headless: no browser is started


def test_the_report_opens_in_the_browser_on_a_real_screen(seminar, monkeypatch):
    import webbrowser

    app, desk, _ = seminar
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    while not desk.fac.match.over:
        press(app, pygame.K_F4)
    app.top.report_games = 5
    app.fast = False  # as on a machine with a display
    press(app, pygame.K_a)
    assert opened == [app.top.report_path.resolve().as_uri()] and opened[0].startswith("file://")
    assert "opened in your browser" in app.toast_text


def test_hotseat_players_talk_and_the_save_keeps_it(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    try:
        app.new_game(app.loaded, dict(PLAYERS), seed=3)
        while app.top.name != "game":
            press(app, pygame.K_RETURN)
        role = app.top.role
        press(app, pygame.K_t)
        assert app.top.name == "talk"
        press(app, pygame.K_TAB)  # to the recipient button
        press(app, pygame.K_RETURN)  # everyone -> the first other role
        other = app.top.to
        assert other != "all"
        app.top.entry.focus()
        type_text(app, "Meet in Geneva?")
        press(app, pygame.K_RETURN)
        press(app, pygame.K_ESCAPE)
        assert app.top.name == "game" and app.top.talk_button.text == "Talk (T) · 1"
        talk = app.flow.game.session
        assert [(m.sender, m.to, m.text) for m in talk.messages()] == [(role, other, "Meet in Geneva?")]
        third = next(r for r in app.flow.game.match.rules.roles if r not in (role, other))
        assert talk.messages_for(third) == []
        path = tmp_path / "talk.json"
        app.flow.save_to(path)
        from game.play.saves import read_save
        from game.ui.flow import Flow as WindowSession

        resumed = WindowSession.resume(read_save(path), path)
        assert [m.text for m in resumed.game.session.messages()] == ["Meet in Geneva?"]
    finally:
        app.close()


def test_the_clock_runs_out_while_a_team_is_at_the_keyboard(seminar, monkeypatch):
    app, desk, now = seminar
    press(app, pygame.K_F7)  # the projector stays up to date whatever screen the laptop shows
    shown = []
    projector = app.top.projector
    monkeypatch.setattr(projector, "show", lambda view: shown.append(view["clock"]))
    press(app, pygame.K_F6)
    press(app, pygame.K_F8)
    assert app.top.name == "team-orders"
    now.t = 120
    frame(app, 20)
    assert shown and shown[-1] == 180
    now.t = 400
    frame(app, 2)
    assert desk.fac.match.turn == 2 and app.top.name == "hand-back"


def test_brink_play_facilitator_opens_the_window(tmp_path, monkeypatch):
    from game.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    save = tmp_path / "seminar.json"
    shots = tmp_path / "shots"
    assert main(["play", "--facilitator", "--ai", "us=historical", "--ai", "russia=historical", "--ai", "nato=historical",
                 "--seed", "4", "--save", str(save), "--exit-after-turns", "1", "--screenshot-dir", str(shots)]) == 0
    assert len(json.loads(save.read_text())["turns"]) == 1
    assert [p.name for p in shots.iterdir()] == ["001-facilitator.png"]


def test_closing_the_projector_window_keeps_the_game(seminar):
    app, _, _ = seminar
    press(app, pygame.K_F7)
    window = app.top.projector.window
    pygame.event.post(pygame.event.Event(pygame.WINDOWCLOSE, window=window))
    frame(app)
    assert app.running and app.top.projector is None
    pygame.event.post(pygame.event.Event(pygame.WINDOWCLOSE, window=None))  # the game window itself
    frame(app)
    assert not app.running


def test_f5_keeps_the_messages_of_a_game(tmp_path, monkeypatch):
    import shutil

    from game.scenario import load_scenario
    from game.ui.app import App

    src = tmp_path / "mine.yaml"
    shutil.copy(load_scenario("winter-2021").path, src)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = App(load_scenario(src), settings={})
    try:
        app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=9)
        threat = next(t.id for t in app.loaded.rules.threats if t.by == 0 and t.kind == "threat" and not t.declared_at_start)
        start = app.flow.game.match.true_state.threat_status.copy()
        app.flow.game.session.say("us", "all", "We mean it.", {"kind": "threat", "ref": threat})
        before = app.flow.game.match.true_state.threat_status.copy()
        assert not (before == start).all()
        src.write_text(src.read_text().replace('title: "Winter 2021: The Standoff"', 'title: "Edited Standoff"'))
        press(app, pygame.K_F5)
        assert app.toast_text.startswith("Reloaded")
        assert [m.text for m in app.flow.game.session.messages()] == ["We mean it."]
        assert app.flow.game.session.match is app.flow.game.match
        assert (app.flow.game.match.true_state.threat_status == before).all()  # the declaration was replayed
    finally:
        app.close()


def test_seminar_screens_have_real_glyphs_no_small_text_and_no_clipped_buttons(seminar):
    """Every seminar screen in turn: text cache checked for tofu and size, every button's label fits."""
    from game.ui import theme

    app, desk, now = seminar
    theme.TEXT_CACHE.clear()
    desk.fac.session.say("russia", "us", "Пора поговорить: Geneva?")
    buttons = []

    def look() -> None:
        frame(app, 2)
        buttons.extend((b.text, b.font.size(b.text)[0], b.rect.w) for b in app.top.elements if hasattr(b, "set_text")
                       and type(b).__name__ == "UIButton")

    look()
    press(app, pygame.K_F1)  # help overlay
    look()
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_F7)  # projector
    frame(app, 20)
    press(app, pygame.K_F6)
    look()
    press(app, pygame.K_F8)  # the United States at the keyboard
    look()
    press(app, pygame.K_t)
    look()
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    look()  # hand back
    press(app, pygame.K_RETURN)
    while not desk.fac.match.over:
        press(app, pygame.K_F4)
    look()  # the ending
    keys = list(theme.TEXT_CACHE._store)
    assert len(keys) > 50
    for text, size, _colour, bold, italic in keys:
        assert size >= theme.MIN_TEXT_PX, text
        assert not theme.missing_glyphs(text, bold, italic), text
    assert len(buttons) > 25
    for label, width, room in buttons:
        assert width <= room - 8, f"'{label}' is clipped ({width} px in {room})"


def test_console_tables_keep_their_columns_in_a_monospaced_face(seminar, recwarn):
    """The console pads its tables with spaces; the long-answer overlay shows them in pygame_gui's
    bundled monospaced face (loaded without a missing-font warning), every space kept."""
    from game.ui import theme

    app, desk, _ = seminar
    type_text(app, "state")
    press(app, pygame.K_RETURN)
    frame(app, 2)
    assert app.top.name == "console-output"
    html = app.top.box.html_text
    assert f"face='{theme.MONO_FONT}'" in html and "  " not in html  # every space is a non-breaking one
    row = next(line for line in app.top.lines if "Tension" in line)
    assert row.replace(" ", "&nbsp;") in html
    assert not [w for w in recwarn if "font" in str(w.message).lower()]
