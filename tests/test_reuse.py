"""Templates (``extends:``), ``include:`` and YAML merge keys: what they build, and every mistake at its file, line and column.

The cases are tables of small named scenarios written to a temporary folder; each
starts from ``MINI`` (a valid scenario) with sections added or replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
import yaml

from game.cli import main
from game.scenario import ScenarioError, check_scenario, load_scenario
from game.scenario import include as include_module
from game.scenario.extends import MAX_CHAIN
from game.scenario.yamlsafe import MAX_BYTES

from minis import HEAD, write

HERE = Path(__file__).resolve().parent
CUBA = HERE / "scenarios" / "cuba-1962.yaml"
CUBA_WRITTEN_OUT = HERE / "scenarios" / "reuse" / "cuba-1962-written-out.yaml"

MINI = HEAD + """\
variables:
  tension: {label: Tension, initial: 40, source: doc}
  support: {label: Support, initial: 50, source: doc}
endings:
  war: {title: War, text: It ends in war., when: "tension >= 90", source: doc}
  standoff: {title: Standoff, text: Nothing is settled., default: true, source: doc}
"""


def scenario(folder: Path, extra: str, name: str = "s.yaml") -> Path:
    return write(folder, name, MINI + extra)


def problems(path: Path) -> list[str]:
    """Every problem of the scenario at ``path``, its folder left out of the file names."""
    found = check_scenario(path).problems
    return [str(p).replace(str(path.parent) + os.sep, "") for p in found]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


# -- templates: what an item becomes ------------------------------------------------------------

TEMPLATE_CASES = [
    ("inherits every field", """
templates:
  talks: {cost: 2, source: doc, effects: {tension: -3}, label: Talks}
diplomacy:
  talks_us: {extends: talks, role: us}
""", lambda m: (m.diplomacy["talks_us"].cost, m.diplomacy["talks_us"].effects, m.diplomacy["talks_us"].label),
        (2, {"tension": -3}, "Talks")),
    ("a field written overrides", """
templates:
  talks: {cost: 2, source: doc, label: Talks}
diplomacy:
  talks_us: {extends: talks, role: us, cost: 1}
""", lambda m: m.diplomacy["talks_us"].cost, 1),
    ("mappings merge key by key", """
templates:
  talks: {source: doc, effects: {tension: -3, support: 2}}
diplomacy:
  talks_us: {extends: talks, role: us, effects: {support: 5}}
""", lambda m: m.diplomacy["talks_us"].effects, {"tension": -3, "support": 5}),
    ("lists are replaced, not joined", """
templates:
  talks: {source: doc, excludes: [a]}
diplomacy:
  a: {role: us, source: doc}
  b: {role: us, source: doc}
  talks_us: {extends: talks, role: us, excludes: [b]}
""", lambda m: m.diplomacy["talks_us"].excludes, ["b"]),
    ("null removes an inherited key", """
templates:
  talks: {source: doc, when: "tension > 10", effects: {tension: -3}}
diplomacy:
  talks_us: {extends: talks, role: us, when: null, effects: {tension: null, support: 1}}
""", lambda m: (m.diplomacy["talks_us"].when, m.diplomacy["talks_us"].effects), (None, {"support": 1})),
    ("an item of the same section", """
diplomacy:
  talks_us: {role: us, cost: 2, source: doc, effects: {tension: -3}}
  talks_ru: {extends: talks_us, role: russia}
""", lambda m: (m.diplomacy["talks_ru"].role, m.diplomacy["talks_ru"].cost), ("russia", 2)),
    ("SECTION.ID names an item of another section of the same kind", """
diplomacy:
  talks_us: {role: us, cost: 2, source: doc, headline: Talks}
deployments:
  drills: {extends: diplomacy.talks_us, role: russia}
""", lambda m: (m.deployments["drills"].headline, m.deployments["drills"].cost), ("Talks", 2)),
    ("a template extends a template", """
