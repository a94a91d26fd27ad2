"""``brink analyze SCENARIO --games N --out FILE.html``: what a scenario does across many games."""

from __future__ import annotations

import argparse
import json
import os

from .common import CommandError, load_or_report, parse_ai, positive_int, seed_int
from .progress import GamesProgress


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("analyze", help="Monte Carlo analysis of a scenario, as an HTML report or JSON",
                       description="Endings with 95% intervals, key variables turn by turn, which levers matter "
                                   "(used against not used, forced against forbidden) and when the outcome is decided.")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario id or a path")
    p.add_argument("--games", type=positive_int, default=10_000, help="games (default 10000)")
    p.add_argument("--seed", type=seed_int, default=0, help="seed (default 0)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY", help="policy for a role (repeatable; default historical)")
    p.add_argument("--by-turn", type=positive_int, metavar="T", help="'used by turn T' for the levers (default: half the game)")
    p.add_argument("--lever-games", type=positive_int, metavar="N", help="games per forced and per forbidden run of each action")
    p.add_argument("--sensitivity", action="store_true",
                   help="also move every numeric constant of the scenario by -25%% and +25%% and rank them by "
                        "how much they shift the endings (a section of the report, 'sensitivity' in the JSON)")
    p.add_argument("--sensitivity-games", type=positive_int, metavar="N",
                   help="games per variant of the scenario (default: --games, at most 1000)")
    p.add_argument("--top", type=positive_int, metavar="N", help="keep the N most sensitive constants (default all)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="K",
                   help="worker processes for the sensitivity runs (the result does not depend on K)")
    p.add_argument("--out", metavar="FILE.html", help="write the report here")
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    return p


def run(args) -> int:
    if not args.out and not args.json:
        raise CommandError("give --out FILE.html or --json (or both)")
    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    rules = loaded.rules
    if args.by_turn and args.by_turn > rules.turns:
        raise CommandError(f"--by-turn: the scenario has {rules.turns} turns")
    specs = parse_ai(args.ai, rules)
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..analysis.stats import analyze

    lever_games = args.lever_games or max(100, min(args.games, 2000) // 4)
    total = args.games + 2 * len(rules.actions) * lever_games
    found = []
    if args.sensitivity:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..analysis.sensitivity import constants, sensitivity

        found = constants(loaded.model)
        sensitivity_games = args.sensitivity_games or min(args.games, 1000)
        total += (1 + 2 * len(found)) * sensitivity_games
    with GamesProgress(total, f"{rules.id}: analysis games") as bar:
        analysis = analyze(rules, specs, args.games, args.seed, args.by_turn, lever_games, progress=bar)
        if args.sensitivity:
            analysis["sensitivity"] = sensitivity(rules, loaded.model, specs, sensitivity_games, args.seed,
                                                  top=args.top, workers=min(args.workers, os.cpu_count() or 1),
                                                  progress=bar).to_json()
    if args.out:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..analysis.page import render
        from ..play.saves import write_text_atomic

        write_text_atomic(args.out, render(analysis))
    if args.json:
        print(json.dumps(analysis))
    return 0
