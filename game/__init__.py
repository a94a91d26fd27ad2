"""Brinkmanship: a turn-based crisis-diplomacy game.

Layers (dependencies point one way; the contracts are in pyproject.toml, checked by
``lint-imports``): ``engine`` (pure rules) and ``scenario`` (files to rules) at the
bottom, then ``ai`` and ``simulation``/``analysis``, then ``play`` (the session and
the game runner), then what faces share (``net``, ``report``, ``authoring``), the faces
(``text``, ``ui``, ``lsp``; none imports another) and on top ``commands`` and ``cli``.
"""

__version__ = "0.1.0"

# What `brink play`, `brink host` and `brink bench` play when no scenario is named.
DEFAULT_SCENARIO = "winter-2021"
