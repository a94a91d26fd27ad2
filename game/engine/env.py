"""What names mean inside expressions, for the true state or for one role's view.

Names an expression may read (the cross-reference pass checks them):

- a variable id: its value (for a role's view: the value or estimate it sees,
  nan when it sees nothing, so comparisons with it are false);
- ``turn`` (the turn being played) and ``turns`` (the length of the game);
- ``used.A`` times action A was carried out; ``now.A`` 1 if it was carried out
  this turn; ``failed.A`` times decision A failed for want of consensus;
- ``fired.E`` times event or reaction E happened;
- ``made.D``, ``pending.D``, ``accepted.D``, ``rejected.D``, ``countered.D``,
  ``expired.D`` for demand D (1 or 0);
- ``threatened.L`` and ``imposed.L`` for lever L; ``declared.T``, ``due.T``,
  ``honored.T``, ``broken.T`` for a threat (a lever) or a red line T.

>>> sorted(NAMESPACES)[:3]
['accepted', 'broken', 'countered']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import state as st
from .tables import tables

if TYPE_CHECKING:
    from .observe import KnownState
    from .rules import Rules
    from .state import BatchState

NAMESPACES = {
    "used": "action",
    "now": "action",
    "failed": "action",
    "fired": "event",
    "made": "demand",
    "pending": "demand",
    "accepted": "demand",
    "rejected": "demand",
    "countered": "demand",
    "expired": "demand",
    "threatened": "lever",
    "imposed": "lever",
    "declared": "threat",
    "due": "threat",
    "honored": "threat",
    "broken": "threat",
}
_DEMAND_CODES = {
    "pending": st.PENDING,
    "accepted": st.ACCEPTED,
    "rejected": st.REJECTED,
    "countered": st.COUNTERED,
    "expired": st.EXPIRED,
}
_THREAT_CODES = {"declared": st.DECLARED, "due": st.DUE, "honored": st.HONORED, "broken": st.BROKEN}


class Env:
    """A read-only mapping from expression names to arrays of shape (games,).

    ``state`` is the true state (for the engine's phases), or, with ``role``, only
    what that role knows (an ``observe.KnownState``: its view of the variables, and
    only public actions and events of others), so an expression evaluated for a
    role cannot read past what the role may see.
    """

    def __init__(self, rules: Rules, state: BatchState | KnownState, role: int | None = None,
                 now: np.ndarray | None = None):
        self.rules, self.state, self.role = rules, state, role
        self.now = state.last_orders if now is None else now
        self._cache: dict[str, np.ndarray | float] = {}

    def __getitem__(self, name: str) -> np.ndarray | float:
        if name not in self._cache:
            self._cache[name] = self._lookup(name)
        return self._cache[name]

    def _lookup(self, name: str) -> np.ndarray | float:
        rules, state = self.rules, self.state
        if name == "turn":
            return float(state.turn)
        if name == "turns":
            return float(rules.turns)
        if name in rules.var_index:
            v = rules.var_index[name]
            return state.values[:, v]  # a role's KnownState holds its own view as its values
        space, _, item = name.partition(".")
        if space in ("used", "now", "failed"):
            table = {"used": state.uses, "now": self.now, "failed": state.failed}[space]
            idx = self._known_actions(item)
            if len(idx) == 1:
                return table[:, idx[0]].astype(float)
            return table[:, idx].sum(axis=1).astype(float) if idx else np.zeros(state.size)
        if space == "fired":
            event = rules.events[rules.event_index[item]]
            if self.role is not None and not event.public:
                return np.zeros(state.size)
            return state.fired[:, event.index].astype(float)
        if space == "made" or space in _DEMAND_CODES:
            d = rules.demand_index[item]
            status = state.demand_status[:, d]
            if space == "made":
                return np.asarray(status != st.NOT_MADE, dtype=float)
            return np.asarray(status == _DEMAND_CODES[space], dtype=float)
        if space in ("threatened", "imposed"):
            step = item + ".threaten" if space == "threatened" else item
            return self[f"used.{step}"]
        if space in _THREAT_CODES:
            t = rules.threat_index[item]
            return np.asarray(state.threat_status[:, t] == _THREAT_CODES[space], dtype=float)
        raise KeyError(name)

    def _known_actions(self, item: str) -> list[int]:
        """The actions named ``item`` (one per role that has one) whose moves this view knows: every
        one for the true state, else the role's own and the public ones (``tables.named_actions``)."""
        return tables(self.rules).named_actions[self.role, item]


def evaluate(expr: Any, env: Env, size: int) -> np.ndarray:
    """Evaluate an expression and broadcast the result to shape (games,) floats."""
    return _floats(expr.evaluate(env), size)


def holds(expr: Any, env: Env, size: int) -> np.ndarray:
    """(games,) bool: where a condition holds (is not 0), as ``evaluate(expr, env, size) != 0``.

    A comparison gives its truth as it is (no trip through floats and back: the engine asks
    this of every event, threat, drift and ending every turn).

    >>> from game.scenario.expr import parse_expression
    >>> holds(parse_expression("tension > 50"), {"tension": np.array([40.0, 60.0])}, 2).tolist()
    [False, True]
    >>> holds(parse_expression("1"), {}, 2).tolist()
    [True, True]
    """
    value = expr.evaluate(env)
    if type(value) is np.ndarray and value.dtype == np.bool_ and value.shape == (size,):
        return value  # a new array of the expression's own (names give floats)
    truth: np.ndarray = _floats(value, size) != 0
    return truth


def _floats(value: Any, size: int) -> np.ndarray:
    """An expression's value as (games,) floats."""
    if type(value) is np.ndarray and value.dtype == np.float64 and value.shape == (size,):
        # already (games,) floats, as most values are: the same read-only view broadcast_to gives, at a
        # fifth of its cost (the AI's rollouts evaluate expressions by the hundred thousand)
        view = value.view()
        view.flags.writeable = False
        return view
    return np.broadcast_to(np.asarray(value, dtype=float), (size,))
