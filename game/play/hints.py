"""Tutorial hints: which of a scenario's ``hints`` a role should see now.

A hint shows on its turn (or every turn), to its role (or every role), when its
condition holds on that role's own view of the game, never on hidden truth.
Faces call ``hints_for`` at the start of a human's turn.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> [h.points_to for h in hints_for(Match(load_rules("tutorial"), seed=1), "us")]
[None, 'sanction_banks.threaten', 'invasion_readiness']
"""

from __future__ import annotations

import numpy as np

from ..engine.match import Match
from ..scenario.expr import parse_expression
from ..scenario.models import Hint


def hints_for(match: Match, role: str) -> list[Hint]:
    """The hints ``role`` should see at the start of the current turn, in the order written."""
    scenario = match.rules.scenario
    if scenario is None or match.over or not scenario.hints:
        return []
    view = match.observe_batch(role).env
    shown = []
    for hint in scenario.hints:
        if hint.turn is not None and hint.turn != match.turn:
            continue
        if hint.role is not None and hint.role != role:
            continue
        if hint.when is not None and not bool(np.all(np.asarray(parse_expression(hint.when).evaluate(view)) != 0)):
            continue
        shown.append(hint)
    return shown
