r"""Scenario files: safe loading, validation with located errors, compilation to rules.

This package is the only place that reads scenario files. ``load_scenario``
loads one or raises every error at once; ``check_scenario`` is the validator as
editors and ``brink validate`` use it: every error and warning, never raising.

>>> loaded = load_scenario("winter-2021")
>>> loaded.model.id, loaded.rules.turns
('winter-2021', 12)
>>> checked = check_scenario("broken.yaml", text="id: x\n")
>>> checked.ok, checked.errors[0].code, checked.errors[0].line
(False, 'E202', 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..engine.rules import Rules
from .catalog import resolve, shipped_ids
from .compile import compile_scenario
from .errors import Problem, ScenarioError, combine
from .locales import Coverage
from .models import Scenario
from .assemble import assemble, content_hash
from .validate import check_document, validate_document
from .yamlsafe import Document

__all__ = ["Checked", "LoadedScenario", "Problem", "ScenarioError", "check_scenario", "load_scenario", "load_rules",
           "resolve", "shipped_ids"]


@dataclass(frozen=True)
class LoadedScenario:
    path: Path
    model: Scenario
    rules: Rules
    document: Document | None = field(default=None, compare=False, repr=False)  # the located YAML, for messages that point into the file
    language: str = "en"  # the language its text is in (a translation's, or the scenario's own)


def load_scenario(ref: str | Path, lang: str | None = None) -> LoadedScenario:
    """Load a shipped scenario by id, or a scenario file by path; raises ScenarioError.

    With ``lang`` (a language code), its text is in that language where it has a
    translation (``locales.py``); ``language`` says which language it is in. The rules
    (and the content hash that saves carry) are the same in every language.
    """
    path = resolve(ref)
    doc = assemble(path, lang=lang)
    model = validate_document(doc)
    digest = content_hash(Path(path).read_bytes(), doc)
    language = doc.translation.language if doc.translation is not None else model.language
    return LoadedScenario(Path(path), model, compile_scenario(model, digest), doc, language)


@dataclass(frozen=True)
class Checked:
    """What the validator says about one scenario: its problems, sorted by position, and the
    scenario itself when it has no errors.

    Each problem is a ``Problem``: ``path``, ``line``, ``column`` (1-based),
    ``severity`` ('error' or 'warning'), ``code`` (E... or W...) and ``message``.
    """

    problems: list[Problem]
    loaded: LoadedScenario | None = None
    coverage: list[Coverage] = field(default_factory=list)  # how far each translation goes

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_scenario(ref: str | Path, text: str | None = None, *, warnings: bool = True) -> Checked:
    """Every error (and, when there is none, every warning) of a scenario; never raises ScenarioError.

    ``ref`` is a shipped id or a path; with ``text``, that text is checked as if it
    were the file at ``ref`` (an editor's unsaved buffer).
    """
    from .lint import lint

    try:
        path = resolve(ref) if text is None else Path(ref)
        doc = assemble(path, text)
    except ScenarioError as exc:
        return Checked(list(exc.problems))
    model, problems = check_document(doc)
    if model is None:
        return Checked(problems)
    source = text.encode("utf-8", "surrogatepass") if text is not None else Path(path).read_bytes()
    loaded = LoadedScenario(Path(path), model, compile_scenario(model, content_hash(source, doc)), doc, model.language)
    found, cover = check_translations(Path(path), doc, text)
    if any(p.severity == "error" for p in found):
        return Checked(combine(found), None, cover)
    return Checked(combine((lint(doc, model) + found) if warnings else []), loaded, cover)


def check_translations(path: Path, doc: Document, text: str | None = None) -> tuple[list[Problem], list[Coverage]]:
    """The problems of every translation file of a scenario that has no errors, and each one's coverage:
    its shape against the scenario (E701), the scenario loaded in its language (a translated role tag
    too long is an error there), and the texts it leaves out (W601)."""
    from . import locales
    from .assemble import shown_beside

    problems: list[Problem] = []
    cover: list[Coverage] = []
    own = doc.data.get("language", "en")
    for lang, file in locales.available(path).items():
        shown = shown_beside(doc.path, path, file)
        translation = locales.read_translation(doc.written, file, lang, shown=shown)
        problems += translation.problems
        if translation.doc is None:
            continue
        counted = locales.coverage(doc.written, translation)
        cover.append(counted)
        if any(p.severity == "error" for p in translation.problems):
            continue
        _, in_language = check_document(assemble(path, text, lang=lang))
        problems += [p for p in in_language if p.path == shown]
        warning = locales.missing_warning(translation, counted, own)
        if warning is not None:
            problems.append(warning)
        problems += locales.stale_warnings(doc.written, translation, own)
    return problems, cover


@lru_cache(maxsize=16)
def load_rules(ref: str) -> Rules:
    """The compiled rules of a scenario (cached; for tests and doctests)."""
    return load_scenario(ref).rules
