"""What a player is told before and after a decision: order notes (ends, decides, opens, uses left,
consent and its failure), words instead of formulas, the newspaper's order and net changes, par,
and the sound cues."""

from __future__ import annotations

import re

import numpy as np
import pytest

from game.play.consequences import brings_about, condition_words, describe_effects
from game.play.events import Seal
from game.play.newspaper import citation, net_line, newspaper
from game.play.par import BANDS, Par, verdict
from game.play.runner import Game
from game.play.words import order_notes, source_name
from game.ui.sound import Sounds, cue_samples

FORMULA = re.compile(r"[*/]|\b(used|now|fired|turn)\.|\bformula\b|<=|>=")


def legal(rules, role, seed=1):
    return {a.id: a for a in Game.new(rules, {role: "human"}, seed=seed).view(role).obs.legal}


def test_which_orders_end_the_game(rules):
    enders = {a.id: [e.id for e in rules.endings if brings_about(e.when, a.id)] for a in rules.actions}
    assert enders["full_invasion"] == ["full_invasion"] and enders["limited_incursion"] == ["limited_incursion"]
    assert enders["demand_no_expansion.accept"] == ["western_capitulation"]
    assert enders["assure_ukraine"] == []  # one condition among many of the settlement: it ends nothing alone


def test_the_window_asks_before_a_game_ending_order_and_unspent_points(tmp_path, monkeypatch):
    import dataclasses

    import pygame

    from ui_driver import make_app, press

    app = make_app(tmp_path, monkeypatch)
    try:
        app.new_game(app.loaded, {"us": "human", "russia": "historical", "nato": "historical"}, seed=3)
        press(app, pygame.K_RETURN)
        screen = app.top
        first = screen.view.obs.legal[0]
        screen.view.obs.legal[0] = dataclasses.replace(first, ends=["Russia invades Ukraine"])
        screen.orders.chosen = [first.id]
        questions = screen.end_turn_questions()
        assert any("ends the game: Russia invades Ukraine" in q for q in questions)
        assert any("points unspent" in q for q in questions)
        press(app, pygame.K_e)
        assert app.top.name == "confirm"
        press(app, pygame.K_ESCAPE)  # go back: nothing sealed
        assert app.top is screen and app.flow.game.turn == 1
    finally:
        app.close()


def test_a_nato_decision_gives_its_odds_and_its_failure(rules):
    guarantee = legal(rules, "nato")["halt_expansion_guarantee"]
    assert guarantee.vote and 0 < guarantee.consent < 0.2
    assert guarantee.fail_headline and guarantee.fail_effects == {"NATO cohesion": "-8"}
    assert guarantee.decides == ["The West gives the guarantee"] and guarantee.uses_left == 1
    notes = order_notes(guarantee, "week")
    assert any(n.startswith("Decides how the game ends") for n in notes)
    assert any("chance they all do" in n and "NATO cohesion -8" in n for n in notes)


def test_consent_is_judged_on_the_roles_own_view(rules):
    """Moving the true cohesion changes nothing a role has not seen (its estimate moves only with its view)."""
    game = Game.new(rules, {"nato": "human"}, seed=1)
    before = {a.id: a.consent for a in game.view("nato").obs.legal}
    game.match.true_state.values[0, rules.var_index["nato_cohesion"]] = 5.0
    after = {a.id: a.consent for a in game.view("nato").obs.legal}
    assert before == after


def test_uses_left_count_down(rules):
    game = Game.new(rules, {"us": "human"}, seed=1)
    assert legal(rules, "us")["call_putin"].uses_left == 3
    game.send(Seal("us", ("call_putin",)))
    assert {a.id: a for a in game.view("us").obs.legal}["call_putin"].uses_left == 2


@pytest.mark.parametrize("role", ["us", "russia", "nato"])
def test_no_formula_in_an_orders_effects(rules, role):
    for a in Game.new(rules, {role: "human"}, seed=1).view(role).obs.legal:
        for words in list(a.effects.values()) + list(a.fail_effects.values()):
            assert not FORMULA.search(words), (a.id, words)


def test_formulas_become_words(rules):
    a = next(a for a in rules.actions if a.id == "video_summit")
    words = describe_effects(rules, a.effects, a.role)
    assert words["Progress of talks"] == "varies with whether Engage seriously in talks is also ordered this week"


