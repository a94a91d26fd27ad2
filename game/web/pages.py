"""The web client's HTTP side: websockets' ``process_request`` hook on the host's own port.

A request that asks for a websocket goes on to the game (``None``: the handshake
continues); any other GET is answered here and the connection closed. Only the files
shipped in ``static/`` are served, by name (no path is ever joined to a folder), and two
answers that need a valid join code: ``look.json`` and ``map.svg``. Every page carries a
Content-Security-Policy that lets it load and connect to this host only.

>>> page_for("/")[0], page_for("/app.js")[1], page_for("/../pyproject.toml")
('index.html', 'text/javascript; charset=utf-8', None)
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from functools import lru_cache
from http import HTTPStatus
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from ..engine.rules import Rules
from ..play.negotiation import PROMISE_VERBS
from .maps import public_svg, role_svg

if TYPE_CHECKING:
    from websockets.asyncio.server import ServerConnection

    from ..net.server import GameServer

TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
         ".json": "application/json", ".txt": "text/plain; charset=utf-8"}
# Nothing from elsewhere: scripts, styles, images and the websocket come from this host only
# (an inline style is allowed for the map's SVG, whose labels are styled inside it).
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_CODE = 64
WRONG_CODES, WRONG_CODE_WINDOW = 5, 60.0  # wrong codes one address may try over HTTP in that many seconds


@lru_cache(maxsize=1)
def static_files() -> dict[str, str]:
    """The shipped files by name: {'index.html': 'text/html; ...', ...}."""
    folder = resources.files(__package__) / "static"
    return {f.name: TYPES[suffix] for f in folder.iterdir()
            if f.is_file() and (suffix := "." + f.name.rpartition(".")[2]) in TYPES}


def page_for(path: str) -> tuple[str, str] | None:
    """The shipped file a URL path names and its type, or None."""
    name = urlsplit(path).path.lstrip("/") or "index.html"
    kind = static_files().get(name)
    return (name, kind) if kind else None


@lru_cache(maxsize=16)
def _read(name: str) -> bytes:
    return (resources.files(__package__) / "static" / name).read_bytes()


def response(status: HTTPStatus, body: bytes, kind: str, private: bool = False) -> Response:
    headers = Headers([("Content-Type", kind), ("Content-Length", str(len(body))), ("Connection", "close"),
                       ("Cache-Control", "no-store" if private else "no-cache"), ("Content-Security-Policy", POLICY),
                       ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")])
    return Response(status.value, status.phrase, headers, body)


def text(status: HTTPStatus, message: str) -> Response:
    return response(status, (message + "\n").encode(), TYPES[".txt"], private=True)


def look_of(rules: Rules, role: str | None = None, people: list[str] | None = None) -> dict:
    """What every briefing prints of how a scenario is shown: role colours, shapes and tags, the ladder,
    the indicators' ranges, which roles people play (``people``: the others are AI); and for a role,
    the threats and red lines it may declare (its briefing's).

    >>> from game.scenario import load_rules
    >>> look = look_of(load_rules("tutorial"), "us")
    >>> look["roles"]["us"]["shape"], look["ladder"]["rungs"][0]
    ('circle', [0.0, 'Diplomatic friction'])
    >>> {lever["by"] for lever in look["levers"]}
    {'us'}
    """
    look = rules.presentation
    roles = {r.id: {"name": r.name, "colour": "#{:02x}{:02x}{:02x}".format(*r.colour), "fill": "#{:02x}{:02x}{:02x}".format(*r.fill),
                    "shape": r.shape, "tag": r.tag} for r in look.roles.values()}
    ladder = None
    if look.ladder is not None:
        info = rules.variables[rules.var_index[look.ladder]]
        ladder = {"id": info.id, "label": info.label, "rungs": [[float(at), name] for at, name in info.rungs]}
    ranges = {v.id: [float(rules.vmin[i]), float(rules.vmax[i])] for i, v in enumerate(rules.variables)}
    levers = [{"id": t.id, "kind": t.kind, "label": t.label, "by": rules.roles[t.by]}
              for t in rules.threats if role in rules.roles and rules.roles[t.by] == role]
    # the terms a deal may give (the code's own actions) or ask (the others' public ones: what one can see done)
    actions = {name: [{"id": a.id, "label": a.label} for a in rules.actions if a.role == r and (a.public or name == role)]
               for r, name in enumerate(rules.roles)}
    actors = {a: rules.actors[a] for a in rules.playable_actors}  # actors students may speak for, to write to
    return {"scenario": rules.id, "title": rules.title, "roles": roles, "ladder": ladder, "ranges": ranges, "levers": levers,
            "actions": actions, "actors": actors,
            "people": [r for r in rules.roles if people is None or r in people],
            "turn_word": rules.turn_word, "turn_words": rules.turn_words,
            "promise_verbs": {"do": PROMISE_VERBS[True], "refrain": PROMISE_VERBS[False]}}


def viewer_of(key: str, roles: list[str]) -> str | None:
    """Whose view a code shows: its role (an observer's code, 'observer:ROLE', that role's), or None for the public's.

    >>> viewer_of("us", ["us"]), viewer_of("observer:us", ["us"]), viewer_of("projector", ["us"])
    ('us', 'us', None)
    """
    role = key.removeprefix("observer:")
    return role if role in roles else None


class WrongCodes:
    """Wrong codes by address, over a sliding window: guessing codes through ``look.json`` or ``map.svg``
    is as slow as through the websocket's hello.

    >>> clock = iter([0.0, 1.0, 2.0, 70.0]).__next__
    >>> tries = WrongCodes(limit=2, window=60.0, now=clock)
    >>> tries.note("10.0.0.9"); tries.note("10.0.0.9"); tries.blocked("10.0.0.9"), tries.blocked("10.0.0.9")
    (True, False)
    """

    def __init__(self, limit: int = WRONG_CODES, window: float = WRONG_CODE_WINDOW, now: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.now = limit, window, now
        self.seen: dict[str, list[float]] = {}

    def _recent(self, address: str) -> list[float]:
        start = self.now() - self.window
        recent = [t for t in self.seen.get(address, []) if t > start]
        if recent:
            self.seen[address] = recent
        else:
            self.seen.pop(address, None)
        return recent

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.limit

    def note(self, address: str) -> None:
        self.seen.setdefault(address, []).append(self.now())


class MapCache:
    """The last maps drawn, by a digest of what they were drawn from: the seats of one team, or
    every projector, share one drawing per change of the game, and a change of the clock draws none.

    >>> cache = MapCache(size=1)
    >>> cache.keep("a", "<svg/>"); cache.find("a"), cache.find("b")
    ('<svg/>', None)
    """

    def __init__(self, size: int = 32):
        self.size = size
        self.svgs: OrderedDict[str, str] = OrderedDict()

    @staticmethod
    def key(frame, fields: set[str]) -> str:
        return hashlib.sha256(frame.model_dump_json(include=fields).encode()).hexdigest()

    def find(self, key: str) -> str | None:
        if key in self.svgs:
            self.svgs.move_to_end(key)
        return self.svgs.get(key)

    def keep(self, key: str, svg: str) -> None:
        self.svgs[key] = svg
        while len(self.svgs) > self.size:
            self.svgs.popitem(last=False)


def page_handler(server: GameServer) -> Callable[[ServerConnection, Request], Response | Awaitable[Response] | None]:
    """The ``process_request`` hook of ``server``: the web client's files and answers, else the game.

    Files are answered at once; a role's map is drawn in a worker thread from a copy of the role's
    view frame taken on the host's loop, so drawing never holds up the game."""
    maps, wrong = MapCache(), WrongCodes()

    async def role_map(role: str) -> Response:
        rules, frame = server.fac.rules, server.view_frame(role)
        key = maps.key(frame, {"role", "observation", "report"})
        svg = maps.find(key)
        if svg is None:
            svg = await asyncio.to_thread(role_svg, rules, frame)
            maps.keep(key, svg)
        return response(HTTPStatus.OK, svg.encode(), TYPES[".svg"], private=True)

    def public_map() -> Response:
        # drawn on the loop (it reads the host's game), once per public change for every projector
        key = "public:" + maps.key(server.public_frame(), {"turn", "variables", "headlines", "over", "ending"})
        svg = maps.find(key)
        if svg is None:
            svg = public_svg(server.fac.rules, server.fac.match)
            maps.keep(key, svg)
        return response(HTTPStatus.OK, svg.encode(), TYPES[".svg"], private=True)

    def handle(connection: ServerConnection, request: Request) -> Response | Awaitable[Response] | None:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None  # the game's websocket, checked by the protocol like any client's
        url = urlsplit(request.path)
        if url.path in ("/look.json", "/map.svg"):
            address = str((connection.remote_address or ("?",))[0])
            if wrong.blocked(address):
                return text(HTTPStatus.TOO_MANY_REQUESTS, "too many wrong codes from this address; wait a minute")
            code = (parse_qs(url.query).get("code") or [""])[0][:MAX_CODE]
            key = server.role_for(code) if code else None
            if key is None:
                wrong.note(address)
                return text(HTTPStatus.FORBIDDEN, "wrong code")
            rules = server.fac.rules
            role = viewer_of(key, list(rules.roles))
            if url.path == "/look.json":
                return response(HTTPStatus.OK, json.dumps(look_of(rules, role, list(server.codes))).encode(),
                                TYPES[".json"], private=True)
            return public_map() if role is None else role_map(role)
        found = page_for(request.path)
        if found is None:
            return text(HTTPStatus.NOT_FOUND, "not found")
        name, kind = found
        return response(HTTPStatus.OK, _read(name), kind)

    return handle
