"""Briefings: a printable read-ahead for one role, or the public situation paper.

A role's briefing is built from what that role may know: its view of the first
week (``observe``), its own actions, demands, threats and red lines, its own
objectives, and what every role knows (public red lines, injects, endings).
Expressions that mention something the role cannot see are not printed.

>>> from game.scenario import load_scenario
>>> html = briefing_html(load_scenario("winter-2021"), "us")
>>> "Kremlin's weight on economic cost" in html, "Your levers" in html
(False, True)
"""

from __future__ import annotations

import re

import numpy as np

from ..engine.observe import observe
from ..engine.rules import Cite, Effects, Rules
from ..engine.state import initial_state
from ..maps.sight import Sight
from ..play.consequences import condition_words, formula_words, time_clause
from ..scenario import LoadedScenario
from .html import cite, esc, page, table
from .mapfigure import MapFigures

PUBLIC = "public"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
HIDDEN_FORMULA = "depends on things you cannot see"


class Knowledge:
    """What a role (or the public) may name: variables it has a view of, actions and events it may know."""

    def __init__(self, rules: Rules, role: str):
        self.rules, self.role = rules, role
        self.r = rules.role_index(role) if role != PUBLIC else None
        self.seen: np.ndarray  # (V,) bool: the variables it has a view of
        if self.r is None:
            self.seen = np.all(rules.visible, axis=0)
        else:
            self.seen = rules.visible[self.r] | ~np.isnan(rules.noise[self.r])

    def knows_var(self, v: int) -> bool:
        return bool(self.seen[v])

    def knows_action(self, index: int) -> bool:
        a = self.rules.actions[index]
        return a.public or a.role == self.r

    def condition(self, expr) -> str:
        """A condition in words ('in week 2 or earlier'), or a placeholder when it names something hidden."""
        return self.expr(expr.text) if self.expr(expr.text) == HIDDEN_FORMULA else condition_words(self.rules, expr)

    def amount(self, expr) -> str:
        """An amount or a chance in words ('varies with NATO cohesion'), never its formula."""
        return self.expr(expr.text) if self.expr(expr.text) == HIDDEN_FORMULA else formula_words(self.rules, expr)

    def scoring(self, expr) -> str:
        """How an objective term scores, in words: 'the higher NATO cohesion, the more' (never its formula)."""
        if self.expr(expr.text) == HIDDEN_FORMULA:
            return HIDDEN_FORMULA
        variables = [n for n in expr.names if n in self.rules.var_index]
        if len(variables) == 1 and variables == sorted(expr.names):
            v = self.rules.var_index[variables[0]]
            lo, hi = (float(np.asarray(expr.evaluate({variables[0]: x}), dtype=float)) for x in
                      (float(self.rules.vmin[v]), float(self.rules.vmax[v])))
            label = self.rules.variables[v].label
            return f"the higher {label}, the more" if hi > lo else f"the lower {label}, the more"
        said = condition_words(self.rules, expr) if not variables and expr.names else ""
        if said and not said.startswith("when "):
            return "scores " + time_clause(said)
        return self.amount(expr)

    def expr(self, text: str) -> str:
        """The expression's text, or a placeholder when it names something hidden (for checks: a
        player is shown ``condition`` or ``amount``, never the text)."""
        rules = self.rules
        for name in _NAME.findall(text):
            space, _, item = name.partition(".")
            if name in rules.var_index and not self.knows_var(rules.var_index[name]):
                return HIDDEN_FORMULA
            if space in ("used", "now", "failed") and any(not self.knows_action(i) for i in rules.action_ids.get(item, [])):
                return HIDDEN_FORMULA
            if space == "fired" and item in rules.event_index and not rules.events[rules.event_index[item]].public:
                return HIDDEN_FORMULA
        return text

    def effects(self, effects: Effects) -> str:
        parts = []
        for v in map(int, np.flatnonzero(effects.constant)):
            if self.knows_var(v):
                parts.append(f"{self.rules.variables[v].label} {effects.constant[v]:+g}")
        for v, expr in effects.formulas:
            if self.knows_var(v):
                parts.append(f"{self.rules.variables[v].label}: {self.amount(expr)}")
        return "; ".join(parts) or "-"


