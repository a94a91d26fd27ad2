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
        items += [("Tutorial", self.tutorial, "A short scenario with hints that point at what to look at and what to try"),
                  ("Load game", self.load_game, "Saved games in your data folder"),
                  ("How to play", self.how_to, "The rules in two minutes"),
                  ("Settings", self.settings, "Full screen, window and text size, sound, map names, the language of scenario text"),
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
        """The tutorial: the shortest shipped scenario with hints, as the first role its hints are for,
        against the documented path (every other role plays ``historical``), hints on."""
        loaded = tutorial_scenario()
        if loaded is None:
            self.app.toast("No scenario with hints is installed")
            return
        role = tutorial_role(loaded.rules)
        self.app.settings["hints"] = True
        self.app.new_game(loaded, {r: ("human" if r == role else "historical") for r in loaded.rules.roles}, seed=1)

    def new_game(self) -> None:
        # screens open one another: each loads when it is first shown
        from .newgame import NewGameScreen

        self.app.show(NewGameScreen(self.app))

    def continue_game(self) -> None:
        self.app.load_game(storage.autosave_path())

    def load_game(self) -> None:
        # screens open one another: each loads when it is first shown
        from .loadgame import LoadScreen

        self.app.show(LoadScreen(self.app))

    def settings(self) -> None:
        # screens open one another: each loads when it is first shown
        from .pause import SettingsScreen

        self.app.push(SettingsScreen(self.app))

    def how_to(self) -> None:
        # screens open one another: each loads when it is first shown
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


def tutorial_scenario():
    """The shortest shipped scenario that has hints (None when there is none)."""
    # the scenario package loads when first used: the window's first frame comes sooner
    from ...scenario import load_scenario, shipped_ids

    taught = [loaded for loaded in map(load_scenario, shipped_ids()) if loaded.model.hints]
    return min(taught, key=lambda loaded: (loaded.rules.turns, loaded.rules.id), default=None)


def tutorial_role(rules) -> str:
    """The first role (in the scenario's order) that a hint is written for; the first role when none names one."""
    named = {h.role for h in (rules.scenario.hints if rules.scenario is not None else [])}
    return next((role for role in rules.roles if role in named), rules.roles[0])


class TutorialOffer(Overlay):
    """Shown over the title on the first run: the tutorial, or straight to the menu."""

    name = "first-run"
    title = "New to Brinkmanship?"
    size = (600, 330)

    def __init__(self, app, title_screen: TitleScreen):
        super().__init__(app)
        self.title_screen = title_screen

    def build(self) -> None:
        r = pygame.Rect(self.rect.x + 40, self.rect.y + 150, self.rect.w - 80, 56)
        self.button(r, "Learn to play, with hints", self.play, object_id="@primary_button")
        self.button(r.move(0, 68), "Not now (Esc)", self.app.pop, object_id="@menu_button")

    def play(self) -> None:
        self.app.pop()
        self.title_screen.tutorial()

    def draw(self, surface) -> None:
        super().draw(surface)
        text = ("A short scenario in which hints point at what to look at and what to try. The Tutorial "
                "entry of the title menu brings it back.")
        for i, line in enumerate(theme.wrap(text, 18, self.rect.w - 80)):
            surface.blit(theme.text(line, 18, theme.TEXT), (self.rect.x + 40, self.rect.y + 70 + 26 * i))
