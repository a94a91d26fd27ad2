"""The theatre map: markers follow the role's view, and no text on the map overlaps anything."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.scenario import load_scenario
from game.ui.markers import markers_for
from game.ui.session import Session

AI = {"us": "historical", "russia": "historical", "nato": "historical"}


def views_after(weeks: int, seed: int):
    session = Session.new(load_scenario("winter-2021"), dict(AI), seed=seed)
    while len(session.match.reports) < weeks:
        session.advance()
    return [session.view(role) for role in session.match.rules.roles]


@pytest.mark.parametrize("weeks,seed", [(0, 1), (4, 2), (8, 3), (11, 4)])
def test_map_text_never_overlaps_and_stays_inside(weeks, seed):
    from game.ui.mapview import MapView
    from game.ui.screens.game import MAP_RECT

    pygame.display.init()
    for view in views_after(weeks, seed):
        for local in (False, True):
            mv = MapView(MAP_RECT, local_names=local)
            mv.set_markers(markers_for(view))
            inside = pygame.Rect(0, 0, *MAP_RECT.size)
            boxes = mv.text_boxes
            assert len(boxes) > 10
            for box in boxes:
                assert inside.contains(box), box
            for a, b in itertools.combinations(boxes, 2):
                assert not a.colliderect(b), (view.role, a, b)
            shapes = [box.move(-MAP_RECT.x, -MAP_RECT.y) for box, _ in mv.hit_boxes] + mv.dot_boxes
            for box in boxes:
                assert box.collidelist(shapes) < 0, (view.role, box)


def test_troop_markers_follow_what_each_role_may_know():
    us, russia, nato = views_after(3, seed=5)
    troops = {v.role: next(m for m in markers_for(v) if m.label.startswith("Russian troops")) for v in (us, russia, nato)}
    assert troops["russia"].exact and not troops["us"].exact and not troops["nato"].exact
    exact = russia.obs.variable("russia_troops_border").value
    assert troops["russia"].size == pytest.approx(min(1.0, exact / 200))
    assert troops["us"].low < troops["us"].size < troops["us"].high


def test_seen_actions_put_markers_on_the_map():
    session = Session.new(load_scenario("winter-2021"), {"us": "human", "russia": "fixed:drills_belarus",
                                                        "nato": "fixed:reinforce_eastern_flank"}, seed=6)
    session.advance()  # briefing
    session.seal("us", ["arm_ukraine"])
    session.advance()
    kinds = {(m.anchor, m.kind) for m in markers_for(session.view("us"))}
    assert {("belarus_south", "drills"), ("poland_east", "battlegroup"), ("ukraine_center", "aid")} <= kinds
