"""The white cell's desk: the facilitator console's commands, run for the window.

The window's console screen types the same commands as ``brink play --text
--facilitator`` (``game.text.facilitator``), so every facilitator act has one
implementation. Alone on one laptop a ``Desk`` drives the ``Facilitator`` itself
and ticks its clock; as the host of a LAN game it hands each command to
``GameServer.control`` (on the window's event loop), which updates the clients.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> from game.play.facilitator import Facilitator
>>> desk = Desk.local(Facilitator(Game.new(load_rules("winter-2021"), {"us": "human"}, seed=1)))
>>> desk.run("set tension 70 the summit collapsed")[-1]
'Recorded act #1 (week 1).'
"""

from __future__ import annotations

import asyncio
import io

from rich.console import Console

from ..engine.report import TurnReport
from ..play.facilitator import Facilitator
from ..play.words import headline
from ..text.facilitator import FacilitatorConsole
from ..text.play import QuitGame

MAX_LINES = 300
# rich draws tables with box characters; the window's font has none, so they become plain rules
BOX_CHARS = {c: (" " if c not in "─━═" else "-") for c in map(chr, range(0x2500, 0x2580))}


class WindowConsole(FacilitatorConsole):
    """The console with a short end-of-week summary (the window shows the full picture)."""

    def after_turn(self, report: TurnReport) -> None:
        shown = [headline(self.fac.rules, e) for e in report.entries if e.kind not in ("drift", "ending")]
        word = self.fac.rules.turn_word
        self.console.print(f"{word.capitalize()} {report.turn} resolved: " + ("; ".join(shown[:4]) or f"a quiet {word}")
                           + (f". Ending: {report.ending}" if report.ending else ""), markup=False)
        self.save()

    def do_team(self, rest: str) -> None:
        self.console.print("In the window, press F8 (Team orders) to hand the keyboard to a team.")


class Desk:
    def __init__(self, console: WindowConsole, buffer: io.StringIO, server=None):
        self.console, self.buffer, self.server = console, buffer, server
        self.lines: list[str] = []
        self.pending: list[asyncio.Task] = []
        self.quit = False

    @classmethod
    def local(cls, fac: Facilitator, save_path: str | None = None) -> Desk:
        buffer = io.StringIO()
        console = WindowConsole(fac, Console(file=buffer, width=140, color_system=None, highlight=False),
                                ask=_no_keyboard, save_path=save_path)
        return cls(console, buffer)

    @classmethod
    def hosting(cls, server) -> Desk:
        """The desk of a LAN host: commands go through ``server.control`` so every client sees them."""
        buffer = io.StringIO()
        console = WindowConsole(server.fac, Console(file=buffer, width=140, color_system=None, highlight=False),
                                ask=_no_keyboard)
        return cls(console, buffer, server)

    @property
    def fac(self) -> Facilitator:
        """The facilitator now (a rollback replaces it)."""
        return self.server.fac if self.server is not None else self.console.fac

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
        try:
            self.console.handle(line)
        except QuitGame:
            self.quit = True
        self.console.save()
        return self._collect()

    async def _control(self, line: str) -> None:
        try:
            await self.server.control(self.console, line)
        except QuitGame:
            self.quit = True
        except Exception as exc:  # noqa: BLE001 - a failed command must not end the host's window
            self.console.console.print(f"That did not work: {exc}", markup=False)
        self._collect()

    def tick(self) -> TurnReport | None:
        """Alone: the turn resolves when all have sealed or time is up (the console shows its report)."""
        if self.server is not None:
            self._collect()
            return None  # the server runs its own clock
        self.console.follow()
        report = self.fac.tick()
        if report is not None:
            self._collect()
        return report

    def say(self, text: str) -> None:
        self.lines.append(text)
        del self.lines[:-MAX_LINES]

    def _collect(self) -> list[str]:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        new = [line.translate(str.maketrans(BOX_CHARS)).rstrip() for line in text.splitlines()]
        new = [line for line in new if line.strip()]
        for line in new:
            self.say(line)
        return new


def _no_keyboard(prompt: str) -> str:
    raise QuitGame
