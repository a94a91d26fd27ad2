"""A seminar host that a room of thirty can trust: every hostile and fault case against a real host on
127.0.0.1 with real clients (issue 14). Each test runs its own event loop with a time limit."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import stat

import pytest
from test_net import Recorder, join, run, settle, settle_on, white_cell
from websockets.asyncio.client import connect

from game.net import server as server_module
from game.net.client import ClientError
from game.net.server import SAY_BURST, WRONG_CODES, GameServer
from game.play.frames import MESSAGE_BUDGET, on_screen
from game.play.saves import read_save
from game.scenario import load_scenario

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def loaded():
    return load_scenario("winter-2021")


async def hosted(loaded, tmp_path, **kw):
    logs: list[str] = []
    server = GameServer.new(loaded, seed=11, save_path=tmp_path / "host.json", log=logs.append,
                            ai=kw.pop("ai", {"nato": "historical"}), **kw)
    host, port = await server.start("127.0.0.1", 0)
    return server, f"ws://{host}:{port}", logs


async def raw(url: str, hello: dict | None = None):
    """A websocket of our own: it says what we like and reads only when asked."""
    ws = await connect(url, compression=None, max_size=None)
    if hello is not None:
        await ws.send(json.dumps({"type": "hello", "protocol": 1, **hello}))
    return ws


async def close_all(server, *clients):
    for client in clients:
        await client.close()
    await server.stop()


# -- secrets stay secret ---------------------------------------------------------------------------
def test_a_new_seed_has_63_random_bits_and_the_host_never_prints_it(loaded, tmp_path, capsys):
    from game.commands.host import start
    from game.commands.play import pick_seed

    seeds = {pick_seed(None) for _ in range(8)}
    assert len(seeds) == 8 and max(seeds) > 2**40 and all(0 <= s < 2**63 for s in seeds)

    async def main():
        server = GameServer.new(loaded, seed=pick_seed(None), save_path=tmp_path / "host.json")
        lines = await start(server, "127.0.0.1", 0)
        await server.stop()
        return server, lines

    server, lines = run(main())
    printed = capsys.readouterr().out
    assert str(server.fac.match.seed) not in printed and str(server.fac.match.seed) not in "\n".join(lines)
    assert "brink join" in printed


def test_estimates_reach_a_team_at_the_precision_its_screen_shows(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        us = await join(url, server.codes["us"])
        rules, obs = server.fac.rules, server.fac.match.observe("us")
        sent = {v["id"]: v for v in us.view["observation"]["variables"]}
        estimates = [v for v in obs.variables if not v.exact and v.value is not None]
        assert estimates
        for v in estimates:
            assert sent[v.id]["value"] == on_screen(v.value) != v.value
            assert sent[v.id]["low"] == on_screen(v.low) and sent[v.id]["high"] == on_screen(v.high)
        assert "seed" not in json.dumps(us.view)
        await close_all(server, us)
        assert rules

    run(main())


# -- a host that never stops -------------------------------------------------------------------------
@pytest.mark.parametrize("text, error", [
    ("junk \\ud800 junk", "not valid Unicode"),
    ("clear the screen \\u001b[2J", "control characters"),
    ("a C1 control \\u009b", "control characters"),
])
def test_a_hostile_message_is_refused_when_read_and_saving_and_the_room_go_on(loaded, tmp_path, text, error):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        us, russia = await join(url, server.codes["us"]), await join(url, server.codes["russia"])
        ws = await raw(url, {"code": server.codes["us"], "seat": "hostile"})
        await ws.recv(), await ws.recv()  # welcome, view
        await ws.send('{"type": "say", "to": "all", "text": "' + text + '"}')
        refused = json.loads(await asyncio.wait_for(ws.recv(), 5))
        while refused["type"] != "error":
            refused = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert error in refused["error"] and not refused["fatal"]
        await russia.say("all", "still here")
        view = await settle_on(us, lambda v: any(m["text"] == "still here" for m in v["messages"]))
        assert view and russia.attempt == 0 and us.attempt == 0
        acts = read_save(tmp_path / "host.json").acts
        assert [a.message.text for a in acts if a.kind == "message"] == ["still here"]
        await ws.close()
        await close_all(server, us, russia)

    run(main())


def test_a_laptop_that_stops_reading_is_dropped_and_delays_nobody(loaded, tmp_path):
    async def main():
        server, url, logs = await hosted(loaded, tmp_path)
        us = await join(url, server.codes["us"])
        lid_shut = await raw(url, {"code": server.codes["russia"], "seat": "lid shut"})
        await lid_shut.recv()
        seat = next(s for s in server.seats if s.name == "lid shut")
        # Small socket buffers on both sides, so a few views fill them (a real laptop takes longer, no matter)
        seat.ws.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        seat.ws.transport.set_write_buffer_limits(high=4096)
        lid_shut.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        lid_shut.transport.pause_reading()
        loop = asyncio.get_running_loop()
        slowest = 0.0
        for i in range(12):
            ids = ["video_summit"] if i % 2 else []
            started = loop.time()
            if i < 9:  # views go as what changed: news for Russia fills its buffers (a draft of ours would not)
                await us.say("all", f"{i}: " + "\U0001d11e" * 1990)  # 4 bytes a character
            await us.orders(ids)
            await settle_on(us, lambda v, ids=ids: v["orders"]["orders"] == ids and v["orders"]["seq"] == us.sent_seq)
            slowest = max(slowest, loop.time() - started)
            await asyncio.sleep(0.2)
        assert slowest < 1.0, f"a team waited {slowest:.1f} s for its view"
        for _ in range(40):  # dropped about 2 s after its buffers filled
            if seat not in server.seats:
                break
            await asyncio.sleep(0.1)
        assert seat not in server.seats and any("lid shut" in line and "dropped" in line for line in logs)
        lid_shut.transport.abort()
        await close_all(server, us)

    run(main())


def test_a_chatty_room_still_gets_its_views_within_budget_and_older_messages_on_request(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        session = server.fac.session
        for i in range(300):  # far past what fits in one frame
            session.say("russia" if i % 2 else "us", "all", f"{i:03d} " + "x" * 1990)
        us = Recorder(url, server.codes["us"])
        await us.connect(timeout=5)
        view = await us.next_view(timeout=5)
        size = len(json.dumps(view))
        assert size < 4 * 64 * 1024 and len(json.dumps(view["messages"], separators=(",", ":"))) <= MESSAGE_BUDGET
        assert view["messages"][-1]["text"].startswith("299") and view["messages_before"] > 200
        oldest = view["messages"][0]["id"]
        await us.history(oldest, limit=20)
        page = await wait_for_type(us, "history_page")
        assert len(page["messages"]) == 20 and page["messages"][-1]["id"] < oldest
        assert page["messages_before"] == view["messages_before"] - 20
        projector = await join(url, server.codes["projector"])
        assert projector.view["messages_before"] > 200
        await close_all(server, us, projector)

    run(main())


async def wait_for_type(client, kind: str):
    while True:
        frame = await client.next_frame(timeout=5)
        if frame["type"] == kind:
            return frame


def test_a_team_that_floods_is_limited_per_team_across_reconnects_and_purged_in_one_act(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        projector = await join(url, server.codes["projector"])
        for attempt in range(3):  # each reconnect gets no fresh burst
            flood = await raw(url, {"code": server.codes["us"], "seat": f"flood {attempt}"})
            for i in range(40):
                await flood.send(json.dumps({"type": "say", "to": "all", "text": f"junk {attempt}.{i}"}))
            await asyncio.sleep(0.05)
            flood.transport.abort()
        await asyncio.sleep(0.2)
        junk = [m for m in server.fac.session.messages() if m.text.startswith("junk")]
        assert 0 < len(junk) <= SAY_BURST + 2
        console = white_cell(server)
        await server.control(console, "purge us a flood of junk in the room")
        view = await settle_on(projector, lambda v: not any(m["text"].startswith("junk") for m in v["messages"]))
        assert view and "Recorded act" in console.console.export_text()
        await close_all(server, projector)

    run(main())


def test_a_host_out_of_connections_refuses_new_ones_with_a_message_and_the_game_goes_on(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(server_module, "HELLO_TIMEOUT", 0.6)

    async def main():
        server, url, logs = await hosted(loaded, tmp_path, max_connections=5)
        us = await join(url, server.codes["us"])
        idle = [await raw(url) for _ in range(4)]  # connections that never say hello
        with pytest.raises(ClientError, match="host is full"):
            await join(url, server.codes["russia"])
        await us.orders(["video_summit"])
        await settle_on(us, lambda v: v["orders"]["orders"] == ["video_summit"])
        await asyncio.sleep(0.8)  # the idle ones are closed for want of a hello
        russia = await join(url, server.codes["russia"])
        assert russia.view["role"] == "russia" and any("host is full" in line for line in logs)
        for ws in idle:
            ws.transport.abort()
        await close_all(server, us, russia)

    run(main())


def test_wrong_codes_are_logged_and_refused_per_address(loaded, tmp_path):
    async def main():
        server, url, logs = await hosted(loaded, tmp_path)
        for i in range(WRONG_CODES):
            with pytest.raises(ClientError, match="wrong code"):
                await join(url, f"guess{i}")
        with pytest.raises(ClientError, match="too many wrong codes"):
            await join(url, server.codes["us"])  # even the right one, for a minute
        assert sum("wrong code from 127.0.0.1" in line for line in logs) == WRONG_CODES
        assert "guess" not in "\n".join(logs)
        server.now = lambda: 1e9  # a minute later
        us = await join(url, server.codes["us"])
        await close_all(server, us)

    run(main())


def test_a_failed_save_is_reported_and_retried_while_the_game_goes_on(loaded, tmp_path, monkeypatch):
    from game.play.session import Session

    monkeypatch.setattr(server_module, "SAVE_RETRY_SECONDS", 0.2)
    real_save, failing = Session.save, [True]

    def save(self, path):
        if failing[0]:
            raise OSError(28, "No space left on device")
        real_save(self, path)

    monkeypatch.setattr(Session, "save", save)

    async def main():
        server, url, logs = await hosted(loaded, tmp_path)
        us = await join(url, server.codes["us"])
        await us.orders(["video_summit"])
        await settle_on(us, lambda v: v["orders"]["orders"] == ["video_summit"])
        assert any("No space left on device" in line for line in logs)
        failing[0] = False
        for _ in range(40):
            await asyncio.sleep(0.05)
            if any("Saved again" in line for line in logs):
                break
        assert read_save(tmp_path / "host.json").extra.lan.drafts["us"] == ["video_summit"]
        await close_all(server, us)

    run(main())


# -- one clock -------------------------------------------------------------------------------------------
def test_every_frame_carries_the_hosts_clock_and_a_pause_stops_every_screen(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path, turn_seconds=600)
        us, projector = await join(url, server.codes["us"]), await join(url, server.codes["projector"])
        console = white_cell(server)
        await server.control(console, "start")
        view = await settle_on(us, lambda v: v["public"]["clock_state"]["state"] == "running")
        assert 590 < view["public"]["clock_state"]["left"] <= 600 and view["public"]["clock_state"]["server_time"] > 1e9
        await server.control(console, "pause")
        view = await settle_on(us, lambda v: v["public"]["clock_state"]["state"] == "paused")
        public = await settle_on(projector, lambda v: v["clock_state"]["state"] == "paused")
        assert public["clock_state"]["left"] == view["public"]["clock_state"]["left"]
        await us.send({"type": "ping"})
        pong = await wait_for_type(us, "pong")
        assert pong["clock_state"]["state"] == "paused" and pong["clock_state"]["left"] == public["clock_state"]["left"]
        # the pause outlives the week
        await server.control(console, "end")
        view = await settle(us, 2)
        assert view["public"]["clock_state"]["state"] == "paused" and view["public"]["clock_state"]["left"] == 600
        await close_all(server, us, projector)

    run(main())


def test_the_clock_and_standing_orders_survive_a_restart_and_the_command_line_does_not_override_them(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path, turn_seconds=600)
        console = white_cell(server)
        for line in ("length 900", "start", "extend 30", "standing us video_summit", "pause"):
            await server.control(console, line)
        left = server.fac.clock.remaining()
        await server.stop()  # kill -9 loses nothing more: every change was saved
        again = GameServer.resume(tmp_path / "host.json", turn_seconds=600)
        clock = again.fac.clock
        assert clock.default_seconds == 900 and clock.state == "waiting" and abs(clock.remaining() - left) < 0.5
        assert again.fac.standing == {"us": ["video_summit"]}
        assert any("--turn-seconds 600 is not used" in n for n in again.notices)
        assert any("waits for Start" in n for n in again.notices)

    run(main())


# -- seats for whole teams -------------------------------------------------------------------------------
def test_a_team_channel_an_observer_seat_and_a_chosen_sealer(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        secretary = await join(url, server.codes["us"], seat="Secretary")
        adviser = await join(url, server.codes["us"], seat="Adviser")
        russia = await join(url, server.codes["russia"])
        console = white_cell(server)
        await server.control(console, "observer us")
        observer = await join(url, server.observer_code("us"))
        assert observer.welcome["kind"] == "observer" and observer.welcome["role"] == "us"
        await adviser.say("team", "only for us: hold the line")
        view = await settle_on(secretary, lambda v: any(m["text"].startswith("only for us") for m in v["messages"]))
        said = next(m for m in view["messages"] if m["text"].startswith("only for us"))
        assert said["to"] == "us" and said["seat"] == "Adviser"
        await settle_on(observer, lambda v: any(m["text"].startswith("only for us") for m in v["messages"]))
        await observer.orders(["video_summit"], seal=True)
        refused = await wait_for_type(observer, "error")
        assert "only watches" in refused["error"] and "us" not in server.fac.match.sealed_roles
        await secretary.choose_sealer("Secretary")
        await settle_on(adviser, lambda v: v["orders"]["sealer"] == "Secretary")
        await adviser.orders(["video_summit"], seal=True)
        refused = await wait_for_type(adviser, "error")
        assert "chosen Secretary to seal" in refused["error"]
        await secretary.orders(["video_summit"], seal=True)
        await settle_on(adviser, lambda v: v["orders"]["sealed"])
        await drain_all(russia)
        assert not any("only for us" in json.dumps(f) for f in russia.seen)
        await close_all(server, secretary, adviser, russia, observer)

    run(main())


async def drain_all(client):
    while not client.frames.empty():
        await client.next_frame(timeout=0.1)


def test_the_white_cell_kicks_a_seat_rotates_and_revokes_codes(loaded, tmp_path):
    async def main():
        server, url, logs = await hosted(loaded, tmp_path)
        console = white_cell(server)
        us = await join(url, server.codes["us"], seat="Secretary")
        stray = await join(url, server.codes["us"], seat="stray laptop")
        await server.control(console, "seats")
        assert "stray laptop (127.0.0.1)" in console.console.export_text()
        await server.control(console, "kick us stray laptop")
        with pytest.raises(ClientError, match="white cell closed this seat"):
            while True:
                await stray.next_frame(timeout=5)
        old = server.codes["us"]
        await server.control(console, "rotate us")
        assert server.codes["us"] != old and server.codes["us"] in console.console.export_text()
        with pytest.raises(ClientError, match="new code"):
            while True:
                await us.next_frame(timeout=5)
        with pytest.raises(ClientError, match="wrong code"):
            await join(url, old)
        again = await join(url, server.codes["us"])
        await server.control(console, "revoke russia")
        assert read_save(tmp_path / "host.json").extra.lan.codes["russia"] == ""
        await close_all(server, again, us, stray)

    run(main())


def test_join_slips_hold_the_address_the_code_and_a_qr_code_and_are_private(loaded, tmp_path):
    from game.net.room import write_slips

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        path = write_slips(server, tmp_path / "slips.html", say=lambda *a, **k: None)
        html = path.read_text()
        port = server.addresses[1]
        for role in ("us", "russia"):
            assert f"http://127.0.0.1:{port}/?code={server.codes[role]}" in html
        assert html.count("<svg") == len(server.codes) and html.count('class="slip"') == len(server.codes)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        await server.stop()

    run(main())


# -- network ---------------------------------------------------------------------------------------------
def test_a_room_pin_is_required_and_the_save_holding_the_codes_is_private(loaded, tmp_path):
    async def main():
        server, url, logs = await hosted(loaded, tmp_path, pin="4711")
        with pytest.raises(ClientError, match="wrong room PIN"):
            await join(url, server.codes["us"])
        us = await join(url, server.codes["us"], pin="4711")
        assert us.view["role"] == "us"
        assert stat.S_IMODE(os.stat(tmp_path / "host.json").st_mode) == 0o600
        await close_all(server, us)

    run(main())


def test_the_host_says_which_addresses_it_listens_on(loaded, tmp_path, capsys):
    from game.commands.host import reachable_addresses

    assert reachable_addresses("127.0.0.1", "127.0.0.1") == ["127.0.0.1"]
    every = reachable_addresses("0.0.0.0", "0.0.0.0")
    assert every and "127.0.0.1" in every and "0.0.0.0" not in every


# -- the record keeps everything ---------------------------------------------------------------------------
def test_a_rollback_keeps_the_abandoned_weeks_in_the_save(loaded, tmp_path):
    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        console = white_cell(server)
        us, russia = await join(url, server.codes["us"]), await join(url, server.codes["russia"])
        await us.say("russia", "a word in week 1")
        await us.orders(["video_summit"], seal=True)
        await russia.orders([], seal=True)
        await settle(us, 2)
        await server.control(console, "rollback 1 the summit was misread by the room")
        save = read_save(tmp_path / "host.json")
        assert save.turns == [] and len(save.extra.rolled_back) == 1
        gone = save.extra.rolled_back[0]
        assert (gone.from_turn, gone.to_turn, gone.reason) == (2, 1, "the summit was misread by the room")
        assert gone.turns[0]["us"] == ["video_summit"]
        assert any(a.kind == "message" and a.message.text == "a word in week 1" for a in gone.acts)
        assert server.fac.clock.state in ("off", "waiting")
        await close_all(server, us, russia)

    run(main())
