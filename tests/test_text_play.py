"""Terminal play: stable order numbers, the hotseat's cleared scrollback, autosave, a quit that asks,
and a list printed once a turn."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from game.play.runner import Game
from game.scenario import load_scenario
from game.text.play import CLEAR_ALL, TextGame
from game.text.render import action_table, order_numbers

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"


def scripted(lines, prompts=None):
    it = iter(lines)

    def ask(prompt):
        if prompts is not None:
            prompts.append(prompt)
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    return ask


def text_game(rules, players, lines, **kw):
    out = io.StringIO()
    console = Console(file=out, width=140, color_system=None, **kw.pop("console", {}))
    return TextGame(Game.new(rules, players, seed=2), console, ask=scripted(lines), **kw), out


def test_an_order_keeps_its_number_all_game(rules):
    """Order numbers come from all of the role's orders, so one that is open in a later week keeps its number."""
    numbers = order_numbers([a for a in rules.actions if a.role == rules.role_index("us")])
    game = Game.new(rules, {"us": "human", "russia": "historical", "nato": "historical"}, seed=2)
    seen: dict[str, set[int]] = {}
    for _ in range(6):
        obs = game.view("us").obs
        _, numbered = action_table(obs, [], numbers)
        for n, action_id in enumerate(numbered, start=1):
            if action_id is not None:
                seen.setdefault(action_id, set()).add(n)
        game.send(__import__("game.play.events", fromlist=["Seal"]).Seal("us", ()))
    assert seen and all(len(ns) == 1 for ns in seen.values())
    assert len({next(iter(ns)) for ns in seen.values()}) == len(seen)  # no two orders share a number


def test_positional_numbers_without_a_numbering(rules):
    obs = Game.new(rules, {"us": "human"}, seed=2).view("us").obs
    _, numbered = action_table(obs, [])
    assert numbered == [a for a in numbered if a is not None] and len(numbered) == len(obs.legal)


def test_the_list_is_printed_once_a_turn_and_on_request(rules):
    game, out = text_game(rules, {"us": "human"}, ["4", "5", "4", "list"])
    game.run()
    text = out.getvalue()
    headings = re.findall(r"^\s+Sanctions\s*$", text, flags=re.MULTILINE)
    assert len(headings) == 2  # the turn's list, and 'list'
    assert "Chosen: 4 Sanction Putin personally (threaten), 5 " in text


def test_quit_asks_first(rules, tmp_path):
    auto, prompts = tmp_path / "auto.json", []
    game = TextGame(Game.new(rules, {"us": "human"}, seed=2), Console(file=io.StringIO(), width=140),
                    ask=scripted(["quit", "", "done", "y", "quit", "y"], prompts), autosave_path=str(auto))
    assert game.run() == 1
    asked = [p for p in prompts if p.startswith("Leave the game?")]
    assert len(asked) == 2 and game.game.turn == 2  # the first 'quit' was taken back
    assert str(auto) in asked[0]
    assert len(json.loads(auto.read_text())["turns"]) == 1  # saved after the week played


def test_hotseat_clears_the_scrollback_on_a_terminal(rules):
    players = {"us": "human", "russia": "human", "nato": "historical"}
    game, out = text_game(rules, players, ["", "done", "y", "", "done", "y"], console={"force_terminal": True})
    game.play_one_turn()
    assert out.getvalue().count(CLEAR_ALL) >= 4  # before and after each hand-off, and after each seal


def test_hotseat_writes_no_codes_into_a_file(rules):
    players = {"us": "human", "russia": "human", "nato": "historical"}
    game, out = text_game(rules, players, ["", "done", "y", "", "done", "y"])
    game.play_one_turn()
    assert "\x1b" not in out.getvalue() and "Orders for Russia sealed" in out.getvalue()


def test_play_with_no_display_and_no_terminal_refuses():
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "game", "play", str(MINI)], input="", capture_output=True,
                            text=True, timeout=60, cwd=ROOT, env=env)
    assert result.returncode != 0
    assert "no display" in result.stderr and "--text --demo" in result.stderr
    assert "Ending:" not in result.stdout  # no AI game was played unseen


