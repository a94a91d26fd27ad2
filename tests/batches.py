"""Games a few turns in, and the same games with all a role may not know changed: shared by the
tests of what a player (an AI policy, a learning agent, a research environment) may see.

>>> from game.scenario import load_rules
>>> rules = load_rules("tutorial")
>>> int(mid_game(rules, games=2, turns=1).turn)
2
"""

from __future__ import annotations

import numpy as np

from game.simulation import play_batch, policies_for, start_batch


def mid_game(rules, games=6, turns=4, seed=3, play="historical"):
    """A batch ``turns`` turns in, every role playing ``play`` (``random`` varies demands, threats and uses)."""
    state = start_batch(rules, seed, 0, games)
    return play_batch(rules, policies_for(rules, {role: play for role in rules.roles}), state, weeks=turns)


def behind_the_view(rules, state, role):
    """The same games with everything ``role`` may not know changed: the variables it cannot see,
    the other roles' estimates (its own, and so its view, stay), their private moves, failures and
    answers, and the private events (fired and pending)."""
    r = rules.role_index(role)
    other = state.copy()
    for v in np.flatnonzero(~rules.visible[r]):  # none, for a role that sees every variable
        other.values[:, v] = rules.vmin[v] + rules.vmax[v] - state.values[:, v] + 7.0
    other.values = np.clip(other.values, rules.vmin, rules.vmax)
    others = [o for o in range(len(rules.roles)) if o != r]
    other.estimates[:, others, :] = np.nan_to_num(state.estimates[:, others, :]) * 0.5 + 3.0
    private = np.array([a.role != r and not a.public for a in rules.actions], dtype=bool)
    other.uses[:, private] += 2
    other.failed[:, private] += 1
    other.last_orders[:, private] = ~state.last_orders[:, private]
    secret = np.array([not e.public for e in rules.events], dtype=bool)
    other.fired[:, secret] += 1
    other.pending[:, secret] = state.turn + 1
    their_slots = rules.slot_role != r
    other.answers[:, their_slots] = (state.answers[:, their_slots] % 3) + 1
    return other
