"""Negotiation and the session log: statements feed credibility, everything replays exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest

from game.engine import state as st
from game.engine.adjudicate import Adjustment
from game.engine.match import Match
from game.play.negotiation import MessageError
from game.play.saves import read_save, replay_save, write_save
from game.play.session import Session, SessionError, from_save

CLOCK = iter(f"2026-01-01T10:{i // 60:02d}:{i % 60:02d}+00:00" for i in range(10_000))


def new_session(rules, seed=5) -> Session:
    return Session(Match(rules, seed), {r: "human" for r in rules.roles}, clock=lambda: next(CLOCK))


def play(session: Session, orders: dict[str, list[str]] | None = None):
    for role in session.rules.roles:
        session.submit(role, (orders or {}).get(role, []))
    return session.resolve()


def var(session, name):
    return float(session.match.true_state.values[0, session.rules.var_index[name]])


# -- who reads what ------------------------------------------------------------------------
@pytest.mark.parametrize("sender,to,readers", [
    ("us", "russia", {"us", "russia"}),
    ("russia", "nato", {"russia", "nato"}),
    ("nato", "all", {"us", "russia", "nato"}),
])
def test_message_visibility(rules, sender, to, readers):
    s = new_session(rules)
    s.say(sender, to, "words")
    assert {r for r in rules.roles if s.messages_for(r)} == readers


def test_a_leak_makes_a_private_message_public(rules):
    s = new_session(rules)
    m = s.say("us", "russia", "back channel")
    assert not s.messages_for("nato")
    s.leak(m.id, "found in a newspaper")
    assert s.messages_for("nato")[0].leaked == "found in a newspaper"


@pytest.mark.parametrize("sender,to,text,statement,error", [
    ("us", "mars", "hi", None, "unknown recipient"),
    ("us", "russia", "hi \x1b[2J", None, "control characters"),
    ("us", "russia", "hi \x9b", None, "control characters"),
    ("us", "russia", "  ", None, "needs some text"),
    ("us", "all", "x", {"kind": "threat", "ref": "russia_no_membership"}, "not one of"),
    ("russia", "all", "x", {"kind": "red_line", "ref": "us_no_move_on_ukraine"}, "not one of"),
    ("us", "all", "x", {"kind": "commitment", "ref": "mass_troops", "by_turn": 3}, "no action"),
    ("us", "all", "x", {"kind": "commitment", "ref": "arm_ukraine", "by_turn": 99}, "by_turn"),
    ("us", "all", "x", {"kind": "offer", "ref": "demand_no_expansion"}, "not pending"),
    ("russia", "all", "x", {"kind": "offer", "ref": "demand_no_expansion"}, "not a demand made to"),
    ("us", "all", "x", {"kind": "ultimatum", "ref": "x"}, "unknown statement"),
])
def test_bad_messages_are_refused_and_not_recorded(rules, sender, to, text, statement, error):
    s = new_session(rules)
    with pytest.raises(MessageError, match=error):
        s.say(sender, to, text, statement)
    assert s.acts == []


def test_a_team_writes_on_its_own_channel_that_nobody_else_reads(rules):
    s = new_session(rules)
    m = s.say("us", "us", "who seals tonight?", seat="Secretary of State")
    assert m.team and m.seat == "Secretary of State"
    assert s.messages_for("us") == [m] and s.messages_for("russia") == [] and s.messages_for("nato") == []


def test_a_purge_takes_back_a_teams_messages_in_one_act_and_an_undo_brings_them_back(rules):
    s = new_session(rules)
    kept = s.say("russia", "all", "a real message")
    for i in range(30):
        s.say("us", "all", f"junk {i}")
    statement = s.say("us", "all", "we mean it", {"kind": "threat", "ref": "sanction_banks"})
    purge = s.purge("us", "a flood of junk")
    after = s.say("us", "all", "sorry about that")
    assert [m.id for m in s.messages_for("nato")] == [kept.id, statement.id, after.id]
    s.undo(purge.id, "it was not junk after all")
    assert len(s.messages_for("nato")) == 33


# -- statements and credibility ---------------------------------------------------------------
def test_declared_threat_enters_the_engines_threat_mechanics(rules):
    s = new_session(rules)
    s.say("us", "all", "Banks will be cut off", {"kind": "threat", "ref": "sanction_banks"})
    t = rules.threat_index["sanction_banks"]
    assert s.match.true_state.threat_status[0, t] == st.DECLARED
    quiet = new_session(rules)
    for session in (s, quiet):
        session.adjudicate(Adjustment("set", "invasion_readiness", value=80), "test: Moscow is ready")
        play(session, {"russia": ["full_invasion"]})
    # The trigger (an invasion) calls the declared threat due; an undeclared one stays silent.
    assert s.match.true_state.threat_status[0, t] == st.DUE
    assert quiet.match.true_state.threat_status[0, t] == st.UNDECLARED
    assert any(e.kind == "threat_due" and e.id == "sanction_banks" for e in s.match.reports[-1].entries)


@pytest.mark.parametrize("kind,orders_week1,outcome", [
    ("commit", [], "broken"),
    ("commit", ["arm_ukraine"], "kept"),
    ("refrain", ["arm_ukraine"], "broken"),
    ("refrain", [], "kept"),
])
def test_commitments_are_settled_and_broken_ones_cost(rules, kind, orders_week1, outcome):
    s = new_session(rules)
    m = s.say("us", "all", "our word", {"kind": "commitment", "ref": "arm_ukraine", "by_turn": 1, "do": kind == "commit"})
    before = var(s, "western_credibility")
    play(s, {"us": orders_week1})
    assert s.settled[m.id] == outcome
    # settled in the turn by the engine's pledges phase: the cost is an entry of the turn's report
    word = "commitment" if kind == "commit" else "refrain"
    costs = [e for e in s.match.reports[-1].entries if e.phase == "pledges" and e.kind == f"{word}_broken"]
    assert bool(costs) == (outcome == "broken")
    assert any(e.kind == f"{word}_kept" for e in s.match.reports[-1].entries) == (outcome == "kept")
    if outcome == "broken":
        assert any(rules.variables[v].id == "western_credibility" and d < 0 for v, d in costs[0].changes)
    assert var(s, "western_credibility") != before or outcome == "kept"


def test_offer_answering_a_demand(rules):
    s = new_session(rules)
    play(s, {"russia": ["demand_no_expansion"]})
    m = s.say("us", "all", "talks on missiles", {"kind": "offer", "ref": "demand_no_expansion", "answer": "counter"})
    play(s, {"us": ["demand_no_expansion.reject"]})
    assert s.settled[m.id] == "broken"


# -- the save ---------------------------------------------------------------------------------
def played_session(rules) -> Session:
    s = new_session(rules, seed=9)
    s.say("us", "russia", "private")
    s.say("russia", "all", "we drill", {"kind": "commitment", "ref": "drills_belarus", "by_turn": 2})
    s.say("us", "all", "red line", {"kind": "red_line", "ref": "us_no_move_on_ukraine"})
    s.adjudicate(Adjustment("set", "tension", value=75), "the room escalated")
    s.adjudicate(Adjustment("fire_event", "intelligence_warning"), "early leak", turn=3)
    play(s, {"russia": ["mass_troops"]})
    s.adjudicate(Adjustment("effects", "adhoc", effects={"nato_cohesion": -7}, headline="Pipeline blast"), "ad hoc")
    play(s, {"us": ["consult_allies"]})
    play(s)
    return s


def test_acts_replay_exactly_from_the_save(rules, tmp_path):
    s = played_session(rules)
    path = tmp_path / "game.json"
    s.save(path)
    data = read_save(path)
    assert data.format == 2 and all(a.turn and a.time for a in data.acts)
    match, _ = replay_save(data, path)
    np.testing.assert_array_equal(match.true_state.values, s.match.true_state.values)
    again = from_save(data, str(path))
    np.testing.assert_array_equal(again.match.true_state.values, s.match.true_state.values)
    assert again.settled == s.settled and [m.text for m in again.messages()] == [m.text for m in s.messages()]
    plain = Match(rules, 9)
    for orders in data.turns:
        plain.play_turn(orders)
    assert not np.array_equal(plain.true_state.values, s.match.true_state.values)


def test_format_1_saves_still_load(rules, tmp_path):
    m = Match(rules, 4)
    m.play_turn({"us": ["video_summit"]})
    path = tmp_path / "old.json"
    write_save(path, m, {"us": "human"})
    data = json.loads(path.read_text())
    assert data["format"] == 1
    session = from_save(read_save(path), str(path))
    np.testing.assert_array_equal(session.match.true_state.values, m.true_state.values)


def test_newer_format_is_refused(rules, tmp_path):
    from game.play.saves import SaveError

    s = played_session(rules)
    data = s.save_data().to_json()
    data["format"] = 3
    path = tmp_path / "new.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="newer"):
        read_save(path)


def test_malformed_act_is_refused(rules, tmp_path):
    from game.play.saves import SaveError

    data = played_session(rules).save_data().to_json()
    data["extra"]["session"]["acts"][3]["adjustment"]["target"] = "no_such_variable"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="malformed"):
        from_save(read_save(path), str(path))


def test_undo_replays_without_the_act(rules):
    s = played_session(rules)
    reference = new_session(rules, seed=9)
    reference.say("us", "russia", "private")
    reference.say("russia", "all", "we drill", {"kind": "commitment", "ref": "drills_belarus", "by_turn": 2})
    reference.say("us", "all", "red line", {"kind": "red_line", "ref": "us_no_move_on_ukraine"})
    reference.adjudicate(Adjustment("fire_event", "intelligence_warning"), "early leak", turn=3)
    play(reference, {"russia": ["mass_troops"]})
    reference.adjudicate(Adjustment("effects", "adhoc", effects={"nato_cohesion": -7}, headline="Pipeline blast"), "ad hoc")
    play(reference, {"us": ["consult_allies"]})
    play(reference)
    set_act = next(a for a in s.acts if a.kind == "adjust" and a.adjustment.kind == "set")
    s.undo(set_act.id, "wrong number")
    np.testing.assert_array_equal(s.match.true_state.values, reference.match.true_state.values)
    with pytest.raises(SessionError):
        s.undo(set_act.id, "twice")


def test_rollback_is_a_replay_of_the_earlier_turns(rules):
    from game.play.session import replay

    s = played_session(rules)
    back = s.rollback(2)
    assert back.match.turn == 2 and back.match.orders_log == s.match.orders_log[:1]
    assert back.acts and all(a.made_turn < 2 for a in back.acts)
    again = replay(rules, 9, s.match.orders_log[:1], back.acts)
    np.testing.assert_array_equal(again.match.true_state.values, back.match.true_state.values)
    # the ad-hoc inject of week 2 (made after the start of week 2) is not in the rolled-back game
    gap = back.match.history[1] - s.match.history[1]
    assert gap[rules.var_index["nato_cohesion"]] == pytest.approx(7) and np.count_nonzero(gap) == 1
    assert len(s.match.orders_log) == 3  # the original goes on untouched


def test_a_declared_threat_is_the_speakers_act_not_an_entry_from_control(rules):
    """A role's declaration changes the game (the threat is declared) but is shown with its statement:
    no team and not the white cell sees it under "From control" (it used to appear there, "(control)")."""
    s = new_session(rules)
    s.say("us", "all", "Banks will be cut off", {"kind": "threat", "ref": "sanction_banks"})
    assert s.match.true_state.threat_status[0, rules.threat_index["sanction_banks"]] == st.DECLARED
    assert all(s.control_report(role) == [] for role in [*rules.roles, None])
    s.adjudicate(Adjustment("effects", "adhoc", effects={"tension": 3}, headline="Border clash"), "ruled")
    assert [e.headline for e in s.control_report(None)] == ["Border clash"]  # control's own act still is


def test_teams_see_public_control_entries_without_reasons_or_hidden_changes(rules):
    s = new_session(rules)
    s.adjudicate(Adjustment("effects", "adhoc", effects={"invasion_readiness": 5, "tension": 3}, headline="Border clash"),
                 "to wake the Russian team up")
    s.adjudicate(Adjustment("set", "talks_progress", value=30, public=False), "secret ruling")
    for role in rules.roles:
        entries = s.control_report(role)
        assert [e.headline for e in entries] == ["Border clash"] and entries[0].text == ""
        seen = {rules.variables[v].id for v, _ in entries[0].changes}
        assert seen == ({"invasion_readiness", "tension"} if role == "russia" else {"tension"})
    assert [e.text for e in s.control_report(None)] == ["to wake the Russian team up", "secret ruling"]


@pytest.mark.parametrize("corrupt", [
    lambda acts: acts[0].update(kind="launch"),
    lambda acts: acts[0].update(id=7),
    lambda acts: acts[0].pop("turn"),
    lambda acts: acts[0]["message"].update(extra_field=1),
    lambda acts: acts[1]["message"]["statement"].update(ref="no_such_action"),
    lambda acts: acts[2]["message"]["statement"].update(kind="red_line", ref="russia_no_membership"),
    lambda acts: acts[3]["adjustment"].update(kind="explode"),
    lambda acts: acts[3]["adjustment"].update(value="high"),
    lambda acts: acts.append({"id": len(acts) + 1, "kind": "undo", "turn": 1, "undoes": "x"}),
    lambda acts: acts.append({"id": len(acts) + 1, "kind": "leak", "turn": 1}),
    lambda acts: acts.append("not an act"),
])
def test_corrupt_acts_are_refused_with_a_save_error(rules, tmp_path, corrupt):
    from game.play.saves import SaveError

    data = played_session(rules).save_data().to_json()
    corrupt(data["extra"]["session"]["acts"])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="malformed"):
        from_save(read_save(path), str(path))
    with pytest.raises(SaveError, match="malformed"):
        replay_save(read_save(path), path)
