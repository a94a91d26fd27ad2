"""Shared by the tests of the learning agents' view and of the research environments."""

from __future__ import annotations

import numpy as np

from game.engine.observe import observe_batch
from game.simulation import policies_for, start_batch


def mid_game(rules, games=6, turns=3, seed=3):
    """A batch a few turns in, every role playing random (so demands, threats and uses vary)."""
    from game.engine.step import step

    state = start_batch(rules, seed, 0, games)
    policies = policies_for(rules, {role: "random" for role in rules.roles})
    while state.turn <= turns and state.active.any():
        orders = np.zeros((games, len(rules.actions)), dtype=bool)
        for p in policies:
            orders |= p.decide(observe_batch(rules, state, p.r))
        state, _ = step(rules, state, orders)
    return state


def behind_the_view(rules, state, role):
    """The same games with everything ``role`` may not know changed: hidden variables' true values,
    the other roles' estimates, their private actions, private events and the others' answers."""
    r = rules.role_index(role)
    other = state.copy()
    for v in np.flatnonzero(~rules.visible[r]):
        other.values[:, v] = np.clip(rules.vmin[v] + rules.vmax[v] - state.values[:, v] + 7.0, rules.vmin[v], rules.vmax[v])
    for o in range(len(rules.roles)):
        if o != r:
            other.estimates[:, o, :] = np.where(np.isnan(state.estimates[:, o, :]), np.nan, 1.0 + state.estimates[:, o, :])
    private = np.array([not a.public and a.role != r for a in rules.actions], dtype=bool)
    other.uses[:, private] += 2
    other.last_orders[:, private] = ~state.last_orders[:, private]
    other.failed[:, private] += 1
    hidden_events = np.array([not e.public for e in rules.events], dtype=bool)
    other.fired[:, hidden_events] += 1
    others_slots = rules.slot_role != r
    other.answers[:, others_slots] = (state.answers[:, others_slots] % 3) + 1
    return other
