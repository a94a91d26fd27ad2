"""What a player should hear before a turn is sealed: an order that ends the game, points left
unspent. Every face asks the same questions (the window in a dialog, the terminal at its prompt).

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> game = Game.new(load_rules("winter-2021"), {"russia": "human"}, seed=1)
>>> obs = game.view("russia").obs
>>> questions_before_sealing(obs, ["mass_troops"], lambda orders: game.check("russia", orders))
['You have 2 of 3 points unspent this week; points do not carry over to the next.']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..engine.observe import Observation


def questions_before_sealing(obs: Observation, chosen: Sequence[str],
                             check: Callable[[list[str]], str | None]) -> list[str]:
    """The warnings for sealing ``chosen`` (empty: seal at once). ``check`` says why a set of orders
    may not be given together (the runner's ``Game.check`` for the role), so an order that no longer
    fits the budget or is excluded by a chosen one does not count as a way to spend the points left."""
    picked = set(chosen)
    out = []
    for a in obs.legal:
        if a.id in picked and (a.ends or a.decides):
            what = " or ".join(a.ends or a.decides)
            out.append(f"“{a.label}” ends the game: {what}." if a.ends else
                       f"“{a.label}” decides how the game ends: {what}, when the last {obs.turn_word} is over.")
    spent = sum(a.cost for a in obs.legal if a.id in picked)
    left = obs.budget - spent
    affordable = [a for a in obs.legal if a.id not in picked and a.cost <= left]
    if left > 0 and any(check([*chosen, a.id]) is None for a in affordable):
        out.append(f"You have {left} of {obs.budget} points unspent this {obs.turn_word}; "
                   f"points do not carry over to the next.")
    return out