templates:
  base: {source: doc, cost: 3, effects: {tension: -1}}
  talks: {extends: base, effects: {support: 1}}
diplomacy:
  talks_us: {extends: talks, role: us}
""", lambda m: (m.diplomacy["talks_us"].cost, m.diplomacy["talks_us"].effects), (3, {"tension": -1, "support": 1})),
    ("a list of templates applies in order", """
templates:
  a: {source: doc, cost: 1, label: A}
  b: {cost: 2}
diplomacy:
  talks_us: {extends: [a, b], role: us}
""", lambda m: (m.diplomacy["talks_us"].cost, m.diplomacy["talks_us"].label), (2, "A")),
    ("a lever's steps merge too", """
templates:
  sanction:
    source: doc
    role: us
    threaten: {cost: 1, effects: {tension: 2}}
    impose: {cost: 1, effects: {tension: 5}}
levers:
  banks: {extends: sanction, label: Banks, impose: {effects: {support: -2}}}
""", lambda m: (m.levers["banks"].threaten.effects, m.levers["banks"].impose.effects),
        ({"tension": 2}, {"tension": 5, "support": -2})),
    ("a historical move, a hint and an objective", """
diplomacy:
  talks_us: {role: us, source: doc}
templates:
  move: {source: doc, orders: [talks_us]}
  goals: {summary: Stay calm., each_turn: [{label: Calm, value: "(100 - tension) / 100", weight: 1}]}
historical:
  us: [{extends: move, turn: 1}, {extends: move, turn: 2}]
objectives:
  us: {extends: goals, endings: {war: -10}}
  russia: {extends: goals}
""", lambda m: ([h.orders for h in m.historical["us"]], m.objectives["russia"].summary, m.objectives["us"].endings),
        ([["talks_us"], ["talks_us"]], "Stay calm.", {"war": -10})),
    ("a map marker", """
templates:
  unit: {role: us, kind: unit, tag: US}
map:
  region: {bounds: [20, 40, 40, 60]}
  markers:
    a: {extends: unit, label: A, at: [25, 50]}
    b: {extends: unit, label: B, at: [30, 50], tag: B}
""", lambda m: (m.map.markers["a"].tag, m.map.markers["b"].tag, m.map.markers["a"].role), ("US", "B", "us")),
    ("extends itself is not inherited", """
templates:
  base: {source: doc}
  talks: {extends: base, cost: 2}
diplomacy:
  talks_us: {extends: talks, role: us}
""", lambda m: m.diplomacy["talks_us"].extends, "talks"),
]


@pytest.mark.parametrize("extra, get, expected", [c[1:] for c in TEMPLATE_CASES], ids=[c[0] for c in TEMPLATE_CASES])
def test_templates_build_the_item(tmp_path, extra, get, expected):
    loaded = load_scenario(scenario(tmp_path, extra))
    assert get(loaded.model) == expected


# -- templates: mistakes, each where it is written -------------------------------------------------

def template_errors():
    """(name, extra text, expected problems as functions of the whole text)."""
    return [
        ("unknown template", """
diplomacy:
  talks_us: {extends: talk, role: us, source: doc}
templates:
  talks: {cost: 1}
""", lambda t: [f"s.yaml:{line_of(t, 'extends: talk')}:23: error: extends: unknown template 'talk' (did you mean 'talks'?)"]),
        ("a cycle", """
templates:
  a: {extends: b}
  b: {extends: a}
diplomacy:
  talks_us: {extends: a, role: us, source: doc}
""", lambda t: [f"s.yaml:{line_of(t, 'b: {extends: a}')}:16: error: extends: a cycle (a -> b -> a): an item cannot extend itself"]),
        ("a name both a template and a sibling", """
templates:
  talks: {cost: 1}
diplomacy:
  talks: {role: us, source: doc}
  talks_us: {extends: talks, role: us, source: doc}
