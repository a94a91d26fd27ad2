"""The window as a LAN client: a real server on 127.0.0.1, the real window driven by keys."""

from __future__ import annotations

import asyncio
import json

import pygame

from game.net.client import GameClient
from game.net.server import GameServer
from game.ui.lan import Link

from ui_driver import end_week, make_app, press

LIMIT = 180  # seconds: a hang fails, a busy machine (the suite runs on every core) does not


async def pump(app, done, frames: int = 600) -> None:
    """Run window frames and the network until ``done()`` holds."""
    for _ in range(frames):
        app.step(1 / 60)
        await asyncio.sleep(0.005)
        if done():
            return
    raise AssertionError(f"not reached; the window shows {app.top.name if app.top else None}")


def type_text(app, text: str) -> None:
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.step(1 / 60)


async def joined(tmp_path, monkeypatch, role: str, ai: dict[str, str], **options):
    app = make_app(tmp_path, monkeypatch)
    server = GameServer.new(app.loaded, seed=11, save_path=tmp_path / "host.json", ai=ai)
    host, port = await server.start("127.0.0.1", 0)
    client = GameClient(f"ws://{host}:{port}", server.codes[role], **options)
    await client.connect(timeout=5)
    app.start_lan(Link(client, app.loaded.rules))
    return app, server, client


def test_a_windowed_client_plays_a_week_and_talks(tmp_path, monkeypatch):
    async def play():
        app, server, client = await joined(tmp_path, monkeypatch, "us", {"russia": "historical", "nato": "historical"})
        try:
            await pump(app, lambda: app.top is not None and app.top.name == "lan-game")
            assert app.top.role == "us" and app.top.given["view"].obs.role == "us"
            press(app, pygame.K_SPACE)  # order the focused action: a draft goes up
            chosen = list(app.top.orders.chosen)
            assert chosen
            await pump(app, lambda: server.fac.drafts.get("us") == chosen)
            press(app, pygame.K_t)
            type_text(app, "Geneva, Monday?")
            press(app, pygame.K_RETURN)
            await pump(app, lambda: [m.text for m in server.fac.session.messages()] == ["Geneva, Monday?"])
            await pump(app, lambda: [m.text for m in app.top.messages()] == ["Geneva, Monday?"])  # back down
            press(app, pygame.K_ESCAPE)
            end_week(app)  # seal: the AI roles have sealed, so the week resolves
            await pump(app, lambda: app.top.name == "report")
            assert server.fac.match.orders_log[0]["us"] == chosen
            assert app.top.given["report"].turn == 1
            press(app, pygame.K_RETURN)
            await pump(app, lambda: app.top.name == "lan-game")
            assert app.top.view.obs.turn == 2
            while not server.fac.match.over:  # control ends the remaining weeks
                server.end_turn()
            await server.broadcast()
            await pump(app, lambda: app.top.name == "lan-end")
            assert app.top.given["frame"]["public"]["ending"] == server.fac.match.ending
        finally:
            app.close()
            await client.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(play(), LIMIT))


def test_the_window_shows_the_lost_connection_and_comes_back_with_the_hosts_orders(tmp_path, monkeypatch):
    async def play():
        app, server, client = await joined(tmp_path, monkeypatch, "us", {"nato": "historical"},
                                           reconnect_seconds=10, backoff=(0.3, 0.5))
        try:
            await pump(app, lambda: app.top is not None and app.top.name == "lan-game")
            press(app, pygame.K_SPACE)
            chosen = list(app.top.orders.chosen)
            await pump(app, lambda: server.fac.drafts.get("us") == chosen)
            server.connections["us"].transport.abort()  # a wifi blip
            await pump(app, lambda: app.toast_text == "Connection lost; reconnecting (attempt 1)...")
            press(app, pygame.K_SPACE)  # a change the host cannot get now
            assert app.top.orders.chosen != chosen
            await pump(app, lambda: app.toast_text == "Reconnected to the host")
            assert app.top.name == "lan-game" and app.top.orders.chosen == chosen == server.fac.drafts["us"]
        finally:
            app.close()
            await client.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(play(), LIMIT))


