"""A LAN client for one role: connect with a code, send orders and messages, read views.

``GameClient`` knows nothing of screens: the terminal client (``game.net.terminal``)
and, later, the game window drive the same object.

    client = GameClient("ws://192.168.1.20:8765", "3f9a1c0e")
    welcome = await client.connect()
    view = await client.next_view()
    await client.orders(["geneva_talks"], seal=True)
"""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from .protocol import MAX_FRAME, PROTOCOL


class ClientError(Exception):
    """The host refused us (a fatal error) or the connection is gone."""


class GameClient:
    def __init__(self, url: str, code: str):
        self.url = url if url.startswith("ws") else f"ws://{url}"
        self.code = code
        self.ws: ClientConnection | None = None
        self.welcome: dict | None = None
        self.view: dict | None = None
        self.errors: list[str] = []
        self.frames: asyncio.Queue[dict] = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def connect(self, timeout: float = 10.0) -> dict:
        """Join the game; returns the welcome frame or raises ClientError."""
        try:
            self.ws = await connect(self.url, max_size=4 * MAX_FRAME, open_timeout=timeout, close_timeout=2,
                                    proxy=None, compression=None)
        except (OSError, asyncio.TimeoutError) as exc:
            raise ClientError(f"cannot reach {self.url}: {exc}") from None
        await self.send({"type": "hello", "protocol": PROTOCOL, "code": self.code})
        self._reader = asyncio.create_task(self._read())
        frame = await self.next_frame(timeout)
        if frame.get("type") != "welcome":
            raise ClientError(frame.get("error", "the host did not welcome us"))
        self.welcome = frame
        return frame

    @property
    def role(self) -> str | None:
        return self.welcome["role"] if self.welcome else None

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for raw in self.ws:
                frame = json.loads(raw)
                if frame.get("type") in ("view", "public_view"):
                    self.view = frame
                elif frame.get("type") == "error":
                    self.errors.append(frame["error"])
                await self.frames.put(frame)
        except ConnectionClosed:
            pass
        await self.frames.put({"type": "closed"})

    async def next_frame(self, timeout: float | None = None) -> dict:
        try:
            frame = await asyncio.wait_for(self.frames.get(), timeout)
        except asyncio.TimeoutError:
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
            if frame.get("type") in ("view", "public_view"):
                return frame

    async def send(self, frame: dict) -> None:
        if self.ws is None:
            raise ClientError("not connected")
        try:
            await self.ws.send(json.dumps(frame))
        except ConnectionClosed:
            raise ClientError("the connection is closed") from None

    async def orders(self, ids: list[str], seal: bool = False, turn: int | None = None) -> None:
        if turn is None:
            turn = self.view.get("public", self.view)["turn"] if self.view else 1
        await self.send({"type": "orders", "turn": turn, "orders": list(ids), "seal": seal})

    async def say(self, to: str, text: str, statement: dict | None = None) -> None:
        frame = {"type": "say", "to": to, "text": text}
        if statement is not None:
            frame["statement"] = statement
        await self.send(frame)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 2)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
