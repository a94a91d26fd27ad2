"""Negotiation: private messages, public statements and structured statements.

Teams talk, and the talk is part of the game. A ``Message`` goes from one role
to another (private) or to all (public). A message may carry a ``Statement``
the engine understands:

- ``threat``: one of the role's sanctions levers, with the scenario's trigger;
  declaring it publicly makes its audience cost apply if it is not carried out;
- ``red_line``: one of the role's red lines, declared the same way;
- ``commitment``: to carry out (``do``) or to refrain from (``not``) one of the
  role's actions by a turn; it becomes a pledge in the engine's state, and a
  broken one costs the role the mildest audience cost of its threats
  (``game.engine.pledges``);
- ``offer``: an answer promised to a pending demand (counter or accept); it is
  a pledge to give that answer before the demand expires;
- ``deal``: a proposal to one role (``ref``), "I do these if you do those" by a turn:
  ``give`` and ``ask`` are terms (an action carried out, or refrained from, by
  ``by_turn``: a demand's answer is an action too); it binds nobody until accepted;
- ``reply``: the answer to a deal (``deal``: its message id; ``verdict`` accept, reject or
  counter). An accepted deal's terms become commitments of both sides
  (``game.play.deals``); a counter is itself a deal the proposer may accept.

Structured statements are always public (an audience is what makes a word
costly to break). Everything here is data and pure functions; ``game.play.session``
records messages in the save with their turn and time.

>>> from game.scenario import load_rules
>>> rules = load_rules("winter-2021")
>>> st = parse_statement(rules, "us", {"kind": "threat", "ref": "sanction_banks"})
>>> st.kind, declared_adjustment(rules, "us", st).kind
('threat', 'declare')
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from ..engine import state as st
from ..engine.adjudicate import Adjustment
from ..engine.pledges import Pledge
from ..engine.rules import Rules
from ..engine.state import BatchState
from ..scenario.errors import did_you_mean
from .consequences import condition_words, time_clause

STATEMENT_KINDS = ("threat", "red_line", "commitment", "offer", "deal", "reply")
MAX_TEXT = 2000
MAX_TERMS = 4  # terms on each side of a deal: a deal is a few moves, not a treaty
# How every face words a promised action, done (True) or not (False): the window and the
# terminal through ``describe``, the browser through the host's words for each statement
# (``frames.MessageRecord``) and, in its deal builder and its offers box, from look.json
# (game.web.pages.look_of).
PROMISE_VERBS = {True: "carry out", False: "refrain from"}


class MessageError(ValueError):
    """A message or statement that cannot be sent."""


class Term(BaseModel):
    """One side's part of a deal: carry out (``do``) or refrain from an action of its own, by the deal's turn."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str = Field(description="an action id of the role that gives this term")
    do: bool = True

    def describe(self, rules: Rules) -> str:
        label = _action_label(rules, self.ref)
        return f"“{label}”" if self.do else f"{PROMISE_VERBS[False]} “{label}”"


