"""``brink validate PATH...``: check scenario files; one located line per problem."""

from __future__ import annotations

import argparse

from .common import load_or_report


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("validate", help="check scenario files", description="Check scenario files and report every problem as PATH:LINE:COL: error: MESSAGE.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or shipped scenario ids")
    return p


def run(args) -> int:
    failed = 0
    for ref in args.paths:
        loaded = load_or_report(ref)
        if loaded is None:
            failed += 1
        else:
            print(f"{ref}: ok ({loaded.model.id}: {len(loaded.rules.actions)} actions, "
                  f"{len(loaded.rules.events)} events, {len(loaded.rules.endings)} endings)")
    return 1 if failed else 0
