"""The JSON Schema of the scenario format, generated from the pydantic models.

Editors use it through the YAML language server (``# yaml-language-server:
$schema=...`` on the first line of a scenario) for completion, hover help and
checks as you type. The language server reads JSON Schema draft-07, while
pydantic writes draft 2020-12, so a few constructs are translated:
``$defs`` becomes ``definitions``, a ``$ref`` with a description beside it is
wrapped in ``allOf`` (draft-07 ignores siblings of ``$ref``), and tuples
(``prefixItems``) become item lists.

The schema checks shapes only: keys, types, ranges of plain numbers. What needs
the whole scenario (ids, expressions and their kinds, chances given as
expressions, rungs against their variable's bounds, historical orders against
the rules) is ``brink validate``'s work; the field descriptions say which.

>>> schema = scenario_schema()
>>> schema["$schema"], "definitions" in schema, "$defs" in schema
('http://json-schema.org/draft-07/schema#', True, False)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..resources import data_dir
from .examples import EXAMPLES
from .models import ID_PATTERN, ID_SECTIONS, Scenario
from .yamlsafe import load_yaml_text

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILE = Path("schema") / "scenario.schema.json"
"""Where the generated schema is committed, relative to the checkout."""


def scenario_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of a scenario file, with a description for every field."""
    raw = Scenario.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    definitions = raw.pop("$defs", {})
    schema: dict[str, Any] = {"$schema": DRAFT_07}
    schema.update(raw)
    schema["title"] = "Brinkmanship scenario"
    schema["definitions"] = dict(sorted(definitions.items()))
    for section in ID_SECTIONS:
        schema["properties"][section]["propertyNames"] = {"pattern": ID_PATTERN}
    for name, text in EXAMPLES.items():
        if name in schema["definitions"]:
            schema["definitions"][name]["examples"] = [load_yaml_text(text, f"example of {name}").data]
    out: dict[str, Any] = _to_draft_07(schema)
    return out


def _to_draft_07(node: Any) -> Any:
    """Rewrite the 2020-12 constructs pydantic emits into their draft-07 forms."""
    if isinstance(node, list):
        return [_to_draft_07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _to_draft_07(value) for key, value in node.items()}
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}]
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")
        out["additionalItems"] = False
    return out


def schema_text() -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_path() -> Path | None:
    """The committed schema file: in the checkout, or packaged with an install (None if neither)."""
    path = data_dir("schema") / SCHEMA_FILE.name
    return path if path.exists() else None
