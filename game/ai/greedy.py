"""``greedy``: looks one turn ahead and takes the orders that serve its objectives best on average.

It tries no orders, each allowed action alone, then combinations of its best
single moves, each against a handful of imagined games (hidden variables drawn
around its estimates, the other roles modelled as ``historical``), and judges
the turn that follows by the role's score if the game kept that course.

>>> from game.scenario import load_rules
>>> from game.engine import Match
>>> m = Match(load_rules("winter-2021"), seed=1)
>>> orders = make_greedy("greedy", m.rules, "us").choose_ids(m.observe_batch("us"))
>>> m.check("us", orders)  # legal and within budget
"""

from __future__ import annotations

import numpy as np

from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from .lookahead import Lookahead, parse_params

DEFAULTS = {"samples": 6, "opponents": "historical"}


class Greedy(Lookahead):
    """One turn ahead, in expectation over its uncertainty about hidden variables."""

    def __init__(self, rules: Rules, role: str, samples: int = 6, opponents: str = "historical", name: str = "greedy"):
        super().__init__(rules, role, opponents=opponents, seed_name="greedy")
        self.samples, self.name = max(1, samples), name

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        singles = self.singles(obs)
        gain = self.utility(self.outcomes(obs, singles, self.samples, horizon=1))
        combos = self.combinations(obs, singles, gain - gain[:, :1])
        everything = np.concatenate([singles, combos], axis=1)
        utility = np.concatenate([gain, self.utility(self.outcomes(obs, combos, self.samples, horizon=1))], axis=1)
        return self.choose(obs, everything, utility)


def make_greedy(spec: str, rules: Rules, role: str) -> Greedy:
    params = parse_params(spec, DEFAULTS)
    return Greedy(rules, role, samples=params["samples"], opponents=params["opponents"], name=spec)
