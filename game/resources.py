"""Where the shipped data lives: ``scenarios/`` and ``assets/``, in a checkout or an install.

Installed from a wheel, the folders ship inside the package as ``game/_scenarios``,
``game/_assets`` and ``game/_schema`` (pyproject.toml's force-include); in a checkout,
and in an editable install, they are beside ``game/``. This is the one place that knows.

>>> (data_dir("assets") / "map" / "world.json").exists()
True
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
_INSTALLED = {"scenarios": "_scenarios", "assets": "_assets", "schema": "_schema"}


def data_dir(name: str) -> Path:
    """The folder of shipped ``scenarios``, ``assets`` or ``schema``."""
    installed = _HERE / _INSTALLED[name]
    return installed if installed.is_dir() else _HERE.parent / name


def asset(*parts: str) -> Path:
    """A file under ``assets/``, e.g. ``asset("map", "world.json")``."""
    return data_dir("assets").joinpath(*parts)
