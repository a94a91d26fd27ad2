"""Layout that holds: every screen at 1280x720 and in a 1920x1080 window, at the normal and the
largest text size, with no text leaving its box.

Drawn text is audited as it is blitted: while a screen is built and drawn, ``pygame.Surface``
is a subclass that records every blit of a rendered text (``theme.TEXT_CACHE``), and
``widgets.panel`` records its boxes. A text must lie inside the surface it is drawn on (or
the clip a scrolling list sets) and, when it starts inside a panel, inside that panel. Every
pygame_gui element must lie inside the window and every button's label fit its button.
Set BRINK_SCREENSHOTS=DIR to keep a PNG of every screen checked.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pygame
import pytest

from game.ui import theme, widgets

from ui_driver import frame, make_app, press

AI = {"russia": "historical", "nato": "historical"}
RealSurface = pygame.Surface
BLITS: list[tuple[AuditSurface, pygame.Rect, pygame.Rect | None]] = []


class AuditSurface(RealSurface):
    """A surface that records where rendered text lands on it (and its panels, in ``panels``)."""

    panels: list[pygame.Rect]

    def blit(self, source, dest, area=None, special_flags=0):
        out = super().blit(source, dest, area, special_flags)
        if id(source) in TEXT_IDS and area is None:
            x, y = (dest.topleft if isinstance(dest, pygame.Rect) else dest)[:2]
            clip = self.get_clip()
            full = clip == self.get_rect()
            BLITS.append((self, pygame.Rect(int(x), int(y), source.get_width(), source.get_height()),
                          None if full else clip))
        return out


TEXT_IDS: set[int] = set()
TEXTS: set[tuple[str, bool, bool]] = set()  # every text drawn, to check its glyphs


@pytest.fixture
def audit(monkeypatch):
    real_get = theme.TextCache.get

    def get(self, text_, size=18, colour=theme.TEXT, bold=False, italic=False):
        surf = real_get(self, text_, size, colour, bold, italic)
        TEXT_IDS.add(id(surf))
        TEXTS.add((text_, bold, italic))
        return surf

    real_panel = widgets.panel

    def panel(surface, rect, title=None, colour=theme.PANEL):
        if isinstance(surface, AuditSurface):
            surface.__dict__.setdefault("panels", []).append(pygame.Rect(rect))
        return real_panel(surface, rect, title, colour)

    theme.TEXT_CACHE.clear()
    monkeypatch.setattr(theme.TextCache, "get", get)
    monkeypatch.setattr(pygame, "Surface", AuditSurface)
    for module in ("game.ui.widgets", "game.ui.dashboard", "game.ui.orders", "game.ui.screens.game"):
        if hasattr(__import__(module, fromlist=["panel"]), "panel"):
            monkeypatch.setattr(f"{module}.panel", panel)
    yield
    BLITS.clear()
    TEXT_IDS.clear()
    TEXTS.clear()


def problems(app) -> list[str]:
    """What leaves its box on the screen now up: the text drawn since the last check (its cached
    layers, made when it was built) and the screen drawn afresh onto an audited canvas."""
    canvas = AuditSurface((theme.WIDTH, theme.HEIGHT))
    app.screen.draw(canvas)
    for overlay in app.overlays:
        overlay.draw(canvas)
        if hasattr(overlay, "rect"):  # a dialog's box holds its text like a panel
            canvas.__dict__.setdefault("panels", []).append(pygame.Rect(overlay.rect))
    out = []
    for surf, box, clip in BLITS:
        if clip is not None:  # a scrolling page or list: rows cut at its top and bottom scroll into view
            if box.left < clip.left or box.right > clip.right:
                out.append(f"text {box} leaves the side of its scrolling box {clip}")
            continue
        if not surf.get_rect().contains(box):
            out.append(f"text {box} leaves its surface {surf.get_rect()}")
            continue
        for panel_rect in surf.__dict__.get("panels", []):
            if panel_rect.collidepoint(box.topleft) and not panel_rect.inflate(2, 2).contains(box):
                out.append(f"text {box} leaves its panel {panel_rect}")
    window = pygame.Rect(0, 0, theme.WIDTH, theme.HEIGHT)
    for element in app.top.elements:
        if not element.visible:
            continue
        if not window.contains(element.rect):
            out.append(f"{type(element).__name__} {element.rect} leaves the window")
        text = getattr(element, "text", None)
        if type(element).__name__ == "UIButton" and text:
            width = element.font.size(text)[0]
            if width > element.rect.w - 8:
                out.append(f"button label {text!r} ({width} px) does not fit {element.rect.w} px")
    BLITS.clear()
    return out


SHOTS = os.environ.get("BRINK_SCREENSHOTS")


def check(app, label: str, seen: dict) -> None:
    frame(app)
    found = problems(app)
    name = app.top.name + (f"-{label}" if label else "")
    seen[name] = found
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.surface, str(Path(SHOTS) / f"{name}-{theme.WIDTH}x{theme.HEIGHT}-text{int(theme.READ_SCALE * 100)}.png"))


def talk_deal(app, seen: dict) -> None:
    """The Talk panel's deal builder with terms on both sides, then the AI's counter in the bar."""
    press(app, pygame.K_t)
    talk = app.top
    while talk.kind != "deal":
        talk.cycle("kind")
    while talk.deal.by_turn != 6:
        talk.cycle("option")
    for side, action in (("give", "call_putin"), ("give", "assure_ukraine"), ("ask", "withdraw_troops")):
        while talk.deal.picked(side)[0] != action:
            talk.step_term(side)
        talk.add_term(side)
    check(app, "deal", seen)
    talk.declare()
    assert talk.offer() is not None  # Russia's counter, waiting for an answer
    check(app, "offer", seen)
    press(app, pygame.K_ESCAPE)


def tour(app) -> dict[str, list[str]]:
    """Every screen of the window, one after the other; returns the problems of each."""
    seen: dict[str, list[str]] = {}
    app.main_menu()
    check(app, "", seen)
    for label, back in (("How to play", pygame.K_ESCAPE), ("Load game", pygame.K_ESCAPE), ("New game", pygame.K_ESCAPE)):
        next(e for e in app.top.elements if getattr(e, "text", "").startswith(label))
        {"How to play": app.top.how_to, "Load game": app.top.load_game, "New game": app.top.new_game}[label]()
        check(app, "", seen)
        press(app, back)
    from game.ui.screens.title import TutorialOffer

    app.push(TutorialOffer(app, app.top))
    check(app, "", seen)
    app.pop()
    app.new_game(app.loaded, {"us": "human", **AI}, seed=4)
    check(app, "", seen)  # the briefing
    press(app, pygame.K_RETURN)
    game = app.top
    check(app, "", seen)
    game.orders.hover = 0
    check(app, "tooltip", seen)
    game.orders.hover = None
    for key in (pygame.K_a, pygame.K_t, pygame.K_b, pygame.K_ESCAPE):
        press(app, key)
        check(app, "", seen)
        press(app, pygame.K_ESCAPE)
    talk_deal(app, seen)
    press(app, pygame.K_ESCAPE)
    app.top.settings()
    check(app, "", seen)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_z)
    check(app, "map-first", seen)
    press(app, pygame.K_z)
    press(app, pygame.K_e)
    check(app, "", seen)  # the question: points unspent
    press(app, pygame.K_RETURN)
    check(app, "", seen)  # the newspaper
    while app.top.name != "ending":
        if app.top.name == "game":
            app.top.orders.chosen = []
            app.top.seal()
        else:
            press(app, pygame.K_RETURN)
    check(app, "", seen)
    press(app, pygame.K_m)  # the map at the end, in the chart's place
    assert app.top.showing_map and app.top.end_map is not None
    check(app, "map", seen)
    return seen


@pytest.mark.parametrize("scale, text_size", [(100, 100), (150, 130)], ids=["1280x720", "1920x1080-largest-text"])
def test_every_screen_holds_its_text(tmp_path, monkeypatch, audit, scale, text_size):
    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [(2560, 1440)])  # room for 1920x1080
    app = make_app(tmp_path, monkeypatch, settings={"tutorial_offered": True, "scale": scale, "text_size": text_size})
    try:
        assert pygame.display.get_window_size() == (theme.WIDTH * scale // 100, theme.HEIGHT * scale // 100)
        assert app.surface.get_size() == (theme.WIDTH, theme.HEIGHT)  # the whole canvas, scaled to the window
        seen = tour(app)
        assert {"title", "howto", "load", "newgame", "first-run", "briefing", "game", "game-tooltip", "agenda",
                "talk", "talk-deal", "talk-offer", "briefing-overlay", "pause", "settings", "game-map-first", "confirm", "report",
                "ending", "ending-map"} <= set(seen)
        bad = {name: found for name, found in seen.items() if found}
        assert not bad, bad
        boxes = {text_: missing for text_, bold, italic in TEXTS if (missing := theme.missing_glyphs(text_, bold, italic))}
        assert not boxes, boxes  # every character drawn has a glyph (no empty boxes)
    finally:
        theme.set_text_size(100)
        app.close()


def test_the_audit_catches_text_that_leaves_its_box(audit):
    """The check itself can fail: a text drawn past a panel's edge is found."""
    BLITS.clear()
    canvas = AuditSurface((400, 200))
    widgets.panel(canvas, pygame.Rect(10, 10, 100, 50), "Box")
    canvas.blit(theme.text("far too long a line for this box", 18), (20, 30))
    assert any(box.right > 110 for _, box, _ in BLITS)
    assert canvas.panels == [pygame.Rect(10, 10, 100, 50)]


