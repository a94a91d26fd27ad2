"""The LAN host's room: who is seated, with which code (``GameServer`` is built on it).

A code admits a team's laptops (its role's id), the projector (``projector``), a role's observers
(``observer:ROLE``), a playable actor's students (``actor:ACTOR``) or the white cell's assistant
(``assistant``). Every connection that said hello with a right code is a ``Seat`` with its own send
queue; the white cell sees the seats, closes one, and rotates or revokes a code.

>>> sorted(make_codes(["us", "russia"])), sorted(make_codes(["us"], observers=True))
(['projector', 'russia', 'us'], ['observer:us', 'projector', 'us'])
>>> seat_kind("observer:us"), seat_kind("us"), seat_kind("projector")
(('observer', 'us'), ('team', 'us'), ('projector', None))
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection

from ..play.delta import diff
from ..play.facilitator import Facilitator, FacilitatorError
from ..play.frames import UPDATE_BUDGET, ErrorFrame, ViewDeltaFrame
from .assistant import ASSISTANT
from .protocol import json_frame

PROJECTOR = "projector"
OBSERVER = "observer:"  # the code 'observer:us' watches the US team's screen, read-only
ACTOR = "actor:"  # the code 'actor:ukraine' seats students who speak for a playable actor
MAX_SEATS = 8  # laptops a team's code admits at once


def make_codes(roles: list[str], observers: bool = False) -> dict[str, str]:
    """One random join code per role and one for the projector (public view only); with ``observers``, one
    per role's observers too (else the white cell makes them when wanted: ``observer_code``)."""
    codes = {role: secrets.token_hex(4) for role in [*roles, PROJECTOR]}
    if observers:
        codes.update({OBSERVER + role: secrets.token_hex(4) for role in roles})
    return codes


def seat_kind(key: str) -> tuple[str, str | None]:
    """What a code admits: (kind, role), the kind one of ``Seat.kind``'s and the role it plays or watches."""
    if key == PROJECTOR:
        return "projector", None
    if key == ASSISTANT:
        return "assistant", None
    if key.startswith(OBSERVER):
        return "observer", key[len(OBSERVER):]
    if key.startswith(ACTOR):
        return "actor", key[len(ACTOR):]
    return "team", key


@dataclass(eq=False)
class Seat:
    """One connection: a team's laptop (``team``), a team's observer or a projector, with its own send queue."""

    ws: ServerConnection
    kind: str  # "team", "observer", "projector" or "assistant" (the white cell's)
    role: str | None  # the team it plays or watches; None for a projector or the assistant
    name: str
    address: str
    key: str  # which code admitted it (role, 'projector', 'observer:ROLE')
    acked: int = 0  # the seq of the last orders frame taken from it, echoed in its views
    outbox: deque = field(default_factory=deque)  # (kind, item): a 'frame' or 'close' text, or a 'view' (its data)
    sent_view: dict | None = None  # the last view sent on this connection: the next one goes as a delta of it
    views_sent: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    sender: asyncio.Task | None = None

    def view_text(self, view: dict) -> str | None:
        """The frame that brings this seat to ``view``: what changed since its last view (``game.play.delta``),
        or the whole view (the first on a connection, or where that is smaller); None when nothing changed."""
        text = None
        if self.sent_view is not None and self.sent_view.get("type") == view.get("type"):
            delta = diff(self.sent_view, view)
            if delta is None:
                return None
            text = ViewDeltaFrame(of=view["type"], base=self.views_sent, delta=delta).model_dump_json()
        if text is None or len(text) > UPDATE_BUDGET:
            whole = json_frame(view)
            text = whole if text is None or len(whole) < len(text) else text
        self.sent_view, self.views_sent = view, self.views_sent + 1
        return text

    @property
    def public(self) -> bool:
        """It is sent the public view (a projector, the white cell's assistant), not a team's."""
        return self.kind in ("projector", "assistant")

    @property
    def label(self) -> str:
        if self.kind == "assistant":
            return f"assistant ({self.name})"
        return f"{self.role or PROJECTOR} ({self.name})" if self.kind != "projector" else f"projector ({self.name})"

    def put(self, text: str | dict, kind: str = "frame") -> None:
        """Queue a frame; a newer view replaces one not sent yet (it is sent as what changed since the last
        view this seat was sent, whatever was left out in between)."""
        if kind == "view":
            for item in [i for i in self.outbox if i[0] == "view"]:
                self.outbox.remove(item)
        self.outbox.append((kind, text))
        self.wake.set()


