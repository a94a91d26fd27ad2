"""Loading scenario files: safe YAML, located errors, every problem in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_scenario
from game.scenario.expr import ExpressionError, parse_expression
from game.scenario.yamlsafe import MAX_BYTES, load_yaml_text

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text()


def problems_of(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "s.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return [str(p).replace(str(path), "s.yaml") for p in err.value.problems]


def mutate(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# -- YAML safety ---------------------------------------------------------------------------------
YAML_CASES = [
    ("duplicate key", "a: 1\nb: 2\na: 3\n", "s.yaml:3:1: error: duplicate key 'a' (first defined at line 1)"),
    ("python tag", "a: !!python/object/apply:os.system ['echo hi']\n", "s.yaml:1:4: error: YAML tag"),
    ("custom tag", "a: !include other.yaml\n", "s.yaml:1:4: error: YAML tag '!include' is not allowed"),
    ("syntax", "a: [1, 2\n", "s.yaml:2:1: error: YAML syntax"),
    ("empty", "", "s.yaml:1:1: error: file is empty"),
    ("only comments", "# nothing\n", "s.yaml:1:1: error: file is empty"),
    ("not a mapping", "- a\n- b\n", "s.yaml:1:1: error: a scenario file must be a mapping"),
    ("merge key", "a: &x {b: 1}\nc:\n  <<: *x\n", "s.yaml:3:3: error: merge keys"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_yaml_problems_are_located(tmp_path, text, expected):
    found = problems_of(tmp_path, text)
    assert any(p.startswith(expected) for p in found), found


def test_norway_and_yes_stay_text():
    doc = load_yaml_text("country: NO\nanswer: yes\nswitch: on\nflag: true\nday: 2022-01-09\n")
    assert doc.data == {"country": "NO", "answer": "yes", "switch": "on", "flag": True, "day": "2022-01-09"}


def test_binary_file_is_refused(tmp_path):
    assert problems_of(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00") == ["s.yaml:1:1: error: file is binary, not YAML text"]


def test_non_utf8_file_is_refused(tmp_path):
    assert problems_of(tmp_path, b"title: caf\xe9\n") == ["s.yaml:1:1: error: file is not UTF-8 text"]


def test_huge_file_is_refused_before_parsing(tmp_path):
    found = problems_of(tmp_path, "a: " + "x" * (MAX_BYTES + 10))
    assert found[0].startswith("s.yaml:1:1: error: file is too large")


def test_alias_bomb_is_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    found = problems_of(tmp_path, bomb)
    assert "too many aliases" in found[0]


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "absent.yaml")


# -- Validation: shapes, then references ---------------------------------------------------------
def test_the_mini_scenario_is_valid():
    assert load_scenario(Path(__file__).parent / "data" / "mini.yaml").rules.id == "mini"


SHAPE_CASES = [
    ("unknown key with suggestion", ("  push:\n    role: a\n", "  push:\n    role: a\n    efects: {x: 1}\n"),
     "efects", "unknown key 'efects' (did you mean 'effects'?)"),
    ("wrong type", ("  a: {name: Alpha, budget: 2}", "  a: {name: Alpha, budget: lots}"),
     "budget: lots", "roles.a.budget: input should be a valid integer"),
    ("missing key", ("  x: {label: Tension, min: 0, max: 100, initial: 50, source: src}",
                     "  x: {label: Tension, min: 0, max: 100, source: src}"), "  x: {label", "missing required key 'initial'"),
    ("bounds", ("initial: 50, source: src}", "initial: 500, source: src}"), "initial: 500", "initial value 500 is outside"),
]


REF_CASES = [
    ("unknown variable in effects", ("effects: {x: 10, h: 5}", "effects: {x: 10, hh: 5}"), "hh: 5",
     "unknown variable 'hh' (did you mean 'h'?)"),
    ("unknown source", ("  push:\n    role: a\n    max_uses: null\n    effects: {x: 10, h: 5}\n    source: src",
                        "  push:\n    role: a\n    max_uses: null\n    effects: {x: 10, h: 5}\n    source: scr"),
     "source: scr", "unknown source 'scr' (did you mean 'src'?)"),
    ("unknown role", ("  push:\n    role: a", "  push:\n    role: aa"), "role: aa", "unknown role 'aa'"),
    ("unknown name in expression", ('when: "h >= 60"', 'when: "hh >= 60"'), 'when: "hh', "unknown name 'hh' in expression"),
    ("unsafe expression", ('when: "h >= 60"', "when: \"__import__('os')\""), "when: \"__import__",
     "function '__import__' is not allowed"),
    ("unknown action in historical", ("orders: [push], source: src}", "orders: [pusj], source: src}"), "pusj",
     "unknown action of a 'pusj' (did you mean 'push'?)"),
    ("unknown ending in objectives", ("endings: {war: 10, calm: -1}", "endings: {wars: 10, calm: -1}"), "wars: 10",
     "unknown ending 'wars' (did you mean 'war'?)"),
    ("two default endings", ("    when: \"used.strike > 0\"\n    source: src", "    when: \"used.strike > 0\"\n    default: true\n    source: src"),
     "endings:", "exactly one ending must have 'default: true'"),
]


@pytest.mark.parametrize("change, needle, message", [c[1:] for c in SHAPE_CASES + REF_CASES],
                         ids=[c[0] for c in SHAPE_CASES + REF_CASES])
def test_problems_are_located(tmp_path, change, needle, message):
    """Shape problems (pydantic) and reference problems (ids, expressions) point at the bad text."""
    text = mutate(*change)
    found = problems_of(tmp_path, text)
    line = line_of(text, needle)
    assert any(p.startswith(f"s.yaml:{line}:") and message in p for p in found), found


def test_expression_column_points_inside_the_text(tmp_path):
    text = mutate('when: "h >= 60"', 'when: "h >= 60 and zz"')
    found = problems_of(tmp_path, text)
    line = line_of(text, "and zz")
    col = text.splitlines()[line - 1].index("zz") + 1
    assert f"s.yaml:{line}:{col}: error: unknown name 'zz' in expression" in found


def test_every_problem_is_reported_in_one_run(tmp_path):
    text = mutate("effects: {x: 10, h: 5}", "effects: {x: 10, hh: 5}")
    text = text.replace("orders: [push], source: src}", "orders: [pusj], source: src}")
    text = text.replace('when: "h >= 60"', 'when: "qq >= 60"')
    found = problems_of(tmp_path, text)
    assert len(found) >= 3
    assert all(": error: " in p for p in found)


# -- The expression language ---------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "__import__('os').system('echo pwned')", "x.__class__", "open('f')", "x ** 2", "[1, 2]", "x[0]",
    "lambda: 1", "'text'", "x if y", "(yield)", "f(x)", "min(x=1)",
])
def test_unsafe_or_unknown_syntax_is_refused(text):
    with pytest.raises(ExpressionError):
        parse_expression(text)


@pytest.mark.parametrize("text, env, expected", [
    ("1 + 2 * 3", {}, 7.0),
    ("clamp(x, 0, 10)", {"x": 42.0}, 10.0),
    ("min(x, 3, 2)", {"x": 5.0}, 2.0),
    ("max(x, 3)", {"x": 5.0}, 5.0),
    ("x / 0", {"x": 5.0}, 0.0),
    ("not x", {"x": 0.0}, 1.0),
    ("x > 1 and x < 3", {"x": 2.0}, 1.0),
    ("1 < x < 3", {"x": 4.0}, 0.0),
    ("5 if x > 1 else 2", {"x": 0.0}, 2.0),
    ("used.push * 2", {"used.push": 3.0}, 6.0),
    ("abs(-x)", {"x": 4.0}, 4.0),
])
def test_expressions_compute(text, env, expected):
    assert float(parse_expression(text).evaluate(env)) == expected
