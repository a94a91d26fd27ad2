"""``brink validate PATH...``: check scenario files; one located line per problem.

Every error is reported in one run, sorted by position. Errors make the exit
status 1. Warnings (``PATH:LINE:COL: warning: MESSAGE [CODE]``) do not, unless
``--strict``; a ``# brink: ignore CODE`` comment silences one. ``--deep`` also
plays thousands of games and warns about what never happened in them.
``--json`` prints every problem as a record (path, line, column, severity,
code, message) instead: what ``game.scenario.check_scenario`` returns.
"""

from __future__ import annotations

import argparse
import json
import sys

from .common import positive_int, seed_int


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "validate", help="check scenario files",
        description="Check scenario files and report every problem as PATH:LINE:COL: error: MESSAGE, "
        "then warnings as PATH:LINE:COL: warning: MESSAGE [CODE] (silence one with a '# brink: ignore CODE' comment).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or shipped scenario ids")
    p.add_argument("--deep", action="store_true", help="also play many games and report endings never reached, "
                   "events never fired, actions never legal and variables pinned at a bound")
    p.add_argument("--games", type=positive_int, default=1000, metavar="N", help="games per batch of players for --deep (default 1000)")
    p.add_argument("--seed", type=seed_int, default=0, help="seed for --deep")
    p.add_argument("--strict", action="store_true", help="exit 1 when there are warnings, too")
    p.add_argument("--no-warnings", action="store_true", help="report errors only")
    p.add_argument("--coverage", action="store_true", help="also say how much of the text each translation covers, "
                   "listing the texts it leaves out")
    p.add_argument("--json", action="store_true", help="print one JSON list of {scenario, ok, problems: [{path, line, column, "
                   "severity, code, message}]} instead of lines")
    return p


def run(args) -> int:
    from ..scenario import check_scenario

    failed = 0
    results = []
    for ref in args.paths:
        checked = check_scenario(ref, warnings=not args.no_warnings)
        loaded = checked.loaded
        if loaded is None:
            failed += 1
            results.append({"scenario": ref, "ok": False, "problems": [p.to_json() for p in checked.problems]})
            if not args.json:
                for problem in checked.problems:
                    print(problem, file=sys.stderr)
            continue
        warnings = checked.warnings
        deep_note = ""
        if args.deep:
            from ..authoring.deep import deep_check

            report = deep_check(loaded, games=args.games, seed=args.seed)
            warnings += [] if args.no_warnings else report.warnings
            deep_note = f"; played {report.games:,} games in {report.seconds:.1f} s: {' / '.join(report.batches)}"
        if warnings and args.strict:
            failed += 1
        results.append({"scenario": ref, "ok": not (warnings and args.strict), "problems": [p.to_json() for p in warnings],
                        "translations": [coverage_json(c) for c in checked.coverage]})
        if args.json:
            continue
        for problem in warnings:
            print(problem, file=sys.stderr)
        count = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
        print(f"{ref}: ok ({loaded.model.id}: {len(loaded.rules.actions)} actions, "
              f"{len(loaded.rules.events)} events, {len(loaded.rules.endings)} endings{count}{deep_note})")
        if args.coverage:
            print_coverage(loaded, checked.coverage)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return 1 if failed else 0


def coverage_json(c) -> dict:
    from ..scenario.salvage import describe

    return {"language": c.language, "texts": c.total, "translated": c.translated, "missing": [describe(p) for p in c.missing]}


def print_coverage(loaded, coverage) -> None:
    """One line per translation, then the texts it leaves out."""
    from ..scenario.locales import language_name
    from ..scenario.salvage import describe

    if not coverage:
        print(f"  no translations (a translation goes in locales/{loaded.path.stem}.LANG.yaml: brink translate --lang LANG)")
    for c in coverage:
        print(f"  {c.language} ({language_name(c.language)}): {c.translated} of {c.total} texts translated ({c.percent:.0f}%)")
        for path in c.missing:
            print(f"    missing: {describe(path)}")
