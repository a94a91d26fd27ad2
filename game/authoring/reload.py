"""Hot reload: load a changed scenario file and fast-forward a game to where it was.

A game is a seed plus orders, so a new version of the scenario can be caught
up by replaying the orders of every finished turn. Orders the new version no
longer allows (renamed, removed, now illegal or over budget) are dropped, each
with a note. When the file is broken, nothing changes: the caller keeps the last
good version and shows the errors. Faces use it: ``brink play --watch`` in the
terminal, F5 in the window.

>>> from game.scenario import load_scenario
>>> match = Match(load_scenario("tutorial").rules, seed=4)
>>> _ = match.play_turn({"russia": ["mass_troops"]})
>>> result = reload_match("tutorial", match)
>>> result.ok, result.match.turn, result.notes
(True, 2, [])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.match import Match, OrderError
from ..engine.rules import Rules
from ..scenario import LoadedScenario, ScenarioError, load_scenario
from ..scenario.errors import Problem


@dataclass
class Reload:
    """The outcome of a reload: a new scenario and match, or the problems that prevented it."""

    loaded: LoadedScenario | None = None
    match: Match | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # orders that could not be replayed

    @property
    def ok(self) -> bool:
        return self.match is not None


def replay_orders(rules: Rules, seed: int, orders_log: list[dict[str, list[str]]]) -> tuple[Match, list[str]]:
    """A new match on ``rules`` with the same seed and as many of the old orders as it allows."""
    match, notes = Match(rules, seed), []
    for turn, orders in enumerate(orders_log, start=1):
        if match.over:
            notes.append(f"the game now ends in turn {turn - 1}; the orders of later turns were dropped")
            break
        for role in sorted(set(orders) - set(rules.roles)):
            notes.append(f"turn {turn}: role '{role}' no longer exists; its orders were dropped")
        kept: dict[str, list[str]] = {}
        for role in rules.roles:
            kept[role] = []
            for action_id in orders.get(role, []):
                try:
                    match.check(role, kept[role] + [action_id])
                except OrderError as exc:
                    notes.append(f"turn {turn}: {role}'s order '{action_id}' was dropped ({exc})")
                else:
                    kept[role].append(action_id)
        match.play_turn(kept)
    return match, notes


def reload_match(ref: str | Path, match: Match) -> Reload:
    """Load ``ref`` again and replay ``match``'s finished turns on it; the old match is untouched."""
    try:
        loaded = load_scenario(ref)
    except ScenarioError as exc:
        return Reload(problems=list(exc.problems))
    new_match, notes = replay_orders(loaded.rules, match.seed, match.orders_log)
    return Reload(loaded, new_match, [], notes)


class FileWatcher:
    """Tells whether a file has changed since it was last asked (by time and size, cheaply)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.stamp = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def changed(self) -> bool:
        stamp = self._stamp()
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        return True
