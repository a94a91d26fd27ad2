"""``brink translate``: the translation file a translator fills in, every text with its original beside it.

Each text of the scenario that players see gets a line of the translation file
(``game/scenario/locales.py`` says the format), with the original above it as a
comment; a text not yet translated is ``null`` (it shows in the scenario's own
language). Run again with ``--update`` after the scenario changed: translations
already made are kept, new texts are added as ``null``.

>>> text = skeleton({"id": "x", "title": "Title", "variables": {"t": {"label": "Tension", "initial": 1}}}, "de", "Deutsch")
>>> print(text)  # doctest: +NORMALIZE_WHITESPACE
# Translation of scenario 'x' into Deutsch (de). Each text shows its original
# (en) above it; replace null with the translation. See the authoring guide.
language: de
name: Deutsch
scenario: x
text:
  # en: Title
  title: null
  variables:
    t:
      # en: Tension
      label: null
<BLANKLINE>
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import yaml

from ..scenario.locales import texts_of

WIDTH = 100


def skeleton(written: Any, lang: str, name: str, entries: dict[tuple, str] | None = None, own: str = "en",
             made_from: dict[tuple, str] | None = None) -> str:
    """The text of a translation file for the scenario data ``written`` (as written: its includes joined,
    templates not merged), keeping the translations in ``entries`` (scenario path -> text).

    Each text's comment is its original; a translation made from an original that has
    changed since (``made_from``) keeps the comment it was made from, so ``brink validate``
    still warns about it (W602) until the translator updates both.
    """
    entries = dict(entries or {})
    made_from = dict(made_from or {})
    wanted = {path for path, text in texts_of(written) if text.strip()} | set(entries)
    lines = [f"# Translation of scenario '{written.get('id', '?')}' into {name} ({lang}). Each text shows its original",
             f"# ({own}) above it; replace null with the translation. See the authoring guide.",
             f"language: {lang}", f"name: {_scalar(name, 0, 'name')}", f"scenario: {written.get('id', '')}", "text:"]
    lines += _mapping(written, (), 2, wanted, entries, own, made_from)
    return "\n".join(lines) + "\n"


def _holds(path: tuple, wanted: set[tuple]) -> bool:
    n = len(path)
    return any(p[:n] == path for p in wanted)


def _mapping(node: dict, path: tuple, indent: int, wanted: set[tuple], entries: dict, own: str,
             made_from: dict) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    keys = list(node) + [p[len(path)] for p in sorted(wanted, key=str) if p[:len(path)] == path and len(p) == len(path) + 1
                         and p[len(path)] not in node]
    for key in dict.fromkeys(keys):
        here = path + (key,)
        if not _holds(here, wanted):
            continue
        child = node.get(key)
        if here in wanted and (child is None or isinstance(child, str)):
            if isinstance(child, str):
                out += _comment(made_from.get(here, child) if here in entries else child, indent, own)
            value = entries.get(here)
            out.append(f"{pad}{key}: " + ("null" if value is None else _scalar(value, indent, key)))
        elif isinstance(child, dict):
            out.append(f"{pad}{key}:")
            out += _mapping(child, here, indent + 2, wanted, entries, own, made_from)
        elif isinstance(child, list):
            out.append(f"{pad}{key}:")
            for i, item in enumerate(child):
                if isinstance(item, dict) and _holds(here + (i,), wanted):
                    inner = _mapping(item, here + (i,), indent + 4, wanted, entries, own, made_from)
                    out.append(f"{pad}  -")
                    out += inner
                else:
                    out.append(f"{pad}  - null")
    return out


def _comment(text: str, indent: int, own: str) -> list[str]:
    pad = " " * indent
    body = " ".join(text.split())
    wrapped = textwrap.wrap(body, width=max(40, WIDTH - indent - 6), break_long_words=False, break_on_hyphens=False) or [""]
    return [f"{pad}# {own}: {wrapped[0]}"] + [f"{pad}#     {line}" for line in wrapped[1:]]


def _scalar(value: str, indent: int, key: Any) -> str:
    """``value`` written as YAML after ``key: `` at ``indent``: plain or quoted when short, folded when long."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**6).rstrip("\n")
    if dumped.endswith("\n..."):
        dumped = dumped[:-4].rstrip("\n")
    if "\n" not in dumped and indent + len(str(key)) + 2 + len(dumped) <= WIDTH:
        return dumped
    if value == " ".join(value.split()):
        lines = textwrap.wrap(value, width=max(40, WIDTH - indent - 2), break_long_words=False, break_on_hyphens=False)
        folded = ">-\n" + "\n".join(" " * (indent + 2) + line for line in lines)
        if _reads_back(folded, indent, key, value):
            return folded
    return json.dumps(value, ensure_ascii=False)


def _reads_back(written: str, indent: int, key: Any, value: str) -> bool:
    try:
        return yaml.safe_load(" " * indent + f"{key}: {written}\n") == {key: value}
    except yaml.YAMLError:
        return False