""", lambda t: [f"s.yaml:{line_of(t, 'extends: talks')}:23: error: extends: 'talks' is both a template and an item of "
                 "diplomacy: rename one of them"]),
        ("an item of another kind", """
diplomacy:
  talks: {role: us, source: doc}
events:
  summit: {extends: diplomacy.talks, turn: 1}
""", lambda t: [f"s.yaml:{line_of(t, 'extends: diplomacy')}:21: error: extends: 'diplomacy.talks' is an action, and this "
                 "item is an event: an item extends a template or an item of its kind"]),
        ("a mistake in a template, named once for every item that inherits it", """
templates:
  talks: {source: doc, effects: {tenson: -3}}
diplomacy:
  talks_us: {extends: talks, role: us}
  talks_ru: {extends: talks, role: russia}
""", lambda t: [f"s.yaml:{line_of(t, 'tenson')}:34: error: unknown variable 'tenson' (did you mean 'tension'?) (inherited from "
                 f"'talks' by diplomacy.talks_us (line {line_of(t, 'talks_us')}) and diplomacy.talks_ru (line {line_of(t, 'talks_ru')}))"]),
        ("a mistake the item writes itself is at the item's line", """
templates:
  talks: {source: doc, effects: {tension: -3}}
diplomacy:
  talks_us: {extends: talks, role: us, cost: lots}
""", lambda t: [f"s.yaml:{line_of(t, 'cost: lots')}:46: error: diplomacy.talks_us.cost: input should be a valid integer, "
                 "unable to parse string as an integer"]),
        ("a missing key is the item's", """
templates:
  talks: {source: doc}
diplomacy:
  talks_us: {extends: talks}
""", lambda t: [f"s.yaml:{line_of(t, 'talks_us')}:3: error: missing required key 'role' in diplomacy.talks_us"]),
        ("a template key no item may have", """
templates:
  talks: {source: doc, cots: 2}
diplomacy:
  talks_us: {extends: talks, role: us}
""", lambda t: [f"s.yaml:{line_of(t, 'cots')}:24: error: unknown key 'cots' (did you mean 'cost'?) (inherited from 'talks' by "
                 f"diplomacy.talks_us (line {line_of(t, 'talks_us')}))"]),
        ("extends where no item can extend (an answer to a demand)", """
demands:
  ask:
    by: russia
    to: [us]
    source: doc
    responses:
      accept: {effects: {tension: -1}}
      reject: {extends: accept, effects: {tension: 1}}
""", lambda t: [f"s.yaml:{line_of(t, 'extends: accept')}:16: error: unknown key 'extends'"]),
        ("a chain too long", "templates:\n" + "".join(f"  t{i}: {{extends: t{i + 1}}}\n" for i in range(MAX_CHAIN + 1))
         + f"  t{MAX_CHAIN + 1}: {{source: doc}}\ndiplomacy:\n  talks_us: {{extends: t0, role: us}}\n",
         lambda t: [f"s.yaml:{line_of(t, f't{MAX_CHAIN}: ')}:{len(f'  t{MAX_CHAIN}: {{extends: ') + 1}: error: extends: the "
                    f"chain is longer than {MAX_CHAIN} steps"]),
    ]


@pytest.mark.parametrize("case", template_errors(), ids=[c[0] for c in template_errors()])
def test_template_mistakes_are_located(tmp_path, case):
    name, extra, expected = case
    path = scenario(tmp_path, extra)
    assert problems(path) == expected(path.read_text())


def test_an_unused_template_is_a_warning(tmp_path):
    path = scenario(tmp_path, "templates:\n  spare: {cost: 1}\ndiplomacy:\n  talks_us: {role: us, source: doc}\n")
    text = path.read_text()
    found = [p for p in problems(path) if "W504" in p]
    assert found == [f"s.yaml:{line_of(text, 'spare')}:3: warning: template 'spare' is never used: no item extends it [W504]"]


def test_templates_expand_within_the_node_limit(tmp_path, monkeypatch):
    """A template multiplied by many items cannot blow the document up past the builder's own limit."""
    import game.scenario.extends as extends

    monkeypatch.setattr(extends, "MAX_NODES", 20)
    items = "".join(f"  t{i}: {{extends: big, role: us}}\n" for i in range(10))
    path = scenario(tmp_path, "templates:\n  big: {source: doc, effects: {tension: 1, support: 1}, excludes: []}\n"
                    "diplomacy:\n" + items)
    assert any("templates expand to too large a document" in p for p in problems(path))


