"""AI roles at the table: deals judged by value and persona, threats answered and kept, nothing hidden said.

The deals are NATO's (a person) to an AI Russia in the first week of winter-2021, through the
runner, as the terminal's ``propose`` command sends them; the answer is Russia's reply message.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from game.ai.negotiate import Promise, Variant, negotiator_for
from game.engine import state as st
from game.engine.match import Match
from game.play.events import Say, Seal
from game.play.negotiation import MAX_TERMS, MAX_TEXT, Message, MessageError, Statement, parse_talk
from game.play.runner import Game
from game.play.saves import read_save
from game.play.words import answered_deals, message_line
from game.text.talk import talk

README_DEAL = "russia 8 demand_withdraw_offensive_equipment.accept,not:membership_pathway_ukraine for withdraw_troops"
DEALS = {
    # name: the terms after 'propose'
    "gift": "russia 8 demand_withdraw_offensive_equipment.accept for nothing",
    "withdraw_for_nothing": "russia 8 nothing for withdraw_troops",
    "readme": README_DEAL,
    "equipment_for_peace": "russia 12 demand_withdraw_offensive_equipment.accept for not:full_invasion,not:limited_incursion",
}
# (deal, Russia's policy, seed) -> the answers allowed. Measured cases with a clear margin (tests/README).
ANSWERS = [
    pytest.param("gift", "planner:easy", 1, {"accept"}, id="a gift is accepted"),
    pytest.param("gift", "hawk", 2, {"accept"}, id="even a hawk takes a gift"),
    pytest.param("withdraw_for_nothing", "planner:easy", 1, {"reject"}, id="withdrawing for nothing is refused"),
    pytest.param("withdraw_for_nothing", "dove", 2, {"reject"}, id="even a dove will not withdraw for nothing"),
    pytest.param("readme", "planner:easy", 4, {"accept"}, id="the README deal, a Kremlin that gains by it: accepted"),
    pytest.param("readme", "planner:easy", 3, {"reject", "counter"}, id="the README deal, a Kremlin that loses by it: not accepted"),
    pytest.param("readme", "dove", 1, {"accept"}, id="the README deal: a dove accepts"),
    pytest.param("readme", "hawk", 1, {"reject", "counter"}, id="the README deal: a hawk does not, in the same game"),
    pytest.param("equipment_for_peace", "planner:easy", 1, {"accept"}, id="equipment withdrawn for no invasion: accepted"),
    pytest.param("equipment_for_peace", "hawk", 1, {"reject", "counter"}, id="equipment for no invasion: a hawk holds out"),
]


def nato_against(rules, russia: str, seed: int) -> Game:
    return Game.new(rules, {"nato": "human", "russia": russia, "us": "historical"}, seed)


def russia_says(game: Game) -> list:
    return [m for m in game.view("nato").messages if m.sender == "russia"]


def propose(game: Game, terms: str) -> int:
    """NATO proposes ``terms`` to Russia; the deal's message id."""
    talk(game, "nato", "propose", terms)
    return max(m.id for m in game.session.messages() if m.sender == "nato" and m.statement and m.statement.kind == "deal")


def answer_to(game: Game, deal_id: int):
    """Russia's reply to deal ``deal_id``."""
    return next(m for m in russia_says(game) if m.statement and m.statement.kind == "reply" and m.statement.deal == deal_id)


def under_deal(game: Game, deal_id: int) -> list:
    """The commitments an accepted deal made (not the ones a role volunteered)."""
    return [m for m in game.session.messages() if m.statement is not None and m.statement.kind == "commitment"
            and m.text.startswith(f"Under deal #{deal_id} ")]


@pytest.mark.parametrize("deal, russia, seed, allowed", ANSWERS)
def test_the_table_of_offers_and_answers(rules, deal, russia, seed, allowed):
    game = nato_against(rules, russia, seed)
    deal_id = propose(game, DEALS[deal])
    reply = answer_to(game, deal_id)
    assert reply.statement.verdict in allowed
    if reply.statement.verdict == "counter":  # a counter names what it would accept instead
        assert reply.statement.give or reply.statement.ask
    accepted = reply.statement.verdict == "accept"
    commitments = under_deal(game, deal_id)
    offered = next(m for m in game.session.messages() if m.id == deal_id).statement
    # an accepted deal is both sides' commitments, one message a term; a refused one binds nobody
    assert len(commitments) == (len(offered.give or ()) + len(offered.ask or ()) if accepted else 0)


