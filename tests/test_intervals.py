"""Interval reasoning: a condition reported as never holding must really never hold."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.scenario.expr import parse_expression
from game.scenario.intervals import can_be_positive, can_hold, interval

B = {"tension": (0.0, 100.0), "turn": (1.0, 12.0), "used.a": (0.0, 1.0), "fired.e": (0.0, math.inf)}

CASES = [
    ("above the maximum", "tension > 100", False),
    ("at the maximum", "tension >= 100", True),
    ("below the minimum", "tension < 0", False),
    ("contradiction on one name", "tension >= 90 and tension < 50", False),
    ("contradiction written backwards", "tension < 50 and 60 < tension", False),
    ("compatible bounds", "tension >= 90 and tension < 95", True),
    ("an or with one possible side", "tension > 200 or turn == 3", True),
    ("turn outside the calendar", "turn == 13", False),
    ("a flag above one", "used.a > 1", False),
    ("counts can grow", "fired.e > 5", True),
    ("not of an always-true test", "not (tension <= 100)", False),
    ("arithmetic", "tension / 2 + 10 > 60", False),
    ("a choice", "(1 if tension > 50 else 0) == 2", False),
    ("clamp", "clamp(tension, 20, 30) < 20", False),
    ("abs", "abs(tension - 50) > 50", False),
    ("division by a range holding zero", "10 / (tension - 50) > 1000", True),
    ("a constant false", "0", False),
    ("chained comparison", "0 <= tension <= 100", True),
]


@pytest.mark.parametrize("name, text, holds", CASES, ids=[c[0] for c in CASES])
def test_can_hold(name, text, holds):
    assert can_hold(text, B) is holds


def test_chances():
    assert not can_be_positive("0", B) and not can_be_positive("tension / 100 - 1", B)
    assert can_be_positive("tension / 100", B)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(1, 12), st.sampled_from([text for _, text, _ in CASES[:15]]))
def test_the_interval_contains_every_real_value(tension, turn, text):
    value = float(np.asarray(parse_expression(text).evaluate({"tension": tension, "turn": turn, "used.a": 1.0, "fired.e": 3.0})))
    low, high = interval(text, B)
    assert low - 1e-9 <= value <= high + 1e-9
