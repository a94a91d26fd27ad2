"""The futures the white cell rolled back, each shown beside the line that replaced it, compared.

A rollback keeps the abandoned future whole in the save (its orders and acts): replayed,
it shows what each side ordered in the weeks given up, what happened, and how far the two
lines had drifted apart by the time it was abandoned (the true values, each role's
estimates of what it could not see, the ending if one came).

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> branches_html(Session(Match(load_rules("winter-2021"), seed=2), {}), None)
''
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..engine.rules import Rules
from ..play.acts import MessageAct
from ..play.saves import RolledBack
from ..play.session import Session, SessionError, replay
from ..play.words import fmt, worded_entry
from .html import esc, table
from .record import act_words, futures_of, role_name
from .times import local_time

CSS = (".rolledback{border-left:5px solid #b03030;padding:.2em .8em;margin:1em 0;background:#fff6f6}"
       ".rolledback h3{color:#8a1f1f}.badge{display:inline-block;font:bold .75em sans-serif;letter-spacing:.05em;"
       "color:#fff;background:#b03030;border-radius:3px;padding:.1em .45em;margin-right:.4em;vertical-align:middle}"
       "td.gone{background:#fde8e8}td.kept{background:#eaf4ea}")


KIND_WORDS = {"adjust": "override", "undo": "undo", "leak": "leak", "note": "note", "purge": "messages taken back"}


@dataclass
class Line:
    """One line of play: its session, the orders of each resolved turn, the values after each turn."""

    session: Session
    label: str

    @property
    def played(self) -> int:
        return len(self.session.match.orders_log)

    def values_after(self, turn: int) -> np.ndarray:
        """The true values after ``turn`` turns (its last, if it did not get that far)."""
        history = self.session.match.history
        return history[min(turn, len(history) - 1)]


def lines_of(session: Session) -> list[tuple[RolledBack, Line | None, Line]]:
    """Each future rolled back (oldest first) with its replay (None: it no longer replays) and the line
    that replaced it: the next future rolled back, or the game as it stands."""
    rules, seed = session.rules, session.match.seed
    futures = futures_of(session.meta)
    replays: list[Line | None] = []
    for i, f in enumerate(futures, start=1):
        try:
            replays.append(Line(replay(rules, seed, f.turns, list(f.acts)), f"rolled back ({i})"))
        except SessionError:
            replays.append(None)
    out = []
    now = Line(session, "as played on")
    for i, f in enumerate(futures):
        after = replays[i + 1] if i + 1 < len(futures) else now
        out.append((f, replays[i], after or now))
    return out


def branches_html(session: Session, zone: dt.tzinfo | None) -> str:
    """The section of every future rolled back ('' when there were none)."""
    lines = lines_of(session)
    if not lines:
        return ""
    rules = session.rules
    out = ["<h2 id='rolled-back'>Rolled back: the futures abandoned</h2>",
           f"<p>The white cell rolled the game back {_times(len(lines))}. Each future given up is kept in the record "
           "and shown here beside the line that replaced it, marked <span class='badge'>ROLLED BACK</span>.</p>"]
    for n, (future, gone, kept) in enumerate(lines, start=1):
        out.append(_future(rules, n, future, gone, kept, zone))
    return "\n".join(out)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _future(rules: Rules, n: int, f: RolledBack, gone: Line | None, kept: Line, zone: dt.tzinfo | None) -> str:
    word = rules.turn_word
    given_up = (f"{word} {f.to_turn}" if f.from_turn - 1 <= f.to_turn else f"{word}s {f.to_turn} to {f.from_turn - 1}")
    if f.from_turn <= f.to_turn:
        given_up = f"the {word} under way"
    head = (f"<h3><span class='badge'>ROLLED BACK</span>{n}. {esc(given_up[:1].upper() + given_up[1:])} given up"
            f"</h3><p>On {esc(local_time(f.at, zone))} the white cell went back from {word} {f.from_turn} to the start of "
            f"{word} {f.to_turn}. Reason given: <b>{esc(f.reason or 'none given')}</b>.</p>")
    if gone is None:
        return (f"<section class='rolledback'>{head}<p>This future no longer replays on the scenario as it is now "
                "(it was edited since); its orders are kept in the save.</p></section>")
    last = max(gone.played, f.to_turn - 1)
    rows = []
    for t in range(f.to_turn, max(gone.played, f.to_turn - 1) + 1):
        for role in rules.roles:
            a = _orders(rules, role, gone.session.match.orders_log, t)
            b = _orders(rules, role, kept.session.match.orders_log, t)
            rows.append([f"{word} {t}", esc(role_name(rules, role)), f"<td class='gone'>{esc(a)}",
                         f"<td class='kept'>{esc(b)}", "" if a == b else "differs"])
    sealed = [f"{role_name(rules, r)}: {', '.join(rules.action(r, a).label for a in ids) or 'nothing'}"
              for r, ids in f.sealed.items() if r in rules.roles]
    orders = _cells_table([word.capitalize(), "Role", "Rolled back", "Replaced by", ""], rows)
    happened = _happened(rules, f, gone, kept)
    diverged = _diverged(rules, last, gone, kept)
    said = _said(rules, f)
    parts = [head, "<h4>What each side ordered</h4>", orders]
    if sealed:
        parts.append(f"<p class='muted'>Sealed for {word} {f.from_turn} when it was rolled back: {esc('; '.join(sealed))}.</p>")
    parts += [happened, diverged, said]
    return "<section class='rolledback'>" + "".join(p for p in parts if p) + "</section>"


def _orders(rules: Rules, role: str, log: list[dict[str, list[str]]], turn: int) -> str:
    if turn > len(log):
        return "(not played)"
    ids = log[turn - 1].get(role, [])
    return ", ".join(rules.action(role, a).label for a in ids) or "nothing"


def _cells_table(headers: list[str], rows: list[list[str]]) -> str:
    """A table whose cells may open their own ``<td ...>`` (to colour them); the others are wrapped."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(c + "</td>" if c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _headlines(rules: Rules, line: Line, turn: int) -> str:
    reports = line.session.match.reports
    if turn > len(reports):
        return "(not played)"
    rep = reports[turn - 1]
    said = [worded_entry(rules, e).headline for e in rep.entries if e.kind != "drift"]  # moves and events, not drift
    if rep.ending:
        said.append(f"The game ends: {rules.endings[rules.ending_index[rep.ending]].title}")
    return "; ".join(h for h in said if h) or "nothing of note"


