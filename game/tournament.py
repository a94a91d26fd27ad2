"""Tournaments: how strong is each policy, for each role, against the same opponents?

For every role and every policy under test, the role plays ``games`` games
against each kind of opponent (both other roles play that policy), with the
same seed, so every policy meets the same games. The mean score and its 95%
confidence interval are reported per role and policy (over all opponents), and
per opponent for the table.

>>> from game.scenario import load_rules
>>> t = tournament(load_rules("winter-2021"), games=20, policies=("random", "passive"), opponents=("historical",))
>>> sorted(t.to_json()["roles"]["us"])
['passive', 'random']
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .ai import PolicyError, make_policy
from .ai.registry import fit_value_model
from .engine.rules import Rules
from .simulation import simulate, worker_signals

POLICIES = ("planner", "greedy", "random", "passive")
OPPONENTS = ("historical", "greedy", "planner")


def summary(scores: np.ndarray) -> dict:
    """Mean and normal-approximation 95% confidence interval of a sample of scores."""
    n = len(scores)
    mean = float(scores.mean()) if n else 0.0
    half = 1.96 * float(scores.std(ddof=1)) / math.sqrt(n) if n > 1 else 0.0
    return {"mean_score": round(mean, 3), "ci95": [round(mean - half, 3), round(mean + half, 3)], "games": n}


@dataclass
class TournamentResult:
    scenario: str
    games: int
    policies: tuple[str, ...]
    opponents: tuple[str, ...]
    scores: dict[str, dict[str, dict[str, np.ndarray]]] = field(default_factory=dict)  # role -> policy -> opponent -> scores
    partial: bool = False
    # role -> policy -> the best margin a best-response search found against it
    # (``game.analysis.exploit.exploitability``; the tournament command fills it in on request)
    exploitability: dict[str, dict[str, dict]] = field(default_factory=dict)

    def to_json(self) -> dict:
        roles = {
            role: {policy: summary(np.concatenate(list(by_opponent.values()))) for policy, by_opponent in policies.items()}
            for role, policies in self.scores.items()
        }
        out = {"scenario": self.scenario, "games": self.games, "roles": roles}
        if self.exploitability:
            out["exploitability"] = self.exploitability
        if self.partial:
            out["partial"] = True
        return out

    def paired(self, role: str, policy: str, other: str) -> dict:
        """``policy`` minus ``other`` for ``role``, game by game (every policy met the same
        games), over all opponents: a sharper comparison than two separate intervals.

        >>> r = TournamentResult("s", 2, ("a", "b"), ("x",), {"us": {"a": {"x": np.array([3.0, 5.0])},
        ...                                                          "b": {"x": np.array([1.0, 4.0])}}})
        >>> r.paired("us", "a", "b")["mean_score"]
        1.5
        """
        mine, theirs = self.scores[role][policy], self.scores[role][other]
        common = [o for o in mine if o in theirs]
        return summary(np.concatenate([mine[o] - theirs[o] for o in common]))

    def table(self) -> list[dict]:
        """One row per role, policy and opponent (plus 'all'), for a printed table."""
        rows = []
        for role, policies in self.scores.items():
            for policy, by_opponent in policies.items():
                for opponent, scores in list(by_opponent.items()) + [("all", np.concatenate(list(by_opponent.values())))]:
                    rows.append({"role": role, "policy": policy, "opponents": opponent, **summary(scores)})
        return rows


def tournament(rules: Rules, games: int, seed: int = 0, policies: tuple[str, ...] = POLICIES,
               opponents: tuple[str, ...] = OPPONENTS, workers: int = 1,
               progress: Callable[[int], None] | None = None) -> TournamentResult:
    """Play the tournament (matches spread over ``workers`` processes); Ctrl+C stops
    it with the finished matches, marked partial. A policy is played only by the
    roles it fits, and an opponent only against roles whose others it fits (an
    edited policy such as ``historical:drop=full_invasion`` names one role's actions)."""
    result = TournamentResult(rules.id, games, tuple(policies), tuple(opponents))
    matches = [(role, policy, opponent) for role in rules.roles for policy in policies for opponent in opponents
               if fits(rules, policy, role) and all(fits(rules, opponent, o) for o in rules.roles if o != role)]
    found: dict[tuple[str, str, str], np.ndarray] = {}
    try:
        if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
            workers = 1
        if workers == 1:
            for match in matches:
                found[match] = play_match(rules, games, seed, *match)
                if progress:
                    progress(games)
        else:
            fit_value_model(rules, [*policies, *opponents])
            context = multiprocessing.get_context("fork")  # workers inherit the compiled rules (and their judge)
            with context.Pool(workers, initializer=_init_worker, initargs=(rules, games, seed)) as pool:
                try:
                    for match, scores in pool.imap_unordered(_work, matches):
                        found[match] = scores
                        if progress:
                            progress(games)
                except KeyboardInterrupt:
                    pool.terminate()
                    raise
    except KeyboardInterrupt:
        result.partial = True
    for match in matches:  # in a fixed order, whatever order they finished in
        if match in found:
            role, policy, opponent = match
            result.scores.setdefault(role, {}).setdefault(policy, {})[opponent] = found[match]
    return result


def fits(rules: Rules, spec: str, role: str) -> bool:
    """Whether ``role`` can play ``spec`` (an edited policy names actions of one role only).

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> fits(rules, "historical:drop=full_invasion", "russia"), fits(rules, "historical:drop=full_invasion", "us")
    (True, False)
    """
    try:
        make_policy(spec, rules, role)
    except PolicyError:
        return False
    return True


def play_match(rules: Rules, games: int, seed: int, role: str, policy: str, opponent: str) -> np.ndarray:
    """``role`` plays ``policy`` against ``opponent`` in both other roles: its final scores."""
    specs = {other: opponent for other in rules.roles if other != role} | {role: policy}
    run = simulate(rules, specs, games, seed, keep_scores=True, chunk=min(games, 500))
    if run.partial:
        raise KeyboardInterrupt
    assert run.scores is not None  # keep_scores=True
    return run.scores[:, rules.role_index(role)]


_WORKER: tuple[Rules, int, int] | None = None


def _init_worker(rules: Rules, games: int, seed: int) -> None:
    global _WORKER
    worker_signals()  # Ctrl+C is the parent's; SIGTERM ends the worker
    _WORKER = (rules, games, seed)


def _work(match: tuple[str, str, str]) -> tuple[tuple[str, str, str], np.ndarray]:
    assert _WORKER is not None, "set by _init_worker"
    rules, games, seed = _WORKER
    return match, play_match(rules, games, seed, *match)
