"""A LAN game in the window: the host's views (protocol v1, ``game.net.protocol``) as the screens' ``View``.

The window joins with the same ``GameClient`` as the terminal, on the window's
event loop (``App.run_async``). A view frame holds only what the role may see,
so the screens draw exactly what they draw in a local game: ``view_from_frame``
turns the frame back into the role's ``View`` (``game.play.frames.ViewFrame.to_view``).

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> rules = load_rules("winter-2021")
>>> game = Game.new(rules, {"us": "human"}, seed=1)
>>> frame = ViewFrame.of(rules, game.view("us"), ["us"]).model_dump(mode="json")
>>> seen, own = view_from_frame(rules, frame).obs, game.view("us").obs
>>> seen.legal == own.legal and [v for v in seen.variables if v.exact] == [v for v in own.variables if v.exact]
True

(Estimates come at the precision a screen shows them: ``game.play.frames.on_screen``.)
"""

from __future__ import annotations

import asyncio
import shlex
import time

from ..engine.rules import Rules
from ..net.client import GameClient
from ..play.frames import ClockRecord, MessageRecord, ViewFrame
from ..play.negotiation import Message
from ..play.views import View


def view_from_frame(rules: Rules, frame: dict) -> View:
    """A role's ``View`` from the host's view frame (the last report only: the host sends no more)."""
    return ViewFrame.model_validate(frame).to_view(list(rules.roles))


class Link:
    """The window's side of a LAN game: the latest frame, its arrival time, and sending in the background."""

    def __init__(self, client: GameClient, rules: Rules, now=time.monotonic):
        self.client, self.rules, self.now = client, rules, now
        self.received = now()
        self.frame: dict | None = client.view
        self.errors_seen = len(client.errors)
        self.tasks: set[asyncio.Task] = set()

    @property
    def role(self) -> str:
        assert self.client.role is not None  # a link is made once the host has welcomed us
        return self.client.role

    def poll(self) -> tuple[bool, list[str]]:
        """(a new frame came, errors since last time)."""
        new = self.client.view is not self.frame
        if new:
            self.frame, self.received = self.client.view, self.now()
        errors = self.client.errors[self.errors_seen:]
        self.errors_seen = len(self.client.errors)
        return new, errors

    @property
    def reconnecting(self) -> int:
        """The reconnection attempt under way (0: connected or given up)."""
        return self.client.attempt

    @property
    def reconnections(self) -> int:
        return self.client.reconnections

    def join_command(self) -> str:
        """What the team types to join again by hand."""
        seat = f" --seat {shlex.quote(self.client.seat)}" if self.client.seat else ""
        return f"brink join {self.client.url.removeprefix('ws://')} --code {self.client.code}{seat}"

    @property
    def closed(self) -> bool:
        reader = self.client._reader
        return reader is not None and reader.done()

    @property
    def public(self) -> dict:
        frame = self.frame or {}
        return frame.get("public", frame)

    def clock(self) -> float | None:
        """Seconds left this week: the host's clock as its last frame gave it, counted down since only
        while the host's clock runs (paused or waiting for Start, it stands still)."""
        state = self.public.get("clock_state")
        if state is not None:
            return ClockRecord.model_validate(state).left_at(self.now() - self.received)
        left = self.public.get("clock")  # a host older than the clock state
        return None if left is None else max(0.0, left - (self.now() - self.received))

    def clock_state(self) -> str:
        """What the host's clock is doing: 'running', 'paused', 'waiting' (for Start), 'off' or 'expired'."""
        state = self.public.get("clock_state")
        if state is not None:
            return str(state["state"])
        return "off" if self.public.get("clock") is None else "running"

    def messages(self) -> list[Message]:
        return [MessageRecord.model_validate(m) for m in (self.frame or {}).get("messages", [])]

    def _send(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.client.errors.append(str(task.exception()))

    def orders(self, ids: list[str], seal: bool) -> None:
        self._send(self.client.orders(list(ids), seal=seal, turn=self.public.get("turn")))

    def say(self, to: str, text: str, statement: dict | None) -> str:
        self._send(self.client.say(to, text, statement))
        return "Sent to everyone." if to == "all" or statement else f"Sent to {self.rules.role_names[self.rules.role_index(to)]}."
