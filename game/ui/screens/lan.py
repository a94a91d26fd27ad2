"""The screens of a LAN game (``brink join``): the role's game screen, its report, the end, the projector.

``LanScreen`` follows the host: each new week it shows the role's report, then
the game screen for the new view; drafts go up as they change (the host gives
them to a team that runs out of time), E seals, T talks. A projector's code
shows ``ProjectorScreen``, drawn from the public view only.
"""

from __future__ import annotations

from .. import theme
from ..lan import Link, view_from_frame
from ..projector import painter_for
from .base import Screen
from .game import GameScreen
from .report import ReportScreen

CLOCK_RIGHT = 680  # the top bar's buttons start at 692


class LanGameScreen(GameScreen):
    """The game screen of a role on a LAN: the same screen as at home, its orders sent to the host."""

    name = "lan-game"

    def __init__(self, app, link: Link, frame: dict):
        self.link = link
        view = view_from_frame(link.rules, frame)
        self.legal = {a.id for a in view.obs.legal}
        super().__init__(app, view, link.rules, check=self._check)
        self.given = {"view": view, "frame": frame}
        self.orders.chosen = [i for i in frame["orders"]["orders"] if i in self.legal]
        self.sent = list(self.orders.chosen)
        self.sealed = frame["orders"]["sealed"]
        self._status()

    def _check(self, ids: list[str]) -> str | None:
        """Within the budget (the host checks the rest and answers with an error)."""
        cost = {a.id: a.cost for a in self.view.obs.legal}
        spent = sum(cost.get(i, 0) for i in ids)
        return f"That costs {spent}; your budget is {self.view.obs.budget}" if spent > self.view.obs.budget else None

    def messages(self) -> list:
        return self.link.messages()

    def _status(self) -> None:
        if hasattr(self, "talk_button"):
            self.talk_button.set_text(self.talk_label())
        waiting = [self.rules.role_names[self.rules.role_index(r)] for r in self.link.public.get("waiting_for", [])]
        if self.sealed:
            self.orders.message = "Sealed. Waiting for: " + (", ".join(waiting) or "nobody")

    def end_turn(self) -> None:
        problem = self.orders.check(self.orders.chosen)
        if problem:
            self.orders.message = problem
            return
        self.link.orders(self.orders.chosen, seal=True)
        self.sent, self.sealed = list(self.orders.chosen), True
        self._status()

    def update(self, dt: float) -> None:
        if self.orders.chosen == self.sent:
            return
        if self.sealed:  # the host takes a change of sealed orders only as sealed orders
            self.orders.message = "Changed: press E to seal your new orders"
            return
        self.sent = list(self.orders.chosen)
        self.link.orders(self.sent, seal=False)  # a draft: the host gives it to a team that runs out of time

    def draw(self, surface) -> None:
        super().draw(surface)
        left = self.link.clock()
        if left is not None:
            m, s = divmod(int(left), 60)
            held = {"paused": " paused", "waiting": " waiting for Start"}.get(self.link.clock_state(), "")
            colour = theme.MUTED if held else theme.BAD if left < 60 else theme.ACCENT
            text = theme.text(f"{m}:{s:02d}{held}", 22, colour, bold=True)
            surface.blit(text, (CLOCK_RIGHT - text.get_width(), 12))

    def open_menu(self) -> None:
        self.app.toast("A LAN game runs on the host: close the window to leave, rejoin with the same code", 6)

    def open_talk(self) -> None:
        # screens open one another: each loads when it is first shown
        from .talk import TalkScreen

        if self.role is None:
            return  # a seat that plays no role has no one to talk as
        self.app.push(TalkScreen(self.app, self.rules, self.role, self.link.messages, self.link.say,
                                 legal_ids=sorted(self.legal), turn=self.view.obs.turn,
                                 actors=list(self.rules.playable_actors)))


