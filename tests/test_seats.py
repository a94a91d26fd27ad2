"""Seats for whole teams and the terminal faces (issue 14): the white cell's assistant, `brink join`'s
seat and PIN, views that carry what changed, against a real host on 127.0.0.1 with real clients."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console
from test_net import run
from test_seminar_host import close_all, hosted

from game.cli import build_parser

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def loaded():
    from game.scenario import load_scenario

    return load_scenario("winter-2021")


def scripted(lines: list[str], pause: float = 0.3, until: threading.Event | None = None):
    """A keyboard that types ``lines`` one by one, then (optionally) waits for ``until`` and ends the input."""
    script = iter(lines)

    def read_line() -> str:
        time.sleep(pause)
        line = next(script, None)
        if line is None:
            if until is not None:
                until.wait(20)
            return ""
        return line + "\n"

    return read_line


# -- brink join --seat --pin -----------------------------------------------------------------------------
def test_join_takes_a_seat_name_and_the_rooms_pin_on_the_command_line():
    args = build_parser().parse_args(["join", "127.0.0.1:8765", "--code", "abc", "--seat", "Secretary of State",
                                      "--pin", "4711", "--text"])
    assert (args.seat, args.pin) == ("Secretary of State", "4711")


def test_the_terminal_client_joins_a_pin_room_under_its_seat_name(loaded, tmp_path):
    from game.text.lan import run_terminal

    async def main():
        server, url, logs = await hosted(loaded, tmp_path, pin="4711")
        console = Console(record=True, width=100)
        seen: list[list[str]] = []

        def read_line():
            seen.append(server.seat_names().get("us", []))
            time.sleep(0.3)
            return "quit\n"

        code = await run_terminal(url, server.codes["us"], console, read_line=read_line, seat="Secretary of State",
                                  pin="4711")
        assert code == 1 and ["Secretary of State"] in seen
        assert "(Secretary of State)" in console.export_text()
        refused = Console(record=True, width=100)
        with pytest.raises(Exception, match="wrong room PIN"):
            await run_terminal(url, server.codes["us"], refused, read_line=read_line, seat="x", pin="0000")
        await close_all(server)

    run(main())


# -- one clock on every screen ------------------------------------------------------------------------------
def test_the_projector_screen_shows_the_hosts_clock_and_stands_still_when_it_is_paused(tmp_path, monkeypatch):
    import asyncio

    from test_ui_lan import LIMIT, joined, pump

    from game.ui.projector import ProjectorPainter, clock_of

    drawn: list[dict] = []
    real = ProjectorPainter.draw
    monkeypatch.setattr(ProjectorPainter, "draw", lambda self, surface, view: (drawn.append(view), real(self, surface, view)))

    async def watch():
        app, server, client = await joined(tmp_path, monkeypatch, "projector", {"nato": "historical"})
        try:
            server.fac.clock.default_seconds = 600
            server.fac.clock.start(1)
            server.fac.clock.resume()
            server.fac.clock.pause()
            server.fac.clock.set_remaining(64)
            server.publish()
            await pump(app, lambda: bool(drawn) and clock_of(drawn[-1]) == ("1:04", "paused"))
            before = len(drawn)
            await asyncio.sleep(1.2)  # a paused clock does not count down on the screen
            await pump(app, lambda: len(drawn) > before + 5)
            assert clock_of(drawn[-1]) == ("1:04", "paused")
            server.fac.clock.resume()
            server.publish()
            await pump(app, lambda: clock_of(drawn[-1])[1] == "running")
        finally:
            app.close()
            await client.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(watch(), LIMIT))


# -- the terminal faces ---------------------------------------------------------------------------------------
def test_the_facilitator_console_on_the_host_shows_messages_and_orders_live(loaded, tmp_path):
    from test_net import join, white_cell

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        console = white_cell(server)
        us = await join(url, server.codes["us"], seat="Secretary")
        russia = await join(url, server.codes["russia"])
        await us.say("russia", "Geneva on Monday?")
        await russia.say("all", "No NATO membership for Kyiv.", {"kind": "red_line", "ref": next(t.id for t in server.fac.rules.threats
                                                                       if t.kind == "red_line" and t.by == 1)})
        await us.orders(["video_summit"])
        await us.orders(["video_summit"], seal=True)
        text = ""
        for _ in range(100):
            text = console.console.export_text(clear=False)
            if "us sealed" in text:
                break
            await asyncio.sleep(0.05)
        assert "✉ (Secretary) week 1 · us → russia: Geneva on Monday?" in text
        assert "⚑ statement" in text and "russia → all" in text
        summit = next(a.label for a in server.fac.rules.actions if a.id == "video_summit")
        assert f"us drafts: {summit}" in text and f"✔ us sealed: {summit}" in text
        await close_all(server, us, russia)

    import asyncio

    run(main())


def test_the_terminal_client_shows_statements_apart_leaks_drift_and_a_proper_ending(loaded, tmp_path):
    import asyncio

    from test_net import join, white_cell

    from game.text.lan import run_terminal

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        console = white_cell(server)
        out = Console(record=True, width=220)
        done = threading.Event()
        terminal = asyncio.ensure_future(run_terminal(url, server.codes["us"], out, read_line=scripted([], until=done)))
        russia = await join(url, server.codes["russia"])
        while "us" not in server.seat_names():
            await asyncio.sleep(0.05)
        threat = next(t for t in server.fac.rules.threats if t.by == 1)
        await russia.say("all", "No NATO membership for Kyiv.", {"kind": threat.kind, "ref": threat.id})
        await russia.say("nato", "between us: we will not move before spring")
        await russia.say("us", "chat, not a promise")
        while len(server.fac.session.messages()) < 3:
            await asyncio.sleep(0.05)
        secret = next(m for m in server.fac.session.messages() if m.to == "nato")
        await server.control(console, f"leak {secret.id} the papers have it")
        while not server.fac.match.over:
            await server.control(console, "end")
        code = await asyncio.wait_for(terminal, 20)
        done.set()
        text = out.export_text()
        assert code == 0
        assert "⚑ BINDING STATEMENT · week 1 · russia → all" in text
        assert "✉ week 1 · russia → us: chat, not a promise" in text
        assert "⚠ LEAKED: control made a private message public (the papers have it)" in text
        assert "we will not move before spring" in text
        assert "In the background" in text
        assert "THE END" in text and "Week 13 of 12" not in text and "13 of 12" not in text
        ending = server.fac.rules.endings[server.fac.rules.ending_index[server.fac.match.ending]]
        assert ending.title in text
        await close_all(server, russia)

    run(main())


def test_the_host_stays_up_after_the_ending_until_the_white_cell_closes_it(loaded, tmp_path, monkeypatch, capsys):
    import asyncio

    from test_net import join

    from game.commands import host as host_command

    may_quit = threading.Event()
    typed = iter(["end"] * loaded.rules.turns)

    def keyboard() -> str:
        time.sleep(0.05)
        line = next(typed, None)
        if line is None:
            may_quit.wait(20)
            return "quit\n"
        return line + "\n"

    monkeypatch.setattr(host_command, "input_line", keyboard)

    async def main():
        server, _, _ = await hosted(loaded, tmp_path)
        await server.stop()  # ``serve`` starts it itself
        hosting = asyncio.ensure_future(host_command.serve(server, "127.0.0.1", 0, facilitator=True))
        while not server.fac.match.over:
            await asyncio.sleep(0.1)
        await asyncio.sleep(2.5)  # the old host quit 2 s after the ending
        assert not hosting.done()
        url = f"ws://127.0.0.1:{server.addresses[1]}"
        late = await join(url, server.codes["us"])  # a team still reads its last screen
        assert late.view["public"]["over"]
        await late.close()
        may_quit.set()
        assert await asyncio.wait_for(hosting, 10) == 0

    run(main())
    assert "Type 'quit' to close the host." in capsys.readouterr().out


# -- views carry what changed -----------------------------------------------------------------------------------
class RawSeat:
    """A websocket of our own that keeps every frame as sent and rebuilds its view with ``game.play.delta``."""

    def __init__(self, ws):
        self.ws, self.raw, self.view, self.views = ws, [], None, 0

    @classmethod
    async def join(cls, url: str, code: str, seat: str | None = None) -> RawSeat:
        from test_seminar_host import raw

        me = cls(await raw(url, {"code": code, **({"seat": seat} if seat else {})}))
        assert (await me.next())["type"] == "welcome"
        return me

    async def next(self, timeout: float = 5) -> dict:
        import asyncio
        import json

        from game.net.protocol import read_host_frame
        from game.play.delta import patch

        text = await asyncio.wait_for(self.ws.recv(), timeout)
        self.raw.append(text)
        frame = read_host_frame(text)
        if frame["type"] == "view_delta":
            assert frame["base"] == self.views and self.view is not None
            frame = read_host_frame(json.dumps(patch(self.view, frame["delta"])))
        if frame["type"] in ("view", "public_view"):
            self.view, self.views = frame, self.views + 1
        return frame

    async def until(self, test, timeout: float = 5) -> dict:
        while True:
            frame = await self.next(timeout)
            if frame["type"] in ("view", "public_view") and test(frame):
                return frame

    def kinds(self) -> list[str]:
        import json

        return [json.loads(text)["type"] for text in self.raw]


def same_view(a: dict, b: dict) -> bool:
    """Two views alike but for the host's wall-clock time of sending."""
    from test_web import sent_at_any_time

    return sent_at_any_time(a) == sent_at_any_time(b)


