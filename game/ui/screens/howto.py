"""How to play: the rules and the keys, in two minutes."""

from __future__ import annotations

import pygame
import pygame_gui

from ..widgets import scroll_text_box
from .menus import MenuScreen

HOW_TO = """<font pixel_size=22 color='#f0e442'><b>The game</b></font><br>
You lead the United States, Russia or NATO through twelve weeks of the 2021–22 crisis over Ukraine. \
Each turn (a week or a month, as the scenario sets it) every side gives its orders in secret; then all orders resolve at once and a report tells you \
what happened, why, and from which source document the effect is modelled.<br><br>
<font pixel_size=22 color='#f0e442'><b>Your screen</b></font><br>
<b>Map</b>: troop markers grow with the forces deployed; a faint outline around a marker is an \
intelligence estimate with its 90% range. Squares are Russia, circles the US, triangles NATO.<br>
<b>Dashboard</b>: the escalation ladder, the indicators you can see (+ or − the change since the last turn), \
estimates of what you cannot see (a hatched range), threats, red lines, demands and coming events.<br>
<b>Orders</b>: each costs action points from your budget for the turn. Hover or focus an order to read what it is \
expected to do and its source. You can change your orders until you end the turn.<br><br>
<font pixel_size=22 color='#f0e442'><b>Threats</b></font><br>
A threat you make and fail to carry out when its moment comes costs you credibility.<br><br>
<font pixel_size=22 color='#f0e442'><b>Keys</b></font><br>
Up/Down choose · Space or Enter select · E end the turn · T talk · R last report · B briefing · A agenda (everything on the dashboard, in a list) · H the hints again · Z map first · M the next map marker · \
I the next indicator · L local map names · \
Esc pause menu · Ctrl+S save · F5 reload the scenario file · F11 full screen""".replace("\n", "")  # <br> breaks lines


class HowToScreen(MenuScreen):
    name = "howto"
    title = "How to play"

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox(HOW_TO, pygame.Rect(80, 190, 900, 440), self.ui))
        self.button((80, 646, 200, 48), "Back (Esc)", self.app.main_menu)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.main_menu()
            return True
        if scroll_text_box(self.box, event):
            return True
        return super().handle(event)
