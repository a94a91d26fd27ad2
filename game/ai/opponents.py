"""A thinking role's model of the others: a mixture of cheap policies, weighted by Bayes.

A planner that assumes the others play the documented path is fooled by anyone
who does not: facing a West that does nothing, it waits for the settlement
offer the documented West makes in February. So each other role is modelled
as one of several candidate policies (``historical``, ``passive``, ``habit``,
``hardline``, ``conciliatory`` by default: cheap enough to play in every
rollout), and the weight of each is updated every turn by how well it explains
that role's public moves (Bayes' rule on the observation):

    weight(model) ∝ prior × Π over past turns and public actions of P(what was seen | model)

where P(ordered | model) is the share of imagined games (hidden values drawn
around the role's estimates) in which the model orders the action, kept within
``[FLOOR, 1 - FLOOR]`` so that one surprise cannot kill a model, and no weight
falls below ``WEIGHT_FLOOR`` (a model can come back). In the rollouts each
imagined game draws one model per other role from those weights and keeps it
to the end (a type, not a coin tossed every week), the same draw for every
candidate order being judged.

The mixture remembers, per game (seed and game number), the prediction it made
this turn from the last view it was given, and reads the others' moves at the
next. Asked again in the same turn it gives the same weights (only the
prediction is made again, from the newer view). So the weights are a function
of the views the turns resolved on: the runner hands every AI role that view as
each turn resolves (``Policy.witness``), and a game loaded from a save is
learned again from the views of its played turns (``Policy.recall``), so a
reloaded AI seals what it would have sealed without the reload. A mixture that
meets a game mid-way with no history starts from the prior.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> mix = Mixture(rules, "russia", DEFAULT)
>>> [rules.roles[o] for o in mix.others], mix.names
(['us', 'nato'], ['historical', 'passive', 'habit', 'hardline', 'conciliatory'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import rng
from ..engine.observe import ObservationBatch, observe_batch
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..engine.step import legal_mask, stream_of
from ..engine.tables import tables
from .policies import Fixed, Habit, Historical, Passive, PolicyError, RandomPolicy, Reactive, make_policy
from .reactions import Reactions

DEFAULT = "historical+passive+habit+hardline+conciliatory"
FLOOR = 0.05  # no move is judged less likely than 1 in 20 under any model (nor surer than 19 in 20)
WEIGHT_FLOOR = 0.02  # no model's weight falls below this
PREDICTION_SAMPLES = 8  # imagined games per real game for a model's prediction of the others' moves
STREAM_MODEL = stream_of("opponent-model")
STREAM_PREDICT = stream_of("opponent-prediction")
SCRIPTS = (Historical, Habit, RandomPolicy, Reactive, Fixed)  # models whose orders for a game read its row alone
SMALL_BATCH = 2_000  # rows of imagined games up to which every script decides every row (``Mixture.decide``)


@dataclass
class _Memory:
    """What the mixture knows of one game after deciding in ``turn``."""

    turn: int
    log_weight: np.ndarray  # (O, M) log-posterior, the moves before ``turn`` seen
    predicted: np.ndarray  # (O, M, A) each model's chance of each action in ``turn``
    mixed: np.ndarray  # (O, A) the mixture's chance of each action in ``turn`` (for the fit)
    fit: tuple[float, int]  # summed log-fit per action of the turns seen, and how many


@dataclass
class Beliefs:
    """The mixture's view of a batch of games: weights and how well it has fitted so far."""

    weights: np.ndarray  # (G, O, M)
    fit: np.ndarray  # (G,) geometric mean, over seen moves, of the chance the mixture gave them; nan before any

    def take(self, rows: np.ndarray) -> Beliefs:
        return Beliefs(self.weights[rows], self.fit[rows])


