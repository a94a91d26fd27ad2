"""What parsed: the schema pass, repairing what fails so that the later passes still run.

Pydantic checks shapes and types and reports every place that fails. A scenario
with one bad value would then have no model at all, and its reference,
expression and type errors would wait for the next run. So each failing place is
repaired, and validation tried again, until the rest validates:

- an unknown key is left out;
- a bad or missing value becomes its default, or a placeholder of its type;
- an item that cannot be repaired (a variable whose bounds contradict each other,
  an id that is not an id) is left out, and its id is remembered as *dropped*.

``Damage`` records what was repaired. Later passes ask it before reporting: an
error at a placeholder, or a reference to a dropped id, would only repeat the
schema error in other words, so it is not reported.

>>> from game.scenario.yamlsafe import load_yaml_text
>>> doc = load_yaml_text("id: x\\ntitle: T\\nsummary: S\\ncalendar: {start: 2022-01-03, turns: lots}\\n"
...                      "roles: {}\\nvariables: {}\\nendings: {}\\n")
>>> model, problems, damage = salvage(doc)
>>> [p.message for p in problems], model.calendar.turns, damage.covers(("calendar", "turns"))
(['calendar.turns: input should be a valid integer, unable to parse string as an integer'], 1, True)
"""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from .errors import MAX_NUMBER, Problem, did_you_mean
from .models import _ID, ID_SECTIONS, Scenario
from .paths import DataPath
from .yamlsafe import Document

MAX_ROUNDS = 12
IDENTITY_KEYS = frozenset({"role", "by", "to", "var", "actor", "declared_by"})
"""Keys that say whose or which an item is: when one is repaired, the whole item's checks stay quiet."""


@dataclass
class Damage:
    """What the schema pass repaired: placeholders put in, items left out."""

    placeholders: set[DataPath] = field(default_factory=set)
    dropped: dict[str, set[str]] = field(default_factory=dict)  # section -> ids left out
    blind: bool = False  # a whole section of ids was lost: no reference can be judged

    def covers(self, path: DataPath) -> bool:
        """Whether ``path`` is a placeholder or lies inside one."""
        path = tuple(path)
        return any(path[:k] in self.placeholders for k in range(len(path) + 1))

    def touches(self, path: DataPath) -> bool:
        """Whether ``path`` is covered, or holds a placeholder somewhere inside it."""
        path = tuple(path)
        return self.covers(path) or any(p[: len(path)] == path for p in self.placeholders)

    def was_dropped(self, name: str) -> bool:
        """Whether ``name`` (an id, ``D.accept`` or ``used.A``) names an item that was left out."""
        if self.blind:
            return True
        name = name.lower()  # an id refused for its capitals is still the id its references mean
        candidates = {name}
        space, _, item = name.partition(".")
        if item:
            candidates |= {space, item, item.partition(".")[0]}
        return any(candidates & {i.lower() for i in ids} for ids in self.dropped.values())

    def lost(self, section: str) -> bool:
        """Whether some item of ``section`` was left out (counts over the section cannot be trusted)."""
        return bool(self.dropped.get(section)) or self.touches((section,))


def salvage(doc: Document) -> tuple[Scenario | None, list[Problem], Damage]:
    """Validate the document's data, repairing what fails; returns the model (None when
    nothing could be saved), the schema problems and the damage done."""
    data = copy.deepcopy(doc.data)
    damage = Damage(placeholders=set(doc.poisoned), blind=doc.partial)
    problems = _check_ids(doc, data, damage) + _check_loose(doc, data, damage)
    repaired: set[DataPath] = set()
    for _ in range(MAX_ROUNDS):
        try:
            model = Scenario.model_validate(data)
        except ValidationError as exc:
            groups = _group(data, exc)
        else:
            return model, problems + _numbers(doc, model, damage), damage
        progress = False
        for path, errs in groups.items():
            if not damage.touches(path) and not _under_dropped(path, damage):
                problems.append(_located(doc, path, errs))
            progress = _repair(data, path, errs, damage, path in repaired) or progress
            repaired.add(path)
        if not progress:
            break
    return None, problems, damage


