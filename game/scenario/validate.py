"""From a located YAML document to a validated Scenario, with every problem located.

Two passes: pydantic checks shapes and types (unknown keys, missing keys, wrong
types), then ``references.py`` checks every id and expression. Both report all
they find, as ``Problem`` objects at the line and column of the offending text.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, ScenarioError, did_you_mean
from .models import Scenario
from .yamlsafe import Document


def validate_document(doc: Document) -> Scenario:
    """The Scenario a document describes; raises ScenarioError listing every problem."""
    if not isinstance(doc.data, dict):
        raise ScenarioError([doc.problem((), "a scenario file must be a mapping of sections (id:, title:, ...)")])
    try:
        scenario = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError(_located(doc, exc)) from None
    from .references import check_references

    problems = check_references(doc, scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _located(doc: Document, exc: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into one located problem per place."""
    by_place: dict[tuple, list[dict]] = {}
    for err in exc.errors(include_url=False):
        path = _data_path(doc.data, err["loc"], err["type"])
        by_place.setdefault(path, []).append(err)
    problems = []
    for path, errs in by_place.items():
        kinds = {e["type"] for e in errs}
        if "extra_forbidden" in kinds:
            key = path[-1]
            allowed = _allowed_keys(path[:-1])
            problems.append(doc.problem(path, f"unknown key '{key}'{did_you_mean(key, allowed)}", at_key=True))
        elif "missing" in kinds:
            key = path[-1]
            where = " in " + _describe(path[:-1]) if path[:-1] else ""
            problems.append(doc.problem(path[:-1], f"missing required key '{key}'{where}", at_key=True))
        else:
            problems.append(doc.problem(path, f"{_describe(path)}: {_message(errs)}"))
    return problems


def _data_path(data: Any, loc: tuple, kind: str) -> tuple:
    """The part of pydantic's ``loc`` that names places in the data (drops union tags)."""
    path: list = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif last and kind in ("extra_forbidden", "missing") and isinstance(node, dict):
            path.append(part)
    return tuple(path)


def _message(errs: list[dict]) -> str:
    """One readable message for the errors at one place (unions give several)."""
    if len(errs) > 1 and {e["type"] for e in errs} <= {"float_parsing", "float_type", "string_type", "int_parsing", "int_type"}:
        return "expected a number or an expression (text)"
    msg = errs[0]["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if msg.startswith("Assertion failed, "):
        msg = msg[len("Assertion failed, "):]
    return msg[0].lower() + msg[1:] if msg else "invalid value"


def _describe(path: tuple) -> str:
    parts = [str(p) if isinstance(p, str) else f"[{p}]" for p in path]
    return ".".join(parts).replace(".[", "[") or "the file"


def _allowed_keys(path: tuple) -> list[str]:
    """Field names of the model found at ``path`` (for 'did you mean')."""
    model: Any = Scenario
    for part in path:
        model = _child(model, part)
        if model is None:
            return []
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _child(tp: Any, part: Any) -> Any:
    """The type one step below ``tp`` (a model field, a dict value or a list item)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part)
        return _unwrap(field.annotation) if field else None
    origin = typing.get_origin(tp)
    if origin in (dict, list):
        return _unwrap(typing.get_args(tp)[-1])
    return None


def _unwrap(tp: Any) -> Any:
    """Optional[X] and X | None -> X; other unions prefer their model member."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return arg
        for arg in args:
            if typing.get_origin(arg) in (dict, list):
                return arg
        return args[0]
    return tp
