"""A role's briefing: situation, objectives and how they score, levers, what it knows and does not."""

from __future__ import annotations

import pygame
import pygame_gui

from ...engine.rules import Rules
from ...play.views import View
from .. import theme
from ..widgets import html_escape, role_badge
from .base import TextPage

SECTIONS = (("situation", "Situation"), ("objectives", "Objectives and scoring"), ("levers", "Your levers"),
            ("knows", "What you know"), ("unknowns", "What you do not know"))
BOX = pygame.Rect(140, 104, 1000, 530)


def briefing_html(rules: Rules, role: str) -> str:
    sc = rules.scenario
    brief = sc.briefings.get(role) if sc is not None and getattr(sc, "briefings", None) else None
    parts = []
    if brief is None:
        parts.append(html_escape(rules.summary))
    else:
        for key, title in SECTIONS:
            text = getattr(brief, key, None)
            if text:
                parts.append(f"{theme.heading_html(title)}<br>{html_escape(text)}<br>")
    budget = int(rules.budgets[rules.role_index(role)])
    parts.append(f"{theme.heading_html('Each ' + rules.turn_word)}<br>You have {budget} action points "
                 f"to spend on orders. All sides move at once; the report then shows what happened and why.")
    return "<br>".join(parts)


class BriefingScreen(TextPage):
    name = "briefing"

    def __init__(self, app, view: View, rules: Rules, overlay: bool = False):
        super().__init__(app, role=view.role)
        self.view, self.rules, self.overlay = view, rules, overlay
        self.given = {"view": view}
        if overlay:
            self.name = "briefing-overlay"

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox(briefing_html(self.rules, self.view.role), BOX, self.ui))
        label = "Close (Esc)" if self.overlay else "To the situation room (Enter)"
        self.button((BOX.right - 380, BOX.bottom + 12, 380, 48), label, self.close, object_id="@primary_button")

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        obs = self.view.obs
        surface.blit(theme.text("BRIEFING", 18, theme.MUTED, bold=True), (BOX.x, 24))
        role_badge(surface, obs.role, obs.role_name, (BOX.x, 48), 32)
        start = self.rules.date_of(1)  # the scenario's first turn, whichever turn the briefing is read in
        now = f" · now {obs.turn_word} {obs.turn}, {obs.date:%d %B}" if obs.turn > 1 else ""
        sub = theme.text(f"{self.rules.title} · starts {start:%d %B %Y} · {self.rules.turn_count(obs.turns)}{now}", 18, theme.MUTED)
        surface.blit(sub, (BOX.right - sub.get_width(), 62))
        hint = theme.text("Up/Down or the mouse wheel to scroll", 16, theme.MUTED)
        surface.blit(hint, (BOX.x, BOX.bottom + 24))
