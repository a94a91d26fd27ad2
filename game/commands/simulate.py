"""``brink simulate SCENARIO --games N``: many games with AI policies, as JSON or a table.

``--from SAVE --turn T`` plays the games on from the start of turn T of a saved
game: the distribution of endings from that moment ("where did it turn?").
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from .common import CommandError, load_or_report, parse_ai, positive_int, seed_int
from .progress import GamesProgress

MAX_GAMES = 10_000_000


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("simulate", help="run many games with AI players",
                       description="Run many games in batches; roles not named with --ai play 'historical'.")
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a shipped scenario id or a path (not needed with --from)")
    p.add_argument("--games", type=positive_int, default=1000, help="number of games (default 1000)")
    p.add_argument("--seed", type=seed_int, default=None, help="seed (game i of seed s is always the same game; default 0, or the save's seed)")
    p.add_argument("--ai", action="append", metavar="ROLE=POLICY", help="policy for a role (repeatable)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="K", help="worker processes (the result does not depend on K)")
    p.add_argument("--from", dest="save", metavar="SAVE", help="play on from a saved game (with --turn)")
    p.add_argument("--turn", type=positive_int, metavar="T", help="with --from: start at the beginning of turn T of the save")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--per-game", metavar="FILE", help="write one JSON line per game to FILE")
    return p


def start_from_save(path: str, turn: int | None, scenario_ref: str | None):
    """The rules and the one-game state at the start of ``turn`` of a saved game."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..play.saves import SaveError, read_save, replay_save

    try:
        data = read_save(path)
        played = len(data.turns)
        if turn is None:
            turn = played + 1
        if turn > played + 1:
            raise CommandError(f"--turn {turn}: the save has only {played} turns (use 1 to {played + 1})")
        loaded = None
        if scenario_ref is not None:
            loaded = load_or_report(scenario_ref)
            if loaded is None:
                raise CommandError(f"cannot load scenario '{scenario_ref}'")
        match, loaded = replay_save(data, path, scenario=loaded, upto=turn - 1)
    except SaveError as exc:
        raise CommandError(str(exc)) from None
    if match.over:
        raise CommandError(f"--turn {turn}: the saved game was already over (it ended on turn {match.turn - 1})")
    return loaded.rules, match.true_state, data.seed


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..simulation import simulate

    if args.turn is not None and not args.save:
        raise CommandError("--turn needs --from SAVE")
    if args.games > MAX_GAMES:
        raise CommandError(f"--games is limited to {MAX_GAMES:,}")
    start = None
    if args.save:
        rules, start, save_seed = start_from_save(args.save, args.turn, args.scenario)
        seed = save_seed if args.seed is None else args.seed
    else:
        if args.scenario is None:
            raise CommandError("give a SCENARIO (or --from SAVE)")
        loaded = load_or_report(args.scenario)
        if loaded is None:
            return 1
        rules, seed = loaded.rules, args.seed or 0
    specs = parse_ai(args.ai, rules)
    workers = min(args.workers, os.cpu_count() or 1)
    with GamesProgress(args.games, f"{rules.id}: games") as bar:
        if args.per_game:
            # loaded when the command runs: `brink` builds every command's parser at start-up
            from ..play.saves import atomic_writer

            with atomic_writer(args.per_game) as out:
                result = simulate(rules, specs, args.games, seed, progress=bar, workers=workers, start=start,
                                  on_games=lambda records: out.writelines(json.dumps(r) + "\n" for r in records))
        else:
            result = simulate(rules, specs, args.games, seed, progress=bar, workers=workers, start=start)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        show(rules, result)
    if result.partial:
        print(f"brink: interrupted; results are partial ({result.games:,} of {args.games:,} games)", file=sys.stderr)
        return 130
    return 0


def show(rules, result) -> None:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from rich.console import Console
    from rich.table import Table

    where = f", from turn {result.start_turn}" if result.start_turn else ""
    table = Table(title=f"{rules.title}: {result.games} games, seed {result.seed}{where}", title_justify="left")
    table.add_column("ending")
    table.add_column("games", justify="right")
    table.add_column("share", justify="right")
    for ending, count in sorted(result.endings.items(), key=lambda kv: -kv[1]):
        table.add_row(ending, str(count), f"{count / max(result.games, 1):.1%}")
    console = Console()
    console.print(table)
    console.print("mean scores: " + ", ".join(f"{r} {s:.1f}" for r, s in result.mean_scores.items()))
    console.print(f"{result.seconds:.2f} s" + (" (partial: interrupted)" if result.partial else ""))
