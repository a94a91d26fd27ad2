"""The language server's pure core: the grammar of the format, the document index, positions.

No client, no protocol: these are the rules the server's features stand on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.lsp import grammar
from game.lsp.index import build_index, scan_definitions
from game.lsp.positions import LineIndex, YamlLines
from game.scenario import load_scenario, shipped_ids
from game.scenario.references import enumerate_actions, expression_names

CRISIS = Path(__file__).parent / "data" / "lsp-crisis.yaml"
TEXT = CRISIS.read_text(encoding="utf-8")


def spans_of(index, text, namespace, name):
    return [text[o.span.start:o.span.end] for o in index.uses(namespace, name)]


# -- the grammar ----------------------------------------------------------------------------------

def test_every_text_field_of_every_model_is_classified():
    """A field that can hold an id must say what it refers to, or be listed as prose: else rename would miss it."""
    unclassified = [
        f"{model.__name__}.{name}"
        for model in grammar.all_models()
        for name, info in model.model_fields.items()
        if grammar.is_text_bearing(info.annotation)
        and grammar.field_spec(model, name) == grammar.FREE
        and name not in grammar.FREE_TEXT
        and not grammar.defines_ids(model, name)
    ]
    assert unclassified == [], "add these fields to game/lsp/grammar.py (BY_NAME, BY_MODEL or FREE_TEXT)"


def test_the_grammar_overrides_only_fields_that_exist():
    """BY_NAME may name fields no model has (yet); an override of one model's field must match a real field."""
    fields = {(m.__name__, n) for m in grammar.all_models() for n in m.model_fields}
    assert {key for key in grammar.BY_MODEL if key not in fields} == set()
    assert {key for key in grammar.SUB_ACTIONS if key not in fields} == set()


ID_SECTIONS = [
    ("roles", ("roles",), "roles"),
    ("variables", ("variables",), "variables"),
    ("levers", ("levers",), "actions"),
    ("demands", ("demands",), "actions"),
    ("reactions", ("reactions",), "events"),
    ("consensus blocs", ("consensus", "blocs"), "blocs"),
    ("sources", ("sources",), "sources"),
]


@pytest.mark.parametrize("name, path, namespace", ID_SECTIONS, ids=[c[0] for c in ID_SECTIONS])
def test_id_sections_come_from_the_models(name, path, namespace):
    assert path in [p for _, p in grammar.id_sections()]
    assert grammar.namespace_of(path) == namespace


def test_keys_that_refer_are_not_taken_for_definitions():
    sections = [p for _, p in grammar.id_sections()]
    assert ("objectives",) not in sections and ("historical",) not in sections and ("briefings",) not in sections


# -- the index on the shipped scenarios ------------------------------------------------------------

@pytest.fixture(scope="module", params=sorted(shipped_ids()) + ["lsp-crisis"])
def scenario(request):
    ref = CRISIS if request.param == "lsp-crisis" else request.param
    loaded = load_scenario(ref)
    text = loaded.path.read_text(encoding="utf-8")
    return loaded, text, build_index(text)


def test_the_index_finds_every_action_the_rules_have(scenario):
    loaded, _, index = scenario
    assert index.parsed
    mine = {(a.id, role) for a in index.actions for role in a.roles}
    assert mine == {(s.id, s.role) for s in enumerate_actions(loaded.model)}


def test_every_span_holds_the_name_it_claims(scenario):
    _, text, index = scenario
    wrong = [(o.name, text[o.span.start:o.span.end]) for o in index.occurrences if text[o.span.start:o.span.end] != o.name]
    assert wrong == []


def test_every_name_in_an_expression_resolves_to_its_definition(scenario):
    """What the validator accepts (expression_names), the index can navigate to."""
    loaded, _, index = scenario
    allowed = expression_names(loaded.model)
    unresolved = [o.name for o in index.occurrences if o.expression and index.definition(o.namespace, o.name) is None]
    assert unresolved == []
    assert {o.name for o in index.occurrences if o.expression and o.namespace == "variables"} <= allowed