def _text_heights(app) -> dict[str, int]:
    """The height of the briefing's text and of the theme's text-box and button fonts, as laid out now."""
    from game.ui.screens.briefing import BriefingScreen

    game = app.top
    app.push(BriefingScreen(app, game.view, game.rules, overlay=True))
    frame(app)
    box = app.top.box
    heights = {"briefing": box.text_box_layout.layout_rect.height,
               "tooltip": app.ui.get_theme().get_font(["tool_tip", "tool_tip.text_box"]).get_rect("Ag").height,
               "entry": app.ui.get_theme().get_font(["text_entry_line"]).get_rect("Ag").height,
               "button": app.ui.get_theme().get_font(["button"]).get_rect("Ag").height}
    press(app, pygame.K_ESCAPE)
    return heights


def test_the_text_size_setting_grows_the_widgets_reading_text(tmp_path, monkeypatch):
    """Settings > Text size reaches pygame_gui's text too (text boxes, tooltips, entries, the headings
    in them) at once, while buttons keep the size their boxes are made for."""
    app = make_app(tmp_path, monkeypatch, settings={"tutorial_offered": True, "hints": False})
    try:
        app.new_game(app.loaded, {"us": "human", **AI}, seed=4)
        press(app, pygame.K_RETURN)
        normal = _text_heights(app)
        press(app, pygame.K_ESCAPE)
        settings = app.top.settings
        settings()
        for _ in theme.TEXT_SIZES[1:]:
            app.top.cycle("text_size")
        assert app.settings["text_size"] == theme.TEXT_SIZES[-1]
        press(app, pygame.K_ESCAPE)
        press(app, pygame.K_ESCAPE)
        assert app.top.name == "game"
        large = _text_heights(app)
        for key in ("briefing", "tooltip", "entry"):
            assert large[key] > normal[key] * 1.15, (key, normal, large)
        assert large["button"] == normal["button"]
    finally:
        theme.set_text_size(100)
        app.close()


