"""What a face may draw for one role: a ``View``, built only from that role's side of the game.

A view holds the role's observation (``engine.observe``), the turn reports it may
see (``visible_report``, worded), this turn's control entries as it may see them,
the messages it may read, its own orders, the tutorial hints for it and the public
state of the table (turn, who has sealed, the clock). It holds no state of the
game: nothing in it leads back to the true values, another role's orders or the
session. The game runner builds views (``Game.view``); the LAN client rebuilds one
from the host's frame; screens and terminal renderers draw only views.

>>> from game.scenario import load_scenario
>>> from game.play.runner import Game
>>> view = Game.new(load_scenario("winter-2021").rules, {"us": "human"}, seed=1).view("us")
>>> view.role, view.public.turn, view.sealed, view.last_report is None
('us', 1, False, True)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..engine.observe import Observation
from ..engine.report import Entry, TurnReport
from ..scenario.models import Hint
from .negotiation import Message


@dataclass(frozen=True)
class PublicState:
    """What everyone may know of the table: the turn, who has sealed, the clock, the end."""

    turn: int
    turns: int
    turn_word: str
    turn_words: str
    date: dt.date
    waiting_for: tuple[str, ...] = ()
    sealed: tuple[str, ...] = ()
    clock: float | None = None  # seconds left this turn (None: no time limit)
    over: bool = False
    ending: str | None = None
    connected: tuple[str, ...] = ()  # the roles whose clients are on line (a LAN game)


@dataclass(frozen=True)
class View:
    """A role's view: everything its screens may draw."""

    role: str
    obs: Observation
    reports: list[TurnReport]  # visible reports, worded, oldest first
    control: list[Entry] = field(default_factory=list)  # this turn's control entries as the role sees them
    messages: list[Message] = field(default_factory=list)  # the messages it may read
    settled: dict[int, str] = field(default_factory=dict)  # message id -> kept/broken (statements are public)
    orders: list[str] = field(default_factory=list)  # its draft, or its sealed orders
    sealed: bool = False
    hints: list[Hint] = field(default_factory=list)
    public: PublicState | None = None

    @property
    def last_report(self) -> TurnReport | None:
        return self.reports[-1] if self.reports else None

    def changes(self) -> dict[str, float]:
        """Change of each exactly known variable during the last turn (from the visible report)."""
        out: dict[str, float] = {}
        report = self.last_report
        if report is None:
            return out
        ids = [v.id for v in self.obs.variables]
        for entry in report.entries:
            for var, delta in entry.changes:
                out[ids[var]] = out.get(ids[var], 0.0) + delta
        return out

    def actions_seen(self) -> dict[str, int]:
        """Action ids this role saw carried out, with the last turn each was seen."""
        seen: dict[str, int] = {}
        for report in self.reports:
            for entry in report.entries:
                if entry.kind in ("action", "response"):
                    seen[entry.id] = report.turn
        return seen
