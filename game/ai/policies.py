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

    # -- what a policy learns as a game goes on ---------------------------------------------
    @property
    def learns(self) -> bool:
        """Whether the policy learns from the turns it witnesses (a thinking one's model of the others)."""
        return False

    def witness(self, obs: ObservationBatch) -> None:
        """The turn is about to resolve on this view: a policy that learns from it reads it now.

        A game's owner (the runner) calls this for every AI role as each turn resolves, so what
        the policy learned of a turn is a function of the view that turn resolved on, not of when
        in the turn it was last asked. Scripts learn nothing.
        """

    def forget(self) -> None:
        """Forget what was learned of every game (see ``recall``)."""

    def recall(self, history: list[ObservationBatch]) -> None:
        """Learn a game again from ``history``, the view each played turn resolved on, oldest first:
        a loaded save (or a replay after an undo) makes a policy that knows what one that had
        played the game straight through knows.

        >>> from game.scenario import load_rules
        >>> from game.engine import initial_state, observe_batch
        >>> rules = load_rules("winter-2021")
        >>> make_policy("historical", rules, "us").recall([observe_batch(rules, initial_state(rules, 1), "us")])
        """
        self.forget()
        for obs in history:
            self.witness(obs)

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
    shared = order.ndim == 1
    excludes = np.any(rules.exclusion, axis=1)  # (A,) whether each action excludes any
    if not shared:
        # what each game wants and may order, in its own order, gathered at once (the loop below
        # runs once per action of the role, for every policy in every week of every rollout)
        wanted_at = np.asfortranarray(want & np.take_along_axis(legal, order, axis=1))
        costs_at = np.asfortranarray(rules.costs[order])
        # an action listed twice for a game is taken once: only then can it be taken already
        repeats = order.shape[1] > 1 and bool((np.diff(np.sort(order, axis=1), axis=1) == 0).any())
    for k in range(order.shape[-1]):
        if shared:
            i = int(order[k])
            take = want[:, k] & legal[:, i] & (spent + rules.costs[i] <= budget) & ~blocked[:, i] & ~out[:, i]
            out[:, i] |= take
            spent += take * rules.costs[i]
            if rules.exclusion[i].any():
                blocked[:, rules.exclusion[i]] |= take[:, None]
        else:
            # Only the games that want this one and may order it are looked at: with a
            # per-game order most games want few of their actions.
            wanted = np.flatnonzero(wanted_at[:, k])
            if not len(wanted):
                continue
            idx = order[wanted, k]
            cost = costs_at[wanted, k]
            take = (spent[wanted] + cost <= budget) & ~blocked[wanted, idx]
            if repeats:
                take &= ~out[wanted, idx]
            g, i = wanted[take], idx[take]
            out[g, i] = True
            spent[g] += cost[take]
            excluding = excludes[i]
            if excluding.any():
                blocked[g[excluding]] |= rules.exclusion[i[excluding]]
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


class Habit(Policy):
    """Keeps doing what it has done: each action with the share of past turns it was ordered in.

    The cheap model of a player who is neither the documented path nor idle: a
    role that talks every week goes on talking, one that has sanctioned once in
    four weeks sanctions again one week in four. Before it has a past (and for
    what it has never done) each action has a small chance, ``FIRST`` shared
    over the turns so far, so a model that has seen nothing still moves a little.
    The more likely actions come first for the budget; draws are keyed like
    ``random``'s.
    """

    name = "habit"
    FIRST = 0.2

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        n = len(self.mine)
        if n == 0:
            return np.zeros((obs.size, len(self.rules.actions)), dtype=bool, order="F")
        past = max(obs.turn - 1, 0)
        share = (obs.known().uses[:, self.mine] + self.FIRST) / (past + 1)
        u = rng.uniform(obs.seed, obs.games, obs.turn, stream_of("policy", "habit", self.role), n)
        order = np.argsort(-share, axis=1, kind="stable")
        return self.fill(obs, self.mine[order], np.take_along_axis(u < share, order, axis=1))


def leaning(rules: Rules) -> np.ndarray:
    """(A,) +1 for an action that escalates, -1 for one that calms, 0 for neither.

    Escalating: it raises the scenario's ladder variable, threatens or imposes a
    lever, makes a demand, or rejects one. Calming: it lowers the ladder, is
    diplomacy, or accepts or counters a demand. (The ladder is the variable with
    named rungs; a scenario without one leans on the kinds alone.)

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> lean = leaning(rules)
    >>> int(lean[rules.action("russia", "full_invasion").index]), int(lean[rules.action("us", "geneva_talks").index])
    (1, -1)
    """
    ladder = next((i for i, v in enumerate(rules.variables) if v.rungs), None)
    out = np.zeros(len(rules.actions), dtype=np.int8)
    for a in rules.actions:
        delta = float(a.effects.constant[ladder]) if ladder is not None else 0.0
        if delta > 0 or a.step in ("threaten", "impose") or a.kind == "demand" or a.answer == 2:
            out[a.index] = 1
        elif delta < 0 or a.kind == "diplomacy" or a.answer in (1, 3):
            out[a.index] = -1
    return out


class Leaning(RandomPolicy):
    """``hardline`` or ``conciliatory``: like ``random``, among the actions that escalate, or that calm.

    Cheap stand-ins for a hawkish and a dovish player (the ``hawk`` and ``dove``
    personas think; these do not), for a thinking role's model of the others.
    """

    def __init__(self, rules: Rules, role: str, sign: int):
        super().__init__(rules, role)
        self.name = "hardline" if sign > 0 else "conciliatory"
        self.mine = self.mine[leaning(rules)[self.mine] == sign]

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        n = len(self.mine)
        if n == 0:
            return np.zeros((obs.size, len(self.rules.actions)), dtype=bool, order="F")
        u = rng.uniform(obs.seed, obs.games, obs.turn, stream_of("policy", self.name, self.role), 2 * n)
        order = self.mine[np.argsort(u[:, :n], axis=1)]
        return self.fill(obs, order, u[:, n:] < 0.5)


class Reactive(Policy):
    """Answers in kind: ``hardline`` after a week in which the others' public moves escalated
    on balance, ``conciliatory`` after one in which they calmed, nothing after a quiet week.

    The cheap model of a thinking player who deters and rewards (tit for tat), for a
    thinking role's model of the others: it punishes an invasion and meets talks with talks.
    """

    name = "reactive"

    def __init__(self, rules: Rules, role: str):
        super().__init__(rules, role)
        public = np.array([a.public for a in rules.actions], dtype=bool)
        self.lean = np.where(public & (rules.action_role != self.r), leaning(rules), 0).astype(np.float64)
        self.hard, self.soft = Leaning(rules, role, +1), Leaning(rules, role, -1)

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        mood = obs.known().last_orders.astype(np.float64) @ self.lean  # (G,) the others' last week, on balance
        out = np.zeros((obs.size, len(self.rules.actions)), dtype=bool, order="F")
        for policy, rows in ((self.hard, np.flatnonzero(mood > 0)), (self.soft, np.flatnonzero(mood < 0))):
            if len(rows):
                out[rows] = policy.decide(obs.subset(rows))
        return out


SIMPLE = {"passive": Passive, "reactive": Reactive, "random": RandomPolicy, "historical": Historical, "habit": Habit,
          "hardline": lambda rules, role: Leaning(rules, role, +1),
          "conciliatory": lambda rules, role: Leaning(rules, role, -1)}


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
