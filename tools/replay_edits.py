"""What one move of a role's play is worth: the role's recorded orders replayed with an edit, paired.

    nice -n 10 python tools/replay_edits.py winter-2021 us planner \
        --drop 1-12:demand_no_expansion.counter --drop 8:troops_high_alert+deploy_eastern_europe \
        --others planner:easy --games 100 --seed 1 --cache /tmp/replay

Plays ``games`` games with ``POLICY`` for ``ROLE`` (the others ``--others``), recording every
order of the role, then replays those very orders against the same thinking others on the same
games, once per ``--drop WEEKS:ID+ID`` (weeks ``8``, ``8,9`` or ``8-12``), without those moves in
those weeks (``WEEKS:ID+ID=ID2`` orders ID2 in their place, where it is legal). The others think again, so an edit shows how they react to it: the margin (the
edited replay minus the recorded game, paired, 95% interval), the endings, and the games whose
ending changed. The role does not re-plan (the edit is of its recorded line, not of its policy:
``planner:drop=ID`` is that), which is what isolates the move. The recorded run is cached in
``CACHE`` (keyed by the scenario's content, the specs, the games and the seed).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
from pathlib import Path

import numpy as np

from game.ai.batch import play_batch, policies_for, start_batch
from game.ai.policies import Policy
from game.analysis.balance import paired
from game.engine.observe import ObservationBatch
from game.engine.rules import Rules
from game.scenario import load_rules

CHUNK = 10  # games per batch: thinking players share their work, memory stays small


class Replay(Policy):
    """Plays recorded orders (games x turns x actions) of games ``first ..``, as far as they stay legal."""

    def __init__(self, rules: Rules, role: str, orders: np.ndarray, first: int):
        super().__init__(rules, role)
        self.orders, self.first, self.name = orders, first, "replay"
        self.own = np.zeros(len(rules.actions), dtype=bool)
        self.own[self.mine] = True

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        rows = obs.games.astype(np.int64) - self.first
        return np.asfortranarray(self.orders[rows, obs.turn] & self.own[None] & obs.legal)


def play(rules: Rules, specs: dict[str, str], games: int, seed: int, role: str,
         replay: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Endings, the role's scores and its orders (G, turns + 1, A); ``replay`` plays those orders instead."""
    r = rules.role_index(role)
    ending, scores, orders = [], [], np.zeros((games, rules.turns + 1, len(rules.actions)), dtype=bool)
    for first in range(0, games, CHUNK):
        size = min(CHUNK, games - first)
        players = policies_for(rules, specs)
        if replay is not None:
            players[r] = Replay(rules, role, replay[first:first + size], first)

        def record(state, chosen, first=first, size=size):
            orders[first:first + size, state.turn] = chosen & (rules.action_role == r)[None]

        final = play_batch(rules, players, start_batch(rules, seed, first, size), on_turn=record)
        ending.append(final.ending.astype(np.int64))
        scores.append(final.scores[:, r].copy())
    return {"ending": np.concatenate(ending), "score": np.concatenate(scores), "orders": orders}


def parse_drop(rules: Rules, role: str, text: str) -> tuple[list[int], list[int], list[int]]:
    """``8-12:a+b`` or ``8-12:a+b=c`` -> (weeks, the role's actions dropped, those ordered instead)."""
    weeks_text, _, edit = text.partition(":")
    ids, _, instead = edit.partition("=")
    weeks: list[int] = []
    for part in weeks_text.split(","):
        low, _, high = part.partition("-")
        weeks += list(range(int(low), int(high or low) + 1))

    def indices(names: str) -> list[int]:
        return [rules.action(role, action_id).index for action_id in names.split("+") if action_id]

    return weeks, indices(ids), indices(instead)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("role")
    parser.add_argument("policy")
    parser.add_argument("--drop", action="append", default=[], metavar="WEEKS:ID+ID[=ID+ID]")
    parser.add_argument("--others", default="planner:easy")
    parser.add_argument("--games", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    rules = load_rules(args.scenario)
    specs = {r: (args.policy if r == args.role else args.others) for r in rules.roles}
    key = hashlib.sha1(repr((rules.content_hash, sorted(specs.items()), args.games, args.seed)).encode()).hexdigest()[:16]
    path = args.cache / f"replay-{key}.pkl" if args.cache else None
    if path and path.exists():
        base = pickle.loads(path.read_bytes())
    else:
        base = play(rules, specs, args.games, args.seed, args.role)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(base))
    names = [e.id for e in rules.endings]

    def endings(run: dict[str, np.ndarray]) -> dict[str, int]:
        return {names[i]: int((run["ending"] == i).sum()) for i in np.unique(run["ending"])}

    print(f"{args.role} {args.policy} (others {args.others}, {args.games} games, seed {args.seed}): "
          f"{base['score'].mean():.2f}  {endings(base)}")
    for text in args.drop:
        weeks, actions, instead = parse_drop(rules, args.role, text)
        edited = base["orders"].copy()
        edited[:, np.array(weeks)[:, None], np.array(actions)[None, :]] = False
        if instead:  # ordered where legal (the replay keeps only legal orders)
            edited[:, np.array(weeks)[:, None], np.array(instead)[None, :]] = True
        run = play(rules, specs, args.games, args.seed, args.role, replay=edited)
        margin = paired(run["score"], base["score"])
        low, high = margin["ci95"]
        changed = [f"{g}: {names[base['ending'][g]]} -> {names[run['ending'][g]]}"
                   for g in np.flatnonzero(run["ending"] != base["ending"])]
        print(f"  without {text}: {margin['mean']:+.2f} ± {(high - low) / 2:.2f}  {endings(run)}")
        print(f"    endings changed in {len(changed)} games: {'; '.join(changed)}")


if __name__ == "__main__":
    main()
