"""What everyone may see: the projector's view of a game.

Built only from public things: variables every role sees exactly, public
headlines with their changes to those variables, public control entries and
public messages. Whatever the facilitator has open, nothing else goes in.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> view = public_view(Session(Match(load_rules("winter-2021"), seed=1), {}))
>>> "invasion_readiness" in [v["id"] for v in view["variables"]]
False
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..engine.report import TurnReport
from ..engine.rules import Rules
from .frames import DeclaredThreat, EntryRecord, PublicVariable, PublicViewFrame, message_window
from .session import Session

HIDDEN_KINDS = ("drift", "dropped")


def public_report(rules: Rules, report: TurnReport) -> TurnReport:
    """The headlines every role sees, with changes only to variables every role sees."""
    everyone = np.asarray(rules.visible.all(axis=0))
    out = TurnReport(report.turn, report.date, ending=report.ending)
    for e in report.entries:
        if e.public and e.kind not in HIDDEN_KINDS:
            out.entries.append(dataclasses.replace(e, changes=[(v, d) for v, d in e.changes if everyone[v]]))
    return out


def public_frame(session: Session, clock: float | None = None, connected: list[str] | None = None) -> PublicViewFrame:
    """The projector's view: the public state, what every role sees and nothing else."""
    rules, m = session.rules, session.match
    everyone = np.asarray(rules.visible.all(axis=0))
    values = m.true_state.values[0]
    variables = [PublicVariable(id=v.id, label=v.label, unit=v.unit, value=round(float(values[i]), 4),
                                rung=rules.rung(v.id, float(values[i]))) for i, v in enumerate(rules.variables) if everyone[i]]
    control = [EntryRecord.of(rules, dataclasses.replace(e, text="", public=True,
                                                          changes=[(v, d) for v, d in e.changes if everyone[v]]))
               for e in session.control_entries.get(m.turn, []) if e.public]
    threats = [DeclaredThreat(label=t.label, by=rules.roles[t.by], kind=t.kind) for t in rules.threats
               if int(m.true_state.threat_status[0, t.index]) > 0]
    headlines = public_report(rules, m.reports[-1]).entries if m.reports else []
    shown, before = message_window(rules, [x for x in session.messages() if x.public])
    return PublicViewFrame(
        turn=m.turn, turns=rules.turns, turn_word=rules.turn_word, turn_words=rules.turn_words,
        date=rules.date_of(min(m.turn, rules.turns)), variables=variables,
        headlines=[EntryRecord.of(rules, e) for e in headlines], control=control,
        messages=shown, messages_before=before, threats=threats,
        sealed=sorted(m.sealed_roles), waiting_for=m.waiting_for, connected=sorted(connected or []),
        clock=clock, over=m.over, ending=m.ending,
    )


def public_view(session: Session, clock: float | None = None, connected: list[str] | None = None) -> dict:
    """The projector's view as JSON-ready data (``public_frame``; what a projector's code receives)."""
    return public_frame(session, clock, connected).model_dump(mode="json")
