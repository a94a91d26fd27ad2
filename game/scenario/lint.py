"""Warnings: things that are legal in a scenario but probably not what the author meant.

Each warning has a stable code and a name, and points at the item it is about.
A comment silences it: ``# brink: ignore W101`` on the item's line (or the line
above it) silences that warning there; ``# brink: ignore-file W101`` anywhere
silences it in the whole file. Codes and names both work, several may be given
(``# brink: ignore W101, action-no-effect``).

>>> from game.scenario import load_scenario
>>> [str(w) for w in lint(load_scenario("tutorial").document, load_scenario("tutorial").model)]
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import Problem
from .expr import ExpressionError, parse_expression
from .intervals import Interval, can_be_positive, can_hold, interval
from .models import Event, Scenario
from .paths import DataPath
from .references import ActionSpec, enumerate_actions, name_bounds
from .yamlsafe import Document


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    summary: str


CHECKS = [
    Check("W101", "unused-variable", "a variable that nothing reads and nothing changes"),
    Check("W102", "variable-never-read", "a variable that changes but that no condition, formula, score or ending reads"),
    Check("W201", "action-no-effect", "an action with no effects that nothing refers to"),
    Check("W202", "action-never-legal", "an action whose condition can never hold, or that costs more than the role's budget"),
    Check("W203", "condition-reveals-hidden", "an action whose condition reads a variable its role cannot see: "
          "whether the action is allowed would tell the role about it"),
    Check("W301", "event-never-happens", "an event or reaction whose condition can never hold, or whose chance is never above zero"),
    Check("W302", "ending-never-holds", "an ending whose condition can never hold"),
    Check("W303", "chance-out-of-range", "a chance (or a bloc's agreement) whose expression can go below 0 or above 1 "
          "(a chance that is never in range is error E501)"),
    Check("W401", "demand-unanswerable", "a demand that some addressee has no way to answer"),
    Check("W501", "no-source", "an item that names no source document"),
    Check("W502", "unused-source", "a source document that no item cites"),
    Check("W504", "unused-template", "a template that no item extends"),
    Check("W601", "translation-missing", "texts a translation file leaves out: they show in the scenario's own language "
          "(brink validate --coverage lists them)"),
    Check("W602", "translation-stale", "a translation whose original has changed since it was made (the '# en: ...' comment "
          "above it, which brink translate writes, says what it was made from)"),
    Check("W701", "ending-never-reached", "(--deep) an ending no simulated game reached"),
    Check("W702", "event-never-fired", "(--deep) an event or reaction that never fired in the simulated games"),
    Check("W703", "action-never-legal-in-play", "(--deep) an action that was never legal in the simulated games"),
    Check("W704", "variable-pinned", "(--deep) a variable that sits at its minimum or maximum most of the time"),
    Check("W705", "historical-order-dropped", "(--deep) a historical order that the games with every role historical "
          "could not carry out (not allowed then, or over budget), with how often"),
]
BY_CODE = {c.code: c for c in CHECKS}
BY_NAME = {c.name: c for c in CHECKS}

_IGNORE = re.compile(r"#\s*brink:\s*ignore(-file)?\s+([A-Za-z0-9_,\- ]+)")


def warning(doc: Document, path: DataPath, code: str, message: str, at_key: bool = True) -> Problem:
    """A located warning with its code."""
    return doc.problem(path, message, at_key=at_key, code=code, severity="warning")


def suppressions(text: str) -> tuple[dict[int, set[str]], set[str]]:
    """Codes silenced per line (1-based) and in the whole file, from ``# brink: ignore`` comments."""
    per_line: dict[int, set[str]] = {}
    whole: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _IGNORE.finditer(line):
            codes = set()
            for word in re.split(r"[,\s]+", match.group(2).strip()):
                check = BY_CODE.get(word.upper()) or BY_NAME.get(word.lower())
                if check:
                    codes.add(check.code)
            if match.group(1):
                whole |= codes
            else:
                # A comment alone on its line speaks for the next line; after code, for its own.
                target = number + 1 if line.lstrip().startswith("#") else number
                per_line.setdefault(target, set()).update(codes)
    return per_line, whole


