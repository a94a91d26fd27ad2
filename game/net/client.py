"""A LAN client for one role: connect with a code, send orders and messages, read views.

``GameClient`` knows nothing of screens: the terminal client (``game.text.lan``)
and the game window (``game.ui.lan``) drive the same object. When the connection
drops by accident it joins again with the same code, which gives back the role's
seat and orders; readers see ``reconnecting`` and ``reconnected`` frames meanwhile.

    client = GameClient("ws://192.168.1.20:8765", "3f9a1c0e")
    welcome = await client.connect()
    view = await client.next_view()
    await client.orders(["geneva_talks"], seal=True)
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from ..play.delta import patch
from ..play.frames import ControlFrame, HelloFrame, HistoryFrame, OrdersFrame, ResyncFrame, SayFrame, SealerFrame
from .protocol import MAX_FRAME, SEAT_TAKEN, ProtocolError, json_frame, read_host_data, read_host_frame


class ClientError(Exception):
    """The host refused us (a fatal error) or the connection is gone."""


class Refused(ClientError):
    """The host said no (wrong code, another protocol, the seat taken): asking again would not help
    (except for a seat still held by our own dead connection, which a rejoin waits for)."""


RECONNECT_SECONDS = 120.0  # long enough for a wifi blip or a host restart, short enough to notice a dead host
BACKOFF = (0.5, 5.0)  # the first wait between attempts and the longest
# The host closes with these when it will not have us (a policy, an oversized or malformed frame):
# asking again would be refused again. Going away (1001, a stopped host) and abnormal drops (1006) are retried.
REFUSING_CLOSE_CODES = {1002, 1003, 1007, 1008, 1009}


class GameClient:
    def __init__(self, url: str, code: str, reconnect_seconds: float = RECONNECT_SECONDS,
                 backoff: tuple[float, float] = BACKOFF, seat: str | None = None, pin: str | None = None):
        self.url = url if url.startswith("ws") else f"ws://{url}"
        self.code = code
        self.seat, self.pin = seat, pin  # the host names a seat left unnamed; we rejoin with that name
        self.reconnect_seconds, self.backoff = reconnect_seconds, backoff
        self.ws: ClientConnection | None = None
        self.welcome: dict | None = None
        self.view: dict | None = None
        self.errors: list[str] = []
        self.frames: asyncio.Queue[dict] = asyncio.Queue()
        self.attempt = 0  # the reconnection attempt under way; 0 while connected or once closed
        self.reconnections = 0
        self.refused = False  # the host would not have us: never asked again
        self.quitting = False
        self._reader: asyncio.Task | None = None
        # The orders frames sent on this connection: a view the host sent before it took the
        # last of them is stale about our orders (see ``my_orders``).
        self.sent_seq = 0
        self.views_seen = 0  # the views taken on this connection (a view's update names the one it applies to)
        self.sent_orders: tuple[list[str], bool] = ([], False)

    async def connect(self, timeout: float = 10.0) -> dict:
        """Join the game; returns the welcome frame or raises ClientError (Refused if the host said no)."""
        self.welcome = await self._join(timeout)
        self._reader = asyncio.create_task(self._follow())
        return self.welcome

    async def _join(self, timeout: float) -> dict:
        """Open a connection and say hello; only a welcome makes it ours."""
        try:
            ws = await connect(self.url, max_size=4 * MAX_FRAME, open_timeout=timeout, close_timeout=2,
                               proxy=None, compression=None)
        except InvalidStatus as exc:  # the host answered, but not with a game: it is full, or too many of us wait
            body = exc.response.body.decode("utf-8", "replace").strip() if exc.response.body else ""
            raise ClientError(f"{self.url} refused the connection: {body or exc}") from None
        except (TimeoutError, OSError, InvalidHandshake) as exc:
            raise ClientError(f"cannot reach {self.url}: {exc}") from None
        try:
            await ws.send(json_frame(HelloFrame(code=self.code, seat=self.seat, pin=self.pin)))
            frame = read_host_frame(await asyncio.wait_for(ws.recv(), timeout))
        except (TimeoutError, ConnectionClosed, ProtocolError):
            await ws.close()
            raise ClientError("the host did not welcome us") from None
        except BaseException:  # cancelled while joining: leave no connection behind
            await ws.close()
            raise
        if frame.get("type") != "welcome" or (self.welcome and frame.get("role") != self.role):
            await ws.close()
            raise Refused(frame.get("error", "the host did not welcome us"))
        self.ws, self.sent_seq = ws, 0  # a new connection: the host's orders seq counts from 0 again
        self.views_seen = 0  # ... and its first view is whole
        self.seat = frame.get("seat") or self.seat
        return frame

    @property
    def role(self) -> str | None:
        return self.welcome["role"] if self.welcome else None

    @property
    def over(self) -> bool:
        view = self.view or {}
        return bool(view.get("public", view).get("over"))

    async def _follow(self) -> None:
        """Read the host's frames; when the connection drops by accident, join again with the same code."""
        while True:
            assert self.ws is not None  # connect() came first
            await self._read(self.ws)
            if self.quitting or self.refused or self.over or not await self._reconnect():
                break
        self.attempt = 0
        await self.frames.put({"type": "closed"})

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                try:
                    frame = read_host_frame(raw)
                except ProtocolError as exc:  # a frame from another version of the game: said, and skipped
                    self.errors.append(str(exc))
                    await self.frames.put({"type": "error", "error": str(exc), "fatal": False})
                    continue
                if frame.get("type") == "view_delta":
                    try:
                        frame = self.patched(frame)
                    except ProtocolError as exc:  # we missed a frame: the host sends the whole view again
                        self.errors.append(str(exc))
                        await ws.send(json_frame(ResyncFrame()))
                        continue
                if frame.get("type") in ("view", "public_view", "actor_view"):
                    self.view, self.views_seen = frame, self.views_seen + 1
                elif frame.get("type") == "error":
                    self.errors.append(frame["error"])
                    self.refused = self.refused or bool(frame.get("fatal"))
                await self.frames.put(frame)
        except ConnectionClosed:
            pass
        self.refused = self.refused or ws.close_code in REFUSING_CLOSE_CODES

    def patched(self, frame: dict) -> dict:
        """Our last view with a delta of the host's applied (``game.play.delta``), checked as a whole view;
        raises ProtocolError when it does not fit the view we hold."""
        if self.view is None or self.view.get("type") != frame["of"] or frame["base"] != self.views_seen:
            raise ProtocolError("a view's update does not fit the view we hold; asking for the whole view")
        try:
            return read_host_data(patch(self.view, frame["delta"]))
        except ValueError as exc:
            raise ProtocolError(f"a view's update does not fit the view we hold ({exc})") from None

    async def _reconnect(self) -> bool:
        """Try again with a growing wait until ``reconnect_seconds`` pass; the host sends the view on joining.

        Readers see ``reconnecting`` frames, then ``reconnected``, or the reason it gave up in ``errors``."""
        loop = asyncio.get_running_loop()
        deadline, wait = loop.time() + self.reconnect_seconds, self.backoff[0]
        last = "the connection dropped"
        while loop.time() + wait <= deadline:
            self.attempt += 1
            await self.frames.put({"type": "reconnecting", "attempt": self.attempt})
            await asyncio.sleep(wait)  # the host may not have noticed our old connection has gone yet
            try:
                await self._join(timeout=max(0.5, min(10.0, deadline - loop.time())))
            except Refused as exc:
                if SEAT_TAKEN not in str(exc):
                    self.errors.append(str(exc))
                    self.refused = True
                    return False
                last = str(exc)  # our old connection still holds the seat, as the host sees it
                wait = min(2 * wait, self.backoff[1])
                continue
            except ClientError as exc:
                last = str(exc)
                wait = min(2 * wait, self.backoff[1])
                continue
            await self.frames.put({"type": "reconnected", "attempt": self.attempt})
            self.attempt, self.reconnections = 0, self.reconnections + 1
            return True
        self.errors.append(f"gave up reconnecting to {self.url} after {self.attempt} attempts "
                           f"in {self.reconnect_seconds:g} s ({last})")
        return False

    async def next_frame(self, timeout: float | None = None) -> dict:
        try:
            frame = await asyncio.wait_for(self.frames.get(), timeout)
        except TimeoutError:
            raise ClientError("the host did not answer in time") from None
        if frame.get("type") == "closed":
            await self.frames.put(frame)  # stays closed for later readers
            raise ClientError(self.errors[-1] if self.errors else "the connection is closed")
        if frame.get("type") == "error" and frame.get("fatal"):
            raise ClientError(frame["error"])
        return frame

    async def next_view(self, timeout: float | None = None) -> dict:
        """The next view frame (a projector's is a ``public_view``); errors are kept in ``errors``."""
        while True:
            frame = await self.next_frame(timeout)
            if frame.get("type") in ("view", "public_view", "actor_view"):
                return frame

    async def send(self, frame: dict | BaseModel) -> None:
        if self.ws is None:
            raise ClientError("not connected")
        if self.attempt:
            raise ClientError("not sent: the connection to the host is lost; reconnecting")
        try:
            await self.ws.send(json_frame(frame))
        except ConnectionClosed:
            raise ClientError("the connection is closed") from None

    async def orders(self, ids: list[str], seal: bool = False, turn: int | None = None) -> None:
        if turn is None:
            turn = self.view.get("public", self.view)["turn"] if self.view else 1
        await self.send(OrdersFrame(turn=turn, orders=list(ids), seal=seal, seq=self.sent_seq + 1))
        self.sent_seq += 1
        self.sent_orders = (list(ids), seal)

    def my_orders(self, view: dict) -> tuple[list[str], bool]:
        """Our orders and whether they are sealed: the host's, once its view has taken the last orders
        we sent on this connection; until then, what we sent (a view sent before it is stale about them)."""
        mine = view["orders"]
        if mine.get("seq", 0) >= self.sent_seq:
            return list(mine["orders"]), bool(mine["sealed"])
        return list(self.sent_orders[0]), self.sent_orders[1]

    async def say(self, to: str, text: str, statement: dict | None = None) -> None:
        """A message to a role, 'all', or 'team' (the team's own channel, read by its seats only)."""
        await self.send(SayFrame(to=to, text=text, statement=statement))

    async def history(self, before: int, limit: int = 60) -> None:
        """Ask for the messages older than id ``before`` (the answer is a ``history_page`` frame)."""
        await self.send(HistoryFrame(before=before, limit=limit))

    async def control(self, line: str) -> None:
        """The white cell's assistant: a console command (the answer is a ``control_reply`` frame)."""
        await self.send(ControlFrame(line=line))

    async def choose_sealer(self, seat: str | None) -> None:
        """Only ``seat`` seals for the team from now on (None: any seat)."""
        await self.send(SealerFrame(seat=seat))

    async def close(self) -> None:
        """Leave on purpose: no reconnection."""
        self.quitting = True
        if self._reader is not None and self.attempt:  # waiting between attempts: nothing to close politely
            self._reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 2)
            except (TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
