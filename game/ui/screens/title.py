"""Title screen and main menu: New game, Continue (last autosave), Load, How to play, Quit."""

from __future__ import annotations

from ... import __version__
from .. import storage, theme
from ..widgets import role_badge
from .menus import MenuScreen


class TitleScreen(MenuScreen):
    name = "title"
    title = "BRINKMANSHIP"

    def entries(self):
        has_auto = storage.autosave_path().exists()
        items = [("New game", self.new_game, "Choose a scenario, the human and AI players, and a seed")]
        if has_auto:
            items.append(("Continue", self.continue_game, "Resume the last autosave"))
        items += [("Load game", self.load_game, "Saved games in your data folder"),
                  ("How to play", self.how_to, "The rules in two minutes"),
                  ("Settings", self.settings, "Full screen, map names, the language of scenario text"),
                  ("Quit", lambda: self.app.quit(0), None)]
        return items

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
