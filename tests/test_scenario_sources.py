"""The shipped scenarios cite their documents: every item names a source, every quote is verbatim.

The quote check needs the source documents (not shipped with the game); it
looks in $BRINK_SEEDS, then ../shared/seeds next to the checkout, and is
skipped when neither exists. Quotes may skip text with " ... "; each piece must
then appear in the document, in order. Only whitespace and the style of quote
marks are normalised. Every shipped scenario is checked. An item that cites
``assumption`` (the scenario's own, no document says it) carries no quote; an
item that cites a document carries one, so that every citation can be checked.
Words a story puts in quote marks (a headline's "heavy price") are attributed
words: they must be in the document the story cites, since the newspaper prints
that document's name beside them.
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
_ESCAPED = re.compile(r"\\([$*_#\[\]()])")  # the article's Markdown escapes: "\\$46.7 billion"
# Fields a reader takes for a story, printed beside its source's name, and the
# fields that only describe (a description, a briefing) and may quote any document.
STORY_FIELDS = ("headline", "text", "fail_headline", "label", "title")
PROSE_FIELDS = ("description", "summary", "situation", "objectives", "levers", "knows", "unknowns", "note")
_QUOTED = re.compile(r'"([^"]+)"')
# Sections whose entries rest on their actions' citations; vilnius-2023's documented
# path names its source for every move but quotes none yet (quote each, then drop it here).
UNQUOTED_SECTIONS = {"tests"}
UNQUOTED_HISTORY = {"vilnius-2023"}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", _ESCAPED.sub(r"\1", text.translate(_MARKS))).strip()


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


def citations_without_quotes(data: dict, documents, skip=UNQUOTED_SECTIONS) -> list[str]:
    """Paths of the items that cite a document by their own ``source:`` and quote nothing from it."""
    missing = []

    def walk(node, path):
        if isinstance(node, dict):
            if node.get("source") in documents and node.get("quote") is None:
                missing.append(".".join(map(str, path)))
            for key, value in node.items():
                walk(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, path + (i,))

    for section, value in data.items():
        if section not in skip:
            walk(value, (section,))
    return missing


def quoted_words(node, path=(), inherited=None):
    """(path, field, source, words) for every phrase in double quote marks in a text field."""
    if isinstance(node, dict):
        source = node.get("source", inherited)
        for key, value in node.items():
            if key in STORY_FIELDS + PROSE_FIELDS and isinstance(value, str):
                for words in _QUOTED.findall(value.translate(_MARKS)):
                    yield path, key, source, words
            yield from quoted_words(value, path + (key,), source)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from quoted_words(value, path + (i,), inherited)


def item_names(data: dict) -> set[str]:
    """Every label and title of the scenario's items: a hint may quote a button's name."""
    names = set()

    def walk(node):
        if isinstance(node, dict):
            names.update(str(node[k]).lower() for k in ("label", "title") if isinstance(node.get(k), str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return names


def misattributed_words(data: dict, documents: dict[str, str]) -> list[str]:
    """Quoted words that the cited document does not contain (a story), or that no document does (prose)."""
    names, wrong = item_names(data), []
    for path, field, source, words in quoted_words(data):
        if words.lower() in names:
            continue
        if field in STORY_FIELDS and source in documents:
            found = found_in_order(words, documents[source].lower(), lower=True)
        else:
            found = any(found_in_order(words, text.lower(), lower=True) for text in documents.values())
        if not found:
            wrong.append(f"{'.'.join(map(str, path))}.{field} [{source}]: \"{words}\"")
    return wrong


def load_documents() -> dict[str, str]:
    folder = seeds_dir()
    if folder is None:
        pytest.skip("source documents not found (set BRINK_SEEDS)")
    return {key: normalise((folder / name).read_text(encoding="utf-8")) for key, name in FILES.items()}


def found_in_order(quote: str, document: str, lower: bool = False) -> bool:
    at = 0
    quote = normalise(quote)
    for piece in (quote.lower() if lower else quote).split(" ... "):
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
    documents = load_documents()
    items = list(cited_items(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert len(items) > 10
    own = [".".join(map(str, p)) for p, source, _ in items if source == OWN]
    assert not own, f"an assumption quotes no document: {own}"
    wrong = [(".".join(map(str, p)), source, quote) for p, source, quote in items
             if source not in documents or not found_in_order(quote, documents[source])]
    assert not wrong, "\n".join(f"{p} [{s}]: {q}" for p, s, q in wrong)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_citation_of_a_document_quotes_it(path):
    """A citation without a quote cannot be checked; what no document says cites ``assumption``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    skip = UNQUOTED_SECTIONS | ({"historical"} if path.stem in UNQUOTED_HISTORY else set())
    missing = citations_without_quotes(data, FILES, skip)
    assert not missing, f"cite a quote, or source: {OWN}: {missing}"


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_words_in_quote_marks_are_the_cited_document_s(path):
    wrong = misattributed_words(yaml.safe_load(path.read_text(encoding="utf-8")), load_documents())
    assert not wrong, "\n".join(wrong)


WT_WORDS = "a serious diplomatic path forward, should Russia choose it"  # from wt-2022-01-26
MISCITED = [  # (name, item, what the checks find wrong)
    ("a quote from another document", {"source": "news-2022-01-02", "quote": WT_WORDS}, "quote"),
    ("a quote no document holds", {"source": "wt-2022-01-26", "quote": "Moscow will never back down"}, "quote"),
    ("a citation with no quote", {"source": "news-2022-01-02", "headline": "Talks"}, "unquoted"),
    ("a headline quoting another document", {"source": "news-2022-01-02", "quote": "heavy price",
                                             "headline": f'Blinken: "{WT_WORDS}"'}, "words"),
    ("a description quoting words nobody wrote", {"source": OWN, "description": 'A "final offer"'}, "words"),
]


@pytest.mark.parametrize("name, item, problem", MISCITED, ids=[c[0] for c in MISCITED])
def test_the_checks_catch_a_miscited_item(name, item, problem):
    documents = load_documents()
    data = {"events": {"story": item}}
    found = {
        "quote": [p for p, source, quote in cited_items(data) if not found_in_order(quote, documents[source])],
        "unquoted": citations_without_quotes(data, documents),
        "words": misattributed_words(data, documents),
    }
    assert found[problem], (name, found)
    assert not [k for k, v in found.items() if v and k != problem], (name, found)


def test_a_story_may_quote_its_own_document_and_a_button_s_name():
    documents = load_documents()
    data = {"events": {"call": {"source": "news-2022-01-02", "quote": "heavy price",
                                "headline": 'Biden warns of a "heavy price"', "label": "Call Putin"}},
            "hints": [{"text": 'Try "Call Putin" first'}]}
    assert misattributed_words(data, documents) == []


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
