"""The `map:` section and the rest of the presentation the scenario gives: every mistake located,
with "did you mean"; role looks, the ladder, order groups, per-decision blocs from the scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_scenario
from game.scenario.presentation import derive_tag, grouped, legible, presentation_of

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text()
MAP = """
map:
  region:
    bounds: [20, 44, 41, 56]
    projection: lambert
  countries:
    - {countries: [ukraine], label: true}
    - {countries: [russia, belarus], side: a}
  places:
    kyiv: {name: Kyiv, local: Київ, at: [30.52, 50.45], kind: capital}
  areas:
    crimea: {label: Crimea, shape: crimea, held_by: a}
    held:
      label: Held
      held_by: a
      within: ukraine
      polygon: [[37, 48], [40, 48], [40, 50], kyiv]
      actions: [strike]
      endings: [war]
  lines:
    front: {label: Front, points: [[37, 48], kyiv], events: [boom]}
  markers:
    troops: {label: Troops, role: a, variable: h, full: 100, at: [36, 51]}
    arrow: {label: Attack, role: a, path: [[38, 50], kyiv], actions: [strike], lasts: 2}
"""
SCENARIO = MINI + MAP


def problems_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    return [str(p).replace(str(path), "s.yaml") for p in err.value.problems]


def position(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) where ``needle`` starts."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def test_the_map_of_the_mini_scenario_is_valid(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    look = load_scenario(path).rules.presentation
    held = next(a for a in look.map.areas if a.id == "held")
    assert held.polygon[-1] == (30.52, 50.45)  # the place id resolved to its point
    assert look.map.countries["russia"].side == "a" and look.map.countries["ukraine"].label


# name, (old text, new text), the text the error must point at, what it must say
MAP_CASES = [
    ("misspelt country", ("[ukraine], label", "[ukriane], label"), "ukriane",
     "unknown country of the world map 'ukriane' (did you mean 'ukraine'?)"),
    ("unknown side", ("side: a}", "side: z}"), "z}", "unknown role 'z'"),
    ("unknown place as a point", ("[40, 50], kyiv]", "[40, 50], kiev]"), "kiev]", "unknown place 'kiev'"),
    ("unknown shape", ("shape: crimea", "shape: crimia"), "crimia", "(did you mean 'crimea'?)"),
    ("unknown within", ("within: ukraine", "within: ukrane"), "ukrane", "(did you mean 'ukraine'?)"),
    ("unknown holder", ("held_by: a\n      within", "held_by: q\n      within"), "q\n      within", "unknown role 'q'"),
    ("unknown action", ("actions: [strike]\n      endings", "actions: [strik]\n      endings"), "strik]",
     "unknown action 'strik' (did you mean 'strike'?)"),
    ("unknown ending", ("endings: [war]", "endings: [wars]"), "wars", "unknown ending 'wars' (did you mean 'war'?)"),
    ("unknown event", ("events: [boom]", "events: [bom]"), "bom", "unknown event or reaction 'bom'"),
    ("unknown variable", ("variable: h,", "variable: hh,"), "hh,", "unknown variable 'hh'"),
    ("unknown marker role", ("role: a, variable", "role: x, variable"), "x, variable", "unknown role 'x'"),
    ("bounds the wrong way round", ("bounds: [20, 44, 41, 56]", "bounds: [41, 44, 20, 56]"), "[41, 44",
     "lon_min < lon_max"),
    ("latitude off the map", ("bounds: [20, 44, 41, 56]", "bounds: [20, 44, 41, 91]"), "[20, 44, 41, 91]",
     "latitudes must satisfy"),
    ("unknown projection", ("projection: lambert", "projection: robinson"), "robinson", "'lambert', 'mercator'"),
    ("a point off the Earth", ("at: [36, 51]", "at: [36, 151]"), "[36, 151]", "is not a point on Earth"),
    ("an area with two outlines", ("shape: crimea,", "shape: crimea, polygon: [[1, 2], [2, 3], [3, 1]],"),
     "{label: Crimea", "either 'shape'"),
    ("an arrow without a path", ("path: [[38, 50], kyiv], ", "at: kyiv, kind: attack, "), "{label: Attack",
     "needs a 'path'"),
    ("a force without a variable", ("variable: h, full: 100, ", "kind: force, "), "{label: Troops",
     "needs the 'variable'"),
    ("a misspelt key", ("label: Front,", "lable: Front,"), "lable", "unknown key 'lable' (did you mean 'label'?)"),
    ("a bad colour", ("{countries: [ukraine], label: true}", "{countries: [ukraine], fill: red}"), "red}",
     "should match pattern"),
    ("unknown ladder", ("format: 1\n", "format: 1\nladder: tenson\n"), "tenson", "unknown variable 'tenson'"),
]


@pytest.mark.parametrize("change, needle, message", [c[1:] for c in MAP_CASES], ids=[c[0] for c in MAP_CASES])
def test_map_mistakes_are_located(tmp_path, change, needle, message):
    old, new = change
    assert old in SCENARIO, old
    text = SCENARIO.replace(old, new, 1)
    found = problems_of(tmp_path, text)
    line, col = position(text, needle)
    assert any(p.startswith(f"s.yaml:{line}:{col}:") and message in p for p in found), (line, col, found)


def test_every_map_mistake_is_reported_in_one_run(tmp_path):
    text = SCENARIO.replace("[ukraine], label", "[ukriane], label").replace("events: [boom]", "events: [bom]")
    text = text.replace("variable: h,", "variable: hh,")
    found = problems_of(tmp_path, text)
    assert len([p for p in found if "ukriane" in p or "'bom'" in p or "'hh'" in p]) == 3, found


DECISION_CASES = [
    ("a decision names its role", ("    role: b\n    effects: {coh: 5}", "    effects: {coh: 5}"), "decide:",
     "missing required key 'role'"),
    ("an unknown bloc", ("    role: b\n    effects: {coh: 5}", "    role: b\n    blocs: [nobody]\n    effects: {coh: 5}"),
     "nobody", "unknown consensus bloc 'nobody'"),
]


@pytest.mark.parametrize("change, needle, message", [c[1:] for c in DECISION_CASES], ids=[c[0] for c in DECISION_CASES])
def test_decision_mistakes_are_located(tmp_path, change, needle, message):
    old, new = change
    assert old in MINI, old
    text = MINI.replace(old, new, 1)
    found = problems_of(tmp_path, text)
    line, _ = position(text, needle)
    assert any(p.startswith(f"s.yaml:{line}:") and message in p for p in found), found


def test_a_decision_needs_only_its_blocs(tmp_path):
    """A bloc the decision does not name agrees for certain; an `agree` for it is an error."""
    bloc = MINI[MINI.index("  blocs:\n") + len("  blocs:\n"):].split(":")[0].strip()
    text = MINI.replace("    role: b\n    effects: {coh: 5}", "    role: b\n    blocs: []\n    effects: {coh: 5}", 1)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    rules = load_scenario(path).rules
    decide = rules.action("b", "decide")
    assert [e.constant for e in decide.agree] == [1.0] * len(rules.bloc_ids)
    text = text.replace("    blocs: []\n", f"    blocs: []\n    agree: {{{bloc}: 0.5}}\n")
    found = problems_of(tmp_path, text)
    assert any(f"bloc '{bloc}' is not among this decision's 'blocs'" in p for p in found), found


def test_role_looks_come_from_the_scenario():
    look = load_scenario("vilnius-2023").rules.presentation
    assert [r.tag for r in look.roles.values()] == ["US", "RU", "NATO"]
    assert [r.shape for r in look.roles.values()] == ["circle", "square", "triangle"]
    assert look.roles["us"].colour == (86, 180, 233)  # its color: "#56b4e9"
    assert look.ladder == "tension"


LOOK_CASES = [
    ("a dark colour is lightened for text", "#1a2a80", lambda r: r.colour != (26, 42, 128)),
    ("a shape given is kept", "hexagon", lambda r: r.shape == "hexagon"),
    ("a tag given is kept", "SOV", lambda r: r.tag == "SOV"),
]


@pytest.mark.parametrize("name,value,check", LOOK_CASES, ids=[c[0] for c in LOOK_CASES])
def test_a_role_s_look_follows_what_the_author_wrote(name, value, check):
    model = load_scenario("tutorial").model
    field = "color" if value.startswith("#") else "shape" if value == "hexagon" else "tag"
    roles = dict(model.roles)
    roles["russia"] = roles["russia"].model_copy(update={field: value})
    look = presentation_of(model.model_copy(update={"roles": roles}))
    assert check(look.roles["russia"])


def test_two_roles_never_share_a_tag():
    """'US' and 'Ussr' both derive 'US': the second is made longer, so the legend tells them apart."""
    from game.scenario.presentation import unique_tag

    taken: set[str] = set()
    for name in ("US", "Ussr", "Us", "Cuba", "Cuban exiles"):
        tag = unique_tag(name, taken)
        assert tag not in taken, (name, tag)
        taken.add(tag)
    assert unique_tag("Ussr", {"US"}) == "USS" and unique_tag("Cuba", set()) == "CU"


def test_tags_and_legible_colours():
    assert [derive_tag(n) for n in ("United States", "Soviet Union", "NATO", "Cuba", "Republic of China")] == [
        "US", "SU", "NATO", "CU", "RC"]
    from game.scenario.presentation import PANEL, contrast

    for colour in [(0, 0, 0), (59, 111, 214), (200, 65, 59), (255, 255, 0)]:
        assert contrast(legible(colour), PANEL) >= 4.5


def test_order_groups_come_from_the_scenario(tmp_path):
    """A lever the author files under its own heading is not listed under Sanctions."""
    text = MINI.replace("  lever:\n    role: b\n", "  lever:\n    role: b\n    group: Cut off Berlin\n", 1)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    rules = load_scenario(path).rules
    titles = {a.id: a.group for a in rules.actions}
    assert titles["lever"] == titles["lever.threaten"] == "Cut off Berlin"
    assert titles["decide"] == "Beta decisions"  # a decision's default heading names its role
    assert "Sanctions" not in titles.values()


def test_groups_are_listed_answers_first_then_by_kind():
    from types import SimpleNamespace as A

    legal = [A(group="Diplomacy", group_rank=4, kind="diplomacy"), A(group="Sanctions", group_rank=1, kind="sanction"),
             A(group="Demands awaiting your answer", group_rank=0, kind="demand_response"),
             A(group="Berlin", group_rank=1, kind="sanction"), A(group="Diplomacy", group_rank=4, kind="diplomacy")]
    assert [(t, len(g)) for t, g in grouped(legal)] == [("Demands awaiting your answer", 1), ("Sanctions", 1),
                                                        ("Berlin", 1), ("Diplomacy", 2)]


def test_a_briefing_says_how_long_the_game_is_in_words():
    from game.report.briefing import briefing_html

    assert "12 weeks" in briefing_html(load_scenario("winter-2021"), "us")
    assert "12 months" in briefing_html(load_scenario("vilnius-2023"), "us")
    rules = load_scenario("tutorial").rules
    daily = rules.__class__.__new__(rules.__class__)
    daily.__dict__.update(rules.__dict__, days_per_turn=1, turns=13)
    assert daily.calendar_text == "13 days"
    daily.__dict__.update(days_per_turn=10, turns=1)
    assert daily.calendar_text == "1 turn of 10 days"
