"""The broken-scenario corpus: each file has one mistake and must produce exactly this report.

Files live in tests/scenarios/broken/ (errors) and tests/scenarios/warnings/
(warnings); each is tests/scenarios/base.yaml with one change (``five_mistakes``
has five, and reports all five). The expected lines are written out here, like
the DATC's table of cases.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import ScenarioError, load_scenario
from game.scenario.errors import ERROR_BY_CODE, ERRORS
from game.scenario.lint import CHECKS, lint, suppressions

CORPUS = Path(__file__).resolve().parent / "scenarios"

BROKEN = [
    ("amount_is_condition", "19:25: error: 'tension > 50' is true or false, but an amount (a number) is expected here: "
                            "write '1 if tension > 50 else 0'"),
    ("bad_id", "15:3: error: variables: 'Tension' is not a valid id (lower-case letters, digits and _, starting with a letter)"),
    ("chance_above_one", "38:13: error: chance 1.5 is not a probability (it must lie between 0 and 1)"),
    ("chance_never_probability", "38:13: error: chance 'tension + 5' is never between 0 and 1 (it lies in [5, 105])"),
    ("condition_is_number", "37:12: error: 'tension + 5' is a number, but a condition (true or false) is expected here: "
                            "compare it, e.g. 'tension + 5 > 0'"),
    ("control_character", "38:15: error: text holds a control character (U+001B), which a scenario may not hold"),
    ("demand_of_itself", "29:14: error: a role cannot make a demand of itself ('russia')"),
    ("duplicate_key", "9:3: error: duplicate key 'turns' (first defined at line 8)"),
    ("empty", "1:1: error: file is empty"),
    ("ending_without_condition", "42:5: error: an ending needs a 'when' condition unless it is the default"),
    ("event_after_last_turn", "36:11: error: turn 5 is after the last turn (3)"),
    ("excluded_other_role", "20:16: error: 'mass_troops' is russia's action, not us's"),
    ("expression_forbidden", "37:12: error: bad expression: function 'open' is not allowed (only min, max, clamp, abs)"),
    ("expression_operator", "37:12: error: bad expression: 'tension ** 2' is not allowed in expressions"),
    ("expression_syntax", "37:22: error: bad expression: cannot parse expression: '(' was never closed"),
    ("five_mistakes", ["11:34: error: roles.russia.budget: input should be a valid integer, unable to parse string as an integer",
                       "19:15: error: unknown variable 'tenson' (did you mean 'tension'?)",
                       "25:13: error: '.nan' is not a finite number (NaN and infinity are not allowed)",
                       "38:12: error: 'tension + 5' is a number, but a condition (true or false) is expected here: "
                       "compare it, e.g. 'tension + 5 > 0'",
                       "50:5: error: unknown key 'defualt' (did you mean 'default'?)"]),
    ("hint_unknown_role", "52:21: error: unknown role 'nato'"),
    ("historical_before_legal", "54:26: error: historical order 'mass_troops' on turn 1 can never be carried out: "
                                "its condition 'turn >= 3' cannot hold on turn 1"),
    ("historical_reply_before_demand", "53:26: error: historical order 'demand_guarantee.accept' on turn 1 can never be "
                                       "carried out: the demand 'demand_guarantee' can be made on turn 1 at the earliest, "
                                       "and it is answered from the turn after"),
    ("historical_range_never_legal", "54:36: error: historical order 'mass_troops' on any of turns 1-3 can never be "
                                     "carried out: its condition 'turn >= 4' cannot hold on turn 3"),
    ("historical_until_after_last_turn", "53:24: error: until 5 is after the last turn (3)"),
    ("historical_until_before_turn", "53:7: error: historical.russia[0]: until (2) must not come before turn (3)"),
    ("historical_wrong_role", "53:26: error: 'mass_troops' is russia's action, not us's"),
    ("huge_number", "15:47: error: 1e+20 is too large (numbers must lie between -1e+15 and 1e+15)"),
    ("inf_chance", "25:13: error: '.inf' is not a finite number (NaN and infinity are not allowed)"),
    ("initial_out_of_bounds", "15:12: error: variables.tension: initial value 140 is outside [0, 100]"),
    ("merge_key", "19:15: error: unknown variable 'tenson' (did you mean 'tension'?)"),
    ("missing_key", "10:3: error: missing required key 'budget' in roles.us"),
    ("multiline_expression", "39:11: error: unknown name 'tenson' in expression (did you mean 'tension'?)"),
    ("nan_effect", "19:24: error: '.nan' is not a finite number (NaN and infinity are not allowed)"),
    ("not_a_mapping", "2:1: error: a scenario file must be a mapping of sections (id:, title:, ...)"),
    ("python_tag", "4:8: error: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed (scenario files hold plain data)"),
    ("rung_out_of_bounds", "21:14: error: rung 'War' at 190 is outside the bounds of 'tension' [0, 100]"),
    ("rungs_out_of_order", "21:14: error: rung 'Unease' at 20 is not above the rung before it ('Crisis' at 50): "
                           "list rungs lowest first"),
    ("truth_in_arithmetic", "19:31: error: 'tension > 50' is true or false, but '*' needs a number here: "
                            "write '(1 if tension > 50 else 0)'"),
    ("turn_and_date", "36:5: error: events.summit: give either 'turn' or 'date', not both"),
    ("two_defaults", "40:1: error: exactly one ending must have 'default: true' (found 2)"),
    ("union_one_error", "15:72: error: variables.tension.visible_to[1]: input should be a valid string"),
    ("unknown_excluded_action", "25:16: error: unknown action of russia 'withdraw'"),
    ("unknown_key", "9:3: error: unknown key 'days_per_trun' (did you mean 'days_per_turn'?)"),
    ("unknown_name", "44:29: error: unknown name 'used.invade' in expression"),
    ("unknown_role", "23:11: error: unknown role 'rusia' (did you mean 'russia'?)"),
    ("unknown_source", "20:13: error: unknown source 'dco' (did you mean 'doc'?)"),
    ("unknown_test_ending", "54:22: error: unknown ending 'stand_off' (did you mean 'standoff'?)"),
    ("unknown_variable", "19:15: error: unknown variable 'tenson' (did you mean 'tension'?)"),
    ("wrong_type", "10:37: error: roles.us.budget: input should be a valid integer, unable to parse string as an integer"),
    ("yaml_syntax", "9:17: error: YAML syntax: this line is indented more (3 spaces) than line 8 above it (2), "
                    "so it reads as part of that line's value: line it up with the keys it belongs with"),
    ("yaml_tab", "18:1: error: YAML syntax: a tab: YAML indents with spaces only (replace the tab with spaces)"),
    ("yaml_unquoted_colon", "38:21: error: YAML syntax: a ': ' inside a value starts a new key here: "
                            "put the value in quotes (headline: \"...\")"),
]

WARNINGS = [
    ("action_never_legal", ["17:3: warning: action 'talks' costs 3 but us's budget is 2: it can never be ordered [W202]",
                            "23:3: warning: action 'mass_troops' is never legal: its condition 'tension > 100' never holds [W202]"]),
    ("chance_out_of_range", ["38:13: warning: chance 'tension / 50' can go above 1 (up to 2): wrap it in clamp(..., 0, 1) [W303]"]),
    ("condition_reveals_hidden", ["19:3: warning: action 'talks' is allowed or not depending on readiness, which us "
                                  "cannot see: its orders panel would reveal it [W203]"]),
    ("action_no_effect", ["22:3: warning: action 'parade' has no effect: no effects, and nothing refers to it [W201]"]),
    ("demand_unanswerable", ["27:3: warning: demand 'demand_guarantee': us can never answer it "
                             "(every response costs too much or is never legal) [W401]"]),
    ("ending_never_holds", ["41:3: warning: ending 'war' can never happen: its condition 'tension >= 90 and tension < 50' never holds [W302]"]),
    ("event_never_happens", ["35:3: warning: event 'summit' can never happen: its condition 'tension > 30 and turn == 3' never holds [W301]"]),
    ("no_source", ["35:3: warning: event 'summit' names no source document (add 'source:' with a key from 'sources') [W501]"]),
    ("unused_source", ["14:3: warning: source 'other' is never cited [W502]"]),
    ("unused_variable", ["15:3: warning: variable 'morale' is never used: nothing reads it and nothing changes it [W101]"]),
    ("variable_never_read", ["15:3: warning: variable 'morale' changes but nothing reads it "
                             "(no condition, formula, score or ending): it cannot matter [W102]"]),
    ("silenced", []),
]


def test_the_base_scenario_is_clean():
    loaded = load_scenario(CORPUS / "base.yaml")
    assert lint(loaded.document, loaded.model) == []


def test_every_corpus_file_is_in_a_table():
    assert {p.stem for p in (CORPUS / "broken").glob("*.yaml")} == {name for name, _ in BROKEN}
    assert {p.stem for p in (CORPUS / "warnings").glob("*.yaml")} == {name for name, _ in WARNINGS}


@pytest.mark.parametrize("name, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_gives_exactly_its_error(name, expected, capsys):
    path = CORPUS / "broken" / f"{name}.yaml"
    lines = [f"{path}:{e}" for e in ([expected] if isinstance(expected, str) else expected)]
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [str(p) for p in caught.value.problems] == lines
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr()
    assert out.err == "".join(line + "\n" for line in lines) and "Traceback" not in out.err


@pytest.mark.parametrize("name", [b[0] for b in BROKEN])
def test_broken_file_errors_carry_a_known_code(name):
    path = CORPUS / "broken" / f"{name}.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert all(p.code in ERROR_BY_CODE and p.severity == "error" for p in caught.value.problems), caught.value.problems


def test_error_codes_are_unique_and_stable():
    codes = [e.code for e in ERRORS]
    assert len(set(codes)) == len(codes) and len({e.name for e in ERRORS}) == len(ERRORS)
    assert all(re.fullmatch(r"E\d{3}", c) for c in codes)


@pytest.mark.parametrize("name, expected", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_warning_file_gives_exactly_its_warnings(name, expected, capsys):
    path = CORPUS / "warnings" / f"{name}.yaml"
    loaded = load_scenario(path)
    assert sorted(str(w) for w in lint(loaded.document, loaded.model)) == sorted(f"{path}:{e}" for e in expected)
    assert main(["validate", str(path)]) == 0  # warnings alone do not fail
    assert main(["validate", "--strict", str(path)]) == (1 if expected else 0)


def test_silenced_warnings_come_back_without_their_comments(tmp_path):
    text = (CORPUS / "warnings" / "silenced.yaml").read_text(encoding="utf-8")
    bare = tmp_path / "bare.yaml"
    bare.write_text(re.sub(r"#\s*brink:.*", "", text), encoding="utf-8")
    loaded = load_scenario(bare)
    assert sorted(w.code for w in lint(loaded.document, loaded.model)) == ["W101", "W502"]


@pytest.mark.parametrize("text, per_line, whole", [
    ("x: 1  # brink: ignore W101\n", {1: {"W101"}}, set()),
    ("# brink: ignore W101, action-no-effect\nx: 1\n", {2: {"W101", "W201"}}, set()),
    ("# brink: ignore-file w502 unused-variable\n", {}, {"W502", "W101"}),
    ("x: 1  # brink: ignore NOT-A-CODE\n", {1: set()}, set()),
    ("x: 1  # an ordinary comment\n", {}, set()),
])
def test_ignore_comments(text, per_line, whole):
    assert suppressions(text) == (per_line, whole)


def test_warning_codes_and_names_are_unique_and_stable():
    codes = [c.code for c in CHECKS]
    assert len(set(codes)) == len(codes) and len({c.name for c in CHECKS}) == len(CHECKS)
    assert all(re.fullmatch(r"W\d{3}", c) for c in codes)
    assert {"W101", "W201", "W301", "W401", "W501", "W701", "W702", "W703", "W704"} <= set(codes)


def test_deep_check_reports_what_never_happens(capsys):
    path = CORPUS / "deep" / "never.yaml"
    loaded = load_scenario(path)
    assert lint(loaded.document, loaded.model) == []
    assert main(["validate", "--deep", "--games", "200", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:35:3: warning: ending 'collapse' was never reached in 400 games [W701]" in err
    assert f"{path}:30:3: warning: event 'breakthrough' never fired in 400 games [W702]" in err
    assert f"{path}:24:3: warning: us's action 'ultimatum' was never legal in 400 games [W703]" in err
    assert f"{path}:17:3: warning: variable 'morale' sits at its maximum (100) in 100% of game-turns of 400 games [W704]" in err
    assert err.count("warning:") == 4


def test_shipped_tutorial_passes_the_deep_check():
    from game.authoring.deep import deep_check

    report = deep_check(load_scenario("tutorial"), games=300)
    assert report.warnings == []
    assert report.endings.sum() == report.games


def test_deep_check_reports_how_often_a_historical_order_is_dropped(capsys):
    """An order that needs an earlier one to have worked (a coin toss) cannot be refused outright,
    so the deep check counts it: dropped in about half of the all-historical games."""
    path = CORPUS / "deep" / "history_dropped.yaml"
    loaded = load_scenario(path)
    assert [w.code for w in lint(loaded.document, loaded.model)] == []
    assert main(["validate", "--deep", "--games", "200", str(path)]) == 0
    err = capsys.readouterr().err
    assert (f"{path}:60:26: warning: historical order 'follow_up' of us on turn 2 was dropped in 48% of the 200 "
            "all-historical games that reached it (not allowed then in 48%) [W705]") in err
    assert err.count("[W705]") == 1


def test_deep_check_tallies_every_historical_order():
    from game.authoring.deep import deep_check

    report = deep_check(load_scenario(CORPUS / "deep" / "history_dropped.yaml"), games=100)
    tallies = {(t.role, t.turns, t.action): (t.wanted, t.illegal, t.unpaid) for t in report.history.values()}
    assert tallies[("us", "turn 1", "talks")] == (100, 0, 0) and tallies[("russia", "turn 1", "mass_troops")] == (100, 0, 0)
    wanted, illegal, unpaid = tallies[("us", "turn 2", "follow_up")]
    assert wanted == 100 and 30 < illegal < 70 and unpaid == 0


# -- every error at once: what the schema pass repairs, the later passes still check -------------
BASE = (CORPUS / "base.yaml").read_text(encoding="utf-8")
ONCE = [
    ("a bad type and an unknown variable elsewhere",
     [("  russia: {name: Russia, budget: 2}", "  russia: {name: Russia, budget: lots}"), ("effects: {tension: -5}", "effects: {tenson: -5}")],
     ["roles.russia.budget: input should be a valid integer", "unknown variable 'tenson'"]),
    ("a variable dropped for its bounds is not unknown everywhere it is used",
     [("initial: 40", "initial: 400")], ["variables.tension: initial value 400 is outside [0, 100]"]),
    ("an id refused for its capitals is not unknown where it is used",
     [("  tension: {label", "  Tension: {label")], ["variables: 'Tension' is not a valid id"]),
    ("a broken calendar silences the checks that need it",
     [("  turns: 3", "  turns: many"), ("    turn: 2\n", "    turn: 7\n")], ["calendar.turns: input should be a valid integer"]),
    ("an item with an unknown key is still checked",
     [("    when: \"tension > 30\"\n", "    when: \"tension + 30\"\n    colour: red\n")],
     ["'tension + 30' is a number, but a condition", "unknown key 'colour'"]),
    ("a bad role keeps quiet about the rest of its action",
     [("    role: us\n", "    role: 7\n"), ("effects: {tension: -5}", "effects: {tension: -5}\n    excludes: [mass_troops]")],
     ["diplomacy.talks.role: input should be a valid string"]),
    ("a missing section is one error, not one per reference",
     [("variables:\n  tension: {label: Tension, initial: 40, source: doc}\n", "")],
     ["missing required key 'variables'"]),
]


@pytest.mark.parametrize("changes, messages", [c[1:] for c in ONCE], ids=[c[0] for c in ONCE])
def test_every_independent_error_at_once_and_no_echoes(tmp_path, changes, messages):
    from game.scenario import check_scenario

    text = BASE
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    found = check_scenario(tmp_path / "s.yaml", text=text).errors
    assert len(found) == len(messages), found
    for problem, message in zip(found, messages):
        assert message in problem.message, (problem, message)


def test_check_scenario_is_the_validator_for_editors(tmp_path):
    """What a language server calls: text in, sorted problems out (code, severity, position, message); never raises."""
    from game.scenario import check_scenario

    broken = (CORPUS / "broken" / "five_mistakes.yaml").read_text(encoding="utf-8")
    checked = check_scenario("unsaved.yaml", text=broken)
    assert not checked.ok and checked.loaded is None and checked.warnings == []
    assert [(p.line, p.code) for p in checked.problems] == [(11, "E203"), (19, "E301"), (25, "E103"), (38, "E403"), (50, "E201")]
    assert all(p.path == "unsaved.yaml" for p in checked.problems)
    clean = check_scenario("unsaved.yaml", text=(CORPUS / "warnings" / "no_source.yaml").read_text(encoding="utf-8"))
    assert clean.ok and clean.loaded.model.id == "base" and [p.code for p in clean.warnings] == ["W501"]
    assert check_scenario("unsaved.yaml", text="a: [1\n").errors[0].code == "E101"
    assert check_scenario(tmp_path / "absent.yaml").errors[0].code == "E100"


def test_validate_json_lists_every_problem_as_a_record(capsys):
    path = CORPUS / "broken" / "five_mistakes.yaml"
    assert main(["validate", "--json", str(path), "tutorial"]) == 1
    results = json.loads(capsys.readouterr().out)
    assert [r["ok"] for r in results] == [False, True]
    assert results[0]["problems"][0] == {"path": str(path), "line": 11, "column": 34, "severity": "error", "code": "E203",
                                         "message": "roles.russia.budget: input should be a valid integer, unable to parse "
                                                    "string as an integer"}


JUNK = ["lots", ".nan", "[1, 2]", "{a: 1}", "-5", "null", "'x'", "1e400", "true", "0", "'\\u00e9'", "[[[]]]"]
VALUE_LINES = [i for i, line in enumerate(BASE.splitlines())
               if ": " in line and not line.lstrip().startswith("#") and not line.rstrip().endswith(":")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(JUNK)), min_size=1, max_size=3))
def test_any_bad_values_give_located_sorted_errors_and_never_a_crash(changes):
    """Replace values of the base scenario with junk: the validator never raises, and what it
    reports is sorted, without duplicates, each with a known code, inside the file."""
    from game.scenario import check_scenario
    from game.scenario.errors import ERROR_BY_CODE

    lines = BASE.splitlines()
    for k, junk in changes:
        lines[k] = lines[k].partition(": ")[0] + ": " + junk
    checked = check_scenario("s.yaml", text="\n".join(lines) + "\n")
    errors = checked.errors
    assert errors == sorted(set(errors))
    assert all(e.code in ERROR_BY_CODE and 1 <= e.line <= len(lines) + 1 for e in errors)
    if checked.ok:
        assert checked.loaded is not None  # no errors: it compiles, whatever was written
