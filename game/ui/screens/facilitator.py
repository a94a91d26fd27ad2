"""The white cell's console in the window: everything the facilitator sees and does.

Top: the week, and the turn's countdown, which ticks (red in the last minute).
Left: the true state, or one role's view (F6 cycles). Middle: the orders as they
come in, and the scheduled injects with their status. Right: every message and
every act of control (numbered, for undo and leak). Below: the clock's buttons,
the acts' buttons, the console's answers and the command line, which takes the
commands of ``brink play --text --facilitator`` (type ``help``). A button that
needs a reason or a value writes the start of its command into the line.

Keys: F1 help · F2 pause/resume · F3 one more minute · F4 end the week now ·
F6 whose view · F7 projector window · F8 a team's orders · F9 late rule ·
PageUp/PageDown choose an inject · Tab the buttons · Enter runs the command line.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from ...play.acts import AdjustAct
from ...play.words import act_why
from .. import dashboard, storage, theme
from ..desk import Desk
from ..widgets import html_escape, panel, role_badge, veil
from .base import Screen, TextPage
from .game import GameScreen

if TYPE_CHECKING:  # the projector window loads when it is first opened
    from ..projector import ProjectorWindow

TOP_H = 56
STATE_RECT = pygame.Rect(12, 64, 404, 420)
ORDERS_RECT = pygame.Rect(424, 64, 420, 200)
INJECTS_RECT = pygame.Rect(424, 272, 420, 212)
MESSAGES_RECT = pygame.Rect(852, 64, 416, 200)
ACTS_RECT = pygame.Rect(852, 272, 416, 212)
OUTPUT_RECT = pygame.Rect(12, 584, 1256, 86)
ENTRY_RECT = pygame.Rect(12, 676, 1256, 38)
ROW_H = 24


class FacilitatorScreen(Screen):
    name = "facilitator"

    def __init__(self, app, desk: Desk, stop_after: int | None = None):
        super().__init__(app, role=None)
        self.desk = desk
        self.stop_after = stop_after  # --exit-after-turns: weeks to play from now
        self.looking = 0  # 0: the true state; n: the n-th role's view
        self.inject = 0  # the chosen scheduled inject
        self.projector: ProjectorWindow | None = None  # while it is open
        self.painter = None
        self.projector_every = 0.0
        self.shown_lines = -1
        self.given = {"control": True}

    @property
    def fac(self):
        return self.desk.fac

    # -- widgets ------------------------------------------------------------------------------
    def build(self) -> None:
        clock = [("Pause (F2)", self.toggle_pause), ("+1 min (F3)", lambda: self.run("extend 60")),
                 (f"End {self.fac.rules.turn_word} (F4)", lambda: self.run("end")), ("Whose view (F6)", self.next_view),
                 ("Projector (F7)", self.toggle_projector), ("Team orders (F8)", self.team_orders),
                 ("Late rule (F9)", self.toggle_late)]
        w = (theme.WIDTH - 24 - 8 * (len(clock) - 1)) // len(clock)
        self.clock_buttons = []
        for i, (label, action) in enumerate(clock):
            self.clock_buttons.append(self.button((12 + i * (w + 8), 492, w, 40), label, action,
                                                  object_id="@small_button"))
        rules = self.fac.rules
        var = rules.presentation.ladder or rules.variables[0].id  # the example variable of the templates
        acts = [("Publish", "publish {inject} "), ("Delay", "delay {inject} 1 "), ("Skip", "skip {inject} "),
                ("Edit", f'edit {{inject}} "HEADLINE" {var}=+5 -- '), ("Ad-hoc", f'inject "HEADLINE" {var}=+5 -- '),
                ("Override", f"set {var} 60 "), ("Undo", "undo {act} "), ("Leak", "leak {message} "),
                ("Note", "note "), ("Length", "length 900 {turn}"), ("Roll back", "rollback {turn}"),
                ("Branch", "branch {turn} {branch}"), ("Help (F1)", "help")]
        w = (theme.WIDTH - 24 - 6 * (len(acts) - 1)) // len(acts)
        for i, (label, template) in enumerate(acts):
            self.button((12 + i * (w + 6), 540, w, 38), label, lambda t=template: self.prefill(t),
                        object_id="@small_button", tooltip=template.split(" ")[0] + ": fills in the command line")
        self.output = self.add(pygame_gui.elements.UITextBox("", OUTPUT_RECT, self.ui))
        self.entry = self.add(pygame_gui.elements.UITextEntryLine(ENTRY_RECT, self.ui,
                                                                  placeholder_text="Type a command (help), then Enter"))
        self.entry.set_text_length_limit(500)
        self.entry.focus()
        self.shown_lines = -1
        self.refresh_output()
        self._label_buttons()

    def _label_buttons(self) -> None:
        self.clock_buttons[0].set_text("Resume (F2)" if self.fac.clock.paused else "Pause (F2)")
        self.clock_buttons[6].set_text(f"Late: {self.fac.late} (F9)")

    # -- commands ------------------------------------------------------------------------------
    def run(self, line: str) -> None:
        printed = self.desk.run(line)
        self._after_command()
        if len(printed) > 3 and self.app.top is self:  # a table or the help: too long for the two lines below
            self.app.push(OutputOverlay(self.app, line, printed))

    def _after_command(self) -> None:
        if self.desk.quit:
            self.app.quit(0)
            return
        self._label_buttons()
        self.refresh_output()
        self._check_over()

    def _check_over(self) -> None:
        if self.fac.match.over and self.app.top is self:
            # screens open one another: each loads when it is first shown
            from .ending import EndingScreen

            self.close_projector()
            self.app.show(EndingScreen(self.app, self.fac.game))

    def prefill(self, template: str) -> None:
        """Write the start of a command into the line (the facilitator adds the reason and presses Enter)."""
        injects = self.fac.injects()
        inject = injects[self.inject % len(injects)].id if injects else "INJECT"
        acts = [a for a in self.fac.session.acts if a.kind not in ("undo", "note")
                and a.id not in self.fac.session.undone()]
        private = [m for m in self.fac.session.messages() if not m.public]
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        branch = storage.saves_dir() / f"{self.fac.rules.id}-branch-{stamp}.json"
        text = template.format(inject=inject, act=acts[-1].id if acts else "N",
                               message=private[-1].id if private else "N", turn=self.fac.match.turn, branch=branch)
        if text == "help":
            self.run("help")
            return
        self.entry.set_text(text)
        self.entry.focus()
        self.entry.edit_position = len(text)

    def toggle_pause(self) -> None:
        self.run("resume" if self.fac.clock.paused else "pause")

    def toggle_late(self) -> None:
        self.run("late " + ("nothing" if self.fac.late == "standing" else "standing"))

    def next_view(self) -> None:
        self.looking = (self.looking + 1) % (len(self.fac.rules.roles) + 1)

    def team_orders(self) -> None:
        """Hand the keyboard to a team: the role being looked at, or the first still thinking."""
        rules, m = self.fac.rules, self.fac.match
        if m.over:
            return
        humans = [r for r in rules.roles if r not in self.desk.ai_roles]
        role = rules.roles[self.looking - 1] if self.looking else next(iter(m.waiting_for), None)
        if role is None or role not in humans:
            self.app.toast("Choose a team played by people with F6 (Whose view), then F8")
            return
        self.app.show(TeamOrdersScreen(self.app, self, role))

    def toggle_projector(self) -> None:
        if self.projector is not None:
            self.close_projector()
            return
        # screens open one another: each loads when it is first shown
        from ..projector import ProjectorWindow, painter_for

        try:
            self.projector = ProjectorWindow(painter_for(self.fac.rules))
        except pygame.error as exc:
            self.app.toast(f"Cannot open the projector window: {exc}", 6)
            return
        self.projector_every = 0.0
        self.app.toast("Projector window open: drag it to the projector's screen and press F11 there "
                       "(public information only)", 8)

    def window_event(self, event) -> bool:
        """Events of the projector's window: closing it, F11 for full screen there. True when used."""
        if self.projector is None or getattr(event, "window", None) is not self.projector.window:
            return False
        if event.type == pygame.WINDOWCLOSE:
            self.close_projector()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.projector.toggle_fullscreen()
        return True

    def close_projector(self) -> None:
        if self.projector is not None:
            self.projector.close()
            self.projector = None

    def public(self) -> dict:
        """What the projector may show: ``game.play.public`` only."""
        if self.desk.server is not None:
            return self.desk.server.public_view()
        # screens open one another: each loads when it is first shown
        from ...play.frames import ClockRecord
        from ...play.public import public_view

        view = public_view(self.fac.session, self.fac.clock.remaining())
        view["clock_state"] = ClockRecord.of(self.fac.clock).model_dump(mode="json")  # paused when the game's clock is
        return view

    # -- per frame ------------------------------------------------------------------------------
    def keep_time(self, dt_: float) -> None:
        """Every frame, whatever screen is up (a team's orders too): the clock, AI roles, the projector."""
        self.desk.tick()
        if self.desk.quit or (self.stop_after is not None and len(self.fac.match.reports) >= self.stop_after):
            self.app.quit(0)
            return
        if self.projector is not None:
            self.projector_every -= dt_
            if self.projector_every <= 0:
                self.projector_every = 0.25
                self.projector.show(self.public())
        self._check_over()

    def update(self, dt_: float) -> None:
        self.refresh_output()

    def refresh_output(self) -> None:
        if len(self.desk.lines) == self.shown_lines:
            return
        self.shown_lines = len(self.desk.lines)
        html = "<br>".join(html_escape(line) for line in self.desk.lines[-60:]) or (
            "The white cell's console. Teams give orders with F8 (on this laptop) or from their own laptops; "
            "type help for every command.")
        self.output.set_text(html)
        bar = getattr(self.output, "scroll_bar", None)
        if bar is not None:
            bar.set_scroll_from_start_percentage(1.0 - bar.visible_percentage)

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN:
            keys = {pygame.K_F1: lambda: self.run("help"), pygame.K_F2: self.toggle_pause,
                    pygame.K_F3: lambda: self.run("extend 60"), pygame.K_F4: lambda: self.run("end"),
                    pygame.K_F6: self.next_view, pygame.K_F7: self.toggle_projector, pygame.K_F8: self.team_orders,
                    pygame.K_F9: self.toggle_late,
                    pygame.K_PAGEUP: lambda: self.choose_inject(-1), pygame.K_PAGEDOWN: lambda: self.choose_inject(1)}
            if event.key in keys:
                keys[event.key]()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.entry.is_focused:
                line = self.entry.get_text()
                self.entry.set_text("")
                self.run(line)
                return True
            if self.entry.is_focused and event.key != pygame.K_TAB:
                return True  # typing
            if event.key == pygame.K_TAB and self.entry.is_focused:
                self.entry.unfocus()
            if event.key == pygame.K_ESCAPE:
                self.entry.focus()
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and INJECTS_RECT.collidepoint(event.pos):
            self.inject = max(0, (event.pos[1] - INJECTS_RECT.y - 30) // ROW_H) + self._inject_first()
            return True
        return super().handle(event)

    def choose_inject(self, step: int) -> None:
        n = len(self.fac.injects())
        if n:
            self.inject = (self.inject + step) % n

    def _inject_first(self) -> int:
        rows = (INJECTS_RECT.h - 36) // ROW_H
        return max(0, min(self.inject - rows // 2, len(self.fac.injects()) - rows))

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        fac, rules = self.fac, self.fac.rules
        m = fac.match
        pygame.draw.rect(surface, theme.PANEL, (0, 0, theme.WIDTH, TOP_H))
        surface.blit(theme.text("WHITE CELL", 22, theme.ACCENT, bold=True), (16, 14))
        when = f"{rules.turn_word.capitalize()} {min(m.turn, rules.turns)} of {rules.turns} · {rules.date_of(min(m.turn, rules.turns)):%a %d %b %Y}"
        surface.blit(theme.text(f"{when} · seed {m.seed} · late teams get {fac.late} orders", 18, theme.TEXT), (170, 17))
        self._draw_clock(surface)
        self._draw_state(surface)
        self._draw_orders(surface)
        self._draw_injects(surface)
        self._draw_messages(surface)
        self._draw_acts(surface)

    def _draw_clock(self, surface) -> None:
        clock = self.fac.clock
        left = clock.remaining()
        if left is None:
            text, colour = "no time limit", theme.MUTED
            s = theme.text(text, 20, colour)
        else:
            m_, s_ = divmod(int(left), 60)
            colour = theme.BAD if left < 60 else theme.ACCENT
            s = theme.text(f"{m_}:{s_:02d}" + (" paused" if clock.paused else " left"), 32, colour, bold=True)
        surface.blit(s, (theme.WIDTH - s.get_width() - 16, (TOP_H - s.get_height()) // 2))

    def _draw_state(self, surface) -> None:
        rules, fac = self.fac.rules, self.fac
        if self.looking:
            role = rules.roles[self.looking - 1]
            view = fac.view(role)
            rect = STATE_RECT.copy()
            badge = role_badge(surface, role, f"{rules.role_names[self.looking - 1]}'s view (F6)", (rect.x, rect.y), 18)
            dashboard.draw_indicators(surface, pygame.Rect(rect.x, badge.bottom + 6, rect.w, rect.bottom - badge.bottom - 6),
                                      view, rules)
            return
        y = panel(surface, STATE_RECT, "True state (F6: a role's view)")
        values = fac.true_values()
        visible = rules.visible
        for i, v in enumerate(rules.variables):
            if y + ROW_H > STATE_RECT.bottom - 4:
                break
            seen = [theme.role_style(r).tag for r, ok in zip(rules.roles, visible[:, i]) if ok]
            tag = theme.text(" ".join(seen) if len(seen) < len(rules.roles) else "all", 16, theme.MUTED)
            value = theme.text(dashboard.fmt(values[v.id]), 16, theme.TEXT, bold=True)
            room = STATE_RECT.w - 24 - 74 - 60
            surface.blit(theme.text(theme.fit(v.label, 16, room), 16, theme.TEXT), (STATE_RECT.x + 12, y))
            surface.blit(value, (STATE_RECT.right - 80 - value.get_width(), y))
            surface.blit(tag, (STATE_RECT.right - 70, y))
            y += ROW_H - 4

    def _draw_orders(self, surface) -> None:
        rules, fac = self.fac.rules, self.fac
        y = panel(surface, ORDERS_RECT, "Orders as they come in")
        label = {(a.role, a.id): a.label for a in rules.actions}
        for r, (role, info) in enumerate(fac.orders_in().items()):
            badge = role_badge(surface, role, rules.role_names[r], (ORDERS_RECT.x + 12, y), 16)
            who = "AI" if role in self.desk.ai_roles else "team"
            state = ("sealed" if info["sealed"] else "drafting") + f" · {who}"
            surface.blit(theme.text(state, 16, theme.GOOD if info["sealed"] else theme.MUTED, bold=info["sealed"]),
                         (badge.right + 10, y))
            names = ", ".join(label.get((r, i), i) for i in info["orders"]) or "no orders yet"
            surface.blit(theme.text(theme.fit(names, 16, ORDERS_RECT.w - 28), 16, theme.TEXT), (ORDERS_RECT.x + 14, y + 22))
            y += 50

    def _draw_injects(self, surface) -> None:
        y = panel(surface, INJECTS_RECT, "Injects (PageUp/PageDown; click)")
        injects = self.fac.injects()
        if not injects:
            surface.blit(theme.text("The scenario has no scheduled injects.", 16, theme.MUTED, italic=True),
                         (INJECTS_RECT.x + 12, y))
            return
        first = self._inject_first()
        for i, inj in enumerate(injects[first:], start=first):
            if y + ROW_H > INJECTS_RECT.bottom - 4:
                break
            chosen = i == self.inject % len(injects)
            if chosen:
                pygame.draw.rect(surface, theme.PANEL_HI, (INJECTS_RECT.x + 6, y - 2, INJECTS_RECT.w - 12, ROW_H),
                                 border_radius=4)
                pygame.draw.rect(surface, theme.ACCENT, (INJECTS_RECT.x + 6, y - 2, INJECTS_RECT.w - 12, ROW_H), 1,
                                 border_radius=4)
            status = theme.text(theme.fit(inj.status, 16, 170), 16, theme.GOOD if inj.status != "scheduled" else theme.MUTED)
            when = theme.text(f"{self.fac.rules.turn_word} {inj.turn}", 16, theme.ACCENT, bold=True)
            surface.blit(when, (INJECTS_RECT.x + 12, y))
            left = max(62, 12 + when.get_width() + 8)  # "month 12" is wider than the old "wk 12"
            room = INJECTS_RECT.w - left - 18 - status.get_width() - 20
            surface.blit(theme.text(theme.fit(inj.headline, 16, room), 16, theme.TEXT), (INJECTS_RECT.x + left, y))
            surface.blit(status, (INJECTS_RECT.right - status.get_width() - 12, y))
            y += ROW_H

    def _draw_messages(self, surface) -> None:
        y = panel(surface, MESSAGES_RECT, "Every message (Leak: make one public)")
        messages = self.fac.session.messages()
        rows = (MESSAGES_RECT.bottom - 4 - y) // 22
        if not messages:
            surface.blit(theme.text("No messages yet.", 16, theme.MUTED, italic=True), (MESSAGES_RECT.x + 12, y))
        for msg in messages[-rows:]:
            to = "all" if msg.to == "all" else theme.role_style(msg.to).tag if msg.to in self.fac.rules.roles else msg.to
            sender = theme.role_style(msg.sender).tag if msg.sender in self.fac.rules.roles else msg.sender
            mark = " (leaked)" if msg.leaked else ("" if msg.public else " (private)")
            text = f"#{msg.id} {self.fac.rules.turn_word} {msg.turn} {sender} to {to}: {msg.text}{mark}"
            surface.blit(theme.text(theme.fit(text, 16, MESSAGES_RECT.w - 24), 16,
                                    theme.TEXT if msg.public else theme.MUTED), (MESSAGES_RECT.x + 12, y))
            y += 22

    def _draw_acts(self, surface) -> None:
        y = panel(surface, ACTS_RECT, "Acts of control (Undo N)")
        session = self.fac.session
        undone = session.undone()
        acts = [a for a in session.acts if a.kind != "message"]
        rows = (ACTS_RECT.bottom - 4 - y) // 22
        if not acts:
            surface.blit(theme.text("None yet: every act is kept with its reason.", 16, theme.MUTED, italic=True),
                         (ACTS_RECT.x + 12, y))
        for a in acts[-rows:]:
            what = f"{a.adjustment.kind} {a.adjustment.target}".strip() if isinstance(a, AdjustAct) else a.kind
            text = f"#{a.id} {self.fac.rules.turn_word} {a.turn} {what}: {act_why(a)}" + (" (undone)" if a.id in undone else "")
            surface.blit(theme.text(theme.fit(text, 16, ACTS_RECT.w - 24), 16,
                                    theme.MUTED if a.id in undone else theme.TEXT), (ACTS_RECT.x + 12, y))
            y += 22


class OutputOverlay(TextPage):
    """A long answer of the console (help, state, log) over the white cell's screen; Esc closes."""

    name = "console-output"
    overlay = True

    def __init__(self, app, command: str, lines: list[str]):
        super().__init__(app, role=None)
        self.command, self.lines = command, lines

    def build(self) -> None:
        # The console prints tables padded with spaces: a monospaced face keeps their columns.
        lines = (html_escape(line).replace(" ", "&nbsp;") for line in self.lines)
        html = f"<font face='{theme.MONO_FONT}' pixel_size={theme.MONO_PX}>" + "<br>".join(lines) + "</font>"
        self.box = self.add(pygame_gui.elements.UITextBox(html, pygame.Rect(60, 80, 1160, 540), self.ui))
        self.button((1000, 634, 220, 48), "Close (Esc)", self.app.pop, object_id="@primary_button")

    def draw(self, surface) -> None:
        veil(surface, 200)
        pygame.draw.rect(surface, theme.PANEL, (40, 24, theme.WIDTH - 80, theme.HEIGHT - 48), border_radius=10)
        surface.blit(theme.text(f"> {self.command}", 20, theme.ACCENT, bold=True), (60, 44))
        surface.blit(theme.text("Up/Down, PageUp/PageDown scroll", 16, theme.MUTED), (60, 650))


class HandBackScreen(Screen):
    """Between a team and the white cell: the team's view is gone, control's not yet shown."""

    name = "hand-back"

    def __init__(self, app, console: FacilitatorScreen):
        super().__init__(app, role=None)
        self.console_screen = console

    def build(self) -> None:
        self.button((440, 420, 400, 56), "White cell: continue (Enter)", self.go_on, object_id="@primary_button")

    def go_on(self) -> None:
        self.app.show(self.console_screen)
        self.console_screen._after_command()

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        for y, text, size, colour in ((260, "Thank you", 44, theme.TEXT),
                                      (330, "Please hand the laptop back to the white cell.", 22, theme.MUTED)):
            s = theme.text(text, size, colour, bold=size > 30)
            surface.blit(s, ((theme.WIDTH - s.get_width()) // 2, y))


class TeamOrdersScreen(GameScreen):
    """A team at the facilitator's laptop: its own view and orders only; E seals, Esc goes back."""

    name = "team-orders"

    def __init__(self, app, console: FacilitatorScreen, role: str):
        fac = console.fac
        self.console_screen = console
        super().__init__(app, fac.view(role), fac.rules, check=lambda ids: fac.game.check(role, ids))
        self.orders.chosen = list(fac.orders_in()[role]["orders"])

    def end_turn(self) -> None:
        problem = self.orders.check(self.orders.chosen)
        if problem:
            self.orders.message = problem
            return
        self.console_screen.desk.run(f"seal {self.role} {' '.join(self.orders.chosen)}".strip())
        self.back()

    def back(self) -> None:
        self.app.show(HandBackScreen(self.app, self.console_screen))

    def update(self, dt: float) -> None:
        m = self.console_screen.fac.match
        if m.over or m.turn != self.view.obs.turn:  # the clock ran out, or control ended the week
            self.back()
            self.app.toast(f"Time is up: the {m.rules.turn_word} was resolved without these orders", 6)

    def open_menu(self) -> None:
        """Esc: back to the white cell; the orders stay a draft."""
        if self.orders.chosen != self.console_screen.fac.orders_in()[self.role]["orders"]:
            self.console_screen.desk.run(f"order {self.role} {' '.join(self.orders.chosen)}".strip())
        self.back()

    def messages(self) -> list:
        return self.console_screen.fac.game.messages_for(self.role)

    def open_talk(self) -> None:
        # screens open one another: each loads when it is first shown
        from .talk import TalkScreen, local_sender

        game, role = self.console_screen.fac.game, self.role
        if role is None:
            return  # a team's orders screen always has its role: nothing to talk as otherwise
        self.app.push(TalkScreen(self.app, self.rules, role, lambda: game.messages_for(role), local_sender(game, role),
                                 legal_ids=[a.id for a in self.view.obs.legal], settled=game.settled,
                                 turn=self.view.obs.turn, actors=list(self.rules.playable_actors)))
