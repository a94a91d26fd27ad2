"""Why an estimate moved (game.play.estimates): new intelligence or the true value, and what the role
saw that moves it; from the role's own view only."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.match import Match
from game.play.estimates import EstimateMove, estimate_moves
from game.play.events import Seal
from game.play.newspaper import newspaper
from game.play.runner import Game
from game.scenario import load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules("winter-2021")


def test_an_estimate_carries_what_the_role_was_told_a_turn_before(rules):
    m = Match(rules, seed=7)
    first = m.observe("us").variable("invasion_readiness")
    assert first.previous is None and first.sd and first.sd > 0
    m.play_turn({})
    now = m.observe("us").variable("invasion_readiness")
    assert now.previous == pytest.approx(first.value)
    assert now.value != now.previous  # a fresh estimate each turn
    assert m.observe("us").variable("tension").previous is None  # seen exactly: nothing to explain


def test_the_words_depend_on_what_the_role_was_told_not_on_the_truth(rules):
    """Two games told the same estimates, whose hidden truths differ, get the same explanation."""
    game = Game.new(rules, {"us": "human"}, seed=3)
    game.send(Seal("us", ()))
    before = [m.words("week") for m in estimate_moves(rules, game.view("us"))]
    state = game.match.true_state.copy()
    hidden = rules.var_index["invasion_readiness"]
    state.values[:, hidden] = np.where(state.values[:, hidden] > 50, 5.0, 95.0)  # the truth, far off
    game.match.amend(state)
    after = [m.words("week") for m in estimate_moves(rules, game.view("us"))]
    assert before and after == before


MOVES = {  # name: (before, after, noise, seen up, seen down, words expected, words refused)
    "noise alone": (50, 60, 20, (), (), ["within the ±20", "perhaps no change"], ["probably risen"]),
    "beyond noise, nothing seen": (40, 70, 20, (), (), ["more than the ±20", "probably risen", "hidden from you"], []),
    "beyond noise, a seen cause": (40, 70, 20, ("Joint war games",), (), ["What you saw that raises it: Joint war games"],
                                   ["hidden from you"]),
    "a fall": (70, 40, 20, (), ("Withdraw the troops",), ["-30", "probably fallen", "lowers it: Withdraw the troops"], []),
    "against the seen cause": (40, 70, 20, (), ("A drawdown",), ["hidden from you", "(A drawdown lowers it.)"], []),
}


@pytest.mark.parametrize("name", list(MOVES))
def test_the_words_of_a_move(name):
    before, after, noise, up, down, wanted, refused = MOVES[name]
    text = EstimateMove("x", "Readiness", before, after, noise, up, down).words("week")
    for piece in wanted:
        assert piece in text, (piece, text)
    for piece in refused:
        assert piece not in text, (piece, text)


def test_a_public_move_that_raises_it_is_named_and_a_private_one_never(rules):
    """Russia sees the US consult its allies (public), which raises US domestic support by the rules;
    the US never sees a cause it was not shown."""
    game = Game.new(rules, {"russia": "human", "us": "human"}, seed=2)
    game.send(Seal("us", ("consult_allies",)))
    game.send(Seal("russia", ("drills_belarus",)))
    moved = {m.var: m for m in estimate_moves(rules, game.view("russia"))}
    support = moved.get("us_domestic_support")
    assert support is not None and "United States' Consult allies and Kyiv" in support.seen_up
    for m in estimate_moves(rules, game.view("us")):
        shown = set(m.seen_up) | set(m.seen_down)
        reported = {e.headline for e in game.view("us").last_report.entries} | {
            a.label for a in rules.actions} | {f"{n}' {a.label}" for n in rules.role_names for a in rules.actions} | {
            f"{n}'s {a.label}" for n in rules.role_names for a in rules.actions}
        assert shown <= reported


def test_the_paper_says_how_the_estimates_moved(rules):
    game = Game.new(rules, {"nato": "human"}, seed=3)
    game.send(Seal("nato", ()))
    view = game.view("nato")
    paper = newspaper(rules, view.last_report, view)
    assert paper.estimates and all("your estimate went from" in line for line in paper.estimates)
    assert not newspaper(rules, view.last_report).estimates  # the public edition has no one's estimates
