"""A Gymnasium environment for one role, the other roles played by AI policies.

The same observation, action mask, action numbers and rewards as the parallel
environment (``parallel.BrinkParallelEnv``) for that role; the others' orders
come from ``game.ai`` policies, which see only their own roles' views.

>>> env = SingleRoleEnv("tutorial", role="russia", opponents="historical")
>>> observation, info = env.reset(seed=4)
>>> _, reward, terminated, truncated, info = env.step(0)  # order nothing
>>> info["turn"], terminated, truncated
(2, False, False)

``opponents`` is one policy name for every other role or a mapping role ->
policy (roles left out play ``historical``). ``reset(seed=S)`` starts game 0 of
seed S (``brink play --seed S``); ``reset()`` draws a new game's seed from the
environment's generator (``self.np_random``), as Gymnasium expects.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym

from ..ai import make_policy
from ..engine.rules import Rules
from .parallel import BrinkParallelEnv


class SingleRoleEnv(gym.Env):
    """One role of a scenario against AI policies (see the module's docstring)."""

    metadata: dict[str, Any] = {"render_modes": []}

    def __init__(self, scenario: str | Rules, role: str, opponents: str | dict[str, str] = "planner",
                 seed: int | None = None):
        self.game = BrinkParallelEnv(scenario, seed=0 if seed is None else seed)
        rules = self.game.rules
        if role not in rules.roles:
            raise ValueError(f"unknown role '{role}' (roles: {', '.join(rules.roles)})")
        self.role = role
        specs = {o: opponents for o in rules.roles if o != role} if isinstance(opponents, str) else dict(opponents)
        unknown = set(specs) - set(rules.roles) - {role}
        if unknown:
            raise ValueError(f"opponents for unknown roles: {', '.join(sorted(unknown))}")
        self.opponents = {o: make_policy(specs.get(o, "historical"), rules, o) for o in rules.roles if o != role}
        self.observation_space = self.game.observation_space(role)
        self.action_space = self.game.action_space(role)
        self._first_seed = seed  # taken by the first reset() without a seed

    def reset(self, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        if seed is None and self._first_seed is not None:
            seed, self._first_seed = self._first_seed, None
        super().reset(seed=seed)
        game_seed = int(seed) if seed is not None else int(self.np_random.integers(2**31))
        observations, infos = self.game.reset(seed=game_seed)
        return observations[self.role], infos[self.role]

    def step(self, action: int) -> tuple[dict, float, bool, bool, dict]:
        game, match = self.game, self.game.match
        if match is None or match.over:
            raise RuntimeError("the game is over (or not started): call reset()")
        legal = game._legal(self.role)
        catalogue = game.catalogues[self.role]
        orders = {self.role: catalogue.ids(int(action), legal)}
        dropped = [a for a in catalogue.ids(int(action)) if a not in orders[self.role]]
        for other, policy in self.opponents.items():
            orders[other] = policy.choose_ids(match.observe_batch(other))
        reward = game.play(orders)[self.role]
        info = game._info(self.role) | {"orders": orders[self.role], "dropped": dropped}
        return game.observe(self.role), float(reward), bool(match.over), False, info

