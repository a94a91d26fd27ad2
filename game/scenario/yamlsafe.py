"""Safe YAML loading that remembers where every value came from.

Only plain data comes out: mappings, sequences, strings, numbers, booleans and
null. Tags (``!!python/object`` and friends) are refused, duplicate keys are
errors, YAML 1.1's loose booleans (``no``, ``on``, ``NO`` for Norway) stay text
and dates stay text. Oversized files and alias bombs are refused before any
expansion happens.

>>> doc = load_yaml_text("country: NO\\nsize: 3\\n", "x.yaml")
>>> doc.data, doc.position(("size",))
({'country': 'NO', 'size': 3}, (2, 7))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, ScenarioError

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_ALIASES = 100

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with YAML 1.2 booleans and no implicit timestamps."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
Path_ = tuple  # a path into the document: keys and list indices


@dataclass
class Document:
    """Plain data plus the (line, column) of every value, keyed by its path."""

    path: str
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    quoted: set[tuple] = field(default_factory=set)
    text: str = ""  # the source text (its comments can silence warnings)

    def text_position(self, where: tuple, offset: int) -> tuple[int, int]:
        """Position of character ``offset`` inside the one-line text scalar at ``where``."""
        line, col = self.position(where)
        return line, col + offset + (1 if tuple(where) in self.quoted else 0)

    def position(self, where: tuple) -> tuple[int, int]:
        """The closest known position for a path (falls back to its parents)."""
        where = tuple(where)
        while where:
            if where in self.positions:
                return self.positions[where]
            where = where[:-1]
        return self.positions.get((), (1, 1))

    def key_position(self, where: tuple) -> tuple[int, int]:
        """Where the key of a mapping entry is written (for 'unknown key' errors)."""
        return self.key_positions.get(tuple(where)) or self.position(where)

    def problem(self, where: tuple, message: str, *, at_key: bool = False) -> Problem:
        line, col = self.key_position(where) if at_key else self.position(where)
        return Problem(self.path, line, col, message)


def load_yaml_file(path: str | Path) -> Document:
    """Read and parse a scenario file; raises ScenarioError with located problems."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(shown, 1, 1, f"cannot read file: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Problem(shown, 1, 1, f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})")])
    if b"\x00" in raw:
        raise ScenarioError([Problem(shown, 1, 1, "file is binary, not YAML text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(shown, line, 1, "file is not UTF-8 text")]) from None
    return load_yaml_text(text, shown)


def load_yaml_text(text: str, path: str = "<text>") -> Document:
    """Parse YAML text into a located Document (see module docstring)."""
    if len(text) > MAX_BYTES:
        raise ScenarioError([Problem(path, 1, 1, f"document is too large (limit {MAX_BYTES:,} characters)")])
    if not text.strip():
        raise ScenarioError([Problem(path, 1, 1, "file is empty")])
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise ScenarioError([Problem(path, line, col, f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(path, 1, 1, f"YAML syntax: {exc}")]) from None
    if node is None:
        raise ScenarioError([Problem(path, 1, 1, "file is empty")])
    builder = _Builder(path)
    data = builder.build(node, ())
    if builder.problems:
        raise ScenarioError(builder.problems)
    return Document(path, data, builder.positions, builder.key_positions, builder.quoted, text)


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions."""

    def __init__(self, path: str):
        self.path = path
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.key_positions: dict[tuple, tuple[int, int]] = {}
        self.quoted: set[tuple] = set()
        self.problems: list[Problem] = []
        self.nodes = 0
        self.seen: set[int] = set()
        self.aliases = 0
        self.constructor = _StrictLoader("")

    def _where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: yaml.Node, message: str) -> None:
        line, col = self._where(node)
        self.problems.append(Problem(self.path, line, col, message))

    def build(self, node: yaml.Node, where: tuple) -> Any:
        self.nodes += 1
        if id(node) in self.seen:
            # The composer shares aliased nodes; each reuse is an expansion.
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise ScenarioError([Problem(self.path, *self._where(node), f"too many aliases (limit {MAX_ALIASES})")])
        self.seen.add(id(node))
        if self.nodes > MAX_NODES:
            raise ScenarioError([Problem(self.path, *self._where(node), f"document is too large (over {MAX_NODES:,} values)")])
        self.positions[where] = self._where(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._fail(node, f"YAML tag '{node.tag}' is not allowed (scenario files hold plain data)")
                return None
            return [self.build(item, where + (i,)) for i, item in enumerate(node.value)]
        if node.style in ("'", '"'):
            self.quoted.add(where)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, where: tuple) -> dict | None:
        if node.tag != "tag:yaml.org,2002:map":
            self._fail(node, f"YAML tag '{node.tag}' is not allowed (scenario files hold plain data)")
            return None
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "merge keys ('<<') are not supported; write the values out")
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                self._fail(key_node, "mapping keys must be plain text")
                continue
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in out:
                first = self.key_positions.get(where + (key,), (0, 0))
                self._fail(key_node, f"duplicate key '{key}' (first defined at line {first[0]})")
                continue
            self.key_positions[where + (key,)] = self._where(key_node)
            out[key] = self.build(value_node, where + (key,))
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self._fail(node, f"YAML tag '{node.tag}' is not allowed (scenario files hold plain data)")
            return None
        try:
            return self.constructor.construct_object(node)
        except yaml.YAMLError as exc:
            self._fail(node, f"bad value: {exc}")
            return None


def compose_text(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` under this module's rules, for tools that need exact spans
    (each node's ``start_mark.index`` and ``end_mark.index`` are character offsets into ``text``).

    >>> compose_text("a: b\\n").value[0][1].start_mark.index
    3
    """
    return yaml.compose(text, Loader=_StrictLoader)
