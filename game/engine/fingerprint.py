"""A digest of what compiled rules play like, for caches shared by every copy of a scenario.

Each load of a scenario compiles a new ``Rules`` object; what is derived from the rules
alone (the AI's value model, a few seconds to fit) need not be derived again for a copy
that plays the same. The file's content hash cannot say so on its own: rules compiled
from a model in memory have none (``brink sensitivity``'s variants, each with one
constant moved), and rules may be changed in code after loading. So the digest is
taken of the compiled rules themselves: every number, id and expression the engine
reads. What only faces read (the validated model, the presentation) is left out.

>>> from game.scenario import load_rules, load_scenario
>>> fingerprint(load_rules("winter-2021")) == fingerprint(load_scenario("winter-2021").rules)
True
>>> fingerprint(load_rules("winter-2021")) == fingerprint(load_rules("tutorial"))
False
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

import numpy as np

from .rules import Rules

FACES_ONLY = frozenset({"scenario", "presentation"})  # Rules fields neither the engine nor a policy reads


def fingerprint(rules: Rules) -> str:
    """The hex digest of ``rules``: equal for rules that play alike (copies of one scenario), else different."""
    digest = hashlib.sha256()
    for f in dataclasses.fields(rules):
        if f.name not in FACES_ONLY:
            digest.update(f.name.encode())
            _feed(digest, getattr(rules, f.name))
    return digest.hexdigest()


def _feed(digest: Any, value: Any) -> None:
    """Add ``value`` to ``digest``, tagged by its kind so that ``[1, 2]`` and ``"[1, 2]"`` differ."""
    if isinstance(value, np.ndarray):
        digest.update(f"a{value.dtype.str}{value.shape}".encode())
        digest.update(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, (str, int, float, bool, type(None), np.generic, dt.date)):
        digest.update(f"{type(value).__name__}:{value!r};".encode("utf-8", "surrogatepass"))
    elif callable(getattr(value, "evaluate", None)) and isinstance(getattr(value, "text", None), str):
        # a compiled expression: its text (and the rules' names, digested beside it) decide what it computes
        digest.update(f"e:{value.text!r};".encode("utf-8", "surrogatepass"))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(f"d{type(value).__qualname__}(".encode())
        for f in dataclasses.fields(value):
            digest.update(f.name.encode())
            _feed(digest, getattr(value, f.name))
        digest.update(b")")
    elif isinstance(value, dict):
        digest.update(f"m{len(value)}(".encode())
        for key, item in value.items():
            _feed(digest, key)
            _feed(digest, item)
        digest.update(b")")
    elif isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        digest.update(f"l{len(items)}(".encode())
        for item in items:
            _feed(digest, item)
        digest.update(b")")
    else:
        # Anything else is told apart by its identity: a cache keyed on the digest then misses
        # (one more fit) rather than ever sharing what may differ.
        digest.update(f"o{type(value).__qualname__}@{id(value)};".encode())
