"""Shared fixtures: the shipped scenario's rules, compiled once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def rules():
    from game.scenario import load_rules

    return load_rules("winter-2021")


@pytest.fixture(autouse=True)
def private_data_folders(tmp_path_factory, monkeypatch):
    """Saves, autosaves and settings of every test go to a folder of its own, never the user's."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
