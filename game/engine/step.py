"""One turn: a fixed sequence of named phases applied to a whole batch at once.

Phases, in order (each reads the state the previous one left):

1. ``orders``: drop orders that are illegal, beyond the budget or excluded by an
   earlier order; roll each action's chance and each decision's consensus.
2. ``diplomacy``: diplomatic moves and other actions take effect.
3. ``decisions``: alliance decisions that won consensus take effect; failed ones
   cost what their ``on_fail`` says.
4. ``demands``: answers to pending demands, new demands, outcomes, expiry.
5. ``deployments``: troop moves.
6. ``sanctions``: threats and impositions.
7. ``reactions``: non-player actors react.
8. ``events``: delayed effects land, then scheduled and conditional events fire.
9. ``threats``: threats and red lines are declared, come due, are honoured or
   broken (a broken one costs its author the audience cost).
10. ``pledges``: commitments and offers made in public statements are kept or
    broken by what was carried out (a broken one costs its author the mildest
    audience cost; see ``game.engine.pledges``).
11. ``drift``: variables move by themselves.
12. ``endings``: the first ending whose condition holds ends the game; after the
    last turn, the default ending (pledges still open are settled, at no cost).
13. ``reckoning``: in a game that has just ended, a threat or red line that has
    come due and was not carried out is broken now (its author pays the audience
    cost): the crisis ending does not let a broken promise off.
14. ``scoring``: each role's objectives are scored.

Effects within a phase are applied together, then clamped to the bounds. The
engine records causes, not prose: each report entry names its phase, kind and
the id of what caused it; headlines written in the scenario come along, and the
faces word the rest (``game.play.words``).

>>> from game.scenario import load_rules
>>> from game.engine.state import initial_state
>>> rules = load_rules("winter-2021")
>>> s = initial_state(rules, seed=3, games=2)
>>> s2, _ = step(rules, s, np.zeros((2, len(rules.actions)), dtype=bool))
>>> s2.turn
2
"""

from __future__ import annotations

import zlib

import numpy as np

from . import pledges, rng
from . import state as st
from .env import Env, evaluate, holds
from .report import Entry, Recorder, TurnReport
from .rules import ActionRule, Effects, Rules
from .state import BatchState, refresh_estimates
from .tables import tables

PHASES = (
    "orders", "diplomacy", "decisions", "demands", "deployments", "sanctions",
    "reactions", "events", "threats", "pledges", "drift", "endings", "reckoning", "scoring",
)
ACTION_PHASES = ("diplomacy", "decisions", "deployments", "sanctions")


def stream_of(*parts: object) -> int:
    """A stable random-stream number for a named use of randomness."""
    return zlib.crc32(":".join(map(str, parts)).encode())


def legal_mask(rules: Rules, state: BatchState) -> np.ndarray:
    """(games, actions) bool: which actions each game allows this turn."""
    t = tables(rules)
    G, A = state.size, len(rules.actions)
    legal = np.empty((G, A), dtype=bool, order="F")
    legal[:] = state.active[:, None]
    if len(t.limited):
        # Only the actions used up in some game need a look, column by column.
        most = state.uses.max(axis=0) if G else np.zeros(A)
        for i in t.limited[most[t.limited] >= rules.max_uses[t.limited]]:
            legal[:, i] &= state.uses[:, i] < rules.max_uses[i]
    if len(t.demand_actions):
        legal[:, t.demand_actions] &= state.demand_status[:, t.demand_of_action] == st.NOT_MADE
    if len(t.slot_actions):
        d = t.slot_demand_of_action
        legal[:, t.slot_actions] &= (
            (state.demand_status[:, d] == st.PENDING)
            & (state.answers[:, t.slot_of_action] == st.NO_ANSWER)
            & (state.demand_turn[:, d] < state.turn)
        )
    if t.when_actions:
        env = Env(rules, state)
        for i in t.when_actions:
            legal[:, i] &= holds(rules.actions[i].when, env, G)
    return legal


def check_orders(rules: Rules, state: BatchState, orders: np.ndarray, legal: np.ndarray | None = None) -> np.ndarray:
    """Orders kept after legality, exclusions and budgets (in canonical action order).

    ``legal`` may pass ``legal_mask(rules, state)`` when the caller has it already.
    """
    t = tables(rules)
    kept: np.ndarray = orders & (legal_mask(rules, state) if legal is None else legal)
    # The sequential rules below only matter for games with a clash or an overspend,
    # and only the actions ordered somewhere in the batch can clash or cost.
    ordered = np.asarray(kept.any(axis=0))
    pairs = ordered[t.clash_first] & ordered[t.clash_second]
    if pairs.any():
        rows = np.flatnonzero((kept[:, t.clash_first[pairs]] & kept[:, t.clash_second[pairs]]).any(axis=1))
        if len(rows):
            kept[rows] = _drop_excluded(rules, kept[rows])
    columns = np.flatnonzero(ordered)
    spent = kept[:, columns].astype(np.float32) @ t.cost_by_role[columns].astype(np.float32)  # small whole numbers: exact
    rows = np.flatnonzero((spent > rules.budgets[None, :]).any(axis=1))
    if len(rows):
        kept[rows] = _drop_over_budget(rules, kept[rows])
    return kept


