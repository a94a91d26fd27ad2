"""The map as SVG (game.maps): well-formed, where the window's projection puts things, the same items as
the window, no hidden number for a viewer that cannot see it, labels that never overlap; in the reports."""

from __future__ import annotations

import base64
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from game.engine.match import Match
from game.geography import Frame, inside, world
from game.maps.scene import EDGE_MARGIN, Box, MapLayout
from game.maps.shown import shown_for
from game.maps.sight import PUBLIC, Sight
from game.maps.svg import map_svg, natural_size, svg_for
from game.scenario import load_scenario

CUBA = Path(__file__).resolve().parent / "scenarios" / "cuba-1962.yaml"
TAIWAN = CUBA.with_name("taiwan-1996.yaml")
SCENARIOS = ["winter-2021", "vilnius-2023", CUBA]
NS = {"s": "http://www.w3.org/2000/svg"}
WINDOW = (430, 466)  # game.ui.screens.game.MAP_RECT's size
# countries (world-map ids) each scenario's map must show and name
NAMED = {"winter-2021": {"russia", "ukraine", "belarus", "poland", "romania"},
         "vilnius-2023": {"russia", "ukraine", "belarus", "poland"},
         "cuba-1962": {"united_states", "cuba", "mexico"}}


def stem(scenario) -> str:
    return Path(str(scenario)).stem


def played(scenario, turns: int, seed: int = 1) -> Match:
    rules = load_scenario(scenario).rules
    from game.ai import make_policy

    policies = {r: make_policy("historical", rules, r) for r in rules.roles}
    m = Match(rules, seed)
    while not m.over and len(m.reports) < turns:
        m.play_turn({r: p.choose_ids(m.observe_batch(r)) for r, p in policies.items()})
    return m


def sights(match: Match) -> list[Sight]:
    return [Sight.role(match, r) for r in match.rules.roles] + [Sight.public(match), Sight.truth(match)]


def svg_of(match: Match, sight: Sight, size=None) -> str:
    return map_svg(match.rules.presentation, sight, size, embed_fonts=False)


def svg_items(svg: str) -> list[tuple]:
    """(kind, id, position, text) of everything the SVG draws, read back from its elements."""
    root = ET.fromstring(svg)
    out = []
    for el in root.iter():
        kind = el.get("data-kind")
        title = el.find("s:title", NS)
        if kind == "area":
            x, y, *_ = (int(v) for v in el.get("data-box").split())
            out.append(("area", el.get("data-id"), (x, y), title.text))
        elif kind == "line":
            x, y = (round(float(v)) for v in el.get("points").split()[0].split(","))
            out.append(("line", el.get("data-id"), (x, y), title.text))
        elif kind == "dot":
            out.append(("dot", el.get("data-id"), (int(el.get("cx")), int(el.get("cy"))), title.text))
        elif kind == "marker":
            out.append(("marker", el.get("data-id"), (int(el.get("data-x")), int(el.get("data-y"))), title.text))
        elif kind in ("label", "key"):
            x, y, *_ = (int(v) for v in el.get("data-box").split())
            text = el.find("s:text", NS).text
            out.append((kind, el.get("data-of") if kind == "label" else el.get("data-key"), (x, y), text))
    return out


def boxes(svg: str) -> list[tuple[int, int, int, int]]:
    root = ET.fromstring(svg)
    return [tuple(int(v) for v in el.get("data-box").split()) for el in root.iter() if el.get("data-kind") == "label"]


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# -- well-formed, and where the window's projection puts things --------------------------------
@pytest.mark.parametrize("scenario", SCENARIOS, ids=stem)
def test_the_svg_parses_and_every_city_sits_where_the_projection_puts_it(scenario):
    match = played(scenario, 2)
    spec = match.rules.presentation.map
    for sight in sights(match):
        svg = svg_of(match, sight)
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        w, h = natural_size(match.rules.presentation)
        assert root.get("viewBox") == f"0 0 {w} {h}"
        frame = Frame.fit(spec.bounds, spec.projection, (0, 0, w, h))
        dots = {el.get("data-id"): (int(el.get("cx")), int(el.get("cy")))
                for el in root.iter() if el.get("data-kind") == "dot"}
        cities = [p for p in spec.places if p.kind in ("city", "capital")]
        assert cities and set(dots) == {p.id for p in cities}
        for place in cities:
            x, y = dots[place.id]
            assert (x, y) == frame.point(*place.at), place.id
            assert 0 <= x < w and 0 <= y < h, place.id


