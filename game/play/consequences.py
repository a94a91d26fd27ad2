"""What an order means for the player, in words: its effects, what it ends, fixes or opens, its odds.

The engine observes (``engine.observe``: numbers and ids, what the role may see); this module
words that view for the faces, never as a formula: "about +6 now; varies with NATO cohesion and
the week", "in week 2 or earlier", and the notes on each order (``consequences``). Everything is
read from the role's own view (its ``ObservationBatch``), so the words leak nothing it cannot see.

>>> from game.scenario import load_rules
>>> from game.engine import Match
>>> rules = load_rules("winter-2021")
>>> obs = worded(Match(rules, seed=1), "nato")
>>> guarantee = next(a for a in obs.legal if a.vote)
>>> guarantee.uses_left, 0.0 <= guarantee.consent <= 1.0, bool(guarantee.fail_headline)
(1, True, True)
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from typing import Any, NoReturn

import numpy as np

from ..engine.env import Env
from ..engine.match import Match
from ..engine.observe import KnownState, Observation
from ..engine.rules import Effects, Rules


def worded(match: Match, role: str) -> Observation:
    """``match.observe(role)`` with each legal order's effects and notes in words (for faces)."""
    obs = match.observe(role)
    batch = match.observe_batch(role)
    rules, r = match.rules, match.rules.role_index(role)
    actions = {a.id: a for a in rules.actions if a.role == r}
    legal = [dataclasses.replace(view, effects=describe_effects(rules, actions[view.id].effects, r, batch.env),
                                 **consequences(rules, actions[view.id], batch.env, batch.known()))
             for view in obs.legal]
    return dataclasses.replace(obs, legal=legal)


def describe_effects(rules: Rules, effects: Effects, role: int | None = None, env: Env | None = None) -> dict[str, str]:
    """Expected effects of an action, in words and numbers, for tooltips (never a formula).

    A formula is said as what it depends on ("varies with NATO cohesion and the week"), with its
    value now when ``env`` (the role's view) can give one. One that reads a variable ``role`` cannot
    see is not spelled out: its words would name what the role is not meant to know.

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> a = next(a for a in rules.actions if a.effects.formulas)
    >>> any("formula" in words or "*" in words for words in describe_effects(rules, a.effects, a.role).values())
    False
    """
    out: dict[str, str] = {}
    for v in np.flatnonzero(effects.constant):
        out[rules.variables[v].label] = f"{effects.constant[v]:+g}"
    for f, expr in effects.formulas:
        hidden = role is not None and any(
            name in rules.var_index and not rules.visible[role, rules.var_index[name]] for name in expr.names
        )
        out[rules.variables[f].label] = "depends on things you cannot see" if hidden else formula_words(rules, expr, env)
    return out


