"""The after-action report: a whole game, revealed, for the debrief (self-contained HTML).

Built from a save: the orders are replayed with every recorded act, so the
report shows exactly the game that was played. It holds a timeline of every
turn (each role's orders, the messages, the control acts, every consequence with
its cause and source), threats and red lines declared against what was done,
charts of the key variables against the historical path, the ending and scores,
the facilitator's notes and overrides, and from the start of each turn the
distribution of endings had play gone on with the historical policies.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> html = aar_html(Session(Match(load_rules("winter-2021"), seed=2), {}), games=20)
>>> "After-action report" in html
True
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..engine import state as st
from ..engine.match import Match
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..maps.sight import Sight
from ..play.events import EndTurn
from ..play.runner import Game
from ..play.session import Session
from ..play.words import change_line, worded_entry
from ..simulation import play_batch, policies_for
from .branches import CSS as BRANCH_CSS
from .branches import branches_html
from .charts import line_chart_png, stacked_bars_png
from .html import cite, esc, page, table
from .mapfigure import MapFigures
from .record import Record, role_name, white_cell_record
from .reveal import charts as hidden_charts
from .reveal import reveal_html
from .summary import CSS as SUMMARY_CSS
from .summary import summary_html
from .times import local_time, zone_words

MC_GAMES = 200
KEY_VARIABLES = 6
MAP_WIDTH, TURN_MAP_WIDTH = 640, 420  # the start and end maps; the maps of each turn, two to a row


def aar_html(session: Session, games: int = MC_GAMES, specs: dict[str, str] | None = None,
             zone: dt.tzinfo | None = None) -> str:
    """The whole report for a session (replayed from a save, or live): the two-page summary first,
    then the game, the reveal, the futures rolled back and the timeline.

    ``specs`` (role -> policy) replaces ``historical`` for the comparison path and
    the outlook, e.g. ``{"nato": "historical:drop=written_reply"}``: this game
    against the documented path without that move. Times are shown in ``zone`` (None: the
    machine's local zone).
    """
    rules, match = session.rules, session.match
    specs = specs or {}
    historical = historical_match(rules, match.seed, len(match.reports), specs)
    starts = turn_starts(session)
    states = starts + ([match.true_state] if match.over else [])  # the start of each turn, and the end
    record = white_cell_record(session)
    outlook = [ending_outlook(rules, s, games, specs) for s in starts]
    maps = MapFigures(rules.presentation, width=MAP_WIDTH, prefix="aar")
    hidden = hidden_charts(session, states, record)  # drawn once: the summary shows them small
    parts = [summary_html(session, states, record, zone, hidden), _summary(session), _ending(session),
             _maps(session, starts, maps), reveal_html(session, states, record, zone, hidden),
             branches_html(session, zone), _charts(session, historical, outlook, specs, record),
             _outlook_table(rules, outlook, specs), _threats(session), _compare(session, historical, specs),
             _timeline(session, zone)]
    return page(f"After-action report: {rules.title}", "\n".join(p for p in parts if p),
                subtitle=f"{rules.turn_count(len(match.reports))} played · every order revealed · {zone_words(zone)}",
                head=maps.head() + _style())


def summary_page(session: Session, zone: dt.tzinfo | None = None) -> str:
    """The two-page summary alone, as a page to print (``brink report --summary``)."""
    rules, match = session.rules, session.match
    states = turn_starts(session) + ([match.true_state] if match.over else [])
    body = summary_html(session, states, white_cell_record(session), zone)
    return page(f"Debrief: {rules.title}", body, head=_style())


def _style() -> str:
    return f"<style>{SUMMARY_CSS}{BRANCH_CSS}</style>"


# -- analysis -----------------------------------------------------------------------------
def path_words(specs: dict[str, str]) -> str:
    """How the comparison path is played, in words.

    >>> path_words({}), path_words({"us": "historical:drop=arm_ukraine"})
    ('the historical policies', 'the historical policies (us: historical:drop=arm_ukraine)')
    """
    changed = [f"{role}: {spec}" for role, spec in specs.items() if spec != "historical"]
    return "the historical policies" + (f" ({'; '.join(changed)})" if changed else "")


def historical_match(rules: Rules, seed: int, turns: int, specs: dict[str, str] | None = None) -> Match:
    """The same seed played by every role's historical policy (or ``specs``), for the comparison:
    a game of the runner with every role AI, ended turn after turn."""
    game = Game.new(rules, {role: (specs or {}).get(role, "historical") for role in rules.roles}, seed)
    while not game.over and game.turns_played < max(turns, rules.turns):
        game.send(EndTurn())
    return game.match


def turn_starts(session: Session) -> list[BatchState]:
    """The state at the start of each played turn (and after the last, if the game goes on):
    the session's own replay of its orders and acts, stopped at each turn's start."""
    m = session.match
    out = session.turn_starts()
    if not m.over:
        out.append(m.true_state)
    return out


def ending_outlook(rules: Rules, state: BatchState, games: int, specs: dict[str, str] | None = None) -> dict[str, float]:
    """Shares of endings when ``games`` copies of ``state`` play on with historical policies (or ``specs``)."""
    if games <= 0 or not state.active[0]:
        return {}
    batch = state.take(np.zeros(games, dtype=np.int64))
    # Distinct game numbers give each copy its own random draws from here on.
    batch.games = np.arange(1, games + 1, dtype=np.uint64) * np.uint64(7919) + state.games[0]
    done = play_batch(rules, policies_for(rules, specs or {}), batch)
    counts = np.bincount(done.ending, minlength=len(rules.endings))
    return {e.id: float(counts[e.index] / games) for e in rules.endings}


# -- sections -----------------------------------------------------------------------------
def _summary(session: Session) -> str:
    rules = session.rules
    rows = [[rules.role_names[i], player_words(session.players.get(r, "human"))] for i, r in enumerate(rules.roles)]
    return "<h2>The game</h2>" + f"<p>{esc(rules.summary)}</p>" + table(["Role", "Played by"], rows)


def player_words(player: str) -> str:
    """Who played a role, in words ('human' is a team; any other is a policy of the computer's).

    >>> player_words("human"), player_words("historical:drop=arm_ukraine"), player_words("planner")
    ('a team', 'the computer (historical policy, changed)', 'the computer (planner policy)')
    """
    if player == "human":
        return "a team"
    name, _, changed = player.partition(":")
    return f"the computer ({name} policy{', changed' if changed else ''})"


def _ending(session: Session) -> str:
    m, rules = session.match, session.rules
    ending = m.ending  # None until the game is over
    if ending is not None:
        e = rules.endings[rules.ending_index[ending]]
        head = f"<h2>Ending: {esc(e.title)}</h2><p>{esc(e.text)}</p>"
    else:
        head = f"<h2>No ending yet</h2><p>The game stopped before {rules.turn_word} {m.turn}.</p>"
    scores = table(["Role", "Score"], [[rules.role_names[i], f"{s:.1f}"] for i, s in enumerate(m.scores.values())])
    return head + scores


def _maps(session: Session, starts: list[BatchState], maps: MapFigures) -> str:
    """The map at the start and at the end, and after each turn that changed it.

    Once the game is over the maps show the whole truth (every true number, every private
    move); a report of a game still going shows only what everyone sees.
    """
    rules, m = session.rules, session.match
    played = len(m.reports)
    view = Sight.truth if m.over else Sight.public
    whose = ("The whole truth, revealed after the end: every true number and every private move." if m.over else
             "What everyone sees: the game is not over, so no hidden number or private move is shown.")
    start = starts[0] if starts else m.true_state
    figures = [maps.figure(view(m, start, 0), "The map at the start", whose)]
    if played:
        figures.append(maps.figure(view(m, m.true_state, played), "The map at the end" if m.over else "The map now",
                                   f"After {rules.turn_count(played)}. " + whose))
    out = ["<h2>The map</h2>", f'<div class="maps">{"".join(figures)}</div>']
    turns = []
    previous = maps.scene(view(m, start, 0), TURN_MAP_WIDTH).items()
    for t in range(1, played):  # the map after turn t is the one at the start of turn t + 1
        sight = view(m, starts[t], t)
        scene = maps.scene(sight, TURN_MAP_WIDTH)
        if scene.items() != previous:
            turns.append(maps.figure(sight, f"After {rules.turn_word} {t}", f"{m.reports[t - 1].date:%d %b %Y}. "
                                     + ("The true state." if m.over else "What everyone sees."), scene))
        previous = scene.items()
    if turns:
        out.append(f"<details><summary>The map after each {rules.turn_word} that changed it ({len(turns)})</summary>"
                   f'<div class="maps">{"".join(turns)}</div></details>')
    return "\n".join(out)


def _charts(session: Session, historical: Match, outlook: list[dict], specs: dict[str, str], record: Record) -> str:
    rules, m = session.rules, session.match
    played = np.array(m.history)
    hist = np.array(historical.history)
    # Key variables: those that moved most in this game.
    spread = np.ptp(played, axis=0) / np.maximum(rules.vmax - rules.vmin, 1e-9)
    key = [int(v) for v in np.argsort(-spread)[:KEY_VARIABLES]]
    out = ["<h2>How the key variables moved</h2>",
           f"<p>Solid: this game ({rules.turn_word} 0 is the start). Dashed: the same seed played by {esc(path_words(specs))}. "
           "Dotted red: the white cell stepped in (its record's numbers).</p>"]
    for v in key:
        label = rules.variables[v].label
        png = line_chart_png({label: list(played[:, v])}, label, {label: list(hist[:, v])}, xlabel=rules.turn_word,
                             marks=record.marks_for(v))
        out.append(f'<img class="chart" alt="{esc(label)}" src="{png}">')
    if any(outlook):
        rows = [str(t) for t in range(1, len(outlook) + 1)]
        shares = {e.title: [o.get(e.id, 0.0) for o in outlook] for e in rules.endings}
        png = stacked_bars_png(rows, shares, f"Endings had play gone on historically from the start of each {rules.turn_word}",
                               xlabel=rules.turn_word)
        out.append(f'<h2>Where it turned</h2><img class="chart" alt="ending outlook" src="{png}">')
    return "\n".join(out)


def _outlook_table(rules: Rules, outlook: list[dict], specs: dict[str, str]) -> str:
    if not any(outlook):
        return ""
    rows = []
    for t, o in enumerate(outlook, start=1):
        rows.append([f"{rules.turn_word} {t}"] + [f"{100 * o.get(e.id, 0):.0f}%" if o else "-" for e in rules.endings])
    return (f"<p>From the start of each {rules.turn_word}, many games played on with {esc(path_words(specs))} "
            "(Monte Carlo): the share of each ending.</p>" + table(["From"] + [e.title for e in rules.endings], rows))


def _threats(session: Session) -> str:
    rules, m = session.rules, session.match
    declared: dict[str, int] = {}
    events: dict[str, list[str]] = {}
    for rep in m.reports:
        for e in rep.entries:
            if e.kind.startswith("threat_"):
                events.setdefault(e.id, []).append(f"{rules.turn_word} {rep.turn}: {e.kind.removeprefix('threat_')}")
    for rep_turn, entries in session.control_entries.items():
        for e in entries:
            if e.kind == "declare":
                declared.setdefault(e.id, rep_turn)
    for i, orders in enumerate(m.orders_log, start=1):
        for role, ids in orders.items():
            for action_id in ids:
                for t in rules.action(role, action_id).declares:
                    declared.setdefault(rules.threats[t].id, i)
    rows = []
    for threat in rules.threats:
        status = st.THREAT_STATUS[int(m.true_state.threat_status[0, threat.index])]
        when = ("from the start" if threat.declared_at_start else
                f"{rules.turn_word} {declared[threat.id]}" if threat.id in declared else "never")
        rows.append([rules.role_names[threat.by], ("Threat: " if threat.kind == "threat" else "Red line: ") + threat.label,
                     when, "; ".join(events.get(threat.id, [])) or "-", status])
    statements = []
    for msg in session.messages():
        if msg.statement is not None and msg.statement.kind in ("commitment", "offer"):
            statements.append([f"{rules.turn_word} {msg.turn}", role_name(rules, msg.sender), msg.statement.describe(rules),
                               session.settled.get(msg.id, "open")])
    out = "<h2>Threats and red lines: said against done</h2>" + table(["By", "What", "Declared", "What followed", "At the end"], rows)
    if statements:
        out += "<h3>Commitments and offers</h3>" + table(["When", "By", "What", "Outcome"], statements)
    return out


def _compare(session: Session, historical: Match, specs: dict[str, str]) -> str:
    rules, m = session.rules, session.match
    rows = []
    for t in range(max(len(m.orders_log), len(historical.orders_log))):
        played = m.orders_log[t] if t < len(m.orders_log) else {}
        hist = historical.orders_log[t] if t < len(historical.orders_log) else {}
        for role in rules.roles:
            a, b = played.get(role, []), hist.get(role, [])
            if a or b:
                rows.append([f"{rules.turn_word} {t + 1}", role_name(rules, role), _labels(rules, role, a), _labels(rules, role, b),
                             "" if a == b else "differs"])
    return ("<h2>Against the historical path</h2>"
            f"<p>With the same seed and every side playing {esc(path_words(specs))}, the game ends: "
            f"<b>{esc(_ending_title(rules, historical.ending))}</b>; this game: <b>{esc(_ending_title(rules, m.ending))}</b>.</p>"
            + table([rules.turn_word.capitalize(), "Role", "Played", "Historically", ""], rows))


def _labels(rules: Rules, role: str, ids: list[str]) -> str:
    return ", ".join(rules.action(role, a).label for a in ids) or "-"


def _ending_title(rules: Rules, ending: str | None) -> str:
    return rules.endings[rules.ending_index[ending]].title if ending else "(goes on)"


def _timeline(session: Session, zone: dt.tzinfo | None = None) -> str:
    rules, m = session.rules, session.match
    out = [f"<h2>Timeline, {rules.turn_word} by {rules.turn_word}</h2>"]
    messages = session.messages()
    for i, rep in enumerate(m.reports):
        turn = rep.turn
        out.append(f"<h3>{rules.turn_word.capitalize()} {turn}: {rep.date:%a %d %b %Y}</h3>")
        orders = m.orders_log[i]
        out.append(table(["Role", "Orders (revealed)"], [[rules.role_names[rules.role_index(r)],
                   ", ".join(rules.action(r, a).label for a in ids) or "-"] for r, ids in orders.items()]))
        said = [x for x in messages if x.turn == turn]
        if said:
            rows = []
            for x in said:
                kind = "public" if x.to == "all" else f"private to {role_name(rules, x.to)}"
                if x.leaked is not None:
                    kind += f" (leaked: {x.leaked})"
                what = esc(x.text) + (f"<br><b>{esc(x.statement.describe(rules))}</b>" if x.statement else "")
                rows.append([esc(local_time(x.time, zone)), esc(role_name(rules, x.sender)), esc(kind), what])
            out.append("<p><b>Messages</b></p>" + table(["Time", "From", "To", "Text"], rows, raw=True))
        control = session.control_entries.get(turn, [])
        lines = []
        for e in (worded_entry(rules, e) for e in control):
            lines.append(f"<li class='control'><b>The white cell: {esc(e.headline)}</b>{' - ' + esc(e.text) if e.text else ''}"
                         + _changes(rules, e) + "</li>")
        for e in (worded_entry(rules, e) for e in rep.entries):
            if e.kind == "drift" and not e.changes:
                continue
            who = f" <span class='tag'>{esc(rules.role_names[e.role])}</span>" if e.role is not None else ""
            private = "" if e.public else " <span class='tag'>private</span>"
            src = cite(e.cite.source, e.cite.quote) if e.cite else ""
            lines.append(f"<li><b>{esc(e.headline)}</b>{who}{private} {src}{_changes(rules, e)}</li>")
        if rep.ending:
            lines.append(f"<li><b>The game ends: {esc(_ending_title(rules, rep.ending))}</b></li>")
        out.append("<ul>" + "".join(lines) + "</ul>")
    return "\n".join(out)


def _changes(rules: Rules, e) -> str:
    if not e.changes:
        return ""
    src = e.cite.source if e.cite else None
    return "<ul>" + "".join(f"<li>{esc(change_line(rules.variables[v].label, d, e.headline, src))}</li>" for v, d in e.changes) + "</ul>"