def briefing_html(loaded: LoadedScenario, role: str) -> str:
    """The whole briefing page for ``role`` (a role id, or 'public')."""
    rules, model = loaded.rules, loaded.model
    if role != PUBLIC and role not in rules.roles:
        raise ValueError(f"unknown role '{role}' (roles: {', '.join(rules.roles)}, or public)")
    know = Knowledge(rules, role)
    cites: list[Cite] = []
    text = model.briefings.get(role)
    name = "Public situation paper" if know.r is None else f"Briefing: {rules.role_names[know.r]}"
    first, last = rules.date_of(1), rules.date_of(rules.turns)
    parts = [f'<p class="muted">{esc(rules.title)} · {esc(rules.calendar_text)}, '
             f"{first:%d %b %Y} to {last:%d %b %Y}</p>"]
    parts.append("<h2>The situation</h2>")
    parts.append(f"<p>{esc(model.summary)}</p>")
    public_text = model.briefings.get(PUBLIC)
    if public_text is not None and role != PUBLIC:
        parts.append(f"<p>{esc(public_text.situation)}</p>")
    if text is not None:
        parts.append(f"<p>{esc(text.situation)}</p>")
    maps = MapFigures(rules.presentation, prefix=f"briefing-{role}")
    parts.append(_map(rules, role, know, maps))
    parts.append("<h2>The sides</h2>" + table(["Role", "Leader", f"Action points a {rules.turn_word}"], [
        [rules.role_names[i] + (" (you)" if i == know.r else ""), model.roles[r].leader or "", str(int(rules.budgets[i]))]
        for i, r in enumerate(rules.roles)]))
    if know.r is not None:
        parts.append(_objectives(rules, model, role, know, text))
        parts.append(_levers(rules, know, cites, text))
        parts.append(_demands(rules, know, cites))
    parts.append(_threats(rules, know, cites))
    parts.append(_knowledge(rules, role, know, text))
    parts.append(_calendar(rules, know, cites))
    parts.append(_endings(rules))
    parts.append(_sources(rules, cites))
    return page(name, "\n".join(parts), subtitle="Read ahead: printable, for this role only" if know.r is not None else "Read ahead: for everyone",
                head=maps.head())


def _map(rules, role, know, maps: MapFigures) -> str:
    """The region at the start as this role (or everyone) sees it: no number it cannot see."""
    sight = Sight.at_start(rules, role)
    scene = maps.scene(sight)
    whose = "everyone" if know.r is None else rules.role_names[know.r]
    caption = f"What {whose} can see at the start."
    if any(s.marker.tag == "?" for s in scene.symbols):
        caption += (" A marker tagged ? stands for a number not everyone sees." if know.r is None else
                    f" A marker tagged ? stands for a number you will see only as an estimate, each {rules.turn_word}.")
    caption += " Markers, areas and lines appear on the map as the moves and events they stand for happen."
    return "<h2>The map</h2>" + maps.figure(sight, f"The region at the start, as {whose} sees it", caption, scene)


def _objectives(rules, model, role, know, text) -> str:
    obj = rules.objectives[know.r]
    out = ["<h2>Your objectives and how they score</h2>"]
    if text is not None and text.objectives:
        out.append(f"<p>{esc(text.objectives)}</p>")
    elif obj.summary:
        out.append(f"<p>{esc(obj.summary)}</p>")
    rows = [[t.label, know.scoring(t.value), f"{t.weight:g}", f"every {rules.turn_word}"] for t in obj.each_turn]
    rows += [[t.label, know.scoring(t.value), f"{t.weight:g}", "at the end"] for t in obj.at_end]
    if rows:
        out.append(table(["Term", "Scores", "Weight", "When"], rows))
    if obj.each_turn:
        out.append(f"<p>If the crisis ends before the calendar does, the {rules.turn_words} left score as its last {rules.turn_word} did: "
                   "ending it early in a good state is worth as much as holding that state to the end.</p>")
    points = [[e.title, f"{obj.endings[e.index]:+g}"] for e in rules.endings if obj.endings[e.index]]
    if points:
        out.append("<h3>Points for the ending</h3>" + table(["Ending", "Points"], points))
    return "\n".join(out)


def _levers(rules, know, cites, text) -> str:
    out = ["<h2>Your levers</h2>"]
    if text is not None and text.levers:
        out.append(f"<p>{esc(text.levers)}</p>")
    budget = int(rules.budgets[know.r])
    out.append(f"<p>You have {budget} action points each {rules.turn_word}; every order costs points.</p>")
    rows = []
    for a in rules.actions:
        if a.role != know.r:
            continue
        cites.append(a.cite)
        uses = "any number" if a.max_uses == 0 else str(a.max_uses)
        when = f"<br><span class='muted'>Only when: {esc(know.condition(a.when))}</span>" if a.when is not None else ""
        chance = ""
        if a.chance.constant is not None and a.chance.constant != 1:
            chance = f"<br><span class='muted'>Chance of success: about {a.chance.constant * 100:.0f}%</span>"
        elif a.chance.constant is None:
            chance = f"<br><span class='muted'>Chance of success: {esc(know.amount(a.chance))}</span>"
        rows.append([f"<b>{esc(a.label)}</b><br><span class='muted'>{esc(a.kind.replace('_', ' '))}</span>",
                     str(a.cost), uses, esc(a.description) + when + chance, esc(know.effects(a.effects)),
                     cite(a.cite.source, a.cite.quote)])
    out.append(table(["Order", "Cost", "Times", "What it is", "Expected effect", "Source"], rows, raw=True))
    return "\n".join(out)


