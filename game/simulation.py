"""Many games at once: policies and engine stepped together over a batch.

One code path for a single match and for thousands of games: the same
``step`` the terminal uses, with recording off. Games are numbered; game *i*
of a run with seed *s* is the same game however the run is split into chunks.

>>> from game.scenario import load_rules
>>> result = simulate(load_rules("winter-2021"), {}, games=50, seed=1)
>>> sum(result.endings.values())
50
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from .ai import make_policy
from .ai.policies import Policy
from .engine.observe import observe_batch
from .engine.rules import Rules
from .engine.state import BatchState, initial_state
from .engine.step import legal_mask, step

CHUNK = 20_000


def policies_for(rules: Rules, specs: dict[str, str]) -> list[Policy]:
    """One policy per role; roles not named play ``historical``."""
    return [make_policy(specs.get(role, "historical"), rules, role) for role in rules.roles]


def play_batch(rules: Rules, policies: list[Policy], state: BatchState,
               on_turn: Callable[[BatchState, np.ndarray], None] | None = None) -> BatchState:
    """Play every game of ``state`` to its end; ``on_turn(state, orders)`` sees each turn.

    The batch is stepped in place: ``state`` itself ends up as the final state.
    """
    while state.active.any() and state.turn <= rules.turns:
        legal = legal_mask(rules, state)
        orders = np.zeros((state.size, len(rules.actions)), dtype=bool)
        for policy in policies:
            orders |= policy.decide(observe_batch(rules, state, policy.r, legal))
        if on_turn is not None:
            on_turn(state, orders)
        state, _ = step(rules, state, orders, legal=legal, in_place=True)
    return state


@dataclass
class SimulationResult:
    scenario: str
    games: int
    seed: int
    policies: dict[str, str]
    endings: dict[str, int]
    mean_final: dict[str, float]
    mean_scores: dict[str, float]
    seconds: float
    partial: bool = False
    per_game: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        out = {
            "scenario": self.scenario, "games": self.games, "seed": self.seed, "policies": self.policies,
            "endings": self.endings, "mean_final": self.mean_final, "mean_scores": self.mean_scores,
            "seconds": round(self.seconds, 4),
        }
        if self.partial:
            out["partial"] = True
        return out


def chunks(games: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    for first in range(0, games, size):
        yield first, min(size, games - first)


def simulate(rules: Rules, specs: dict[str, str], games: int, seed: int = 0, keep_games: bool = False,
             chunk: int = CHUNK, progress: Callable[[int], None] | None = None) -> SimulationResult:
    """Play ``games`` games with the given policies; statistics are streamed chunk by chunk."""
    start = time.perf_counter()
    policies = policies_for(rules, specs)
    V, R = len(rules.variables), len(rules.roles)
    ending_counts = np.zeros(len(rules.endings), dtype=np.int64)
    sum_final, sum_scores = np.zeros(V), np.zeros(R)
    per_game: list[dict] = []
    done, partial = 0, False
    try:
        for first, size in chunks(games, chunk):
            state = play_batch(rules, policies, initial_state(rules, seed, size, first_game=first))
            ending_counts += np.bincount(state.ending, minlength=len(rules.endings))
            sum_final += state.values.sum(axis=0)
            sum_scores += state.scores.sum(axis=0)
            if keep_games:
                per_game.extend(game_records(rules, state))
            done += size
            if progress:
                progress(size)
    except KeyboardInterrupt:
        partial = True
    n = max(done, 1)
    return SimulationResult(
        scenario=rules.id, games=done, seed=seed,
        policies={role: specs.get(role, "historical") for role in rules.roles},
        endings={e.id: int(ending_counts[e.index]) for e in rules.endings},
        mean_final={v.id: round(float(sum_final[i] / n), 4) for i, v in enumerate(rules.variables)},
        mean_scores={role: round(float(sum_scores[r] / n), 4) for r, role in enumerate(rules.roles)},
        seconds=time.perf_counter() - start, partial=partial, per_game=per_game,
    )


def game_records(rules: Rules, state: BatchState) -> list[dict]:
    """One JSON-ready record per game of a finished batch."""
    var_ids = [v.id for v in rules.variables]
    out = []
    for g in range(state.size):
        out.append({
            "game": int(state.games[g]),
            "ending": rules.endings[int(state.ending[g])].id,
            "turns": int(state.ended_turn[g]),
            "final": {k: round(float(x), 4) for k, x in zip(var_ids, state.values[g])},
            "scores": {role: round(float(state.scores[g, r]), 4) for r, role in enumerate(rules.roles)},
        })
    return out
