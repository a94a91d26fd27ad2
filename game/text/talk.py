"""Talking in the terminal: the ``say``, ``threat``, ``redline``, ``commit``, ``refrain``
and ``offer`` commands (``game.play.negotiation.parse_talk``), sent to the game runner,
and the lines messages are shown in, for the player's and the facilitator's prompts.

>>> from game.scenario import load_rules
>>> from game.play.runner import Game
>>> talk(Game.new(load_rules("winter-2021"), {}, seed=1), "us", "say", "russia Shall we meet in Geneva?")
'Sent to russia.'
"""

from __future__ import annotations

from collections.abc import Collection

from rich.console import Console

from ..engine.rules import Rules
from ..play.events import MessageSent, Say
from ..play.negotiation import Message, parse_talk
from ..play.runner import Game
from ..play.words import answered_deals, message_line


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
                  turn_word: str = "turn", me: str | None = None, answered: Collection[int] = ()) -> None:
    """The binding statements (threats, red lines, commitments, offers: public, and kept or broken) apart from
    the talk, under their own headings; a deal says how to answer it only to ``me`` when offered to it and
    not yet ``answered`` (see ``message_line``)."""
    answered = set(answered) | answered_deals(messages)
    if not messages:
        console.print("No messages.")
        return
    binding = [m for m in messages if m.statement is not None]
    chat = [m for m in messages if m.statement is None]
    if binding:
        console.print("[bold]Binding statements[/] (public; the game holds the speaker to them)")
        for m in binding:
            console.print("  ⚑ " + message_line(rules, m, settled, turn_word, me, answered), markup=False)
    if chat:
        console.print("[bold]Messages[/]")
        for m in chat:
            console.print("  " + message_line(rules, m, settled, turn_word, me, answered), markup=False)


def message_news(console: Console, messages: list[Message], seen: dict[int, str | None], me: str | None,
                 rules: Rules | None = None, turn_word: str = "turn") -> None:
    """Announce what is new in ``messages`` since ``seen`` (message id -> its leak note, updated here): a binding
    statement apart from chat (ours too: it is declared), a message that control leaked, another role's new message.

    >>> from rich.console import Console
    >>> c, seen = Console(width=200), {}
    >>> said = Message(id=1, turn=2, time="t", sender="russia", to="us", text="Pull back.")
    >>> message_news(c, [said], seen, "us"); message_news(c, [said.model_copy(update={"leaked": "for the room"})], seen, "us")
    ✉ turn 2 · russia → us: Pull back.
    ⚠ LEAKED: control made a private message public (for the room): turn 2 · russia → us: Pull back.  (leaked by control: for the room)
    """
    for m in messages:
        new = m.id not in seen
        leaked_now = m.leaked is not None and seen.get(m.id) is None
        seen[m.id] = m.leaked
        line = message_line(rules, m, turn_word=turn_word)
        if leaked_now:
            console.print(f"⚠ LEAKED: control made a private message public ({m.leaked}): {line}", style="bold red",
                          markup=False)
        elif new and m.statement is not None:
            console.print(f"⚑ BINDING STATEMENT · {line}", style="bold yellow", markup=False)
        elif new and m.sender != me:
            console.print("✉ " + line, markup=False)
