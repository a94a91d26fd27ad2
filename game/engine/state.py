"""The state of a batch of games: numpy arrays with one row per game.

A single match is a batch of one. ``turn`` is shared: every game of a batch is
at the same turn, and games that have ended simply stop changing.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> s = initial_state(rules, seed=1, games=4)
>>> s.values.shape == (4, len(rules.variables))
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from . import rng
from .rules import Rules

# Demand status codes
NOT_MADE, PENDING, ACCEPTED, REJECTED, COUNTERED, EXPIRED = range(6)
DEMAND_STATUS = ["not made", "pending", "accepted", "rejected", "countered", "expired"]
# Answers to a demand, one slot per addressee (``answers``; an action's ``answer``)
NO_ANSWER, ACCEPT, REJECT, COUNTER = range(4)
ANSWER_WORDS = [None, "accept", "reject", "counter"]
# Threat status codes
UNDECLARED, DECLARED, DUE, HONORED, BROKEN = range(5)
THREAT_STATUS = ["not declared", "declared", "due", "honored", "broken"]
# Pledges (commitments and offers made in public statements, ``game.engine.pledges``)
NO_PLEDGE, PLEDGE_DO, PLEDGE_REFRAIN, PLEDGE_ANSWER = range(4)  # pledge_kind
PLEDGE_OPEN, PLEDGE_KEPT, PLEDGE_BROKEN = range(3)  # pledge_status
PLEDGE_STATUS = ["open", "kept", "broken"]
PLEDGE_KINDS = [None, "commitment", "refrain", "offer"]  # the words of report entries: commitment_kept, offer_broken ...

STREAM_INTEL = 1_000_000
STREAM_INITIAL = 1_000_001


@dataclass
class BatchState:
    """The games of a batch, one row each. Arrays are column-major (order "F"):
    the engine works on one column (one variable, one action) at a time."""

    seed: int
    games: np.ndarray  # (G,) uint64 game numbers, for the random streams
    turn: int  # the turn about to be played (1-based); turns + 1 once the calendar is done
    values: np.ndarray  # (G, V) true values
    estimates: np.ndarray  # (G, R, V) what each role believes (true where visible, noisy or nan elsewhere)
    uses: np.ndarray  # (G, A) times each action was carried out
    last_orders: np.ndarray  # (G, A) actions carried out in the last resolved turn
    failed: np.ndarray  # (G, A) times a decision failed for want of consensus
    fired: np.ndarray  # (G, E) times each event fired
    pending: np.ndarray  # (G, E) the turn an event's delayed effects land (0 = none waiting)
    demand_status: np.ndarray  # (G, D)
    demand_turn: np.ndarray  # (G, D) turn the demand was made
    answers: np.ndarray  # (G, S) NO_ANSWER, ACCEPT, REJECT or COUNTER
    threat_status: np.ndarray  # (G, T)
    threat_due: np.ndarray  # (G, T)
    ending: np.ndarray  # (G,) ending index, -1 while the game goes on
    ended_turn: np.ndarray  # (G,)
    scores: np.ndarray  # (G, R)
    blocked: np.ndarray | None = None  # (G, E) bool: events ruled out by adjudication (never fire)
    # Pledges made in public statements, one column each (K is 0 until a role makes one):
    # (G, K) the action pledged (for an offer: the answer promised)
    pledge_action: np.ndarray = field(default_factory=lambda: _no_pledges(np.int16))
    # (G, K) PLEDGE_DO, PLEDGE_REFRAIN or PLEDGE_ANSWER
    pledge_kind: np.ndarray = field(default_factory=lambda: _no_pledges(np.int8))
    # (G, K) the last turn it can be kept in
    pledge_due: np.ndarray = field(default_factory=lambda: _no_pledges(np.int16))
    # (G, K) PLEDGE_OPEN, PLEDGE_KEPT or PLEDGE_BROKEN
    pledge_status: np.ndarray = field(default_factory=lambda: _no_pledges(np.int8))

    def __post_init__(self) -> None:
        if len(self.pledge_action) != self.size:  # states built field by field (planners) start with no pledges
            self.pledge_action = np.zeros((self.size, 0), dtype=np.int16, order="F")
            self.pledge_kind = np.zeros((self.size, 0), dtype=np.int8, order="F")
            self.pledge_due = np.zeros((self.size, 0), dtype=np.int16, order="F")
            self.pledge_status = np.zeros((self.size, 0), dtype=np.int8, order="F")

    @property
    def size(self) -> int:
        return len(self.games)

    @property
    def active(self) -> np.ndarray:
        return self.ending < 0

    def copy(self, share: tuple[str, ...] = ()) -> BatchState:
        """A deep copy; fields named in ``share`` are shared (for arrays the caller will replace, not change)."""
        values: dict[str, Any] = {f.name: getattr(self, f.name) if f.name in share else _copy(getattr(self, f.name))
                                  for f in fields(self)}
        return BatchState(**values)

    def take(self, rows: np.ndarray) -> BatchState:
        """A new batch with the chosen games (for planners and replays)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = np.asfortranarray(value[rows]) if isinstance(value, np.ndarray) else value
        return BatchState(**out)

    @staticmethod
    def stack(batches: list[BatchState]) -> BatchState:
        """One batch of the games of ``batches`` in order (of one scenario, turn and seed: the rest is
        the first's), as ``take`` makes one of some of them (for planners that judge several sets at once).

        >>> from game.scenario import load_rules
        >>> one = initial_state(load_rules("tutorial"), seed=1, games=2)
        >>> BatchState.stack([one, one.take(np.array([1]))]).games.tolist()
        [0, 1, 1]
        """
        out: dict[str, Any] = {}
        for f in fields(batches[0]):
            value = getattr(batches[0], f.name)
            out[f.name] = (np.asfortranarray(np.concatenate([getattr(b, f.name) for b in batches]))
                           if isinstance(value, np.ndarray) else value)
        return BatchState(**out)


