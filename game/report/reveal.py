"""The reveal: what was hidden, against what each side believed, and what the white cell did.

Part of the after-action report, so it is written at the end (or with ``--reveal``): a
chart per hidden value of its truth week by week against each role's estimate and 90%
range, the white cell's steps marked on it; the game's hidden draws in words (did
sanctions deter this Kremlin?); and the white cell's whole record with its reasons and
times, in local time.

>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> s = Session(Match(load_rules("winter-2021"), seed=2), {})
>>> [d.label for d in hidden_draws(s)][:2]
['Invasion readiness', "Kremlin's weight on economic cost"]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..engine.observe import Z90
from ..engine.rules import Rules
from ..engine.state import BatchState, initial_state
from ..play.session import Session
from ..play.words import fmt
from ..scenario import load_rules  # noqa: F401 (doctest)
from .charts import truth_chart_png
from .html import esc, table
from .record import Record, role_name
from .times import local_time, zone_words

KIND_WORDS = {"override": "Override", "undo": "Undo", "leak": "Leak", "purge": "Messages taken back", "note": "Note",
              "rollback": "Rollback", "restart": "Restart"}


@dataclass(frozen=True)
class Draw:
    """A value drawn for this game: what it was, against the scenario's middle, in words."""

    v: int
    label: str
    value: float
    middle: float
    spread: float
    words: str

    @property
    def where(self) -> str:
        """'low', 'about average' or 'high', against the scenario's spread."""
        z = (self.value - self.middle) / self.spread
        return "low" if z < -0.5 else "high" if z > 0.5 else "about average"


def hidden(rules: Rules) -> list[int]:
    """The variables some role could not see exactly."""
    return [v for v in range(len(rules.variables)) if not rules.visible[:, v].all()]


def hidden_draws(session: Session) -> list[Draw]:
    """The values drawn for this game (an ``initial_spread``) that some role could not see."""
    rules = session.rules
    start = initial_state(rules, session.match.seed).values[0]
    out = []
    for v in hidden(rules):
        spread = float(rules.initial_spread[v])
        if spread <= 0:
            continue
        info, value = rules.variables[v], float(start[v])
        said = [text for at, text in info.reveal if value >= at]
        out.append(Draw(v, info.label, value, float(rules.initial[v]), spread, said[-1] if said else ""))
    return out


def draw_sentence(rules: Rules, d: Draw) -> str:
    """The draw in words, with the number: the scenario's sentence, and how it compares with most games.

    >>> rules = load_rules("winter-2021")
    >>> d = Draw(rules.var_index["kremlin_cost_sensitivity"], "Cost", 22.0, 40.0, 20.0, "Sanctions barely deterred it.")
    >>> draw_sentence(rules, d)
    'Sanctions barely deterred it. (This game drew 22 points: low; two games in three draw 20 to 60.)'
    """
    unit = f" {rules.variables[d.v].unit}" if rules.variables[d.v].unit else ""
    numbers = (f"This game drew {fmt(d.value)}{unit}: {d.where}; two games in three draw "
               f"{fmt(max(d.middle - d.spread, float(rules.vmin[d.v])))} to {fmt(min(d.middle + d.spread, float(rules.vmax[d.v])))}.")
    return f"{d.words} ({numbers})" if d.words else numbers


def who_saw(rules: Rules, v: int) -> str:
    """Who saw a value exactly, who estimated it and who saw nothing, in words."""
    exact = [role_name(rules, r) for i, r in enumerate(rules.roles) if rules.visible[i, v]]
    estimated = [role_name(rules, r) for i, r in enumerate(rules.roles)
                 if not rules.visible[i, v] and not np.isnan(rules.noise[i, v])]
    blind = [role_name(rules, r) for i, r in enumerate(rules.roles)
             if not rules.visible[i, v] and np.isnan(rules.noise[i, v])]
    parts = []
    if exact:
        parts.append(f"{' and '.join(exact)} saw it exactly")
    if estimated:
        parts.append(f"{' and '.join(estimated)} had an intelligence estimate")
    if blind:
        parts.append(f"{' and '.join(blind)} saw nothing of it")
    said = "; ".join(parts)
    return said[:1].upper() + said[1:] + "." if said else ""


