"""Where the shipped data lives: ``scenarios/`` and ``assets/``, in a checkout or an install.

Installed, the folders ship as the data packages ``game._scenarios`` and
``game._assets`` (see setup.py); in a bare checkout they are beside ``game/``.

>>> (data_dir("assets") / "map" / "theatre.json").exists()
True
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PACKAGES = {"scenarios": "game._scenarios", "assets": "game._assets", "schema": "game._schema"}


def data_dir(name: str) -> Path:
    """The folder of shipped ``scenarios``, ``assets`` or ``schema``."""
    try:
        spec = importlib.util.find_spec(_PACKAGES[name])
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parents[1] / name


def asset(*parts: str) -> Path:
    """A file under ``assets/``, e.g. ``asset("map", "theatre.json")``."""
    return data_dir("assets").joinpath(*parts)
