"""The shipped scenarios cite their documents: every item names a source, every quote is verbatim.

The quote check needs the source documents (not shipped with the game); it
looks in $BRINK_SEEDS, then ../shared/seeds next to the checkout, and is
skipped when neither exists. Quotes may skip text with " ... "; each piece must
then appear in the document, in order. Only whitespace and the style of quote
marks are normalised. Every shipped scenario is checked. An item that cites
``assumption`` (the scenario's own, no document says it) carries no quote.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "winter-2021.yaml"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
OWN = "assumption"  # the source key of what a scenario assumes on its own
FILES = {  # citation key -> file name, as in seeds/README.md
    "ijhs-2023": "000_8b2f361deb81d732.txt",
    "lse-2022-02-15": "001_2590bcc3948bc931.txt",
    "news-2022-01-02": "002_482d5174bba0154a.txt",
    "blog-2021-12-06": "003_7175a7e198ed7ad5.txt",
    "wt-2022-01-26": "004_ecd4a1e853a48b65.txt",
}
_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_MARKS)).strip()


def seeds_dir() -> Path | None:
    for candidate in (os.environ.get("BRINK_SEEDS"), ROOT.parent / "shared" / "seeds"):
        if candidate and (Path(candidate) / FILES["ijhs-2023"]).exists():
            return Path(candidate)
    return None


def cited_items(node, path=(), inherited=None):
    """(path, source, quote) for every mapping that has a quote; the source may be inherited."""
    if isinstance(node, dict):
        source = node.get("source", inherited)
        if "quote" in node and node["quote"] is not None:
            yield path, source, node["quote"]
        for key, value in node.items():
            yield from cited_items(value, path + (key,), source)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from cited_items(value, path + (i,), inherited)


def found_in_order(quote: str, document: str) -> bool:
    at = 0
    for piece in normalise(quote).split(" ... "):
        at = document.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_quote_is_verbatim_from_its_source(path):
    folder = seeds_dir()
    if folder is None:
        pytest.skip("source documents not found (set BRINK_SEEDS)")
    documents = {key: normalise((folder / name).read_text(encoding="utf-8")) for key, name in FILES.items()}
    items = list(cited_items(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert len(items) > 10
    own = [".".join(map(str, p)) for p, source, _ in items if source == OWN]
    assert not own, f"an assumption quotes no document: {own}"
    wrong = [(".".join(map(str, p)), source, quote) for p, source, quote in items
             if source not in documents or not found_in_order(quote, documents[source])]
    assert not wrong, "\n".join(f"{p} [{s}]: {q}" for p, s, q in wrong)


def test_the_flagship_quotes_its_documents_throughout(data):
    assert len(list(cited_items(data))) > 100


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_quotes_are_short(path):
    long = [q for _, _, q in cited_items(yaml.safe_load(path.read_text(encoding="utf-8"))) if len(q.split()) > 30]
    assert not long, long


def test_every_action_event_and_ending_names_its_source(rules):
    keys = set(rules.sources)
    for group in (rules.actions, rules.events, rules.endings, rules.threats, rules.drift):
        for item in group:
            assert item.cite.source in keys, item
    for v in rules.variables:
        assert v.cite.source in keys, v.id


def test_every_role_and_the_public_have_a_full_briefing(rules):
    briefings = rules.scenario.briefings
    assert set(briefings) == {"public", "us", "russia", "nato"}
    for role in ("us", "russia", "nato"):
        b = briefings[role]
        for part in (b.situation, b.objectives, b.levers, b.knows, b.unknowns):
            assert part and len(part.split()) >= 6, (role, part)
    assert len(briefings["public"].situation.split()) >= 30
