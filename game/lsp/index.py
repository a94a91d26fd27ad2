"""The document index: every id a scenario defines and every place that names one, with exact spans.

Built from the YAML node tree (exact character offsets for keys and scalars) and
``grammar`` (what each field means), never from the validated model, so it works on
a document full of errors as long as it parses. While the author types, the text
usually does not parse; ``build_index`` then blanks the lines the parser stumbles on
and tries again (offsets stay put), and when even that fails, ``scan_definitions``
finds the ids by indentation alone.

>>> text = "variables:\\n  tension: {label: Tension, initial: 5}\\nevents:\\n  e: {when: tension > 2}\\n"
>>> index = build_index(text)
>>> [(o.namespace, o.name, text[o.span.start:o.span.end], o.definition) for o in index.occurrences]
[('variables', 'tension', 'tension', True), ('events', 'e', 'e', True), ('variables', 'tension', 'tension', False)]
>>> index.definition("variables", "tension").info["label"]
'Tension'
"""

from __future__ import annotations

import bisect
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..scenario.errors import ScenarioError
from ..scenario.expr import FUNCTIONS
from ..scenario.models import ActionBase
from ..scenario.yamlsafe import compose_text
from . import grammar
from .grammar import ACTIONS, EXPRESSION, EXTENDS, POLICY, Spec

MAX_DEPTH = 64  # the format nests about eight levels; deeper YAML is not a scenario
REPAIRS = 6  # lines blanked, one per try, before giving up on the parser

