"""What the author gets while editing, without the protocol: completion, hover, navigation, rename, diagnostics.

Each case edits tests/data/lsp-crisis.yaml the way an author would, with ‸ for the cursor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import main
from game.lsp.completion import complete
from game.lsp.diagnostics import check_text, problems_of
from game.lsp.index import build_index
from game.lsp.navigation import RenameError, definition_at, hover, references, rename, rename_target
from game.lsp.scan import context_at
from game.scenario import load_scenario
from game.scenario.lint import lint

CRISIS = Path(__file__).parent / "data" / "lsp-crisis.yaml"
TEXT = CRISIS.read_text(encoding="utf-8")
CURSOR = "‸"


def edited(after: str, insert: str) -> tuple[str, int]:
    """The scenario with ``insert`` typed just after the first ``after``; the cursor where ‸ is (or at the end)."""
    at = TEXT.index(after) + len(after)
    if CURSOR not in insert:
        insert += CURSOR
    text = TEXT[:at] + insert + TEXT[at:]
    return text.replace(CURSOR, ""), text.index(CURSOR)


def labels(text: str, offset: int) -> list[str]:
    return [c.label for c in complete(text, offset, build_index(text))]


def at(text: str, snippet: str, into: int = 1) -> int:
    """The offset ``into`` characters into the first ``snippet``."""
    return text.index(snippet) + into


# -- where the cursor is ---------------------------------------------------------------------------

CONTEXTS = [
    # (what, text with ‸, path, where, prefix)
    ("a new key of a block mapping", "events:\n  e:\n    effects:\n      ten‸", ("events", "e", "effects"), "key", "ten"),
    ("a sibling key", "events:\n  e:\n    when: x\n    eff‸", ("events", "e"), "key", "eff"),
    ("a flow mapping's key", "events:\n  e: {effects: {tension: 1, re‸", ("events", "e", "effects"), "key", "re"),
    ("a flow mapping's value", "events:\n  e: {effects: {tension: 1 + re‸", ("events", "e", "effects", "tension"), "value", "re"),
    ("a flow list in a list item", "historical:\n  us:\n    - {turn: 1, orders: [ta‸", ("historical", "us", "-", "orders", "-"), "item", "ta"),
    ("a block list item", "historical:\n  us:\n    - turn: 1\n      orders:\n        - ta‸", ("historical", "us", "-", "orders", "-"), "item", "ta"),
    ("a list at its key's indent", "drift:\n- {var: t‸", ("drift", "-", "var"), "value", "t"),
    ("a plain value", "deployments:\n  x:\n    role: ru‸", ("deployments", "x", "role"), "value", "ru"),
    ("a quoted expression", 'events:\n  e:\n    when: "tension > 5 and used.ma‸', ("events", "e", "when"), "text", "used.ma"),
    ("a folded expression", "events:\n  e:\n    when: >-\n      tension > 5 and\n      fired.‸", ("events", "e", "when"), "text", "fired."),
    ("a multi-line flow mapping", "events:\n  e:\n    effects: {\n      tension: 5,\n      re‸", ("events", "e", "effects"), "key", "re"),
    ("after a comment line", "roles:\n  # the players\n  u‸", ("roles",), "key", "u"),
    ("a top-level key", "roles:\n  us: {}\nhist‸", (), "key", "hist"),
    ("a closed flow list then a new key", "x:\n  a: [1, 2]\n  b‸", ("x",), "key", "b"),
    ("a quote holding a bracket", "x:\n  a: \"[\"\n  b‸", ("x",), "key", "b"),
]


@pytest.mark.parametrize("what, text, path, where, prefix", CONTEXTS, ids=[c[0] for c in CONTEXTS])
def test_the_cursor_context_is_read_from_text_alone(what, text, path, where, prefix):
    ctx = context_at(text.replace(CURSOR, ""), text.index(CURSOR))
    assert (ctx.path, ctx.where, ctx.prefix) == (path, where, prefix)
    assert ctx.start == text.index(CURSOR) - len(prefix)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["a", ":", " ", "-", "\n", "  ", "[", "]", "{", "}", "'", '"', "#", ">", ",", "\t", "😋", "\ud800"]), max_size=40),
       st.data())
def test_any_text_has_a_context(pieces, data):
    text = "".join(pieces)
    offset = data.draw(st.integers(0, len(text)))
    ctx = context_at(text, offset)
    assert 0 <= ctx.start <= offset and text[ctx.start:offset] == ctx.prefix


# -- completion --------------------------------------------------------------------------------------

COMPLETIONS = [
    # (what, after, typed, expected among the labels, not expected)
    ("variables in a flow effects mapping", "  kyiv_mobilises: {actor: ukraine, when: \"fired.border_clash > 0\", effects: {",
     "", {"tension", "readiness"}, {"us", "talks"}),
    ("variables as block keys of effects", "    reject: {effects: {tension: 5}}\n", "    on_expired:\n      ", {"tension", "readiness"}, {"mass_troops"}),
    ("the role's actions in historical orders", "    - {turn: 1, orders: [sanction_banks.threaten, ", "",
     {"talks", "sanction_banks", "sanction_banks.threaten", "demand_halt.accept"}, {"mass_troops", "demand_halt", "reassure"}),
    ("another role's actions for russia", "    - {turn: 1, orders: [mass_troops, ", "", {"mass_troops", "demand_halt"}, {"talks"}),
    ("actions in a block list while the file does not parse", "      orders: [sanction_banks]\n", "      otherwise: [",
     {"talks", "sanction_banks.threaten"}, {"mass_troops"}),
    ("state names after used.", "    when: >-\n      tension > 60 and\n      ", "used.", {"used.mass_troops", "used.sanction_banks.threaten", "used.demand_halt.accept"}, set()),
    ("demands only after accepted.", "    when: >-\n      tension > 60 and\n      ", "accepted.", {"accepted.demand_halt"}, {"accepted.talks"}),
    ("levers and red lines after broken.", "    when: >-\n      tension > 60 and\n      ", "broken.", {"broken.sanction_banks", "broken.no_invasion"}, {"broken.talks"}),
    ("events after fired.", 'trigger: "', "fired.", {"fired.border_clash", "fired.kyiv_mobilises"}, set()),
    ("variables, turn and functions in an expression", 'trigger: "', "", {"tension", "turn", "clamp", "used."}, {"us"}),
    ("roles after role:", "  mass_troops: {role: ", "", {"us", "russia", "nato"}, {"tension"}),
    ("roles in to:", "    to: [", "", {"us", "russia"}, set()),
    ("roles or 'all' for visible_to", "  readiness: {label: \"Readiness 😋\", initial: 20, visible_to: ", "", {"all", "us", "russia"}, set()),
    ("a quoted id", "  mass_troops: {role: ", '"ru', {"russia"}, set()),
    ("actors after actor:", "  kyiv_mobilises: {actor: ", "", {"ukraine"}, {"us"}),
    ("sources after source:", "    quote: tensions ascending rapidly\n", "    source: ", {"doc-1"}, set()),
    ("endings as keys of objectives", "    endings: {", "", {"war", "standoff"}, set()),
    ("blocs as keys of agree", "agree: {", "", {"east"}, set()),
    ("events in a test's fired list", "fired: [", "", {"border_clash", "kyiv_mobilises"}, set()),
    ("roles as keys of historical", "historical:\n", "  ", {"us", "russia", "nato"}, set()),
    ("roles or 'public' as keys of briefings", "    expect: {over: true}\n", "briefings:\n  ", {"us", "russia", "nato", "public"}, set()),
    ("the fields of an event", "events:\n  border_clash:\n", "    ", {"when", "chance", "effects"}, {"tension"}),
    ("the fields of a historical move, until among them", "    - turn: 2\n", "      ", {"until", "otherwise", "when"}, {"tension"}),
    ("the sections at the top", "format: 1\n", "", {"variables", "historical", "endings"}, set()),
    ("true and false for a flag", "  standoff: {title: Standoff, text: Nothing was settled., default: true, source: doc-1", ", at_end_only: ",
     {"true", "false"}, set()),
    ("a policy's actions after fixed:", 'policies: {us: "fixed:talks,', "", {"sanction_banks.threaten"}, {"mass_troops"}),
    ("nothing in prose", "    description: How close", " the crisis", set(), {"tension"}),
    ("an id just written, while the file does not parse", "variables:\n", "  calm: {label: Calm, initial: 1}\n  x: {effects: {‸\n",
     {"calm", "tension"}, set()),
]


@pytest.mark.parametrize("what, after, typed, expected, unexpected", COMPLETIONS, ids=[c[0] for c in COMPLETIONS])
def test_completion_offers_what_fits_here(what, after, typed, expected, unexpected):
    text, offset = edited(after, typed)
    found = set(labels(text, offset))
    assert expected <= found, f"{what}: missing {expected - found}"
    assert not (unexpected & found), f"{what}: should not offer {unexpected & found}"
    if not expected:
        assert found == set()


def test_completion_replaces_the_word_being_typed():
    text, offset = edited("  mass_troops: {role: ", "ru")
    (russia,) = [c for c in complete(text, offset, build_index(text)) if c.label == "russia"]
    assert (russia.start, russia.insert, russia.detail) == (offset - 2, "russia", "Russia")


def test_completion_describes_each_id():
    text, offset = edited("  kyiv_mobilises: {actor: ukraine, when: \"fired.border_clash > 0\", effects: {", "")
    (tension,) = [c for c in complete(text, offset, build_index(text)) if c.label == "tension"]
    assert (tension.detail, tension.documentation) == ("Tension", "How close the crisis is to war.")
    text, offset = edited("    - {turn: 1, orders: [sanction_banks.threaten, ", "")
    details = {c.label: c.detail for c in complete(text, offset, build_index(text))}
    assert details["demand_halt.accept"] == "Halt expansion (us)"  # russia's demand, answered by the US
    assert details["sanction_banks.threaten"] == "Sanction the banks (us)"


# -- hover and navigation --------------------------------------------------------------------------

HOVERS = [
    # (what, snippet, offset into it, phrases in the hover)
    ("a variable where it is defined", "  tension:\n", 3, ["**Tension** (`tension`), variable", "How close the crisis is to war.",
                                                        "Source: `doc-1`, The document (2022-01-01)", "> tensions ascending rapidly"]),
    ("a variable inside a folded expression", "tension > 60", 2, ["**Tension**", "named 14 times"]),
    ("an action through used.", "used.mass_troops", 1, ["**Mass troops** (`mass_troops`), action in `deployments`",
                                                        "`used.mass_troops`: times the action has been taken", "role: russia"]),
    ("a lever through its threaten step", "sanction_banks.threaten, talks", 17, ["**Sanction the banks** (`sanction_banks`), lever"]),
    ("a role", "role: us", 7, ["**United States** (`us`), role", "budget: 2"]),
    ("a red line", "broken.no_invasion", 9, ["**No invasion** (`no_invasion`), red line", "`broken.no_invasion`"]),
    ("a bloc", "agree: {east", 9, ["**The eastern flank** (`east`), bloc\n"]),
]


@pytest.mark.parametrize("what, snippet, into, phrases", HOVERS, ids=[c[0] for c in HOVERS])
def test_hover_tells_what_an_id_is(what, snippet, into, phrases):
    index = build_index(TEXT)
    found = hover(index, at(TEXT, snippet, into), TEXT)
    assert found is not None
    for phrase in phrases:
        assert phrase in found[1], f"{what}: {phrase!r} not in {found[1]!r}"


def test_fixed_words_are_not_taken_for_ids():
    text = TEXT.replace("visible_to: [russia]", "visible_to: all") + "briefings:\n  public: {situation: Tense.}\n"
    index = build_index(text)
    assert index.at(at(text, "visible_to: all", 13)) is None
    assert index.at(at(text, "  public: {situation", 3)) is None
    assert check_text(text, "a.yaml") == []


def test_hover_on_prose_or_an_unknown_id_says_so_or_nothing():
    text = TEXT.replace("orders: [mass_troops, demand_halt]", "orders: [mass_troops, demand_hlt]")
    index = build_index(text)
    assert hover(index, at(text, "How close the crisis"), text) is None
    assert hover(index, at(text, "demand_hlt", 3), text)[1] == "`demand_hlt`: not defined in this file"


NAVIGATION = [
    # (what, snippet at the cursor, offset into it, the definition's line, number of references)
    ("a variable in an expression", "readiness / 50", 1, "  readiness: {label:", 6),
    ("an action in orders", "orders: [mass_troops", 12, "  mass_troops: {role:", 4),
    ("a compound action id", "[sanction_banks.threaten, talks]", 3, "  sanction_banks:\n", 7),
    ("a source", "source: doc-1}\ndiplomacy", 9, "  doc-1: {title:", 18),
    ("an ending as an objectives key", "endings: {war", 11, "  war: {title: War", 2),
]


@pytest.mark.parametrize("what, snippet, into, defined_at, count", NAVIGATION, ids=[c[0] for c in NAVIGATION])
def test_go_to_definition_and_find_references(what, snippet, into, defined_at, count):
    index = build_index(TEXT)
    offset = at(TEXT, snippet, into)
    target = definition_at(index, offset)
    assert target is not None and target.start == TEXT.index(defined_at) + 2
    found = references(index, offset)
    assert len(found) == count
    assert len(references(index, offset, include_definition=False)) == count - 1


# -- rename ------------------------------------------------------------------------------------------

def apply(text: str, edits) -> str:
    for span, new in sorted(edits, key=lambda e: e[0].start, reverse=True):
        text = text[:span.start] + new + text[span.end:]
    return text


RENAMES = [
    # (what, snippet, offset into it, new name, texts that must appear after)
    ("a variable everywhere, expressions and folded lines included", "  tension:\n", 3, "strain",
     ["strain > 60 and", "effects: {readiness: 10, strain: 5}", '"1 - strain / 100"']),
    ("a lever with its threaten step and imposed.", "imposed.sanction_banks", 10, "bank_ban",
     ["bank_ban.threaten", "imposed.bank_ban", "excludes: [bank_ban]", "fixed:talks,bank_ban.threaten"]),
    ("a demand with its answers", "  demand_halt:\n", 3, "halt", ["orders: [mass_troops, halt]"]),
    ("a role in keys and values", "  us: {name: United States", 3, "usa", ["role: usa", "to: [usa]", "  usa:\n    each_turn"]),
    ("a source", "  doc-1: {title", 3, "the-doc", ["source: the-doc"]),
    ("an event through fired.", "fired.border_clash > 0\"", 7, "clash", ["fired.clash > 0", "  clash:\n    when"]),
]


@pytest.mark.parametrize("what, snippet, into, new_name, expected", RENAMES, ids=[c[0] for c in RENAMES])
def test_rename_changes_every_use_and_the_scenario_still_loads(what, snippet, into, new_name, expected, tmp_path):
    index = build_index(TEXT)
    offset = at(TEXT, snippet, into)
    old = TEXT[rename_target(index, offset).start:rename_target(index, offset).end]
    renamed = apply(TEXT, rename(index, offset, new_name))
    for phrase in expected:
        assert phrase in renamed, what
    (tmp_path / "after.yaml").write_text(renamed, encoding="utf-8")
    before, after = load_scenario(CRISIS), load_scenario(tmp_path / "after.yaml")
    assert len(after.rules.actions) == len(before.rules.actions)
    assert [str(w) for w in lint(after.document, after.model)] == [str(w) for w in lint(before.document, before.model)]
    assert build_index(renamed).uses(index.at(offset).namespace, old) == []


def test_every_id_of_the_scenario_renames_cleanly():
    index = build_index(TEXT)
    for (namespace, name), d in index.definitions.items():
        renamed = apply(TEXT, rename(index, d.span.start, f"{name.replace('-', '_')}_2"))
        errors = [str(p) for p in problems_of(renamed, "renamed.yaml") if p.severity == "error"]
        assert errors == [], f"renaming {namespace} '{name}' broke the scenario"


RENAME_REFUSALS = [
    ("nothing there", "How close the crisis", 1, "x", "no id here"),
    ("a name that is not an id", "  tension:\n", 3, "Bad Name", "not a valid id"),
    ("a name already taken", "  tension:\n", 3, "readiness", "already defined"),
]


@pytest.mark.parametrize("what, snippet, into, new_name, reason", RENAME_REFUSALS, ids=[c[0] for c in RENAME_REFUSALS])
def test_rename_refuses_with_a_reason(what, snippet, into, new_name, reason):
    index = build_index(TEXT)
    with pytest.raises(RenameError, match=reason):
        rename(index, at(TEXT, snippet, into), new_name)


# -- diagnostics --------------------------------------------------------------------------------------

MISTAKES = [
    # (what, old, new, the text the diagnostic covers, phrase of its message, severity)
    ("an unknown variable in effects", "effects: {readiness: 10,", "effects: {readines: 10,", "readines", "did you mean 'readiness'", "error"),
    ("an unknown name in an expression", '"readiness / 50"', '"readines / 50"', "readines", "unknown name 'readines'", "error"),
    ("an unknown key", "    quote: tensions", "    qoute: tensions", "qoute", "unknown key 'qoute'", "error"),
    ("another role's action in orders", "orders: [mass_troops, demand_halt]", "orders: [mass_troops, talks]", "talks", "'talks'", "error"),
    ("a YAML error where the parser stops", "  ukraine: {name: Ukraine}", "  ukraine: {name: Ukraine", ":", "YAML syntax", "error"),
    ("a warning with its code", "  talks: {role: us, label: Talks, effects: {tension: -3},", "  talks: {role: us, label: Talks, effects: {},",
     "talks", "has no effect", "warning"),
]


@pytest.mark.parametrize("what, old, new, covered, phrase, severity", MISTAKES, ids=[c[0] for c in MISTAKES])
def test_diagnostics_cover_the_offending_text(what, old, new, covered, phrase, severity):
    text = TEXT.replace(old, new, 1)
    found = [f for f in check_text(text, "a.yaml") if phrase in f.message]
    assert found, f"{what}: {[f.message for f in check_text(text, 'a.yaml')]}"
    assert text[found[0].start:found[0].end] == covered
    assert found[0].severity == severity
    if severity == "warning":
        assert found[0].code == "W201"


def test_diagnostics_say_what_brink_validate_says(tmp_path, capsys):
    text = TEXT.replace("effects: {readiness: 10,", "effects: {readines: 10,").replace('"readiness / 50"', '"readines / 50"')
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    printed = [line for line in capsys.readouterr().err.splitlines() if line]
    found = check_text(text, str(path))
    lines = text.splitlines()
    mine = []
    for f in found:
        line = text[:f.start].count("\n") + 1
        column = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
        mine.append(f"{path}:{line}:{column}: {f.severity}: {f.message}")
    assert mine == printed and len(lines) > 0


def test_a_file_that_checks_clean_has_no_diagnostics():
    assert check_text(TEXT, "a.yaml") == []


def test_brink_bench_lsp_reports_its_figures(capsys):
    import json

    assert main(["bench", "tutorial", "--lsp", "--json", "--repeat", "1"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["scenario_chars"] > 10_000 and all(figures[k] > 0 for k in ("index_ms", "check_ms", "broken_index_ms"))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_edit_leaves_every_feature_answering(data):
    """Type anything anywhere: completion, hover, definition and references still answer (and never raise)."""
    at_ = data.draw(st.integers(0, len(TEXT)))
    typed = "".join(data.draw(st.lists(st.sampled_from(["a", ":", " ", "- ", "\n", "[", "{", "}", '"', "used.", "tension", ",", "\t"]),
                                       max_size=8)))
    text = TEXT[:at_] + typed + TEXT[at_:]
    index = build_index(text)
    for offset in (at_, at_ + len(typed), data.draw(st.integers(0, len(text)))):
        for c in complete(text, offset, index):
            assert 0 <= c.start <= offset
        hover(index, offset, text)
        definition_at(index, offset)
        references(index, offset)
