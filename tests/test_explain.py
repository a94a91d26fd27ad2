"""``brink explain SAVE``: the chain of causes of a game's ending, the analyst's view."""

from __future__ import annotations

import json

import pytest

from game.authoring.explain import explain
from game.cli import main
from game.commands.common import load_session
from game.engine.match import Match
from game.scenario import load_scenario

WHY = """\
id: why
title: Why
summary: A small crisis for brink explain.
calendar: {start: 2022-01-03, turns: 3}
roles:
  us: {name: United States, budget: 2}
  russia: {name: Russia, budget: 2}
variables:
  tension: {label: Tension, initial: 50, initial_spread: 5}
  readiness: {label: Readiness, initial: 40, visible_to: [russia]}
deployments:
  mobilise: {role: russia, public: false, effects: {readiness: 30}}
  invade: {role: russia, when: "readiness >= 60", effects: {tension: 30}, source: doc}
diplomacy:
  talk: {role: us, chance: 0.5, max_uses: null, effects: {tension: -5}}
events:
  incident: {chance: 0.9, once: false, effects: {tension: 5}, spread: {tension: 1}}
sources:
  doc: {title: A document}
endings:
  war: {title: War, text: War., when: "used.invade > 0 and tension >= 50", source: doc}
  calm: {title: Calm, text: Calm., default: true}
"""


def played(tmp_path, turns: list[dict], name: str = "game.json") -> str:
    """A save of the 'why' scenario with these orders (a save holds the seed and the orders; loading replays them)."""
    scenario = tmp_path / "why.yaml"
    scenario.write_text(WHY, encoding="utf-8")
    rules = load_scenario(scenario).rules
    save = {"format": 1, "game": "brinkmanship", "scenario": "why", "scenario_path": str(scenario),
            "scenario_hash": rules.content_hash, "seed": 4, "players": {"us": "human", "russia": "human"},
            "turns": [{role: orders.get(role, []) for role in rules.roles} for orders in turns], "extra": {},
            "turn_word": "week"}
    path = tmp_path / name
    path.write_text(json.dumps(save), encoding="utf-8")
    return str(path)


WAR = [{"russia": ["mobilise"], "us": ["talk"]}, {"russia": ["invade"], "us": ["talk"]}]