class Statement(BaseModel):
    """A structured statement, as recorded in a message (checked against the scenario by ``parse_statement``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["threat", "red_line", "commitment", "offer", "deal", "reply"]
    ref: str = Field(description="the lever (threat), red line, action (commitment) or demand (offer) it is about; "
                                 "deal and reply: the other role")
    do: bool = Field(True, description="commitment: carry out (true) or refrain (false)")
    by_turn: StrictInt | None = Field(None, description="commitment and deal: the last turn (inclusive); offer: the demand's expiry")
    answer: Literal["accept", "counter"] = Field("counter", description="offer: the answer promised")
    give: tuple[Term, ...] | None = Field(None, description="deal (and a counter): what the sender will do")
    ask: tuple[Term, ...] | None = Field(None, description="deal (and a counter): what the other role is to do")
    deal: StrictInt | None = Field(None, description="reply: the message id of the deal it answers")
    verdict: Literal["accept", "reject", "counter"] | None = Field(None, description="reply: the answer")

    @property
    def proposal(self) -> bool:
        """A deal the other role may accept (a proposal, or a counter-proposal)."""
        return self.kind == "deal" or (self.kind == "reply" and self.verdict == "counter")

    def describe(self, rules: Rules) -> str:
        if self.kind in ("deal", "reply"):
            return self._describe_deal(rules)
        if self.kind in ("threat", "red_line"):
            t = rules.threats[rules.threat_index[self.ref]]
            trigger = f" ({trigger_words(rules, t.trigger, self.kind)})" if t.trigger is not None else ""
            return f"{'Threat' if self.kind == 'threat' else 'Red line'}: {t.label}{trigger}"
        if self.kind == "commitment":
            label = _action_label(rules, self.ref)
            return f"Commitment: will {PROMISE_VERBS[self.do]} “{label}” by {rules.turn_word} {self.by_turn}"
        label = rules.demands[rules.demand_index[self.ref]].label
        return f"Offer: will {self.answer} the demand '{label}' by {rules.turn_word} {self.by_turn}"

    def _describe_deal(self, rules: Rules) -> str:
        other = rules.role_names[rules.role_index(self.ref)] if self.ref in rules.roles else self.ref
        terms = ""
        if self.proposal:
            give = "; ".join(t.describe(rules) for t in self.give or ()) or "nothing"
            ask = "; ".join(t.describe(rules) for t in self.ask or ()) or "nothing"
            terms = f"we will: {give}, if {other} will: {ask}, by {rules.turn_word} {self.by_turn}"
        if self.kind == "deal":
            return f"Deal offered to {other}: {terms}"
        if self.verdict == "counter":
            return f"Counter to #{self.deal}: {terms}"
        return f"{'Accepted' if self.verdict == 'accept' else 'Rejected'}: {other}'s deal #{self.deal}"


class Message(BaseModel):
    """A message between roles (or from control), as the log records it and a role reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: StrictInt = Field(description="its number in the session's log of acts")
    turn: StrictInt
    time: str = Field(description="ISO 8601 UTC, when it was sent")
    sender: str = Field(description="a role id, or 'control'")
    to: str = Field(description="a role id, or 'all'; the sender's own role: its private team channel")
    text: str
    statement: Statement | None = None
    leaked: str | None = Field(None, description="the facilitator's note once a private message was made public")
    seat: str | None = Field(None, description="the seat of the team that wrote it (a LAN game with several laptops a team)")

    @property
    def team(self) -> bool:
        """Written on the sender's own team channel."""
        return self.to == self.sender

    @property
    def public(self) -> bool:
        return self.to == "all" or self.leaked is not None

    def to_json(self) -> dict:
        """The message as JSON-ready data (what saves and LAN frames hold)."""
        return self.model_dump(mode="json", exclude_none=True)


def visible_to(message: Message, role: str) -> bool:
    """Whether ``role`` may read ``message`` (its own, addressed to it, or public)."""
    return message.public or role in (message.sender, message.to)


def check_message(rules: Rules, sender: str, to: str, text: str) -> None:
    # an actor the scenario marks playable speaks for itself in a seminar, and may be written to
    if sender not in rules.roles and sender != "control" and sender not in rules.playable_actors:
        raise MessageError(f"unknown sender '{sender}'")
    if to != "all" and to not in rules.roles and to not in rules.playable_actors:
        raise MessageError(f"unknown recipient '{to}' (a role or 'all')")
    if to == sender and sender not in rules.roles:
        raise MessageError("control cannot write to itself")
    if not isinstance(text, str) or not text.strip():
        raise MessageError("a message needs some text")
    if len(text) > MAX_TEXT:
        raise MessageError(f"a message may hold at most {MAX_TEXT} characters")
    if not is_unicode(text):
        raise MessageError("a message must be Unicode text (it holds a lone surrogate)")
    if has_control_characters(text):
        raise MessageError("a message may not hold control characters (only line breaks and tabs)")


def has_control_characters(text: str) -> bool:
    r"""Whether ``text`` holds a control character other than a line break or a tab (a terminal would act on it).

    >>> has_control_characters("Geneva\nthen Paris"), has_control_characters("\x1b[2J"), has_control_characters("\x85")
    (False, True, True)
    """
    return any((ord(c) < 32 and c not in "\n\r\t") or 127 <= ord(c) < 160 for c in text)


