"""The debrief's two-page summary: the first pages of the after-action report, or a page of its own.

Page one: who played, how it ended, the scores, this game's hidden draws in words and what
the white cell did. Page two: the hidden values against each side's estimates, small, and
the white cell's record, each step with its reason. The print stylesheet keeps it to two
pages (A4 or Letter): each page is a block that breaks after itself, and long lists are
cut with a pointer to the full report.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> s = Session(Match(load_rules("winter-2021"), seed=2), {})
>>> html = summary_html(s, [s.match.true_state], white_cell_record(s), None)
>>> html.count('class="sheet"')
2
"""

from __future__ import annotations

import datetime as dt

from ..engine.state import BatchState
from ..play.session import Session
from .html import esc, table
from .record import Record, white_cell_record  # noqa: F401 (doctest)
from .reveal import KIND_WORDS, charts, draw_sentence, hidden_draws
from .times import local_time, zone_words

MAX_CHARTS = 6  # three rows of two fit the second page
MAX_STEPS = 8  # and this many steps of the record under them

# Two sheets: each breaks the page after itself and never inside; the charts shrink to a grid of two.
CSS = """
.summary .sheet{break-after:page;page-break-after:always}
.summary .sheet:last-child{break-after:auto;page-break-after:auto}
.summary .grid{display:grid;grid-template-columns:1fr 1fr;gap:.4em}
.summary .grid img{width:100%}
.summary table{font-size:.92em}
.summary .draws li{margin-bottom:.2em}
@page{size:A4;margin:14mm 14mm 16mm}
@media print{
  body{font-size:9.5pt}
  .summary .sheet{break-inside:avoid;page-break-inside:avoid;max-height:265mm;overflow:hidden}
  .summary h2{margin-top:.5em}
  .summary .grid img{max-height:52mm;width:auto;max-width:100%}
  .summary + *{break-before:page}
  .noprint{display:none}
}
"""


def summary_html(session: Session, states: list[BatchState], record: Record, zone: dt.tzinfo | None,
                 made: list[tuple[int, str]] | None = None) -> str:
    """The two sheets of the summary, as a section (the report's first, or a page of its own);
    ``made``: the reveal's charts, when the page has them already (else they are drawn here)."""
    made = charts(session, states, record) if made is None else made
    return (f'<section class="summary" id="summary">'
            f'<div class="sheet">{_first(session, record, zone)}</div>'
            f'<div class="sheet">{_second(session, made, record, zone)}</div></section>')


def _first(session: Session, record: Record, zone: dt.tzinfo | None) -> str:
    rules, m = session.rules, session.match
    played = len(m.orders_log)
    if m.ending is not None:
        e = rules.endings[rules.ending_index[m.ending]]
        ending = f"<p><b>Ending: {esc(e.title)}</b> after {esc(rules.turn_count(played))}. {esc(e.text)}</p>"
    else:
        ending = f"<p><b>No ending yet</b>: the game stopped after {esc(rules.turn_count(played))} of {rules.turns}.</p>"
    rows = [[rules.role_names[i], "a team" if session.players.get(r, "human") == "human" else "the computer",
             f"{float(m.scores[r]):.1f}" if r in m.scores else "-"] for i, r in enumerate(rules.roles)]
    draws = hidden_draws(session)
    draw_list = ("<h3>What was hidden</h3><ul class='draws'>"
                 + "".join(f"<li><b>{esc(d.label)}.</b> {esc(draw_sentence(rules, d))}</li>" for d in draws) + "</ul>"
                 if draws else "")
    counts: dict[str, int] = {}
    for s in record.steps:
        if not s.rolled_back:
            counts[KIND_WORDS[s.kind].lower()] = counts.get(KIND_WORDS[s.kind].lower(), 0) + 1
    stepped = (", ".join(f"{n} × {k}" for k, n in counts.items()) if counts else "nothing: the game ran on its rules alone")
    dates = f"{rules.date_of(1):%d %b %Y} to {rules.date_of(max(played, 1)):%d %b %Y}"
    return ("<h2>Debrief summary</h2>"
            f"<p class='muted'>{esc(rules.turn_count(played))} played ({esc(dates)}). Two printed pages; the "
            f"after-action report holds every {esc(rules.turn_word)}.</p>"
            + ending + table(["Role", "Played by", "Score"], rows) + draw_list
            + f"<h3>The white cell</h3><p>Stepped in: {esc(stepped)}.</p>")


def _second(session: Session, made: list[tuple[int, str]], record: Record, zone: dt.tzinfo | None) -> str:
    rules = session.rules
    grid = "".join(f"<img class='chart' alt='{esc(rules.variables[v].label)}' src='{png}'>" for v, png in made[:MAX_CHARTS])
    more = len(made) - MAX_CHARTS
    out = [f"<h2>Truth against belief</h2><p class='muted'>Black: the true value; coloured: each side's estimate and its "
           f"90% range; dotted red: the white cell stepped in.{f' {more} more chart(s) in the full report.' if more > 0 else ''}</p>",
           f"<div class='grid'>{grid}</div>" if grid else "<p>Nothing was hidden in this scenario.</p>"]
    steps = [s for s in record.steps if s.kind != "note"]
    if steps:
        rows = [[s.mark, local_time(s.time, zone, date=False), f"{rules.turn_word} {s.turn}", KIND_WORDS[s.kind],
                 s.what + (" (undone)" if s.undone else " (rolled back)" if s.rolled_back else ""), s.reason or "-"]
                for s in steps[:MAX_STEPS]]
        rest = len(steps) - MAX_STEPS
        out.append(f"<h3>What the white cell did, and why</h3><p class='muted'>{esc(zone_words(zone))}"
                   + (f"; {rest} more step(s) in the full report" if rest > 0 else "") + ".</p>"
                   + table(["", "Time", rules.turn_word.capitalize(), "What", "Done", "Reason"], rows))
    return "".join(out)

