"""``brink tournament SCENARIO --games N``: each policy's strength, per role, against the same opponents."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .common import CommandError, load_or_report, positive_int, seed_int
from .progress import GamesProgress

# The defaults of game.tournament, spelled out so that building the parser stays light
# (a test checks they agree).
DEFAULT_POLICIES = "planner greedy random passive"
DEFAULT_OPPONENTS = "historical greedy planner"


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("tournament", help="measure AI strength: each policy per role against the same opponents",
                       description="For every role, each policy plays N games against each kind of opponent "
                                   "(both other roles play it), on the same seeds.")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--games", type=positive_int, default=100, help="games per role, policy and opponent (default 100)")
    p.add_argument("--seed", type=seed_int, default=0, help="seed (default 0)")
    p.add_argument("--policy", action="append", metavar="POLICY", help=f"a policy to rank (repeatable; default {DEFAULT_POLICIES})")
    p.add_argument("--opponent", action="append", metavar="POLICY", help=f"an opponent policy (repeatable; default {DEFAULT_OPPONENTS})")
    p.add_argument("--workers", type=positive_int, default=1, metavar="K", help="worker processes")
    p.add_argument("--exploitability", action="store_true",
                   help="add each policy's exploitability per role: the best margin brink exploit's search finds "
                        "against it (slow: minutes per role against a planner)")
    p.add_argument("--json", action="store_true", help='print {"scenario","games","roles":{ROLE:{POLICY:{"mean_score","ci95","games"}}}} '
                                                       '(and "exploitability":{ROLE:{POLICY:{"margin","ci95","best","kind"}}})')
    return p


def policy_list(given: list[str] | None, default: tuple[str, ...], rules, option: str) -> tuple[str, ...]:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ai import PolicyError, make_policy

    names = tuple(dict.fromkeys(n.strip() for n in given or default if n.strip()))
    if not names:
        raise CommandError(f"{option}: give a policy")
    for name in names:  # it must fit some role (an edited policy names one role's actions)
        problems = []
        for role in rules.roles:
            try:
                make_policy(name, rules, role)
                break
            except PolicyError as exc:
                problems.append(f"{role}: {exc}")
        else:
            raise CommandError(f"{option} {name}: fits no role ({'; '.join(problems)})")
    return names


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..analysis.exploit import exploitability, exploitability_games
    from ..tournament import OPPONENTS, POLICIES, tournament

    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    rules = loaded.rules
    policies = policy_list(args.policy, POLICIES, rules, "--policy")
    opponents = policy_list(args.opponent, OPPONENTS, rules, "--opponent")
    total = args.games * len(rules.roles) * len(policies) * len(opponents)
    workers = min(args.workers, os.cpu_count() or 1)
    if args.exploitability:
        total += exploitability_games(rules, policies, args.games)
    with GamesProgress(total, f"{rules.id}: tournament games") as bar:
        result = tournament(rules, args.games, args.seed, policies, opponents, workers=workers, progress=bar)
        if args.exploitability and not result.partial:
            result.exploitability = exploitability(rules, policies, args.games, args.seed, workers, bar)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        show(result)
    if result.partial:
        print("brink: interrupted; results are partial", file=sys.stderr)
        return 130
    return 0


def show(result) -> None:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result.scenario}: mean score (95% interval), {result.games} games per cell", title_justify="left")
    table.add_column("role")
    table.add_column("policy")
    columns = list(result.opponents) + ["all"]
    for opponent in columns:
        table.add_column(f"vs {opponent}", justify="right")
    if result.exploitability:
        table.add_column("exploitability", justify="right")
    rows: dict[tuple[str, str], dict[str, dict]] = {}
    for row in result.table():
        rows.setdefault((row["role"], row["policy"]), {})[row["opponents"]] = row
    for (role, policy), cells in rows.items():
        row = [f"{c['mean_score']:.1f} [{c['ci95'][0]:.1f}, {c['ci95'][1]:.1f}]" if c else "-"
               for c in (cells.get(o) for o in columns)]
        if result.exploitability:
            e = result.exploitability.get(role, {}).get(policy)
            row.append(f"{e['margin']:+.2f} [{e['ci95'][0]:+.2f}, {e['ci95'][1]:+.2f}]" if e else "-")
        table.add_row(role, policy, *row)
    console = Console()
    console.print(table)
    if result.exploitability:
        console.print("exploitability: the best strategy brink exploit's search finds for the role, the others "
                      "playing the policy, minus the policy in the role (paired, 95% interval); the strategies:")
        for role, by_policy in result.exploitability.items():
            for policy, e in by_policy.items():
                console.print(f"  {role} against {policy}: {e['best']} ({e['kind']})")
    paired = Table(title="Paired on the same games: each policy minus the next one listed (all opponents)",
                   title_justify="left")
    paired.add_column("role")
    paired.add_column("comparison")
    paired.add_column("difference (95% interval)", justify="right")
    for role, policies in result.scores.items():
        ranked = [p for p in result.policies if p in policies]
        for policy, other in zip(ranked, ranked[1:]):
            d = result.paired(role, policy, other)
            paired.add_row(role, f"{policy} - {other}", f"{d['mean_score']:+.2f} [{d['ci95'][0]:+.2f}, {d['ci95'][1]:+.2f}]")
    console.print(paired)
