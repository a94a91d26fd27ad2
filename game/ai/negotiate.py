"""An AI role at the table: it judges deals, answers threats, makes statements and keeps its word by value.

Pure and deterministic: everything is judged from the role's own view (``ObservationBatch``
of one game), through the same engine, in one batch of imagined futures, the way the
planner judges its orders (``lookahead``): hidden values drawn around the role's
estimates, the other roles played by its opponent model (its planner's mixture, weighted
as the planner has learned from their public moves so far: the same weights its orders of
the week are judged with, ``Negotiator.weights_of``), its own later weeks by its
continuation (``historical``). A *variant* of the future binds some roles to some
*promises* (an action carried out by a turn, or refrained from until then) and may
declare some of the role's threats; every variant meets the same imagined games
(common random numbers), so a difference in value is the deal's, not luck's.

- ``judge_deal``: "I do X if you do Y". The deal's value is the futures in which both
  sides keep their terms (the other side does in a share of them: ``trust``, from its
  record of kept and broken pledges and the persona's suspicion) against the futures
  without it. Accepted when the gain, less one standard error, beats the persona's
  ``margin``; otherwise the best counter found (the deal with one of its asks dropped,
  or with one more term asked of the other side, or both) that does, or a refusal.
- ``judge_threat``: a threat or red line aimed at the role's moves: concede (promise to
  refrain from what triggers it) when that is worth as much as going on freely,
  defy when going on freely is clearly better, else acknowledge.
- ``declarations``: the role's own threats and red lines worth declaring now: by its futures,
  in which the others' models are deterred by a credible threat (``reactions``), so a threat
  it might not carry out (a bluff) is declared when it deters enough to pay for the audience
  cost of being called.
- ``initiative``: the role's own move at the table as a turn opens: a deal it proposes (the
  best of a small set built from its own legal moves and the other side's, judged in one
  batch) and a commitment it volunteers (refrain from an escalation another role has said in
  public it wants forgone, when its audience cost makes the word credible and keeping it costs
  nothing in its futures: ``answers_fear``).
- ``keep_or_break``: the orders of a turn with the role's open pledges and due threats
  kept, against its chosen orders, by value; the audience cost of a broken word is
  the engine's, so the futures pay it.

Personas: ``hawk`` asks more of a deal (margin +1.5 points), trusts less (0.6) and
likes escalation; ``dove`` takes a deal that costs it a little (margin -1.5), trusts more
(0.9); the others in between (margin +0.3, trust 0.75). A thinking policy's own tastes
(risk, escalation) and opponent model (its mixture, shared with what it learned) are used;
a scripted one's role is judged with the planner's defaults and the mixture's prior.

>>> from game.scenario import load_rules
>>> negotiator_for(load_rules("winter-2021"), "russia", "dove").margin
-1.5
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..engine import rng
from ..engine import state as st
from ..engine.observe import ObservationBatch, observe_batch
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..engine.step import legal_mask, step, stream_of
from .edits import Edited
from .lookahead import Lookahead, belief_states
from .opponents import DEFAULT as MIXTURE
from .opponents import Mixture
from .policies import fill_orders, leaning

STREAM_KEEP = stream_of("negotiate", "keeps")
TASTES = {  # persona -> (margin in points of score, trust in the other side's word)
    "hawk": (1.5, 0.6),
    "dove": (-1.5, 0.9),
    "normal": (0.3, 0.75),
}
ROLLOUTS = 48
MAX_COUNTERS = 8  # counter-proposals judged per deal
# The AI's search for a deal to propose, capped for the turn's time (README: about a third of a second a role a turn)
MAX_TERMS_TRIED = 4  # the own moves, and the other side's, tried singly (half moves, half promises not to move)
SCREEN_ROLLOUTS = 32  # the futures the single terms are screened in (the deals themselves: ROLLOUTS, as offers are judged)
MAX_PAIRS = 4  # the deals (one term each side) judged after the single terms
PAIR_SLACK = 0.5  # points a deal may be worth beyond its terms' worth added (their interaction), to be judged
HORIZON = 3  # a proposal or a volunteered commitment stands until this many turns after the current


@dataclass(frozen=True)
class Promise:
    """A role's promise in engine terms: ``action`` (an index) carried out (``do``) or refrained from, by turn ``due``."""

    role: int
    action: int
    do: bool
    due: int


