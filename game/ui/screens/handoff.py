"""Hotseat handoff: a blank screen between two people, so nobody sees another role's view."""

from __future__ import annotations

from .. import theme
from ..mapview import draw_shape
from .base import Screen


class HandoffScreen(Screen):
    name = "handoff"

    def __init__(self, app, role: str, role_name: str):
        super().__init__(app, role=None)  # shows nothing of any role's view
        self.next_role, self.role_name = role, role_name
        self.given = {"role": role}

    def build(self) -> None:
        self.button((440, 470, 400, 56), f"I am {self.role_name}: ready (Enter)", self.app.next_step,
                    object_id="@primary_button")

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        style = theme.role_style(self.next_role)
        draw_shape(surface, style.shape, (640, 230), 54, style.colour)
        tag = theme.text(style.tag, 24, theme.BG, bold=True)
        surface.blit(tag, (640 - tag.get_width() // 2, 236 - tag.get_height() // 2))
        title = theme.text(f"Pass to {self.role_name}", 48, theme.TEXT, bold=True)
        surface.blit(title, (640 - title.get_width() // 2, 310))
        sub = theme.text("Everyone else, please look away. Press Enter when ready.", 20, theme.MUTED)
        surface.blit(sub, (640 - sub.get_width() // 2, 390))
