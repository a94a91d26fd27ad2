"""The game screen: map, dashboard, orders panel and the role's top bar.

It is given one role's ``View`` and a ``check`` function for orders, never the
match. In demo mode (``watch``) the orders panel only lists what the AI may do.
"""

from __future__ import annotations

import pygame

from ...engine.observe import VariableView
from ...engine.rules import Rules
from ...maps.shown import Marker
from ...play.estimates import estimate_moves
from ...play.markers import shown_for
from ...play.sealing import questions_before_sealing
from ...play.views import View
from ...scenario.presentation import AreaSpec
from .. import dashboard, theme
from ..deal_draft import open_offers
from ..mapview import MapView, plate
from ..orders import OrdersPanel
from ..widgets import role_badge, tooltip_surface
from .agenda import AgendaScreen
from .base import Screen
from .confirm import ConfirmScreen

TOP_H = 52
MAP_RECT = pygame.Rect(12, 60, 430, 466)
AGENDA_RECT = pygame.Rect(12, 532, 430, 154)
LADDER_RECT = pygame.Rect(450, 60, 412, 142)
INDICATORS_RECT = pygame.Rect(450, 208, 412, 300)
THREATS_RECT = pygame.Rect(450, 514, 412, 172)
ORDERS_RECT = pygame.Rect(872, 60, 396, 570)
END_RECT = pygame.Rect(872, 636, 396, 50)
FOOTER_Y = 694
# map first (Z, or the setting): the map takes the room of the dashboard, which A opens as a list
BIG_MAP_RECT = pygame.Rect(12, 60, 850, 626)
HINTS = ("Up/Down order · Space select · E end {turn} · T talk · R report · B briefing · A agenda · H hints · "
         "Z map size · M map · I indicators · L names · Esc menu · Ctrl+S save · F11")


