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

import ast
import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, NoReturn

import numpy as np

from . import state as st
from .env import Env
from .report import TurnReport
from .rules import Cite, Effects, Rules
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
    effects: dict[str, str]  # variable label -> expected change, in words
    group: str = ""  # heading in the orders panel
    group_rank: int = 0  # order of that heading
    # What the player should know before giving the order (see ``consequences``):
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
    if expr is None:
        return False
    try:
        tree = ast.parse(expr.text.strip(), mode="eval").body
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
    known = known_state(rules, one, r)
    env = Env(rules, known, role=r)
    legal = [
        ActionView(a.id, a.label, a.kind, a.cost, a.description, a.cite, describe_effects(rules, a.effects, r, env),
                   a.group, a.group_rank, **consequences(rules, a, env, known))
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
