"""The message panel: a role's messages, and a line to write to one role, to all, or a statement.

It is given the role, a function returning the messages that role may read
(``Game.messages_for`` locally, the host's view on a LAN) and a function
that sends one; never the match. Statements use the words of the terminal
(``game.text.talk``): ``threat ID``, ``redline ID``, ``commit ACTION TURN``,
``refrain ACTION TURN``, ``offer DEMAND accept|counter``.

>>> TalkScreen.name
'talk'
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from ...engine.rules import Rules
from ...play.events import MessageSent, Say
from ...play.negotiation import TALK_WORDS, Message, MessageError, parse_talk
from ...play.runner import Game
from .. import theme
from ..widgets import html_escape, role_badge, scroll_text_box, veil
from .base import Screen

BOX = pygame.Rect(40, 96, 800, 470)
HELP_BOX = pygame.Rect(856, 96, 384, 470)
STATEMENT_WORDS = tuple(w for w in TALK_WORDS if w not in ("say", "msg"))


def messages_html(rules: Rules, role: str, messages: list[Message], settled: dict[int, str] | None = None) -> str:
    """The messages, oldest first, each with its week, sender and addressee (statements and leaks marked)."""
    if not messages:
        return "<i>No messages yet. Write one below: it goes to the role you choose, or to everyone.</i>"
    settled = settled or {}
    out = []
    for m in messages:
        colour = "#f0e442" if m.sender == role else ("#8cc8f0" if m.public else "#eef2f6")
        head = f"{rules.turn_word.capitalize()} {m.turn} · {who(rules, m.sender)} to {'everyone' if m.to == 'all' else who(rules, m.to)}"
        line = f"<font color='{colour}'><b>{html_escape(head)}:</b> {html_escape(m.text)}</font>"
        if m.statement is not None:
            line += f"<br>   <i>{html_escape(m.statement.describe(rules))}</i>"
            if m.id in settled:
                line += f" <b>({html_escape(settled[m.id])})</b>"
        if m.leaked is not None:
            line += f"<br>   <i>Leaked by control: {html_escape(m.leaked)}</i>"
        elif not m.public:
            line += " <i>(private)</i>"
        out.append(line + "<br>")
    return "".join(out)


def who(rules: Rules, sender: str) -> str:
    """A role's name, or Control."""
    return rules.role_names[rules.role_index(sender)] if sender in rules.roles else sender.capitalize()


def statements_help(rules: Rules, role: str, legal_ids: list[str]) -> str:
    """What this role may declare, with the ids to type."""
    r = rules.role_index(role)
    lines = ["<b>To everyone, binding</b><br>"]
    mine = [t for t in rules.threats if t.by == r]
    for t in mine:
        word = "threat" if t.kind == "threat" else "redline"
        lines.append(f"<b>{word} {html_escape(t.id)}</b><br>{html_escape(t.label)}<br>")
    turn = rules.turn_word.upper()
    lines.append(f"<br><b>commit ACTION {turn}</b> or <b>refrain ACTION {turn}</b>, e.g. with<br>")
    lines.extend(f"{html_escape(a)}<br>" for a in legal_ids[:8])
    demands = [d for d in rules.demands if r in d.to]
    if demands:
        lines.append("<br><b>offer DEMAND accept|counter</b><br>")
        lines.extend(f"{html_escape(d.id)}<br>" for d in demands)
    return "".join(lines)


def confirmation(rules: Rules, to: str, message: Message) -> str:
    """What the sender is told, as in the terminal."""
    if message.statement is not None:
        return f"Declared in public: {message.statement.describe(rules)}"
    return "Sent to everyone." if to == "all" else f"Sent to {rules.role_names[rules.role_index(to)]}."


def local_sender(game: Game, role: str) -> Callable[[str, str, dict | None], str]:
    """Send as ``role`` in a game played on this machine (its runner, ``game.play.runner.Game``)."""
    def send(to: str, text: str, statement: dict | None) -> str:
        events = game.send(Say(role, to, text, statement))
        sent = next(e.message_id for e in events if isinstance(e, MessageSent))
        return confirmation(game.rules, to, next(m for m in game.messages_for(role) if m.id == sent))
    return send