def formula_words(rules: Rules, expr: Any, env: Env | None = None) -> str:
    """'about +6 now; varies with NATO cohesion and the week': a formula said without its formula."""
    words = []
    for name in sorted(expr.names):
        space, _, item = name.partition(".")
        if name in ("turn", "turns"):
            word = f"the {rules.turn_word}"
        elif name in rules.var_index:
            word = rules.variables[rules.var_index[name]].label
        elif space == "now" and item in rules.action_ids:
            word = f"whether {rules.actions[rules.action_ids[item][0]].label} is also ordered this {rules.turn_word}"
        elif space in ("used", "failed") and item in rules.action_ids:
            word = f"whether {rules.actions[rules.action_ids[item][0]].label} was ordered"
        elif item in rules.demand_index:
            word = f"how “{rules.demands[rules.demand_index[item]].label}” was answered"
        elif space == "fired" and item in rules.event_index:
            word = f"whether “{rules.events[rules.event_index[item]].headline}” happens"
        else:
            word = "how the crisis has gone"
        if word not in words:
            words.append(word)
    said = "varies with " + (" and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1])
    if env is not None and all(n in rules.var_index or n in ("turn", "turns") for n in expr.names):
        value = float(np.asarray(expr.evaluate(env), dtype=float).reshape(-1)[0])
        if np.isfinite(value):
            said = f"about {value:+.0f} now; {said}"
    return said


COMPARE_WORDS = {ast.GtE: "is at least", ast.Gt: "is above", ast.LtE: "is at most", ast.Lt: "is below",
                 ast.Eq: "is", ast.NotEq: "is not"}


def time_clause(said: str) -> str:
    """Condition words as a clause that can follow a verb: 'after X' stays, 'NATO cohesion is at least 50'
    becomes 'when NATO cohesion is at least 50'.

    >>> time_clause("after Joint war games in Belarus"), time_clause("tension is above 70")
    ('after Joint war games in Belarus', 'when tension is above 70')
    """
    return said if said.startswith(("after ", "before ", "in ", "from ", "when ")) else "when " + said


def condition_words(rules: Rules, expr: Any) -> str:
    """A condition said in words, never as a formula: 'in week 2 or earlier', 'NATO cohesion is at least 50',
    'after Joint war games in Belarus'; what it cannot say simply becomes 'when the situation allows'.

    >>> from game.scenario import load_rules
    >>> from types import SimpleNamespace as Text
    >>> rules = load_rules("winter-2021")
    >>> condition_words(rules, Text(text="turn <= 2 and nato_cohesion >= 50"))
    'in week 2 or earlier and NATO cohesion is at least 50'
    >>> condition_words(rules, Text(text="used.membership_pathway_ukraine > 0 and used.full_invasion + used.limited_incursion == 0"))
    'after Offer Ukraine a membership pathway and before Full-scale invasion or Limited incursion into the Donbas'
    """
    try:
        tree = ast.parse(expr.text.strip(), mode="eval").body
    except SyntaxError:
        return "when the situation allows"
    try:
        return _say(rules, tree)
    except _Unsaid:
        return "when the situation allows"


class _Unsaid(Exception):
    pass


def _say(rules: Rules, node: ast.expr) -> str:
    if isinstance(node, ast.BoolOp):
        joiner = " and " if isinstance(node.op, ast.And) else " or "
        return joiner.join(_say(rules, v) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return "not (" + _say(rules, node.operand) + ")"
    name = _dotted(node)
    if name and "." in name:  # a count or flag on its own: true once it happened
        space, _, item = name.partition(".")
        thing = _thing(rules, space, item)
        return f"after {thing}" if space in ("used", "fired") else thing
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, op, right = node.left, type(node.ops[0]), node.comparators[0]
        name = _dotted(left)
        counts = _summed(left)
        if counts and isinstance(right, ast.Constant) and right.value == 0 and op in (ast.Eq, ast.Gt):
            things = [_thing(rules, *n.partition(".")[::2]) for n in counts]
            return ("before " if op is ast.Eq else "after ") + " or ".join(things)
        value = right.value if isinstance(right, ast.Constant) and isinstance(right.value, (int, float)) else None
        if name == "turn" and value is not None:
            t, word = int(value), rules.turn_word
            return {ast.LtE: f"in {word} {t} or earlier", ast.Lt: f"before {word} {t}", ast.GtE: f"from {word} {t}",
                    ast.Gt: f"after {word} {t}", ast.Eq: f"in {word} {t}"}.get(op) or _raise()
        if name and "." in name and value is not None:
            space, _, item = name.partition(".")
            thing = _thing(rules, space, item)
            happened = (op in (ast.Gt, ast.NotEq) and value == 0) or (op is ast.GtE and value == 1)
            if op is ast.Eq and value == 0:
                return f"before {thing}" if space in ("used", "fired") else f"not {thing}"
            if happened:
                return f"after {thing}" if space in ("used", "fired") else thing
            raise _Unsaid
        return f"{_term(rules, left)} {COMPARE_WORDS.get(op) or _raise()} {_term(rules, right)}"
    return _term(rules, node)


def _summed(node: ast.expr) -> list[str] | None:
    """The dotted names of 'used.a + used.b + ...' (None when the node is anything else)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _summed(node.left), _summed(node.right)
        return left + right if left is not None and right is not None else None
    name = _dotted(node)
    return [name] if name and name.startswith(("used.", "fired.")) else None


def _raise() -> NoReturn:
    raise _Unsaid


def _thing(rules: Rules, space: str, item: str) -> str:
    if space in ("used", "now", "failed") and item in rules.action_ids:
        label = rules.actions[rules.action_ids[item][0]].label
        return {"used": label, "now": f"{label} this {rules.turn_word}", "failed": f"a failed vote on {label}"}.get(space) or _raise()
    if space == "fired" and item in rules.event_index:
        return f"“{rules.events[rules.event_index[item]].headline}”"
    if item in rules.demand_index:
        label = rules.demands[rules.demand_index[item]].label
        return {"made": f"the demand “{label}” is made", "accepted": f"“{label}” is accepted",
                "rejected": f"“{label}” is rejected", "countered": f"“{label}” is answered with a counter-offer",
                "pending": f"“{label}” awaits an answer", "expired": f"“{label}” has expired"}.get(space) or _raise()
    if item in rules.threat_index:
        label = rules.threats[rules.threat_index[item]].label
        return {"declared": f"“{label}” is declared", "due": f"“{label}” is due", "honored": f"“{label}” is kept",
                "broken": f"“{label}” is broken", "threatened": f"“{label}” is threatened",
                "imposed": f"“{label}” is imposed"}.get(space) or _raise()
    raise _Unsaid


def _term(rules: Rules, node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return f"{node.value:g}"
    name = _dotted(node)
    if name in rules.var_index:
        return rules.variables[rules.var_index[name]].label
    if name == "turn":
        return f"the {rules.turn_word}"
    if name == "turns":
        return f"the last {rules.turn_word}"
    raise _Unsaid


def brings_about(expr: Any, action_id: str) -> bool:
    """True when carrying out ``action_id`` is enough to make ``expr`` (an ending's or an order's
    condition) come true: one of its ``or`` branches asks only that the action was carried out
    ('used.A > 0'), with the turn, and that other things have not happened ('used.B == 0').

    >>> from types import SimpleNamespace as Text
    >>> brings_about(Text(text="used.a > 0 and used.b == 0 and (now.a == 0 or turn >= turns)"), "a")
    True
    >>> brings_about(Text(text="talks >= 55 and used.a > 0"), "a"), brings_about(Text(text="used.b > 0 or used.a >= 1"), "a")
    (False, True)
    """
    return expr is not None and _brings_about(expr.text.strip(), action_id)


@functools.lru_cache(maxsize=4096)
def _brings_about(text: str, action_id: str) -> bool:
    # Cached: every view asks it of every ending and order of the role (thousands of parses a turn).
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False
    own = {f"used.{action_id}", f"now.{action_id}", "turn", "turns"}

    def names(node: ast.AST) -> set[str]:
        if isinstance(node, (ast.Name, ast.Attribute)):
            return {_dotted(node) or ""}
        return set().union(*(names(child) for child in ast.iter_child_nodes(node)))

    def branch_ok(node: ast.expr) -> bool:
        parts = node.values if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And) else [node]
        needs_it = False
        for part in parts:
            ns = names(part)
            if ns <= own:
                needs_it = needs_it or f"used.{action_id}" in ns or f"now.{action_id}" in ns
            elif not (isinstance(part, ast.Compare) and all(isinstance(op, ast.Eq) for op in part.ops)
                      and all(isinstance(c, ast.Constant) and c.value == 0 for c in part.comparators)):
                return False  # asks for something more than this order (a level, another move)
        return needs_it

    branches = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.Or) else [tree]
    return any(branch_ok(b) for b in branches)


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def consequences(rules: Rules, a: Any, env: Env, known: KnownState) -> dict[str, Any]:
    """What giving ``a`` ends, fixes or opens, its uses left and the chance allies agree (the role's view).

    Endings and unlocks are read from the conditions that come true by the order being carried out
    ("used.A > 0"); the chance of consent is the blocs' rules evaluated on what the role knows.
    """
    out: dict[str, Any] = {}
    if a.max_uses:
        out["uses_left"] = max(0, int(a.max_uses - known.uses[0, a.index]))
    if a.agree:
        chance = 1.0
        for expr in a.agree:
            chance *= float(np.clip(np.asarray(expr.evaluate(env), dtype=float).reshape(-1)[0], 0.0, 1.0))
        out["vote"] = True
        out["consent"] = chance if np.isfinite(chance) else None
        out["fail_headline"] = a.fail_headline
        if a.on_fail is not None:
            out["fail_effects"] = describe_effects(rules, a.on_fail, a.role, env)
    out["ends"] = [e.title for e in rules.endings if not e.at_end_only and brings_about(e.when, a.id)]
    out["decides"] = [e.title for e in rules.endings if e.at_end_only and brings_about(e.when, a.id)]
    out["unlocks"] = [b.label for b in rules.actions if b.role == a.role and b is not a and brings_about(b.when, a.id)]
    return out


