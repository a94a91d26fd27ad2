"""Paired runs: several sets of policies (or variants of the rules) played on the very same games.

Game *i* of seed *s* is the same game in every run: the same hidden draws and
the same luck (random draws are keyed by seed, game, turn and use), so two
runs compared game by game differ only by what the runs changed. Runs are
cut into chunks of games and spread over worker processes; the result does
not depend on how.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> out = play_runs(rules, [Run("history", {}, 30), Run("no invasion", {"russia": "historical:drop=full_invasion"}, 30)])
>>> len(out["history"].ending), bool((out["no invasion"].ending == rules.ending_index["full_invasion"]).any())
(30, False)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..ai.policies import Policy
from ..engine.rules import Rules
from ..simulation import play_batch, policies_for, start_batch, worker_signals

THINKING_CHUNK = 50  # games per batch with thinking players: big enough to share their work, small for the bar


@dataclass(frozen=True)
class Run:
    """``games`` games (from game 0) with ``specs`` (role -> policy; others ``historical``).

    ``rules`` builds other rules for the run (a variant of the scenario) and
    ``policies`` the players from the rules (one per role, for a policy no name
    can make, such as a learned one); both are called where the run is played,
    in a worker process when there are several.
    """

    label: str
    specs: dict[str, str]
    games: int
    chunk: int = 8_000
    rules: Callable[[], Rules] | None = field(default=None, compare=False)
    policies: Callable[[Rules], list[Policy]] | None = field(default=None, compare=False)


@dataclass
class Outcomes:
    """What each game of a run came to, in game order."""

    ending: np.ndarray  # (G,) ending index
    turns: np.ndarray  # (G,) the turn the game ended
    scores: np.ndarray  # (G, R) final scores
    used: np.ndarray  # (G, A) whether each action was used in the game

    @classmethod
    def join(cls, parts: list[Outcomes]) -> Outcomes:
        return cls(*(np.concatenate([getattr(p, name) for p in parts]) for name in ("ending", "turns", "scores", "used")))


def play_chunk(rules: Rules, run: Run, seed: int, first: int, size: int) -> Outcomes:
    """Games ``first .. first + size - 1`` of a run."""
    rules = run.rules() if run.rules is not None else rules
    players = run.policies(rules) if run.policies is not None else policies_for(rules, run.specs)
    final = play_batch(rules, players, start_batch(rules, seed, first, size))
    return Outcomes(final.ending.astype(np.int64), final.ended_turn.astype(np.int64), final.scores.copy(),
                    np.ascontiguousarray(final.uses > 0))


_JOB: tuple[Rules, list[Run], int] | None = None


def _init_worker(job: tuple[Rules, list[Run], int]) -> None:
    global _JOB
    worker_signals()  # Ctrl+C is the parent's; SIGTERM ends the worker
    _JOB = job


def _work(task: tuple[int, int, int]) -> tuple[tuple[int, int, int], Outcomes]:
    assert _JOB is not None, "set by the worker's initializer"
    rules, runs, seed = _JOB
    r, first, size = task
    return task, play_chunk(rules, runs[r], seed, first, size)


def play_runs(rules: Rules, runs: list[Run], seed: int = 0, workers: int = 1,
              progress: Callable[[int], None] | None = None) -> dict[str, Outcomes]:
    """Play every run (labels must differ); ``progress(games)`` after each chunk."""
    if len({run.label for run in runs}) < len(runs):
        raise ValueError("runs need distinct labels")
    tasks = [(r, first, min(run.chunk, run.games - first))
             for r, run in enumerate(runs) for first in range(0, run.games, run.chunk)]
    # Thinking players' chunks (the small ones) first: no worker is left with a slow one at the end.
    tasks.sort(key=lambda t: runs[t[0]].chunk > THINKING_CHUNK)
    found: dict[tuple[int, int, int], Outcomes] = {}
    workers = max(1, min(workers, len(tasks)))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")  # workers inherit the compiled rules
        with context.Pool(workers, initializer=_init_worker, initargs=((rules, runs, seed),)) as pool:
            try:
                for task, outcomes in pool.imap_unordered(_work, tasks):
                    found[task] = outcomes
                    if progress:
                        progress(task[2])
            except KeyboardInterrupt:
                pool.terminate()
                raise
    else:
        for task in tasks:
            found[task] = play_chunk(rules, runs[task[0]], seed, task[1], task[2])
            if progress:
                progress(task[2])
    return {run.label: Outcomes.join([found[t] for t in sorted(found) if t[0] == r]) for r, run in enumerate(runs)}
