"""The report of a game still under way, as one role (or everyone) saw it: nothing hidden is revealed.

The after-action report (``aar``) reveals everything: every order, the true values, the
white cell's overrides and the documented path, which tells how the game would end. Before
the end that is for the white cell only, so ``brink report`` asks for ``--role R`` (what R
saw: its own orders, the turn reports as it saw them, the messages it could read) or
``--public`` (what every role saw) and says so at the top of the page.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> html = interim_html(Session(Match(load_rules("winter-2021"), seed=2), {}), "us")
>>> "as the United States saw it" in html and "not over" in html
True
"""

from __future__ import annotations

import datetime as dt

from ..engine.observe import visible_report
from ..play.public import public_report
from ..play.session import Session
from ..play.words import change_line, worded_report
from .html import esc, page, table
from .record import role_name
from .times import local_time, zone_words


def interim_html(session: Session, role: str | None, zone: dt.tzinfo | None = None) -> str:
    """The game so far as ``role`` saw it (None: the public record); raises ValueError for an unknown role."""
    rules, m = session.rules, session.match
    if role is not None and role not in rules.roles:
        raise ValueError(f"unknown role '{role}' (roles: {', '.join(rules.roles)})")
    who = f"as the {rules.role_names[rules.role_index(role)]} saw it" if role else "as every role saw it (public)"
    if role and rules.role_names[rules.role_index(role)].lower().startswith("the "):
        who = f"as {rules.role_names[rules.role_index(role)]} saw it"
    notice = (f"<p><b>The game is not over ({rules.turn_word} {m.turn} of {rules.turns}).</b> This report holds only "
              f"what was seen {esc(who.removeprefix('as '))}: no hidden values, no other team's orders, none of the "
              "white cell's acts. The full report is written once the game has ended.</p>")
    messages = session.messages_for(role) if role else [x for x in session.messages() if x.public]
    parts = [notice]
    for i, rep in enumerate(m.reports):
        seen = visible_report(rules, rep, role) if role else public_report(rules, rep)
        seen = worded_report(rules, seen)
        parts.append(f"<h3>{rules.turn_word.capitalize()} {rep.turn}: {rep.date:%a %d %b %Y}</h3>")
        if role:
            mine = m.orders_log[i].get(role, [])
            parts.append(f"<p>Our orders: {esc(', '.join(rules.action(role, a).label for a in mine) or '-')}</p>")
        lines = []
        for e in seen.entries:
            src = e.cite.source if e.cite else None
            changes = "".join(f"<li>{esc(change_line(rules.variables[v].label, d, e.headline, src))}</li>" for v, d in e.changes)
            lines.append(f"<li><b>{esc(e.headline)}</b>" + (f"<ul>{changes}</ul>" if changes else "") + "</li>")
        parts.append("<ul>" + "".join(lines) + "</ul>")
        said = [x for x in messages if x.turn == rep.turn]
        if said:
            parts.append(table(["Time", "From", "To", "Text"], [[local_time(x.time, zone), role_name(rules, x.sender),
                                                                 role_name(rules, x.to), x.text] for x in said]))
    return page(f"Report so far: {rules.title}", "\n".join(parts), subtitle=f"{who} · {zone_words(zone)}")
