"""Many games at once: policies and engine stepped together over a batch.

One code path for a single match and for thousands of games: the same
``step`` the terminal uses, with recording off. Games are numbered; game *i*
of a run with seed *s* is the same game however the run is split into chunks
or spread over worker processes. Statistics are streamed chunk by chunk (a
million games never sit in memory) and summed as whole numbers of millionths,
so the order in which chunks finish cannot change a digit of the result.

>>> from game.scenario import load_rules
>>> result = simulate(load_rules("winter-2021"), {}, games=50, seed=1)
>>> sum(result.endings.values())
50
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .ai.batch import play_batch, policies_for, start_batch
from .ai.policies import Policy
from .ai.registry import fit_value_model
from .engine.rules import Rules
from .engine.state import BatchState

CHUNK = 8_000  # games per batch: large enough to amortize Python, small enough to stay in cache
SCALE = 1_000_000  # statistics are summed as integers of millionths: exact in any order

__all__ = ["CHUNK", "play_batch", "policies_for", "simulate", "start_batch"]  # the batch core lives in game.ai.batch


@dataclass
class Tally:
    """Streamed statistics of finished games (exact integer sums)."""

    endings: np.ndarray
    final: np.ndarray  # millionths
    scores: np.ndarray  # millionths
    games: int = 0

    @classmethod
    def empty(cls, rules: Rules) -> Tally:
        return cls(np.zeros(len(rules.endings), dtype=np.int64), np.zeros(len(rules.variables), dtype=np.int64),
                   np.zeros(len(rules.roles), dtype=np.int64))

    def add(self, state: BatchState) -> None:
        self.endings += np.bincount(state.ending, minlength=len(self.endings))
        self.final += np.rint(state.values * SCALE).astype(np.int64).sum(axis=0)
        self.scores += np.rint(state.scores * SCALE).astype(np.int64).sum(axis=0)
        self.games += state.size

    def merge(self, other: Tally) -> None:
        self.endings += other.endings
        self.final += other.final
        self.scores += other.scores
        self.games += other.games


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
    start_turn: int | None = None
    per_game: list[dict] = field(default_factory=list)
    scores: np.ndarray | None = None  # (games, roles) final scores, with keep_scores

    def to_json(self) -> dict:
        out = {
            "scenario": self.scenario, "games": self.games, "seed": self.seed, "policies": self.policies,
            "endings": self.endings, "mean_final": self.mean_final, "mean_scores": self.mean_scores,
            "seconds": round(self.seconds, 4),
        }
        if self.start_turn is not None:
            out["start_turn"] = self.start_turn
        if self.partial:
            out["partial"] = True
        return out


def chunks(games: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    for first in range(0, games, size):
        yield first, min(size, games - first)


@dataclass
class _Job:
    """What every chunk of one run shares (inherited by forked workers)."""

    rules: Rules
    specs: dict[str, str]
    seed: int
    start: BatchState | None
    keep_games: bool
    keep_scores: bool = False

    def run(self, first: int, size: int, policies: list[Policy]) -> tuple[Tally, list[dict], np.ndarray | None]:
        state = play_batch(self.rules, policies, start_batch(self.rules, self.seed, first, size, self.start))
        tally = Tally.empty(self.rules)
        tally.add(state)
        records = game_records(self.rules, state) if self.keep_games else []
        return tally, records, state.scores.copy() if self.keep_scores else None


_WORKER: tuple[_Job, list[Policy]] | None = None


def worker_signals() -> None:
    """A forked pool worker's signals (call it first in every pool's initializer): Ctrl+C is the
    parent's, which stops the pool; SIGTERM ends the worker. A parent that had pygame (SDL)
    running hands its workers SDL's SIGTERM handler, which only queues a quit event, and
    ``Pool.terminate`` then waits for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _init_worker(job: _Job) -> None:
    global _WORKER
    worker_signals()
    _WORKER = (job, policies_for(job.rules, job.specs))


