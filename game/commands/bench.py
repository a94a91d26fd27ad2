"""``brink bench [SCENARIO] --json``: how fast the engine and the AI run on this machine.

Benchmarks, not timed tests: figures depend on the machine and on what else it
is doing. ``batch_games_per_s`` plays complete games with historical policies
in batches; ``one_at_a_time_games_per_s`` plays the same kind of games through
the same engine as batches of one; ``planner_decision_ms_p50`` is the median
time of a ``planner`` (normal) decision for one game, over every role and turn
of a few matches (``hard_decision_ms_p50`` the same for ``planner:hard``); ``initiative_ms_p50``
the median time of an AI role's search for a deal to propose and a commitment to volunteer, a turn.
``--million`` also plays a million games and reports the peak memory.
``--gui`` measures the game window instead (``game.ui.bench``, where the window exists);
``--lsp`` the language server's work on the scenario's text (``game.lsp.bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time

from .. import DEFAULT_SCENARIO
from .common import CommandError, load_or_report, positive_int


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("bench", help="measure engine and AI speed", description=__doc__.split("\n\n")[1])
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", default=DEFAULT_SCENARIO, help=f"default {DEFAULT_SCENARIO}")
    p.add_argument("--games", type=positive_int, default=100_000, help="games for the batch figure (default 100000)")
    p.add_argument("--repeat", type=positive_int, default=3, help="runs per figure; the best is kept (default 3)")
    p.add_argument("--million", action="store_true", help="also play 1,000,000 games and report peak memory")
    p.add_argument("--gui", action="store_true", help="frame times of the game window instead (software rendering)")
    p.add_argument("--frames", type=positive_int, default=300, help="with --gui: frames to draw (default 300)")
    p.add_argument("--lsp", action="store_true", help="the language server's work instead: index, check, completion, hover (ms)")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def run_gui(args) -> int:
    """The window's figures (kept in game.ui.bench by the window's authors)."""
    try:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..ui import WindowError, check_pygame
        from ..ui.bench import run as window_bench
    except ImportError:
        raise CommandError("this build has no game window to measure") from None
    try:
        check_pygame()
    except WindowError as exc:
        raise CommandError(str(exc)) from None
    figures = window_bench(args.frames)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['frames']} frames of the game screen: p50 {figures['frame_ms_p50']:.2f} ms, "
              f"p99 {figures['frame_ms_p99']:.2f} ms; first frame of the main menu {figures['first_frame_ms']:.0f} ms")
    return 0


def best_rate(games: int, repeat: int, run) -> float:
    """Games per second of the fastest of ``repeat`` runs (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return games / best


def decision_times(rules, spec: str, matches: int = 2) -> list[float]:
    """Milliseconds per decision of ``spec`` for one game, every role and turn of a few matches."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ai import make_policy
    from ..engine.match import Match

    times = []
    for seed in range(matches):
        for role in rules.roles:
            policy = make_policy(spec, rules, role)
            others = {r: make_policy("historical", rules, r) for r in rules.roles if r != role}
            match = Match(rules, seed=seed)
            while not match.over:
                began = time.perf_counter()
                mine = policy.choose_ids(match.observe_batch(role))
                times.append((time.perf_counter() - began) * 1000)
                orders = {r: p.choose_ids(match.observe_batch(r)) for r, p in others.items()} | {role: mine}
                match.play_turn(orders)
    return times


def initiative_times(rules, matches: int = 1) -> list[float]:
    """Milliseconds per AI role and turn of its initiative at the table (the deal it would propose to the
    next role, the commitment it would volunteer: ``Negotiator.initiative``), over historical matches."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..ai import make_policy
    from ..ai.negotiate import negotiator_for
    from ..engine.match import Match

    times = []
    negotiators = {r: negotiator_for(rules, r, "planner") for r in rules.roles}
    policies = {r: make_policy("historical", rules, r) for r in rules.roles}
    for role, negotiator in negotiators.items():  # warm up (its value model is fitted when first used)
        negotiator.initiative(Match(rules, seed=0).observe_batch(role), [(rules.role_index(role) + 1) % len(rules.roles)])
    for seed in range(matches):
        match = Match(rules, seed=seed)
        while not match.over:
            for role in rules.roles:
                other = (rules.role_index(role) + 1) % len(rules.roles)
                began = time.perf_counter()
                negotiators[role].initiative(match.observe_batch(role), [other])
                times.append((time.perf_counter() - began) * 1000)
            match.play_turn({r: p.choose_ids(match.observe_batch(r)) for r, p in policies.items()})
    return times


def run_lsp(args) -> int:
    """The language server's figures (game.lsp.bench), on the scenario's file."""
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..scenario import resolve

    try:
        # loaded when the command runs: `brink` builds every command's parser at start-up
        from ..lsp.bench import measure
    except ImportError:
        raise CommandError('the language server needs pygls: pip install "brinkmanship[lsp]"') from None
    figures = measure(resolve(args.scenario), repeat=args.repeat)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")
    return 0


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..simulation import simulate

    if args.gui:
        return run_gui(args)
    if args.lsp:
        return run_lsp(args)
    loaded = load_or_report(args.scenario)
    if loaded is None:
        return 1
    rules = loaded.rules
    simulate(rules, {}, 2_000, seed=0)  # warm up (imports, caches)
    batch = best_rate(args.games, args.repeat, lambda: simulate(rules, {}, args.games, seed=0))
    single_games = 200
    single = best_rate(single_games, args.repeat, lambda: simulate(rules, {}, single_games, seed=0, chunk=1))
    normal = decision_times(rules, "planner")
    hard = decision_times(rules, "planner:hard", matches=1)
    initiative = initiative_times(rules)
    out = {
        "scenario": rules.id,
        "batch_games_per_s": round(batch),
        "one_at_a_time_games_per_s": round(single, 1),
        "speedup": round(batch / single, 1),
        "planner_decision_ms_p50": round(statistics.median(normal), 1),
        "planner_decision_ms_max": round(max(normal), 1),
        "hard_decision_ms_p50": round(statistics.median(hard), 1),
        "hard_decision_ms_max": round(max(hard), 1),
        "initiative_ms_p50": round(statistics.median(initiative), 1),
        "initiative_ms_max": round(max(initiative), 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or platform.system()}, Python {platform.python_version()}",
    }
    if args.million:
        began = time.perf_counter()
        simulate(rules, {}, 1_000_000, seed=0)
        out["million_games_s"] = round(time.perf_counter() - began, 1)
        out["peak_memory_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:28} {value}")
    return 0