def _drop_excluded(rules: Rules, kept: np.ndarray) -> np.ndarray:
    """An order is dropped when an earlier order that was kept excludes it (either action may name
    the other: ``rules.exclusion`` is symmetric)."""
    for i in np.flatnonzero(rules.exclusion.any(axis=1)):
        later = i + 1 + np.flatnonzero(rules.exclusion[i, i + 1:])
        if len(later):
            kept[:, later] &= ~kept[:, i:i + 1]
    return kept


def _drop_over_budget(rules: Rules, kept: np.ndarray) -> np.ndarray:
    """Orders are paid in canonical order; from the first that overspends, the role's later ones drop."""
    for r, budget in enumerate(rules.budgets):
        mine = rules.action_role == r
        spent = np.cumsum(kept * (rules.costs * mine), axis=1)
        kept &= ~((spent > budget) & mine)
    return kept


def step(rules: Rules, state: BatchState, orders: np.ndarray, record: bool = False,
         legal: np.ndarray | None = None, in_place: bool = False) -> tuple[BatchState, list[TurnReport]]:
    """Resolve one turn for every game of the batch; returns the new state and reports.

    ``orders`` is a (games, actions) bool array holding every role's orders.
    Reports are returned (one per game) only when ``record`` is true. ``legal``
    may pass ``legal_mask(rules, state)`` when the caller has computed it.
    ``in_place`` changes ``state`` itself instead of a copy (for batch runs
    that own their state and do not keep the old one).
    """
    # Estimates are redrawn at the end of the turn, never changed in place: they can be shared.
    s = state if in_place else state.copy(share=("estimates",))
    turn = _Turn(rules, s, record)
    turn.run(np.asfortranarray(orders, dtype=bool), legal)
    return s, turn.recorder.reports


Cause = tuple[np.ndarray, Effects, Entry]


