"""Helpers to drive the real game window under SDL's dummy video driver, key by key."""

from __future__ import annotations

import os

import pygame

from game.scenario import load_scenario


def make_app(tmp_path, monkeypatch, **kw):
    """A real App whose saves and settings go to ``tmp_path`` (never the user's folders)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from game.ui.app import App

    shots = os.environ.get("BRINK_SCREENSHOTS")  # set it to keep the PNGs of a test run
    kw.setdefault("screenshot_dir", shots)
    kw.setdefault("settings", {"tutorial_offered": True})  # a first run offers the tutorial (tested on its own)
    return App(load_scenario("winter-2021"), **kw)


def frame(app, n: int = 1) -> None:
    for _ in range(n):
        app.step(1 / 60)


def press(app, key: int, mod: int = 0, text: str | None = None) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text or "", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    frame(app)


def click(app, pos) -> None:
    """A real mouse click at ``pos`` (motion, press, release)."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False))
    frame(app)
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=pos, button=1, touch=False))
    frame(app, 2)


def click_button(app, label_start: str) -> None:
    """Click the pygame_gui button whose text starts with ``label_start`` on the top screen."""
    for element in app.top.elements:
        if getattr(element, "text", "").startswith(label_start):
            click(app, element.rect.center)
            return
    raise AssertionError(f"no button '{label_start}' on {app.top.name}: "
                         f"{[getattr(e, 'text', '') for e in app.top.elements]}")


def end_week(app) -> None:
    """E on the game screen, and Enter on the question it may ask (points unspent, a game-ending order)."""
    press(app, pygame.K_e)
    if app.top is not None and app.top.name == "confirm":
        press(app, pygame.K_RETURN)
