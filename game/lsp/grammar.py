"""What each place in a scenario file means: which ids it defines and which it refers to.

The shapes come from the format's pydantic models (``game.scenario.models``), so a
section or field added there is walked without a change here. What the models cannot
say (that ``role:`` names a role, that ``when:`` is an expression, that the keys of
``effects:`` are variables) is the table below, keyed by field name, with a few
overrides where one name means two things (``endings:`` defines endings at the top,
its keys refer to them under ``objectives``). A name's value spec only ever applies
to text, so ``actions: [a, b]`` (a list of ids) and ``actions:`` (the section, a
mapping that defines them) share one entry. A test checks that every text-bearing field
of every model is classified, so a new field cannot slip past rename unnoticed.

>>> walk_type(("variables", "tension", "label"))
<class 'str'>
>>> spec_of(("historical", "us", 0, "orders")).values
('actions',)
>>> [name for name, _ in id_sections()][:3]
['roles', 'actors', 'sources']
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel

from ..scenario.models import ActionBase, Event, Scenario

EXPRESSION = "expression"
POLICY = "policy"  # a policy spec such as "fixed:a,b": its list names actions
EXTENDS = "extends"  # what an item extends: a template, an item of its own section, or SECTION.ID

# Namespaces of ids. Every action section shares one ("actions"): levers and demands are
# actions too (a lever's id imposes it, a demand's id makes it), and the validator keeps
# their ids unique across sections. Events and reactions share "events" (``fired.X``).
ACTIONS, EVENTS = "actions", "events"


@dataclass(frozen=True)
class Spec:
    """What the text at a field refers to: ``values`` for scalars and list items, ``keys`` for mapping keys.

    Each is a tuple of namespaces (or ``EXPRESSION`` / ``POLICY``); an empty tuple means free text.
    ``words`` are fixed words allowed beside the ids (``visible_to: all``): offered, never taken for ids.
    """

    values: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


FREE = Spec()

# By field name, for every model that has the field.
BY_NAME: dict[str, Spec] = {
    "source": Spec(values=("sources",)),
    "role": Spec(values=("roles",)),
    "by": Spec(values=("roles",)),
    "informed_by": Spec(values=("roles",)),  # a playable actor's informant
    "to": Spec(values=("roles",)),
    "visible_to": Spec(values=("roles",), words=("all",)),
    "intel_noise": Spec(keys=("roles",)),
    "actor": Spec(values=("actors",)),
    "var": Spec(values=("variables",)),
    "when": Spec(values=(EXPRESSION,)),
    "trigger": Spec(values=(EXPRESSION,)),
    "chance": Spec(values=(EXPRESSION,)),
    "add": Spec(values=(EXPRESSION,)),
    "value": Spec(values=(EXPRESSION,)),
    "check": Spec(values=(EXPRESSION,)),
    "agree": Spec(values=(EXPRESSION,), keys=("blocs",)),
    "effects": Spec(values=(EXPRESSION,), keys=("variables",)),
    "audience_cost": Spec(values=(EXPRESSION,), keys=("variables",)),
    "on_fail": Spec(values=(EXPRESSION,), keys=("variables",)),
    "on_accepted": Spec(values=(EXPRESSION,), keys=("variables",)),
    "on_rejected": Spec(values=(EXPRESSION,), keys=("variables",)),
    "on_countered": Spec(values=(EXPRESSION,), keys=("variables",)),
    "on_expired": Spec(values=(EXPRESSION,), keys=("variables",)),
    "spread": Spec(keys=("variables",)),
    "excludes": Spec(values=(ACTIONS,)),
    "response": Spec(values=(ACTIONS,)),
    "declared_by": Spec(values=(ACTIONS,)),
    "orders": Spec(values=(ACTIONS,)),
    "otherwise": Spec(values=(ACTIONS,)),
    "points_to": Spec(values=(ACTIONS, "variables")),
    "fired": Spec(values=(EVENTS,)),
    "not_fired": Spec(values=(EVENTS,)),
    "ending": Spec(values=("endings",)),
    "most_likely": Spec(values=("endings",)),
    "legal": Spec(keys=("roles",), values=(ACTIONS,)),
    "illegal": Spec(keys=("roles",), values=(ACTIONS,)),
    "policies": Spec(keys=("roles",), values=(POLICY,)),
    # Names the presentation of a scenario uses (its map: markers bound to variables, actions,
    # events and endings; points that name places); harmless where no model has them.
    "held_by": Spec(values=("roles",)),
    "side": Spec(values=("roles",)),
    "variable": Spec(values=("variables",)),
    "ladder": Spec(values=("variables",)),
    "actions": Spec(values=(ACTIONS,)),
    "events": Spec(values=(EVENTS,)),
    "endings": Spec(values=("endings",)),
    "blocs": Spec(values=("blocs",)),
    "at": Spec(values=("places",)),
    "path": Spec(values=("places",)),
    "points": Spec(values=("places",)),
    "polygon": Spec(values=("places",)),
    "extends": Spec(values=(EXTENDS,)),
}

# Where one field name means something else in one model.
BY_MODEL: dict[tuple[str, str], Spec] = {
    ("Scenario", "objectives"): Spec(keys=("roles",)),
    ("Scenario", "historical"): Spec(keys=("roles",)),
    ("Scenario", "briefings"): Spec(keys=("roles",), words=("public",)),
    ("Objectives", "endings"): Spec(keys=("endings",)),
    ("Expect", "endings"): Spec(keys=("endings",)),
    ("Expect", "values"): Spec(keys=("variables",)),
    ("Expect", "mean"): Spec(keys=("variables",)),
    ("ScenarioTest", "values"): Spec(keys=("variables",)),
    ("ScenarioTest", "turns"): Spec(keys=("roles",), values=(ACTIONS,)),
    ("Drift", "spread"): FREE,  # a number here, not a map of variables
    ("Briefing", "objectives"): FREE,
    ("Briefing", "levers"): FREE,
}

# Fields that hold prose, numbers or fixed words: nothing in them is an id.
FREE_TEXT = {
    "format", "id", "title", "summary", "name", "label", "unit", "leader", "color", "description",
    "quote", "date", "file", "headline", "text", "note", "fail_headline", "situation", "objectives",
    "levers", "knows", "unknowns", "claim", "start", "days_per_turn", "turns", "budget", "min", "max",
    "initial", "initial_spread", "at", "cost", "max_uses", "public", "grace", "expires_after", "turn",
    "delay", "once", "inject", "default", "at_end_only", "weight", "games", "seed", "over", "spread",
    "shape", "tag", "group", "local", "legend", "within", "countries", "fill", "kind", "style", "scale",
    "projection", "bounds", "full", "per", "lasts", "include", "language",
}

# Compound action ids: a step of an item that is an action of its own (the format's naming rule).
SUB_ACTIONS: dict[tuple[str, str], str] = {
    ("Lever", "threaten"): "{key}.threaten",
    ("Lever", "impose"): "{key}",
    ("Demand", "responses"): "{key}.{answer}",
}

# Names in expressions: ``PREFIX.ID`` reads the state of an item; a bare name is a variable.
EXPRESSION_PREFIXES: dict[str, tuple[tuple[str, tuple[str, ...] | None], ...]] = {
    "used": ((ACTIONS, None),),
    "now": ((ACTIONS, None),),
    "failed": ((ACTIONS, None),),
    "fired": ((EVENTS, None),),
    **{state: ((ACTIONS, ("demands",)),) for state in ("made", "pending", "accepted", "rejected", "countered", "expired")},
    "threatened": ((ACTIONS, ("levers",)),),
    "imposed": ((ACTIONS, ("levers",)),),
    **{state: ((ACTIONS, ("levers",)), ("red_lines", None)) for state in ("declared", "due", "honored", "broken")},
}
BUILTIN_NAMES = {"turn": "the current turn (1 on the first)", "turns": "the number of turns in the calendar"}


def extends_targets(path: tuple) -> tuple[str, ...]:
    """The namespaces an ``extends`` at ``path`` may name: templates, then the ids of the item's own section.

    >>> extends_targets(("diplomacy", "talks_us", "extends")), extends_targets(("templates", "t", "extends", 0))
    (('templates', 'actions'), ('templates',))
    """
    item = tuple(path[:list(path).index("extends")]) if "extends" in path else tuple(path)
    if len(item) < 2 or item[0] == "templates":
        return ("templates",)
    section = tuple("*" if step == "-" else step for step in item[:-1])
    return ("templates", namespace_of(section))


def unwrap(tp: Any) -> Any:
    """``X | None`` -> ``X``; other types unchanged (unions of several kinds stay unions)."""
    if _is_union(tp):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007 - a union built at run time
    return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def choose(tp: Any, shape: str) -> Any:
    """The member of a union that fits data of ``shape`` ('map', 'list' or 'scalar')."""
    tp = unwrap(tp)
    members = typing.get_args(tp) if _is_union(tp) else (tp,)
    for member in members:
        if _shape(member) == shape:
            return member
    return None


def _shape(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if is_model(tp) or origin is dict:
        return "map"
    if origin in (list, tuple):
        return "list"
    return "scalar"


def field_spec(model: type[BaseModel], field: str) -> Spec:
    """What ``field`` of ``model`` refers to (FREE for prose)."""
    for cls in model.__mro__:
        if (cls.__name__, field) in BY_MODEL:
            return BY_MODEL[(cls.__name__, field)]
    return BY_NAME.get(field, FREE)


def child_type(tp: Any, step: Any) -> Any:
    """The type one step below ``tp``: a model's field, a mapping's value or a list's item."""
    tp = unwrap(tp)
    if _is_union(tp):
        tp = choose(tp, "list" if isinstance(step, int) or step == "-" else "map")
    if is_model(tp):
        field = tp.model_fields.get(step) if isinstance(step, str) else None
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin is dict:
        return typing.get_args(tp)[1]
    if origin in (list, tuple):
        args = typing.get_args(tp)
        return args[0] if args else None
    return None


