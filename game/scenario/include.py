"""``include:``: a scenario put together from several files, each value keeping its file and line.

A scenario file is input a stranger may control (a file mailed to a facilitator, a
game hosted on a laptop), so what an ``include:`` may reach is narrow:

- a path relative to the including file, written with ``/`` (``parts/sanctions.yaml``,
  ``../common/sources.yaml``), or ``shipped:FILE`` for a file of the shipped scenarios folder;
- no absolute paths, drive letters, ``~``, backslashes or URLs; ``.yaml`` or ``.yml`` files only;
- the file, its symbolic links followed, must lie under the top scenario's folder or
  under the shipped scenarios folder, and be a regular file;
- at most ``MAX_DEPTH`` levels of includes, ``MAX_FILES`` files, and ``MAX_TOTAL_BYTES``
  for all of them together (each also obeys the single file's limits);
- a file that includes itself, directly or not, is an error (a cycle); a file included
  twice by different files is read once.

What the files hold joins as if each included file were written after the including
file's own text, in the order listed: mappings of items (``variables``, ``diplomacy``,
``map.places`` ...) by id, an id defined in two files being an error; lists (``drift``,
``hints``, ``tests``) one after the other; anything else (``id``, ``calendar``,
``map.region``) in one file only.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "sources.yaml").write_text("sources:\\n  doc: {title: A document}\\n")
>>> _ = (folder / "main.yaml").write_text("include: [sources.yaml]\\nsources:\\n  memo: {title: A memo}\\n")
>>> from game.scenario.yamlsafe import load_yaml_file
>>> doc = load_yaml_file(folder / "main.yaml", shown="main.yaml")
>>> resolve_includes(doc, folder / "main.yaml")
[]
>>> list(doc.data["sources"]), doc.file_of(("sources", "doc", "title")), doc.position(("sources", "doc", "title"))
(['memo', 'doc'], 'sources.yaml', (2, 16))
"""

from __future__ import annotations

import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from . import catalog
from .errors import Problem, ScenarioError
from .paths import DataPath, copy_entry, paths_below
from .salvage import describe, type_at
from .yamlsafe import MAX_BYTES, Document, decode, load_yaml_text, read_bytes

MAX_DEPTH = 8
MAX_FILES = 50
MAX_TOTAL_BYTES = 4_000_000
SHIPPED = "shipped:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class _Includer:
    doc: Document
    roots: list[Path]
    shipped: Path
    problems: list[Problem] = field(default_factory=list)
    read: dict[Path, str] = field(default_factory=dict)  # every file read (its real path) -> its shown name
    total: int = 0

    def include(self, sub: Document, at: Path, chain: list[Path], depth: int) -> None:
        """Join the files ``sub`` includes (``sub`` is the document at real path ``at``) into the main document."""
        entries = sub.data.get("include") if isinstance(sub.data, dict) else None
        if not isinstance(entries, list):
            return  # not a list: the schema pass says so (for the main file; an included file's is checked here)
        for i, entry in enumerate(entries):
            where = ("include", i)
            if not isinstance(entry, str):
                continue  # the schema pass reports it
            target, shown = self.locate(sub, where, entry, at)
            if target is None:
                continue
            if target in chain:
                loop = " -> ".join([self.read.get(p, str(p)) for p in chain[chain.index(target):]] + [shown])
                self.fail(sub, where, f"include cycle: {loop}", "E111")
                continue
            if target in self.read:
                continue  # included twice (by two files): read once
            if depth >= MAX_DEPTH:
                self.fail(sub, where, f"includes are nested too deeply (limit {MAX_DEPTH} levels)", "E111")
                continue
            if len(self.read) >= MAX_FILES:
                self.fail(sub, where, f"too many included files (limit {MAX_FILES})", "E111")
                continue
            part = self.load(sub, where, target, shown)
            if part is None:
                continue
            self.read[target] = shown
            self.join(part)  # its own sections first, then what it includes
            self.include(part, target, chain + [target], depth + 1)

    def locate(self, sub: Document, where: DataPath, entry: str, at: Path) -> tuple[Path | None, str]:
        """The real path of an include entry and the name it is shown under, or (None, '') with the problem reported."""
        shipped = entry.startswith(SHIPPED)
        rel = entry[len(SHIPPED):] if shipped else entry
        refused = _refusal(rel)
        if refused:
            self.fail(sub, where, f"include '{entry}' is refused: {refused}", "E111")
            return None, ""
        base = self.shipped if shipped else at.parent
        target = Path(os.path.realpath(base / rel))
        if not any(_under(target, root) for root in self.roots):
            self.fail(sub, where, f"include '{entry}' is refused: it leads outside this scenario's folder "
                      "and the shipped scenarios folder", "E111")
            return None, ""
        shown_base = (str(self.shipped) + "/") if shipped else _folder(sub.path)
        return target, os.path.normpath(shown_base + str(PurePosixPath(rel)))

    def load(self, sub: Document, where: DataPath, target: Path, shown: str) -> Document | None:
        if not target.is_file():
            what = "there is no such file" if not target.exists() else "it is not a regular file"
            self.fail(sub, where, f"include '{sub.value_at(where)}': {what}", "E110")
            return None
        try:
            raw = read_bytes(target, shown, min(MAX_BYTES, MAX_TOTAL_BYTES - self.total))
            part = load_yaml_text(decode(raw, shown), shown, keep_going=True)
        except ScenarioError as exc:
            if self.total + MAX_BYTES > MAX_TOTAL_BYTES and any("too large" in p.message for p in exc.problems):
                self.fail(sub, where, f"the included files are too large together (limit {MAX_TOTAL_BYTES:,} bytes)", "E111")
            self.problems += exc.problems
            self.doc.partial = True
            return None
        self.total += len(raw)
        self.doc.texts[shown] = part.text
        self.doc.included[shown] = str(target)
        self.doc.sources.append((self.source_name(target), raw))
        self.problems += part.problems
        if not isinstance(part.data, dict):
            self.problems.append(part.problem((), "an included file must be a mapping of sections (variables:, events:, ...)",
                                              code="E203"))
            self.doc.partial = True
            return None
        return part

    def source_name(self, target: Path) -> str:
        """A name for the content hash that does not depend on where the scenario's folder is."""
        for root in self.roots:
            if _under(target, root):
                return target.relative_to(root).as_posix()
        return target.name

    def fail(self, sub: Document, where: DataPath, message: str, code: str) -> None:
        self.problems.append(sub.problem(where, message, code=code))

    # -- joining ---------------------------------------------------------------------------------

    def join(self, part: Document) -> None:
        """Add what ``part`` holds to the main document (see the module docstring for the rules)."""
        for key, value in part.data.items():
            if key == "include":
                continue
            self.join_value(part, (key,), value)

    def join_value(self, part: Document, path: DataPath, value: Any) -> None:
        main = self.doc
        parent = main.value_at(path[:-1]) if path[:-1] else main.data
        key = path[-1]
        if not isinstance(parent, dict):
            return
        if key not in parent:
            parent[key] = value
            self.adopt(part, path, path)
            return
        mine, shape = parent[key], _shape(main.data, path)
        if shape == "items" and isinstance(mine, dict) and isinstance(value, dict):
            for item, content in value.items():
                if item in mine:
                    self.twice(part, path + (item,), at_key=True)
                    continue
                mine[item] = content
                self.adopt(part, path + (item,), path + (item,))
        elif shape == "list" and isinstance(mine, list) and isinstance(value, list):
            offset = len(mine)
            for i, content in enumerate(value):
                mine.append(content)
                self.adopt(part, path + (i,), path + (offset + i,))
        elif shape == "model" and isinstance(mine, dict) and isinstance(value, dict):
            for sub_key, content in value.items():
                self.join_value(part, path + (sub_key,), content)
        else:
            self.twice(part, path, at_key=True)

    def twice(self, part: Document, path: DataPath, at_key: bool) -> None:
        line, _ = self.doc.key_position(path)
        first = f"{self.doc.file_of(path)}:{line}"
        self.problems.append(part.problem(path, f"{describe(path)} is also given in {first}: "
                                          "each id and each setting may be written in one file only", at_key=at_key,
                                          code="E303"))

    def adopt(self, part: Document, source: DataPath, target: DataPath) -> None:
        """Copy the positions of ``part``'s value at ``source`` to the main document's ``target``."""
        main, n = self.doc, len(source)
        for where in paths_below(part.value_at(source), source):
            moved = target + where[n:]
            copy_entry(part.positions, main.positions, where, moved)
            copy_entry(part.key_positions, main.key_positions, where, moved)
            copy_entry(part.spans, main.spans, where, moved)
            if where in part.quoted:
                main.quoted.add(moved)
            if where in part.poisoned:
                main.poisoned.add(moved)
            main.origins[moved] = part.path


