"""The real window under the dummy driver: every screen renders, a whole game by keys and clicks."""

from __future__ import annotations

import pygame
import pytest

from ui_driver import click, click_button, end_week, frame, make_app, press


@pytest.fixture
def app(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch)
    yield app
    app.close()


def test_keyboard_and_clicks_play_one_role_to_the_ending(app):
    """A whole game by keys and clicks. One opponent thinks (Easy: the screens show a thinking AI's
    messages and deals) and one plays the documented moves: the same screens at half the AI's thinking,
    and the menu's row is moved both ways."""
    app.main_menu()
    frame(app)
    assert app.top.name == "title"
    press(app, pygame.K_RETURN)  # New game (first in the menu)
    assert app.top.name == "newgame"
    for _ in range(4):
        press(app, pygame.K_UP)  # from Start up to Russia's row
    press(app, pygame.K_LEFT)  # Normal -> Easy: the same screens and deals, at a third of the AI's thinking
    press(app, pygame.K_DOWN)  # NATO's row
    press(app, pygame.K_RIGHT)  # Normal -> Hard
    press(app, pygame.K_RIGHT)  # Hard -> History
    for _ in range(3):
        press(app, pygame.K_DOWN)  # back down to Start
    press(app, pygame.K_RETURN)  # Start game
    assert app.flow is not None and app.flow.humans == ["us"]
    assert app.flow.players == {"us": "human", "russia": "planner:easy", "nato": "historical"}
    assert app.top.name == "briefing"
    click_button(app, "To the situation room")
    weeks = 0
    while app.top.name != "ending":
        name = app.top.name
        if name == "game":
            press(app, pygame.K_DOWN)
            press(app, pygame.K_SPACE)  # order the focused action
            chosen = list(app.top.orders.chosen)
            end_week(app)  # end the week
            weeks += 1
            assert app.flow.game.match.orders_log[-1]["us"] == chosen
        elif name == "report":
            press(app, pygame.K_RETURN)
        else:
            raise AssertionError(f"unexpected screen {name}")
        assert weeks <= app.flow.game.match.rules.turns
    assert app.flow.game.match.over
    assert len(app.flow.game.match.reports) == weeks
    assert any(log["us"] for log in app.flow.game.match.orders_log)  # the key presses really gave orders


def test_every_screen_renders(app):
    app.main_menu()
    frame(app)
    shown = {app.top.name}
    for label, back in (("How to play", pygame.K_ESCAPE), ("Load game", pygame.K_ESCAPE), ("New game", pygame.K_ESCAPE)):
        click_button(app, label)
        shown.add(app.top.name)
        press(app, back)
        assert app.top.name == "title"
    app.new_game(app.loaded, {"us": "human", "russia": "human", "nato": "historical"}, seed=4)
    frame(app)
    for _ in range(12):  # handoff, briefing, orders for two roles, then a report
        shown.add(app.top.name)
        if app.top.name == "game":
            for key in (pygame.K_r, pygame.K_ESCAPE, pygame.K_b, pygame.K_ESCAPE, pygame.K_ESCAPE):
                press(app, key)
                shown.add(app.top.name)
            click_button(app, "Settings")
            shown.add(app.top.name)
            press(app, pygame.K_ESCAPE)
            press(app, pygame.K_ESCAPE)
            end_week(app)
        else:
            press(app, pygame.K_RETURN)
    assert {"title", "howto", "load", "newgame", "handoff", "briefing", "game", "pause", "settings",
            "briefing-overlay", "report"} <= shown
    assert app.surface.get_size() == (1280, 720)
    # the text pygame_gui drew (buttons, HTML boxes) has real glyphs too
    import re

    from game.ui import theme

    texts = [t for s in app.history for t in s.texts]
    assert len(texts) > 20
    for text in texts:
        plain = re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        assert not theme.missing_glyphs(plain), plain


def test_demo_runs_to_the_ending_and_writes_screenshots(tmp_path, monkeypatch):
    shots = tmp_path / "shots"
    app = make_app(tmp_path, monkeypatch, demo=True, screenshot_dir=str(shots))
    try:
        app.new_game(app.loaded, {r: "historical" for r in app.loaded.rules.roles}, seed=2)
        while app.running:
            frame(app)
        names = sorted(p.name for p in shots.glob("*.png"))
        assert names[0].endswith("-game.png") and names[-1].endswith("-ending.png")
        assert sum(n.endswith("-report.png") for n in names) == len(app.flow.game.match.reports)
        assert pygame.image.load(str(shots / names[-1])).get_size() == (1280, 720)
    finally:
        app.close()


def test_orders_panel_clicks_toggle_and_budget_holds(app):
    app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
    press(app, pygame.K_RETURN)  # leave the briefing
    screen = app.top
    assert screen.name == "game"
    panel = screen.orders
    budget = panel.obs.budget
    for row in panel.items:
        click(app, (panel.list_rect.x + 40, panel.list_rect.y + row.y - panel.scroll + 10))
        panel.scroll = 0
        if panel.spent >= budget:
            break
    assert 0 < panel.spent <= budget
    app.flow.check("us", panel.chosen)
    assert app.flow.check("us", panel.chosen) is None


def test_every_drawn_text_has_real_glyphs_and_no_small_size(tmp_path, monkeypatch):
    """Everything the screens rendered through the text cache in this run: no tofu boxes, nothing < 16 px."""
    from game.ui import theme

    app = make_app(tmp_path, monkeypatch, demo=True)
    try:
        theme.TEXT_CACHE.clear()
        app.new_game(app.loaded, {r: "historical" for r in app.loaded.rules.roles}, seed=5)
        while app.running:
            frame(app)
    finally:
        app.close()
    pygame.font.init()
    keys = list(theme.TEXT_CACHE._store)
    assert len(keys) > 100
    for text, size, _colour, bold, italic in keys:
        assert size >= theme.MIN_TEXT_PX
        assert not theme.missing_glyphs(text, bold, italic), text


