"""Title screen and main menu: New game, Continue (last autosave), Load, How to play, Quit."""

from __future__ import annotations

import pygame

from ... import __version__
from .. import storage, theme
from ..widgets import role_badge
from .menus import MenuScreen, Overlay


class TitleScreen(MenuScreen):
    name = "title"
    title = "BRINKMANSHIP"

    def entries(self):
        has_auto = storage.autosave_path().exists()
        items = [("New game", self.new_game, "Choose a scenario, the human and AI players, and a seed")]
        if has_auto:
            items.append(("Continue", self.continue_game, "Resume the last autosave"))
        items += [("Tutorial", self.tutorial, "Three weeks of December 2021 as the United States, with hints that "
                                              "point at what to look at and what to try"),
                  ("Load game", self.load_game, "Saved games in your data folder"),
                  ("How to play", self.how_to, "The rules in two minutes"),
                  ("Quit", lambda: self.app.quit(0), None)]
        return items

    def enter(self) -> None:
        super().enter()
        if not self.app.settings.get("tutorial_offered") and not self.app.demo:
            self.app.settings["tutorial_offered"] = True  # offered once: on the first run
            try:
                storage.save_settings(self.app.settings)
            except OSError:
                pass
            self.app.push(TutorialOffer(self.app, self))

    def tutorial(self) -> None:
        """The tutorial scenario as the United States against the documented path, hints on."""
        from ...scenario import load_scenario

        self.app.settings["hints"] = True
        self.app.new_game(load_scenario("tutorial"), {"us": "human", "russia": "historical", "nato": "historical"}, seed=1)

    def new_game(self) -> None:
        from .newgame import NewGameScreen

        self.app.show(NewGameScreen(self.app))

    def continue_game(self) -> None:
        self.app.load_game(storage.autosave_path())

    def load_game(self) -> None:
        from .loadgame import LoadScreen

        self.app.show(LoadScreen(self.app))

    def how_to(self) -> None:
        from .howto import HowToScreen

        self.app.show(HowToScreen(self.app))

    @property
    def subtitle(self) -> str:  # type: ignore[override]
        loaded = self.scenario()
        return loaded.model.title if loaded is not None else "Crisis diplomacy, turn by turn: any crisis, anywhere"

    def draw(self, surface) -> None:
        loaded = self.scenario()
        if loaded is not None and set(theme.ROLE_STYLES) != set(loaded.rules.roles):
            theme.assign_roles(loaded.rules)
        super().draw(surface)
        x = 80
        for role, name in zip(loaded.rules.roles, loaded.rules.role_names) if loaded is not None else ():
            x = role_badge(surface, role, name, (x, 640), 18).right + 24
        credit = f"v{__version__} · map: Natural Earth (public domain) · F11 full screen"
        surface.blit(theme.text(credit, 16, theme.MUTED), (80, 680))


class TutorialOffer(Overlay):
    """Shown over the title on the first run: the tutorial, or straight to the menu."""

    name = "tutorial-offer"
    title = "New to Brinkmanship?"
    size = (600, 330)

    def __init__(self, app, title_screen: TitleScreen):
        super().__init__(app)
        self.title_screen = title_screen

    def build(self) -> None:
        r = pygame.Rect(self.rect.x + 40, self.rect.y + 150, self.rect.w - 80, 56)
        self.button(r, "Play the tutorial (three weeks)", self.play, object_id="@primary_button")
        self.button(r.move(0, 68), "Not now (Esc)", self.app.pop, object_id="@menu_button")

    def play(self) -> None:
        self.app.pop()
        self.title_screen.tutorial()

    def draw(self, surface) -> None:
        super().draw(surface)
        text = ("Three weeks of December 2021 as the United States. Hints point at what to look at and what to "
                "try; the Tutorial entry of the title menu brings it back.")
        for i, line in enumerate(theme.wrap(text, 18, self.rect.w - 80)):
            surface.blit(theme.text(line, 18, theme.TEXT), (self.rect.x + 40, self.rect.y + 70 + 26 * i))