def is_unicode(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (a lone surrogate, which JSON can carry, cannot).

    >>> is_unicode("Geneva, Женева"), is_unicode(chr(0xD800))
    (True, False)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_statement(rules: Rules, role: str, data: dict[str, Any], turn: int = 1,
                    state: BatchState | None = None) -> Statement:
    """A checked statement of ``role`` from JSON-like data; raises MessageError."""
    if not isinstance(data, dict):
        raise MessageError("a statement must be an object")
    kind, ref = data.get("kind"), data.get("ref")
    if kind not in STATEMENT_KINDS:
        raise MessageError(f"unknown statement '{kind}' (one of: {', '.join(STATEMENT_KINDS)})")
    if not isinstance(ref, str):
        raise MessageError("a statement needs 'ref': the id it is about")
    r = rules.role_index(role) if role in rules.roles else -1
    if kind in ("threat", "red_line"):
        t = rules.threat_index.get(ref)
        want = "threat" if kind == "threat" else "red_line"
        if t is None or rules.threats[t].kind != want or rules.threats[t].by != r:
            options = [x.id for x in rules.threats if x.kind == want and x.by == r]
            raise MessageError(f"'{ref}' is not one of {role}'s {kind.replace('_', ' ')}s ({', '.join(options) or 'none'})")
        return Statement(kind=kind, ref=ref)
    if kind == "commitment":
        try:
            rules.action(role, ref)
        except KeyError:
            raise MessageError(_not_own_action(rules, role, ref)) from None
        by_turn = data.get("by_turn", turn)
        if not isinstance(by_turn, int) or isinstance(by_turn, bool) or not turn <= by_turn <= rules.turns:
            raise MessageError(f"'by_turn' must be a {rules.turn_word} from {turn} to {rules.turns}")
        do = data.get("do", True)
        if not isinstance(do, bool):
            raise MessageError("'do' must be true or false")
        return Statement(kind=kind, ref=ref, do=do, by_turn=by_turn)
    if kind in ("deal", "reply"):
        return _parse_deal(rules, role, kind, ref, data, turn)
    # an offer answering a demand
    d = rules.demand_index.get(ref)
    if d is None or r not in rules.demands[d].to:
        raise MessageError(f"'{ref}' is not a demand made to {role}")
    answer = data.get("answer", "counter")
    if answer not in ("accept", "counter"):
        raise MessageError("an offer answers a demand with 'accept' or 'counter'")
    demand = rules.demands[d]
    expires = turn + demand.expires_after
    if state is not None:
        if int(state.demand_status[0, d]) != st.PENDING:
            raise MessageError(f"the demand '{ref}' is not pending")
        expires = int(state.demand_turn[0, d]) + demand.expires_after
    return Statement(kind=kind, ref=ref, answer=answer, by_turn=min(expires, rules.turns))


def _parse_deal(rules: Rules, role: str, kind: str, ref: str, data: dict[str, Any], turn: int) -> Statement:
    """A deal or a reply to one (see ``parse_statement``)."""
    if ref not in rules.roles or ref == role:
        others = [r for r in rules.roles if r != role]
        raise MessageError(f"a {kind} names the other role: one of {', '.join(others)}")
    verdict = data.get("verdict") if kind == "reply" else None
    if kind == "reply":
        if verdict not in ("accept", "reject", "counter"):
            raise MessageError("a reply to a deal is 'accept', 'reject' or 'counter'")
        deal = data.get("deal")
        if not isinstance(deal, int) or isinstance(deal, bool) or deal < 1:
            raise MessageError("a reply names the deal it answers by its message number")
        if verdict != "counter":
            return Statement(kind="reply", ref=ref, deal=deal, verdict=verdict)
    by_turn = data.get("by_turn", turn)
    if not isinstance(by_turn, int) or isinstance(by_turn, bool) or not turn <= by_turn <= rules.turns:
        raise MessageError(f"'by_turn' must be a {rules.turn_word} from {turn} to {rules.turns}")
    give = _terms(rules, role, data.get("give", []), "give", other=ref)
    ask = _terms(rules, ref, data.get("ask", []), "ask", other=role)
    if not give and not ask:
        raise MessageError("a deal needs at least one term: something you give or something you ask")
    if kind == "reply":
        return Statement(kind="reply", ref=ref, deal=data["deal"], verdict="counter", give=give, ask=ask, by_turn=by_turn)
    return Statement(kind="deal", ref=ref, give=give, ask=ask, by_turn=by_turn)


def _terms(rules: Rules, role: str, data: Any, side: str, other: str) -> tuple[Term, ...]:
    if not isinstance(data, (list, tuple)):
        raise MessageError(f"'{side}' must be a list of terms")
    if len(data) > MAX_TERMS:
        raise MessageError(f"a deal holds at most {MAX_TERMS} terms on each side")
    out: list[Term] = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("ref"), str):
            raise MessageError(f"each term of '{side}' is an object with 'ref': an action id")
        try:
            rules.action(role, item["ref"])
        except KeyError:
            raise MessageError(_no_such_term(rules, role, item["ref"], side, other)) from None
        do = item.get("do", True)
        if not isinstance(do, bool):
            raise MessageError("'do' must be true or false")
        term = Term(ref=item["ref"], do=do)
        if any(t.ref == term.ref for t in out):
            raise MessageError(f"'{term.ref}' is named twice in '{side}'")
        out.append(term)
    return tuple(out)


