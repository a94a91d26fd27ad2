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
    ("merge key of a number", "a: &x {b: 1}\nc:\n  <<: 5\n", "s.yaml:3:3: error: a merge key ('<<') takes an alias of a mapping"),
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


# -- Hostile inputs: every numeric field kind, huge numbers, lone surrogates, deep nesting ---------
NUMERIC = """\
id: n
title: Numbers
summary: Every kind of numeric field.
calendar: {start: 2022-01-03, days_per_turn: <days_per_turn>, turns: <turns>}
roles:
  a: {name: A, budget: <budget>}
  b: {name: B, budget: 2}
variables:
  x: {label: X, min: <min>, max: <max>, initial: <initial>, initial_spread: <initial_spread>, intel_noise: <intel_noise>,
      visible_to: [a], rungs: [{at: <rung>, name: Calm}]}
  y: {label: Y, initial: 5, visible_to: [a], intel_noise: {b: <intel_noise_map>}}
levers:
  l: {role: a, label: L, grace: <grace>, threaten: {}, impose: {effects: {x: 1}}}
deployments:
  push: {role: a, cost: <cost>, max_uses: <max_uses>, chance: <chance>, effects: {x: <effect>}, spread: {x: <spread>}}
consensus:
  blocs: {one: {label: One, agree: <agree>}}
decisions:
  decide: {role: b, agree: {one: <decision_agree>}, effects: {y: 1}}
demands:
  ask: {by: a, to: [b], expires_after: <expires_after>, responses: {accept: {effects: {y: 1}}}}
events:
  e: {turn: <event_turn>, delay: <delay>, chance: 0.5, effects: {x: 1}}
drift:
  - {var: x, add: <drift_add>, spread: <drift_spread>}
endings:
  calm: {title: Calm, text: Calm., default: true}
objectives:
  a:
    each_turn: [{label: X, value: "x / 100", weight: <weight>}]
    endings: {calm: <points>}
historical:
  a:
    - {turn: <history_turn>, orders: [push]}
tests:
  - name: T
    values: {x: <test_value>}
    games: <games>
    seed: <seed>
    expect: {values: {x: [<range_low>, 100]}}
"""
NUMERIC_DEFAULTS = {
    "days_per_turn": 7, "turns": 3, "budget": 2, "min": 0, "max": 100, "initial": 50, "initial_spread": 0,
    "intel_noise": 5, "rung": 10, "intel_noise_map": 5, "grace": 1, "cost": 1, "max_uses": 1, "chance": 1, "effect": 1,
    "spread": 1, "agree": 0.5, "decision_agree": 0.5, "expires_after": 2, "event_turn": 2, "delay": 0, "drift_add": 1,
    "drift_spread": 0, "weight": 1, "points": 1, "history_turn": 1, "test_value": 50, "games": 1, "seed": 0, "range_low": 0,
}


def numeric_scenario(**given) -> str:
    text = NUMERIC
    for name, value in {**NUMERIC_DEFAULTS, **given}.items():
        text = text.replace(f"<{name}>", str(value))
    return text


def test_the_numeric_template_is_valid():
    from game.scenario import check_scenario

    assert check_scenario("n.yaml", text=numeric_scenario(), warnings=False).problems == []


@pytest.mark.parametrize("bad, message", [(".nan", "'.nan' is not a finite number"), (".inf", "'.inf' is not a finite number"),
                                          ("-.inf", "'-.inf' is not a finite number"), ("1.0e+300", "is too large")],
                         ids=["nan", "inf", "minus-inf", "huge"])
@pytest.mark.parametrize("field", sorted(NUMERIC_DEFAULTS))
def test_every_numeric_field_refuses_non_finite_and_huge_numbers(field, bad, message):
    """NaN, infinity and 10^300 in any numeric field: one error at that value, whatever the field's type."""
    from game.scenario import check_scenario

    text = numeric_scenario(**{field: bad})
    line = line_of(text, bad)
    errors = check_scenario("n.yaml", text=text).errors
    assert [(e.line, e.code) for e in errors] == [(line, "E103")] and message in errors[0].message, errors


def test_a_number_written_as_text_is_checked_too():
    """'1e20' is text to YAML but a number to the format: it is still too large."""
    from game.scenario import check_scenario

    errors = check_scenario("n.yaml", text=numeric_scenario(max="1e20")).errors
    assert [(e.code, e.message) for e in errors] == [("E103", "1e+20 is too large (numbers must lie between -1e+15 and 1e+15)")]


