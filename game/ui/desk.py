"""The white cell's desk: the facilitator's commands, run for the window.

The window's console screen types the same commands as ``brink play --text
--facilitator``; both run them with ``game.play.control`` and draw its structured
replies their own way (here: lines of the console's log, tables as aligned columns).
Alone on one laptop a ``Desk`` drives the ``Facilitator`` itself and ticks its clock;
as the host of a LAN game it hands each command to ``GameServer.control`` (on the
window's event loop), which updates the clients.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> from game.play.facilitator import Facilitator
>>> desk = Desk.local(Facilitator(Game.new(load_rules("winter-2021"), {"us": "human"}, seed=1)))
>>> desk.run("set tension 70 the summit collapsed")[-1]
'Recorded act #1 (week 1).'
>>> desk.run("state")[1].split()
['Variable', 'True', 'value', 'Seen', 'by']
>>> desk.run("view russia")[0]
"Russia's view, week 1 of 12, score 0.0"
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from ..engine.report import TurnReport
from ..play.control import Control, HandOver, Quit, Reply, RoleShown, Said, Table
from ..play.events import CONTROL, Event, Resolved, SaveFailed
from ..play.facilitator import Facilitator
from ..play.runner import Follower
from ..play.views import View
from ..play.words import fmt, headline

MAX_LINES = 300


class Desk:
    def __init__(self, fac: Facilitator, save_path: str | None = None, server=None):
        self.control = Control(fac, save_path)
        self.server = server
        self.lines: list[str] = []
        self.said = 0  # lines said so far (the log keeps the last MAX_LINES)
        self.pending: list[asyncio.Task] = []
        self.quit = False
        self._follower = Follower(self.on_event, CONTROL)
        self.follow()

    @classmethod
    def local(cls, fac: Facilitator, save_path: str | None = None) -> Desk:
        return cls(fac, save_path)

    @classmethod
    def hosting(cls, server) -> Desk:
        """The desk of a LAN host: commands go through ``server.control`` so every client sees them."""
        return cls(server.fac, server=server)

    @property
    def fac(self) -> Facilitator:
        """The facilitator now (a rollback replaces it)."""
        return self.server.fac if self.server is not None else self.control.fac

    @fac.setter
    def fac(self, fac: Facilitator) -> None:
        self.control.fac = fac

    @property
    def ai_roles(self) -> set[str]:
        return set(self.fac.game.policies)

    def run(self, line: str) -> list[str]:
        """Carry out one console command; returns the lines it printed (for a host, once it has run)."""
        line = line.strip()
        if not line:
            return []
        self.say(f"> {line}")
        if self.server is not None:
            self.pending = [t for t in self.pending if not t.done()]
            self.pending.append(asyncio.get_running_loop().create_task(self._control(line)))
            return []
        before = self.said
        self.handle(line)
        self.show(self.control.autosave())
        return self.lines[len(self.lines) - min(self.said - before, len(self.lines)):]

    def handle(self, line: str) -> list[str]:
        """One command on ``fac`` (``GameServer.control`` calls this for a host); returns its lines."""
        shown = self.show(self.control.run(line))
        self.follow()
        return shown

    async def _control(self, line: str) -> None:
        try:
            await self.server.control(self, line)
        except Exception as exc:  # noqa: BLE001 - a failed command must not end the host's window
            self.show([Said(f"That did not work: {exc}", error=True)])
        self.follow()

    def tick(self) -> TurnReport | None:
        """Alone: the turn resolves when all have sealed or time is up (the log shows a summary)."""
        if self.server is not None:
            self.follow()
            return None  # the server runs its own clock
        self.follow()
        return self.fac.tick()

    def follow(self) -> None:
        """Listen to the facilitator's game (a rollback brings another one)."""
        self._follower.follow(self.fac.game)

    def on_event(self, event: Event) -> None:
        if isinstance(event, Resolved):
            report = next(r for r in self.fac.match.reports if r.turn == event.turn)
            self.say(self.summary(report))
            if self.server is None:
                self.show(self.control.autosave())
        elif isinstance(event, SaveFailed):
            self.say(str(event.error))

    def summary(self, report: TurnReport) -> str:
        """A short end-of-turn line (the window shows the full picture)."""
        rules = self.fac.rules
        shown = [headline(rules, e) for e in report.entries if e.kind not in ("drift", "ending")]
        word = rules.turn_word
        return (f"{word.capitalize()} {report.turn} resolved: " + ("; ".join(shown[:4]) or f"a quiet {word}")
                + (f". Ending: {report.ending}" if report.ending else ""))

    def say(self, text: str) -> None:
        self.said += 1
        self.lines.append(text)
        del self.lines[:-MAX_LINES]

    def tell(self, replies: Sequence[Reply]) -> None:
        """Show replies that did not come from ``handle`` (the LAN host's room commands)."""
        self.show(replies)

    def show(self, replies: Sequence[Reply]) -> list[str]:
        """Add the replies to the log as lines; returns them."""
        new = [line for reply in replies for line in self.lines_of(reply) if line.strip()]
        for line in new:
            self.say(line)
        return new

    def lines_of(self, reply: Reply) -> list[str]:
        if isinstance(reply, Said):
            return reply.text.splitlines()
        if isinstance(reply, Table):
            return [reply.title, *columns([reply.columns, *reply.rows])]
        if isinstance(reply, RoleShown):
            return view_lines(reply.view)
        if isinstance(reply, HandOver):
            return ["In the window, press F8 (Team orders) to hand the keyboard to a team."]
        if isinstance(reply, Quit):
            self.quit = True
        return []


def columns(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows of cells as lines, each column as wide as its widest cell.

    >>> columns([("a", "bb"), ("ccc", "d")])
    ['a    bb', 'ccc  d']
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def view_lines(view: View) -> list[str]:
    """A role's view as lines: each variable as the role knows it (exactly, by estimate, or not)."""
    obs = view.obs
    rows: list[tuple[str, ...]] = []
    for v in obs.variables:
        if v.value is None:
            rows.append((v.label, "?", "unknown to this role"))
        elif v.exact:
            rows.append((v.label, fmt(v.value), v.rung or ""))
        else:
            span = f"{fmt(v.low)}-{fmt(v.high)}" if v.low is not None and v.high is not None else "unknown"
            rows.append((v.label, f"~{fmt(v.value)}", f"estimate, 90% range {span}"))
    head = f"{obs.role_name}'s view, {obs.turn_word} {obs.turn} of {obs.turns}, score {obs.score:.1f}"
    return [head, *columns(rows)] if rows else [head]
