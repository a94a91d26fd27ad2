"""Turn reports: every change to every variable, with its cause and its source.

Reports are built only when asked for (a match, a replay); a Monte Carlo batch
runs the same phases with recording switched off.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from .rules import Cite


@dataclass
class Entry:
    """One thing that happened in a turn, with the changes it caused.

    ``role`` is the acting role's index (None for events and drift); ``public``
    says whether roles other than the actor learn of it at all. ``headline`` is the
    scenario's own words for the cause, or "" where the faces word it from the kind
    and id (``game.play.words``); ``due`` is the turn a pledge fell due.
    """

    phase: str
    kind: str
    id: str
    headline: str
    role: int | None = None
    actor: str | None = None
    text: str = ""
    public: bool = True
    cite: Cite | None = None
    changes: list[tuple[int, float]] = field(default_factory=list)
    due: int | None = None


@dataclass
class TurnReport:
    """What one turn of one game did."""

    turn: int
    date: dt.date
    entries: list[Entry] = field(default_factory=list)
    before: np.ndarray | None = None
    after: np.ndarray | None = None
    ending: str | None = None


class Recorder:
    """Collects entries for each game of a small batch; a no-op when disabled."""

    def __init__(self, enabled: bool, games: int, turn: int, date: dt.date):
        self.enabled = enabled
        self.reports = [TurnReport(turn, date) for _ in range(games)] if enabled else []

    def add(self, mask: np.ndarray, entry: Entry, delta: np.ndarray | None = None) -> None:
        """Record ``entry`` for every game where ``mask`` holds, with its own deltas."""
        if not self.enabled:
            return
        for g in np.flatnonzero(mask):
            changes = []
            if delta is not None:
                changes = [(int(v), float(delta[g, v])) for v in np.flatnonzero(np.abs(delta[g]) > 1e-9)]
            self.reports[g].entries.append(dataclasses.replace(entry, changes=changes))
