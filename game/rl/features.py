"""A role's observation as a vector of numbers in [0, 1], for learning agents.

Built from ``ObservationBatch`` alone (the role's own view: what it sees, its
estimates, the bookkeeping it knows), so nothing hidden from the role can
reach the vector. One row per game: the research environments encode a batch
of one, the exploit search's learner a batch of thousands, with the same code.

The layout depends on the scenario and the role, never on the game: the same
columns in the same order every turn. ``Encoder.names`` names every column;
the blocks, in order:

=========================  =====================  ==========================================
columns                    one per                value
=========================  =====================  ==========================================
``turn``                   (one)                  (turn - 1) / (turns - 1): 0 in the first turn, 1 in the last
``seen.VAR``               variable it sees       its value, scaled by the variable's bounds
``estimate.VAR``           variable it estimates  the central estimate, scaled
``low.VAR``, ``high.VAR``  variable it estimates  the estimate's 90% range, scaled (clipped to the bounds)
``used.ACTION``            its own action         times carried out so far, capped at 4, / 4
``last.ACTION``            its own action         1 if carried out last turn
``used.ROLE.ACTION``       another role's public  times carried out so far (capped at 4, / 4)
                           action
``last.ROLE.ACTION``       another role's public  1 if carried out last turn
                           action
``demand.D.STATUS``        demand x status        1 for the demand's status (not made, pending, accepted,
                                                  rejected, countered, expired), else 0
``demand.D.left``          demand                 turns left to answer a pending demand / its time limit
``answer.D.WORD``          demand addressed to    1 for its own answer so far (none, accept, reject, counter)
                           the role
``threat.T.STATUS``        threat or red line x   1 for its status (not declared, declared, due, honored, broken)
                           status
``threat.T.due_in``        threat or red line     turns until it falls due / the game's length (0 when not due)
``fired.EVENT``            public event           times it happened, capped at 4, / 4
=========================  =====================  ==========================================

Variables the role neither sees nor estimates have no column (they would be
constant). Another role's private actions and private events have none either.

>>> from game.scenario import load_rules
>>> from game.engine import initial_state, observe_batch
>>> rules = load_rules("winter-2021")
>>> encoder = Encoder(rules, "us")
>>> x = encoder.encode(observe_batch(rules, initial_state(rules, seed=1, games=3), "us"))
>>> x.shape == (3, encoder.size), float(x.min()) >= 0.0, float(x.max()) <= 1.0
(True, True, True)
>>> encoder.names[0], "estimate.invasion_readiness" in encoder.names
('turn', True)
"""

from __future__ import annotations

import numpy as np

from ..engine import state as st
from ..engine.observe import Z90, ObservationBatch
from ..engine.rules import Rules
from ..engine.tables import tables

USE_CAP = 4  # counts of uses and events are capped here before scaling to [0, 1]
ANSWER_WORDS = ("none", "accept", "reject", "counter")
STATUS_WORDS = tuple(w.replace(" ", "_") for w in st.DEMAND_STATUS)
THREAT_WORDS = tuple(w.replace(" ", "_") for w in st.THREAT_STATUS)


class Encoder:
    """The observation vector of one role of one scenario (see the module's docstring for the layout)."""

    def __init__(self, rules: Rules, role: str):
        self.rules, self.role = rules, role
        r = self.r = rules.role_index(role)
        self.seen = np.flatnonzero(rules.visible[r])
        self.estimated = np.flatnonzero(~rules.visible[r] & ~np.isnan(rules.noise[r]))
        self.own = np.flatnonzero(rules.action_role == r)
        self.theirs = np.flatnonzero(tables(rules).public_actions & (rules.action_role != r))
        self.events = np.array([e.index for e in rules.events if e.public], dtype=np.int64)
        self.addressed = [(d, d.slots[d.to.index(r)]) for d in rules.demands if r in d.to]
        span = rules.vmax - rules.vmin
        self.span = np.where(span > 0, span, 1.0)
        names = ["turn"]
        names += [f"seen.{rules.variables[v].id}" for v in self.seen]
        for kind in ("estimate", "low", "high"):
            names += [f"{kind}.{rules.variables[v].id}" for v in self.estimated]
        for kind in ("used", "last"):
            names += [f"{kind}.{rules.actions[i].id}" for i in self.own]
        for kind in ("used", "last"):
            names += [f"{kind}.{rules.roles[rules.actions[i].role]}.{rules.actions[i].id}" for i in self.theirs]
        for d in rules.demands:
            names += [f"demand.{d.id}.{word}" for word in STATUS_WORDS] + [f"demand.{d.id}.left"]
        for d, _ in self.addressed:
            names += [f"answer.{d.id}.{word}" for word in ANSWER_WORDS]
        for t in rules.threats:
            names += [f"threat.{t.id}.{word}" for word in THREAT_WORDS] + [f"threat.{t.id}.due_in"]
        names += [f"fired.{rules.events[e].id}" for e in self.events]
        self.names: list[str] = names

    @property
    def size(self) -> int:
        return len(self.names)

    def encode(self, obs: ObservationBatch) -> np.ndarray:
        """(games, size) float32 in [0, 1]: the role's view of each game of ``obs``."""
        rules, r = self.rules, self.r
        if obs.role != r:
            raise ValueError(f"an observation of {rules.roles[obs.role]} given to the encoder of {self.role}")
        known = obs.known()
        G, turn = obs.size, obs.turn
        values = np.where(np.isnan(obs.values), rules.initial[None, :], obs.values)

        def scaled(v: np.ndarray, x: np.ndarray) -> np.ndarray:
            return (x - rules.vmin[v]) / self.span[v]

        half = Z90 * rules.noise[r, self.estimated]
        guess = values[:, self.estimated]
        blocks = [
            np.full((G, 1), (turn - 1) / max(rules.turns - 1, 1)),
            scaled(self.seen, values[:, self.seen]),
            scaled(self.estimated, guess),
            scaled(self.estimated, np.maximum(rules.vmin[self.estimated], guess - half)),
            scaled(self.estimated, np.minimum(rules.vmax[self.estimated], guess + half)),
            np.minimum(known.uses[:, self.own], USE_CAP) / USE_CAP,
            known.last_orders[:, self.own],
            np.minimum(known.uses[:, self.theirs], USE_CAP) / USE_CAP,
            known.last_orders[:, self.theirs],
        ]
        for d in rules.demands:
            status = known.demand_status[:, d.index]
            blocks.append(status[:, None] == np.arange(len(STATUS_WORDS))[None, :])
            left = known.demand_turn[:, d.index] + d.expires_after - turn
            blocks.append(np.where(status == st.PENDING, left / max(d.expires_after, 1), 0.0)[:, None])
        for _, slot in self.addressed:
            blocks.append(known.answers[:, slot][:, None] == np.arange(len(ANSWER_WORDS))[None, :])
        for t in rules.threats:
            status = known.threat_status[:, t.index]
            blocks.append(status[:, None] == np.arange(len(THREAT_WORDS))[None, :])
            due = (known.threat_due[:, t.index] - turn) / max(rules.turns, 1)
            blocks.append(np.where(status == st.DUE, due, 0.0)[:, None])
        blocks.append(np.minimum(known.fired[:, self.events], USE_CAP) / USE_CAP)
        x = np.concatenate([np.asarray(b, dtype=np.float32).reshape(G, -1) for b in blocks], axis=1)
        return np.clip(np.nan_to_num(x, nan=0.0), 0.0, 1.0)