class GameScreen(Screen):
    name = "game"
    demo_dwell = 4.0

    def __init__(self, app, view: View, rules: Rules, watch: bool = False, check=None):
        super().__init__(app, role=view.role)
        self.view, self.rules, self.watch = view, rules, watch
        self.given = {"view": view}
        self.map_first = bool(app.settings.get("map_first"))
        self.indicator_hits: list[tuple[pygame.Rect, VariableView]] = []
        self.apply_map_names()
        policy = app.flow.players.get(view.role, "") if app.flow else ""
        caption = f"Chosen by the AI ({policy}) in demo mode" if watch else None
        self.orders = OrdersPanel(ORDERS_RECT, view.obs, check or (lambda ids: None), readonly=watch, caption=caption,
                                  rules=rules)
        self.static = self._draw_static()
        self.hover_marker: tuple[Marker | AreaSpec, tuple[int, int]] | None = None  # what the pointer is on, and where
        self.hover_indicator: tuple[VariableView, tuple[int, int]] | None = None
        self.hover_score = None
        self._score_tip = None
        # the tutorial: the scenario's hints for this role and turn, one callout at a time (H shows them again)
        self.hints = list(view.hints) if not watch else []
        self.hint_index = 0 if app.settings.get("hints", True) else len(self.hints)
        self._marker_tip: dict[int, pygame.Surface] = {}
        self._indicator_tip: dict[str, pygame.Surface] = {}

    def build(self) -> None:
        if not self.watch:
            self.end_button = self.button(END_RECT, f"End {self.view.obs.turn_word} (E)", self.end_turn, object_id="@primary_button",
                                          tooltip="Seal your orders; every side moves at once", focusable=False)
        elif not self.app.demo:  # an all-AI game outside demo mode advances when asked
            self.end_button = self.button(END_RECT, f"Next {self.view.obs.turn_word} (E)", self.app.next_step, object_id="@primary_button",
                                          focusable=False)
        x = theme.WIDTH - 12
        buttons = [("Menu (Esc)", self.open_menu, "Pause: save, settings, quit"),
                   ("Briefing (B)", self.open_briefing, "Your role, objectives and levers"),
                   ("Report (R)", self.open_report, f"Last {self.view.obs.turn_word}'s report again")]
        for label, action, tip in buttons:
            w = 136
            x -= w + 8
            self.button((x, 8, w, 36), label, action, object_id="@small_button", tooltip=tip, focusable=False)
        if not self.watch:
            x -= w + 8
            self.talk_button = self.button((x, 8, w, 36), self.talk_label(), self.open_talk, object_id="@small_button",
                                           tooltip="Messages and statements to the other roles", focusable=False)

    def messages(self) -> list:
        """The messages this role may read."""
        return self.app.flow.game.messages_for(self.role) if self.app.flow is not None and self.role is not None else []

    def talk_label(self) -> str:
        """Talk's button: how many messages, or that a deal waits for this role's answer."""
        messages = self.messages()
        if open_offers(messages, self.view.role, self.view.obs.turn):
            return "Talk (T) · deal"
        return f"Talk (T) · {len(messages)}" if messages else "Talk (T)"

    # -- drawing ------------------------------------------------------------------------------
    def _draw_static(self) -> pygame.Surface:
        surf = pygame.Surface((theme.WIDTH, theme.HEIGHT))
        surf.fill(theme.BG)
        pygame.draw.rect(surf, theme.PANEL, (0, 0, theme.WIDTH, TOP_H))
        pygame.draw.line(surf, theme.LINE, (0, TOP_H), (theme.WIDTH, TOP_H))
        obs = self.view.obs
        badge = role_badge(surf, obs.role, obs.role_name, (16, 12), 22)
        buttons_left = theme.WIDTH - 12 - (3 if self.watch else 4) * 144  # the top bar's buttons (see build)
        x = badge.right + 20
        if self.watch:
            tag = theme.text("DEMO", 16, theme.BG, bold=True)
            pygame.draw.rect(surf, theme.ACCENT, (x, 14, tag.get_width() + 12, 24), border_radius=4)
            surf.blit(tag, (x + 6, 16))
            x += tag.get_width() + 24
        score = theme.text(f"score so far {obs.score:.1f}", 18, theme.ACCENT, bold=True)
        room = buttons_left - 16 - score.get_width() - 16 - x
        when = f"{obs.turn_word.capitalize()} {obs.turn} of {obs.turns} · {obs.date:%a %d %b %Y}"
        if theme.font(18).size(when)[0] > room:
            when = f"{obs.turn_word.capitalize()} {obs.turn}/{obs.turns} · {obs.date:%d %b}"
        label = theme.text(theme.fit(when, 18, max(40, room)), 18, theme.TEXT)
        surf.blit(label, (x, 15))
        surf.blit(score, (x + label.get_width() + 16, 15))
        self.score_rect = pygame.Rect(x + label.get_width() + 16, 15, score.get_width(), score.get_height())
        if not self.map_first:
            dashboard.draw_ladder(surf, LADDER_RECT, self.view, self.rules)
            self.indicator_hits = dashboard.draw_indicators(surf, INDICATORS_RECT, self.view, self.rules)
            self.more_hits = [r for r, more in ((THREATS_RECT, dashboard.draw_threats(surf, THREATS_RECT, self.view, self.rules)),
                                                (AGENDA_RECT, dashboard.draw_agenda(surf, AGENDA_RECT, self.view, self.rules)))
                              if more]
        else:
            self.indicator_hits, self.more_hits = [], []
        hints = theme.text(theme.fit(HINTS.format(turn=obs.turn_word), 16, theme.WIDTH - 24), 16, theme.MUTED)
        surf.blit(hints, (12, FOOTER_Y + 2))
        return surf.convert() if pygame.display.get_surface() is not None else surf

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.static, (0, 0))
        self.map.draw(surface)
        self.orders.draw(surface)
        if self.hint is not None:
            self._draw_callout(surface)
            return
        if self.hover_marker is not None:
            self._draw_marker_tip(surface)
        if self.hover_score is not None:
            tip = self._score_tip or tooltip_surface(
                [("Score so far", 18, theme.TEXT, True, False),
                 (f"The points your objectives earned each {self.view.obs.turn_word} until now. When the game ends, "
                  "the ending adds or takes away its own points (your briefing says which endings you want), "
                  "so the final score can differ a lot.", 16, theme.TEXT, False, False)], 420)
            self._score_tip = tip
            surface.blit(tip, (min(self.hover_score[0], theme.WIDTH - tip.get_width() - 8), TOP_H + 4))
        if self.hover_indicator is not None:
            v, pos = self.hover_indicator
            tip = self._indicator_tip.get(v.id)
            if tip is None:
                moved = {m.var: m for m in estimate_moves(self.rules, self.view)}.get(v.id)
                tip = self._indicator_tip[v.id] = tooltip_surface(
                    dashboard.indicator_tip(v, moved, self.view.obs.turn_word), 400)
            surface.blit(tip, (min(pos[0] + 16, theme.WIDTH - tip.get_width() - 8),
                               min(pos[1] + 18, theme.HEIGHT - tip.get_height() - 30)))

    def _draw_marker_tip(self, surface: pygame.Surface) -> None:
        if self.hover_marker is None:
            return
        m, pos = self.hover_marker
        tip = self._marker_tip.get(id(m))
        if tip is None:
            tip = plate(theme.text(m.label, 16, theme.TEXT, bold=True), 6)
            self._marker_tip[id(m)] = tip
        x = min(pos[0] + 14, self.map_rect.right - tip.get_width())
        surface.blit(tip, (max(self.map_rect.x, x), pos[1] + 16))

    # -- the tutorial's callouts ------------------------------------------------------------------
    @property
    def hint(self):
        return self.hints[self.hint_index] if self.hint_index < len(self.hints) else None

    def hint_target(self) -> pygame.Rect | None:
        """The box of what the current hint names: an order's row (scrolled into view) or an indicator."""
        hint = self.hint
        if hint is None or not hint.points_to:
            return None
        for i, row in enumerate(self.orders.items):
            if row.action.id == hint.points_to:
                self.orders._scroll_to(i)
                lr = self.orders.list_rect
                return pygame.Rect(lr.x, lr.y + row.y - self.orders.scroll, lr.w - 8, row.h)
        for box, v in self.indicator_hits:
            if v.id == hint.points_to:
                return pygame.Rect(box)
        return None

    def next_hint(self) -> None:
        self.hint_index += 1

    def show_hints(self) -> None:
        """H: the hints of this turn again, from the first."""
        if not self.hints:
            self.app.toast(f"No hints this {self.view.obs.turn_word}")
        self.hint_index = 0

    def _draw_callout(self, surface: pygame.Surface) -> None:
        hint, target = self.hint, self.hint_target()
        width = 400
        step = f"HINT {self.hint_index + 1} OF {len(self.hints)}"
        parts = [(step, 16, theme.ACCENT, True, False), (hint.text, 18, theme.TEXT, False, False),
                 ("Enter: next · Esc: close the hints · H: show them again", 16, theme.MUTED, False, True)]
        box_surf = tooltip_surface(parts, width)
        w, h = box_surf.get_size()
        if target is None:
            box = pygame.Rect(MAP_RECT.centerx - w // 2 + 200, MAP_RECT.y + 80, w, h)
        elif target.centerx > theme.WIDTH // 2:
            box = pygame.Rect(target.x - w - 40, target.centery - h // 2, w, h)
        else:
            box = pygame.Rect(target.right + 40, target.centery - h // 2, w, h)
        box.clamp_ip(pygame.Rect(8, TOP_H + 8, theme.WIDTH - 16, theme.HEIGHT - TOP_H - 40))
        self.callout_rect = box
        if target is not None:
            pygame.draw.rect(surface, theme.ACCENT, target.inflate(6, 6), 3, border_radius=6)
            start = (box.right, box.centery) if box.centerx < target.centerx else (box.x, box.centery)
            end = (target.x - 4, target.centery) if box.centerx < target.centerx else (target.right + 4, target.centery)
            pygame.draw.line(surface, theme.ACCENT, start, end, 3)
            direction = 1 if end[0] > start[0] else -1
            pygame.draw.polygon(surface, theme.ACCENT, [end, (end[0] - 12 * direction, end[1] - 7), (end[0] - 12 * direction, end[1] + 7)])
        surface.blit(box_surf, box)
        pygame.draw.rect(surface, theme.ACCENT, box, 2, border_radius=8)

    # -- input --------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        if self.hint is not None and event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_n):
                self.next_hint()
                return True
            if event.key == pygame.K_ESCAPE:
                self.hint_index = len(self.hints)
                return True
        if self.hint is not None and event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.next_hint()  # a click anywhere moves the tutorial on (the callout covers nothing for good)
            return True
        if super().handle(event):
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and any(r.collidepoint(event.pos) for r in self.more_hits):
            self.open_agenda()  # "+2 more" opens the whole list
            return True
        if event.type == pygame.MOUSEMOTION:
            m = self.map.marker_at(event.pos)
            self.hover_marker = (m, event.pos) if m is not None else None
            self.hover_score = event.pos if self.score_rect.collidepoint(event.pos) else None
            v = next((v for r, v in self.indicator_hits if r.collidepoint(event.pos)), None)
            self.hover_indicator = (v, event.pos) if v is not None else None
        if event.type == pygame.KEYDOWN:
            key = event.key
            if key == pygame.K_ESCAPE:
                self.open_menu()
                return True
            if key == pygame.K_r:
                self.open_report()
                return True
            if key == pygame.K_b:
                self.open_briefing()
                return True
            if key == pygame.K_t and not self.watch:
                self.open_talk()
                return True
            if key == pygame.K_l:
                self.toggle_local_names()
                return True
            if key == pygame.K_h:
                self.show_hints()
                return True
            if key == pygame.K_z:
                self.toggle_map_first()
                return True
            if key == pygame.K_a:
                self.open_agenda()
                return True
            if key == pygame.K_m:
                self.inspect_next_marker()
                return True
            if key == pygame.K_i:
                self.inspect_next_indicator()
                return True
            if key == pygame.K_e and not event.mod & pygame.KMOD_CTRL:
                if not self.watch:
                    self.end_turn()
                elif not self.app.demo:
                    self.app.next_step()
                return True
        return self.orders.handle(event)

    # keyboard inspection: what the mouse shows on hover, one item per key press
    def inspect_next_marker(self) -> None:
        """M: show the next map marker's label, as hovering it would."""
        hits = self.map.hit_boxes
        if not hits:
            return
        current = self.hover_marker[0] if self.hover_marker else None
        index = next((i + 1 for i, (_, m) in enumerate(hits) if m is current), 0) % len(hits)
        box, m = hits[index]
        self.hover_marker = (m, box.center)
        self.hover_indicator = None

    def inspect_next_indicator(self) -> None:
        """I: show the next indicator's tooltip."""
        hits = self.indicator_hits
        if not hits:
            return
        current = self.hover_indicator[0] if self.hover_indicator else None
        index = next((i + 1 for i, (_, v) in enumerate(hits) if v is current), 0) % len(hits)
        box, v = hits[index]
        self.hover_indicator = (v, (box.x + 120, box.y))
        self.hover_marker = None

    def end_turn(self) -> None:
        """E: seal the orders; first ask when one of them ends the game or points are left unspent."""
        if self.watch or self.app.flow is None:
            return
        problem = self.orders.check(self.orders.chosen)
        if problem:
            self.orders.message = problem
            return
        questions = self.end_turn_questions()
        if questions:
            word = self.view.obs.turn_word
            self.app.push(ConfirmScreen(self.app, questions, f"End the {word} (Enter)", self.seal))
            return
        self.seal()

    def end_turn_questions(self) -> list[str]:
        """What the player should hear before the week is sealed (nothing: seal at once)."""
        return questions_before_sealing(self.view.obs, self.orders.chosen, self.orders.check)

    def seal(self) -> None:
        if self.app.flow is None:
            return  # only a local game seals here (the LAN and the white cell's team screens end a turn their own way)
        self.app.flow.seal(self.view.role, self.orders.chosen)
        self.app.sound("sealed")
        self.app.next_step()

    def open_menu(self) -> None:
        # screens open one another: each loads when it is first shown
        from .pause import PauseScreen

        self.app.push(PauseScreen(self.app))

    def open_report(self) -> None:
        # screens open one another: each loads when it is first shown
        from .report import ReportScreen

        if self.view.last_report is None:
            self.app.toast(f"No report yet: this is the first {self.view.obs.turn_word}")
            return
        self.app.push(ReportScreen(self.app, self.rules, self.view.last_report, role=self.role, overlay=True,
                                   view=self.view))

    def open_talk(self) -> None:
        """T: the role's messages, and a line to write one (sent to the game's runner)."""
        # screens open one another: each loads when it is first shown
        from .talk import TalkScreen, local_sender

        if self.app.flow is None or self.role is None:
            return
        game, role = self.app.flow.game, self.role
        self.app.push(TalkScreen(self.app, self.rules, role, lambda: game.messages_for(role), local_sender(game, role),
                                 legal_ids=[a.id for a in self.view.obs.legal], settled=game.settled,
                                 turn=self.view.obs.turn))

    def open_briefing(self) -> None:
        # screens open one another: each loads when it is first shown
        from .briefing import BriefingScreen

        self.app.push(BriefingScreen(self.app, self.view, self.rules, overlay=True))

    def toggle_local_names(self) -> None:
        """L: city names in English or in their own language and script (Київ, Москва)."""
        self.app.settings["local_names"] = not self.app.settings.get("local_names")
        self.apply_map_names()
        self.app.toast("Map names: " + ("local, in their own script" if self.app.settings["local_names"] else "English"))

    @property
    def map_rect(self) -> pygame.Rect:
        return BIG_MAP_RECT if self.map_first else MAP_RECT

    def apply_map_names(self) -> None:
        self.map = MapView(self.map_rect, self.rules.presentation, local_names=bool(self.app.settings.get("local_names")))
        self.map.show(shown_for(self.view, self.rules.presentation.map))

    def toggle_map_first(self) -> None:
        """Z: the map as large as the screen allows beside the orders, or the dashboard beside it."""
        self.map_first = self.app.settings["map_first"] = not self.map_first
        self.apply_map_names()
        self.static = self._draw_static()
        self.hover_marker = self.hover_indicator = None
        self.app.toast("Map first: the dashboard is one key away (A)" if self.map_first else "Dashboard beside the map")

    def open_agenda(self) -> None:
        """A: every indicator, threat, demand and coming event in one list that scrolls (the panels show what fits)."""
        self.app.push(AgendaScreen(self.app, self.view, self.rules))
