"""What a role may see: the only window faces and AI players have on a game.

``observe_batch`` gives arrays for AI policies (one row per game);
``Observation`` is the same view of one game, in plain records for faces.
Hidden variables appear only as the role's estimate (with a 90% range) or not
at all; other roles' private actions, private events and hidden changes never
appear.

>>> from game.scenario import load_rules
>>> from game.engine.state import initial_state
>>> rules = load_rules("winter-2021")
>>> obs = observe(rules, initial_state(rules, seed=1), "us")
>>> obs.variable("invasion_readiness").exact
False
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from . import state as st
from .env import Env
from .report import TurnReport
from .rules import Cite, Rules
from .state import BatchState
from .step import legal_mask
from .tables import tables

Z90 = 1.645


@dataclass
class ObservationBatch:
    """A role's view of every game of a batch, as arrays (for AI policies).

    Built by ``observe_batch``, it holds only what the role may know, by construction:
    its view of the variables, its legal actions, the bookkeeping it knows (``known``:
    everything else zeroed), its score, and a seed of its own. No reference to the
    true state is kept, so a policy cannot read it even by mistake.
    """

    rules: Rules
    role: int
    turn: int
    values: np.ndarray  # (G, V): true value where visible, estimate where estimated, nan otherwise
    legal: np.ndarray  # (G, A): legal actions of this role
    env: Env  # expressions evaluated on this view
    games: np.ndarray
    seed: int  # the role's own seed (``role_seed``): its draws, which cannot recompute the game's
    scores: np.ndarray  # (G,) this role's score so far
    active: np.ndarray
    knows: KnownState = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.games)

    def known(self) -> KnownState:
        """The bookkeeping this role knows (for AI players that look ahead)."""
        return self.knows

    def subset(self, rows: np.ndarray) -> ObservationBatch:
        """The same view of some of the games (a policy may skip games that are over)."""
        knows = self.knows.take(rows)
        return ObservationBatch(
            rules=self.rules, role=self.role, turn=self.turn, values=np.asfortranarray(self.values[rows]),
            legal=np.asfortranarray(self.legal[rows]), env=Env(self.rules, knows, role=self.role),
            games=self.games[rows], seed=self.seed, scores=self.scores[rows], active=self.active[rows], knows=knows,
        )


@dataclass
class KnownState:
    """What a role knows of each game: its view of the variables (``values``), its own and
    public actions, public events, the demands and its own answers, the threats and the
    pledges made in public. Everything it may not know is zero. Expressions evaluated
    for the role read this (``Env(rules, known, role)``), never the true state."""

    turn: int
    values: np.ndarray  # (G, V) the role's view: exact, estimated, or nan
    uses: np.ndarray
    failed: np.ndarray
    last_orders: np.ndarray
    fired: np.ndarray
    pending: np.ndarray
    demand_status: np.ndarray
    demand_turn: np.ndarray
    answers: np.ndarray
    threat_status: np.ndarray
    threat_due: np.ndarray
    blocked: np.ndarray | None  # events ruled out by the facilitator (announced to all)
    pledge_action: np.ndarray
    pledge_kind: np.ndarray
    pledge_due: np.ndarray
    pledge_status: np.ndarray

    @property
    def size(self) -> int:
        return len(self.values)

    def take(self, rows: np.ndarray) -> KnownState:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = np.asfortranarray(value[rows]) if isinstance(value, np.ndarray) else value
        return KnownState(**out)


def role_seed(seed: int, role: int) -> int:
    """A role's own seed, from the game's: a one-way hash, so that nothing a role's player is
    given lets it recompute the game's hidden draws (intelligence noise, chances, starts).

    >>> role_seed(5, 0) == role_seed(5, 0) != role_seed(5, 1)
    True
    """
    digest = hashlib.blake2b(f"{seed}:{role}".encode(), digest_size=8, person=b"brink-role").digest()
    return int.from_bytes(digest, "little") >> 1  # 63 bits, like every seed


def _masked(array: np.ndarray, columns: np.ndarray | None) -> np.ndarray:
    """``array`` with the columns not in ``columns`` zeroed: a copy; or, when every column is known
    (``columns`` None: nothing to hide, the common case, so a batch run copies nothing), a read-only view."""
    if columns is None:
        return _shared(array)
    out = np.zeros_like(array, order="F")
    out[:, columns] = array[:, columns]
    return out


def _shared(array: np.ndarray) -> np.ndarray:
    """A read-only view of bookkeeping every role knows (demands, threats, pledges)."""
    view = array.view()
    view.flags.writeable = False
    return view


def known_state(rules: Rules, state: BatchState, role: int) -> KnownState:
    """Mask ``state`` down to what ``role`` knows."""
    t = tables(rules)
    actions, events, slots = t.known_actions[role], t.public_events, t.role_slots[role]
    return KnownState(
        turn=state.turn, values=state.estimates[:, role, :].copy(order="F"),
        uses=_masked(state.uses, actions), failed=_masked(state.failed, actions),
        last_orders=_masked(state.last_orders, actions),
        fired=_masked(state.fired, events), pending=_masked(state.pending, events),
        demand_status=_shared(state.demand_status), demand_turn=_shared(state.demand_turn),
        answers=_masked(state.answers, slots),
        threat_status=_shared(state.threat_status), threat_due=_shared(state.threat_due),
        blocked=None if state.blocked is None else _shared(state.blocked), pledge_action=_shared(state.pledge_action),
        pledge_kind=_shared(state.pledge_kind), pledge_due=_shared(state.pledge_due),
        pledge_status=_shared(state.pledge_status),
    )


def observe_batch(rules: Rules, state: BatchState, role: str | int, legal: np.ndarray | None = None) -> ObservationBatch:
    """The role's view of each game of the batch.

    ``legal`` may pass ``legal_mask(rules, state)`` when the caller has it already.
    """
    r = role if isinstance(role, int) else rules.role_index(role)
    everyone = legal_mask(rules, state) if legal is None else legal
    mine = tables(rules).role_actions[r]
    legal = np.zeros(everyone.shape, dtype=bool, order="F")
    legal[:, mine] = everyone[:, mine]
    knows = known_state(rules, state, r)
    return ObservationBatch(
        rules=rules, role=r, turn=state.turn, values=knows.values, legal=legal, env=Env(rules, knows, role=r),
        games=state.games.copy(), seed=role_seed(state.seed, r), scores=state.scores[:, r].copy(),
        active=state.active.copy(), knows=knows,
    )


@dataclass
class VariableView:
    id: str
    label: str
    unit: str
    value: float | None  # exact value or the central estimate; None when unseen
    exact: bool
    low: float | None = None  # 90% range for estimates
    high: float | None = None
    rung: str = ""
    description: str = ""
    # An estimate's last turn: the estimate the role was given then (None: no turn before, or it
    # saw nothing), and the spread of each week's estimate (its standard deviation), so a face can
    # tell a move of the true value from the noise of a fresh estimate.
    previous: float | None = None
    sd: float | None = None


@dataclass
class ActionView:
    id: str
    label: str
    kind: str
    cost: int
    description: str
    cite: Cite
    # What the player should know before giving the order, in words: the engine leaves these
    # empty (it words nothing); ``game.play.consequences.worded`` fills them in from the role's view.
    effects: dict[str, str] = field(default_factory=dict)  # variable label -> expected change, in words
    group: str = ""  # heading in the orders panel
    group_rank: int = 0  # order of that heading
    uses_left: int | None = None  # times it may still be given (None: no limit)
    vote: bool = False  # allies must agree (a decision by consensus)
    consent: float | None = None  # the chance they all agree, as this role judges it (None: it cannot judge)
    fail_headline: str = ""  # what the papers say when they do not
    fail_effects: dict[str, str] = field(default_factory=dict)  # and what that costs, in words
    ends: list[str] = field(default_factory=list)  # titles of the endings it brings about at once
    decides: list[str] = field(default_factory=list)  # titles of endings it fixes for the end of the game
    unlocks: list[str] = field(default_factory=list)  # labels of the role's orders it opens


@dataclass
class DemandView:
    id: str
    label: str
    by: str
    to: list[str]
    status: str
    made_turn: int
    expires_turn: int
    my_answer: str | None
    text: str


@dataclass
class ThreatView:
    id: str
    kind: str
    by: str
    label: str
    status: str
    due_turn: int | None


@dataclass
class Observation:
    """One role's view of one game."""

    role: str
    role_name: str
    turn: int
    turns: int
    date: dt.date
    budget: int
    score: float
    variables: list[VariableView]
    legal: list[ActionView]
    demands: list[DemandView]
    threats: list[ThreatView]
    upcoming: list[tuple[int, str]] = field(default_factory=list)
    ending: str | None = None
    # What one turn is called ("week", "month"): faces without the rules (LAN clients) need it too.
    turn_word: str = "turn"
    turn_words: str = "turns"

    def variable(self, var_id: str) -> VariableView:
        return next(v for v in self.variables if v.id == var_id)


