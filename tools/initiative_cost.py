#!/usr/bin/env python3
"""What the AI roles' initiative at the table (deals proposed, commitments volunteered) adds to a turn.

The same games through the runner with ``Table.initiative`` and without it (a person who seals
nothing, two Normal AI roles, six weeks; or ``--all-ai``: every role a Normal AI, no person at
the table, so that without the initiative no deal is made, as before the AI roles dealt with each
other), in turn, timed in CPU seconds of this process (a busy machine slows the wall clock, not this)::

    nice -n 15 python tools/initiative_cost.py 2            # README: Negotiating with the AI
    nice -n 15 python tools/initiative_cost.py 2 --all-ai   # README: deals between AI roles
"""

from __future__ import annotations

import argparse
import time

from game.play import deals
from game.play.events import EndTurn, Seal
from game.play.runner import Game
from game.scenario import load_rules

SEATS = ({"nato": "human", "russia": "planner", "us": "planner"}, {"russia": "human", "us": "planner", "nato": "planner"})
ALL_AI = ({"nato": "planner", "russia": "planner", "us": "planner"},)


def play(rules, players: dict[str, str], seed: int, weeks: int) -> tuple[float, int]:
    """CPU seconds of one game's first ``weeks`` weeks, and the AI role-weeks played."""
    began = time.process_time()
    game = Game.new(rules, players, seed)
    human = next((r for r, p in players.items() if p == "human"), None)
    role_weeks = 0
    while not game.over and game.turn <= weeks:
        game.send(Seal(human, ()) if human else EndTurn())
        role_weeks += sum(p != "human" for p in players.values())
    return time.process_time() - began, role_weeks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=int, default=2, help="seeds 1 to N, each with both seatings")
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--all-ai", action="store_true", help="every role a Normal AI (no person at the table)")
    args = parser.parse_args()
    seats = ALL_AI if args.all_ai else SEATS
    rules = load_rules("winter-2021")
    initiative = deals.Table.initiative
    silent = lambda self, *a, **k: []  # noqa: E731 - the initiative switched off
    Game.new(rules, SEATS[0], 0)  # warm up
    totals = {"without": [0.0, 0], "with": [0.0, 0]}
    for seed in range(1, args.seeds + 1):
        for players in seats:
            for name, method in (("without", silent), ("with", initiative)):
                deals.Table.initiative = method  # type: ignore[method-assign]
                seconds, n = play(rules, players, seed, args.weeks)
                totals[name][0] += seconds
                totals[name][1] += n
    deals.Table.initiative = initiative  # type: ignore[method-assign]
    (off, n), (on, _) = totals["without"], totals["with"]
    print(f"AI role-weeks {n}: {off / n * 1000:.0f} ms CPU each without the initiative, {on / n * 1000:.0f} ms with: "
          f"+{(on - off) / n * 1000:.0f} ms")


if __name__ == "__main__":
    main()