def test_a_person_accepts_a_counter_and_both_sides_are_bound(rules):
    game = nato_against(rules, "hawk", 1)
    counter = answer_to(game, propose(game, README_DEAL))
    assert counter.statement.verdict == "counter"
    assert talk(game, "nato", "accept", f"{counter.id} Agreed.").startswith("Declared in public: Accepted")
    bound = {(m.sender, m.statement.ref) for m in under_deal(game, counter.id)}
    senders = {s for s, _ in bound}
    assert senders == {"nato", "russia"} or (senders == {"nato"} and not counter.statement.give)
    with pytest.raises(MessageError, match="answered already"):
        talk(game, "nato", "accept", str(counter.id))


def test_a_deal_kept_or_broken_shows_in_the_record_and_the_report(rules, tmp_path):
    from game.report.aar import aar_html

    game = nato_against(rules, "planner:easy", 1)
    deal_id = propose(game, DEALS["equipment_for_peace"])
    assert answer_to(game, deal_id).statement.verdict == "accept"
    while not game.over:
        legal = game.match.legal_ids("nato")
        game.send(Seal("nato", tuple(a for a in ("demand_withdraw_offensive_equipment.accept",) if a in legal)))
    deal_terms = under_deal(game, deal_id)
    assert len(deal_terms) == 3
    settled = game.settled()
    assert all(settled.get(m.id) in ("kept", "broken") for m in deal_terms)
    invaded = any(set(o.get("russia", [])) & {"full_invasion", "limited_incursion"} for o in game.match.orders_log)
    assert ("broken" in [settled[m.id] for m in deal_terms if m.sender == "russia"]) == invaded
    page = aar_html(game.session, games=4)
    assert "Commitments and offers" in page
    for m in deal_terms:  # each side's term, with how it ended, in the debrief
        assert m.statement.describe(rules) in page


def test_an_ai_declared_threat_is_carried_out_or_costs_its_audience_cost(rules):
    # The US is an AI (Easy); it declares its threat on the banks; Russia (a person) moves on Ukraine.
    game = Game.new(rules, {"russia": "human", "us": "planner:easy", "nato": "historical"}, 5)
    game.send(Say("us", "all", "The banks will pay.", {"kind": "threat", "ref": "sanction_banks"}))
    t = rules.threat_index["sanction_banks"]
    credibility = rules.var_index["western_credibility"]
    while "limited_incursion" not in game.match.legal_ids("russia") and not game.over:
        game.send(Seal("russia", ("mass_troops", "drills_belarus")))
    assert not game.over
    game.send(Seal("russia", ("limited_incursion",)))
    status = st.UNDECLARED
    for _ in range(3):
        if game.over:
            break
        game.send(Seal("russia", ()))
        status = int(game.match.true_state.threat_status[0, t])
        if status in (st.HONORED, st.BROKEN):
            break
    assert status in (st.HONORED, st.BROKEN)
    imposed = any("sanction_banks" in o.get("us", []) for o in game.match.orders_log)
    entries = [e for r in game.match.reports for e in r.entries if e.id == "sanction_banks"]
    if status == st.HONORED:
        assert imposed
    else:  # broken: the audience cost is in the report, on Western credibility
        assert any(any(v == credibility and d < 0 for v, d in e.changes) for e in entries)


def test_keeping_its_word_is_weighed_against_breaking_it(rules):
    """A due threat: the response is added when carrying it out is worth it, left out when not (by value)."""
    match = Match(rules, 5)
    negotiator = negotiator_for(rules, "us", "planner")
    obs = match.observe_batch("us")
    none = np.zeros(len(rules.actions), dtype=bool)
    kept, honest = negotiator.keep_or_break(obs, none, (), ())
    assert honest and not kept.any()  # nothing promised: nothing changes
    pledge = Promise(rules.role_index("us"), rules.action("us", "video_summit").index, True, 1)
    kept, honest = negotiator.keep_or_break(obs, none, (pledge,), ())
    assert kept[pledge.action] == honest  # kept when it judged keeping worth it, else left as it was


