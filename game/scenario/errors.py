"""Located problems in scenario files, reported the way a compiler does.

Every problem has a severity, a position, a message and a stable code: errors
``E...`` (listed in ``ERRORS``), warnings ``W...`` (``lint.CHECKS``). The text
form shows every code but a validation error's (``PATH:LINE:COL: error: MESSAGE``
is the contract); editors and ``brink validate --json`` get them all.

>>> p = Problem("a.yaml", 3, 5, "unknown variable 'tenson' (did you mean 'tension'?)", code="E301")
>>> str(p)
"a.yaml:3:5: error: unknown variable 'tenson' (did you mean 'tension'?)"
>>> p.to_json()["code"]
'E301'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

MAX_NUMBER = 1e15
"""Numbers beyond this size are refused wherever they are written (a seed may be any 64-bit whole number)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning at a place in a file (line and column are 1-based).

    A problem in a value that items inherit from a template (``extends:``) is at the
    template's line and names the items that inherit it (``template``, ``inherited_by``);
    the same mistake inherited by several items is one problem (see ``combine``).
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"
    code: str = ""
    template: str = field(default="", compare=False)
    inherited_by: tuple[str, ...] = field(default=(), compare=False)

    @property
    def text(self) -> str:
        """The message, with the items that inherit the mistake when it is in a template.

        >>> Problem("a.yaml", 3, 5, "unknown variable 'x'", template="talks", inherited_by=("diplomacy.a (line 9)",)).text
        "unknown variable 'x' (inherited from 'talks' by diplomacy.a (line 9))"
        """
        if not self.inherited_by:
            return self.message
        items = list(self.inherited_by)
        who = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
        return f"{self.message} (inherited from '{self.template}' by {who})"

    def __str__(self) -> str:
        shown = self.code and not (self.severity == "error" and self.code.startswith("E"))
        code = f" [{self.code}]" if shown else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.text}{code}"

    def to_json(self) -> dict[str, Any]:
        """The problem as a record (for editors and ``brink validate --json``)."""
        return {"path": self.path, "line": self.line, "column": self.column, "severity": self.severity,
                "code": self.code, "message": self.text}


def combine(problems: Iterable[Problem]) -> list[Problem]:
    """The problems sorted, each once: the same mistake in a template, inherited by several items,
    becomes one problem naming them all.

    >>> a = Problem("a.yaml", 3, 5, "bad", template="t", inherited_by=("x",))
    >>> [p.text for p in combine([a, replace(a, inherited_by=("y",)), a])]
    ["bad (inherited from 't' by x and y)"]
    """
    found: dict[Problem, Problem] = {}
    for p in problems:
        seen = found.get(p)
        if seen is None:
            found[p] = p
        elif p.inherited_by:
            items = tuple(dict.fromkeys(seen.inherited_by + p.inherited_by))
            found[p] = replace(seen, inherited_by=items, template=seen.template or p.template)
    return sorted(found.values())


@dataclass(frozen=True)
class ErrorKind:
    code: str
    name: str
    summary: str


ERRORS = [
    ErrorKind("E100", "unreadable-file", "the file cannot be read, or is empty, binary, not UTF-8 or too large"),
    ErrorKind("E101", "yaml-syntax", "the file is not valid YAML (the message names the likely cause: an unquoted colon, a tab, a line out of line)"),
    ErrorKind("E102", "yaml-refused", "YAML that a scenario may not use: tags, duplicate keys, a merge key ('<<') of something else than a mapping, too many aliases, nesting too deep"),
    ErrorKind("E103", "bad-number", "a number that is not finite (.nan, .inf) or too large"),
    ErrorKind("E104", "bad-character", "text holding a lone surrogate or a control character"),
    ErrorKind("E110", "include-missing", "an included file that does not exist or is not a regular file"),
    ErrorKind("E111", "include-refused", "an include that is refused: an absolute path, a URL, a file outside the scenario's folder "
              "and the shipped one, not a .yaml file, a cycle, nesting too deep, too many or too large files"),
    ErrorKind("E201", "unknown-key", "a key the format does not have (with the closest one suggested)"),
    ErrorKind("E202", "missing-key", "a required key left out"),
    ErrorKind("E203", "wrong-value", "a value of the wrong type or outside what the key allows"),
    ErrorKind("E301", "unknown-id", "an id (variable, action, role, source, ending ...) that does not exist"),
    ErrorKind("E302", "wrong-owner", "another role's action where one of this role's is expected"),
    ErrorKind("E303", "inconsistent", "items that contradict each other (two defaults, a demand of itself, a turn after the last, "
              "an id written in two files, an extends cycle ...)"),
    ErrorKind("E401", "bad-expression", "an expression that does not parse or uses what the language does not allow"),
    ErrorKind("E402", "unknown-name", "a name in an expression that does not exist"),
    ErrorKind("E403", "expression-type", "a number where a condition is expected, or a true/false value where an amount is expected"),
    ErrorKind("E501", "chance-out-of-range", "a chance that is never between 0 and 1"),
    ErrorKind("E502", "rung-out-of-bounds", "a rung outside its variable's bounds, or rungs not in rising order"),
    ErrorKind("E601", "history-never-legal", "a historical order that the rules can never allow on its turn (a standing one, `until`: on any of its turns)"),
    ErrorKind("E701", "translation-mismatch", "a translation file that does not fit its scenario: a key the scenario lacks, text "
              "where nothing can be translated, a list of another length, the wrong language or scenario"),
]
ERROR_BY_CODE = {e.code: e for e in ERRORS}


class ScenarioError(Exception):
    """Raised when a scenario cannot be loaded; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = combine(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' suffix for a near-miss, or '' when nothing is close.

    >>> did_you_mean("tenson", ["tension", "turn"])
    " (did you mean 'tension'?)"
    """
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
