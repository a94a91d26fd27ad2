"""Located problems in scenario files, reported the way a compiler does.

>>> p = Problem("a.yaml", 3, 5, "unknown variable 'tenson' (did you mean 'tension'?)")
>>> str(p)
"a.yaml:3:5: error: unknown variable 'tenson' (did you mean 'tension'?)"
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning at a place in a file (line and column are 1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"
    code: str = ""

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{code}"


class ScenarioError(Exception):
    """Raised when a scenario cannot be loaded; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' suffix for a near-miss, or '' when nothing is close.

    >>> did_you_mean("tenson", ["tension", "turn"])
    " (did you mean 'tension'?)"
    """
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
