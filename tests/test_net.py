"""LAN play: a real server on 127.0.0.1 and real websocket clients.

Every test runs its own event loop with a time limit, so a hang fails fast.
"""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pytest
from websockets.asyncio.client import connect

from game.net.client import ClientError, GameClient, Refused
from game.net.protocol import MAX_FRAME, PROTOCOL
from game.net.server import MAX_SEATS, GameServer
from game.play.frames import on_screen
from game.scenario import load_scenario

LIMIT = 180  # seconds for any one test: a hang fails, a slow run on a busy machine (the suite runs on every core) does not


def run(coro):
    async def bounded():
        return await asyncio.wait_for(coro, LIMIT)

    return asyncio.run(bounded())


@pytest.fixture(scope="module")
def loaded():
    return load_scenario("winter-2021")


async def started(loaded, tmp_path, **kw):
    server = GameServer.new(loaded, seed=11, save_path=tmp_path / "host.json", **kw)
    host, port = await server.start("127.0.0.1", 0)
    return server, f"ws://{host}:{port}"


class Recorder(GameClient):
    """A client that keeps every frame it was sent (to look for leaks)."""

    def __init__(self, url, code, **options):
        super().__init__(url, code, **options)
        self.seen: list[dict] = []

    async def next_frame(self, timeout=None):
        frame = await super().next_frame(timeout)
        self.seen.append(frame)
        return frame


def mine(view: dict) -> dict:
    """A view's orders and whether they are sealed (without the host's acknowledgement number)."""
    return {"orders": view["orders"]["orders"], "sealed": view["orders"]["sealed"]}


async def join(url, code, cls=Recorder, **options):
    client = cls(url, code, **options)
    await client.connect(timeout=5)
    await client.next_view(timeout=5)
    return client


async def settle(client, turn: int):
    """Read views until one shows ``turn`` (or the game over)."""
    while True:
        view = client.view
        if view and (view["public"]["turn"] >= turn or view["public"]["over"]):
            return view
        await client.next_view(timeout=5)


async def settle_on(client, test, timeout: float = 5):
    """Read views until one passes ``test``."""
    while True:
        view = await client.next_view(timeout=timeout)
        if test(view):
            return view


async def drain(client):
    """Read what has already arrived."""
    while not client.frames.empty():
        try:
            await client.next_frame(timeout=0.01)
        except ClientError:
            return


