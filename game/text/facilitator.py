"""``brink play --text --facilitator``: the white cell's console in the terminal.

The facilitator sees the true state, every role's view and the orders as they
come in; types in a team's orders (or hands the keyboard to a team with
``team ROLE``); runs the clock (shown at each prompt; when it has run out the
turn ends at the next command); manages injects; adjudicates, undoes, rolls back
and branches; leaks messages and writes notes. Type ``help`` for the commands.
The commands are ``game.play.control``'s (the window's console runs the same);
this module draws their replies and the game's events with rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console
from rich.table import Table as RichTable

from ..engine.report import TurnReport
from ..play.control import HELP, Control, HandOver, Quit, Reply, RoleShown, Said, Table, parse_inject
from ..play.events import CONTROL, DraftChanged, Event, MessageSent, Resolved, SaveFailed, Sealed
from ..play.facilitator import Facilitator, FacilitatorError
from ..play.negotiation import MessageError
from ..play.runner import Follower
from ..play.words import message_line
from .play import QuitGame, TextGame
from .render import show_observation, show_report

__all__ = ["HELP", "FacilitatorConsole", "parse_inject"]


class FacilitatorConsole:
    """The white cell's console: it runs commands on a ``Facilitator`` (``game.play.control``) and
    renders their replies and the game's events (as control: the full report of every turn)."""

    def __init__(self, fac: Facilitator, console: Console, ask: Callable[[str], str] = input,
                 save_path: str | None = None):
        self.control = Control(fac, save_path)
        self.console, self.ask, self.save_path = console, ask, save_path
        self._follower = Follower(self.on_event, CONTROL)
        self.live = True  # messages and orders printed as they come (a LAN host's teams are elsewhere)
        self.handed_over = False  # a team has the keyboard: it sees its own screen, not the white cell's feed
        self.follow()

    @property
    def fac(self) -> Facilitator:
        """The facilitator now (a rollback replaces it; a LAN host sets it)."""
        return self.control.fac

    @fac.setter
    def fac(self, fac: Facilitator) -> None:
        self.control.fac = fac

    @property
    def ai_roles(self) -> set[str]:
        return set(self.fac.game.policies)

    def follow(self) -> None:
        """Listen to the facilitator's game (a rollback gives the console another one)."""
        self._follower.follow(self.fac.game)

    def on_event(self, event: Event) -> None:
        if self.live and not self.handed_over:
            self.show_live(event)
        if isinstance(event, Resolved):
            index = next(i for i, r in enumerate(self.fac.match.reports) if r.turn == event.turn)
            self.after_turn(self.fac.game.report_for(None, index))
        elif isinstance(event, SaveFailed):
            self.console.print(f"[red]{event.error}[/]")

    def show_live(self, event: Event) -> None:
        """What the teams do, as it happens: every message (statements marked), drafts and seals."""
        rules = self.fac.rules
        if isinstance(event, MessageSent):
            message = next((m for m in self.fac.session.messages() if m.id == event.message_id), None)
            if message is not None:
                mark = "⚑ statement" if message.statement is not None else "✉"
                seat = f" ({message.seat})" if message.seat else ""
                self.console.print(f"{mark}{seat} {message_line(rules, message)}", markup=False,
                                   style="yellow" if message.statement is not None else None)
        elif isinstance(event, DraftChanged):
            self.console.print(f"… {event.role} drafts: {self._orders(event.orders)}", markup=False, style="dim")
        elif isinstance(event, Sealed):
            orders, _ = self.fac.game.orders_of(event.role)
            ai = " (AI)" if event.role in self.ai_roles else ""
            self.console.print(f"✔ {event.role}{ai} sealed: {self._orders(orders)}", markup=False)

    def _orders(self, ids) -> str:
        labels = {a.id: a.label for a in self.fac.rules.actions}
        return ", ".join(labels.get(i, i) for i in ids) or "no orders"

    # -- the loop ---------------------------------------------------------------------------
    def run(self, max_turns: int | None = None) -> int:
        start = len(self.fac.match.reports)
        # No seed here: this screen may be on a projector, and the seed would give away the hidden draws.
        self.console.print(f"[bold]Control: {self.fac.rules.title}[/]. Type 'help'.")
        try:
            while not self.fac.match.over:
                if max_turns is not None and len(self.fac.match.reports) - start >= max_turns:
                    self.console.print(f"Stopped after {max_turns} turns.")
                    return 0
                line = self.prompt()
                if line:
                    self.handle(line)
                self.follow()
                self.fac.tick()
        except QuitGame:
            self.save()
            return 1
        self.console.print(f"Ending: {self.fac.match.ending}")
        return 0

    def prompt(self) -> str:
        f = self.fac
        waiting = ", ".join(f.match.waiting_for) or "nobody"
        try:
            return self.ask(f"[{f.rules.turn_word} {f.match.turn} · {f.clock.text()} · waiting for {waiting}] control> ").strip()
        except EOFError:
            raise QuitGame from None

    def after_turn(self, report: TurnReport) -> None:
        show_report(self.console, self.fac.rules, report, title=f"{self.fac.rules.turn_word.capitalize()} {report.turn}: the full report (control)")
        self.save()

    def save(self) -> None:
        for reply in self.control.autosave():
            self.show(reply)

    # -- commands and their replies -----------------------------------------------------------
    def handle(self, line: str) -> None:
        for reply in self.control.run(line):
            self.show(reply)
        self.follow()

    def tell(self, replies: Sequence[Reply]) -> None:
        """Show replies that did not come from ``handle`` (the LAN host's room commands)."""
        for reply in replies:
            self.show(reply)

    def show(self, reply: Reply) -> None:
        if isinstance(reply, Said):
            self.console.print(reply.text, style="red" if reply.error else None, markup=False)
        elif isinstance(reply, Table):
            table = RichTable(*reply.columns, title=reply.title, title_justify="left")
            for row in reply.rows:
                table.add_row(*row)
            self.console.print(table)
        elif isinstance(reply, RoleShown):
            show_observation(self.console, reply.view.obs, rules=self.fac.rules)
        elif isinstance(reply, HandOver):
            self.handed_over = True
            try:
                TextGame(self.fac.game, self.console, ask=self.ask).human_turn(reply.role)
            except (FacilitatorError, MessageError, ValueError) as exc:
                self.console.print(str(exc), style="red", markup=False)
            finally:
                self.handed_over = False
        elif isinstance(reply, Quit):
            raise QuitGame

