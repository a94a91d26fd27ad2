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
    {"type": "resync"}            send me my whole view again (an update did not fit the view held)
    {"type": "control", "line": "pause"}   the white cell's assistant: a console command it is allowed
                                  (answered by {"type": "control_reply", "line", "lines", "error"})

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
    {"type": "view_delta", "of": "view" | "public_view", "base": N, "delta": {...}}
                                  what changed since the last view sent on this connection (the
                                  base-th; ``game.play.delta``): the first view on a connection is
                                  whole, every later one comes as this unless it would be larger
    {"type": "error", "error": "...", "fatal": bool}   a refused frame; fatal ones close the connection
    {"type": "pong"}

Every frame is a typed record (``game.play.frames``; the JSON Schema of both sides is
``schema/frames.schema.json``, ``brink schema --frames``): the host checks each client
frame against it (``parse_frame``) and a client each host frame (``read_host_frame``).

Refused without touching the game: a wrong code (fatal, close 1008), a second
client for a role already connected (fatal, 1008), anything before the hello
(fatal), malformed JSON, unknown types, wrong field types, orders for another
turn or illegal orders, more than 200 messages from a role in a week (error), more than RATE frames a second on average
(fatal, 1008). A client that drops rejoins with its code and finds its draft or
sealed orders as it left them. The host saves the game after every change and
resumes from that save after a restart, with the same codes.

>>> json_frame({"type": "pong"})
'{"type": "pong"}'
>>> parse_frame('{"type": "orders", "turn": 2, "orders": ["geneva_talks"]}').seal
False
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError

from ..play.frames import CLIENT_FRAME, HOST_FRAME, PROTOCOL, ClientFrame, HostFrame
from ..play.negotiation import has_control_characters, is_unicode

MAX_FRAME = 64 * 1024
HELLO_TIMEOUT = 10.0
RATE = 20  # frames per second, on average
BURST = 40  # frames allowed at once
MAX_ERRORS = 50  # non-fatal errors before the connection is closed
CLIENT_TYPES = ("hello", "orders", "say", "ping", "history", "sealer", "resync", "control")
# The refusal of a seat that is still held: after a wifi blip the host may hold the old,
# dead connection for a while (until its pings time out), so a rejoining client waits.
SEAT_TAKEN = "is already connected"
# What a refused field of a client's frame is told, by (frame type, field)
FIELD_ERRORS = {
    ("hello", "protocol"): f"this host speaks protocol {PROTOCOL}",
    ("hello", "code"): "hello needs a 'code'",
    ("orders", "turn"): "orders need the 'turn' they are for",
    ("orders", "orders"): "'orders' must be a list of action ids",
    ("orders", "seal"): "'seal' must be true or false",
    ("orders", "seq"): "'seq' must be a whole number",
    ("say", "to"): "say needs 'to' and 'text'",
    ("say", "text"): "say needs 'to' and 'text'",
    ("say", "statement"): "'statement' must be an object",
}


class ProtocolError(ValueError):
    """A frame the server refuses (or, read by a client, a frame no host should send)."""


def json_frame(frame: BaseModel | dict) -> str:
    """A frame as the JSON text that goes over the wire."""
    if isinstance(frame, BaseModel):
        return frame.model_dump_json()
    return json.dumps(frame, ensure_ascii=False)


def _json(raw: str | bytes) -> Any:
    if isinstance(raw, bytes):
        raise ProtocolError("frames are JSON text, not binary")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise ProtocolError("the frame is not valid JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("a frame must be a JSON object")
    return data


def parse_frame(raw: str | bytes) -> ClientFrame:
    """A client's frame, checked for shape (``game.play.frames``); raises ProtocolError in the client's words.

    Text that no save could hold (a lone surrogate, which JSON can carry) or that a terminal would act
    on (control characters) is refused here, before anything reads it:

    >>> parse_frame('{"type": "say", "to": "all", "text": "hi \\ud800"}')
    Traceback (most recent call last):
    game.net.protocol.ProtocolError: the frame holds text that is not valid Unicode (a lone surrogate)
    """
    data = _json(raw)
    _check_text(data)
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolError(f"unknown frame type {kind!r}")
    try:
        return CLIENT_FRAME.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][1]) if len(error["loc"]) > 1 else ""
        raise ProtocolError(FIELD_ERRORS.get((kind, field), f"'{field}': {error['msg']}")) from None


def _check_text(data: Any, depth: int = 0) -> None:
    if isinstance(data, str):
        if not is_unicode(data):
            raise ProtocolError("the frame holds text that is not valid Unicode (a lone surrogate)")
        if has_control_characters(data):
            raise ProtocolError("the frame holds control characters (only line breaks and tabs are allowed)")
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_text(key, depth + 1)
            _check_text(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            _check_text(value, depth + 1)


def read_host_frame(raw: str | bytes) -> dict:
    """A host's frame, checked against the protocol, as plain data (every field present);
    raises ProtocolError for anything a host of this protocol would not send."""
    return read_host_data(_json(raw))


def read_host_data(data: Any) -> dict:
    """``read_host_frame`` of a frame already read from JSON (a view rebuilt from its last update)."""
    try:
        frame: HostFrame = HOST_FRAME.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(x) for x in error["loc"])
        raise ProtocolError(f"the host sent a frame this client does not understand ({where}: {error['msg']})") from None
    return frame.model_dump(mode="json")
