"""The authoritative LAN host: one game, the seats of whole teams, projectors and observers (``protocol``).

All game changes happen on the server's event loop, one frame at a time, so
the game needs no locks. The facilitator core (``game.play.facilitator``) holds the
clock, the drafts and the late-role rule; a console or window on the host can
drive the same ``Facilitator`` object while the server runs.

A room of thirty must not be stopped by one laptop, so:

- every connection is a *seat* with its own send queue (``Seat``): a broadcast only queues
  frames, and a seat that has not taken a frame for ``SLOW_SECONDS`` is dropped without
  holding up anyone else (its client rejoins by itself when it wakes up);
- a team's code admits several laptops, each with a seat name; the team's frames share
  one flood limit and one message limit however often it reconnects;
- wrong codes are logged and, past ``WRONG_CODES`` a minute, refused per address;
- connections past ``max_connections`` (from the process's file limit) are refused with a
  message before they cost a file, so running short of descriptors never stops the game;
- a save that fails is reported and retried; a frame that fails is refused, not fatal.

This module is the websocket plumbing and the game's frames: the handshake, seating a connection,
each seat's frames in and out, the clock's heartbeat, saving. The room's bookkeeping (codes, seats,
the white cell's powers over them) is ``game.net.seats``, what each seat is sent ``game.net.views``,
the flood limits ``game.net.limits``.

>>> sorted(make_codes(["us", "russia"])), sorted(make_codes(["us"], observers=True))
(['projector', 'russia', 'us'], ['observer:us', 'projector', 'us'])
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from pathlib import Path

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from ..play.clock import Clock
from ..play.control import Control, Said
from ..play.events import Draft, Event, Resolved, SaveFailed, Say, Seal
from ..play.facilitator import Facilitator, FacilitatorError
from ..play.frames import (
    ClientFrame,
    ClockRecord,
    ControlFrame,
    ErrorFrame,
    HelloFrame,
    HistoryFrame,
    OrdersFrame,
    PingFrame,
    PongFrame,
    ResyncFrame,
    SayFrame,
    SealerFrame,
    WelcomeFrame,
)
from ..play.negotiation import MessageError
from ..play.runner import Game, GameError, players_for
from ..play.saves import read_save
from ..play.session import SessionError, utc_now
from ..web.pages import page_handler
from .assistant import DEFAULT_ALLOWED, run_command
from .limits import (
    FILE_RESERVE,
    PENDING_PER_ADDRESS,
    SAY_BURST,
    SAY_RATE,
    TEAM_BURST,
    TEAM_RATE,
    WRONG_CODE_WINDOW,
    WRONG_CODES,
    TokenBucket,
    file_limit,
)
from .protocol import BURST, HELLO_TIMEOUT, MAX_ERRORS, MAX_FRAME, RATE, ProtocolError, json_frame, parse_frame
from .room import ROOM_HELP, room_command
from .seats import MAX_SEATS, Seat, make_codes, seat_kind
from .views import SeatViews

MAX_MESSAGES_PER_TURN = 200  # keeps a save small enough to load (game.play.saves.MAX_SAVE_BYTES)
SLOW_SECONDS = 2.0  # a seat that has not taken a frame for this long is dropped
MAX_PENDING_FRAMES = 64  # frames queued for one seat before it counts as not reading
SAVE_RETRY_SECONDS = 2.0
# How long a closing handshake may take: a flooding client's unread frames can hold up its answer, and a
# host that stops (or closes such a seat) would otherwise wait websockets' default, 10 s.
CLOSE_SECONDS = 1.0


class GameServer(SeatViews):
    """The host: it runs the game (a ``Game`` through the white cell's ``Facilitator``) and speaks
    the protocol to the seats of every team, to observers and to the projectors."""

    def __init__(self, fac: Facilitator, codes: dict[str, str], save_path: str | Path | None = None,
                 log: Callable[[str], None] = lambda text: None, pin: str | None = None,
                 max_connections: int | None = None, now: Callable[[], float] = time.monotonic):
        self.codes, self.save_path, self.log, self.pin, self.now = codes, save_path, log, pin or None, now
        self.addresses: tuple[list[str], int] | None = None
        self.seats: list[Seat] = []
        self.sealers: dict[str, str] = {}  # role -> the only seat that may seal for it
        self.assistant_allowed: set[str] = set(DEFAULT_ALLOWED)  # the console commands the assistant may use
        self.max_connections = max_connections or max(16, min(4096, file_limit() - FILE_RESERVE))
        self.team_frames: dict[str, TokenBucket] = {}
        self.team_says: dict[str, TokenBucket] = {}
        self.wrong_codes: dict[str, deque[float]] = {}
        self.pending: Counter[str] = Counter()  # address -> connections that have not said hello
        self.notices: list[str] = []  # what the host should tell the white cell on starting (a resumed clock)
        self._server: Server | None = None
        self._pages: Callable[[ServerConnection, Request], Response | Awaitable[Response] | None] | None = None
        self._clock_task: asyncio.Task | None = None
        self._listening: Game | None = None
        self._last_save_try = 0.0
        self._clock_shown: tuple = ()
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
        elif isinstance(event, SaveFailed):
            self.log(f"{event.error}; retrying every {SAVE_RETRY_SECONDS:g} s")

    def lan_state(self) -> dict:
        """What the save holds for the host to resume: the codes, the orders of the turn under way, the clock."""
        game = self.fac.game
        sealed = {r: game.orders_of(r)[0] for r in game.sealed}
        return {"lan": {"codes": self.codes, "turn": game.turn, "drafts": dict(game.drafts), "sealed": sealed,
                        "turn_seconds": game.clock.default_seconds, "late": game.late, "clock": game.clock.settings(),
                        "standing": dict(game.standing), "sealers": dict(self.sealers),
                        "assistant": sorted(self.assistant_allowed)}}

    # -- making and resuming -----------------------------------------------------------------
    @classmethod
    def new(cls, loaded, seed: int, save_path=None, ai: dict[str, str] | None = None, turn_seconds: float | None = None,
            late: str = "standing", scenario_path: str | None = None, log=lambda text: None, **options) -> GameServer:
        """A new game; its clock waits for the white cell's Start (``fac.clock.resume()``)."""
        rules, ai = loaded.rules, dict(ai or {})
        players = players_for(rules, [r for r in rules.roles if r not in ai], ai)
        game = Game.new(rules, players, seed, scenario_path=scenario_path,
                        clock=Clock(default_seconds=turn_seconds, waiting=True), late=late)
        server = cls(Facilitator(game), make_codes([r for r in rules.roles if r not in ai]), save_path, log, **options)
        if rules.playable_actors:  # the white cell decides whether students play them
            server.notices.append("Students may speak for " + ", ".join(rules.actors[a] for a in rules.playable_actors)
                                  + ": 'actor ID' in the console gives its code (" + ", ".join(rules.playable_actors) + ")")
        server.save()
        return server

    @classmethod
    def resume(cls, save_path: str | Path, turn_seconds: float | None = None, log=lambda text: None,
               reason: str = "", **options) -> GameServer:
        """The game a host's save describes, with the same codes, drafts, sealed orders, standing orders and
        clock (waiting for Start, with the time that was left). The saved clock wins over ``turn_seconds``:
        a notice says so (the console's ``length`` changes it)."""
        save = read_save(save_path)
        lan = save.extra.lan
        if lan is None:
            raise SessionError(f"{save_path}: not a save written by 'brink host'")
        saved = lan.clock
        seconds = saved.default_seconds if saved is not None else lan.turn_seconds
        notices = []
        if turn_seconds is not None and seconds is not None and turn_seconds != seconds:
            notices.append(f"The save's clock is kept: {seconds:g} s a turn (--turn-seconds {turn_seconds:g} is not used; "
                           "change it with 'length SECONDS')")
        elif seconds is None:
            seconds = turn_seconds
        per_turn = {int(k): v for k, v in saved.per_turn.items()} if saved is not None else {}
        game = Game.from_save(save, str(save_path), clock=Clock(default_seconds=seconds, per_turn=per_turn, waiting=True),
                              late=lan.late)
        # The record keeps every restart (the debrief lists them with the white cell's acts).
        restart = {"at": utc_now(), "turn": game.turn, "reason": reason.strip() or "the host was started again from its save"}
        game.session.meta["restarts"] = [*game.session.meta.get("restarts", []), restart]
        if lan.turn == game.turn:
            game.restore_orders(lan.drafts, lan.sealed)
            if saved is not None and saved.left is not None:
                game.clock.set_remaining(saved.left)
        for role, orders in lan.standing.items():
            if role in game.rules.roles:
                game.set_standing(role, orders)
        if game.clock.remaining() is not None:
            notices.append(f"The clock waits for Start ({game.clock.text()}): type 'start' when the room is ready")
        server = cls(Facilitator(game), dict(lan.codes), save_path, log, **options)
        server.sealers = dict(lan.sealers)
        if lan.assistant is not None:
            server.assistant_allowed = set(lan.assistant)
        server.notices = notices
        return server

    # -- running -------------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        # The same port serves the web client over HTTP (game.web): a browser is one more client.
        self._server = await serve(self.handler, host, port, max_size=MAX_FRAME, max_queue=8,
                                   ping_interval=10, ping_timeout=10, close_timeout=CLOSE_SECONDS, compression=None,
                                   process_request=self.process_request)
        # Always watched: control may set a week's length later (``length``) from its console or window.
        self._clock_task = asyncio.create_task(self._watch())
        sock = next(iter(self._server.sockets))
        host, port = sock.getsockname()[:2]
        self.addresses = ([host], port)  # where teams join (``brink host`` lists every interface's address)
        return host, port

    async def stop(self) -> None:
        if self._clock_task is not None:
            self._clock_task.cancel()
        for seat in list(self.seats):
            if seat.sender is not None:
                seat.sender.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _watch(self) -> None:
        """Four times a second: the clock (a turn whose time ran out resolves), a failed save retried."""
        while True:
            await asyncio.sleep(0.25)
            try:
                if not self.fac.match.over and self.fac.clock.expired():
                    self.fac.tick()
                    self.publish()
                self._retry_save()
            except Exception as exc:  # noqa: BLE001 - the host's heartbeat must outlive any one failure
                self.log(f"host: {type(exc).__name__}: {exc}")

    def _retry_save(self) -> None:
        game = self.fac.game
        if game.save_error is None or self.now() - self._last_save_try < SAVE_RETRY_SECONDS:
            return
        self._last_save_try = self.now()
        game.save()
        if game.save_error is None:
            self.log(f"Saved again to {self.save_path}")

    # -- before the handshake ------------------------------------------------------------------
    def process_request(self, connection: ServerConnection, request: Request) -> Response | Awaitable[Response] | None:
        """Every HTTP request before it becomes a websocket: refused when the host is full (out of files)
        or one address has too many connections waiting to say hello; else ``serve_http``'s answer."""
        # every connection accepted, handshake or not (a private set of websockets; 0 if it is ever renamed)
        open_now = len(getattr(self._server, "handler_tasks", ())) if self._server is not None else 0
        if open_now > self.max_connections:
            self.log(f"refused a connection from {_address(connection)}: the host is full ({open_now} open)")
            return connection.respond(503, "The host is full: too many connections are open. Try again in a moment.\n")
        if self.pending[_address(connection)] >= PENDING_PER_ADDRESS:
            return connection.respond(429, "Too many connections from this address are waiting to join.\n")
        return self.serve_http(connection, request)

    def serve_http(self, connection: ServerConnection, request: Request) -> Response | Awaitable[Response] | None:
        """Plain HTTP on the game's port: None lets a websocket handshake go on. The browser client
        (``game.web``) answers its pages here."""
        if self._pages is None:
            self._pages = page_handler(self)
        return self._pages(connection, request)

    # -- one connection ----------------------------------------------------------------------
    async def handler(self, ws: ServerConnection) -> None:
        seat = None
        address = _address(ws)
        self.pending[address] += 1
        try:
            try:
                seat = await self._hello(ws, address)
            finally:
                self.pending[address] -= 1
                if self.pending[address] <= 0:
                    del self.pending[address]
            if seat is None:
                return
            await self._serve(seat)
        except ConnectionClosed:
            pass
        finally:
            if seat is not None:
                self._leave(seat)

    def _leave(self, seat: Seat) -> None:
        if seat in self.seats:
            self.seats.remove(seat)
            self.log(f"{seat.label} left")
            self.publish()
        if seat.sender is not None:
            seat.sender.cancel()

    async def _hello(self, ws: ServerConnection, address: str) -> Seat | None:
        try:
            raw = await asyncio.wait_for(ws.recv(), HELLO_TIMEOUT)
            frame = parse_frame(raw)
        except TimeoutError:
            await self._fatal(ws, "no hello")
            return None
        except ProtocolError as exc:
            await self._fatal(ws, str(exc))
            return None
        if not isinstance(frame, HelloFrame):
            await self._fatal(ws, "say hello with your code first")
            return None
        if self._blocked(address):
            await self._fatal(ws, "too many wrong codes from this address; wait a minute")
            return None
        key = self.role_for(frame.code)
        pin_right = self.pin is None or hmac.compare_digest(self.pin.encode(), (frame.pin or "").encode("utf-8", "replace"))
        if key is None or not pin_right:
            wrong = "wrong code" if key is None else "wrong room PIN"
            self._wrong_code(address, wrong)
            await self._fatal(ws, wrong)
            return None
        return await self._seat(ws, key, frame.seat, address)

    async def _seat(self, ws: ServerConnection, key: str, name: str | None, address: str) -> Seat | None:
        """Give the connection its seat (a seat rejoining under its name takes its place back)."""
        rules = self.fac.rules
        kind, role = seat_kind(key)
        mine = [s for s in self.seats if s.key == key]
        name = (name or "").strip() or None
        if name is not None:
            for old in [s for s in mine if s.name == name]:  # the same laptop again (a wifi blip), or a stale one
                self.log(f"{old.label} joined again; the old connection is closed")
                self._close(old, "this seat joined again from another connection")
                self.seats.remove(old)
                mine.remove(old)
        if kind == "team" and len(mine) >= MAX_SEATS:
            await self._fatal(ws, f"{role} already has {MAX_SEATS} laptops connected")
            return None
        if name is None:
            taken = {s.name for s in mine}
            name = next(f"{'laptop' if kind != 'projector' else 'screen'} {n}" for n in range(1, len(taken) + 2)
                        if f"{'laptop' if kind != 'projector' else 'screen'} {n}" not in taken)
        role_name = rules.actors.get(role, role) if kind == "actor" else rules.role_names[rules.role_index(role)] if role is not None else (
            "The white cell's assistant" if kind == "assistant" else "Projector")
        # The welcome goes first, before the seat counts as connected (a client is joined once it has it).
        try:
            await asyncio.wait_for(ws.send(json_frame(WelcomeFrame(
                role=role or key, role_name=role_name, scenario=rules.id, title=rules.title, seat=name, kind=kind))),
                SLOW_SECONDS)
        except TimeoutError:
            ws.transport.abort()
            return None
        seat = Seat(ws=ws, kind=kind, role=role, name=name, address=address, key=key)
        seat.sender = asyncio.get_running_loop().create_task(self._send_loop(seat))
        self.seats.append(seat)
        self.log(f"{seat.label} joined from {address}")
        if seat.public:
            seat.put(self.public_view(), "view")
        elif kind == "actor":
            seat.put(self.actor_view(role), "view")
        else:
            self.publish()
        return seat

    def _blocked(self, address: str) -> bool:
        tries = self.wrong_codes.get(address)
        if not tries:
            return False
        while tries and self.now() - tries[0] > WRONG_CODE_WINDOW:
            tries.popleft()
        return len(tries) >= WRONG_CODES

    def _wrong_code(self, address: str, what: str) -> None:
        tries = self.wrong_codes.setdefault(address, deque())
        tries.append(self.now())
        self._blocked(address)  # forget the old ones
        n = len(tries)
        self.log(f"{what} from {address} ({n} in the last minute)" + (
            "; that address is refused for a minute" if n == WRONG_CODES else ""))

    async def _serve(self, seat: Seat) -> None:
        """The seat's frames as they come: a flood closes the connection; a refused frame is only refused."""
        mine = TokenBucket(RATE, BURST)
        team = self.team_frames.setdefault(seat.key, TokenBucket(TEAM_RATE, TEAM_BURST, self.now))
        errors = 0
        async for raw in seat.ws:
            if not mine.take():
                await self._close_now(seat, "too many messages")
                return
            try:
                if not team.take():
                    raise ProtocolError("your team is sending too fast; wait a moment")
                frame = parse_frame(raw)
                changed = self.apply_seat(seat, frame)
            except (ProtocolError, FacilitatorError, MessageError, SessionError) as exc:
                errors += 1
                seat.put(json_frame(ErrorFrame(error=str(exc), fatal=False)))
                if errors > MAX_ERRORS:
                    await self._close_now(seat, "too many refused messages")
                    return
                continue
            if changed:
                self.publish()

    def apply_seat(self, seat: Seat, frame: ClientFrame) -> bool:
        """One checked frame from a seat; True when everyone's views must be sent again."""
        if isinstance(frame, PingFrame):
            seat.put(json_frame(PongFrame(clock_state=ClockRecord.of(self.fac.clock))))
            return False
        if isinstance(frame, HistoryFrame):
            seat.put(json_frame(self.history(seat.role, frame.before, frame.limit)))
            return False
        if isinstance(frame, ResyncFrame):  # the seat's view no longer fits our deltas: a whole one
            seat.sent_view = None
            seat.put(self.public_view() if seat.public else self.actor_view(seat.role) if seat.kind == "actor"
                     else self.seat_view(seat), "view")
            return False
        if seat.kind == "assistant":
            return self.assistant_command(seat, frame)
        if seat.kind == "projector":
            raise ProtocolError("the projector only shows the game")
        role = seat.role
        if role is None:  # only the projector and the assistant have none, and both are answered above
            raise ProtocolError("this seat plays no role")
        if seat.kind == "actor":  # students speaking for a playable actor: they talk, and give no orders
            if not isinstance(frame, SayFrame):
                raise ProtocolError(f"{role} gives no orders: its reactions are the scenario's rules; talk instead")
            if frame.statement is not None:
                raise ProtocolError("only a role can make a binding statement")
            says = self.team_says.setdefault(seat.key, TokenBucket(SAY_RATE, SAY_BURST, self.now))
            if not says.take():
                raise ProtocolError(f"slow down: you may send {SAY_BURST} messages at once, then one every {1 / SAY_RATE:g} s")
            return self.apply(role, frame, seat.name)
        if seat.kind == "observer":
            raise ProtocolError("an observer only watches")
        if isinstance(frame, SealerFrame):
            if frame.seat is None:
                self.sealers.pop(role, None)
            else:
                self.sealers[role] = frame.seat
            self.log(f"{role}: " + (f"only {frame.seat} seals" if frame.seat else "any seat seals"))
            self.save()
            return True
        if isinstance(frame, OrdersFrame):
            seat.acked = frame.seq
            sealer = self.sealers.get(role)
            if frame.seal and sealer is not None and sealer != seat.name:
                raise ProtocolError(f"your team has chosen {sealer} to seal; send a draft")
        if isinstance(frame, SayFrame):
            says = self.team_says.setdefault(role, TokenBucket(SAY_RATE, SAY_BURST, self.now))
            if not says.take():
                raise ProtocolError(f"slow down: a team may send {SAY_BURST} messages at once, then one every "
                                    f"{1 / SAY_RATE:g} s")
        return self.apply(role, frame, seat.name)

    async def _send_loop(self, seat: Seat) -> None:
        """Send the seat's frames in order; a seat that takes none for ``SLOW_SECONDS`` is dropped."""
        ws = seat.ws
        try:
            while True:
                await seat.wake.wait()
                seat.wake.clear()
                while seat.outbox:
                    if len(seat.outbox) > MAX_PENDING_FRAMES:
                        raise TimeoutError
                    kind, item = seat.outbox.popleft()
                    if kind == "close":
                        await asyncio.wait_for(ws.close(1008, item[:100]), 1.0)
                        return
                    text = seat.view_text(item) if kind == "view" else item
                    if text is not None:
                        await asyncio.wait_for(ws.send(text), SLOW_SECONDS)
        except TimeoutError:
            self.log(f"{seat.label} dropped: it has not read for {SLOW_SECONDS:g} s")
            ws.transport.abort()
        except ConnectionClosed:
            pass

    async def _close_now(self, seat: Seat, error: str) -> None:
        """``_close``, waiting (a little) until the seat has been told."""
        self._close(seat, error)
        if seat.sender is not None:
            try:
                await asyncio.wait_for(asyncio.shield(seat.sender), SLOW_SECONDS)
            except (TimeoutError, ConnectionClosed):
                seat.ws.transport.abort()

    async def _fatal(self, ws: ServerConnection, error: str) -> None:
        """Refuse a connection that has no seat."""
        try:
            await asyncio.wait_for(ws.send(json_frame(ErrorFrame(error=error, fatal=True))), 1.0)
            # A flooding client's unread frames can hold up the closing handshake: do not wait for it.
            await asyncio.wait_for(ws.close(1008, error[:100]), 1.0)
        except (TimeoutError, ConnectionClosed):
            ws.transport.abort()

    def assistant_command(self, seat: Seat, frame: ClientFrame) -> bool:
        """A frame of the white cell's assistant: the console commands it is allowed, nothing else."""
        if not isinstance(frame, ControlFrame):
            raise ProtocolError("the white cell's assistant sends console commands ('control' frames)")
        control = Control(self.fac)
        reply = run_command(control, self.assistant_allowed, frame.line)
        self.log(f"{seat.label}: {frame.line}" + (" (refused)" if reply.error else ""))
        seat.put(json_frame(reply))
        self.host(control.fac)
        self.fac.tick()
        self.save()
        return True

    # -- the game ------------------------------------------------------------------------------
    def apply(self, role: str, frame: ClientFrame, seat: str | None = None) -> bool:
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
                to = role if frame.to == "team" else frame.to
                game.send(Say(role, to, frame.text, frame.statement, seat))
        except GameError as exc:
            raise ProtocolError(str(exc)) from None
        return True

    async def control(self, console, line: str) -> None:
        """One facilitator console command on the host, then everyone's views are updated.

        ``console`` is a ``FacilitatorConsole`` (or a window) driving ``self.fac``; a
        rollback gives it a new facilitator, which the server then hosts. The room's own
        commands (``seats``, ``kick``, ``rotate``, ``revoke``) are the server's.
        """
        console.fac = self.fac
        replies = room_command(self, line)
        if replies is None:
            console.handle(line)
            if line.strip().lower() == "help":
                replies = [Said(ROOM_HELP)]
        console.tell(replies or [])
        self.host(console.fac)
        self.fac.tick()
        self.save()
        self.publish()

    def end_turn(self) -> None:
        self.fac.end_turn()

    def save(self) -> None:
        if self.save_path is not None:
            self.fac.game.save()

    async def broadcast(self) -> None:
        """``publish``, for callers that await it."""
        self.publish()
        await asyncio.sleep(0)


def _address(ws: ServerConnection) -> str:
    peer = ws.remote_address
    return str(peer[0]) if peer else "?"
