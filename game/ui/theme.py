"""Colours, role styles, fonts and a cache of rendered text: the look of the window.

Colours are chosen for WCAG AA contrast on the dark panels. The roles' colours,
shapes and tags come from the scenario (``Role.color``, ``shape``, ``tag``; by
default the Okabe-Ito palette, which colour-blind players can tell apart), and
text in a role's colour is lightened until it reads on the panels.

>>> contrast("#ffffff", "#000000")
21.0
>>> assign_roles(["east", "west"]); role_style("west").shape
'square'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pygame

from ..resources import asset

WIDTH, HEIGHT = 1280, 720
MIN_TEXT_PX = 16
# pygame_gui's bundled monospaced face, for console tables whose columns are padded with spaces.
MONO_FONT, MONO_PX = "fira_code", 16

# The reading text (newspaper, tooltips, callouts, questions) at the player's text size (the
# setting "text_size", in percent): ``reading(18)`` is 18 px at 100%, 23 at 130%. The dashboard's
# grid keeps its sizes; what scales wraps in boxes that grow or scroll.
TEXT_SIZES = (100, 115, 130)
READ_SCALE = 1.0


def set_text_size(percent: int) -> None:
    global READ_SCALE
    READ_SCALE = max(1.0, min(TEXT_SIZES[-1], percent) / 100)


def reading(size: int) -> int:
    """``size`` at the player's text size (never below the minimum)."""
    return max(MIN_TEXT_PX, round(size * READ_SCALE))


def heading_html(title: str) -> str:
    """A heading in a text box's HTML, at the player's text size (``title`` is already escaped).

    >>> heading_html("Keys")
    "<font pixel_size=22 color='#f0e442'><b>Keys</b></font>"
    """
    return f"<font pixel_size={reading(22)} color='#f0e442'><b>{title}</b></font>"


# The widgets whose text is reading text: text boxes (briefing, agenda, Talk, reports), tooltips,
# text entries and list items grow with the text size. Buttons keep theirs: their labels are
# short and their boxes fixed (a test checks every label fits its button).
READING_WIDGETS = ("defaults", "text_box", "@paper", "tool_tip.text_box", "text_entry_line",
                   "selection_list.@selection_list_item")


def gui_theme(percent: int | None = None) -> dict:
    """pygame_gui's theme (``assets/theme.json``) with its reading text at ``percent`` (default: the
    text size now set).

    >>> gui_theme(130)["text_box"]["font"]["size"], gui_theme(130)["button"]["font"]["size"]
    ('23', '20')
    """
    scale = READ_SCALE if percent is None else max(1.0, min(TEXT_SIZES[-1], percent) / 100)
    data = json.loads(asset("theme.json").read_text(encoding="utf-8"))
    for block in READING_WIDGETS:
        font_ = data.get(block, {}).get("font")
        if font_ is not None:
            font_["size"] = str(max(MIN_TEXT_PX, round(int(font_["size"]) * scale)))
    return data


# -- colours (all text/background pairs are checked by tests/test_ui_theme.py) ---------------
BG = (15, 23, 32)
PANEL = (23, 33, 43)
PANEL_HI = (32, 46, 60)
LINE = (60, 80, 98)
TEXT = (238, 242, 246)
MUTED = (175, 190, 204)
ACCENT = (240, 228, 66)  # focus ring (Okabe-Ito yellow)
GOOD = (92, 200, 140)
BAD = (255, 138, 110)
PAPER = (243, 239, 228)
INK = (29, 27, 22)
INK_MUTED = (84, 78, 66)
WATER = (24, 52, 78)
WATER_EDGE = (46, 86, 120)
LAND_BACKGROUND = (58, 64, 70)
LAND_CONTEXT = (72, 80, 88)
SHADOW = (0, 0, 0, 150)


@dataclass(frozen=True)
class RoleStyle:
    """How a role is shown: a colour, a shape and a tag, so colour is never the only cue."""

    colour: tuple[int, int, int]
    fill: tuple[int, int, int]  # map fill for its territory
    shape: str  # 'circle', 'square', 'triangle', 'diamond' or 'hexagon'
    tag: str


# The roles of the scenario being shown (its `color:`, shape and tag; see game.scenario.presentation),
# set by ``assign_roles`` when a game, a LAN seat or the white cell starts.
ROLE_STYLES: dict[str, RoleStyle] = {}
NEUTRAL = RoleStyle((204, 121, 167), (80, 70, 90), "diamond", "?")


def role_style(role: str) -> RoleStyle:
    return ROLE_STYLES.get(role, NEUTRAL)


