"""AI roles take the initiative: the deals they put to a person, the commitments they volunteer.

Games of winter-2021 through the runner, a person in one seat, a thinking AI in another; what the
AI says as a turn opens is a message like any other (every face shows it), a deal answered with
``accept N`` or ``reject N``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from game.ai.negotiate import Promise, deal_key, negotiator_for
from game.ai.policies import leaning
from game.engine import state as st
from game.play.events import EndTurn, Say, Seal
from game.play.runner import Game
from game.play.saves import read_save
from game.text.talk import talk


def play_to(rules, players: dict[str, str], seed: int, turn: int) -> Game:
    """A game with ``players`` (one of them 'human', who seals nothing) played to the opening of ``turn``."""
    game = Game.new(rules, players, seed)
    human = next((r for r, p in players.items() if p == "human"), None)
    while game.turn < turn and not game.over:
        game.send(Seal(human, ()) if human else EndTurn())
    return game


def said(game: Game, role: str, kind: str, turn: int | None = None) -> list:
    return [m for m in game.session.messages() if m.sender == role and m.statement is not None
            and m.statement.kind == kind and (turn is None or m.turn == turn)]


def terms(message) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    s = message.statement
    return tuple((t.ref, t.do) for t in s.give or ()), tuple((t.ref, t.do) for t in s.ask or ())


# (players, seed, turn) -> the deal the AI role puts to the person as that turn opens, or None.
# Measured with the rollouts' seeds (the table would change if the value model did: that is its point).
SITUATIONS = [
    pytest.param({"russia": "human", "us": "planner"}, 1, 1, "us",
                 ((("osce_meeting", True),), (("partial_drawdown", True),)),
                 id="the US (Normal) offers security talks at the OSCE for a partial drawdown"),
    pytest.param({"russia": "human", "us": "planner:easy"}, 1, 1, "us",
                 ((("osce_meeting", True),), (("partial_drawdown", True),)),
                 id="the US (Easy) makes the same offer in the same game"),
    pytest.param({"nato": "human", "russia": "dove"}, 2, 1, "russia",
                 ((("engage_talks", True),), (("halt_expansion_guarantee", True),)),
                 id="a Peacemaker Kremlin offers serious talks for the written guarantee"),
    pytest.param({"nato": "human", "russia": "dove"}, 2, 2, "russia",
                 ((("mass_troops", False),), (("halt_expansion_guarantee", True),)),
                 id="a week later, NATO idle, it offers not to mass troops for the guarantee"),
    # Re-derived when Russia's objectives changed (the talks count only without a war; NATO's
    # forces kept away): the same Kremlin now offers its drawdown rather than talks.
    pytest.param({"nato": "human", "russia": "planner:easy"}, 4, 1, "russia",
                 ((("partial_drawdown", True),), (("halt_expansion_guarantee", True),)),
                 id="a Kremlin that gains by it offers a partial drawdown for the written guarantee"),
    pytest.param({"nato": "human", "russia": "planner:easy"}, 1, 1, "russia", None,
                 id="a Kremlin with nothing worth offering in week one offers nothing"),
    pytest.param({"nato": "human", "russia": "hawk"}, 2, 2, "russia", None,
                 id="a Hardliner asks more than any deal found gives"),
    pytest.param({"nato": "human", "russia": "historical"}, 1, 1, "russia", None,
                 id="a scripted Kremlin (History) makes no offers"),
    pytest.param({"nato": "planner", "russia": "planner", "us": "planner"}, 1, 1, "russia", None,
                 id="no person at the table, a Normal Kremlin finds no deal worth offering the others in week one"),
]


@pytest.mark.parametrize("players, seed, turn, ai, expected", SITUATIONS)
def test_the_table_of_situations_and_the_ai_s_proposal(rules, players, seed, turn, ai, expected):
    game = play_to(rules, players, seed, turn)
    deals = said(game, ai, "deal", turn)
    assert len(deals) <= 1  # at most one proposal a role a turn
    if expected is None:
        assert deals == []
        return
    (deal,) = deals
    assert terms(deal) == expected
    human = next(r for r, p in players.items() if p == "human")
    assert deal.statement.ref == human and deal.to == "all"  # public, offered to the person (the others are scripts)
    assert deal.statement.by_turn == min(turn + 3, rules.turns)
    # each term calms or refrains from escalating: an AI offers de-escalation, not threats
    lean = leaning(rules)
    for (ref, do), role in [(t, ai) for t in expected[0]] + [(t, human) for t in expected[1]]:
        assert lean[rules.action(role, ref).index] == (-1 if do else 1)


def test_the_ai_would_accept_its_own_offer_if_it_were_made_to_it(rules):
    """The proposal is judged as an offer is: the same deal put back to it is accepted, by the same rollouts."""
    game = play_to(rules, {"russia": "human", "us": "planner"}, 1, 1)
    (deal,) = said(game, "us", "deal", 1)
    negotiator = negotiator_for(rules, "us", "planner", game.policies["us"])
    us, russia, due = rules.role_index("us"), rules.role_index("russia"), deal.statement.by_turn
    ask = tuple(Promise(us, rules.action("us", t.ref).index, t.do, due) for t in deal.statement.give)
    give = tuple(Promise(russia, rules.action("russia", t.ref).index, t.do, due) for t in deal.statement.ask)
    obs = game.match.observe_batch("us")
    assert negotiator.judge_deal(obs, give, ask, game._first_orders("us")).verdict == "accept"


def test_a_proposal_accepted_by_a_person_binds_both_sides(rules):
    game = play_to(rules, {"russia": "human", "us": "planner"}, 1, 1)
    (deal,) = said(game, "us", "deal", 1)
    assert talk(game, "russia", "accept", f"{deal.id} Agreed.").startswith("Declared in public: Accepted")
    bound = [m for m in said(game, "us", "commitment") + said(game, "russia", "commitment")
             if m.text.startswith(f"Under deal #{deal.id} ")]
    assert sorted((m.sender, m.statement.ref, m.statement.do) for m in bound) == [
        ("russia", "partial_drawdown", True), ("us", "osce_meeting", True)]
    # both are pledges the engine settles, open now
    known = game.match.observe_batch("russia").known()
    pledged = {rules.actions[int(a)].id for a, s in zip(known.pledge_action[0], known.pledge_status[0])
               if int(s) == st.PLEDGE_OPEN}
    assert {"partial_drawdown", "osce_meeting"} <= pledged
    with pytest.raises(Exception, match="answered already"):
        talk(game, "russia", "accept", str(deal.id))
    # the US gives its orders again with its word in them, when keeping it is worth it (by value)
    sealed = game.match.sealed_orders("us")
    kept, _ = negotiator_for(rules, "us", "planner", game.policies["us"]).keep_or_break(
        game.match.observe_batch("us"), np.isin(np.arange(len(rules.actions)), [rules.action("us", a).index for a in sealed]),
        (Promise(rules.role_index("us"), rules.action("us", "osce_meeting").index, True, deal.statement.by_turn),))
    assert ("osce_meeting" in sealed) == bool(kept[rules.action("us", "osce_meeting").index])


@pytest.mark.parametrize("answer", ["reject", "lapse"])
def test_a_deal_turned_down_or_left_to_lapse_is_not_offered_again(rules, answer):
    # a Russia that masses troops and drills: a Russia that sits still (the US learns) is offered nothing more
    escalation = {1: ("mass_troops",), 2: ("drills_belarus",)}
    game = Game.new(rules, {"russia": "human", "us": "planner:easy"}, 1)
    for _ in range(5):
        for deal in said(game, "us", "deal", game.turn):
            if answer == "reject":
                talk(game, "russia", "reject", str(deal.id))
        game.send(Seal("russia", escalation.get(game.turn, ())))
    offers = [deal_key(rules.role_index("russia"), *[tuple(Promise(-1, rules.action(role, t.ref).index, t.do, 0) for t in side)
              for role, side in (("us", m.statement.give), ("russia", m.statement.ask))]) for m in said(game, "us", "deal")]
    assert len(offers) >= 3  # the US keeps looking for a deal
    assert len(set(offers)) == len(offers)  # but never the same one twice
    assert len({m.turn for m in said(game, "us", "deal")}) == len(offers)  # one a turn


def test_an_offer_the_person_turned_down_is_left_out_of_the_search(rules):
    game = play_to(rules, {"russia": "human", "us": "planner"}, 1, 1)
    (deal,) = said(game, "us", "deal", 1)
    negotiator = negotiator_for(rules, "us", "planner", game.policies["us"])
    obs, russia = game.match.observe_batch("us"), rules.role_index("russia")
    first = negotiator.initiative(obs, [russia])
    assert first.deal is not None
    again = negotiator.initiative(obs, [russia], refused=frozenset({deal_key(russia, *first.deal)}))
    assert again.deal is None or deal_key(russia, *again.deal) != deal_key(russia, *first.deal)


def banks_threat(game: Game) -> None:
    """The US (a person) declares its threat on the banks: it fears a Russian move on Ukraine, and says so."""
    game.send(Say("us", "all", "The banks will pay.", {"kind": "threat", "ref": "sanction_banks"}))


def no_missiles_asked(game: Game) -> None:
    """Russia (a person) asks the US not to send anti-tank missiles, for nothing (the US turns it down)."""
    talk(game, "russia", "propose", "us 6 nothing for not:arm_ukraine")


def door_red_line(game: Game) -> None:
    """Russia (a person) declares its red line on NATO's door."""
    game.send(Say("russia", "all", "Not one step.", {"kind": "red_line", "ref": "russia_no_membership"}))


