"""A scenario's located document, put together: its file, the files it includes, its templates merged in.

Every path that reads a scenario (``load_scenario``, ``check_scenario``, the language
server through it) goes through ``assemble``, so ``include:``, ``extends:`` and merge keys
mean the same everywhere, and every problem keeps the file, line and column it is about.

>>> doc = assemble("inline.yaml", text="templates:\\n  t: {cost: 2}\\ndiplomacy:\\n  x: {extends: t}\\n")
>>> doc.data["diplomacy"]["x"]["cost"], doc.problems
(2, [])
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path

from . import locales
from .extends import resolve_extends
from .include import resolve_includes
from .yamlsafe import Document, load_yaml_file, load_yaml_text


def assemble(path: str | Path, text: str | None = None, lang: str | None = None) -> Document:
    """The document of the scenario file at ``path`` (or of ``text``, as if it were that file);
    raises ScenarioError when the file itself cannot be read or parsed. Problems of included
    files, templates and the translation are in the document's ``problems``.

    With ``lang``, the text is that language's where the scenario has a translation
    (``locales.py``; the document's ``translation`` says which, None when it has none):
    the translation goes in after the includes, so a template's text is translated once.
    """
    doc = load_yaml_text(text, str(path), keep_going=True) if text is not None else load_yaml_file(path, keep_going=True)
    doc.problems += resolve_includes(doc, path if Path(path).name else None)
    if lang and isinstance(doc.data, dict):
        translate(doc, Path(path), lang)
    doc.written = copy.deepcopy(doc.data)
    doc.problems += resolve_extends(doc)
    return doc


def own_language(doc: Document) -> str:
    """The language the scenario is written in (its ``language:``, English when it says none)."""
    lang = doc.data.get("language") if isinstance(doc.data, dict) else None
    return lang if isinstance(lang, str) and locales.LANGUAGE.match(lang) else "en"


def translate(doc: Document, path: Path, lang: str) -> None:
    """Put the ``lang`` translation of the scenario into its document (nothing when there is none)."""
    own = own_language(doc)
    if lang == own or lang.split("-")[0] == own:
        return
    found = locales.pick(path, lang)
    if found is None:
        return
    code, file = found
    translation = locales.read_translation(doc.data, file, code, shown=shown_beside(doc.path, path, file))
    doc.problems += translation.problems
    if not any(p.severity == "error" for p in translation.problems):
        locales.apply(doc, translation)
        doc.translation = translation


def shown_beside(shown: str, path: Path, other: Path) -> str:
    """The name to show for ``other``, a file in the folder of the scenario file ``path`` shown as ``shown``."""
    rel = other.relative_to(path.parent) if other.is_relative_to(path.parent) else other
    folder = os.path.dirname(shown)
    return os.path.join(folder, str(rel)) if folder else str(rel)


def content_hash(main: bytes, doc: Document) -> str:
    """The scenario's content hash (saves carry it): the file's bytes, and those of every file it includes.

    A scenario without includes keeps the hash of its file alone, as before includes existed.
    """
    digest = hashlib.sha256(main)
    for name, raw in doc.sources:
        digest.update(b"\0" + name.encode("utf-8") + b"\0" + raw)
    return digest.hexdigest()
