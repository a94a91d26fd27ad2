"""``brink simulate SCENARIO --games N``: many games with AI policies, as JSON or a table."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import CommandError
from ..simulation import simulate
from .common import load_or_report, parse_ai, positive_int, seed_int


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("simulate", help="run many games with AI players", description="Run many games in batches; roles not named with --ai play 'historical'.")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--games", type=positive_int, default=1000, help="number of games (default 1000)")
    p.add_argument("--seed", type=seed_int, default=0, help="seed (game i of seed s is always the same game)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY", help="policy for a role (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--per-game", metavar="FILE", help="write one JSON line per game to FILE")
    return p


def run(args) -> int:
    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    rules = loaded.rules
    specs = parse_ai(args.ai, rules)
    if args.games > 10_000_000:
        raise CommandError("--games is limited to 10,000,000")
    result = simulate(rules, specs, args.games, args.seed, keep_games=bool(args.per_game))
    if args.per_game:
        from ..saves import write_text_atomic

        write_text_atomic(args.per_game, "".join(json.dumps(r) + "\n" for r in result.per_game))
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{rules.title}: {result.games} games, seed {result.seed}", title_justify="left")
        table.add_column("ending")
        table.add_column("games", justify="right")
        table.add_column("share", justify="right")
        for ending, count in sorted(result.endings.items(), key=lambda kv: -kv[1]):
            table.add_row(ending, str(count), f"{count / max(result.games, 1):.1%}")
        console = Console()
        console.print(table)
        console.print("mean scores: " + ", ".join(f"{r} {s:.1f}" for r, s in result.mean_scores.items()))
        console.print(f"{result.seconds:.2f} s" + (" (partial: interrupted)" if result.partial else ""))
    if result.partial:
        print("brink: interrupted; results are partial", file=sys.stderr)
        return 130
    return 0