def test_a_long_games_update_frames_stay_under_the_budget(loaded, tmp_path):
    """Twelve weeks of long messages, 10 a week: 120 messages, twice the view's window (``MESSAGE_WINDOW``,
    60), so the window is full and slides with every message of the last six weeks, where an update
    that sent the whole window again would pass the budget (20 a week showed nothing more, at twice
    the cost)."""
    import asyncio

    from game.play.events import Say
    from game.play.frames import UPDATE_BUDGET

    async def main():
        server, url, _ = await hosted(loaded, tmp_path, ai={"russia": "historical", "nato": "historical"})
        us = await RawSeat.join(url, server.codes["us"])
        projector = await RawSeat.join(url, server.codes["projector"])
        first = await us.until(lambda v: True)
        await projector.until(lambda v: True)
        whole = len(us.raw[-1])
        watching = asyncio.ensure_future(projector.until(lambda v: v["over"], timeout=30))  # the projector reads on
        game = server.fac.game
        for turn in range(1, loaded.rules.turns + 1):  # twelve weeks, 10 long messages a week: 120 in all
            for i in range(10):
                game.send(Say("russia" if i % 2 else "nato", "all" if i % 3 else "us", f"week {turn} #{i} " + "y" * 300))
                server.publish()
                said = f"week {turn} #{i} "
                await us.until(lambda v, said=said: bool(v["messages"]) and v["messages"][-1]["text"].startswith(said))
            await server.control(white_cell_of(server), "end")
            await us.until(lambda v, t=turn: v["public"]["turn"] > t or v["public"]["over"])
        await watching
        assert game.over and len(game.session.messages()) == 120
        for seat in (us, projector):
            kinds = seat.kinds()
            assert kinds[1] in ("view", "public_view") and kinds.count("view_delta") >= len(kinds) - 3
            updates = [len(text.encode()) for text, kind in zip(seat.raw, kinds) if kind == "view_delta"]
            assert max(updates) < UPDATE_BUDGET, f"an update took {max(updates)} bytes"
        typical = sorted(len(t) for t, k in zip(us.raw, us.kinds()) if k == "view_delta")[len(us.raw) // 2]
        assert 5 * typical < whole, f"a typical update ({typical} bytes) is not much smaller than a view ({whole})"
        assert first["public"]["turn"] == 1 and same_view(us.view, server.seat_view(server.seats[0]))
        assert same_view(projector.view, server.public_view())
        await close_all(server)

    run(main())


def white_cell_of(server):
    from test_net import white_cell

    return white_cell(server)


def test_a_client_that_reconnects_or_asks_gets_a_whole_view(loaded, tmp_path):
    import asyncio
    import json

    from test_net import join

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        us = await RawSeat.join(url, server.codes["us"], seat="Secretary")
        await us.until(lambda v: True)
        russia = await join(url, server.codes["russia"])
        await russia.say("all", "a word for the room")
        await us.until(lambda v: any(m["text"] == "a word for the room" for m in v["messages"]))
        assert us.kinds()[-1] == "view_delta"
        await us.ws.send(json.dumps({"type": "resync"}))  # a client that lost track asks for the whole view
        whole = await us.until(lambda v: True)
        assert us.kinds()[-1] == "view" and same_view(whole, us.view)
        await us.ws.close()
        again = await RawSeat.join(url, server.codes["us"], seat="Secretary")  # a wifi blip: a new connection
        back = await again.until(lambda v: True)
        assert again.kinds()[1] == "view" and any(m["text"] == "a word for the room" for m in back["messages"])
        # brink join's client: after the host drops it, it joins again and its view is whole and current
        client = await join(url, server.codes["us"], seat="Adviser")
        await russia.say("all", "while you were away")
        await asyncio.sleep(0.2)
        server.seats[[s.name for s in server.seats].index("Adviser")].ws.transport.abort()
        view = await client.next_view(timeout=10)
        while not any(m["text"] == "while you were away" for m in view["messages"]) or client.reconnections < 1:
            view = await client.next_view(timeout=10)
        assert same_view(view, server.seat_view(next(s for s in server.seats if s.name == "Adviser")))
        await again.ws.close()
        await close_all(server, client, russia)

    run(main())


def test_hidden_information_never_appears_in_a_delta(loaded, tmp_path):
    import json

    from test_net import Recorder, check_no_leaks, join

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        console = white_cell_of(server)
        us = await RawSeat.join(url, server.codes["us"])
        projector = await RawSeat.join(url, server.codes["projector"])
        await us.until(lambda v: True)
        russia = await join(url, server.codes["russia"])
        await russia.say("nato", "between Moscow and Brussels only")
        await server.control(console, "set invasion_readiness 77.25 the white cell's hidden call")
        await russia.say("us", "for Washington")
        await us.until(lambda v: any(m["text"] == "for Washington" for m in v["messages"]))
        await russia.orders([], seal=True)
        await server.control(console, "end")
        await us.until(lambda v: v["public"]["turn"] == 2)
        await projector.until(lambda v: v["turn"] == 2)
        deltas = [t for t, k in zip(us.raw + projector.raw, us.kinds() + projector.kinds()) if k == "view_delta"]
        assert len(deltas) >= 4
        for text in deltas:
            assert "between Moscow and Brussels" not in text and "77.25" not in text and "hidden call" not in text
        assert "for Washington" not in "".join(t for t, k in zip(projector.raw, projector.kinds()) if k == "view_delta")
        rebuilt = Recorder(url, server.codes["us"])  # the views the deltas rebuilt, checked as any client's views
        rebuilt.welcome = {"role": "us"}
        rebuilt.seen = [json.loads(json.dumps(f)) for f in [us.view]]
        check_no_leaks(server, rebuilt, {}, {"russia>nato": {"between Moscow and Brussels only"}})
        await close_all(server, russia)

    run(main())


# -- the white cell's assistant ------------------------------------------------------------------------------------
async def reply_to(client, line: str) -> dict:
    await client.control(line)
    while True:
        frame = await client.next_frame(timeout=5)
        if frame["type"] == "control_reply" and frame["line"] == line:
            return frame


def test_the_white_cells_assistant_sees_the_public_view_and_uses_only_the_commands_allowed(loaded, tmp_path):
    from test_net import join, white_cell

    async def main():
        server, url, logs = await hosted(loaded, tmp_path, turn_seconds=900)
        console = white_cell(server)
        await server.control(console, "assistant")
        code = server.codes["assistant"]
        assert code in console.console.export_text(clear=False) and "(no secrets)" in console.console.export_text(clear=False)
        russia = await join(url, server.codes["russia"])
        await russia.say("us", "a private word for Washington")
        server.fac.override("invasion_readiness", 77.25, "the white cell's hidden call")
        assistant = await join(url, code, seat="Deputy")
        assert assistant.welcome["kind"] == "assistant" and assistant.view["type"] == "public_view"
        msgs = await reply_to(assistant, "msgs")  # the messages, as the white cell sees them
        assert not msgs["error"] and any("a private word for Washington" in line for line in msgs["lines"])
        await reply_to(assistant, "start")
        paused = await reply_to(assistant, "pause")  # the clock
        assert not paused["error"] and server.fac.clock.state == "paused"
        await settle_view(assistant, lambda v: v["clock_state"]["state"] == "paused")
        for secret in ("state", "orders", "view russia", "seed", "rollback 1 because", "quit"):
            refused = await reply_to(assistant, secret)
            assert refused["error"], secret
        assert not any("77.25" in json.dumps(f) for f in assistant.seen)  # no secret reached it
        await server.control(console, "assistant allow state")  # the white cell lets it see the true state
        state = await reply_to(assistant, "state")
        assert not state["error"] and any("77.2" in line for line in state["lines"])
        await server.control(console, "assistant allow seed")
        assert "stays the white cell's own" in console.console.export_text(clear=False)
        await server.control(console, "assistant deny pause")
        assert (await reply_to(assistant, "resume"))["error"] is False
        assert (await reply_to(assistant, "pause"))["error"]
        await assistant.orders(["video_summit"], seal=True)  # it plays no team
        refused = await wait_error(assistant)
        assert "console commands" in refused["error"] and "us" not in server.fac.match.sealed_roles
        assert any("assistant (Deputy): msgs" in line for line in logs)
        again = GameServer_resume(tmp_path)
        assert "state" in again.assistant_allowed and "pause" not in again.assistant_allowed
        slips = (tmp_path / "slips.html")
        from game.net.room import write_slips

        write_slips(server, slips, say=lambda *a: None)
        assert code not in slips.read_text()  # never on the printed slips
        await close_all(server, russia, assistant)

    run(main())


async def settle_view(client, test):
    while True:
        view = await client.next_view(timeout=5)
        if test(view):
            return view


async def wait_error(client) -> dict:
    while True:
        frame = await client.next_frame(timeout=5)
        if frame["type"] == "error":
            return frame


def GameServer_resume(tmp_path):
    from game.net.server import GameServer

    return GameServer.resume(tmp_path / "host.json")


def test_the_assistant_in_the_terminal(loaded, tmp_path):
    from game.text.lan import run_terminal

    async def main():
        server, url, _ = await hosted(loaded, tmp_path, turn_seconds=900)
        code = server.assistant_code()
        out = Console(record=True, width=140)
        status = await run_terminal(url, code, out, read_line=scripted(["start", "pause", "state", "quit"]))
        text = out.export_text()
        assert status == 0 and "white cell's assistant" in text
        assert server.fac.clock.state == "paused" and "'state' is not allowed for the assistant" in text
        await close_all(server)

    run(main())


def test_a_teams_window_shows_the_hosts_clock_paused_when_it_is(tmp_path, monkeypatch):
    import asyncio

    from test_ui_lan import LIMIT, joined, pump

    from game.ui import theme

    drawn: list[str] = []
    real = theme.text
    monkeypatch.setattr(theme, "text", lambda text, *a, **k: (drawn.append(text), real(text, *a, **k))[1])

    async def play():
        app, server, client = await joined(tmp_path, monkeypatch, "us", {"russia": "historical", "nato": "historical"})
        try:
            clock = server.fac.clock
            clock.default_seconds = 600
            clock.start(1)
            clock.resume()
            clock.pause()
            clock.set_remaining(64)
            server.publish()
            await pump(app, lambda: app.top is not None and app.top.name == "lan-game" and "1:04 paused" in drawn[-400:])
            clock.resume()
            server.publish()
            await pump(app, lambda: any(t in drawn[-200:] for t in ("1:04", "1:03")))
        finally:
            app.close()
            await client.close()
            await server.stop()

    asyncio.run(asyncio.wait_for(play(), LIMIT))


# -- playable actors ---------------------------------------------------------------------------------------------------
def test_a_playable_actor_has_its_own_code_sees_its_informants_picture_and_talks(loaded, tmp_path):
    from test_net import join, white_cell

    from game.play.frames import on_screen

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        rules = server.fac.rules
        assert rules.playable_actors == {"ukraine": "us"} and any("'actor ID'" in n for n in server.notices)
        console = white_cell(server)
        await server.control(console, "actor china")
        assert "not an actor the scenario marks playable" in console.console.export_text(clear=False)
        await server.control(console, "actor ukraine")
        assert server.codes["actor:ukraine"] in console.console.export_text(clear=False)
        us, russia = await join(url, server.codes["us"]), await join(url, server.codes["russia"])
        await russia.say("us", "between Moscow and Washington")
        kyiv = await join(url, server.codes["actor:ukraine"], seat="Zelensky's office")
        assert kyiv.welcome["kind"] == "actor" and kyiv.welcome["role_name"] == "Ukraine"
        view = kyiv.view
        assert view["type"] == "actor_view" and view["informed_by"] == "us"
        us_sees = {v["id"]: v for v in us.view["observation"]["variables"]}
        for v in view["picture"]:  # the US's picture, estimates at screen precision, nothing it does not see
            assert v == us_sees[v["id"]]
            assert v["exact"] == bool(rules.visible[0, rules.var_index[v["id"]]])
            assert v["value"] is None or v["value"] == on_screen(v["value"]) or v["exact"]
        await kyiv.say("us", "We need the Javelins now.")
        said = await settle_seen(us, "We need the Javelins now.")
        assert said["sender"] == "ukraine" and said["seat"] == "Zelensky's office"
        await us.say("ukraine", "They are on the way.")
        await settle_seen(kyiv, "They are on the way.")
        await kyiv.orders(["video_summit"], seal=True)
        refused = await wait_error(kyiv)
        assert "gives no orders" in refused["error"]
        await kyiv.say("all", "a red line", {"kind": "red_line", "ref": "russia_no_membership"})
        assert "binding statement" in (await wait_error(kyiv))["error"]
        assert not any("between Moscow and Washington" in json.dumps(f) for f in kyiv.seen)
        await close_all(server, us, russia, kyiv)

    run(main())


async def settle_seen(client, text: str) -> dict:
    while True:
        view = await client.next_view(timeout=5)
        found = next((m for m in view["messages"] if m["text"] == text), None)
        if found is not None:
            return found


def test_a_playable_actor_in_the_terminal(loaded, tmp_path):
    from game.text.lan import run_terminal

    async def main():
        server, url, _ = await hosted(loaded, tmp_path)
        out = Console(record=True, width=140)
        status = await run_terminal(url, server.actor_code("ukraine"), out,
                                    read_line=scripted(["say us Kyiv asks for guarantees", "orders", "quit"]))
        text = out.export_text()
        assert status == 0 and "Joined as Ukraine" in text and "What us tells you:" in text
        assert [(m.sender, m.to, m.text) for m in server.fac.session.messages()] == [
            ("ukraine", "us", "Kyiv asks for guarantees")]
        await close_all(server)

    run(main())


def test_an_actor_informed_by_an_unknown_role_is_a_clear_error(tmp_path):
    from game.scenario import ScenarioError, load_scenario

    source = (Path(__file__).parent.parent / "scenarios" / "winter-2021.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(source.replace("    informed_by: us\n", "    informed_by: kremlin\n"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(bad))
    text = str(caught.value)
    line = source.splitlines().index("    informed_by: us") + 1
    assert f"bad.yaml:{line}:" in text and "kremlin" in text
