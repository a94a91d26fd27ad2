"""A turn report laid out as a newspaper: stories ordered by impact, a lead story, the net change of
every indicator ("Tension 63 -> 76"), the background drift folded into one line, and what the
reader's own orders probably did to what it cannot see.

Every face builds its paper here from what a role may see (a visible or public report, and the
role's observation for the values after the turn), so the window and the terminal tell the same
story in the same order.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> from game.play.events import Seal
>>> rules = load_rules("winter-2021")
>>> game = Game.new(rules, {"us": "human"}, seed=1)
>>> _ = game.send(Seal("us", ()))
>>> view = game.view("us")
>>> paper = newspaper(rules, view.last_report, view)
>>> paper.stories[0].impact >= paper.stories[-1].impact
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..engine.report import TurnReport
from ..engine.rules import Rules
from .consequences import brings_about
from .estimates import estimate_moves, sign_over_range
from .words import fmt, source_name, worded_report

SKIPPED = ("ending",)


@dataclass(frozen=True)
class Story:
    headline: str
    text: str
    changes: list[str]  # "Tension +8"
    source: str  # the source's readable name ("" when none)
    quote: str | None
    impact: float  # how much it moved, each change as a share of its variable's range (x100); endings first
    mine: bool = False  # the reader's own move


@dataclass(frozen=True)
class Paper:
    stories: list[Story]
    net: list[tuple[str, float, float | None, float | None]]  # (label, change, before, after): after None when unknown
    background: str  # the drift of the turn, in one line ("" when there was none)
    probably: list[str] = field(default_factory=list)  # what the reader's own orders probably did unseen
    estimates: list[str] = field(default_factory=list)  # how the reader's estimates moved, and why (game.play.estimates)

    @property
    def lead(self) -> Story | None:
        return self.stories[0] if self.stories else None


def _ending_actions(rules: Rules) -> set[str]:
    """Actions that bring an ending about by being carried out (see ``play.consequences.brings_about``)."""
    return {a.id for a in rules.actions for e in rules.endings if brings_about(e.when, a.id)}


def newspaper(rules: Rules, report: TurnReport, view=None) -> Paper:
    """The paper for ``report`` (already what its reader may see); ``view``, the reader's View, gives
    the values after the turn and whose moves are its own (None: the public edition)."""
    report = worded_report(rules, report)
    span = [max(1e-9, float(hi - lo)) for lo, hi in zip(rules.vmin, rules.vmax)]
    labels = [v.label for v in rules.variables]
    ending_moves = _ending_actions(rules)
    me = rules.role_index(view.role) if view is not None else None
    stories: list[Story] = []
    drift: dict[int, list[Any]] = {}  # variable -> [net change, headlines of the drift]
    probably: list[str] = []
    net: dict[int, float] = {}
    for e in report.entries:
        for var, delta in e.changes:
            net[var] = net.get(var, 0.0) + delta
        if e.kind in SKIPPED:
            continue
        if e.kind == "drift":
            for var, delta in e.changes:
                drift.setdefault(var, [0.0, []])
                drift[var][0] += delta
                if e.headline and e.headline not in drift[var][1]:
                    drift[var][1].append(e.headline)
            continue
        impact = sum(100 * abs(d) / span[v] for v, d in e.changes)
        if e.id in ending_moves and e.kind in ("action", "response"):
            impact += 1000  # the move that ends the crisis leads the paper
        cite = e.cite
        stories.append(Story(e.headline, e.text, [f"{labels[v]} {_signed(d)}" for v, d in e.changes],
                             citation(rules, cite.source, report.turn) if cite and cite.source else "",
                             cite.quote if cite else None, impact, mine=me is not None and e.role == me))
        if me is not None and e.role == me and e.kind == "action":
            probably.extend(_unseen_effects(rules, me, e.id, labels))
    stories.sort(key=lambda s: -s.impact)  # stable: equal impact keeps the order of the turn
    after = {v.label: v.value for v in view.obs.variables if v.exact and v.value is not None} if view is not None else {}
    rows = []
    for var, delta in sorted(net.items(), key=lambda kv: -abs(kv[1]) / span[kv[0]]):
        if abs(delta) < 0.05:
            continue
        label = labels[var]
        value = after.get(label)
        rows.append((label, delta, None if value is None else value - delta, value))
    moved = []
    if view is not None and view.last_report is not None and view.last_report.turn == report.turn:
        moved = [m.words(rules.turn_word) for m in estimate_moves(rules, view)]  # the estimates given after it
    return Paper(stories, rows, _background(rules, drift, labels), probably, moved)


def citation(rules: Rules, key: str, turn: int) -> str:
    """A story's source as the paper cites it: a document written after the story's week is what the
    move is modelled on, not a report of it ('modelled on' says so: a December paper citing February).

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> citation(rules, "wt-2022-01-26", 1)
    'modelled on The Washington Times, 26 Jan 2022'
    >>> citation(rules, "wt-2022-01-26", 8)
    'The Washington Times, 26 Jan 2022'
    """
    name = source_name(rules, key)
    date = ((getattr(rules, "sources", None) or {}).get(key) or {}).get("date")
    try:
        written = dt.date.fromisoformat(str(date)) if date else None
    except ValueError:
        written = None
    week_ends = rules.date_of(turn) + dt.timedelta(days=rules.days_per_turn - 1)
    return f"modelled on {name}" if written is not None and written > week_ends else name


def _signed(delta: float) -> str:
    return f"{'+' if delta >= 0 else '-'}{fmt(abs(delta))}"


def _unseen_effects(rules: Rules, role: int, action_id: str, labels: list[str]) -> list[str]:
    """The expected effects of the reader's own order on what it cannot see exactly (from the rules,
    which the reader has: never the outcome)."""
    try:
        a = rules.action(rules.roles[role], action_id)
    except KeyError:
        return []
    out = []
    for v in (int(i) for i in a.effects.constant.nonzero()[0]):
        if not rules.visible[role, v]:
            delta = float(a.effects.constant[v])
            word = "raised" if delta > 0 else "lowered"
            out.append(f"{a.label} probably {word} {labels[v]} (by about {fmt(abs(delta))}; you cannot see it)")
    for v, expr in a.effects.formulas:
        if not rules.visible[role, v]:
            sign = sign_over_range(rules, expr)
            if sign:
                word = "raised" if sign > 0 else "lowered"
                out.append(f"{a.label} probably {word} {labels[v]} (by how much depends on what you cannot see)")
    return out


def _background(rules: Rules, drift: dict, labels: list[str]) -> str:
    """'Background this week: Tension +2, Russian economy -1 (winter sets in; sanctions bite).'"""
    moved = [(v, d, notes) for v, (d, notes) in drift.items() if abs(d) >= 0.05]
    if not moved:
        return ""
    parts = ", ".join(f"{labels[v]} {_signed(d)}" for v, d, _ in moved)
    notes: list[str] = []
    for _, _, ns in moved:
        notes.extend(n for n in ns if n not in notes)
    why = f" ({'; '.join(notes)})" if notes else ""
    return f"Background this {rules.turn_word}, whatever anyone did: {parts}{why}."


def net_line(label: str, delta: float, before: float | None, after: float | None) -> str:
    """'Tension 63 -> 76' where the values are known, else 'Tension +13'."""
    if before is None or after is None:
        return f"{label} {_signed(delta)}"
    return f"{label} {fmt(before)} -> {fmt(after)}"  # an ASCII arrow: the window's font has none
