"""``brink replay SAVE``: replay a saved game and show the same reports."""

from __future__ import annotations

import argparse

from .common import CommandError, load_session


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("replay", help="replay a saved game", description="Replay a save turn by turn, showing each turn's full report.")
    p.add_argument("save", metavar="SAVE", help="a save file")
    p.add_argument("--as", dest="role", metavar="ROLE", help="show the reports as this role saw them")
    return p


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console

    from ..engine.observe import visible_report
    from ..engine.report import TurnReport
    from ..text.render import show_report

    session = load_session(args.save)
    match = session.match
    rules = match.rules
    if args.role and args.role not in rules.roles:
        raise CommandError(f"--as: unknown role '{args.role}' (roles: {', '.join(rules.roles)})")
    console = Console(highlight=False)
    console.print(f"[bold]{rules.title}[/]  seed {match.seed}  ({len(match.reports)} turns)")
    for i, report in enumerate(match.reports):
        control = session.control_report(args.role, report.turn)
        if control:  # the facilitator's acts and declared statements at the start of the week
            show_report(console, rules, TurnReport(report.turn, report.date, control), title=f"{rules.turn_word.capitalize()} {report.turn}: from control")
        shown = visible_report(rules, report, args.role) if args.role else report
        orders = match.orders_log[i]
        console.print("Orders: " + " | ".join(f"{r}: {', '.join(ids) or '-'}" for r, ids in orders.items()))
        show_report(console, rules, shown)
    if match.over:
        ending = rules.endings[rules.ending_index[match.ending]]
        console.print(f"[bold]{ending.title}[/]: {ending.text}")
        console.print("Scores: " + ", ".join(f"{r} {s:.1f}" for r, s in match.scores.items()))
        console.print(f"Ending: {match.ending}")
    else:
        console.print(f"The game goes on (next: {rules.turn_word} {match.turn}).")
    return 0
