r"""Scenario files: safe loading, validation with located errors, compilation to rules.

This package is the only place that reads scenario files. ``load_scenario``
loads one or raises every error at once; ``check_scenario`` is the validator as
editors and ``brink validate`` use it: every error and warning, never raising.

>>> loaded = load_scenario("winter-2021")
>>> loaded.model.id, loaded.rules.turns
('winter-2021', 12)
>>> checked = check_scenario("broken.yaml", text="id: x\n")
>>> checked.ok, checked.errors[0].code, checked.errors[0].line
(False, 'E202', 1)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..engine.rules import Rules
from .catalog import resolve, shipped_ids
from .compile import compile_scenario
from .errors import Problem, ScenarioError
from .models import Scenario
from .validate import check_document, validate_document
from .yamlsafe import Document, load_yaml_file, load_yaml_text

__all__ = ["Checked", "LoadedScenario", "Problem", "ScenarioError", "check_scenario", "load_scenario", "load_rules",
           "resolve", "shipped_ids"]


@dataclass(frozen=True)
class LoadedScenario:
    path: Path
    model: Scenario
    rules: Rules
    document: Document | None = field(default=None, compare=False, repr=False)  # the located YAML, for messages that point into the file


def load_scenario(ref: str | Path) -> LoadedScenario:
    """Load a shipped scenario by id, or a scenario file by path; raises ScenarioError."""
    path = resolve(ref)
    doc = load_yaml_file(path, keep_going=True)
    model = validate_document(doc)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return LoadedScenario(Path(path), model, compile_scenario(model, digest), doc)


@dataclass(frozen=True)
class Checked:
    """What the validator says about one scenario: its problems, sorted by position, and the
    scenario itself when it has no errors.

    Each problem is a ``Problem``: ``path``, ``line``, ``column`` (1-based),
    ``severity`` ('error' or 'warning'), ``code`` (E... or W...) and ``message``.
    """

    problems: list[Problem]
    loaded: LoadedScenario | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_scenario(ref: str | Path, text: str | None = None, *, warnings: bool = True) -> Checked:
    """Every error (and, when there is none, every warning) of a scenario; never raises ScenarioError.

    ``ref`` is a shipped id or a path; with ``text``, that text is checked as if it
    were the file at ``ref`` (an editor's unsaved buffer).
    """
    from .lint import lint

    try:
        if text is None:
            path = resolve(ref)
            doc = load_yaml_file(path, keep_going=True)
        else:
            path = Path(ref)
            doc = load_yaml_text(text, str(ref), keep_going=True)
    except ScenarioError as exc:
        return Checked(list(exc.problems))
    model, problems = check_document(doc)
    if model is None:
        return Checked(problems)
    source = text.encode("utf-8", "surrogatepass") if text is not None else Path(path).read_bytes()
    loaded = LoadedScenario(Path(path), model, compile_scenario(model, hashlib.sha256(source).hexdigest()), doc)
    return Checked(sorted(lint(doc, model)) if warnings else [], loaded)


@lru_cache(maxsize=16)
def load_rules(ref: str) -> Rules:
    """The compiled rules of a scenario (cached; for tests and doctests)."""
    return load_scenario(ref).rules
