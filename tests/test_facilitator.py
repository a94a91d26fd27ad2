"""The white cell: clock, late roles, injects, adjudication, undo, rollback, branch, console."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.match import Match
from game.play.clock import Clock
from game.play.facilitator import Facilitator, FacilitatorError
from game.play.runner import Game
from game.play.saves import read_save, replay_save
from game.play.session import Session, from_save


class FakeTime:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def make(rules, seconds=None, late="standing", seed=6):
    now = FakeTime()
    fac = Facilitator(Game(Session(Match(rules, seed), {r: "human" for r in rules.roles}), clock=Clock(seconds, now=now), late=late))
    return fac, now


def var(fac, name):
    return fac.true_values()[name]


# -- the clock ---------------------------------------------------------------------------
@pytest.mark.parametrize("steps,left", [
    ([("wait", 100)], 500),
    ([("pause", 0), ("wait", 300), ("resume", 0), ("wait", 100)], 500),
    ([("extend", 120), ("wait", 700)], 20),
    ([("wait", 700)], 0),
    ([("end", 0)], 0),
])
def test_clock(steps, left):
    now = FakeTime()
    clock = Clock(600, now=now)
    clock.start(1)
    for what, amount in steps:
        if what == "wait":
            now.t += amount
        elif what == "extend":
            clock.extend(amount)
        else:
            getattr(clock, {"pause": "pause", "resume": "resume", "end": "end_now"}[what])()
    assert clock.remaining() == left and clock.expired() == (left == 0)


def test_per_turn_length_and_no_limit():
    clock = Clock(None, per_turn={2: 30}, now=lambda: 0.0)
    clock.start(1)
    assert clock.remaining() is None and not clock.expired()
    clock.start(2)
    assert clock.remaining() == 30


@pytest.mark.parametrize("late,expected", [("standing", ["video_summit"]), ("nothing", [])])
def test_late_roles_get_their_draft_or_nothing(rules, late, expected):
    fac, now = make(rules, seconds=60, late=late)
    fac.draft("us", ["video_summit"])
    fac.seal("russia", ["mass_troops"])
    assert fac.tick() is None
    now.t = 61
    report = fac.tick()
    assert report is not None and fac.match.orders_log[0]["us"] == expected and fac.match.orders_log[0]["nato"] == []
    assert fac.match.orders_log[0]["russia"] == ["mass_troops"]
    assert any("Time ran out" in n.text for n in fac.session.notes(1))


def test_standing_orders_when_no_draft_keep_only_legal_ones(rules):
    fac, _ = make(rules)
    fac.set_standing("us", ["video_summit", "consult_allies"])
    fac.end_turn()
    assert fac.match.orders_log[0]["us"] == ["video_summit", "consult_allies"]
    fac.end_turn()  # the summit can be held only once: only the consultation stands
    assert fac.match.orders_log[1]["us"] == ["consult_allies"]


def test_turn_resolves_when_all_have_sealed(rules):
    fac, _ = make(rules)
    for role in rules.roles[:-1]:
        fac.seal(role, [])
        assert fac.match.turn == 1
    events = fac.seal(rules.roles[-1], [])  # the last seal resolves the turn
    assert fac.match.turn == 2 and [type(e).__name__ for e in events][:2] == ["Sealed", "Resolved"]
    assert fac.tick() is None


def test_orders_as_they_come_in(rules):
    fac, _ = make(rules)
    fac.draft("us", ["video_summit"])
    fac.seal("nato", [])
    assert fac.orders_in() == {"us": {"sealed": False, "orders": ["video_summit"]},
                               "russia": {"sealed": False, "orders": []}, "nato": {"sealed": True, "orders": []}}
    with pytest.raises(FacilitatorError):
        fac.draft("us", ["mass_troops"])


# -- injects -----------------------------------------------------------------------------
def inject_turn(rules, event_id):
    return rules.events[rules.event_index[event_id]].turn


def run_to(fac, turn):
    while fac.match.turn < turn:
        fac.end_turn()


def test_skip_an_inject(rules):
    fac, _ = make(rules)
    fac.skip("intelligence_warning", "we run our own intelligence brief")
    run_to(fac, inject_turn(rules, "intelligence_warning") + 1)
    e = rules.event_index["intelligence_warning"]
    assert not any(x.id == "intelligence_warning" for r in fac.match.reports for x in r.entries)
    assert fac.match.true_state.fired[0, e] == 0 and fac.match.true_state.blocked[0, e]
    assert next(i for i in fac.injects() if i.id == "intelligence_warning").status == "skipped"


def test_delay_an_inject(rules):
    fac, _ = make(rules)
    when = inject_turn(rules, "intelligence_warning")
    fac.delay("intelligence_warning", 2, "later, for drama")
    run_to(fac, when + 1)
    assert not any(x.id == "intelligence_warning" for x in fac.match.reports[when - 1].entries)
    run_to(fac, when + 2)
    fired = fac.session.control_entries[when + 2]
    assert [x.id for x in fired] == ["intelligence_warning"]


def test_publish_now_and_edit(rules):
    fac, _ = make(rules)
    before = var(fac, "tension")
    fac.publish("intelligence_warning", "now")
    assert var(fac, "tension") == pytest.approx(before + 3)
    with pytest.raises(FacilitatorError, match="already happened"):
        fac.skip("intelligence_warning", "too late")
    fac.edit("schiff_warning", "Senators demand tougher sanctions", {"us_domestic_support": 5}, "sharper")
    run_to(fac, inject_turn(rules, "schiff_warning") + 1)
    heads = [x.headline for x in fac.session.control_entries[inject_turn(rules, "schiff_warning")]]
    assert "Senators demand tougher sanctions" in heads


def test_adhoc_inject_and_unknown_things(rules):
    fac, _ = make(rules)
    before = var(fac, "nato_cohesion")
    fac.adhoc("A pipeline explodes in the Baltic", {"nato_cohesion": -5}, "ad hoc")
    assert var(fac, "nato_cohesion") == before - 5
    for call in (lambda: fac.adhoc("x", {"no_such_var": 1}, "r"), lambda: fac.adhoc("", {"tension": 1}, "r"),
                 lambda: fac.override("tension", 50, " "), lambda: fac.publish("lavrov_retaliation", "not an inject")):
        with pytest.raises(FacilitatorError):
            call()


# -- adjudication and time travel ------------------------------------------------------------
def test_override_event_outcome_undo_and_exact_replay(rules, tmp_path):
    fac, _ = make(rules)
    a = fac.override("talks_progress", 40, "the teams made real progress in the room")
    fac.event_outcome("direct_clash", False, "we rule out a clash this game")
    assert not fac.match.over  # ruling an event out is not the event happening
    assert var(fac, "talks_progress") == 40
    fac.note("A tense first week")
    fac.seal("russia", ["mass_troops"])
    fac.end_turn()
    fac.end_turn()
    path = tmp_path / "seminar.json"
    fac.session.save(path)
    match, _ = replay_save(read_save(path), path)
    np.testing.assert_array_equal(match.true_state.values, fac.match.true_state.values)
    undo = fac.undo(a.id, "we were wrong")
    assert undo.reason == "we were wrong"
    plain = Session(Match(rules, 6), {})
    plain.adjudicate(__import__("game.engine.adjudicate", fromlist=["Adjustment"]).Adjustment("suppress_event", "direct_clash"), "r")
    for orders in fac.match.orders_log:
        for role in rules.roles:
            plain.submit(role, orders[role])
        plain.resolve()
    np.testing.assert_array_equal(plain.match.true_state.values, fac.match.true_state.values)
    fac.session.save(path)
    again = from_save(read_save(path), str(path))
    np.testing.assert_array_equal(again.match.true_state.values, fac.match.true_state.values)


def test_rollback_and_branch(rules, tmp_path):
    fac, _ = make(rules)
    run_to(fac, 4)
    values_at_3 = fac.match.history[2].copy()
    other = fac.branch(3, "what if Geneva had worked")
    assert other.match.turn == 3 and fac.match.turn == 4
    np.testing.assert_array_equal(other.match.true_state.values[0], values_at_3)
    other.seal("us", ["consult_allies"])
    other.end_turn()
    other.session.save(tmp_path / "branch.json")
    data = read_save(tmp_path / "branch.json")
    assert data.extra.branch_of.turn == 3
    back = fac.rollback(2)
    assert back.match.turn == 2 and len(back.match.orders_log) == 1


def test_console_script(rules, tmp_path):
    from rich.console import Console

    from game.text.facilitator import FacilitatorConsole

    fac, _ = make(rules)
    lines = iter([
        "state", "view us", "injects", "set tension 80 escalation in the room", 'inject "Cyber attack on Kyiv" ukraine_defense=-3 -- ad hoc',
        "order us video_summit", "orders", "say all Welcome to week one", "msgs", "note good start", "log",
        "end", "undo 1 wrong", "bogus", "set tension", f"save {tmp_path / 'c.json'}", "quit",
    ])
    console = Console(record=True, width=120)
    fc = FacilitatorConsole(fac, console, ask=lambda prompt: next(lines), save_path=str(tmp_path / "auto.json"))
    assert fc.run() == 1
    out = console.export_text()
    for text in ("True state", "Kremlin's weight on economic cost", "Recorded act #1", "unknown command 'bogus'",
                 "Draft for us: video_summit", "Welcome to week one", "good start"):
        assert text in out
    data = read_save(tmp_path / "c.json")
    kinds = [a.kind for a in data.acts]
    assert kinds.count("adjust") == 2 and "undo" in kinds and "note" in kinds and data.turns
