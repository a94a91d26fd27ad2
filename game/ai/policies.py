"""Simple AI policies: observation in, orders out, for a whole batch at once.

A policy sees only ``ObservationBatch`` (the role's own view) and returns a
(games, actions) bool array with orders for its role's actions. Randomness
comes from the counter-based generator, keyed by game, turn and role, so a
policy's choices are reproducible whatever the batch size.

>>> from game.scenario import load_rules
>>> make_policy("fixed:video_summit", load_rules("winter-2021"), "us").name
'fixed:video_summit'
"""

from __future__ import annotations

import numpy as np

from ..engine import rng
from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from ..engine.step import stream_of
from ..scenario.errors import did_you_mean


class PolicyError(ValueError):
    """A policy name that does not exist, or does not fit the role."""


class Policy:
    """Base class: subclasses implement ``decide``."""

    name = "policy"

    def __init__(self, rules: Rules, role: str):
        self.rules, self.role = rules, role
        self.r = rules.role_index(role)
        self.mine = np.flatnonzero(rules.action_role == self.r)

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        raise NotImplementedError

    def choose_ids(self, obs: ObservationBatch, game: int = 0) -> list[str]:
        """The orders for one game, as action ids (for matches)."""
        row = self.decide(obs)[game]
        return [self.rules.actions[i].id for i in np.flatnonzero(row)]

    # -- shared helper ----------------------------------------------------------------------
    def fill(self, obs: ObservationBatch, order: np.ndarray, want: np.ndarray) -> np.ndarray:
        """Take wanted legal actions in the given order while the budget lasts (see ``fill_orders``)."""
        return fill_orders(self.rules, self.r, obs.legal, order, want)


def fill_orders(rules: Rules, role: int, legal: np.ndarray, order: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Take wanted legal actions in the given order while ``role``'s budget lasts.

    ``legal`` is (games, actions); ``order`` holds action indices, (k,) shared by
    every game or (games, k); ``want`` is (games, k) bool. An action excluded by
    one already taken is skipped.
    """
    G, A = legal.shape
    out = np.zeros((G, A), dtype=bool, order="F")
    blocked = np.zeros((G, A), dtype=bool, order="F")  # excluded by an action already taken
    spent = np.zeros(G, dtype=np.int64)
    budget = int(rules.budgets[role])
    rows = np.arange(G)
    shared = order.ndim == 1
    for k in range(order.shape[-1]):
        if shared:
            i = int(order[k])
            take = want[:, k] & legal[:, i] & (spent + rules.costs[i] <= budget) & ~blocked[:, i] & ~out[:, i]
            out[:, i] |= take
            spent += take * rules.costs[i]
            if rules.exclusion[i].any():
                blocked[:, rules.exclusion[i]] |= take[:, None]
        else:
            idx = order[:, k]
            cost = rules.costs[idx]
            take = want[:, k] & legal[rows, idx] & (spent + cost <= budget) & ~blocked[rows, idx] & ~out[rows, idx]
            out[rows[take], idx[take]] = True
            spent += np.where(take, cost, 0)
            blocked[take] |= rules.exclusion[idx[take]]
    return out


class Passive(Policy):
    """Gives no orders."""

    name = "passive"

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        return np.zeros((obs.size, len(self.rules.actions)), dtype=bool, order="F")


class RandomPolicy(Policy):
    """Each legal action with probability one half, in a random order, within budget."""

    name = "random"

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        n = len(self.mine)
        if n == 0:
            return np.zeros((obs.size, len(self.rules.actions)), dtype=bool, order="F")
        u = rng.uniform(obs.seed, obs.games, obs.turn, stream_of("policy", "random", self.role), 2 * n)
        order = self.mine[np.argsort(u[:, :n], axis=1)]
        return self.fill(obs, order, u[:, n:] < 0.5)


class Historical(Policy):
    """Plays the scenario's ``historical`` section; skips moves the game no longer allows.

    A move with a ``when`` condition is judged on the role's own view; when it
    does not hold, the move's ``otherwise`` orders are played instead.
    """

    name = "historical"

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        G = obs.size
        columns, wants = [], []
        for move in self.rules.historical[self.r]:
            if move.turn != obs.turn:
                continue
            cond = np.ones(G, dtype=bool)
            if move.when is not None:
                cond = np.broadcast_to(np.asarray(move.when.evaluate(obs.env)) != 0, (G,))
            for idx in move.orders:
                columns.append(idx)
                wants.append(cond)
            for idx in move.otherwise:
                columns.append(idx)
                wants.append(~cond)
        if not columns:
            return np.zeros((G, len(self.rules.actions)), dtype=bool, order="F")
        return self.fill(obs, np.array(columns), np.stack(wants, axis=1))


class Fixed(Policy):
    """Each turn, the listed actions that are legal, in order, within budget."""

    def __init__(self, rules: Rules, role: str, ids: list[str]):
        super().__init__(rules, role)
        self.indices = []
        for action_id in ids:
            try:
                self.indices.append(rules.action(role, action_id).index)
            except KeyError:
                known = sorted({rules.actions[i].id for i in self.mine})
                raise PolicyError(f"{role} has no action '{action_id}'{did_you_mean(action_id, known)}") from None
        self.name = "fixed:" + ",".join(ids)

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        G = obs.size
        if not self.indices:
            return np.zeros((G, len(self.rules.actions)), dtype=bool, order="F")
        return self.fill(obs, np.array(self.indices), np.ones((G, len(self.indices)), dtype=bool))


SIMPLE = {"passive": Passive, "random": RandomPolicy, "historical": Historical}


def make_policy(spec: str, rules: Rules, role: str) -> Policy:
    """A policy from its name: passive, random, historical, fixed:ID,ID,..., a thinking
    policy, or any of them edited with ``drop=``, ``add=``, ``swap=`` (see ``edits``)."""
    spec = spec.strip()
    # edits wrap a policy this function makes: each module needs the other
    from .edits import make_edited, split_edits

    if split_edits(spec)[1]:
        return make_edited(spec, rules, role)
    if spec in SIMPLE:
        return SIMPLE[spec](rules, role)
    if spec.startswith("fixed:"):
        ids = [s.strip() for s in spec[len("fixed:"):].split(",") if s.strip()]
        return Fixed(rules, role, ids)
    # the registry makes every policy, and each policy module imports this one: a cycle by design
    from . import registry

    factory = registry.lookup(spec)
    if factory is not None:
        return factory(spec, rules, role)
    head = spec.partition(":")[0]
    raise PolicyError(f"unknown policy '{spec}'{did_you_mean(head, policy_names() + ['fixed'])} "
                      f"(known: {', '.join(policy_names())}, fixed:ID,ID,...; edits: BASE:drop=ID,add=ID,swap=ID>ID)")


def policy_names() -> list[str]:
    # the registry makes every policy, and each policy module imports this one: a cycle by design
    from . import registry

    return list(SIMPLE) + registry.names()
