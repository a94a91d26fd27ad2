#!/usr/bin/env python3
"""What the AI roles' initiative at the table (deals proposed, commitments volunteered) adds to a turn.

The same games through the runner with ``Table.initiative`` and without it (a person who seals
nothing, two Normal AI roles, six weeks), in turn, timed in CPU seconds of this process (a busy
machine slows the wall clock, not this)::

    nice -n 15 python tools/initiative_cost.py 2     # README: Negotiating with the AI
"""

from __future__ import annotations

import argparse
import time

from game.play import deals
from game.play.events import Seal
from game.play.runner import Game
from game.scenario import load_rules

SEATS = ({"nato": "human", "russia": "planner", "us": "planner"}, {"russia": "human", "us": "planner", "nato": "planner"})


def play(rules, players: dict[str, str], seed: int, weeks: int) -> tuple[float, int]:
    """CPU seconds of one game's first ``weeks`` weeks, and the AI role-weeks played."""
    began = time.process_time()
    game = Game.new(rules, players, seed)
    human = next(r for r, p in players.items() if p == "human")
    role_weeks = 0
    while not game.over and game.turn <= weeks:
        game.send(Seal(human, ()))
        role_weeks += len(players) - 1
    return time.process_time() - began, role_weeks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=int, default=2, help="seeds 1 to N, each with both seatings")
    parser.add_argument("--weeks", type=int, default=6)
    args = parser.parse_args()
    rules = load_rules("winter-2021")
    initiative = deals.Table.initiative
    silent = lambda self, *a, **k: []  # noqa: E731 - the initiative switched off
    Game.new(rules, SEATS[0], 0)  # warm up
    totals = {"without": [0.0, 0], "with": [0.0, 0]}
    for seed in range(1, args.seeds + 1):
        for players in SEATS:
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
