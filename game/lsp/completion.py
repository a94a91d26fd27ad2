"""Completion: the ids (or keys) that fit where the cursor is.

The cursor's place comes from the text (``scan.context_at``, which needs no parse);
what fits there comes from ``grammar`` (the field's meaning), and the ids from the
document index, topped up by ``index.scan_definitions`` when the text does not parse
so an id written a second ago is offered too.

>>> text = "roles:\\n  us: {name: U, budget: 1}\\nvariables:\\n  tension: {label: T, initial: 1}\\n"
>>> text += "events:\\n  e:\\n    effects: {ten"
>>> [c.label for c in complete(text, len(text), None)]
['tension']
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from ..scenario.expr import FUNCTIONS
from ..scenario.yamlsafe import MAX_BYTES
from . import grammar
from .grammar import ACTIONS, EXPRESSION, EXTENDS, POLICY
from .index import ActionEntry, DocumentIndex, build_index, merged, scan_definitions
from .scan import Context, context_at

PREFIX_HELP = {
    "used": "times the action has been taken",
    "now": "1 in the turn the action is taken",
    "failed": "times the action was ordered and did not take effect",
    "fired": "times the event or reaction has happened",
    "made": "1 once the demand has been made",
    "pending": "1 while the demand waits for answers",
    "accepted": "1 once every addressee accepted the demand",
    "rejected": "1 once the demand was rejected",
    "countered": "1 once the demand was countered",
    "expired": "1 once the demand expired unanswered",
    "threatened": "1 once the lever has been threatened",
    "imposed": "1 once the lever has been imposed",
    "declared": "1 once the threat or red line is declared",
    "due": "1 while the threat or red line is due (its trigger held)",
    "honored": "1 once the threat or red line was carried out in time",
    "broken": "1 once the threat or red line was not carried out in time",
}


@dataclass(frozen=True)
class Candidate:
    """One completion: ``insert`` replaces the text from ``start`` to the cursor."""

    label: str
    kind: str  # a namespace ("variables", "actions" ...), "field", "function", "state", "value"
    detail: str
    documentation: str
    start: int
    insert: str


def complete(text: str, offset: int, index: DocumentIndex | None) -> list[Candidate]:
    """What may be written at ``offset``; ``index`` is the latest index of the document (or None)."""
    ctx = context_at(text, offset)
    known = _known(text, index)
    where, path = ctx.where, ctx.path
    if where == "item":
        item = grammar.walk_type(path)
        if grammar.is_model(item):
            return _fields(item, ctx)
        where = "value"
    if where == "key":
        container = grammar.walk_type(path)
        if grammar.is_model(container):
            return _fields(container, ctx)
        spec = grammar.spec_of(path)
        return _ids(spec.keys, ctx, known, path, spec.words)
    spec = grammar.spec_of(path)
    if EXPRESSION in spec.values:
        return _expression(ctx, known)
    if POLICY in spec.values:
        return _policies(ctx, known, path, text[text.rfind("\n", 0, offset) + 1:offset])
    if EXTENDS in spec.values:
        return _extends(ctx, known, path)
    return _unique(_ids(spec.values, ctx, known, path, spec.words) + _choices(grammar.walk_type(path), ctx))


def _known(text: str, index: DocumentIndex | None) -> DocumentIndex:
    """The index to draw ids from: the given one, with what a scan of the live text adds when it did not parse."""
    if index is None:
        index = build_index(text)
    if index.parsed or len(text) > MAX_BYTES:  # a file the validator refuses is not scanned either
        return index
    return merged(index, scan_definitions(text))


def _ids(namespaces: tuple, ctx: Context, known: DocumentIndex, path: tuple, words: tuple = ()) -> list[Candidate]:
    out = [Candidate(word, "value", "", "", ctx.start, word) for word in words]
    for namespace in namespaces:
        if namespace == ACTIONS:
            role = _role_of(path, known)
            for action in known.actions:
                if role is None or not action.roles or role in action.roles:
                    out.append(_action(action, action.id, known, ctx))
        elif namespace not in (EXPRESSION, POLICY, EXTENDS):
            for d in known.ids(namespace):
                out.append(_candidate(d.name, namespace, d, ctx, d.name))
    return _unique(out)


def _candidate(label: str, namespace: str, d: Any, ctx: Context, insert: str) -> Candidate:
    info = d.info if d is not None else {}
    detail = info.get("label") or info.get("name") or info.get("title") or ""
    return Candidate(label, namespace, detail, info.get("description") or info.get("text") or "", ctx.start, insert)


def _action(action: ActionEntry, label: str, known: DocumentIndex, ctx: Context) -> Candidate:
    """An action id, with its item's label and who may order it ('Halt expansion (us)' for an answer)."""
    plain = _candidate(label, ACTIONS, known.definition(ACTIONS, action.base), ctx, label)
    owners = ", ".join(action.roles)
    detail = f"{plain.detail} ({owners})" if plain.detail and owners else plain.detail or owners
    return Candidate(plain.label, ACTIONS, detail, plain.documentation, plain.start, plain.insert)


