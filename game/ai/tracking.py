"""Tracking a hidden variable across the weeks: a filter over the intelligence estimates.

Every week a role's estimate of a hidden variable (the Kremlin's invasion readiness, for NATO)
is drawn afresh around the truth with the same noise. A look-ahead that imagines the truth
around this week's estimate alone forgets every earlier week's. ``Tracker`` keeps, per game,
a belief (mean and spread) of each estimated variable and carries it from week to week the
way a Kalman filter does: last week's belief is played one turn on through the engine in a
few imagined games (the orders the role knows were given, the others' unseen ones by its
model of them), which predicts this week's truth and how uncertain it is; this week's
estimate then pulls the prediction towards itself as far as the two spreads say, and further
when it lies far beyond them (the prediction missed what the role cannot see: the other side's
private events). In the first week the prediction is the scenario's own start (its initial value
and per-game spread).

>>> from game.scenario import load_rules
>>> from game.engine import initial_state, observe_batch
>>> rules = load_rules("winter-2021")
>>> obs = observe_batch(rules, initial_state(rules, seed=1, games=2), "nato")
>>> mean, spread = Tracker(rules, "nato").first(obs)
>>> v = list(Tracker(rules, "nato").columns).index(rules.var_index["invasion_readiness"])
>>> bool((spread[:, v] < rules.noise[obs.role, rules.var_index["invasion_readiness"]]).all())
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..engine.step import legal_mask, step
from ..engine.tables import tables

PARTICLES = 32  # imagined games per real game that carry last week's belief to this week
SURPRISE = 2.5  # standard deviations between estimate and prediction beyond which the prediction is doubted
# The model is never exact (a person's unmodelled move, a facilitator's amendment): a prediction is
# never surer than a third of the estimate's noise, so every week's estimate still moves the belief.
UNSURE = 1 / 3


@dataclass
class _Belief:
    """One game's belief after the decision of ``turn``, and the view it was formed from."""

    turn: int
    obs: ObservationBatch  # the batch's view that week (the game's row ``row``)
    row: int
    mean: np.ndarray  # (k,) of the tracked variables
    spread: np.ndarray  # (k,)
    before: _Belief | None = None  # last week's belief it was predicted from (None: the first week, or none)


Imagine = Callable[[ObservationBatch, np.ndarray, np.ndarray, int, tuple[np.ndarray, np.ndarray]], BatchState]
Others = Callable[[BatchState, np.ndarray, np.ndarray], np.ndarray]