def test_the_window_gives_the_rejoin_command_when_it_gives_up(tmp_path, monkeypatch):
    async def play():
        app, server, client = await joined(tmp_path, monkeypatch, "us", {"nato": "historical"},
                                           reconnect_seconds=0.4, backoff=(0.05, 0.1))
        try:
            await pump(app, lambda: app.top is not None and app.top.name == "lan-game")
            await server.stop()
            await pump(app, lambda: (app.toast_text or "").startswith("Connection lost; reconnecting"))
            address = client.url.removeprefix("ws://")
            await pump(app, lambda: app.toast_text == "The connection to the host is lost. To rejoin: "
                                                      f"brink join {address} --code {client.code} --seat 'laptop 1'")
            assert client.errors[-1].startswith("gave up reconnecting") and app.top.name == "lan-game"
        finally:
            app.close()
            await client.close()

    asyncio.run(asyncio.wait_for(play(), LIMIT))


def without_clock(frame: dict) -> dict:
    """A frame without the host's clock state (its time changes with every frame)."""
    return {k: v for k, v in frame.items() if k != "clock_state"}


def test_the_projector_code_shows_only_the_public_view(tmp_path, monkeypatch):
    async def watch():
        app, server, client = await joined(tmp_path, monkeypatch, "projector", {"nato": "historical"})
        try:
            server.fac.session.say("russia", "us", "a private word")
            server.fac.override("invasion_readiness", 66.5, "hidden from the room")
            await server.broadcast()
            await pump(app, lambda: app.top is not None and app.top.name == "projector"
                       and app.top.given["public"] is not None and app.top.given["public"]["turn"] == 1
                       and without_clock(app.top.given["public"]) == without_clock(server.public_view()))
            text = json.dumps(app.top.given["public"])
            rules = server.fac.rules
            hidden = [v.id for i, v in enumerate(rules.variables) if not rules.visible[:, i].all()]
            assert hidden and not any(f'"{var}"' in text for var in hidden)
            assert "a private word" not in text and "66.5" not in text
        finally:
            app.close()
            await client.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(watch(), LIMIT))


def test_the_white_cell_window_on_the_host_reaches_the_clients(tmp_path, monkeypatch):
    from game.ui.desk import Desk

    async def host():
        app = make_app(tmp_path, monkeypatch)
        server = GameServer.new(app.loaded, seed=5, save_path=tmp_path / "host.json", ai={"nato": "historical"})
        address, port = await server.start("127.0.0.1", 0)
        us = GameClient(f"ws://{address}:{port}", server.codes["us"])
        await us.connect(timeout=5)
        try:
            app.start_facilitator(Desk.hosting(server))
            type_text(app, 'inject "Pipeline blast" nato_cohesion=-4 -- ad hoc in the room')
            press(app, pygame.K_RETURN)
            await pump(app, lambda: us.view is not None and any(e["headline"] == "Pipeline blast" for e in us.view["control"]))
            press(app, pygame.K_F4)  # end the week now: the server resolves it and tells the clients
            await pump(app, lambda: us.view["public"]["turn"] == 2)
            assert server.fac.match.orders_log[0]["us"] == []  # late, no draft, no standing orders
            type_text(app, "length 1")  # a length set during the game: the host's clock ends the week once started
            press(app, pygame.K_RETURN)
            type_text(app, "start")
            press(app, pygame.K_RETURN)
            await pump(app, lambda: us.view["public"]["turn"] == 3, frames=1000)
            assert json.loads((tmp_path / "host.json").read_text())["extra"]["session"]["acts"][0]["reason"] == "ad hoc in the room"
        finally:
            app.close()
            await us.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(host(), LIMIT))
