"""From a located YAML document to a validated Scenario, with every problem located.

The passes, each reporting everything it finds, and each running on what the
earlier ones could save, so one run reports all independent mistakes:

1. the YAML builder refuses what a scenario may not hold (tags, NaN, huge
   numbers, lone surrogates): those values are left out (``yamlsafe.py``);
2. pydantic checks shapes and types; what fails is repaired or left out
   (``salvage.py``), so the rest can still be checked;
3. ``references.py`` checks every id, every expression and its type, chances
   and rungs;
4. ``history.py`` refuses historical orders the rules can never allow.

An error inside something an earlier pass repaired or left out is not reported
again. ``check_document`` returns the problems; ``validate_document`` raises them.
"""

from __future__ import annotations

from .errors import Problem, ScenarioError, combine
from .models import Scenario
from .yamlsafe import Document


def check_document(doc: Document) -> tuple[Scenario | None, list[Problem]]:
    """The Scenario a document describes (None when it has errors), and every error found."""
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem((), "a scenario file must be a mapping of sections (id:, title:, ...)", code="E203")]
    from .history import check_history
    from .references import check_references
    from .salvage import salvage

    model, found, damage = salvage(doc)
    problems += found
    if model is not None:
        problems += check_references(doc, model, damage)
        problems += check_history(doc, model, damage)
    problems = combine(problems)
    return (None if problems else model), problems


def validate_document(doc: Document) -> Scenario:
    """The Scenario a document describes; raises ScenarioError listing every problem."""
    model, problems = check_document(doc)
    if problems or model is None:
        raise ScenarioError(problems)
    return model
