"""Shared fixtures: the shipped scenario's rules, compiled once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def rules():
    from game.scenario import load_rules

    return load_rules("winter-2021")
