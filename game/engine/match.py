"""A single match: a batch of one, with orders collected role by role.

Like python-chess's Board: a value you can query and push moves into. It keeps
the orders of every turn (what a save holds), the reports, and the history of
the true values (revealed at the end). The true state and the orders sealed this
turn are private: a role's side of the game comes from ``observe`` and
``report_for``; ``true_state`` is for those who own the game (the session, the
white cell, analysis and the debrief), never for a face or a policy.

>>> from game.scenario import load_rules
>>> m = Match(load_rules("winter-2021"), seed=5)
>>> m.submit("us", ["video_summit"])
>>> m.submit("russia", []); m.submit("nato", [])
>>> report = m.resolve()
>>> m.turn, report.turn
(2, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .observe import Observation, ObservationBatch, observe, observe_batch, visible_report
from .report import TurnReport
from .rules import Rules
from .state import BatchState, initial_state
from .step import legal_mask, step


class OrderError(ValueError):
    """Orders a role may not give (unknown, illegal, repeated or over budget)."""


@dataclass
class Match:
    rules: Rules
    seed: int
    orders_log: list[dict[str, list[str]]] = field(default_factory=list)
    reports: list[TurnReport] = field(default_factory=list)
    history: list[np.ndarray] = field(default_factory=list)
    # What each role was told at the start of each turn (R, V): its estimates, so a face can say
    # how an estimate moved since the last turn (``observe``'s ``previous``). Never the truth.
    told: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._state = initial_state(self.rules, self.seed, games=1)
        self._pending: dict[str, list[str]] = {}
        self.history.append(self._state.values[0].copy())
        self.told.append(self._state.estimates[0].copy())

    @property
    def true_state(self) -> BatchState:
        """The true state of the game (the game's owners only: see the module's docstring)."""
        return self._state

    def sealed_orders(self, role: str) -> list[str] | None:
        """``role``'s sealed orders this turn, or None (the game's owners only)."""
        orders = self._pending.get(role)
        return None if orders is None else list(orders)

    # -- questions -------------------------------------------------------------------------
    @property
    def turn(self) -> int:
        return self._state.turn

    @property
    def over(self) -> bool:
        return bool(self._state.ending[0] >= 0)

    @property
    def ending(self) -> str | None:
        e = int(self._state.ending[0])
        return self.rules.endings[e].id if e >= 0 else None

    @property
    def scores(self) -> dict[str, float]:
        return {role: float(self._state.scores[0, r]) for r, role in enumerate(self.rules.roles)}

    def observe(self, role: str) -> Observation:
        """Everything ``role`` may see now (with its estimates of the turn before, to compare)."""
        previous = self.told[-2][self.rules.role_index(role)] if len(self.told) > 1 else None
        return observe(self.rules, self._state, role, previous=previous)

    def observe_batch(self, role: str) -> ObservationBatch:
        """The same view as arrays, for AI policies."""
        return observe_batch(self.rules, self._state, role)

    def report_for(self, role: str, index: int = -1) -> TurnReport:
        """A turn report as ``role`` may see it (the last one by default)."""
        return visible_report(self.rules, self.reports[index], role)

    def legal_ids(self, role: str) -> list[str]:
        r = self.rules.role_index(role)
        row = legal_mask(self.rules, self._state)[0]
        return [a.id for a in self.rules.actions if a.role == r and row[a.index]]

    # -- moves -----------------------------------------------------------------------------
    def check(self, role: str, action_ids: list[str]) -> None:
        """Raise OrderError unless ``role`` may give these orders together this turn."""
        if self.over:
            raise OrderError("the game is over")
        if role not in self.rules.roles:
            raise OrderError(f"unknown role '{role}'")
        legal = set(self.legal_ids(role))
        seen, spent = set(), 0
        for action_id in action_ids:
            if action_id in seen:
                raise OrderError(f"'{action_id}' is ordered twice")
            seen.add(action_id)
            try:
                action = self.rules.action(role, action_id)
            except KeyError:
                raise OrderError(f"{role} has no action '{action_id}'") from None
            if action_id not in legal:
                raise OrderError(f"'{action_id}' is not allowed this turn")
            for other in np.flatnonzero(self.rules.exclusion[action.index]):  # either may name the other
                if self.rules.actions[other].id in seen and other != action.index:
                    raise OrderError(f"'{action_id}' cannot be ordered with '{self.rules.actions[other].id}'")
            spent += action.cost
        budget = int(self.rules.budgets[self.rules.role_index(role)])
        if spent > budget:
            raise OrderError(f"orders cost {spent} but the budget is {budget}")

    def submit(self, role: str, action_ids: list[str]) -> None:
        """Set ``role``'s secret orders for this turn (replacing earlier ones)."""
        self.check(role, list(action_ids))
        self._pending[role] = list(action_ids)

    @property
    def waiting_for(self) -> list[str]:
        return [r for r in self.rules.roles if r not in self._pending]

    @property
    def sealed_roles(self) -> list[str]:
        return [r for r in self.rules.roles if r in self._pending]

    def resolve(self) -> TurnReport:
        """Resolve the turn once every role has submitted; returns the full report."""
        if self.waiting_for:
            raise OrderError(f"still waiting for: {', '.join(self.waiting_for)}")
        orders = np.zeros((1, len(self.rules.actions)), dtype=bool)
        for role, ids in self._pending.items():
            for action_id in ids:
                orders[0, self.rules.action(role, action_id).index] = True
        self._state, reports = step(self.rules, self._state, orders, record=True)
        self.orders_log.append({role: list(self._pending.get(role, [])) for role in self.rules.roles})
        self._pending = {}
        self.reports.append(reports[0])
        self.history.append(self._state.values[0].copy())
        self.told.append(self._state.estimates[0].copy())
        return reports[0]

    def play_turn(self, orders: dict[str, list[str]]) -> TurnReport:
        """Submit every role's orders and resolve (for replays and tests)."""
        for role in self.rules.roles:
            self.submit(role, orders.get(role, []))
        return self.resolve()

    def amend(self, state: BatchState) -> None:
        """Replace the state between turns (a facilitator's adjudication, a declared statement).

        The last history row follows, so charts show the game as it was played on.
        """
        if state.turn != self._state.turn or state.size != 1:
            raise ValueError("an amended state must be the same single game at the same turn")
        self._state = state
        self.history[-1] = state.values[0].copy()
        self.told[-1] = state.estimates[0].copy()
