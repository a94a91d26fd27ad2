"""Which screen shows which step of the game flow (see ``game.ui.flow.Step``).

Screens get a role's ``View`` (never the game) unless the step is everyone's.
"""

from __future__ import annotations

from ..flow import Flow, Step

ROLE_STEPS = ("handoff", "briefing", "report", "orders", "watch")  # the steps that are one role's screen


def screen_for(app, flow: Flow, step: Step):
    # screens open one another: each loads when it is first shown
    from .briefing import BriefingScreen
    from .ending import EndingScreen
    from .game import GameScreen
    from .handoff import HandoffScreen
    from .report import ReportScreen

    rules = flow.rules
    if step.kind == "public_report":
        return ReportScreen(app, rules, flow.public_report(), role=None)
    if step.kind == "ending":
        return EndingScreen(app, flow.game)
    if step.kind not in ROLE_STEPS:
        raise ValueError(f"no screen for step {step.kind}")
    role = step.role
    if role is None:
        raise ValueError(f"a {step.kind} step is a role's screen, and this one names no role")
    if step.kind == "handoff":
        return HandoffScreen(app, role, rules.role_names[rules.role_index(role)])
    if step.kind == "briefing":
        return BriefingScreen(app, flow.view(role), rules)
    if step.kind == "report":
        view = flow.view(role)
        if view.last_report is None:  # the flow plans a report step only after a turn is played
            raise ValueError(f"{role} has no report to show")
        return ReportScreen(app, rules, view.last_report, role=role, view=view)
    return GameScreen(app, flow.view(role), rules, watch=step.kind == "watch", check=lambda ids: flow.check(role, ids))