def test_l_shows_local_city_names_in_cyrillic(app):
    from game.ui import theme

    app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
    press(app, pygame.K_RETURN)
    theme.TEXT_CACHE.clear()
    press(app, pygame.K_l)
    drawn = {key[0] for key in theme.TEXT_CACHE._store}
    assert {"Київ", "Москва", "Мінск"} <= drawn
    assert "Kyiv" not in drawn
    press(app, pygame.K_l)
    assert "Kyiv" in {key[0] for key in theme.TEXT_CACHE._store}


def test_new_game_by_keyboard_sets_players_and_seed(app):
    app.main_menu()
    frame(app)
    press(app, pygame.K_RETURN)  # New game
    screen = app.top
    start_seed = screen.seed_entry.get_text()
    for _ in range(4):
        press(app, pygame.K_UP)  # from Start up to Russia's row
    press(app, pygame.K_RIGHT)  # historical -> the next choice
    assert screen.choice["russia"] != "historical"
    while screen.choice["russia"] != "human":
        press(app, pygame.K_RIGHT)
    press(app, pygame.K_s)  # type a seed
    for ch in "42":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        frame(app)
    assert screen.seed_entry.get_text() == "42"
    screen.seed_entry.unfocus()
    for _ in range(4):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # Start game
    assert app.flow.humans == ["us", "russia"]
    assert app.flow.game.match.seed == 42 != int(start_seed)
    assert app.top.name == "handoff"


def test_m_and_i_show_by_keyboard_what_hovering_shows(app):
    app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)
    press(app, pygame.K_RETURN)
    game = app.top
    seen = []
    for _ in range(len(game.map.hit_boxes)):
        press(app, pygame.K_m)
        seen.append(game.hover_marker[0])
    assert seen == [m for _, m in game.map.hit_boxes]
    press(app, pygame.K_i)
    assert game.hover_indicator[0] is game.indicator_hits[0][1] and game.hover_marker is None
    press(app, pygame.K_i)
    assert game.hover_indicator[0] is game.indicator_hits[1][1]


def test_f11_and_resizing_keep_the_720p_canvas(app):
    app.main_menu()
    frame(app)
    press(app, pygame.K_F11)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1920, 1080), w=1920, h=1080))
    frame(app, 2)
    assert app.running and app.top.name == "title"
    assert app.surface.get_size() == (1280, 720)  # pygame.SCALED: the layout never changes, it is scaled


def test_the_menu_comes_before_the_scenario_is_loaded(tmp_path, monkeypatch):
    """`brink play` gives the window a loader: the title is drawn first, New game loads it."""
    from game.scenario import load_scenario
    from game.ui.app import App

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    calls = []
    app = App(lambda: calls.append(1) or load_scenario("winter-2021"), settings={"tutorial_offered": True})
    try:
        app.main_menu()
        frame(app, 3)
        assert app.top.name == "title" and calls == []
        press(app, pygame.K_RETURN)  # New game
        assert app.top.name == "newgame" and calls == [1]
        assert app.loaded.rules.id == "winter-2021" and calls == [1]  # loaded once
    finally:
        app.close()


def test_the_new_game_screen_offers_the_levels_with_normal_first(app):
    """AI roles start at Normal; Right cycles through Hard, History and the personas, and the
    one line under the button says what the opponent is like."""
    app.main_menu()
    frame(app)
    press(app, pygame.K_RETURN)  # New game
    screen = app.top
    assert screen.name == "newgame"
    assert [b.text for b in screen.role_buttons.values()] == ["‹ Human ›", "‹ AI: Normal ›", "‹ AI: Normal ›"]
    screen.cycle("russia", 1)
    assert screen.role_buttons["russia"].text == "‹ AI: Hard ›"
    assert screen._description("russia").startswith("Plays every move to the end")
    screen.cycle("russia", 1)
    assert screen.role_buttons["russia"].text == "‹ AI: History ›"
    assert screen._description("russia").startswith("The documented moves")
    frame(app)  # draws the descriptions
    screen.start_game()
    assert app.flow.players["russia"] == "historical" and app.flow.players["nato"] == "planner"


@pytest.mark.parametrize("scenario,word", [("winter-2021", "week04"), ("vilnius-2023", "month04")])
def test_a_save_made_in_the_fourth_turn_is_named_for_it(tmp_path, monkeypatch, scenario, word):
    """Ctrl+S in week 4 writes '...-week04-...' (it was 'week03', the turns completed), a monthly
    scenario's '...-month04-...'; and the save resumes in that turn."""
    from game.scenario import load_scenario
    from game.ui import storage

    app = make_app(tmp_path, monkeypatch, settings={"tutorial_offered": True, "hints": False})
    try:
        loaded = load_scenario(scenario)
        app.new_game(loaded, {r: ("human" if i == 0 else "historical") for i, r in enumerate(loaded.rules.roles)}, seed=2)
        press(app, pygame.K_RETURN)
        while app.flow.game.turn < 4 or app.top.name != "game":
            if app.top.name == "game":
                end_week(app)
            else:
                press(app, pygame.K_RETURN)
        press(app, pygame.K_s, mod=pygame.KMOD_CTRL)
        saves = sorted(storage.saves_dir().glob(f"{scenario}-*.json"))
        manual = [p for p in saves if word in p.name]
        assert manual, [p.name for p in saves]
        assert app.load_game(manual[0]) and app.flow.game.turn == 4
    finally:
        app.close()
