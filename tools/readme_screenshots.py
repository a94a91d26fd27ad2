"""Render every screenshot the README shows, from the real window under SDL's dummy driver.

    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy python tools/readme_screenshots.py docs

Each picture is a game driven key by key (fixed seeds, the documented moves for the AI), so
running it again after a change to the window gives the README the screens as they are now.
Settings and saves go to a temporary folder, never the user's. The PNGs are reduced to a
192-colour palette with Pillow when it is installed (smaller files).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pygame

from game.scenario import load_scenario
from game.ui.app import App

SETTINGS = {"tutorial_offered": True, "hints": False}


def step(app: App, n: int = 1) -> None:
    for _ in range(n):
        app.step(1 / 60)


def press(app: App, key: int, mod: int = 0, text: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    step(app)


def hover(app: App, pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0), touch=False))
    step(app, 3)


def game(scenario: str, me: str, seed: int, settings: dict | None = None) -> App:
    """A window on ``me``'s game screen in week 1, every other role playing its documented moves."""
    loaded = load_scenario(scenario)
    app = App(loaded, settings=dict(settings or SETTINGS))
    app.new_game(loaded, {r: "human" if r == me else "historical" for r in loaded.rules.roles}, seed=seed)
    while app.top.name != "game":
        press(app, pygame.K_RETURN)
    return app


def to_week(app: App, week: int) -> None:
    """End weeks with no orders of one's own until ``week`` is being played."""
    while app.flow.game.turn < week or app.top.name != "game":
        if app.top.name == "game":
            app.top.orders.chosen = []
            app.top.seal()
        else:
            press(app, pygame.K_RETURN)


def hover_order(app: App, action_id: str) -> None:
    panel = app.top.orders
    index = next(i for i, row in enumerate(panel.items) if row.action.id == action_id)
    panel.hover = index
    step(app, 2)


def shoot(app: App, path: Path) -> None:
    step(app, 2)
    pygame.image.save(app.surface, str(path))
    app.close()
    print(f"wrote {path}")


def window(out: Path) -> None:
    """The US in week 5: map, dashboard, orders and an order's tooltip."""
    app = game("winter-2021", "us", seed=7)
    to_week(app, 5)
    hover_order(app, app.top.orders.items[2].action.id)
    shoot(app, out / "window.png")


def decision(out: Path) -> None:
    """A NATO decision's tooltip: the odds of consensus, what failure costs, that it decides the ending."""
    app = game("winter-2021", "nato", seed=4)
    hover_order(app, "halt_expansion_guarantee")
    shoot(app, out / "decision.png")


def newspaper(out: Path) -> None:
    """The report of week 2 as NATO reads it: net changes, the lead story, its intelligence."""
    app = game("winter-2021", "nato", seed=3)
    to_week(app, 2)
    app.top.orders.chosen = []
    app.top.seal()
    step(app, 2)
    shoot(app, out / "newspaper.png")


def ending(out: Path) -> None:
    """The ending: the verdict against par, every score, the orders revealed."""
    app = game("winter-2021", "us", seed=5)
    while app.top.name != "ending":
        if app.top.name == "game":
            app.top.orders.chosen = []
            app.top.seal()
        else:
            press(app, pygame.K_RETURN)
    shoot(app, out / "ending.png")


def tutorial(out: Path) -> None:
    """The tutorial's second hint, pointing at the order it names."""
    app = App(load_scenario("winter-2021"), settings={})  # a first run: the tutorial is offered
    app.main_menu()
    step(app)
    press(app, pygame.K_RETURN)
    while app.top.name != "game":
        press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)  # the second hint
    shoot(app, out / "tutorial.png")


def talk(out: Path) -> None:
    """Talk: a deal built from lists, proposed to Russia, and Russia's counter waiting in the bar."""
    app = game("winter-2021", "us", seed=4)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="t"))
    step(app, 2)
    panel = app.top
    while panel.kind != "deal":
        panel.cycle("kind")
    while panel.deal.by_turn != 6:
        panel.cycle("option")
    for side, action in (("give", "call_putin"), ("ask", "withdraw_troops")):
        while panel.deal.picked(side)[0] != action:
            panel.step_term(side)
        panel.add_term(side)
    panel.entry.set_text("A call to Putin if the troops pull back.")
    panel.declare()
    while panel.deal.picked("give")[0] != "assure_ukraine":  # the next deal, half built
        panel.step_term("give")
    panel.add_term("give")
    app.toast_text = None
    step(app, 2)
    shoot(app, out / "talk.png")


def map_first(out: Path) -> None:
    """vilnius-2023 in month 3, map first (Z): the front of 2023 and the occupied south."""
    app = game("vilnius-2023", "us", seed=2)
    to_week(app, 3)
    press(app, pygame.K_z)
    app.toast_text = None
    shoot(app, out / "map-first.png")


SHOTS = [window, decision, newspaper, ending, tutorial, talk, map_first]


def main(out: str = "docs") -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["XDG_DATA_HOME"] = str(Path(home) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(home) / "config")
        for shot in SHOTS:
            shot(folder)
    try:
        from PIL import Image
    except ImportError:
        return
    for shot in SHOTS:
        path = folder / (shot.__name__.replace("_", "-") + ".png")
        Image.open(path).convert("RGB").quantize(192, dither=Image.Dither.NONE).save(path, optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