# (players, what the person says in week 1, seed, the AI role, the move it volunteers by week 2's
# opening, or None): an AI's word answers a fear another role voiced in public, never a move nobody
# asked about (``Negotiator.answers_fear``). Measured with the rollouts' seeds.
VOLUNTEERED = [
    pytest.param({"russia": "human", "us": "planner:easy"}, None, 1, "us", None,
                 id="nobody has voiced a fear: the US volunteers no word (it said it would not send the Javelins)"),
    pytest.param({"us": "human", "russia": "planner:easy"}, banks_threat, 1, "russia", "limited_incursion",
                 id="after Washington's threat on the banks the Kremlin volunteers not to move into the Donbas"),
    pytest.param({"russia": "human", "us": "planner:easy"}, no_missiles_asked, 1, "us", "arm_ukraine",
                 id="asked not to send anti-tank missiles, the US turns the deal down and gives the word for nothing"),
    pytest.param({"russia": "human", "nato": "planner:easy"}, door_red_line, 1, "nato", None,
                 id="NATO has no audience cost: its word would not be credible, it volunteers none"),
]


@pytest.mark.parametrize("players, voiced, seed, ai, expected", VOLUNTEERED)
def test_the_table_of_fears_voiced_and_the_word_the_ai_volunteers(rules, players, voiced, seed, ai, expected):
    game = Game.new(rules, players, seed)
    human = next(r for r, p in players.items() if p == "human")
    if voiced is not None:
        voiced(game)
    game.send(Seal(human, ()))
    # its own word (not a concession to a threat aimed at it, nor a deal's term)
    volunteered = [m for m in said(game, ai, "commitment") if m.text == game.table.line(ai, "pledge")]
    assert [m.statement.ref for m in volunteered] == ([expected] if expected else [])
    for m in volunteered:
        action = rules.action(ai, m.statement.ref)
        assert m.statement.do is False and leaning(rules)[action.index] == 1  # to refrain from an escalation
        assert action.step not in ("threaten", "impose")  # never a word against its own levers
        week = game.match.orders_log[m.turn - 1].get(ai, []) if m.turn < game.turn else game.match.sealed_orders(ai)
        assert m.statement.ref not in week  # nor against its orders of the week
    credible = any(t.by == rules.role_index(ai) and t.audience_cost.constant.any() for t in rules.threats)
    assert credible or not volunteered


