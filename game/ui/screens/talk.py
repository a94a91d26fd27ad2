"""The message panel: a role's messages, a line to write to one role or to all, and statements
built from lists (a threat, a red line, a commitment to do or not do an order by a week, an offer
to answer a demand, a deal with another role): pick the kind, the lever or order, the week or the
answer, then Declare. A deal is built from two lists, what you give (your actions, to carry out or
refrain from) and what you ask (theirs), and proposed; a deal or counter offered to you waits in
the bar under the messages, accepted or rejected in one click.

It is given the role, a function returning the messages that role may read
(``Game.messages_for`` locally, the host's view on a LAN) and a function
that sends one; never the match. The line still takes the terminal's words
(``threat ID``, ``commit ACTION TURN`` ...) for those who know them.

>>> TalkScreen.name
'talk'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import pygame
import pygame_gui

from ...engine.rules import Rules
from ...play.events import MessageSent, Say
from ...play.negotiation import PROMISE_VERBS, TALK_WORDS, Message, MessageError, parse_talk
from ...play.runner import Game
from .. import theme
from ..deal_draft import DealDraft, open_offers
from ..widgets import html_escape, role_badge, scroll_text_box, veil
from .base import Screen

BOX = pygame.Rect(40, 96, 800, 384)
OFFER_BAR = pygame.Rect(40, 488, 800, 78)  # a deal offered to you: Accept, Reject
HELP_BOX = pygame.Rect(856, 96, 384, 470)  # the statement builder
TERM_MENU_CHROME = 48  # a drop-down's room lost to its arrow (closed), scroll bar and padding (open)
KIND_WORDS = {"threat": "A threat", "red_line": "A red line", "commit": "A commitment: I will",
              "refrain": "A commitment: I will not", "offer": "An offer on a demand", "deal": "A deal with another role"}
VERDICT_COLOURS = {"accept": "#7fd08a", "counter": "#f0c060", "reject": "#f08a80"}
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
            said = html_escape(m.statement.describe(rules))
            if m.statement.verdict is not None:  # an answer to a deal: accepted, countered, rejected
                said = f"<font color='{VERDICT_COLOURS[m.statement.verdict]}'>{said}</font>"
            # a deal's number, to answer it with (accept N, or the bar's buttons)
            number = f"<b>#{m.id}</b> " if m.statement.proposal else ""
            line += f"<br>   {number}<i>{said}</i>"
            if m.id in settled:
                line += f" <b>({html_escape(settled[m.id])})</b>"
        if m.leaked is not None:
            line += f"<br>   <i>Leaked by control: {html_escape(m.leaked)}</i>"
        elif not m.public:
            line += " <i>(private)</i>"
        out.append(line + "<br>")
    return "".join(out)


def who(rules: Rules, sender: str) -> str:
    """A role's name, a playable actor's, or Control."""
    if sender in rules.roles:
        return rules.role_names[rules.role_index(sender)]
    return rules.actors.get(sender, sender.capitalize())


def confirmation(rules: Rules, to: str, message: Message) -> str:
    """What the sender is told, as in the terminal."""
    if message.statement is not None:
        return f"Declared in public: {message.statement.describe(rules)}"
    return "Sent to everyone." if to == "all" else f"Sent to {who(rules, to)}."


def local_sender(game: Game, role: str) -> Callable[[str, str, dict | None], str]:
    """Send as ``role`` in a game played on this machine (its runner, ``game.play.runner.Game``)."""
    def send(to: str, text: str, statement: dict | None) -> str:
        events = game.send(Say(role, to, text, statement))
        sent = next(e.message_id for e in events if isinstance(e, MessageSent))
        return confirmation(game.rules, to, next(m for m in game.messages_for(role) if m.id == sent))
    return send


@runtime_checkable
class TalkButton(Protocol):
    """A screen with a button that opens this panel, labelled with the unread count (the game screens)."""

    talk_button: pygame_gui.elements.UIButton

    def talk_label(self) -> str: ...


class TalkScreen(Screen):
    """An overlay over the game screen (T): read and write messages."""

    name = "talk"
    overlay = True
    role: str  # the panel always writes as a role (the base screen's role may be None)

    def __init__(self, app, rules: Rules, role: str, messages: Callable[[], list[Message]],
                 send: Callable[[str, str, dict | None], str], legal_ids: list[str] | None = None,
                 settled: Callable[[], dict[int, str]] | None = None, turn: int | None = None,
                 actors: list[str] | None = None):
        super().__init__(app, role=role)
        self.turn = turn  # None: the newest week among the messages (a LAN client's)
        self.deal = DealDraft(rules, role, turn or 1)
        self.choices = statement_choices(rules, role, legal_ids or [])
        self.kinds = [k for k in KIND_WORDS if self.choices.get(k)]
        self.kind = self.kinds[0] if self.kinds else None
        self.pick = 0  # which lever, order or demand
        self.option = 0  # the week (commit, refrain) or the answer (offer)
        self._focused_entry = False
        self.rules, self.messages, self.send_fn = rules, messages, send
        self.legal_ids = legal_ids or []
        self.settled = settled or (lambda: {})
        others = [r for r in rules.roles if r != role]
        self.recipients = ["all", *others, *(actors or [])]  # a playable actor's seats read what is sent to it
        self.to = "all"
        self.shown = -1
        self.given = {"role": role, "messages": self.messages()}

    def build(self) -> None:
        self.box = self.add(pygame_gui.elements.UITextBox("", BOX, self.ui))
        self.to_button = self.button((BOX.x, 590, 260, 44), self._to_label(), self.next_recipient,
                                     tooltip="Who reads it: one role (private) or everyone")
        self.entry = self.add(pygame_gui.elements.UITextEntryLine(pygame.Rect(BOX.x + 272, 590, 528, 44), self.ui))
        self.entry.set_text_length_limit(400)
        self.button((856, 590, 180, 44), "Send (Enter)", self.send, object_id="@primary_button")
        self.button((1048, 590, 192, 44), "Close (Esc)", self.close)
        # after To, Send and Close: Tab from the line still reaches "To:" first
        bar = OFFER_BAR
        self.accept_button = self.button((bar.right - 232, bar.y + 17, 110, 44), "Accept", lambda: self.answer("accept"),
                                         object_id="@primary_button", tooltip="Accept the deal: its terms become "
                                         "public commitments of both sides")
        self.reject_button = self.button((bar.right - 114, bar.y + 17, 106, 44), "Reject", lambda: self.answer("reject"),
                                         tooltip="Turn the deal down, in public")
        x, w = HELP_BOX.x, HELP_BOX.w
        if self.kind is not None:
            self.kind_button = self.button((x, 124, w, 44), "", lambda: self.cycle("kind"),
                                           tooltip="What kind of statement: each binds you in public")
            self.pick_button = self.button((x, 176, w, 44), "", lambda: self.cycle("pick"),
                                           tooltip="The lever, order or demand it is about")
            self.option_button = self.button((x, 228, w, 44), "", lambda: self.cycle("option"),
                                             tooltip="The week it is due by, or the answer you promise")
            self.declare_button = self.button((x, 522, w, 44), "Declare to everyone", self.declare,
                                              object_id="@primary_button",
                                              tooltip="Made in public; the words in the line below go with it")
            # the deal builder: a term from each list (your actions, theirs), carried out or refrained from;
            # picking an action from a side's drop-down puts it in the deal
            self.term_buttons = {}
            self.term_menus: dict[str, pygame_gui.elements.UIDropDownMenu] = {}
            self.term_lists: dict[str, list[tuple[str, str]]] = {}  # (id, label) each menu offers, its word first
            for side, y in (("give", 280), ("ask", 332)):
                self.term_buttons[side] = (
                    self.button((x + w - 56, y, 56, 44), "", lambda s=side: self.toggle_term(s),
                                tooltip="The next term picked on this side: carried out, or refrained from",
                                object_id="@small_button"),)
            self.clear_button = self.button((x + w - 96, 522, 96, 44), "Clear", self.clear_deal,
                                            tooltip="Take every term out of the deal", object_id="@small_button")
            self._label_builder()
        self.refresh()

    # -- the statement builder ------------------------------------------------------------------
    def options(self) -> list[tuple[str, str]]:
        """(value, words) for the third list: the weeks left, or the answers one can promise."""
        if self.kind == "deal":
            return [(str(self.deal.by_turn), f"By {self.rules.turn_word} {self.deal.by_turn}")]
        if self.kind in ("commit", "refrain"):
            word = self.rules.turn_word
            first = self.turn or 1  # as the deal draft: week 1 when the week is not known
            return [(str(t), f"By {word} {t}") for t in range(first, self.rules.turns + 1)]
        if self.kind == "offer":
            return [("accept", "I will accept it"), ("counter", "I will answer with a counter-offer")]
        return []

    def cycle(self, which: str) -> None:
        if self.kind is None:
            return  # nothing to make statements about: the lists are not shown
        if which == "kind":
            self.kind = self.kinds[(self.kinds.index(self.kind) + 1) % len(self.kinds)]
            self.pick = self.option = 0
        elif self.kind == "deal":  # the deal keeps its own picks
            self.deal.next_partner() if which == "pick" else self.deal.next_week()
        elif which == "pick":
            self.pick = (self.pick + 1) % len(self.choices[self.kind])
        elif self.options():
            self.option = (self.option + 1) % len(self.options())
        self._label_builder()

    def _label_builder(self) -> None:
        if self.kind is None:
            return  # the builder's buttons were not made
        width = HELP_BOX.w - 30
        self.kind_button.set_text(theme.fit(f"{KIND_WORDS[self.kind]} ›", 18, width))
        if self.kind == "deal":
            self.pick_button.set_text(theme.fit(f"With {who(self.rules, self.deal.partner)} ›", 18, width))
        else:
            ref, label = self.choices[self.kind][self.pick]
            self.pick_button.set_text(theme.fit(f"{label} ›", 18, width))
        options = self.options()
        if options:
            self.option_button.show()
            self.option_button.set_text(theme.fit(f"{options[0 if self.kind == 'deal' else self.option][1]} ›", 18, width))
        else:
            self.option_button.hide()
        dealing = self.kind == "deal"
        for side, (toggle,) in self.term_buttons.items():
            self._term_menu(side)
            for element in (self.term_menus[side], toggle):
                element.show() if dealing else element.hide()
            toggle.set_text("do" if self.deal.do[side] else "not")
        self.clear_button.show() if dealing else self.clear_button.hide()
        self.declare_button.set_dimensions((HELP_BOX.w - 104 if dealing else HELP_BOX.w, 44))
        words = f"Propose to {who(self.rules, self.deal.partner)}" if dealing else "Declare to everyone"
        self.declare_button.set_text(theme.fit(words, 18, self.declare_button.rect.w - 16))

    # -- the deal builder -----------------------------------------------------------------------
    def _term_menu(self, side: str, again: bool = False) -> None:
        """``side``'s drop-down: its word ("Give: pick an action"), then the actions not yet in the deal.
        Made again when that list changed (a term added, another partner) or ``again``: it shows its word."""
        taken = {t["ref"] for t in self.deal.terms[side]}
        actions = [(ref, label) for ref, label in self.deal.actions(side) if ref not in taken]
        word = "Give" if side == "give" else "Ask"
        options = [("", f"{word}: pick an action" if actions else f"{word}: nothing to pick")] + actions
        menu = self.term_menus.get(side)
        if menu is not None and not again and self.term_lists.get(side) == options:
            return
        if menu is not None:
            menu.kill()
            self.elements.remove(menu)
        rect = pygame.Rect(HELP_BOX.x, 280 if side == "give" else 332, HELP_BOX.w - 64, 44)
        room = rect.w - TERM_MENU_CHROME
        shown: list[str | tuple[str, str]] = [(theme.fit(label, 18, room), ref or "none") for ref, label in options]
        menu = self.add(pygame_gui.elements.UIDropDownMenu(shown, shown[0], rect, self.ui,
                                                           expansion_height_limit=theme.HEIGHT - rect.bottom - 8))
        self.term_lists[side] = options
        self.term_menus[side] = menu

    def step_term(self, side: str, by: int = 1) -> None:
        """The next (``by=-1``: the previous) action on ``side``'s list."""
        self.deal.step(side, by)
        self._label_builder()

    def choose_term(self, side: str, ref: str) -> None:
        """The action picked from ``side``'s drop-down goes into the deal, carried out or not as the toggle says."""
        if ref in {aid for aid, _ in self.deal.actions(side)}:
            self.deal.choose(side, ref)
            why = self.deal.add(side)
            if why:
                self.app.toast(why)
        self._term_menu(side, again=True)
        self._label_builder()

    def toggle_term(self, side: str) -> None:
        self.deal.toggle(side)
        self._label_builder()

    def add_term(self, side: str) -> None:
        why = self.deal.add(side)
        if why:
            self.app.toast(why)
        self._label_builder()

    def clear_deal(self) -> None:
        self.deal.clear()
        self._label_builder()

    # -- deals offered to this role -------------------------------------------------------------
    def offer(self) -> Message | None:
        """The newest deal or counter offered to this role that it may still answer."""
        offers = open_offers(self.messages(), self.role, self.turn)
        return offers[0] if offers else None

    def answer(self, verdict: str) -> None:
        """Accept or reject the deal in the bar, in public (as ``accept N`` or ``reject N``)."""
        offer = self.offer()
        if offer is None:
            self.app.toast("No deal is waiting for your answer")
            return
        words = self.entry.get_text().strip() or f"({verdict} deal #{offer.id})"
        try:
            said = self.send_fn("all", words, {"kind": "reply", "deal": offer.id, "verdict": verdict})
        except MessageError as exc:
            self.app.toast(str(exc), 6)
            return
        self.entry.set_text("")
        self.app.toast(said, 5)
        self.refresh()

    def statement(self) -> tuple[str, dict]:
        """The statement the lists describe, as the terminal's words would make it: (word, statement)."""
        kind = self.kind
        if kind is None:
            raise MessageError("this role has nothing to make statements about now")
        if kind == "deal":
            return "propose", self.deal.statement()
        ref = self.choices[kind][self.pick][0]
        if kind in ("threat", "red_line"):
            return ("threat" if kind == "threat" else "redline"), {"kind": kind, "ref": ref}
        value = self.options()[self.option][0]
        if kind == "offer":
            return "offer", {"kind": "offer", "ref": ref, "answer": value}
        return kind, {"kind": "commitment", "ref": ref, "by_turn": int(value), "do": kind == "commit"}

    def declare(self) -> None:
        if self.kind is None:
            return
        word, statement = self.statement()
        default = f"(a deal for {who(self.rules, statement['ref'])})" if word == "propose" else f"({word} {statement['ref']})"
        words = self.entry.get_text().strip() or default
        try:
            said = self.send_fn("all", words, statement)
        except MessageError as exc:
            self.app.toast(str(exc), 6)
            return
        self.entry.set_text("")
        if word == "propose":  # proposed: the builder is free for the next one
            self.deal.clear()
            self._label_builder()
        self.app.toast(said, 5)
        self.refresh()

    def _to_label(self) -> str:
        if self.to == "all":
            return "To: everyone"
        return "To: " + who(self.rules, self.to) + " only"

    def next_recipient(self) -> None:
        self.to = self.recipients[(self.recipients.index(self.to) + 1) % len(self.recipients)]
        self.to_button.set_text(self._to_label())

    def refresh(self) -> None:
        messages = self.messages()
        if len(messages) != self.shown:
            self.shown = len(messages)
            self.given = {"role": self.role, "messages": messages}
            self.box.set_text(messages_html(self.rules, self.role, messages, self.settled()))
            offer = self.offer()
            for button in (self.accept_button, self.reject_button):
                button.show() if offer else button.hide()

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
        if isinstance(below, TalkButton):  # the unread count on the screen below
            below.talk_button.set_text(below.talk_label())

    def update(self, dt: float) -> None:
        if not self._focused_entry:  # a frame after opening: the key that opened the panel is not typed
            self._focused_entry = True
            self.entry.focus()
        self.refresh()

    def handle(self, event) -> bool:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            side = next((s for s, menu in getattr(self, "term_menus", {}).items() if event.ui_element is menu), None)
            if side is not None:
                self.choose_term(side, event.selected_option_id)
                return True
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
        surface.blit(theme.text("A STATEMENT, IN PUBLIC", 16, theme.MUTED, bold=True), (HELP_BOX.x, 96))
        if self.kind is None:
            for i, line in enumerate(theme.wrap("This role has no threats, red lines, orders or demands to make "
                                                "statements about now.", 18, HELP_BOX.w)):
                surface.blit(theme.text(line, 18, theme.MUTED), (HELP_BOX.x, 130 + 26 * i))
        elif self.kind == "deal":
            y = 386
            lines = [part for line in self.deal.summary_lines() for part in theme.wrap(line, 16, HELP_BOX.w)]
            for line in lines[:5]:
                surface.blit(theme.text(line, 16, theme.TEXT), (HELP_BOX.x, y))
                y += 22
            for line in theme.wrap("Nobody is bound until they accept; then each term is a public commitment.",
                                   16, HELP_BOX.w)[:2]:
                surface.blit(theme.text(line, 16, theme.MUTED, italic=True), (HELP_BOX.x, y + 4))
                y += 22
        else:
            word, statement = self.statement()
            y = 286
            for line in theme.wrap(statement_words(self.rules, self.role, statement), 18, HELP_BOX.w):
                surface.blit(theme.text(line, 18, theme.TEXT), (HELP_BOX.x, y))
                y += 26
            for line in theme.wrap("It binds you: breaking it costs your credibility. Your words in the line below "
                                   "go with it.", 16, HELP_BOX.w):
                surface.blit(theme.text(line, 16, theme.MUTED, italic=True), (HELP_BOX.x, y + 6))
                y += 22
        self._draw_offer(surface)
        hints = ("Enter sends the line · Tab, then Enter: who reads it · PageUp/PageDown scroll · Esc closes",
                 "A statement or a deal: pick its kind and terms on the right (click, or Tab and Enter), then Declare or Propose.")
        for i, line in enumerate(hints):
            surface.blit(theme.text(line, 16, theme.MUTED), (BOX.x, 644 + 24 * i))

    def _draw_offer(self, surface) -> None:
        """The bar under the messages: the deal waiting for this role's answer, or what the bar is for."""
        bar = OFFER_BAR
        pygame.draw.rect(surface, theme.PANEL_HI, bar, border_radius=6)
        offer = self.offer()
        width = bar.w - 256
        if offer is None:
            lines = theme.wrap("A deal offered to you waits here, to accept or reject in one click.", 16, bar.w - 16)[:3]
            colour = theme.MUTED
        else:
            lines = theme.wrap(offer_words(self.rules, offer), 16, width)
            if len(lines) > 3:
                lines = [*lines[:2], theme.fit(" ".join(lines[2:]), 16, width)]
            colour = theme.TEXT
        for i, line in enumerate(lines):
            surface.blit(theme.text(line, 16, colour), (bar.x + 8, bar.y + 4 + 22 * i))


