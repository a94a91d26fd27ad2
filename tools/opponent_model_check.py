"""How much a role's rollouts trust their model of the others: moves judged with two opponent models.

    python tools/opponent_model_check.py winter-2021 nato reaffirm_open_door reinforce_eastern_flank \
        --games 24 --futures 16 --week-one planner:easy --models historical+passive+habit+hardline+conciliatory planner:easy

The games are played for ``--weeks`` weeks by ``--week-one`` for every role (the role itself by
``--role-policy``); then, from what the role observes, each named move alone (and no orders) is
played to the end on the same imagined futures (``Lookahead.outcomes``: the role's continuation
``historical`` without answering demands, as the planner's), the others played first by one model,
then by the next. Prints each move's mean gain over no orders under each model and the first
move's lead over the second with its 95% interval over the games. A move the default mixture rates
well above what a thinking model of the others gives it is one the planner's rollouts flatter.
A thinking model (``planner:easy``) costs about 10 CPU-s per 100 imagined games.
"""

from __future__ import annotations

# ruff: noqa: I001  (game.cli first: it puts numpy on one BLAS thread, as `brink` runs it)
import game.cli  # noqa: F401
import argparse
import time

import numpy as np

from game.ai.batch import play_batch, policies_for, start_batch
from game.ai.lookahead import Lookahead, value_model
from game.engine.observe import observe_batch
from game.engine.step import legal_mask
from game.scenario import load_rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("role")
    parser.add_argument("moves", nargs="+", help="the role's action ids to judge (two or more)")
    parser.add_argument("--games", type=int, default=24)
    parser.add_argument("--futures", type=int, default=16)
    parser.add_argument("--weeks", type=int, default=1, help="weeks played before the judgement")
    parser.add_argument("--week-one", default="planner:easy", help="who plays the other roles in those weeks")
    parser.add_argument("--role-policy", default="planner", help="who plays the role in those weeks")
    parser.add_argument("--models", nargs="+", default=["historical+passive+habit+hardline+conciliatory", "planner:easy"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rules = load_rules(args.scenario)
    value_model(rules)  # fitted once, outside the timings
    r = rules.role_index(args.role)
    ids = {a.id: a.index for a in rules.actions if rules.action_role[a.index] == r}
    unknown = [m for m in args.moves if m not in ids]
    if unknown or len(args.moves) < 2:
        parser.error(f"two or more of {args.role}'s actions, please; not theirs: {', '.join(unknown) or '-'}")
    G = args.games
    state = start_batch(rules, args.seed, 0, G)
    policies = policies_for(rules, {role: (args.role_policy if role == args.role else args.week_one) for role in rules.roles})
    state = play_batch(rules, policies, state, weeks=args.weeks)
    obs = observe_batch(rules, state, args.role, legal_mask(rules, state))
    candidates = np.zeros((G, 1 + len(args.moves), len(rules.actions)), dtype=bool)
    for k, move in enumerate(args.moves):
        candidates[:, 1 + k, ids[move]] = obs.legal[:, ids[move]]
    allowed = candidates[:, 1:].any(axis=2).mean(axis=0)
    print(f"week {state.turn}, {G} games, {args.futures} futures each; allowed in: "
          + ", ".join(f"{m} {share:.0%}" for m, share in zip(args.moves, allowed)))
    for spec in args.models:
        started = time.process_time()
        look = Lookahead(rules, args.role, opponents=spec, rollout="historical", seed_name="model-check", answers=0)
        look.hold = 1
        values = look.outcomes(obs, candidates, args.futures, horizon=None)
        gain = (values - values[:, :1]).mean(axis=2)
        lead = gain[:, 1] - gain[:, 2]
        print(f"{spec}: gain over no orders " + ", ".join(f"{m} {g:+.2f}" for m, g in zip(args.moves, gain.mean(axis=0)[1:]))
              + f"; {args.moves[0]} - {args.moves[1]} {lead.mean():+.2f} ± {1.96 * lead.std(ddof=1) / np.sqrt(G):.2f}"
              + f"  ({time.process_time() - started:.0f} CPU-s)")


if __name__ == "__main__":
    main()
