"""Offsets into a document's text, and the two ways of naming them by line and column.

The index and the validator speak of character offsets (YAML marks count code
points). An editor speaks LSP positions: lines split at ``\\n``, ``\\r\\n`` and
``\\r`` only, columns counted in the encoding agreed at start-up (UTF-16 unless the
client offers another). The validator's ``Problem`` speaks YAML lines, which also
break at U+0085, U+2028 and U+2029. Each conversion lives here, once.

>>> lines = LineIndex("a😋b\\nxy")
>>> lines.position(2), lines.position(2, "utf-32"), lines.position(5)
((0, 3), (0, 2), (1, 1))
>>> lines.offset(0, 3), lines.offset(9, 9)
(2, 6)
>>> yaml_offset("a\\u2028b: 1", 2, 1)
2
"""

from __future__ import annotations

import bisect
import re

_LSP_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    # UTF-16: characters beyond the BMP take two units; a lone surrogate counts as one.
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Where each LSP line of ``text`` starts, for converting offsets to positions and back."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LSP_BREAK.finditer(text)]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, max(0, offset)) - 1

    def line_end(self, line: int) -> int:
        """The offset just past the last character of ``line`` (before its line break)."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        """(line, character) of ``offset``, both 0-based, characters in ``encoding``."""
        offset = min(max(0, offset), len(self.text))
        line = self.line_of(offset)
        return line, _units(self.text[self.starts[line]:offset], encoding)

    def offset(self, line: int, character: int, encoding: str = "utf-16") -> int:
        """The offset of an LSP position; positions past a line's end clamp to it (as the spec says)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.line_end(line)
        if encoding == "utf-32":
            return min(start + max(0, character), end)
        count = 0
        for i in range(start, end):
            if count >= character:
                return i
            count += _units(self.text[i], encoding)
        return end


class YamlLines:
    """Where each YAML line of ``text`` starts, for the 1-based line and column of a ``Problem``."""

    def __init__(self, text: str):
        self.length = len(text)
        self.starts = [0] + [m.end() for m in _YAML_BREAK.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        if line > len(self.starts):
            return self.length
        return min(self.starts[max(line, 1) - 1] + max(0, column - 1), self.length)


def yaml_offset(text: str, line: int, column: int) -> int:
    """The offset of a 1-based YAML line and column, clamped to the text (see ``YamlLines``)."""
    return YamlLines(text).offset(line, column)