@pytest.mark.parametrize("scenario", SCENARIOS, ids=stem)
def test_the_named_countries_are_drawn_and_named_on_their_own_land(scenario):
    match = played(scenario, 0)
    spec = match.rules.presentation.map
    w, h = natural_size(match.rules.presentation)
    frame = Frame.fit(spec.bounds, spec.projection, (0, 0, w, h))
    root = ET.fromstring(svg_of(match, Sight.public(match)))
    land = {el.get("data-id") for el in root.find("s:g[@class='land']", NS)}
    labels = {}
    for el in root.iter():
        if el.get("data-kind") == "label" and el.get("data-label") == "country":
            labels[el.get("data-of")] = tuple(int(v) for v in el.get("data-box").split())
    for cid in NAMED[stem(scenario)]:
        assert cid in land, cid
        x, y, bw, bh = labels[cid]
        assert 0 <= x and x + bw <= w and 0 <= y and y + bh <= h, cid
        centre = np.array([[x + bw / 2, y + bh / 2]])
        rings = [np.asarray(frame.ring(r), dtype=float) for r in world().shape(cid).rings]
        assert any(inside(centre, r, np.roll(r, -1, axis=0))[0] for r in rings), cid


def test_a_scenario_without_a_map_draws_the_world():
    from game.scenario.presentation import presentation_of

    loaded = load_scenario("winter-2021")
    look = presentation_of(loaded.model.model_copy(update={"map": None}))
    root = ET.fromstring(map_svg(look, Sight.at_start(loaded.rules, PUBLIC), embed_fonts=False))
    land = {el.get("data-id") for el in root.find("s:g[@class='land']", NS)}
    assert {"brazil", "china", "australia", "canada"} <= land


# -- the same items as the window -------------------------------------------------------------
@pytest.mark.parametrize("scenario,turns", [("winter-2021", 0), ("winter-2021", 6), ("vilnius-2023", 4), (CUBA, 5)],
                         ids=["winter-start", "winter-6", "vilnius-4", "cuba-5"])
def test_the_window_and_the_svg_draw_the_same_items(scenario, turns):
    import pygame

    from game.play.views import View
    from game.ui.mapview import MapView
    from game.ui.screens.game import MAP_RECT

    pygame.display.init()
    match = played(scenario, turns, seed=2)
    rules = match.rules
    for role in rules.roles:
        view = View(role, match.observe(role), [match.report_for(role, i) for i in range(len(match.reports))])
        for local in (False, True):
            mv = MapView(MAP_RECT, rules.presentation, local_names=local)
            mv.show(shown_for(view, rules.presentation.map))
            svg = map_svg(rules.presentation, Sight.of(view), MAP_RECT.size, local_names=local, embed_fonts=False)
            window = mv.scene.items()
            assert sorted(window) == sorted(svg_items(svg)), (role, local)
            assert [m.id for _, m in mv.hit_boxes] == [i[1] for i in window if i[0] == "marker"]
            assert len(mv.text_boxes) == len([i for i in window if i[0] == "label"]) + (mv.scene.legend is not None)
            assert any(i[0] == "marker" for i in window) and any(i[0] == "label" for i in window)


# -- hidden numbers -----------------------------------------------------------------------------
def hidden_markers(rules):
    """(marker, variable index, roles that cannot see it exactly) for each marker bound to a variable."""
    out = []
    for m in rules.presentation.map.markers:
        if m.variable is None:
            continue
        v = rules.var_index[m.variable]
        blind = [r for i, r in enumerate(rules.roles) if not rules.visible[i, v]]
        if blind:
            out.append((m, v, blind))
    return out


@pytest.mark.parametrize("scenario,turns", [("winter-2021", 0), ("winter-2021", 3), ("vilnius-2023", 2)],
                         ids=["winter-start", "winter-3", "vilnius-2"])
def test_a_hidden_number_is_never_in_the_svg_of_a_viewer_that_cannot_see_it(scenario, turns):
    match = played(scenario, turns, seed=4)
    rules = match.rules
    found = hidden_markers(rules)
    assert found
    for marker, v, blind in found:
        viewers = {r: (lambda r=r: Sight.role(match, r)) for r in blind}
        viewers[PUBLIC] = lambda: Sight.public(match)
        truth_before = svg_of(match, Sight.truth(match))
        before = {who: svg_of(match, make()) for who, make in viewers.items()}
        true = float(match.true_state.values[0, v])
        changed = float(rules.vmin[v] + 0.37 * (rules.vmax[v] - rules.vmin[v]) + 0.123)
        assert abs(changed - true) > 1
        match.true_state.values[0, v] = changed
        try:
            for who, make in viewers.items():
                after = svg_of(match, make())
                assert after == before[who], (who, marker.id)
            assert svg_of(match, Sight.truth(match)) != truth_before  # the truth does show it: this test can fail
        finally:
            match.true_state.values[0, v] = true