def test_mini_order_numbers_skip_what_is_not_open():
    rules = load_scenario(MINI).rules
    numbers = order_numbers([a for a in rules.actions if a.role == 0])
    obs = Game.new(rules, {"a": "human"}, seed=3).view("a").obs
    _, numbered = action_table(obs, [], numbers)
    closed = [n for n, a in enumerate(numbered, start=1) if a is None]
    assert closed and len(numbered) == len(numbers)


def test_done_asks_before_sealing_a_week_with_points_unspent(rules):
    """'done' with points left asks first (as the window does); Enter goes back to the orders, y seals."""
    prompts: list[str] = []
    game = TextGame(Game.new(rules, {"us": "human"}, seed=2), Console(file=io.StringIO(), width=140),
                    ask=scripted(["done", "", "done", "y", "quit", "y"], prompts))
    assert game.run() == 1
    asked = [p for p in prompts if p.startswith("End the week?")]
    assert len(asked) == 2 and game.game.turn == 2  # the first answer (Enter) went back


ANSWERS_TO_END_THE_WEEK = [
    # (what the player types at "End the week?", sealed, kept as the next command)
    ("y", True, None),
    ("YES", True, None),
    ("", False, None),
    ("n", False, None),
    ("3", False, "3"),
    ("  commit sanctions 2 ", False, "commit sanctions 2"),
]


def test_an_answer_that_is_not_yes_or_no_is_the_next_command(rules):
    """Each answer to 'End the week?': y seals, Enter or n goes back, and anything else goes back and
    is carried out as the player's next command (it used to be dropped)."""
    for answer, sealed, kept in ANSWERS_TO_END_THE_WEEK:
        game, out = text_game(rules, {"us": "human"}, [])
        assert game.agreed(answer, "Not sealed") is sealed, answer
        assert game.next_line == kept, answer
        assert (f"'{kept}' is taken as your next command" in out.getvalue()) is (kept is not None), answer


def test_an_order_number_typed_at_end_the_week_is_chosen_not_lost(rules):
    """'done', then '4' at the question: nothing is sealed and order 4 is chosen, as if typed at the prompt."""
    prompts: list[str] = []
    out = io.StringIO()
    game = TextGame(Game.new(rules, {"us": "human"}, seed=2), Console(file=out, width=140, color_system=None),
                    ask=scripted(["done", "4", "quit", "y"], prompts))
    game.run()
    assert game.game.turn == 1  # not sealed
    assert "Chosen: 4 Sanction Putin personally" in out.getvalue()
    assert sum(p.startswith("us>") for p in prompts) == 2  # '4' did not need typing again


def test_a_command_typed_at_leave_the_game_is_carried_out(rules):
    """'quit', then 'list' at 'Leave the game?': the game goes on and the orders are listed again."""
    game, out = text_game(rules, {"us": "human"}, ["quit", "list", "quit", "y"])
    game.run()
    text = out.getvalue()
    assert "You are still playing: 'list' is taken as your next command." in text
    assert text.count("Sanction Putin personally") >= 2  # the table, printed again by 'list'


def test_done_asks_before_an_order_that_ends_the_game(rules):
    """An order that ends the game is named before the turn is sealed, even with the budget spent."""
    from game.play.sealing import questions_before_sealing

    game = Game.new(rules, {"russia": "human"}, seed=7)
    obs = game.view("russia").obs
    ending = next(a for a in obs.legal if a.ends)
    questions = questions_before_sealing(obs, [ending.id], lambda orders: game.check("russia", orders))
    assert questions[0].startswith(f"“{ending.label}” ends the game")
    assert questions_before_sealing(obs, [], lambda orders: game.check("russia", orders))[-1].startswith("You have 3 of 3")


def test_a_line_with_one_closed_order_chooses_none_and_says_so(rules):
    """'4 99 5': one number is not an order, so none of the line is chosen (a typo never seals half a
    plan) and the message says nothing was chosen; a good line then chooses all it names."""
    game, out = text_game(rules, {"us": "human"}, ["4 99 5", "4 5", "list"])
    game.run()
    text = out.getvalue()
    assert "'99' is not an order number" in text and "Nothing in '4 99 5' was chosen." in text
    assert text.count("Chosen: 4 Sanction Putin personally (threaten), 5 ") >= 1
    before_good_line = text.split("Nothing in '4 99 5' was chosen.")[0]
    assert "Chosen: 4" not in before_good_line  # the bad line chose nothing