NAME = re.compile(r"(?<![\w.\\])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
"""A name in an expression: ``tension``, ``used.mass_troops``, ``used.sanction.threaten``."""
NOT_NAMES = set(keyword.kwlist) | set(FUNCTIONS) | set(grammar.BUILTIN_NAMES)


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start`` (inclusive) to ``end`` (exclusive) of the document's text."""

    start: int
    end: int

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset <= self.end


@dataclass(frozen=True)
class Definition:
    """An id, where its key is written, and what the item says about itself (for hover)."""

    namespace: str
    name: str
    span: Span
    section: str
    path: tuple
    info: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    file: str = ""  # the file it is written in, when another than the document (an included file)


@dataclass(frozen=True)
class Occurrence:
    """One place the text names an id (its definition too).

    ``span`` covers the id alone (what a rename replaces); ``extent`` the whole name
    written there (``sanction.threaten``, ``used.sanction``), where hover and go to
    definition answer.
    """

    namespace: str
    name: str
    span: Span
    definition: bool = False
    path: tuple = ()
    expression: bool = False
    extent: Span | None = None

    @property
    def reach(self) -> Span:
        return self.extent or self.span


@dataclass(frozen=True)
class ActionEntry:
    """An orderable action id (``sanction.threaten``, ``demand.accept`` included) and who may order it."""

    id: str
    roles: tuple[str, ...]
    base: str
    section: str


@dataclass
class DocumentIndex:
    """What a document defines and where each id is named; ``parsed`` says whether the YAML parsed as written."""

    occurrences: list[Occurrence] = field(default_factory=list)
    definitions: dict[tuple[str, str], Definition] = field(default_factory=dict)
    actions: list[ActionEntry] = field(default_factory=list)
    parsed: bool = True

    def __post_init__(self) -> None:
        self.occurrences.sort(key=lambda o: (o.reach.start, o.reach.end))
        self._starts = [o.reach.start for o in self.occurrences]

    def definition(self, namespace: str, name: str) -> Definition | None:
        return self.definitions.get((namespace, name))

    def ids(self, namespace: str) -> list[Definition]:
        return [d for (ns, _), d in self.definitions.items() if ns == namespace]

    def at(self, offset: int) -> Occurrence | None:
        """The occurrence whose span holds ``offset`` (its end included, where a cursor rests after a word)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        for j in (i, i - 1):
            if 0 <= j < len(self.occurrences) and offset in self.occurrences[j].reach:
                return self.occurrences[j]
        return None

    def uses(self, namespace: str, name: str) -> list[Occurrence]:
        """Every occurrence of one id, its definition included."""
        return [o for o in self.occurrences if o.namespace == namespace and o.name == name]


def merged(current: DocumentIndex, *older: DocumentIndex) -> DocumentIndex:
    """The ids of ``current`` topped up by those of older indexes (for completion while the text does not
    parse): no occurrences, since positions in older text would be wrong here."""
    definitions: dict[tuple[str, str], Definition] = {}
    for index in reversed((current,) + older):
        definitions.update(index.definitions)
    actions: list[ActionEntry] = []
    have: set[str] = set()
    for index in (current,) + older:
        for action in index.actions:
            if action.id not in have:
                have.add(action.id)
                actions.append(action)
    return DocumentIndex([], definitions, actions, parsed=False)


# -- building ------------------------------------------------------------------------------------

def build_index(text: str) -> DocumentIndex:
    """The index of ``text``; tolerant of text that does not parse (see the module docstring)."""
    node, parsed = _compose_repaired(text)
    if node is None:
        return scan_definitions(text)
    builder = _Builder(text)
    builder.visit(node, grammar.walk_type(()), (), grammar.FREE, None, 0)
    return builder.finish(parsed)


def _compose_repaired(text: str) -> tuple[yaml.Node | None, bool]:
    """The node tree of ``text``, blanking (up to REPAIRS) lines the parser fails on.

    The line an error names as its context (the open bracket of an unclosed list)
    goes first: that is where the author is typing; then the line of the problem.
    """
    attempt = text
    for tries in range(REPAIRS + 1):
        try:
            return compose_text(attempt), tries == 0
        except yaml.MarkedYAMLError as exc:
            marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
            if tries == REPAIRS or not marks:
                return None, False
            for offset in [o for m in marks for o in _suspects(attempt, m.index)]:
                repaired = _blank_line(attempt, offset)
                if repaired != attempt:
                    attempt = repaired
                    break
            else:
                return None, False
        except (yaml.YAMLError, ScenarioError, RecursionError, ValueError):
            return None, False
    return None, False  # pragma: no cover - the loop returns


def _suspects(text: str, offset: int) -> list[int]:
    """Offsets of the lines to blank for an error at ``offset``: its own line, then (for an error at
    the very start of a line, such as a missing ':') the line before."""
    line_start = text.rfind("\n", 0, offset) + 1
    return [offset, line_start - 1] if offset == line_start and line_start > 0 else [offset]


def _blank_line(text: str, offset: int) -> str:
    """``text`` with the line holding ``offset`` replaced by spaces (same length, so offsets hold)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return text[:start] + " " * (end - start) + text[end:]


@dataclass(frozen=True)
class _Found:
    """An occurrence before its namespace is settled: ``targets`` are the (namespace, sections) it may name."""

    targets: tuple
    name: str
    span: Span
    path: tuple
    definition: bool = False
    expression: bool = False
    extent: Span | None = None


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.found: list[_Found] = []
        self.definitions: dict[tuple[str, str], Definition] = {}
        self.actions: list[ActionEntry] = []
        self.seen: set[int] = set()

    def visit(self, node: yaml.Node, tp: Any, path: tuple, spec: Spec, defines: str | None, depth: int) -> None:
        if id(node) in self.seen or depth > MAX_DEPTH:
            return  # an alias names a node already indexed; its text is written once
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self._mapping(node, tp, path, spec, defines, depth)
        elif isinstance(node, yaml.SequenceNode):
            item_type = grammar.child_type(tp, 0) if tp is not None else None
            for i, item in enumerate(node.value):
                self.visit(item, item_type, path + (i,), spec, None, depth + 1)
        elif isinstance(node, yaml.ScalarNode) and spec.values:
            self._value(node, path, spec)

    def _mapping(self, node: yaml.MappingNode, tp: Any, path: tuple, spec: Spec, defines: str | None, depth: int) -> None:
        model = grammar.choose(tp, "map") if tp is not None else None
        is_model = grammar.is_model(model)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            here = path + (key,)
            if is_model and model is not None:
                field_spec = grammar.field_spec(model, key)
                child = grammar.child_type(model, key)
                section = key if grammar.defines_ids(model, key) else None
                self.visit(value_node, child, here, field_spec, section, depth + 1)
                continue
            child = grammar.child_type(model, key) if model is not None else None
            if defines is not None:
                self._define(defines, key, key_node, value_node, here, grammar.unwrap(child))
            elif spec.keys and key not in spec.words:
                self._refer(spec.keys, key, self._span(key_node), here, definition=False)
            self.visit(value_node, child, here, spec, None, depth + 1)

    # -- definitions

    def _define(self, section: str, key: str, key_node: yaml.Node, value_node: yaml.Node, path: tuple, item_type: Any) -> None:
        namespace = grammar.namespace_of(path[:-1])
        span = self._span(key_node)
        info = _scalars(value_node)
        self.definitions.setdefault((namespace, key), Definition(namespace, key, span, section, path, info))
        self.found.append(_Found(((namespace, None),), key, span, path, definition=True))
        if namespace == ACTIONS and grammar.is_model(item_type):
            self.actions += _action_entries(key, section, item_type, value_node, info)

    # -- references

    def _value(self, node: yaml.ScalarNode, path: tuple, spec: Spec) -> None:
        if node.tag != "tag:yaml.org,2002:str" or not node.value or node.value in spec.words:
            return
        if EXPRESSION in spec.values:
            for name, span in self._expression_names(node):
                self._refer_name(name, span, path)
        elif POLICY in spec.values:
            for name, span in self._policy_actions(node):
                self._refer((ACTIONS,), name, span, path, definition=False)
        elif EXTENDS in spec.values:
            self._refer_extends(node, path)
        else:
            self._refer(spec.values, node.value, self._span(node), path, definition=False)

    def _refer(self, namespaces: tuple, name: str, span: Span, path: tuple, definition: bool) -> None:
        extent = None
        if ACTIONS in namespaces and "." in name:
            base = name.split(".", 1)[0]  # 'lever.threaten', 'demand.accept': the id is the part before the dot
            extent, span, name = span, Span(span.start, span.start + len(base)), base
        self.found.append(_Found(tuple((ns, None) for ns in namespaces), name, span, path, definition=definition, extent=extent))

    def _refer_extends(self, node: yaml.ScalarNode, path: tuple) -> None:
        """``extends: talks`` (a template, or an item of the same section) or ``extends: deployments.mass_troops``."""
        span, name = self._span(node), node.value
        if "." in name:
            section, _, item = name.rpartition(".")
            start = span.start + len(section) + 1
            namespace = grammar.namespace_of(tuple(section.split(".")))
            self.found.append(_Found(((namespace, None),), item, Span(start, start + len(item)), path, extent=span))
            return
        self.found.append(_Found(tuple((ns, None) for ns in grammar.extends_targets(path)), name, span, path))

    def _refer_name(self, name: str, span: Span, path: tuple) -> None:
        if "." not in name:
            self.found.append(_Found((("variables", None),), name, span, path, expression=True))
            return
        prefix, rest = name.split(".", 1)
        targets = grammar.EXPRESSION_PREFIXES.get(prefix)
        if targets is None:
            return
        base = rest.split(".", 1)[0]
        start = span.start + len(prefix) + 1
        self.found.append(_Found(targets, base, Span(start, start + len(base)), path, expression=True, extent=span))

    # -- spans

    def _span(self, node: yaml.Node) -> Span:
        start, end = node.start_mark.index, node.end_mark.index
        if getattr(node, "style", None) in ("'", '"') and end - start >= 2:
            start, end = start + 1, end - 1
        return Span(start, end)

    def _expression_names(self, node: yaml.ScalarNode) -> Iterator[tuple[str, Span]]:
        """Names in an expression scalar, each with its exact span in the text (folded lines included)."""
        value = node.value
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            newline = self.text.find("\n", start, end)
            start = end if newline < 0 else newline + 1  # skip the indicator line (and any comment on it)
        raw = self.text[start:end]
        in_value = [m for m in NAME.finditer(value) if m.group() not in NOT_NAMES]
        in_raw = [m for m in NAME.finditer(raw) if m.group() not in NOT_NAMES]
        if [m.group() for m in in_value] == [m.group() for m in in_raw]:
            for m in in_raw:
                yield m.group(), Span(start + m.start(), start + m.end())
            return
        shift = start + (1 if node.style in ("'", '"') else 0)  # an escape changed the text: best effort
        for m in in_value:
            yield m.group(), Span(shift + m.start(), shift + m.end())

    def _policy_actions(self, node: yaml.ScalarNode) -> Iterator[tuple[str, Span]]:
        """The actions a ``fixed:a,b`` policy names."""
        value = node.value
        if not value.startswith("fixed:"):
            return
        base = self._span(node).start
        for m in re.finditer(r"[^,\s]+", value[len("fixed:"):]):
            offset = len("fixed:") + m.start()
            yield m.group(), Span(base + offset, base + offset + len(m.group()))

    # -- result

    def finish(self, parsed: bool) -> DocumentIndex:
        occurrences: dict[Span, Occurrence] = {}
        for f in self.found:
            namespace = self._resolve(f.targets, f.name)
            occurrences.setdefault(f.span, Occurrence(namespace, f.name, f.span, f.definition, f.path, f.expression, f.extent))
        return DocumentIndex(list(occurrences.values()), self.definitions, self.actions, parsed)

    def _resolve(self, targets: tuple, name: str) -> str:
        """The first target namespace that defines ``name`` (in an allowed section), else the first."""
        for namespace, sections in targets:
            found = self.definitions.get((namespace, name))
            if found is not None and (sections is None or found.section in sections):
                return namespace
        return targets[0][0]


def _scalars(node: yaml.Node) -> dict[str, str]:
    """The scalar fields of a mapping node (label, description, source, quote ...), as written."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    out = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            out[key.value] = value.value
        elif isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode):
            items = [v.value for v in value.value if isinstance(v, yaml.ScalarNode)]
            out[key.value] = ", ".join(items)
    return out


def _action_entries(key: str, section: str, model: Any, node: yaml.Node, info: dict[str, str]) -> list[ActionEntry]:
    """The action ids one item of an action section defines (a lever two, a demand one per answer)."""
    role_field = model.model_fields.get("role")
    default = role_field.default if role_field is not None and isinstance(role_field.default, str) else None
    own = tuple(r for r in (info.get("role") or info.get("by") or default,) if r)
    subs = [(f, t) for (m, f), t in grammar.SUB_ACTIONS.items() if m == model.__name__]
    if not subs:
        return [ActionEntry(key, own, key, section)]
    out = [ActionEntry(key, own, key, section)] if grammar.is_model(model) and _makes_itself(model) else []
    children = {k.value: v for k, v in node.value} if isinstance(node, yaml.MappingNode) else {}
    for field_name, template in subs:
        if "{answer}" in template:
            answers = children.get(field_name)
            roles = tuple(r.strip() for r in info.get("to", "").split(",") if r.strip())
            if isinstance(answers, yaml.MappingNode):
                out += [ActionEntry(template.format(key=key, answer=a.value), roles, key, section) for a, _ in answers.value]
        else:
            entry = ActionEntry(template.format(key=key), own, key, section)
            if entry not in out:
                out.append(entry)
    return out


def _makes_itself(model: Any) -> bool:
    """Whether an item with sub-actions is also an action under its own id (a demand is; a lever is via 'impose')."""
    return issubclass(model, ActionBase)


# -- when nothing parses -------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^( *)(?:- +)?(['\"]?)([^\s'\"#:{}\[\],&*!|>][^'\"#:{}\[\],]*?)\2 *:(?:\s|$)")


def scan_definitions(text: str) -> DocumentIndex:
    """Ids found by indentation alone: the keys one level under each id section (for text that does not parse)."""
    patterns = {pattern: namespace for namespace, pattern in grammar.id_sections()}
    stack: list[tuple[int, str]] = []  # (indent, key) of the enclosing keys
    definitions: dict[tuple[str, str], Definition] = {}
    occurrences: list[Occurrence] = []
    actions: list[ActionEntry] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        match = _KEY_LINE.match(line)
        if match and len(stack) < MAX_DEPTH:
            indent = len(match.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            key = match.group(3).strip()
            path = tuple(k for _, k in stack) + (key,)
            section = patterns.get(tuple(path[:-1]))
            if section is not None:
                namespace = grammar.namespace_of(path[:-1])
                start = offset + match.start(3)
                span = Span(start, start + len(key))
                definitions.setdefault((namespace, key), Definition(namespace, key, span, section, path))
                occurrences.append(Occurrence(namespace, key, span, True, path))
                if namespace == ACTIONS:
                    actions.append(ActionEntry(key, (), key, section))
            stack.append((indent, key))
        offset += len(line)
    return DocumentIndex(occurrences, definitions, actions, parsed=False)
