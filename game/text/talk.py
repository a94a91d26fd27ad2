"""Talking in the terminal: the ``say``, ``threat``, ``redline``, ``commit``, ``refrain``
and ``offer`` commands (``game.play.negotiation.parse_talk``), sent to the game runner,
and the lines messages are shown in, for the player's and the facilitator's prompts.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> talk(Game.new(load_rules("winter-2021"), {}, seed=1), "us", "say", "russia Shall we meet in Geneva?")
'Sent to russia.'
"""

from __future__ import annotations

from rich.console import Console

from ..engine.rules import Rules
from ..play.events import MessageSent, Say
from ..play.negotiation import Message, parse_talk
from ..play.runner import Game
from ..play.words import message_line


def talk(game: Game, role: str, word: str, rest: str) -> str:
    """Carry out one talk command for ``role``; returns a confirmation, raises MessageError."""
    to, text, statement = parse_talk(word, rest)
    events = game.send(Say(role, to, text, statement))
    if statement is None:
        return "Sent to everyone." if to == "all" else f"Sent to {to}."
    sent = next(e.message_id for e in events if isinstance(e, MessageSent))
    said = next(m for m in game.view(role).messages if m.id == sent)
    assert said.statement is not None  # talk() sends a statement
    return f"Declared in public: {said.statement.describe(game.rules)}"


def show_messages(console: Console, rules: Rules | None, messages: list[Message], settled: dict[int, str] | None = None,
                  turn_word: str = "turn") -> None:
    if not messages:
        console.print("No messages.")
        return
    console.print("[bold]Messages[/]")
    for m in messages:
        console.print("  " + message_line(rules, m, settled, turn_word), markup=False)