# -- a scenario converted to templates plays the same games ----------------------------------------

def simulated(path: Path, capsys) -> dict:
    assert main(["simulate", str(path), "--games", "200", "--seed", "11", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    out.pop("seconds")
    return out


def written_out(loaded) -> dict:
    """The scenario's model with its templates merged in and the reuse fields left out."""
    data = loaded.model.model_dump(exclude={"templates"})

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "extends"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(data)


def test_cuba_with_templates_plays_the_same_games_as_written_out(capsys):
    assert "extends: talks" in CUBA.read_text() and "extends" not in CUBA_WRITTEN_OUT.read_text().split("format: 1", 1)[1]
    assert written_out(load_scenario(CUBA)) == written_out(load_scenario(CUBA_WRITTEN_OUT))
    assert simulated(CUBA, capsys) == simulated(CUBA_WRITTEN_OUT, capsys)


def test_brink_new_writes_templates_that_expand_to_three_talks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "crisis", "--roles", "us,ussr,cuba"]) == 0
    text = (tmp_path / "crisis.yaml").read_text()
    assert text.count("    extends: talks\n") == 3 and text.count("description: Send diplomats") == 1
    model = load_scenario(tmp_path / "crisis.yaml").model
    assert [a.label for a in model.diplomacy.values()] == ["Open talks"] * 3
    assert len({json.dumps(a.effects) for a in model.diplomacy.values()}) == 1


# -- include: -----------------------------------------------------------------------------------

PART = "sources:\n  memo: {title: A memo}\nvariables:\n  readiness: {label: Readiness, initial: 10, source: memo}\n"


def test_an_include_joins_its_sections(tmp_path):
    write(tmp_path, "parts/extra.yaml", PART)
    path = scenario(tmp_path, "include: [parts/extra.yaml]\ndiplomacy:\n  talks: {role: us, source: memo, effects: {readiness: -5}}\n")
    loaded = load_scenario(path)
    assert list(loaded.model.variables) == ["tension", "support", "readiness"]
    assert loaded.document.file_of(("variables", "readiness", "initial")) == str(tmp_path / "parts" / "extra.yaml")
    assert loaded.document.position(("variables", "readiness", "initial")) == (4, 42)


def test_includes_nest_relative_to_the_including_file_and_a_shared_file_is_read_once(tmp_path):
    write(tmp_path, "parts/a.yaml", "include: [common.yaml]\nvariables:\n  a: {label: A, initial: 1, source: doc}\n")
    write(tmp_path, "parts/b.yaml", "include: [common.yaml]\nvariables:\n  b: {label: B, initial: 1, source: doc}\n")
    write(tmp_path, "parts/common.yaml", "variables:\n  c: {label: C, initial: 1, source: doc}\n")
    loaded = load_scenario(scenario(tmp_path, "include: [parts/a.yaml, parts/b.yaml]\n"))
    assert list(loaded.model.variables) == ["tension", "support", "a", "c", "b"]


def test_lists_join_in_order_and_a_template_may_live_in_an_included_file(tmp_path):
    write(tmp_path, "part.yaml", "hints:\n  - {text: Second}\ntemplates:\n  talks: {source: doc, cost: 2}\n")
    loaded = load_scenario(scenario(tmp_path, "include: [part.yaml]\nhints:\n  - {text: First}\n"
                                              "diplomacy:\n  t: {extends: talks, role: us}\n"))
    assert [h.text for h in loaded.model.hints] == ["First", "Second"]
    assert loaded.model.diplomacy["t"].cost == 2