def _numbers(doc: Document, model: BaseModel, damage: Damage) -> list[Problem]:
    """Numbers beyond MAX_NUMBER, however they were written (the YAML builder sees only YAML's own numbers;
    a text such as '1e20' becomes a number in the model)."""
    problems: list[Problem] = []

    def walk(value: Any, path: DataPath) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), path + (name,))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, path + (i,))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if path[-1:] != ("seed",) and abs(value) > MAX_NUMBER and not damage.covers(path):
                problems.append(doc.problem(path, f"{value:g} is too large (numbers must lie between -{MAX_NUMBER:g} "
                                            f"and {MAX_NUMBER:g})", code="E103"))
                damage.placeholders.add(path)

    walk(model, ())
    return problems


# -- ids first: every bad id of a section, not only pydantic's first ---------------------------

def _check_ids(doc: Document, data: Any, damage: Damage) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return problems
    for section in ID_SECTIONS:
        items = data.get(section)
        if not isinstance(items, dict):
            continue
        for key in [k for k in items if not _ID.match(k)]:
            problems.append(doc.problem((section, key), f"{section}: '{key}' is not a valid id (lower-case letters, digits "
                                        "and _, starting with a letter)", at_key=True, code="E203"))
            del items[key]
            damage.dropped.setdefault(section, set()).add(key)
    return problems


def _check_loose(doc: Document, data: Any, damage: Damage) -> list[Problem]:
    """What pydantic would quietly convert: true/false where a number belongs (``turns: true`` is 1),
    a number where a date belongs (``start: 0`` is 1970-01-01). Each is an error, and the value is left out."""
    problems: list[Problem] = []

    def walk(node: Any, path: DataPath) -> None:
        if isinstance(node, dict):
            for key in list(node):
                walk(node[key], path + (key,))
            return
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, path + (i,))
            return
        number = isinstance(node, (int, float)) and not isinstance(node, bool)
        if not (isinstance(node, bool) or (number and path[-1:] in (("start",), ("date",)))):
            return  # only these can be quietly converted (looking up the type of every value would be slow)
        expected = set(_members(type_at(data, path)))
        wrong = None
        if isinstance(node, bool) and expected & {int, float} and bool not in expected:
            wrong = f"expected a number, not {str(node).lower()}"
        elif number and dt.date in expected:
            wrong = "expected a date (YYYY-MM-DD), not a number"
        if wrong and not damage.covers(path):
            problems.append(doc.problem(path, f"{describe(path)}: {wrong}", code="E203"))
            parent = _value_at(data, path[:-1])
            parent[path[-1]] = None  # fails validation where it stands, and is repaired like any bad value
            damage.placeholders.add(path)

    walk(data, ())
    return problems


# -- pydantic's errors, one per place ---------------------------------------------------------

def _group(data: Any, exc: ValidationError) -> dict[DataPath, list[ErrorDetails]]:
    """Errors by the place in the data they are about.

    A union (a number or a text, 'all' or a list) fails once per member; when one
    member got further into the value, the others' complaints about the value as
    a whole are noise and are left out.
    """
    found: list[tuple[DataPath, bool, ErrorDetails]] = []
    for err in exc.errors(include_url=False):
        path, tagged = _data_path(data, err["loc"], err["type"])
        found.append((path, tagged, err))
    paths = {p for p, _, _ in found}
    by_place: dict[DataPath, list[ErrorDetails]] = {}
    for path, tagged, err in found:
        if tagged and any(len(q) > len(path) and q[: len(path)] == path for q in paths):
            continue
        by_place.setdefault(path, []).append(err)
    return by_place


def _data_path(data: Any, loc: tuple[int | str, ...], kind: str) -> tuple[DataPath, bool]:
    """The part of pydantic's ``loc`` that names places in the data, and whether a union tag was dropped."""
    path: list[str | int] = []
    node, tagged = data, False
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif last and kind in ("extra_forbidden", "missing") and isinstance(node, dict):
            path.append(part)
        else:
            tagged = True
    return tuple(path), tagged


