"""Where shipped scenarios live, so they are found by id from a checkout or an install.

>>> "winter-2021" in shipped_ids()
True
"""

from __future__ import annotations

from pathlib import Path

from ..resources import data_dir
from .errors import Problem, ScenarioError, did_you_mean


def shipped_dir() -> Path:
    """The folder of shipped scenarios (``scenarios/`` in a checkout, packaged when installed)."""
    return data_dir("scenarios")


def shipped_ids() -> list[str]:
    return sorted(p.stem for p in shipped_dir().glob("*.yaml"))


def resolve(ref: str | Path) -> Path:
    """A path for a scenario id or path; raises ScenarioError when there is none."""
    text = str(ref)
    path = Path(text)
    if path.suffix in (".yaml", ".yml") or path.exists() or "/" in text or "\\" in text:
        if not path.exists():
            raise ScenarioError([Problem(text, 1, 1, "no such file", code="E100")])
        if path.is_dir():
            raise ScenarioError([Problem(text, 1, 1, "is a folder, not a scenario file", code="E100")])
        return path
    candidate = shipped_dir() / f"{text}.yaml"
    if candidate.exists():
        return candidate
    hint = did_you_mean(text, shipped_ids())
    raise ScenarioError([Problem(text, 1, 1, f"no shipped scenario '{text}'{hint}; shipped: {', '.join(shipped_ids())}", code="E100")])


def save_reference(path: str | Path) -> str | None:
    """What a save records of the scenario file at ``path``: None for a shipped scenario (found by
    its id, wherever the game is installed), else the path itself.

    >>> save_reference(shipped_dir() / "winter-2021.yaml") is None, save_reference("mine.yaml")
    (True, 'mine.yaml')
    """
    return None if Path(path).resolve().parent == shipped_dir().resolve() else str(path)
