"""The per-turn countdown: default and per-turn lengths, pause, extend, end now; one clock for every screen.

Time comes from an injected function (``time.monotonic`` by default), so tests
drive the clock by hand.

>>> t = [0.0]
>>> c = Clock(default_seconds=600, now=lambda: t[0])
>>> c.start(1); t[0] = 100; c.remaining()
500.0
>>> c.pause(); t[0] = 400; c.extend(60); c.resume(); c.remaining()
560.0

A clock made ``waiting`` does not run until the white cell starts it (``resume``); a turn
that opens while the clock is paused or waiting opens paused, so a pause outlives the turn:

>>> c = Clock(default_seconds=600, now=lambda: t[0], waiting=True)
>>> c.start(1); c.state, c.remaining()
('waiting', 600.0)
>>> c.resume(); t[0] += 50; c.pause(); c.start(2); c.state, c.remaining()
('paused', 600.0)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

STATES = ("off", "waiting", "running", "paused", "expired")


@dataclass
class Clock:
    default_seconds: float | None = None  # None: no time limit
    per_turn: dict[int, float] = field(default_factory=dict)
    now: Callable[[], float] = time.monotonic
    turn: int = 0
    waiting: bool = False  # not started yet: the white cell has not pressed Start
    _started: float | None = None
    _paused_at: float | None = None
    _paused_total: float = 0.0
    _extra: float = 0.0
    _ended: bool = False

    def length(self, turn: int) -> float | None:
        return self.per_turn.get(turn, self.default_seconds)

    def start(self, turn: int) -> None:
        """Start the countdown of ``turn`` (paused from its first second when the clock is paused or waiting)."""
        held = self.waiting or self._paused_at is not None
        self.turn, self._started = turn, self.now()
        self._paused_at = self._started if held else None
        self._paused_total, self._extra, self._ended = 0.0, 0.0, False

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def state(self) -> str:
        """'off' (no time limit), 'waiting' (for Start), 'running', 'paused' or 'expired'."""
        left = self.remaining()
        if left is None:
            return "off"
        if self.waiting:
            return "waiting"
        if left <= 0:
            return "expired"
        return "paused" if self.paused else "running"

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.now()

    def resume(self) -> None:
        """Run again after a pause (or for the first time: Start)."""
        self.waiting = False
        if self._paused_at is not None:
            self._paused_total += self.now() - self._paused_at
            self._paused_at = None

    def extend(self, seconds: float) -> None:
        self._extra += seconds

    def end_now(self) -> None:
        self._ended = True

    def remaining(self) -> float | None:
        """Seconds left this turn (None without a time limit)."""
        if self._ended:
            return 0.0
        limit = self.length(self.turn)
        if limit is None or self._started is None:
            return None
        at = self._paused_at if self._paused_at is not None else self.now()
        elapsed = at - self._started - self._paused_total
        return max(0.0, limit + self._extra - elapsed)

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0 and not self.waiting

    def set_remaining(self, seconds: float) -> None:
        """Leave ``seconds`` on this turn's clock (a host resuming from its save)."""
        limit = self.length(self.turn)
        if limit is not None:
            self._extra = seconds - limit + self._elapsed()

    def _elapsed(self) -> float:
        if self._started is None:
            return 0.0
        at = self._paused_at if self._paused_at is not None else self.now()
        return at - self._started - self._paused_total

    def settings(self) -> dict:
        """What a save keeps of the clock: lengths, and this turn's time left and state."""
        return {"default_seconds": self.default_seconds, "per_turn": {str(k): v for k, v in self.per_turn.items()},
                "left": self.remaining(), "paused": self.paused or self.waiting, "waiting": self.waiting}

    def text(self) -> str:
        left = self.remaining()
        if left is None:
            return "no time limit"
        m, s = divmod(int(round(left)), 60)
        if self.waiting:
            return f"{m}:{s:02d} (waiting for start)"
        return f"{m}:{s:02d} left" + (" (paused)" if self.paused else "")
