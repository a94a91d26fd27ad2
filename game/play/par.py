"""Par for an ending: what the documented path scores for a role, what an AI scores in its seat, and
a verdict on a player's score against them, in words.

The documented path is the scenario's ``historical`` section played by every role (what the real
actors did, replayed over many games, for chance plays its part); the AI in the seat is one
thinking policy for that role against the game's other players.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> par = documented_par(rules, games=40, seed=1)
>>> set(par) == set(rules.roles) and par["us"].low <= par["us"].mean <= par["us"].high
True
>>> verdict(par["us"].mean + 3 * par["us"].spread + 1, par["us"])[0]
'Far better than history'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import simulation
from ..engine.fingerprint import fingerprint
from ..engine.rules import Rules

# The thinking policy that stands in for the player when par is worked out: the game menu's
# Easy level, the cheapest planner that plans to the end of the crisis. ``greedy`` (one turn
# ahead) lost to one-line scripts in several seats, so "an AI in your seat" was no yardstick;
# the normal planner costs about four times as much again, at the ending of a game in the window.
SEAT_AI = "planner:easy"
SEAT_AI_CACHE = 32  # worked-out seat scores kept per process: going back to an ending costs nothing
_SEAT_SCORES: dict[tuple[str, str, tuple[tuple[str, str], ...], int, int], float] = {}
BANDS = (  # (at least this many spreads above the documented path, verdict, what it means)
    (1.0, "Far better than history", "you did much better than the real actors' path usually does"),
    (0.3, "Better than history", "you beat the documented path"),
    (-0.3, "As history went", "about what the real actors' choices score"),
    (-1.0, "Worse than history", "the documented path usually does better"),
    (float("-inf"), "Far worse than history", "well below what the real actors' path scores"),
)


@dataclass(frozen=True)
class Par:
    mean: float  # the documented path's average score for the role
    low: float  # its 10th and 90th percentiles: the range chance gives it
    high: float
    spread: float  # its standard deviation (at least 1 point)
    games: int
    ai: float | None = None  # an AI's average in the role's seat (None: not worked out)


def documented_par(rules: Rules, games: int = 200, seed: int = 0) -> dict[str, Par]:
    """Par for every role from the documented path (every role plays ``historical``)."""
    scores = simulation.simulate(rules, {}, games=games, seed=seed, keep_scores=True).scores
    assert scores is not None  # kept: keep_scores=True
    out = {}
    for r, role in enumerate(rules.roles):
        col = scores[:, r]
        out[role] = Par(float(col.mean()), float(np.percentile(col, 10)), float(np.percentile(col, 90)),
                        max(1.0, float(col.std())), games)
    return out


def seat_ai_score(rules: Rules, role: str, players: dict[str, str], games: int = 20, seed: int = 0) -> float:
    """The average score of a thinking AI (``SEAT_AI``) in ``role``'s seat against the game's other players.

    All ``games`` are played as one batch (the planner shares its work across them), and a
    result is remembered for the same rules, seat, players, games and seed. The rules are
    known by their ``fingerprint``, not the file's content hash: rules compiled in memory
    have none, and two such variants must not share a score.
    """
    specs = {r: p for r, p in players.items() if p != "human" and r != role}
    specs[role] = SEAT_AI
    key = (fingerprint(rules), role, tuple(sorted(specs.items())), games, seed)
    if key not in _SEAT_SCORES:
        if len(_SEAT_SCORES) >= SEAT_AI_CACHE:
            _SEAT_SCORES.pop(next(iter(_SEAT_SCORES)))  # the oldest goes first
        _SEAT_SCORES[key] = float(simulation.simulate(rules, specs, games=games, seed=seed).mean_scores[role])
    return _SEAT_SCORES[key]



def verdict(score: float, par: Par) -> tuple[str, str]:
    """(verdict, what it means) for ``score`` against ``par``."""
    z = (score - par.mean) / par.spread
    for at_least, title, meaning in BANDS:
        if z >= at_least:
            return title, meaning
    raise AssertionError("the last band takes every score")
