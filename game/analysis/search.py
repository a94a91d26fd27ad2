"""The search for strategies that score well for a role: scripts of single actions and small sets.

Shared by ``brink balance`` (is there a script as good as thinking play?) and
``brink exploit`` (what beats this AI?). For each role, every single action is
tried as ``fixed:ID``, with the sets of the 2 to ``favourites`` actions a
reference policy for the role uses most (does it do anything a script could
not?) and any extra candidates; then pairs and triples of the ``combine`` best
single actions. Every candidate of a role is played on the same few games (the
screening games), against the others' policies, and ranked by the role's mean
score; the caller then plays the best few on its main games.

>>> combinations(["fixed:a", "fixed:b", "fixed:c"], 3)
['fixed:a,b', 'fixed:a,c', 'fixed:b,c', 'fixed:a,b,c']
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..engine.rules import Rules
from .runs import THINKING_CHUNK, Run, play_runs


def role_actions(rules: Rules, role: str) -> list[str]:
    """The ids of ``role``'s actions, in the scenario's order."""
    r = rules.role_index(role)
    return list(dict.fromkeys(a.id for a in rules.actions if a.role == r))


def combinations(singles: list[str], size: int) -> list[str]:
    """Pairs and triples of the best singles, in their order (the better one first for the budget)."""
    ids = [s.removeprefix("fixed:") for s in singles[:size]]
    return ["fixed:" + ",".join(c) for k in (2, 3) for c in itertools.combinations(ids, k)]


def favourites(rules: Rules, role: str, used: np.ndarray, largest: int) -> list[str]:
    """Scripts of the most used actions of a policy playing ``role`` (``used``: (games, actions),
    whether each game used each action): its 2, 3, ... favourites, the most used first."""
    r = rules.role_index(role)
    share = {a.id: float(used[:, a.index].mean()) for a in rules.actions if a.role == r}
    ranked = [a for a in sorted(share, key=lambda a: -share[a]) if share[a] > 0]
    return ["fixed:" + ",".join(ranked[:k]) for k in range(2, min(largest, len(ranked)) + 1)]


def script_count(rules: Rules, role: str, combine: int, largest: int) -> int:
    """At most how many scripts ``search_scripts`` screens for ``role`` (for a progress bar)."""
    n = len(role_actions(rules, role))
    k = min(n, combine)
    return n + max(0, min(largest, n) - 1) + math.comb(k, 2) + math.comb(k, 3)


@dataclass
class Screen:
    """One role's screened candidates and their mean scores on the screening games."""

    means: dict[str, float] = field(default_factory=dict)

    def ranked(self, singles_only: bool = False) -> list[str]:
        """Best first; ties keep the order they were tried in."""
        names = [c for c in self.means if not singles_only or (c.startswith("fixed:") and "," not in c)]
        return sorted(names, key=lambda c: -self.means[c])

    def top(self, count: int) -> list[dict]:
        return [{"policy": c, "screen_mean": self.means[c]} for c in self.ranked()[:count]]


def screen(rules: Rules, candidates: dict[str, list[str]], others: Callable[[str], dict[str, str]], games: int,
           seed: int, found: dict[str, Screen], workers: int = 1, progress: Callable[[int], None] | None = None) -> None:
    """Play each role's candidates not yet in ``found`` on ``games`` games of ``seed``, the other
    roles playing ``others(role)``, and add their mean scores to ``found``."""
    runs = [Run(f"{role}|{c}", others(role) | {role: c}, games, THINKING_CHUNK)
            for role, cs in candidates.items() for c in dict.fromkeys(cs) if c not in found[role].means]
    played = play_runs(rules, runs, seed, workers=workers, progress=progress)
    for run in runs:
        role, c = run.label.split("|", 1)
        found[role].means[c] = round(float(played[run.label].scores[:, rules.role_index(role)].mean()), 3)


def search_scripts(rules: Rules, roles: list[str], others: Callable[[str], dict[str, str]], games: int, seed: int,
                   used: dict[str, np.ndarray], combine: int = 4, largest: int = 6,
                   extra: dict[str, list[str]] | None = None, workers: int = 1,
                   progress: Callable[[int], None] | None = None) -> dict[str, Screen]:
    """Screen every single action of each role, the favourite sets of ``used`` (role -> (games,
    actions) of a reference policy) and ``extra`` candidates, then pairs and triples of the best
    ``combine`` singles (see the module's docstring). Every candidate of a role meets the same games."""
    found = {role: Screen() for role in roles}
    first = {role: [f"fixed:{a}" for a in role_actions(rules, role)] + favourites(rules, role, used[role], largest)
             + list((extra or {}).get(role, [])) for role in roles}
    screen(rules, first, others, games, seed, found, workers, progress)
    screen(rules, {role: combinations(found[role].ranked(singles_only=True), combine) for role in roles},
           others, games, seed, found, workers, progress)
    return found
