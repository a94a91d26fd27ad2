"""One role's score under policy A minus under policy B, paired game by game on the same games.

    nice -n 15 python tools/paired_margin.py winter-2021 nato planner:hard planner \
        --others planner:easy --games 60 --seed 1 --cache /tmp/paired --workers 2

The other roles play ``--others`` in both runs; game *i* of the seed is the same game in both
(``game.analysis.runs``), so the margin's 95% interval is of the paired differences. ``--seed``
repeated pools the games of several seeds (each game still paired with itself). Each run's
final scores and endings are saved in ``CACHE`` (keyed by the scenario's content, the role, the
policies, the games and the seed), so comparing a third policy with either costs one run.
Prints one line: the mean margin ± the interval's half-width, the two means, then the endings
of each run, then the margin split by whether a game's ending is the same in both runs, and the
commonest flips (A's ending from B's).
"""

from __future__ import annotations

# ruff: noqa: I001  (game.cli first: it puts numpy on one BLAS thread, as `brink` runs it)
import game.cli  # noqa: F401
import argparse
import hashlib
from pathlib import Path

import numpy as np

from game.analysis.balance import paired
from game.analysis.runs import Run, play_runs
from game.engine.rules import Rules
from game.scenario import load_rules


def play(rules: Rules, role: str, policy: str, others: str, games: int, seed: int,
         cache: Path | None, workers: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(scores (G, R), endings (G,)) of ``games`` games with ``policy`` for ``role``, cached."""
    key = hashlib.sha1(repr((rules.content_hash, role, policy, others, games, seed)).encode()).hexdigest()[:16]
    path = cache / f"{key}.npz" if cache else None
    if path and path.exists():
        saved = np.load(path)
        return saved["scores"], saved["ending"]
    specs = {r: (policy if r == role else others) for r in rules.roles}
    out = play_runs(rules, [Run(policy, specs, games, chunk=20)], seed=seed, workers=workers)[policy]
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, scores=out.scores, ending=out.ending)
    return out.scores, out.ending


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("role")
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--others", default="planner:easy")
    parser.add_argument("--games", type=int, default=60)
    parser.add_argument("--seed", type=int, action="append",
                        help="repeatable: the games of several seeds pooled, paired within each seed (default 1)")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--workers", type=int, default=1,
                        help="processes for each run's games (the result does not depend on it)")
    args = parser.parse_args()
    rules = load_rules(args.scenario)
    r = rules.role_index(args.role)
    seeds = args.seed or [1]
    runs = [[play(rules, args.role, p, args.others, args.games, seed, args.cache, args.workers) for p in (args.a, args.b)]
            for seed in seeds]
    sa, sb = (np.concatenate([run[k][0] for run in runs]) for k in (0, 1))
    ea, eb = (np.concatenate([run[k][1] for run in runs]) for k in (0, 1))
    margin = paired(sa[:, r], sb[:, r])
    mean, (low, high) = margin["mean"], margin["ci95"]
    seeds_said = f"seed {seeds[0]}" if len(seeds) == 1 else "seeds " + ",".join(map(str, seeds))
    print(f"{args.role} {args.a} - {args.b} (others {args.others}, {len(sa)} games, {seeds_said}): "
          f"{mean:+.2f} ± {(high - low) / 2:.2f}  ({sa[:, r].mean():.2f} against {sb[:, r].mean():.2f})")
    for policy, endings in ((args.a, ea), (args.b, eb)):
        counts = {rules.endings[i].id: int((endings == i).sum()) for i in np.unique(endings)}
        print(f"  {policy}: {counts}")
    print("  " + split_by_ending(rules, sa[:, r] - sb[:, r], ea, eb))


def split_by_ending(rules: Rules, margin: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> str:
    """The margin in the games whose ending stayed and in those where it flipped, and the commonest flips."""
    same = ea == eb
    parts = []
    for label, rows in (("same ending", same), ("flipped", ~same)):
        m = margin[rows]
        if len(m) > 1:
            parts.append(f"{label} {len(m)}: {m.mean():+.2f} ± {1.96 * m.std(ddof=1) / np.sqrt(len(m)):.2f}")
        elif len(m):
            parts.append(f"{label} {len(m)}: {m.mean():+.2f}")
    pairs: dict[tuple[int, int], int] = {}
    for a, b in zip(ea[~same], eb[~same]):
        pairs[(int(b), int(a))] = pairs.get((int(b), int(a)), 0) + 1
    top = sorted(pairs.items(), key=lambda kv: -kv[1])[:4]
    flips = ", ".join(f"{rules.endings[b].id}->{rules.endings[a].id} {n}" for (b, a), n in top)
    return "; ".join(parts) + (f"  ({flips})" if flips else "")


if __name__ == "__main__":
    main()
