"""The pause menu (Esc) and settings, as overlays over the game screen."""

from __future__ import annotations

import pygame

from .. import storage, theme
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
    """Full screen, window size, text size, sound, map names, the scenario text's language, map first
    and tutorial hints; kept in
    the settings file (``storage.settings_path``)."""

    name = "settings"
    title = "Settings"
    size = (560, 680)

    CYCLES = {  # setting: (values, default)
        "scale": ((100, 125, 150), 100),
        "text_size": (theme.TEXT_SIZES, 100),
        "volume": ((0, 25, 50, 75, 100), 60),
    }

    def build(self) -> None:
        r = pygame.Rect(self.rect.x + 40, self.rect.y + 70, self.rect.w - 80, 52)
        self.rows = {}
        entries = [("full", self.toggle_full), ("scale", lambda: self.cycle("scale")),
                   ("text_size", lambda: self.cycle("text_size")), ("volume", lambda: self.cycle("volume")),
                   ("names", self.toggle_names), ("language", self.cycle_language),
                   ("map_first", lambda: self.flip("map_first")),
                   ("hints", lambda: self.flip("hints", default=True))]
        for key, action in entries:
            self.rows[key] = self.button(r, self.label(key), action, object_id="@menu_button")
            r = r.move(0, 62)
        self.button(r, "Back (Esc)", self.app.pop, object_id="@menu_button")

    def label(self, key: str) -> str:
        settings = self.app.settings
        if key == "full":
            return "Full screen: " + ("on" if pygame.display.is_fullscreen() else "off") + " (F11)"
        if key == "scale":
            from ..app import desktop_size, window_size  # the app is loaded: it opened this window

            scale = settings.get("scale", 100)
            w, h = window_size(scale, desktop_size())
            if w < theme.WIDTH * scale // 100:
                return f"Window size: {scale}% (screen max {w}x{h})"
            return f"Window size: {scale}% ({w}x{h})"
        if key == "text_size":
            return f"Text size: {settings.get('text_size', 100)}%"
        if key == "volume":
            volume = settings.get("volume", 60)
            return "Sound: off" if volume == 0 else f"Sound: {volume}%"
        if key == "names":
            return "Map names: " + ("local (Київ)" if settings.get("local_names") else "English (Kyiv)")
        if key == "language":
            return self._language_label()
        if key == "map_first":
            return "Map first: " + ("on, dashboard on A" if settings.get("map_first") else "off (Z)")
        return "Tutorial hints: " + ("on" if settings.get("hints", True) else "off")

    def store(self) -> None:
        try:
            storage.save_settings(self.app.settings)
        except OSError:
            self.app.toast("Could not store the settings")
        for key, button in self.rows.items():
            button.set_text(self.label(key))
        under = self.app.screen
        for cache in ("_tips", "_marker_tip", "_indicator_tip"):  # tooltips drawn at the old text size
            for owner in (under, getattr(under, "orders", None)):
                if isinstance(getattr(owner, cache, None), dict):
                    getattr(owner, cache).clear()

    def cycle(self, key: str) -> None:
        values, default = self.CYCLES[key]
        now = self.app.settings.get(key, default)
        self.app.settings[key] = values[(values.index(now) + 1) % len(values)] if now in values else default
        self.app.apply_settings()
        self.store()
        if key == "volume":
            self.app.sound("sealed")  # hear the new volume

    def flip(self, key: str, default: bool = False) -> None:
        self.app.settings[key] = not self.app.settings.get(key, default)
        under = self.app.screen
        if key == "map_first" and under is not None and hasattr(under, "toggle_map_first"):
            self.app.settings[key] = not self.app.settings[key]  # the screen flips it back, and redraws
            under.toggle_map_first()
        self.store()

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
        self.app.apply_language()
        self.store()

    def toggle_full(self) -> None:
        self.app.toggle_fullscreen()
        self.store()

    def toggle_names(self) -> None:
        self.app.settings["local_names"] = not self.app.settings.get("local_names")
        self.store()
        under = self.app.screen
        if under is not None and hasattr(under, "apply_map_names"):
            under.apply_map_names()
