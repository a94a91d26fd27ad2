"""``brink explain SAVE``: why a game ended, as the chain of its causes.

For authors, not players: this is the analyst's view, and it shows what no role
saw (hidden variables, private moves and events, random draws), and says so.

The explanation starts from the ending: its condition, and which clauses of it
held when the game ended. Every name those clauses read is then traced back,
turn by turn: a variable from its starting value (a random draw when the
scenario gives it a spread) through each action, event, reaction, drift and
facilitator adjustment that moved it, with its source; an action or event to
the turns it was ordered, carried out, dropped or left to chance, and, for an
action carried out, the condition that allowed it (with what that condition
read traced in turn, one level deep). When the calendar ran out (the default ending) or the game is not over, the endings that
came nearest are shown with the clauses that failed them.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> m = Match(load_rules("tutorial"), seed=3)
>>> while not m.over:
...     invade = "full_invasion" in m.legal_ids("russia")
...     _ = m.play_turn({"russia": ["full_invasion" if invade else "mass_troops"]})
>>> why = explain(m)
>>> why.ending.id, why.condition.held, [f.name for f in why.factors]
('full_invasion', True, ['used.full_invasion', 'invasion_readiness'])
"""

from __future__ import annotations

import ast

import numpy as np
from pydantic import BaseModel, Field

from ..engine.env import Env
from ..engine.match import Match
from ..engine.report import Entry
from ..engine.rules import Expr, Rules
from ..scenario.expr import Expression, _source, parse_expression

ANALYST_NOTE = ("Analyst's view: this shows what no player saw: hidden variables, private moves and events, "
                "and the random draws behind them.")
NEAREST = 2
"""How many of the endings that did not happen are shown, nearest first."""


class Clause(BaseModel):
    """One part of a condition, whether it held, and its parts when it is an 'and' or an 'or'."""

    text: str
    held: bool
    op: str | None = None  # 'and' or 'or' when the clause has parts
    parts: list[Clause] = Field(default_factory=list)


class Step(BaseModel):
    """One thing that happened to a name: on a turn, by a cause, with its source."""

    turn: int
    text: str
    change: float | None = None  # the change to a variable (before clamping to its bounds)
    cause: str = ""  # action, response, demand, event, reaction, drift, facilitator, ending ...
    id: str | None = None
    role: str | None = None
    source: str | None = None
    hidden: str | None = None  # why not every player saw it
    random: str | None = None  # the random draw behind it, if any
    after: float | None = None  # a variable's value once its turn was over (on the turn's last step)
    clamped: bool = False  # the turn's changes went past a bound and were cut back to it


class Factor(BaseModel):
    """A name a clause reads, its value when the game ended, and the steps that made it so."""

    name: str
    kind: str  # variable, action, event, demand, threat, turn
    label: str
    value: float
    start: float | None = None
    start_note: str | None = None
    hidden_from: list[str] = Field(default_factory=list)  # roles that never see this variable's true value
    steps: list[Step] = Field(default_factory=list)
    allowed_by: Clause | None = None  # an action's 'when', as it stood when the action was first carried out
    allowed_turn: int | None = None
    depth: int = 0  # 0: read by the ending's condition; 1: read by what allowed an action in it


class EndingFacts(BaseModel):
    id: str
    title: str
    turn: int
    default: bool
    source: str | None = None


class Nearest(BaseModel):
    """An ending that did not happen, and how close its condition came."""

    id: str
    title: str
    condition: Clause
    held: int
    of: int


class Explanation(BaseModel):
    """Why a game ended (or has not yet): the record ``brink explain --json`` prints."""

    scenario: str
    seed: int
    turns_played: int
    turns: int
    over: bool
    analyst_view: bool = True
    note: str = ANALYST_NOTE
    ending: EndingFacts | None = None
    condition: Clause | None = None
    nearest: list[Nearest] = Field(default_factory=list)
    factors: list[Factor] = Field(default_factory=list)