def silence(problems: list[Problem], source: str | Document) -> list[Problem]:
    """The warnings that no ``# brink: ignore`` comment silences: in the text given, or in the file of
    the document each warning is in (a comment in an included file speaks for that file)."""
    if isinstance(source, str):
        per_line, whole = suppressions(source)
        return [p for p in problems if p.code not in whole and p.code not in per_line.get(p.line, set())]
    found: dict[str, tuple[dict[int, set[str]], set[str]]] = {}
    kept = []
    for p in problems:
        if p.path not in found:
            found[p.path] = suppressions(source.text_of(p.path))
        per_line, whole = found[p.path]
        if p.code not in whole and p.code not in per_line.get(p.line, set()):
            kept.append(p)
    return kept


# -- what the scenario reads and writes ---------------------------------------------------------

def expression_sites(sc: Scenario) -> Iterator[tuple[DataPath, str | float | None]]:
    """Every expression in the scenario, with the path where it is written (None: a condition left out)."""
    def effects(path: DataPath, mapping: dict[str, str | float]) -> Iterator[tuple[DataPath, str | float]]:
        for var, amount in mapping.items():
            yield path + (var,), amount

    for spec in enumerate_actions(sc):
        m = spec.model
        yield spec.path + ("when",), m.when
        yield spec.path + ("chance",), m.chance
        yield from effects(spec.path + ("effects",), m.effects)
    for key, lever in sc.levers.items():
        yield ("levers", key, "trigger"), lever.trigger
        yield from effects(("levers", key, "audience_cost"), lever.audience_cost)
    for key, demand in sc.demands.items():
        for field in ("on_accepted", "on_rejected", "on_countered", "on_expired"):
            yield from effects(("demands", key, field), getattr(demand, field))
    for key, dec in sc.decisions.items():
        yield from effects(("decisions", key, "on_fail"), dec.on_fail)
        yield from effects(("decisions", key, "agree"), dec.agree)
    if sc.consensus:
        for key, bloc in sc.consensus.blocs.items():
            yield ("consensus", "blocs", key, "agree"), bloc.agree
    for key, rl in sc.red_lines.items():
        yield ("red_lines", key, "trigger"), rl.trigger
        yield from effects(("red_lines", key, "audience_cost"), rl.audience_cost)
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            yield (section, key, "when"), ev.when
            yield (section, key, "chance"), ev.chance
            yield from effects((section, key, "effects"), ev.effects)
    for i, d in enumerate(sc.drift):
        yield ("drift", i, "add"), d.add
        yield ("drift", i, "when"), d.when
    for key, e in sc.endings.items():
        yield ("endings", key, "when"), e.when
    for role, obj in sc.objectives.items():
        for field in ("each_turn", "at_end"):
            for i, term in enumerate(getattr(obj, field)):
                yield ("objectives", role, field, i, "value"), term.value
    for role, moves in sc.historical.items():
        for i, move in enumerate(moves):
            yield ("historical", role, i, "when"), move.when
    for i, hint in enumerate(sc.hints):
        yield ("hints", i, "when"), hint.when


def names_read(sc: Scenario) -> set[str]:
    """Every name some expression of the scenario reads (tests left out: they observe, not model)."""
    names: set[str] = set()
    for _, text in expression_sites(sc):
        if text is None:
            continue
        try:
            names |= parse_expression(text).names
        except ExpressionError:
            continue
    return names


def variables_changed(sc: Scenario) -> set[str]:
    changed: set[str] = {d.var for d in sc.drift}
    for spec in enumerate_actions(sc):
        changed |= set(spec.model.effects) | set(spec.model.spread)
    for lever in sc.levers.values():
        changed |= set(lever.audience_cost)
    for demand in sc.demands.values():
        for field in ("on_accepted", "on_rejected", "on_countered", "on_expired"):
            changed |= set(getattr(demand, field))
    for dec in sc.decisions.values():
        changed |= set(dec.on_fail)
    for rl in sc.red_lines.values():
        changed |= set(rl.audience_cost)
    for section in ("events", "reactions"):
        for ev in getattr(sc, section).values():
            changed |= set(ev.effects) | set(ev.spread)
    return changed


def _event_turn(sc: Scenario, ev: Event) -> int | None:
    if ev.date is not None:
        return (ev.date - sc.calendar.start).days // sc.calendar.days_per_turn + 1
    return ev.turn


# -- the checks ----------------------------------------------------------------------------------