def _happened(rules: Rules, f: RolledBack, gone: Line, kept: Line) -> str:
    rows = [[f"{rules.turn_word} {t}", f"<td class='gone'>{esc(_headlines(rules, gone, t))}",
             f"<td class='kept'>{esc(_headlines(rules, kept, t))}"] for t in range(f.to_turn, gone.played + 1)]
    if not rows:
        return ""
    return "<h4>What happened</h4>" + _cells_table([rules.turn_word.capitalize(), "Rolled back", "Replaced by"], rows)


def _diverged(rules: Rules, turn: int, gone: Line, kept: Line) -> str:
    """How far apart the two lines were after ``turn``: the values that differ, each role's estimates, the endings."""
    a, b = gone.values_after(turn), kept.values_after(turn)
    rows = []
    for v, info in enumerate(rules.variables):
        if abs(float(a[v]) - float(b[v])) >= 0.05:
            rows.append([info.label, fmt(float(a[v])), fmt(float(b[v])), f"{float(b[v]) - float(a[v]):+.1f}"])
    when = f"after {rules.turn_word} {turn}" if turn else "at the start"
    if not kept.session.match.history or len(kept.session.match.history) <= turn:
        when += f" (the replacing line: after {rules.turn_word} {len(kept.session.match.history) - 1}, as far as it went)"
    out = [f"<h4>How the two lines diverged ({esc(when)})</h4>"]
    if rows:
        out.append(table(["True value", "Rolled back", "Replaced by", "Difference"], rows))
    else:
        out.append("<p>No true value differed.</p>")
    est = _estimates(rules, turn, gone, kept)
    if est:
        out.append(table(["Estimate", "Rolled back", "Replaced by"], est))
    gone_end, kept_end = gone.session.match.ending, kept.session.match.ending
    said = (f"the rolled-back line had ended in <b>{esc(_title(rules, gone_end))}</b>" if gone_end
            else "the rolled-back line had not ended when it was given up")
    said += (f"; the line that replaced it ended in <b>{esc(_title(rules, kept_end))}</b>" if kept_end
             else "; the line that replaced it has not ended")
    out.append(f"<p>Ending: {said}.</p>")
    return "".join(out)


def _title(rules: Rules, ending: str) -> str:
    return rules.endings[rules.ending_index[ending]].title


def _estimates(rules: Rules, turn: int, gone: Line, kept: Line) -> list[list[str]]:
    """Each role's estimate of each value it could not see, in both lines (from the state after ``turn``)."""
    states = [_state_after(line, turn) for line in (gone, kept)]
    rows = []
    for r, role in enumerate(rules.roles):
        for v, info in enumerate(rules.variables):
            if rules.visible[r, v] or np.isnan(rules.noise[r, v]):
                continue
            x, y = (float(s.estimates[0, r, v]) for s in states)
            if abs(x - y) >= 0.05:
                rows.append([f"{info.label} (estimated by {role_name(rules, role)})", fmt(x), fmt(y)])
    return rows


def _state_after(line: Line, turn: int):
    m = line.session.match
    if turn >= len(m.orders_log):
        return m.true_state
    return line.session.state_at(turn + 1)


def _said(rules: Rules, f: RolledBack) -> str:
    """The messages and white-cell acts of the weeks given up."""
    gone = [a for a in f.acts if a.made_turn >= f.to_turn]
    rows = []
    for a in gone:
        if isinstance(a, MessageAct):
            m = a.message
            rows.append([f"{rules.turn_word} {a.turn}", f"{role_name(rules, m.sender)} to {role_name(rules, m.to)}", m.text])
        else:
            rows.append([f"{rules.turn_word} {a.turn}", f"the white cell ({KIND_WORDS.get(a.kind, a.kind)})", act_words(rules, a)])
    if not rows:
        return ""
    return (f"<h4>Said and done in the {esc(rules.turn_words)} given up</h4>"
            + table([rules.turn_word.capitalize(), "Who", "What"], rows))
