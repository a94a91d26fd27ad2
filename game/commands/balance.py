"""``brink balance SCENARIO``: is this scenario a game? Exit 0 when nothing is flagged, 1 when something is."""

from __future__ import annotations

import argparse
import json
import os

from .common import add_search_arguments, check_policy, load_or_report, positive_int
from .progress import GamesProgress

LEVELS = ("easy", "normal", "hard")  # game.ai.planner.LEVELS, spelled out to keep the parser light


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "balance", help="is this scenario a game? endings, scores and strategies under thinking play, flagged",
        description="With a thinking policy for every role: the endings, each role's score spread, its gain over "
                    "passive, its margin over the best scripted strategy a search finds, and when endings come "
                    "under historical play. Problems are flagged with codes (B101 ...); the exit status is 1 when "
                    "there is one, 0 when there is none.")
    add_search_arguments(p, games=200)
    p.add_argument("--level", choices=LEVELS, default="easy", help="the planner's level for every role (default easy)")
    p.add_argument("--thinking", metavar="POLICY", help="any thinking policy instead of the planner (e.g. greedy, hawk)")
    p.add_argument("--screen-games", type=positive_int, default=24, metavar="N",
                   help="games per scripted candidate in the screening (default 24)")
    p.add_argument("--screen-opponents", default="greedy", metavar="POLICY",
                   help="what the others play while scripts are screened (default greedy)")
    p.add_argument("--confirm", type=positive_int, default=2, metavar="N",
                   help="best scripts per role played on the main games (default 2)")
    p.add_argument("--historical-games", type=positive_int, default=2000, metavar="N",
                   help="games with every role historical (default 2000)")
    p.add_argument("--json", action="store_true", help="print the figures and flags as JSON")
    return p


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..analysis.balance import Settings, balance, total_games

    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    rules = loaded.rules
    thinking = args.thinking or ("planner" if args.level == "normal" else f"planner:{args.level}")
    for option, spec in (("--thinking", thinking), ("--screen-opponents", args.screen_opponents)):
        check_policy(option, spec, rules)
    settings = Settings(thinking=thinking, games=args.games, seed=args.seed, screen_games=args.screen_games,
                        screen_opponents=args.screen_opponents, confirm=args.confirm,
                        historical_games=args.historical_games)
    with GamesProgress(total_games(rules, settings), f"{rules.id}: balance games") as bar:
        result = balance(rules, settings, workers=min(args.workers, os.cpu_count() or 1), progress=bar)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        show(rules, result)
    return 1 if result.flags else 0


def _interval(d: dict) -> str:
    """'+1.23 ± 0.45': a paired mean and the half-width of its 95% interval."""
    return f"{d['mean']:+.2f} ± {(d['ci95'][1] - d['ci95'][0]) / 2:.2f}"


def show(rules, result) -> None:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = result.settings
    endings = Table(title=f"{rules.title}: {s.games} games, {s.thinking} for every role (seed {s.seed})",
                    title_justify="left")
    for column in ("ending", "share", "95% interval", "with historical play", "historical, before the last turn"):
        endings.add_column(column, justify="left" if column == "ending" else "right")
    for ending, row in result.endings.items():
        hist = result.historical["endings"][ending]
        endings.add_row(ending, f"{row['share']:.1%}", f"{row['ci95'][0]:.1%} - {row['ci95'][1]:.1%}",
                        f"{hist['share']:.1%}", f"{hist['before_last_turn']:,} of {hist['count']:,}")
    console.print(endings)
    roles = Table(title="Roles: score, and paired margins on the same games (mean ± 95%)", title_justify="left")
    for column in ("role", "score (sd)", "p5 - p95", "over passive", "over best script", "others passive"):
        roles.add_column(column, justify="left" if column == "role" else "right")
    for role, row in result.roles.items():
        sc, best = row["score"], row["best_script"]
        roles.add_row(role, f"{sc['mean']:.1f} ({sc['sd']:.1f})", f"{sc['p5']:.1f} - {sc['p95']:.1f}",
                      _interval(row["gain_over_passive"]), _interval(best["margin"]) if best else "-",
                      _interval(row["against_passive"]["others_matter"]))
    console.print(roles)
    console.print("over passive: the role's thinking policy minus passive, the others thinking; over best script: "
                  "minus the best script found; others passive: its score minus its score when the others are passive.")
    for role, row in result.roles.items():
        best = row["best_script"]
        draws = ", ".join(f"{v} {r:+.2f}" for v, r in sorted(row["draws"].items(), key=lambda kv: -abs(kv[1]))[:3])
        console.print(f"  {role}: best script {best['policy'] if best else '-'}"
                      + (f"; score against the drawn variables (r): {draws}" if draws else ""))
    h = result.historical
    turns = ", ".join(f"{t}: {c}" for t, c in h["ending_turns"].items())
    console.print(f"Historical play, {h['games']:,} games: {h['before_last_turn']['share']:.1%} end before the last turn "
                  f"({h['last_turn']}); games ending in each turn: {turns}")
    console.print(f"Script search: {result.search['how']}.")
    if result.flags:
        console.print(f"[bold]{len(result.flags)} flag(s):[/bold]")
        for flag in result.flags:
            console.print(f"  {flag.code} {flag.message}")
    else:
        console.print("No flags.")
    console.print(f"{result.seconds:.0f} s")
