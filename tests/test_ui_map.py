"""The map: drawn from the scenario's `map:` section for any region; markers, areas and lines follow
the role's view; no text on the map overlaps anything; land is where land must be."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from game.geography import Frame, world
from game.play.markers import Seen, shown_for
from game.play.views import View
from game.scenario import load_scenario
from game.ui.flow import Flow

AI = {"us": "historical", "russia": "historical", "nato": "historical"}
CUBA = Path(__file__).resolve().parent / "scenarios" / "cuba-1962.yaml"


@pytest.fixture(autouse=True)
def display():
    pygame.display.init()
    yield


def views_after(weeks: int, seed: int, scenario: str = "winter-2021"):
    session = Flow.new(load_scenario(scenario), dict(AI), seed=seed)
    while len(session.game.match.reports) < weeks and not session.game.over:
        session.advance()
    return session, [session.view(role) for role in session.rules.roles]


def map_view(rules, view: View, local: bool = False):
    from game.ui.mapview import MapView
    from game.ui.screens.game import MAP_RECT

    mv = MapView(MAP_RECT, rules.presentation, local_names=local)
    mv.show(shown_for(view, rules.presentation.map))
    return mv


def marker(view: View, rules, marker_id: str):
    return next((m for m in shown_for(view, rules.presentation.map).markers if m.id == marker_id), None)


@pytest.mark.parametrize("scenario,weeks,seed", [("winter-2021", 0, 1), ("winter-2021", 4, 2), ("winter-2021", 8, 3),
                                                 ("winter-2021", 11, 4), ("vilnius-2023", 3, 1), ("vilnius-2023", 9, 2)])
def test_map_text_never_overlaps_and_stays_inside(scenario, weeks, seed):
    from game.ui.screens.game import MAP_RECT

    session, views = views_after(weeks, seed, scenario)
    for view in views:
        for local in (False, True):
            mv = map_view(session.rules, view, local)
            inside = pygame.Rect(0, 0, *MAP_RECT.size)
            boxes = mv.text_boxes
            assert len(boxes) > 10
            for box in boxes:
                assert inside.contains(box), box
            for a, b in itertools.combinations(boxes, 2):
                assert not a.colliderect(b), (view.role, a, b)
            shapes = [pygame.Rect(b.x, b.y, b.w, b.h) for s in mv.scene.symbols for b in s.solid] + mv.dot_boxes
            for box in boxes:
                assert box.collidelist(shapes) < 0, (view.role, box)


def test_troop_markers_follow_what_each_role_may_know():
    session, (us, russia, nato) = views_after(3, seed=5)
    rules = session.rules
    troops = {v.role: marker(v, rules, "russian_troops") for v in (us, russia, nato)}
    assert troops["russia"].exact and not troops["us"].exact and not troops["nato"].exact
    exact = russia.obs.variable("russia_troops_border").value
    assert troops["russia"].size == pytest.approx(min(1.0, exact / 200))
    assert troops["us"].low < troops["us"].size < troops["us"].high
    assert troops["russia"].tag == f"{exact:.0f}k" and troops["us"].tag.startswith("~")


def test_seen_actions_put_markers_on_the_map():
    session = Flow.new(load_scenario("winter-2021"), {"us": "human", "russia": "fixed:drills_belarus",
                                                        "nato": "fixed:reinforce_eastern_flank"}, seed=6)
    session.advance()  # briefing
    session.seal("us", ["arm_ukraine"])
    session.advance()
    shown = {m.id: m for m in shown_for(session.view("us"), session.rules.presentation.map).markers}
    assert {"drills_belarus", "reinforce_poland", "reinforce_romania", "anti_tank_missiles"} <= set(shown)
    assert shown["anti_tank_missiles"].recent and not shown["black_sea_fleet"].recent
    assert "full_invasion" not in shown and "invasion_from_belarus" not in shown


def fake_view(rules, role: str, actions=(), events=(), ending=None, turn: int = 3, last: dict | None = None):
    """A role's real first observation with reports that showed ``actions`` and ``events``."""
    from game.engine.match import Match
    from game.engine.report import Entry, TurnReport

    obs = Match(rules, seed=1).observe(role)
    obs.ending = ending
    reports = [TurnReport(t, rules.date_of(t)) for t in range(1, turn + 1)]
    for a in actions:
        reports[(last or {}).get(a, turn) - 1].entries.append(Entry("orders", "action", a, a))
    for e in events:
        reports[(last or {}).get(e, turn) - 1].entries.append(Entry("events", "event", e, e))
    return View(role, obs, reports)


