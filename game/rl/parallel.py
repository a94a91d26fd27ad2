"""A PettingZoo parallel environment: every role an agent, all moving at once each turn.

>>> env = BrinkParallelEnv("tutorial", seed=3)
>>> observations, infos = env.reset()
>>> sorted(observations) == sorted(env.possible_agents) == ["nato", "russia", "us"]
True
>>> observations["us"]["observation"].shape == env.observation_space("us")["observation"].shape
True
>>> _, rewards, terminations, _, _ = env.step({agent: 0 for agent in env.agents})  # everyone orders nothing
>>> env.match.turn, set(terminations.values())
(2, {False})

Spaces, for each agent (a role of the scenario):

- observation: ``Dict(observation=Box(0, 1, (D,), float32), action_mask=MultiBinary(K))``:
  the role's observation vector (``features.Encoder``; ``env.encoders[agent].names``
  names its columns) and which of the K numbered order sets it may give this turn.
- action: ``Discrete(K)``, a number in the role's catalogue of order sets
  (``orders.OrderCatalogue``: 0 is no orders; ``env.catalogues[agent].ids(k)``
  are the orders of number k). A number whose set is not allowed is not an
  error: its legal actions are ordered and the rest dropped (``info["dropped"]``).
- reward: the increase of the role's score over the turn (its scored
  objectives; the last turn also scores the weeks an early ending cut off).
  The sum over a game is the role's final score.

A game ends for every agent at once, when the scenario reaches an ending
(``terminations`` all True; there is no truncation: a scenario has a length).
An agent missing from the actions orders nothing.

Seeds: ``reset(seed=S)`` starts game 0 of seed S, the game ``brink play --seed S``
plays; a ``reset()`` without a seed starts a game whose seed is drawn from the
generator the last seed started (the first uses the ``seed`` the environment was
made with). ``info["seed"]`` says which game it is.

Everything comes from ``Match.observe_batch(role)``, the role's own view, so
nothing hidden from a role reaches its observation or its info.
"""

from __future__ import annotations

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from ..engine import Match
from ..engine.rules import Rules
from ..scenario import load_scenario
from .features import Encoder
from .orders import OrderCatalogue


def load(scenario: str | Rules) -> Rules:
    """A scenario's rules from its id or path (or the rules themselves)."""
    if isinstance(scenario, Rules):
        return scenario

    return load_scenario(scenario).rules


class BrinkParallelEnv(ParallelEnv):
    """The scenario as a PettingZoo ``ParallelEnv`` (see the module's docstring)."""

    metadata = {"name": "brinkmanship_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(self, scenario: str | Rules, seed: int = 0):
        self.rules = load(scenario)
        self.possible_agents: list[str] = list(self.rules.roles)
        self.agents: list[str] = []
        self.encoders = {role: Encoder(self.rules, role) for role in self.possible_agents}
        self.catalogues = {role: OrderCatalogue(self.rules, role) for role in self.possible_agents}
        self.first_seed = int(seed)
        self.render_mode = None
        self.match: Match | None = None
        self._seeds: np.random.Generator | None = None
        # PettingZoo asks for the same space object every time
        self._observation_spaces = {a: spaces.Dict({
            "observation": spaces.Box(0.0, 1.0, (self.encoders[a].size,), dtype=np.float32),
            "action_mask": spaces.MultiBinary(len(self.catalogues[a])),
        }) for a in self.possible_agents}
        self._action_spaces = {a: spaces.Discrete(len(self.catalogues[a])) for a in self.possible_agents}

    def observation_space(self, agent: str) -> spaces.Dict:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Discrete:
        return self._action_spaces[agent]

    # -- the game --------------------------------------------------------------------------
    def reset(self, seed: int | None = None, options: dict | None = None) -> tuple[dict, dict]:
        if seed is None and self._seeds is not None:  # the next game of the seeds drawn so far
            game_seed = int(self._seeds.integers(2**31))
        else:
            game_seed = self.first_seed if seed is None else int(seed)
            self._seeds = np.random.default_rng(game_seed)
        self.match = Match(self.rules, seed=game_seed)
        self.agents = list(self.possible_agents)
        return {a: self.observe(a) for a in self.agents}, {a: self._info(a) for a in self.agents}

    def step(self, actions: dict[str, int]) -> tuple[dict, dict, dict, dict, dict]:
        if self.match is None or not self.agents:
            raise RuntimeError("the game is over (or not started): call reset()")
        orders, dropped = {}, {}
        for agent in self.agents:
            k = int(actions.get(agent, 0))
            legal = self._legal(agent)
            orders[agent] = self.catalogues[agent].ids(k, legal)
            dropped[agent] = [a for a in self.catalogues[agent].ids(k) if a not in orders[agent]]
        rewards = self.play(orders)
        over = self.match.over
        agents = list(self.agents)
        observations = {a: self.observe(a) for a in agents}
        infos = {a: self._info(a) | {"orders": orders[a], "dropped": dropped[a]} for a in agents}
        if over:
            self.agents = []
        return (observations, rewards, {a: over for a in agents}, {a: False for a in agents}, infos)

    def play(self, orders: dict[str, list[str]]) -> dict[str, float]:
        """Resolve a turn with these orders (action ids; a role left out orders nothing): each role's reward."""
        before = self._game.scores
        self._game.play_turn(orders)
        after = self._game.scores
        return {a: float(after[a] - before[a]) for a in self.possible_agents}

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        """The agent's observation now: its vector and its action mask (new arrays each call)."""
        obs = self._game.observe_batch(agent)
        return {"observation": self.encoders[agent].encode(obs)[0],
                "action_mask": self.catalogues[agent].mask(obs.legal[0])}

    def _legal(self, agent: str) -> np.ndarray:
        return self._game.observe_batch(agent).legal[0]

    def _info(self, agent: str) -> dict:
        return {"turn": self._game.turn, "seed": self._game.seed, "score": self._game.scores[agent]}

    @property
    def _game(self) -> Match:
        if self.match is None:
            raise RuntimeError("reset() the environment before stepping or observing it")
        return self.match

    def render(self) -> None:
        return None

    def close(self) -> None:
        pass