def _no_pledges(dtype: type[np.generic]) -> np.ndarray:
    return np.zeros((0, 0), dtype=dtype, order="F")


def _copy(value: Any) -> Any:
    # order="K" keeps the column-major layout (columns are what the phases work on).
    return value.copy(order="K") if isinstance(value, np.ndarray) else value


def initial_state(rules: Rules, seed: int, games: int = 1, first_game: int = 0) -> BatchState:
    """The state before turn 1 for games ``first_game .. first_game + games - 1``."""
    g = games
    V, A, E, D = len(rules.variables), len(rules.actions), len(rules.events), len(rules.demands)
    S, T, R = len(rules.slot_demand), len(rules.threats), len(rules.roles)
    def zeros(width: int, dtype: Any = np.int16) -> np.ndarray:
        return np.zeros((g, width), dtype=dtype, order="F")

    threat_status = zeros(T, np.int8)
    for t in rules.threats:
        if t.declared_at_start:
            threat_status[:, t.index] = DECLARED
    state = BatchState(
        seed=int(seed),
        games=np.arange(first_game, first_game + g, dtype=np.uint64),
        turn=1,
        values=np.asfortranarray(np.tile(rules.initial, (g, 1))),
        estimates=np.zeros((g, R, V), order="F"),
        uses=zeros(A),
        last_orders=zeros(A, bool),
        failed=zeros(A),
        fired=zeros(E),
        pending=zeros(E),
        demand_status=zeros(D, np.int8),
        demand_turn=zeros(D),
        answers=zeros(S, np.int8),
        threat_status=threat_status,
        threat_due=zeros(T),
        ending=np.full(g, -1, dtype=np.int16),
        ended_turn=np.zeros(g, dtype=np.int16),
        scores=zeros(R, np.float64),
        blocked=zeros(E, bool),
    )
    draw_initial_values(rules, state)
    refresh_estimates(rules, state)
    return state


def draw_initial_values(rules: Rules, state: BatchState) -> None:
    """Each game's own start for variables whose initial value is uncertain (``initial_spread``)."""
    spread = np.flatnonzero(rules.initial_spread > 0)
    if len(spread):
        z = rng.normal(state.seed, state.games, 0, STREAM_INITIAL, len(spread))
        drawn = rules.initial[spread] + z * rules.initial_spread[spread]
        state.values[:, spread] = np.clip(drawn, rules.vmin[spread], rules.vmax[spread])


def refresh_estimates(rules: Rules, state: BatchState, ended_before: np.ndarray | None = None) -> None:
    """Draw this turn's intelligence estimates: true where visible, noisy where estimated.

    ``ended_before`` marks the games that were already over when the turn began: they keep their
    last estimates. A game that ends this turn draws its last ones, so every face shows the
    values the game ended with (left out: every game not active now keeps its estimates).
    """
    R, V = rules.visible.shape
    G, truth = state.size, state.values
    # Column c = r + R * v of this (G, R*V) array is est[:, r, v] of its column-major (G, R, V) reshape.
    flat = np.repeat(truth.T, R, axis=0).T  # column r + R * v holds variable v, column-major
    unseen = np.flatnonzero(~rules.visible.T.ravel())
    if len(unseen):
        flat[:, unseen] = np.nan
    pairs = np.flatnonzero(~rules.visible & ~np.isnan(rules.noise))  # the estimated (role, variable) pairs
    if len(pairs):
        z = rng.normal(state.seed, state.games, state.turn, STREAM_INTEL, len(pairs))
        r, v = np.divmod(pairs, V)
        flat[:, r + R * v] = np.clip(truth[:, v] + z * rules.noise[r, v], rules.vmin[v], rules.vmax[v])
    est = flat.reshape((G, R, V), order="F")
    # Games that had ended keep their last estimates.
    keep = ~state.active if ended_before is None else ended_before
    if keep.any() and state.turn > 1:
        est[keep] = state.estimates[keep]
    state.estimates = est