BOUND = [
    # name, actions seen (with the turn last seen), ending, what must show, what must not
    ("nothing seen: only what always stands", {}, None, {"crimea", "donbas", "black_sea_fleet", "contact_line"},
     {"invasion_north", "invasion_from_belarus", "drills_belarus"}),
    ("an invasion seen: arrows and the overrun land", {"full_invasion": 3}, None,
     {"invasion_north", "invasion_south", "invasion_from_belarus", "invasion_from_crimea"}, {"incursion"}),
    ("the ending says so: the overrun land without the order seen", {}, "full_invasion", {"invasion_north"},
     {"invasion_from_belarus"}),
    ("drills last three turns", {"drills_belarus": 1}, None, {"drills_belarus"}, set()),
    ("and then are gone", {"drills_belarus": 1}, None, set(), {"drills_belarus"}),
]


@pytest.mark.parametrize("name,seen,ending,present,absent", BOUND, ids=[b[0] for b in BOUND])
def test_markers_and_areas_bound_to_the_game_appear_and_disappear(name, seen, ending, present, absent):
    rules = load_scenario("winter-2021").rules
    turn = 4 if name == "and then are gone" else 3
    view = fake_view(rules, "us", actions=list(seen), ending=ending, turn=turn, last=seen)
    shown = shown_for(view, rules.presentation.map)
    ids = {m.id for m in shown.markers} | {a.id for a in shown.areas} | {ln.id for ln in shown.lines}
    assert present <= ids, present - ids
    assert not (absent & ids), absent & ids


def test_an_event_puts_a_line_on_the_map_and_a_counted_marker_follows_its_variable():
    rules = load_scenario(CUBA).rules
    quiet = shown_for(fake_view(rules, "us"), rules.presentation.map)
    assert "quarantine" not in {ln.id for ln in quiet.lines}
    loud = shown_for(fake_view(rules, "us", events=["summit_announced"]), rules.presentation.map)
    assert "quarantine" in {ln.id for ln in loud.lines}
    vilnius = load_scenario("vilnius-2023").rules
    view = fake_view(vilnius, "us")
    aid = marker(view, vilnius, "us_aid")
    value = view.obs.variable("us_security_aid").value
    assert aid.count == round(value / 20) and aid.tag == f"{value:.0f}bn"


def test_a_hidden_variable_without_an_estimate_is_an_unknown_marker():
    from game.scenario.presentation import Binding, MapSpec, MarkerSpec

    rules = load_scenario("winter-2021").rules
    view = fake_view(rules, "us")
    hidden = next(v for v in view.obs.variables if v.value is None)
    spec = MapSpec((20, 40, 40, 60), None, markers=(MarkerSpec("x", "X", "russia", "force", (30, 50), (), hidden.id,
                                                                100.0, "size", 1.0, "", None, Binding()),))
    (m,) = shown_for(view, spec).markers
    assert m.tag == "?" and not m.exact and m.label.endswith("unknown")


def pixel_of(mv, lon: float, lat: float):
    x, y = mv.frame.point(lon, lat)
    return tuple(mv.composed.get_at((x, y)))[:3]


LAND = [
    # scenario, where (lon, lat), what must be drawn there
    (CUBA, (-79.5, 22.0), "land"),  # central Cuba
    (CUBA, (-81.6, 28.8), "land"),  # Florida, near Orlando
    (CUBA, (-85.0, 25.0), "sea"),  # the Gulf of Mexico
    (CUBA, (-71.0, 19.0), "land"),  # Hispaniola
    ("winter-2021", (31.0, 49.0), "land"),  # central Ukraine
    ("winter-2021", (31.0, 43.2), "sea"),  # the western Black Sea
    ("vilnius-2023", (28.0, 53.0), "land"),  # Belarus
]