def test_every_definition_is_found_once_as_a_definition(scenario):
    _, _, index = scenario
    for (namespace, name), d in index.definitions.items():
        assert [o.span for o in index.uses(namespace, name) if o.definition][:1] == [d.span]


# -- the index, case by case ------------------------------------------------------------------------

OCCURRENCES = [
    # (what, namespace, name, written in the file as)
    ("a variable in flow effects, keys and expressions", "variables", "tension", None),
    ("a lever by its id, its threaten step and imposed.X", "actions", "sanction_banks", None),
    ("a demand by its id and its answer", "actions", "demand_halt", None),
    ("a role in role:, by:, to:, and as keys of objectives and historical", "roles", "us", None),
    ("a source cited by every item", "sources", "doc-1", None),
    ("an event in fired.X", "events", "border_clash", None),
    ("a bloc in agree: keys", "blocs", "east", None),
    ("a red line in broken.X", "red_lines", "no_invasion", None),
    ("an actor in a reaction", "actors", "ukraine", None),
    ("an ending in objectives", "endings", "war", None),
]

# Counted by hand in tests/data/lsp-crisis.yaml, the definition included ("war" in prose is not the ending).
EXPECTED_USES = {
    ("variables", "tension"): 15,
    ("actions", "sanction_banks"): 7,
    ("actions", "demand_halt"): 2,
    ("roles", "us"): 9,
    ("sources", "doc-1"): 18,
    ("events", "border_clash"): 3,
    ("blocs", "east"): 2,
    ("red_lines", "no_invasion"): 2,
    ("actors", "ukraine"): 2,
    ("endings", "war"): 2,
}


@pytest.mark.parametrize("what, namespace, name, _", OCCURRENCES, ids=[c[0] for c in OCCURRENCES])
def test_each_kind_of_id_is_found_wherever_it_is_named(what, namespace, name, _):
    index = build_index(TEXT)
    assert set(spans_of(index, TEXT, namespace, name)) == {name}
    assert len(index.uses(namespace, name)) == EXPECTED_USES[(namespace, name)], what


def test_a_folded_expression_keeps_exact_positions():
    index = build_index(TEXT)
    folded = TEXT.index("used.mass_troops > 0") + len("used.")
    occurrence = index.at(folded + 2)
    assert occurrence is not None and occurrence.expression
    assert (occurrence.span.start, occurrence.name) == (folded, "mass_troops")
    assert TEXT[occurrence.reach.start:occurrence.reach.end] == "used.mass_troops"


def test_a_policy_spec_names_its_actions():
    index = build_index(TEXT)
    at = TEXT.index('"fixed:talks') + len('"fixed:')
    assert (index.at(at).namespace, index.at(at).name) == ("actions", "talks")


def test_an_alias_is_indexed_once():
    text = TEXT.replace("  talks: {role: us,", "  talks: &t {role: us,").replace(
        "  russia:\n    - {turn: 1", "  nato:\n    - {turn: 1, orders: [reassure], x: *t}\n  russia:\n    - {turn: 1")
    index = build_index(text)
    assert len([o for o in index.occurrences if o.name == "talks"]) == len({o.span for o in index.occurrences if o.name == "talks"})


REPAIRS = [
    ("an unclosed flow list", "    - turn: 2\n", "      otherwise: ["),
    ("a half-written flow mapping", "events:\n", "  new_event:\n    effects: {tens\n"),
    ("an unclosed quote", "    - turn: 2\n", '      note: "half'),
    ("a tab for indentation", "events:\n", "\t x: 1\n"),
]


@pytest.mark.parametrize("what, after, insert", REPAIRS, ids=[c[0] for c in REPAIRS])
def test_text_that_does_not_parse_is_still_indexed(what, after, insert):
    at = TEXT.index(after) + len(after)
    text = TEXT[:at] + insert + TEXT[at:]
    index = build_index(text)
    assert not index.parsed
    assert index.definition("variables", "tension") is not None, what
    assert {a.id for a in index.actions} >= {"sanction_banks.threaten", "demand_halt.accept", "mass_troops"}
    assert set(spans_of(index, text, "variables", "tension")) == {"tension"}


