"""Where the cursor is, read from the text alone: for completion while the file does not parse.

Half-typed YAML (``effects: {tension: 5, sup``) stops the parser, so this module
reads the lines around the cursor the way an author does: by indentation, list
dashes, ``key:`` and the brackets of flow collections. It starts at the nearest
top-level key above the cursor, so it never reads more than one section.

>>> text = "events:\\n  e:\\n    effects: {tension: 5, sup"
>>> ctx = context_at(text, len(text))
>>> ctx.path, ctx.where, ctx.prefix
(('events', 'e', 'effects'), 'key', 'sup')
>>> text = "historical:\\n  us:\\n    - turn: 1\\n      orders: [talks, "
>>> context_at(text, len(text)).path
('historical', 'us', '-', 'orders', '-')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WORD = re.compile(r"[A-Za-z0-9_.\-]*$")
_TOP_KEY = re.compile(r"^[A-Za-z_\"']", re.M)
_KEY = re.compile(r"""(?:"([^"\\]*)"|'([^']*)'|([^\s'"#:{}\[\],&*!|>%@`-][^#:{}\[\],]*?|-[^\s#:{}\[\],][^#:{}\[\],]*?))[ \t]*:(?=\s|$)""")


@dataclass(frozen=True)
class Context:
    """What the cursor is in.

    ``path`` runs from the root to the container (keys, and '-' for a list item);
    ``where`` is "key" (a key of that mapping is being typed), "item" (a list item,
    or the first key of a new mapping in the list: the format decides), "value"
    (a plain scalar value of the last key in ``path``) or "text" (inside quotes or a
    block scalar of that key). ``prefix`` is the word typed so far, from ``start``.
    """

    path: tuple
    where: str
    prefix: str
    start: int


@dataclass
class _Frame:
    indent: int
    kind: str  # "map" or "seq"
    key: str | None = None


@dataclass
class _Flow:
    kind: str  # "{" or "["
    key: str | None = None
    expect: str = "key"
    token: list[str] = field(default_factory=list)