@dataclass(frozen=True)
class Variant:
    """One future to judge: these promises kept (the other side's in a share ``trust`` of the
    futures), these threats (indices) declared."""

    promises: tuple[Promise, ...] = ()
    declare: tuple[int, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """The answer to a deal: 'accept', 'reject' or 'counter' (with the terms countered), and the gain judged."""

    verdict: str
    gain: float
    give: tuple[Promise, ...] = ()  # a counter: what the other side would give (the proposer's terms)
    ask: tuple[Promise, ...] = ()  # a counter: what this role would do
    why: str = ""  # a key for the words of the reply ("bad", "good", "little"), never a number


Deal = tuple[tuple[Promise, ...], tuple[Promise, ...]]  # (what this role gives, what it asks)
Futures = tuple[list[Variant], "float | np.ndarray | None", "int | None"]  # variants, trust, rollouts (``values``)


@dataclass(frozen=True)
class Initiative:
    """What a role puts on the table as a turn opens: a deal to ``other`` (or None) and a commitment (or None)."""

    other: int = -1
    deal: Deal | None = None
    commitment: Promise | None = None
    gain: float = 0.0


class Negotiator(Lookahead):
    """The negotiating mind of one AI role (see the module's docstring)."""

    def __init__(self, rules: Rules, role: str, persona: str = "normal", risk: float = 0.0, escalation: float = 0.0,
                 opponents: str = MIXTURE, rollouts: int = ROLLOUTS, mixture: Mixture | None = None,
                 planner: Lookahead | None = None):
        super().__init__(rules, role, opponents="+".join(mixture.names) if mixture is not None else opponents,
                         rollout="historical", risk=risk, escalation=escalation, seed_name="negotiate")
        if mixture is not None:  # its planner's model of the others, and what that has learned of them
            self.mixture = mixture
        # a planner that tracks what it cannot see (``track=1``): deals are judged on futures that
        # start from its belief of the hidden values, not around the week's estimate
        self.planner = planner if planner is not None and planner.tracker is not None else None
        self.persona = persona if persona in TASTES else "normal"
        self.margin, self.trust = TASTES[self.persona]
        self.rollouts = rollouts

    def weights_of(self, obs: ObservationBatch) -> np.ndarray:
        """(G, O, M) the mixture's weights this week: learned from the others' public moves so far, as
        its planner weighs them when it decides (read only: judging a deal teaches the mixture nothing,
        so the planner's orders and a reloaded save's answers stay those of seed and orders). A
        negotiator with a mixture of its own (a scripted role's) has seen nothing: the prior."""
        return self.mixture.learned(obs).weights

    # -- futures ------------------------------------------------------------------------------
    def values(self, obs: ObservationBatch, variants: list[Variant], first: np.ndarray | None = None,
               trust: float | np.ndarray | None = None, rollouts: int | None = None) -> np.ndarray:
        """(V, S): the role's value of each variant in each of ``rollouts`` (default: its own) imagined futures
        of game 0 of ``obs``.

        ``first`` are the role's orders for this turn if it has sealed them, (A,) for every variant or
        (V, A) one per variant (None: its continuation plays this turn too). ``trust``: the share of
        futures in which the other side keeps its promises, one for all or (V,) one per variant."""
        return self.values_together(obs, [(variants, trust, rollouts)], first)[0]

    def values_together(self, obs: ObservationBatch, groups: list[Futures], first: np.ndarray | None = None) -> list[np.ndarray]:
        """``values`` of several sets of variants, each ``(variants, trust, rollouts)``, played in one batch:
        one (V, S) array per set, equal to what ``values`` gives each set alone.

        Each imagined future is one row of the batch, and a row's randomness is keyed by its own draw
        (its game number, ``belief_states``), never by the rows beside it, so the sets do not meet; but
        a batch's cost is mostly the turns it plays, not its rows, so two sets cost about what one does
        (``tests/test_negotiate.py`` holds them equal). ``first`` as for ``values``, for every set."""
        rules, salt, game0 = self.rules, obs.seed ^ self.salt, obs.subset(np.array([0]))
        sizes = [(len(variants), rollouts or self.rollouts) for variants, _, rollouts in groups]
        posterior = self.planner.tracked(game0) if self.planner is not None else None
        parts, offset = [], 0
        for V, S in sizes:
            draws = np.tile(np.arange(S), V)
            parts.append((draws, np.repeat(np.arange(V), S) + offset,
                          belief_states(game0, np.zeros(V * S, dtype=np.int64), draws, S, salt, posterior=posterior)))
            offset += V
        draws = np.concatenate([d for d, _, _ in parts])
        which = np.concatenate([w for _, w, _ in parts])
        state = parts[0][2] if len(parts) == 1 else BatchState.stack([s for _, _, s in parts])
        variants = [v for group, _, _ in groups for v in group]
        rows = np.zeros(len(draws), dtype=np.int64)
        for v, variant in enumerate(variants):
            for t in variant.declare:
                col = state.threat_status[:, t]
                col[(which == v) & (col == st.UNDECLARED)] = st.DECLARED
        assignment = self.mixture.assign(self.weights_of(game0)[rows], state)
        trusted = np.concatenate([np.broadcast_to(np.asarray(self.trust if trust is None else trust, dtype=np.float64), (V,))
                                  for (_, trust, _), (V, _) in zip(groups, sizes)])
        keeps = rng.uniform(salt, draws.astype(np.uint64), obs.turn, STREAM_KEEP, 1)[:, 0] < trusted[which]
        done = {(v, k): np.zeros(len(draws), dtype=bool) for v, var in enumerate(variants) for k in range(len(var.promises))}
        policy = self.then[0]
        opening = True
        while state.active.any() and state.turn <= rules.turns:
            legal = legal_mask(rules, state)
            if opening and first is not None:
                own = np.asfortranarray(first[which] if first.ndim == 2 else np.broadcast_to(first, legal.shape))
            elif policy is not None:
                own = policy.decide(observe_batch(rules, state, self.r, legal))
            else:
                own = np.zeros_like(legal)
            orders = np.asfortranarray(own & legal) | self.mixture.decide(state, legal, assignment)
            orders = self._bind(state, orders, legal, variants, which, keeps, done)
            state, _ = step(rules, state, np.asfortranarray(orders), legal=legal, in_place=True)
            opening = False
        judged, out, start = self.judge(state), [], 0
        for V, S in sizes:
            out.append(judged[start:start + V * S].reshape(V, S))
            start += V * S
        return out

    def _bind(self, state: BatchState, orders: np.ndarray, legal: np.ndarray, variants: list[Variant],
              which: np.ndarray, keeps: np.ndarray, done: dict) -> np.ndarray:
        """The orders with every variant's promises kept where they are kept (in budget)."""
        rules = self.rules
        for v, variant in enumerate(variants):
            for k, p in enumerate(variant.promises):
                if state.turn > p.due:
                    continue
                rows = (which == v) & state.active & (keeps | (p.role == self.r))
                if not p.do:
                    orders[rows, p.action] = False
                    continue
                rows &= ~done[(v, k)] & legal[:, p.action]
                idx = np.flatnonzero(rows)
                if not len(idx):
                    continue
                mine = np.flatnonzero(rules.action_role == p.role)
                order = np.concatenate([[p.action], mine[mine != p.action]])
                want = np.concatenate([np.ones((len(idx), 1), dtype=bool), orders[np.ix_(idx, order[1:])]], axis=1)
                filled = fill_orders(rules, p.role, legal[idx], order, want)
                block = orders[idx]
                block[:, mine] = filled[:, mine]
                orders[idx] = block
                done[(v, k)][idx] = True
        return orders

    def gains(self, values: np.ndarray) -> np.ndarray:
        """(V,) each variant's gain over the first, less one standard error (the planner's ``utility``)."""
        gain = values - values[:1]
        out = gain.mean(axis=1) - gain.std(axis=1, ddof=1) / np.sqrt(values.shape[1])
        if self.risk:
            out = out + self.risk * (values.std(axis=1) - values[:1].std(axis=1))
        out[0] = 0.0
        return out

    # -- deals ----------------------------------------------------------------------------------
    def judge_deal(self, obs: ObservationBatch, give: tuple[Promise, ...], ask: tuple[Promise, ...],
                   first: np.ndarray | None = None, record: tuple[int, int] = (0, 0), may_counter: bool = True) -> Verdict:
        """Accept, reject or counter "the other side gives ``give`` if this role does ``ask``".

        ``record`` is the other side's pledges kept and broken so far (public): trust follows it.
        Not ``may_counter`` (the deal is itself a counter), it accepts or rejects."""
        trust = self.trust_in(record)
        counters = self.counters(obs, give, ask) if may_counter else []
        variants = [Variant(), Variant(give + ask)] + [Variant(g + a) for g, a in counters]
        gain = self.gains(self.values(obs, variants, first, trust))
        if gain[1] > self.margin:
            return Verdict("accept", float(gain[1]), why="good")
        if len(counters):
            best = int(np.argmax(gain[2:])) + 2
            if gain[best] > self.margin + 0.25:  # a counter must be clearly better than the offer
                g, a = counters[best - 2]
                return Verdict("counter", float(gain[best]), give=g, ask=a, why="counter")
        return Verdict("reject", float(gain[1]), why="bad" if gain[1] < 0 else "little")

    def counters(self, obs: ObservationBatch, give: tuple[Promise, ...], ask: tuple[Promise, ...]) -> list[tuple[tuple[Promise, ...], tuple[Promise, ...]]]:
        """Deals this role might offer instead: one of its asks dropped, one more term asked of the other side."""
        out: list[tuple[tuple[Promise, ...], tuple[Promise, ...]]] = []
        if len(ask) > 1 or (ask and give):
            out += [(give, ask[:k] + ask[k + 1:]) for k in range(len(ask))]
        if give:
            other, due = give[0].role, max(p.due for p in give + ask)
            out += [(give + (p,), ask) for p in self.wanted(obs, other, due, give)]
        return out[:MAX_COUNTERS]

    def wanted(self, obs: ObservationBatch, other: int, due: int, give: tuple[Promise, ...]) -> list[Promise]:
        """Terms this role would ask of ``other``: to answer its demands as it likes, and not to escalate."""
        rules, named = self.rules, {p.action for p in give}
        lean = leaning(rules)
        out = []
        for a in rules.actions:
            if a.role != other or a.index in named:
                continue
            demand = rules.demands[rules.slot_demand[a.slot]] if a.slot is not None and a.slot >= 0 else None
            if demand is not None and demand.by == self.r and a.answer == 1:  # accepting a demand this role made
                out.append(Promise(other, a.index, True, due))
            elif demand is None and lean[a.index] > 0 and a.public:
                out.append(Promise(other, a.index, False, due))
        return out

    # -- its own offers ---------------------------------------------------------------------------
    def own_terms(self, obs: ObservationBatch, due: int, first: np.ndarray | None) -> list[Promise]:
        """What this role might give: a calming move it can make now, or an escalation it can make now and
        promises not to (both public, none it has sealed against this turn)."""
        lean, legal, out = leaning(self.rules), obs.legal[0], []
        for a in self.rules.actions:
            if a.role != self.r or not a.public or not legal[a.index] or a.kind == "demand":
                continue
            do = bool(lean[a.index] < 0)
            if lean[a.index] == 0 or (not do and first is not None and first[a.index]):
                continue  # neither way: nothing to offer; refraining from what it sealed this turn: not now
            out.append(Promise(self.r, a.index, do, due))
        return out

    def asks_of(self, obs: ObservationBatch, other: int, due: int) -> list[Promise]:
        """What this role might ask of ``other``: accept its pending demands, calm down, or not escalate."""
        rules, known, lean, out = self.rules, obs.known(), leaning(self.rules), []
        for a in rules.actions:
            if a.role != other or not a.public or a.kind == "demand":
                continue
            if a.slot is not None and a.slot >= 0:  # a demand's answer: only accepting a pending demand of its own
                demand = rules.demands[rules.slot_demand[a.slot]]
                if a.answer == 1 and demand.by == self.r and int(known.demand_status[0, demand.index]) == st.PENDING:
                    out.append(Promise(other, a.index, True, due))
            elif lean[a.index]:
                out.append(Promise(other, a.index, bool(lean[a.index] < 0), due))
        return out

    def trust_in(self, record: tuple[int, int] | None) -> float:
        """The share of futures in which a role with this record of (kept, broken) pledges keeps its word:
        the persona's trust, moved by the record as by four pledges' worth of prior."""
        if record is None:
            return self.trust
        kept, broken = record
        return (self.trust * 4 + kept) / (4 + kept + broken)

    def feared(self, obs: ObservationBatch, asked: frozenset = frozenset()) -> frozenset:
        """This role's moves another role has said in public it wants forgone: those the trigger of a
        threat or red line another role has declared names (game 0 of ``obs``), and ``asked``, those a
        deal or counter put to this role asked it to refrain from (the play layer reads them from the log)."""
        status = obs.known().threat_status[0]
        named = {a for t in self.rules.threats if t.by != self.r and int(status[t.index]) == st.DECLARED
                 for a in self.triggers(t.index)}
        return frozenset(named) | asked

    def answers_fear(self, promise: Promise, feared: frozenset) -> bool:
        """Whether ``promise`` may be volunteered: a word not to make a move the others fear.

        A volunteered word is a signal to the others, and only a move they have said they fear makes
        it one: to refrain from a move nobody asked about reads as noise (a US that "will refrain from
        sending anti-tank missiles", costless by its own reckoning, to a reader who knows the Javelins
        went), while a Kremlin's "we will not invade" after Washington's declared threat answers one.
        So the move is one ``feared`` names (a declared threat or red line of another role that it
        triggers, or a deal that asked for it), a public escalation, and never one of its own levers
        (a free promise not to sanction would undo its threats).

        >>> from game.scenario import load_rules
        >>> rules = load_rules("winter-2021")
        >>> russia, invasion = negotiator_for(rules, "russia"), rules.action("russia", "full_invasion").index
        >>> word = Promise(rules.role_index("russia"), invasion, False, 4)
        >>> russia.answers_fear(word, frozenset({invasion})), russia.answers_fear(word, frozenset())
        (True, False)
        """
        action = self.rules.actions[promise.action]
        return (not promise.do and promise.action in feared and action.public
                and leaning(self.rules)[promise.action] > 0 and action.step not in ("threaten", "impose"))

    def words_to_volunteer(self, obs: ObservationBatch, due: int, first: np.ndarray | None, feared: frozenset) -> list[Promise]:
        """The commitments this role may volunteer: to refrain, until ``due``, from each ``feared`` move that
        ``answers_fear``, that it may still make (not used up: one not yet possible may become so, and the
        word is worth most then) and has not sealed this turn."""
        rules, uses = self.rules, obs.known().uses[0]
        out = []
        for a in sorted(feared):
            word = Promise(self.r, a, False, due)
            spent = rules.max_uses[a] and uses[a] >= rules.max_uses[a]
            if self.answers_fear(word, feared) and not spent and not (first is not None and first[a]):
                out.append(word)
        return out

    def initiative(self, obs: ObservationBatch, others: list[int], first: np.ndarray | None = None,
                   records: dict[int, tuple[int, int]] | None = None, refused: frozenset = frozenset(),
                   pledged: frozenset = frozenset(), asked: frozenset = frozenset()) -> Initiative:
        """The deal this role proposes to one of ``others`` and the commitment it volunteers, if worth it.

        One batch of futures, common random numbers, whatever the number of ``others``: its own terms and
        each other side's asks alone (in ``SCREEN_ROLLOUTS`` futures), and beside them every deal of one
        term each side, of which the ``MAX_PAIRS`` the screening finds most promising (over every other
        side) are judged (in ``ROLLOUTS`` futures: ``values_together``). A deal is proposed when its gain beats the persona's margin (as an offer
        it would accept) and the ask adds to what the give alone is worth; not one in ``refused``
        (``deal_key`` of the deals the other side has turned down or let lapse). A commitment is
        volunteered when the role has an audience cost (a broken word costs it, so the word is
        credible), it refrains from an escalation the others fear (``answers_fear``; ``asked``: this
        role's actions a deal put to it asked it to refrain from), and keeping it costs nothing in the
        futures judged. ``pledged``: actions already under an open pledge of this role (not promised twice)."""
        rules, due = self.rules, min(int(obs.turn) + HORIZON, self.rules.turns)
        terms = [p for p in self.own_terms(obs, due, first) if p.action not in pledged]
        half = MAX_TERMS_TRIED // 2  # as many moves as promises not to move
        gives = [p for p in terms if p.do][:half] + [p for p in terms if not p.do][:half]
        credible = any(t.by == self.r and t.audience_cost.constant.any() for t in rules.threats)
        words = self.words_to_volunteer(obs, due, first, self.feared(obs, asked) - pledged) if credible else []
        if not gives and not words:
            return Initiative()
        trust = {o: self.trust_in((records or {}).get(o)) for o in others}
        asks: dict[int, list[Promise]] = {}
        each = max(1, half // max(1, len(others)))  # the asks tried are shared among the other sides
        for other in others:
            wanted = self.asks_of(obs, other, due)
            # as many moves as promises not to move; of the other's escalations the strongest
            asks[other] = [p for p in wanted if p.do][:each] + [p for p in wanted if not p.do][::-1][:each]
        # the words are screened with the terms: a variant more costs its futures, and changes no other's
        own = gives + [p for p in words if p not in gives]
        singles = own + [p for o in others for p in asks[o]]
        single_trust = np.array([self.trust] * (1 + len(own)) + [trust[o] for o in others for _ in asks[o]])
        # Every deal that could be judged (one term each side, not refused) is played beside the screening,
        # in the same batch, and the few chosen by the screening are read from it: a batch costs its
        # turns, not its rows, so this costs about one batch where screening then judging cost two;
        # each deal's futures are those it would meet in a batch of its own (``values_together``).
        possible: list[tuple[int, Deal]] = [(other, ((g,), (a,))) for other in others for g in gives for a in asks[other]
                    if deal_key(other, (g,), (a,)) not in refused]
        groups: list[Futures] = [([Variant()] + [Variant((p,)) for p in singles], single_trust, SCREEN_ROLLOUTS)]
        if possible:
            groups.append(([Variant()] + [Variant(g + a) for _, (g, a) in possible],
                           np.array([self.trust] + [trust[o] for o, _ in possible]), None))
        futures = self.values_together(obs, groups, first)
        gain = self.gains(futures[0])[1:]
        alone = {p: float(v) for p, v in zip(singles, gain)}
        give_gain = gain[:len(gives)]
        best = Initiative()
        free = [p for p in words if alone[p] >= -0.05]  # a word that costs nothing to keep, in its futures
        if free:
            best = Initiative(commitment=max(free, key=lambda p: alone[p]))
        k = max(1, int(np.sqrt(MAX_PAIRS)))
        top_gives = [gives[i] for i in np.argsort(-give_gain, kind="stable")[:k]]
        pairs: list[tuple[int, Deal]] = []
        for other in others:
            ask_gain = np.array([alone[p] for p in asks[other]])
            top_asks = [asks[other][i] for i in np.argsort(-ask_gain, kind="stable")[:k]]
            # a deal's worth is near its terms' worth added: those that could not reach the margin are not judged
            pairs += [(other, ((g,), (a,))) for g in top_gives for a in top_asks
                      if deal_key(other, (g,), (a,)) not in refused and alone[g] + alone[a] > self.margin - PAIR_SLACK]
        # the most promising first, at most MAX_PAIRS in all: the cost stays that of one other side
        pairs = sorted(pairs, key=lambda x: -(alone[x[1][0][0]] + alone[x[1][1][0]]))[:MAX_PAIRS]
        if pairs:
            # the chosen deals' futures, with the no-deal futures first (as ``gains`` reads them)
            chosen = futures[1][[0] + [1 + possible.index(pair) for pair in pairs]]
            pair_gain = self.gains(chosen)[1:]
            for (other, (g, a)), v in zip(pairs, pair_gain):
                if v > self.margin and v > alone[g[0]] + 0.1 and v > best.gain:
                    best = Initiative(other, (g, a), best.commitment, float(v))
        if best.deal is not None and best.commitment is not None and best.commitment in best.deal[0]:
            best = Initiative(best.other, best.deal, None, best.gain)  # the deal offers it already
        return best

    # -- threats --------------------------------------------------------------------------------
    def triggers(self, threat: int) -> list[int]:
        """The actions of this role that a threat's trigger names (``used.ID``)."""
        t = self.rules.threats[threat]
        text = t.trigger.text if t.trigger is not None else ""
        ids = set(re.findall(r"used\.(\w+)", text))
        return [a.index for a in self.rules.actions if a.role == self.r and a.id in ids]

    def judge_threat(self, obs: ObservationBatch, threat: int, first: np.ndarray | None = None) -> tuple[str, tuple[Promise, ...]]:
        """'concede' (with the promises that concede), 'defy' or 'acknowledge' a threat aimed at this role."""
        actions = self.triggers(threat)
        if not actions:
            return "acknowledge", ()
        concede = tuple(Promise(self.r, a, False, self.rules.turns) for a in actions)
        gain = self.gains(self.values(obs, [Variant(), Variant(concede)], first))[1]
        if gain >= -0.25 - min(self.margin, 0):
            return "concede", concede
        if gain < -(2.0 + max(self.margin, 0)):
            return "defy", ()
        return "acknowledge", ()

    # -- its own word -----------------------------------------------------------------------------
    def declarations(self, obs: ObservationBatch, first: np.ndarray | None = None) -> list[int]:
        """The role's undeclared threats and red lines worth declaring this turn (at most one)."""
        rules, known = self.rules, obs.known()
        options = [t.index for t in rules.threats
                   if t.by == self.r and int(known.threat_status[0, t.index]) == st.UNDECLARED and t.trigger is not None]
        if not options:
            return []
        gain = self.gains(self.values(obs, [Variant()] + [Variant(declare=(t,)) for t in options], first))[1:]
        # The opponent models read declarations (``reactions``: a credible threat deters its trigger
        # moves), so a threat pays when the deterrence it buys in the futures outweighs what carrying it
        # out, or the audience cost of not doing so, costs there: a threat the role might not carry out
        # (a bluff) is declared when it deters enough. A hawk declares what costs it a little; the others
        # what costs nothing, less one standard error, in the futures judged.
        best = int(np.argmax(gain))
        return [options[best]] if gain[best] >= (-0.5 if self.persona == "hawk" else -0.05) else []

    def keep_or_break(self, obs: ObservationBatch, orders: np.ndarray, promises: tuple[Promise, ...],
                      due_threats: tuple[int, ...] = ()) -> tuple[np.ndarray, bool]:
        """(orders, kept): the role's orders with its open promises and due threats honoured, when that is
        worth at least as much as its own orders (the engine charges a broken word its audience cost)."""
        rules = self.rules
        honest = orders.copy()
        for p in promises:
            if not p.do:
                honest[p.action] = False
        adds = [p.action for p in promises if p.do and obs.legal[0, p.action]]  # at the first chance, as the futures assume
        for t in due_threats:
            response = [a for a in rules.threats[t].response if obs.legal[0, a]]
            if response and not honest[response].any():
                adds.append(response[0])
        if adds:
            mine = np.flatnonzero(rules.action_role == self.r)
            order = np.concatenate([adds, [a for a in mine if a not in adds]])
            want = np.concatenate([np.ones(len(adds), dtype=bool), honest[[a for a in mine if a not in adds]]])
            filled = fill_orders(rules, self.r, obs.legal[:1], order, want[None, :])[0]
            honest[mine] = filled[mine]
        if np.array_equal(honest, orders):
            return orders, True
        gain = self.gains(self.values(obs, [Variant(), Variant()], np.stack([orders, honest])))[1]
        return (honest, True) if gain >= -0.25 else (orders, False)


def deal_key(other: int, give: tuple[Promise, ...], ask: tuple[Promise, ...]) -> tuple:
    """A deal's terms without their turns: the same deal offered again a week later has the same key."""
    return other, frozenset((p.action, p.do) for p in give), frozenset((p.action, p.do) for p in ask)


def negotiator_for(rules: Rules, role: str, policy_name: str = "planner", policy: object = None,
                   rollouts: int = ROLLOUTS) -> Negotiator:
    """The negotiator of an AI role played by ``policy_name`` (its persona and, if it thinks, its tastes)."""
    head = policy_name.partition(":")[0]
    persona = head if head in ("hawk", "dove") else "normal"
    tastes: dict[str, float] = {}
    mixture = None
    thinking = thinking_policy(policy)
    if thinking is not None:
        tastes = {"risk": thinking.risk, "escalation": thinking.escalation}
        mixture = thinking.mixture  # shared: the negotiator judges with what its planner has learned
    elif persona in ("hawk", "dove"):
        from .personas import PERSONAS  # the personas' tastes, for a negotiator made without its policy

        tastes = dict(PERSONAS[persona])
    return Negotiator(rules, role, persona=persona, rollouts=rollouts, risk=tastes.get("risk", 0.0),
                      escalation=tastes.get("escalation", 0.0), mixture=mixture, planner=thinking)


def thinking_policy(policy: object) -> Lookahead | None:
    """The thinking policy that ``policy`` is, or that it edits (``planner:drop=...``); None for a script."""
    while isinstance(policy, Edited):
        policy = policy.base
    return policy if isinstance(policy, Lookahead) else None


def open_promises(obs: ObservationBatch, role: int) -> tuple[Promise, ...]:
    """``role``'s open public pledges in game 0 of ``obs``, as promises (a promised answer is an action to take)."""
    known, rules = obs.known(), obs.rules
    out = []
    for k in range(known.pledge_kind.shape[1]):
        kind, action = int(known.pledge_kind[0, k]), int(known.pledge_action[0, k])
        if kind == st.NO_PLEDGE or int(known.pledge_status[0, k]) != st.PLEDGE_OPEN or rules.action_role[action] != role:
            continue
        out.append(Promise(role, action, kind != st.PLEDGE_REFRAIN, int(known.pledge_due[0, k])))
    return tuple(out)


def record_of(obs: ObservationBatch, role: int) -> tuple[int, int]:
    """(kept, broken): ``role``'s public pledges settled so far, as game 0 of ``obs`` shows them."""
    known, rules = obs.known(), obs.rules
    mine = rules.action_role[known.pledge_action[0].astype(np.int64)] == role if known.pledge_action.shape[1] else np.zeros(0, bool)
    status = known.pledge_status[0]
    return int(((status == st.PLEDGE_KEPT) & mine).sum()), int(((status == st.PLEDGE_BROKEN) & mine).sum())


def due_threats(obs: ObservationBatch, role: int) -> tuple[int, ...]:
    """``role``'s declared threats and red lines that have come due (carry them out or pay)."""
    status = obs.known().threat_status[0]
    return tuple(t.index for t in obs.rules.threats if t.by == role and int(status[t.index]) == st.DUE)