def test_an_estimate_is_drawn_as_its_range_and_an_unknown_as_a_question_mark():
    match = played("winter-2021", 2, seed=5)
    rules = match.rules
    marker, v, blind = hidden_markers(rules)[0]
    role = blind[0]
    root = ET.fromstring(svg_of(match, Sight.role(match, role)))
    g = next(el for el in root.iter() if el.get("data-kind") == "marker" and el.get("data-id") == marker.id)
    title = g.find("s:title", NS).text
    est = match.observe(role).variable(marker.variable)
    assert "~" in title and "–" in title and f"{est.low:.0f}" in title
    assert len(list(g)) == 5  # its title, the range, the ring at its low end, the core, the range's edge
    start = ET.fromstring(map_svg(rules.presentation, Sight.at_start(rules, role), embed_fonts=False))
    tag = next(el for el in start.iter() if el.get("data-kind") == "label" and el.get("data-of") == marker.id)
    assert tag.find("s:text", NS).text == "?"


# -- labels ---------------------------------------------------------------------------------------
LAYOUTS = [("winter-2021", 0), ("winter-2021", 5), ("winter-2021", 11), ("vilnius-2023", 3), ("vilnius-2023", 9),
           (CUBA, 4), (CUBA, 12), (TAIWAN, 2), ("tutorial", 2)]


@pytest.mark.parametrize("scenario,turns", LAYOUTS, ids=[f"{stem(s)}-{t}" for s, t in LAYOUTS])
def test_labels_never_overlap_each_other_a_marker_or_a_city(scenario, turns):
    match = played(scenario, turns, seed=3)
    look = match.rules.presentation
    for size in (WINDOW, natural_size(look), natural_size(look, 420)):
        for local in (False, True):
            layout = MapLayout(look, size, local_names=local)
            for sight in sights(match):
                scene = layout.scene(shown_for(sight, look.map))
                texts = scene.text_boxes
                assert len(texts) > 4
                for box in texts:
                    assert box.within(*size), box
                for a, b in itertools.combinations(texts, 2):
                    assert not a.hits(b), (sight.who, a, b)
                solid = [b for s in scene.symbols for b in s.solid] + [d.box for d in scene.dots]
                for label in scene.labels:
                    assert not label.box.hits_any(solid), (sight.who, label)
                legend = scene.legend.box
                margin = Box(legend.x - 8, legend.y - 8, legend.w + 16, legend.h + 16)  # 8 px free round it
                for label in scene.labels:  # a name just beside the key reads as one of its entries
                    assert not label.box.hits(margin), (sight.who, label)
                if legend.hits_any(solid):  # only where no corner is free (markers are drawn over it)
                    corners = [legend.move(dx, dy) for dx in (0, size[0] - 12 - legend.w) for dy in (0, 12 + legend.h - size[1])]
                    assert all(c.clamped(*size).hits_any(solid) for c in corners), (sight.who, legend)
    svg = svg_of(match, Sight.truth(match))
    drawn = boxes(svg)
    assert drawn and not any(overlap(a, b) for a, b in itertools.combinations(drawn, 2))


def generated(tmp_path, monkeypatch, region: str) -> Path:
    """The scenario ``brink new`` writes for ``region`` (LON_MIN,LAT_MIN,LON_MAX,LAT_MAX)."""
    from game.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["new", "made", "--roles", "US,USSR,Cuba", "--map", region]) == 0
    return tmp_path / "made.yaml"


EDGE_CASES = [  # (name, scenario or region): MEXICO once sat flush on the generated Caribbean's left edge
    ("winter-2021", "winter-2021"), ("vilnius-2023", "vilnius-2023"), ("tutorial", "tutorial"),
    ("cuba-1962", CUBA), ("taiwan-1996", TAIWAN), ("new-caribbean", "-90,15,-70,30"), ("new-baltic", "10,50,35,62"),
]


