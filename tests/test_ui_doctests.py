"""The examples in the window's docstrings run (they document how each module is used)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["game.ui", "game.ui.app", "game.ui.theme", "game.ui.flow", "game.ui.storage", "game.geography",
           "game.ui.chart", "game.ui.dashboard", "game.ui.bench", "game.ui.screens.base", "game.ui.lan", "game.ui.desk",
           "game.ui.projector", "game.ui.screens.talk", "game.ui.deal_draft",
           "game.maps.sight", "game.maps.shown", "game.maps.scene", "game.maps.svg"]  # the map the window paints


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