class LanEndScreen(Screen):
    """The end of a LAN game, as the role sees it; the host writes the after-action report."""

    name = "lan-end"

    def __init__(self, app, link: Link):
        super().__init__(app, role=link.role)
        self.link = link
        self.given = {"frame": link.frame}

    def build(self) -> None:
        self.button((440, 520, 400, 56), "Close the window (Enter)", lambda: self.app.quit(0),
                    object_id="@primary_button")

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        rules = self.link.rules
        ending = self.link.public.get("ending")
        found = rules.endings[rules.ending_index[ending]] if ending in rules.ending_index else None
        obs = (self.link.frame or {}).get("observation") or {}
        lines = [("THE END", 20, theme.MUTED, True), (found.title if found else "The game was stopped", 40, theme.ACCENT, True)]
        lines += [(line, 20, theme.TEXT, False) for line in theme.wrap(found.text, 20, 1100)[:3]] if found else []
        if "score" in obs:
            lines.append((f"Your score: {obs['score']:.1f}", 24, theme.TEXT, True))
        lines.append(("The host writes the after-action report for the debrief.", 20, theme.MUTED, False))
        y = 160
        for text, size, colour, bold in lines:
            s = theme.text(theme.fit(text, size, 1200, bold), size, colour, bold=bold)
            surface.blit(s, ((theme.WIDTH - s.get_width()) // 2, y))
            y += s.get_height() + (4 if size == 20 else 14)


class ProjectorScreen(Screen):
    """A projector's join code: the public picture, full window."""

    name = "projector"

    def __init__(self, app, link: Link):
        super().__init__(app, role=None)
        self.link = link
        self.painter = painter_for(link.rules)
        self.given = {"public": link.frame}

    def draw(self, surface) -> None:
        if self.link.frame is None:
            surface.fill(theme.BG)
            return
        view = dict(self.link.frame, clock=self.link.clock())
        self.given = {"public": self.link.frame}
        self.painter.draw(surface, view)


class LanFlow:
    """Chooses the screen for each frame from the host: report when a week resolves, then orders."""

    def __init__(self, app, link: Link):
        self.app, self.link = app, link
        self.turn: int | None = None
        self.reported = 0
        self.told_closed = False
        self.reconnections = 0
        self.resync = False  # joined again: the next frame from the host redraws the orders

    def start(self) -> None:
        if self.link.role == "projector":
            self.app.show(ProjectorScreen(self.app, self.link))
            return
        self.follow(new=True)

    def follow(self, new: bool) -> None:
        """Called every frame: what changed since the last one."""
        link = self.link
        fresh, errors = link.poll()
        for error in errors:
            self.app.toast(error, 6)
        self.tell_connection()
        if link.reconnections != self.reconnections:
            self.reconnections, self.resync = link.reconnections, True
        if link.frame is None or not (fresh or new):
            return
        if link.role != "projector":
            self.show_frame()
        if fresh and self.resync:  # after the screen is chosen: a new screen clears the toast
            self.resync = False
            self.app.toast("Reconnected to the host", 4)

    def show_frame(self) -> None:
        """The screen for the host's latest frame: the end, the week's report, or the orders."""
        link = self.link
        frame, top = link.frame, self.app.top
        if frame is None:
            return  # nothing from the host yet
        public = link.public
        if public["over"]:
            if top is None or top.name != "lan-end":
                self.app.show(LanEndScreen(self.app, link))
            return
        report = frame["report"]
        if report is not None and report["turn"] > self.reported and self.turn is not None:
            self.reported = report["turn"]
            self.turn = public["turn"]
            view = view_from_frame(link.rules, frame)
            if view.last_report is not None:  # the frame's report
                self.app.show(ReportScreen(self.app, link.rules, view.last_report, role=link.role, view=view,
                                           on_close=self.show_game))  # Continue: to the week's orders
                return
        if report is not None:
            self.reported = max(self.reported, report["turn"])
        # Back after a drop, the host's orders replace whatever was changed while they could not be sent.
        redraw = self.resync and top is not None and top.name == "lan-game"
        if self.turn != public["turn"] or top is None or top.name not in ("lan-game", "report", "talk") or redraw:
            self.turn = public["turn"]
            self.show_game()
        elif top.name == "lan-game":
            top._status()

    def tell_connection(self) -> None:
        """Keep the lost connection in view while it lasts (a new screen clears the toast)."""
        link = self.link
        if link.reconnecting:
            text = f"Connection lost; reconnecting (attempt {link.reconnecting})..."
            if self.app.toast_text != text:
                self.app.toast(text, 3600)
        elif link.closed and not self.told_closed:
            self.told_closed = True
            self.app.toast(f"The connection to the host is lost. To rejoin: {link.join_command()}", 3600)

    def show_game(self) -> None:
        if self.link.frame is not None:
            self.app.show(LanGameScreen(self.app, self.link, self.link.frame))
