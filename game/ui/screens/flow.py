"""Which screen shows which step of the game flow (see ``session.Step``).

Screens get a role's ``View`` (never the match) unless the step is everyone's.
"""

from __future__ import annotations

from ..session import Session, Step, public_report


def screen_for(app, session: Session, step: Step):
    from .briefing import BriefingScreen
    from .ending import EndingScreen
    from .game import GameScreen
    from .handoff import HandoffScreen
    from .report import ReportScreen

    rules = session.match.rules
    if step.kind == "handoff":
        return HandoffScreen(app, step.role, rules.role_names[rules.role_index(step.role)])
    if step.kind == "briefing":
        return BriefingScreen(app, session.view(step.role), rules)
    if step.kind == "report":
        view = session.view(step.role)
        return ReportScreen(app, rules, view.last_report, role=step.role, view=view)
    if step.kind in ("orders", "watch"):
        return GameScreen(app, session.view(step.role), rules, watch=step.kind == "watch",
                          check=lambda ids, role=step.role: session.check(role, ids))
    if step.kind == "public_report":
        m = session.match
        return ReportScreen(app, rules, public_report(m, m.reports[-1]), role=None)
    if step.kind == "ending":
        return EndingScreen(app, session)
    raise ValueError(f"no screen for step {step.kind}")
