"""``brink validate --deep``: play thousands of games and report what never happens.

Batches of games with different players (everyone random, everyone historical,
and each role random against the others historical) run through the ordinary
batch engine. Whatever no game ever did becomes a warning at the item's line:
endings never reached (W701), events never fired (W702), actions never legal
(W703), variables sitting at a bound most of the time (W704). The same
``# brink: ignore`` comments silence them.

>>> from game.scenario import load_scenario
>>> report = deep_check(load_scenario("tutorial"), games=200)
>>> report.games, [w.code for w in report.warnings]
(1000, [])
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..engine.rules import Rules
from ..engine.state import BatchState, initial_state
from ..engine.step import legal_mask
from ..scenario import LoadedScenario
from ..scenario.errors import Problem
from ..scenario.lint import silence, warning
from ..scenario.references import enumerate_actions
from ..simulation import play_batch, policies_for

PINNED_SHARE = 0.5
"""A variable at its minimum or maximum in more than this share of game-turns is reported."""


@dataclass
class DeepReport:
    """What the simulated games did, summed over every batch, and the warnings drawn from it."""

    games: int = 0
    seconds: float = 0.0
    batches: list[str] = field(default_factory=list)
    endings: np.ndarray | None = None  # (endings,) games per ending
    fired: np.ndarray | None = None  # (events,) games in which each fired
    ever_legal: np.ndarray | None = None  # (actions,) legal in some game at some turn
    at_min: np.ndarray | None = None  # (variables,) game-turns at the minimum
    at_max: np.ndarray | None = None
    observed: int = 0  # game-turns observed
    warnings: list[Problem] = field(default_factory=list)


def player_batches(rules: Rules) -> list[tuple[str, dict[str, str]]]:
    """The mixes of players the deep check plays: all random, all historical, each role random."""
    batches = [("everyone random", {r: "random" for r in rules.roles}), ("everyone historical", {})]
    if len(rules.roles) > 1:
        batches += [(f"{r} random, others historical", {r: "random"}) for r in rules.roles]
    return batches


def deep_check(loaded: LoadedScenario, games: int = 1000, seed: int = 0) -> DeepReport:
    """Play ``games`` games per batch of players and report what never happened."""
    rules = loaded.rules
    start = time.perf_counter()
    V = len(rules.variables)
    report = DeepReport(endings=np.zeros(len(rules.endings), dtype=np.int64), fired=np.zeros(len(rules.events), dtype=np.int64),
                        ever_legal=np.zeros(len(rules.actions), dtype=bool), at_min=np.zeros(V, dtype=np.int64),
                        at_max=np.zeros(V, dtype=np.int64))

    def observe(state: BatchState, _orders: np.ndarray | None = None) -> None:
        active = state.active
        report.ever_legal |= legal_mask(rules, state)[active].any(axis=0)
        values = state.values[active]
        report.at_min += (values <= rules.vmin + 1e-9).sum(axis=0)
        report.at_max += (values >= rules.vmax - 1e-9).sum(axis=0)
        report.observed += int(active.sum())

    for number, (name, specs) in enumerate(player_batches(rules)):
        state = initial_state(rules, seed + number, games)
        state = play_batch(rules, policies_for(rules, specs), state, on_turn=observe)
        report.endings += np.bincount(state.ending[state.ending >= 0], minlength=len(rules.endings))
        report.fired += (state.fired > 0).sum(axis=0)
        report.games += games
        report.batches.append(name)
    report.seconds = time.perf_counter() - start
    report.warnings = deep_warnings(loaded, report)
    return report


def deep_warnings(loaded: LoadedScenario, report: DeepReport) -> list[Problem]:
    """Located warnings for everything that never happened in the report's games."""
    rules, doc = loaded.rules, loaded.document
    if doc is None:
        return []
    n = f"{report.games:,} games"
    found = []
    for e in rules.endings:
        if report.endings[e.index] == 0:
            found.append(warning(doc, ("endings", e.id), "W701", f"ending '{e.id}' was never reached in {n}"))
    for e in rules.events:
        if report.fired[e.index] == 0:
            section = "reactions" if e.actor else "events"
            found.append(warning(doc, (section, e.id), "W702", f"{section[:-1]} '{e.id}' never fired in {n}"))
    for spec, a in zip(enumerate_actions(loaded.model), rules.actions):
        if not report.ever_legal[a.index]:
            found.append(warning(doc, spec.path, "W703", f"{rules.roles[a.role]}'s action '{a.id}' was never legal in {n}"))
    observed = max(report.observed, 1)
    for i, v in enumerate(rules.variables):
        for counts, word in ((report.at_min, "minimum"), (report.at_max, "maximum")):
            share = counts[i] / observed
            if share > PINNED_SHARE:
                bound = rules.vmin[i] if word == "minimum" else rules.vmax[i]
                found.append(warning(doc, ("variables", v.id), "W704",
                                     f"variable '{v.id}' sits at its {word} ({bound:g}) in {share:.0%} of game-turns of {n}"))
    return silence(found, doc.text)
