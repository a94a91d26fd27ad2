"""How a modelled role reacts to the game's public signals: the answer its demand got, and
the threats and red lines declared against its moves.

The cheap models of the opponent mixture (``habit``, ``historical``, ...) play as if
nobody had said anything. A real demand-maker does not: while its written demand is
unanswered it waits for a yes; once the demand is rejected, or settled without a yes, no
yes can come, and a demand-maker whose forces are ready strikes. A first counter (another
path offered while other addressees are still to answer) is not that refusal: the demand
stands and the demand-maker goes on waiting for their word. And a player facing a
declared threat weighs its author's credibility before the move that would trigger it.
``Reactions`` lays both over whatever a model ordered, in the imagined games of the
rollouts and the mixture's predictions alike (games x actions, numpy):

- **refused**: a demand by the role is rejected by any addressee, or settled without a yes
  (every addressee has answered, one at least with a counter: the status ``countered``); a
  counter while others are still to answer is not a refusal, nor is a lapsed demand (public:
  the answers are public moves, the status is shared). The role orders its *strikes* (its
  moves that raise the scenario's ladder by at least half as much as its biggest rise:
  in winter-2021 Russia's limited incursion and full invasion) with probability
  ``STRIKE`` x its readiness, the share of its strikes legal in that imagined game (the
  strikes' own conditions on forces and readiness, read on the imagined values, which
  are drawn around the modeller's estimates: never the true hidden state).
- **waiting**: a demand by the role is pending and nobody has rejected it (a first counter
  included). Its strikes are
  held back with probability ``WAIT``.
- **deterred**: a threat or red line aimed at the role's moves (its trigger counts the
  role's actions, ``used.X``) is declared and not yet triggered. Its trigger moves are
  dropped with probability ``DETER`` x the declarer's credibility (the variables the
  threat's audience cost lowers, as a share of their range; the strongest threat counts),
  the same draw every week of an imagined game: a deterred player is a type.

Uniform draws keyed by the imagined game's number and turn (the deterrence's by the game
alone), so every candidate order meets the same reactions.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> reactions = Reactions(rules)
>>> [rules.actions[a].id for a in reactions.strikes[rules.role_index("russia")]]
['full_invasion', 'limited_incursion']
"""

from __future__ import annotations

import re

import numpy as np

from ..engine import rng
from ..engine import state as st
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..engine.step import stream_of
from .policies import fill_orders

STRIKE = 0.5  # a week's chance that a refused demand-maker with every strike ready strikes
WAIT = 0.8  # a week's chance that a demand-maker still hoping for a yes holds its strikes back
DETER = 0.6  # the chance that a threat of a fully credible declarer deters its trigger moves (a type)
STREAM_REACT = stream_of("opponent-reactions")
_USED = re.compile(r"\bused\.([A-Za-z_][\w.]*)")


