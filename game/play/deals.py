"""Deals at the table, and AI roles that answer: the play layer of ``game.ai.negotiate``.

A ``deal`` statement ("we will X if you will Y, by week N") binds nobody until the role it
names replies ``accept``; then each side's terms become its own public commitments
(``commitment`` statements, one message per term, so the engine's ``pledges`` phase settles
each and the record shows each kept or broken). A deal lapses at the end of the turn it was
made in, and is answered once.

``Table`` gives the AI roles of a game their voice, with no face-specific code: the runner
hands it each message a person sends and each new turn, and posts what it returns as
messages from the AI role (the terminal, the window's Talk panel, LAN clients and the
browser show them like any other). An AI role

- answers a deal offered to it: accept, reject, or a counter-deal (``judge_deal``);
- answers a threat or red line aimed at its moves: concede (a public promise to refrain
  from what triggers it), acknowledge, or defy (``judge_threat``);
- answers a plain message with a short acknowledgement in character: simple keyword
  routing (a word of a deal, a threat, talks) picks the line; no language is understood,
  and nothing it says carries a number or a hidden value;
- declares its own threats and red lines when that is worth it, at the start of a turn;
- puts its own deal to a person or to another thinking AI role as a turn opens, when one is
  worth it by its value model (at most one a turn, never one the other side has turned down
  or let lapse), and volunteers a commitment not to make an escalation another role has said in
  public it fears (a declared threat or red line it triggers, or a deal that asked it to refrain),
  when its word is credible and costs it nothing (``Negotiator.initiative``, ``answers_fear``);
  a person answers the deal with ``accept N`` or ``reject N``, an AI role at once, as it
  answers a person's deal (a counter to an AI role is answered yes or no, so two AI roles
  strike a deal or not within the turn's opening);
- keeps or breaks its word by value when it gives its orders (``keep_or_break``).

Everything it says is a function of its own view, the message and the game's seed, so seed
and inputs reproduce the replies; and they are acts in the log, so saves replay them as said.

>>> from game.scenario import load_rules
>>> from game.play.negotiation import parse_statement
>>> rules = load_rules("winter-2021")
>>> deal = parse_statement(rules, "nato", {"kind": "deal", "ref": "russia", "by_turn": 8,
...     "give": [{"ref": "membership_pathway_ukraine", "do": False}], "ask": [{"ref": "withdraw_troops"}]})
>>> [(s["ref"], s["do"]) for _, s in terms_as_commitments(deal, "nato")]
[('membership_pathway_ukraine', False), ('withdraw_troops', True)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..ai.negotiate import Negotiator, Promise, Verdict, deal_key, due_threats, negotiator_for, open_promises, record_of
from ..ai.policies import Policy
from ..engine.observe import ObservationBatch
from ..engine.rules import Rules
from .negotiation import Message, MessageError, Statement, Term

Observe = Callable[[str], ObservationBatch]  # a role's view of the game, as the AI decides from it
FirstOrders = Callable[[str], "np.ndarray | None"]  # a role's orders sealed this turn, as an (A,) mask


@dataclass(frozen=True)
class Reply:
    """A message an AI role (or a closed deal) sends: from, to, text, and any statement (as data)."""

    sender: str
    to: str
    text: str
    statement: dict | None = None


# -- deals between any two roles ----------------------------------------------------------------
def open_deal(messages: list[Message], deal_id: int, turn: int) -> Message:
    """The deal (or counter) ``deal_id`` if it may still be answered; raises MessageError."""
    deal = next((m for m in messages if m.id == deal_id), None)
    if deal is None or deal.statement is None or not deal.statement.proposal:
        raise MessageError(f"#{deal_id} is not a deal")
    if deal.turn != turn:
        raise MessageError(f"deal #{deal_id} has lapsed: a deal stands for the turn it is made in")
    if any(m.statement is not None and m.statement.kind == "reply" and m.statement.deal == deal_id for m in messages):
        raise MessageError(f"deal #{deal_id} has been answered already")
    return deal


def complete_reply(messages: list[Message], role: str, statement: dict, turn: int) -> dict:
    """A reply as a person typed it (``accept 12``), checked and completed with the role it answers."""
    deal_id = statement.get("deal")
    if not isinstance(deal_id, int) or isinstance(deal_id, bool):
        raise MessageError("a reply names the deal it answers by its message number")
    deal = open_deal(messages, deal_id, turn)
    assert deal.statement is not None  # open_deal returns a deal
    if deal.statement.ref != role:
        raise MessageError(f"deal #{deal_id} was not offered to {role}")
    return {**statement, "ref": deal.sender}


def terms_as_commitments(deal: Statement, proposer: str) -> list[tuple[str, dict]]:
    """The commitments an accepted deal makes: (role, statement data), the proposer's terms first."""
    def commit(term: Term) -> dict:
        return {"kind": "commitment", "ref": term.ref, "do": term.do, "by_turn": deal.by_turn}

    return [(proposer, commit(t)) for t in deal.give or ()] + [(deal.ref, commit(t)) for t in deal.ask or ()]


