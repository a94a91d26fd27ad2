"""A question before a step that cannot be taken back: an order that ends the game, a week
ended with points unspent. Enter (or the first button) goes on; Esc goes back.

>>> ConfirmScreen.name
'confirm'
"""

from __future__ import annotations

from collections.abc import Callable

from .. import theme
from .menus import Overlay


class ConfirmScreen(Overlay):
    name = "confirm"
    title = "Are you sure?"
    size = (680, 330)

    def __init__(self, app, lines: list[str], yes: str, on_yes: Callable[[], None], no: str = "Go back (Esc)"):
        super().__init__(app, role=None)
        self.lines, self.yes, self.no, self.on_yes = lines, yes, no, on_yes
        self.given = {"lines": lines}
        self.size_px = theme.reading(18)
        self.wrapped = [w for line in lines for w in theme.wrap(line, self.size_px, self.rect.w - 64)]
        self.line_h = theme.font(self.size_px).get_linesize()
        height = 70 + self.line_h * len(self.wrapped) + 100
        if height > self.rect.h:
            self.rect.h = min(theme.HEIGHT - 40, height)
            self.rect.center = (theme.WIDTH // 2, theme.HEIGHT // 2)

    def build(self) -> None:
        w = (self.rect.w - 96) // 2
        y = self.rect.bottom - 76
        self.button((self.rect.x + 32, y, w, 52), self.yes, self.accept, object_id="@primary_button")
        self.button((self.rect.right - 32 - w, y, w, 52), self.no, self.app.pop)

    def accept(self) -> None:
        self.app.pop()
        self.on_yes()

    def draw(self, surface) -> None:
        super().draw(surface)
        y = self.rect.y + 70
        for line in self.wrapped:
            surface.blit(theme.text(line, self.size_px, theme.TEXT), (self.rect.x + 32, y))
            y += self.line_h

    def demo_next(self) -> None:
        self.accept()
