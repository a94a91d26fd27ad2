"""Learning agents and research environments.

``features`` (the observation vector), ``orders`` (the catalogue of a role's
possible orders) and ``learn`` (a policy-gradient learner) need numpy only.
``parallel_env`` (PettingZoo) and ``single_agent_env`` (Gymnasium) need the
``research`` extra: ``pip install "brinkmanship[research]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .parallel import BrinkParallelEnv
    from .single import SingleRoleEnv

EXTRA_HINT = 'the research environments need pettingzoo and gymnasium: pip install "brinkmanship[research]"'


def parallel_env(scenario: str, seed: int = 0) -> BrinkParallelEnv:
    """A PettingZoo ``ParallelEnv`` of the scenario (a shipped id or a path), one agent per role
    (``game.rl.parallel``): ``parallel_env(scenario="winter-2021", seed=0)``."""
    try:
        from .parallel import BrinkParallelEnv  # lazy: it needs the research extra (gymnasium, pettingzoo)
    except ImportError as exc:
        raise ImportError(f"{EXTRA_HINT} ({exc})") from exc
    return BrinkParallelEnv(scenario, seed=seed)


def single_agent_env(scenario: str, role: str, opponents: str | dict[str, str] = "planner",
                     seed: int | None = None) -> SingleRoleEnv:
    """A Gymnasium ``Env`` for one role, the others played by ``opponents`` (``game.rl.single``):
    ``single_agent_env("winter-2021", "russia", opponents="planner")``."""
    try:
        from .single import SingleRoleEnv  # lazy: it needs the research extra (gymnasium)
    except ImportError as exc:
        raise ImportError(f"{EXTRA_HINT} ({exc})") from exc
    return SingleRoleEnv(scenario, role=role, opponents=opponents, seed=seed)