def include_errors():
    """(name, {file: text} besides s.yaml, extra text of s.yaml, expected problem lines)."""
    return [
        ("a mistake in an included file names that file", {"parts/x.yaml": "variables:\n  readiness: {label: R, initial: 1, source: dco}\n"},
         "include: [parts/x.yaml]\n", ["parts/x.yaml:2:45: error: unknown source 'dco' (did you mean 'doc'?)"]),
        ("a YAML error in an included file", {"x.yaml": "variables:\n  r: {label: R, initial: 1\n"}, "include: [x.yaml]\n",
         ["x.yaml:3:1: error: YAML syntax: expected ',' or '}': close the list or mapping, or quote a value holding a comma"]),
        ("an id written in two files", {"x.yaml": "variables:\n  tension: {label: T, initial: 1}\n"}, "include: [x.yaml]\n",
         [f"x.yaml:2:3: error: variables.tension is also given in s.yaml:{line_of(MINI, 'tension:')}: each id and each setting "
          "may be written in one file only"]),
        ("a setting written in two files", {"x.yaml": "title: Other\n"}, "include: [x.yaml]\n",
         ["x.yaml:1:1: error: title is also given in s.yaml:3: each id and each setting may be written in one file only"]),
        ("a missing file", {}, "include: [nothere.yaml]\n",
         [f"s.yaml:{MINI.count(chr(10)) + 1}:11: error: include 'nothere.yaml': there is no such file"]),
        ("a cycle", {"a.yaml": "include: [b.yaml]\n", "b.yaml": "include: [a.yaml]\n"}, "include: [a.yaml]\n",
         ["b.yaml:1:11: error: include cycle: a.yaml -> b.yaml -> a.yaml"]),
        ("a file including itself", {"a.yaml": "include: [a.yaml]\n"}, "include: [a.yaml]\n",
         ["a.yaml:1:11: error: include cycle: a.yaml -> a.yaml"]),
        ("the scenario including itself", {}, "include: [s.yaml]\n",
         [f"s.yaml:{MINI.count(chr(10)) + 1}:11: error: include cycle: s.yaml -> s.yaml"]),
        ("an included file that is no mapping", {"x.yaml": "- a\n- b\n"}, "include: [x.yaml]\n",
         ["x.yaml:1:1: error: an included file must be a mapping of sections (variables:, events:, ...)"]),
    ]


@pytest.mark.parametrize("files, extra, expected", [c[1:] for c in include_errors()], ids=[c[0] for c in include_errors()])
def test_include_mistakes_are_located(tmp_path, files, extra, expected):
    for name, text in files.items():
        write(tmp_path, name, text)
    assert problems(scenario(tmp_path, extra)) == expected


HOSTILE = [
    ("an absolute path", "/etc/passwd", "absolute paths are not allowed: give a path relative to this file"),
    ("an absolute YAML path", "/etc/hosts.yaml", "absolute paths are not allowed"),
    ("a device", "/dev/zero", "absolute paths are not allowed"),
    ("a way out of the folder", "../../../../../../etc/passwd.yaml", "it leads outside this scenario's folder and the shipped scenarios folder"),
    ("a way out through shipped:", "shipped:../../../../../../etc/passwd.yaml", "it leads outside"),
    ("a URL", "https://example.com/evil.yaml", "URLs are not allowed"),
    ("a file URL", "file:///etc/passwd.yaml", "URLs are not allowed"),
    ("a network share", "//server/share/x.yaml", "absolute paths are not allowed"),
    ("a Windows drive", "C:/x.yaml", "absolute paths are not allowed"),
    ("a backslash", "parts\\\\x.yaml", "write paths with '/'"),
    ("a home folder", "~/x.yaml", "absolute paths are not allowed"),
    ("not a YAML file", "notes.txt", "only .yaml and .yml files can be included"),
    ("no name at all", "", "it is empty"),
]


