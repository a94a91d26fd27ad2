"""A place where stronger policies register themselves by name prefix.

Thinking policies (greedy, planner, personas) live in their own modules and add
an entry here, so ``make_policy`` finds them without this package importing
every one of them up front: the built-in ones are imported on first lookup.

>>> lookup("no-such-policy") is None
True
>>> lookup("planner:hard") is not None
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the type only: the policies module imports this one
    from ..engine.rules import Rules
    from .policies import Policy

Factory = Callable[[str, "Rules", str], "Policy"]  # (the policy's name as written, the rules, the role) -> the policy
_FACTORIES: dict[str, Factory] = {}
# name -> (module, factory function): the thinking policies shipped with the game
_BUILTIN = {
    "greedy": ("game.ai.greedy", "make_greedy"),
    "planner": ("game.ai.planner", "make_planner"),
    "hawk": ("game.ai.personas", "make_persona"),
    "dove": ("game.ai.personas", "make_persona"),
}


def register(prefix: str, factory: Factory) -> None:
    """Make ``make_policy`` answer names equal to ``prefix`` or starting with ``prefix:``."""
    _FACTORIES[prefix] = factory


def lookup(spec: str) -> Factory | None:
    head = spec.split(":", 1)[0]
    if head not in _FACTORIES and head in _BUILTIN:
        module, function = _BUILTIN[head]
        register(head, getattr(importlib.import_module(module), function))
    return _FACTORIES.get(head)


def names() -> list[str]:
    return sorted(set(_FACTORIES) | set(_BUILTIN))


def fit_value_model(rules: Rules, specs: Iterable[str]) -> None:
    """Fit the thinking players' judge now when one of ``specs`` is a thinking player: before worker
    processes fork, so that they inherit it rather than each fitting its own (seconds each)."""
    if any(spec.split(":", 1)[0] in _BUILTIN for spec in specs):
        # the planners load only when a thinking player is asked for
        from .lookahead import value_model

        value_model(rules)
