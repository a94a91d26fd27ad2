"""Statistics of many games, streamed chunk by chunk (constant memory).

- endings: counts with 95% (Wilson) intervals;
- trajectories of the key variables: median and 10-90% band after each turn
  (from fixed-bin histograms, so a million games cost no more memory than ten);
- levers: for every action, games where it was used by turn T against games
  where it was not, and games where it was forced against forbidden: the change
  in the chance of each ending and in each role's score;
- when the outcome is decided: how much of the uncertainty about the ending is
  already resolved by the situation after each turn.

>>> from game.scenario import load_rules
>>> a = analyze(load_rules("tutorial"), {}, games=200, lever_games=20)  # the small scenario: every lever is two runs
>>> sum(e["count"] for e in a["endings"].values())
200
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..ai.policies import Policy, fill_orders
from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..simulation import CHUNK, chunks, play_batch, policies_for, start_batch

BINS = 400  # histogram bins per variable: quantiles to 1/400 of the range
SITUATION_BINS = 5  # each key variable in fifths of its range, to describe a situation
SITUATION_VARS = 4


def wilson(count: int, n: int, z: float = 1.96) -> list[float]:
    """95% interval of a proportion (Wilson score), good near 0 and 1 too.

    >>> wilson(0, 100)[0], round(wilson(50, 100)[1], 3)
    (0.0, 0.596)
    """
    if n == 0:
        return [0.0, 1.0]
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)]


def key_variables(rules: Rules, limit: int = 8) -> list[int]:
    """The escalation ladder(s), then the variables the endings turn on, then the rest."""
    order = [i for i, v in enumerate(rules.variables) if v.rungs]
    for ending in rules.endings:
        if ending.when is not None:
            order += [rules.var_index[n] for n in sorted(ending.when.names) if n in rules.var_index]
    order += range(len(rules.variables))
    return list(dict.fromkeys(order))[:limit]


class Forced(Policy):
    """``base``'s orders, plus one action whenever it is allowed (it comes first for the budget)."""

    def __init__(self, base: Policy, action: int):
        super().__init__(base.rules, base.role)
        self.base, self.action, self.name = base, action, f"{base.name}+{base.rules.actions[action].id}"

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        wanted = self.base.decide(obs)
        order = np.concatenate([[self.action], self.mine])
        want = np.concatenate([np.ones((obs.size, 1), dtype=bool), wanted[:, self.mine]], axis=1)
        return fill_orders(self.rules, self.r, obs.legal, order, want)


class Forbidden(Policy):
    """``base``'s orders without one action."""

    def __init__(self, base: Policy, action: int):
        super().__init__(base.rules, base.role)
        self.base, self.action, self.name = base, action, f"{base.name}-{base.rules.actions[action].id}"

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        orders = self.base.decide(obs)
        orders[:, self.action] = False
        return orders


@dataclass
class Collector:
    """Streams what one run needs: endings, histograms, uses by turn T, situations."""

    rules: Rules
    by_turn: int
    keys: list[int]

    def __post_init__(self) -> None:
        rules, E, A, R = self.rules, len(self.rules.endings), len(self.rules.actions), len(self.rules.roles)
        self.points = rules.turns + 1  # after 0, 1, ..., turns turns
        self.endings = np.zeros(E, dtype=np.int64)
        self.hist = np.zeros((self.points, len(self.keys), BINS), dtype=np.int64)
        self.used_end = np.zeros((A, E), dtype=np.int64)  # games using action a by turn T, by ending
        self.used_score = np.zeros((A, R))
        self.score_sum = np.zeros(R)
        self.situation_vars = self.keys[:SITUATION_VARS]
        self.codes = E + SITUATION_BINS ** len(self.situation_vars)
        self.situations = np.zeros((self.points, self.codes, E), dtype=np.int64)
        self.games = 0

    def play(self, policies: list[Policy], state: BatchState) -> None:
        rules = self.rules
        snapshots: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        used: list[np.ndarray | None] = [None]

        def on_turn(s: BatchState, orders: np.ndarray) -> None:
            snapshots[s.turn - 1] = (s.values[:, self.keys].copy(), self.situation(s))
            if s.turn == self.by_turn + 1:
                used[0] = s.uses > 0

        final = play_batch(rules, policies, state, on_turn)
        end = (final.values[:, self.keys].copy(), self.situation(final))
        for t in range(final.turn - 1, self.points):  # after the last turn played, nothing changes
            snapshots[t] = end
        used_by = used[0] if used[0] is not None else final.uses > 0
        ending = final.ending.astype(np.int64)
        E = len(rules.endings)
        self.endings += np.bincount(ending, minlength=E)
        self.games += final.size
        self.score_sum += final.scores.sum(axis=0)
        self.used_end += (used_by.T.astype(np.int64) @ np.eye(E, dtype=np.int64)[ending])
        self.used_score += used_by.T.astype(float) @ final.scores
        span = rules.vmax[self.keys] - rules.vmin[self.keys]
        for t, (values, codes) in sorted(snapshots.items()):
            if t >= self.points:
                continue
            scaled = (values - rules.vmin[self.keys]) / np.where(span > 0, span, 1.0)
            b = np.clip((scaled * BINS).astype(np.int64), 0, BINS - 1)
            for k in range(len(self.keys)):
                self.hist[t, k] += np.bincount(b[:, k], minlength=BINS)
            np.add.at(self.situations[t], (codes, ending), 1)

    def situation(self, s: BatchState) -> np.ndarray:
        """A code per game: its ending if it has one, else the fifths its key variables are in."""
        rules = self.rules
        code = np.zeros(s.size, dtype=np.int64)
        for k, v in enumerate(self.situation_vars):
            span = rules.vmax[v] - rules.vmin[v] or 1.0
            fifth = np.clip(((s.values[:, v] - rules.vmin[v]) / span * SITUATION_BINS).astype(np.int64), 0, SITUATION_BINS - 1)
            code += fifth * SITUATION_BINS ** k
        E = len(rules.endings)
        return np.where(s.ending >= 0, s.ending.astype(np.int64), E + code)


def entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum()) if len(p) else 0.0


def quantile(hist: np.ndarray, q: float, low: float, high: float) -> float:
    cumulative = np.cumsum(hist)
    i = int(np.searchsorted(cumulative, q * cumulative[-1]))
    return round(low + (min(i, BINS - 1) + 0.5) / BINS * (high - low), 3)


def outcome(rules: Rules, ending_counts: np.ndarray, score_sums: np.ndarray, n: int) -> dict:
    n1 = max(n, 1)
    return {"games": int(n), "endings": {e.id: round(float(ending_counts[e.index]) / n1, 4) for e in rules.endings},
            "scores": {role: round(float(score_sums[r]) / n1, 3) for r, role in enumerate(rules.roles)}}


def run_games(rules: Rules, policies: list[Policy], games: int, seed: int, collector: Collector,
              start: BatchState | None = None, progress: Callable[[int], None] | None = None) -> None:
    for first, size in chunks(games, CHUNK):
        collector.play(policies, start_batch(rules, seed, first, size, start))
        if progress:
            progress(size)


def analyze(rules: Rules, specs: dict[str, str], games: int, seed: int = 0, by_turn: int | None = None,
            lever_games: int | None = None, progress: Callable[[int], None] | None = None) -> dict:
    """Play ``games`` games (and the forced / forbidden runs) and return the JSON-ready analysis."""
    by_turn = by_turn or max(1, rules.turns // 2)
    lever_games = lever_games or max(100, min(games, 2000) // 4)
    keys = key_variables(rules)
    policies = policies_for(rules, specs)
    main = Collector(rules, by_turn, keys)
    run_games(rules, policies, games, seed, main, progress=progress)
    n = main.games
    out: dict[str, Any] = {
        "scenario": rules.id, "games": n, "seed": seed,
        "policies": {role: specs.get(role, "historical") for role in rules.roles},
        "endings": {e.id: {"count": int(main.endings[e.index]), "share": round(float(main.endings[e.index]) / max(n, 1), 4),
                           "ci95": wilson(int(main.endings[e.index]), n)} for e in rules.endings},
        "trajectories": {}, "levers": [], "decided": {},
    }
    for k, v in enumerate(keys):
        low, high = float(rules.vmin[v]), float(rules.vmax[v])
        out["trajectories"][rules.variables[v].id] = {
            "label": rules.variables[v].label, "turns": list(range(main.points)),
            **{name: [quantile(main.hist[t, k], q, low, high) for t in range(main.points)]
               for name, q in (("p10", 0.1), ("median", 0.5), ("p90", 0.9))},
        }
    total = entropy(main.endings)
    resolved = []
    for t in range(main.points):
        table = main.situations[t]
        rows = table.sum(axis=1)
        conditional = sum(rows[c] / max(n, 1) * entropy(table[c]) for c in np.flatnonzero(rows))
        resolved.append(round(1.0 - conditional / total, 4) if total > 0 else 1.0)
    jumps = np.diff([0.0] + resolved)
    out["decided"] = {"turns": list(range(main.points)), "resolved": resolved,
                      "half_resolved_after_turn": next((t for t, r in enumerate(resolved) if r >= 0.5), None),
                      "biggest_step_turn": int(np.argmax(jumps)) if len(jumps) else None}
    out["levers"] = levers(rules, specs, policies, main, seed, by_turn, lever_games, progress)
    return out


def levers(rules: Rules, specs: dict[str, str], policies: list[Policy], main: Collector, seed: int, by_turn: int,
           lever_games: int, progress: Callable[[int], None] | None) -> list[dict]:
    """For every action: used by turn T vs not (observed), and forced vs forbidden (experiment)."""
    rows: list[dict[str, Any]] = []
    n = main.games
    for a in rules.actions:
        used_n = int(main.used_end[a.index].sum())
        used = outcome(rules, main.used_end[a.index], main.used_score[a.index], used_n)
        not_used = outcome(rules, main.endings - main.used_end[a.index], main.score_sum - main.used_score[a.index], n - used_n)
        arms = {}
        for arm, wrapper in (("forced", Forced), ("forbidden", Forbidden)):
            varied = list(policies)
            varied[a.role] = wrapper(policies[a.role], a.index)
            c = Collector(rules, by_turn, main.keys)
            run_games(rules, varied, lever_games, seed, c, progress=progress)
            arms[arm] = outcome(rules, c.endings, c.score_sum, c.games)
        effect = {e: round(arms["forced"]["endings"][e] - arms["forbidden"]["endings"][e], 4) for e in used["endings"]}
        score_effect = {r: round(arms["forced"]["scores"][r] - arms["forbidden"]["scores"][r], 3) for r in used["scores"]}
        biggest = max(effect, key=lambda e: abs(effect[e]))
        rows.append({"action": a.id, "role": rules.roles[a.role], "kind": a.kind, "used_by_turn": by_turn,
                     "used": used, "not_used": not_used, **arms,
                     "effect": {"endings": effect, "scores": score_effect, "biggest_ending": biggest,
                                "size": abs(effect[biggest])}})
    rows.sort(key=lambda row: (-row["effect"]["size"], -max(abs(x) for x in row["effect"]["scores"].values())))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
