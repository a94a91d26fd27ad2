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
  a pledge to give that answer before the demand expires.

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

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from ..engine import state as st
from ..engine.adjudicate import Adjustment
from ..engine.pledges import Pledge
from ..engine.rules import Rules
from ..engine.state import BatchState

STATEMENT_KINDS = ("threat", "red_line", "commitment", "offer")
MAX_TEXT = 2000


class MessageError(ValueError):
    """A message or statement that cannot be sent."""


class Statement(BaseModel):
    """A structured statement, as recorded in a message (checked against the scenario by ``parse_statement``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["threat", "red_line", "commitment", "offer"]
    ref: str = Field(description="the lever (threat), red line, action (commitment) or demand (offer) it is about")
    do: bool = Field(True, description="commitment: carry out (true) or refrain (false)")
    by_turn: StrictInt | None = Field(None, description="commitment: the last turn (inclusive); offer: the demand's expiry")
    answer: Literal["accept", "counter"] = Field("counter", description="offer: the answer promised")

    def describe(self, rules: Rules) -> str:
        if self.kind in ("threat", "red_line"):
            t = rules.threats[rules.threat_index[self.ref]]
            trigger = f" (if {t.trigger.text})" if t.trigger is not None else ""
            return f"{'Threat' if self.kind == 'threat' else 'Red line'}: {t.label}{trigger}"
        if self.kind == "commitment":
            verb = "will" if self.do else "will not"
            label = _action_label(rules, self.ref)
            return f"Commitment: {verb} {label} by {rules.turn_word} {self.by_turn}"
        label = rules.demands[rules.demand_index[self.ref]].label
        return f"Offer: will {self.answer} the demand '{label}' by {rules.turn_word} {self.by_turn}"


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
            raise MessageError(f"{role} has no action '{ref}'") from None
        by_turn = data.get("by_turn", turn)
        if not isinstance(by_turn, int) or isinstance(by_turn, bool) or not turn <= by_turn <= rules.turns:
            raise MessageError(f"'by_turn' must be a {rules.turn_word} from {turn} to {rules.turns}")
        do = data.get("do", True)
        if not isinstance(do, bool):
            raise MessageError("'do' must be true or false")
        return Statement(kind=kind, ref=ref, do=do, by_turn=by_turn)
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
