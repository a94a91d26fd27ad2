"""The orders panel: the role's legal orders grouped as the scenario groups them, with costs,
the budget left, keyboard focus, scrolling and a tooltip with the expected effect and source.

Drawn by hand: pygame_gui's selection list has no group headings, per-item
tooltips or keyboard focus. Rows are cached text; the panel surface is rebuilt
only when the choice, focus, hover or scroll position changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from ..engine.observe import ActionView, Observation
from ..play.words import order_notes, source_name
from ..scenario.presentation import grouped
from . import theme
from .widgets import panel, tooltip_surface

ROW_H, LINE_H, HEAD_H = 30, 22, 28
LABEL_SIZE = 17


@dataclass
class Row:
    y: int  # offset inside the list
    action: ActionView | None  # None for a heading
    title: str = ""
    h: int = HEAD_H
    lines: tuple[str, ...] = ()


@dataclass
class ActionRow(Row):
    """A row that holds an action (the others are headings)."""

    action: ActionView


def layout(obs: Observation, label_width: int) -> list[Row]:
    """Headings and rows; a label too long for one line takes two (never cut)."""
    rows: list[Row] = []
    y = 0
    for title, group in grouped(obs.legal):
        rows.append(Row(y, None, title))
        y += HEAD_H
        for a in group:
            lines = theme.wrap(a.label, LABEL_SIZE, label_width)
            if len(lines) > 2:
                lines = [lines[0], theme.fit(" ".join(lines[1:]), LABEL_SIZE, label_width)]
            h = ROW_H + LINE_H * (len(lines) - 1)
            rows.append(ActionRow(y, a, h=h, lines=tuple(lines)))
            y += h
    return rows


class OrdersPanel:
    """Choose orders within the budget; ``check`` says why a set of orders is not allowed."""

    def __init__(self, rect: pygame.Rect, obs: Observation, check: Callable[[list[str]], str | None],
                 readonly: bool = False, caption: str | None = None, rules=None):
        self.rect = pygame.Rect(rect)
        self.rules = rules  # for the sources' names (None: their keys, as a LAN client without rules has)
        self.obs = obs
        self.check = check
        self.readonly = readonly
        self.caption = caption
        self.list_rect = pygame.Rect(self.rect.x + 8, self.rect.y + 66, self.rect.w - 16, self.rect.h - 74)
        self.rows = layout(obs, self.list_rect.w - 76)
        self.items = [r for r in self.rows if isinstance(r, ActionRow)]
        self.chosen: list[str] = []
        self.focus = 0
        self.hover: int | None = None
        self.scroll = 0
        self.keyboard = False  # show the focused row's tooltip after keyboard use
        self.message = ""
        self._surface: pygame.Surface | None = None
        self._key: tuple[object, ...] | None = None  # what the cached surface shows
        self._tips: dict[tuple, pygame.Surface] = {}
        self._blocked: dict[str, str] | None = None

    # -- state --------------------------------------------------------------------------------
    @property
    def spent(self) -> int:
        cost = {a.id: a.cost for a in self.obs.legal}
        return sum(cost[c] for c in self.chosen)

    def toggle(self, index: int) -> None:
        if self.readonly or not 0 <= index < len(self.items):
            return
        action_id = self.items[index].action.id
        trial = [c for c in self.chosen if c != action_id] if action_id in self.chosen else self.chosen + [action_id]
        problem = self.check(trial)
        if problem:
            self.message = problem
        else:
            self.chosen, self.message = trial, ""
        self._blocked = None

    def blocked(self, action_id: str) -> str | None:
        """Why an order not chosen cannot be added now (over budget, excluded by a chosen one), or None."""
        if self._blocked is None:
            self._blocked = {}
            for row in self.items:
                aid = row.action.id
                if aid not in self.chosen:
                    problem = self.check(self.chosen + [aid])
                    if problem:
                        self._blocked[aid] = problem
        return self._blocked.get(action_id)

    def move(self, step: int) -> None:
        if self.items:
            self.focus = (self.focus + step) % len(self.items)
            self.keyboard = True
            self._scroll_to(self.focus)

    def _scroll_to(self, index: int) -> None:
        row = self.items[index]
        top = row.y - HEAD_H if self.rows[self.rows.index(row) - 1].action is None else row.y
        if top < self.scroll:
            self.scroll = top
        elif row.y + row.h > self.scroll + self.list_rect.h - 24:  # above the "more below" strip
            self.scroll = row.y + row.h - self.list_rect.h + 24
        self.scroll = max(0, min(self.scroll, self.max_scroll))

    def _scroll_focus_into_view(self) -> None:
        """After a wheel scroll, keep keyboard focus on a row that can be seen."""
        for i, r in enumerate(self.items):
            if r.y >= self.scroll:
                if self.items[self.focus].y < self.scroll or self.items[self.focus].y > self.scroll + self.list_rect.h - r.h:
                    self.focus = i
                return

    @property
    def max_scroll(self) -> int:
        total = self.rows[-1].y + self.rows[-1].h if self.rows else 0
        return max(0, total - self.list_rect.h)

    def item_at(self, pos) -> int | None:
        if not self.list_rect.collidepoint(pos):
            return None
        y = pos[1] - self.list_rect.y + self.scroll
        for i, r in enumerate(self.items):
            if r.y <= y < r.y + r.h:
                return i
        return None

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.item_at(event.pos)
            if self.hover is not None:
                self.keyboard = False
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            i = self.item_at(event.pos)
            if i is not None:
                self.focus = i
                self.toggle(i)
                return True
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            self.scroll = max(0, min(self.max_scroll, self.scroll - event.y * ROW_H))
            self._scroll_focus_into_view()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_s):
                self.move(1)
            elif event.key in (pygame.K_UP, pygame.K_w):
                self.move(-1)
            elif event.key in (pygame.K_SPACE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.keyboard = True
                self.toggle(self.focus)
            elif event.key == pygame.K_PAGEDOWN:
                self.move(5)
            elif event.key == pygame.K_PAGEUP:
                self.move(-5)
            else:
                return False
            return True
        return False

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        key = (tuple(self.chosen), self.focus, self.hover, self.scroll, self.message, self.keyboard)
        if self._surface is None or key != self._key:
            self._surface = self._render()
            self._key = key
        surface.blit(self._surface, self.rect)
        tip = self.tooltip_index()
        if tip is not None:
            self._draw_tooltip(surface, tip)

    def tooltip_index(self) -> int | None:
        if self.hover is not None:
            return self.hover
        return self.focus if self.keyboard and self.items else None

    def _render(self) -> pygame.Surface:
        surf = pygame.Surface(self.rect.size)  # opaque: much faster to blit than per-pixel alpha
        surf.fill(theme.BG)
        local = pygame.Rect(0, 0, *self.rect.size)
        y = panel(surf, local, "Orders" + (" (AI)" if self.readonly else ""))
        budget, left = self.obs.budget, self.obs.budget - self.spent
        if self.readonly:
            label = theme.text(theme.fit(self.caption or "", 16, local.w - 24), 16, theme.MUTED, italic=True)
            budget = 0
        else:
            label = theme.text(f"Budget left this {self.obs.turn_word}: {left} of {budget}", 18, theme.TEXT, bold=True)
        surf.blit(label, (12, y))
        for k in range(budget):
            centre = (local.right - 20 - k * 20, y + label.get_height() // 2)
            filled = k < left
            pygame.draw.circle(surf, theme.ACCENT if filled else theme.PANEL_HI, centre, 7)
            pygame.draw.circle(surf, theme.TEXT, centre, 7, 1)
        lr = self.list_rect.move(-self.rect.x, -self.rect.y)
        clip = surf.get_clip()
        surf.set_clip(lr)
        for row in self.rows:
            ry = lr.y + row.y - self.scroll
            if ry + row.h < lr.y or ry > lr.bottom:
                continue
            if not isinstance(row, ActionRow):  # a heading
                surf.blit(theme.text(row.title.upper(), 16, theme.ACCENT, bold=True), (lr.x + 4, ry + 4))
                continue
            self._row(surf, lr, ry, row, self.items.index(row))
        surf.set_clip(clip)
        if self.max_scroll and self.scroll < self.max_scroll and not self.message:
            # a row cut by the bottom edge would look like a clipped heading: say there is more instead
            strip = pygame.Rect(lr.x, lr.bottom - 24, lr.w, 24)
            pygame.draw.rect(surf, theme.BG, strip)
            pygame.draw.line(surf, theme.LINE, strip.topleft, strip.topright)
            below = sum(1 for r in self.items if lr.y + r.y - self.scroll + r.h > strip.y)
            more = theme.text(f"{below} more below: scroll or press Down", 16, theme.MUTED, italic=True)
            surf.blit(more, (strip.x + 4, strip.y + 2))
        if self.max_scroll:
            frac = lr.h / (lr.h + self.max_scroll)
            h = max(30, int(lr.h * frac))
            ty = lr.y + int((lr.h - h) * self.scroll / self.max_scroll)
            pygame.draw.rect(surf, theme.LINE, (lr.right - 5, ty, 5, h), border_radius=2)
        if self.message:
            msg = theme.text(theme.fit(self.message, 16, lr.w - 8), 16, theme.BAD, bold=True)
            box = pygame.Rect(lr.x, lr.bottom - 26, lr.w, 26)
            pygame.draw.rect(surf, (40, 20, 20), box)
            surf.blit(msg, (box.x + 4, box.y + 3))
        return surf

    def _row(self, surf: pygame.Surface, lr: pygame.Rect, ry: int, row: ActionRow, index: int) -> None:
        a = row.action
        chosen = a.id in self.chosen
        box = pygame.Rect(lr.x, ry, lr.w - 8, row.h - 2)
        if chosen:
            pygame.draw.rect(surf, (30, 70, 52), box, border_radius=4)
        elif index == self.hover:
            pygame.draw.rect(surf, theme.PANEL_HI, box, border_radius=4)
        if index == self.focus and (self.keyboard or self.hover is None):
            pygame.draw.rect(surf, theme.ACCENT, box, 2, border_radius=4)
        affordable = chosen or self.readonly or self.blocked(a.id) is None
        check = pygame.Rect(box.x + 8, box.y + 6, 16, 16)
        pygame.draw.rect(surf, theme.TEXT if affordable else theme.LINE, check, 2, border_radius=3)
        if chosen:
            pygame.draw.lines(surf, theme.GOOD, False, [(check.x + 3, check.y + 8), (check.x + 7, check.y + 12),
                                                       (check.x + 13, check.y + 3)], 3)
        colour = theme.TEXT if affordable else theme.MUTED
        cost = theme.text(f"{a.cost}", 16, theme.ACCENT if affordable else theme.MUTED, bold=True)
        for k, line in enumerate(row.lines):
            surf.blit(theme.text(line, LABEL_SIZE, colour), (check.right + 8, box.y + 2 + LINE_H * k))
        surf.blit(cost, (box.right - 8 - cost.get_width(), box.y + 4))

    def _tooltip(self, a: ActionView) -> pygame.Surface:
        why_not = None if a.id in self.chosen or self.readonly else self.blocked(a.id)
        key = (a.id, why_not)
        if key in self._tips:
            return self._tips[key]
        width = 440
        parts: list[tuple[str, int, tuple, bool, bool]] = [(a.label, 18, theme.TEXT, True, False)]
        kind = (a.group or a.kind.replace("_", " ")).lower()
        parts.append((f"Cost {a.cost} · {kind}", 16, theme.ACCENT, True, False))
        if why_not:
            parts.append((f"Not now: {why_not}", 16, theme.BAD, True, False))
        if a.description:
            parts.append((a.description, 16, theme.TEXT, False, False))
        if a.effects:
            parts.append(("Expected: " + "; ".join(f"{k} {v}" for k, v in a.effects.items()), 16, theme.TEXT, False, False))
        for note in order_notes(a, self.obs.turn_word):
            warn = note.startswith(("Ends the game", "Decides how the game ends"))
            parts.append((note, 16, theme.BAD if warn else theme.GOOD, warn, False))
        source = source_name(self.rules, a.cite.source)
        quote = f" — “{a.cite.quote}”" if a.cite.quote else ""
        parts.append((f"Source: {source}{quote}", 16, theme.MUTED, False, True))
        surf = tooltip_surface(parts, width)
        self._tips[key] = surf
        return surf

    def _draw_tooltip(self, surface: pygame.Surface, index: int) -> None:
        row = self.items[index]
        tip = self._tooltip(row.action)
        y = self.list_rect.y + row.y - self.scroll
        y = max(60, min(y, theme.HEIGHT - 34 - tip.get_height()))
        surface.blit(tip, (self.rect.x - tip.get_width() - 8, y))
