"""A turn report as a newspaper (``game.play.newspaper``): the week in numbers ("Tension 63 -> 76"),
a lead story set large, the other stories by impact, what the reader's own orders probably did
unseen, and the background drift in one line. Each story names its source; hovering the name
shows the quote the story is modelled on.

Drawn by hand into one tall page that scrolls (wheel, Up/Down, PageUp/PageDown, Home/End).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ...engine.report import TurnReport
from ...engine.rules import Rules
from ...play.newspaper import Paper, net_line, newspaper
from .. import theme
from ..widgets import tooltip_surface, veil
from .base import TextPage

PAPER_RECT = pygame.Rect(140, 24, 1000, 672)
BODY_TOP = 132  # below the masthead and the week in numbers (from PAPER_RECT.y)
BODY_BOTTOM = 64  # room for the button
BLUE_INK = (38, 66, 98)
RED_INK = (150, 40, 30)


class Page:
    """The paper's body drawn once at its full height, with the hit boxes of its sources."""

    def __init__(self, paper: Paper, width: int, turn_word: str):
        self.width = width
        self.blocks: list[tuple[pygame.Surface, int, int]] = []  # (surface, x, y)
        self.sources: list[tuple[pygame.Rect, str]] = []  # (box in page coordinates, quote)
        self.boxes: list[tuple[pygame.Rect, pygame.Rect]] = []  # (a line's box, the page's box) for layout tests
        y = 8
        if not paper.stories:
            y = self.lines(f"A quiet {turn_word}. Nothing you could see happened.", 24, theme.INK, y, bold=True)
        for i, story in enumerate(paper.stories):
            size = 32 if i == 0 else (24 if i < 3 else 20)
            if i == 1:
                y = self.rule(y + 4)
            y = self.lines(story.headline, size, theme.INK, y, bold=True)
            if story.text:
                y = self.lines(story.text, 18 if i else 20, theme.INK, y + 2, italic=True)
            if story.changes:
                y = self.lines(" · ".join(story.changes), 17, BLUE_INK, y + 2)
            if story.source:
                small = theme.reading(16)
                label = theme.text(theme.fit(f"— {story.source}" + (" (hover for the quote)" if story.quote else ""), small,
                                             width), small, theme.INK_MUTED, italic=True)
                self.add(label, 0, y + 2)
                if story.quote:
                    self.sources.append((pygame.Rect(0, y + 2, label.get_width(), label.get_height()), story.quote))
                y += label.get_height() + 2
            y += 14 if i else 20
        for heading, items in (("Unseen, but likely", paper.probably), ("Your intelligence", paper.estimates)):
            if items:
                y = self.rule(y)
                y = self.lines(heading, 20, theme.INK, y, bold=True)
                for line in items:
                    y = self.lines("• " + line, 17, theme.INK, y)
                y += 10
        if paper.background:
            y = self.rule(y)
            y = self.lines(paper.background, 16, theme.INK_MUTED, y, italic=True)
        self.height = y + 8

    def add(self, surf: pygame.Surface, x: int, y: int) -> None:
        self.blocks.append((surf, x, y))
        self.boxes.append((pygame.Rect(x, y, surf.get_width(), surf.get_height()), pygame.Rect(0, 0, self.width, 10**6)))

    def lines(self, text: str, size: int, colour, y: int, bold: bool = False, italic: bool = False) -> int:
        size = theme.reading(size)
        for line in theme.wrap(text, size, self.width, bold):
            surf = theme.text(line, size, colour, bold, italic)
            self.add(surf, 0, y)
            y += surf.get_height()
        return y

    def rule(self, y: int) -> int:
        line = pygame.Surface((self.width, 1))
        line.fill(theme.INK_MUTED)
        self.blocks.append((line, 0, y + 4))
        return y + 14


