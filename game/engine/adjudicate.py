"""Changes made to a game between turns: adjudication, injects and declared statements.

A seminar's white cell overrides variables, publishes or skips injects and
writes ad-hoc ones; a team's public threat or red line declares it. Each is an
``Adjustment``: plain data the engine applies to a state between two turns,
returning the new state and a report entry that names the cause (its headline is
the one given, or "" for the faces to word). Pure: no I/O, deterministic (random
spread is drawn from the game's seeded streams). Commitments made in statements
are pledges (``game.engine.pledges``), settled in the turn's own phase.

>>> from game.scenario import load_rules
>>> from game.engine.state import initial_state
>>> rules = load_rules("winter-2021")
>>> s, entry = adjust(rules, initial_state(rules, seed=1), Adjustment("set", "tension", value=80))
>>> before = rules.initial[rules.var_index["tension"]]
>>> float(s.values[0, rules.var_index["tension"]]), bool(entry.changes[0][1] == 80 - before)
(80.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import rng
from . import state as st
from .env import Env, evaluate
from .report import Entry
from .rules import Cite, Rules
from .state import BatchState
from .step import stream_of

KINDS = ("set", "effects", "fire_event", "suppress_event", "declare")


class AdjustmentError(ValueError):
    """An adjustment that does not fit the scenario or the state."""


@dataclass(frozen=True)
class Adjustment:
    """One change between turns.

    kind:
      - ``set``: variable ``target`` takes ``value``;
      - ``effects``: add ``effects`` (variable id -> amount) (an ad-hoc inject);
      - ``fire_event``: event ``target`` happens now (its effects, marked as fired);
      - ``suppress_event``: event ``target`` will not happen (from now on);
      - ``declare``: threat or red line ``target`` is declared (its audience cost now applies).
    """

    kind: str
    target: str = ""
    value: float = 0.0
    effects: dict[str, float] = field(default_factory=dict)
    headline: str = ""
    public: bool = True


def check(rules: Rules, adj: Adjustment) -> None:
    """Raise AdjustmentError unless ``adj`` names things the scenario has."""
    if adj.kind not in KINDS:
        raise AdjustmentError(f"unknown adjustment '{adj.kind}' (one of: {', '.join(KINDS)})")
    if adj.kind == "set":
        if adj.target not in rules.var_index:
            raise AdjustmentError(f"unknown variable '{adj.target}'")
        if not np.isfinite(adj.value):
            raise AdjustmentError("the value must be a finite number")
    elif adj.kind == "effects":
        if not adj.effects:
            raise AdjustmentError("an inject needs at least one effect")
        for var, amount in adj.effects.items():
            if var not in rules.var_index:
                raise AdjustmentError(f"unknown variable '{var}'")
            if not np.isfinite(amount):
                raise AdjustmentError(f"the effect on '{var}' must be a finite number")
    elif adj.kind in ("fire_event", "suppress_event"):
        if adj.target not in rules.event_index:
            raise AdjustmentError(f"unknown event '{adj.target}'")
    elif adj.kind == "declare":
        if adj.target not in rules.threat_index:
            raise AdjustmentError(f"unknown threat or red line '{adj.target}'")


def adjust(rules: Rules, state: BatchState, adj: Adjustment) -> tuple[BatchState, Entry]:
    """Apply ``adj`` to every game of ``state``; returns the new state and the entry recorded."""
    check(rules, adj)
    s = state.copy()
    before = s.values.copy()
    entry = Entry("control", adj.kind, adj.target, adj.headline, public=adj.public)
    live = s.active
    if adj.kind == "set":
        v = rules.var_index[adj.target]
        s.values[live, v] = adj.value
    elif adj.kind == "effects":
        for var, amount in adj.effects.items():
            s.values[live, rules.var_index[var]] += amount
    elif adj.kind == "fire_event":
        e = rules.events[rules.event_index[adj.target]]
        entry = Entry("control", adj.kind, e.id, adj.headline or e.headline, actor=e.actor, text=e.text,
                      public=e.public and adj.public, cite=e.cite)
        env = Env(rules, s)
        delta = np.zeros_like(s.values)
        delta[:] = e.effects.constant[None, :]
        for v, expr in e.effects.formulas:
            delta[:, v] += evaluate(expr, env, s.size)
        for v, sd in e.effects.spread:
            delta[:, v] += sd * rng.normal(s.seed, s.games, s.turn, stream_of("control", e.id, v))[:, 0]
        s.values[live] += delta[live]
        s.fired[live, e.index] += 1
    elif adj.kind == "suppress_event":
        e = rules.events[rules.event_index[adj.target]]
        entry.public = False  # players simply do not see it happen
        if s.blocked is None:
            s.blocked = np.zeros(s.fired.shape, dtype=bool)
        s.blocked[live, e.index] = True
    elif adj.kind == "declare":
        t = rules.threat_index[adj.target]
        col = s.threat_status[:, t]
        col[live & (col == st.UNDECLARED)] = st.DECLARED
    s.values = np.clip(s.values, rules.vmin, rules.vmax)
    # A role that sees a variable exactly sees control's change at once (as the projector does);
    # estimates of hidden variables wait for the next intelligence phase.
    exact = rules.visible[None, :, :] & live[:, None, None]
    s.estimates = np.where(exact, s.values[:, None, :], s.estimates)
    delta = s.values[0] - before[0]
    entry.changes = [(int(v), float(delta[v])) for v in np.flatnonzero(np.abs(delta) > 1e-9)]
    if entry.cite is None:
        entry.cite = Cite("control")
    return s, entry