def test_explain_names_the_ending_and_the_clauses_that_held(tmp_path, capsys):
    assert main(["explain", played(tmp_path, WAR)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Why the game ended: War (war), week 2 of 3 [doc]"
    assert lines[1].startswith("Analyst's view: this shows what no player saw")
    assert "  [yes] all of:" in lines
    assert "        [yes] used.invade > 0" in lines and "        [yes] tension >= 50" in lines


@pytest.mark.parametrize("needle", [
    "  used.invade (Invade) = 1 at the end",
    "    week 2:  Russia: Invade (russia)  [doc]",
    "    allowed on week 2 by its condition:",
    "      [yes] readiness >= 60",
    "    start: 51.4: a random draw: the scenario starts it at 50 with a spread of 5",
    "    week 1:  -5 United States: Talk (us)  [random: a chance roll (50%) came up]",
    "             +3.4 Incident  [random: a chance roll (90%) came up; its size includes random noise]  -> 49.8",
    "             +30 Russia: Invade (russia)  [doc]",
    "  readiness (Readiness) = 70 at the end; hidden from us",
    "    week 1:  +30 Russia: Mobilise (russia)  [hidden: private to russia]  -> 70",
], ids=["action", "its turn and source", "what allowed it", "its condition", "random start", "chance roll",
        "event with noise", "the action's effect", "hidden variable", "private move"])
def test_explain_traces_every_cause_with_hidden_things_and_draws(tmp_path, capsys, needle):
    main(["explain", played(tmp_path, WAR)])
    assert needle in capsys.readouterr().out.splitlines()


def test_explain_json_is_the_same_explanation(tmp_path, capsys):
    main(["explain", played(tmp_path, WAR), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["analyst_view"] is True and data["ending"]["id"] == "war" and data["condition"]["held"] is True
    assert [p["text"] for p in data["condition"]["parts"]] == ["used.invade > 0", "tension >= 50"]
    factors = {f["name"]: f for f in data["factors"]}
    assert set(factors) == {"used.invade", "tension", "readiness"} and factors["readiness"]["depth"] == 1
    assert factors["readiness"]["hidden_from"] == ["us"]
    assert [s["cause"] for s in factors["tension"]["steps"]] == ["action", "event", "action", "action", "event"]
    assert factors["tension"]["steps"][-1]["after"] == pytest.approx(data["factors"][1]["value"])


def test_a_game_that_goes_on_shows_the_nearest_endings(tmp_path, capsys):
    main(["explain", played(tmp_path, [{}])])
    out = capsys.readouterr().out
    assert out.startswith("The game is not over: 1 of 3 weeks played")
    assert "  War (war): 1 of 2 clauses held" in out and "    never happened" in out


def test_a_calendar_run_out_names_the_default_and_what_came_nearest(tmp_path):
    why = explain(load_session(played(tmp_path, [{}, {}, {}])))
    assert why.ending.default and why.ending.id == "calm" and why.condition is None
    assert [(n.id, n.held, n.of) for n in why.nearest] == [("war", 1, 2)]


def test_a_match_alone_is_explained_as_its_save_is(tmp_path):
    """No facilitator: the match itself (replayed to look back) gives the same explanation as its save."""
    save = played(tmp_path, WAR)
    match = Match(load_scenario(tmp_path / "why.yaml").rules, seed=4)
    for orders in WAR:
        match.play_turn(orders)
    assert explain(match) == explain(load_session(save))


def test_explain_of_a_shipped_scenario_runs(tmp_path, capsys):
    save = tmp_path / "w.json"
    assert main(["play", "tutorial", "--text", "--demo", "--seed", "2", "--save", str(save)]) == 0
    capsys.readouterr()
    assert main(["explain", str(save)]) == 0
    assert "Why the game ended: " in capsys.readouterr().out


# -- a demo's view ---------------------------------------------------------------------------------
@pytest.mark.parametrize("flags, first, note", [
    ([], "Demo: the public view", "(the public view leaves out"),
    (["--as", "us"], "Demo: what United States sees", "(us does not see"),
    (["--as", "all"], "Demo: everything, hidden things included", None),
], ids=["public", "one role", "all"])
def test_a_demo_says_whose_view_it_shows_and_what_it_leaves_out(capsys, flags, first, note):
    assert main(["play", "winter-2021", "--text", "--demo", "--seed", "3", "--exit-after-turns", "2", *flags]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the terminal wraps long lines
    assert out.startswith(first)
    if note:
        assert note in out and "--as all shows everything" in out
    else:
        assert "leaves out" not in out and "does not see" not in out


def test_the_all_view_shows_what_the_public_view_hides(capsys):
    main(["play", "winter-2021", "--text", "--demo", "--seed", "3", "--exit-after-turns", "1", "--as", "all"])
    everything = capsys.readouterr().out
    main(["play", "winter-2021", "--text", "--demo", "--seed", "3", "--exit-after-turns", "1"])
    public = capsys.readouterr().out
    assert "Invasion readiness" in everything and "Invasion readiness" not in public


@pytest.mark.parametrize("flags, message", [
    (["--text", "--as", "nobody"], "unknown role 'nobody' (roles: us, russia, nato, or 'all')"),
    (["--text", "--as", "us", "--as", "nato"], "--demo shows one view"),
    (["--as", "us"], "add --text"),
])
def test_a_demo_view_must_be_one_role_or_all(capsys, flags, message):
    assert main(["play", "winter-2021", "--demo", *flags]) == 2
    assert message in capsys.readouterr().err


def test_a_facilitator_adjustment_is_a_cause_with_its_reason(tmp_path, capsys):
    """A seminar's save (format 2) holds the white cell's acts: a change it made is traced like any other."""
    path = played(tmp_path, [{}, {"russia": ["mobilise"]}])
    save = json.loads(open(path, encoding="utf-8").read())
    adjust = {"id": 1, "kind": "adjust", "turn": 2, "made_turn": 2, "time": "2026-01-01T10:00:00+00:00",
              "adjustment": {"kind": "effects", "target": "", "value": 0.0, "effects": {"tension": 12.0},
                             "headline": "Control: a border incident", "public": True},
              "reason": "the room escalated", "by": "control"}
    save.update(format=2, extra={"session": {"version": 1, "acts": [adjust]}})
    open(path, "w", encoding="utf-8").write(json.dumps(save))
    main(["explain", path])
    out = capsys.readouterr().out
    assert "+12 facilitator: Control: a border incident (the room escalated)" in out
