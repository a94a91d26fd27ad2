"""The LAN host's flood limits: frames and messages a second per seat and per team, wrong codes per
address, connections per file limit. A room of thirty must not be stopped by one laptop.

>>> bucket = TokenBucket(rate=1, burst=2, now=lambda: 0.0)
>>> [bucket.take() for _ in range(3)]
[True, True, False]
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .protocol import BURST, RATE

TEAM_RATE, TEAM_BURST = 2 * RATE, 2 * BURST  # frames a second, shared by a team's seats
SAY_RATE, SAY_BURST = 0.5, 10  # messages a second, shared by a team's seats (however often it reconnects)
WRONG_CODES, WRONG_CODE_WINDOW = 5, 60.0  # wrong codes an address may try in that many seconds
PENDING_PER_ADDRESS = 16  # connections from one address that have not yet said hello
FILE_RESERVE = 48  # descriptors kept for saves, logs and the event loop


def file_limit() -> int:
    """The process's soft limit of open files (256 on macOS by default), or a guess where unknown."""
    try:
        import resource  # POSIX only: Windows has no resource module (the guess below)

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        return soft if soft > 0 else 1024
    except (ImportError, ValueError, OSError):
        return 512


class TokenBucket:
    """At most ``rate`` frames a second on average, ``burst`` at once."""

    def __init__(self, rate: float, burst: float, now: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.now = rate, burst, now
        self.tokens, self.at = burst, now()

    def take(self) -> bool:
        t = self.now()
        self.tokens = min(self.burst, self.tokens + (t - self.at) * self.rate)
        self.at = t
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
