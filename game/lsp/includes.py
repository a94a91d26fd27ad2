"""Ids from the files a scenario includes: offered in completion, shown on hover, reached by go to definition.

The files are found by the validator's own rules (``game.scenario.include``: relative
paths under the scenario's folder or the shipped one, no cycles), read from disk and
indexed once per change of the file (its modification time and size). Their ids join
the document's index as definitions that name their file; occurrences stay the
document's own (positions in another file mean nothing here), so rename refuses an id
written in an included file.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "vars.yaml").write_text("variables:\\n  tension: {label: Tension, initial: 5}\\n")
>>> text = "include: [vars.yaml]\\nevents:\\n  e: {when: tension > 2}\\n"
>>> index = with_included(build_index(text), text, str(folder / "main.yaml"))
>>> d = index.definition("variables", "tension")
>>> d.file.endswith("vars.yaml"), d.info["label"]
(True, 'Tension')
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from ..scenario.errors import ScenarioError
from ..scenario.include import resolve_includes
from ..scenario.yamlsafe import MAX_BYTES, load_yaml_text
from .index import DocumentIndex, build_index

_CACHE: dict[str, tuple[tuple[float, int], DocumentIndex]] = {}


def included_files(text: str, path: str) -> list[str]:
    """The real paths of the files ``text`` (the document at ``path``) includes, directly or not."""
    if "include" not in text or len(text) > MAX_BYTES:
        return []
    try:
        doc = load_yaml_text(text, path, keep_going=True)
        resolve_includes(doc, path)
    except (ScenarioError, OSError, ValueError):
        return []
    return list(doc.included.values())


def index_of_file(path: str) -> DocumentIndex | None:
    """The index of the file at ``path`` (cached while the file is unchanged); None when it cannot be read."""
    try:
        stat = os.stat(path)
        key = (stat.st_mtime, stat.st_size)
        cached = _CACHE.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = build_index(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    _CACHE[path] = (key, index)
    return index


def with_included(index: DocumentIndex, text: str, path: str) -> DocumentIndex:
    """``index`` with the ids the included files define (those the document defines itself win)."""
    files = included_files(text, path)
    if not files:
        return index
    definitions = dict(index.definitions)
    actions = list(index.actions)
    have = {a.id for a in actions}
    for file in files:
        other = index_of_file(file)
        if other is None:
            continue
        for key, d in other.definitions.items():
            definitions.setdefault(key, replace(d, file=file))
        for action in other.actions:
            if action.id not in have:
                have.add(action.id)
                actions.append(action)
    return DocumentIndex(list(index.occurrences), definitions, actions, index.parsed)


def text_of(path: str) -> str:
    """The text of an included file (for turning a definition's offsets into a position there)."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
