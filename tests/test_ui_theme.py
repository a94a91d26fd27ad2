"""The quality bar in numbers: contrast, text sizes, glyphs, colour-blind-safe role colours."""

from __future__ import annotations

import itertools
import json
import re

import pygame
import pytest

from game.resources import asset
from game.ui import WindowError, check_pygame, theme

BACKGROUNDS = {"bg": theme.BG, "panel": theme.PANEL, "panel_hi": theme.PANEL_HI}
TEXT_ON_DARK = {"text": theme.TEXT, "muted": theme.MUTED, "accent": theme.ACCENT, "good": theme.GOOD, "bad": theme.BAD,
                **{f"role_{r}": s.colour for r, s in theme.ROLE_STYLES.items()}}


@pytest.mark.parametrize("fg,bg", [(f, b) for f in TEXT_ON_DARK for b in BACKGROUNDS])
def test_text_colours_meet_wcag_aa_on_every_panel(fg, bg):
    assert theme.contrast(TEXT_ON_DARK[fg], BACKGROUNDS[bg]) >= 4.5


@pytest.mark.parametrize("fg", ["INK", "INK_MUTED"])
def test_newspaper_ink_meets_wcag_aa(fg):
    assert theme.contrast(getattr(theme, fg), theme.PAPER) >= 4.5


def _theme_pairs():
    """(block, state, text, background) for every widget look in the theme."""
    data = json.loads((asset("theme.json")).read_text())
    default = data["defaults"]["colours"]
    for block, content in data.items():
        colours = content.get("colours", {})
        if "scroll_bar" in block:
            continue  # no text on scroll bars
        if "dark_bg" in colours and block != "defaults":  # text boxes, entries, tooltips
            yield block, "normal", colours.get("normal_text", default["normal_text"]), colours["dark_bg"]
            continue
        for state in ("normal", "hovered", "selected", "active"):
            yield (block, state, colours.get(f"{state}_text", default[f"{state}_text"]),
                   colours.get(f"{state}_bg", default[f"{state}_bg"]))


@pytest.mark.parametrize("block,state,fg,bg", list(_theme_pairs()))
def test_widget_theme_contrast(block, state, fg, bg):
    assert theme.contrast(fg, bg) >= 4.5, (block, state)


def test_theme_fonts_are_at_least_16px():
    data = json.loads((asset("theme.json")).read_text())
    sizes = [int(block["font"]["size"]) for block in data.values() if "font" in block]
    assert sizes and min(sizes) >= theme.MIN_TEXT_PX


def test_html_in_screens_uses_no_small_sizes():
    from pathlib import Path

    import game.ui

    for path in Path(game.ui.__file__).parent.rglob("*.py"):
        for size in re.findall(r"pixel_size=(\d+)", path.read_text()):
            assert int(size) >= theme.MIN_TEXT_PX, path


def test_fonts_below_16px_are_refused():
    pygame.font.init()
    with pytest.raises(ValueError):
        theme.font(14)


# colour-blind simulation (Machado et al. 2009, severity 1.0), in linear RGB
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def simulate(colour, kind):
    lin = [theme._channel(c) for c in colour]
    out = [max(0.0, min(1.0, sum(m * c for m, c in zip(row, lin)))) for row in CVD[kind]]
    return tuple(255 * (1.055 * c ** (1 / 2.4) - 0.055 if c > 0.0031308 else 12.92 * c) for c in out)


@pytest.mark.parametrize("kind", [*CVD, "normal"])
def test_role_colours_stay_apart_for_colour_blind_players(kind):
    colours = {r: (s.colour if kind == "normal" else simulate(s.colour, kind)) for r, s in theme.ROLE_STYLES.items()}
    for a, b in itertools.combinations(colours, 2):
        distance = sum((x - y) ** 2 for x, y in zip(colours[a], colours[b])) ** 0.5
        assert distance > 60, (kind, a, b, distance)


def test_roles_have_a_second_cue_besides_colour():
    shapes = {s.shape for s in theme.ROLE_STYLES.values()}
    tags = {s.tag for s in theme.ROLE_STYLES.values()}
    assert len(shapes) == len(tags) == len(theme.ROLE_STYLES)


def test_cyrillic_names_render_with_real_glyphs():
    assert theme.missing_glyphs("▸ ≈") == ["▸", "≈"]  # the check can fail
    for name in ("Київ", "Россия", "Беларусь", "Ростов-на-Дону", "Калининград"):
        assert not theme.missing_glyphs(name), name


def test_pygame_ce_alone_passes():
    check_pygame()


def test_upstream_pygame_next_to_pygame_ce_fails_clearly(monkeypatch):
    import game.ui

    monkeypatch.setattr(game.ui, "installed_distributions", lambda: {"pygame", "pygame-ce", "numpy"})
    with pytest.raises(WindowError, match="pip uninstall"):
        check_pygame()


def test_upstream_pygame_makes_brink_play_exit_with_a_message(monkeypatch, capsys):
    import game.ui
    from game.cli import main

    monkeypatch.setattr(game.ui, "installed_distributions", lambda: {"pygame", "pygame-ce"})
    assert main(["play", "--demo"]) == 2
    assert "both 'pygame' and 'pygame-ce'" in capsys.readouterr().err


@pytest.mark.parametrize("rung", range(5))
def test_white_text_on_every_ladder_rung_meets_wcag_aa(rung):
    from game.ui.dashboard import RUNG_COLOURS

    assert theme.contrast(theme.TEXT, RUNG_COLOURS[rung]) >= 4.5


def test_estimate_colour_meets_wcag_aa():
    from game.ui.dashboard import ESTIMATE

    assert theme.contrast(ESTIMATE, theme.PANEL) >= 4.5


def test_map_labels_meet_wcag_aa_on_every_land_colour():
    from game.scenario import load_rules
    from game.ui import mapview

    fills = [mapview.PLAIN_LAND, mapview.NAMED_LAND, theme.WATER]
    for scenario in ("winter-2021", "vilnius-2023", "tutorial"):
        look = load_rules(scenario).presentation
        fills += [c.fill for c in look.map.countries.values() if c.fill is not None]
        fills += [r.fill for r in look.roles.values()]
    for fill in fills:
        assert theme.contrast(theme.TEXT, fill) >= 4.5, fill
    assert theme.contrast(mapview.SEA_TEXT, theme.WATER) >= 4.5
