"""Where one role's score comes from: each objective term's share, under chosen policies.

    nice -n 10 python tools/score_terms.py winter-2021 nato --ai nato=passive --others planner:easy \
        --games 40 --seed 0

Plays the games (game *i* of the seed is the same game as in ``brink balance`` and
``tools/paired_margin.py``) and prints the role's final score split into its terms
(``game.analysis.terms``): each weekly term summed over the weeks, each end-of-game term, the
ending's points; then the share of games in which the role used each of its actions.
Comparing ``--ai ROLE=passive`` with a thinking policy shows which terms the role earns by
its own moves and which it keeps whatever it does.
"""

from __future__ import annotations

import argparse

import numpy as np

from game.analysis.terms import split_scores
from game.scenario import load_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("role")
    parser.add_argument("--ai", action="append", default=[], metavar="ROLE=POLICY")
    parser.add_argument("--others", default="planner:easy")
    parser.add_argument("--games", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rules = load_rules(args.scenario)
    specs = {r: args.others for r in rules.roles} | dict(item.split("=", 1) for item in args.ai)
    split = split_scores(rules, specs, args.role, args.games, args.seed)
    print(f"{args.role} with {specs} ({args.games} games, seed {args.seed}): "
          f"{split.total.mean():.2f} (sd {split.total.std():.2f})")
    for label, points in split.parts.items():
        print(f"  {label:<60} {points.mean():+7.2f}  (sd {points.std():5.2f})")
    counts = {rules.endings[i].id: int((split.ending == i).sum()) for i in np.unique(split.ending)}
    print(f"  endings: {counts}")
    r = rules.role_index(args.role)
    print("  used in games: " + ", ".join(f"{a.id} {split.used[:, a.index].mean():.0%}"
                                         for a in rules.actions if a.role == r and split.used[:, a.index].any()))


if __name__ == "__main__":
    main()