class ReportScreen(TextPage):
    name = "report"
    demo_dwell = 5.0

    def __init__(self, app, rules: Rules, report: TurnReport, role: str | None, overlay: bool = False, view=None,
                 on_close: Callable[[], None] | None = None):
        super().__init__(app, role=role)
        self.rules, self.report, self.overlay = rules, report, overlay
        self.on_close = on_close  # what Continue does instead of the next step (a LAN game: the week's orders)
        self.given = {"report": report, "view": view}
        if overlay:
            self.name = "report-overlay"
        self.paper = newspaper(rules, report, view if role is not None else None)
        r = PAPER_RECT
        self.body = pygame.Rect(r.x + 24, r.y + BODY_TOP, r.w - 48, r.h - BODY_TOP - BODY_BOTTOM)
        self.page = Page(self.paper, self.body.w - 16, rules.turn_word)
        self.scroll = 0
        self.hover_quote: tuple[str, tuple[int, int]] | None = None
        self._tip: dict[str, pygame.Surface] = {}
        self.texts.extend(s.headline for s in self.paper.stories)

    @property
    def max_scroll(self) -> int:
        return max(0, self.page.height - self.body.h)

    def close(self) -> None:
        if self.on_close is not None:
            self.on_close()
        else:
            super().close()

    def build(self) -> None:
        r = PAPER_RECT
        label = "Close (Esc)" if self.overlay else "Continue (Enter)"
        self.button((r.right - 240, r.bottom - 54, 220, 44), label, self.close, object_id="@primary_button")

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN:
            steps = {pygame.K_DOWN: 40, pygame.K_UP: -40, pygame.K_PAGEDOWN: self.body.h - 40,
                     pygame.K_PAGEUP: -(self.body.h - 40), pygame.K_HOME: -10**6, pygame.K_END: 10**6}
            if event.key in steps:
                self.scroll = max(0, min(self.max_scroll, self.scroll + steps[event.key]))
                return True
        if event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self.max_scroll, self.scroll - 40 * event.y))
            return True
        if event.type == pygame.MOUSEMOTION:
            self.hover_quote = None
            if self.body.collidepoint(event.pos):
                x, y = event.pos[0] - self.body.x, event.pos[1] - self.body.y + self.scroll
                for box, quote in self.page.sources:
                    if box.collidepoint(x, y):
                        self.hover_quote = (quote, event.pos)
        return super().handle(event)

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
        self._draw_numbers(surface)
        self._draw_body(surface)
        if self.hover_quote is not None:
            quote, pos = self.hover_quote
            tip = self._tip.get(quote) or self._tip.setdefault(quote, tooltip_surface([(f"“{quote}”", 16, theme.TEXT, False, True)], 460))
            surface.blit(tip, (min(pos[0] + 12, theme.WIDTH - tip.get_width() - 8), max(8, pos[1] - tip.get_height() - 8)))

    def _draw_numbers(self, surface) -> None:
        """The week in numbers: every net change the reader can see, biggest first, on one line."""
        r = PAPER_RECT
        x, y = r.x + 22, r.y + 100
        label = theme.text(f"THIS {self.rules.turn_word.upper()}:", 16, theme.INK, bold=True)
        surface.blit(label, (x, y))
        x += label.get_width() + 10
        shown = 0
        for row in self.paper.net:
            text = theme.text(net_line(*row), 16, BLUE_INK if row[1] >= 0 else RED_INK, bold=True)
            if x + text.get_width() > r.right - 22 - 90:
                break
            surface.blit(text, (x, y))
            x += text.get_width() + 18
            shown += 1
        if shown < len(self.paper.net):
            more = theme.text(f"+{len(self.paper.net) - shown} more below", 16, theme.INK_MUTED, italic=True)
            surface.blit(more, (r.right - 22 - more.get_width(), y))
        elif not self.paper.net:
            surface.blit(theme.text("no change you could see", 16, theme.INK_MUTED, italic=True), (x, y))

    def _draw_body(self, surface) -> None:
        body = self.body
        clip = surface.get_clip()
        surface.set_clip(body)
        for surf, x, y in self.page.blocks:
            top = body.y + y - self.scroll
            if top + surf.get_height() >= body.y and top <= body.bottom:
                surface.blit(surf, (body.x + x, top))
        surface.set_clip(clip)
        if self.max_scroll:
            frac = body.h / self.page.height
            h = max(30, int(body.h * frac))
            ty = body.y + int((body.h - h) * self.scroll / self.max_scroll)
            pygame.draw.rect(surface, theme.INK_MUTED, (body.right - 6, ty, 6, h), border_radius=3)
            if self.scroll < self.max_scroll:
                more = theme.text("More below: scroll or press Down", 16, theme.INK_MUTED, italic=True)
                surface.blit(more, (body.x, PAPER_RECT.bottom - 44))

    def demo_next(self) -> None:
        self.close()


def report_lines(rules: Rules, report: TurnReport, view=None) -> list[str]:
    """The paper as plain lines (for tests and a screen reader): the numbers, then the stories."""
    paper = newspaper(rules, report, view)
    out = [net_line(*row) for row in paper.net]
    for story in paper.stories:
        out.append(story.headline)
        out.extend(story.changes)
    if paper.background:
        out.append(paper.background)
    return out
