"""The LAN protocol, version 1: JSON text frames over a websocket.

The host runs the only copy of the game. Orders go up, views come down; a
client is told only what its role may see (``observe`` and ``visible_report``)
and the public state. The host prints one code per role and one for the
projector, which receives only what every role may see. Every frame is one JSON object with a ``type``; frames
over ``MAX_FRAME`` bytes close the connection (code 1009).

Client -> server::

    {"type": "hello", "protocol": 1, "code": "3f9a1c0e"}      first frame, within HELLO_TIMEOUT s
    {"type": "orders", "turn": 4, "orders": ["geneva_talks"], "seal": false, "seq": 3}
                                  a draft (kept by the host, shown on rejoin) or, with
                                  "seal": true, the role's orders for the turn; may be
                                  changed until the turn resolves; "turn" must be the current one;
                                  "seq" (optional) numbers the client's orders frames on this
                                  connection, from 1
    {"type": "say", "to": "russia" | "all", "text": "...", "statement": {...}}
                                  a message; "statement" (optional) is structured, see
                                  game.play.negotiation: {"kind": "threat"|"red_line", "ref": ID},
                                  {"kind": "commitment", "ref": ACTION, "by_turn": N, "do": true},
                                  {"kind": "offer", "ref": DEMAND, "answer": "counter"|"accept"}
    {"type": "ping"}

Server -> client::

    {"type": "welcome", "protocol": 1, "role": "us", "role_name": "...", "scenario": "...", "title": "..."}
    {"type": "view", "role": "us", "observation": {...}, "report": {...} | null,
     "control": [entries], "messages": [messages the role may read],
     "orders": {"orders": [...], "sealed": bool, "seq": N},
     "public": {"turn", "turns", "turn_word", "turn_words", "date", "waiting_for", "sealed", "connected", "clock", "over", "ending"}}
                                  sent after the hello and whenever anything changes; "seq"
                                  is that of the last orders frame the host has taken from
                                  this connection (0 before the first): a view with a smaller
                                  one was sent before the host saw the client's latest orders
    {"type": "public_view", "turn", "turns", "turn_word", "turn_words", "date", "variables": [only those every role sees],
     "headlines": [public entries], "control": [...], "messages": [public ones], "threats": [declared],
     "sealed", "waiting_for", "connected", "clock", "over", "ending"}
                                  what the projector code receives (see game.play.public) instead
                                  of views; a projector may only ping
    {"type": "error", "error": "...", "fatal": bool}   a refused frame; fatal ones close the connection
    {"type": "pong"}

Refused without touching the game: a wrong code (fatal, close 1008), a second
client for a role already connected (fatal, 1008), anything before the hello
(fatal), malformed JSON, unknown types, wrong field types, orders for another
turn or illegal orders, more than 200 messages from a role in a week (error), more than RATE frames a second on average
(fatal, 1008). A client that drops rejoins with its code and finds its draft or
sealed orders as it left them. The host saves the game after every change and
resumes from that save after a restart, with the same codes.

>>> json_frame({"type": "pong"})
'{"type": "pong"}'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from ..engine.observe import Observation
from ..engine.report import Entry, TurnReport
from ..engine.rules import Rules
from ..play.views import View
from ..play.words import worded_entry

PROTOCOL = 1
MAX_FRAME = 64 * 1024
HELLO_TIMEOUT = 10.0
RATE = 20  # frames per second, on average
BURST = 40  # frames allowed at once
MAX_ERRORS = 50  # non-fatal errors before the connection is closed
CLIENT_TYPES = ("hello", "orders", "say", "ping")
# The refusal of a seat that is still held: after a wifi blip the host may hold the old,
# dead connection for a while (until its pings time out), so a rejoining client waits.
SEAT_TAKEN = "is already connected"


def turn_word_of(public: dict) -> str:
    """What a turn is called in a public frame ("week", "month"); hosts older than the word sent none.

    >>> turn_word_of({"turn_word": "month"}), turn_word_of({})
    ('month', 'turn')
    """
    return public.get("turn_word", "turn")


class ProtocolError(ValueError):
    """A frame the server refuses."""


def json_frame(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=_default)


def _default(value: Any):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__}")


def parse_frame(raw: str | bytes) -> dict:
    """A client frame, checked for shape; raises ProtocolError."""
    if isinstance(raw, bytes):
        raise ProtocolError("frames are JSON text, not binary")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise ProtocolError("the frame is not valid JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("a frame must be a JSON object")
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolError(f"unknown frame type {kind!r}")
    if kind == "hello":
        if data.get("protocol") != PROTOCOL:
            raise ProtocolError(f"this host speaks protocol {PROTOCOL}")
        if not isinstance(data.get("code"), str):
            raise ProtocolError("hello needs a 'code'")
    elif kind == "orders":
        orders = data.get("orders")
        if not isinstance(data.get("turn"), int) or isinstance(data.get("turn"), bool):
            raise ProtocolError("orders need the 'turn' they are for")
        if not isinstance(orders, list) or not all(isinstance(o, str) for o in orders) or len(orders) > 50:
            raise ProtocolError("'orders' must be a list of action ids")
        if not isinstance(data.get("seal", False), bool):
            raise ProtocolError("'seal' must be true or false")
        seq = data.get("seq", 0)
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise ProtocolError("'seq' must be a whole number")
    elif kind == "say":
        if not isinstance(data.get("to"), str) or not isinstance(data.get("text"), str):
            raise ProtocolError("say needs 'to' and 'text'")
        if data.get("statement") is not None and not isinstance(data["statement"], dict):
            raise ProtocolError("'statement' must be an object")
    return data


def observation_json(obs: Observation) -> dict:
    return json.loads(json_frame(dataclasses.asdict(obs)))


def entry_json(rules: Rules, e: Entry) -> dict:
    e = worded_entry(rules, e)
    return {"phase": e.phase, "kind": e.kind, "id": e.id, "headline": e.headline,
            "role": rules.roles[e.role] if e.role is not None else None, "actor": e.actor, "text": e.text,
            "source": e.cite.source if e.cite else None, "quote": e.cite.quote if e.cite else None,
            "changes": [{"var": rules.variables[v].id, "label": rules.variables[v].label, "delta": round(d, 4)}
                        for v, d in e.changes]}


def report_json(rules: Rules, report: TurnReport | None) -> dict | None:
    """A turn report already filtered for the role (``visible_report``); true values are never sent."""
    if report is None:
        return None
    return {"turn": report.turn, "date": report.date.isoformat(), "ending": report.ending,
            "entries": [entry_json(rules, e) for e in report.entries]}


def view_frame(rules: Rules, view: View, connected: list[str], seq: int = 0) -> dict:
    """The view frame of one role: its ``View`` (``game.play.views``) and the public state."""
    pub = view.public
    return {
        "type": "view", "role": view.role,
        "observation": observation_json(view.obs),
        "report": report_json(rules, view.last_report),
        "control": [entry_json(rules, e) for e in view.control],
        "messages": [m.to_json() for m in view.messages],
        "orders": {"orders": list(view.orders), "sealed": view.sealed, "seq": seq},
        "public": {"turn": pub.turn, "turns": pub.turns, "turn_word": pub.turn_word, "turn_words": pub.turn_words,
                   "date": pub.date.isoformat(), "waiting_for": list(pub.waiting_for), "sealed": sorted(pub.sealed),
                   "connected": sorted(connected), "clock": pub.clock, "over": pub.over, "ending": pub.ending},
    }
