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
    size = (520, 398)

    def build(self) -> None:
        r = pygame.Rect(self.rect.x + 40, self.rect.y + 80, self.rect.w - 80, 56)
        self.full = self.button(r, self._full_label(), self.toggle_full, object_id="@menu_button")
        self.names = self.button(r.move(0, 68), self._names_label(), self.toggle_names, object_id="@menu_button")
        self.lang = self.button(r.move(0, 136), self._language_label(), self.cycle_language, object_id="@menu_button")
        self.button(r.move(0, 204), "Back (Esc)", self.app.pop, object_id="@menu_button")

    def _full_label(self) -> str:
        return "Full screen: " + ("on" if pygame.display.is_fullscreen() else "off") + " (F11)"

    def _names_label(self) -> str:
        return "Map names: " + ("local (Київ)" if self.app.settings.get("local_names") else "English (Kyiv)")

    def _languages(self) -> list[str]:
        """The languages scenario text can be shown in: each scenario's own, and its translations."""
        # the scenario package loads when first used: the window's first frame comes sooner
        from ...scenario.catalog import shipped_dir
        from ...scenario.locales import available

        codes = ["en"]
        loaded = self.app.loaded
        codes.append(loaded.model.language)
        codes += list(available(loaded.path))
        for path in sorted(shipped_dir().glob("*.yaml")):
            codes += list(available(path))
        return list(dict.fromkeys(codes))

    def _current_language(self) -> str:
        return self.app.language or self.app.loaded.language

    def _language_label(self) -> str:
        # the scenario package loads when first used: the window's first frame comes sooner
        from ...scenario.locales import language_name

        return "Scenario text: " + language_name(self._current_language())

    def cycle_language(self) -> None:
        """The next language for scenario text: stored, and shown at once (menus and buttons stay in English)."""
        codes = self._languages()
        now = self._current_language()
        code = codes[(codes.index(now) + 1) % len(codes)] if now in codes else codes[0]
        self.app.language = self.app.settings["language"] = code
        try:
            storage.save_settings(self.app.settings)
        except OSError:
            self.app.toast("Could not store the settings")
        self.app.apply_language()
        self.lang.set_text(self._language_label())

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
        if under is not None and hasattr(under, "apply_map_names"):
            under.apply_map_names()