def walk_type(path: Iterable[Any]) -> Any:
    """The type found at ``path`` from the root (None when the path leaves the format)."""
    tp: Any = Scenario
    for step in path:
        tp = child_type(tp, step)
        if tp is None:
            return None
    return unwrap(tp)


def owner(path: tuple) -> tuple[type[BaseModel] | None, str | None]:
    """The model and field a path is under: ('HistoricalMove', 'orders') for ('historical', 'us', 0, 'orders', 2)."""
    tp: Any = Scenario
    found: tuple[Any, Any] = (None, None)
    for step in path:
        here = unwrap(tp)
        if _is_union(here):
            here = choose(here, "list" if isinstance(step, int) or step == "-" else "map")
        if is_model(here) and isinstance(step, str):
            found = (here, step)
        tp = child_type(tp, step)
        if tp is None:
            break
    return found


def spec_of(path: tuple) -> Spec:
    """The Spec of the field ``path`` lies under."""
    model, field = owner(path)
    return field_spec(model, field) if model is not None and field is not None else FREE


@lru_cache(maxsize=1)
def id_sections() -> tuple[tuple[str, tuple], ...]:
    """Every mapping of models whose keys are new ids: (namespace, path pattern), '*' for a key.

    Found in the models: a ``dict[str, Model]`` field whose keys the table does not
    declare to be references. ``consensus.blocs`` comes out as ``('blocs', ('consensus', 'blocs'))``.
    """
    found: list[tuple[str, tuple]] = []

    def visit(tp: Any, prefix: tuple, depth: int) -> None:
        tp = unwrap(tp)
        if depth > 12:  # the format nests a handful of levels; nothing recursive should hide here
            return
        if _is_union(tp):
            for member in typing.get_args(tp):
                visit(member, prefix, depth + 1)
        elif is_model(tp):
            for name, field in tp.model_fields.items():
                if defines_ids(tp, name):
                    found.append((name, prefix + (name,)))
                visit(field.annotation, prefix + (name,), depth + 1)
        elif typing.get_origin(tp) in (dict, list, tuple):
            args = typing.get_args(tp)
            if args:
                visit(args[-1] if typing.get_origin(tp) is dict else args[0], prefix + ("*",), depth + 1)

    visit(Scenario, (), 0)
    return tuple(found)


