"""Hidden information stays hidden: observations, reports and the terminal show only a role's view."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from rich.console import Console

from game.engine import Match, observe, visible_report
from game.play.runner import Game
from game.scenario import load_scenario
from game.text.play import TextGame

MINI = Path(__file__).parent / "data" / "mini.yaml"


def test_a_hidden_variable_is_seen_only_as_an_estimate(rules):
    m = Match(rules, seed=3)
    us, russia = m.observe("us"), m.observe("russia")
    true = m.true_state.values[0, rules.var_index["invasion_readiness"]]
    assert russia.variable("invasion_readiness").exact and russia.variable("invasion_readiness").value == true
    est = us.variable("invasion_readiness")
    assert not est.exact and est.low < est.value < est.high
    assert us.variable("kremlin_cost_sensitivity").value is None


def test_observation_does_not_move_when_only_the_truth_does(rules):
    m = Match(rules, seed=3)
    before = observe(rules, m.true_state, "nato")
    m.true_state.values[0, rules.var_index["invasion_readiness"]] = 97.0
    m.true_state.values[0, rules.var_index["kremlin_cost_sensitivity"]] = 1.0
    after = observe(rules, m.true_state, "nato")
    assert [(v.id, v.value, v.low, v.high) for v in before.variables] == [(v.id, v.value, v.low, v.high) for v in after.variables]


def test_reports_drop_private_moves_and_hidden_changes():
    rules = load_scenario(MINI).rules
    m = Match(rules, seed=1)
    report = m.play_turn({"a": ["quiet", "push"]})
    full_ids = {e.id for e in report.entries}
    assert "quiet" in full_ids
    for_b = visible_report(rules, report, "b")
    assert "quiet" not in {e.id for e in for_b.entries}
    hidden = {rules.var_index["h"], rules.var_index["s"]}
    assert all(v not in hidden for e in for_b.entries for v, _ in e.changes)
    for_a = visible_report(rules, report, "a")
    assert "quiet" in {e.id for e in for_a.entries}
    assert any(v == rules.var_index["h"] for e in for_a.entries for v, _ in e.changes)


def test_private_events_reach_no_role():
    rules = load_scenario(MINI).rules
    m = Match(rules, seed=2)
    report = m.play_turn({})
    assert "whisper" in {e.id for e in report.entries}
    for role in rules.roles:
        assert "whisper" not in {e.id for e in visible_report(rules, report, role).entries}


def test_uncertain_starts_differ_by_game_and_stay_hidden(rules):
    """initial_spread: each game draws its own start, seen only by the roles that may see it."""
    readiness = rules.var_index["invasion_readiness"]
    starts = {float(Match(rules, seed=s).true_state.values[0, readiness]) for s in range(6)}
    assert len(starts) == 6
    m = Match(rules, seed=1)
    assert m.observe("russia").variable("invasion_readiness").value == m.true_state.values[0, readiness]
    assert m.observe("us").variable("invasion_readiness").exact is False


def test_the_terminal_never_prints_what_the_role_cannot_see(rules):
    """A sentinel value in a variable the US cannot see must never reach its screen."""
    played = Game.new(rules, {"us": "human", "russia": "historical", "nato": "historical"}, seed=6)
    sentinel = 13.37
    played.match.true_state.values[0, rules.var_index["kremlin_cost_sensitivity"]] = sentinel
    out = io.StringIO()
    answers = iter(["done", "y"] * 3 + ["quit", "y"])
    game = TextGame(played, Console(file=out, width=120, color_system=None), ask=lambda prompt: next(answers))
    game.run()
    text = out.getvalue()
    assert "Week 3 of 12" in text  # it really played
    assert "13.37" not in text and "13.4" not in text
    assert "intelligence estimate, 90% range" in text and "≈" in text


def test_the_last_observation_shows_the_values_the_game_ended_with(rules):
    """A game that ends this turn draws its last estimates: a role sees its exact variables' final
    values (the newspaper's "Tension 100 -> 91" of the ending week reads them), not the week before's."""
    m = Match(rules, seed=7)
    m.play_turn({"russia": ["mass_troops"]})
    m.play_turn({"russia": ["full_invasion"]})
    m.play_turn({"us": ["arm_ukraine"]})  # the week after an invasion plays, then the game ends
    assert m.over
    truth = m.true_state.values[0]
    for role in rules.roles:
        for i, v in enumerate(m.observe(role).variables):
            if v.exact:
                assert v.value == truth[i], (role, v.label)


def test_a_game_over_before_the_turn_keeps_its_estimates(rules):
    """In a batch, games that ended earlier keep their last estimates while the others play on."""
    from game.engine.state import initial_state
    from game.engine.step import step

    state = initial_state(rules, seed=2, games=4)
    state.ending[1] = 0  # game 1 is over already
    before = state.estimates[1].copy()
    orders = np.zeros((4, len(rules.actions)), dtype=bool)
    after, _ = step(rules, state, orders)
    assert np.array_equal(after.estimates[1], before, equal_nan=True)
    assert not np.array_equal(after.estimates[0], state.estimates[0], equal_nan=True)
