#!/usr/bin/env python3
"""How often an AI Russia accepts the README's example deal, and whether both sides keep it.

NATO (a person) proposes in week 1 of winter-2021: "we accept your demand to withdraw the
offensive equipment and will not offer Ukraine a membership pathway, if you withdraw the
troops, by week 8", then accepts the equipment demand whenever it can (else declares unity);
the US plays ``historical``. Prints the answers, each term's outcome and the endings::

    python tools/deal_rate.py planner:easy 30      # README: Negotiating with the AI
"""

from __future__ import annotations

import argparse
from collections import Counter

from game.play.events import Seal
from game.play.runner import Game
from game.scenario import load_rules
from game.text.talk import talk

DEAL = "russia 8 demand_withdraw_offensive_equipment.accept,not:membership_pathway_ukraine for withdraw_troops"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("policy", nargs="?", default="planner:easy", help="AI Russia's policy")
    parser.add_argument("games", nargs="?", type=int, default=30, help="games, seeds 0 to N-1")
    args = parser.parse_args()
    rules = load_rules("winter-2021")
    answers: Counter[str] = Counter()
    terms: Counter[tuple[str, str, str]] = Counter()
    endings: Counter[str] = Counter()
    for seed in range(args.games):
        game = Game.new(rules, {"nato": "human", "russia": args.policy, "us": "historical"}, seed)
        talk(game, "nato", "propose", DEAL)
        reply = next(m for m in game.session.messages() if m.sender == "russia" and m.statement is not None
                     and m.statement.kind == "reply")
        answers[str(reply.statement.verdict)] += 1
        if reply.statement.verdict != "accept":
            continue
        while not game.over:
            legal = game.match.legal_ids("nato")
            orders = [a for a in ("demand_withdraw_offensive_equipment.accept",) if a in legal]
            game.send(Seal("nato", tuple(orders or [a for a in ("unity_statement",) if a in legal])))
        settled = game.settled()
        for m in game.session.messages():
            if m.statement is not None and m.statement.kind == "commitment" and m.text.startswith("Under deal"):
                terms[(m.sender, m.statement.ref, settled.get(m.id, "open"))] += 1
        endings[str(game.ending)] += 1
    print(f"{args.policy}, {args.games} games: answers {dict(answers)}")
    for (role, ref, outcome), n in sorted(terms.items()):
        print(f"  {role} {ref}: {outcome} {n}")
    print(f"  endings after an accepted deal: {dict(endings)}")


if __name__ == "__main__":
    main()
