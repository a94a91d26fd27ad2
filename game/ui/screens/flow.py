"""Which screen shows which step of the game flow (see ``game.ui.flow.Step``).

Screens get a role's ``View`` (never the game) unless the step is everyone's.
"""

from __future__ import annotations

from ..flow import Flow, Step


def screen_for(app, flow: Flow, step: Step):
    # screens open one another: each loads when it is first shown
    from .briefing import BriefingScreen
    from .ending import EndingScreen
    from .game import GameScreen
    from .handoff import HandoffScreen
    from .report import ReportScreen

    rules = flow.rules
    if step.kind == "handoff":
        return HandoffScreen(app, step.role, rules.role_names[rules.role_index(step.role)])
    if step.kind == "briefing":
        return BriefingScreen(app, flow.view(step.role), rules)
    if step.kind == "report":
        view = flow.view(step.role)
        return ReportScreen(app, rules, view.last_report, role=step.role, view=view)
    if step.kind in ("orders", "watch"):
        return GameScreen(app, flow.view(step.role), rules, watch=step.kind == "watch",
                          check=lambda ids, role=step.role: flow.check(role, ids))
    if step.kind == "public_report":
        return ReportScreen(app, rules, flow.public_report(), role=None)
    if step.kind == "ending":
        return EndingScreen(app, flow.game)
    raise ValueError(f"no screen for step {step.kind}")
