"""The tutorial in the window: offered on the first run and from the title, its hints as callouts
that point at the order or indicator each one names."""

from __future__ import annotations

import pygame

from ui_driver import frame, make_app, press


def start_tutorial(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, settings={})  # a first run
    app.main_menu()
    frame(app)
    assert app.top.name == "first-run"
    press(app, pygame.K_RETURN)  # Play the tutorial
    assert app.flow is not None and app.flow.rules.id == "tutorial" and app.flow.humans == ["us"]
    if app.top.name == "briefing":
        press(app, pygame.K_RETURN)
    assert app.top.name == "game"
    return app


def test_the_first_run_offers_the_tutorial_once(tmp_path, monkeypatch):
    app = make_app(tmp_path, monkeypatch, settings={})
    try:
        app.main_menu()
        frame(app)
        assert app.top.name == "first-run"
        press(app, pygame.K_ESCAPE)
        assert app.top.name == "title" and app.settings["tutorial_offered"]
        app.main_menu()
        frame(app)
        assert app.top.name == "title"  # not offered again
        assert any(t == "Tutorial" for t in app.top.texts)  # but always on the title
    finally:
        app.close()


def test_callouts_point_at_what_each_hint_names(tmp_path, monkeypatch):
    app = start_tutorial(tmp_path, monkeypatch)
    try:
        screen = app.top
        hints = screen.hints
        assert len(hints) >= 2 and screen.hint is hints[0]
        pointed = 0
        while screen.hint is not None:
            frame(app)
            target = screen.hint_target()
            name = screen.hint.points_to
            if name:
                assert target is not None, name
                rows = {r.action.id: r for r in screen.orders.items}
                if name in rows:  # the order's row, scrolled into view
                    lr = screen.orders.list_rect
                    assert lr.contains(target.clip(lr)) and target.colliderect(lr)
                else:
                    assert any(v.id == name and box.colliderect(target) for box, v in screen.indicator_hits)
                assert not screen.callout_rect.colliderect(target)  # the callout does not hide what it names
                pointed += 1
            press(app, pygame.K_RETURN)
        assert pointed >= 1
        press(app, pygame.K_h)  # the hints again
        assert screen.hint is hints[0]
        press(app, pygame.K_ESCAPE)  # closes the hints, not the game
        assert screen.hint is None and app.top is screen
    finally:
        app.close()
