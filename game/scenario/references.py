"""The cross-reference pass: every id and every expression name must exist, and fit.

Runs after the schema pass (on what it could save). Each problem points at the
text that holds the bad id, with "did you mean" for near misses; another role's
action says whose it is. Expressions are checked for their names and their kind
(a condition where a condition is needed, a number where an amount is), chances
must be probabilities and rungs must lie inside their variable's bounds, lowest
first. What the schema pass repaired or left out is not reported again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import Problem, did_you_mean
from .expr import AMOUNT, CONDITION, Expression, ExpressionError, kind_problems, parse_expression
from .intervals import Interval, interval
from .mapcheck import check_map
from .models import ActionBase, Effects, Scenario
from .paths import DataPath
from .salvage import Damage
from .yamlsafe import Document

CHANCE = "chance"
"""An amount that must be a probability (an action's or event's chance, a bloc's agreement)."""

KIND_PHASE = {
    "levers": ("sanction", "sanctions"),
    "deployments": ("deployment", "deployments"),
    "decisions": ("decision", "decisions"),
    "demands": ("demand", "demands"),
    "diplomacy": ("diplomacy", "diplomacy"),
    "actions": ("other", "diplomacy"),
}


@dataclass
class ActionSpec:
    """One orderable action as the scenario defines it, before compilation."""

    id: str
    role: str
    kind: str
    phase: str
    path: DataPath  # where it is written in the file
    model: ActionBase
    section: str
    lever: str | None = None
    step: str | None = None
    demand: str | None = None
    answer: str | None = None
    parent_source: str | None = None


def enumerate_actions(sc: Scenario) -> list[ActionSpec]:
    """Every action of the scenario in canonical order (the order of the file's sections)."""
    out: list[ActionSpec] = []
    for section in ("diplomacy", "decisions", "demands", "deployments", "levers", "actions"):
        kind, phase = KIND_PHASE[section]
        for key, item in getattr(sc, section).items():
            path = (section, key)
            if section == "levers":
                out.append(ActionSpec(f"{key}.threaten", item.role, kind, phase, path + ("threaten",), item.threaten,
                                      section, lever=key, step="threaten", parent_source=item.source))
                out.append(ActionSpec(key, item.role, kind, phase, path + ("impose",), item.impose, section,
                                      lever=key, step="impose", parent_source=item.source))
            elif section == "demands":
                out.append(ActionSpec(key, item.by, kind, phase, path, item, section, demand=key))
                for role in item.to:
                    for answer, response in item.responses.items():
                        out.append(ActionSpec(f"{key}.{answer}", role, "demand_response", "demands",
                                              path + ("responses", answer), response, section,
                                              demand=key, answer=answer, parent_source=item.source))
            else:
                out.append(ActionSpec(key, item.role, kind, phase, path, item, section))
    return out


def expression_names(sc: Scenario) -> set[str]:
    """Every name an expression in this scenario may use."""
    names = {"turn", "turns"} | set(sc.variables)
    for spec in enumerate_actions(sc):
        names |= {f"used.{spec.id}", f"now.{spec.id}", f"failed.{spec.id}"}
    for key in list(sc.events) + list(sc.reactions):
        names.add(f"fired.{key}")
    for key in sc.demands:
        names |= {f"{s}.{key}" for s in ("made", "pending", "accepted", "rejected", "countered", "expired")}
    for key in sc.levers:
        names |= {f"threatened.{key}", f"imposed.{key}"}
    for key in list(sc.levers) + list(sc.red_lines):
        names |= {f"{s}.{key}" for s in ("declared", "due", "honored", "broken")}
    return names


class _Checker:
    def __init__(self, doc: Document, sc: Scenario, damage: Damage | None = None):
        self.doc, self.sc = doc, sc
        self.damage = damage or Damage()
        self.problems: list[Problem] = []
        self.names = expression_names(sc)
        self.by_role: dict[str, set[str]] = {}
        for spec in enumerate_actions(sc):
            self.by_role.setdefault(spec.role, set()).add(spec.id)
        self.calendar_known = not self.damage.touches(("calendar",))
        self._bounds: dict[str, Interval] | None = None

    def error(self, path: DataPath, message: str, at_key: bool = False, code: str = "E303") -> None:
        if not self.damage.covers(path):
            self.problems.append(self.doc.problem(path, message, at_key=at_key, code=code))

    def at_text(self, path: DataPath, offset: int, message: str, code: str) -> None:
        """A problem at character ``offset`` of the text at ``path``."""
        if not self.damage.covers(path):
            self.problems.append(self.doc.text_problem(path, offset, message, code=code))

    def ref(self, path: DataPath, value: str, choices: Iterable[str], what: str) -> bool:
        choices = list(choices)
        if value in choices:
            return True
        if not self.damage.was_dropped(value):
            self.error(path, f"unknown {what} '{value}'{did_you_mean(value, choices)}", code="E301")
        return False

    def key_ref(self, path: DataPath, key: str, choices: Iterable[str], what: str) -> bool:
        choices = list(choices)
        if key in choices:
            return True
        if not self.damage.was_dropped(key):
            self.error(path + (key,), f"unknown {what} '{key}'{did_you_mean(key, choices)}", at_key=True, code="E301")
        return False

    def action_ref(self, path: DataPath, action: str, role: str, *, at_key: bool = False) -> bool:
        """An action id that must be one of ``role``'s own: another role's says whose it is."""
        mine = self.by_role.get(role, set())
        if action in mine:
            return True
        if role not in self.sc.roles:
            return False  # the role itself is reported where it is named
        owners = sorted(r for r, ids in self.by_role.items() if action in ids)
        if any(o not in self.sc.roles for o in owners):
            return False  # its owner is unknown or was repaired: that is the error, reported there
        if owners and not self.damage.was_dropped(role):
            whose = " and ".join(f"{o}'s" for o in owners)
            self.error(path, f"'{action}' is {whose} action, not {role}'s{did_you_mean(action, mine)}", at_key=at_key, code="E302")
            return False
        if at_key:
            return self.key_ref(path[:-1], action, mine, f"action of {role}")
        return self.ref(path, action, mine, f"action of {role}")

    def expr(self, path: DataPath, text: str | float | None, needed: str | None = None) -> None:
        """Check an expression's syntax, names and kind (``needed``: CONDITION, AMOUNT or CHANCE)."""
        if text is None or self.damage.covers(path):
            return
        try:
            parsed = parse_expression(text)
        except ExpressionError as exc:
            self.at_text(path, exc.offset, f"bad expression: {exc}", "E401")
            return
        unknown = False
        for name, offset in parsed.name_offsets:
            if name not in self.names:
                unknown = True
                if not self.damage.was_dropped(name):
                    self.at_text(path, offset, f"unknown name '{name}' in expression{did_you_mean(name, self.names)}", "E402")
        if needed is not None and not unknown:
            for problem in kind_problems(text, CONDITION if needed == CONDITION else AMOUNT):
                self.at_text(path, problem.offset, problem.message, "E403")
        if needed == CHANCE and not unknown:
            self.chance(path, parsed, text)

    def chance(self, path: DataPath, parsed: Expression, text: str | float) -> None:
        """A chance must be a probability: a number in [0, 1], an expression that can be one."""
        if parsed.constant is not None:
            if not 0 <= parsed.constant <= 1:
                self.error(path, f"chance {parsed.constant:g} is not a probability (it must lie between 0 and 1)", code="E501")
            return
        low, high = interval(text, self.bounds())
        if high < 0 or low > 1:
            self.error(path, f"chance '{text}' is never between 0 and 1 (it lies in [{low:g}, {high:g}])", code="E501")

    def bounds(self) -> dict[str, Interval]:
        if self._bounds is None:
            self._bounds = name_bounds(self.sc)
        return self._bounds

    def effects(self, path: DataPath, effects: Effects) -> None:
        for var, amount in effects.items():
            self.key_ref(path, var, self.sc.variables, "variable")
            if isinstance(amount, str):
                self.expr(path + (var,), amount, AMOUNT)

    def source(self, path: DataPath, key: str | None) -> None:
        if key is not None:
            self.ref(path + ("source",), key, self.sc.sources, "source")


def check_references(doc: Document, sc: Scenario, damage: Damage | None = None) -> list[Problem]:
    """All cross-reference problems of a scenario that the schema pass let through."""
    c = _Checker(doc, sc, damage)
    roles, actors = list(sc.roles), list(sc.actors)
    _check_ids_unique(c)
    for key, actor in sc.actors.items():
        if actor.informed_by is not None:
            c.ref(("actors", key, "informed_by"), actor.informed_by, roles, "role")
    for key, variable in sc.variables.items():
        path: DataPath = ("variables", key)
        c.source(path, variable.source)
        if variable.visible_to != "all":
            for i, role in enumerate(variable.visible_to):
                c.ref(path + ("visible_to", i), role, roles, "role")
        if isinstance(variable.intel_noise, dict):
            for role in variable.intel_noise:
                c.key_ref(path + ("intel_noise",), role, roles, "role")
        _check_rungs(c, key, variable)
    specs = enumerate_actions(sc)
    by_role = c.by_role
    for spec in specs:
        m = spec.model
        if spec.step is None and spec.answer is None:
            role_path = spec.path + (("by",) if spec.section == "demands" else ("role",))
            c.ref(role_path, spec.role, roles, "role")
        c.source(spec.path, m.source)
        c.effects(spec.path + ("effects",), m.effects)
        for var in m.spread:
            c.key_ref(spec.path + ("spread",), var, sc.variables, "variable")
        c.expr(spec.path + ("when",), m.when, CONDITION)
        c.expr(spec.path + ("chance",), m.chance, CHANCE)
        for i, other in enumerate(m.excludes):
            c.action_ref(spec.path + ("excludes", i), other, spec.role)
    for key, demand in sc.demands.items():
        path = ("demands", key)
        for i, role in enumerate(demand.to):
            if c.ref(path + ("to", i), role, roles, "role") and role == demand.by:
                c.error(path + ("to", i), f"a role cannot make a demand of itself ('{role}')")
        for field in ("on_accepted", "on_rejected", "on_countered", "on_expired"):
            c.effects(path + (field,), getattr(demand, field))
    for key, lever in sc.levers.items():
        path = ("levers", key)
        c.ref(path + ("role",), lever.role, roles, "role")
        c.expr(path + ("trigger",), lever.trigger, CONDITION)
        c.effects(path + ("audience_cost",), lever.audience_cost)
    blocs = list(sc.consensus.blocs) if sc.consensus else []
    if sc.consensus:
        for key, defined in sc.consensus.blocs.items():
            c.source(("consensus", "blocs", key), defined.source)
            c.expr(("consensus", "blocs", key, "agree"), defined.agree, CHANCE)
    for key, dec in sc.decisions.items():
        path = ("decisions", key)
        c.effects(path + ("on_fail",), dec.on_fail)
        for i, bloc in enumerate(dec.blocs or ()):
            if not c.damage.touches(("consensus",)):
                c.ref(path + ("blocs", i), bloc, blocs, "consensus bloc")
        needed = blocs if dec.blocs is None else [b for b in dec.blocs if b in blocs]
        for bloc, amount in dec.agree.items():
            if bloc in blocs and bloc not in needed:
                c.error(path + ("agree", bloc), f"bloc '{bloc}' is not among this decision's 'blocs' ({', '.join(needed) or 'none'})", at_key=True)
            elif not c.damage.touches(("consensus",)):
                c.key_ref(path + ("agree",), bloc, blocs, "consensus bloc")
            c.expr(path + ("agree", bloc), amount, CHANCE)
        if (dec.agree or dec.blocs) and not sc.consensus and not c.damage.touches(("consensus",)):
            field = "agree" if dec.agree else "blocs"
            c.error(path + (field,), f"'{field}' needs a 'consensus' section that defines the blocs")
    for key, rl in sc.red_lines.items():
        path = ("red_lines", key)
        c.source(path, rl.source)
        if c.ref(path + ("by",), rl.by, roles, "role"):
            if rl.declared_by is not None:
                c.action_ref(path + ("declared_by",), rl.declared_by, rl.by)
            for i, act in enumerate(rl.response):
                c.action_ref(path + ("response", i), act, rl.by)
        c.expr(path + ("trigger",), rl.trigger, CONDITION)
        c.effects(path + ("audience_cost",), rl.audience_cost)
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            path = (section, key)
            c.source(path, ev.source)
            c.effects(path + ("effects",), ev.effects)
            for var in ev.spread:
                c.key_ref(path + ("spread",), var, sc.variables, "variable")
            c.expr(path + ("when",), ev.when, CONDITION)
            c.expr(path + ("chance",), ev.chance, CHANCE)
            if section == "reactions":
                c.ref(path + ("actor",), ev.actor, actors, "actor")
            if not c.calendar_known:
                continue
            if ev.turn is not None and ev.turn > sc.calendar.turns:
                c.error(path + ("turn",), f"turn {ev.turn} is after the last turn ({sc.calendar.turns})")
            if ev.date is not None:
                turn = (ev.date - sc.calendar.start).days // sc.calendar.days_per_turn + 1
                if not 1 <= turn <= sc.calendar.turns:
                    c.error(path + ("date",), f"date {ev.date} is outside the calendar")
    for i, drift in enumerate(sc.drift):
        path = ("drift", i)
        c.source(path, drift.source)
        c.ref(path + ("var",), drift.var, sc.variables, "variable")
        c.expr(path + ("add",), drift.add, AMOUNT)
        c.expr(path + ("when",), drift.when, CONDITION)
    defaults = [k for k, e in sc.endings.items() if e.default]
    if len(defaults) > 1 or (not defaults and not c.damage.lost("endings")):
        c.error(("endings",), f"exactly one ending must have 'default: true' (found {len(defaults)})", at_key=True)
    for key, e in sc.endings.items():
        path = ("endings", key)
        c.source(path, e.source)
        c.expr(path + ("when",), e.when, CONDITION)
        if not e.default and e.when is None and not c.damage.touches(path):
            c.error(path, "an ending needs a 'when' condition unless it is the default")
    for role, obj in sc.objectives.items():
        path = ("objectives", role)
        c.key_ref(("objectives",), role, roles, "role")
        for field in ("each_turn", "at_end"):
            for i, term in enumerate(getattr(obj, field)):
                c.expr(path + (field, i, "value"), term.value, AMOUNT)
        for ending in obj.endings:
            c.key_ref(path + ("endings",), ending, sc.endings, "ending")
    for role, moves in sc.historical.items():
        known_role = c.key_ref(("historical",), role, roles, "role")
        for i, move in enumerate(moves):
            path = ("historical", role, i)
            c.source(path, move.source)
            c.expr(path + ("when",), move.when, CONDITION)
            if c.calendar_known and move.turn > sc.calendar.turns:
                c.error(path + ("turn",), f"turn {move.turn} is after the last turn ({sc.calendar.turns})")
            elif c.calendar_known and move.until is not None and move.until > sc.calendar.turns:
                c.error(path + ("until",), f"until {move.until} is after the last turn ({sc.calendar.turns})")
            for field in ("orders", "otherwise"):
                for j, act in enumerate(getattr(move, field)):
                    if known_role:
                        c.action_ref(path + (field, j), act, role)
    for key in sc.briefings:
        c.key_ref(("briefings",), key, roles + ["public"], "role")
    all_actions = {s.id for s in specs}
    _check_hints(c, all_actions)
    _check_tests(c, by_role)
    if sc.ladder is not None:
        c.ref(("ladder",), sc.ladder, sc.variables, "variable")
    check_map(c, all_actions)
    return c.problems


def _check_rungs(c: _Checker, key: str, var: Any) -> None:
    """Rungs lie inside the variable's bounds and climb: each above the one before."""
    for i, rung in enumerate(var.rungs):
        path = ("variables", key, "rungs", i, "at")
        if not var.min <= rung.at <= var.max:
            c.error(path, f"rung '{rung.name}' at {rung.at:g} is outside the bounds of '{key}' [{var.min:g}, {var.max:g}]", code="E502")
        elif i and rung.at <= var.rungs[i - 1].at:
            before = var.rungs[i - 1]
            c.error(path, f"rung '{rung.name}' at {rung.at:g} is not above the rung before it ('{before.name}' at {before.at:g}): "
                    "list rungs lowest first", code="E502")


def _check_hints(c: _Checker, all_actions: set[str]) -> None:
    sc = c.sc
    for i, hint in enumerate(sc.hints):
        path = ("hints", i)
        if hint.role is not None:
            c.ref(path + ("role",), hint.role, sc.roles, "role")
        if c.calendar_known and hint.turn is not None and hint.turn > sc.calendar.turns:
            c.error(path + ("turn",), f"turn {hint.turn} is after the last turn ({sc.calendar.turns})")
        c.expr(path + ("when",), hint.when, CONDITION)
        if hint.points_to is not None:
            c.ref(path + ("points_to",), hint.points_to, sorted(all_actions | set(sc.variables)), "action or variable")


def _check_tests(c: _Checker, by_role: dict[str, set[str]]) -> None:
    """The scenario's own tests must name things that exist (their results are checked by `brink test`)."""
    sc = c.sc
    roles = list(sc.roles)
    happenings = list(sc.events) + list(sc.reactions)
    for i, test in enumerate(sc.tests):
        path = ("tests", i)
        c.source(path, test.source)
        for var, value in test.values.items():
            c.key_ref(path + ("values",), var, sc.variables, "variable")
            v = sc.variables.get(var)
            if v is not None and not v.min <= value <= v.max:
                c.error(path + ("values", var), f"{value:g} is outside the bounds of '{var}' [{v.min:g}, {v.max:g}]")
        if c.calendar_known and len(test.turns) > sc.calendar.turns:
            c.error(path + ("turns",), f"{len(test.turns)} turns of orders, but the calendar has {sc.calendar.turns}", at_key=True)
        for t, orders in enumerate(test.turns):
            for role, ids in orders.items():
                c.key_ref(path + ("turns", t), role, roles, "role")
                for j, act in enumerate(ids):
                    if role in sc.roles:
                        c.action_ref(path + ("turns", t, role, j), act, role)
        for role, spec in (test.policies or {}).items():
            c.key_ref(path + ("policies",), role, roles, "role")
            if spec.startswith("fixed:") and role in sc.roles:
                for act in filter(None, (a.strip() for a in spec[len("fixed:"):].split(","))):
                    c.action_ref(path + ("policies", role), act, role)
        x = test.expect
        xp = path + ("expect",)
        for field in ("values", "mean"):
            for var, (low, high) in getattr(x, field).items():
                c.key_ref(xp + (field,), var, sc.variables, "variable")
                if low > high:
                    c.error(xp + (field, var), f"range [{low:g}, {high:g}] is empty (low above high)")
        for field in ("fired", "not_fired"):
            for j, ev in enumerate(getattr(x, field)):
                c.ref(xp + (field, j), ev, happenings, "event or reaction")
        for field in ("legal", "illegal"):
            for role, ids in getattr(x, field).items():
                c.key_ref(xp + (field,), role, roles, "role")
                for j, act in enumerate(ids):
                    if role in sc.roles:
                        c.action_ref(xp + (field, role, j), act, role)
        for j, text in enumerate(x.check):
            c.expr(xp + ("check", j), text, CONDITION)
        for field in ("ending", "most_likely"):
            if getattr(x, field) is not None:
                c.ref(xp + (field,), getattr(x, field), sc.endings, "ending")
        for ending, (low, high) in x.endings.items():
            c.key_ref(xp + ("endings",), ending, sc.endings, "ending")
            if not 0 <= low <= high <= 100:
                c.error(xp + ("endings", ending), f"[{low:g}, {high:g}] is not a range of percentages (0 <= low <= high <= 100)")


def _check_ids_unique(c: _Checker) -> None:
    seen: dict[tuple[str, str | None], DataPath] = {}  # (action id, the role for a demand's answer) -> where
    for spec in enumerate_actions(c.sc):
        key = (spec.id, spec.role if spec.answer else None)
        if key in seen and seen[key] != spec.path:
            line = c.doc.position(seen[key])[0]
            c.error(spec.path, f"action id '{spec.id}' is already used (line {line})", at_key=True)
        seen.setdefault(key, spec.path)
    for name in c.sc.reactions:
        if name in c.sc.events:
            c.error(("reactions", name), f"'{name}' is both an event and a reaction", at_key=True)


def name_bounds(sc: Scenario, turn: int | None = None) -> dict[str, Interval]:
    """The range of values each expression name can take (``turn`` fixed when given)."""
    bounds: dict[str, Interval] = {name: (v.min, v.max) for name, v in sc.variables.items()}
    bounds["turn"] = (turn, turn) if turn else (1, sc.calendar.turns)
    bounds["turns"] = (sc.calendar.turns, sc.calendar.turns)
    counts: dict[str, list[ActionSpec]] = {}
    for spec in enumerate_actions(sc):
        counts.setdefault(spec.id, []).append(spec)
    for action_id, specs in counts.items():
        uses = [s.model.max_uses for s in specs]
        limits = [u for u in uses if u is not None]
        most = float(sum(limits)) if len(limits) == len(uses) else math.inf  # one without a limit: no limit
        bounds[f"used.{action_id}"] = (0, most)
        bounds[f"now.{action_id}"] = (0, float(len(specs)))
        bounds[f"failed.{action_id}"] = (0, math.inf)
    for key in sc.levers:
        bounds[f"threatened.{key}"] = bounds[f"used.{key}.threaten"]
        bounds[f"imposed.{key}"] = bounds[f"used.{key}"]
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            bounds[f"fired.{key}"] = (0, 1) if ev.once else (0, math.inf)
    for key in sc.demands:
        for state in ("made", "pending", "accepted", "rejected", "countered", "expired"):
            bounds[f"{state}.{key}"] = (0, 1)
    for key in list(sc.levers) + list(sc.red_lines):
        for state in ("declared", "due", "honored", "broken"):
            bounds[f"{state}.{key}"] = (0, 1)
    return bounds
