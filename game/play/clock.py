"""The per-turn countdown: default and per-turn lengths, pause, extend, end now.

Time comes from an injected function (``time.monotonic`` by default), so tests
drive the clock by hand.

>>> t = [0.0]
>>> c = Clock(default_seconds=600, now=lambda: t[0])
>>> c.start(1); t[0] = 100; c.remaining()
500.0
>>> c.pause(); t[0] = 400; c.extend(60); c.resume(); c.remaining()
560.0
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Clock:
    default_seconds: float | None = None  # None: no time limit
    per_turn: dict[int, float] = field(default_factory=dict)
    now: Callable[[], float] = time.monotonic
    turn: int = 0
    _started: float | None = None
    _paused_at: float | None = None
    _paused_total: float = 0.0
    _extra: float = 0.0
    _ended: bool = False

    def length(self, turn: int) -> float | None:
        return self.per_turn.get(turn, self.default_seconds)

    def start(self, turn: int) -> None:
        """Start the countdown of ``turn``."""
        self.turn, self._started, self._paused_at = turn, self.now(), None
        self._paused_total, self._extra, self._ended = 0.0, 0.0, False

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.now()

    def resume(self) -> None:
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
        return left is not None and left <= 0

    def text(self) -> str:
        left = self.remaining()
        if left is None:
            return "no time limit"
        m, s = divmod(int(round(left)), 60)
        return f"{m}:{s:02d} left" + (" (paused)" if self.paused else "")
