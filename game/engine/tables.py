"""Index tables derived once from the rules, so a turn is a few array operations.

The engine's phases loop over actions, demands and events; these tables let the
hot paths (legality, order checking) work on whole groups of columns at once.
They are built on first use and kept on the Rules object (rules never change).

>>> from game.scenario import load_rules
>>> t = tables(load_rules("winter-2021"))
>>> len(t.slot_actions) == len(t.slot_of_action)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rules import ActionRule, Rules


@dataclass(frozen=True)
class Tables:
    limited: np.ndarray  # actions with a use limit
    demand_actions: np.ndarray  # actions that make a demand ...
    demand_of_action: np.ndarray  # ... and the demand each makes
    slot_actions: np.ndarray  # answers to demands ...
    slot_of_action: np.ndarray  # ... the slot each answers ...
    slot_demand_of_action: np.ndarray  # ... and that slot's demand
    when_actions: tuple[int, ...]  # actions with a legality condition
    clash_first: np.ndarray  # pairs (first, second) of actions that exclude each other, first < second
    clash_second: np.ndarray
    cost_by_role: np.ndarray  # (A, R) float: the cost of each action to its role
    phase_actions: dict[str, list[ActionRule]]  # the actions of each phase, in order
    declared_by: list[list[int]]  # per threat: the actions that declare it
    role_actions: list[np.ndarray]  # per role: its actions
    public_actions: np.ndarray  # (A,) bool: the actions whose moves every role sees
    # What a role's observation may hold (``observe.known_state``): per role, the columns it knows,
    # or None when it knows them all (nothing to hide: the bookkeeping is shared, read-only)
    known_actions: list[np.ndarray | None]  # its own and public actions
    public_events: np.ndarray | None  # the events every role learns of
    # What ``used.X``/``now.X``/``failed.X`` reads in a view (``Env``): per viewer (a role's index, or None for
    # the true state) and action name, the actions of that name whose moves the viewer knows
    named_actions: dict[tuple[int | None, str], list[int]]
    role_slots: list[np.ndarray | None]  # its own answers to demands


def tables(rules: Rules) -> Tables:
    """The tables for ``rules`` (built once, then cached on the rules)."""
    cached = rules.__dict__.get("_tables")
    if cached is None:
        cached = _build(rules)
        rules.__dict__["_tables"] = cached
    return cached


def _build(rules: Rules) -> Tables:
    demand = [a for a in rules.actions if a.demand is not None]
    slots = [a for a in rules.actions if a.slot is not None]
    first, second = np.nonzero(np.triu(rules.exclusion, k=1))
    cost_by_role = np.zeros((len(rules.actions), len(rules.roles)))
    cost_by_role[np.arange(len(rules.actions)), rules.action_role] = rules.costs
    phase_actions: dict[str, list[ActionRule]] = {p: [] for p in ("diplomacy", "decisions", "demands", "deployments", "sanctions")}
    for a in rules.actions:
        phase_actions.setdefault(a.phase, []).append(a)
    public = np.array([a.public for a in rules.actions], dtype=bool)
    public.flags.writeable = False  # shared by every reader of the cached tables
    return Tables(
        limited=np.flatnonzero(rules.max_uses > 0),
        demand_actions=np.array([a.index for a in demand], dtype=np.int64),
        demand_of_action=np.array([a.demand for a in demand], dtype=np.int64),
        slot_actions=np.array([a.index for a in slots], dtype=np.int64),
        slot_of_action=np.array([a.slot for a in slots], dtype=np.int64),
        slot_demand_of_action=np.array([rules.slot_demand[a.slot] for a in slots], dtype=np.int64),
        when_actions=tuple(a.index for a in rules.actions if a.when is not None),
        clash_first=first, clash_second=second, cost_by_role=cost_by_role,
        phase_actions=phase_actions,
        declared_by=[[a.index for a in rules.actions if t.index in a.declares] for t in rules.threats],
        role_actions=[np.flatnonzero(rules.action_role == r) for r in range(len(rules.roles))],
        public_actions=public,
        known_actions=[_unless_all((rules.action_role == r) | public)
                       for r in range(len(rules.roles))],
        public_events=_unless_all(np.array([e.public for e in rules.events], dtype=bool)),
        role_slots=[_unless_all(rules.slot_role == r) for r in range(len(rules.roles))],
        named_actions={(viewer, name): [i for i in indices if viewer is None or rules.actions[i].public
                                        or rules.action_role[i] == viewer]
                       for viewer in (None, *range(len(rules.roles))) for name, indices in rules.action_ids.items()},
    )


def _unless_all(columns: np.ndarray) -> np.ndarray | None:
    """``columns`` (bool), or None when they are all true."""
    return None if columns.all() else columns