class SeatBook:
    """The room's bookkeeping: the codes, the seats, the seat that alone seals for a role; the white cell's
    powers over them. The host (``GameServer``) saves the game and sends the views."""

    fac: Facilitator
    codes: dict[str, str]  # key (a role, 'projector', 'observer:ROLE' ...) -> its code; '' when revoked
    seats: list[Seat]
    sealers: dict[str, str]  # role -> the only seat that may seal for it
    log: Callable[[str], None]

    if TYPE_CHECKING:  # the host's (GameServer's)
        def save(self) -> None: ...

        def publish(self) -> None: ...

    def role_for(self, code: str) -> str | None:
        """Which code this is (a role, 'projector', 'observer:ROLE'), or None; revoked codes match nothing."""
        found = None
        given = code.encode("utf-8", "replace")
        for key, secret in self.codes.items():
            if secret and hmac.compare_digest(secret.encode(), given):
                found = key
        return found

    # -- the white cell's powers over the room ---------------------------------------------
    def seat_lines(self) -> list[str]:
        """Who is connected, seat by seat (for the console's 'seats')."""
        lines = []
        for key in self.codes:
            names = [f"{s.name} ({s.address})" for s in self.seats if s.key == key]
            revoked = "" if self.codes[key] else " [code revoked]"
            sealer = f"; only {self.sealers[key]} seals" if key in self.sealers else ""
            lines.append(f"{key}{revoked}: {', '.join(names) or 'nobody'}{sealer}")
        return lines

    def kick(self, key: str, name: str) -> None:
        """Close one seat (its laptop may join again with the code: rotate the code to keep it out)."""
        seat = next((s for s in self.seats if s.key == key and s.name == name), None)
        if seat is None:
            raise FacilitatorError(f"no seat '{name}' for {key} (see 'seats')")
        self._close(seat, "the white cell closed this seat")
        self.seats.remove(seat)
        self.log(f"{seat.label} closed by the white cell")
        self.publish()

    def assistant_code(self) -> str:
        """The code of the white cell's assistant (made now if there is none)."""
        return self._code_made(ASSISTANT)

    def actor_code(self, actor: str) -> str:
        """The code of a playable actor's seats (made now if there is none)."""
        playable = self.fac.rules.playable_actors
        if actor not in playable:
            raise FacilitatorError(f"'{actor}' is not an actor the scenario marks playable"
                                   + (f" (playable: {', '.join(playable)})" if playable else " (it marks none)"))
        return self._code_made(ACTOR + actor)

    def observer_code(self, role: str) -> str:
        """The code of ``role``'s observers (made now if there is none): they see its screen, read-only."""
        if role not in self.fac.rules.roles:
            raise FacilitatorError(f"unknown role '{role}' (roles: {', '.join(self.fac.rules.roles)})")
        return self._code_made(OBSERVER + role)

    def _code_made(self, key: str) -> str:
        """``key``'s code, made (and saved, so a restarted host keeps it) when there is none."""
        if not self.codes.get(key):
            self.codes[key] = secrets.token_hex(4)
            self.save()
        return self.codes[key]

    def rotate(self, key: str) -> str:
        """A new code for ``key``; every seat joined with the old one is closed."""
        self._key(key)
        self.codes[key] = secrets.token_hex(4)
        self._drop_key(key, "the white cell gave your team a new code; join again with it")
        self.save()
        return self.codes[key]

    def revoke(self, key: str) -> None:
        """The code admits nobody any more (``rotate`` gives a new one); its seats are closed."""
        self._key(key)
        self.codes[key] = ""
        self._drop_key(key, "the white cell revoked this code")
        self.save()

    def _key(self, key: str) -> None:
        if key not in self.codes:
            raise FacilitatorError(f"no code '{key}' (codes: {', '.join(self.codes)})")

    def _drop_key(self, key: str, why: str) -> None:
        for seat in [s for s in self.seats if s.key == key]:
            self._close(seat, why)
            self.seats.remove(seat)
        self.publish()

    def _close(self, seat: Seat, error: str) -> None:
        """Tell a seat why, then close it (after the frames queued before)."""
        seat.put(json_frame(ErrorFrame(error=error, fatal=True)))
        seat.put(error, "close")

    # -- who is connected ----------------------------------------------------------------------
    @property
    def connections(self) -> dict[str, ServerConnection]:
        """Role -> the connection of its first team seat (the roles on line)."""
        out: dict[str, ServerConnection] = {}
        for seat in self.seats:
            if seat.kind == "team" and seat.role is not None:
                out.setdefault(seat.role, seat.ws)
        return out

    @property
    def projectors(self) -> list[ServerConnection]:
        return [s.ws for s in self.seats if s.kind == "projector"]

    def seat_names(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for seat in self.seats:
            if seat.kind == "team" and seat.role is not None:
                out.setdefault(seat.role, []).append(seat.name)
        return out