def explain(game, nearest: int = NEAREST) -> Explanation:
    """The chain of causes of a played game's ending.

    ``game`` is a Match, or a session (a match with a facilitator's acts: its
    ``control_entries`` are causes too, and its ``rollback`` replays them).
    """
    session = game if hasattr(game, "match") else _Bare(game)
    match = session.match
    rules: Rules = match.rules
    played = len(match.reports)
    out = Explanation(scenario=rules.id, seed=match.seed, turns_played=played, turns=rules.turns, over=match.over)
    env = _final_env(rules, match)
    traced: list[Expr] = []  # the conditions read (scenario expressions: they know where each name stands)
    if match.over:
        e = rules.endings[rules.ending_index[match.ending]]
        out.ending = EndingFacts(id=e.id, title=e.title, turn=int(match.true_state.ended_turn[0]), default=e.default,
                                 source=e.cite.source if e.cite else None)
        if e.when is not None and not e.default:
            out.condition = clause(e.when.text, env)
            traced.append(e.when)
    if out.condition is None:  # the calendar ran out, or the game goes on: what came nearest?
        others = []
        for e in rules.endings:
            if e.default or e.when is None:
                continue
            c = clause(e.when.text, env)
            parts = c.parts if c.op == "and" else [c]
            others.append(Nearest(id=e.id, title=e.title, condition=c, held=sum(p.held for p in parts), of=len(parts)))
        others.sort(key=lambda n: (n.held / n.of, n.held), reverse=True)  # stable: ties keep the file's order
        out.nearest = others[:nearest]
        traced += [w for n in out.nearest if (w := rules.endings[rules.ending_index[n.id]].when) is not None]
    names = list(dict.fromkeys(name for expr in traced if isinstance(expr, Expression) for name, _ in expr.name_offsets))
    out.factors = [factor(session, name, env) for name in names]
    deeper: list[str] = []
    explained: set[str] = set()
    for f in out.factors:
        action = f.name.partition(".")[2]
        if action in explained:
            continue
        _allowed_by(session, f)
        if f.allowed_by is not None:
            explained.add(action)
            deeper += [n for n, _ in parse_expression(f.allowed_by.text).name_offsets if n not in names]
    for name in dict.fromkeys(deeper):
        f = factor(session, name, env)
        f.depth = 1
        out.factors.append(f)
    return out


def _allowed_by(session, f: Factor) -> None:
    """For an action carried out: its condition as it stood at the start of the turn it was first carried out."""
    if f.kind != "action" or not f.name.startswith(("used.", "now.", "threatened.", "imposed.")):
        return
    rules: Rules = session.match.rules
    done = next((s for s in f.steps if s.cause in ("action", "answer", "demand")), None)
    if done is None or done.id not in rules.action_ids:
        return
    action = rules.actions[rules.action_ids[done.id][0]]
    if action.when is None:
        return
    before = session.rollback(done.turn).match.true_state  # the game as it stood when the orders were checked
    f.allowed_by, f.allowed_turn = clause(action.when.text, Env(rules, before)), done.turn


class _Bare:
    """A match seen as a session with no facilitator: nothing adjudicated, rolled back by replaying its orders."""

    def __init__(self, match):
        self.match, self.control_entries = match, {}

    def rollback(self, turn: int) -> _Bare:
        replayed = Match(self.match.rules, self.match.seed)
        for orders in self.match.orders_log[: turn - 1]:
            replayed.play_turn(orders)
        return _Bare(replayed)


def _final_env(rules: Rules, match) -> Env:
    """Names as the last ending check saw them: the state after the last turn, at that turn."""
    state = match.true_state.copy()
    if match.reports:
        state.turn = match.reports[-1].turn
    return Env(rules, state)


def clause(text: str, env: Env) -> Clause:
    """Whether a condition held, with its 'and' / 'or' parts (two levels deep)."""
    return _clause(ast.parse(_source(text), mode="eval").body, env, depth=0)


def _clause(node: ast.AST, env: Env, depth: int) -> Clause:
    text = ast.unparse(node)
    held = bool(np.asarray(parse_expression(text).evaluate(env)).reshape(-1)[0] != 0)
    if isinstance(node, ast.BoolOp) and depth < 2:
        op = "and" if isinstance(node.op, ast.And) else "or"
        return Clause(text=text, held=held, op=op, parts=[_clause(v, env, depth + 1) for v in node.values])
    return Clause(text=text, held=held)


# -- tracing one name --------------------------------------------------------------------------

def factor(session, name: str, env: Env) -> Factor:
    """A name's value when the game ended and every step that led there."""
    match = session.match
    rules: Rules = match.rules
    value = float(np.asarray(env[name]).reshape(-1)[0])
    if name in rules.var_index:
        return _variable(session, name, value)
    if name in ("turn", "turns"):
        label = "the turn being played" if name == "turn" else "the number of turns"
        return Factor(name=name, kind="turn", label=label, value=value)
    space, _, item = name.partition(".")
    f = Factor(name=name, kind=_kind(space), label=_label(rules, space, item), value=value)
    for report in match.reports:
        for e in report.entries:
            if _concerns(rules, e, space, item):
                f.steps.append(_step(rules, report.turn, e))
    return f


