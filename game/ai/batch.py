"""Playing a batch of games with policies: the loop a simulation, a report and a planner's
rollouts share.

It lives with the AI players (not in ``game.simulation``) because a thinking policy
imagines the rest of a game with it: the planner below the simulation, not beside it.

>>> from game.scenario import load_rules
>>> rules = load_rules("tutorial")
>>> final = play_batch(rules, policies_for(rules, {}), start_batch(rules, seed=1, first=0, size=20))
>>> bool(final.active.any())
False
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..engine.observe import observe_batch
from ..engine.rules import Rules
from ..engine.state import BatchState, initial_state, refresh_estimates
from ..engine.step import legal_mask, step
from .policies import Policy, make_policy


def policies_for(rules: Rules, specs: dict[str, str]) -> list[Policy]:
    """One policy per role; roles not named play ``historical``."""
    return [make_policy(specs.get(role, "historical"), rules, role) for role in rules.roles]


def play_batch(rules: Rules, policies: list[Policy], state: BatchState,
               on_turn: Callable[[BatchState, np.ndarray], None] | None = None,
               weeks: int | None = None) -> BatchState:
    """Play every game of ``state`` to its end (or for ``weeks`` turns); ``on_turn(state, orders)`` sees each turn.

    The batch is stepped in place: ``state`` itself ends up as the final state.
    """
    last = rules.turns if weeks is None else min(rules.turns, state.turn + weeks - 1)
    while state.active.any() and state.turn <= last:
        legal = legal_mask(rules, state)
        orders = np.zeros((state.size, len(rules.actions)), dtype=bool, order="F")
        for policy in policies:
            orders |= policy.decide(observe_batch(rules, state, policy.r, legal))
        if on_turn is not None:
            on_turn(state, orders)
        state, _ = step(rules, state, orders, legal=legal, in_place=True)
    return state


def start_batch(rules: Rules, seed: int, first: int, size: int, start: BatchState | None = None) -> BatchState:
    """Games ``first .. first + size - 1``: from the beginning, or copies of ``start`` (one game).

    Copies of a position get their own game numbers, so each plays out its own
    future, starting with its own intelligence estimates (copy 0 with the
    save's seed gets the very estimates the players saw).
    """
    if start is None:
        return initial_state(rules, seed, size, first_game=first)
    batch = start.take(np.zeros(size, dtype=np.int64))
    batch.seed = int(seed)
    batch.games = np.arange(first, first + size, dtype=np.uint64)
    refresh_estimates(rules, batch)
    return batch
