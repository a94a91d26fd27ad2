"""``brink explain SAVE``: why a saved game ended, as the chain of its causes (the analyst's view)."""

from __future__ import annotations

import argparse
import json

from .common import load_session


def add_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "explain", help="why a saved game ended: the chain of causes",
        description="Explain why a saved game ended: the ending's condition and which of its clauses held, then every "
        "variable, action and event they read, turn by turn, with the actions, events, drift and random draws that "
        "moved them and their sources. For authors: hidden information is shown (the output says so).",
    )
    p.add_argument("save", metavar="SAVE", help="a save file")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.add_argument("--nearest", type=int, default=2, metavar="N",
                   help="when the calendar ran out (or the game goes on): how many other endings to show (default 2)")
    return p


def run(args) -> int:
    # loaded when the command runs: `brink` builds every command's parser at start-up
    from ..authoring.explain import explain, explanation_lines

    session = load_session(args.save)
    explanation = explain(session, nearest=max(0, args.nearest))
    if args.json:
        print(json.dumps(explanation.model_dump(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(explanation_lines(explanation, session.match.rules)))
    return 0
