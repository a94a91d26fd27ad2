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
from ..engine.tables import tables
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
    one already taken is skipped, and one listed twice is taken once.

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")  # NATO has 2 points a week
    >>> ids = ["demand_no_expansion.reject", "demand_no_expansion.counter", "membership_pathway_ukraine",
    ...        "unity_statement", "unity_statement", "written_reply"]  # costs 1, 1 (excluded by the reject), 2, 1, 1, 1
    >>> listed = np.array([rules.action("nato", a).index for a in ids])
    >>> taken = fill_orders(rules, rules.role_index("nato"), np.ones((1, len(rules.actions)), dtype=bool), listed,
    ...                     np.ones((1, len(ids)), dtype=bool))
    >>> [rules.actions[i].id for i in np.flatnonzero(taken[0])]
    ['unity_statement', 'demand_no_expansion.reject']
    >>> bool((fill_orders(rules, rules.role_index("nato"), np.ones((1, len(rules.actions)), dtype=bool),
    ...                   listed[None, :], np.ones((1, len(ids)), dtype=bool)) == taken).all())  # one list per game: the same
    True
    """
    if order.ndim == 2:
        return _fill_each(rules, role, legal, order, want)
    G, A = legal.shape
    out = np.zeros((G, A), dtype=bool, order="F")
    blocked = np.zeros((G, A), dtype=bool, order="F")  # excluded by an action already taken
    spent = np.zeros(G, dtype=np.int64)
    budget = int(rules.budgets[role])
    # One list for every game (a script's week: a few actions): walked place by place, a column at a time.
    for k, i in enumerate(order.tolist()):
        take = want[:, k] & legal[:, i] & (spent + rules.costs[i] <= budget) & ~blocked[:, i] & ~out[:, i]
        out[:, i] |= take
        spent += take * rules.costs[i]
        if rules.exclusion[i].any():
            blocked[:, rules.exclusion[i]] |= take[:, None]
    return out


def _fill_each(rules: Rules, role: int, legal: np.ndarray, order: np.ndarray, want: np.ndarray) -> np.ndarray:
    """``fill_orders`` with a list of its own for each game, (games, k).

    The walk takes, in each game, the first place in the list whose action is wanted, legal, not
    taken or excluded yet and within what is left of the budget. A place it passes over stays
    closed (what is left of the budget only falls: costs are never negative), so the walk is
    played take by take, every game at once: a role takes a few actions a week from a list of up
    to a few dozen (a shuffle of all its actions, for the opponent models in every week of every
    rollout), so a few rounds of whole-array steps instead of one per place in the list.
    """
    G, A = legal.shape
    out = np.zeros((G, A), dtype=bool, order="F")
    if G == 0 or order.shape[1] == 0:
        return out
    rows = np.arange(G)
    actions = order
    costs = rules.costs[actions]
    open_: np.ndarray = want & np.take_along_axis(legal, actions, axis=1)  # the places an action may still be taken at
    left = np.full(G, int(rules.budgets[role]), dtype=np.int64)
    excludes = np.any(rules.exclusion, axis=1)
    while True:
        can = open_ & (costs <= left[:, None])
        k = can.argmax(axis=1)  # the first place each game can take (0 where there is none)
        n = np.arange(len(rows))
        found = can[n, k]
        if not found.all():  # games with nothing left to take are done
            keep = np.flatnonzero(found)
            if not len(keep):
                return out
            rows, actions, costs, open_, left, k = rows[keep], actions[keep], costs[keep], open_[keep], left[keep], k[keep]
            n = np.arange(len(rows))
        taken = actions[n, k]
        out[rows, taken] = True
        left -= costs[n, k]
        np.logical_and(open_, actions != taken[:, None], out=open_)  # the place taken, and any other place of the same action
        shut = np.flatnonzero(excludes[taken])
        if len(shut):  # the places of what the actions taken exclude
            open_[shut] &= ~rules.exclusion[taken[shut, None], actions[shut]]


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
            if not move.covers(obs.turn):
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
        public = tables(rules).public_actions
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
