"""How to play: the rules and the keys, in two minutes."""

from __future__ import annotations

import pygame
import pygame_gui

from ..theme import heading_html
from ..widgets import scroll_text_box
from .menus import MenuScreen


def how_to_html() -> str:
    """The page's HTML, its headings at the player's text size."""
    return f"""{heading_html('The game')}<br>
You lead one side of a crisis (the scenario's briefing tells you whose side, and the stakes). \
Each turn (a week or a month, as the scenario sets it) every side gives its orders in secret; then all orders resolve at once and a report tells you \
what happened, why, and from which source document the effect is modelled.<br><br>
{heading_html('Your screen')}<br>
<b>Map</b>: troop markers grow with the forces deployed; a faint outline around a marker is an \
intelligence estimate with its 90% range. Each side has its own colour and shape; the map's legend says which.<br>
<b>Dashboard</b>: the escalation ladder, the indicators you can see (+ or − the change since the last turn), \
estimates of what you cannot see (a hatched range), threats, red lines, demands and coming events.<br>
<b>Orders</b>: each costs action points from your budget for the turn. Hover or focus an order to read what it is \
expected to do and its source. You can change your orders until you end the turn.<br><br>
{heading_html('Threats')}<br>
A threat you make and fail to carry out when its moment comes costs you credibility.<br><br>
{heading_html('Keys')}<br>
Up/Down choose · Space or Enter select · E end the turn · T talk · R last report · B briefing · A agenda (everything on the dashboard, in a list) · H the hints again · Z map first · M the next map marker · \
I the next indicator · L local map names · \
Esc pause menu · Ctrl+S save · F5 reload the scenario file · F11 full screen""".replace("\n", "")  # <br> breaks lines


class HowToScreen(MenuScreen):
    name = "howto"
    title = "How to play"

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox(how_to_html(), pygame.Rect(80, 190, 900, 440), self.ui))
        self.button((80, 646, 200, 48), "Back (Esc)", self.app.main_menu)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.main_menu()
            return True
        if scroll_text_box(self.box, event):
            return True
        return super().handle(event)
