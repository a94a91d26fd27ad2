"""The small scenario the authoring tests start from, and writing scenario files into a folder.

``HEAD`` is a scenario's first sections (id, calendar, two roles, one source); a test adds
what it is about (variables, templates, endings) and writes it with ``write``.
"""

from __future__ import annotations

from pathlib import Path

HEAD = """\
format: 1
id: mini
title: Mini
summary: A small scenario.
calendar: {start: 2022-01-03, turns: 3}
roles:
  us: {name: United States, budget: 2}
  russia: {name: Russia, budget: 2}
sources:
  doc: {title: A document}
"""


def write(folder: Path, name: str, text: str) -> Path:
    """``text`` written to ``folder/name`` (folders made as needed); its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