def resolve_includes(doc: Document, path: str | Path | None, shipped: Path | None = None) -> list[Problem]:
    """Join the files the document includes into it, in place; returns the problems (see the module docstring).

    ``path`` is where the document's file is (its folder is the scenario's folder); a
    document with no file (text in memory, no path) may include nothing.
    """
    if not isinstance(doc.data, dict) or not doc.data.get("include"):
        return []
    shipped = Path(os.path.realpath(shipped or catalog.shipped_dir()))
    if path is None:
        return [doc.problem(("include",), "a scenario given as text, without its file, cannot include files", code="E111")]
    at = Path(os.path.realpath(path))
    includer = _Includer(doc, [at.parent, shipped], shipped)
    includer.read[at] = doc.path
    includer.include(doc, at, [at], 0)
    return includer.problems


def _refusal(rel: str) -> str:
    """Why an include path is refused ('' when it is a plain relative path to a YAML file)."""
    if not rel.strip():
        return "it is empty"
    if "\\" in rel:
        return "write paths with '/' (a backslash is not allowed)"
    if rel.startswith("/") or _DRIVE.match(rel) or rel.startswith("~"):
        return "absolute paths are not allowed: give a path relative to this file"
    if _SCHEME.match(rel) or "//" in rel:
        return "URLs are not allowed: give a path relative to this file"
    if "\x00" in rel or any(ch < " " for ch in rel):
        return "it holds a control character"
    if PurePosixPath(rel).suffix.lower() not in (".yaml", ".yml"):
        return "only .yaml and .yml files can be included"
    return ""


def _under(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _folder(shown: str) -> str:
    folder = os.path.dirname(shown)
    return folder + "/" if folder else ""


def _shape(data: Any, path: DataPath) -> str:
    """How a value at ``path`` joins: 'items' (a mapping of items by id), 'list', 'model' (a mapping of settings,
    joined key by key: ``map``, ``consensus``) or 'once'."""
    tp = type_at(data, path)
    origin = typing.get_origin(tp)
    if origin is dict:
        return "items"
    if origin is list:
        return "list"
    if isinstance(tp, type) and issubclass(tp, BaseModel) and len(path) == 1 and path[0] in ("map", "consensus"):
        return "model"
    return "once"