class Reactions:
    """The public signals each role's model reacts to, read once from the rules."""

    def __init__(self, rules: Rules):
        self.rules = rules
        R, A = len(rules.roles), len(rules.actions)
        ladder = next((i for i, v in enumerate(rules.variables) if v.rungs), None)
        rise = np.array([float(a.effects.constant[ladder]) if ladder is not None else 0.0 for a in rules.actions])
        self.strikes: list[np.ndarray] = []
        for r in range(R):
            mine = np.flatnonzero((rules.action_role == r) & (rise > 0))
            top = rise[mine].max() if len(mine) else 0.0
            strikes = mine[rise[mine] >= top / 2] if top > 0 else mine[:0]
            self.strikes.append(strikes[np.argsort(-rise[strikes], kind="stable")])
        # (A, D) an answer that refuses the demand by itself (a flat reject), by a public move. A
        # counter refuses only once it settles the demand (the status ``countered``): a first
        # counter, the others still to answer, keeps the demand-maker waiting, and in real games
        # of planners an early US counter cut the Kremlin's strikes (57% to 21%, README).
        self.refusal = np.zeros((A, len(rules.demands)), dtype=bool)
        for a in rules.actions:
            if a.slot is not None and a.answer == st.REJECT and a.public:
                d = int(rules.slot_demand[a.slot])
                self.refusal[a.index, d] = True
        self.demands_by = [np.array([d.index for d in rules.demands if d.by == r], dtype=np.int64) for r in range(R)]
        # threats: the actions their trigger counts, and the variables a broken one costs its author
        by_id: dict[str, list[int]] = {}
        for a in rules.actions:
            by_id.setdefault(a.id, []).append(a.index)
        self.trigger_moves: list[np.ndarray] = []
        self.credibility: list[np.ndarray] = []
        for t in rules.threats:
            text = getattr(t.trigger, "text", "") if t.trigger is not None else ""
            moves = sorted({i for name in _USED.findall(text) for i in by_id.get(name, []) if rules.action_role[i] != t.by})
            self.trigger_moves.append(np.array(moves, dtype=np.int64))
            self.credibility.append(np.flatnonzero(t.audience_cost.constant < 0))
        # read once for the rollouts, which ask every week of every imagined game: each role's demands'
        # refusing answers, and the threats aimed at its moves with the moves they aim at
        self.refusals_of = [self.refusal[:, d].astype(np.int64) for d in self.demands_by]
        self.aimed_at = [[(t, moves[rules.action_role[moves] == r]) for t, moves in enumerate(self.trigger_moves)
                          if (rules.action_role[moves] == r).any()] for r in range(R)]

    def credibility_of(self, state: BatchState, t: int) -> np.ndarray:
        """(G,) the declarer's credibility in [0, 1]: the mean share of their range of the
        variables a broken threat costs it (0.5 for a threat that costs nothing named)."""
        columns = self.credibility[t]
        if not len(columns):
            return np.full(state.size, 0.5)
        low, high = self.rules.vmin[columns], self.rules.vmax[columns]
        share = (state.values[:, columns] - low) / np.maximum(high - low, 1e-9)
        return np.clip(share.mean(axis=1), 0.0, 1.0)

    def signals(self, state: BatchState, role: int) -> tuple[np.ndarray, np.ndarray]:
        """((G,) refused, (G,) waiting): has a demand by ``role`` been refused (countered or
        rejected), or is one pending that nobody has refused yet."""
        demands = self.demands_by[role]
        G = state.size
        if not len(demands):
            return np.zeros(G, dtype=bool), np.zeros(G, dtype=bool)
        status = state.demand_status[:, demands]
        answered_no = (state.uses @ self.refusals_of[role]) > 0  # (G, D) a reject on record
        made = status != st.NOT_MADE
        # a demand left to lapse is neither: a demand-maker may make it again (against the never-answering
        # diplomacy script the thinking Kremlin does not strike: 1 incursion in 100 games, README)
        refused = made & (answered_no | (status == st.REJECTED) | (status == st.COUNTERED))
        waiting = (status == st.PENDING) & ~refused
        return refused.any(axis=1), waiting.any(axis=1) & ~refused.any(axis=1)

    def deterrence(self, state: BatchState, role: int) -> tuple[np.ndarray, np.ndarray]:
        """((G,) chance, (A,) moves): how likely the declared threats aimed at ``role`` deter
        it this week (the strongest counts), and the moves they would deter."""
        chance = np.zeros(state.size)
        moves = np.zeros(len(self.rules.actions), dtype=bool)
        for t, aimed in self.aimed_at[role]:
            declared = state.threat_status[:, t] == st.DECLARED
            if not declared.any():
                continue
            chance = np.maximum(chance, np.where(declared, DETER * self.credibility_of(state, t), 0.0))
            moves[aimed] = True
        return chance, moves

    def react(self, state: BatchState, legal: np.ndarray, role: int, orders: np.ndarray) -> np.ndarray:
        """``orders`` with ``role``'s columns changed by its reactions (the other columns as they were).

        >>> from game.scenario import load_rules
        >>> from game.engine.state import initial_state
        >>> from game.engine.step import legal_mask
        >>> rules = load_rules("winter-2021")
        >>> s = initial_state(rules, seed=0, games=2)
        >>> none = np.zeros((2, len(rules.actions)), dtype=bool)
        >>> bool(Reactions(rules).react(s, legal_mask(rules, s), rules.role_index("russia"), none).any())
        False
        """
        strikes = self.strikes[role]
        refused, waiting = self.signals(state, role)
        chance, deterred = self.deterrence(state, role)
        if not (refused.any() or waiting.any() or chance.any()):
            return orders
        out = orders.copy(order="F")
        if len(strikes) and (refused.any() or waiting.any()):
            u = rng.uniform(state.seed, state.games, state.turn, STREAM_REACT + role, 2)
            ready = legal[:, strikes].mean(axis=1)
            strike = refused & (u[:, 0] < STRIKE * ready)
            if strike.any():
                rows = np.flatnonzero(strike)
                mine = np.flatnonzero(self.rules.action_role == role)
                order = np.concatenate([strikes, mine])
                want = np.concatenate([np.ones((len(rows), len(strikes)), dtype=bool), out[np.ix_(rows, mine)]], axis=1)
                out[np.ix_(rows, mine)] = fill_orders(self.rules, role, legal[rows], order, want)[:, mine]
            hold = waiting & (u[:, 1] < WAIT)
            if hold.any():
                out[np.ix_(np.flatnonzero(hold), strikes)] = False
        # deterred or not is the imagined player's type, drawn once a game: a week's
        # deterrence that only put the strike off to the next week would deter nothing
        if not chance.any():  # no draw can fall below a chance of 0
            return out
        deter = rng.uniform(state.seed, state.games, 0, STREAM_REACT + role, 3)[:, 2] < chance
        if deter.any():
            out[np.ix_(np.flatnonzero(deter), np.flatnonzero(deterred))] = False
        return out