def _no_such_term(rules: Rules, role: str, ref: str, side: str, other: str) -> str:
    """Why a deal's term is refused: the other side's action on the wrong side, or a near miss.

    A person writing 'propose russia 4 withdraw_troops for ...' has put Moscow's move among
    their own terms; saying so teaches the order (what you give, then 'for' what you ask).
    """
    said = f"{role} has no action '{ref[:80]}'"
    try:
        rules.action(other, ref)
    except KeyError:
        r = rules.role_index(role)
        own = [action.id for action in rules.actions if action.role == r]
        return said + did_you_mean(ref[:80], own)
    where = "after 'for' (what you ask)" if side == "give" else "before 'for' (what you give)"
    return f"{said}: it is {other}'s, so it goes {where}"


def _not_own_action(rules: Rules, role: str, ref: str) -> str:
    """Why a commitment is refused: another role's action (a promise is about one's own moves:
    ask for theirs in a deal), or a near miss of one's own.

    >>> from game.scenario import load_rules
    >>> _not_own_action(load_rules("winter-2021"), "us", "withdraw_troops")
    "us has no action 'withdraw_troops': it is russia's; a commitment promises your own moves (ask for it in a deal, after 'for')"
    >>> _not_own_action(load_rules("winter-2021"), "us", "engage_talk")
    "us has no action 'engage_talk': 'engage_talks' is russia's; a commitment promises your own moves (ask for it in a deal, after 'for')"
    """
    said = f"{role} has no action '{ref[:80]}'"
    owners = [rules.roles[a.role] for a in rules.actions if a.id == ref and rules.roles[a.role] != role]
    if owners:
        return f"{said}: it is {owners[0]}'s; a commitment promises your own moves (ask for it in a deal, after 'for')"
    r = rules.role_index(role) if role in rules.roles else -1
    # the nearest of every role's actions: a slip on another role's move ('engage_talk') is nearer to it
    # than to one's own ('geneva_talks'), and the answer is then the way round, not a wrong guess
    close = difflib.get_close_matches(ref[:80], sorted({a.id for a in rules.actions}), n=1, cutoff=0.6)
    theirs = [rules.roles[a.role] for a in rules.actions if close and a.id == close[0] and a.role != r]
    if theirs and not any(a.id == close[0] and a.role == r for a in rules.actions):
        return (f"{said}: '{close[0]}' is {theirs[0]}'s; a commitment promises your own moves "
                "(ask for it in a deal, after 'for')")
    return said + did_you_mean(ref[:80], [a.id for a in rules.actions if a.role == r])


def declared_adjustment(rules: Rules, role: str, statement: Statement) -> Adjustment | None:
    """What the engine applies when ``statement`` is made (threats and red lines are declared)."""
    if statement.kind in ("threat", "red_line"):
        return Adjustment("declare", statement.ref, headline=f"{rules.role_names[rules.role_index(role)]}: {statement.describe(rules)}")
    return None


def pledge_of(rules: Rules, role: str, statement: Statement) -> Pledge | None:
    """The pledge a commitment or an offer makes (settled by the engine's ``pledges`` phase)."""
    if statement.kind in ("commitment", "offer") and statement.by_turn is None:
        raise ValueError(f"a {statement.kind} needs the turn it is due by")
    if statement.kind == "commitment" and statement.by_turn is not None:
        return Pledge(role, statement.ref, st.PLEDGE_DO if statement.do else st.PLEDGE_REFRAIN, statement.by_turn)
    if statement.kind == "offer" and statement.by_turn is not None:
        return Pledge(role, f"{statement.ref}.{statement.answer}", st.PLEDGE_ANSWER, statement.by_turn)
    return None