class Mixture:
    """Candidate policies for every other role, and the weights Bayes gives them game by game.

    ``spec`` joins policy names with ``+`` (``historical+passive``); a single
    name is a model the role is sure of (its weight stays 1).
    """

    def __init__(self, rules: Rules, role: str, spec: str):
        self.rules, self.r = rules, rules.role_index(role)
        self.names = [n.strip() for n in spec.split("+") if n.strip()]
        if not self.names:
            raise PolicyError(f"opponents: no model named in '{spec}'")
        self.others = [o for o in range(len(rules.roles)) if o != self.r]
        self.policies = [[make_policy(n, rules, rules.roles[o]) for n in self.names] for o in self.others]
        self.scripted = [[isinstance(p, SCRIPTS) for p in models] for models in self.policies]
        self.columns = [np.flatnonzero((rules.action_role == o) & tables(rules).public_actions) for o in self.others]
        self.memory: dict[tuple[int, int], _Memory] = {}
        self.salt = stream_of("mixture", role)
        self.reactions = Reactions(rules)  # every model reacts to demands answered and threats declared

    @property
    def sure(self) -> bool:
        return len(self.names) == 1

    # -- Bayes on what was seen -----------------------------------------------------------------
    def update(self, obs: ObservationBatch, imagine) -> Beliefs:
        """The weights for this turn of every game of ``obs``, after reading last turn's moves.

        ``imagine(rows, draws, samples)`` builds imagined games (``lookahead.belief_states``);
        the mixture plays each model on a few of them to predict this turn's moves, and keeps
        the prediction to judge the models by at the next turn.
        """
        log_weight, fit, fits = self._posterior(obs)
        weights = self.normalise(log_weight)
        predicted = self.predict(obs, imagine)
        mixed = np.einsum("gom,goma->goa", weights, predicted)
        for g in range(obs.size):
            self.memory[(obs.seed, int(obs.games[g]))] = _Memory(obs.turn, log_weight[g], predicted[g], mixed[g], fits[g])
        return Beliefs(weights, fit)

    def learned(self, obs: ObservationBatch) -> Beliefs:
        """The weights ``update`` gives the games of ``obs`` now, read without predicting or remembering
        anything: for a reader of the role's mind (its negotiator) that must not change what it learns.
        A game it has not seen: the prior.

        >>> from game.scenario import load_rules
        >>> from game.engine import initial_state
        >>> rules = load_rules("winter-2021")
        >>> Mixture(rules, "us", "historical+passive").learned(observe_batch(rules, initial_state(rules, 1), "us")).weights.tolist()
        [[[0.5, 0.5], [0.5, 0.5]]]
        """
        log_weight, fit, _ = self._posterior(obs)
        return Beliefs(self.normalise(log_weight), fit)

    def _posterior(self, obs: ObservationBatch) -> tuple[np.ndarray, np.ndarray, list[tuple[float, int]]]:
        """(G, O, M) log-weights after last turn's moves, (G,) fit and the per-game fit sums (memory unchanged)."""
        G, O, M = obs.size, len(self.others), len(self.names)  # noqa: E741 - games, others, models: the shapes of the arrays below
        seen = obs.known().last_orders
        log_weight = np.zeros((G, O, M))
        fit = np.full(G, np.nan)
        fits: list[tuple[float, int]] = []
        for g in range(G):
            key = (obs.seed, int(obs.games[g]))
            memory = self.memory.get(key)
            if memory is None or memory.turn > obs.turn:
                fits.append((0.0, 0))
                continue  # a game met for the first time (or started over): the prior
            lw, (total, count) = memory.log_weight.copy(), memory.fit
            if memory.turn == obs.turn - 1:
                for k, cols in enumerate(self.columns):
                    done = seen[g, cols] > 0
                    p = np.clip(memory.predicted[k][:, cols], FLOOR, 1 - FLOOR)
                    lw[k] += np.where(done, np.log(p), np.log1p(-p)).sum(axis=1)
                    q = np.clip(memory.mixed[k, cols], FLOOR, 1 - FLOOR)
                    total += float(np.where(done, np.log(q), np.log1p(-q)).sum())
                    count += len(cols)
            log_weight[g] = lw
            fits.append((total, count))
            if count:
                fit[g] = np.exp(total / count)
        return log_weight, fit, fits

    def fit(self, obs: ObservationBatch) -> np.ndarray:
        """(G,) how well the mixture foresaw the others' moves so far in each game, as of its last
        decision in this turn: the geometric mean of the chance it gave what they did and did not
        do (nan before it has seen a move)."""
        out = np.full(obs.size, np.nan)
        for g in range(obs.size):
            memory = self.memory.get((obs.seed, int(obs.games[g])))
            if memory is not None and memory.turn == obs.turn and memory.fit[1]:
                out[g] = np.exp(memory.fit[0] / memory.fit[1])
        return out

    @staticmethod
    def normalise(log_weight: np.ndarray) -> np.ndarray:
        """(…, M) log-weights -> weights summing to 1, none below ``WEIGHT_FLOOR``.

        >>> Mixture.normalise(np.log(np.array([[1.0, 1e-9]]))).round(3).tolist()
        [[0.98, 0.02]]
        """
        w = np.exp(log_weight - log_weight.max(axis=-1, keepdims=True))
        w /= w.sum(axis=-1, keepdims=True)
        M = w.shape[-1]
        floor = min(WEIGHT_FLOOR, 1.0 / M)
        return floor + (1 - floor * M) * w

    def predict(self, obs: ObservationBatch, imagine) -> np.ndarray:
        """(G, O, M, A): the share of imagined games in which each model orders each action this turn."""
        G, S, A = obs.size, PREDICTION_SAMPLES, len(self.rules.actions)
        rows = np.repeat(np.arange(G), S)
        draws = np.tile(np.arange(S), G)
        state = imagine(rows, draws, S, STREAM_PREDICT)
        legal = _legal(self.rules, state)
        out = np.zeros((G, len(self.others), len(self.names), A))
        for k, o in enumerate(self.others):
            view = observe_batch(self.rules, state, o, legal)
            for m, policy in enumerate(self.policies[k]):
                chosen = self.reactions.react(state, legal, o, policy.decide(view))
                out[:, k, m] = chosen.reshape(G, S, A).mean(axis=1)
        return out

    # -- the others in the rollouts -------------------------------------------------------------
    def assign(self, weights: np.ndarray, state: BatchState) -> np.ndarray:
        """(rows, O): the model each imagined game gives each other role, drawn from ``weights`` (rows, O, M).

        Keyed by the imagined game's number, so every candidate order meets the same opponents.
        """
        if self.sure:
            return np.zeros((state.size, len(self.others)), dtype=np.int64)
        u = rng.uniform(state.seed ^ self.salt, state.games, state.turn, STREAM_MODEL, len(self.others))
        cumulative = np.cumsum(weights, axis=2)
        return np.minimum((u[:, :, None] >= cumulative).sum(axis=2), len(self.names) - 1)

    def decide(self, state: BatchState, legal: np.ndarray, assignment: np.ndarray) -> np.ndarray:
        """The other roles' orders in the imagined games, each as its drawn model plays."""
        orders = np.zeros((state.size, len(self.rules.actions)), dtype=bool, order="F")
        # A script's orders for a game depend on that game's row alone (its draws are keyed by the
        # game's number), so it may decide every row and keep those that drew it: in a small batch
        # (a negotiator's futures, a planner's shortlist: a few hundred rows) that costs less than
        # cutting out the rows, a copy of the whole state; in a large one, more.
        small = state.size <= SMALL_BATCH
        for k, o in enumerate(self.others):
            view = None
            for m, policy in enumerate(self.policies[k]):
                if type(policy) is Passive:  # orders nothing, wherever drawn
                    continue
                mine = assignment[:, k] == m
                count = int(mine.sum())
                if count == 0:
                    continue
                if not (small and self.scripted[k][m]) and 2 * count < state.size:  # a model few games drew: decide those alone
                    rows = np.flatnonzero(mine)
                    orders[rows] |= policy.decide(observe_batch(self.rules, state.take(rows), o, legal[rows]))
                    continue
                if view is None:
                    view = observe_batch(self.rules, state, o, legal)
                chosen = policy.decide(view)
                orders |= chosen if count == state.size else chosen & mine[:, None]
            orders = self.reactions.react(state, legal, o, orders)
        return orders

    def forget(self) -> None:
        self.memory.clear()


def _legal(rules: Rules, state: BatchState) -> np.ndarray:
    return legal_mask(rules, state)
