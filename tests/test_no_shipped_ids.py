"""Generic code names no shipped scenario's ids: presentation comes from the scenario.

Every string in ``game/`` (docstrings and comments aside: their examples may play a shipped
scenario) that is an id of a shipped scenario (its own id, a role, a variable, an action, an
event, an ending), or contains one as a word (ids of four letters or more: "us" in "welcome
us" is English), fails the test unless the allow-list below says why it may stay.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from game.scenario import load_scenario, shipped_ids

GAME = Path(__file__).resolve().parents[1] / "game"
WORD = re.compile(r"[a-z][a-z0-9_]*(?:-[0-9]{4})?")

# file -> ids it may name, and why
ALLOWED: dict[str, tuple[set[str], str]] = {
    "__init__.py": ({"winter-2021"}, "DEFAULT_SCENARIO: what `brink play`, `host` and `bench` play when none is named"),
    "scenario/examples.py": (set(), "the format's examples are quoted from the shipped scenarios (all allowed)"),
    "authoring/template.py": ({"tension", "talks_progress"}, "the variables of the scenario `brink new` writes"),
}


@functools.cache  # read the shipped scenarios once, not once per scanned file
def shipped_words() -> frozenset[str]:
    words: set[str] = set()
    for sid in shipped_ids():
        sc = load_scenario(sid).model
        words |= {sid, *sc.roles, *sc.variables, *sc.events, *sc.reactions, *sc.endings}
        words |= {a.id for a in load_scenario(sid).rules.actions if "." not in a.id}
    return frozenset(words)


def named(text: str, words: set[str]) -> list[str]:
    """The shipped ids ``text`` names: all of it, or a word in it of four letters or more."""
    if text in words:
        return [text]
    return [w for w in WORD.findall(text) if w in words and len(w) >= 4]


def strings_of(tree: ast.AST):
    """Every string constant that is not documentation (a docstring, or a bare string after an
    assignment that documents it), with its line."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docstrings.add(id(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_the_scan_finds_a_shipped_id():
    """The check itself can fail: a string naming a variable of winter-2021 is caught."""
    tree = ast.parse('def f():\n    """Docstring about tension."""\n    return "tension"\n')
    words = shipped_words()
    assert [w for _, text in strings_of(tree) for w in named(text, words)] == ["tension"]
    assert named("set tension 60", words) == ["tension"] and named("us", words) == ["us"]
    assert named("the host did not welcome us", words) == []


@pytest.mark.parametrize("path", sorted(GAME.rglob("*.py")), ids=lambda p: str(p.relative_to(GAME)))
def test_generic_code_names_no_shipped_id(path):
    rel = path.relative_to(GAME).as_posix()
    if rel == "scenario/examples.py":
        return
    allowed = ALLOWED.get(rel, (set(), ""))[0]
    words = shipped_words() - allowed
    found = [(line, w) for line, text in strings_of(ast.parse(path.read_text(encoding="utf-8")))
             for w in named(text, words)]
    assert not found, f"{rel} names shipped ids: {found}"