def _kind(space: str) -> str:
    return {"used": "action", "now": "action", "failed": "action", "fired": "event", "threatened": "action",
            "imposed": "action", "declared": "threat", "due": "threat", "honored": "threat", "broken": "threat"}.get(space, "demand")


def _label(rules: Rules, space: str, item: str) -> str:
    if space in ("used", "now", "failed") and item in rules.action_ids:
        return rules.actions[rules.action_ids[item][0]].label
    if space == "fired" and item in rules.event_index:
        return rules.events[rules.event_index[item]].headline
    if item in rules.demand_index:
        return rules.demands[rules.demand_index[item]].label
    if item in rules.threat_index:
        return rules.threats[rules.threat_index[item]].label
    return item


def _concerns(rules: Rules, e: Entry, space: str, item: str) -> bool:
    """Whether a report entry is about the action, event, demand or threat a name reads."""
    if space in ("used", "now", "failed"):
        return e.id == item and e.kind in ("action", "response", "demand", "fizzled", "dropped", "no_consensus")
    if space in ("threatened", "imposed"):
        target = item + ".threaten" if space == "threatened" else item
        return e.id == target and e.kind in ("action", "fizzled", "dropped")
    if space == "fired":
        return e.id == item and e.kind in ("event", "reaction", "delayed")
    if item in rules.demand_index:
        return (e.id == item and e.kind.startswith("demand")) or (e.kind == "response" and e.id.partition(".")[0] == item)
    return e.id == item and e.kind.startswith("threat")


def _variable(session, name: str, value: float) -> Factor:
    match = session.match
    rules: Rules = match.rules
    v = rules.var_index[name]
    info = rules.variables[v]
    start = float(match.history[0][v])
    f = Factor(name=name, kind="variable", label=info.label, value=value, start=start)
    if rules.initial_spread[v] > 0:
        f.start_note = (f"a random draw: the scenario starts it at {rules.initial[v]:g} with a spread of "
                        f"{rules.initial_spread[v]:g}")
    f.hidden_from = [rules.roles[r] for r in range(len(rules.roles)) if not rules.visible[r, v]]
    before = start
    for k, report in enumerate(match.reports, start=1):
        steps = []
        for e in session.control_entries.get(report.turn, []):
            for var, delta in e.changes:
                if var == v:
                    steps.append(Step(turn=report.turn, change=delta, text=f"facilitator: {e.headline}"
                                      + (f" ({e.text})" if e.text else ""), cause="facilitator", id=e.id))
        for e in report.entries:
            for var, delta in e.changes:
                if var == v:
                    step = _step(rules, report.turn, e, v)
                    step.change = delta
                    steps.append(step)
        after = float(match.history[k][v]) if k < len(match.history) else before
        if steps:
            steps[-1].after = after
            steps[-1].clamped = abs(before + sum(s.change or 0.0 for s in steps) - after) > 1e-6
        f.steps += steps
        before = after
    return f


def _step(rules: Rules, turn: int, e: Entry, var: int | None = None) -> Step:
    role = rules.roles[e.role] if e.role is not None else None
    who = e.actor or role
    cause = {"action": "action", "response": "answer", "demand": "demand", "fizzled": "chance", "dropped": "dropped",
             "no_consensus": "consensus", "event": "event", "reaction": "reaction", "delayed": "event", "drift": "drift",
             "ending": "ending"}.get(e.kind, e.kind)
    text = e.headline if not who or e.kind == "drift" else f"{e.headline} ({who})"
    step = Step(turn=turn, text=text, cause=cause, id=e.id, role=role, source=e.cite.source if e.cite else None)
    if not e.public and e.kind != "dropped":
        step.hidden = f"private to {who}" if who else "private"
    step.random = _draw(rules, e, var)
    return step