class TalkScreen(Screen):
    """An overlay over the game screen (T): read and write messages."""

    name = "talk"
    overlay = True

    def __init__(self, app, rules: Rules, role: str, messages: Callable[[], list[Message]],
                 send: Callable[[str, str, dict | None], str], legal_ids: list[str] | None = None,
                 settled: Callable[[], dict[int, str]] | None = None):
        super().__init__(app, role=role)
        self.rules, self.messages, self.send_fn = rules, messages, send
        self.legal_ids = legal_ids or []
        self.settled = settled or (lambda: {})
        others = [r for r in rules.roles if r != role]
        self.recipients = ["all", *others]
        self.to = "all"
        self.shown = -1
        self.given = {"role": role, "messages": self.messages()}

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox("", BOX, self.ui))
        self.help = self.add(pygame_gui.elements.UITextBox(statements_help(self.rules, self.role, self.legal_ids),
                                                           HELP_BOX, self.ui))
        self.to_button = self.button((BOX.x, 590, 260, 44), self._to_label(), self.next_recipient,
                                     tooltip="Who reads it: one role (private) or everyone")
        self.entry = self.add(pygame_gui.elements.UITextEntryLine(pygame.Rect(BOX.x + 272, 590, 528, 44), self.ui))
        self.entry.set_text_length_limit(400)
        self.button((856, 590, 180, 44), "Send (Enter)", self.send, object_id="@primary_button")
        self.button((1048, 590, 192, 44), "Close (Esc)", self.close)
        self.refresh()
        self.entry.focus()

    def _to_label(self) -> str:
        if self.to == "all":
            return "To: everyone"
        return "To: " + self.rules.role_names[self.rules.role_index(self.to)] + " only"

    def next_recipient(self) -> None:
        self.to = self.recipients[(self.recipients.index(self.to) + 1) % len(self.recipients)]
        self.to_button.set_text(self._to_label())

    def refresh(self) -> None:
        messages = self.messages()
        if len(messages) != self.shown:
            self.shown = len(messages)
            self.given = {"role": self.role, "messages": messages}
            self.box.set_text(messages_html(self.rules, self.role, messages, self.settled()))

    def send(self) -> None:
        text = self.entry.get_text().strip()
        if not text:
            self.app.toast("Write a message first")
            return
        word, _, rest = text.partition(" ")
        try:
            if word.lower() in STATEMENT_WORDS:
                to, body, statement = parse_talk(word.lower(), rest)
            else:
                to, body, statement = self.to, text, None
            said = self.send_fn(to, body, statement)
        except MessageError as exc:
            self.app.toast(str(exc), 6)
            return
        self.entry.set_text("")
        self.app.toast(said)
        self.refresh()

    def close(self) -> None:
        self.app.pop()
        below = self.app.top
        if hasattr(below, "talk_button"):
            below.talk_button.set_text(below.talk_label())

    def update(self, dt: float) -> None:
        self.refresh()

    def handle(self, event) -> bool:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.close()
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.entry.is_focused:
                self.send()
                return True
            if self.entry.is_focused and event.key not in (pygame.K_TAB, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                return True  # typing
            if event.key == pygame.K_TAB and self.entry.is_focused:
                self.entry.unfocus()
                self.focus.focus(0)  # from the line to "To:", then Send and Close
                return True
        if scroll_text_box(self.box, event):
            return True
        return super().handle(event)

    def draw(self, surface) -> None:
        veil(surface, 200)
        pygame.draw.rect(surface, theme.PANEL, (24, 16, theme.WIDTH - 48, theme.HEIGHT - 32), border_radius=10)
        name = self.rules.role_names[self.rules.role_index(self.role)]
        badge = role_badge(surface, self.role, name, (BOX.x, 32), 24)
        surface.blit(theme.text("MESSAGES", 18, theme.MUTED, bold=True), (badge.right + 16, 40))
        surface.blit(theme.text("STATEMENTS YOU CAN MAKE", 16, theme.MUTED, bold=True), (HELP_BOX.x, 70))
        hints = ("Enter sends · Tab, then Enter: who reads it · PageUp/PageDown scroll · Esc closes",
                 "A statement (threat, redline, commit, refrain, offer: see the right) goes to everyone and binds you.")
        for i, line in enumerate(hints):
            surface.blit(theme.text(line, 16, theme.MUTED), (BOX.x, 644 + 24 * i))