@pytest.mark.parametrize("weeks", [0, 3], ids=["as the game opens", "in week 4"])
def test_futures_judged_together_are_those_judged_alone(rules, weeks):
    """``values_together`` plays several sets of variants (their own rollouts and trust) in one batch; each
    set's values are exactly those it gets alone, so the deal search may judge its candidates together."""
    match = Match(rules, 2)
    for _ in range(weeks):
        match.play_turn({})
    russia = negotiator_for(rules, "russia", "dove")
    r, us = rules.role_index("russia"), rules.role_index("us")
    obs = match.observe_batch("russia")
    calm = Promise(r, rules.action("russia", "engage_talks").index, True, 6)
    summit = Promise(us, rules.action("us", "video_summit").index, True, 6)
    no_invasion = Promise(r, rules.action("russia", "full_invasion").index, False, 12)
    threat = next(t.index for t in rules.threats if t.by == r)
    groups = [([Variant(), Variant((calm,)), Variant(declare=(threat,))], np.array([0.75, 0.5, 0.9]), 32),
              ([Variant(), Variant((calm, summit)), Variant((no_invasion,))], None, None),
              ([Variant((summit,))], 0.2, 8)]
    first = obs.legal[0] & (rules.action_role == r) & (np.arange(len(rules.actions)) % 3 == 0)
    for sealed in (None, first):
        together = russia.values_together(obs, groups, sealed)
        alone = [russia.values(obs, variants, sealed, trust, rollouts) for variants, trust, rollouts in groups]
        assert [a.shape for a in together] == [(3, 32), (3, russia.rollouts), (1, 8)]
        for a, b in zip(together, alone):
            np.testing.assert_array_equal(a, b)
        assert any(not np.array_equal(set_[0], set_[1:][k]) for set_ in together[:2] for k in range(2))  # variants differ


def test_two_games_differing_in_a_hidden_draw_decide_differently_and_say_no_number(rules):
    verdicts, texts = set(), []
    for resolve in (10.0, 95.0):
        game = nato_against(rules, "planner:easy", 1)
        state = game.match.true_state.copy()
        state.values[0, rules.var_index["kremlin_resolve"]] = resolve
        state.estimates[0, rules.role_index("russia"), rules.var_index["kremlin_resolve"]] = resolve
        game.match.amend(state)
        deal_id = propose(game, DEALS["equipment_for_peace"])
        talk(game, "nato", "say", "russia Shall we meet in Geneva?")
        said = russia_says(game)
        verdicts.add(answer_to(game, deal_id).statement.verdict)
        texts += [m.text for m in said] + [m.statement.describe(rules) for m in said if m.statement]
    assert len(verdicts) == 2  # the same offer, a Kremlin that values force more: another answer
    hidden = [rules.var_index[v] for v in ("kremlin_resolve", "kremlin_cost_sensitivity", "invasion_readiness", "reply_reception")]
    for text in texts:
        bare = re.sub(r"#\d+|week \d+", "", text)
        assert not re.search(r"\d", bare), text  # no number at all, so none from the hidden state
    assert hidden  # the hidden variables named exist in the scenario


def test_seed_and_inputs_reproduce_the_replies_and_a_save_replays_them(rules, tmp_path):
    def play() -> Game:
        game = nato_against(rules, "hawk", 2)
        talk(game, "nato", "propose", README_DEAL)
        talk(game, "nato", "say", "russia We want talks.")
        game.send(Seal("nato", ("unity_statement",)))
        talk(game, "nato", "propose", DEALS["gift"].replace(" 8 ", " 9 "))
        game.send(Seal("nato", ()))
        return game

    first, second = play(), play()
    said = [(m.sender, m.to, m.text, m.statement) for m in first.session.messages()]
    assert said == [(m.sender, m.to, m.text, m.statement) for m in second.session.messages()]
    assert any(s == "russia" for s, *_ in said)
    assert first.match.orders_log == second.match.orders_log
    path = tmp_path / "deal.json"
    first.save(path)
    loaded = Game.from_save(read_save(path), path)
    assert [(m.sender, m.text, m.statement) for m in loaded.session.messages()] == [(s, t, x) for s, _, t, x in said]
    assert loaded.settled() == first.settled() and loaded.match.orders_log == first.match.orders_log