def lint(doc: Document, sc: Scenario) -> list[Problem]:
    """Every warning for a scenario that loaded without errors, after ``# brink: ignore`` comments."""
    found: list[Problem] = []
    read, changed = names_read(sc), variables_changed(sc)
    for key in sc.variables:
        path = ("variables", key)
        if key not in read and key not in changed:
            found.append(warning(doc, path, "W101", f"variable '{key}' is never used: nothing reads it and nothing changes it"))
        elif key not in read:
            found.append(warning(doc, path, "W102", f"variable '{key}' changes but nothing reads it "
                                                   "(no condition, formula, score or ending): it cannot matter"))
    bounds = name_bounds(sc)
    specs = enumerate_actions(sc)
    found += _check_actions(doc, sc, specs, read, bounds)
    found += _check_demands(doc, sc, specs, bounds)
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            when_bounds = name_bounds(sc, _event_turn(sc, ev))
            if ev.when is not None and not can_hold(ev.when, when_bounds):
                found.append(warning(doc, (section, key), "W301", f"{section[:-1]} '{key}' can never happen: its condition '{ev.when}' never holds"))
            elif not can_be_positive(ev.chance, when_bounds):
                found.append(warning(doc, (section, key), "W301", f"{section[:-1]} '{key}' can never happen: its chance is never above zero"))
    found += _check_chances(doc, sc, bounds)
    for key, e in sc.endings.items():
        ending_bounds = name_bounds(sc, sc.calendar.turns if e.at_end_only else None)
        if e.when is not None and not e.default and not can_hold(e.when, ending_bounds):
            found.append(warning(doc, ("endings", key), "W302", f"ending '{key}' can never happen: its condition '{e.when}' never holds"))
    found += _check_sources(doc, sc)
    found += _check_templates(doc, sc)
    return silence(found, doc)


def chance_sites(sc: Scenario) -> Iterator[tuple[DataPath, str | float]]:
    """Every chance of the scenario (actions, events, blocs' and decisions' agreement), with its path."""
    for spec in enumerate_actions(sc):
        yield spec.path + ("chance",), spec.model.chance
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            yield (section, key, "chance"), ev.chance
    if sc.consensus:
        for key, bloc in sc.consensus.blocs.items():
            yield ("consensus", "blocs", key, "agree"), bloc.agree
    for key, dec in sc.decisions.items():
        for bloc_id, amount in dec.agree.items():
            yield ("decisions", key, "agree", bloc_id), amount


def _check_chances(doc: Document, sc: Scenario, bounds: dict[str, Interval]) -> list[Problem]:
    """W303: a chance expression that can leave [0, 1] (the engine would treat it as 0 or certain)."""
    found = []
    for path, text in chance_sites(sc):
        if not isinstance(text, str):
            continue
        low, high = interval(text, bounds)
        if high > 1 or low < 0:
            reach = f"above 1 (up to {high:g})" if high > 1 else f"below 0 (down to {low:g})"
            found.append(warning(doc, path, "W303", f"chance '{text}' can go {reach}: wrap it in clamp(..., 0, 1)", at_key=False))
    return found


def _structural(sc: Scenario, spec: ActionSpec) -> bool:
    """Whether an action matters by what it is, not by its effects (demands, answers, levers, red lines)."""
    if spec.demand is not None:  # the demand itself or one of its answers
        demand = sc.demands[spec.demand]
        outcomes = any(getattr(demand, f) for f in ("on_accepted", "on_rejected", "on_countered", "on_expired"))
        return outcomes or spec.answer is None
    if spec.lever is not None:
        lever = sc.levers[spec.lever]
        return bool(lever.trigger and lever.audience_cost)
    if spec.section == "decisions" and sc.decisions[spec.id].on_fail:
        return True
    for rl in sc.red_lines.values():
        if rl.by == spec.role and (rl.declared_by == spec.id or spec.id in rl.response):
            return True
    return False


def _check_actions(doc: Document, sc: Scenario, specs: list[ActionSpec], read: set[str], bounds: dict[str, Interval]) -> list[Problem]:
    found = []
    for spec in specs:
        m = spec.model
        referred = {f"used.{spec.id}", f"now.{spec.id}", f"failed.{spec.id}"} & read
        if spec.lever:
            referred |= {f"threatened.{spec.lever}", f"imposed.{spec.lever}"} & read
        if spec.demand:
            referred |= {f"{s}.{spec.demand}" for s in ("made", "pending", "accepted", "rejected", "countered", "expired")} & read
        if not m.effects and not m.spread and not referred and not _structural(sc, spec):
            found.append(warning(doc, spec.path, "W201", f"action '{spec.id}' has no effect: no effects, and nothing refers to it"))
        budget = sc.roles[spec.role].budget if spec.role in sc.roles else 0
        if m.cost > budget and spec.answer is None:  # unaffordable answers are W401
            found.append(warning(doc, spec.path, "W202", f"action '{spec.id}' costs {m.cost} but {spec.role}'s budget is {budget}: it can never be ordered"))
        elif m.when is not None and not can_hold(m.when, bounds):
            found.append(warning(doc, spec.path, "W202", f"action '{spec.id}' is never legal: its condition '{m.when}' never holds"))
        hidden = _hidden_from(sc, spec.role, m.when)
        if hidden:
            found.append(warning(doc, spec.path, "W203", f"action '{spec.id}' is allowed or not depending on "
                                 f"{', '.join(sorted(hidden))}, which {spec.role} cannot see: its orders panel would reveal it"))
    return found


