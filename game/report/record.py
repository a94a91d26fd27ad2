"""The white cell's record for the debrief: every override, undo, leak, purge, rollback and restart.

Each step is read from the session (its acts) and the save's other records (the futures
rolled back, the host's restarts), in words a room can read: labels, never ids.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.engine.adjudicate import Adjustment
>>> from game.play.session import Session
>>> s = Session(Match(load_rules("winter-2021"), seed=2), {})
>>> _ = s.adjudicate(Adjustment("set", "tension", value=70), "the room escalated")
>>> [(e.kind, e.what, e.reason) for e in white_cell_record(s).steps]
[('override', 'Tension set to 70', 'the room escalated')]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pydantic import ValidationError

from ..engine.rules import Rules
from ..play.acts import Act, AdjustAct, LeakAct, NoteAct, PurgeAct, UndoAct
from ..play.saves import BranchOf, Restart, RolledBack
from ..play.session import Session
from ..play.words import fmt


@dataclass(frozen=True)
class Step:
    """One thing the white cell did (or the host went through), for the record and the charts' marks.

    ``turn``: the turn it took effect at the start of; ``variables``: the variables it changed
    (None: it changed no value, or the whole game, as a rollback does)."""

    kind: str  # override, undo, leak, purge, note, rollback, restart
    turn: int
    time: str
    what: str
    reason: str = ""
    mark: str = ""  # the short label on a chart ("#3", "rollback")
    undone: bool = False
    rolled_back: bool = False  # made in a future the white cell later rolled back
    variables: frozenset[int] | None = None
    act: int | None = None


@dataclass
class Record:
    """The whole record: the steps in the order they were taken."""

    steps: list[Step] = field(default_factory=list)
    futures: list[RolledBack] = field(default_factory=list)
    branch_of: BranchOf | None = None  # this game is a second future of another

    def marks_for(self, v: int | None) -> list[tuple[float, str]]:
        """Chart marks (x = turns played before it took effect) for variable ``v``'s chart (None: any):
        the overrides that changed it (not those undone) and every rollback."""
        out = []
        for s in self.steps:
            touches = s.kind == "override" and not s.undone and (v is None or (s.variables is not None and v in s.variables))
            if touches or s.kind == "rollback":
                out.append((float(s.turn - 1), s.mark))
        return out


def role_name(rules: Rules, role: str) -> str:
    """A role's name ('control' is the white cell)."""
    if role in rules.roles:
        return rules.role_names[rules.role_index(role)]
    return "the white cell" if role == "control" else ("everyone" if role == "all" else role)


def changed_by(rules: Rules, act: AdjustAct) -> frozenset[int] | None:
    """The variables an adjustment changes (an event fired: those its effects name)."""
    adj = act.adjustment
    if adj.kind == "set" and adj.target in rules.var_index:
        return frozenset({rules.var_index[adj.target]})
    if adj.kind == "effects":
        return frozenset(rules.var_index[k] for k in adj.effects if k in rules.var_index)
    if adj.kind == "fire_event" and adj.target in rules.event_index:
        effects = rules.events[rules.event_index[adj.target]].effects
        return frozenset({v for v, _ in effects.targets} | {v for v, _ in effects.formulas})
    return None


