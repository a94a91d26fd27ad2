"""The pause menu (Esc) and settings, as overlays over the game screen."""

from __future__ import annotations

import pygame

from .. import storage
from .menus import Overlay


class PauseScreen(Overlay):
    name = "pause"
    title = "Paused"
    size = (440, 440)

    def build(self) -> None:
        r = pygame.Rect(self.rect.x + 40, self.rect.y + 80, self.rect.w - 80, 56)
        for label, action in (("Resume (Esc)", self.app.pop), ("Save game (Ctrl+S)", self.app.save_game),
                              ("Settings", self.settings), ("Main menu", self.app.main_menu),
                              ("Quit game", lambda: self.app.quit(0))):
            self.button(r, label, action, object_id="@menu_button")
            r = r.move(0, 68)

    def settings(self) -> None:
        self.app.push(SettingsScreen(self.app))


class SettingsScreen(Overlay):
    name = "settings"
    title = "Settings"
    size = (520, 330)

    def build(self) -> None:
        r = pygame.Rect(self.rect.x + 40, self.rect.y + 80, self.rect.w - 80, 56)
        self.full = self.button(r, self._full_label(), self.toggle_full, object_id="@menu_button")
        self.names = self.button(r.move(0, 68), self._names_label(), self.toggle_names, object_id="@menu_button")
        self.button(r.move(0, 136), "Back (Esc)", self.app.pop, object_id="@menu_button")

    def _full_label(self) -> str:
        return "Full screen: " + ("on" if pygame.display.is_fullscreen() else "off") + " (F11)"

    def _names_label(self) -> str:
        return "Map names: " + ("local (Київ)" if self.app.settings.get("local_names") else "English (Kyiv)")

    def toggle_full(self) -> None:
        self.app.toggle_fullscreen()
        self.full.set_text(self._full_label())

    def toggle_names(self) -> None:
        self.app.settings["local_names"] = not self.app.settings.get("local_names")
        self.names.set_text(self._names_label())
        try:
            storage.save_settings(self.app.settings)
        except OSError:
            self.app.toast("Could not store the settings")
        under = self.app.screen
        if hasattr(under, "apply_map_names"):
            under.apply_map_names()
