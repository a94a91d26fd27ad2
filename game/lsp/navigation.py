"""Hover, go to definition, find references and rename, over the document index.

Every function takes the index and a character offset and answers in offsets; the
server turns them into LSP positions. Renaming edits every occurrence the index
knows: keys, id lists, ``lever.threaten``-style compound ids and names inside
expressions, so ``sanction_banks`` becomes ``sanction_bank`` in
``imposed.sanction_banks`` and ``sanction_banks.threaten`` too.

>>> from .index import build_index
>>> text = "variables:\\n  tension: {label: Tension, initial: 5}\\nevents:\\n  e: {when: tension > 2}\\n"
>>> index = build_index(text)
>>> [text[s.start:s.end] for s in references(index, text.index("tension > 2"))]
['tension', 'tension']
>>> [(text[s.start:s.end], new) for s, new in rename(index, text.index("tension"), "strain")]
[('tension', 'strain'), ('tension', 'strain')]
"""

from __future__ import annotations

import re

from ..scenario.models import ID_PATTERN
from . import grammar
from .completion import PREFIX_HELP
from .index import Definition, DocumentIndex, Occurrence, Span

SOURCE_KEY = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"


class RenameError(ValueError):
    """A rename that cannot be done (nothing there, a bad new name, a clash); the message says why."""


def _resolved(index: DocumentIndex, offset: int) -> tuple[Occurrence, Definition] | None:
    occurrence = index.at(offset)
    if occurrence is None:
        return None
    definition = index.definition(occurrence.namespace, occurrence.name)
    return (occurrence, definition) if definition is not None else None


def definition_at(index: DocumentIndex, offset: int) -> Span | None:
    """Where the id under the cursor is defined (in this document; see ``definition_of`` for included files)."""
    found = definition_of(index, offset)
    return found.span if found is not None and not found.file else None


def definition_of(index: DocumentIndex, offset: int) -> Definition | None:
    """The definition of the id under the cursor, in this document or in a file it includes."""
    found = _resolved(index, offset)
    return found[1] if found else None


def references(index: DocumentIndex, offset: int, include_definition: bool = True) -> list[Span]:
    """Every place the id under the cursor is named."""
    found = _resolved(index, offset)
    if found is None:
        return []
    occurrence = found[0]
    return [o.span for o in index.uses(occurrence.namespace, occurrence.name) if include_definition or not o.definition]


def rename_target(index: DocumentIndex, offset: int) -> Span:
    """The span of the id a rename at ``offset`` would change (raises RenameError when there is none)."""
    found = _resolved(index, offset)
    if found is None:
        raise RenameError("there is no id here to rename (only ids this file defines can be renamed)")
    if found[1].file:
        raise RenameError(f"'{found[1].name}' is defined in {found[1].file}, which this file includes: rename it there")
    return found[0].span


def rename(index: DocumentIndex, offset: int, new_name: str) -> list[tuple[Span, str]]:
    """The edits that rename the id at ``offset`` to ``new_name`` everywhere in the document."""
    found = _resolved(index, offset)
    if found is None:
        raise RenameError("there is no id here to rename (only ids this file defines can be renamed)")
    occurrence, definition = found
    if definition.file:
        raise RenameError(f"'{definition.name}' is defined in {definition.file}, which this file includes: rename it there")
    pattern = SOURCE_KEY if definition.namespace == "sources" else ID_PATTERN
    if not re.match(pattern, new_name):
        rule = ("letters, digits, '_', '-' and '.'" if definition.namespace == "sources"
                else "lower-case letters, digits and _, starting with a letter")
        raise RenameError(f"'{new_name}' is not a valid id ({rule})")
    clash = index.definition(occurrence.namespace, new_name)
    if clash is not None and new_name != occurrence.name:
        raise RenameError(f"'{new_name}' is already defined (in {clash.section})")
    return [(o.span, new_name) for o in index.uses(occurrence.namespace, occurrence.name)]


def hover(index: DocumentIndex, offset: int, text: str) -> tuple[Span, str] | None:
    """Markdown about the id under the cursor: what it is, its label, description and source."""
    occurrence = index.at(offset)
    if occurrence is None:
        return None
    definition = index.definition(occurrence.namespace, occurrence.name)
    if definition is None:
        return occurrence.reach, f"`{occurrence.name}`: not defined in this file"
    return occurrence.reach, describe(index, definition, _state_word(occurrence, text))


def describe(index: DocumentIndex, d: Definition, state: str | None = None) -> str:
    """The hover text of one definition."""
    info = d.info
    kind = _kind_name(d)
    name = info.get("label") or info.get("name") or info.get("title")
    head = f"**{name}** (`{d.name}`), {kind}" if name else f"`{d.name}`, {kind}"
    parts = [head]
    if state:
        parts.append(f"`{state}.{d.name}`: {PREFIX_HELP.get(state, '')}")
    facts = _facts(d)
    if facts:
        parts.append(" · ".join(facts))
    if info.get("description") or info.get("text"):
        parts.append(info.get("description") or info.get("text", ""))
    if info.get("source"):
        parts.append(_source_line(index, info["source"]))
    if info.get("quote"):
        parts.append("> " + info["quote"].replace("\n", " "))
    uses = sum(1 for o in index.uses(d.namespace, d.name) if not o.definition)
    parts.append(f"named {uses} time{'s' if uses != 1 else ''} in this file")
    return "\n\n".join(parts)


def _facts(d: Definition) -> list[str]:
    info = d.info
    facts = []
    if d.section == "variables":
        unit = f" {info['unit']}" if info.get("unit") else ""
        facts.append(f"{info.get('min', '0')} to {info.get('max', '100')}{unit}, starts at {info.get('initial', '?')}")
        if info.get("visible_to"):
            facts.append(f"seen by: {info['visible_to']}")
    facts += [f"{key}: {info[key]}" for key in ("role", "by", "to", "cost", "when", "budget", "date") if key in info]
    return facts


def _source_line(index: DocumentIndex, key: str) -> str:
    """'Source: `key`, Title (date)' (the key alone when the file does not define it)."""
    cited = index.definition("sources", key)
    if cited is None or not cited.info.get("title"):
        return f"Source: `{key}`"
    date = f" ({cited.info['date']})" if cited.info.get("date") else ""
    return f"Source: `{key}`, {cited.info['title']}{date}"


def _kind_name(d: Definition) -> str:
    """'variable', 'lever', 'action in `deployments`' (the model's name, in words)."""
    item = grammar.walk_type(tuple(d.path[:-1]) + ("*",))
    model = getattr(item, "__name__", d.section)
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model).lower()
    return f"{words} in `{d.section}`" if words.replace(" ", "_") + "s" != d.section else words


def _state_word(occurrence: Occurrence, text: str) -> str | None:
    """For ``used.mass_troops`` under the cursor: 'used'."""
    if not occurrence.expression:
        return None
    written = text[occurrence.reach.start:occurrence.span.start]
    word = written[:-1] if written.endswith(".") else None
    return word if word in PREFIX_HELP else None


def symbols(index: DocumentIndex) -> list[Definition]:
    """The document's outline: every definition, in the order written."""
    return sorted((d for d in index.definitions.values() if not d.file), key=lambda d: d.span.start)
