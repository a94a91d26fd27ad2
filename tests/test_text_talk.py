"""Talking in terminal play, and the facilitator's command line."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from game.cli import main
from game.play.runner import Game
from game.text.play import TextGame


def scripted(lines):
    it = iter(lines)

    def ask(prompt):
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    return ask


def test_say_and_statements_in_terminal_play(rules, tmp_path):
    console = Console(record=True, width=120)
    save = tmp_path / "g.json"
    game = TextGame(Game.new(rules, {"us": "human", "russia": "historical", "nato": "historical"}, 2), console,
                    ask=scripted(["say russia Let us meet", "threat sanction_banks Banks will pay", "commit arm_ukraine 2",
                                  "threat russia_no_membership", "say", "inbox", "done", "y", "quit"]), save_path=str(save))
    assert game.run() == 1
    out = console.export_text()
    assert "Sent to russia." in out and "Declared in public: Threat" in out and "not one of" in out
    assert "week 1 · us → russia: Let us meet" in out
    acts = json.loads(save.read_text())["extra"]["session"]["acts"]
    assert [a["message"]["text"] for a in acts if a["message"]["sender"] == "us"] == ["Let us meet", "Banks will pay", "(commit arm_ukraine)"]
    assert "week 1 · russia → us: We are ready to talk." in out  # the AI answers (game.play.deals)
    assert game.game.view("nato").messages[0].text == "Banks will pay"


def test_the_lan_clients_words_work_in_terminal_play_too(rules):
    """'seal' ends the turn and 'msgs' lists the messages, as in `brink join --text`."""
    console = Console(record=True, width=120)
    game = TextGame(Game.new(rules, {"us": "human", "russia": "historical", "nato": "historical"}, 2), console,
                    ask=scripted(["say russia Let us meet", "msgs", "seal", "y", "quit"]))
    game.run()
    out = console.export_text()
    assert "is not an order number" not in out
    assert out.count("us → russia: Let us meet") >= 1 and "Week 2" in out  # listed, and the turn was sealed
    assert len(game.game.match.orders_log) == 1  # one week played


def test_hotseat_players_see_messages_addressed_to_them(rules):
    console = Console(record=True, width=120)
    game = TextGame(Game.new(rules, {"us": "human", "russia": "human", "nato": "historical"}, 2), console,
                    ask=scripted(["", "say russia only for you", "done", "y", "", "done", "y", "", "inbox", "quit"]))
    game.run()
    out = console.export_text()
    assert out.count("us → russia: only for you") >= 2  # shown to Russia on its turn, and in the sender's inbox


def test_facilitator_command_line(rules, tmp_path, monkeypatch, capsys):
    save = tmp_path / "s.json"
    monkeypatch.setattr("builtins.input", scripted(["seal us video_summit", "seal nato"]))
    assert main(["play", "--text", "--facilitator", "--ai", "russia=historical", "--seed", "3", "--save", str(save),
                 "--exit-after-turns", "1"]) == 0
    data = json.loads(save.read_text())
    russia_first = [rules.actions[i].id for m in rules.historical[rules.role_index("russia")]
                    if m.covers(1) and m.when is None for i in m.orders]  # the documented move, not the reactions
    assert len(data["turns"]) == 1 and data["turns"][0]["us"] == ["video_summit"] and data["turns"][0]["nato"] == []
    assert sorted(data["turns"][0]["russia"]) == sorted(russia_first)
    assert "Stopped after 1 turns" in capsys.readouterr().out


@pytest.mark.parametrize("args,error", [
    (["--facilitator", "--demo"], "leave out --demo"),
    (["--facilitator", "--ai", "mars=random"], "unknown role"),
])
def test_facilitator_flag_errors(args, error, capsys):
    assert main(["play", "--text", *args]) == 2
    assert error in capsys.readouterr().err


def test_an_ai_reply_shows_at_once_with_the_number_to_accept_it(rules):
    """A deal to an AI Russia: its answer (a counter here) is printed straight after the proposal, with the
    number 'accept' takes; accepting it prints the commitments the game then declared for both sides."""
    console = Console(record=True, width=200)
    game = TextGame(Game.new(rules, {"us": "human"}, seed=5), console,
                    ask=scripted(["propose russia 6 assure_ukraine,not:intervene_in_ukraine for partial_drawdown",
                                  "accept 2", "quit", "y"]))
    game.run()
    out = console.export_text()
    proposal, accepted = out.index("Declared in public: Deal offered to Russia"), out.index("Declared in public: Accepted")
    reply = out.index("russia → all: Not as it stands")
    assert proposal < reply < accepted  # not held back until the next 'inbox' or week
    assert "(deal #2: 'accept 2' or 'reject 2')" in out[reply:accepted]
    after = out[accepted:]
    assert "us → all: Under deal #2 with Russia.  [Commitment: will refrain from “Send US troops into Ukraine”" in after
    assert "russia → all: Under deal #2 with United States.  [Commitment: will carry out “Announce a partial drawdown”" in after