CONDITIONS = [
    ("the turn", "turn <= 2", "in week 2 or earlier"),
    ("from a turn", "turn >= 5", "from week 5"),
    ("after an order", "used.convene_nato_russia_council > 0", "after Convene the NATO-Russia Council"),
    ("a level", "nato_cohesion >= 50", "NATO cohesion is at least 50"),
    ("a demand made", "made.demand_no_expansion", "the demand “No NATO expansion to Ukraine, in writing” is made"),
    ("unsayable", "abs(tension - 50) > 3", "when the situation allows"),
]


@pytest.mark.parametrize("text, words", [c[1:] for c in CONDITIONS], ids=[c[0] for c in CONDITIONS])
def test_conditions_in_words(rules, text, words):
    from types import SimpleNamespace

    assert condition_words(rules, SimpleNamespace(text=text)) == words


def test_sources_have_readable_names(rules):
    assert source_name(rules, "lse-2022-02-15") == "LSE US Centre, 15 Feb 2022"
    assert source_name(rules, "no-such-key") == "no-such-key" and source_name(None, "x") == "x"


def test_the_newspaper_leads_with_the_biggest_story(rules):
    game = Game.new(rules, {"us": "human"}, seed=2)
    for _ in range(3):
        game.send(Seal("us", tuple(a.id for a in game.view("us").obs.legal[:2])))
    view = game.view("us")
    paper = newspaper(rules, view.last_report, view)
    impacts = [s.impact for s in paper.stories]
    assert impacts == sorted(impacts, reverse=True) and paper.lead is paper.stories[0]
    shown = {v.label: v.value for v in view.obs.variables if v.exact}
    for label, delta, before, after in paper.net:
        if after is not None:
            assert after == shown[label] and before == pytest.approx(after - delta)
    assert paper.background.startswith("Background this week")
    assert not any(s.headline == "drift" for s in paper.stories)


@pytest.mark.parametrize("key, turn, cited", [
    pytest.param("lse-2022-02-15", 1, "modelled on LSE US Centre, 15 Feb 2022", id="a February source in week 1"),
    pytest.param("lse-2022-02-15", 11, "LSE US Centre, 15 Feb 2022", id="the week it was written"),
    pytest.param("lse-2022-02-15", 12, "LSE US Centre, 15 Feb 2022", id="a week after"),
    pytest.param("assumption", 1, "The scenario's own assumption", id="an undated source"),
])
def test_a_story_cites_a_later_source_as_what_it_is_modelled_on(rules, key, turn, cited):
    assert citation(rules, key, turn) == cited


def test_a_december_paper_cites_no_later_document_as_its_report(rules):
    game = Game.new(rules, {"us": "human"}, seed=2)
    game.send(Seal("us", ("warn_heavy_price",)))
    view = game.view("us")
    stories = newspaper(rules, view.last_report, view).stories
    later = [s for s in stories if "2022" in s.source]
    assert later and all(s.source.startswith("modelled on ") for s in later)


def test_net_line():
    assert net_line("Tension", 13, 63, 76) == "Tension 63 -> 76"
    assert net_line("Tension", -2, None, None) == "Tension -2"


def test_verdict_bands_cover_every_score():
    par = Par(mean=30, low=10, high=50, spread=10, games=100)
    assert [verdict(s, par)[0] for s in (50, 34, 30, 25, 5)] == [b[1] for b in BANDS]


def test_sound_cues_are_short_and_silent_in_tests():
    for name in ("sealed", "paper", "ending"):
        wave = cue_samples(name)
        assert wave.dtype == np.int16 and len(wave) / 22050 < 1.5 and np.abs(wave).max() > 1000
    sounds = Sounds(volume=80)
    assert not sounds.ready  # the dummy audio driver: nothing plays
    sounds.play("sealed")
    assert sounds.played == ["sealed"]


def test_the_paper_says_what_your_orders_probably_did_unseen(rules):
    game = Game.new(rules, {"us": "human"}, seed=1)
    game.send(Seal("us", ("sanction_banks.threaten", "warn_heavy_price")))
    view = game.view("us")
    probably = newspaper(rules, view.last_report, view).probably
    assert any("probably lowered Invasion readiness" in line for line in probably)
    assert not any(re.search(r"\d", line.split("(")[0]) for line in probably)  # no number read off the truth
    public = newspaper(rules, view.last_report, None)
    assert public.probably == []  # the public edition has no reader's orders