HOSTILE = [
    pytest.param({"kind": "deal", "ref": "russia", "give": [{"ref": "no_such_action"}], "ask": []}, "has no action", id="an unknown action"),
    pytest.param({"kind": "deal", "ref": "russia", "give": [{"ref": "withdraw_troops"}]}, "it is russia's, so it goes after 'for'",
                 id="the other side's move among one's own terms"),
    pytest.param({"kind": "deal", "ref": "russia", "ask": [{"ref": "unity_statement"}]}, "it is nato's, so it goes before 'for'",
                 id="one's own move among the asks"),
    pytest.param({"kind": "deal", "ref": "russia", "give": [{"ref": "unity_statment"}]}, "did you mean 'unity_statement'",
                 id="a near miss"),
    pytest.param({"kind": "deal", "ref": "atlantis", "give": [], "ask": []}, "names the other role", id="an unknown role"),
    pytest.param({"kind": "deal", "ref": "nato", "give": [{"ref": "unity_statement"}]}, "names the other role", id="a deal with oneself"),
    pytest.param({"kind": "deal", "ref": "russia"}, "at least one term", id="no terms"),
    pytest.param({"kind": "deal", "ref": "russia", "give": "unity_statement"}, "must be a list", id="terms not a list"),
    pytest.param({"kind": "deal", "ref": "russia", "give": [{"ref": "unity_statement"}] * (MAX_TERMS + 1)}, "at most", id="too many terms"),
    pytest.param({"kind": "deal", "ref": "russia", "give": [{"ref": "x" * 100_000}]}, "has no action", id="a huge id"),
    pytest.param({"kind": "deal", "ref": "russia", "by_turn": 99, "give": [{"ref": "unity_statement"}]}, "by_turn", id="a turn past the end"),
    pytest.param({"kind": "deal", "ref": "russia", "give": [{"ref": "unity_statement", "do": "yes"}]}, "true or false", id="do not a bool"),
    pytest.param({"kind": "reply", "deal": 99, "verdict": "accept"}, "not a deal", id="accepting a deal that does not exist"),
    pytest.param({"kind": "reply", "deal": True, "verdict": "accept"}, "message number", id="a deal number that is a bool"),
    pytest.param({"kind": "reply", "deal": 1, "verdict": "maybe"}, "not a deal|accept", id="an unknown verdict"),
    pytest.param({"kind": "commitment", "ref": "withdraw_troops", "by_turn": 3},
                 "it is russia's; a commitment promises your own moves", id="a commitment to another role's move"),
    pytest.param({"kind": "commitment", "ref": "unity_statment", "by_turn": 3}, "did you mean 'unity_statement'",
                 id="a commitment with a near miss"),
    pytest.param({"kind": "commitment", "ref": "engage_talk", "by_turn": 3},
                 "'engage_talks' is russia's; a commitment promises your own moves",
                 id="a commitment with a near miss of another role's move"),
    pytest.param({"kind": "commitment", "ref": "\ud800" * 100_000, "by_turn": 3}, "has no action",
                 id="a commitment to a huge id of lone surrogates"),
]


@pytest.mark.parametrize("statement, error", HOSTILE)
def test_hostile_deals_get_a_clear_refusal(rules, statement, error):
    game = nato_against(rules, "historical", 1)
    with pytest.raises(MessageError, match=error):
        game.send(Say("nato", "all", "a deal", statement))
    assert game.session.messages() == []  # nothing recorded, nothing answered


