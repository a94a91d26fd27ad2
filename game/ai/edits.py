"""Counterfactual policies: any policy with some of its moves dropped, added or swapped.

``BASE:drop=ID+ID,add=ID,swap=FROM>TO`` asks "the documented path with and
without this move" (``historical:drop=consult_allies``), "with this move
added" (``historical:add=partial_drawdown``) or "with that answer instead"
(``historical:swap=demand_no_expansion.counter>demand_no_expansion.reject``),
and works on thinking policies too (``planner:drop=full_invasion``).

The edits share the base's comma list of settings: items whose key is
``drop``, ``add`` or ``swap`` are edits, the rest are the base's own
(``planner:rollouts=64,drop=full_invasion``, ``planner:hard,drop=a+b``,
``fixed:mass_troops,drop=drills_belarus``). Several ids join with ``+``, or a
key repeats (``drop=a,drop=b`` is ``drop=a+b``). Every id is an action of the
role that plays the policy.

What each edit means, each turn:

- ``drop=ID``: never order ID. The base sees ID as not allowed, so a thinking
  policy chooses among the other moves (rather than losing its favourite move
  afterwards), and imagines its own later turns without it too.
- ``swap=FROM>TO``: wherever the base would order FROM, order TO instead, when
  TO is legal and fits the budget (else nothing takes FROM's place). FROM is
  never ordered.
- ``add=ID``: order ID whenever it is legal and fits the budget. It has first
  call on the budget; the base's orders follow (in the scenario's order of
  actions) as far as the budget left allows, without those ID excludes.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> make_edited("historical:drop=consult_allies", rules, "us").name
'historical:drop=consult_allies'
>>> split_edits("planner:rollouts=64,drop=full_invasion")[0]
'planner:rollouts=64'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from ..scenario.errors import did_you_mean
from .lookahead import Lookahead
from .policies import Policy, PolicyError, fill_orders, make_policy

EDIT_KEYS = ("drop", "add", "swap")


@dataclass
class Edits:
    """The edits of one spec, as action ids (checked against a role by ``resolve``)."""

    drop: list[str] = field(default_factory=list)
    add: list[str] = field(default_factory=list)
    swap: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.drop or self.add or self.swap)


def split_edits(spec: str) -> tuple[str, Edits]:
    """``BASE:settings,drop=..`` -> (``BASE:settings``, the edits); syntax errors as PolicyError.

    >>> split_edits("historical:drop=a+b,swap=c>d,add=e")
    ('historical', Edits(drop=['a', 'b'], add=['e'], swap=[('c', 'd')]))
    """
    head, sep, rest = spec.partition(":")
    edits = Edits()
    if not sep:
        return spec, edits
    kept = []
    for item in rest.split(","):
        key, eq, value = (part.strip() for part in item.partition("="))
        if not (eq and key in EDIT_KEYS):
            kept.append(item.strip())
            continue
        ids = [v.strip() for v in value.split("+")]
        if not all(ids):
            raise PolicyError(f"{head}: {key}= expects action ids joined by '+', got '{value}'")
        if key == "swap":
            for pair in ids:
                old, arrow, new = (p.strip() for p in pair.partition(">"))
                if not (arrow and old and new):
                    raise PolicyError(f"{head}: swap= expects FROM>TO, got '{pair}'")
                edits.swap.append((old, new))
        else:
            getattr(edits, key).extend(ids)
    kept = [k for k in kept if k]
    if not edits:
        return spec, edits
    if kept:
        return f"{head}:{','.join(kept)}", edits
    return (f"{head}:" if head == "fixed" else head), edits


def _index(rules: Rules, role: str, action_id: str, key: str) -> int:
    """The index of ``role``'s action ``action_id``, or a PolicyError that says what went wrong."""
    try:
        return rules.action(role, action_id).index
    except KeyError:
        pass
    owners = sorted({rules.roles[rules.actions[i].role] for i in rules.action_ids.get(action_id, [])})
    if owners:
        raise PolicyError(f"{key}={action_id}: '{action_id}' is an action of {' and '.join(owners)}, not of {role}") from None

    known = [a.id for a in rules.actions if rules.roles[a.role] == role]
    hint = did_you_mean(action_id, known)
    if not hint:  # a near miss of another role's action says whose it is
        elsewhere = did_you_mean(action_id, [a.id for a in rules.actions])
        if elsewhere:
            near = elsewhere.split("'")[1]
            owner = rules.roles[rules.actions[rules.action_ids[near][0]].role]
            hint = f"{elsewhere[:-1]} It is an action of {owner})"
    raise PolicyError(f"{key}={action_id}: {role} has no action '{action_id}'{hint}") from None


class Edited(Policy):
    """``base`` with some of its moves dropped, swapped or added (see the module's docstring)."""

    def __init__(self, base: Policy, edits: Edits, name: str):
        super().__init__(base.rules, base.role)
        rules, role = base.rules, base.role
        self.base, self.edits, self.name = base, edits, name
        self.drop = np.array(sorted({_index(rules, role, a, "drop") for a in edits.drop}), dtype=np.int64)
        self.add = list(dict.fromkeys(_index(rules, role, a, "add") for a in edits.add))
        self.swap = [(_index(rules, role, a, "swap"), _index(rules, role, b, "swap")) for a, b in edits.swap]
        dropped = set(self.drop.tolist())
        for i in self.add:
            if i in dropped:
                raise PolicyError(f"'{rules.actions[i].id}' is both dropped and added")
        for old, _ in self.swap:
            if old in dropped:
                raise PolicyError(f"swap={rules.actions[old].id}>...: '{rules.actions[old].id}' is also dropped")
        if len({old for old, _ in self.swap}) < len(self.swap):
            raise PolicyError("an action is swapped for two others")
        if isinstance(base, Lookahead):  # a thinking policy imagines its own later turns with the same edits
            base.then = [Edited(p, edits, f"{p.name}(edited)") if isinstance(p, Policy) else p for p in base.then]

    @property
    def learns(self) -> bool:
        return self.base.learns

    def witness(self, obs: ObservationBatch) -> None:
        self.base.witness(obs)

    def forget(self) -> None:
        self.base.forget()

    def decide(self, obs: ObservationBatch) -> np.ndarray:
        if len(self.drop):
            legal = obs.legal.copy(order="F")
            legal[:, self.drop] = False
            obs = replace(obs, legal=legal)
        wanted = self.base.decide(obs).copy(order="F")
        for old, new in self.swap:
            wanted[:, new] |= wanted[:, old]
            wanted[:, old] = False
        wanted[:, self.drop] = False
        if not self.add and not self.swap:
            return wanted
        order = np.concatenate([np.array(self.add, dtype=np.int64), self.mine])
        want = np.concatenate([np.ones((obs.size, len(self.add)), dtype=bool), wanted[:, self.mine]], axis=1)
        return fill_orders(self.rules, self.r, obs.legal, order, want)


def make_edited(spec: str, rules: Rules, role: str) -> Policy:
    """The policy ``spec`` names, edits and all (``make_policy`` calls this for specs with edits)."""
    base, edits = split_edits(spec)
    policy = make_policy(base, rules, role)
    return Edited(policy, edits, spec) if edits else policy
