"""The screen protocol: build pygame_gui elements on entry, draw cached surfaces each frame.

>>> Screen.name
'screen'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from .. import theme
from ..widgets import FocusRing, scroll_text_box

if TYPE_CHECKING:
    from ..app import App


class Screen:
    """A full-window screen (or an overlay over one, when ``overlay`` is True).

    Subclasses set ``name``, build their widgets in ``build``, and draw in
    ``draw``. ``role`` is the role whose private view the screen shows (None
    for menus and shared screens); ``given`` holds what it was given to draw.
    """

    name = "screen"
    overlay = False
    demo_dwell = 3.0  # seconds a screen stays up in demo mode

    def __init__(self, app: App, role: str | None = None):
        self.app = app
        self.ui = app.ui
        self.role = role
        self.given: dict = {}
        self.elements: list = []
        self.texts: list[str] = []  # the text of every widget it built (for tests)
        self.focus = FocusRing()
        self.mouse_only: list = []  # (button, action) outside the focus ring: they have a key of their own
        self.background: pygame.Surface | None = None

    # -- life cycle -----------------------------------------------------------------------
    def enter(self) -> None:
        self.build()

    def build(self) -> None:
        """Create pygame_gui elements (add them with ``self.add``)."""

    def leave(self) -> None:
        for element in self.elements:
            element.kill()
        self.elements.clear()
        self.focus = FocusRing()
        self.mouse_only = []

    def add(self, element):
        self.elements.append(element)
        self.texts.append(getattr(element, "html_text", None) or getattr(element, "text", "") or "")
        return element

    def button(self, rect, label: str, action, object_id: str | None = None, tooltip: str | None = None,
               focusable: bool = True) -> pygame_gui.elements.UIButton:
        b = self.add(pygame_gui.elements.UIButton(pygame.Rect(rect), label, self.ui, tool_tip_text=tooltip,
                                                  object_id=object_id))
        if focusable:
            self.focus.add(b, action)
        else:
            self.mouse_only.append((b, action))
        return b

    # -- per frame --------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for b, action in self.mouse_only:
                if event.ui_element is b:
                    action()
                    return True
        return self.focus.handle(event)

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(theme.BG)

    def demo_next(self) -> None:
        """What demo mode does when this screen's time is up (by default, go on)."""
        self.app.next_step()


class TextPage(Screen):
    """A screen around one scrolling text box (``self.box``): a page of the flow, or an
    overlay that Esc closes."""

    box = None

    def close(self) -> None:
        if self.overlay:
            self.app.pop()
        else:
            self.app.next_step()

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.overlay:
            self.close()
            return True
        if self.box is not None and scroll_text_box(self.box, event):
            return True
        return super().handle(event)
