"""Text on the map: Noto Sans metrics read from the font files, and subsets to embed in an SVG.

The window draws its text in Noto Sans as bundled with pygame_gui; the map's labels are
placed with that font's own advance widths (read with fontTools, no pygame), so every
face lays them out alike. The window's hinted rendering runs up to a few per cent wider
than the outlines' advances (a browser draws them exactly), so a label's box has room
for it: ``slack`` widens a bare label; a plated one has its plate's margins.

>>> text_size("Kyiv", 16), text_size("Kyiv", 16, slack=True)
((31, 22), (35, 22))
>>> covers("Київ") and not covers("東京")
True

Subsetting is slow (fontTools reads all of the face's layout tables, over a second a
face), and a report, a briefing or the LAN host's map cuts the same few sets of characters
again and again (a scenario's names and the digits): each cut is kept by its set of
characters, in memory and in the user's cache folder, so the same set is cut once per
machine. The bytes are the same from run to run: the face's own timestamp is kept, not the
hour of the cut.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import math
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs

FACES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
SLACK = 1.03  # a bare label's box over the outlines' advance width (the window's hinting adds up to ~4%)
PAD = 3  # and a few pixels more
FAMILY = "Brink Map Sans"  # the embedded subset's name, so an installed Noto Sans of another cut is not mixed in
WOFF_MAGIC = b"wOFF"  # how a WOFF file begins (a TrueType one: 00 01 00 00), what the @font-face rule says it is
CACHED_CUTS = 512  # the cache folder keeps this many cuts, the newest (a few KB each)


def font_file(bold: bool = False, italic: bool = False) -> Path:
    """The Noto Sans file pygame_gui ships (found without importing pygame_gui, which imports pygame)."""
    spec = importlib.util.find_spec("pygame_gui")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("pygame_gui is not installed: its Noto Sans is the map's font")
    return Path(spec.origin).parent / "data" / f"NotoSans-{FACES[bold, italic]}.ttf"


@lru_cache(maxsize=4)
def _metrics(bold: bool, italic: bool) -> tuple[dict[int, int], float, float, float]:
    """(advance by code point, units per em, ascender, descender) of one face."""
    from fontTools.ttLib import TTFont  # lazy: fontTools costs 0.2 s, paid when a label is first measured

    font = TTFont(font_file(bold, italic), lazy=True)
    hmtx = font["hmtx"]
    advances = {cp: hmtx[glyph][0] for cp, glyph in font.getBestCmap().items()}
    hhea = font["hhea"]
    return advances, float(font["head"].unitsPerEm), float(hhea.ascent), float(hhea.descent)


def covers(text: str, bold: bool = False, italic: bool = False) -> bool:
    """True when the face has a glyph for every character of ``text`` (else it would show boxes)."""
    advances = _metrics(bold, italic)[0]
    return all(ch.isspace() or ord(ch) in advances for ch in text)


@lru_cache(maxsize=4096)
def text_size(text: str, size: int, bold: bool = False, italic: bool = False, slack: bool = False) -> tuple[int, int]:
    """The (width, height) in pixels of ``text`` at ``size`` px; with ``slack``, of a box that holds any rendering."""
    advances, upm, ascent, descent = _metrics(bold, italic)
    notdef = advances.get(ord("?"), upm / 2)
    raw = sum(advances.get(ord(ch), notdef) for ch in text) * size / upm
    width = math.ceil(raw * SLACK) + PAD if slack else math.ceil(raw)
    return width, math.ceil((ascent - descent) * size / upm)


def ascent(size: int, bold: bool = False, italic: bool = False) -> float:
    """From a line's top to its baseline, in pixels."""
    _, upm, asc, _ = _metrics(bold, italic)
    return asc * size / upm


CUT = "no hinting, kern, names 0-2, notdef outline, face timestamp, woff"  # what _options and cut ask: change it with them


def _options() -> Any:
    from fontTools import subset  # lazy: the subsetter costs 0.35 s, paid when an SVG embeds its first font

    options = subset.Options()
    options.hinting = False
    options.layout_features = ["kern"]
    options.name_IDs = [0, 1, 2]  # keep the copyright notice the licence asks for
    options.notdef_outline = True
    return options


def cut(chars: str, bold: bool = False, italic: bool = False) -> bytes:
    """One face cut to ``chars``: the WOFF file a map embeds (no cache: ``_subset`` keeps what this makes).

    WOFF, as the @font-face rule says: the font's own ``flavor`` (fontTools compresses its tables with
    zlib, no other dependency; the subsetter's ``flavor`` option is applied only by its command line's
    ``save_font``, so the cut was TrueType labelled WOFF, once). About half the size of the TrueType cut.

    >>> cut("Kyiv")[:4] == WOFF_MAGIC
    True
    """
    # lazy: the subsetter costs 0.35 s, paid when a cut is not found in the cache
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(font_file(bold, italic))
    font.recalcTimestamp = False  # the same bytes every run: the face's own date, not the hour it was cut
    subsetter = subset.Subsetter(_options())
    subsetter.populate(text=chars)
    subsetter.subset(font)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cache_dir() -> Path:
    """Where cut faces are kept between runs (the user's cache folder)."""
    return Path(platformdirs.user_cache_dir("brinkmanship", appauthor=False)) / "fonts"


@lru_cache(maxsize=4)
def _face_key(bold: bool, italic: bool) -> bytes:
    """What a cut depends on besides its characters: the face's bytes, fontTools' version, the options."""
    import fontTools  # lazy, as every fontTools import here: brink's commands that draw no map never load it

    return hashlib.sha256(font_file(bold, italic).read_bytes() + fontTools.version.encode() + CUT.encode()).digest()


def _cached_cut(chars: str, bold: bool, italic: bool) -> bytes:
    """The cut of ``chars`` in one face, from the cache folder or cut now and put there (atomically;
    a folder that cannot be written only costs the time, and the oldest cuts beyond ``CACHED_CUTS`` go)."""
    name = hashlib.sha256(_face_key(bold, italic) + chars.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    folder = cache_dir()
    path = folder / f"{font_file(bold, italic).stem}-{name}.font"
    try:
        data = path.read_bytes()
        if data[:4] == WOFF_MAGIC:  # anything else (a file emptied by a full disk, say) is cut again
            return data
    except OSError:
        pass
    data = cut(chars, bold, italic)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError:
        return data
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        cuts = sorted(folder.glob("*.font"), key=lambda p: p.stat().st_mtime)
        for old in cuts[:-CACHED_CUTS]:
            old.unlink(missing_ok=True)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    return data


@lru_cache(maxsize=64)
def _subset(chars: str, bold: bool, italic: bool) -> str:
    """``chars`` of one face, cut, as base64."""
    return base64.b64encode(_cached_cut(chars, bold, italic)).decode("ascii")


def font_face_css(texts: dict[tuple[bool, bool], set[str]]) -> str:
    """@font-face rules embedding just the glyphs of ``texts`` (by (bold, italic)) as WOFF data.

    Noto Sans is under the SIL Open Font License 1.1, which allows subsetting and embedding.
    """
    rules = []
    for (bold, italic), strings in sorted(texts.items()):
        chars = "".join(sorted(set("".join(strings)) | {" "}))
        data = _subset(chars, bold, italic)
        rules.append(f"@font-face{{font-family:'{FAMILY}';font-weight:{700 if bold else 400};"
                     f"font-style:{'italic' if italic else 'normal'};src:url(data:font/woff;base64,{data}) format('woff')}}")
    return "".join(rules)