def closing(deal_message: Message, rules: Rules) -> list[Reply]:
    """The commitments of both sides once ``deal_message`` is accepted, each a message of its own."""
    deal = deal_message.statement
    assert deal is not None
    names = dict(zip(rules.roles, rules.role_names))
    out = []
    for role, statement in terms_as_commitments(deal, deal_message.sender):
        other = deal.ref if role == deal_message.sender else deal_message.sender
        out.append(Reply(role, "all", f"Under deal #{deal_message.id} with {names[other]}.", statement))
    return out


# -- the AI's voice ------------------------------------------------------------------------------
LINES = {
    # persona -> verdict -> line (no numbers: a reply reveals nothing of what the role hides)
    "hawk": {"accept": "Agreed. See that you keep your side.",
             "reject": "No. That is not a serious offer.",
             "counter": "Not like that. Here is what we would sign.",
             "concede": "We have no such plans. You may have that in writing.",
             "acknowledge": "Noted.",
             "defy": "Threats do not move us.",
             "note": "We have heard you. Words are cheap; we watch what you do.",
             "deal": "Put a deal on the table and we will answer it.",
             "threat": "Threats do not move us.",
             "talks": "We are ready to talk when you are ready to listen.",
             "offer": "Here are our terms. This is as far as we go.",
             "pledge": "We will not be the first to move. Do not test us."},
    "dove": {"accept": "Agreed, gladly. Let us both keep to it.",
             "reject": "We cannot accept this as it stands, but we want an agreement.",
             "counter": "We are close. Could you accept this instead?",
             "concede": "We have no wish to go down that road, and we say so in public.",
             "acknowledge": "We understand your concern.",
             "defy": "We hear you, but we cannot bind ourselves to that.",
             "note": "Thank you. We take your message seriously.",
             "deal": "We are open to a deal: put it to us and we will answer.",
             "threat": "There is no need for threats between us.",
             "talks": "We welcome talks, the sooner the better.",
             "offer": "We offer this in good faith, to ease the crisis.",
             "pledge": "To reassure everyone, we bind ourselves in public."},
    "normal": {"accept": "Agreed.",
               "reject": "We cannot accept that.",
               "counter": "Not as it stands. We propose this instead.",
               "concede": "We have no such intention, and we commit to that in public.",
               "acknowledge": "We take note of your statement.",
               "defy": "We reject this pressure.",
               "note": "Your message is received.",
               "deal": "Make us an offer as a deal and we will answer it.",
               "threat": "We take note.",
               "talks": "We are ready to talk.",
               "offer": "We propose this.",
               "pledge": "We state our intentions plainly."},
}
KEYWORDS = (  # simple keyword routing of free text to a line: no language is understood
    ("deal", ("deal", "offer", "propose", "trade", "exchange", "if you", "agree")),
    ("threat", ("threat", "warn", "or else", "consequence", "sanction", "punish")),
    ("talks", ("talk", "meet", "negotiat", "summit", "call", "geneva", "dialogue")),
)


def keyword_line(text: str) -> str:
    """The kind of line a free-text message gets: 'deal', 'threat', 'talks' or 'note'.

    >>> keyword_line("Shall we meet in Geneva?"), keyword_line("I propose a deal"), keyword_line("Hello")
    ('talks', 'deal', 'note')
    """
    low = text.lower()
    return next((kind for kind, words in KEYWORDS if any(w in low for w in words)), "note")


