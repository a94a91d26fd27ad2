"""A role's possible orders for a turn as a numbered catalogue: one discrete action per set.

A turn's orders are a *set* of the role's actions within its budget, none
excluding another. The research environments number every such set once, at
the start (the empty set is number 0, then the single actions, then pairs...),
so an agent's action is one integer and its mask says exactly which sets are
allowed this turn: a set is allowed when each of its actions is legal now.
Budget and exclusions are the scenario's and do not change during a game, so
the catalogue holds only sets that respect them.

Why a catalogue rather than one bit per action (``MultiBinary``) with a mask:
a bit mask cannot say "any two of these, not all three" (the budget), so an
agent's chosen bits would need repairing after the fact, and the repair (which
bit to drop?) would be part of the environment's dynamics that the agent cannot
see. A numbered set is exact: what the agent picks is what is ordered, every
allowed number is a legal turn, and a masked uniform sample is a uniform choice
among legal turns. Masks over a ``Discrete`` space are what masked-action
libraries expect. The price is size: a few thousand sets for a role with 25
actions and a budget of 3, a few hundred with 13; a role whose catalogue would
pass ``MAX_SETS`` is refused with a clear error.

An action number whose set is not allowed (an unmasked sample) is not an error:
the allowed part of the set is ordered (its legal actions), as a person's
illegal picks are simply not accepted.

>>> from game.scenario import load_rules
>>> catalogue = OrderCatalogue(load_rules("tutorial"), "nato")
>>> catalogue.ids(0), catalogue.ids(1)
([], ['demand_no_expansion.accept'])
"""

from __future__ import annotations

import numpy as np

from ..engine.rules import Rules

MAX_SETS = 100_000


class CatalogueTooLarge(ValueError):
    """The role has more possible sets of orders than a discrete action space should hold."""


class OrderCatalogue:
    """Every set of ``role``'s actions that fits its budget and holds no excluded pair."""

    def __init__(self, rules: Rules, role: str, limit: int = MAX_SETS):
        self.rules, self.role = rules, role
        r = self.r = rules.role_index(role)
        mine = [int(i) for i in np.flatnonzero(rules.action_role == r)]
        budget = int(rules.budgets[r])
        sets: list[tuple[int, ...]] = [()]
        # Breadth first (sets of one, then of two, ...), each set's actions in the scenario's order.
        frontier: list[tuple[tuple[int, ...], int, int]] = [((), 0, 0)]  # (set, next position, cost)
        while frontier:
            grown = []
            for chosen, start, cost in frontier:
                for k in range(start, len(mine)):
                    i = mine[k]
                    if cost + rules.costs[i] > budget or any(rules.exclusion[i, j] for j in chosen):
                        continue
                    grown.append((chosen + (i,), k + 1, cost + int(rules.costs[i])))
                    if len(sets) + len(grown) > limit:
                        raise CatalogueTooLarge(
                            f"{role} has more than {limit:,} possible sets of orders (budget {budget}, "
                            f"{len(mine)} actions): too many to number as discrete actions")
            sets += [g[0] for g in grown]
            frontier = grown
        self.sets = sets
        self.members = np.zeros((len(sets), len(rules.actions)), dtype=bool)
        for k, chosen in enumerate(sets):
            self.members[k, list(chosen)] = True
        self._index = {chosen: k for k, chosen in enumerate(sets)}

    def __len__(self) -> int:
        return len(self.sets)

    def mask(self, legal: np.ndarray) -> np.ndarray:
        """(sets,) int8: 1 for the sets whose every action is legal (``legal``: (actions,) bool)."""
        return (~(self.members & ~legal[None, :]).any(axis=1)).astype(np.int8)

    def orders(self, k: int, legal: np.ndarray | None = None) -> list[int]:
        """The action indices of set ``k`` (only its legal ones when ``legal`` is given)."""
        chosen = self.sets[int(k)]
        return [i for i in chosen if legal is None or legal[i]]

    def ids(self, k: int, legal: np.ndarray | None = None) -> list[str]:
        """The action ids of set ``k`` (only its legal ones when ``legal`` is given)."""
        return [self.rules.actions[i].id for i in self.orders(k, legal)]

    def number(self, action_ids: list[str]) -> int:
        """The number of the set of these action ids (KeyError when it is not in the catalogue)."""
        chosen = tuple(sorted(self.rules.action(self.role, a).index for a in action_ids))
        return self._index[chosen]
