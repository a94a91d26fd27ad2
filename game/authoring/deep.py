"""``brink validate --deep``: play thousands of games and report what never happens.

Batches of games with different players (everyone random, everyone historical,
and each role random against the others historical) run through the ordinary
batch engine. Whatever no game ever did becomes a warning at the item's line:
endings never reached (W701), events never fired (W702), actions never legal
(W703), variables sitting at a bound most of the time (W704). Historical
orders that the games with every role historical did not carry out, because the
rules did not allow them then or the budget ran out, are reported with how often
(W705): the historical path is what statistical tests and the `historical` AI
rest on. The same ``# brink: ignore`` comments silence them.

>>> from game.scenario import load_scenario
>>> report = deep_check(load_scenario("tutorial"), games=200)
>>> report.games, [w.code for w in report.warnings]
(1000, [])
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from ..ai.policies import Historical
from ..engine.observe import ObservationBatch
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
DROPPED_SHARE = 0.01
"""A historical order not carried out in at least this share of the games that reached it is reported."""
HISTORICAL_BATCH = "everyone historical"


@dataclass
class OrderTally:
    """How one historical order fared: games that wanted it, and those that could not have it."""

    role: str
    move: int
    field: str  # 'orders' or 'otherwise'
    position: int
    action: str
    first: int  # the move's turn
    last: int  # its last turn (the same for a move of one turn)
    wanted: int = 0
    illegal: int = 0  # the rules did not allow it then
    unpaid: int = 0  # allowed, but the budget ran out or an earlier order excluded it

    @property
    def dropped(self) -> int:
        return self.illegal + self.unpaid

    @property
    def turns(self) -> str:
        """'turn 3', or 'turns 5-12' for a standing rule."""
        return f"turns {self.first}-{self.last}" if self.last > self.first else f"turn {self.first}"

    @property
    def counted(self) -> str:
        """What ``wanted`` counts: games that reached the move, or (a standing rule) turns of games."""
        return ("turns of all-historical games that reached it" if self.last > self.first
                else "all-historical games that reached it")


class TracedHistorical(Historical):
    """The historical policy, counting for each of its orders how often it could not be given."""

    def __init__(self, rules: Rules, role: str, tallies: dict[tuple, OrderTally]):
        super().__init__(rules, role)
        self.tallies = tallies

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        out = super().decide(obs)
        for m, move in enumerate(self.rules.historical[self.r]):
            if not move.covers(obs.turn):
                continue
            cond = np.ones(obs.size, dtype=bool)
            if move.when is not None:  # as Historical judges it: on the role's own view
                cond = np.broadcast_to(np.asarray(move.when.evaluate(obs.env)) != 0, (obs.size,))
            for part, wanted in (("orders", cond), ("otherwise", ~cond)):
                wanted = wanted & obs.active
                for j, idx in enumerate(getattr(move, part)):
                    key = (self.role, m, part, j)
                    tally = self.tallies.setdefault(key, OrderTally(self.role, m, part, j, self.rules.actions[idx].id,
                                                                       move.turn, move.last))
                    legal = obs.legal[:, idx]
                    tally.wanted += int(wanted.sum())
                    tally.illegal += int((wanted & ~legal).sum())
                    tally.unpaid += int((wanted & legal & ~out[:, idx]).sum())
        return out


def _counts(n: int) -> np.ndarray:
    return np.zeros(n, dtype=np.int64)


@dataclass
class DeepReport:
    """What the simulated games did, summed over every batch, and the warnings drawn from it."""

    games: int = 0
    seconds: float = 0.0
    batches: list[str] = field(default_factory=list)
    endings: np.ndarray = field(default_factory=lambda: _counts(0))  # (endings,) games per ending
    fired: np.ndarray = field(default_factory=lambda: _counts(0))  # (events,) games in which each fired
    ever_legal: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # (actions,) legal in some game at some turn
    at_min: np.ndarray = field(default_factory=lambda: _counts(0))  # (variables,) game-turns at the minimum
    at_max: np.ndarray = field(default_factory=lambda: _counts(0))
    observed: int = 0  # game-turns observed
    history: dict[tuple, OrderTally] = field(default_factory=dict)  # (role, move, field, position) -> tally
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
        policies = policies_for(rules, specs)
        if name == HISTORICAL_BATCH:
            policies = [TracedHistorical(rules, p.role, report.history) if type(p) is Historical else p for p in policies]
        state = play_batch(rules, policies, state, on_turn=observe)
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
    for ev in rules.events:
        if report.fired[ev.index] == 0:
            section = "reactions" if ev.actor else "events"
            found.append(warning(doc, (section, ev.id), "W702", f"{section[:-1]} '{ev.id}' never fired in {n}"))
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
    found += _dropped_history(doc, report)
    return silence(found, doc)


def _dropped_history(doc, report: DeepReport) -> list[Problem]:
    """W705 for each historical order the all-historical games often could not carry out."""
    found = []
    for t in report.history.values():
        if not t.wanted or t.dropped / t.wanted < DROPPED_SHARE:
            continue
        why = []
        if t.illegal:
            why.append(f"not allowed then in {t.illegal / t.wanted:.0%}")
        if t.unpaid:
            why.append(f"over budget or excluded by an earlier order in {t.unpaid / t.wanted:.0%}")
        path = ("historical", t.role, t.move, t.field, t.position)
        found.append(warning(doc, path, "W705", f"historical order '{t.action}' of {t.role} on {t.turns} was dropped in "
                             f"{t.dropped / t.wanted:.0%} of the {t.wanted:,} {t.counted} "
                             f"({'; '.join(why)})", at_key=False))
    return found
