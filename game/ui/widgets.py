"""Small drawn widgets and keyboard focus over pygame_gui buttons.

pygame_gui has no keyboard focus for buttons, so ``FocusRing`` adds it: arrow
keys or Tab move a highlight (the button's *selected* look from the theme),
Enter or Space presses the button, and mouse clicks call the same function.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from . import theme

MOVE_NEXT = (pygame.K_DOWN, pygame.K_TAB, pygame.K_RIGHT)
MOVE_PREV = (pygame.K_UP, pygame.K_LEFT)
ACTIVATE = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class FocusRing:
    """Buttons reachable by keyboard, in order; ``handle`` returns True when it used the event."""

    def __init__(self, horizontal: bool = False):
        self.items: list[tuple[pygame_gui.elements.UIButton, Callable[[], None]]] = []
        self.index = 0
        self.horizontal = horizontal

    def add(self, button, action: Callable[[], None]) -> pygame_gui.elements.UIButton:
        self.items.append((button, action))
        if len(self.items) == 1:
            button.select()
        return button

    def focus(self, index: int, step: int = 1) -> None:
        """Select the button at ``index``, or the next shown one from there in the direction of ``step``
        (a hidden button, such as a panel's builder for another kind, is never focused)."""
        if not self.items:
            return
        self.items[self.index][0].unselect()
        n = len(self.items)
        shown = [i % n for i in range(index, index + step * n, step) if getattr(self.items[i % n][0], "visible", True)]
        self.index = shown[0] if shown else index % n
        self.items[self.index][0].select()

    @property
    def focused(self):
        return self.items[self.index][0] if self.items else None

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for i, (button, action) in enumerate(self.items):
                if event.ui_element is button:
                    self.focus(i)
                    action()
                    return True
            return False
        if event.type != pygame.KEYDOWN or not self.items:
            return False
        prev_keys = MOVE_PREV if not self.horizontal else (pygame.K_LEFT, pygame.K_UP)
        if event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT:
            self.focus(self.index - 1, -1)
        elif event.key in MOVE_NEXT:
            self.focus(self.index + 1)
        elif event.key in prev_keys:
            self.focus(self.index - 1, -1)
        elif event.key in ACTIVATE:
            self.items[self.index][1]()
        else:
            return False
        return True


_VEILS: dict[tuple[tuple[int, int], int], pygame.Surface] = {}


def veil(surface: pygame.Surface, alpha: int = 170) -> None:
    """Darken what lies under an overlay (the translucent layer is made once per size)."""
    key = (surface.get_size(), alpha)
    if key not in _VEILS:
        layer = pygame.Surface(key[0], pygame.SRCALPHA)
        layer.fill((0, 0, 0, alpha))
        _VEILS[key] = layer
    surface.blit(_VEILS[key], (0, 0))


def panel(surface: pygame.Surface, rect, title: str | None = None, colour=theme.PANEL) -> int:
    """A panel with an optional title bar; returns the y where its content starts."""
    rect = pygame.Rect(rect)
    pygame.draw.rect(surface, colour, rect, border_radius=8)
    pygame.draw.rect(surface, theme.LINE, rect, 1, border_radius=8)
    if not title:
        return rect.y + 8
    label = theme.text(title.upper(), 16, theme.MUTED, bold=True)
    surface.blit(label, (rect.x + 12, rect.y + 7))
    return rect.y + 7 + label.get_height() + 4


def role_badge(surface: pygame.Surface, role: str, name: str, pos, size: int = 20) -> pygame.Rect:
    """The role's shape in its colour and its name: colour plus a second cue."""
    # loaded when first used: the window's first frame comes sooner
    from .mapview import draw_shape

    style = theme.role_style(role)
    x, y = pos
    label = theme.text(name, size, style.colour, bold=True)
    r = label.get_height() // 3
    draw_shape(surface, style.shape, (x + r, y + label.get_height() // 2), r, style.colour)
    surface.blit(label, (x + 2 * r + 8, y))
    return pygame.Rect(x, y, 2 * r + 8 + label.get_width(), label.get_height())


def bar(surface, rect, fraction: float, colour, back=theme.PANEL_HI) -> None:
    rect = pygame.Rect(rect)
    pygame.draw.rect(surface, back, rect, border_radius=3)
    w = int(rect.w * max(0.0, min(1.0, fraction)))
    if w > 0:
        pygame.draw.rect(surface, colour, (rect.x, rect.y, w, rect.h), border_radius=3)


def range_bar(surface, rect, low: float, mid: float, high: float) -> None:
    """An estimate: a hatched band for the 90% range and a tick at the central estimate."""
    rect = pygame.Rect(rect)
    pygame.draw.rect(surface, theme.PANEL_HI, rect, border_radius=3)
    x0, x1 = rect.x + int(rect.w * low), rect.x + int(rect.w * high)
    band = pygame.Rect(x0, rect.y, max(2, x1 - x0), rect.h)
    pygame.draw.rect(surface, (120, 100, 150), band)
    for k in range(band.x - rect.h, band.right, 5):
        pygame.draw.line(surface, (204, 121, 167), (max(k, band.x), band.bottom - 1 - max(0, band.x - k)),
                         (min(k + rect.h, band.right - 1), band.y + max(0, k + rect.h - band.right + 1)), 1)
    xm = rect.x + int(rect.w * mid)
    pygame.draw.line(surface, theme.TEXT, (xm, rect.y - 2), (xm, rect.bottom + 1), 2)


def blit_lines(surface, lines: list[str], pos, size: int = 18, colour=theme.TEXT, bold: bool = False,
               spacing: int = 2) -> int:
    """Blit pre-wrapped lines; returns the y below the last one."""
    x, y = pos
    for line in lines:
        s = theme.text(line, size, colour, bold)
        surface.blit(s, (x, y))
        y += s.get_height() + spacing
    return y


def html_escape(text: str) -> str:
    """Escape text for pygame_gui's HTML subset."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scroll_text_box(box, event: pygame.event.Event) -> bool:
    """Scroll a pygame_gui text box with Up/Down/PageUp/PageDown/Home/End."""
    bar_ = getattr(box, "scroll_bar", None)
    if bar_ is None or event.type != pygame.KEYDOWN:
        return False
    visible = bar_.visible_percentage
    steps = {pygame.K_DOWN: 0.15, pygame.K_UP: -0.15, pygame.K_PAGEDOWN: 0.9, pygame.K_PAGEUP: -0.9}
    if event.key in steps:
        new = bar_.start_percentage + steps[event.key] * visible
    elif event.key == pygame.K_HOME:
        new = 0.0
    elif event.key == pygame.K_END:
        new = 1.0 - visible
    else:
        return False
    bar_.set_scroll_from_start_percentage(max(0.0, min(1.0 - visible, new)))
    return True


def tooltip_surface(parts: list[tuple[str, int, tuple, bool, bool]], width: int = 420) -> pygame.Surface:
    """A tooltip box: ``parts`` are (text, size, colour, bold, italic), each wrapped to ``width``."""
    lines = []
    width = int(width * theme.READ_SCALE)  # a larger text size makes a wider tip, not a longer one only
    for text_, size, colour, bold, italic in parts:
        size = theme.reading(size)
        for line in theme.wrap(text_, size, width - 24, bold):
            lines.append(theme.text(line, size, colour, bold, italic))
    h = sum(s.get_height() for s in lines) + 20
    surf = pygame.Surface((width, h), pygame.SRCALPHA)
    pygame.draw.rect(surf, (8, 12, 16, 245), surf.get_rect(), border_radius=8)
    pygame.draw.rect(surf, (143, 180, 212), surf.get_rect(), 1, border_radius=8)
    y = 10
    for s in lines:
        surf.blit(s, (12, y))
        y += s.get_height()
    return surf.convert_alpha() if pygame.display.get_surface() is not None else surf