@pytest.mark.parametrize("entry, reason", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_includes_are_refused(tmp_path, entry, reason):
    path = scenario(tmp_path, f'include: ["{entry}"]\n')
    found = problems(path)
    shown = entry.replace("\\\\", "\\")
    assert len(found) == 1 and f"error: include '{shown}' is refused: {reason}" in found[0], found


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", "secret.yaml", "variables:\n  stolen: {label: S, initial: 1}\n")
    (tmp_path / "game").mkdir()
    os.symlink(outside, tmp_path / "game" / "link.yaml")
    found = problems(scenario(tmp_path / "game", "include: [link.yaml]\n"))
    assert len(found) == 1 and "include 'link.yaml' is refused: it leads outside" in found[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block forever
    found = problems(scenario(tmp_path, "include: [pipe.yaml]\n"))
    assert len(found) == 1 and "include 'pipe.yaml': it is not a regular file" in found[0]


def test_a_huge_included_file_is_refused(tmp_path):
    write(tmp_path, "huge.yaml", "# " + "x" * (MAX_BYTES + 10) + "\n")
    assert problems(scenario(tmp_path, "include: [huge.yaml]\n")) == [f"huge.yaml:1:1: error: file is too large (over {MAX_BYTES:,} bytes)"]


def test_included_files_together_have_a_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(include_module, "MAX_TOTAL_BYTES", 300)
    for name in "abc":
        write(tmp_path, f"{name}.yaml", f"# {'x' * 120}\nvariables:\n  {name}: {{label: X, initial: 1, source: doc}}\n")
    found = problems(scenario(tmp_path, "include: [a.yaml, b.yaml, c.yaml]\n"))
    assert any("the included files are too large together (limit 300 bytes)" in p for p in found), found


def test_includes_nested_too_deeply_are_refused(tmp_path):
    depth = include_module.MAX_DEPTH
    for i in range(depth + 1):
        write(tmp_path, f"p{i}.yaml", f"include: [p{i + 1}.yaml]\n" if i < depth else "hints: []\n")
    found = problems(scenario(tmp_path, "include: [p0.yaml]\n"))
    assert found == [f"p{depth - 1}.yaml:1:11: error: includes are nested too deeply (limit {depth} levels)"]


def test_shipped_prefix_reaches_the_shipped_folder(tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"
    write(shipped, "common.yaml", "variables:\n  shared: {label: Shared, initial: 3, source: doc}\n")
    import game.scenario.catalog as catalog

    monkeypatch.setattr(catalog, "shipped_dir", lambda: shipped)
    loaded = load_scenario(scenario(tmp_path / "mine", "include: ['shipped:common.yaml']\n"))
    assert loaded.model.variables["shared"].initial == 3


def test_the_content_hash_covers_included_files(tmp_path):
    write(tmp_path, "x.yaml", PART)
    path = scenario(tmp_path, "include: [x.yaml]\n")
    first = load_scenario(path).rules.content_hash
    write(tmp_path, "x.yaml", PART.replace("initial: 10", "initial: 11"))
    assert load_scenario(path).rules.content_hash != first
    plain = scenario(tmp_path, "", "plain.yaml")
    assert load_scenario(plain).rules.content_hash == hashlib.sha256(plain.read_bytes()).hexdigest()


def test_brink_validate_names_the_included_file(tmp_path, capsys):
    write(tmp_path, "part.yaml", "variables:\n  r: {label: R, initial: 500, source: doc}\n")
    path = scenario(tmp_path, "include: [part.yaml]\n")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}{os.sep}part.yaml:2:6: error: variables.r: initial value 500 is outside [0, 100]" in err


def test_text_checked_in_memory_includes_relative_to_its_path(tmp_path):
    write(tmp_path, "x.yaml", PART)
    checked = check_scenario(tmp_path / "draft.yaml", text=MINI + "include: [x.yaml]\n")
    assert checked.ok and "readiness" in checked.loaded.model.variables


# -- merge keys ---------------------------------------------------------------------------------

MERGE_CASES = [
    ("an alias fills what the mapping lacks", "diplomacy:\n  a: &talk {role: us, source: doc, cost: 2}\n  b: {<<: *talk, role: russia}\n",
     lambda m: (m.diplomacy["b"].role, m.diplomacy["b"].cost), ("russia", 2)),
    ("the mapping's own keys win wherever they are written", "diplomacy:\n  a: &talk {role: us, source: doc, cost: 2}\n"
     "  b: {cost: 3, <<: *talk}\n", lambda m: m.diplomacy["b"].cost, 3),
    ("in a list of merges the first wins", "templates:\n  x: &x {cost: 1}\n  y: &y {cost: 2, role: russia}\n"
     "diplomacy:\n  b: {<<: [*x, *y], source: doc}\n", lambda m: (m.diplomacy["b"].cost, m.diplomacy["b"].role), (1, "russia")),
    ("a merged mapping may merge too", "templates:\n  x: &x {cost: 1, source: doc}\n  y: &y {<<: *x, role: us}\n"
     "diplomacy:\n  b: {<<: *y}\n", lambda m: (m.diplomacy["b"].cost, m.diplomacy["b"].role), (1, "us")),
]


@pytest.mark.parametrize("extra, get, expected", [c[1:] for c in MERGE_CASES], ids=[c[0] for c in MERGE_CASES])
def test_merge_keys(tmp_path, extra, get, expected):
    assert get(load_scenario(scenario(tmp_path, extra)).model) == expected


def test_a_mistake_in_a_merged_anchor_is_reported_once_where_it_is_written(tmp_path):
    path = scenario(tmp_path, "diplomacy:\n  a: &talk {role: us, source: doc, effects: {tenson: 1}}\n  b: {<<: *talk}\n  c: {<<: *talk}\n")
    text = path.read_text()
    assert problems(path) == [f"s.yaml:{line_of(text, 'tenson')}:46: error: unknown variable 'tenson' (did you mean 'tension'?)"]


def test_a_merge_of_something_else_than_a_mapping_is_refused(tmp_path):
    path = scenario(tmp_path, "diplomacy:\n  a: {<<: [1, 2], role: us, source: doc}\n")
    text = path.read_text()
    assert problems(path) == [f"s.yaml:{line_of(text, '<<')}:7: error: a merge key ('<<') takes an alias of a mapping "
                              "(<<: *defaults) or a list of them (<<: [*a, *b])"]


def test_merge_keys_count_against_the_alias_limit(tmp_path):
    anchors = "templates:\n  x: &x {cost: 1}\n"
    items = "".join(f"  d{i}: {{<<: [*x, *x], role: us, source: doc}}\n" for i in range(60))
    with pytest.raises(ScenarioError, match="too many aliases"):
        load_scenario(scenario(tmp_path, anchors + "diplomacy:\n" + items))


def test_the_guide_s_reuse_example_validates_clean(tmp_path):
    """The guide's 'Templates and includes' example, written out as its folder (a block whose first line is
    '# PATH' is that file; the other is the scenario), validates with no error and no warning."""
    from game.scenario import check_scenario

    guide = (HERE.parent / "scenarios" / "README.md").read_text(encoding="utf-8")
    section = guide.split("## Templates and includes", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)
        first = block.splitlines()[0]
        name = first[2:].strip() if first.startswith("# ") and first.endswith(".yaml") else "crisis.yaml"
        write(tmp_path, name, block)
    checked = check_scenario(tmp_path / "crisis.yaml")
    assert checked.ok and checked.warnings == []
    talks_red = checked.loaded.model.diplomacy["talks_red"]
    assert talks_red.effects == {"tension": -5, "talks": 10}  # merged as the guide says