DESKTOPS = {"laptop 1366x768": (1366, 768), "1280x800": (1280, 800), "full HD": (1920, 1080),
            "1440p": (2560, 1440), "4K": (3840, 2160), "old 1024x768": (1024, 768)}


@pytest.mark.parametrize("scale", [100, 150])
@pytest.mark.parametrize("desktop", list(DESKTOPS.values()), ids=list(DESKTOPS))
def test_the_window_and_full_screen_keep_the_whole_canvas_on_every_desktop(tmp_path, monkeypatch, desktop, scale):
    """On each desktop the window fits with room for a title bar and a task bar (the top bar was
    cut off when the window was taller than the screen), stays 16:9, and full screen (the
    window at the desktop's size, which SDL's dummy driver cannot toggle) shows the whole
    1280x720 canvas: the top bar's buttons and the last row of the screen are on it."""
    monkeypatch.setattr(pygame.display, "get_desktop_sizes", lambda: [desktop])
    app = make_app(tmp_path, monkeypatch, settings={"tutorial_offered": True, "scale": scale, "hints": False})
    try:
        w, h = pygame.display.get_window_size()
        assert w <= desktop[0] and h <= desktop[1] - 60, (w, h)
        assert abs(w / h - 16 / 9) < 0.01
        assert w >= min(theme.WIDTH * scale // 100, desktop[0] - 16, (desktop[1] - 80) * 16 // 9) - 1
        app.new_game(app.loaded, {"us": "human", **AI}, seed=4)
        press(app, pygame.K_RETURN)
        with warnings.catch_warnings():  # pygame-ce asks new code to draw through Window; we only size it
            warnings.simplefilter("ignore", DeprecationWarning)
            window = pygame.Window.from_display_module()
        window.size = desktop  # what full screen does to the window
        frame(app, 2)
        canvas = pygame.Rect(0, 0, theme.WIDTH, theme.HEIGHT)
        assert app.surface.get_size() == canvas.size
        top_bar = [e for e in app.top.elements if e.visible and e.rect.y < 60]
        assert top_bar and all(canvas.contains(e.rect) for e in top_bar)
    finally:
        app.close()
