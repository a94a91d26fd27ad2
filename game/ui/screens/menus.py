"""Shared look of the menu screens: a column of big buttons over the dimmed map of a region."""

from __future__ import annotations

from functools import lru_cache

import pygame

from .. import theme
from ..widgets import veil
from .base import Screen


@lru_cache(maxsize=2)
def backdrop(presentation=None) -> pygame.Surface:
    """A map, dimmed, as the background of menus (drawn once per scenario): the menus' scenario's
    region once it is loaded, before that the world around the Atlantic (loading waits for New game)."""
    from ...scenario.presentation import MapSpec, Presentation
    from ..mapview import MapView

    surf = pygame.Surface((theme.WIDTH, theme.HEIGHT))
    surf.fill(theme.BG)
    if presentation is None:
        presentation = Presentation({}, None, MapSpec((-40.0, 5.0, 70.0, 72.0), "equirectangular"))
    view = MapView(pygame.Rect(520, 0, 760, 720), presentation, cover=True, legend=False)
    view.set_markers([])  # no forces: just the names of the region
    view.draw(surf)
    veil = pygame.Surface((theme.WIDTH, theme.HEIGHT), pygame.SRCALPHA)
    for x in range(0, theme.WIDTH, 4):  # a gradient from solid on the left to see-through on the right
        alpha = max(60, 255 - int(195 * max(0, x - 520) / 360))
        pygame.draw.rect(veil, (*theme.BG, alpha), (x, 0, 4, theme.HEIGHT))
    surf.blit(veil, (0, 0))
    return surf.convert()


class MenuScreen(Screen):
    """A titled column of buttons; subclasses list ``entries`` as (label, action, tooltip)."""

    title = ""
    subtitle = ""
    column = pygame.Rect(80, 250, 380, 60)

    def entries(self) -> list[tuple[str, object, str | None]]:
        return []

    def scenario(self):
        """The menus' scenario if it is loaded already (``brink play`` loads it only for a new game)."""
        return None if callable(getattr(self.app, "_loaded", None)) else self.app.loaded

    bottom = 624  # the menu's column ends above the role badges and the credit line

    def build(self) -> None:
        entries = self.entries()
        step = min(self.column.h + 14, (self.bottom - self.column.y) // max(1, len(entries)))  # six entries fit too
        r = pygame.Rect(self.column.x, self.column.y, self.column.w, step - 14)
        for label, action, tip in entries:
            self.button(r, label, action, object_id="@menu_button", tooltip=tip)
            r = r.move(0, step)

    def draw(self, surface) -> None:
        loaded = self.scenario()
        surface.blit(backdrop(loaded.rules.presentation if loaded is not None else None), (0, 0))
        if self.title:
            surface.blit(theme.text(self.title, 56, theme.TEXT, bold=True), (76, 90))
        if self.subtitle:
            surface.blit(theme.text(self.subtitle, 20, theme.MUTED), (80, 170))


class Overlay(Screen):
    """A centred panel over a dimmed game screen (pause menu, settings)."""

    overlay = True
    title = ""
    size = (440, 420)

    def __init__(self, app, role=None):
        super().__init__(app, role)
        self.rect = pygame.Rect(0, 0, *self.size)
        self.rect.center = (theme.WIDTH // 2, theme.HEIGHT // 2)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return True
        return super().handle(event)

    def draw(self, surface) -> None:
        veil(surface, 170)
        pygame.draw.rect(surface, theme.PANEL, self.rect, border_radius=10)
        pygame.draw.rect(surface, theme.LINE, self.rect, 2, border_radius=10)
        t = theme.text(self.title, 28, theme.TEXT, bold=True)
        surface.blit(t, (self.rect.centerx - t.get_width() // 2, self.rect.y + 18))
