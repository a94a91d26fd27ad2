"""A policy that learns: a linear softmax on the observation vector, trained by policy gradient in batch.

The role's orders are picked one at a time: each pick is a softmax over the
actions still open (legal, not yet picked, within the budget left, not excluded
by a pick) and "stop", with logits linear in the observation vector
(``features.Encoder``). One weight row per action and one for "stop": a
policy small enough to learn from a few hundred games, and one that shares
what it learns about an action across all the sets it can be part of (a
catalogue of whole sets, as the research environments number them, would
have to learn each set apart).

Training (``train``) is REINFORCE with a baseline: batches of games are played
through the engine, the role sampling its picks, the others playing the
policies given; each pick's log-probability is pushed up in proportion to how
much more the role went on to score from that turn than the batch's average
at that turn (scaled to unit spread), with Adam steps. It starts from a script
(``from_script``: the script's actions most likely, in its order, the rest
rare), so it searches around a strategy already known to be good and can only
learn to do better where the observation says when to deviate.

Sampling uses the engine's counter-based generator, keyed by game and turn: a
game's picks do not depend on the batch it is played in.

>>> from game.scenario import load_rules
>>> from game.engine import Match
>>> rules = load_rules("winter-2021")
>>> policy = Learned(rules, "russia", from_script(rules, "russia", ["engage_talks", "mass_troops"]))
>>> m = Match(rules, seed=1)
>>> policy.choose_ids(m.observe_batch("russia"))
['engage_talks', 'mass_troops']
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..ai.policies import Policy
from ..engine import rng
from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from ..engine.step import stream_of
from ..simulation import play_batch, policies_for, start_batch, worker_signals
from .features import Encoder

SCRIPT_LOGIT = 3.0  # a warm start's logit for its script's actions (the others get minus this, "stop" 0)


@dataclass
class Picks:
    """What a sampling ``Learned`` policy did, one row per pick, for its training."""

    x: list[np.ndarray] = field(default_factory=list)  # (rows, D + 1) features with a constant
    open: list[np.ndarray] = field(default_factory=list)  # (rows, n + 1) the choices open (the last is stop)
    chosen: list[np.ndarray] = field(default_factory=list)  # (rows,) the choice made
    game: list[np.ndarray] = field(default_factory=list)  # (rows,) game number
    turn: list[np.ndarray] = field(default_factory=list)  # (rows,)
    so_far: list[np.ndarray] = field(default_factory=list)  # (rows,) the role's score when it picked

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: np.concatenate(getattr(self, name)) if getattr(self, name) else np.zeros(0)
                for name in ("x", "open", "chosen", "game", "turn", "so_far")}


class Learned(Policy):
    """Orders picked one at a time by a linear softmax on the observation vector (the module's docstring).

    ``weights`` is (n + 1, D + 1): a row per own action and one for "stop", a
    column per feature and one for a constant. ``sample`` draws the picks (for
    training); otherwise each pick is the most likely choice.
    """

    def __init__(self, rules: Rules, role: str, weights: np.ndarray, sample: bool = False, name: str = "learned"):
        super().__init__(rules, role)
        self.encoder = Encoder(rules, role)
        expected = (len(self.mine) + 1, self.encoder.size + 1)
        if weights.shape != expected:
            raise ValueError(f"weights of shape {weights.shape}, expected {expected}")
        self.weights, self.sample, self.name = np.asarray(weights, dtype=float), sample, name
        self.picks: Picks | None = None  # set to a Picks to record what is done
        self.stream = stream_of("policy", "learned", role)

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        rules, mine = self.rules, self.mine
        G, n = obs.size, len(mine)
        out = np.zeros((G, len(rules.actions)), dtype=bool, order="F")
        # Centred features: a weight then moves a logit both ways, apart from the constant.
        x = np.concatenate([self.encoder.encode(obs) - 0.5, np.ones((G, 1), dtype=np.float32)], axis=1)
        logits = x @ self.weights.T
        costs, budget = rules.costs[mine], int(rules.budgets[self.r])
        spent = np.zeros(G, dtype=np.int64)
        taken = np.zeros((G, n), dtype=bool)
        blocked = np.zeros((G, n), dtype=bool)
        going = obs.active.copy()
        legal = obs.legal[:, mine]
        exclusion = rules.exclusion[np.ix_(mine, mine)]
        picks = n  # at most every action once
        noise = rng.uniform(obs.seed, obs.games, obs.turn, self.stream, (n + 1) * picks) if self.sample else None
        for k in range(picks):
            if not going.any():
                break
            open_ = np.zeros((G, n + 1), dtype=bool)
            open_[:, :n] = legal & ~taken & ~blocked & (spent[:, None] + costs[None, :] <= budget)
            open_[:, n] = True
            masked = np.where(open_, logits, -np.inf)
            if noise is not None:  # Gumbel-max: a draw from the softmax
                u = np.clip(noise[:, k * (n + 1):(k + 1) * (n + 1)], 1e-12, 1 - 1e-12)
                masked = masked - np.log(-np.log(u))
            choice = np.argmax(masked, axis=1)
            rows = np.flatnonzero(going)
            if self.picks is not None and len(rows):
                self.picks.x.append(x[rows])
                self.picks.open.append(open_[rows])
                self.picks.chosen.append(choice[rows])
                self.picks.game.append(obs.games[rows].astype(np.int64))
                self.picks.turn.append(np.full(len(rows), obs.turn))
                self.picks.so_far.append(obs.scores[rows].astype(float))
            stop = choice == n
            act = going & ~stop
            g = np.flatnonzero(act)
            a = choice[g]
            taken[g, a] = True
            spent[g] += costs[a]
            blocked[g] |= exclusion[a]
            out[g, mine[a]] = True
            going = act
        return out


def from_script(rules: Rules, role: str, script: list[str], features: int | None = None) -> np.ndarray:
    """Weights whose most likely picks are ``script``'s: its legal actions, in its order, within
    budget, then stop (what ``fixed:...`` orders). Other actions are rare, not impossible."""
    r = rules.role_index(role)
    mine = [int(a) for a in np.flatnonzero(rules.action_role == r)]
    D = Encoder(rules, role).size if features is None else features
    weights = np.zeros((len(mine) + 1, D + 1))
    weights[:, -1] = -SCRIPT_LOGIT
    weights[-1, -1] = 0.0  # stop
    for k, action_id in enumerate(script):
        weights[mine.index(rules.action(role, action_id).index), -1] = SCRIPT_LOGIT + 0.1 * (len(script) - k)
    return weights


# -- training -------------------------------------------------------------------------------
@dataclass
class Training:
    """The result of ``train``: the weights and how the role's mean score went, batch by batch."""

    weights: np.ndarray
    curve: list[float]
    games: int


_JOB: tuple[Rules, str, dict[str, str], int] | None = None


def _init_worker(job: tuple[Rules, str, dict[str, str], int]) -> None:
    global _JOB
    worker_signals()  # Ctrl+C is the parent's; SIGTERM ends the worker (see worker_signals)
    _JOB = job


def play_sampled(rules: Rules, role: str, others: dict[str, str], weights: np.ndarray, seed: int,
                 first: int, size: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Games ``first .. first + size - 1``, ``role`` sampling from ``weights``: its picks and final scores."""
    policies = policies_for(rules, others | {role: "passive"})
    learner = Learned(rules, role, weights, sample=True)
    learner.picks = Picks()
    r = rules.role_index(role)
    policies[r] = learner
    final = play_batch(rules, policies, start_batch(rules, seed, first, size))
    return learner.picks.arrays(), final.scores[:, r].copy()


def _work(task: tuple[np.ndarray, int, int]) -> tuple[int, dict[str, np.ndarray], np.ndarray]:
    assert _JOB is not None, "set by the worker's initializer"
    rules, role, others, seed = _JOB
    weights, first, size = task
    return first, *play_sampled(rules, role, others, weights, seed, first, size)


def gradient(weights: np.ndarray, picks: dict[str, np.ndarray], advantage: np.ndarray, games: int) -> np.ndarray:
    """The policy gradient: the mean over games of each pick's advantage times the gradient of its
    log-probability, (onehot(choice) - softmax) x features, summed over the picks of a game."""
    x, open_, chosen = picks["x"], picks["open"], picks["chosen"].astype(np.int64)
    logits = np.where(open_, x @ weights.T, -np.inf)
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(chosen)), chosen] -= 1.0  # now softmax - onehot
    return -(p * advantage[:, None]).T @ x / max(games, 1)


def advantages(picks: dict[str, np.ndarray], final: dict[int, float]) -> np.ndarray:
    """Each pick's return (the role's final score minus its score when it picked) less the mean
    return at that turn, over the spread of those differences."""
    returns = np.array([final[int(g)] for g in picks["game"]]) - picks["so_far"]
    centred = returns.copy()
    for turn in np.unique(picks["turn"]):
        at = picks["turn"] == turn
        centred[at] -= returns[at].mean()
    sd = centred.std()
    return centred / sd if sd > 1e-9 else np.zeros_like(centred)


def train(rules: Rules, role: str, others: dict[str, str], start: np.ndarray, games: int, batch: int = 32,
          seed: int = 0, workers: int = 1, rate: float = 0.1, progress: Callable[[int], None] | None = None) -> Training:
    """Train ``role``'s weights from ``start`` against ``others`` (role -> policy) on ``games`` games
    of ``seed`` (game numbers 0, 1, ... in batches of ``batch``); Adam ascent on the policy gradient."""
    weights = start.copy()
    # Adam moves every weight by about ``rate`` a step, so a logit, a sum over D features, would
    # move by about D times as much: the feature weights take rate / sqrt(D), the constant rate.
    rates = np.full(weights.shape[1], rate / np.sqrt(max(weights.shape[1] - 1, 1)))
    rates[-1] = rate
    m, v = np.zeros_like(weights), np.zeros_like(weights)
    beta1, beta2, curve, played = 0.9, 0.999, [], 0
    workers = max(1, workers)
    use_pool = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    pool = None
    if use_pool:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker,
                                                        initargs=((rules, role, others, seed),))
    try:
        step = 0
        while played < games:
            size = min(batch, games - played)
            chunk = -(-size // workers)
            parts = [(weights, first, min(chunk, played + size - first)) for first in range(played, played + size, chunk)]
            if pool is not None:
                done = pool.map(_work, parts)
            else:
                done = [(first, *play_sampled(rules, role, others, w, seed, first, n)) for w, first, n in parts]
            done.sort(key=lambda d: d[0])
            scores = np.concatenate([d[2] for d in done])
            curve.append(round(float(scores.mean()), 3))
            with_picks = [d[1] for d in done if len(d[1]["chosen"])]
            if with_picks:
                picks = {k: np.concatenate([p[k] for p in with_picks]) for k in with_picks[0]}
                # Game by game, then turn by turn (a stable sort keeps each turn's picks in order):
                # the sums below then add in the same order however the batch was split over workers.
                order = np.lexsort((picks["turn"], picks["game"]))
                picks = {k: v[order] for k, v in picks.items()}
                final = {played + i: float(s) for i, s in enumerate(scores)}
                g = gradient(weights, picks, advantages(picks, final), size)
                step += 1
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * g * g
                weights = weights + rates * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + 1e-8)
            played += size
            if progress:
                progress(size)
    finally:
        if pool is not None:
            pool.terminate()
    return Training(weights, curve, played)
