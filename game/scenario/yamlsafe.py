"""Safe YAML loading that remembers where every value came from.

Only plain data comes out: mappings, sequences, strings, numbers, booleans and
null. Tags (``!!python/object`` and friends) are refused, duplicate keys are
errors, merge keys (``<<: *defaults``) fill a mapping with what it does not
write itself (every merged value keeps the position where it is written), YAML 1.1's loose booleans (``no``, ``on``, ``NO`` for Norway) stay text
and dates stay text. Oversized files, alias bombs and deep nesting are refused
before any expansion happens. Every number must be finite and of a sane size,
and text may hold no lone surrogates or control characters: what is refused
here never reaches the engine.

A syntax error names the likely cause (an unquoted colon, a tab, a line out of
line) instead of the parser's words. The position of every character of a text
value is kept, so an error inside a folded (``>-``) or literal (``|``)
expression points at its own line.

>>> doc = load_yaml_text("country: NO\\nsize: 3\\n", "x.yaml")
>>> doc.data, doc.position(("size",))
({'country': 'NO', 'size': 3}, (2, 7))
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import MAX_NUMBER, Problem, ScenarioError
from .paths import DataPath

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_ALIASES = 100
MAX_DEPTH = 64
MAX_SEED = 2**63 - 1

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

_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # tab, newline and return are text
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Document:
    """Plain data plus the (line, column) of every value, keyed by its path.

    A scenario may be put together from several files (``include:``) and items that
    inherit from templates (``extends:``): ``origins`` names the file of every value
    written in another file than ``path``, ``texts`` holds every file's text, and
    ``inherited`` says, for a value an item inherits, which item and which template
    (problems there are reported where the value is written, naming the item).
    """

    path: str
    data: Any
    positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    quoted: set[DataPath] = field(default_factory=set)
    text: str = ""  # the source text (its comments can silence warnings)
    spans: dict[DataPath, tuple[int, int, str]] = field(default_factory=dict)  # text scalars: start, end, style
    problems: list[Problem] = field(default_factory=list)  # what the builder refused (with keep_going)
    poisoned: set[DataPath] = field(default_factory=set)  # paths whose value was refused (now None)
    origins: dict[DataPath, str] = field(default_factory=dict)  # paths of values written in another file -> that file
    texts: dict[str, str] = field(default_factory=dict)  # the other files' texts, by the path shown for each
    inherited: dict[DataPath, Inherited] = field(default_factory=dict)  # paths of inherited values -> by whom, from what
    sources: list[tuple[str, bytes]] = field(default_factory=list)  # the other files read (name, bytes), for the content hash
    partial: bool = False  # an included file could not be read: ids it may define are missing
    included: dict[str, str] = field(default_factory=dict)  # every included file: its shown name -> its real path
    translation: Any = None  # the locales.Translation its text was replaced with, if any
    written: Any = None  # the data as written (includes joined, templates not merged), for translations

    def file_of(self, where: DataPath) -> str:
        """The file the value at ``where`` is written in (the nearest written parent's, for a missing one)."""
        where = tuple(where)
        while where:
            if where in self.origins:
                return self.origins[where]
            if where in self.positions:
                return self.path
            where = where[:-1]
        return self.path

    def text_of(self, file: str) -> str:
        """The text of one of the document's files."""
        return self.text if file == self.path else self.texts.get(file, "")

    def inherited_at(self, where: DataPath) -> Inherited | None:
        """Which item inherits the value at ``where`` from which template (None: the item writes it itself)."""
        where = tuple(where)
        while where:
            if where in self.inherited:
                return self.inherited[where]
            where = where[:-1]
        return None

    def text_position(self, where: DataPath, offset: int) -> tuple[int, int]:
        """Position of character ``offset`` of the text value at ``where``, on whichever
        line of the file it is written (folded and literal blocks included)."""
        where = tuple(where)
        span, value = self.spans.get(where), self.value_at(where)
        if span is not None and isinstance(value, str):
            text = self.text_of(self.file_of(where))
            index = _source_index(text, span, value, offset)
            if index is not None:
                return _line_col(text, index)
        line, col = self.position(where)
        return line, col + offset + (1 if where in self.quoted else 0)

    def value_at(self, where: DataPath) -> Any:
        """The data at a path (None when there is none)."""
        node = self.data
        for part in where:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def position(self, where: DataPath) -> tuple[int, int]:
        """The closest known position for a path (falls back to its parents)."""
        where = tuple(where)
        while where:
            if where in self.positions:
                return self.positions[where]
            where = where[:-1]
        return self.positions.get((), (1, 1))

    def key_position(self, where: DataPath) -> tuple[int, int]:
        """Where the key of a mapping entry is written (for 'unknown key' errors)."""
        return self.key_positions.get(tuple(where)) or self.position(where)

    def problem(self, where: DataPath, message: str, *, at_key: bool = False, code: str = "",
                severity: str = "error") -> Problem:
        """A problem about the value at ``where`` (its key, with ``at_key``), in the file it is written in."""
        line, col = self.key_position(where) if at_key else self.position(where)
        return self._problem(where, line, col, message, code, severity)

    def text_problem(self, where: DataPath, offset: int, message: str, *, code: str = "", severity: str = "error") -> Problem:
        """A problem at character ``offset`` of the text value at ``where``."""
        line, col = self.text_position(where, offset)
        return self._problem(where, line, col, message, code, severity)

    def _problem(self, where: DataPath, line: int, col: int, message: str, code: str, severity: str) -> Problem:
        via = self.inherited_at(where)
        if via is None:
            return Problem(self.file_of(where), line, col, message, severity=severity, code=code)
        return Problem(self.file_of(where), line, col, message, severity=severity, code=code,
                       template=via.template, inherited_by=(via.item,))


@dataclass(frozen=True)
class Inherited:
    """A value an item inherits: the item (as an author finds it: ``diplomacy.talks_us (line 40)``) and the
    template or item it comes from, as its ``extends:`` names it."""

    item: str
    template: str


def load_yaml_file(path: str | Path, keep_going: bool = False, shown: str | None = None) -> Document:
    """Read and parse a scenario file; raises ScenarioError with located problems (see ``load_yaml_text``).

    ``shown`` is the name problems give the file (default: the path as given).
    """
    shown = str(path) if shown is None else shown
    return load_yaml_text(read_text(path, shown), shown, keep_going)


def read_bytes(path: str | Path, shown: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a file of at most ``limit`` bytes; raises ScenarioError (E100) naming ``shown``."""
    try:
        with open(path, "rb") as handle:  # read at most one byte past the limit, whatever the file claims to be
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise ScenarioError([Problem(shown, 1, 1, f"cannot read file: {exc.strerror or exc}", code="E100")]) from None
    if len(raw) > limit:
        raise ScenarioError([Problem(shown, 1, 1, f"file is too large (over {limit:,} bytes)", code="E100")])
    return raw


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text of a file's bytes; raises ScenarioError (E100) for binary or non-UTF-8 data."""
    if b"\x00" in raw:
        raise ScenarioError([Problem(shown, 1, 1, "file is binary, not YAML text", code="E100")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(shown, line, 1, "file is not UTF-8 text", code="E100")]) from None


def read_text(path: str | Path, shown: str) -> str:
    return decode(read_bytes(path, shown), shown)


def load_yaml_text(text: str, path: str = "<text>", keep_going: bool = False) -> Document:
    """Parse YAML text into a located Document (see module docstring).

    A syntax error always raises ScenarioError. Values the builder refuses (a
    tag, a NaN, a duplicate key) raise too, unless ``keep_going``: then they are
    left out (or None), listed in ``problems`` and their paths in ``poisoned``,
    so later checks can still run on the rest.
    """
    if len(text) > MAX_BYTES:
        raise ScenarioError([Problem(path, 1, 1, f"document is too large (limit {MAX_BYTES:,} characters)", code="E100")])
    if not text.strip():
        raise ScenarioError([Problem(path, 1, 1, "file is empty", code="E100")])
    surrogate = _SURROGATE.search(text)
    if surrogate:  # only text handed over in memory can hold one (an editor's buffer); no UTF-8 file can
        line, col = _line_col(text, surrogate.start())
        raise ScenarioError([Problem(path, line, col, f"text holds {_bad_character(surrogate.group())}, which a scenario may "
                                     "not hold", code="E104")])
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = syntax_message(text, line, col, exc.problem or exc.context or "invalid YAML", exc.context or "")
        raise ScenarioError([Problem(path, line, col, f"YAML syntax: {what}", code="E101")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(path, 1, 1, f"YAML syntax: {exc}", code="E101")]) from None
    if node is None:
        raise ScenarioError([Problem(path, 1, 1, "file is empty", code="E100")])
    builder = _Builder(path)
    data = builder.build(node, ())
    if builder.problems and not keep_going:
        raise ScenarioError(builder.problems)
    return Document(path, data, builder.positions, builder.key_positions, builder.quoted, text,
                    builder.spans, builder.problems, builder.poisoned)


# -- syntax errors in words an author knows ------------------------------------------------------

def syntax_message(text: str, line: int, col: int, problem: str, context: str = "") -> str:
    r"""The parser's complaint at ``line:col`` said as its likely cause, with what to do.

    >>> print(syntax_message("title: Base: a crisis\n", 1, 12, "mapping values are not allowed in this context"))
    a ': ' inside a value starts a new key here: put the value in quotes (title: "...")
    """
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    char = here[col - 1] if 0 < col <= len(here) else ""
    before = here[: col - 1]
    if char == "\t" or "tab" in problem:
        return "a tab: YAML indents with spaces only (replace the tab with spaces)"
    if problem.startswith("mapping values are not allowed"):
        key = before.strip().lstrip("- ").split(":", 1)[0].strip()
        if ": " in before:
            return f"a ': ' inside a value starts a new key here: put the value in quotes ({key}: \"...\")"
        above = _previous_line(lines, line)
        if above is not None and _indent(here) > _indent(lines[above]):
            return (f"this line is indented more ({_indent(here)} spaces) than line {above + 1} above it "
                    f"({_indent(lines[above])}), so it reads as part of that line's value: line it up with the keys it belongs with")
        return "a ': ' where no key can start: quote the value, or check the indentation of this line"
    if problem.startswith("found character that cannot start any token"):
        return f"'{char}' cannot start a value: put the value in quotes"
    if problem.startswith(("did not find expected key", "expected <block end>")):
        return ("this line is not lined up with the keys around it: "
                "check its indentation (every key of one mapping starts at the same column)")
    if problem.startswith("did not find expected '-' indicator"):
        return "this list item is not lined up with the items above it: check its indentation"
    if problem.startswith("could not find expected ':'"):
        return "a line without ': ' inside a mapping: add the ': ', or quote a text that runs over several lines"
    if problem.startswith("found undefined alias"):
        return f"{problem}: no '&anchor' of that name comes before it"
    if "end of stream" in problem and "quoted" in problem + context:
        return "a quoted text is never closed: add its closing quote"
    if problem.startswith("found unexpected end of stream"):
        return "the file ends inside a value: close its brackets or quotes"
    if problem.startswith("did not find expected ',' or ']'") or problem.startswith("did not find expected ',' or '}'"):
        return f"{problem.replace('did not find expected', 'expected')}: close the list or mapping, or quote a value holding a comma"
    return problem


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(lines: list[str], line: int) -> int | None:
    """Index of the nearest non-blank, non-comment line above ``line`` (1-based)."""
    for i in range(line - 2, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


# -- where each character of a text value is written ---------------------------------------------

def _source_index(text: str, span: tuple[int, int, str], value: str, offset: int) -> int | None:
    """Index in ``text`` of character ``offset`` of the scalar ``value`` written at ``span``.

    Non-blank characters of a value appear in its source in order, with only
    indentation, line breaks, quotes and escapes between them; matching them one
    by one finds each one's place (None when they do not match).
    """
    start, end, style = span
    if style in ("|", ">"):
        start = text.find("\n", start, end) + 1 or end  # the content starts after the header line
    elif style in ("'", '"'):
        start += 1
    offset = max(0, offset)
    target = next((k for k in range(offset, len(value)) if not value[k].isspace()), None)
    i, found = start, None
    for k, ch in enumerate(value):
        if ch.isspace():
            continue
        while i < end and text[i] != ch:
            i += 1
        if i >= end:
            return None
        found = i
        if k == target:
            return i
        i += 1
    return None if found is None else found + 1  # past the end: just after the last character


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


class _Builder:
    """Turns composed YAML nodes into plain data, recording positions."""

    def __init__(self, path: str):
        self.path = path
        self.positions: dict[DataPath, tuple[int, int]] = {}
        self.key_positions: dict[DataPath, tuple[int, int]] = {}
        self.quoted: set[DataPath] = set()
        self.spans: dict[DataPath, tuple[int, int, str]] = {}
        self.problems: list[Problem] = []
        self.poisoned: set[DataPath] = set()
        self.depth = 0
        self.nodes = 0
        self.seen: set[int] = set()
        self.aliases = 0
        self.merging = 0  # > 0 while building values a merge key brings
        self.constructor = _StrictLoader("")

    def _where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _fail(self, node: yaml.Node, message: str, where: DataPath | None = None, code: str = "E102") -> None:
        line, col = self._where(node)
        self.problems.append(Problem(self.path, line, col, message, code=code))
        if where is not None:
            self.poisoned.add(where)

    def build(self, node: yaml.Node, where: DataPath) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ScenarioError([Problem(self.path, *self._where(node), f"values are nested too deeply (limit {MAX_DEPTH} levels)",
                                             code="E102")])
            return self._build(node, where)
        finally:
            self.depth -= 1

    def _build(self, node: yaml.Node, where: DataPath) -> Any:
        self.nodes += 1
        if id(node) in self.seen and not self.merging:
            # The composer shares aliased nodes; each reuse is an expansion (a merge counts once, in _merge_entries).
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise ScenarioError([Problem(self.path, *self._where(node), f"too many aliases (limit {MAX_ALIASES})", code="E102")])
        self.seen.add(id(node))
        if self.nodes > MAX_NODES:
            raise ScenarioError([Problem(self.path, *self._where(node), f"document is too large (over {MAX_NODES:,} values)", code="E102")])
        self.positions[where] = self._where(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self._fail(node, f"YAML tag '{node.tag}' is not allowed (scenario files hold plain data)", where)
                return None
            return [self.build(item, where + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # YAML's third and last kind of node
        if node.style in ("'", '"'):
            self.quoted.add(where)
        value = self._scalar(node, where)
        if isinstance(value, str):
            self.spans[where] = (node.start_mark.index, node.end_mark.index, node.style or "")
        return self._checked(node, value, where)

    def _checked(self, node: yaml.ScalarNode, value: Any, where: DataPath) -> Any:
        """The value, or None with a problem when it is a number or text no scenario may hold."""
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, float) and not math.isfinite(value):
            self._fail(node, f"'{node.value}' is not a finite number (NaN and infinity are not allowed)", where, "E103")
            return None
        if isinstance(value, (int, float)):
            seed = bool(where) and where[-1] == "seed"
            limit = MAX_SEED if seed else MAX_NUMBER
            if abs(value) > limit:
                self._fail(node, f"{node.value} is too large (numbers must lie between -{limit:g} and {limit:g})", where, "E103")
                return None
            return value
        if isinstance(value, str):
            bad = _bad_character(value)
            if bad:
                self._fail(node, f"text holds {bad}, which a scenario may not hold", where, "E104")
                return None
        return value

    def _mapping(self, node: yaml.MappingNode, where: DataPath) -> dict[str, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self._fail(node, f"YAML tag '{node.tag}' is not allowed (scenario files hold plain data)", where)
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                continue  # filled in below, under the keys the mapping writes itself
            key = self._scalar(key_node, None) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                self._fail(key_node, "mapping keys must be plain text")
                continue
            if isinstance(key, str) and _bad_character(key):
                self._fail(key_node, f"a key holds {_bad_character(key)}, which a scenario may not hold", code="E104")
                continue
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in out:
                first = self.key_positions.get(where + (key,), (0, 0))
                self._fail(key_node, f"duplicate key '{key}' (first defined at line {first[0]})")  # the first one stays
                continue
            self.key_positions[where + (key,)] = self._where(key_node)
            out[key] = self.build(value_node, where + (key,))
        merged = self._merged(node, where, set(out))
        return {**merged, **out} if merged else out

    def _merged(self, node: yaml.MappingNode, where: DataPath, written: set[str]) -> dict[str, Any]:
        """What the mapping's merge keys bring that it does not write itself, each value built where
        it is written (YAML's rule: the mapping's own keys win; among the merged ones, the first)."""
        out: dict[str, Any] = {}
        for key_node, value_node in self._merge_entries(node, 0):
            key = self._scalar(key_node, None) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)) or (isinstance(key, str) and _bad_character(key)):
                continue  # reported where the merged mapping itself is built
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in written or key in out:
                continue
            self.key_positions[where + (key,)] = self._where(key_node)
            self.merging += 1
            try:
                out[key] = self.build(value_node, where + (key,))
            finally:
                self.merging -= 1
        return out

    def _merge_entries(self, node: yaml.MappingNode, depth: int) -> list[tuple[yaml.Node, yaml.Node]]:
        """The key-value pairs the merge keys of ``node`` bring, in the order YAML gives them precedence."""
        out: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != MERGE_TAG:
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            if not all(isinstance(s, yaml.MappingNode) and s.tag == "tag:yaml.org,2002:map" for s in sources) or depth > 8:
                self._fail(key_node, "a merge key ('<<') takes an alias of a mapping (<<: *defaults) or a list of them "
                           "(<<: [*a, *b])")
                continue
            for source in sources:
                self.aliases += 1  # each merge is an expansion, like an alias
                if self.aliases > MAX_ALIASES:
                    raise ScenarioError([Problem(self.path, *self._where(key_node), f"too many aliases (limit {MAX_ALIASES})",
                                                 code="E102")])
                out += [(k, v) for k, v in source.value if k.tag != MERGE_TAG]
                out += self._merge_entries(source, depth + 1)
        return out

    def _scalar(self, node: yaml.ScalarNode, where: DataPath | None) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self._fail(node, f"YAML tag '{node.tag}' is not allowed (scenario files hold plain data)", where)
            return None
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self._fail(node, f"bad value: {exc}", where)
            return None


def compose_text(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` under this module's rules, for tools that need exact spans
    (each node's ``start_mark.index`` and ``end_mark.index`` are character offsets into ``text``).

    >>> compose_text("a: b\\n").value[0][1].start_mark.index
    3
    """
    return yaml.compose(text, Loader=_StrictLoader)


def _bad_character(text: str) -> str:
    """'a lone surrogate (U+D800)' or 'a control character (U+001B)' for the first such character, else ''."""
    found = _BAD_TEXT.search(text)
    if found is None:
        return ""
    code = ord(found.group())
    what = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"{what} (U+{code:04X})"
