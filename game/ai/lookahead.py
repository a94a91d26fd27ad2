"""Looking ahead from what a role observes: believed states, candidate orders, rollouts.

A thinking policy never reads the true state. It rebuilds the games it can
imagine from its observation: visible variables as seen, hidden ones drawn
around its intelligence estimates (within their noise), the bookkeeping it
knows (its own and public actions, demands, threats), and plays candidate
orders on through the same engine, many futures at once as one batch. Every
draw is keyed by the game's number, so a game's decision does not depend on
the other games of the batch.

>>> from game.scenario import load_rules
>>> from game.engine import initial_state, observe_batch
>>> rules = load_rules("winter-2021")
>>> obs = observe_batch(rules, initial_state(rules, seed=1, games=2), "us")
>>> believed = belief_states(obs, np.array([0, 0, 1]), np.array([0, 1, 0]), samples=2, seed=9)
>>> believed.size, believed.turn
(3, 1)
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ..engine import rng
from ..engine import state as st
from ..engine.env import Env, evaluate
from ..engine.fingerprint import fingerprint
from ..engine.observe import ObservationBatch, observe_batch
from ..engine.rules import Expr, Rules
from ..engine.state import BatchState, refresh_estimates
from ..engine.step import legal_mask, step, stream_of
from ..engine.tables import tables
from ..scenario.expr import conjuncts
from .batch import play_batch, policies_for, start_batch
from .opponents import DEFAULT as MIXTURE
from .opponents import Beliefs, Mixture
from .policies import Policy, PolicyError, fill_orders, make_policy
from .tracking import Imagine, Others, Tracker

STREAM_BELIEF = stream_of("belief")
STREAM_TRACK = stream_of("track")
if TYPE_CHECKING:  # the type of any dataclass instance (typeshed's; it exists for type checkers only)
    from _typeshed import DataclassInstance

Settings = TypeVar("Settings", bound="DataclassInstance")  # a thinking policy's settings (GreedySettings, ...)
ZERO_ALLOWED = {"halving", "screen", "hold", "answers", "widen", "verify", "track"}  # whole-number settings for which 0 means "none"
REPEAT = "repeat"  # a continuation: the move being judged, ordered again every week while allowed
MAX_ROWS = 40_000  # rows of one rollout batch: bounds memory, whatever the number of games


def belief_states(obs: ObservationBatch, rows: np.ndarray, draws: np.ndarray, samples: int, seed: int,
                  posterior: tuple[np.ndarray, np.ndarray] | None = None) -> BatchState:
    """One imagined game per row: game ``rows[i]`` of ``obs`` with draw ``draws[i]`` of its hidden values.

    Hidden variables are drawn around the role's estimates with the estimate's
    own noise, or with ``posterior`` (mean, spread), each (games of ``obs``, estimated variables),
    around a tracked belief (``tracking.Tracker``); variables it has no estimate of start from the
    scenario's initial value. Rollout game numbers are ``game * samples + draw``.
    """
    rules, r = obs.rules, obs.role
    known = obs.known()
    games = obs.games[rows] * np.uint64(samples) + draws.astype(np.uint64)
    values = obs.values[rows].copy(order="F")
    estimated = np.flatnonzero(~rules.visible[r] & ~np.isnan(rules.noise[r]))
    if len(estimated):
        z = rng.normal(seed, games, obs.turn, STREAM_BELIEF, len(estimated))
        for k, v in enumerate(estimated):
            if posterior is not None:
                values[:, v] = posterior[0][rows, k] + posterior[1][rows, k] * z[:, k]
                continue
            guess = np.where(np.isnan(values[:, v]), rules.initial[v], values[:, v])
            values[:, v] = guess + rules.noise[r, v] * z[:, k]
    # What it has no estimate of at all (another role's hidden type) it imagines as the
    # scenario says such games start: around the initial value, with its per-game spread.
    unknown = np.flatnonzero(np.isnan(values).any(axis=0) & (rules.initial_spread > 0))
    if len(unknown):
        z = rng.normal(seed, games, 0, STREAM_BELIEF + 1, len(unknown))
        drawn = rules.initial[unknown] + z * rules.initial_spread[unknown]
        values[:, unknown] = np.where(np.isnan(values[:, unknown]), drawn, values[:, unknown])
    values = np.where(np.isnan(values), rules.initial[None, :], values)
    values = np.asfortranarray(np.clip(values, rules.vmin, rules.vmax))
    scores = np.zeros((len(rows), len(rules.roles)), order="F")
    scores[:, r] = obs.scores[rows]

    def take(array: np.ndarray) -> np.ndarray:
        return np.asfortranarray(array[rows])

    state = BatchState(
        seed=int(seed), games=games, turn=obs.turn, values=values, estimates=np.zeros((0, 0, 0)),
        uses=take(known.uses), last_orders=take(known.last_orders), failed=take(known.failed),
        fired=take(known.fired), pending=take(known.pending), demand_status=take(known.demand_status),
        demand_turn=take(known.demand_turn), answers=take(known.answers), threat_status=take(known.threat_status),
        threat_due=take(known.threat_due), ending=np.full(len(rows), -1, dtype=np.int16),
        ended_turn=np.zeros(len(rows), dtype=np.int16), scores=scores,
        blocked=None if known.blocked is None else take(known.blocked),
        # the pledges made in public: an imagined future is played by the same rules of one's word
        pledge_action=take(known.pledge_action), pledge_kind=take(known.pledge_kind),
        pledge_due=take(known.pledge_due), pledge_status=take(known.pledge_status),
    )
    refresh_estimates(rules, state)  # the other roles' views of the imagined game
    state.estimates[:, r, :] = obs.values[rows]  # and our own view is what we see
    return state


def value_to_go(rules: Rules, state: BatchState, role: int) -> np.ndarray:
    """The role's expected final score: its score for a game that has ended, else
    its score so far plus what games in that situation go on to earn (``ValueModel``)."""
    ahead = value_model(rules).predict(state, role)
    return state.scores[:, role] + np.where(state.ending < 0, ahead, 0.0)


class ValueModel:
    """What a game in a given situation is still worth to each role, learned from play.

    A one-turn look-ahead needs a judge for the position it reaches, like a chess
    program's evaluation. This one is a ridge regression, per role and turn, of
    the score still to come on the variables (scaled to [0, 1]), on which
    endings' conditions hold, and on both of those times each per-game draw (a
    hidden type such as a Kremlin's resolve decides what an invasion is worth to
    it: a product a linear judge cannot see otherwise), fitted on games of the
    scenario played in several ways (everyone historical, everyone random, one
    role random at a time, the others idle, in habits, hardline against
    conciliatory), so that it has seen positions off the documented path too.
    It is built once per scenario from the rules alone: no game's hidden state
    is read.
    """

    def __init__(self, rules: Rules, games: int = 400, ridge: float = 1e-2):
        self.rules = rules
        self.conditions = ending_conditions(rules)
        self.draws = np.flatnonzero(rules.initial_spread > 0)
        R, T = len(rules.roles), rules.turns
        F = (1 + len(rules.variables) + len(self.conditions)) + len(self.draws) * (len(rules.variables) + len(self.conditions))
        self.weights = np.zeros((T + 2, R, F))
        xs: dict[int, list[np.ndarray]] = {}
        ys: dict[int, list[np.ndarray]] = {}
        for m, specs in enumerate(training_mixes(rules)):
            seen: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []

            def record(s: BatchState, _: np.ndarray, seen: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = seen) -> None:
                seen.append((s.turn, self.features(s), s.scores.copy(), s.active.copy()))

            final = play_batch(rules, policies_for(rules, specs), start_batch(rules, 10_000 + m, 0, games), on_turn=record)
            for turn, x, so_far, open_ in seen:
                xs.setdefault(turn, []).append(x[open_])
                ys.setdefault(turn, []).append((final.scores - so_far)[open_])
        for turn in xs:
            x, y = np.concatenate(xs[turn]), np.concatenate(ys[turn])
            if len(x) > F:
                gram = x.T @ x + ridge * len(x) * np.eye(F)
                self.weights[turn] = np.linalg.solve(gram, x.T @ y).T

    def features(self, state: BatchState) -> np.ndarray:
        """(games, features): a constant, the variables scaled to [0, 1], whether each
        ending's condition and each of its clauses holds (0 or 1), and the variables and
        conditions again times each per-game draw (scaled)."""
        rules = self.rules
        span = np.where(rules.vmax > rules.vmin, rules.vmax - rules.vmin, 1.0)
        scaled = (state.values - rules.vmin) / span
        env = Env(rules, state)
        held = np.empty((state.size, len(self.conditions)))
        for c, condition in enumerate(self.conditions):
            held[:, c] = evaluate(condition, env, state.size) != 0
        plain = np.concatenate([scaled, held], axis=1)
        columns = [np.ones((state.size, 1)), plain]
        columns += [plain * scaled[:, d:d + 1] for d in self.draws]
        return np.concatenate(columns, axis=1)

    def predict(self, state: BatchState, role: int) -> np.ndarray:
        """(games,) the score ``role`` can still expect from each game of ``state``."""
        turn = min(state.turn, self.weights.shape[0] - 1)
        return self.features(state) @ self.weights[turn, role]


def training_mixes(rules: Rules) -> list[dict[str, str]]:
    """The ways of playing the value model learns from (role -> policy; unnamed roles historical)."""
    roles = rules.roles
    mixes = [{}, {r: "random" for r in roles}] + [{r: "random"} for r in roles]
    mixes += [{o: "passive" for o in roles if o != r} for r in roles]  # one role facing idle others
    mixes.append({r: "habit" for r in roles})
    for sign in ("hardline", "conciliatory"):
        other = "conciliatory" if sign == "hardline" else "hardline"
        mixes.append({r: (sign if i == 0 else other) for i, r in enumerate(roles)})
    return mixes


def ending_conditions(rules: Rules) -> list[Expr]:
    """Each ending's condition, followed by its clauses when it is an ``and`` of several.

    An ending reached by several steps (talks far along *and* troops pulled back *and*
    ...) is worth nothing to a linear judge until the last step is taken; the clauses
    let it value the steps on the way.
    """
    out: list[Expr] = []
    for ending in rules.endings:
        if ending.when is not None:
            out.append(ending.when)
            clauses = conjuncts(ending.when)
            if len(clauses) > 1:
                out.extend(clauses)
    return out


FITTED: OrderedDict[str, ValueModel] = OrderedDict()  # fingerprint of the rules -> their model, latest used last
FITTED_KEPT = 8  # scenarios whose models a process keeps (a model is some 100 kB)
_FITTED_LOCK = threading.Lock()


def value_model(rules: Rules) -> ValueModel:
    """The scenario's value model: fitted once per process for every copy of the same rules.

    Each load of a scenario (Continue from a save, a resumed LAN game, a test) compiles new
    rules; the fit (seconds) depends on nothing but them (its games' seeds are fixed), so it is
    kept by the rules' ``fingerprint``, not by the object, and also on the rules for the next call.
    """
    cached = rules.__dict__.get("_value_model")
    if cached is None:
        key = fingerprint(rules)
        with _FITTED_LOCK:
            cached = FITTED.get(key)
            if cached is not None:
                FITTED.move_to_end(key)
        if cached is None:
            cached = ValueModel(rules)  # outside the lock: a fit for another scenario need not wait
            with _FITTED_LOCK:
                FITTED[key] = cached
                while len(FITTED) > FITTED_KEPT:
                    FITTED.popitem(last=False)
        rules.__dict__["_value_model"] = cached
    return cached


def parse_params(spec: str, defaults: Settings, levels: Mapping[str, Mapping[str, int]] | None = None) -> Settings:
    """``name:key=value,...`` (or ``name:LEVEL``) -> ``defaults`` with those settings, each checked
    and read as the type of its default.

    >>> from game.ai.planner import DEFAULTS
    >>> settings = parse_params("planner:easy,rollouts=64", DEFAULTS, {"easy": {"rollouts": 32, "samples": 6}})
    >>> settings.rollouts, settings.samples, settings.blend
    (64, 6, 0.3)
    """
    name, _, rest = spec.partition(":")
    known = [f.name for f in fields(defaults)]
    changes: dict[str, object] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            if levels and key in levels:
                changes.update(levels[key])
                continue
            named = ", ".join(levels or {}) or "none"
            raise PolicyError(f"{name}: unknown setting '{key}' (levels: {named}; or KEY=VALUE)")
        if key not in known:
            raise PolicyError(f"{name}: unknown setting '{key}' (known: {', '.join(known)})")
        kind = type(getattr(defaults, key))
        try:
            converted = kind(value)
        except ValueError:
            raise PolicyError(f"{name}: {key} expects a {kind.__name__}, got '{value}'") from None
        low = 0 if key in ZERO_ALLOWED else 1
        if kind is int and not low <= converted <= 100_000:
            raise PolicyError(f"{name}: {key} must be between {low} and 100000")
        changes[key] = converted
    return settings_with(defaults, changes)


def settings_with(defaults: Settings, changes: Mapping[str, object]) -> Settings:
    """``defaults`` with some settings changed (a level's, a persona's), each a setting ``defaults`` has."""
    return replace(defaults, **changes)


def held_answers(rules: Rules, role: int, turn: int, status: np.ndarray, made: np.ndarray,
                 uses: np.ndarray) -> np.ndarray:
    """(G, A) the answers of ``role`` to pending demands that are not yet in their last week (nor the
    game in its last), but for a first counter: the answers a planner with ``hold`` leaves for later.

    An answer is for good, and what it forecloses is the demand-maker's hope of a yes: a thinking
    Kremlin whose demand stands waits for that yes, and one refused, with its forces ready, strikes
    (docs/HISTORY.md, "Is it a game?"). So the answer waits for the week the demand would expire in, or the
    game's last. (The opponent models now value that hope themselves, ``reactions``; with them
    the rule alone added nothing measurable; with a continuation that does not answer either,
    ``own_answers``, it lifted the US planner clear of its best script, so both are the default.)
    A counter while another addressee is still to answer forecloses nothing (the demand stands,
    and the talks move), so it is judged any week: holding it too left the US planner exploitable
    by greedy against thinking opponents (+13.3 points a game), and in real games of planners an
    early US counter cut the Kremlin's strikes from 57% to 21% (README, Exploitability). The
    counter that would settle the demand waits as a yes or a no does.
    ``status`` and ``made`` are the (G, D) demand status and the turn each was made, ``uses``
    the (G, A) action counts the role knows.

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> d = rules.demand_index["demand_no_expansion"]
    >>> status, made = np.zeros((2, len(rules.demands)), dtype=np.int64), np.zeros((2, len(rules.demands)), dtype=np.int64)
    >>> status[:, d], made[:, d] = st.PENDING, [2, 5]  # made in week 2 (expires in 9) and week 5 (in 12)
    >>> reject = rules.action("us", "demand_no_expansion.reject").index
    >>> uses = np.zeros((2, len(rules.actions)), dtype=np.int64)
    >>> held_answers(rules, rules.role_index("us"), 9, status, made, uses)[:, reject].tolist()
    [False, True]
    """
    out = np.zeros((status.shape[0], len(rules.actions)), dtype=bool)
    if turn >= rules.turns:
        return out
    answers = tables(rules)
    mine = rules.action_role[answers.slot_actions] == role
    for index, d in zip(answers.slot_actions[mine].tolist(), answers.slot_demand_of_action[mine].tolist()):
        held = (status[:, d] == st.PENDING) & (turn < made[:, d] + rules.demands[d].expires_after)
        if rules.actions[index].answer == st.COUNTER:
            held &= ~others_yet_to_answer(rules, role, d, uses)  # a first counter settles nothing yet
        out[:, index] = held
    return out


def others_yet_to_answer(rules: Rules, role: int, d: int, uses: np.ndarray) -> np.ndarray:
    """(G,) whether some addressee of demand ``d`` other than ``role`` has not answered it yet, by the
    action counts ``uses`` (G, A) (answers are public moves, so a role's own view has them).

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> d, uses = rules.demand_index["demand_no_expansion"], np.zeros((2, len(rules.actions)), dtype=np.int64)
    >>> uses[1, rules.action("nato", "demand_no_expansion.counter").index] = 1  # NATO has answered in game 1
    >>> others_yet_to_answer(rules, rules.role_index("us"), d, uses).tolist()
    [True, False]
    """
    answers = tables(rules)
    to_d = answers.slot_actions[answers.slot_demand_of_action == d]
    out = np.zeros(uses.shape[0], dtype=bool)
    for other in rules.demands[d].to:
        if other != role:
            out |= uses[:, to_d[rules.action_role[to_d] == other]].sum(axis=1) == 0
    return out


def own_answers(rules: Rules, role: int) -> np.ndarray:
    """(A,) which actions are ``role``'s answers to a demand (accept, reject, counter of each).

    A planner with ``answers=0`` masks them out of its own continuation in the rollouts: the
    continuation (``historical``) counters Moscow's demand in week 8 in every imagined game, so
    without the mask the search weighs answering now against answering in week 8, never against
    leaving the demand unanswered (docs/HISTORY.md, "Is it a game?").

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> [a.id for a in rules.actions if own_answers(rules, rules.role_index("russia"))[a.index]]
    ['demand_pullback.accept', 'demand_pullback.reject', 'demand_pullback.counter']
    """
    return np.array([a.slot is not None and rules.action_role[a.index] == role for a in rules.actions], dtype=bool)


class Lookahead(Policy):
    """Base of the thinking policies: scores candidate orders by playing them on.

    ``opponents`` is how the other roles are modelled (from their own view of the
    imagined game): candidate policies joined by ``+``, weighted game by game by
    how well each explains their moves so far (``opponents.Mixture``), or one
    policy the role is sure of; ``rollout`` is the policy this role follows after
    the move being judged, or several joined by ``+`` (each candidate is then
    judged by the best of them: ``repeat`` keeps the candidate's own orders up
    every week while they are allowed, so a planner with ``historical+repeat``
    sees every script made of its candidates); ``answers`` whether those continuations answer
    demands themselves (1), never (0, ``own_answers``) or both ways (2). ``risk`` > 0 prefers a wide spread of outcomes (a
    gambler), < 0 a narrow one (cautious); ``escalation`` adds that many points
    per 10 points of the escalation ladder at the end of the look-ahead.
    """

    def __init__(self, rules: Rules, role: str, opponents: str = MIXTURE, rollout: str = "historical",
                 risk: float = 0.0, escalation: float = 0.0, seed_name: str = "lookahead", answers: int = 1,
                 track: int = 0):
        super().__init__(rules, role)
        self.mixture = Mixture(rules, role, opponents)
        self.beliefs: Beliefs | None = None  # the mixture's weights for the games being decided
        # ``track``: hidden values imagined around a belief carried from week to week (``Tracker``),
        # not around this week's estimate alone
        self.tracker = Tracker(rules, role) if track else None
        self.posterior: tuple[np.ndarray, np.ndarray] | None = None  # the tracked beliefs of the games being decided
        names = list(dict.fromkeys(n.strip() for n in rollout.split("+") if n.strip())) or [REPEAT]
        then = [None if name == REPEAT else make_policy(name, rules, role) for name in names]
        # ``answers``: 1, the continuations answer demands as they would; 0, they never do (the
        # answer is the judged move's alone); 2, each continuation both ways, the better counting.
        # (``repeat`` needs no silent twin: it orders again what the judged move ordered.)
        silent: list[Policy | None] = [p for p in then if p is not None] if answers == 2 else []
        self.then: list[Policy | None] = then + silent
        self.silent = [answers == 0] * len(then) + [True] * len(silent)
        self.answers_of_role = own_answers(rules, self.r)
        self.risk, self.escalation = risk, escalation
        self.hold = 0  # see ``held_answers``; set by the planner's ``hold`` setting
        self.ladder = next((i for i, v in enumerate(rules.variables) if v.rungs), None)
        self.salt = stream_of("policy", seed_name, role)

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        """Think only about the games still going on (the others get no orders)."""
        live = np.flatnonzero(obs.active)
        if len(live) == obs.size:
            return self._think(obs)
        out = np.zeros((obs.size, len(self.rules.actions)), dtype=bool, order="F")
        if len(live):
            out[live] = self._think(obs.subset(live))
        return out

    def _think(self, obs: ObservationBatch) -> np.ndarray:
        """Read the others' last moves into the mixture's weights, then think."""
        self.beliefs = self.believe(obs)
        if self.tracker is not None:
            self.posterior = self.track(obs)
        if self.hold:
            known = obs.known()
            legal = obs.legal & ~held_answers(self.rules, self.r, obs.turn, known.demand_status, known.demand_turn,
                                              known.uses)
            obs = replace(obs, legal=np.asfortranarray(legal))
        try:
            return self.think(obs)
        finally:
            self.beliefs, self.posterior = None, None

    def track(self, obs: ObservationBatch) -> tuple[np.ndarray, np.ndarray] | None:
        """The tracked beliefs of the hidden values for this week of the games of ``obs`` (``Tracker.update``)."""
        assert self.tracker is not None
        return self.tracker.update(obs, *self._tracking(obs, self.weights_of(obs)))

    def tracked(self, obs: ObservationBatch) -> tuple[np.ndarray, np.ndarray] | None:
        """What ``track`` gives, remembering nothing (``Tracker.held``; None without tracking): the
        others' unseen moves weighed as the mixture has learned them, read only."""
        if self.tracker is None:
            return None
        return self.tracker.held(obs, *self._tracking(obs, self.mixture.learned(obs).weights))

    def _tracking(self, obs: ObservationBatch, weights: np.ndarray) -> tuple[Imagine, Others]:
        """The tracker's imagined games of last week and the others' orders in them."""
        salt = obs.seed ^ self.salt ^ STREAM_TRACK

        def imagine(then: ObservationBatch, rows: np.ndarray, draws: np.ndarray, samples: int,
                    belief: tuple[np.ndarray, np.ndarray]) -> BatchState:
            return belief_states(then, rows, draws, samples, salt, posterior=belief)

        def others(state: BatchState, legal: np.ndarray, owners: np.ndarray) -> np.ndarray:
            return self.mixture.decide(state, legal, self.mixture.assign(weights[owners], state))

        return imagine, others

    def believe(self, obs: ObservationBatch) -> Beliefs:
        """The mixture's weights for the games of ``obs``, the others' last moves read (``Mixture.update``:
        asked again in the same turn, the same weights)."""
        salt = obs.seed ^ self.salt

        def imagine(rows: np.ndarray, draws: np.ndarray, samples: int, stream: int) -> BatchState:
            return belief_states(obs, rows, draws, samples, salt ^ stream)

        return self.mixture.update(obs, imagine)

    @property
    def learns(self) -> bool:
        return not self.mixture.sure or self.tracker is not None

    def witness(self, obs: ObservationBatch) -> None:
        """The mixture predicts the others' moves of this turn, and the tracker forms this week's
        belief, from the view it resolves on (see ``Policy.witness``): a loaded game, whose turns
        are witnessed again (``Policy.recall``), knows what one played straight through knows."""
        live = np.flatnonzero(obs.active)
        if not self.learns or not len(live):
            return
        obs = obs if len(live) == obs.size else obs.subset(live)
        beliefs = self.believe(obs)
        if self.tracker is not None:
            self.beliefs = beliefs  # the others' unseen moves of last week, as the mixture now weighs them
            try:
                self.track(obs)
            finally:
                self.beliefs = None

    def forget(self) -> None:
        self.mixture.forget()
        if self.tracker is not None:
            self.tracker.forget()

    def think(self, obs: ObservationBatch) -> np.ndarray:
        raise NotImplementedError

    # -- candidates -------------------------------------------------------------------------
    def singles(self, obs: ObservationBatch) -> np.ndarray:
        """(G, 1 + n, A): no orders, then each of the role's actions alone (nothing where not allowed)."""
        rules = self.rules
        affordable = rules.costs[self.mine] <= rules.budgets[self.r]
        out = np.zeros((obs.size, 1 + len(self.mine), len(rules.actions)), dtype=bool)
        out[:, 1 + np.arange(len(self.mine)), self.mine] = obs.legal[:, self.mine] & affordable
        return out

    def combinations(self, obs: ObservationBatch, singles: np.ndarray, gain: np.ndarray, best: int = 4) -> np.ndarray:
        """(G, C, A): sets of two or more of each game's ``best`` single moves (by ``gain``), within budget."""
        order = np.argsort(-gain[:, 1:], axis=1, kind="stable")[:, :best]  # per game, indices into self.mine
        useful = np.take_along_axis(gain[:, 1:], order, axis=1) > 0
        actions = self.mine[order]
        subsets = [s for size in range(2, best + 1) for s in itertools.combinations(range(order.shape[1]), size)]
        out = np.zeros((obs.size, len(subsets), len(self.rules.actions)), dtype=bool)
        for c, subset in enumerate(subsets):
            want = np.zeros(order.shape, dtype=bool)
            want[:, list(subset)] = useful[:, list(subset)]
            out[:, c] = fill_orders(self.rules, self.r, obs.legal, actions, want)
        return out

    def one_turn_ahead(self, obs: ObservationBatch, samples: int) -> tuple[np.ndarray, np.ndarray]:
        """Candidates (no orders first, single moves, combinations of the best) and their
        utilities one turn ahead: (G, C, A) and (G, C)."""
        singles = self.singles(obs)
        single_outcomes = self.outcomes(obs, singles, samples, horizon=1)
        combos = self.combinations(obs, singles, self.utility(single_outcomes))
        outcomes = np.concatenate([single_outcomes, self.outcomes(obs, combos, samples, horizon=1)], axis=1)
        return np.concatenate([singles, combos], axis=1), self.utility(outcomes)

    # -- judging candidates -----------------------------------------------------------------
    def outcomes(self, obs: ObservationBatch, candidates: np.ndarray, samples: int, horizon: int | None,
                 then: int = 0, first_draw: int = 0) -> np.ndarray:
        """(G, C, samples): the role's value after playing each candidate on for ``horizon``
        turns (None: to the end), once per imagined game, the role going on as its continuation
        ``then``; the same imagined games (draws ``first_draw`` on) for every candidate."""
        G, C, _ = candidates.shape
        out = np.zeros((G, C, samples))
        if C == 0:  # no combinations: a role with fewer than two actions
            return out
        # A candidate that orders what the first does in every game (a single move allowed in
        # none of them: no orders) meets the same futures with the same orders, so it comes to
        # the same values: played once (the screen of every single move costs what is allowed).
        same = (candidates == candidates[:, :1]).all(axis=(0, 2))
        same[0] = False
        if same.any():
            played = np.flatnonzero(~same)
            out[:, played] = self.outcomes(obs, candidates[:, played], samples, horizon, then, first_draw)
            out[:, same] = out[:, :1]
            return out
        per_game = C * samples
        step_games = max(1, MAX_ROWS // per_game)
        span = first_draw + samples
        for first in range(0, G, step_games):
            games = np.arange(first, min(G, first + step_games))
            rows = np.repeat(games, per_game)
            draws = np.tile(np.arange(first_draw, span), len(games) * C)
            which = np.tile(np.repeat(np.arange(C), samples), len(games))
            # rollout game numbers are game * span + draw: a later round's draws are new futures
            posterior = self.posterior if self.posterior is not None and len(self.posterior[0]) == obs.size else None
            state = belief_states(obs, rows, draws, span, obs.seed ^ self.salt, posterior=posterior)
            first_orders = candidates[rows, which]
            assignment = self.mixture.assign(self.weights_of(obs)[rows], state)
            values = self.play_on(state, first_orders, horizon, assignment, then)
            out[games] = values.reshape(len(games), C, samples)
        return out

    def weights_of(self, obs: ObservationBatch) -> np.ndarray:
        """(G, O, M) the mixture's weights for the games of ``obs`` (the prior outside ``decide``)."""
        if self.beliefs is not None and len(self.beliefs.weights) == obs.size:
            return self.beliefs.weights
        M = len(self.mixture.names)
        return np.full((obs.size, len(self.mixture.others), M), 1.0 / M)

    def play_turn(self, state: BatchState, orders: np.ndarray, legal: np.ndarray, assignment: np.ndarray) -> BatchState:
        """One turn of the imagined games: this role plays ``orders``, the others as their drawn models."""
        orders = np.asfortranarray(orders & legal) | self.mixture.decide(state, legal, assignment)
        state, _ = step(self.rules, state, orders, legal=legal, in_place=True)
        return state

    def play_on(self, state: BatchState, first_orders: np.ndarray, horizon: int | None,
                assignment: np.ndarray, then: int = 0) -> np.ndarray:
        """Play the imagined games on, this role opening with ``first_orders`` and going on as
        its continuation ``then``; the role's values."""
        rules = self.rules
        policy = self.then[then]
        turns = 0
        while state.active.any() and state.turn <= rules.turns and (horizon is None or turns < horizon):
            legal = legal_mask(rules, state)
            if turns == 0 or policy is None:
                orders = first_orders  # a subset of what was affordable: play_turn keeps the legal ones
            else:
                orders = policy.decide(observe_batch(rules, state, self.r, legal))
                if self.silent[then]:  # the answer is the judged move's to give, not the continuation's
                    orders = orders & ~self.answers_of_role
                elif self.hold:  # its own later weeks hold the answers as it does
                    orders = orders & ~held_answers(rules, self.r, state.turn, state.demand_status, state.demand_turn,
                                                    state.uses)
            state = self.play_turn(state, orders, legal, assignment)
            turns += 1
        return self.judge(state)

    def judge(self, state: BatchState) -> np.ndarray:
        """The role's value of each imagined game where the look-ahead stops (its tastes included)."""
        values = value_to_go(self.rules, state, self.r)
        if self.escalation and self.ladder is not None:
            values = values + self.escalation * state.values[:, self.ladder] / 10.0
        return values

    def utility(self, outcomes: np.ndarray) -> np.ndarray:
        """(G, C): how much better each candidate is than the first (no orders), to be sure.

        The gain is measured on the same imagined games and discounted by one
        standard error: with few samples the best-looking candidate is often just
        the luckiest, and doing nothing should not lose to luck. A risk-seeking
        or cautious player adds or subtracts the spread of outcomes.
        """
        samples = outcomes.shape[2]
        gain = outcomes - outcomes[:, :1, :]
        value = gain.mean(axis=2)
        if samples > 1:
            value = value - gain.std(axis=2, ddof=1) / np.sqrt(samples)
        if self.risk:
            value = value + self.risk * outcomes.std(axis=2)
        return value

    def choose(self, obs: ObservationBatch, candidates: np.ndarray, utility: np.ndarray) -> np.ndarray:
        """The best candidate of each game (the first of equals: fewer orders come first)."""
        best = np.argmax(utility, axis=1)
        orders = candidates[np.arange(obs.size), best]
        orders &= obs.active[:, None]
        return np.asfortranarray(orders)


def distinct_best(candidates: np.ndarray, utility: np.ndarray, keep: int) -> np.ndarray:
    """(G, keep): per game, the indices of the ``keep`` best different candidates,
    the first one (no orders) always first. Games with fewer repeat their last one."""
    G = candidates.shape[0]
    out = np.zeros((G, keep), dtype=np.int64)
    ranking = np.argsort(-utility, axis=1, kind="stable")
    for g in range(G):
        chosen = add_distinct(candidates[g], [0], ranking[g], keep)
        out[g] = chosen + [chosen[-1]] * (keep - len(chosen))
    return out


def add_distinct(candidates: np.ndarray, chosen: list[int], ranked: np.ndarray, wanted: int) -> list[int]:
    """``chosen`` (indices into one game's ``candidates``) followed by the next ones in ``ranked``
    order whose orders differ from every one taken, until there are ``wanted`` (or none is left).

    >>> orders = np.array([[0, 0], [1, 0], [1, 0], [0, 1]], dtype=bool)
    >>> add_distinct(orders, [0], np.array([2, 1, 3, 0]), 3)
    [0, 2, 3]
    """
    chosen = list(chosen)
    seen = {candidates[c].tobytes() for c in chosen}
    for c in ranked:
        if len(chosen) >= wanted:
            break
        key = candidates[c].tobytes()
        if key not in seen:
            seen.add(key)
            chosen.append(int(c))
    return chosen