@pytest.mark.parametrize("scenario,where,what", LAND, ids=[f"{Path(str(s)).stem}-{w}" for s, w, _ in LAND])
def test_a_region_draws_land_where_land_is(scenario, where, what):
    from game.ui import theme

    rules = load_scenario(scenario).rules
    mv = map_view(rules, fake_view(rules, rules.roles[0]))
    from game.maps.style import GRATICULE

    colour = pixel_of(mv, *where)
    # the sea, or a meridian or a parallel drawn on it (anti-aliased: between the two colours)
    water = all(min(w, g) <= c <= max(w, g) for c, w, g in zip(colour, theme.WATER, GRATICULE))
    assert water == (what == "sea"), colour


def test_the_caribbean_is_drawn_in_its_countries_colours():
    from game.ui.mapview import NAMED_LAND

    rules = load_scenario(CUBA).rules
    mv = map_view(rules, fake_view(rules, "us"))
    looks = rules.presentation.roles
    assert pixel_of(mv, -86.5, 31.5) == looks["us"].fill  # Alabama: the US's territory
    assert pixel_of(mv, -80.3, 22.5) == looks["cuba"].fill  # central Cuba
    assert pixel_of(mv, -89.0, 19.5) == NAMED_LAND  # Yucatán: Mexico is named, with no side
    assert pixel_of(mv, -90.5, 16.8) == NAMED_LAND  # Guatemala's Petén: named with the background group


def within(shape_id: str, point) -> bool:
    import numpy as np

    from game.geography import inside

    return any(bool(inside(np.array([point]), r, np.roll(r, -1, axis=0))[0]) for r in world().shape(shape_id).rings)


@pytest.mark.parametrize("scenario", ["winter-2021", "vilnius-2023", "tutorial"])
def test_arrows_point_from_russia_into_ukraine(scenario):
    """Each Russian arrow starts in Russia, Belarus or Russian-held Crimea and its head lies in Ukraine."""
    rules = load_scenario(scenario).rules
    arrows = [m for m in rules.presentation.map.markers if m.kind == "attack" and m.role == "russia"]
    assert arrows
    for m in arrows:
        tail, head = m.path[0], m.path[-1]
        assert any(within(s, tail) for s in ("russia", "belarus", "crimea")), m.id
        assert within("ukraine", head) and not within("crimea", head), m.id


@pytest.mark.parametrize("scenario", ["winter-2021", "vilnius-2023", "tutorial"])
def test_markers_at_full_size_cover_no_city(scenario):
    """A force at full size, or a unit, must not hide a city's dot (Warsaw stays readable)."""
    from game.play.markers import Marker

    rules = load_scenario(scenario).rules
    spec = rules.presentation.map
    rect = (0, 0, 430, 466)
    frame = Frame.fit(spec.bounds, spec.projection, rect)
    cities = {p.id: frame.point(*p.at) for p in spec.places if p.kind in ("city", "capital")}
    from game.play.markers import Shown
    from game.ui.mapview import MapView
    from game.ui.screens.game import MAP_RECT

    mv = MapView(MAP_RECT, rules.presentation)
    full = [Marker(m.id, m.role, m.kind, m.label, m.at, m.path, size=1.0) for m in spec.markers if m.kind != "attack"]
    mv.show(Shown(full, [], []))
    for box, m in mv.hit_boxes:
        box = box.move(-MAP_RECT.x, -MAP_RECT.y)
        for city, (x, y) in cities.items():
            assert not box.collidepoint(x, y), (m.id, city)


def test_a_scenario_without_a_map_shows_the_world():
    from game.geography import WORLD_BOUNDS
    from game.scenario.presentation import presentation_of

    model = load_scenario("winter-2021").model.model_copy(update={"map": None})
    look = presentation_of(model)
    assert look.map.bounds == WORLD_BOUNDS and look.map.markers == ()


def test_seen_counts_events_and_the_ending():
    rules = load_scenario("winter-2021").rules
    seen = Seen.of(fake_view(rules, "nato", actions=["mass_troops"], events=["zelensky_dream"], ending="frozen_standoff"))
    assert seen.actions == {"mass_troops": 3} and seen.events == {"zelensky_dream": 3}
    assert seen.ending == "frozen_standoff" and seen.turn == 3
