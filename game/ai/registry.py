"""A place where stronger policies register themselves by name prefix.

Thinking policies (greedy, planner, personas) live in their own modules and add
an entry here, so ``make_policy`` finds them without this package importing
every one of them up front.

>>> lookup("no-such-policy") is None
True
"""

from __future__ import annotations

from typing import Callable

Factory = Callable[..., object]
_FACTORIES: dict[str, Factory] = {}


def register(prefix: str, factory: Factory) -> None:
    """Make ``make_policy`` answer names equal to ``prefix`` or starting with ``prefix:``."""
    _FACTORIES[prefix] = factory


def lookup(spec: str) -> Factory | None:
    head = spec.split(":", 1)[0]
    return _FACTORIES.get(head)


def names() -> list[str]:
    return sorted(_FACTORIES)
