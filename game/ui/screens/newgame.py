"""New game: pick a scenario, Human or an AI policy for each role, and a seed (random, shown)."""

from __future__ import annotations

import secrets

import pygame
import pygame_gui

from ...ai import policy_names
from ...scenario import ScenarioError, load_scenario, shipped_ids
from .. import theme
from ..widgets import role_badge
from .menus import MenuScreen

LEFT = pygame.Rect(80, 170, 560, 520)
RIGHT_X = 700


class NewGameScreen(MenuScreen):
    name = "newgame"
    title = "New game"

    def __init__(self, app):
        super().__init__(app)
        self.scenarios = list(dict.fromkeys([app.loaded.rules.id, *shipped_ids()]))
        self.loaded = {app.loaded.rules.id: app.loaded}
        self.index = 0
        self.options = ["human", *policy_names()]
        rules = app.loaded.rules
        self.choice = {role: ("human" if i == 0 else "historical") for i, role in enumerate(rules.roles)}
        self.seed = secrets.randbelow(1_000_000)
        self._summary: pygame.Surface | None = None

    @property
    def current(self):
        sid = self.scenarios[self.index]
        if sid not in self.loaded:
            try:
                self.loaded[sid] = load_scenario(sid, lang=self.app.language)
            except ScenarioError as exc:
                self.app.toast(str(exc.problems[0]), 6)
                self.scenarios.remove(sid)
                self.index = 0
                return self.loaded[self.scenarios[0]]
        return self.loaded[sid]

    def build(self) -> None:
        rules = self.current.rules
        self.role_buttons = {}
        y = 200
        if len(self.scenarios) > 1:
            self.button((RIGHT_X, 130, 500, 44), "‹ Another scenario ›", lambda: self.cycle_scenario(1))
        for role in rules.roles:
            b = self.button((RIGHT_X + 230, y, 270, 44), self._label(role), lambda r=role: self.cycle(r, 1))
            self.role_buttons[role] = b
            y += 60
        self.seed_entry = self.add(pygame_gui.elements.UITextEntryLine(pygame.Rect(RIGHT_X + 230, y + 20, 150, 44),
                                                                       self.ui, initial_text=str(self.seed)))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(12)
        self.button((RIGHT_X + 390, y + 20, 110, 44), "New seed", self.new_seed, object_id="@small_button")
        self.button((RIGHT_X, 580, 240, 52), "Back (Esc)", self.app.main_menu)
        self.start = self.button((RIGHT_X + 260, 580, 240, 52), "Start game", self.start_game,
                                 object_id="@primary_button")
        self.focus.focus(len(self.focus.items) - 1)

    def _label(self, role: str) -> str:
        c = self.choice[role]
        return "‹ Human ›" if c == "human" else f"‹ AI: {c} ›"

    def cycle(self, role: str, step: int) -> None:
        i = self.options.index(self.choice[role]) if self.choice[role] in self.options else 0
        self.choice[role] = self.options[(i + step) % len(self.options)]
        self.role_buttons[role].set_text(self._label(role))

    def cycle_scenario(self, step: int) -> None:
        self.index = (self.index + step) % len(self.scenarios)
        self._summary = None
        rules = self.current.rules
        self.choice = {role: self.choice.get(role, "historical") for role in rules.roles}
        self.leave()
        self.build()

    def new_seed(self) -> None:
        self.seed = secrets.randbelow(1_000_000)
        self.seed_entry.set_text(str(self.seed))

    def start_game(self) -> None:
        text = self.seed_entry.get_text().strip()
        if not text.isdigit():
            self.app.toast("The seed must be a whole number")
            return
        self.app.new_game(self.current, dict(self.choice), int(text) % 2**63)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.main_menu()
                return True
            if self.seed_entry.is_focused and event.key not in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB,
                                                                 pygame.K_RETURN):
                return True  # typing a seed
            focused = self.focus.focused
            for role, b in self.role_buttons.items():
                if b is focused and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                    self.cycle(role, 1 if event.key == pygame.K_RIGHT else -1)
                    return True
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                return True
            if event.key == pygame.K_s and not event.mod:
                self.seed_entry.set_text("")  # S: type a new seed
                self.seed_entry.focus()
                return True
        return super().handle(event)

    def draw(self, surface) -> None:
        super().draw(surface)
        pygame.draw.rect(surface, theme.PANEL, (RIGHT_X - 20, 150, 540, 540), border_radius=10)
        if self._summary is None:
            self._summary = self._draw_summary()
        surface.blit(self._summary, LEFT)
        rules = self.current.rules
        y = 200
        surface.blit(theme.text("PLAYERS", 16, theme.MUTED, bold=True), (RIGHT_X, 170))
        for r, role in enumerate(rules.roles):
            role_badge(surface, role, rules.role_names[r], (RIGHT_X, y + 8), 20)
            y += 60
        surface.blit(theme.text("SEED (S to type)", 16, theme.MUTED, bold=True), (RIGHT_X, y + 32))
        hint = "Up/Down choose · Left/Right change · Enter select"
        surface.blit(theme.text(hint, 16, theme.MUTED), (RIGHT_X, 650))

    def _draw_summary(self) -> pygame.Surface:
        rules = self.current.rules
        surf = pygame.Surface(LEFT.size, pygame.SRCALPHA)
        pygame.draw.rect(surf, (*theme.PANEL, 235), surf.get_rect(), border_radius=10)
        y = 16
        for line in theme.wrap(rules.title, 28, LEFT.w - 32, bold=True):
            surf.blit(theme.text(line, 28, theme.TEXT, bold=True), (16, y))
            y += 38
        end = rules.date_of(rules.turns)
        dates = f"{rules.start:%d %b %Y} – {end:%d %b %Y} · {rules.turn_count(rules.turns)}"
        surf.blit(theme.text(dates, 18, theme.ACCENT, bold=True), (16, y))
        y += 36
        for line in theme.wrap(rules.summary, 18, LEFT.w - 32):
            surf.blit(theme.text(line, 18, theme.TEXT), (16, y))
            y += 27
        public = getattr(rules.scenario, "briefings", {}).get("public") if rules.scenario is not None else None
        if public is not None and public.situation:
            y += 12
            surf.blit(theme.text("THE SITUATION", 16, theme.MUTED, bold=True), (16, y))
            y += 26
            for line in theme.wrap(public.situation, 17, LEFT.w - 32):
                if y > LEFT.h - 30:
                    break
                surf.blit(theme.text(line, 17, theme.MUTED), (16, y))
                y += 25
        return surf