def context_at(text: str, offset: int) -> Context:
    """The Context of the cursor at ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    anchor = _anchor(text, offset)
    return _Reader(text[anchor:offset], anchor).read()


def _anchor(text: str, offset: int) -> int:
    """The start of the nearest top-level key line at or above the cursor's line (0 when there is none).

    Searched backwards, line by line, so a cursor near the end of a long file costs no more than one near its top.
    """
    start = text.rfind("\n", 0, offset) + 1
    while start > 0 and not _TOP_KEY.match(text, start):
        start = text.rfind("\n", 0, start - 1) + 1
    return start


class _Reader:
    """Reads a segment line by line, keeping the open block frames, flow collections and quotes."""

    def __init__(self, segment: str, base: int):
        self.segment, self.base = segment, base
        self.frames: list[_Frame] = []
        self.flows: list[_Flow] = []
        self.flow_owner: tuple = ()  # the path at which the open flow collection (or quote) began
        self.quote: str | None = None
        self.block_scalar: tuple[int, tuple] | None = None  # (indent of its key, path to it)

    def read(self) -> Context:
        lines = self.segment.split("\n")
        for line in lines[:-1]:
            self._line(line.rstrip("\r"), cursor=False)
        found = self._line(lines[-1], cursor=True)
        assert found is not None
        return found

    # -- one line

    def _line(self, line: str, cursor: bool) -> Context | None:
        if self.block_scalar is not None:
            indent, path = self.block_scalar
            if not line.strip() or _indent(line) > indent:
                return self._at_cursor(path, "text", line) if cursor else None
            self.block_scalar = None
        if self.quote is not None or self.flows:
            return self._flow_text(line, 0, cursor)
        stripped = line.strip()
        if not cursor and (not stripped or stripped.startswith("#")):
            return None
        col = _indent(line)
        self._close(col, starts_item=_is_dash(line, col))
        dashed = False
        while _is_dash(line, col):
            self._item(col)
            dashed = True
            col += 1
            while line[col:col + 1] == " ":
                col += 1
        match = _KEY.match(line, col)
        if match is None:
            return self._no_key(line, col, dashed, cursor)
        key = next(g for g in match.groups() if g is not None).strip()
        self._key(col, key)
        return self._after_key(line, match.end(), cursor)

    def _close(self, col: int, starts_item: bool) -> None:
        """Close the frames a line at ``col`` ends (a list may sit at its parent key's indent)."""
        while self.frames:
            top = self.frames[-1]
            if top.indent > col or (top.indent == col and top.kind == "seq" and not starts_item):
                self.frames.pop()
            else:
                break

    def _item(self, col: int) -> None:
        top = self.frames[-1] if self.frames else None
        if top is None or top.indent < col or (top.indent == col and top.kind == "map"):
            self.frames.append(_Frame(col, "seq"))

    def _key(self, col: int, key: str) -> None:
        top = self.frames[-1] if self.frames else None
        if top is not None and top.indent == col and top.kind == "map":
            top.key = key
        else:
            self.frames.append(_Frame(col, "map", key))

    def _after_key(self, line: str, i: int, cursor: bool) -> Context | None:
        rest = line[i:]
        value = rest.lstrip(" \t")
        i += len(rest) - len(value)
        if not value or value.startswith("#"):
            return self._at_cursor(self._path(), "value", "") if cursor and not value else None
        if value[0] in "|>":
            self.block_scalar = (self.frames[-1].indent, self._path())
            return self._at_cursor(self._path(), "text", "") if cursor else None
        if value[0] in "{[\"'":
            self.flow_owner = self._path()
            return self._flow_text(line, i, cursor)
        return self._at_cursor(self._path(), "value", value) if cursor else None

    def _no_key(self, line: str, col: int, dashed: bool, cursor: bool) -> Context | None:
        """A line with no ``key:``: a list item, a flow collection, or (at the cursor) a key being typed."""
        text = line[col:]
        if text[:1] in ("{", "[", '"', "'"):
            self.flow_owner = self._path()
            return self._flow_text(line, col, cursor)
        if not cursor:
            return None
        if dashed:
            return self._at_cursor(self._path(), "item", text)
        top = self.frames[-1] if self.frames else None
        same_level = top is not None and top.kind == "map" and top.indent == col
        path = self._path()
        return self._at_cursor(path[:-1] if same_level else path, "key", text)

    # -- flow collections and quoted scalars

    def _flow_text(self, line: str, i: int, cursor: bool) -> Context | None:
        owner, closed = self.flow_owner, False
        while i < len(line):
            ch = line[i]
            if self.quote is not None:
                close = self._quote_end(line, i)
                if close < 0:
                    return self._at_cursor(self._flow_path(value=True), "text", line[i:]) if cursor else None
                self.quote = None
                i = close + 1
                if not self.flows:
                    self.flow_owner = ()
                continue
            if ch in "\"'":
                self.quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            elif ch in "{[":
                self.flows.append(_Flow(ch))
            elif ch in "}]":
                if self.flows:
                    self.flows.pop()
                if not self.flows:
                    closed = True  # what follows on the line (a comment, or a mistake) is not inside it
            elif ch == "," and self.flows:
                top = self.flows[-1]
                top.expect, top.key, top.token = "key", None, []
            elif ch == ":" and self.flows and self.flows[-1].kind == "{" and line[i + 1:i + 2] in ("", " ", ",", "]", "}"):
                top = self.flows[-1]
                top.key, top.expect, top.token = "".join(top.token).strip().strip("\"'"), "value", []
            elif self.flows:
                self.flows[-1].token.append(ch)
            i += 1
        if not self.flows and self.quote is None:
            self.flow_owner = ()
        if not cursor:
            return None
        prefix_source = line
        if not self.flows:
            return self._at_cursor(owner if closed or self.flow_owner else self._path(), "value", prefix_source)
        top = self.flows[-1]
        if top.kind == "[":
            return self._at_cursor(self._flow_path(value=False), "item", prefix_source)
        if top.expect == "key":
            return self._at_cursor(self._flow_path(value=False), "key", prefix_source)
        return self._at_cursor(self._flow_path(value=True), "value", prefix_source)

    def _quote_end(self, line: str, i: int) -> int:
        """Where the open quote closes on this line (-1 when it does not)."""
        j = i
        while j < len(line):
            if self.quote == "'" and line[j] == "'":
                if line[j + 1:j + 2] == "'":
                    j += 2
                    continue
                return j
            if self.quote == '"':
                if line[j] == "\\":
                    j += 2
                    continue
                if line[j] == '"':
                    return j
            j += 1
        return -1

    def _flow_path(self, value: bool) -> tuple:
        """The path inside the open flow collections: '-' for a sequence, the key for a mapping's value."""
        path = list(self.flow_owner)
        for n, flow in enumerate(self.flows):
            inner = n == len(self.flows) - 1
            if flow.kind == "[":
                path.append("-")
            elif flow.key is not None and (not inner or value):
                path.append(flow.key)
        return tuple(path)

    # -- paths

    def _path(self) -> tuple:
        """Keys and list dashes from the root to the value of the innermost key."""
        return tuple("-" if f.kind == "seq" else f.key for f in self.frames if f.kind == "seq" or f.key is not None)

    def _at_cursor(self, path: tuple, where: str, typed: str) -> Context:
        found = WORD.search(typed)
        prefix = _last_word(typed) if where == "text" or found is None else found.group()
        return Context(tuple(path), where, prefix, self.base + len(self.segment) - len(prefix))


def _is_dash(line: str, col: int) -> bool:
    return line[col:col + 1] == "-" and line[col + 1:col + 2] in (" ", "")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _last_word(text: str) -> str:
    match = re.search(r"[A-Za-z_][A-Za-z0-9_.]*$", text)
    return match.group() if match else ""