def test_hostile_text_to_an_ai_is_refused_and_odd_text_answered_in_character(rules):
    game = nato_against(rules, "historical", 1)
    with pytest.raises(MessageError, match="lone surrogate"):
        game.send(Say("nato", "russia", "hi \ud800"))
    with pytest.raises(MessageError, match="at most"):
        game.send(Say("nato", "russia", "x" * (MAX_TEXT + 1)))
    game.send(Say("nato", "russia", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ " * 50))
    assert [m.sender for m in game.session.messages()] == ["nato", "russia"]


def test_only_the_role_a_deal_is_offered_to_may_accept_it(rules):
    game = Game.new(rules, {"nato": "human", "russia": "human", "us": "human"}, 1)
    talk(game, "nato", "propose", DEALS["gift"])
    with pytest.raises(MessageError, match="not offered to us"):
        talk(game, "us", "accept", "1")
    with pytest.raises(MessageError, match="not offered to nato"):
        talk(game, "nato", "accept", "1")


@pytest.mark.parametrize("line, error", [
    pytest.param("russia", "propose ROLE N", id="no terms"),
    pytest.param("russia eight a for b", "propose ROLE N", id="a turn that is not a number"),
    pytest.param("russia 8 a b", "propose ROLE N", id="no 'for'"),
])
def test_malformed_propose_commands(line, error):
    with pytest.raises(MessageError, match=error):
        parse_talk("propose", line)


def test_a_deal_lapses_with_its_turn(rules):
    game = Game.new(rules, {"nato": "human", "russia": "human", "us": "historical"}, 1)
    talk(game, "nato", "propose", DEALS["gift"])
    game.send(Seal("nato", ()))
    game.send(Seal("russia", ()))
    with pytest.raises(MessageError, match="lapsed"):
        talk(game, "russia", "accept", "1")


def test_people_can_deal_with_each_other(rules):
    game = Game.new(rules, {"nato": "human", "russia": "human", "us": "historical"}, 1)
    talk(game, "nato", "propose", DEALS["readme"])
    assert [m.sender for m in game.session.messages()] == ["nato"]  # a person answers in their own time
    talk(game, "russia", "reject", "1 No.")
    assert game.session.messages()[-1].statement.describe(rules) == "Rejected: NATO's deal #1"


@pytest.mark.parametrize("kind, ref, words", [
    ("threat", "sanction_banks", "Threat: Cut major banks off from dollar transactions (comes due after Full-scale invasion"),
    ("red_line", "russia_no_membership", "Red line: NATO must not open its door to Ukraine (crossed after Offer Ukraine a membership pathway)"),
], ids=["a sanctions threat says when it comes due", "a red line says what crosses it"])
def test_a_declaration_names_its_trigger_in_words_not_as_a_formula(rules, kind, ref, words):
    said = Statement(kind=kind, ref=ref).describe(rules)
    assert said.startswith(words)
    assert "used." not in said and ">" not in said


DEAL_TO_NATO = Message(id=1, turn=1, time="t", sender="russia", to="all", text="We propose this.",
                       statement=Statement(kind="deal", ref="nato", by_turn=4, give=({"ref": "partial_drawdown"},),
                                           ask=({"ref": "reinforce_eastern_flank", "do": False},)))


@pytest.mark.parametrize("me, answered, hinted", [
    ("nato", (), True),
    (None, (), True),
    ("us", (), False),
    ("nato", (1,), False),
], ids=["the role it is offered to is told how to answer", "a reader with no role (a LAN log) too",
        "another role is not told to accept a deal it cannot answer", "nobody once it is answered"])
def test_a_deal_tells_only_its_addressee_how_to_answer_it_while_it_is_open(rules, me, answered, hinted):
    line = message_line(rules, DEAL_TO_NATO, me=me, answered=answered)
    assert ("'accept 1' or 'reject 1'" in line) is hinted
    assert "Deal offered to NATO" in line


def test_a_reply_in_the_list_marks_its_deal_answered():
    reply = Message(id=2, turn=1, time="t", sender="nato", to="all", text="No.",
                    statement=Statement(kind="reply", ref="russia", deal=1, verdict="reject"))
    assert answered_deals([DEAL_TO_NATO, reply]) == {1}