def test_a_huge_seed_is_allowed_within_64_bits():
    from game.scenario import check_scenario

    assert check_scenario("n.yaml", text=numeric_scenario(seed=2**63 - 1), warnings=False).ok
    assert [e.code for e in check_scenario("n.yaml", text=numeric_scenario(seed=2**64)).errors] == ["E103"]


@pytest.mark.parametrize("where", ["title: Numbers", "name: Calm", "  b: {name: B"])
def test_lone_surrogates_in_text_are_refused(where):
    """An editor may hand over text with a lone surrogate (no UTF-8 file can hold one): refused, never printed raw."""
    from game.scenario import check_scenario

    text = numeric_scenario()
    surrogate = where.replace(":", ":\ud800", 1) if "{" not in where else where.replace("B", "B\udc00")
    text = text.replace(where, surrogate)
    errors = check_scenario("n.yaml", text=text).errors
    assert [e.code for e in errors] == ["E104"] and "lone surrogate" in errors[0].message
    str(errors[0]).encode("utf-8")  # the message itself is printable


def test_an_escaped_control_character_is_refused(tmp_path):
    found = problems_of(tmp_path, numeric_scenario().replace("title: Numbers", 'title: "Numbers\\x07"'))
    assert found == ["s.yaml:2:8: error: text holds a control character (U+0007), which a scenario may not hold"]


@pytest.mark.parametrize("depth", [70, 990])
def test_deep_nesting_is_refused_without_a_traceback(tmp_path, depth):
    found = problems_of(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    assert len(found) == 1 and "nested too deeply" in found[0]


@pytest.mark.parametrize("text", ["(" * 250 + "x" + ")" * 250, "-" * 1999 + "x", "not " * 490 + "x", "1" + "+1" * 999])
def test_deeply_nested_expressions_are_refused(text):
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_an_error_inside_an_anchor_used_twice_is_reported_once(tmp_path):
    found = [p for p in problems_of(tmp_path, "a: &x {b: !!python/none x}\nc: *x\nd: *x\n") if "YAML" in p]
    assert len(found) == 1 and found[0].startswith("s.yaml:1:11: error: YAML tag"), found


# -- Positions ------------------------------------------------------------------------------------
@pytest.mark.parametrize("block, line, col", [
    ('  when: "h >= 60 and zz > 1"\n', 0, 22),
    ("  when: >-\n    h >= 60\n    and zz > 1\n", 2, 9),
    ("  when: |\n    h >= 60\n    and zz > 1\n", 2, 9),
    ("  when: h >= 60\n    and zz > 1\n", 1, 9),
    ("  when: 'h >= 60\n    and zz > 1'\n", 1, 9),
], ids=["one line", "folded", "literal", "plain over two lines", "quoted over two lines"])
def test_a_name_in_a_multi_line_expression_is_located_exactly(block, line, col):
    from game.scenario.yamlsafe import load_yaml_text

    doc = load_yaml_text("x:\n" + block)
    text = doc.data["x"]["when"]
    assert doc.text_position(("x", "when"), text.index("zz")) == (2 + line, col)


@pytest.mark.parametrize("text, hint", [
    ("title: Base: the crisis\n", "put the value in quotes (title: \"...\")"),
    ("a:\n\tb: 1\n", "a tab: YAML indents with spaces only"),
    ("a:\n  b: 1\n   c: 2\n", "this line is indented more (3 spaces) than line 2 above it (2)"),
    ("a:\n  b: 1\n c: 2\n", "check its indentation"),
    ("a: 'open\n", "a quoted text is never closed"),
    ("a: [1, 2\n", "close the list or mapping"),
    ("a: *nothing\n", "no '&anchor' of that name"),
    ("a: @b\n", "'@' cannot start a value: put the value in quotes"),
], ids=["unquoted colon", "tab", "over-indented", "under-indented", "open quote", "open bracket", "unknown alias", "reserved"])
def test_yaml_errors_name_their_cause(tmp_path, text, hint):
    found = problems_of(tmp_path, text)
    assert len(found) == 1 and "YAML syntax: " in found[0] and hint in found[0], found