def _hidden_from(sc: Scenario, role: str, condition: str | None) -> set[str]:
    """Variables a condition reads that ``role`` may not see exactly."""
    if condition is None or role not in sc.roles:
        return set()
    try:
        names = parse_expression(condition).names
    except ExpressionError:
        return set()
    return {n for n in names if n in sc.variables and sc.variables[n].visible_to != "all"
            and role not in sc.variables[n].visible_to}


def _check_demands(doc: Document, sc: Scenario, specs: list[ActionSpec], bounds: dict[str, Interval]) -> list[Problem]:
    found = []
    for key, d in sc.demands.items():
        for role in d.to:
            answers = [s for s in specs if s.demand == key and s.answer and s.role == role]
            budget = sc.roles[role].budget if role in sc.roles else 0
            usable = [s for s in answers if s.model.cost <= budget and (s.model.when is None or can_hold(s.model.when, bounds))]
            if not usable:
                why = "the demand has no responses" if not answers else "every response costs too much or is never legal"
                found.append(warning(doc, ("demands", key), "W401", f"demand '{key}': {role} can never answer it ({why})"))
    return found


def cited_items(sc: Scenario) -> Iterator[tuple[DataPath, str, str | None]]:
    """Every item that should name a source: (path, what it is, the source it names or inherits)."""
    for key, v in sc.variables.items():
        yield ("variables", key), f"variable '{key}'", v.source
    for spec in enumerate_actions(sc):
        if spec.step is None and spec.answer is None:
            yield spec.path, f"action '{spec.id}'", spec.model.source
    for key, lever in sc.levers.items():
        yield ("levers", key), f"lever '{key}'", lever.source
    for key, d in sc.demands.items():
        yield ("demands", key), f"demand '{key}'", d.source
    if sc.consensus:
        for key, bloc in sc.consensus.blocs.items():
            yield ("consensus", "blocs", key), f"bloc '{key}'", bloc.source
    for key, rl in sc.red_lines.items():
        yield ("red_lines", key), f"red line '{key}'", rl.source
    for section in ("events", "reactions"):
        for key, ev in getattr(sc, section).items():
            yield (section, key), f"{section[:-1]} '{key}'", ev.source
    for i, drift in enumerate(sc.drift):
        yield ("drift", i), f"drift of '{drift.var}'", drift.source
    for key, e in sc.endings.items():
        yield ("endings", key), f"ending '{key}'", e.source
    for role, moves in sc.historical.items():
        for i, move in enumerate(moves):
            yield ("historical", role, i), f"historical move of {role} on turn {move.turn}" + (f" to {move.until}" if move.until else ""), move.source


def _check_sources(doc: Document, sc: Scenario) -> list[Problem]:
    found, cited = [], set()
    for path, what, source in cited_items(sc):
        if source is None:
            found.append(warning(doc, path, "W501", f"{what} names no source document (add 'source:' with a key from 'sources')"))
        cited.add(source)
    for spec in enumerate_actions(sc):
        cited.add(spec.model.source)
    cited |= {t.source for t in sc.tests}
    for key in sc.sources:
        if key not in cited:
            found.append(warning(doc, ("sources", key), "W502", f"source '{key}' is never cited"))
    return found


def _check_templates(doc: Document, sc: Scenario) -> list[Problem]:
    """W504: a template nothing extends (its text is checked only in the items that use it)."""
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            named = node.get("extends")
            used.update(n for n in (named if isinstance(named, list) else [named]) if isinstance(n, str))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(doc.data)
    return [warning(doc, ("templates", key), "W504", f"template '{key}' is never used: no item extends it")
            for key in sc.templates if key not in used]