def _located(doc: Document, path: DataPath, errs: list[ErrorDetails]) -> Problem:
    kinds = {e["type"] for e in errs}
    if "extra_forbidden" in kinds:
        unknown = str(path[-1])  # a key of a mapping: always text
        allowed = _allowed_keys(doc.data, path[:-1])
        return doc.problem(path, f"unknown key '{unknown}'{did_you_mean(unknown, allowed)}", at_key=True, code="E201")
    if "missing" in kinds:
        key = path[-1]
        where = " in " + describe(path[:-1]) if path[:-1] else ""
        return doc.problem(path[:-1], f"missing required key '{key}'{where}", at_key=True, code="E202")
    return doc.problem(path, f"{describe(path)}: {_message(errs)}", code="E203")


def _message(errs: list[ErrorDetails]) -> str:
    """One readable message for the errors at one place (unions give several)."""
    kinds = {e["type"] for e in errs}
    if len(errs) > 1 and kinds <= {"float_parsing", "float_type", "string_type", "int_parsing", "int_type", "finite_number"}:
        return "expected a number or an expression (text)"
    if "finite_number" in kinds:
        return "expected a finite number (not .nan or .inf)"
    msg = errs[0]["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    return msg[0].lower() + msg[1:] if msg else "invalid value"


def describe(path: DataPath) -> str:
    """'roles.us.budget', 'drift[2].var': a path as an author reads it."""
    parts = [str(p) if isinstance(p, str) else f"[{p}]" for p in path]
    return ".".join(parts).replace(".[", "[") or "the file"


def _allowed_keys(data: Any, path: DataPath) -> list[str]:
    """Field names of the model found at ``path`` (for 'did you mean')."""
    model = type_at(data, path)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _under_dropped(path: DataPath, damage: Damage) -> bool:
    return len(path) >= 2 and path[1] in damage.dropped.get(str(path[0]), set())


# -- the types the format expects at each place ------------------------------------------------

def type_at(data: Any, path: DataPath) -> Any:
    """The type the format expects at ``path`` (None when the path leads nowhere known)."""
    tp: Any = Scenario
    node = data
    for part in path:
        tp = _choose(tp, node)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(part) if isinstance(part, str) else None  # a model has no list items
            if info is None:
                return None
            tp = info.annotation
        else:
            origin, args = typing.get_origin(tp), typing.get_args(tp)
            if origin is dict:
                tp = args[1]
            elif origin is list:
                tp = args[0]
            elif origin is tuple:
                tp = args[part] if isinstance(part, int) and part < len(args) else (args[0] if args else None)
            else:
                return None
        node = _child(node, part)
    return _choose(tp, node)


def field_info(data: Any, path: DataPath) -> FieldInfo | None:
    """The pydantic FieldInfo of the model field at ``path`` (None when ``path`` is not a model field)."""
    if not path:
        return None
    parent = type_at(data, path[:-1])
    name = path[-1]
    if isinstance(parent, type) and issubclass(parent, BaseModel) and isinstance(name, str):
        return parent.model_fields.get(name)
    return None


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _members(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return (tp,)


def _choose(tp: Any, value: Any) -> Any:
    """The member of a union that fits the shape of ``value`` (the type itself when it is no union)."""
    members = _members(tp)
    if len(members) == 1:
        return tp
    real = [m for m in members if m is not type(None)]

    def fits(m: Any) -> bool:
        origin = typing.get_origin(m)
        if isinstance(value, dict):
            return origin is dict or (isinstance(m, type) and issubclass(m, BaseModel))
        if isinstance(value, list):
            return origin in (list, tuple)
        if isinstance(value, str):
            return m is str or origin is Literal
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return m in (int, float)
        return False

    return next((m for m in real if fits(m)), real[0] if len(real) == 1 else tp)


def placeholder(tp: Any, info: FieldInfo | None = None) -> Any:
    """A value of type ``tp`` that validates (as far as the type alone can say)."""
    members = [m for m in _members(tp) if m is not type(None)]
    if len(members) != len(_members(tp)):
        return None
    tp = members[0]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Literal:
        return args[0]
    if origin is dict:
        return {}
    if origin is list:
        count = _constraint(info, "min_length") or 0
        return [placeholder(args[0]) for _ in range(count)]
    if origin is tuple:
        return [placeholder(a) for a in args]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return {name: placeholder(f.annotation, f) for name, f in tp.model_fields.items() if f.is_required()}
    if tp is bool:
        return False
    if tp in (int, float):
        low = _constraint(info, "ge")
        if low is None and _constraint(info, "gt") is not None:
            low = _constraint(info, "gt") + 1
        value = low if low is not None else 0
        high = _constraint(info, "le")
        return tp(min(value, high) if high is not None else value)
    if tp is dt.date:
        return "2000-01-03"
    return "x"


def _constraint(info: FieldInfo | None, name: str) -> Any:
    """A field's ``ge``, ``le``, ``min_length`` ... (pydantic keeps them as annotated_types metadata)."""
    for item in getattr(info, "metadata", []) if info is not None else []:
        if hasattr(item, name):
            return getattr(item, name)
    return None


# -- repairs -----------------------------------------------------------------------------------

def _repair(data: Any, path: DataPath, errs: list[ErrorDetails], damage: Damage, again: bool) -> bool:
    """Change ``data`` so that the errors at ``path`` go away; False when nothing could be done.

    ``again``: this place was repaired before and still fails, so the item around it goes.
    """
    if not path:
        return False
    kinds = {e["type"] for e in errs}
    parent_path, key = path[:-1], path[-1]
    parent = _value_at(data, parent_path)
    if "extra_forbidden" in kinds:
        if isinstance(parent, dict) and key in parent:
            del parent[key]
            return True
        return False
    if again:
        return _drop_enclosing(data, parent_path, damage)  # the placeholder itself failed
    info = field_info(data, path)
    if info is not None:  # a field of a model
        if not isinstance(parent, dict):
            return False
        if not info.is_required() and "missing" not in kinds:
            parent.pop(key, None)  # its default applies
        else:
            parent[key] = placeholder(info.annotation, info)
        _mark(damage, path)
        return True
    container = type_at(data, parent_path)
    if typing.get_origin(container) is dict and isinstance(parent, dict):
        del parent[key]
        damage.dropped.setdefault(_section_name(parent_path), set()).add(str(key))
        return True
    if typing.get_origin(container) in (list, tuple) and isinstance(parent, list) and isinstance(key, int):
        item_type = type_at(data, path)
        parent[key] = placeholder(item_type)
        _mark(damage, path)
        return True
    return _drop_enclosing(data, parent_path, damage)


def _drop_enclosing(data: Any, path: DataPath, damage: Damage) -> bool:
    """Leave out the nearest item around ``path`` that can go (a dict entry; a list item becomes a placeholder)."""
    while path:
        parent = _value_at(data, path[:-1])
        container = type_at(data, path[:-1])
        origin = typing.get_origin(container)
        if origin is dict and isinstance(parent, dict) and path[-1] in parent:
            del parent[path[-1]]
            damage.dropped.setdefault(_section_name(path[:-1]), set()).add(str(path[-1]))
            if len(path) == 1:
                damage.blind = True
            return True
        index = path[-1]
        if origin is list and isinstance(parent, list) and isinstance(index, int) and path not in damage.placeholders:
            parent[index] = placeholder(type_at(data, path))
            _mark(damage, path)
            return True
        path = path[:-1]
    return False


def _mark(damage: Damage, path: DataPath) -> None:
    damage.placeholders.add(path)
    if path and path[-1] in IDENTITY_KEYS:
        damage.placeholders.add(path[:-1])  # whose item this is is unknown: check none of it
    if len(path) == 1 and path[0] in set(ID_SECTIONS) | {"roles", "sources", "actors"}:
        damage.blind = True


def _section_name(path: DataPath) -> str:
    return ".".join(str(p) for p in path) or "file"


def _value_at(data: Any, path: DataPath) -> Any:
    node = data
    for part in path:
        node = _child(node, part)
    return node