def _draw(rules: Rules, e: Entry, var: int | None) -> str | None:
    """The random draw behind an entry, in words (None when there was none)."""
    notes = []
    if e.kind in ("action", "response", "demand", "fizzled") and e.id in rules.action_ids:
        a = rules.actions[rules.action_ids[e.id][0]]
        if a.chance.constant is None or a.chance.constant < 1:
            chance = a.chance.text if a.chance.constant is None else f"{a.chance.constant:.0%}"
            notes.append(f"a chance roll ({chance}) {'failed' if e.kind == 'fizzled' else 'came up'}")
        if var is not None and any(v == var for v, _ in a.effects.spread):
            notes.append("its size includes random noise")
    elif e.kind == "no_consensus":
        notes.append("the blocs' agreement was drawn at random, and one said no")
    elif e.kind in ("event", "reaction", "delayed") and e.id in rules.event_index:
        ev = rules.events[rules.event_index[e.id]]
        if e.kind != "delayed" and (ev.chance.constant is None or ev.chance.constant < 1):
            chance = ev.chance.text if ev.chance.constant is None else f"{ev.chance.constant:.0%}"
            notes.append(f"a chance roll ({chance}) came up")
        if var is not None and any(v == var for v, _ in ev.effects.spread):
            notes.append("its size includes random noise")
    elif e.kind == "drift" and var is not None:
        if any(d.var == var and d.spread > 0 for d in rules.drift):
            notes.append("drift includes random noise")
    return "; ".join(notes) or None


# -- as text -------------------------------------------------------------------------------------

def explanation_lines(x: Explanation, rules: Rules) -> list[str]:
    """The explanation as the terminal shows it."""
    word = rules.turn_word
    lines = []
    if x.ending is not None:
        source = f" [{x.ending.source}]" if x.ending.source else ""
        lines.append(f"Why the game ended: {x.ending.title} ({x.ending.id}), {word} {x.ending.turn} of {x.turns}{source}")
    else:
        lines.append(f"The game is not over: {x.turns_played} of {x.turns} {rules.turn_words} played, nothing has ended it yet")
    lines.append(x.note)
    if x.condition is not None:
        lines.append("")
        lines.append("Its condition, when the game ended:")
        lines += _clause_lines(x.condition, "  ")
    elif x.ending is not None and x.ending.default:
        lines.append("")
        lines.append(f"The calendar ran out after {word} {x.turns} and no other ending's condition held. Nearest:")
    elif x.nearest:
        lines.append("")
        lines.append("The endings nearest to happening:")
    for n in x.nearest:
        lines.append(f"  {n.title} ({n.id}): {n.held} of {n.of} clauses held")
        lines += _clause_lines(n.condition, "    ")
    first = [f for f in x.factors if not f.depth]
    second = [f for f in x.factors if f.depth]
    if first:
        lines.append("")
        lines.append(f"What those clauses read, {word} by {word}:")
    for f in first:
        lines += _factor_lines(f, word)
    if second:
        lines.append("")
        lines.append("What the conditions that allowed those actions read:")
    for f in second:
        lines += _factor_lines(f, word)
    return lines


def _clause_lines(c: Clause, indent: str) -> list[str]:
    mark = "yes" if c.held else "no "
    text = {"and": "all of:", "or": "any of:"}.get(c.op or "", c.text)
    out = [f"{indent}[{mark}] {text}"]
    for part in c.parts:
        out += _clause_lines(part, indent + "      ")
    return out


def _factor_lines(f: Factor, word: str) -> list[str]:
    value = _number(f.value)
    hidden = f"; hidden from {', '.join(f.hidden_from)}" if f.hidden_from else ""
    out = [f"  {f.name} ({f.label}) = {value} at the end{hidden}"]
    if f.start is not None:
        note = f": {f.start_note}" if f.start_note else ""
        out.append(f"    start: {_number(f.start)}{note}")
    if f.kind == "turn":
        return out
    if not f.steps:
        out.append("    never changed" if f.kind == "variable" else "    never happened")
    last_turn = None
    for s in f.steps:
        change = f"{'+' if s.change >= 0 else '-'}{_number(abs(s.change))} " if s.change is not None else ""
        extras = [x for x in (s.source, s.hidden and f"hidden: {s.hidden}", s.random and f"random: {s.random}") if x]
        tail = f"  [{'; '.join(extras)}]" if extras else ""
        if s.after is not None:
            tail += f"  -> {_number(s.after)}" + (" (cut back to its bound)" if s.clamped else "")
        when = f"{word} {s.turn}:" if s.turn != last_turn else ""
        out.append(f"    {when:<{len(word) + 5}}{change}{s.text}{tail}")
        last_turn = s.turn
    if f.allowed_by is not None:
        out.append(f"    allowed on {word} {f.allowed_turn} by its condition:")
        out += _clause_lines(f.allowed_by, "      ")
    return out


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
