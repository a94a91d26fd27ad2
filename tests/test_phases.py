"""The turn's phases as a table of small named cases, in the spirit of the Diplomacy DATC.

Each case: given some variable values and earlier turns, these orders, expect these
values (after the whole turn, drift included) and these statuses. The scenario is
tests/data/mini.yaml, where drift adds +1 to ``h`` every turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from game.engine import Match, OrderError, initial_state, step
from game.engine import state as st
from game.scenario import load_scenario

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI).rules


@dataclass
class Case:
    name: str
    orders: dict[str, list[str]]
    given: dict[str, float] = field(default_factory=dict)
    before: list[dict[str, list[str]]] = field(default_factory=list)
    expect: dict[str, float] = field(default_factory=dict)
    demand: str | None = None  # expected status of demand 'ask'
    threat: dict[str, str] = field(default_factory=dict)
    ending: str | None = None
    fired: dict[str, int] = field(default_factory=dict)


CASES = [
    Case("effects add up", {"a": ["push"]}, expect={"x": 60, "h": 46}),
    Case("effects clamp at the bound", {"a": ["push"]}, given={"x": 95}, expect={"x": 100}),
    Case("an order excluded by an earlier one is dropped, whichever of them names the other",
         {"a": ["hedge", "push"]}, expect={"x": 60, "h": 46}),
    Case("formula reads this turn's orders (alone)", {"b": ["talk"]}, expect={"x": 48}),
    Case("formula reads this turn's orders (with push)", {"a": ["push"], "b": ["talk"]}, expect={"x": 56}),
    Case("illegal order does nothing", {"a": ["strike"]}, expect={"x": 50}, ending=None),
    Case("legal strike ends the game in war", {"a": ["strike"]}, given={"h": 60}, expect={"x": 80}, ending="war"),
    Case("demand made is pending", {"a": ["ask"]}, expect={"x": 51}, demand="pending"),
    Case("demand accepted", {"b": ["ask.accept"]}, before=[{"a": ["ask"]}],
         expect={"h": 32, "cred": 45}, demand="accepted"),
    Case("demand rejected", {"b": ["ask.reject"]}, before=[{"a": ["ask"]}], expect={"h": 52, "x": 53}, demand="rejected"),
    Case("demand countered", {"b": ["ask.counter"]}, before=[{"a": ["ask"]}], expect={"x": 46, "coh": 52}, demand="countered"),
    Case("demand expires unanswered", {}, before=[{"a": ["ask"]}, {}], expect={"x": 55}, demand="expired"),
    Case("consensus holds", {"b": ["decide"]}, given={"coh": 60}, expect={"coh": 65}),
    Case("consensus fails and costs", {"b": ["decide"]}, given={"coh": 20}, expect={"coh": 13}),
    Case("red line crossed and not enforced", {"b": ["decide"]}, given={"coh": 100}, expect={"x": 30},
         threat={"line": "broken"}),
    Case("threat declared", {"b": ["lever.threaten"]}, expect={"h": 39}, threat={"lever": "declared"}),
    Case("threat honoured when imposed in time", {"a": ["strike"], "b": ["lever"]}, given={"h": 60},
         before=[{"b": ["lever.threaten"]}], threat={"lever": "honored"}, ending="war"),
    Case("threat due when the game ends is broken at the ending", {"a": ["strike"]}, given={"h": 60},
         before=[{"b": ["lever.threaten"]}], threat={"lever": "broken"}, expect={"cred": 40}, ending="war"),
    Case("a threat never declared costs nothing at the ending", {"a": ["strike"]}, given={"h": 60},
         threat={"lever": "not declared"}, expect={"cred": 50}, ending="war"),
    Case("event on its turn when its condition holds", {}, before=[{"a": ["push"]}], fired={"boom": 1}, expect={"coh": 53}),
    Case("event does not fire when its condition fails", {}, before=[{}], fired={"boom": 0}, expect={"coh": 50}),
    Case("delayed event: fires now, lands later", {}, fired={"later": 1}, expect={"coh": 50}),
    Case("delayed event lands two turns on", {}, before=[{}, {}], expect={"coh": 46}),
    Case("reaction repeats while its condition holds", {}, given={"x": 95}, fired={"react": 1}, expect={"coh": 49}),
    Case("calendar runs out: default ending", {}, before=[{}, {}, {}], ending="calm"),
    Case("at-end-only ending checked after the last turn", {}, before=[{}, {}, {}], given={"x": 100}, ending="hot"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_phase_table(mini, case: Case):
    m = Match(mini, seed=11)
    for orders in case.before:
        m.play_turn(orders)
    for var, value in case.given.items():
        m.true_state.values[0, mini.var_index[var]] = value
    orders = np.zeros((1, len(mini.actions)), dtype=bool)
    for role, ids in case.orders.items():
        for action_id in ids:
            orders[0, mini.action(role, action_id).index] = True
    after, _ = step(mini, m.true_state, orders, record=True)
    values = after.values[0]
    for var, expected in case.expect.items():
        assert values[mini.var_index[var]] == pytest.approx(expected), var
    if case.demand is not None:
        code = after.demand_status[0, mini.demand_index["ask"]]
        assert st.DEMAND_STATUS[code] == case.demand
    for threat, status in case.threat.items():
        assert st.THREAT_STATUS[after.threat_status[0, mini.threat_index[threat]]] == status
    for event, count in case.fired.items():
        assert after.fired[0, mini.event_index[event]] == count
    ending = int(after.ending[0])
    assert (mini.endings[ending].id if ending >= 0 else None) == case.ending


def test_answer_not_allowed_the_turn_the_demand_is_made(mini):
    m = Match(mini, seed=1)
    m.submit("a", ["ask"])
    m.submit("b", [])
    m.resolve()
    assert "ask.accept" in m.legal_ids("b")
    fresh = Match(mini, seed=1)
    assert "ask.accept" not in fresh.legal_ids("b")


@pytest.mark.parametrize("ids", [["push", "hedge"], ["hedge", "push"]])
def test_match_refuses_excluded_orders_in_either_order(mini, ids):
    """hedge names push in its excludes; push names nothing: the pair is refused whichever comes first."""
    with pytest.raises(OrderError, match="cannot be ordered with"):
        Match(mini, seed=1).check("a", ids)


@pytest.mark.parametrize("orders, message", [
    (["strike"], "not allowed"),
    (["push", "push"], "twice"),
    (["push", "hedge"], "cannot be ordered with"),
    (["nonsense"], "no action"),
])
def test_match_refuses_bad_orders(mini, orders, message):
    m = Match(mini, seed=1)
    with pytest.raises(OrderError, match=message):
        m.submit("a", orders)


def test_budget_is_enforced(mini):
    m = Match(mini, seed=1)
    m.true_state.values[0, mini.var_index["h"]] = 70
    with pytest.raises(OrderError, match="budget"):
        m.submit("a", ["push", "strike"])


def test_engine_drops_orders_beyond_budget_and_exclusions(mini):
    s = initial_state(mini, seed=1)
    s.values[0, mini.var_index["h"]] = 70
    orders = np.zeros((1, len(mini.actions)), dtype=bool)
    for action_id in ("push", "hedge", "strike"):
        orders[0, mini.action("a", action_id).index] = True
    after, reports = step(mini, s, orders, record=True)
    done = {mini.actions[i].id for i in np.flatnonzero(after.last_orders[0])}
    assert done == {"push"}  # hedge excluded by push; strike (cost 2) over the budget
    assert {e.id for e in reports[0].entries if e.kind == "dropped"} == {"hedge", "strike"}


def test_chance_succeeds_about_half_the_time(mini):
    games = 4000
    s = initial_state(mini, seed=3, games=games)
    orders = np.zeros((games, len(mini.actions)), dtype=bool)
    orders[:, mini.action("b", "gamble").index] = True
    after, _ = step(mini, s, orders)
    share = after.uses[:, mini.action("b", "gamble").index].mean()
    assert abs(share - 0.5) < 4 * np.sqrt(0.25 / games)


def test_consensus_passes_with_the_blocs_probability(mini):
    games = 4000
    s = initial_state(mini, seed=5, games=games)
    s.values[:, mini.var_index["coh"]] = 30  # bloc agrees with probability 0.3
    orders = np.zeros((games, len(mini.actions)), dtype=bool)
    orders[:, mini.action("b", "decide").index] = True
    after, _ = step(mini, s, orders)
    passed = after.uses[:, mini.action("b", "decide").index].mean()
    assert abs(passed - 0.3) < 4 * np.sqrt(0.21 / games)
    assert (after.failed[:, mini.action("b", "decide").index] == 1 - after.uses[:, mini.action("b", "decide").index]).all()


def test_scoring_each_turn_and_at_the_end(mini):
    m = Match(mini, seed=2)
    for _ in range(4):
        m.play_turn({})
    x_path = [h[mini.var_index["x"]] for h in m.history[1:]]
    assert m.scores["a"] == pytest.approx(sum(v / 100 for v in x_path) - 1)  # calm: -1
    assert m.scores["b"] == pytest.approx(0.1 * m.true_state.values[0, mini.var_index["coh"]])


def test_an_early_ending_scores_the_weeks_the_calendar_still_had(mini):
    # War in week 2 of 4: the weekly term of week 2 counts for weeks 3 and 4 too,
    # so ending early is worth what the same state would have earned by waiting.
    m = Match(mini, seed=2)
    m.play_turn({})
    m.true_state.values[0, mini.var_index["h"]] = 60  # strike is allowed from h 60
    m.play_turn({"a": ["strike"]})
    assert m.true_state.ending[0] == mini.ending_index["war"] and m.true_state.ended_turn[0] == 2
    x_week1, x_week2 = (h[mini.var_index["x"]] for h in m.history[1:3])
    assert m.scores["a"] == pytest.approx(x_week1 / 100 + 3 * x_week2 / 100 + 10)


def test_report_names_cause_and_source(mini):
    m = Match(mini, seed=2)
    report = m.play_turn({"a": ["push"]})
    push = next(e for e in report.entries if e.id == "push")
    assert push.cite.source == "src"
    assert dict(push.changes) == {mini.var_index["x"]: 10.0, mini.var_index["h"]: 5.0}


# -- pledges: commitments and offers made in statements, settled in the turn's own phase ----------
@dataclass
class PledgeCase:
    name: str
    pledge: tuple[str, str, int, int]  # role, action, kind, due
    orders: dict[str, list[str]]
    status: str  # of the pledge after this turn
    cost: dict[str, float] = field(default_factory=dict)  # change against the same turn without the pledge
    before: list[dict[str, list[str]]] = field(default_factory=list)
    given: dict[str, float] = field(default_factory=dict)


PLEDGE_CASES = [
    PledgeCase("a promise to act is kept when carried out", ("b", "talk", st.PLEDGE_DO, 1), {"b": ["talk"]}, "kept"),
    PledgeCase("a promise to act is broken when its turn passes", ("b", "talk", st.PLEDGE_DO, 1), {}, "broken",
               cost={"cred": -10}),
    PledgeCase("a promise to act stays open before its turn", ("b", "talk", st.PLEDGE_DO, 2), {}, "open"),
    PledgeCase("a promise to refrain is broken at once when carried out", ("b", "talk", st.PLEDGE_REFRAIN, 3),
               {"b": ["talk"]}, "broken", cost={"cred": -10}),
    PledgeCase("a promise to refrain is kept when its turn passes", ("b", "talk", st.PLEDGE_REFRAIN, 1), {}, "kept"),
    PledgeCase("a promised answer is kept when given", ("b", "ask.counter", st.PLEDGE_ANSWER, 3),
               {"b": ["ask.counter"]}, "kept", before=[{"a": ["ask"]}]),
    PledgeCase("another answer breaks a promised one", ("b", "ask.counter", st.PLEDGE_ANSWER, 3),
               {"b": ["ask.reject"]}, "broken", cost={"cred": -10}, before=[{"a": ["ask"]}]),
    PledgeCase("the mildest audience cost of the role's threats is paid", ("a", "push", st.PLEDGE_DO, 1), {}, "broken",
               cost={"x": -20}),
    PledgeCase("an ending settles an open promise to act, at no cost", ("b", "talk", st.PLEDGE_DO, 4),
               {"a": ["strike"]}, "broken", given={"h": 60}),
    PledgeCase("an ending settles an open promise to refrain as kept", ("b", "talk", st.PLEDGE_REFRAIN, 4),
               {"a": ["strike"]}, "kept", given={"h": 60}),
]


@pytest.mark.parametrize("case", PLEDGE_CASES, ids=[c.name for c in PLEDGE_CASES])
def test_pledge_table(mini, case: PledgeCase):
    from game.engine.pledges import Pledge, add_pledge

    def play(with_pledge: bool):
        m = Match(mini, seed=11)
        for orders in case.before:
            m.play_turn(orders)
        for var, value in case.given.items():
            m.true_state.values[0, mini.var_index[var]] = value
        if with_pledge:
            m.amend(add_pledge(mini, m.true_state, Pledge(*case.pledge)))
        report = m.play_turn(case.orders)
        return m, report

    pledged, report = play(True)
    plain, _ = play(False)
    assert st.PLEDGE_STATUS[pledged.true_state.pledge_status[0, 0]] == case.status
    gap = pledged.true_state.values[0] - plain.true_state.values[0]
    expected = np.zeros(len(mini.variables))
    for var, delta in case.cost.items():
        expected[mini.var_index[var]] = delta
    np.testing.assert_allclose(gap, expected)
    word = {st.PLEDGE_DO: "commitment", st.PLEDGE_REFRAIN: "refrain", st.PLEDGE_ANSWER: "offer"}[case.pledge[2]]
    settled = [e.kind for e in report.entries if e.phase == "pledges"]
    assert settled == ([f"{word}_{case.status}"] if case.status != "open" and not case.given else [])


def test_a_batch_plays_pledges_by_the_same_rules_as_a_match(mini):
    """A pledge copied into every game of a batch is settled in each, as in a match (an AI's rollout)."""
    from game.engine.pledges import Pledge, add_pledge

    batch = add_pledge(mini, initial_state(mini, seed=3, games=5), Pledge("b", "talk", st.PLEDGE_DO, 1))
    orders = np.zeros((5, len(mini.actions)), dtype=bool)
    orders[::2, mini.action("b", "talk").index] = True  # games 0, 2, 4 keep it
    after, _ = step(mini, batch, orders)
    assert [st.PLEDGE_STATUS[c] for c in after.pledge_status[:, 0]] == ["kept", "broken", "kept", "broken", "kept"]
    cred = after.values[:, mini.var_index["cred"]]
    assert cred[1] == cred[3] and cred[1] < cred[0]