class _Turn:
    """The phases of one turn over one batch (a helper object, not kept).

    Speed matters here (a Monte Carlo run plays millions of game-turns), so the
    work is done column by column on column-major arrays, and only for the
    actions, events and variables that something touched. Two rules keep it
    exact: ``values`` is replaced, never changed in place (an ``Env`` may hold
    views of its columns), and effects are summed in the same order as they are
    listed, whatever the batch.
    """

    def __init__(self, rules: Rules, state: BatchState, record: bool):
        self.rules, self.s = rules, state
        self.active = state.active
        self.G = state.size
        self.recorder = Recorder(record, state.size, state.turn, rules.date_of(state.turn))
        self.before = state.values.copy() if record else None

    # -- helpers ---------------------------------------------------------------------------
    def env(self) -> Env:
        return Env(self.rules, self.s, now=self.now)

    def apply(self, phase: str, causes: list[Cause]) -> None:
        """Apply several causes' effects together, record each, then clamp."""
        causes = [c for c in causes if c[0].any()]
        if not causes:
            return
        s, env, G, recording = self.s, self.env(), self.G, self.recorder.enabled
        totals: dict[int, np.ndarray] = {}
        for mask, effects, entry in causes:
            # np.where(mask, x, 0.0) is mask * x without the multiplication
            delta: dict[int, np.ndarray] = {v: np.where(mask, c, 0.0) for v, c in effects.targets}
            for v, expr in effects.formulas:
                _accumulate(delta, v, np.where(mask, evaluate(expr, env, G), 0.0))
            for v, sd in effects.spread:
                noise = rng.normal(s.seed, s.games, s.turn, stream_of(phase, entry.kind, entry.id, v))[:, 0]
                _accumulate(delta, v, np.where(mask, sd * noise, 0.0))
            for v, column in delta.items():
                _accumulate(totals, v, column)
            if recording:
                self.recorder.add(mask, entry, _full(delta, s.values.shape))
        self.add_clipped(totals)

    def add_clipped(self, totals: dict[int, np.ndarray]) -> None:
        """values + totals, clamped to the bounds, as a new array."""
        if not totals:
            return
        rules, old = self.rules, self.s.values
        new = old.copy(order="K")
        for v, total in totals.items():
            new[:, v] = np.clip(old[:, v] + total, rules.vmin[v], rules.vmax[v])
        self.s.values = new

    def draw(self, *key: object) -> np.ndarray:
        return rng.uniform(self.s.seed, self.s.games, self.s.turn, stream_of(*key))[:, 0]

    def action_entry(self, a: ActionRule, phase: str, kind: str = "action", headline: str | None = None) -> Entry:
        """An entry for action ``a``: its own headline, or ``headline`` ("" leaves the wording to the faces)."""
        return Entry(phase, kind, a.id, a.headline if headline is None else headline, role=a.role, text=a.text,
                     public=a.public, cite=a.cite)

    # -- the phases ------------------------------------------------------------------------
    def run(self, orders: np.ndarray, legal: np.ndarray | None = None) -> None:
        self.phase_orders(orders, legal)
        for phase in ("diplomacy", "decisions"):
            self.phase_actions(phase)
        self.phase_demands()
        for phase in ("deployments", "sanctions"):
            self.phase_actions(phase)
        self.phase_events(reactions=True)
        self.phase_events(reactions=False)
        self.phase_threats()
        self.phase_pledges()
        self.phase_drift()
        self.phase_endings()
        self.phase_reckoning()
        self.phase_scoring()
        s = self.s
        s.last_orders = self.now
        if self.recorder.enabled:
            for g, report in enumerate(self.recorder.reports):
                assert self.before is not None  # kept whenever reports are recorded
                report.before, report.after = self.before[g], s.values[g].copy()
                if self.active[g] and s.ending[g] >= 0:
                    report.ending = self.rules.endings[s.ending[g]].id
        s.turn += 1
        if self.active.any():  # games over before this turn keep their last estimates anyway
            refresh_estimates(self.rules, s, ended_before=~self.active)

    def phase_orders(self, orders: np.ndarray, legal: np.ndarray | None) -> None:
        rules, s = self.rules, self.s
        orders = orders & self.active[:, None]
        kept = check_orders(rules, s, orders, legal)
        self.consensus_failed = np.zeros_like(kept)
        done = kept.copy(order="K")
        env = None
        for i in np.flatnonzero(kept.any(axis=0)):
            a = rules.actions[i]
            column = kept[:, i]
            if a.chance.constant is None or a.chance.constant < 1:
                env = env or Env(rules, s)
                p = evaluate(a.chance, env, self.G)
                lucky = self.draw("chance", a.id) < p
                self.recorder.add(column & ~lucky, self.action_entry(a, "orders", "fizzled", ""))
                done[:, i] &= lucky
            if a.agree:
                agreed = np.ones(self.G, dtype=bool)
                env = env or Env(rules, s)
                for b, expr in enumerate(a.agree):
                    agreed &= self.draw("consensus", a.id, rules.bloc_ids[b]) < evaluate(expr, env, self.G)
                self.consensus_failed[:, i] = done[:, i] & ~agreed
                done[:, i] &= agreed
        if self.recorder.enabled:
            dropped = orders & ~kept
            for a in rules.actions:
                if dropped[:, a.index].any():
                    entry = Entry("orders", "dropped", a.id, "", role=a.role, public=False, cite=a.cite)
                    self.recorder.add(dropped[:, a.index], entry)
        self.now = done
        self.done_any: np.ndarray = np.asarray(done.any(axis=0))
        self.failed_any: np.ndarray = np.asarray(self.consensus_failed.any(axis=0))
        s.uses = s.uses + done.astype(np.int16)
        s.failed = s.failed + self.consensus_failed.astype(np.int16)

    def phase_actions(self, phase: str) -> None:
        causes = []
        for a in tables(self.rules).phase_actions[phase]:
            if self.done_any[a.index]:
                causes.append((self.now[:, a.index], a.effects, self.action_entry(a, phase)))
            if a.on_fail is not None and self.failed_any[a.index]:
                entry = self.action_entry(a, phase, "no_consensus", a.fail_headline)
                causes.append((self.consensus_failed[:, a.index], a.on_fail, entry))
        self.apply(phase, causes)

    def phase_demands(self) -> None:
        rules, s = self.rules, self.s
        causes = []
        for a in tables(rules).phase_actions["demands"]:
            if not self.done_any[a.index]:
                continue
            done = self.now[:, a.index]
            if a.slot is not None:
                s.answers[done, a.slot] = a.answer
                causes.append((done, a.effects, self.action_entry(a, "demands", "response")))
            elif a.demand is not None:
                s.demand_status[done, a.demand] = st.PENDING
                s.demand_turn[done, a.demand] = s.turn
                causes.append((done, a.effects, self.action_entry(a, "demands", "demand")))
        self.apply("demands", causes)
        causes = []
        for d in rules.demands:
            pending = self.active & (s.demand_status[:, d.index] == st.PENDING)  # ended games stop changing
            if not pending.any():
                continue
            answers = s.answers[:, d.slots]
            complete = pending & (answers > 0).all(axis=1)
            accepted = complete & (answers == st.ACCEPT).all(axis=1)
            countered = complete & ~accepted & (answers == st.COUNTER).any(axis=1)
            rejected = complete & ~accepted & ~countered
            expired = pending & ~complete & (s.turn >= s.demand_turn[:, d.index] + d.expires_after)
            for mask, code, effects in (
                (accepted, st.ACCEPTED, d.on_accepted),
                (rejected, st.REJECTED, d.on_rejected),
                (countered, st.COUNTERED, d.on_countered),
                (expired, st.EXPIRED, d.on_expired),
            ):
                if not mask.any():
                    continue
                s.demand_status[mask, d.index] = code
                entry = Entry("demands", "demand_" + st.DEMAND_STATUS[code], d.id, "", role=d.by, cite=d.cite)
                causes.append((mask, effects, entry))
        self.apply("demands", causes)

    def phase_events(self, reactions: bool) -> None:
        rules, s = self.rules, self.s
        phase = "reactions" if reactions else "events"
        env, causes = Env(rules, s, now=self.now), []
        for e in rules.events:
            if (e.actor is not None) != reactions:
                continue
            if e.delay:
                landing = self.active & (s.pending[:, e.index] == s.turn)
                if landing.any():
                    s.pending[landing, e.index] = 0
                    late = Entry(phase, "delayed", e.id, "", actor=e.actor, public=e.public, cite=e.cite)
                    causes.append((landing, e.effects, late))
            if e.turn is not None and e.turn != s.turn:
                continue
            eligible = self.active
            if s.blocked is not None:
                eligible = eligible & ~s.blocked[:, e.index]
            if e.once:
                eligible = eligible & (s.fired[:, e.index] == 0)
            if e.when is not None and eligible.any():
                eligible = eligible & holds(e.when, env, self.G)
            if not eligible.any():
                continue
            if e.chance.constant is None or e.chance.constant < 1:
                eligible = eligible & (self.draw(phase, e.id) < evaluate(e.chance, env, self.G))
            s.fired[:, e.index] += eligible
            entry = Entry(phase, "reaction" if reactions else "event", e.id, e.headline, actor=e.actor,
                          text=e.text, public=e.public, cite=e.cite)
            if e.delay:
                s.pending[eligible, e.index] = s.turn + e.delay
                self.recorder.add(eligible, entry)
            else:
                causes.append((eligible, e.effects, entry))
        self.apply(phase, causes)

    def phase_threats(self) -> None:
        rules, s = self.rules, self.s
        env, causes = Env(rules, s, now=self.now), []
        status, G = s.threat_status, self.G
        for t in rules.threats:
            col = status[:, t.index]
            for i in tables(rules).declared_by[t.index]:
                if self.done_any[i]:
                    col[self.active & self.now[:, i] & (col == st.UNDECLARED)] = st.DECLARED
            live = self.active & (col == st.DECLARED)
            if live.any() and t.trigger is not None:
                crossed = live & holds(t.trigger, env, G)
                col[crossed] = st.DUE
                s.threat_due[crossed, t.index] = s.turn + t.grace
                self.recorder.add(crossed, Entry("threats", "threat_due", t.id, "", role=t.by, cite=t.cite))
            due = self.active & (col == st.DUE)
            if not due.any():
                continue
            answered = s.uses[:, t.response].sum(axis=1) > 0 if t.response else np.zeros(G, dtype=bool)
            honored = due & answered
            broken = due & ~answered & (s.turn >= s.threat_due[:, t.index])
            col[honored] = st.HONORED
            col[broken] = st.BROKEN
            self.recorder.add(honored, Entry("threats", "threat_honored", t.id, "", role=t.by, cite=t.cite))
            entry = Entry("threats", "threat_broken", t.id, "", role=t.by, cite=t.cite)
            causes.append((broken, t.audience_cost, entry))
        self.apply("threats", causes)

    def phase_pledges(self) -> None:
        """Pledges made in public statements are kept or broken; a broken one costs its author."""
        rules, s = self.rules, self.s
        if not s.pledge_kind.shape[1]:
            return
        causes = []
        for k, kept, broken in pledges.settle(rules, s, self.now, self.active):
            action = rules.actions[int(s.pledge_action[0, k])]
            word = st.PLEDGE_KINDS[int(s.pledge_kind[0, k])]
            due = int(s.pledge_due[0, k])
            self.recorder.add(kept, Entry("pledges", f"{word}_kept", action.id, "", role=action.role, due=due))
            entry = Entry("pledges", f"{word}_broken", action.id, "", role=action.role, due=due)
            cost = pledges.mildest_audience_cost(rules, action.role)
            if cost is None:
                self.recorder.add(broken, entry)
            else:
                causes.append((broken, cost, entry))
        self.apply("pledges", causes)

    def phase_drift(self) -> None:
        rules, s = self.rules, self.s
        env, G = Env(rules, s, now=self.now), self.G
        totals: dict[int, np.ndarray] = {}
        for i, d in enumerate(rules.drift):
            mask = self.active
            if d.when is not None:
                mask = mask & holds(d.when, env, G)
            if not mask.any():
                continue
            amount = evaluate(d.add, env, G)
            if d.spread:
                amount = amount + d.spread * rng.normal(s.seed, s.games, s.turn, stream_of("drift", i))[:, 0]
            column = np.where(mask, amount, 0.0)
            _accumulate(totals, d.var, column)
            if self.recorder.enabled:
                entry = Entry("drift", "drift", rules.variables[d.var].id, d.note, cite=d.cite)
                self.recorder.add(mask, entry, _full({d.var: column}, s.values.shape))
        self.add_clipped(totals)

    def phase_endings(self) -> None:
        rules, s = self.rules, self.s
        env, G = Env(rules, s, now=self.now), self.G
        open_ = self.active & (s.ending < 0)
        last = s.turn >= rules.turns
        for e in rules.endings:
            if e.default or (e.at_end_only and not last) or e.when is None or not open_.any():
                continue
            hit = open_ & holds(e.when, env, G)
            s.ending[hit] = e.index
            open_ &= ~hit
        if last and open_.any():
            default = next(e for e in rules.endings if e.default)
            s.ending[open_] = default.index
        ended = self.active & (s.ending >= 0)
        s.ended_turn[ended] = s.turn
        if s.pledge_kind.shape[1] and ended.any():
            pledges.settle_at_end(s, ended)
        if self.recorder.enabled:
            for e in rules.endings:
                self.recorder.add(ended & (s.ending == e.index), Entry("endings", "ending", e.id, e.title, text=e.text, cite=e.cite))

    def phase_reckoning(self) -> None:
        """Threats still due when a game ends are broken at the ending, not forgiven.

        Without this, a threat whose trigger comes in the last turn (an invasion in
        the final week) could never cost its author anything.
        """
        rules, s = self.rules, self.s
        ended = self.active & (s.ending >= 0)
        if not ended.any() or not rules.threats:
            return
        causes = []
        for t in rules.threats:
            col = s.threat_status[:, t.index]
            unpaid = ended & (col == st.DUE)
            if not unpaid.any():
                continue
            col[unpaid] = st.BROKEN
            entry = Entry("reckoning", "threat_broken", t.id, "", role=t.by, cite=t.cite)
            causes.append((unpaid, t.audience_cost, entry))
        self.apply("reckoning", causes)

    def phase_scoring(self) -> None:
        rules, s = self.rules, self.s
        env, G = Env(rules, s, now=self.now), self.G
        just_ended = self.active & (s.ending >= 0)
        for r, obj in enumerate(rules.objectives):
            score = np.zeros(G)
            for term in obj.each_turn:
                score += term.weight * evaluate(term.value, env, G)
            if just_ended.any():
                # The world goes on after an ending: the weeks the calendar still had
                # are scored as the week it ended, so ending a crisis early is worth
                # the same as dragging it out in the same state (and stalling pays nothing).
                weeks_left = np.maximum(rules.turns - s.turn, 0)
                final = score * weeks_left
                for term in obj.at_end:
                    final += term.weight * evaluate(term.value, env, G)
                final += obj.endings[np.maximum(s.ending, 0)]
                score += np.where(just_ended, final, 0.0)
            s.scores[:, r] += np.where(self.active, score, 0.0)


def _accumulate(columns: dict[int, np.ndarray], v: int, column: np.ndarray) -> None:
    """columns[v] += column, where a missing column counts as zero (adding 0.0 changes no sum)."""
    columns[v] = columns[v] + column if v in columns else column


def _full(columns: dict[int, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """The (games, variables) deltas of some columns, for the recorder."""
    out = np.zeros(shape)
    for v, column in columns.items():
        out[:, v] = column
    return out
