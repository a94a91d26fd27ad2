"""Scenario files: safe loading, validation with located errors, compilation to rules.

This package is the only place that reads scenario files.

>>> loaded = load_scenario("winter-2021")
>>> loaded.model.id, loaded.rules.turns
('winter-2021', 12)
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
from .validate import validate_document
from .yamlsafe import Document, load_yaml_file, load_yaml_text

__all__ = ["LoadedScenario", "Problem", "ScenarioError", "load_scenario", "load_scenario_text", "load_rules", "resolve", "shipped_ids"]


@dataclass(frozen=True)
class LoadedScenario:
    path: Path
    model: Scenario
    rules: Rules
    document: Document | None = field(default=None, compare=False, repr=False)  # the located YAML, for messages that point into the file


def load_scenario(ref: str | Path) -> LoadedScenario:
    """Load a shipped scenario by id, or a scenario file by path; raises ScenarioError."""
    path = resolve(ref)
    doc = load_yaml_file(path)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _loaded(Path(path), doc, digest)


def load_scenario_text(text: str, path: str | Path = "<text>") -> LoadedScenario:
    """Load a scenario from text not (yet) saved, as an editor holds it; ``path`` names it in problems.

    >>> try:
    ...     load_scenario_text("id: x", "draft.yaml")
    ... except ScenarioError as exc:
    ...     print(exc.problems[0])
    draft.yaml:1:1: error: missing required key 'calendar'
    """
    doc = load_yaml_text(text, str(path))
    return _loaded(Path(path), doc, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def _loaded(path: Path, doc: Document, digest: str) -> LoadedScenario:
    model = validate_document(doc)
    return LoadedScenario(path, model, compile_scenario(model, digest), doc)


@lru_cache(maxsize=16)
def load_rules(ref: str) -> Rules:
    """The compiled rules of a scenario (cached; for tests and doctests)."""
    return load_scenario(ref).rules
