"""Templates and ``extends:``: an item written once and reused, every value keeping where it is written.

An item (an action, a lever, a variable, an event, a marker ...) may start from a
template of the ``templates:`` section, or from another item of its section, and
write only what differs::

    templates:
      talks: {cost: 1, effects: {tension: -3, talks_progress: 4}, source: doc}
    diplomacy:
      talks_us: {extends: talks, role: us, label: US talks}
      talks_ru: {extends: talks_us, role: russia, effects: {tension: -2}}

The rules (the authoring guide's "Templates" section says them to authors):

- ``extends: NAME`` names a template, or an item of the same section (a sibling);
  ``extends: SECTION.ID`` an item of another section of the same kind
  (``deployments.mass_troops``); ``extends: [a, b]`` several, applied in order.
  A template may extend others. A name that is both a template and a sibling is
  an error (rename one), as are unknown names, cycles and chains deeper than 16.
- Mappings merge key by key, all the way down (``effects`` gains, keeps or
  overrides single variables); anything else (numbers, text, lists) the item
  writes replaces what it inherits; ``key: null`` removes an inherited key.
- ``extends`` itself is not inherited; templates are checked only as the items
  that use them (a template no item uses gets warning W504).

Errors stay where the text is: a value an item writes itself is reported at its
own line; a value it inherits, at the template's line, naming the item (``Problem.text``).

>>> from game.scenario.yamlsafe import load_yaml_text
>>> doc = load_yaml_text("templates:\\n  t: {cost: 2, effects: {a: 1, b: 2}}\\n"
...                      "diplomacy:\\n  x: {extends: t, effects: {b: 5}}\\n")
>>> resolve_extends(doc)
[]
>>> doc.data["diplomacy"]["x"]
{'cost': 2, 'effects': {'a': 1, 'b': 5}, 'extends': 't'}
>>> doc.position(("diplomacy", "x", "effects", "a")), doc.position(("diplomacy", "x", "effects", "b"))
((2, 29), (4, 32))
>>> doc.inherited_at(("diplomacy", "x", "cost")).template
't'
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .errors import Problem, did_you_mean
from .paths import DataPath, copy_entry, paths_below, value_at
from .salvage import describe, type_at
from .yamlsafe import MAX_NODES, Document, Inherited

MAX_CHAIN = 16
"""The longest chain of ``extends`` (a template extending a template ...)."""
TEMPLATES = "templates"

Prov = dict[DataPath, tuple[DataPath, bool]]
"""Where the values of a resolved item are written: relative path -> (path in the document, whole subtree?).
An entry with ``False`` places only that mapping (its keys have entries of their own)."""


@dataclass
class _Resolved:
    data: Any
    prov: Prov


@dataclass
class _Resolver:
    doc: Document
    raw: Any  # the data as written (resolution reads only this; the document changes once all is resolved)
    problems: list[Problem] = field(default_factory=list)
    done: dict[DataPath, _Resolved] = field(default_factory=dict)
    stack: list[DataPath] = field(default_factory=list)
    nodes: int = 0
    items: set[DataPath] | None = None

    @property
    def templates(self) -> dict[str, Any]:
        found = self.raw.get(TEMPLATES) if isinstance(self.raw, dict) else None
        return found if isinstance(found, dict) else {}

    # -- what an item's ``extends`` names ---------------------------------------------------------

    def bases(self, path: DataPath) -> list[tuple[DataPath, str]]:
        """The paths of what the item at ``path`` extends, with each name as written (problems reported)."""
        item = value_at(self.raw, path)
        written = item.get("extends") if isinstance(item, dict) else None
        if written is None:
            return []
        names = written if isinstance(written, list) else [written]
        out = []
        before = len(self.problems)
        for i, name in enumerate(names):
            where = path + ("extends",) + ((i,) if isinstance(written, list) else ())
            if not isinstance(name, str) or not name:
                self.error(where, "extends: expected the name of a template or of an item (or a list of them)", "E203")
                continue
            base = self.find(path, name, where)
            if base is not None:
                out.append((base, name))
        if len(self.problems) > before:
            self.doc.poisoned.add(path)  # it lacks what it meant to inherit: its other errors would be echoes
        return out

    def find(self, path: DataPath, name: str, where: DataPath) -> DataPath | None:
        in_templates = path[:1] == (TEMPLATES,)
        container = path[:-1]
        siblings = value_at(self.raw, container)
        if "." in name:
            target = tuple(name.split("."))
            found = value_at(self.raw, target)
            if not isinstance(found, dict) or len(target) < 2:
                self.error(where, f"extends: there is no item '{name}'", "E301")
                return None
            if not in_templates and _kind(self.raw, target) is not _kind(self.raw, path):
                self.error(where, f"extends: '{name}' is {_kind_name(self.raw, target)}, and this item is "
                           f"{_kind_name(self.raw, path)}: an item extends a template or an item of its kind", "E303")
                return None
            return target
        sibling = (not in_templates and isinstance(siblings, dict) and name in siblings and name != path[-1]
                   and isinstance(siblings[name], dict))
        template = name in self.templates and (container, path[-1]) != ((TEMPLATES,), name)
        if sibling and template:
            self.error(where, f"extends: '{name}' is both a template and an item of {describe(container)}: "
                       "rename one of them", "E303")
            return None
        if sibling:
            return container + (name,)
        if template:
            if not isinstance(self.templates[name], dict):
                self.error(where, f"extends: template '{name}' is not a mapping of keys and values", "E203")
                return None
            return (TEMPLATES, name)
        choices = list(self.templates) + (list(siblings) if isinstance(siblings, dict) and not in_templates else [])
        self.error(where, f"extends: unknown template '{name}'{did_you_mean(name, [c for c in choices if c != path[-1]])}", "E301")
        return None

    # -- resolving -------------------------------------------------------------------------------

    def resolve(self, path: DataPath) -> _Resolved:
        """The item at ``path`` with everything it extends merged in (memoised)."""
        if path in self.done:
            return self.done[path]
        own = _Resolved(value_at(self.raw, path), {(): (path, True)})
        if path in self.stack:
            return own  # the cycle is reported by the item that closes it
        self.stack.append(path)
        try:
            acc: _Resolved | None = None
            for base, name in self.bases(path):
                if base in self.stack:
                    loop = " -> ".join(_shown(p) for p in self.stack[self.stack.index(base):] + [base])
                    self.error(_extends_at(self.raw, path, name), f"extends: a cycle ({loop}): an item cannot extend itself", "E303")
                    continue
                if len(self.stack) > MAX_CHAIN:
                    self.error(_extends_at(self.raw, path, name), f"extends: the chain is longer than {MAX_CHAIN} steps", "E303")
                    continue
                layer = self.resolve(base)
                acc = layer if acc is None else _merge(acc, layer, base)
            result = own if acc is None else _merge(acc, own, path)
        finally:
            self.stack.pop()
        self.done[path] = result
        return result

    def error(self, where: DataPath, message: str, code: str) -> None:
        self.problems.append(self.doc.problem(where, message, code=code))

    # -- writing the result into the document ------------------------------------------------------

    def graft(self, path: DataPath, resolved: _Resolved, data: Any) -> None:
        """Put the resolved item at ``path`` into ``data``, with the positions of every inherited value."""
        parent = value_at(data, path[:-1])
        parent[path[-1]] = resolved.data
        line, _ = self.doc.position(path)
        file = self.doc.file_of(path)
        item = f"{describe(path)} (line {line})" if file == self.doc.path else f"{describe(path)} ({file}:{line})"
        for rel, (source, whole) in resolved.prov.items():
            target = path + rel
            if source == target:
                continue
            via = Inherited(item, _shown(self.writer(source)))
            value = value_at(resolved.data, rel)
            for sub in (paths_below(value) if whole else [()]):
                self._copy(source + sub, target + sub, via)
                self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _TooLarge(path)

    def writer(self, source: DataPath) -> DataPath:
        """The template or item in whose text ``source`` is written."""
        if source[:1] == (TEMPLATES,):
            return source[:2]
        if self.items is None:
            self.items = set(item_paths(self.raw))
        for k in range(len(source), 0, -1):
            if source[:k] in self.items:
                return source[:k]
        return source

    def _copy(self, source: DataPath, target: DataPath, via: Inherited) -> None:
        doc = self.doc
        copy_entry(doc.positions, doc.positions, source, target)
        copy_entry(doc.key_positions, doc.key_positions, source, target)
        copy_entry(doc.spans, doc.spans, source, target)
        for marks in (doc.quoted, doc.poisoned):
            if source in marks:
                marks.add(target)
        doc.origins[target] = doc.file_of(source)
        doc.inherited[target] = via


class _TooLarge(Exception):
    def __init__(self, path: DataPath):
        self.path = path


def resolve_extends(doc: Document) -> list[Problem]:
    """Merge what every item extends into it, in place (see the module docstring); returns the problems."""
    if not isinstance(doc.data, dict):
        return []
    resolver = _Resolver(doc, copy.deepcopy(doc.data))
    items = [path for path in item_paths(doc.data) if isinstance(value_at(doc.data, path), dict) and "extends" in value_at(doc.data, path)]
    for name, template in resolver.templates.items():
        if isinstance(template, dict) and "extends" in template:
            resolver.resolve((TEMPLATES, name))
    resolved = {path: resolver.resolve(path) for path in items}
    try:
        for path, result in resolved.items():
            resolver.graft(path, result, doc.data)
    except _TooLarge as exc:
        resolver.error(exc.path, f"the templates expand to too large a document (over {MAX_NODES:,} values)", "E102")
    return resolver.problems


def item_paths(data: Any) -> Iterator[DataPath]:
    """Every item the format lets extend something: the places whose model has an ``extends`` field.

    >>> list(item_paths({"diplomacy": {"a": {}}, "historical": {"us": [{}]}, "calendar": {}}))
    [('diplomacy', 'a'), ('historical', 'us', 0)]
    """
    def walk(path: DataPath, node: Any, depth: int) -> Iterator[DataPath]:
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in children:
            if not isinstance(child, (dict, list)) or (not path and key == TEMPLATES):
                continue
            here = path + (key,)
            tp = type_at(data, here)
            if _reusable(tp):
                yield here
            elif depth < 3:
                yield from walk(here, child, depth + 1)

    yield from walk((), data, 0)


def _reusable(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel) and "extends" in tp.model_fields


def _merge(base: _Resolved, over: _Resolved, over_path: DataPath) -> _Resolved:
    """``over`` on top of ``base``: mappings merge key by key, anything else ``over`` writes replaces;
    a key ``over`` sets to null is removed; ``extends`` is never inherited."""
    if not isinstance(base.data, dict) or not isinstance(over.data, dict):
        return over
    data: dict[str, Any] = {}
    prov: Prov = {(): _place_of(over.prov, ())}
    for key, value in base.data.items():
        if key == "extends":
            continue
        if key in over.data:
            mine = over.data[key]
            if mine is None:
                continue
            if isinstance(value, dict) and isinstance(mine, dict):
                sub = _merge(_Resolved(value, _below(base.prov, key)), _Resolved(mine, _below(over.prov, key)), over_path + (key,))
            else:
                sub = _Resolved(copy.deepcopy(mine), _below(over.prov, key))
        else:
            sub = _Resolved(copy.deepcopy(value), _below(base.prov, key))
        data[key] = sub.data
        prov.update({(key,) + rel: place for rel, place in sub.prov.items()})
    for key, mine in over.data.items():
        if key not in data and not (mine is None and key in base.data):
            data[key] = copy.deepcopy(mine)
            prov.update({(key,) + rel: place for rel, place in _below(over.prov, key).items()})
    return _Resolved(data, prov)


def _place_of(prov: Prov, rel: DataPath) -> tuple[DataPath, bool]:
    """Where the mapping at ``rel`` is placed: its own entry, else inside the nearest whole subtree above it."""
    if rel in prov:
        return prov[rel][0], False
    for k in range(len(rel) - 1, -1, -1):
        found = prov.get(rel[:k])
        if found is not None and found[1]:
            return found[0] + rel[k:], False
    return rel, False


def _below(prov: Prov, key: str) -> Prov:
    """The provenance of the value under ``key``, relative to it."""
    out: Prov = {rel[1:]: place for rel, place in prov.items() if rel[:1] == (key,)}
    if () not in out:
        top = prov.get(())
        if top is not None and top[1]:
            out[()] = (top[0] + (key,), True)
    return out


def _shown(path: DataPath) -> str:
    return str(path[1]) if path[:1] == (TEMPLATES,) and len(path) > 1 else describe(path)


def _extends_at(raw: Any, path: DataPath, name: str) -> DataPath:
    written = value_at(raw, path + ("extends",))
    if isinstance(written, list) and name in written:
        return path + ("extends", written.index(name))
    return path + ("extends",)


def _kind(raw: Any, path: DataPath) -> Any:
    return type_at(raw, path)


def _kind_name(raw: Any, path: DataPath) -> str:
    tp = _kind(raw, path)
    name = tp.__name__.lower() if isinstance(tp, type) else "something else"
    return ("an " if name[:1] in "aeiou" else "a ") + name


