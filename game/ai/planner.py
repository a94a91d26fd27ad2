"""``planner``: Monte Carlo rollouts. The strongest AI player, with a strength dial.

For each game it shortlists candidate orders (as ``greedy`` would, one turn
ahead), then plays every shortlisted candidate on to the end of the game in
many imagined futures at once, one batch through the engine: hidden variables
drawn around its estimates, the other roles modelled (``historical`` by
default), itself following ``historical`` after the first move. The candidate
with the best mean final score wins. Every candidate meets the same futures
(common random numbers), so differences come from the orders, not from luck.

Settings: ``planner:rollouts=256,candidates=8,samples=4,opponents=historical``
or a level, ``planner:easy`` / ``planner:normal`` / ``planner:hard`` (the game
menu's choices; ``planner`` alone is ``normal``).

>>> sorted(LEVELS)
['easy', 'hard', 'normal']
"""

from __future__ import annotations

import numpy as np

from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from .lookahead import Lookahead, distinct_best, parse_params

LEVELS = {
    "easy": {"rollouts": 32, "candidates": 4, "samples": 2},
    "normal": {"rollouts": 128, "candidates": 8, "samples": 4},
    "hard": {"rollouts": 512, "candidates": 12, "samples": 6},
}
DEFAULTS = {**LEVELS["normal"], "opponents": "historical", "rollout": "historical", "risk": 0.0, "escalation": 0.0}


class Planner(Lookahead):
    """Shortlist one turn ahead, then judge the shortlist by rollouts to the end."""

    def __init__(self, rules: Rules, role: str, rollouts: int = 128, candidates: int = 8, samples: int = 4,
                 opponents: str = "historical", rollout: str = "historical", risk: float = 0.0,
                 escalation: float = 0.0, name: str = "planner"):
        super().__init__(rules, role, opponents=opponents, rollout=rollout, risk=risk, escalation=escalation,
                         seed_name="planner")
        self.rollouts, self.candidates, self.samples = max(1, rollouts), max(2, candidates), max(1, samples)
        self.name = name

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        everything, quick = self.one_turn_ahead(obs, self.samples)
        shortlist = distinct_best(everything, quick, self.candidates)
        final = self.utility(self.outcomes(obs, shortlist, self.rollouts, horizon=None))
        return self.choose(obs, shortlist, final)


def make_planner(spec: str, rules: Rules, role: str) -> Planner:
    params = parse_params(spec, DEFAULTS, LEVELS)
    return Planner(rules, role, name=spec, **params)
