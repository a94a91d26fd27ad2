#!/usr/bin/env python3
"""A hash of every AI decision in a handful of fixed-seed games: proof that a speed-up changed none.

Each game is played through the runner (``Game``) with no person at the table, or with one who
seals nothing, so the thinking AI roles declare threats, propose deals to one another and to the
person, answer and counter them, keep or break their word and seal their orders, as in
``tests/test_ai_deals.py``. Every level and persona that thinks plays in some game (planner:easy,
planner, planner:hard, greedy, hawk, dove), on winter-2021 and on vilnius-2023; one game runs to
the end. Besides, one planner of each level decides for a batch of several games at once (the
batch path of the rollouts). Printed: one hash a game (its orders, its messages with their
statements, its scores) and the hash of them all. Run it before and after a change and compare::

    nice -n 10 python tools/decision_fingerprint.py            # every game (about 75 CPU seconds)
    nice -n 10 python tools/decision_fingerprint.py --quick    # the first three games only

The same code on the same machine prints the same hashes (the engine and the AI are deterministic
from seed and orders); a speed-up that prints another hash changed a decision.
"""

from __future__ import annotations

# ruff: noqa: I001  (game.cli first: it puts numpy on one BLAS thread, as `brink` runs it)
import game.cli  # noqa: F401
import argparse
import hashlib
import json
import time

import numpy as np

from game.ai.policies import make_policy
from game.engine import initial_state, observe_batch
from game.play.events import EndTurn, Seal
from game.play.runner import Game
from game.scenario import load_rules

# (scenario, players, seed, weeks played: None to the end)
GAMES = [
    ("winter-2021", {"us": "dove", "russia": "dove", "nato": "dove"}, 1, 4),
    ("winter-2021", {"us": "planner:easy", "russia": "dove", "nato": "planner:easy"}, 2, 4),
    ("winter-2021", {"us": "planner", "russia": "hawk", "nato": "greedy"}, 3, 3),
    ("winter-2021", {"us": "planner:hard", "russia": "planner", "nato": "dove"}, 4, 3),
    ("winter-2021", {"us": "hawk", "russia": "planner:easy", "nato": "human"}, 5, 3),
    ("winter-2021", {"us": "planner:easy", "russia": "planner:easy", "nato": "planner:easy"}, 6, None),
    ("vilnius-2023", {}, 7, 3),  # every role planner:easy but the first, a dove
]
BATCH_LEVELS = ("planner:easy", "planner", "planner:hard")


def message_record(m) -> list:
    statement = m.statement.model_dump(mode="json") if m.statement is not None else None
    return [m.turn, m.sender, m.to, m.text, statement]


def play(scenario: str, players: dict[str, str], seed: int, weeks: int | None) -> str:
    """The hash of one game's orders, messages and scores."""
    rules = load_rules(scenario)
    if not players:
        players = {role: ("dove" if i == 0 else "planner:easy") for i, role in enumerate(rules.roles)}
    game = Game.new(rules, dict(players), seed)
    human = next((r for r, p in players.items() if p == "human"), None)
    while not game.over and (weeks is None or game.turn <= weeks):
        game.send(Seal(human, ()) if human else EndTurn())
    record = {
        "orders": game.match.orders_log,
        "messages": [message_record(m) for m in game.session.messages()],
        "scores": {role: float(v).hex() for role, v in game.match.scores.items()},
        "turn": game.turn, "ending": game.ending,
    }
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()[:16]


def batch_decisions(scenario: str = "winter-2021", games: int = 3, seed: int = 11) -> str:
    """The hash of each planner level's orders for a batch of games at the opening."""
    rules = load_rules(scenario)
    digest = hashlib.sha256()
    state = initial_state(rules, seed=seed, games=games)
    for level in BATCH_LEVELS:
        for role in rules.roles:
            policy = make_policy(level, rules, role)
            digest.update(np.ascontiguousarray(policy.decide(observe_batch(rules, state, role))).tobytes())
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the first three games only")
    args = parser.parse_args()
    total = hashlib.sha256()
    chosen = GAMES[:3] if args.quick else GAMES
    for scenario, players, seed, weeks in chosen:
        began = time.process_time()
        h = play(scenario, players, seed, weeks)
        total.update(h.encode())
        label = ",".join(f"{r}={p}" for r, p in players.items()) or "dove+planner:easy"
        print(f"{h}  {scenario} seed {seed} weeks {weeks or 'all'} {label}  ({time.process_time() - began:.1f} CPU-s)",
              flush=True)
    if not args.quick:
        began = time.process_time()
        h = batch_decisions()
        total.update(h.encode())
        print(f"{h}  batch of 3 games, {'/'.join(BATCH_LEVELS)} every role  ({time.process_time() - began:.1f} CPU-s)")
    print(f"{total.hexdigest()[:16]}  all")


if __name__ == "__main__":
    main()