def _action_label(rules: Rules, action_id: str) -> str:
    index = rules.action_ids.get(action_id, [None])[0]
    return rules.actions[index].label if index is not None else action_id


# -- the words players type -----------------------------------------------------------------
# Words both terminal faces take (local play and `brink join --text`), so a player moving between them is understood.
SEAL_WORDS = ("done", "seal")
INBOX_WORDS = ("inbox", "msgs", "messages")
TALK_WORDS = ("say", "msg", "threat", "redline", "commit", "refrain", "offer", "propose", "accept", "reject")


def parse_talk(word: str, rest: str) -> tuple[str, str, dict | None]:
    """A talk command as (to, text, statement); raises MessageError when it is malformed.

    >>> parse_talk("commit", "arm_ukraine 5 we will")
    ('all', 'we will', {'kind': 'commitment', 'ref': 'arm_ukraine', 'by_turn': 5, 'do': True})
    """
    parts = rest.split()
    if word == "propose":
        return parse_proposal(rest)
    if word in ("accept", "reject"):
        if not parts or not parts[0].lstrip("#").isdigit():
            raise MessageError(f"{word} N [TEXT]: N is the number of the deal (its message #)")
        reply = {"kind": "reply", "deal": int(parts[0].lstrip("#")), "verdict": word}
        return "all", " ".join(parts[1:]) or f"({word} deal #{parts[0].lstrip('#')})", reply
    if word in ("say", "msg"):
        if len(parts) < 2:
            raise MessageError("say TO TEXT: TO is a role or 'all'")
        return parts[0].lower(), rest.split(None, 1)[1], None
    if not parts:
        raise MessageError(f"{word} needs the id it is about; type 'help'")
    ref = parts[0]
    if word in ("threat", "redline"):
        statement: dict[str, object] = {"kind": "threat" if word == "threat" else "red_line", "ref": ref}
        tail = parts[1:]
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


def parse_proposal(rest: str) -> tuple[str, str, dict]:
    """``propose ROLE N GIVE,... for ASK,... [-- TEXT]``: a deal; a term is an action id, ``not:ID``
    to refrain from it, ``nothing`` for no term on that side.

    >>> to, text, st = parse_proposal("russia 8 demand_withdraw_offensive_equipment.accept,not:membership_pathway_ukraine for withdraw_troops")
    >>> st["ref"], st["by_turn"], [t["ref"] for t in st["give"]], st["ask"]
    ('russia', 8, ['demand_withdraw_offensive_equipment.accept', 'membership_pathway_ukraine'], [{'ref': 'withdraw_troops', 'do': True}])
    """
    head, _, text = rest.partition("--")
    parts = head.split()
    usage = "propose ROLE N GIVE,GIVE for ASK,ASK [-- TEXT] (N: the turn it is due by; a term is ACTION or not:ACTION)"
    if len(parts) < 4 or not parts[1].isdigit() or "for" not in parts[2:]:
        raise MessageError(usage)
    split = parts.index("for", 2)
    give, ask = " ".join(parts[2:split]), " ".join(parts[split + 1:])

    def terms(words: str) -> list[dict]:
        out = []
        for word in filter(None, (w.strip() for w in words.replace(" ", ",").split(","))):
            if word.lower() == "nothing":
                continue
            refrain = word.startswith(("not:", "!"))
            out.append({"ref": word.split(":", 1)[1] if word.startswith("not:") else word.lstrip("!"), "do": not refrain})
        return out

    role = parts[0].lower()
    statement = {"kind": "deal", "ref": role, "by_turn": int(parts[1]), "give": terms(give), "ask": terms(ask)}
    return "all", text.strip() or f"(a deal for {role})", statement


def trigger_words(rules: Rules, trigger: Any, kind: str = "threat") -> str:
    """When a declared threat comes due (or a red line is crossed), in words, never as a formula.

    >>> from game.scenario import load_rules
    >>> rules = load_rules("winter-2021")
    >>> trigger_words(rules, rules.threats[rules.threat_index["sanction_banks"]].trigger)
    'comes due after Full-scale invasion or Limited incursion into the Donbas'
    """
    return ("crossed " if kind == "red_line" else "comes due ") + time_clause(condition_words(rules, trigger))