def test_when_nothing_parses_ids_are_found_by_indentation():
    text = "variables:\n  tension:\n    label: [unclosed\n  readiness: {\nlevers:\n  sanction: {\n"
    index = scan_definitions(text)
    assert {d.name for d in index.ids("variables")} == {"tension", "readiness"}
    assert [a.id for a in index.actions] == ["sanction"]
    assert text[index.definition("variables", "readiness").span.start:][:9] == "readiness"


HOSTILE = {
    "empty": "",
    "not YAML at all": "\x7fELF\x02\x01\x01\x00%%%: [}{",
    "a list, not a mapping": "- a\n- b\n",
    "deep nesting": "[" * 5000 + "]" * 5000,
    "an alias bomb": "a: &a [x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c, *c]\n",
    "lone surrogates": "variables:\n  \ud800x: {label: \udfff}\n",
    "NaN and infinity": "variables:\n  t: {label: T, initial: .nan, max: .inf}\nevents:\n  e: {effects: {t: .nan}}\n",
    "a huge flat list": "roles:\n" + "".join(f"  r{i}: {{name: R, budget: 1}}\n" for i in range(20000)),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_never_breaks_the_index(name):
    index = build_index(HOSTILE[name])
    assert index.at(0) is None or index.at(0).span.start >= 0
    if name == "a huge flat list":
        assert len(index.ids("roles")) == 20000


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("ab: -[]{}\"'#\n\t|>.,&*!%@`\\") + ["tension", "used.", "\ud800", "😋", "effects: {"]), max_size=40))
def test_any_text_indexes_without_error(pieces):
    text = "".join(pieces)
    index = build_index(text)
    for o in index.occurrences:
        assert 0 <= o.span.start <= o.span.end <= len(text)


# -- positions ---------------------------------------------------------------------------------------

POSITIONS = [
    # (what, text, offset, utf-16 position, utf-8 position)
    ("ascii", "ab\ncd", 4, (1, 1), (1, 1)),
    ("an astral character takes two UTF-16 units", "😋x", 1, (0, 2), (0, 4)),
    ("CRLF is one break", "a\r\nb", 3, (1, 0), (1, 0)),
    ("a lone CR is a break", "a\rb", 2, (1, 0), (1, 0)),
    ("U+2028 is not an LSP line break", "a\u2028b", 2, (0, 2), (0, 4)),
    ("past the end clamps", "ab", 9, (0, 2), (0, 2)),
]


@pytest.mark.parametrize("what, text, offset, utf16, utf8", POSITIONS, ids=[c[0] for c in POSITIONS])
def test_offsets_become_lsp_positions(what, text, offset, utf16, utf8):
    lines = LineIndex(text)
    assert lines.position(offset) == utf16
    assert lines.position(offset, "utf-8") == utf8
    assert lines.offset(*utf16) == min(offset, len(text))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\n\r") + ["😋", "é", "\u2028", "\ud800"]), max_size=30), st.data())
def test_positions_round_trip(text, data):
    offset = data.draw(st.integers(0, len(text)))
    lines = LineIndex(text)
    for encoding in ("utf-8", "utf-16", "utf-32"):
        back = lines.offset(*lines.position(offset, encoding), encoding)
        # The middle of a CRLF pair has no position of its own: it is the end of the line.
        assert back == offset or (text[offset - 1:offset + 1] == "\r\n" and back == offset - 1)


def test_yaml_lines_break_where_yaml_does():
    text = "a: 1\u2028b: 2\nc: 3"
    lines = YamlLines(text)
    assert text[lines.offset(2, 1)] == "b" and text[lines.offset(3, 1)] == "c"
    assert lines.offset(99, 1) == len(text)
