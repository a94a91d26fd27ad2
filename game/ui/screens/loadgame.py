"""Load a saved game from the user's data folder (newest first)."""

from __future__ import annotations

import pygame

from .. import storage, theme
from .menus import MenuScreen

MAX_SHOWN = 8


class LoadScreen(MenuScreen):
    name = "load"
    title = "Load game"

    def build(self) -> None:
        saves = storage.list_saves()[:MAX_SHOWN]
        self.saves = saves
        r = pygame.Rect(80, 190, 760, 48)
        for info in saves:
            self.button(r, theme.fit(info.label, 20, r.w - 30, bold=True), lambda p=info.path: self.app.load_game(p))
            r = r.move(0, 56)
        self.button((80, 650, 200, 48), "Back (Esc)", self.app.main_menu)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.main_menu()
            return True
        return super().handle(event)

    def draw(self, surface) -> None:
        super().draw(surface)
        if not self.saves:
            surface.blit(theme.text("No saved games yet. Games autosave after every turn.", 20, theme.MUTED), (80, 200))
        where = theme.fit(f"Folder: {storage.saves_dir()}", 16, 1100)
        surface.blit(theme.text(where, 16, theme.MUTED), (300, 664))
