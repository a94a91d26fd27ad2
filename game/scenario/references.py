"""The cross-reference pass: every id and every expression name must exist.

Runs after pydantic has checked shapes. Each problem points at the text that
holds the bad id, with "did you mean" for near misses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .errors import Problem, did_you_mean
from .expr import ExpressionError, parse_expression
from .mapcheck import check_map
from .models import ActionBase, Scenario
from .yamlsafe import Document

KIND_PHASE = {
    "levers": ("sanction", "sanctions"),
    "deployments": ("deployment", "deployments"),
    "decisions": ("nato_decision", "decisions"),
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
    path: tuple  # where it is written in the file
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
    def __init__(self, doc: Document, sc: Scenario):
        self.doc, self.sc = doc, sc
        self.problems: list[Problem] = []
        self.names = expression_names(sc)

    def error(self, path: tuple, message: str, at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, at_key=at_key))

    def ref(self, path: tuple, value: str, choices: Iterable[str], what: str) -> bool:
        choices = list(choices)
        if value in choices:
            return True
        self.error(path, f"unknown {what} '{value}'{did_you_mean(value, choices)}")
        return False

    def key_ref(self, path: tuple, key: str, choices: Iterable[str], what: str) -> None:
        choices = list(choices)
        if key not in choices:
            self.error(path + (key,), f"unknown {what} '{key}'{did_you_mean(key, choices)}", at_key=True)

    def expr(self, path: tuple, text: Any) -> None:
        if text is None:
            return
        try:
            parsed = parse_expression(text)
        except ExpressionError as exc:
            line, col = self.doc.text_position(path, exc.offset)
            self.problems.append(Problem(self.doc.path, line, col, f"bad expression: {exc}"))
            return
        for name, offset in parsed.name_offsets:
            if name not in self.names:
                line, col = self.doc.text_position(path, offset)
                hint = did_you_mean(name, self.names)
                self.problems.append(Problem(self.doc.path, line, col, f"unknown name '{name}' in expression{hint}"))

    def effects(self, path: tuple, effects: dict) -> None:
        for var, amount in effects.items():
            self.key_ref(path, var, self.sc.variables, "variable")
            if isinstance(amount, str):
                self.expr(path + (var,), amount)

    def source(self, path: tuple, key: str | None) -> None:
        if key is not None:
            self.ref(path + ("source",), key, self.sc.sources, "source")


def check_references(doc: Document, sc: Scenario) -> list[Problem]:
    """All cross-reference problems of a scenario that pydantic accepted."""
    c = _Checker(doc, sc)
    roles, actors = list(sc.roles), list(sc.actors)
    _check_ids_unique(c)
    for key, var in sc.variables.items():
        path = ("variables", key)
        c.source(path, var.source)
        if var.visible_to != "all":
            for i, role in enumerate(var.visible_to):
                c.ref(path + ("visible_to", i), role, roles, "role")
        if isinstance(var.intel_noise, dict):
            for role in var.intel_noise:
                c.key_ref(path + ("intel_noise",), role, roles, "role")
    specs = enumerate_actions(sc)
    by_role: dict[str, set[str]] = {}
    for spec in specs:
        by_role.setdefault(spec.role, set()).add(spec.id)
    all_actions = {s.id for s in specs}
    for spec in specs:
        m = spec.model
        if spec.step is None and spec.answer is None:
            role_path = spec.path + (("by",) if spec.section == "demands" else ("role",))
            c.ref(role_path, spec.role, roles, "role")
        c.source(spec.path, m.source)
        c.effects(spec.path + ("effects",), m.effects)
        for var in m.spread:
            c.key_ref(spec.path + ("spread",), var, sc.variables, "variable")
        c.expr(spec.path + ("when",), m.when)
        c.expr(spec.path + ("chance",), m.chance)
        for i, other in enumerate(m.excludes):
            c.ref(spec.path + ("excludes", i), other, by_role.get(spec.role, ()), f"action of {spec.role}")
    for key, d in sc.demands.items():
        path = ("demands", key)
        for i, role in enumerate(d.to):
            if c.ref(path + ("to", i), role, roles, "role") and role == d.by:
                c.error(path + ("to", i), f"a role cannot make a demand of itself ('{role}')")
        for field in ("on_accepted", "on_rejected", "on_countered", "on_expired"):
            c.effects(path + (field,), getattr(d, field))
    for key, lever in sc.levers.items():
        path = ("levers", key)
        c.expr(path + ("trigger",), lever.trigger)
        c.effects(path + ("audience_cost",), lever.audience_cost)
    blocs = list(sc.consensus.blocs) if sc.consensus else []
    if sc.consensus:
        for key, bloc in sc.consensus.blocs.items():
            c.source(("consensus", "blocs", key), bloc.source)
            c.expr(("consensus", "blocs", key, "agree"), bloc.agree)
    for key, dec in sc.decisions.items():
        path = ("decisions", key)
        c.effects(path + ("on_fail",), dec.on_fail)
        for i, bloc in enumerate(dec.blocs or ()):
            c.ref(path + ("blocs", i), bloc, blocs, "consensus bloc")
        needed = blocs if dec.blocs is None else [b for b in dec.blocs if b in blocs]
        for bloc, amount in dec.agree.items():
            if bloc in blocs and bloc not in needed:
                c.error(path + ("agree", bloc), f"bloc '{bloc}' is not among this decision's 'blocs' ({', '.join(needed) or 'none'})", at_key=True)
            else:
                c.key_ref(path + ("agree",), bloc, blocs, "consensus bloc")
            c.expr(path + ("agree", bloc), amount)
        if (dec.agree or dec.blocs) and not sc.consensus:
            field = "agree" if dec.agree else "blocs"
            c.error(path + (field,), f"'{field}' needs a 'consensus' section that defines the blocs")
    for key, rl in sc.red_lines.items():
        path = ("red_lines", key)
        c.source(path, rl.source)
        if c.ref(path + ("by",), rl.by, roles, "role"):
            mine = by_role.get(rl.by, set())
            if rl.declared_by is not None:
                c.ref(path + ("declared_by",), rl.declared_by, mine, f"action of {rl.by}")
            for i, act in enumerate(rl.response):
                c.ref(path + ("response", i), act, mine, f"action of {rl.by}")
        c.expr(path + ("trigger",), rl.trigger)
        c.effects(path + ("audience_cost",), rl.audience_cost)
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            path = (section, key)
            c.source(path, ev.source)
            c.effects(path + ("effects",), ev.effects)
            for var in ev.spread:
                c.key_ref(path + ("spread",), var, sc.variables, "variable")
            c.expr(path + ("when",), ev.when)
            c.expr(path + ("chance",), ev.chance)
            if section == "reactions":
                c.ref(path + ("actor",), ev.actor, actors, "actor")
            if ev.turn is not None and ev.turn > sc.calendar.turns:
                c.error(path + ("turn",), f"turn {ev.turn} is after the last turn ({sc.calendar.turns})")
            if ev.date is not None:
                turn = (ev.date - sc.calendar.start).days // sc.calendar.days_per_turn + 1
                if not 1 <= turn <= sc.calendar.turns:
                    c.error(path + ("date",), f"date {ev.date} is outside the calendar")
    for i, d in enumerate(sc.drift):
        path = ("drift", i)
        c.source(path, d.source)
        c.ref(path + ("var",), d.var, sc.variables, "variable")
        c.expr(path + ("add",), d.add)
        c.expr(path + ("when",), d.when)
    defaults = [k for k, e in sc.endings.items() if e.default]
    if len(defaults) != 1:
        c.error(("endings",), f"exactly one ending must have 'default: true' (found {len(defaults)})", at_key=True)
    for key, e in sc.endings.items():
        path = ("endings", key)
        c.source(path, e.source)
        c.expr(path + ("when",), e.when)
        if not e.default and e.when is None:
            c.error(path, "an ending needs a 'when' condition unless it is the default")
    for role, obj in sc.objectives.items():
        path = ("objectives", role)
        c.key_ref(("objectives",), role, roles, "role")
        for field in ("each_turn", "at_end"):
            for i, term in enumerate(getattr(obj, field)):
                c.expr(path + (field, i, "value"), term.value)
        for ending in obj.endings:
            c.key_ref(path + ("endings",), ending, sc.endings, "ending")
    for role, moves in sc.historical.items():
        c.key_ref(("historical",), role, roles, "role")
        mine = by_role.get(role, set())
        for i, move in enumerate(moves):
            path = ("historical", role, i)
            c.source(path, move.source)
            c.expr(path + ("when",), move.when)
            if move.turn > sc.calendar.turns:
                c.error(path + ("turn",), f"turn {move.turn} is after the last turn ({sc.calendar.turns})")
            for field in ("orders", "otherwise"):
                for j, act in enumerate(getattr(move, field)):
                    c.ref(path + (field, j), act, mine if mine else all_actions, f"action of {role}")
    for key in sc.briefings:
        c.key_ref(("briefings",), key, roles + ["public"], "role")
    _check_hints(c, all_actions)
    _check_tests(c, by_role)
    if sc.ladder is not None:
        c.ref(("ladder",), sc.ladder, sc.variables, "variable")
    check_map(c, all_actions)
    return c.problems


def _check_hints(c: _Checker, all_actions: set[str]) -> None:
    sc = c.sc
    for i, hint in enumerate(sc.hints):
        path = ("hints", i)
        if hint.role is not None:
            c.ref(path + ("role",), hint.role, sc.roles, "role")
        if hint.turn is not None and hint.turn > sc.calendar.turns:
            c.error(path + ("turn",), f"turn {hint.turn} is after the last turn ({sc.calendar.turns})")
        c.expr(path + ("when",), hint.when)
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
        if len(test.turns) > sc.calendar.turns:
            c.error(path + ("turns",), f"{len(test.turns)} turns of orders, but the calendar has {sc.calendar.turns}", at_key=True)
        for t, orders in enumerate(test.turns):
            for role, ids in orders.items():
                c.key_ref(path + ("turns", t), role, roles, "role")
                for j, act in enumerate(ids):
                    if role in sc.roles:
                        c.ref(path + ("turns", t, role, j), act, by_role.get(role, ()), f"action of {role}")
        for role, spec in (test.policies or {}).items():
            c.key_ref(path + ("policies",), role, roles, "role")
            if spec.startswith("fixed:") and role in sc.roles:
                for act in filter(None, (a.strip() for a in spec[len("fixed:"):].split(","))):
                    c.ref(path + ("policies", role), act, by_role.get(role, ()), f"action of {role}")
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
                        c.ref(xp + (field, role, j), act, by_role.get(role, ()), f"action of {role}")
        for j, text in enumerate(x.check):
            c.expr(xp + ("check", j), text)
        for field in ("ending", "most_likely"):
            if getattr(x, field) is not None:
                c.ref(xp + (field,), getattr(x, field), sc.endings, "ending")
        for ending, (low, high) in x.endings.items():
            c.key_ref(xp + ("endings",), ending, sc.endings, "ending")
            if not 0 <= low <= high <= 100:
                c.error(xp + ("endings", ending), f"[{low:g}, {high:g}] is not a range of percentages (0 <= low <= high <= 100)")


def _check_ids_unique(c: _Checker) -> None:
    seen: dict[str, tuple] = {}
    for spec in enumerate_actions(c.sc):
        key = (spec.id, spec.role if spec.answer else None)
        if key in seen and seen[key] != spec.path:
            line = c.doc.position(seen[key])[0]
            c.error(spec.path, f"action id '{spec.id}' is already used (line {line})", at_key=True)
        seen.setdefault(key, spec.path)
    for key in c.sc.reactions:
        if key in c.sc.events:
            c.error(("reactions", key), f"'{key}' is both an event and a reaction", at_key=True)