def _work(task: tuple[int, int]) -> tuple[Tally, list[dict], np.ndarray | None]:
    assert _WORKER is not None, "set by the worker's initializer"
    job, policies = _WORKER
    return job.run(*task, policies)


def simulate(rules: Rules, specs: dict[str, str], games: int, seed: int = 0, keep_games: bool = False,
             chunk: int = CHUNK, progress: Callable[[int], None] | None = None, workers: int = 1,
             start: BatchState | None = None, on_games: Callable[[list[dict]], None] | None = None,
             keep_scores: bool = False) -> SimulationResult:
    """Play ``games`` games with the given policies; statistics are streamed chunk by chunk.

    ``workers`` > 1 spreads chunks over processes (the result is the same).
    ``start`` (a batch of one) plays every game on from that position.
    ``on_games`` receives each chunk's per-game records, in game order;
    ``keep_games`` keeps them in the result instead. Ctrl+C stops the run and
    returns the finished chunks, marked partial. ``keep_scores`` keeps every
    game's final scores (an array) in the result.
    """
    began = time.perf_counter()
    job = _Job(rules, specs, seed, start, keep_games or on_games is not None, keep_scores)
    tally, per_game, partial, scores = Tally.empty(rules), [], False, []

    def collect(result: tuple[Tally, list[dict], np.ndarray | None]) -> None:
        part, records, part_scores = result
        tally.merge(part)
        if part_scores is not None:
            scores.append(part_scores)
        if on_games is not None:
            on_games(records)
        elif keep_games:
            per_game.extend(records)
        if progress:
            progress(part.games)

    tasks = list(chunks(games, chunk))
    workers = max(1, min(workers, len(tasks)))
    try:
        if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
            policies = policies_for(rules, specs)
            for first, size in tasks:
                collect(job.run(first, size, policies))
        else:
            # fork: the workers inherit the compiled rules (expression closures do not pickle)
            fit_value_model(rules, specs.values())
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_init_worker, initargs=(job,)) as pool:
                try:
                    for chunk_result in pool.imap(_work, tasks):
                        collect(chunk_result)
                except KeyboardInterrupt:
                    pool.terminate()
                    raise
    except KeyboardInterrupt:
        partial = True
    result = _result(rules, specs, seed, tally, time.perf_counter() - began, partial, start, per_game)
    if keep_scores:
        result.scores = np.concatenate(scores) if scores else np.zeros((0, len(rules.roles)))
    return result


def _result(rules: Rules, specs: dict[str, str], seed: int, tally: Tally, seconds: float, partial: bool,
            start: BatchState | None, per_game: list[dict]) -> SimulationResult:
    n = max(tally.games, 1) * SCALE
    return SimulationResult(
        scenario=rules.id, games=tally.games, seed=seed,
        policies={role: specs.get(role, "historical") for role in rules.roles},
        endings={e.id: int(tally.endings[e.index]) for e in rules.endings},
        mean_final={v.id: round(int(tally.final[i]) / n, 4) for i, v in enumerate(rules.variables)},
        mean_scores={role: round(int(tally.scores[r]) / n, 4) for r, role in enumerate(rules.roles)},
        seconds=seconds, partial=partial, start_turn=None if start is None else start.turn, per_game=per_game,
    )


def game_records(rules: Rules, state: BatchState) -> list[dict]:
    """One JSON-ready record per game of a finished batch."""
    var_ids = [v.id for v in rules.variables]
    values = np.round(state.values, 4).tolist()
    scores = np.round(state.scores, 4).tolist()
    endings = [rules.endings[e].id for e in state.ending.tolist()]
    return [
        {"game": int(game), "ending": endings[g], "turns": int(turns),
         "final": dict(zip(var_ids, values[g])), "scores": dict(zip(rules.roles, scores[g]))}
        for g, (game, turns) in enumerate(zip(state.games.tolist(), state.ended_turn.tolist()))
    ]