def assign_roles(rules) -> None:
    """Show the roles of ``rules`` (compiled rules, or a bare list of role ids) as its scenario says.

    A list of ids gets the default colours and shapes in its order (Okabe-Ito; circle, square, triangle ...).
    """
    # loaded when first used: the window's first frame comes sooner
    from ..scenario.presentation import PALETTE, SHAPES, derive_tag, legible, shade

    looks = getattr(getattr(rules, "presentation", None), "roles", None)
    ROLE_STYLES.clear()
    if looks is not None:
        ROLE_STYLES.update({rid: RoleStyle(look.colour, look.fill, look.shape, look.tag) for rid, look in looks.items()})
        return
    for i, role in enumerate(rules):
        colour = PALETTE[i % len(PALETTE)]
        ROLE_STYLES[role] = RoleStyle(legible(colour), shade(colour), SHAPES[i % len(SHAPES)], derive_tag(role))


# -- contrast (WCAG 2.1) ----------------------------------------------------------------------
def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour) -> float:
    if isinstance(colour, str):
        colour = tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    r, g, b = (_channel(x) for x in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return round((la + 0.05) / (lb + 0.05), 2)


# -- files --------------------------------------------------------------------------------------
def font_path(bold: bool = False, italic: bool = False) -> str:
    """Noto Sans as bundled with pygame_gui (covers Latin, Cyrillic and Greek)."""
    name = "NotoSans-" + ("Bold" if bold else "") + ("Italic" if italic else "")
    if name.endswith("-"):
        name += "Regular"
    return str(resources.files("pygame_gui.data") / f"{name}.ttf")


MONO_FONT_PATH = str(resources.files("pygame_gui.data") / "FiraCode-Regular.ttf")  # also bundled; has Cyrillic


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
    """A Noto Sans font; sizes below 16 px are refused (legibility rule)."""
    if size < MIN_TEXT_PX:
        raise ValueError(f"text of {size} px is below the {MIN_TEXT_PX} px minimum")
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(font_path(bold, italic), size)


# -- text cache ---------------------------------------------------------------------------------
class TextCache:
    """Rendered text surfaces, kept between frames (rendering text is the costly part of a frame).

    >>> cache = TextCache(); s1 = cache.get("Hi", 18); cache.get("Hi", 18) is s1
    True
    """

    def __init__(self, limit: int = 4000):
        self.limit = limit
        self._store: dict[tuple, pygame.Surface] = {}
        self.sizes_used: set[int] = set()

    def get(self, text: str, size: int = 18, colour=TEXT, bold: bool = False, italic: bool = False) -> pygame.Surface:
        key = (text, size, tuple(colour), bold, italic)
        surf = self._store.get(key)
        if surf is None:
            if len(self._store) >= self.limit:
                self._store.clear()
            surf = font(size, bold, italic).render(text, True, colour)
            self._store[key] = surf
            self.sizes_used.add(size)
        return surf

    def clear(self) -> None:
        self._store.clear()


TEXT_CACHE = TextCache()


def text(text_: str, size: int = 18, colour=TEXT, bold: bool = False, italic: bool = False) -> pygame.Surface:
    """A cached rendering of ``text_`` (see TextCache)."""
    return TEXT_CACHE.get(text_, size, colour, bold, italic)


def wrap(text_: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Split ``text_`` into lines no wider than ``width`` pixels."""
    f = font(size, bold)
    lines: list[str] = []
    for para in text_.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def missing_glyphs(text_: str, bold: bool = False, italic: bool = False) -> list[str]:
    """Characters of ``text_`` that Noto Sans cannot draw (they would show as empty boxes)."""
    # loaded when first used: the window's first frame comes sooner
    import pygame.freetype

    if not pygame.freetype.get_init():
        pygame.freetype.init()
    face = _freetype_face(bold, italic)
    return [ch for ch, m in zip(text_, face.get_metrics(text_)) if m is None and not ch.isspace()]


@lru_cache(maxsize=4)
def _freetype_face(bold: bool, italic: bool):
    # loaded when first used: the window's first frame comes sooner
    import pygame.freetype

    return pygame.freetype.Font(font_path(bold, italic), 16)


def fit(text_: str, size: int, width: int, bold: bool = False) -> str:
    """``text_`` shortened with an ellipsis so that it fits ``width`` pixels."""
    f = font(size, bold)
    if f.size(text_)[0] <= width:
        return text_
    while text_ and f.size(text_ + "…")[0] > width:
        text_ = text_[:-1]
    return text_.rstrip() + "…"
