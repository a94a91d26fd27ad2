"""Saves: written atomically, replayed exactly, and refused clearly when bad."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from game.engine import Match
from game.play.saves import SaveError, read_save, replay_save, write_save
from game.scenario import load_scenario
from game.simulation import policies_for

MINI = Path(__file__).parent / "data" / "mini.yaml"


def played_match(rules, seed=8, turns=None) -> Match:
    m = Match(rules, seed)
    policies = policies_for(rules, {role: "random" for role in rules.roles})
    while not m.over and (turns is None or len(m.reports) < turns):
        for p in policies:
            m.submit(p.role, p.choose_ids(m.observe_batch(p.role)))
        m.resolve()
    return m


def test_save_and_replay_give_the_same_game(tmp_path, rules):
    m = played_match(rules)
    path = tmp_path / "g.json"
    write_save(path, m, {"us": "human", "russia": "random", "nato": "random"})
    again, _ = replay_save(read_save(path), path)
    assert again.ending == m.ending and again.orders_log == m.orders_log
    assert np.array_equal(again.true_state.values, m.true_state.values)
    assert [len(r.entries) for r in again.reports] == [len(r.entries) for r in m.reports]


def test_replay_can_stop_at_a_turn(tmp_path, rules):
    m = played_match(rules, turns=6)
    path = tmp_path / "g.json"
    write_save(path, m, {})
    partial, _ = replay_save(read_save(path), path, upto=3)
    assert partial.turn == 4 and np.array_equal(partial.history[3], m.history[3])


def test_write_is_atomic_and_leaves_no_temporary_files(tmp_path, rules, monkeypatch):
    m = played_match(rules, turns=2)
    path = tmp_path / "g.json"
    write_save(path, m, {})
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(OSError):
        write_save(path, played_match(rules, turns=4), {})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def corrupt_variants(good: dict) -> list[tuple[str, bytes, str]]:
    newer = dict(good, format=99)
    wrong_hash = dict(good, scenario_hash="0" * 64)
    other = dict(good, scenario="mini")
    bad_turn = dict(good, turns=[{"us": "video_summit"}])
    illegal = dict(good, turns=[{"us": ["full_invasion"]}])
    strange_role = dict(good, turns=[{"martians": []}])
    text = json.dumps(good)
    return [
        ("truncated", text[: len(text) // 2].encode(), "corrupt or truncated"),
        ("empty", b"", "corrupt or truncated"),
        ("binary", b"\xff\xfe\x00garbage", "not UTF-8"),
        ("not a save", b'{"hello": 1}', "not a Brinkmanship save"),
        ("newer format", json.dumps(newer).encode(), "newer than this version"),
        ("scenario changed", json.dumps(wrong_hash).encode(), "has changed since this game was saved"),
        ("other scenario", json.dumps(other).encode(), "the save's scenario cannot be loaded"),
        ("malformed turn", json.dumps(bad_turn).encode(), "turn 1 of the save is malformed"),
        ("illegal orders", json.dumps(illegal).encode(), "turn 1 cannot be replayed"),
        ("unknown role", json.dumps(strange_role).encode(), "unknown roles: martians"),
        ("seed of wrong type", json.dumps(dict(good, seed="x")).encode(), "'seed' is missing or of the wrong type"),
    ]


def test_bad_saves_are_refused_clearly_and_left_untouched(tmp_path, rules):
    path = tmp_path / "g.json"
    write_save(path, played_match(rules, turns=2), {})
    good = json.loads(path.read_text())
    for name, content, message in corrupt_variants(good):
        bad = tmp_path / f"{name}.json"
        bad.write_bytes(content)
        with pytest.raises(SaveError, match=message):
            replay_save(read_save(bad), bad)
        assert bad.read_bytes() == content, name


def test_a_save_of_a_scenario_file_finds_it_by_path(tmp_path):
    scenario = tmp_path / "mine.yaml"
    shutil.copy(MINI, scenario)
    loaded = load_scenario(scenario)
    m = played_match(loaded.rules, turns=2)
    path = tmp_path / "g.json"
    write_save(path, m, {}, scenario_path=str(scenario))
    again, _ = replay_save(read_save(path), path)
    assert again.orders_log == m.orders_log


# -- saves written by earlier versions of the game ---------------------------------------------
# tests/data/saves holds saves written by the game as it was before the turn runner (commit
# 85df005), with a frozen copy of the scenario they were played on: format 1 (orders only) and
# format 2 (a seminar's messages, statements and acts of control, a branch, a LAN host's save).
OLD_SAVES = Path(__file__).parent / "data" / "saves"


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)  # the saves name their scenario by a relative path


@pytest.mark.parametrize("name", ["format1-finished", "format1-three-weeks"])
def test_format_1_saves_of_earlier_versions_load(in_repo, name):
    from game.play.session import from_save

    path = OLD_SAVES / f"{name}.json"
    data = read_save(path)
    assert data.format == 1
    session = from_save(data, str(path))
    assert session.match.orders_log == data.turns and session.acts == []
    again = Match(session.rules, data.seed)
    for orders in data.turns:
        again.play_turn(orders)
    np.testing.assert_array_equal(session.match.true_state.values, again.true_state.values)
    assert session.match.over == (name == "format1-finished")


def test_a_format_2_seminar_save_of_an_earlier_version_loads_with_every_act(in_repo, tmp_path):
    from game.play.session import from_save

    path = OLD_SAVES / "format2-seminar.json"
    data = read_save(path)
    session = from_save(data, str(path))
    assert session.match.orders_log == data.turns and session.match.turn == 5
    assert [a.kind for a in session.acts].count("message") == 7 and len(session.acts) == 19
    assert session.settled == {2: "broken", 5: "kept", 18: "broken"}
    assert [m.leaked for m in session.messages() if m.id == 12] == ["it was overheard"]
    assert 14 in session.undone()
    # written again and read back, it is the same game
    session.save(tmp_path / "again.json")
    again = from_save(read_save(tmp_path / "again.json"), str(tmp_path / "again.json"))
    np.testing.assert_array_equal(again.match.true_state.values, session.match.true_state.values)
    assert again.settled == session.settled


def test_format_2_branch_and_lan_host_saves_of_an_earlier_version_load(in_repo):
    from game.net.server import GameServer
    from game.play.session import from_save

    branch = from_save(read_save(OLD_SAVES / "format2-branch.json"), "branch")
    assert branch.meta["branch_of"]["turn"] == 2 and branch.match.turn == 2
    server = GameServer.resume(OLD_SAVES / "format2-lan-host.json")
    assert server.fac.match.turn == 2 and set(server.codes) == {"us", "russia", "projector"}
    assert server.fac.orders_in()["us"] == {"sealed": True, "orders": ["consult_allies"]}
    assert server.fac.orders_in()["russia"] == {"sealed": False, "orders": ["drills_belarus"]}


# -- hostile saves: refused in one line, never a traceback ---------------------------------------------
def seminar_json(rules) -> dict:
    from game.engine.adjudicate import Adjustment
    from game.play.session import Session

    s = Session(Match(rules, 3), {r: "human" for r in rules.roles})
    s.say("us", "russia", "a word")
    s.adjudicate(Adjustment("set", "tension", value=70), "the room")
    return s.save_data().to_json()


@pytest.mark.parametrize("name, spoil, message", [
    ("a lone surrogate in a message", lambda d: d["extra"]["session"]["acts"][0]["message"].update(text="hi \ud800"),
     "not valid Unicode"),
    ("NaN as an adjustment's value", lambda d: d["extra"]["session"]["acts"][1]["adjustment"].update(value=float("nan")),
     "recorded act #2 is malformed: adjustment.value"),
    ("infinity as an adjustment's value", lambda d: d["extra"]["session"]["acts"][1]["adjustment"].update(value=float("inf")),
     "finite"),
    ("a huge seed", lambda d: d.update(seed=1e300), "'seed' is missing or of the wrong type"),
    ("a negative seed", lambda d: d.update(seed=-1), "'seed'"),
    ("an act of an unknown kind", lambda d: d["extra"]["session"]["acts"][0].update(kind="launch"),
     "recorded act #1 is malformed"),
    ("a session of a later version", lambda d: d["extra"]["session"].update(version=2), "extra.session.version"),
    ("a thousand orders in a turn", lambda d: d.update(turns=[{"us": ["video_summit"] * 1000}]), "turn 1 of the save is malformed"),
])
def test_hostile_saves_are_refused_in_one_line(tmp_path, rules, name, spoil, message):
    from game.play.session import from_save

    data = seminar_json(rules)
    spoil(data)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=True))
    with pytest.raises(SaveError, match=message) as caught:
        from_save(read_save(path), str(path))
    assert "Traceback" not in str(caught.value) and str(caught.value).startswith(str(path))


def test_a_save_nested_too_deeply_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"game": "brinkmanship", "format": 1, "extra": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(SaveError, match="nested too deeply|wrong type|malformed"):
        read_save(path)


def test_text_a_save_could_not_hold_is_refused_before_it_is_recorded(rules):
    from game.engine.adjudicate import Adjustment
    from game.play.negotiation import MessageError
    from game.play.session import Session, SessionError

    s = Session(Match(rules, 3), {r: "human" for r in rules.roles})
    with pytest.raises(MessageError, match="Unicode"):
        s.say("us", "russia", "hi \udcff")  # what surrogateescape makes of a stray byte typed at a terminal
    with pytest.raises(SessionError, match="Unicode"):
        s.note("slow \ud800 week")
    with pytest.raises(SessionError, match="Unicode"):
        s.adjudicate(Adjustment("set", "tension", value=70), "reason \ud800")
    assert s.acts == []