@pytest.mark.parametrize("name,scenario", EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_every_label_keeps_a_margin_inside_the_map_s_frame(name, scenario, tmp_path, monkeypatch):
    if name.startswith("new-"):
        scenario = generated(tmp_path, monkeypatch, scenario)
    match = played(scenario, 2, seed=3)
    look = match.rules.presentation
    for size in (WINDOW, natural_size(look), natural_size(look, 420)):
        for local in (False, True):
            layout = MapLayout(look, size, local_names=local)
            for sight in (Sight.public(match), Sight.truth(match)):
                scene = layout.scene(shown_for(sight, look.map))
                assert scene.labels
                near = [(lb.text, lb.box) for lb in scene.labels if not lb.box.within(*size, EDGE_MARGIN)]
                assert not near, (size, local, sight.who, near)


def test_the_report_map_names_its_countries_and_its_cities():
    for scenario in SCENARIOS:
        match = played(scenario, 0)
        look = match.rules.presentation
        scene = MapLayout(look, natural_size(look)).scene(shown_for(Sight.public(match), look.map))
        named = {lb.of for lb in scene.labels if lb.kind == "country"}
        labelled = {c for c, c_look in look.map.countries.items() if c_look.label}
        assert NAMED[stem(scenario)] <= named <= labelled, stem(scenario)  # a name wider than its land is left out
        cities = {lb.of for lb in scene.labels if lb.kind == "city"}
        assert len(cities) >= len(scene.dots) - 1, (stem(scenario), {d.id for d in scene.dots} - cities)


def test_the_window_s_text_fits_the_boxes_the_layout_gave_it():
    import pygame

    from game.ui import theme

    pygame.display.init()
    for scenario in SCENARIOS:
        match = played(scenario, 6)
        look = match.rules.presentation
        for local in (False, True):
            scene = MapLayout(look, WINDOW, local_names=local).scene(shown_for(Sight.truth(match), look.map))
            for label in scene.labels:
                width = theme.text(label.text, label.size, label.colour, bold=label.bold, italic=label.italic).get_width()
                assert width <= label.box.w, (label.text, width, label.box.w)


# -- accessible, self-contained, hostile text -----------------------------------------------------
def test_the_svg_says_what_it_shows_and_embeds_its_font():
    match = played("winter-2021", 3)
    svg = map_svg(match.rules.presentation, Sight.role(match, "us"), title="Eastern Europe, as the US sees it")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "Eastern Europe, as the US sees it"
    assert root.find("s:title", NS).text == "Eastern Europe, as the US sees it"
    desc = root.find("s:desc", NS).text
    for m in shown_for(Sight.role(match, "us"), match.rules.presentation.map).markers:
        assert m.label in desc
    assert "Legend:" in desc and "@font-face" in svg and "data:font/woff;base64," in svg
    assert not re.search(r"(href|src)\s*=|url\((?!#|data:)", svg)  # nothing fetched
    embedded = re.findall(r"src:url\(data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)\) format\('([\w-]+)'\)", svg)
    assert len(embedded) == svg.count("@font-face")
    for mime, data, form in embedded:  # each font is what its rule says it is (a browser trusts the label)
        assert FONT_FORMATS[mime][1] == form and base64.b64decode(data)[:4] == FONT_FORMATS[mime][0], (mime, form)


# media type -> (how such a file begins, its CSS format name)
FONT_FORMATS = {"font/woff": (b"wOFF", "woff"), "font/woff2": (b"wOF2", "woff2"),
                "font/ttf": (b"\x00\x01\x00\x00", "truetype"), "font/otf": (b"OTTO", "opentype")}


def test_a_font_cut_is_made_once_per_set_of_characters_and_the_same_every_run(tmp_path, monkeypatch):
    """The cut a map embeds comes from memory, else the cache folder, else fontTools; all three are one set of bytes."""
    from game.maps import fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fonts._subset.cache_clear()
    chars = " 0123456789KMvyiкиїв"
    made = fonts._subset(chars, False, False)
    kept = list(fonts.cache_dir().glob("*.font"))
    assert len(kept) == 1 and kept[0].read_bytes() == base64.b64decode(made)
    assert fonts.cut(chars) == base64.b64decode(made)  # a cut made again is byte for byte the same
    fonts._subset.cache_clear()

    def refuse(*_):
        raise AssertionError("cut again, though the cache folder holds it")

    monkeypatch.setattr(fonts, "cut", refuse)
    assert fonts._subset(chars, False, False) == made  # a new run: read from the folder
    fonts._subset.cache_clear()
    kept[0].write_bytes(b"")  # a file a full disk left empty is cut again, not embedded
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fonts._subset(chars, False, False) == made and kept[0].read_bytes() == base64.b64decode(made)
    fonts._subset.cache_clear()


HOSTILE = ['<script>alert(1)</script>', 'Tom & "Jerry" \'s', "lone \ud800 surrogate", "bell \x07 and \x1b escape"]


@pytest.mark.parametrize("name", HOSTILE, ids=["markup", "quotes", "surrogate", "control"])
def test_hostile_names_are_text_in_a_well_formed_svg(name):
    from dataclasses import replace

    rules = load_scenario("winter-2021").rules
    look = rules.presentation
    places = tuple(replace(p, name=name, local=name) if p.kind == "capital" else p for p in look.map.places)
    hostile = replace(look, map=replace(look.map, places=places))
    svg = map_svg(hostile, Sight.at_start(rules, PUBLIC), embed_fonts=False)
    root = ET.fromstring(svg.encode("utf-8"))
    assert not any(el.tag.endswith("script") for el in root.iter())
    titles = [el.find("s:title", NS).text for el in root.iter() if el.get("data-kind") == "dot"]
    assert titles and all("\ud800" not in t and "\x07" not in t for t in titles)


# -- in the reports -------------------------------------------------------------------------------
def svgs_in(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg.*?</svg>", html, flags=re.S)]


def marker_titles(root: ET.Element, marker_id: str) -> list[str]:
    return [el.find("s:title", NS).text for el in root.iter()
            if el.get("data-kind") == "marker" and el.get("data-id") == marker_id]


def test_a_briefing_shows_the_map_its_reader_may_see():
    from game.report.briefing import briefing_html

    loaded = load_scenario("winter-2021")
    rules = loaded.rules
    marker, v, blind = hidden_markers(rules)[0]
    for role in blind + [PUBLIC]:
        html = briefing_html(loaded, role)
        (root,) = svgs_in(html)
        assert marker_titles(root, marker.id) == [f"{marker.label}: unknown"], role
        assert "@font-face" in html.split("</head>")[0]
        assert not re.search(r"(href|src)\s*=\s*[\"']?https?:", html)
    seer = next(r for r in rules.roles if r not in blind)
    (root,) = svgs_in(briefing_html(loaded, seer))
    (title,) = marker_titles(root, marker.id)
    assert "unknown" not in title and "~" not in title  # the role that sees it exactly


def test_the_after_action_report_reveals_the_map_only_after_the_end():
    from game.maps.shown import fmt
    from game.play.session import Session
    from game.report.aar import aar_html

    rules = load_scenario("winter-2021").rules
    marker, v, _ = hidden_markers(rules)[0]
    going = played("winter-2021", 2, seed=6)
    html = aar_html(Session(going, {}), games=0)
    maps = svgs_in(html)
    assert len(maps) >= 2
    for root in maps:
        assert all(t == f"{marker.label}: unknown" for t in marker_titles(root, marker.id))
    assert "What everyone sees" in html
    done = played("winter-2021", 99, seed=6)
    assert done.over
    html = aar_html(Session(done, {}), games=0)
    last = svgs_in(html)[1]
    true = float(done.true_state.values[0, v])
    titles = marker_titles(last, marker.id)
    assert titles == ([f"{marker.label} {fmt(true)}{marker.unit}"] if true >= 0.5 else [])
    assert "The whole truth" in html


def test_the_maps_colours_are_the_windows():
    from game.maps import style
    from game.ui import theme

    pairs = [(style.WATER, theme.WATER), (style.TEXT, theme.TEXT), (style.MUTED, theme.MUTED),
             (style.WATER_EDGE, theme.WATER_EDGE), (style.FRAME_LINE, theme.LINE)]
    assert all(a == b for a, b in pairs), pairs
    for fill in (style.PLAIN_LAND, style.NAMED_LAND, style.WATER):
        assert theme.contrast(style.TEXT, fill) >= 4.5
    assert theme.contrast(style.SEA_TEXT, style.WATER) >= 4.5 and theme.contrast(style.MUTED, style.WATER) >= 4.5


def test_a_report_of_a_game_not_yet_begun_shows_one_map_and_no_turns():
    from game.play.session import Session
    from game.report.aar import aar_html

    html = aar_html(Session(Match(load_scenario("winter-2021").rules, seed=3), {}), games=0)
    assert len(svgs_in(html)) == 1
    assert "The map at the start" in html and "The map now" not in html


def test_svg_for_draws_a_roles_view_and_refuses_an_unknown_viewer():
    match = played("winter-2021", 2, seed=4)
    marker, v, blind = hidden_markers(match.rules)[0]
    for who in blind + [PUBLIC]:
        svg = svg_for(match, who, WINDOW, embed_fonts=False)
        assert svg == svg_of(match, Sight.public(match) if who == PUBLIC else Sight.role(match, who), WINDOW)
    assert svg_for(match, "truth", embed_fonts=False) == svg_of(match, Sight.truth(match))
    with pytest.raises(ValueError, match="unknown viewer 'kremlin'"):
        svg_for(match, "kremlin")