class Tracker:
    """Beliefs, game by game, of the variables a role estimates but does not see (``columns``)."""

    def __init__(self, rules: Rules, role: str | int):
        self.rules = rules
        self.r = role if isinstance(role, int) else rules.role_index(role)
        self.columns = np.flatnonzero(~rules.visible[self.r] & ~np.isnan(rules.noise[self.r]))
        # the other roles' actions whose moves the role does not see: guessed by its model of them
        self.unseen = ~((rules.action_role == self.r) | tables(rules).public_actions)
        self.memory: dict[tuple[int, int], _Belief] = {}

    def first(self, obs: ObservationBatch) -> tuple[np.ndarray, np.ndarray]:
        """(mean, spread), each (G, k): the scenario's start as the prediction, this week's estimate read."""
        rules, v = self.rules, self.columns
        prior = np.broadcast_to(rules.initial[v], (obs.size, len(v)))
        spread = np.broadcast_to(rules.initial_spread[v], (obs.size, len(v)))
        return self.read(obs, prior, spread)

    def read(self, obs: ObservationBatch, mean: np.ndarray, spread: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The prediction (``mean``, ``spread``) pulled towards this week's estimates (a Kalman update).

        >>> from game.scenario import load_rules
        >>> from game.engine import initial_state, observe_batch
        >>> rules = load_rules("winter-2021")
        >>> obs = observe_batch(rules, initial_state(rules, seed=1, games=1), "nato")
        >>> t = Tracker(rules, "nato")
        >>> m, s = t.read(obs, obs.values[:, t.columns], np.zeros((1, len(t.columns))))  # sure, and right
        >>> bool(np.allclose(m, obs.values[:, t.columns]) and (s < UNSURE * rules.noise[t.r, t.columns]).all())
        True
        """
        noise = self.rules.noise[self.r, self.columns]
        seen = obs.values[:, self.columns]
        # An estimate further from the prediction than the two spreads allow means the prediction
        # missed something it could not see (a private event of the other side, due a week after
        # the move it answers): the prediction's spread is widened until the estimate is within
        # SURPRISE of them, so the belief follows the news instead of holding on to its error.
        miss = np.nan_to_num(seen - mean)
        spread = np.maximum(spread, np.sqrt(np.maximum(miss**2 / SURPRISE**2 - noise**2, 0.0)))
        spread = np.maximum(spread, UNSURE * noise)
        gain = spread**2 / np.maximum(spread**2 + noise**2, 1e-12)
        mean = np.where(np.isnan(seen), mean, mean + gain * (np.nan_to_num(seen) - mean))
        spread = np.where(np.isnan(seen), spread, np.sqrt(1 - gain) * spread)
        return mean, spread

    def around_the_estimate(self, obs: ObservationBatch) -> tuple[np.ndarray, np.ndarray]:
        """(mean, spread), each (G, k): this week's estimate with its own noise, what a look-ahead
        imagines without tracking (for a game met after its first week without its history)."""
        rules, v = self.rules, self.columns
        seen = obs.values[:, v]
        mean = np.where(np.isnan(seen), rules.initial[v], seen)
        return mean, np.broadcast_to(rules.noise[self.r, v], mean.shape).copy()

    def update(self, obs: ObservationBatch, imagine: Imagine, others: Others) -> tuple[np.ndarray, np.ndarray] | None:
        """(mean, spread) (G, k) for this week of every game of ``obs``, remembered for the next week
        (None for a role that estimates nothing). A game not seen last week (loaded mid-way) is
        imagined around this week's estimate, and tracked from there on.

        ``imagine(obs, rows, draws, samples, belief)`` builds last week's imagined games;
        ``others(state, legal, owners)`` gives the other roles' orders in them (``owners``: each
        imagined game's row of ``obs``).
        """
        found = self._believe(obs, imagine, others)
        if found is None:
            return None
        mean, spread, past = found
        # a copy: a view's bookkeeping may be read-only views of a state the batch goes on stepping in
        # place, and last week's imagined games must start from last week's view, not this week's
        view = obs.subset(np.arange(obs.size))
        for g in range(obs.size):
            self.memory[(obs.seed, int(obs.games[g]))] = _Belief(obs.turn, view, g, mean[g], spread[g], before=past[g])
        return mean, spread

    def held(self, obs: ObservationBatch, imagine: Imagine, others: Others) -> tuple[np.ndarray, np.ndarray] | None:
        """What ``update`` gives the games of ``obs``, remembering nothing: for a reader of the role's
        mind (its negotiator) that must not change what the role learns."""
        found = self._believe(obs, imagine, others)
        return None if found is None else found[:2]

    def _believe(self, obs: ObservationBatch, imagine: Imagine,
                 others: Others) -> tuple[np.ndarray, np.ndarray, list[_Belief | None]] | None:
        """(mean, spread, last week's beliefs they came from) for the games of ``obs``; memory unchanged."""
        if not len(self.columns):
            return None
        past = [last_week(self.memory.get((obs.seed, int(g))), obs.turn) for g in obs.games]
        if obs.turn == 1:
            mean, spread = self.first(obs)
        else:
            mean, spread = self.around_the_estimate(obs)
            tracked = np.array([b is not None for b in past])
            if tracked.any():
                predicted = self.read(obs, *self.predict(obs, past, imagine, others))
                mean[tracked], spread[tracked] = predicted[0][tracked], predicted[1][tracked]
        return mean, spread, past

    def predict(self, obs: ObservationBatch, past: list[_Belief | None], imagine: Imagine,
                others: Others) -> tuple[np.ndarray, np.ndarray]:
        """(mean, spread) of this week's truth: last week's beliefs played one turn on (0 where none)."""
        rules, v = self.rules, self.columns
        mean, spread = np.zeros((obs.size, len(v))), np.zeros((obs.size, len(v)))
        known = obs.known()
        by_view: dict[int, list[int]] = {}
        for g, belief in enumerate(past):
            if belief is not None:
                by_view.setdefault(id(belief.obs), []).append(g)
        for gs in by_view.values():
            beliefs = [b for b in (past[g] for g in gs) if b is not None]  # all of gs (the filter narrows the type)
            then = beliefs[0].obs
            at = np.array([b.row for b in beliefs])
            rows = np.repeat(at, PARTICLES)
            draws = np.tile(np.arange(PARTICLES), len(gs))
            start = (np.zeros((then.size, len(v))), np.zeros((then.size, len(v))))
            for b in beliefs:
                start[0][b.row], start[1][b.row] = b.mean, b.spread
            state = imagine(then, rows, draws, PARTICLES, start)
            legal = legal_mask(rules, state)
            # what the role knows was ordered last week (its own and the public moves), and the
            # others' unseen moves as its model of them would have made them
            ordered = np.repeat(known.last_orders[gs], PARTICLES, axis=0)
            orders = np.asfortranarray(ordered | (others(state, legal, np.repeat(gs, PARTICLES)) & self.unseen[None, :]))
            state, _ = step(rules, state, orders, legal=legal, in_place=True)
            values = state.values[:, v].reshape(len(gs), PARTICLES, len(v))
            mean[gs], spread[gs] = values.mean(axis=1), values.std(axis=1, ddof=1)
        return mean, spread

    def forget(self) -> None:
        self.memory.clear()


def last_week(belief: _Belief | None, turn: int) -> _Belief | None:
    """The belief this week's is predicted from: the one remembered if it is last week's; asked
    again in the same week (a view with more said in it, the view the week resolves on), the one
    this week's was predicted from, so the answer is the same however often the week is asked;
    None for a game not seen last week.

    >>> week1 = _Belief(1, None, 0, np.zeros(1), np.ones(1))  # type: ignore[arg-type]
    >>> last_week(week1, 2) is not None, last_week(_Belief(2, None, 0, np.zeros(1), np.ones(1), before=week1), 2) is week1
    (True, True)
    >>> last_week(week1, 3) is None
    True
    """
    if belief is None:
        return None
    if belief.turn == turn:
        return belief.before
    # the week before last is never needed again: dropped, so a game's memory stays two weeks long
    return replace(belief, before=None) if belief.turn == turn - 1 else None
