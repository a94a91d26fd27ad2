"""Talking in the terminal: the ``say``, ``threat``, ``redline``, ``commit``, ``refrain``
and ``offer`` commands, shared by the player's and the facilitator's prompts.

>>> from game.scenario import load_rules
>>> from game.engine.match import Match
>>> from game.session import Session
>>> s = Session(Match(load_rules("winter-2021"), seed=1), {})
>>> talk(s, "us", "say", "russia Shall we meet in Geneva?")
'Sent to russia.'
"""

from __future__ import annotations

from rich.console import Console

from ..negotiation import Message, MessageError
from ..session import Session

TALK_WORDS = ("say", "msg", "threat", "redline", "commit", "refrain", "offer")


def parse_talk(word: str, rest: str) -> tuple[str, str, dict | None]:
    """A talk command as (to, text, statement); raises MessageError when it is malformed.

    >>> parse_talk("commit", "arm_ukraine 5 we will")
    ('all', 'we will', {'kind': 'commitment', 'ref': 'arm_ukraine', 'by_turn': 5, 'do': True})
    """
    parts = rest.split()
    if word in ("say", "msg"):
        if len(parts) < 2:
            raise MessageError("say TO TEXT: TO is a role or 'all'")
        return parts[0].lower(), rest.split(None, 1)[1], None
    if not parts:
        raise MessageError(f"{word} needs the id it is about; type 'help'")
    ref = parts[0]
    if word in ("threat", "redline"):
        statement, tail = {"kind": "threat" if word == "threat" else "red_line", "ref": ref}, parts[1:]
    elif word in ("commit", "refrain"):
        if len(parts) < 2 or not parts[1].isdigit():
            raise MessageError(f"{word} ACTION N [TEXT] (N: the turn it is due by)")
        statement, tail = {"kind": "commitment", "ref": ref, "by_turn": int(parts[1]), "do": word == "commit"}, parts[2:]
    elif word == "offer":
        if len(parts) < 2 or parts[1] not in ("accept", "counter"):
            raise MessageError("offer DEMAND accept|counter [TEXT]")
        statement, tail = {"kind": "offer", "ref": ref, "answer": parts[1]}, parts[2:]
    else:
        raise MessageError(f"unknown talk command '{word}'")
    return "all", " ".join(tail) or f"({word} {ref})", statement


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