def observe(rules: Rules, state: BatchState, role: str, game: int = 0,
            previous: np.ndarray | None = None) -> Observation:
    """The role's view of one game of the batch (for faces); ``previous``, the role's own
    estimates of the turn before (V,), is given back beside each estimate it told."""
    r = rules.role_index(role)
    est = state.estimates[game, r]
    variables = []
    for v, info in enumerate(rules.variables):
        view = VariableView(info.id, info.label, info.unit, None, False, description=info.description)
        if rules.visible[r, v]:
            view.value, view.exact = float(est[v]), True
        elif not np.isnan(est[v]):
            sd = rules.noise[r, v]
            view.value = float(est[v])
            view.low = float(max(rules.vmin[v], est[v] - Z90 * sd))
            view.high = float(min(rules.vmax[v], est[v] + Z90 * sd))
            view.sd = float(sd)
            if previous is not None and not np.isnan(previous[v]):
                view.previous = float(previous[v])
        if view.value is not None:
            view.rung = rules.rung(info.id, view.value)
        variables.append(view)
    one = state.take(np.array([game]))
    legal_row = legal_mask(rules, one)[0]
    legal = [
        ActionView(a.id, a.label, a.kind, a.cost, a.description, a.cite, group=a.group, group_rank=a.group_rank)
        for a in rules.actions if a.role == r and legal_row[a.index]
    ]
    demands = []
    for d in rules.demands:
        code = int(state.demand_status[game, d.index])
        if code == st.NOT_MADE:
            continue
        mine = None
        if r in d.to:
            answer = int(state.answers[game, d.slots[d.to.index(r)]])
            mine = st.ANSWER_WORDS[answer]
        made = int(state.demand_turn[game, d.index])
        demands.append(DemandView(d.id, d.label, rules.roles[d.by], [rules.roles[t] for t in d.to],
                                  st.DEMAND_STATUS[code], made, made + d.expires_after, mine, d.text))
    threats = []
    for t in rules.threats:
        code = int(state.threat_status[game, t.index])
        if code == st.UNDECLARED:
            continue
        due = int(state.threat_due[game, t.index]) if code >= st.DUE else None
        threats.append(ThreatView(t.id, t.kind, rules.roles[t.by], t.label, st.THREAT_STATUS[code], due))
    upcoming = [(e.turn, e.headline) for e in rules.events
                if e.inject and e.public and e.turn is not None and e.turn >= state.turn]
    ending = int(state.ending[game])
    return Observation(
        role=role, role_name=rules.role_names[r], turn=min(state.turn, rules.turns), turns=rules.turns,
        date=rules.date_of(min(state.turn, rules.turns)), budget=int(rules.budgets[r]),
        score=float(state.scores[game, r]), variables=variables, legal=legal, demands=demands,
        threats=threats, upcoming=sorted(upcoming), ending=rules.endings[ending].id if ending >= 0 else None,
        turn_word=rules.turn_word, turn_words=rules.turn_words,
    )


def visible_report(rules: Rules, report: TurnReport, role: str) -> TurnReport:
    """The part of a turn report one role may see.

    Entries by others that are private are dropped; changes to variables the
    role cannot see exactly are dropped (it learns of them only through its next
    estimate).
    """
    r = rules.role_index(role)
    out = TurnReport(report.turn, report.date, ending=report.ending)
    for e in report.entries:
        mine = e.role == r
        if not (e.public or mine):
            continue
        changes = [(v, d) for v, d in e.changes if rules.visible[r, v]]
        out.entries.append(dataclasses.replace(e, changes=changes))
    return out
