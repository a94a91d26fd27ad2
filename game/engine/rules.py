"""Compiled rules: a scenario turned into indices, arrays and expression closures.

The engine reads only these objects. They are built by ``game.scenario.compile``
and never change during a game. Expressions are objects with an
``evaluate(env)`` method (see ``game.scenario.expr``); the engine calls them and
knows nothing of how they were parsed.

Action kinds follow the ``brink inspect`` contract: sanction, deployment,
decision, demand, demand_response, diplomacy, other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np


class Expr(Protocol):
    """A compiled expression as the engine reads it (read-only: a frozen ``game.scenario.expr.Expression`` fits)."""

    @property
    def text(self) -> str: ...
    @property
    def constant(self) -> float | None: ...
    @property
    def names(self) -> frozenset[str]: ...  # the variables and counters it reads

    def evaluate(self, env: Any) -> Any: ...


@dataclass
class Effects:
    """Effects of one cause: constant deltas, expression deltas and noise."""

    constant: np.ndarray  # (V,) deltas
    formulas: list[tuple[int, Expr]] = field(default_factory=list)
    spread: list[tuple[int, float]] = field(default_factory=list)
    targets: list[tuple[int, float]] = field(init=False)  # (variable, delta) where the constant is not 0

    def __post_init__(self) -> None:
        self.targets = [(int(v), float(self.constant[v])) for v in np.flatnonzero(self.constant)]

    @property
    def empty(self) -> bool:
        return not (self.constant.any() or self.formulas or self.spread)


@dataclass
class Cite:
    source: str
    quote: str | None = None


@dataclass
class ActionRule:
    index: int
    id: str
    role: int
    kind: str
    phase: str
    label: str
    description: str
    cost: int
    max_uses: int  # 0 = unlimited
    when: Expr | None
    chance: Expr
    public: bool
    headline: str
    text: str
    cite: Cite
    effects: Effects
    excludes: list[int] = field(default_factory=list)
    lever: str | None = None
    step: str | None = None  # 'threaten' or 'impose' for levers
    declares: list[int] = field(default_factory=list)  # threat indices declared
    demand: int | None = None  # demand index made by this action
    slot: int | None = None  # demand slot answered by this response
    answer: int = 0  # state.ACCEPT, REJECT or COUNTER (NO_ANSWER for an action that answers nothing)
    agree: list[Expr] = field(default_factory=list)  # one per consensus bloc
    on_fail: Effects | None = None
    fail_headline: str = ""
    group: str = ""  # the heading faces list it under ("Sanctions", "NATO decisions", a scenario's own)
    group_rank: int = 0  # where that heading goes: answers to demands first (see scenario.presentation)


@dataclass
class EventRule:
    index: int
    id: str
    actor: str | None  # None for events; actor id for reactions
    turn: int | None
    when: Expr | None
    chance: Expr
    delay: int
    once: bool
    public: bool
    inject: bool
    headline: str
    text: str
    cite: Cite
    effects: Effects
    date: dt.date | None = None


@dataclass
class DemandRule:
    index: int
    id: str
    by: int
    to: list[int]
    slots: list[int]  # slot index per addressee
    expires_after: int
    label: str
    text: str
    cite: Cite
    on_accepted: Effects
    on_rejected: Effects
    on_countered: Effects
    on_expired: Effects


@dataclass
class ThreatRule:
    """A declared threat (lever) or red line, checked against actual moves."""

    index: int
    id: str
    kind: str  # 'threat' or 'red_line'
    by: int
    label: str
    declared_at_start: bool
    trigger: Expr | None
    response: list[int]  # action indices that honour it
    grace: int
    audience_cost: Effects
    cite: Cite


@dataclass
class DriftRule:
    var: int
    add: Expr
    spread: float
    when: Expr | None
    note: str
    cite: Cite


@dataclass
class EndingRule:
    index: int
    id: str
    title: str
    text: str
    when: Expr | None
    default: bool
    at_end_only: bool
    cite: Cite


@dataclass
class TermRule:
    label: str
    value: Expr
    weight: float


@dataclass
class ObjectiveRule:
    summary: str
    each_turn: list[TermRule]
    at_end: list[TermRule]
    endings: np.ndarray  # (endings,) points


@dataclass
class HistoricalRule:
    """A documented move, played every turn from ``turn`` to ``last`` (the same turn for most moves)."""

    turn: int
    orders: list[int]
    when: Expr | None
    otherwise: list[int]
    cite: Cite
    note: str
    last: int

    def covers(self, turn: int) -> bool:
        """Whether the move is played on ``turn``.

        >>> rule = HistoricalRule(5, [], None, [], Cite(None, None), "", 12)
        >>> rule.covers(4), rule.covers(5), rule.covers(12), rule.covers(13)
        (False, True, True, False)
        """
        return self.turn <= turn <= self.last


@dataclass
class VariableInfo:
    id: str
    label: str
    unit: str
    description: str
    rungs: list[tuple[float, str]]
    cite: Cite
    reveal: list[tuple[float, str]] = field(default_factory=list)  # (from value, words): the debrief's reading of a draw


# Calendar words for the turn lengths scenarios use; any other length is just a "turn".
TURN_WORDS = {1: "day", 7: "week", 14: "fortnight", **{days: "month" for days in range(28, 32)}}


def turn_word_for(days_per_turn: int, plural: bool = False) -> str:
    """The word for one turn of ``days_per_turn`` days, so faces never say "week" of a month.

    >>> [turn_word_for(days) for days in (7, 30, 14, 10, 1)]
    ['week', 'month', 'fortnight', 'turn', 'day']
    >>> turn_word_for(31, plural=True)
    'months'
    """
    word = TURN_WORDS.get(days_per_turn, "turn")
    return word + "s" if plural else word


@dataclass
class Rules:
    """Everything the engine needs to play a scenario, as arrays and small records."""

    id: str
    title: str
    summary: str
    content_hash: str
    start: dt.date
    days_per_turn: int
    turns: int
    roles: list[str]
    role_names: list[str]
    budgets: np.ndarray  # (R,)
    variables: list[VariableInfo]
    var_index: dict[str, int]
    vmin: np.ndarray
    vmax: np.ndarray
    initial: np.ndarray
    initial_spread: np.ndarray  # (V,) sd of each game's starting draw (0 = fixed)
    visible: np.ndarray  # (R, V) bool: role sees the true value
    noise: np.ndarray  # (R, V) float: sd of the intelligence estimate, nan = none
    actions: list[ActionRule]
    events: list[EventRule]
    demands: list[DemandRule]
    slot_demand: np.ndarray  # (S,) demand index of each slot
    slot_role: np.ndarray  # (S,) role index of each slot
    threats: list[ThreatRule]
    drift: list[DriftRule]
    endings: list[EndingRule]
    objectives: list[ObjectiveRule]  # one per role
    historical: list[list[HistoricalRule]]  # per role
    bloc_ids: list[str]
    actors: dict[str, str]
    sources: dict[str, dict[str, Any]]
    playable_actors: dict[str, str | None] = field(default_factory=dict)  # actor id -> the role that informs it
    scenario: Any = None  # the validated pydantic model, for briefings and faces
    presentation: Any = None  # how faces show it: role looks, ladder, map (game.scenario.presentation)
    costs: np.ndarray = field(init=False)
    action_role: np.ndarray = field(init=False)
    max_uses: np.ndarray = field(init=False)
    exclusion: np.ndarray = field(init=False)  # (A, A) bool: i excludes j

    def __post_init__(self) -> None:
        self.costs = np.array([a.cost for a in self.actions], dtype=np.int64)
        self.action_role = np.array([a.role for a in self.actions], dtype=np.int64)
        self.max_uses = np.array([a.max_uses for a in self.actions], dtype=np.int64)
        n = len(self.actions)
        self.exclusion = np.zeros((n, n), dtype=bool)
        for a in self.actions:
            for b in a.excludes:
                self.exclusion[a.index, b] = self.exclusion[b, a.index] = True
        self.action_ids: dict[str, list[int]] = {}
        for a in self.actions:
            self.action_ids.setdefault(a.id, []).append(a.index)
        self.event_index = {e.id: e.index for e in self.events}
        self.demand_index = {d.id: d.index for d in self.demands}
        self.threat_index = {t.id: t.index for t in self.threats}
        self.ending_index = {e.id: e.index for e in self.endings}

    # -- small lookups used by every face -------------------------------------------------
    def role_index(self, role: str) -> int:
        return self.roles.index(role)

    def action(self, role: str, action_id: str) -> ActionRule:
        """The action ``action_id`` of ``role``; KeyError when there is none."""
        r = self.role_index(role)
        for i in self.action_ids.get(action_id, []):
            if self.actions[i].role == r:
                return self.actions[i]
        raise KeyError(f"{role} has no action '{action_id}'")

    def date_of(self, turn: int) -> dt.date:
        """The first day of a turn (turns count from 1)."""
        return self.start + dt.timedelta(days=self.days_per_turn * (turn - 1))

    @property
    def turn_word(self) -> str:
        """What the players call one turn, from its length in days (see ``turn_word_for``)."""
        return turn_word_for(self.days_per_turn)

    @property
    def turn_words(self) -> str:
        """The plural of ``turn_word``: 'weeks', 'months', 'turns'."""
        return turn_word_for(self.days_per_turn, plural=True)

    def turn_count(self, count: int) -> str:
        """``count`` turns in words: '1 month', '12 months'."""
        return f"{count} {self.turn_word if count == 1 else self.turn_words}"

    @property
    def calendar_text(self) -> str:
        """The length of the game in words: '12 weeks', '13 days', '1 turn of 10 days', '6 turns of 10 days'."""
        if self.turn_word != "turn":
            return self.turn_count(self.turns)
        days = f"{self.days_per_turn} day" + ("s" if self.days_per_turn != 1 else "")
        return f"{self.turns} turn{'s' if self.turns != 1 else ''} of {days}"

    def turn_of(self, date: dt.date) -> int:
        """The turn whose days include ``date`` (may be outside 1..turns)."""
        return (date - self.start).days // self.days_per_turn + 1

    def rung(self, var: str, value: float) -> str:
        """The named rung of the ladder at ``value`` ('' when the variable has none)."""
        name = ""
        for at, label in self.variables[self.var_index[var]].rungs:
            if value >= at:
                name = label
        return name
