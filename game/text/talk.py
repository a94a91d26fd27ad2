"""Talking in the terminal: the ``say``, ``threat``, ``redline``, ``commit``, ``refrain``
and ``offer`` commands, shared by the player's and the facilitator's prompts.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.play.session import Session
>>> s = Session(Match(load_rules("winter-2021"), seed=1), {})
>>> talk(s, "us", "say", "russia Shall we meet in Geneva?")
'Sent to russia.'
"""

from __future__ import annotations

from rich.console import Console

from ..play.negotiation import Message, parse_talk
from ..play.session import Session

def talk(session: Session, role: str, word: str, rest: str) -> str:
    """Carry out one talk command for ``role``; returns a confirmation, raises MessageError."""
    to, text, statement = parse_talk(word, rest)
    message = session.say(role, to, text, statement=statement)
    if statement is None:
        return "Sent to everyone." if to == "all" else f"Sent to {to}."
    return f"Declared in public: {message.statement.describe(session.rules)}"


def message_line(session: Session, message: Message) -> str:
    """'week 3 · us → russia: text' with the statement and any leak note."""
    rules = session.rules
    to = "all" if message.to == "all" else message.to
    line = f"{rules.turn_word} {message.turn} · {message.sender} → {to}: {message.text}"
    if message.statement is not None:
        line += f"  [{message.statement.describe(rules)}]"
        outcome = session.settled.get(message.id)
        if outcome:
            line += f" ({outcome})"
    if message.leaked is not None:
        line += f"  (leaked by control: {message.leaked})"
    return line


def show_messages(console: Console, session: Session, role: str, messages: list[Message]) -> None:
    if not messages:
        console.print("No messages.")
        return
    console.print("[bold]Messages[/]")
    for m in messages:
        console.print("  " + message_line(session, m), markup=False)
