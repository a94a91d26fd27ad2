"""A LAN game in the window: the host's views (protocol v1, ``game.net.protocol``) as the screens' ``View``.

The window joins with the same ``GameClient`` as the terminal, on the window's
event loop (``App.run_async``). A view frame holds only what the role may see,
so the screens draw exactly what they draw in a local game: ``view_from_frame``
turns the frame back into an ``Observation`` and the role's last report.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.net.protocol import observation_json
>>> rules = load_rules("winter-2021")
>>> obs = Match(rules, seed=1).observe("us")
>>> observation_from_json(observation_json(obs)) == obs
True
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from ..engine.observe import ActionView, DemandView, Observation, ThreatView, VariableView
from ..engine.report import Entry, TurnReport
from ..engine.rules import Cite, Rules
from ..play.negotiation import Message
from ..net.client import GameClient
from ..play.views import View


def observation_from_json(data: dict) -> Observation:
    """The inverse of ``protocol.observation_json``."""
    return Observation(
        role=data["role"], role_name=data["role_name"], turn=data["turn"], turns=data["turns"],
        date=dt.date.fromisoformat(data["date"]), budget=data["budget"], score=data["score"],
        variables=[VariableView(**v) for v in data["variables"]],
        legal=[ActionView(**{**a, "cite": Cite(**a["cite"])}) for a in data["legal"]],
        demands=[DemandView(**d) for d in data["demands"]],
        threats=[ThreatView(**t) for t in data["threats"]],
        upcoming=[tuple(u) for u in data.get("upcoming", [])], ending=data.get("ending"),
        turn_word=data.get("turn_word", "turn"), turn_words=data.get("turn_words", "turns"),
    )


def entry_from_json(rules: Rules, e: dict) -> Entry:
    cite = Cite(e["source"], e.get("quote")) if e.get("source") else None
    role = rules.role_index(e["role"]) if e.get("role") in rules.roles else None
    changes = [(rules.var_index[c["var"]], float(c["delta"])) for c in e["changes"] if c["var"] in rules.var_index]
    return Entry(e["phase"], e["kind"], e["id"], e["headline"], role, e.get("actor"), e.get("text", ""), True, cite,
                 changes)


def report_from_json(rules: Rules, data: dict | None) -> TurnReport | None:
    if data is None:
        return None
    return TurnReport(data["turn"], dt.date.fromisoformat(data["date"]),
                      [entry_from_json(rules, e) for e in data["entries"]], ending=data.get("ending"))


def view_from_frame(rules: Rules, frame: dict) -> View:
    """A role's ``View`` from the host's view frame (the last report only: the host sends no more)."""
    report = report_from_json(rules, frame["report"])
    return View(frame["role"], observation_from_json(frame["observation"]), [report] if report else [])


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
        return f"brink join {self.client.url.removeprefix('ws://')} --code {self.client.code}"

    @property
    def closed(self) -> bool:
        reader = self.client._reader
        return reader is not None and reader.done()

    @property
    def public(self) -> dict:
        frame = self.frame or {}
        return frame.get("public", frame)

    def clock(self) -> float | None:
        """Seconds left this week, counted down since the last frame."""
        left = self.public.get("clock")
        return None if left is None else max(0.0, left - (self.now() - self.received))

    def messages(self) -> list[Message]:
        return [Message.model_validate(m) for m in (self.frame or {}).get("messages", [])]

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