class Table:
    """The AI roles' side of the talk in one game (see the module's docstring)."""

    def __init__(self, rules: Rules, policies: dict[str, Policy], players: dict[str, str]):
        self.rules, self.policies, self.players = rules, policies, players
        self._negotiators: dict[str, Negotiator] | None = None

    @property
    def negotiators(self) -> dict[str, Negotiator]:
        """Each AI role's negotiator, made when first needed (a game nobody talks in makes none)."""
        if self._negotiators is None:
            self._negotiators = {role: negotiator_for(self.rules, role, self.players.get(role, "historical"), policy)
                                 for role, policy in self.policies.items()}
        return self._negotiators

    def thinks(self, role: str) -> bool:
        """Whether ``role`` is played by a thinking policy (only those improvise statements of their own).

        An edited planner (``planner:drop=full_invasion``) counts as a script on purpose: its
        negotiator judges with the unedited planner's futures, so it could declare a threat
        whose action the edit forbids. It still answers what is put to it.
        """
        from ..ai.lookahead import Lookahead  # only to tell a thinking policy from a script

        return isinstance(self.policies.get(role), Lookahead)

    def persona(self, role: str) -> str:
        return self.negotiators[role].persona

    def line(self, role: str, kind: str) -> str:
        return LINES[self.persona(role)][kind]

    def answer(self, message: Message, observe: Observe, first_orders: FirstOrders) -> list[Reply]:
        """What the AI roles say to ``message`` (``observe(role)``: that role's ObservationBatch;
        ``first_orders(role)``: its orders sealed this turn, or None)."""
        said = message.statement
        if said is not None and said.proposal:
            return self._answer_deal(message, observe, first_orders)
        if said is not None and said.kind in ("threat", "red_line"):
            return self._answer_threat(message, observe, first_orders)
        if said is None and message.to in self.negotiators and message.sender != message.to:
            return [Reply(message.to, message.sender, self.line(message.to, keyword_line(message.text)))]
        return []

    def _answer_deal(self, message: Message, observe: Observe, first_orders: FirstOrders) -> list[Reply]:
        said = message.statement
        assert said is not None
        role = said.ref
        if role not in self.negotiators or message.sender == role:
            return []
        rules, me, other = self.rules, self.rules.role_index(role), self.rules.role_index(message.sender)
        give = tuple(Promise(other, rules.action(message.sender, t.ref).index, t.do, said.by_turn or rules.turns)
                     for t in said.give or ())
        ask = tuple(Promise(me, rules.action(role, t.ref).index, t.do, said.by_turn or rules.turns) for t in said.ask or ())
        obs = observe(role)
        # a counter is answered yes or no: two AI roles do not bargain on for ever
        verdict = self.negotiators[role].judge_deal(obs, give, ask, first_orders(role), record_of(obs, other),
                                                    may_counter=said.kind != "reply")
        return [self._verdict_reply(role, message, verdict)]

    def _verdict_reply(self, role: str, message: Message, verdict: Verdict) -> Reply:
        rules = self.rules
        reply: dict = {"kind": "reply", "ref": message.sender, "deal": message.id, "verdict": verdict.verdict}
        if verdict.verdict == "counter":
            assert message.statement is not None
            # the counter's terms as the AI offers them: its own (the asks) are what it gives
            reply["give"] = [{"ref": rules.actions[p.action].id, "do": p.do} for p in verdict.ask]
            reply["ask"] = [{"ref": rules.actions[p.action].id, "do": p.do} for p in verdict.give]
            reply["by_turn"] = message.statement.by_turn
        return Reply(role, "all", self.line(role, verdict.verdict), reply)

    def _answer_threat(self, message: Message, observe: Observe, first_orders: FirstOrders) -> list[Reply]:
        said = message.statement
        assert said is not None
        rules, t = self.rules, self.rules.threat_index[said.ref]
        out = []
        for role, negotiator in self.negotiators.items():
            if role == message.sender or not negotiator.triggers(t):
                continue
            stance, promises = negotiator.judge_threat(observe(role), t, first_orders(role))
            if not promises:
                out.append(Reply(role, "all", self.line(role, stance)))
            for p in promises:
                out.append(Reply(role, "all", self.line(role, "concede"),
                                 {"kind": "commitment", "ref": rules.actions[p.action].id, "do": False, "by_turn": p.due}))
        return out

    def declarations(self, role: str, obs: ObservationBatch, first: np.ndarray | None) -> list[Reply]:
        """The threats and red lines ``role`` declares as a turn opens."""
        out = []
        for t in self.negotiators[role].declarations(obs, first):
            threat = self.rules.threats[t]
            kind = "threat" if threat.kind == "threat" else "red_line"
            text = {"hawk": "Let there be no misunderstanding.", "dove": "We say this plainly, to avoid any misreading."}
            out.append(Reply(role, "all", text.get(self.persona(role), "We state our position."), {"kind": kind, "ref": threat.id}))
        return out

    def initiative(self, role: str, obs: ObservationBatch, first: np.ndarray | None, messages: list[Message],
                   turn: int) -> list[Reply]:
        """The deal ``role`` proposes to a person or another thinking AI role, and the commitment it volunteers,
        as the turn opens (or none).

        At most one of each a turn, from the log: a role that has proposed or committed itself this
        turn already (a replayed save) says nothing more; a deal it has offered before and that was not
        accepted is not offered again."""
        rules, me = self.rules, self.rules.role_index(role)
        mine = [m for m in messages if m.sender == role and m.statement is not None]
        if any(m.turn == turn and m.statement is not None and m.statement.kind in ("deal", "commitment") for m in mine):
            return []
        # a person, or another thinking AI role (a script plays its documented moves and is offered nothing)
        others = [rules.role_index(r) for r in rules.roles if r != role and (self.players.get(r) == "human" or self.thinks(r))]
        if not others:
            return []
        answered = {m.statement.deal: m.statement.verdict for m in messages
                    if m.statement is not None and m.statement.kind == "reply" and m.statement.deal is not None}
        refused = frozenset(self._key(m) for m in mine if m.statement is not None and m.statement.kind == "deal"
                            and answered.get(m.id) != "accept" and (m.id in answered or m.turn < turn))
        records = {o: record_of(obs, o) for o in others}
        pledged = frozenset(p.action for p in open_promises(obs, me))
        # the moves another role's deal or counter asked of it not to make: a fear said in public (answers_fear)
        asked = frozenset(rules.action(role, t.ref).index for m in messages
                          if m.sender != role and m.statement is not None and m.statement.proposal and m.statement.ref == role
                          for t in m.statement.ask or () if not t.do)
        move = self.negotiators[role].initiative(obs, others, first, records, refused, pledged, asked)
        out = []
        if move.deal is not None:
            give, ask = move.deal
            terms = {"kind": "deal", "ref": rules.roles[move.other], "by_turn": give[0].due,
                     "give": [{"ref": rules.actions[p.action].id, "do": p.do} for p in give],
                     "ask": [{"ref": rules.actions[p.action].id, "do": p.do} for p in ask]}
            out.append(Reply(role, "all", self.line(role, "offer"), terms))
        if move.commitment is not None:
            p = move.commitment
            out.append(Reply(role, "all", self.line(role, "pledge"),
                             {"kind": "commitment", "ref": rules.actions[p.action].id, "do": p.do, "by_turn": p.due}))
        return out

    def _key(self, message: Message) -> tuple:
        """``deal_key`` of a deal message (its sender's offer)."""
        said, rules = message.statement, self.rules
        assert said is not None
        other = rules.role_index(said.ref)
        give = tuple(Promise(-1, rules.action(message.sender, t.ref).index, t.do, 0) for t in said.give or ())
        ask = tuple(Promise(-1, rules.action(said.ref, t.ref).index, t.do, 0) for t in said.ask or ())
        return deal_key(other, give, ask)

    def keep(self, role: str, obs: ObservationBatch, orders: list[str]) -> list[str]:
        """``role``'s orders with its word kept, where keeping it is worth the cost (see ``keep_or_break``)."""
        rules = self.rules
        r = rules.role_index(role)
        promises, due = open_promises(obs, r), due_threats(obs, r)
        if not promises and not due:
            return orders
        row = np.zeros(len(rules.actions), dtype=bool)
        row[[rules.action(role, a).index for a in orders]] = True
        kept, _ = self.negotiators[role].keep_or_break(obs, row, promises, due)
        return [rules.actions[i].id for i in np.flatnonzero(kept)]