def _role_of(path: tuple, known: DocumentIndex) -> str | None:
    """The role whose actions fit here: a role key in the path (historical, tests), else the item's own role."""
    roles = {d.name for d in known.ids("roles")}
    for i, step in enumerate(path):
        if step in roles and "roles" in grammar.spec_of(path[:i + 1]).keys:
            return step
    for d in known.definitions.values():
        if d.namespace == ACTIONS or d.section == "red_lines":
            if path[:len(d.path)] == d.path and len(path) > len(d.path):
                return d.info.get("role") or d.info.get("by")
    return None


def _expression(ctx: Context, known: DocumentIndex) -> list[Candidate]:
    """Names for an expression: variables, turn, functions and ``state.id`` names."""
    word = ctx.prefix
    if "." in word:
        head = word.split(".", 1)[0]
        targets = grammar.EXPRESSION_PREFIXES.get(head, ())
        out = []
        for namespace, sections in targets:
            if namespace == ACTIONS and sections is None:
                out += [_action(action, f"{head}.{action.id}", known, ctx) for action in known.actions]
            else:
                for d in known.ids(namespace):
                    if sections is None or d.section in sections:
                        out.append(_candidate(f"{head}.{d.name}", namespace, d, ctx, f"{head}.{d.name}"))
        return _unique(out)
    out = [_candidate(d.name, "variables", d, ctx, d.name) for d in known.ids("variables")]
    out += [Candidate(name, "value", help_text, "", ctx.start, name) for name, help_text in grammar.BUILTIN_NAMES.items()]
    out += [Candidate(name, "function", f"{name}(...)", "", ctx.start, name) for name in FUNCTIONS]
    out += [Candidate(f"{head}.", "state", help_text, "", ctx.start, f"{head}.") for head, help_text in PREFIX_HELP.items()]
    return _unique(out)


def _extends(ctx: Context, known: DocumentIndex, path: tuple) -> list[Candidate]:
    """What an item may extend: the templates, and the other items of its own section."""
    own = tuple(path[:list(path).index("extends")]) if "extends" in path else tuple(path)
    section = own[:-1]
    out = [_candidate(d.name, "templates", d, ctx, d.name) for d in known.ids("templates") if own != ("templates", d.name)]
    if section and section[0] != "templates":
        out += [_candidate(d.name, d.namespace, d, ctx, d.name) for d in known.definitions.values()
                if tuple(d.path[:-1]) == section and d.name != own[-1]]
    return _unique(out)


def _policies(ctx: Context, known: DocumentIndex, path: tuple, line: str) -> list[Candidate]:
    """AI policy names; after ``fixed:``, the role's actions."""
    if "fixed:" in line:
        return _ids((ACTIONS,), ctx, known, path)
    from ..ai import policy_names

    names = policy_names() + ["fixed:"]
    return [Candidate(name, "value", "AI policy", "", ctx.start, name) for name in names]


def _fields(model: type, ctx: Context) -> list[Candidate]:
    """The keys a model allows, with their descriptions (what the JSON Schema would offer)."""
    return [Candidate(name, "field", _type_name(f.annotation), f.description or "", ctx.start, f"{name}: ")
            for name, f in model.model_fields.items()]


def _choices(tp: Any, ctx: Context) -> list[Candidate]:
    """Fixed values: true/false, or the words a Literal allows."""
    tp = grammar.unwrap(tp)
    members = typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,)
    words: list[str] = []
    for member in members:
        if member is bool:
            words += ["true", "false"]
        elif typing.get_origin(member) is typing.Literal:
            words += [str(a) for a in typing.get_args(member)]
    return [Candidate(w, "value", "", "", ctx.start, w) for w in words]


def _type_name(tp: Any) -> str:
    tp = grammar.unwrap(tp)
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _unique(items: list[Candidate]) -> list[Candidate]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.label not in seen:
            seen.add(item.label)
            out.append(item)
    return out
