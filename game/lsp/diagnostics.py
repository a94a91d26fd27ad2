"""The validator's verdict on a document, as located spans: what ``brink validate`` says, nothing else.

``check_text`` checks the text with ``game.scenario.check_scenario``, the entry point
``brink validate`` itself uses (safe YAML, models, references, types, history,
compilation, then lint), so the editor and the command can never disagree. A ``Problem`` knows where a mistake starts; the span runs to the
end of the token written there (the id, the quoted string, the bracketed list).

>>> found = check_text("id: x\\n", "draft.yaml")
>>> found[0].severity, found[0].message, (found[0].start, found[0].end)
('error', "missing required key 'calendar'", (0, 2))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..scenario import check_scenario
from ..scenario.errors import Problem
from .positions import YamlLines

_TOKEN = re.compile(r"[\w.\-]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Finding:
    """One problem with the span of text it is about (character offsets)."""

    start: int
    end: int
    severity: str
    message: str
    code: str = ""


def problems_of(text: str, path: str | Path) -> list[Problem]:
    """Every error, or else every warning, the validator finds in ``text``: ``check_scenario``,
    the entry point ``brink validate`` itself calls (every error at once, then lint)."""
    return check_scenario(path, text=text).problems


def check_text(text: str, path: str | Path = "<text>") -> list[Finding]:
    """The validator's problems with ``text``, each with its span; never raises.

    A crash inside the validator (a bug: it should report, not fail) becomes one
    error on the first line that says so, so the editor keeps working.
    """
    shown = str(path)
    bad = _SURROGATE.search(text)
    if bad:  # only an editor can send these (a file on disk decodes as UTF-8 or not at all)
        return [Finding(bad.start(), bad.end(), "error", f"the text holds a lone surrogate (U+{ord(bad.group()):04X}), "
                        "which is not a character: the file cannot be saved as UTF-8")]
    try:
        problems = problems_of(text, shown)
    except Exception as exc:  # noqa: BLE001 - a validator bug must not take the editor down with it
        return [Finding(0, _token_end(text, 0), "error", f"the validator failed on this file: {type(exc).__name__}: {exc}")]
    lines = YamlLines(text)
    found = []
    for p in problems:
        if p.path != shown:  # another file (an include): shown at the top, naming where it is
            found.append(Finding(0, _token_end(text, 0), p.severity, f"{p.path}:{p.line}:{p.column}: {p.message}", p.code))
            continue
        start = lines.offset(p.line, p.column)
        end = _token_end(text, start)
        if end == start and start > 0 and text[start - 1] not in "\r\n":
            start -= 1  # at the end of a line (or the file): mark the last character, so the span shows
        found.append(Finding(start, end, p.severity, p.message, p.code))
    return found


def _token_end(text: str, start: int) -> int:
    """Where the token at ``start`` ends: a quoted string, a bracketed collection, a word, or the line."""
    if start >= len(text):
        return start
    line_end = _line_end(text, start)
    ch = text[start]
    if ch in "\"'":
        close = _closing_quote(text, start, line_end)
        return close + 1 if close >= 0 else line_end
    if ch in "[{":
        close = _closing_bracket(text, start, line_end)
        return close + 1 if close >= 0 else line_end
    word = _TOKEN.match(text, start)
    if word:
        return word.end()
    rest = text[start:line_end]
    comment = rest.find(" #")
    return start + len((rest if comment < 0 else rest[:comment]).rstrip()) or start


def _line_end(text: str, start: int) -> int:
    ends = [i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0]
    return min(ends) if ends else len(text)


def _closing_quote(text: str, start: int, end: int) -> int:
    quote, i = text[start], start + 1
    while i < end:
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _closing_bracket(text: str, start: int, end: int) -> int:
    depth, i = 0, start
    while i < end:
        if text[i] in "\"'":
            close = _closing_quote(text, i, end)
            if close < 0:
                return -1
            i = close
        elif text[i] in "[{":
            depth += 1
        elif text[i] in "]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1