def check_no_leaks(server, client: Recorder, truth_by_turn: dict[int, np.ndarray], private_texts: dict[str, set[str]]):
    """No frame to a role holds a value it may not see, or a private message between others."""
    rules, role = server.fac.rules, client.role
    r = rules.role_index(role)
    forbidden = set().union(*[texts for pair, texts in private_texts.items() if role not in pair.split(">")])
    assert client.seen
    estimates = on_truth = 0
    for frame in client.seen:
        text = json.dumps(frame)
        assert not any(t in text for t in forbidden), "another pair's private message leaked"
        if frame.get("type") != "view":
            continue
        assert frame["role"] == role
        turn = frame["public"]["turn"]
        for var in frame["observation"]["variables"]:
            v = rules.var_index[var["id"]]
            if rules.visible[r, v]:
                continue
            assert not var["exact"]
            if np.isnan(rules.noise[r, v]):
                assert var["value"] is None and var["low"] is None
            elif turn in truth_by_turn and var["value"] is not None:
                # sent at the precision a screen shows: an estimate may round to the truth now and then, not often
                estimates += 1
                on_truth += var["value"] == on_screen(float(truth_by_turn[turn][v]))
                assert var["value"] == on_screen(var["value"]), "an estimate is sent with more digits than a screen shows"
        for section in ([frame["report"]] if frame["report"] else []) + [{"entries": frame["control"]}]:
            for entry in section["entries"]:
                for change in entry["changes"]:
                    assert rules.visible[r, rules.var_index[change["var"]]]
        for message in frame["messages"]:
            assert message["to"] == "all" or role in (message["sender"], message["to"]) or message["leaked"]
    assert on_truth <= max(2, estimates // 10), f"{on_truth} of {estimates} estimates are the true value"


def check_projector(server, projector: Recorder, private_texts: set[str]):
    """The projector sees only what every role sees: no hidden variable, no private message."""
    rules = server.fac.rules
    everyone = {v.id for i, v in enumerate(rules.variables) if rules.visible[:, i].all()}
    views = [f for f in projector.seen if f["type"] == "public_view"]
    assert views and views[-1]["over"]
    for frame in views:
        text = json.dumps(frame)
        assert not any(t in text for t in private_texts)
        assert {v["id"] for v in frame["variables"]} == everyone
        for entry in frame["headlines"] + frame["control"]:
            assert all(c["var"] in everyone for c in entry["changes"])
            assert entry["kind"] not in ("drift", "dropped")


def test_full_game_by_three_clients_with_messages(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        clients = {role: await join(url, code) for role, code in server.codes.items() if role != "projector"}
        projector = await join(url, server.codes["projector"])
        truth = {1: server.fac.match.true_state.values[0].copy()}
        private: dict[str, set[str]] = {}
        policies = {role: server.fac.game.policies.get(role) for role in clients}  # None: every role is a person
        from game.ai import make_policy

        historical = {role: make_policy("historical", server.fac.rules, role) for role in clients}
        turn = 1
        while not server.fac.match.over:
            for a, b in (("us", "russia"), ("russia", "nato"), ("nato", "us")):
                text = f"secret {a}>{b} week {turn}"
                private.setdefault(f"{a}>{b}", set()).add(text)
                await clients[a].say(b, text)
            await clients["us"].say("all", f"public word week {turn}")
            for role, client in clients.items():
                ids = historical[role].choose_ids(server.fac.match.observe_batch(role))
                await client.orders(ids, seal=True, turn=turn)
            for client in clients.values():
                await settle(client, turn + 1)
            turn += 1
            truth[turn] = server.fac.match.true_state.values[0].copy()
        for client in [*clients.values(), projector]:
            await drain(client)
        check_projector(server, projector, set().union(*private.values()))
        assert not any(policies.values()) and all(c.view["public"]["over"] for c in clients.values())
        assert server.fac.match.ending == clients["us"].view["public"]["ending"]
        for client in clients.values():
            check_no_leaks(server, client, truth, private)
            mine = [m["text"] for m in client.view["messages"]]
            assert any(t.startswith(f"secret {client.role}>") for t in mine)
            assert any(t.startswith("public word") for t in mine)
        saved = json.loads((tmp_path / "host.json").read_text())
        assert len(saved["turns"]) == len(server.fac.match.reports)
        for client in clients.values():
            await client.close()
        await server.stop()

    run(main())


def test_a_wrong_code_is_refused_and_a_teams_code_admits_several_laptops_up_to_a_limit(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"], seat="Secretary of State")
        with pytest.raises(ClientError, match="wrong code"):
            await join(url, "not-a-code")
        second = await join(url, server.codes["us"])  # a second laptop of the same team, named by the host
        assert (us.welcome["seat"], second.welcome["seat"]) == ("Secretary of State", "laptop 1")
        others = [await join(url, server.codes["us"]) for _ in range(MAX_SEATS - 2)]
        with pytest.raises(ClientError, match=f"already has {MAX_SEATS} laptops"):
            await join(url, server.codes["us"])
        # any seat drafts; every seat of the team sees it
        await second.orders(["video_summit"], seal=False)
        view = await settle_on(us, lambda v: v["orders"]["orders"] == ["video_summit"])
        assert sorted(view["public"]["seats"]["us"]) == sorted(["Secretary of State", "laptop 1",
                                                                *[o.welcome["seat"] for o in others]])
        for client in [us, second, *others]:
            await client.close()
        await server.stop()

    run(main())


def test_impersonation_and_eavesdropping_fail(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        us, russia, nato = [await join(url, server.codes[r]) for r in ("us", "russia", "nato")]
        # NATO tries to speak as the US, to order a Russian action, and to read US-Russia talk
        await nato.send({"type": "say", "sender": "us", "to": "russia", "text": "nato pretending"})
        await nato.orders(["mass_troops"], seal=True)
        await us.say("russia", "only for moscow")
        await nato.send({"type": "hello", "protocol": PROTOCOL, "code": server.codes["russia"]})
        for _ in range(3):
            await nato.next_frame(timeout=5)
        await russia.next_view(timeout=5)
        await drain(nato)
        await drain(russia)
        said = [m for m in server.fac.session.messages() if m.text == "nato pretending"]
        assert said and said[0].sender == "nato"
        assert "nato" not in server.fac.match.sealed_roles
        assert any("already joined" in e for e in nato.errors) and any("no action" in e for e in nato.errors)
        assert not any("only for moscow" in json.dumps(f) for f in nato.seen)
        assert any(m["text"] == "only for moscow" for m in russia.view["messages"])
        truth = {1: server.fac.match.true_state.values[0].copy()}
        for client in (us, russia, nato):
            check_no_leaks(server, client, truth, {"us>russia": {"only for moscow"}})
        for c in (us, russia, nato):
            await c.close()
        await server.stop()

    run(main())


@pytest.mark.parametrize("frame,error", [
    ("not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"type": "launch"}', "unknown frame type"),
    ('{"type": "orders", "turn": "1", "orders": []}', "turn"),
    ('{"type": "orders", "turn": 1, "orders": [3]}', "action ids"),
    ('{"type": "orders", "turn": 5, "orders": []}', "out of turn"),
    ('{"type": "orders", "turn": 1, "orders": ["full_invasion"], "seal": true}', "no action"),
    ('{"type": "say", "to": "mars", "text": "hi"}', "unknown recipient"),
    ('{"type": "say", "to": "all", "text": "x", "statement": {"kind": "threat", "ref": "russia_no_membership"}}', "not one of"),
    ('{"type": "say", "to": 5}', "needs 'to'"),
    ('{"type": "say", "to": "all", "text": "lone \\ud800 surrogate"}', "Unicode"),  # no save could hold it
    ('{"type": "orders", "turn": 1, "orders": [], "seq": -3}', "'seq'"),
])
def test_malformed_frames_are_refused_without_effect(loaded, tmp_path, frame, error):
    async def main():
        server, url = await started(loaded, tmp_path)
        before = server.fac.match.true_state.values.copy(), len(server.fac.session.acts)
        us = await join(url, server.codes["us"])
        await us.ws.send(frame)
        reply = await us.next_frame(timeout=5)
        assert reply["type"] == "error" and not reply["fatal"] and error in reply["error"]
        assert (server.fac.match.true_state.values == before[0]).all() and len(server.fac.session.acts) == before[1]
        assert server.fac.match.sealed_roles == [] and server.fac.drafts == {}
        await us.send({"type": "ping"})
        assert (await us.next_frame(timeout=5))["type"] == "pong"
        await us.close()
        await server.stop()

    run(main())


def test_oversized_and_flooding_clients_are_cut_off_game_goes_on(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        russia = await join(url, server.codes["russia"])
        big = await join(url, server.codes["us"])
        await big.ws.send(json.dumps({"type": "say", "to": "all", "text": "x" * (MAX_FRAME + 10)}))
        with pytest.raises(ClientError):
            while True:
                await big.next_frame(timeout=5)
        assert big.ws.close_code == 1009
        flood = await join(url, server.codes["us"])
        with pytest.raises(ClientError, match="too many"):
            for _ in range(500):
                await flood.send({"type": "ping"})
            while True:
                await flood.next_frame(timeout=5)
        assert not [m for m in server.fac.session.messages() if "xxx" in m.text]
        # the other client plays on
        await russia.say("us", "still here")
        view = await russia.next_view(timeout=5)
        while not view["messages"]:
            view = await russia.next_view(timeout=5)
        assert [m["text"] for m in view["messages"]] == ["still here"]
        await russia.close()
        # the flooder's unread frames hold up its closing handshake: the host stops without waiting it out (10 s)
        await asyncio.wait_for(server.stop(), 5)

    run(main())


def test_no_hello_in_time_or_frames_before_hello(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr("game.net.server.HELLO_TIMEOUT", 0.3)

    async def main():
        server, url = await started(loaded, tmp_path)
        async with connect(url, proxy=None) as ws:
            await ws.send(json.dumps({"type": "orders", "turn": 1, "orders": []}))
            reply = json.loads(await ws.recv())
            assert reply["fatal"] and "hello" in reply["error"]
        async with connect(url, proxy=None) as ws:
            reply = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert reply["fatal"] and reply["error"] == "no hello"
        assert server.connections == {}
        await server.stop()

    run(main())


def test_dropped_client_rejoins_and_finds_its_orders(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"], reconnect_seconds=0)  # the team rejoins by hand here
        await us.orders(["video_summit", "consult_allies"])
        await us.next_view(timeout=5)
        us.ws.transport.abort()  # a dropped connection, not a polite close
        for _ in range(50):
            if "us" not in server.connections:
                break
            await asyncio.sleep(0.05)
        assert "us" not in server.connections
        again = await join(url, server.codes["us"])
        assert mine(again.view) == {"orders": ["video_summit", "consult_allies"], "sealed": False}
        await again.orders(["video_summit"], seal=True)
        view = await again.next_view(timeout=5)
        assert mine(view) == {"orders": ["video_summit"], "sealed": True}
        await again.close()
        await server.stop()

    run(main())


QUICK = {"reconnect_seconds": 10, "backoff": (0.05, 0.2)}  # reconnection at test speed


async def connected(server, role: str) -> None:
    """Wait until the host counts ``role`` as connected."""
    while role not in server.connections:
        await asyncio.sleep(0.02)


async def frames_until(client, kind: str) -> list[dict]:
    """The frames read up to and including the first of ``kind``."""
    frames = []
    while not frames or frames[-1]["type"] != kind:
        frames.append(await client.next_frame(timeout=5))
    return frames


def test_client_reconnects_by_itself_after_a_host_restart(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        port = int(url.rsplit(":", 1)[1])
        codes = dict(server.codes)
        us = await join(url, codes["us"], **QUICK)
        await us.orders(["video_summit"], seal=True)
        await us.next_view(timeout=5)
        await server.stop()  # the host goes away ...
        assert (await us.next_frame(timeout=5))["type"] == "reconnecting"
        await asyncio.sleep(0.3)  # a few attempts find nobody
        again = GameServer.resume(tmp_path / "host.json")
        await again.start("127.0.0.1", port)  # ... and is started again from its save
        frames = await frames_until(us, "reconnected")
        assert frames[-1]["attempt"] >= 2 and all(f["type"] == "reconnecting" for f in frames[:-1])
        view = await us.next_view(timeout=5)
        assert view["role"] == us.role == "us" and view["observation"]["role"] == "us"
        assert mine(view) == {"orders": ["video_summit"], "sealed": True}
        assert "us" in again.connections and us.attempt == 0 and us.reconnections == 1
        await us.orders(["consult_allies"], seal=True)  # and plays on
        assert mine(await us.next_view(timeout=5)) == {"orders": ["consult_allies"], "sealed": True}
        check_no_leaks(again, us, {}, {})
        await us.close()
        await again.stop()

    run(main())


def test_client_reconnects_when_the_host_drops_its_connection(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"], **QUICK)
        await us.orders(["video_summit", "consult_allies"])
        await us.next_view(timeout=5)
        server.connections["us"].transport.abort()  # a wifi blip, as the host sees it
        await frames_until(us, "reconnected")
        view = await us.next_view(timeout=5)
        assert mine(view) == {"orders": ["video_summit", "consult_allies"], "sealed": False}
        assert "us" in server.connections
        await us.close()
        await server.stop()

    run(main())


def test_a_seat_rejoining_under_its_name_takes_its_place_back(loaded, tmp_path):
    """After a blip the host may still hold the laptop's old connection: the rejoin under the same seat name
    replaces it at once (no waiting for the old one's pings to time out, no second seat)."""
    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"], seat="Secretary", **QUICK)
        await us.orders(["video_summit"])
        await us.next_view(timeout=5)
        old = server.seats[0]
        us.ws.transport.abort()  # the host does not know yet: its side of the connection looks alive
        await frames_until(us, "reconnected")
        view = await us.next_view(timeout=5)
        assert view["role"] == "us" and view["seat"] == "Secretary" and view["orders"]["orders"] == ["video_summit"]
        assert old not in server.seats and [s.name for s in server.seats] == ["Secretary"]
        await us.close()
        await server.stop()

    run(main())


def test_a_refused_code_is_not_retried(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        port = int(url.rsplit(":", 1)[1])
        stranger = GameClient(url, "not-a-code", **QUICK)
        with pytest.raises(Refused, match="wrong code"):
            await stranger.connect(timeout=5)
        assert stranger.attempt == 0 and stranger._reader is None
        us = await join(url, server.codes["us"], **QUICK)
        # The client's first attempt must meet the other host, not a closed port: without this hold it
        # comes after the first wait (50 ms), and a loaded machine can take longer to build the other
        # game, so attempt 1 found nobody and attempt 2 was refused (a count of two, not a retry).
        listening = asyncio.Event()
        join_now = us._join

        async def join_once_the_other_host_listens(timeout: float) -> dict:
            await listening.wait()
            return await join_now(timeout)

        us._join = join_once_the_other_host_listens
        await server.stop()
        other = GameServer.new(loaded, seed=12, save_path=tmp_path / "other.json")  # another game: other codes
        await other.start("127.0.0.1", port)
        listening.set()
        with pytest.raises(ClientError, match="wrong code"):
            while True:
                await us.next_frame(timeout=5)
        assert [f["attempt"] for f in us.seen if f["type"] == "reconnecting"] == [1]
        assert us.refused and us._reader.done()
        await us.close()
        await other.stop()

    run(main())


def test_a_deliberate_close_is_not_retried(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"], **QUICK)
        await us.close()
        await asyncio.sleep(0.3)  # longer than the first wait between attempts
        assert us.attempt == 0 and "us" not in server.connections
        await server.stop()

    run(main())


def test_the_client_gives_up_after_its_time_limit(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"], reconnect_seconds=0.6, backoff=(0.05, 0.2))
        await server.stop()
        started_at = asyncio.get_running_loop().time()
        with pytest.raises(ClientError, match="gave up reconnecting") as caught:
            while True:
                await us.next_frame(timeout=5)
        assert asyncio.get_running_loop().time() - started_at < 3
        assert "attempts in 0.6 s" in str(caught.value)
        assert len([f for f in us.seen if f["type"] == "reconnecting"]) >= 3
        await us.close()

    run(main())


def test_server_restart_mid_game_resumes(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path, ai={"nato": "historical"})
        codes = dict(server.codes)
        assert set(codes) == {"us", "russia", "projector"}
        us, russia = await join(url, codes["us"]), await join(url, codes["russia"])
        await us.say("russia", "before the restart")
        await us.orders(["video_summit"], seal=True)
        await russia.orders(["mass_troops"], seal=True)
        await settle(us, 2)
        await us.orders(["consult_allies"], seal=True, turn=2)
        await russia.orders(["drills_belarus"], seal=False, turn=2)
        await us.next_view(timeout=5)
        values = server.fac.match.true_state.values.copy()
        for c in (us, russia):
            await c.close()
        await server.stop()

        again = GameServer.resume(tmp_path / "host.json")
        host, port = await again.start("127.0.0.1", 0)
        url = f"ws://{host}:{port}"
        assert again.codes == codes and again.fac.match.turn == 2
        assert (again.fac.match.true_state.values == values).all()
        us, russia = await join(url, codes["us"]), await join(url, codes["russia"])
        assert mine(us.view) == {"orders": ["consult_allies"], "sealed": True}
        assert mine(russia.view) == {"orders": ["drills_belarus"], "sealed": False}
        assert [m["text"] for m in russia.view["messages"]] == ["before the restart"]
        await russia.orders(["drills_belarus"], seal=True, turn=2)
        view = await settle(us, 3)
        assert view["public"]["turn"] == 3
        for c in (us, russia):
            await c.close()
        await again.stop()

    run(main())


def test_projector_only_listens(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path)
        projector = await join(url, server.codes["projector"])
        assert projector.role == "projector" and projector.view["type"] == "public_view"
        await projector.orders(["video_summit"], seal=True)
        await projector.say("all", "the projector speaks")
        await projector.next_frame(timeout=5)
        await projector.next_frame(timeout=5)
        assert projector.errors == ["the projector only shows the game"] * 2
        assert server.fac.session.acts == [] and server.fac.match.sealed_roles == []
        await projector.close()
        await server.stop()

    run(main())


@pytest.mark.parametrize("seal, inbox", [("seal", "msgs"), ("done", "inbox")],
                         ids=["the LAN client's words", "the local terminal's words"])
def test_terminal_client_plays_a_turn(loaded, tmp_path, seal, inbox):
    import time

    from rich.console import Console

    from game.text.lan import run_terminal

    async def main():
        server, url = await started(loaded, tmp_path, ai={"russia": "historical", "nato": "historical"})
        script = iter(["help", "1", "say russia hello from the terminal", inbox, seal, "bogus", "quit"])

        def read_line():
            time.sleep(0.2)
            line = next(script, None)
            return "" if line is None else line + "\n"

        console = Console(record=True, width=100)
        code = await run_terminal(url, server.codes["us"], console, read_line=read_line)
        out = console.export_text()
        first = server.fac.match.orders_log[0]["us"]
        assert code == 1 and len(first) == 1
        assert "Joined" in out and "unknown command 'bogus'" in out and "Commands:" in out
        assert f"unknown command '{inbox}'" not in out and "us → russia: hello from the terminal" in out
        said = server.fac.session.messages()
        assert [m.text for m in said][:1] == ["hello from the terminal"]
        assert [(m.sender, m.to) for m in said[1:]] == [("russia", "us")]  # the AI answers over the LAN too
        await server.stop()

    run(main())


def test_terminal_client_reconnects_and_plays_on(loaded, tmp_path):
    import threading

    from rich.console import Console

    from game.text.lan import run_terminal

    async def main():
        server, url = await started(loaded, tmp_path)
        back = threading.Event()
        script = iter(["1", "seal", "quit"])

        def read_line():
            back.wait(10)  # the player types once the connection is back
            line = next(script, None)
            return "" if line is None else line + "\n"

        async def blip():
            await connected(server, "us")
            server.connections["us"].transport.abort()
            await asyncio.sleep(0.1)
            await connected(server, "us")
            back.set()

        console = Console(record=True, width=100)
        code, _ = await asyncio.gather(run_terminal(url, server.codes["us"], console, read_line=read_line, **QUICK), blip())
        out = console.export_text()
        assert code == 1  # quit
        assert "Connection lost; reconnecting (attempt 1)..." in out and "Reconnected." in out
        assert out.count("Your orders (") >= 2  # the view again, in full, once back
        assert len(server.fac.match.sealed_orders("us")) == 1
        await server.stop()

    run(main())


def test_terminal_client_says_when_it_gives_up(loaded, tmp_path):
    import threading

    from rich.console import Console

    from game.text.lan import run_terminal

    async def main():
        server, url = await started(loaded, tmp_path)
        never = threading.Event()

        async def host_goes():
            await connected(server, "us")
            await server.stop()

        console = Console(record=True, width=200)
        code, _ = await asyncio.gather(run_terminal(url, server.codes["us"], console, read_line=lambda: never.wait(10) and "",
                                                    reconnect_seconds=0.5, backoff=(0.05, 0.1)), host_goes())
        never.set()
        out = console.export_text()
        assert code == 1 and "reconnecting (attempt 2)" in out
        assert "gave up reconnecting" in out and "Run the same brink join command" in out

    run(main())


def test_facilitator_console_on_the_host(loaded, tmp_path):
    from rich.console import Console

    from game.play.facilitator import FacilitatorError
    from game.text.facilitator import FacilitatorConsole

    async def main():
        server, url = await started(loaded, tmp_path, ai={"nato": "historical"})
        us, russia = await join(url, server.codes["us"]), await join(url, server.codes["russia"])
        out = Console(record=True, width=120)

        def no_keyboard(prompt):
            raise FacilitatorError("in a LAN game each team plays from its own machine")

        console = FacilitatorConsole(server.fac, out, ask=no_keyboard)
        await us.say("russia", "a private word")
        await server.control(console, 'inject "Gas pipeline blast" nato_cohesion=-4 -- ad hoc')
        view = await us.next_view(timeout=5)
        while not view["control"]:
            view = await us.next_view(timeout=5)
        assert view["control"][0]["headline"] == "Gas pipeline blast"
        await server.control(console, "set invasion_readiness 77 ruled in the room")
        await server.control(console, "team us")
        await server.control(console, "msgs")
        await server.control(console, "order us video_summit")
        await server.control(console, "end")
        assert server.fac.match.turn == 2 and server.fac.match.orders_log[0]["us"] == ["video_summit"]
        await settle(russia, 2)
        await drain(us)
        text = out.export_text()
        assert "each team plays from its own machine" in text and "a private word" in text
        # the override of a hidden variable was not announced to the US
        assert not any("Invasion readiness to 77" in json.dumps(f) for f in us.seen)
        await server.control(console, "rollback 1")
        assert server.fac.match.turn == 1
        for c in (us, russia):
            await c.close()
        await server.stop()

    run(main())


def white_cell(server):
    """The facilitator console of the host, recording what it prints."""
    from rich.console import Console

    from game.play.facilitator import FacilitatorError
    from game.text.facilitator import FacilitatorConsole

    def no_keyboard(prompt):
        raise FacilitatorError("in a LAN game each team plays from its own machine")

    return FacilitatorConsole(server.fac, Console(record=True, width=160), ask=no_keyboard)


def test_the_clock_waits_for_start_then_runs_out_on_the_host(loaded, tmp_path):
    async def main():
        server, url = await started(loaded, tmp_path, ai={"nato": "historical"}, turn_seconds=0.6)
        us, russia = await join(url, server.codes["us"]), await join(url, server.codes["russia"])
        await us.orders(["video_summit"], seal=False)
        await asyncio.sleep(0.8)  # longer than the turn: the teams are still typing codes
        view = await settle_on(russia, lambda v: v["public"]["turn"] == 1)
        assert server.fac.match.turn == 1 and view["public"]["clock_state"]["state"] == "waiting"
        await server.control(white_cell(server), "start")
        view = await settle(russia, 2)
        assert view["public"]["turn"] == 2
        assert server.fac.match.orders_log[0]["us"] == ["video_summit"]  # its draft stood
        assert server.fac.match.orders_log[0]["russia"] == []
        for c in (us, russia):
            await c.close()
        await server.stop()

    run(main())


def test_message_limit_per_week(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr("game.net.server.MAX_MESSAGES_PER_TURN", 3)

    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"])
        for i in range(5):
            await us.say("russia", f"note {i}")
        while len(us.errors) < 2:
            await us.next_frame(timeout=5)
        assert len(server.fac.session.messages()) == 3 and "messages this week" in us.errors[0]
        await us.close()
        await server.stop()

    run(main())


@pytest.mark.parametrize("args,error", [
    (["--ai", "us=random", "--ai", "russia=random", "--ai", "nato=random"], "nobody can join"),
    (["--port", "70000"], "--port"),
    (["no-such-scenario"], ""),
])
def test_host_command_errors(tmp_path, capsys, args, error):
    from game.cli import main

    save = tmp_path / "h.json"
    assert main(["host", *args, "--save", str(save)]) in (1, 2)
    assert error in capsys.readouterr().err and not save.exists()


def test_host_refuses_to_resume_a_save_it_did_not_write(rules, tmp_path, capsys):
    from game.cli import main
    from game.play.saves import write_save

    save = tmp_path / "plain.json"
    write_save(save, __import__("game.engine.match", fromlist=["Match"]).Match(rules, 1), {})
    assert main(["host", "--save", str(save)]) == 2
    assert "not a save written by 'brink host'" in capsys.readouterr().err


def test_a_view_sent_before_the_host_took_our_orders_does_not_undo_them(loaded, tmp_path):
    """The cause of a race the terminal client had: a view already on its way when the player
    changes a draft carries the old orders; it must not replace the draft (else 'seal' seals [])."""

    async def main():
        server, url = await started(loaded, tmp_path)
        us = await join(url, server.codes["us"])
        stale = us.view  # the host's view before any orders
        await us.orders(["video_summit"])
        assert stale["orders"]["seq"] == 0 and stale["orders"]["orders"] == []
        assert us.my_orders(stale) == (["video_summit"], False)  # ours, not the stale view's
        fresh = await us.next_view(timeout=5)
        while fresh["orders"]["seq"] < 1:
            fresh = await us.next_view(timeout=5)
        assert us.my_orders(fresh) == (["video_summit"], False) and fresh["orders"]["orders"] == ["video_summit"]
        # the host's word counts once it has seen our last orders (here: control clears them)
        server.fac.draft("us", [])
        assert us.my_orders(server.view("us")) == ([], False)
        await us.close()
        await server.stop()

    run(main())
