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
from .yamlsafe import Document, load_yaml_file

__all__ = ["LoadedScenario", "Problem", "ScenarioError", "load_scenario", "load_rules", "resolve", "shipped_ids"]


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
    model = validate_document(doc)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return LoadedScenario(Path(path), model, compile_scenario(model, digest), doc)


@lru_cache(maxsize=16)
def load_rules(ref: str) -> Rules:
    """The compiled rules of a scenario (cached; for tests and doctests)."""
    return load_scenario(ref).rules
