"""Pledges: what a role has promised in public, kept or broken by what it then does.

A public statement ("we will arm Ukraine by week 5", "we will not recognise the
republics before week 8", "we will answer the demand with a counter-offer") becomes a
pledge in the state of the game: an action, a kind (do it, refrain from it, give this
answer to a demand) and the last turn it can be kept in. The ``pledges`` phase of every
turn settles the open ones by what was carried out; a broken pledge costs its author
the mildest audience cost of its threats and red lines, in the same turn, in a match,
a batch or an AI's rollout alike. Pledges still open when the game ends are settled
then, at no cost.

>>> from game.scenario import load_rules
>>> from game.engine.state import initial_state
>>> rules = load_rules("winter-2021")
>>> s = add_pledge(rules, initial_state(rules, seed=1), Pledge("us", "arm_ukraine", st.PLEDGE_DO, due=1))
>>> s.pledge_kind.shape, int(s.pledge_status[0, 0]) == st.PLEDGE_OPEN
((1, 1), True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import state as st
from .rules import Effects, Rules
from .state import BatchState


class PledgeError(ValueError):
    """A pledge that does not fit the scenario (unknown role or action, a deadline out of the calendar)."""


@dataclass(frozen=True)
class Pledge:
    """A promise of ``role`` about its action ``action`` (an id), of ``kind`` (``PLEDGE_DO``,
    ``PLEDGE_REFRAIN``, ``PLEDGE_ANSWER``: the action is the answer promised), kept by turn ``due``."""

    role: str
    action: str
    kind: int
    due: int


def add_pledge(rules: Rules, state: BatchState, pledge: Pledge) -> BatchState:
    """A copy of ``state`` with ``pledge`` made in every game (a new column, open)."""
    if pledge.role not in rules.roles:
        raise PledgeError(f"unknown role '{pledge.role}'")
    try:
        action = rules.action(pledge.role, pledge.action)
    except KeyError:
        raise PledgeError(f"{pledge.role} has no action '{pledge.action}'") from None
    if pledge.kind not in (st.PLEDGE_DO, st.PLEDGE_REFRAIN, st.PLEDGE_ANSWER):
        raise PledgeError(f"unknown pledge kind {pledge.kind}")
    if pledge.kind == st.PLEDGE_ANSWER and action.slot is None:
        raise PledgeError(f"'{pledge.action}' does not answer a demand")
    if not 1 <= pledge.due <= rules.turns:
        raise PledgeError(f"a pledge falls due in a turn from 1 to {rules.turns}")
    s = state.copy()
    column = np.ones((s.size, 1), dtype=np.int16)
    s.pledge_action = np.asfortranarray(np.hstack([s.pledge_action, column * action.index]))
    s.pledge_kind = np.asfortranarray(np.hstack([s.pledge_kind, (column * pledge.kind).astype(np.int8)]))
    s.pledge_due = np.asfortranarray(np.hstack([s.pledge_due, column * pledge.due]))
    s.pledge_status = np.asfortranarray(np.hstack([s.pledge_status, (column * st.PLEDGE_OPEN).astype(np.int8)]))
    return s


def settle(rules: Rules, state: BatchState, done: np.ndarray, live: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Settle this turn's open pledges by ``done`` (the actions carried out, (G, A)) in the
    ``live`` games; returns, per pledge column, (column, kept mask, broken mask).

    A promise to act is kept when the action is carried out and broken when its turn passes
    without it; a promise to refrain the other way round; a promised answer is kept when the
    role gives it and broken when it gives another, or the demand is no longer pending, or
    the turn passes. ``state.pledge_status`` is updated in place.
    """
    out = []
    rows = np.arange(state.size)
    for k in range(state.pledge_kind.shape[1]):
        status, kind = state.pledge_status[:, k], state.pledge_kind[:, k]
        open_ = live & (status == st.PLEDGE_OPEN) & (kind != st.NO_PLEDGE)
        if not open_.any():
            continue
        action = state.pledge_action[:, k].astype(np.int64)
        acted = done[rows, action]
        late = state.turn >= state.pledge_due[:, k]
        kept = np.zeros(state.size, dtype=bool)
        broken = np.zeros(state.size, dtype=bool)
        do, refrain, answer = kind == st.PLEDGE_DO, kind == st.PLEDGE_REFRAIN, kind == st.PLEDGE_ANSWER
        kept |= do & acted
        broken |= do & ~acted & late
        broken |= refrain & acted
        kept |= refrain & ~acted & late
        if answer.any():
            slot = np.array([max(rules.actions[a].slot or 0, 0) for a in action])
            promised = np.array([rules.actions[a].answer for a in action])
            given = state.answers[rows, slot]
            pending = state.demand_status[rows, rules.slot_demand[slot]] == st.PENDING
            kept |= answer & (given == promised)
            broken |= answer & (given != st.NO_ANSWER) & (given != promised)
            broken |= answer & (given == st.NO_ANSWER) & (~pending | late)
        kept &= open_
        broken &= open_
        status[kept] = st.PLEDGE_KEPT
        status[broken] = st.PLEDGE_BROKEN
        out.append((k, kept, broken))
    return out


def settle_at_end(state: BatchState, ended: np.ndarray) -> None:
    """Games that ended this turn settle their open pledges, at no cost: a promise to act
    or to answer was not kept, a promise to refrain was."""
    open_ = ended[:, None] & (state.pledge_status == st.PLEDGE_OPEN) & (state.pledge_kind != st.NO_PLEDGE)
    state.pledge_status[open_ & (state.pledge_kind == st.PLEDGE_REFRAIN)] = st.PLEDGE_KEPT
    state.pledge_status[open_ & (state.pledge_kind != st.PLEDGE_REFRAIN)] = st.PLEDGE_BROKEN


def mildest_audience_cost(rules: Rules, role: int) -> Effects | None:
    """The smallest constant audience cost among ``role``'s threats and red lines (None if it has none)."""
    costs = [t.audience_cost.constant for t in rules.threats if t.by == role and t.audience_cost.constant.any()]
    if not costs:
        return None
    return Effects(min(costs, key=lambda c: float(np.abs(c).sum())).copy())