def _models_in(tp: Any) -> Iterator[type[BaseModel]]:
    tp = unwrap(tp)
    if is_model(tp):
        yield tp
        return
    for arg in typing.get_args(tp):
        yield from _models_in(arg)


def namespace_of(section_path: tuple) -> str:
    """The namespace of the ids defined at ``section_path``: all action sections share one, as do
    events and reactions; any other section is its own (named by its last key).

    >>> namespace_of(("levers",)), namespace_of(("reactions",)), namespace_of(("consensus", "blocs"))
    ('actions', 'events', 'blocs')
    """
    item = walk_type(tuple(section_path) + ("*",))
    if is_model(item) and (issubclass(item, ActionBase) or any((item.__name__, f) in SUB_ACTIONS for f in item.model_fields)):
        return ACTIONS
    if is_model(item) and issubclass(item, Event):
        return EVENTS
    return str(section_path[-1])


def defines_ids(model: type[BaseModel], field: str) -> bool:
    """Whether the keys of ``model.field`` are new ids: a mapping of models whose keys refer to nothing."""
    info = model.model_fields.get(field)
    if info is None or field_spec(model, field).keys:
        return False
    mapping = choose(info.annotation, "map")
    if typing.get_origin(mapping) is not dict:
        return False
    key_type, value_type = typing.get_args(mapping)
    return key_type is str and is_model(choose(value_type, "map"))


def all_models() -> list[type[BaseModel]]:
    """Every model reachable from Scenario (for the completeness test)."""
    out: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in out:
            return
        out.append(model)
        for field in model.model_fields.values():
            for sub in _models_in(field.annotation):
                visit(sub)

    visit(Scenario)
    return out


def is_text_bearing(tp: Any) -> bool:
    """Whether an annotation can hold text that might name an id: str anywhere in it, or free mapping keys.

    >>> is_text_bearing(list[str]), is_text_bearing(dict[Literal["a"], float]), is_text_bearing(int | None)
    (True, False, False)
    """
    tp = unwrap(tp)
    if tp is str:
        return True
    if typing.get_origin(tp) is dict:
        key_type, value_type = typing.get_args(tp)
        return key_type is str or is_text_bearing(value_type)
    if typing.get_origin(tp) is Literal or tp in (int, float, bool, dt.date) or is_model(tp):
        return False
    return any(is_text_bearing(a) for a in typing.get_args(tp))
