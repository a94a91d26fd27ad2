"""The agenda (A): everything the dashboard shows, in one list that scrolls: the indicators with
what is known of each, every threat and red line, every demand and every event announced. The
panels of the game screen show what fits; this has the rest ("+2 more").

>>> AgendaScreen.name
'agenda'
"""

from __future__ import annotations

import pygame
import pygame_gui

from ...engine.rules import Rules
from ...play.views import View
from ...play.words import fmt
from .. import theme
from ..widgets import html_escape, veil
from .base import TextPage

BOX = pygame.Rect(140, 80, 1000, 540)


def agenda_html(view: View, rules: Rules) -> str:
    obs = view.obs
    word = obs.turn_word
    out = [f"{theme.heading_html('Indicators')}<br>"]
    for v in obs.variables:
        if v.value is None:
            known = "<i>unknown to you</i>"
        elif v.exact:
            known = f"<b>{fmt(v.value)}</b> {html_escape(v.unit)}" + (f" · {html_escape(v.rung)}" if v.rung else "")
        else:
            known = f"<i>estimate about {v.value:.0f} (90% range {v.low:.0f} to {v.high:.0f})</i>"
        out.append(f"{html_escape(v.label)}: {known}<br>")
    out.append("<br>" + theme.heading_html("Threats and red lines") + "<br>")
    for t in obs.threats:
        kind = "Red line" if t.kind == "red_line" else "Threat"
        due = f", due by {word} {t.due_turn}" if t.status == "due" and t.due_turn else ""
        by = rules.role_names[rules.role_index(t.by)] if t.by in rules.roles else t.by
        out.append(f"<b>{kind} of {html_escape(by)}</b>: {html_escape(t.label)} ({html_escape(t.status)}{due})<br>")
    if not obs.threats:
        out.append("<i>None declared yet.</i><br>")
    out.append("<br>" + theme.heading_html("Demands") + "<br>")
    for d in obs.demands:
        by = rules.role_names[rules.role_index(d.by)] if d.by in rules.roles else d.by
        due = f", answer by {word} {d.expires_turn}" if d.status == "pending" else ""
        mine = f" · your answer: {html_escape(d.my_answer)}" if d.my_answer and d.my_answer != "none" else ""
        out.append(f"<b>{html_escape(by)}</b>: {html_escape(d.label)} ({html_escape(d.status)}{due}){mine}<br>")
        if d.text:
            out.append(f"<i>{html_escape(d.text)}</i><br>")
    if not obs.demands:
        out.append("<i>No demand on the table.</i><br>")
    out.append("<br>" + theme.heading_html("Coming up") + "<br>")
    for turn, headline in obs.upcoming:
        out.append(f"<b>{word.capitalize()} {turn}</b>: {html_escape(headline)}<br>")
    if not obs.upcoming:
        out.append("<i>Nothing announced.</i><br>")
    return "".join(out)


class AgendaScreen(TextPage):
    name = "agenda"
    overlay = True

    def __init__(self, app, view: View, rules: Rules):
        super().__init__(app, role=view.role)
        self.view, self.rules = view, rules
        self.given = {"view": view}

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox(agenda_html(self.view, self.rules), BOX, self.ui))
        self.button((BOX.right - 220, BOX.bottom + 16, 220, 48), "Close (Esc)", self.close, object_id="@primary_button")

    def draw(self, surface) -> None:
        veil(surface, 200)
        pygame.draw.rect(surface, theme.PANEL, BOX.inflate(40, 140).move(0, 24), border_radius=10)
        surface.blit(theme.text("AGENDA: EVERYTHING ON YOUR DASHBOARD", 18, theme.MUTED, bold=True), (BOX.x, BOX.y - 34))
        surface.blit(theme.text("Up/Down, PageUp/PageDown or the wheel to scroll · Esc closes", 16, theme.MUTED),
                     (BOX.x, BOX.bottom + 30))