def act_words(rules: Rules, act: Act) -> str:
    """What a white-cell act did, in words: 'Tension set to 70', 'Tension +5, NATO cohesion -3: Cyber attack'."""
    label = {v.id: v.label for v in rules.variables}
    if isinstance(act, AdjustAct):
        adj = act.adjustment
        event = rules.events[rules.event_index[adj.target]].headline if adj.target in rules.event_index else adj.target
        if adj.kind == "set":
            return f"{label.get(adj.target, adj.target)} set to {fmt(adj.value)}"
        if adj.kind == "effects":
            changes = ", ".join(f"{label.get(k, k)} {v:+g}" for k, v in adj.effects.items())
            return (f"{adj.headline}: " if adj.headline else "") + (changes or "no change")
        if adj.kind == "fire_event":
            return f"made happen: {event}" + (f" ({act.inject_status})" if act.inject_status else "")
        if adj.kind == "suppress_event":
            return f"kept from happening: {event}" + (f" ({act.inject_status})" if act.inject_status else "")
        if adj.kind == "declare":
            return adj.headline or "a statement declared"
        return adj.kind
    if isinstance(act, UndoAct):
        return f"undid act #{act.undoes}"
    if isinstance(act, LeakAct):
        return f"leaked message #{act.message_id}" + (f": {act.note}" if act.note else "")
    if isinstance(act, PurgeAct):
        since = f" from {rules.turn_word} {act.since_turn} on" if act.since_turn is not None else ""
        return f"took back every message of {role_name(rules, act.sender)}{since}"
    if isinstance(act, NoteAct):
        return act.text
    return act.kind


def futures_of(meta: dict) -> list[RolledBack]:
    """The futures a save's record holds as rolled back, oldest first (a malformed one is left out)."""
    out = []
    for data in meta.get("rolled_back") or []:
        try:
            out.append(data if isinstance(data, RolledBack) else RolledBack.model_validate(data))
        except ValidationError:
            continue
    return out


def restarts_of(meta: dict) -> list[Restart]:
    out = []
    for data in meta.get("restarts") or []:
        try:
            out.append(data if isinstance(data, Restart) else Restart.model_validate(data))
        except ValidationError:
            continue
    return out


def _step(rules: Rules, a: Act, undone: set[int]) -> Step | None:
    """An act of the white cell's as a step of the record (None: a team's message)."""
    if isinstance(a, AdjustAct):
        kind, reason = "override", a.reason
    elif isinstance(a, (UndoAct, PurgeAct)):
        kind, reason = ("undo" if isinstance(a, UndoAct) else "purge"), a.reason
    elif isinstance(a, LeakAct):
        kind, reason = "leak", ""
    elif isinstance(a, NoteAct):
        kind, reason = "note", ""
    else:
        return None
    return Step(kind, a.turn, a.time, act_words(rules, a), reason, f"#{a.id}", a.id in undone,
                variables=changed_by(rules, a) if isinstance(a, AdjustAct) else None, act=a.id)


def white_cell_record(session: Session) -> Record:
    """Every step of the white cell's, and every restart of the host, in the order taken (by time)."""
    rules = session.rules
    undone = session.undone()
    steps = [s for s in (_step(rules, a, undone) for a in session.acts) if s is not None]
    futures = futures_of(session.meta)
    for f in futures:  # the white cell's acts of the weeks rolled back: in the record, marked
        gone = [a for a in f.acts if a.made_turn >= f.to_turn]
        gone_undone = {a.undoes for a in f.acts if isinstance(a, UndoAct)}
        for a in gone:
            step = _step(rules, a, gone_undone)
            if step is not None:
                steps.append(replace(step, rolled_back=True, mark=""))
    for f in futures:
        weeks = rules.turn_count(max(0, f.from_turn - f.to_turn)) if f.from_turn > f.to_turn else "the turn under way"
        steps.append(Step("rollback", f.to_turn, f.at,
                          f"rolled back from {rules.turn_word} {f.from_turn} to the start of {rules.turn_word} {f.to_turn} "
                          f"({weeks} abandoned)", f.reason, "rollback"))
    for r in restarts_of(session.meta):
        steps.append(Step("restart", r.turn, r.at, f"the host was started again from its save in {rules.turn_word} {r.turn}",
                          r.reason, "restart"))
    # By time (ISO UTC sorts as text); within one second, a future's acts before its rollback, and
    # the rollback before the acts of the line that replaced it (the sort keeps the log's order besides).
    steps.sort(key=lambda s: (s.time, 0 if s.rolled_back else 1 if s.kind in ("rollback", "restart") else 2))
    try:
        branch = BranchOf.model_validate(session.meta["branch_of"]) if session.meta.get("branch_of") else None
    except ValidationError:
        branch = None
    return Record(steps, futures, branch)
