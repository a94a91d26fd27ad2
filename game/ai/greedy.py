"""``greedy``: looks one turn ahead and takes the orders that serve its objectives best on average.

It tries no orders, each allowed action alone, then combinations of its best
single moves, each against a dozen imagined games (hidden variables drawn
around its estimates, the other roles modelled as ``historical``), and judges
the position after the turn by its score so far plus what such positions go
on to earn (``lookahead.ValueModel``). A move must beat doing nothing by more
than the noise of its estimate.

>>> from game.scenario import load_rules
>>> from game.engine import Match
>>> m = Match(load_rules("winter-2021"), seed=1)
>>> orders = make_greedy("greedy", m.rules, "us").choose_ids(m.observe_batch("us"))
>>> m.check("us", orders)  # legal and within budget
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from .lookahead import Lookahead, parse_params
from .opponents import DEFAULT as MIXTURE


@dataclass(frozen=True)
class GreedySettings:
    """What ``greedy:KEY=VALUE,...`` may set."""

    samples: int = 12
    opponents: str = MIXTURE


DEFAULTS = GreedySettings()


class Greedy(Lookahead):
    """One turn ahead, in expectation over its uncertainty about hidden variables."""

    def __init__(self, rules: Rules, role: str, samples: int = 12, opponents: str = MIXTURE, name: str = "greedy"):
        super().__init__(rules, role, opponents=opponents, seed_name="greedy")
        self.samples, self.name = max(1, samples), name

    def think(self, obs: ObservationBatch) -> np.ndarray:
        everything, utility = self.one_turn_ahead(obs, self.samples)
        return self.choose(obs, everything, utility)


def make_greedy(spec: str, rules: Rules, role: str) -> Greedy:
    settings = parse_params(spec, DEFAULTS)
    return Greedy(rules, role, samples=settings.samples, opponents=settings.opponents, name=spec)
