"""The authoritative LAN host: one game, one websocket per role (protocol in ``protocol``).

All game changes happen on the server's event loop, one frame at a time, so
the game needs no locks. The facilitator core (``game.play.facilitator``) holds the
clock, the drafts and the late-role rule; a console or window on the host can
drive the same ``Facilitator`` object while the server runs.

>>> sorted(make_codes(["us", "russia"]))
['projector', 'russia', 'us']
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import time
from pathlib import Path
from typing import Callable

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from ..play.clock import Clock
from ..play.events import Draft, Event, Resolved, Say, Seal
from ..play.facilitator import Facilitator, FacilitatorError
from ..play.frames import (ClientFrame, ErrorFrame, HelloFrame, OrdersFrame, PingFrame, PongFrame, PublicViewFrame,
                           SayFrame, ViewFrame, WelcomeFrame)
from ..play.negotiation import MessageError
from ..play.public import public_frame
from ..play.runner import Game, GameError, players_for
from ..play.saves import read_save
from ..play.session import SessionError
from ..web.pages import page_handler
from .protocol import (BURST, HELLO_TIMEOUT, MAX_ERRORS, MAX_FRAME, RATE, SEAT_TAKEN, ProtocolError, json_frame,
                       parse_frame)

PROJECTOR = "projector"
MAX_MESSAGES_PER_TURN = 200  # keeps a save small enough to load (game.play.saves.MAX_SAVE_BYTES)


def make_codes(roles: list[str]) -> dict[str, str]:
    """One random join code per role, and one for the projector (public view only)."""
    return {role: secrets.token_hex(4) for role in [*roles, PROJECTOR]}


class TokenBucket:
    """At most ``rate`` frames a second on average, ``burst`` at once."""

    def __init__(self, rate: float, burst: float, now: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.now = rate, burst, now
        self.tokens, self.at = burst, now()

    def take(self) -> bool:
        t = self.now()
        self.tokens = min(self.burst, self.tokens + (t - self.at) * self.rate)
        self.at = t
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class GameServer:
    """The host: it runs the game (a ``Game`` through the white cell's ``Facilitator``) and speaks
    the protocol to one client per role and to the projectors."""

    def __init__(self, fac: Facilitator, codes: dict[str, str], save_path: str | Path | None = None,
                 log: Callable[[str], None] = lambda text: None):
        self.codes, self.save_path, self.log = codes, save_path, log
        self.connections: dict[str, ServerConnection] = {}
        # per role: the 'seq' of the last orders frame taken from its connection (0 when it joins), echoed
        # in its views so that its client knows which of them already reflect what it sent
        self.acked: dict[str, int] = {}
        self.projectors: set[ServerConnection] = set()
        self._server = None
        self._clock_task: asyncio.Task | None = None
        self._listening: Game | None = None
        self.fac = fac
        self.host(fac)

    def host(self, fac: Facilitator) -> None:
        """Run ``fac``'s game (a new one after a rollback): saved after every change, its turns logged."""
        self.fac = fac
        game = fac.game
        if self._listening is game:
            return
        game.save_paths = [self.save_path] if self.save_path is not None else []
        game.save_every, game.extra = "change", self.lan_state
        game.subscribe(self._logged)
        self._listening = game

    def _logged(self, event: Event) -> None:
        if isinstance(event, Resolved):
            self.log(f"{self.fac.rules.turn_word} {event.turn} resolved" + (f"; ending: {event.ending}" if event.ending else ""))

    def lan_state(self) -> dict:
        """What the save holds for the host to resume: the codes and the orders of the turn under way."""
        game = self.fac.game
        sealed = {r: game.orders_of(r)[0] for r in game.sealed}
        return {"lan": {"codes": self.codes, "turn": game.turn, "drafts": dict(game.drafts), "sealed": sealed,
                        "turn_seconds": game.clock.default_seconds, "late": game.late}}

    # -- making and resuming -----------------------------------------------------------------
    @classmethod
    def new(cls, loaded, seed: int, save_path=None, ai: dict[str, str] | None = None, turn_seconds: float | None = None,
            late: str = "standing", scenario_path: str | None = None, log=lambda text: None) -> "GameServer":
        rules, ai = loaded.rules, dict(ai or {})
        players = players_for(rules, [r for r in rules.roles if r not in ai], ai)
        game = Game.new(rules, players, seed, scenario_path=scenario_path, clock=Clock(default_seconds=turn_seconds),
                        late=late)
        server = cls(Facilitator(game), make_codes([r for r in rules.roles if r not in ai]), save_path, log)
        server.save()
        return server

    @classmethod
    def resume(cls, save_path: str | Path, turn_seconds: float | None = None, log=lambda text: None) -> "GameServer":
        """The game a host's save describes, with the same codes, drafts and sealed orders."""
        save = read_save(save_path)
        lan = save.extra.lan
        if lan is None:
            raise SessionError(f"{save_path}: not a save written by 'brink host'")
        game = Game.from_save(save, str(save_path), clock=Clock(default_seconds=turn_seconds or lan.turn_seconds),
                              late=lan.late)
        if lan.turn == game.turn:
            game.restore_orders(lan.drafts, lan.sealed)
        return cls(Facilitator(game), dict(lan.codes), save_path, log)

    # -- running -------------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        # The same port serves the web client over HTTP (game.web): a browser is one more client.
        self._server = await serve(self.handler, host, port, max_size=MAX_FRAME, max_queue=8,
                                   ping_interval=20, ping_timeout=20, compression=None,
                                   process_request=page_handler(self))
        # Always watched: control may set a week's length later (``length``) from its console or window.
        self._clock_task = asyncio.create_task(self._watch_clock())
        sock = next(iter(self._server.sockets))
        return sock.getsockname()[:2]

    async def stop(self) -> None:
        if self._clock_task is not None:
            self._clock_task.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _watch_clock(self) -> None:
        while not self.fac.match.over:
            await asyncio.sleep(0.25)
            if self.fac.clock.expired():
                self.fac.tick()
                await self.broadcast()

    # -- one connection ----------------------------------------------------------------------
    async def handler(self, ws: ServerConnection) -> None:
        role = None
        try:
            role = await self._hello(ws)
            if role is None:
                return
            if role == PROJECTOR:
                await self._projector(ws)
                role = None
                return
            errors = 0
            async for raw in self._frames(ws):
                try:
                    frame = parse_frame(raw)
                    if isinstance(frame, OrdersFrame):
                        self.acked[role] = frame.seq
                    changed = self.apply(role, frame)
                except (ProtocolError, FacilitatorError, MessageError, SessionError) as exc:
                    errors += 1
                    await self._refuse(ws, str(exc))
                    if errors > MAX_ERRORS:
                        await self._fatal(ws, "too many refused messages")
                        return
                    continue
                if isinstance(frame, PingFrame):
                    await ws.send(json_frame(PongFrame()))
                if changed:
                    await self.broadcast()
        except ConnectionClosed:
            pass
        finally:
            if role is not None and self.connections.get(role) is ws:
                del self.connections[role]
                self.log(f"{role} left")
                await self.broadcast()

    async def _hello(self, ws: ServerConnection) -> str | None:
        try:
            raw = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT)
            frame = parse_frame(raw)
        except asyncio.TimeoutError:
            await self._fatal(ws, "no hello")
            return None
        except ProtocolError as exc:
            await self._fatal(ws, str(exc))
            return None
        if not isinstance(frame, HelloFrame):
            await self._fatal(ws, "say hello with your code first")
            return None
        role = self.role_for(frame.code)
        if role is None:
            await self._fatal(ws, "wrong code")
            return None
        if role == PROJECTOR:
            self.projectors.add(ws)
            await ws.send(json_frame(WelcomeFrame(role=PROJECTOR, role_name="Projector", scenario=self.fac.rules.id,
                                                  title=self.fac.rules.title)))
            await ws.send(json_frame(self.public_frame()))
            return role
        if role in self.connections:
            await self._fatal(ws, f"{role} {SEAT_TAKEN}")
            return None
        self.connections[role] = ws
        self.acked[role] = 0
        rules = self.fac.rules
        await ws.send(json_frame(WelcomeFrame(role=role, role_name=rules.role_names[rules.role_index(role)],
                                              scenario=rules.id, title=rules.title)))
        self.log(f"{role} joined")
        await self.broadcast()
        return role

    async def _projector(self, ws: ServerConnection) -> None:
        """A projector only listens: it may ping; anything else is refused."""
        try:
            async for raw in self._frames(ws):
                try:
                    frame = parse_frame(raw)
                except ProtocolError as exc:
                    await self._refuse(ws, str(exc))
                    continue
                if isinstance(frame, PingFrame):
                    await ws.send(json_frame(PongFrame()))
                else:
                    await self._refuse(ws, "the projector only shows the game")
        finally:
            self.projectors.discard(ws)

    async def _frames(self, ws: ServerConnection):
        """The client's frames as they come, until it floods: then it is told so and dropped."""
        bucket = TokenBucket(RATE, BURST)
        async for raw in ws:
            if not bucket.take():
                await self._fatal(ws, "too many messages")
                return
            yield raw

    @staticmethod
    async def _refuse(ws: ServerConnection, error: str) -> None:
        """Refuse one message; the connection and the game go on."""
        await ws.send(json_frame(ErrorFrame(error=error, fatal=False)))

    async def _fatal(self, ws: ServerConnection, error: str) -> None:
        try:
            await ws.send(json_frame(ErrorFrame(error=error, fatal=True)))
            # A flooding client's unread frames can hold up the closing handshake: do not wait for it.
            await asyncio.wait_for(ws.close(1008, error[:100]), 1.0)
        except (ConnectionClosed, asyncio.TimeoutError):
            ws.transport.abort()

    def role_for(self, code: str) -> str | None:
        found = None
        for role, secret in self.codes.items():
            if hmac.compare_digest(secret.encode(), code.encode("utf-8", "replace")):
                found = role
        return found

    # -- the game ------------------------------------------------------------------------------
    def apply(self, role: str, frame: ClientFrame) -> bool:
        """Carry out one checked frame from ``role``; True when the game changed."""
        game = self.fac.game
        if isinstance(frame, HelloFrame):
            raise ProtocolError("already joined")
        if isinstance(frame, PingFrame):
            return False
        if game.over:
            raise ProtocolError("the game is over")
        try:
            if isinstance(frame, OrdersFrame):
                if frame.turn != game.turn:
                    raise ProtocolError(f"out of turn: the game is at {self.fac.rules.turn_word} {game.turn}")
                kind = Seal if frame.seal else Draft
                game.send(kind(role, tuple(frame.orders)))
            elif isinstance(frame, SayFrame):
                if game.session.said_this_turn(role) >= MAX_MESSAGES_PER_TURN:
                    raise ProtocolError(f"you have sent {MAX_MESSAGES_PER_TURN} messages this {self.fac.rules.turn_word}; wait for the next")
                game.send(Say(role, frame.to, frame.text, frame.statement))
        except GameError as exc:
            raise ProtocolError(str(exc)) from None
        return True

    async def control(self, console, line: str) -> None:
        """One facilitator console command on the host, then everyone's views are updated.

        ``console`` is a ``FacilitatorConsole`` (or a window) driving ``self.fac``; a
        rollback gives it a new facilitator, which the server then hosts.
        """
        console.fac = self.fac
        console.handle(line)
        self.host(console.fac)
        self.fac.tick()
        self.save()
        await self.broadcast()

    def end_turn(self) -> None:
        self.fac.end_turn()

    def save(self) -> None:
        if self.save_path is not None:
            self.fac.game.save()

    # -- views ---------------------------------------------------------------------------------
    def view_frame(self, role: str) -> ViewFrame:
        """Everything ``role`` may see now, and the public state."""
        return ViewFrame.of(self.fac.rules, self.fac.game.view(role), sorted(self.connections), self.acked.get(role, 0))

    def view(self, role: str) -> dict:
        """``view_frame`` as JSON-ready data (what the role's client receives)."""
        return self.view_frame(role).model_dump(mode="json")

    def public_frame(self) -> PublicViewFrame:
        return public_frame(self.fac.session, self.fac.clock.remaining(), list(self.connections))

    def public_view(self) -> dict:
        """``public_frame`` as JSON-ready data (what the projector receives)."""
        return self.public_frame().model_dump(mode="json")

    async def broadcast(self) -> None:
        for role, ws in list(self.connections.items()):
            try:
                await ws.send(json_frame(self.view_frame(role)))
            except ConnectionClosed:
                pass
        if self.projectors:
            frame = json_frame(self.public_frame())
            for ws in list(self.projectors):
                try:
                    await ws.send(frame)
                except ConnectionClosed:
                    pass
