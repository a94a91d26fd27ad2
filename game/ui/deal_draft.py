"""A deal built from lists, and the deals waiting for an answer: what the Talk panel's deal
builder and its reply bar hold, with no pygame in it.

A deal is "we will do these if you will do those, by week N" (``game.play.negotiation``):
pick the role it is offered to, the week, and terms from two lists, your own actions (to
carry out, or to refrain from) and theirs. ``statement()`` is the data the terminal's
``propose`` makes; ``summary()`` says it as everyone will read it.

>>> from game.scenario import load_rules
>>> draft = DealDraft(load_rules("winter-2021"), "us", turn=1)
>>> draft.partner, draft.by_turn
('russia', 2)
>>> draft.add("give"); draft.add("ask"); [t["ref"] for t in draft.statement()["give"] + draft.statement()["ask"]]
['video_summit', 'engage_talks']
"""

from __future__ import annotations

from ..engine.rules import Rules
from ..play.negotiation import MAX_TERMS, Message, MessageError, Term, parse_statement

SIDES = ("give", "ask")


class DealDraft:
    """The deal a role is putting together: its partner, week and terms, and the term picked on each side."""

    def __init__(self, rules: Rules, role: str, turn: int = 1):
        self.rules, self.role, self.turn = rules, role, turn
        self.partners = [r for r in rules.roles if r != role]
        self.partner = self.partners[0] if self.partners else ""
        self.by_turn = min(turn + 1, rules.turns)  # a week to carry it out, where there is one
        self.terms: dict[str, list[dict]] = {"give": [], "ask": []}
        self.pick = {"give": 0, "ask": 0}
        self.do = {"give": True, "ask": True}

    def actions(self, side: str) -> list[tuple[str, str]]:
        """(id, label) of the actions a term of ``side`` may name: your own to give, the partner's public ones
        to ask (a term one could never see kept is not asked for)."""
        r = self.rules.role_index(self.role if side == "give" else self.partner)
        return [(a.id, a.label) for a in self.rules.actions if a.role == r and (side == "give" or a.public)]

    def picked(self, side: str) -> tuple[str, str]:
        """The action the list of ``side`` shows now: (id, label)."""
        options = self.actions(side)
        return options[self.pick[side] % len(options)] if options else ("", "nothing to offer")

    def weeks(self) -> list[int]:
        return list(range(self.turn, self.rules.turns + 1))

    def next_partner(self) -> None:
        """The next role; the terms asked of the last one go (they were its actions)."""
        self.partner = self.partners[(self.partners.index(self.partner) + 1) % len(self.partners)]
        self.terms["ask"], self.pick["ask"] = [], 0

    def next_week(self) -> None:
        weeks = self.weeks()
        self.by_turn = weeks[(weeks.index(self.by_turn) + 1) % len(weeks)] if self.by_turn in weeks else weeks[0]

    def step(self, side: str, by: int = 1) -> None:
        """The next (or, ``by=-1``, the previous) action in the list of ``side``."""
        self.pick[side] = (self.pick[side] + by) % max(1, len(self.actions(side)))

    def choose(self, side: str, ref: str) -> None:
        """Pick the action ``ref`` on the list of ``side`` (a drop-down's choice); an id not on it changes nothing."""
        ids = [aid for aid, _ in self.actions(side)]
        if ref in ids:
            self.pick[side] = ids.index(ref)

    def toggle(self, side: str) -> None:
        """Carry it out, or refrain from it."""
        self.do[side] = not self.do[side]

    def add(self, side: str) -> str | None:
        """Put the picked term on ``side``; returns why not, or None."""
        ref, _ = self.picked(side)
        if not ref:
            return "There is nothing on that list"
        if len(self.terms[side]) >= MAX_TERMS:
            return f"A deal holds at most {MAX_TERMS} terms on each side"
        if any(t["ref"] == ref for t in self.terms[side]):
            return "That term is in the deal already"
        self.terms[side].append({"ref": ref, "do": self.do[side]})
        return None

    def clear(self) -> None:
        self.terms = {"give": [], "ask": []}

    def statement(self) -> dict:
        """The deal as data, as ``propose`` makes it."""
        return {"kind": "deal", "ref": self.partner, "by_turn": self.by_turn,
                "give": list(self.terms["give"]), "ask": list(self.terms["ask"])}

    def summary_lines(self) -> list[str]:
        """The deal so far, a line a side: what you give, what you ask, by when (or what it still needs)."""
        if not self.terms["give"] and not self.terms["ask"]:
            return ["Add a term: what you give (your actions), what you ask (theirs), or both."]
        partner = self.rules.role_names[self.rules.role_index(self.partner)]

        def words(side: str) -> str:  # worded as the deal will be (Term.describe)
            return "; ".join(Term(**t).describe(self.rules) for t in self.terms[side]) or "nothing"

        return [f"You give: {words('give')}", f"{partner} gives: {words('ask')}",
                f"By {self.rules.turn_word} {self.by_turn}"]

    def summary(self) -> str:
        """The deal as everyone will read it, or what it still needs."""
        try:
            return parse_statement(self.rules, self.role, self.statement(), self.turn).describe(self.rules)
        except MessageError as exc:
            return f"Not yet a deal: {exc}."


def open_offers(messages: list[Message], role: str, turn: int | None = None) -> list[Message]:
    """The deals and counter-deals offered to ``role`` that it may still answer: made this turn
    (the newest turn among the messages when ``turn`` is not known) and not answered yet; newest first.

    >>> open_offers([], "us")
    []
    """
    if not messages:
        return []
    turn = max(m.turn for m in messages) if turn is None else turn
    answered = {m.statement.deal for m in messages if m.statement is not None and m.statement.kind == "reply"}
    return [m for m in reversed(messages) if m.statement is not None and m.statement.proposal
            and m.statement.ref == role and m.turn == turn and m.id not in answered]