def test_a_proposal_says_no_number_but_its_week_and_differs_with_the_hidden_draw(rules):
    texts, offers = [], set()
    for resolve in (10.0, 95.0):
        game = Game.new(rules, {"nato": "human", "russia": "planner:easy"}, 1)
        state = game.match.true_state.copy()
        state.values[0, rules.var_index["kremlin_resolve"]] = resolve
        state.estimates[0, rules.role_index("russia"), rules.var_index["kremlin_resolve"]] = resolve
        game.match.amend(state)
        game.send(Seal("nato", ()))
        mine = said(game, "russia", "deal") + said(game, "russia", "commitment")
        offers.add(tuple(terms(m) if m.statement.kind == "deal" else m.statement.ref for m in mine if m.turn == 2))
        texts += [m.text for m in mine] + [m.statement.describe(rules) for m in mine]
    assert texts
    for text in texts:
        assert not re.search(r"\d", re.sub(r"#\d+|week \d+", "", text)), text
    assert len(offers) == 2  # what it offers follows what it values, which nobody else sees


def test_seed_and_acts_reproduce_the_offers_and_a_save_replays_them_without_repeating(rules, tmp_path):
    def play() -> Game:
        game = Game.new(rules, {"russia": "human", "us": "planner:easy"}, 1)
        (deal,) = said(game, "us", "deal", 1)
        talk(game, "russia", "accept", str(deal.id))
        no_missiles_asked(game)  # a fear voiced: the US answers it with a word of its own as week 2 opens
        game.send(Seal("russia", ("mass_troops",)))
        return game

    first, second = play(), play()
    log = [(m.sender, m.to, m.text, m.statement) for m in first.session.messages()]
    assert log == [(m.sender, m.to, m.text, m.statement) for m in second.session.messages()]
    assert first.match.orders_log == second.match.orders_log
    assert said(first, "us", "deal", 2) or said(first, "us", "commitment", 2)  # saved after the AI spoke at the opening
    path = tmp_path / "offers.json"
    first.save(path)
    loaded = Game.from_save(read_save(path), path)
    assert [(m.sender, m.to, m.text, m.statement) for m in loaded.session.messages()] == log  # nothing said twice
    assert loaded.match.orders_log == first.match.orders_log and loaded.settled() == first.settled()