def statement_choices(rules: Rules, role: str, legal_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """What ``role`` can make statements about: (id, label) for each kind of ``KIND_WORDS``.

    >>> from game.scenario import load_rules
    >>> choices = statement_choices(load_rules("winter-2021"), "us", ["call_putin"])
    >>> choices["commit"], bool(choices["threat"])
    ([('call_putin', 'Call Putin')], True)
    """
    r = rules.role_index(role)
    orders = []
    for aid in legal_ids:
        try:
            orders.append((aid, rules.action(role, aid).label))
        except KeyError:
            continue
    return {
        "threat": [(t.id, t.label) for t in rules.threats if t.by == r and t.kind == "threat"],
        "red_line": [(t.id, t.label) for t in rules.threats if t.by == r and t.kind != "threat"],
        "commit": orders,
        "refrain": orders,
        "offer": [(d.id, d.label) for d in rules.demands if r in d.to],
        "deal": [(other, who(rules, other)) for other in rules.roles if other != role],
    }


def statement_words(rules: Rules, role: str, statement: dict) -> str:
    """What the statement says, as everyone will read it."""
    kind, ref = statement["kind"], statement["ref"]
    if kind in ("threat", "red_line"):
        label = rules.threats[rules.threat_index[ref]].label
        return f"{'Threat' if kind == 'threat' else 'Red line'}: {label}"
    if kind == "offer":
        label = rules.demands[rules.demand_index[ref]].label
        answer = "accept" if statement["answer"] == "accept" else "answer with a counter-offer to"
        return f"We will {answer} “{label}”."
    label = rules.action(role, ref).label
    return f"We will {PROMISE_VERBS[statement['do']]} “{label}” by {rules.turn_word} {statement['by_turn']}."


def offer_words(rules: Rules, offer: Message) -> str:
    """The line of the bar: who offers what (a deal, or a counter to yours)."""
    deal = offer.statement
    assert deal is not None
    name = who(rules, offer.sender)
    head = f"{name} counters your deal #{deal.deal}" if deal.kind == "reply" else f"{name} offers you a deal"

    def words(terms) -> str:
        return "; ".join(t.describe(rules) for t in terms or ()) or "nothing"

    return (f"#{offer.id} {head}: {name} will: {words(deal.give)}. You will: {words(deal.ask)}. "
            f"By {rules.turn_word} {deal.by_turn}.")
