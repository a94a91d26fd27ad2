"""Scenario text in other languages: translation files beside the scenario, chosen when it is loaded.

The scenario file keeps its own language (``language: en``, the default) and stays
readable; each translation is a file of its own, which a translator can work on
without touching the scenario: ``locales/STEM.LANG.yaml`` in the scenario's folder
(``scenarios/locales/tutorial.de.yaml`` for ``scenarios/tutorial.yaml``). It mirrors the
scenario's shape, holding only text::

    language: de
    name: Deutsch               # the language's own name (the window's settings show it)
    scenario: tutorial          # the id of the scenario it translates
    text:
      title: "Tutorial: Drei Wochen im Winter"
      roles:
        us: {name: Vereinigte Staaten}
      diplomacy:
        geneva_talks: {label: Gespräche in Genf, headline: ...}
      hints:                    # a list: one entry per item, in order (null for one left untranslated)
        - text: ...

Only prose may be translated (``TEXT``: labels, headlines, briefings, hints ...;
``OPTIONAL``: source titles, quotes and notes, which may stay as written); ids,
numbers and expressions stay the scenario's. A template's text is translated once,
in ``templates:``, for every item that extends it.

When a scenario is loaded in a language (``brink play --lang de``, the window's
settings), the translation replaces the text before anything else reads the
scenario, so the engine and every face see text in that language; a text with no
translation shows in the scenario's own language. ``brink validate`` checks every
translation file (errors E701, with their file, line and column) and warns about
missing translations (W601); ``--coverage`` counts them.

>>> from game.scenario.catalog import shipped_dir
>>> sorted(available(shipped_dir() / "tutorial.yaml"))
['de']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import Problem, ScenarioError, did_you_mean
from .paths import DataPath, copy_entry, value_at
from .salvage import describe, type_at
from .yamlsafe import Document, load_yaml_file

LOCALES = "locales"
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
NAMES = {"en": "English", "de": "Deutsch", "uk": "Українська", "ru": "Русский", "fr": "Français", "es": "Español",
         "pl": "Polski", "it": "Italiano", "nl": "Nederlands", "lt": "Lietuvių", "lv": "Latviešu", "et": "Eesti"}
"""Languages' own names, for a scenario's own language (a translation names its language itself)."""

TEXT: dict[str, set[str]] = {
    "Scenario": {"title", "summary"},
    "Role": {"name", "tag", "leader"},
    "Actor": {"name", "description"},
    "Variable": {"label", "unit", "description"},
    "Rung": {"name"},
    "Reveal": {"text"},
    "Lever": {"label", "description", "group"},
    "ActionBase": {"label", "description", "group", "headline", "text"},
    "Decision": {"fail_headline"},
    "Consensus": {"description"},
    "Bloc": {"label"},
    "RedLine": {"label"},
    "Outcome": {"headline", "text"},
    "Drift": {"note"},
    "Ending": {"title", "text"},
    "Objectives": {"summary"},
    "Term": {"label"},
    "Briefing": {"situation", "objectives", "levers", "knows", "unknowns"},
    "Hint": {"text"},
    "Place": {"name"},
    "Area": {"label", "legend"},
    "Line": {"label", "legend"},
    "Marker": {"label", "unit", "tag"},
}
"""Text players see, by model (and the models derived from it): what translation coverage counts."""

OPTIONAL: dict[str, set[str]] = {
    "Cited": {"quote"},
    "Source": {"title"},
    "HistoricalMove": {"note"},
}
"""Text that may be translated but may also stay as written (a document's title, a quotation, a note for authors)."""

NOT_TEXT: dict[str, set[str]] = {
    "Scenario": {"include", "language", "id", "format", "ladder"},
    "Template": {"extends"},
    "Source": {"date", "file"},
    "Role": {"color"},
    "Actor": {"informed_by"},
    "Place": {"local"},
    "Area": {"shape", "within", "color"},
    "Line": {"color"},
    "CountryStyle": {"countries", "fill"},
    "ScenarioTest": {"name", "claim"},
}
"""Text fields that are not prose to translate: ids, colours, file names, authors' test names (a test checks the table)."""

_NAMES_ANYWHERE = set().union(*TEXT.values(), *OPTIONAL.values())


def translatable(model: Any, name: str) -> str:
    """'text', 'optional' or '' for field ``name`` of ``model``.

    >>> from game.scenario.models import Action, Calendar
    >>> translatable(Action, "headline"), translatable(Action, "quote"), translatable(Action, "role")
    ('text', 'optional', '')
    """
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return ""
    for cls in model.__mro__:
        if name in TEXT.get(cls.__name__, ()):
            return "text"
        if name in OPTIONAL.get(cls.__name__, ()):
            return "optional"
    return ""


def kind_at(data: Any, path: DataPath) -> str:
    """Whether the text at ``path`` of a scenario's data is 'text', 'optional' or neither ('').
    In ``templates:``, any field name that is text somewhere counts (a template belongs to no one model)."""
    if not path or not isinstance(path[-1], str):
        return ""  # the document itself, or an item of a list: not a field
    name = path[-1]
    if len(path) < 2:
        return translatable(type_at(data, ()), name)
    if path[0] == "templates":
        return "optional" if name in {"quote", "note"} else "text" if name in _NAMES_ANYWHERE else ""
    return translatable(type_at(data, path[:-1]), name)


def texts_of(data: Any, kinds: tuple[str, ...] = ("text",)) -> Iterator[tuple[DataPath, str]]:
    """Every text of a scenario's data (as written: before templates are merged) of the given kinds."""
    def walk(node: Any, path: DataPath) -> Iterator[tuple[DataPath, str]]:
        if isinstance(node, dict):
            for key, child in node.items():
                yield from walk(child, path + (key,))
        elif isinstance(node, list):
            for i, child in enumerate(node):
                yield from walk(child, path + (i,))
        elif isinstance(node, str) and path and isinstance(path[-1], str) and kind_at(data, path) in kinds:
            yield path, node

    yield from walk(data, ())


def language_name(code: str) -> str:
    """'Deutsch' for 'de'; the code itself when the name is not known."""
    return NAMES.get(code, NAMES.get(code.split("-")[0], code))


# -- finding and reading translation files ----------------------------------------------------------

def available(scenario: Path) -> dict[str, Path]:
    """The translation files of the scenario file at ``scenario``, by language."""
    folder = Path(scenario).parent / LOCALES
    if not folder.is_dir():
        return {}
    stem = Path(scenario).stem
    found = {}
    for path in sorted(folder.glob(f"{stem}.*.yaml")):
        lang = path.name[len(stem) + 1:-len(".yaml")]
        if LANGUAGE.match(lang):
            found[lang] = path
    return found


def pick(scenario: Path, lang: str) -> tuple[str, Path] | None:
    """The translation to show for ``lang``: the exact one, else its base language's (de-AT -> de)."""
    files = available(scenario)
    for code in (lang, lang.split("-")[0]):
        if code in files:
            return code, files[code]
    return None


@dataclass
class Translation:
    """A translation file, checked against the scenario it translates."""

    language: str
    name: str
    shown: str
    doc: Document | None
    entries: dict[DataPath, str] = field(default_factory=dict)  # scenario path -> translated text
    problems: list[Problem] = field(default_factory=list)
    made_from: dict[DataPath, str] = field(default_factory=dict)  # scenario path -> the original it was translated from

    def read_origins(self, own: str) -> None:
        """What each translation was made from: the ``# en: ...`` comment above it (``brink translate`` writes them)."""
        if self.doc is None:
            return
        lines = self.doc.text.splitlines()
        for path in self.entries:
            at = self.doc.key_positions.get(("text",) + path)
            if at is None:
                continue
            found = _comment_above(lines, at[0] - 1, own)
            if found is not None:
                self.made_from[path] = found


@dataclass
class Coverage:
    """How much of a scenario's player-visible text a translation covers."""

    language: str
    total: int
    translated: int
    missing: list[DataPath] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def read_translation(scenario: Any, path: Path, lang: str, shown: str | None = None) -> Translation:
    """The translation file at ``path`` read and checked against the scenario's data as written (its includes
    joined, its templates not yet merged); never raises."""
    shown = shown or str(path)
    refused = _refusal(Path(path))
    if refused:
        return Translation(lang, language_name(lang), shown, None,
                           problems=[Problem(shown, 1, 1, f"translation file refused: {refused}", code="E701")])
    try:
        doc = load_yaml_file(path, keep_going=True, shown=shown)
    except ScenarioError as exc:
        return Translation(lang, language_name(lang), shown, None, problems=list(exc.problems))
    found = Translation(lang, language_name(lang), shown, doc, problems=list(doc.problems))
    data = doc.data
    if not isinstance(data, dict):
        found.problems.append(doc.problem((), "a translation file must be a mapping (language:, name:, scenario:, text:)",
                                          code="E701"))
        return found
    for key in data:
        if key not in ("language", "name", "scenario", "text"):
            found.problems.append(doc.problem((key,), f"unknown key '{key}'{did_you_mean(key, ['language', 'name', 'scenario', 'text'])}",
                                              at_key=True, code="E201"))
    if data.get("language") != lang:
        found.problems.append(doc.problem(("language",), f"language: this file is named for '{lang}', so it must say "
                                          f"'language: {lang}'", code="E701"))
    if isinstance(data.get("name"), str) and data["name"].strip():
        found.name = data["name"].strip()
    scenario_id = scenario.get("id") if isinstance(scenario, dict) else None
    if "scenario" in data and data["scenario"] != scenario_id:
        found.problems.append(doc.problem(("scenario",), f"scenario: this file translates '{data['scenario']}', but the "
                                          f"scenario beside it is '{scenario_id}'", code="E701"))
    text = data.get("text")
    if not isinstance(text, dict):
        found.problems.append(doc.problem(("text",) if "text" in data else (), "a translation needs 'text:', a mapping "
                                          "shaped like the scenario that holds the translated text", code="E701"))
        return found
    _Reader(scenario, doc, found).walk(text, ())
    return found


def _refusal(path: Path) -> str:
    """Why a translation file is not read ('' when it may be): it must be a regular file (a named pipe would
    block the game forever) inside the scenario's folder (a link may not lead elsewhere, as with ``include:``)."""
    real = Path(os.path.realpath(path))
    folder = Path(os.path.realpath(path.parent.parent))
    if not real.is_relative_to(folder):
        return "it is a link that leads outside the scenario's folder"
    if real.exists() and not real.is_file():
        return "it is not a regular file"
    return ""


@dataclass
class _Reader:
    scenario: Any
    doc: Document
    out: Translation

    def error(self, path: DataPath, message: str, at_key: bool = False) -> None:
        self.out.problems.append(self.doc.problem(("text",) + path, message, at_key=at_key, code="E701"))

    def walk(self, node: Any, path: DataPath) -> None:
        target = value_at(self.scenario, path)
        if node is None:
            return  # left untranslated
        if isinstance(node, str):
            if not path or not isinstance(path[-1], str) or not kind_at(self.scenario, path):
                self.error(path, f"{describe(path)} is not text that can be translated (only prose is: labels, "
                           "headlines, descriptions, briefings ...)")
            elif target is not None and not isinstance(target, str):
                self.error(path, f"{describe(path)} is not text in the scenario")
            elif target is None and not isinstance(value_at(self.scenario, path[:-1]), dict):
                self.error(path, f"the scenario has no {describe(path[:-1])} to translate")
            else:
                self.out.entries[path] = node
            return
        if isinstance(node, dict):
            if not isinstance(target, dict):
                self.error(path, f"the scenario has no {describe(path) or 'text'} holding text to translate here")
                return
            for key, child in node.items():
                new_text = (child is None or isinstance(child, str)) and bool(kind_at(self.scenario, path + (key,)))
                if key in target or new_text:
                    self.walk(child, path + (key,))
                else:
                    choices = [k for k, v in target.items() if isinstance(v, (dict, list, str))]
                    self.error(path + (key,), f"unknown key '{key}' in {describe(path) or 'the scenario'}"
                               f"{did_you_mean(key, choices)}", at_key=True)
            return
        if isinstance(node, list):
            if not isinstance(target, list):
                self.error(path, f"{describe(path)} is not a list in the scenario")
                return
            if len(node) != len(target):
                self.error(path, f"{describe(path)} has {len(node)} entries here and {len(target)} in the scenario: a list is "
                           "translated item by item, in order (write null for one left untranslated)")
                return
            for i, child in enumerate(node):
                self.walk(child, path + (i,))
            return
        self.error(path, f"{describe(path)}: expected text")


def _comment_above(lines: list[str], index: int, own: str) -> str | None:
    """The text of a ``# OWN: ...`` comment (with its ``#     ...`` continuation lines) just above line ``index``."""
    block: list[str] = []
    i = index - 1
    while i >= 0 and lines[i].lstrip().startswith("#"):
        block.insert(0, lines[i].strip()[1:].strip())
        i -= 1
    head = f"{own}:"
    for k, line in enumerate(block):
        if line.startswith(head):
            return " ".join([line[len(head):].strip(), *block[k + 1:]]).strip()
    return None


def stale_warnings(scenario: Any, translation: Translation, own: str) -> list[Problem]:
    """W602 for each translation made from an original that has since changed."""
    translation.read_origins(own)
    found = []
    for path, was in translation.made_from.items():
        now = value_at(scenario, path)
        if isinstance(now, str) and " ".join(now.split()) != " ".join(was.split()) and translation.doc is not None:
            shown = was if len(was) <= 60 else was[:57] + "..."
            found.append(translation.doc.problem(("text",) + path, f"the {own} text of {describe(path)} has changed since this "
                                                 f"was translated from '{shown}': update the translation, and the comment "
                                                 "above it", at_key=True, code="W602", severity="warning"))
    return found


def coverage(scenario: Any, translation: Translation) -> Coverage:
    """How many of the scenario's texts (``TEXT``, as written) the translation covers."""
    wanted = [path for path, text in texts_of(scenario) if text.strip()]
    missing = [path for path in wanted if path not in translation.entries]
    return Coverage(translation.language, len(wanted), len(wanted) - len(missing), missing)


def apply(doc: Document, translation: Translation) -> None:
    """Put the translated texts into the scenario's document, each located in the translation file."""
    source = translation.doc
    assert source is not None
    doc.texts[translation.shown] = source.text
    for path, text in translation.entries.items():
        parent = value_at(doc.data, path[:-1])
        if isinstance(parent, dict):
            parent[path[-1]] = text
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            parent[path[-1]] = text
        else:
            continue
        written = ("text",) + path
        copy_entry(source.positions, doc.positions, written, path)
        copy_entry(source.spans, doc.spans, written, path)
        if written in source.key_positions:
            doc.key_positions[path] = source.key_positions[written]
        doc.quoted.discard(path)
        if written in source.quoted:
            doc.quoted.add(path)
        doc.origins[path] = translation.shown


def missing_warning(translation: Translation, cover: Coverage, default: str) -> Problem | None:
    """Warning W601 when some texts have no translation (they show in the scenario's own language)."""
    if not cover.missing or translation.doc is None:
        return None
    shown = ", ".join(describe(p) for p in cover.missing[:3]) + (" ..." if len(cover.missing) > 3 else "")
    return translation.doc.problem(("text",) if ("text",) in translation.doc.positions else (),
                                   f"{translation.language}: {len(cover.missing)} of {cover.total} texts have no translation "
                                   f"and show in '{default}' ({shown}); brink validate --coverage lists them",
                                   at_key=True, code="W601", severity="warning")


