"""The terminal faces' help: every word each face takes is described, and the table keeps its columns."""

import io
import re

import pytest
from rich.console import Console

from game.play.negotiation import INBOX_WORDS, SEAL_WORDS, TALK_WORDS
from game.text import lan, play
from game.text.help import show_help

FACES = [pytest.param(play.HELP, id="local play"), pytest.param(lan.HELP, id="a LAN seat")]


def rendered(rows, width: int, turn: str = "week") -> str:
    console = Console(file=io.StringIO(), width=width)
    show_help(console, rows, turn=turn)
    return console.file.getvalue()


def described_words(rows) -> set[str]:
    """The command words a help names: each command's first word (both sides of 'a | b') and every quoted word."""
    words = set()
    for command, meaning in rows:
        words |= {part.split()[0] for part in command.split("|") if part.strip()}
        words |= set(re.findall(r"'([a-z]+)", command + " " + meaning))
    return words


@pytest.mark.parametrize("rows", FACES)
def test_every_word_the_face_takes_is_in_its_help(rows):
    missing = set(SEAL_WORDS + INBOX_WORDS + TALK_WORDS) - described_words(rows)
    assert not missing, f"the help does not name {sorted(missing)}"


@pytest.mark.parametrize("rows", FACES)
@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_meanings_keep_their_column_at_any_width(rows, width):
    lines = rendered(rows, width).splitlines()
    assert lines[0] == "Commands:"
    assert all(len(line) <= width for line in lines)
    column = lines[1].index(rows[0][1].split()[0])  # where the first meaning starts
    assert all(line[column - 3:column] == "   " for line in lines[1:] if len(line) > column), "a line crosses the gap"
    for _, meaning in rows:
        first_word = meaning.format(turn="week").split()[0]
        assert any(line[column:].startswith(first_word) for line in lines[1:]), f"{meaning!r} is out of its column"


def test_the_turn_word_is_the_scenario_s():
    text = rendered(play.HELP, 100)
    assert "{turn}" not in text and "end your week" in text
    assert "end your round" in rendered(play.HELP, 100, turn="round")


def test_brackets_in_a_command_are_printed_not_read_as_markup():
    assert "threat ID [TEXT]" in rendered(play.HELP, 100)