def _demands(rules, know, cites) -> str:
    rows = []
    for d in rules.demands:
        if d.by != know.r and (know.r not in d.to or not all(a.public for a in rules.actions if a.demand == d.index)):
            continue
        cites.append(d.cite)
        side = "you make it" if d.by == know.r else f"made to you by {rules.role_names[d.by]}"
        rows.append([f"<b>{esc(d.label)}</b><br>{esc(d.text)}", esc(side),
                     esc(", ".join(rules.role_names[t] for t in d.to)), rules.turn_count(d.expires_after),
                     cite(d.cite.source, d.cite.quote)])
    if not rows:
        return ""
    return "<h2>Demands</h2><p>Each addressee answers accept, reject or counter before the demand expires.</p>" + \
        table(["Demand", "", "Addressed to", "Time to answer", "Source"], rows, raw=True)


def _threats(rules, know, cites) -> str:
    rows = []
    for t in rules.threats:
        mine = t.by == know.r
        if not (mine or t.declared_at_start):
            continue
        cites.append(t.cite)
        kind = "Threat (sanctions lever)" if t.kind == "threat" else "Red line"
        if t.declared_at_start:
            status = "stands from the start"
        else:
            declarers = [a.label for a in rules.actions if t.index in a.declares]
            status = "declared by: " + (", ".join(declarers) if declarers else "a public statement")
        trigger = know.condition(t.trigger) if t.trigger is not None else "-"
        answer = ", ".join(rules.actions[i].label for i in t.response)
        cost = know.effects(t.audience_cost) if mine else "-"
        rows.append([esc(kind), f"<b>{esc(t.label)}</b><br><span class='muted'>{esc(rules.role_names[t.by])} · {esc(status)}</span>",
                     esc(trigger), esc(answer), rules.turn_count(t.grace), esc(cost), cite(t.cite.source, t.cite.quote)])
    if not rows:
        return ""
    head = "<h2>Threats and red lines</h2>"
    if know.r is not None:
        head += ("<p>Yours, and those others have declared in public. A threat or red line you declare and do not "
                 "carry out in time when its trigger comes costs you the audience cost.</p>")
    return head + table(["Kind", "What", "Comes due when", "Carried out by", "Time allowed", "Cost if not", "Source"], rows, raw=True)


def _knowledge(rules, role, know, text) -> str:
    out = ["<h2>What you know and what you do not</h2>" if know.r is not None else "<h2>What everyone can see</h2>"]
    if text is not None and know.r is not None:
        for label, value in (("You know", text.knows), ("You do not know", text.unknowns)):
            if value:
                out.append(f"<p><b>{label}:</b> {esc(value)}</p>")
    state = initial_state(rules, seed=0)
    view = observe(rules, state, role) if know.r is not None else None
    rows = []
    for v, info in enumerate(rules.variables):
        if not know.knows_var(v):
            continue
        if view is None:
            value, how = f"{rules.initial[v]:g}", "seen by all"
        else:
            vv = view.variable(info.id)
            if vv.exact:
                value, how = f"{vv.value:g}", "you see it exactly"
            else:
                value, how = "estimate", f"an intelligence estimate with a margin of error, each {rules.turn_word}"
        rows.append([info.label, value + (f" {info.unit}" if info.unit and value != "estimate" else ""), how, info.description])
    out.append(table(["Indicator", "At the start", "How you see it", "What it measures"], rows))
    hidden = int((~know.seen).sum())
    if hidden:
        out.append(f"<p class='muted'>{hidden} other factor(s) in the model are hidden from you entirely.</p>")
    return "\n".join(out)


def _calendar(rules, know, cites) -> str:
    rows = []
    for e in rules.events:
        if not (e.inject and e.public and e.turn is not None):
            continue
        cites.append(e.cite)
        rows.append([f"{rules.turn_word} {e.turn} ({rules.date_of(e.turn):%d %b})", esc(e.headline), cite(e.cite.source, e.cite.quote)])
    if not rows:
        return ""
    return "<h2>The calendar: scheduled events</h2>" + table(["When", "What", "Source"], sorted(rows), raw=True)


def _endings(rules) -> str:
    rows = [[e.title, e.text] for e in rules.endings]
    return "<h2>How it can end</h2>" + table(["Ending", "What it means"], rows)


def _sources(rules: Rules, cites: list[Cite]) -> str:
    used: dict[str, list[str]] = {}
    for c in cites:
        if c.source in rules.sources:
            quotes = used.setdefault(c.source, [])
            if c.quote and c.quote not in quotes:
                quotes.append(c.quote)
    rows = []
    for key, info in rules.sources.items():
        if key not in used and used:
            continue
        listed = "".join(f"<li class='quote'>\"{esc(q)}\"</li>" for q in used.get(key, []))
        rows.append([esc(key), f"<b>{esc(info.get('title'))}</b> ({esc(info.get('date') or 'undated')})<ul>{listed}</ul>"])
    return "<h2>Sources</h2>" + table(["Key", "Document and quotes"], rows, raw=True)
