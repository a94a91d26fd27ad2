"""A turn report in newspaper style: a headline per event, and for every change of a visible
variable its cause and its source ("Tension +8: Russia's drills in Belarus (wt-2022-01-26)").
"""

from __future__ import annotations

import pygame
import pygame_gui

from ...engine.report import TurnReport
from ...engine.rules import Rules
from ...play.words import change_line, worded_report
from .. import theme
from ..widgets import html_escape, veil
from .base import TextPage

PAPER_RECT = pygame.Rect(140, 24, 1000, 672)


def report_html(rules: Rules, report: TurnReport) -> str:
    """The report's body as pygame_gui HTML: news first, then the quiet drifts of the week."""
    news, drift = [], []
    for e in worded_report(rules, report).entries:
        if e.kind in ("ending",):
            continue
        source = e.cite.source if e.cite else None
        changes = [change_line(rules.variables[var].label, delta, e.headline, source) for var, delta in e.changes]
        if e.kind == "drift":
            drift.extend(changes)
            continue
        block = f"<font pixel_size=24><b>{html_escape(e.headline)}</b></font><br>"
        if e.text:
            block += f"<i>{html_escape(e.text)}</i><br>"
        for line in changes:
            block += f"<font color='#2d4a66'>• {html_escape(line)}</font><br>"
        news.append(block)
    if not news:
        news.append(f"<b>A quiet {rules.turn_word}.</b> Nothing you could see happened.<br>")
    html = "<br>".join(news)
    if drift:
        html += f"<br><font pixel_size=20><b>Also this {rules.turn_word}</b></font><br>" + "".join(
            f"<font color='#3d3a33'>• {html_escape(line)}</font><br>" for line in drift)
    return html


class ReportScreen(TextPage):
    name = "report"
    demo_dwell = 5.0

    def __init__(self, app, rules: Rules, report: TurnReport, role: str | None, overlay: bool = False, view=None):
        super().__init__(app, role=role)
        self.rules, self.report, self.overlay = rules, report, overlay
        self.given = {"report": report, "view": view}
        if overlay:
            self.name = "report-overlay"

    def build(self) -> None:
        r = PAPER_RECT
        self.box = self.add(pygame_gui.elements.UITextBox(report_html(self.rules, self.report),
                                                          pygame.Rect(r.x, r.y + 96, r.w, r.h - 160), self.ui,
                                                          object_id="@paper"))
        label = "Close (Esc)" if self.overlay else "Continue (Enter)"
        self.button((r.right - 240, r.bottom - 54, 220, 44), label, self.close, object_id="@primary_button")

    def draw(self, surface) -> None:
        if self.overlay:
            veil(surface, 170)
        else:
            surface.fill(theme.BG)
        r = PAPER_RECT
        pygame.draw.rect(surface, theme.PAPER, r, border_radius=4)
        title = theme.text("THE BRINKMANSHIP DISPATCH", 34, theme.INK, bold=True)
        surface.blit(title, (r.centerx - title.get_width() // 2, r.y + 10))
        pygame.draw.line(surface, theme.INK, (r.x + 20, r.y + 58), (r.right - 20, r.y + 58), 2)
        rep = self.report
        dateline = f"{self.rules.turn_word.capitalize()} {rep.turn} · {rep.date:%A %d %B %Y}"
        surface.blit(theme.text(dateline, 18, theme.INK_MUTED, italic=True), (r.x + 22, r.y + 64))
        if self.role is not None:
            name = self.rules.role_names[self.rules.role_index(self.role)]
            who = theme.text(f"Edition for {name}", 18, theme.INK_MUTED, italic=True)
        else:
            who = theme.text("Public edition", 18, theme.INK_MUTED, italic=True)
        surface.blit(who, (r.right - 22 - who.get_width(), r.y + 64))
        pygame.draw.line(surface, theme.INK, (r.x + 20, r.y + 92), (r.right - 20, r.y + 92), 1)