def estimate_series(rules: Rules, states: list[BatchState], v: int) -> dict[str, tuple[list[float], list[float], list[float]]]:
    """Each estimating role's estimate of ``v`` and its 90% range, one point per state (role name -> lines)."""
    out = {}
    for r, role in enumerate(rules.roles):
        sd = float(rules.noise[r, v])
        if rules.visible[r, v] or np.isnan(sd):
            continue
        est = [float(s.estimates[0, r, v]) for s in states]
        low = [max(float(rules.vmin[v]), e - Z90 * sd) for e in est]
        high = [min(float(rules.vmax[v]), e + Z90 * sd) for e in est]
        out[role_name(rules, role)] = (est, low, high)
    return out


def charts(session: Session, states: list[BatchState], record: Record, size=(5.2, 2.6)) -> list[tuple[int, str]]:
    """(variable, chart) for each hidden value some role estimated or that was drawn for this game."""
    rules = session.rules
    drawn = {d.v for d in hidden_draws(session)}
    out = []
    for v in hidden(rules):
        series = estimate_series(rules, states, v)
        truth = [float(s.values[0, v]) for s in states]
        if not series and (v not in drawn or np.ptp(truth) == 0):  # a draw that never moved is said in words
            continue
        out.append((v, truth_chart_png(truth, series, rules.variables[v].label, xlabel=rules.turn_word,
                                       marks=record.marks_for(v), size=size)))
    return out


def reveal_html(session: Session, states: list[BatchState], record: Record, zone: dt.tzinfo | None,
                made: list[tuple[int, str]] | None = None) -> str:
    """The reveal page: hidden values against the estimates, the draws in words, the white cell's record
    (``made``: the charts, when they are drawn already)."""
    rules = session.rules
    out = ["<h2 id='reveal'>The reveal: what was hidden</h2>",
           f"<p>Black: the true value at the start of each {rules.turn_word} ({rules.turn_word} 0 is the start). "
           "Coloured: what each side estimated, with the 90% range it was told. Dotted red lines: the white cell "
           "stepped in (numbered as in its record below; a rollback is marked where play went back to).</p>"]
    draws = hidden_draws(session)
    if draws:
        out.append("<h3>This game's hidden draws</h3><ul class='draws'>"
                   + "".join(f"<li><b>{esc(d.label)}.</b> {esc(draw_sentence(rules, d))}</li>" for d in draws) + "</ul>")
    figures = []
    for v, png in charts(session, states, record) if made is None else made:
        figures.append(f"<figure class='truth'><img class='chart' alt='{esc(rules.variables[v].label)}: truth and estimates' "
                       f"src='{png}'><figcaption>{esc(who_saw(rules, v))}</figcaption></figure>")
    out.append("".join(figures))
    out.append(record_html(rules, record, zone))
    return "\n".join(out)


def record_html(rules: Rules, record: Record, zone: dt.tzinfo | None) -> str:
    """Every step of the white cell's (and every restart of the host), with its reason and local time."""
    head = f"<h2 id='white-cell'>The white cell's record</h2><p class='muted'>Every override, undo, leak, rollback and restart; {zone_words(zone)}.</p>"
    if record.branch_of is not None:
        b = record.branch_of
        head += (f"<p><b>A second future.</b> This game was branched off another at the start of {rules.turn_word} "
                 f"{b.turn}, to compare with it" + (f": {esc(b.note)}" if b.note else "") + ".</p>")
    if not record.steps:
        return head + "<p>The white cell did not step in: the game ran on its rules alone.</p>"
    rows = []
    for s in record.steps:
        status = "undone" if s.undone else "rolled back" if s.rolled_back else ""
        rows.append([s.mark or "", local_time(s.time, zone), f"{rules.turn_word} {s.turn}", KIND_WORDS.get(s.kind, s.kind),
                     s.what, s.reason or "-", status])
    counts: dict[str, int] = {}
    for s in record.steps:
        counts[KIND_WORDS.get(s.kind, s.kind).lower()] = counts.get(KIND_WORDS.get(s.kind, s.kind).lower(), 0) + 1
    summary = ", ".join(f"{n} × {k}" for k, n in counts.items())
    return head + f"<p>{esc(summary)}.</p>" + table(["Mark", "When", rules.turn_word.capitalize(), "What", "Done",
                                                     "Reason", ""], rows)
